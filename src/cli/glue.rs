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

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::day2::{confirm_or_exit, Confirm};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
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

/// `dsadmin glue …`
#[derive(Debug, Clone, Subcommand)]
pub enum GlueCommand {
    /// Start a run of a Glue job and print its run id.
    StartRun {
        /// The Glue job's name.
        job: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Stop a running Glue job run (BatchStopJobRun).
    StopRun {
        /// The Glue job's name.
        job: String,
        /// The run to stop, e.g. jr_0123… (see `dsadmin get runs --job JOB`).
        run_id: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Compare a job's deployed script with its file in Git and print the
    /// unified diff (deployed → Git) on stdout; read-only.
    Diff {
        /// The Glue job's name.
        job: String,
        #[command(flatten)]
        source: GitSource,
    },
    /// Upload the job's script from Git to its ScriptLocation (S3) and tag
    /// the job with the commit; shows the diff and asks first. Never changes
    /// the job definition (no UpdateJob).
    Push {
        /// The Glue job's name.
        job: String,
        #[command(flatten)]
        source: GitSource,
        #[command(flatten)]
        confirm: Confirm,
        /// Push even though the repository has uncommitted changes (the
        /// commit's file is pushed, never the worktree's).
        #[arg(long)]
        allow_dirty: bool,
    },
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
pub fn main(cli: &GlobalArgs, settings: &Settings, op: &GitOp) -> Result<(), CliError> {
    let runtime = crate::cli::session::runtime()?;
    match op {
        GitOp::Diff { job, source } => {
            let cloud = runtime.block_on(crate::cli::session::open(cli))?;
            let p = runtime.block_on(plan(&cloud, &settings.git, job, &source.overrides()))?;
            output::warn_raw(&summary(&p));
            output::print(&p.diff)?;
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
    output::warn_raw(&summary(&plan));
    output::print(&plan.diff)?;
    if plan.deployed.as_ref().map(|d| d.bytes.as_slice()) == Some(plan.blob.as_slice()) {
        output::say(&format!(
            "{} already holds {} (commit {}): nothing pushed",
            plan.location,
            plan.git_label(),
            plan.commit
        ))?;
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
            output::say(&format!(
                "pushed {} (commit {}) to {} (ETag {}{})",
                plan.git_label(),
                done.commit,
                done.location,
                done.etag.as_deref().unwrap_or("-"),
                with_id(&done.request_id)
            ))?;
            let tag_id = done
                .tag_request_id
                .as_deref()
                .map_or_else(String::new, |id| format!(" (request id {id})"));
            output::say(&format!(
                "tagged Glue job {job} {COMMIT_TAG}={}{tag_id}",
                done.commit
            ))?;
            Ok(())
        }
        Err(PushError::Upload(e)) => Err(e.into()),
        Err(e @ PushError::Tag { .. }) => Err(CliError::failed(e.to_string())),
    }
}
