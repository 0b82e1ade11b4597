//! `dsadmin glue diff JOB` and `dsadmin glue push JOB`: Git → Glue from the
//! command line. This module parses, prints, confirms and picks the exit
//! status; the comparison and the push (gate, checks, journal, calls) are
//! [`crate::ops::glue_push`], which the TUI calls too.
//!
//! Output: the unified diff (deployed → Git) goes to stdout, so it can be
//! piped or saved; the summary, the question and errors go to stderr; after
//! a push, what was pushed and tagged is printed on stdout.
//!
//! Exit status: 0 done (or nothing to push); 1 Git, AWS or a push check
//! failed (dirty worktree, ref moved, object changed since the diff) or the
//! prompt was declined; 2 usage or config error (no mapping, bad --path or
//! --ref, no --yes when not interactive); 3 refused because dsadmin is
//! read-only (nothing reaches S3 or Glue).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use crate::cli::args::Cli;
use crate::cli::day2::{confirm_or_exit, GlueCommand};
use crate::cli::error::CliError;
use crate::cli::session::open_ops;
use crate::gitsync::repo::short;
use crate::gitsync::Overrides;
use crate::ops::context::OpsContext;
use crate::ops::glue_push::{plan, push, Plan, PlanError, PushError, COMMIT_TAG};
use crate::settings::Settings;

/// Where to read the script from, replacing the job's mapping in the config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
pub struct GitSource {
    /// The Git repository (a local clone) to read the script from.
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// The script's path inside the repository, e.g. glue/etl.py.
    #[arg(long, value_name = "FILE")]
    pub path: Option<String>,
    /// The branch (its head), tag or commit to read.
    #[arg(long = "ref", value_name = "REF")]
    pub git_ref: Option<String>,
}

impl GitSource {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            repository: self.repo.clone(),
            path: self.path.clone(),
            git_ref: self.git_ref.clone(),
        }
    }
}

/// A Git → Glue subcommand as the command line asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitOp {
    Diff {
        job: String,
        source: GitSource,
    },
    Push {
        job: String,
        source: GitSource,
        yes: bool,
        allow_dirty: bool,
    },
}

impl GitOp {
    pub fn from_command(command: &GlueCommand) -> Option<GitOp> {
        match command {
            GlueCommand::Diff { job, source } => Some(GitOp::Diff {
                job: job.clone(),
                source: source.clone(),
            }),
            GlueCommand::Push {
                job,
                source,
                confirm,
                allow_dirty,
            } => Some(GitOp::Push {
                job: job.clone(),
                source: source.clone(),
                yes: confirm.yes,
                allow_dirty: *allow_dirty,
            }),
            _ => None,
        }
    }
}

/// The lines above the diff: the state and both sides.
pub fn summary(plan: &Plan) -> String {
    let deployed = match &plan.deployed {
        Some(d) => format!(
            "{} (ETag {})",
            plan.location,
            d.etag.as_deref().unwrap_or("-")
        ),
        None => format!("{} (no object)", plan.location),
    };
    let mut out = format!(
        "{}: {}\n  deployed: {deployed}\n  git:      {} in {} (commit {})\n",
        plan.job,
        plan.state.describe(),
        plan.git_label(),
        plan.mapping.repository.display(),
        plan.commit
    );
    if !plan.dirty.is_empty() {
        out.push_str(&format!("  uncommitted: {}\n", plan.dirty.join(", ")));
    }
    out
}

impl From<PlanError> for CliError {
    fn from(e: PlanError) -> Self {
        if e.is_usage() {
            CliError::Usage(e.to_string())
        } else {
            CliError::Failed(e.to_string())
        }
    }
}

/// Runs `glue diff` or `glue push` to completion.
pub fn main(cli: &Cli, settings: &Settings, op: &GitOp) -> Result<(), CliError> {
    let runtime = crate::cli::session::runtime()?;
    match op {
        GitOp::Diff { job, source } => {
            let cloud = runtime.block_on(crate::cli::session::open(cli))?;
            let p = runtime.block_on(plan(&cloud, &settings.git, job, &source.overrides()))?;
            eprint!("{}", summary(&p));
            print!("{}", p.diff);
            Ok(())
        }
        GitOp::Push {
            job,
            source,
            yes,
            allow_dirty,
        } => {
            let ops = runtime.block_on(open_ops(cli, settings))?;
            run_push(&runtime, &ops, settings, job, source, *yes, *allow_dirty)
        }
    }
}

