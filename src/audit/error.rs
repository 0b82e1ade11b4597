//! What an operation can fail with, as the one `journaled` path reports it
//! and the journal records it (its `code()` is the record's code).

use crate::cloud::CloudError;
use crate::policy::Refused;

use super::AuditError;

/// An operation's failure.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The policy gate said no (and the refusal was journaled, if it could be).
    #[error(transparent)]
    Refused(#[from] Refused),
    /// AWS said no; the failure is journaled.
    #[error(transparent)]
    Cloud(#[from] CloudError),
    /// No call was refused, but the op did not end as asked: see [`Failure`].
    #[error(transparent)]
    Failed(#[from] Failure),
    /// The "started" record could not be written, so nothing was attempted.
    #[error("not attempted: {0}")]
    NotRecorded(AuditError),
    /// The call succeeded but its "finished" record could not be written;
    /// reported as an error because success must never be reported unrecorded.
    #[error("{action} on {target} succeeded, but recording it failed: {source}")]
    SucceededUnrecorded {
        action: &'static str,
        target: String,
        source: AuditError,
    },
}

impl OpError {
    /// A short code for the journal and `:errors`: the AWS error code for a
    /// cloud failure, the failure's own name otherwise.
    pub fn code(&self) -> &str {
        match self {
            OpError::Refused(_) => "Refused",
            OpError::Cloud(e) => e.code(),
            OpError::Failed(f) => f.code(),
            OpError::NotRecorded(_) | OpError::SucceededUnrecorded { .. } => "AuditJournal",
        }
    }

    /// Whether the change may have happened although no answer said so.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, OpError::Cloud(CloudError::OutcomeUnknown { .. }))
    }
}

/// An op that stopped without AWS refusing a call: the resource it changed
/// ended in a failed state or did not settle in time, a check made before
/// any write found the world moved, or a change over many resources was
/// only partly done. These are not cloud errors, so they are not spelled as
/// one: each has its own name, which the journal records as its code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    /// AWS accepted the change and the resource then reported a failed
    /// status (`Delete_Failed`, an endpoint `Failed` …).
    #[error("{what} is {status}{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    EndedFailed {
        what: String,
        status: String,
        reason: Option<String>,
    },
    /// The resource still had `status` after every check the op makes.
    #[error("{what} is still {status} after {checks} checks{}", hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    StillPending {
        what: String,
        status: String,
        checks: u32,
        hint: Option<String>,
    },
    /// The Git repository could not be read.
    #[error("{0}")]
    Git(String),
    /// The Git ref moved since the diff was made.
    #[error("{0}")]
    RefMoved(String),
    /// The worktree has uncommitted changes and they were not allowed.
    #[error("{0}")]
    DirtyWorktree(String),
    /// The deployed object changed since the diff was made (found by our
    /// own check, or S3 refused the conditional write).
    #[error("{0}")]
    ChangedSinceDiff(String),
    /// Some of the resources changed, some not; the line names both.
    #[error("{0}")]
    PartlyDone(String),
}

impl Failure {
    pub fn code(&self) -> &'static str {
        match self {
            Failure::EndedFailed { .. } => "EndedFailed",
            Failure::StillPending { .. } => "WaitTimedOut",
            Failure::Git(_) => "Git",
            Failure::RefMoved(_) => "RefMoved",
            Failure::DirtyWorktree(_) => "DirtyWorktree",
            Failure::ChangedSinceDiff(_) => crate::cloud::PRECONDITION_FAILED,
            Failure::PartlyDone(_) => "PartlyDone",
        }
    }
}
