//! Day-2 subcommands: `dsadmin glue start-run|stop-run`, `dsadmin crawler
//! start|stop` and `dsadmin ecr scan`. This module only parses, confirms and
//! prints; the operations themselves (gate, validation, journal, calls) are
//! the functions in [`crate::ops::day2`] that the TUI calls too.
//!
//! Exit status: 0 done; 1 the cloud call failed (or the prompt was
//! declined, or the journal could not be written); 2 usage or config error,
//! including "needs --yes when not run interactively"; 3 refused because
//! dsadmin is read-only.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::audit::OpError;
use crate::cli::{Cli, CliCommand};
use crate::ops::context::{open_ops, OpsContext};
use crate::ops::day2;
use crate::policy::EffectClass;
use crate::settings::Settings;

/// Exit status of a read-only refusal: distinct from a failure (1) and a
/// usage error (2) so scripts run by support staff can tell "not allowed"
/// from "broken".
pub const EXIT_REFUSED: u8 = 3;

/// `--yes`, shared by every day-2 subcommand.
#[derive(Debug, Clone, Args)]
pub struct Confirm {
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
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
        source: crate::glue_cli::GitSource,
    },
    /// Upload the job's script from Git to its ScriptLocation (S3) and tag
    /// the job with the commit; shows the diff and asks first. Never changes
    /// the job definition (no UpdateJob).
    Push {
        /// The Glue job's name.
        job: String,
        #[command(flatten)]
        source: crate::glue_cli::GitSource,
        #[command(flatten)]
        confirm: Confirm,
        /// Push even though the repository has uncommitted changes (the
        /// commit's file is pushed, never the worktree's).
        #[arg(long)]
        allow_dirty: bool,
    },
}