fn run_push(
    runtime: &tokio::runtime::Runtime,
    ops: &OpsContext,
    settings: &Settings,
    job: &str,
    source: &GitSource,
    yes: bool,
    allow_dirty: bool,
) -> Result<(), CliError> {
    let plan = runtime.block_on(plan(&ops.cloud, &settings.git, job, &source.overrides()))?;
    eprint!("{}", summary(&plan));
    print!("{}", plan.diff);
    let _ = io::stdout().flush();
    if plan.deployed.as_ref().map(|d| d.bytes.as_slice()) == Some(plan.blob.as_slice()) {
        println!(
            "{} already holds {} (commit {}): nothing pushed",
            plan.location,
            plan.git_label(),
            plan.commit
        );
        return Ok(());
    }
    // A dirty worktree without --allow-dirty is refused (and journaled) by
    // the push itself: asking first would be a false promise. Read-only
    // asks nothing either (confirm_or_exit): the gate refuses and journals.
    let refused_anyway = !plan.dirty.is_empty() && !allow_dirty;
    if !refused_anyway {
        let question = format!(
            "Push {} from {} to {} and tag Glue job {job} {COMMIT_TAG}={}?",
            plan.git_label(),
            plan.repository_label,
            plan.location,
            short(&plan.commit)
        );
        confirm_or_exit(ops, &question, yes)?;
    }
    match runtime.block_on(push(ops, &plan, allow_dirty)) {
        Ok(done) => {
            let with_id = |id: &Option<String>| {
                id.as_deref()
                    .map_or_else(String::new, |id| format!(", request id {id}"))
            };
            println!(
                "pushed {} (commit {}) to {} (ETag {}{})",
                plan.git_label(),
                done.commit,
                done.location,
                done.etag.as_deref().unwrap_or("-"),
                with_id(&done.request_id)
            );
            let tag_id = done
                .tag_request_id
                .as_deref()
                .map_or_else(String::new, |id| format!(" (request id {id})"));
            println!("tagged Glue job {job} {COMMIT_TAG}={}{tag_id}", done.commit);
            Ok(())
        }
        Err(PushError::Upload(e)) => Err(e.into()),
        Err(e @ PushError::Tag { .. }) => Err(CliError::failed(e.to_string())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::args::CliCommand;
    use crate::cli::day2;
    use clap::Parser;

    fn parse(args: &[&str]) -> Option<GitOp> {
        let cli = Cli::try_parse_from(args).unwrap();
        let command = cli.command.unwrap();
        assert!(day2::from_command(&command).is_none(), "not a day-2 op");
        match command {
            CliCommand::Glue { command } => GitOp::from_command(&command),
            _ => None,
        }
    }

    #[test]
    fn parses_push_and_diff_with_every_flag() {
        let op = parse(&[
            "dsadmin",
            "glue",
            "push",
            "etl",
            "--repo",
            "/src/etl",
            "--path",
            "glue/etl.py",
            "--ref",
            "v1.2",
            "--yes",
            "--allow-dirty",
            "--demo",
        ]);
        assert_eq!(
            op,
            Some(GitOp::Push {
                job: "etl".into(),
                source: GitSource {
                    repo: Some("/src/etl".into()),
                    path: Some("glue/etl.py".into()),
                    git_ref: Some("v1.2".into()),
                },
                yes: true,
                allow_dirty: true,
            })
        );
        assert_eq!(
            parse(&["dsadmin", "glue", "diff", "etl"]),
            Some(GitOp::Diff {
                job: "etl".into(),
                source: GitSource::default(),
            })
        );
        let cli = Cli::try_parse_from(["dsadmin", "glue", "start-run", "etl"]).unwrap();
        match cli.command.unwrap() {
            CliCommand::Glue { command } => assert_eq!(GitOp::from_command(&command), None),
            _ => panic!("not glue"),
        }
        // The job is required.
        assert!(Cli::try_parse_from(["dsadmin", "glue", "push"]).is_err());
    }
}
