//! The CLI's one error type, which owns the exit statuses:
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | done, or the reader closed the pipe (`dsadmin get users \| head`) |
//! | 1 | AWS (or the demo estate) said no, or the change failed |
//! | 2 | usage or configuration: a bad argument, file or name, a missing `--yes` |
//! | 3 | refused because dsadmin is read-only |
//!
//! Every subcommand returns `Result<(), CliError>`; `cli::run` reports the
//! error once, as `dsadmin: …` on stderr, and exits with its status.

use std::io;
use std::process::ExitCode;

use crate::audit::OpError;
use crate::cloud::open::OpenError;
use crate::cloud::CloudError;

/// Exit status of a read-only refusal: distinct from a failure (1) and a
/// usage error (2) so scripts run by support staff can tell "not allowed"
/// from "broken".
pub const EXIT_REFUSED: u8 = 3;

/// Exit status of a run over several accounts where some did not answer
/// (their role could not be assumed, their calls were refused …): the
/// others' output is there, and stderr names the missing ones.
pub const EXIT_SOME_ACCOUNTS: u8 = 4;

/// Why a subcommand did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A missing, unknown or malformed argument, a file that cannot be read,
    /// a config problem, no `--yes` without a terminal: exit 2.
    #[error("{0}")]
    Usage(String),
    /// The cloud refused or failed, or the operation did: exit 1.
    #[error("{0}")]
    Failed(String),
    /// Refused by the read-only gate (journaled): exit 3.
    #[error("{0}")]
    Refused(String),
    /// Writing the output failed: exit 1; a closed pipe exits 0, silently.
    #[error("cannot write the output: {0}")]
    Io(#[from] io::Error),
    /// Already said on the terminal (a summary naming the rows that
    /// failed): only the status is left to give.
    #[error("")]
    Reported(u8),
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn failed(message: impl Into<String>) -> Self {
        CliError::Failed(message.into())
    }

    /// The process's exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
            CliError::Refused(_) => EXIT_REFUSED,
            // `dsadmin get users | head` closes the pipe early: that is the
            // reader's choice, not a failure.
            CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            CliError::Io(_) => 1,
            CliError::Reported(code) => *code,
        }
    }

    /// Says the error on stderr (unless there is nothing to say) and
    /// returns the exit status.
    pub fn report(&self) -> ExitCode {
        let code = self.exit_code();
        if code != 0 && !matches!(self, CliError::Reported(_)) {
            crate::cli::output::warn(&format!("dsadmin: {self}"));
        }
        ExitCode::from(code)
    }
}

/// The status an operation's failure exits with: 3 for a refusal, else 1.
/// For subcommands that report each row's outcome themselves (onboarding
/// from a file, offboarding).
pub fn op_exit_code(err: &OpError) -> u8 {
    match err {
        OpError::Refused(_) => EXIT_REFUSED,
        _ => 1,
    }
}

/// A subcommand's result as the process's exit status.
pub fn exit(result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

impl From<OpError> for CliError {
    fn from(e: OpError) -> Self {
        match e {
            OpError::Refused(_) => CliError::Refused(e.to_string()),
            _ => CliError::Failed(e.to_string()),
        }
    }
}

impl From<CloudError> for CliError {
    fn from(e: CloudError) -> Self {
        CliError::Failed(e.to_string())
    }
}

impl From<OpenError> for CliError {
    fn from(e: OpenError) -> Self {
        CliError::Failed(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_status() {
        // Usage, a cloud error and a closed pipe: `cli::get`'s `exit_codes`.
        assert_eq!(CliError::failed("x").exit_code(), 1);
        assert_eq!(CliError::Refused("x".into()).exit_code(), 3);
        assert_eq!(CliError::Reported(1).exit_code(), 1);
        let full = io::Error::other("disk full");
        assert_eq!(CliError::from(full).exit_code(), 1);
        assert_eq!(
            CliError::from(crate::cli::session::OpsOpenError::NoJournalPath).exit_code(),
            2,
            "no journal path is a configuration problem"
        );
    }
}
