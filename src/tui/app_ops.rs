//! What the app's operations run with: the policy gate (rebuilt whenever
//! the identity or the profile/region changes, since a profile or account
//! can be read-only on its own), the audit context, and the journal, opened
//! by the first op that needs it. No screen state: jobs take a clone.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::audit::{AuditContext, Journal, OpError};
use crate::cloud::Cloud;
use crate::ops::context::OpsContext;
use crate::ops::op::Op;
use crate::policy::Policy;

/// The gate, the audit context and the journal for the app's ops.
#[derive(Clone)]
pub struct AppOps {
    pub policy: Policy,
    pub audit: AuditContext,
    journal: Arc<JournalCell>,
}

/// The journal, opened by the first op that needs it: a session that only
/// looks never creates the file, and opening (with its fsync) happens in a
/// job, not on the event loop. Shared by every op and kept across
/// `:profile` switches (the path does not depend on the profile).
struct JournalCell {
    path: Option<PathBuf>,
    open: Mutex<Option<Arc<Journal>>>,
}

/// Why an op did not run or did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Op(#[from] OpError),
    #[error(
        "not attempted: no audit journal path (there is no home directory for the default): set [audit] path in the config file"
    )]
    NoJournalPath,
}

impl AppOps {
    pub fn new(policy: Policy, audit: AuditContext, journal_path: Option<PathBuf>) -> Self {
        Self {
            policy,
            audit,
            journal: Arc::new(JournalCell {
                path: journal_path,
                open: Mutex::new(None),
            }),
        }
    }

    /// The same journal, a new gate and context (identity or profile changed).
    pub fn rebuilt(&self, policy: Policy, audit: AuditContext) -> Self {
        Self {
            policy,
            audit,
            journal: self.journal.clone(),
        }
    }

    fn journal(&self) -> Result<Arc<Journal>, RunError> {
        // A poisoned lock only means an opener panicked; the slot is still usable.
        let mut slot = self.journal.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(j) = slot.as_ref() {
            return Ok(j.clone());
        }
        let path = self.journal.path.as_ref().ok_or(RunError::NoJournalPath)?;
        let journal = Arc::new(Journal::open(path).map_err(OpError::NotRecorded)?);
        *slot = Some(journal.clone());
        Ok(journal)
    }

    /// The context a flow's ops run with (opens the journal on first use).
    pub fn context(&self, cloud: Cloud) -> Result<OpsContext, RunError> {
        Ok(OpsContext {
            cloud,
            policy: self.policy.clone(),
            journal: self.journal()?,
            audit: self.audit.clone(),
        })
    }

    /// Journals the gate's refusal of `effect` and returns its message;
    /// `None` when the gate allows it.
    pub fn refuse(&self, effect: &crate::policy::Effect) -> Option<String> {
        let refused = self.policy.check(effect).err()?;
        match self.journal() {
            Ok(journal) => {
                if let Err(e) = crate::audit::gate(&journal, &self.audit, &self.policy, effect) {
                    return Some(e.to_string());
                }
            }
            Err(err) => tracing::error!("cannot journal a refusal: {err}"),
        }
        Some(refused.to_string())
    }

    /// Runs `op` through the gate and the journal. Without a journal a
    /// read-only refusal still comes back as the refusal (refusing is safe
    /// either way); anything else is not attempted.
    pub async fn run(&self, cloud: Cloud, op: &Op) -> Result<String, RunError> {
        let journal = match self.journal() {
            Ok(j) => j,
            Err(err) => {
                if let Err(refused) = self.policy.check(&op.effect()) {
                    tracing::error!("cannot journal a refusal: {err}");
                    return Err(OpError::Refused(refused).into());
                }
                return Err(err);
            }
        };
        let ctx = OpsContext {
            cloud,
            policy: self.policy.clone(),
            journal,
            audit: self.audit.clone(),
        };
        Ok(op.run(&ctx).await?)
    }
}
