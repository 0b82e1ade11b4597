//! Day-2 subcommands: `dsadmin glue start-run|stop-run`, `dsadmin crawler
//! start|stop` and `dsadmin ecr scan`. This module only parses, confirms and
//! prints; each subcommand is an [`Op`] (gate, validation, journal, calls),
//! the same one a TUI key runs.
//!
//! Exit status: 0 done; 1 the cloud call failed (or the prompt was
//! declined, or the journal could not be written); 2 usage or config error,
//! including a malformed name and "needs --yes when not run interactively";
//! 3 refused because dsadmin is read-only.

use std::io::{self, BufRead, IsTerminal, Write};

use clap::{Args, Subcommand};

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::session::open_ops;
use crate::ops::context::OpsContext;
use crate::ops::op::Op;
use crate::policy::EffectClass;
use crate::settings::Settings;

/// `--yes`, shared by every day-2 subcommand.
#[derive(Debug, Clone, Args)]
pub struct Confirm {
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
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

/// Runs one day-2 subcommand to completion.
pub fn main(cli: &GlobalArgs, settings: &Settings, op: &Op, yes: bool) -> Result<(), CliError> {
    op.check_names()
        .map_err(|e| CliError::usage(format!("{e}; nothing was sent")))?;
    let (runtime, ops) = open(cli, settings)?;
    confirm_or_exit(&ops, &op.question(), yes)?;
    let line = runtime.block_on(op.run(&ops))?;
    crate::cli::output::say(&line)?;
    Ok(())
}

/// The confirmation step of every changing subcommand: `Ok` to go on, or
/// why nothing was changed.
///
/// Read-only: no question to ask, since the answer could not matter; the
/// operation goes straight to the gate, which refuses and journals.
pub fn confirm_or_exit(ops: &OpsContext, question: &str, yes: bool) -> Result<(), CliError> {
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
        Ok(Confirmation::Declined) => Err(CliError::failed("cancelled; nothing was changed")),
        Ok(Confirmation::NeedsYes) => Err(CliError::usage(format!(
            "needs --yes when not run interactively (it would ask: {question}); nothing was changed"
        ))),
        Err(e) => Err(CliError::failed(format!(
            "cannot read the answer: {e}; nothing was changed"
        ))),
    }
}

/// The runtime and the operations context, or why they could not be set
/// up (nothing attempted or journaled).
pub fn open(
    cli: &GlobalArgs,
    settings: &Settings,
) -> Result<(tokio::runtime::Runtime, OpsContext), CliError> {
    let runtime = crate::cli::session::runtime()?;
    let ops = runtime.block_on(open_ops(cli, settings))?;
    Ok((runtime, ops))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
