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

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::act::{confirm, exit_code, Confirmation, GlueCommand};
use crate::cli::Cli;
use crate::gitsync::repo::short;
use crate::gitsync::Overrides;
use crate::ops::context::open_ops;
use crate::ops::glue_push::{plan, push, Plan, PlanError, PushError, COMMIT_TAG};
use crate::policy::EffectClass;
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

fn fail(message: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("dsadmin: {message}");
    ExitCode::from(code)
}

fn plan_failed(e: &PlanError) -> ExitCode {
    fail(e, if e.is_usage() { 2 } else { 1 })
}

/// Runs `glue diff` or `glue push` to completion: the entry point from `main`.
pub fn main(cli: &Cli, settings: &Settings, op: &GitOp) -> ExitCode {
    let runtime = match crate::backend::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    match op {
        GitOp::Diff { job, source } => {
            let cloud = match runtime.block_on(crate::backend::open(cli)) {
                Ok(c) => c,
                Err(e) => return fail(e, 1),
            };
            match runtime.block_on(plan(&cloud, &settings.git, job, &source.overrides())) {
                Ok(p) => {
                    eprint!("{}", summary(&p));
                    print!("{}", p.diff);
                    ExitCode::SUCCESS
                }
                Err(e) => plan_failed(&e),
            }
        }
        GitOp::Push {
            job,
            source,
            yes,
            allow_dirty,
        } => runtime.block_on(run_push(cli, settings, job, source, *yes, *allow_dirty)),
    }
}

async fn run_push(
    cli: &Cli,
    settings: &Settings,
    job: &str,
    source: &GitSource,
    yes: bool,
    allow_dirty: bool,
) -> ExitCode {
    let ops = match open_ops(cli, settings).await {
        Ok(ops) => ops,
        Err(e) => return fail(&e, e.exit_code()),
    };
    let plan = match plan(&ops.cloud, &settings.git, job, &source.overrides()).await {
        Ok(p) => p,
        Err(e) => return plan_failed(&e),
    };
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
        return ExitCode::SUCCESS;
    }
    // Read-only: no question, since the answer could not matter; the gate
    // refuses and journals. A dirty worktree without --allow-dirty is refused
    // (and journaled) by the push itself: asking first would be a false promise.
    let refused_anyway = !plan.dirty.is_empty() && !allow_dirty;
    if ops.policy.allows(EffectClass::Mutate) && !refused_anyway {
        let question = format!(
            "Push {} from {} to {} and tag Glue job {job} {COMMIT_TAG}={}?",
            plan.git_label(),
            plan.repository_label,
            plan.location,
            short(&plan.commit)
        );
        let stdin = io::stdin();
        let interactive = stdin.is_terminal();
        match confirm(&question, yes, interactive, &mut stdin.lock(), &mut io::stderr()) {
            Ok(Confirmation::Proceed) => {}
            Ok(Confirmation::Declined) => return fail("cancelled; nothing was changed", 1),
            Ok(Confirmation::NeedsYes) => {
                return fail(
                    format!("needs --yes when not run interactively (it would ask: {question}); nothing was changed"),
                    2,
                )
            }
            Err(e) => return fail(format!("cannot read the answer: {e}; nothing was changed"), 1),
        }
    }
    match push(&ops, &plan, allow_dirty).await {
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
            ExitCode::SUCCESS
        }
        Err(PushError::Upload(e)) => fail(&e, exit_code(&e)),
        Err(e @ PushError::Tag { .. }) => fail(&e, 1),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::act::DayTwo;
    use crate::cli::CliCommand;
    use clap::Parser;

    fn parse(args: &[&str]) -> Option<GitOp> {
        let cli = Cli::try_parse_from(args).unwrap();
        let command = cli.command.unwrap();
        assert!(DayTwo::from_command(&command).is_none(), "not a day-2 op");
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
