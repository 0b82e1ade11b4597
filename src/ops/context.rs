//! What every operation needs besides its arguments: the cloud, the policy
//! gate, the journal and who is acting where. Built once per CLI invocation
//! (and, later, once per TUI session and `:profile` switch).

use std::sync::Arc;

use crate::audit::{AuditContext, AuditError, Journal};
use crate::cli::Cli;
use crate::cloud::{Cloud, CloudError};
use crate::policy::Policy;
use crate::settings::{default_audit_path, Settings};

/// The cloud, the gate, the journal and the audit context, together, so an
/// operation cannot be called with one of them missing.
#[derive(Clone)]
pub struct OpsContext {
    pub cloud: Cloud,
    pub policy: Policy,
    pub journal: Arc<Journal>,
    pub audit: AuditContext,
}

/// Why the operations could not be set up; nothing was attempted or journaled.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Cloud(#[from] CloudError),
    /// Identification failed while a read-only `[[environments]]` entry
    /// names an account: without the account we cannot tell whether this
    /// one is read-only, and guessing "no" could change production.
    #[error(
        "cannot tell whether this account is read-only (an [[environments]] entry is read_only = true for an account id), because identifying the caller failed: {0}"
    )]
    Unidentified(CloudError),
    #[error(
        "no audit journal: set [audit] path in the config file (there is no home directory for the default)"
    )]
    NoJournalPath,
    #[error(transparent)]
    Journal(#[from] AuditError),
}

impl OpenError {
    /// 2 for a configuration problem (like clap's usage errors), else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            OpenError::NoJournalPath => 2,
            _ => 1,
        }
    }
}

/// Opens the cloud the command line names, identifies the caller, builds
/// the gate and opens the journal.
pub async fn open_ops(cli: &Cli, settings: &Settings) -> Result<OpsContext, OpenError> {
    let cloud = crate::backend::open(cli).await?;
    let identity = cloud.identity.caller_identity().await;
    let (account, caller_arn) = match &identity {
        Ok(id) => (Some(id.account.clone()), Some(id.arn.clone())),
        Err(err) => {
            // Not fatal by itself: a support user in read-only mode must get
            // the refusal (journaled), not a credentials error, and with
            // read-write the operation's own call reports the same problem
            // and is journaled as failed.
            tracing::warn!("cannot identify the caller: {err}");
            (None, None)
        }
    };
    let profile = cloud.context.profile.clone();
    let policy = Policy::from_settings(settings, cli.read_only, account.as_deref(), &profile);
    if let Err(err) = identity {
        let account_rule = settings
            .environments
            .iter()
            .any(|e| e.read_only && is_account_id(&e.matches));
        if !policy.is_read_only() && account_rule {
            return Err(OpenError::Unidentified(err));
        }
    }
    let path = settings
        .audit
        .path
        .clone()
        .or_else(default_audit_path)
        .ok_or(OpenError::NoJournalPath)?;
    let journal = Arc::new(Journal::open(path)?);
    let audit = AuditContext {
        caller_arn,
        profile,
        region: cloud.context.region.clone(),
        account,
    };
    Ok(OpsContext {
        cloud,
        policy,
        journal,
        audit,
    })
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("ds-sandbox"));
        assert!(!is_account_id("11112222333"));
    }
}
