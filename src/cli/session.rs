//! The one place the CLI starts the async runtime, opens the cloud the
//! command line names, and builds the operations' context (gate, journal,
//! audit context) from it.

use std::sync::Arc;

use crate::audit::{AuditContext, AuditError, Journal};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::AwsOptions;
use crate::cloud::open::{self, OpenError, Target};
use crate::cloud::{Cloud, CloudError};
use crate::ops::context::OpsContext;
use crate::policy::Policy;
use crate::settings::Settings;

use std::time::Duration;

/// The async runtime every subcommand runs on.
/// Every subcommand that talks to AWS starts here, so this is where the
/// "still waiting for …" lines start too.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    crate::cli::progress::watch();
    open::runtime().map_err(|e| CliError::failed(e.to_string()))
}

/// Which cloud the command line names: `--demo`, or AWS with `--profile`,
/// `--region` and `--endpoint-url`.
pub fn target(cli: &GlobalArgs) -> Target {
    Target {
        demo: cli.demo,
        aws: AwsOptions {
            profile: cli.profile.clone(),
            region: cli.region.clone(),
            endpoint_url: cli.endpoint_url.clone(),
            assume_role: cli.assume_role.clone(),
            operation_timeout: Duration::from_secs(cli.timeout),
            attempt_timeout: AwsOptions::default()
                .attempt_timeout
                .min(Duration::from_secs(cli.timeout)),
            ..AwsOptions::default()
        },
    }
}

/// The cloud for this command line.
pub async fn open(cli: &GlobalArgs) -> Result<Cloud, OpenError> {
    open::open(&target(cli)).await
}

/// The cloud for this command line, the demo estate anchored at `now`.
pub async fn open_at(
    cli: &GlobalArgs,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Cloud, OpenError> {
    open::open_at(&target(cli), now).await
}

/// Why the operations could not be set up; nothing was attempted or journaled.
#[derive(Debug, thiserror::Error)]
pub enum OpsOpenError {
    #[error(transparent)]
    Open(#[from] OpenError),
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

/// Opens the cloud the command line names, identifies the caller, builds
/// the gate and opens the journal.
pub async fn open_ops(cli: &GlobalArgs, settings: &Settings) -> Result<OpsContext, OpsOpenError> {
    let cloud = open(cli).await?;
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
    let rules = settings.read_only_rules();
    let policy = Policy::from_rules(&rules, cli.read_only, account.as_deref(), &profile);
    if let Err(err) = identity {
        if !policy.is_read_only() && rules.account_rule().is_some() {
            return Err(OpsOpenError::Unidentified(err));
        }
    }
    let path = settings
        .audit
        .path
        .clone()
        .ok_or(OpsOpenError::NoJournalPath)?;
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

impl From<OpsOpenError> for CliError {
    fn from(e: OpsOpenError) -> Self {
        match e {
            // A configuration problem, like clap's usage errors.
            OpsOpenError::NoJournalPath => CliError::Usage(e.to_string()),
            _ => CliError::Failed(e.to_string()),
        }
    }
}