/// `dsadmin crawler …`
#[derive(Debug, Clone, Subcommand)]
pub enum CrawlerCommand {
    /// Start a Glue crawler.
    Start {
        /// The crawler's name.
        name: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Stop a running Glue crawler.
    Stop {
        /// The crawler's name.
        name: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// `dsadmin ecr …`
#[derive(Debug, Clone, Subcommand)]
pub enum EcrCommand {
    /// Start a vulnerability scan of one image (StartImageScan).
    Scan {
        /// The ECR repository, e.g. sagemaker-custom/ds-base-py311.
        repository: String,
        /// The image: a tag (v1.4.0) or a digest (sha256:…).
        image: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// One day-2 operation as the command line asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayTwo {
    StartJobRun { job: String },
    StopJobRun { job: String, run_id: String },
    StartCrawler { name: String },
    StopCrawler { name: String },
    StartImageScan { repository: String, image: String },
}

impl DayTwo {
    /// The operation and its `--yes`, if `command` is a day-2 subcommand.
    pub fn from_command(command: &CliCommand) -> Option<(DayTwo, bool)> {
        let s = String::clone;
        Some(match command {
            CliCommand::Glue { command } => match command {
                GlueCommand::StartRun { job, confirm } => {
                    (DayTwo::StartJobRun { job: s(job) }, confirm.yes)
                }
                GlueCommand::StopRun {
                    job,
                    run_id,
                    confirm,
                } => (
                    DayTwo::StopJobRun {
                        job: s(job),
                        run_id: s(run_id),
                    },
                    confirm.yes,
                ),
                // Git → Glue has its own entry point (`glue_cli`).
                GlueCommand::Diff { .. } | GlueCommand::Push { .. } => return None,
            },
            CliCommand::Crawler { command } => match command {
                CrawlerCommand::Start { name, confirm } => {
                    (DayTwo::StartCrawler { name: s(name) }, confirm.yes)
                }
                CrawlerCommand::Stop { name, confirm } => {
                    (DayTwo::StopCrawler { name: s(name) }, confirm.yes)
                }
            },
            CliCommand::Ecr { command } => match command {
                EcrCommand::Scan {
                    repository,
                    image,
                    confirm,
                } => (
                    DayTwo::StartImageScan {
                        repository: s(repository),
                        image: s(image),
                    },
                    confirm.yes,
                ),
            },
            _ => return None,
        })
    }

    /// The confirmation question, naming exactly what will happen.
    pub fn question(&self) -> String {
        match self {
            DayTwo::StartJobRun { job } => format!("Start a run of Glue job {job}?"),
            DayTwo::StopJobRun { job, run_id } => {
                format!("Stop run {run_id} of Glue job {job}?")
            }
            DayTwo::StartCrawler { name } => format!("Start crawler {name}?"),
            DayTwo::StopCrawler { name } => format!("Stop crawler {name}?"),
            DayTwo::StartImageScan { repository, image } => {
                format!("Start an image scan of {}?", image_ref(repository, image))
            }
        }
    }

    /// Runs the operation and returns the line to print on success.
    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        let with_id = |line: String, request_id: Option<String>| match request_id {
            Some(id) => format!("{line} (request id {id})"),
            None => line,
        };
        Ok(match self {
            DayTwo::StartJobRun { job } => {
                let done = day2::start_job_run(ops, job).await?;
                with_id(
                    format!("started run {} of {job}", done.value),
                    done.request_id,
                )
            }
            DayTwo::StopJobRun { job, run_id } => {
                let done = day2::stop_job_run(ops, job, run_id).await?;
                with_id(format!("stopping run {run_id} of {job}"), done.request_id)
            }
            DayTwo::StartCrawler { name } => {
                let done = day2::start_crawler(ops, name).await?;
                with_id(format!("started crawler {name}"), done.request_id)
            }
            DayTwo::StopCrawler { name } => {
                let done = day2::stop_crawler(ops, name).await?;
                with_id(format!("stopping crawler {name}"), done.request_id)
            }
            DayTwo::StartImageScan { repository, image } => {
                let done = day2::start_image_scan(ops, repository, image).await?;
                with_id(
                    format!(
                        "started scan of {}: {}",
                        image_ref(repository, image),
                        done.value
                    ),
                    done.request_id,
                )
            }
        })
    }
}

/// `repo:tag` or `repo@sha256:…`, as docker spells them.
fn image_ref(repository: &str, image: &str) -> String {
    if day2::is_digest(image) {
        format!("{repository}@{image}")
    } else {
        format!("{repository}:{image}")
    }
}

/// What the confirmation step decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    Proceed,
    Declined,
    /// No `--yes` and nobody at a terminal to ask.
    NeedsYes,
}

/// `--yes` proceeds; a terminal on stdin is asked `question [y/N]` (on
/// stderr, so stdout stays the result); otherwise nobody can answer.
pub fn confirm(
    question: &str,
    yes: bool,
    interactive: bool,
    input: &mut impl BufRead,
    prompt: &mut impl Write,
) -> io::Result<Confirmation> {
    if yes {
        return Ok(Confirmation::Proceed);
    }
    if !interactive {
        return Ok(Confirmation::NeedsYes);
    }
    write!(prompt, "{question} [y/N] ")?;
    prompt.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Confirmation::Proceed,
        _ => Confirmation::Declined,
    })
}

