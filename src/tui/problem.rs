//! What went wrong on screen: a load, a job, a switch of profile. Panes show
//! it, `:errors` lists it with its code. Most are cloud errors; the rest
//! (reading the Git repository or the journal, an op that stopped on its own
//! check, dsadmin's own bug) are named for what they are instead of being
//! dressed up as an AWS error code.

use thiserror::Error;

use crate::audit::{Failure, OpError};
use crate::cloud::CloudError;
use crate::ops::glue_push::PlanError;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum Problem {
    /// A call AWS refused or that could not be made.
    #[error(transparent)]
    Cloud(#[from] CloudError),
    /// An op that did not end as asked although no call was refused.
    #[error(transparent)]
    Failed(#[from] Failure),
    /// The Git repository could not be read (a diff, a push plan).
    #[error("{0}")]
    Git(String),
    /// The config does not say how to do it (a job with no Git mapping).
    #[error("{0}")]
    Config(String),
    /// The audit journal could not be read or written.
    #[error("{0}")]
    Journal(String),
    /// A load answered with rows of another kind: a bug in dsadmin.
    #[error("dsadmin bug: {0}")]
    Internal(String),
}

impl Problem {
    /// The code `:errors` shows: the AWS error code, else the kind.
    pub fn code(&self) -> &str {
        match self {
            Problem::Cloud(e) => e.code(),
            Problem::Failed(f) => f.code(),
            Problem::Git(_) => "Git",
            Problem::Config(_) => "Config",
            Problem::Journal(_) => "AuditJournal",
            Problem::Internal(_) => "Internal",
        }
    }

    /// Whether nothing can work until the user renews or provides credentials.
    pub fn is_credentials(&self) -> bool {
        matches!(self, Problem::Cloud(e) if e.is_credentials())
    }
}

impl From<OpError> for Problem {
    fn from(e: OpError) -> Self {
        match e {
            OpError::Cloud(e) => Problem::Cloud(e),
            OpError::Failed(f) => Problem::Failed(f),
            // A refusal is not kept in `:errors` (the journal has it), but
            // when one arrives here it says what it is.
            other @ OpError::Refused(_) => Problem::Internal(other.to_string()),
            other @ (OpError::NotRecorded(_) | OpError::SucceededUnrecorded { .. }) => {
                Problem::Journal(other.to_string())
            }
        }
    }
}

impl From<PlanError> for Problem {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Cloud(e) => Problem::Cloud(e),
            PlanError::Git(e) => Problem::Git(e.to_string()),
            other => Problem::Config(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_the_kind_and_only_cloud_credentials_block_the_tabs() {
        let expired = Problem::from(CloudError::ExpiredCredentials {
            profile: "p".into(),
        });
        assert_eq!(expired.code(), "ExpiredToken");
        assert!(expired.is_credentials());
        let dirty = Problem::from(OpError::Failed(Failure::DirtyWorktree("x".into())));
        assert_eq!(dirty.code(), "DirtyWorktree");
        assert!(!dirty.is_credentials());
        assert_eq!(Problem::Git("bad ref".into()).to_string(), "bad ref");
        assert_eq!(Problem::Journal("j".into()).code(), "AuditJournal");
    }
}