/// Runs one day-2 subcommand to completion: the entry point from `main`.
pub fn main(cli: &Cli, settings: &Settings, op: &DayTwo, yes: bool) -> ExitCode {
    let (runtime, ops) = match open(cli, settings) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    if let Err(code) = confirm_or_exit(&ops, &op.question(), yes) {
        return code;
    }
    match runtime.block_on(op.run(&ops)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dsadmin: {e}");
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The confirmation step of every changing subcommand: `Ok` to go on, or
/// the exit status after saying why nothing was changed.
///
/// Read-only: no question to ask, since the answer could not matter; the
/// operation goes straight to the gate, which refuses and journals.
pub fn confirm_or_exit(ops: &OpsContext, question: &str, yes: bool) -> Result<(), ExitCode> {
    if !ops.policy.allows(EffectClass::Mutate) {
        return Ok(());
    }
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    match confirm(
        question,
        yes,
        interactive,
        &mut stdin.lock(),
        &mut io::stderr(),
    ) {
        Ok(Confirmation::Proceed) => Ok(()),
        Ok(Confirmation::Declined) => {
            eprintln!("dsadmin: cancelled; nothing was changed");
            Err(ExitCode::FAILURE)
        }
        Ok(Confirmation::NeedsYes) => {
            eprintln!(
                "dsadmin: needs --yes when not run interactively (it would ask: {question}); nothing was changed"
            );
            Err(ExitCode::from(2))
        }
        Err(e) => {
            eprintln!("dsadmin: cannot read the answer: {e}; nothing was changed");
            Err(ExitCode::FAILURE)
        }
    }
}

/// The runtime and the operations context, or the exit status after saying
/// why they could not be set up (nothing attempted or journaled).
pub fn open(
    cli: &Cli,
    settings: &Settings,
) -> Result<(tokio::runtime::Runtime, OpsContext), ExitCode> {
    let runtime = crate::backend::runtime()?;
    match runtime.block_on(open_ops(cli, settings)) {
        Ok(ops) => Ok((runtime, ops)),
        Err(e) => {
            eprintln!("dsadmin: {e}");
            Err(ExitCode::from(e.exit_code()))
        }
    }
}

/// 3 for a refusal, 1 for everything else that went wrong.
pub fn exit_code(err: &OpError) -> u8 {
    match err {
        OpError::Refused(_) => EXIT_REFUSED,
        _ => 1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> (DayTwo, bool, Cli) {
        let cli = Cli::try_parse_from(args).unwrap();
        let (op, yes) = DayTwo::from_command(cli.command.as_ref().unwrap()).unwrap();
        (op, yes, cli)
    }

    #[test]
    fn parses_every_subcommand_with_global_flags_anywhere() {
        let (op, yes, cli) = parse(&["dsadmin", "glue", "start-run", "etl", "--yes", "--demo"]);
        assert_eq!(op, DayTwo::StartJobRun { job: "etl".into() });
        assert!(yes && cli.demo);
        let (op, yes, cli) = parse(&["dsadmin", "--read-only", "glue", "stop-run", "etl", "jr_1"]);
        assert_eq!(
            op,
            DayTwo::StopJobRun {
                job: "etl".into(),
                run_id: "jr_1".into()
            }
        );
        assert!(!yes && cli.read_only);
        let (op, _, cli) = parse(&["dsadmin", "crawler", "start", "raw", "--profile", "p"]);
        assert_eq!(op, DayTwo::StartCrawler { name: "raw".into() });
        assert_eq!(cli.profile.as_deref(), Some("p"));
        let (op, yes, _) = parse(&["dsadmin", "crawler", "stop", "-y", "raw"]);
        assert_eq!(op, DayTwo::StopCrawler { name: "raw".into() });
        assert!(yes);
        let (op, _, cli) = parse(&[
            "dsadmin",
            "ecr",
            "scan",
            "team/img",
            "v1",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--config",
            "/tmp/c.toml",
        ]);
        assert_eq!(
            op,
            DayTwo::StartImageScan {
                repository: "team/img".into(),
                image: "v1".into()
            }
        );
        assert_eq!(cli.endpoint_url.as_deref(), Some("http://127.0.0.1:1"));
        assert!(cli.config.is_some());
    }

    #[test]
    fn confirmation() {
        let ask = |yes, interactive, answer: &str| {
            let mut prompt = Vec::new();
            let c = confirm(
                "Start crawler raw?",
                yes,
                interactive,
                &mut answer.as_bytes(),
                &mut prompt,
            )
            .unwrap();
            (c, String::from_utf8(prompt).unwrap())
        };
        assert_eq!(ask(true, false, ""), (Confirmation::Proceed, String::new()));
        assert_eq!(ask(false, false, "y\n").0, Confirmation::NeedsYes);
        let (c, prompt) = ask(false, true, "y\n");
        assert_eq!(c, Confirmation::Proceed);
        assert_eq!(prompt, "Start crawler raw? [y/N] ");
        assert_eq!(ask(false, true, "YES\n").0, Confirmation::Proceed);
        assert_eq!(ask(false, true, "\n").0, Confirmation::Declined);
        assert_eq!(ask(false, true, "no\n").0, Confirmation::Declined);
        assert_eq!(ask(false, true, "").0, Confirmation::Declined);
    }

    #[test]
    fn questions_and_image_refs() {
        assert_eq!(
            DayTwo::StartJobRun { job: "x".into() }.question(),
            "Start a run of Glue job x?"
        );
        assert_eq!(image_ref("r", "v1"), "r:v1");
        assert_eq!(image_ref("r", "sha256:ab"), "r@sha256:ab");
    }
}
