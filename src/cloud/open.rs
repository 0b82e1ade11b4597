//! Opening a cloud: the demo estate or AWS, as the command line chose, and
//! the `Connector` that `:profile` / `:region` reopen it with.
//!
//! Both faces open their cloud here, so `--demo`, `--profile`, `--region`
//! and `--endpoint-url` mean the same thing for the TUI and every subcommand.

use std::sync::Arc;

use async_trait::async_trait;

use crate::cloud::aws::{self, AwsOptions};
use crate::cloud::demo::DemoCloud;
use crate::cloud::{Cloud, CloudError, Survey};
use crate::model::account::{Account, Organization};

/// The async runtime both faces run on.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot start the async runtime: {e}")))
}

/// The endpoint overrides in force (`--endpoint-url` and the
/// `AWS_ENDPOINT_URL` the SDK itself would read), each checked.
pub fn check_endpoints(flag: Option<&str>) -> Result<(), String> {
    if let Some(url) = flag {
        aws::check_endpoint_url("--endpoint-url", url)?;
    }
    if let Some(url) = std::env::var_os("AWS_ENDPOINT_URL") {
        aws::check_endpoint_url("AWS_ENDPOINT_URL", &url.to_string_lossy())?;
    }
    Ok(())
}

/// Which cloud to talk to.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The in-memory demo estate instead of AWS.
    pub demo: bool,
    /// Profile, region and endpoint for AWS (ignored with `demo`).
    pub aws: AwsOptions,
}

/// Why no cloud could be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The demo estate's seed files do not load: a packaging fault, not a
    /// cloud failure.
    #[error("the demo estate is broken: {0}")]
    Demo(String),
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

/// The cloud for `target`: the demo estate anchored at now, or AWS.
/// Building the AWS clients does no network I/O; credentials are resolved
/// by the first calls, whose failures are reported where they happen.
pub async fn open(target: &Target) -> Result<Cloud, OpenError> {
    open_at(target, chrono::Utc::now()).await
}

/// [`open`], with the demo estate anchored at `anchor`: a command that
/// prints relative times computes them from the same instant.
pub async fn open_at(
    target: &Target,
    anchor: chrono::DateTime<chrono::Utc>,
) -> Result<Cloud, OpenError> {
    if target.demo {
        return DemoCloud::cloud(anchor).map_err(OpenError::Demo);
    }
    Ok(aws::connect(&target.aws).await?)
}

/// Where the accounts beyond the base profile come from: the base
/// profile's options (as before `--account`), the config's `[[accounts]]`
/// and `[organization]` (the SSO profiles are read where they are).
#[derive(Debug, Clone, Default)]
pub struct AccountSources {
    pub base: AwsOptions,
    pub configured: Vec<Account>,
    pub organization: Option<Organization>,
}

/// Builds a cloud for another profile, region or account: how `:profile`,
/// `:region` and `:accounts` reach the AWS backend without the TUI
/// depending on it.
#[async_trait]
pub trait Connector: Send + Sync {
    async fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Cloud, CloudError>;
    /// Profile names for completion (from the AWS config files).
    fn profiles(&self) -> Vec<String>;
    /// [`Connector::connect`] from the session in `_current`: `:region`
    /// stays in its account (the role it assumed is assumed again),
    /// `:profile` goes to that profile's own. By default, `connect`.
    async fn reconnect(
        &self,
        _current: &crate::cloud::CloudContext,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        self.connect(profile, region).await
    }
    /// The accounts dsadmin knows, each reached (`:accounts`). By default
    /// a connector knows no other account.
    async fn survey(&self) -> Result<Survey, CloudError> {
        Err(one_account())
    }
    /// A cloud in `account` with its own credentials, in `region` (else the
    /// account's first, else the base profile's).
    async fn connect_account(
        &self,
        _account: &Account,
        _region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        Err(one_account())
    }
}

fn one_account() -> CloudError {
    CloudError::Other {
        code: "OneAccount".to_owned(),
        message: "this connection knows no other account".to_owned(),
    }
}

/// The connector for `target` (AWS only; the demo has none).
pub fn connector(target: &Target, accounts: AccountSources) -> Option<Arc<dyn Connector>> {
    (!target.demo).then(|| {
        Arc::new(AwsConnector {
            base: target.aws.clone(),
            accounts,
        }) as Arc<dyn Connector>
    })
}

/// Reconnects with the same options but another profile and/or region, or
/// in another account.
struct AwsConnector {
    base: AwsOptions,
    accounts: AccountSources,
}

/// The options after `:profile` / `:region`. `:profile` goes to that
/// profile's own account: the role `--account` assumed from the first
/// profile is left behind. `:region` keeps it (the same account, another
/// region).
fn switched(base: &AwsOptions, profile: Option<String>, region: Option<String>) -> AwsOptions {
    // The TUI passes its current profile with a region switch too.
    let assume_role = match &profile {
        Some(p) if Some(p) != base.profile.as_ref() => None,
        _ => base.assume_role.clone(),
    };
    AwsOptions {
        profile: profile.or_else(|| base.profile.clone()),
        region: region.or_else(|| base.region.clone()),
        assume_role,
        ..base.clone()
    }
}

#[async_trait]
impl Connector for AwsConnector {
    async fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        aws::connect(&switched(&self.base, profile, region)).await
    }

    fn profiles(&self) -> Vec<String> {
        aws::profile_names()
    }

    async fn reconnect(
        &self,
        current: &crate::cloud::CloudContext,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        // The session's own options: its profile and role (an account
        // `:accounts` moved to), not only those it was started with.
        let live = AwsOptions {
            profile: Some(current.profile.clone()),
            region: Some(current.region.clone()),
            assume_role: current.assumed_role.clone(),
            ..self.base.clone()
        };
        aws::connect(&switched(&live, profile, region)).await
    }

    async fn survey(&self) -> Result<Survey, CloudError> {
        let sources = &self.accounts;
        aws::accounts::survey(
            &sources.base,
            &sources.configured,
            sources.organization.as_ref(),
            &crate::model::account::Scope::All,
        )
        .await
    }

    async fn connect_account(
        &self,
        account: &Account,
        region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        aws::connect(&aws::accounts::options_in(
            &self.accounts.base,
            account,
            region,
        ))
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AssumedRole;

    #[test]
    fn a_profile_switch_leaves_the_assumed_role_and_a_region_switch_keeps_it() {
        let base = AwsOptions {
            profile: Some("platform".into()),
            assume_role: Some(AssumedRole {
                role_arn: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole".into(),
                external_id: None,
            }),
            ..AwsOptions::default()
        };
        let region = switched(&base, Some("platform".into()), Some("eu-west-1".into()));
        assert_eq!(region.assume_role, base.assume_role);
        assert_eq!(switched(&base, None, None).assume_role, base.assume_role);
        assert_eq!(region.profile.as_deref(), Some("platform"));
        assert_eq!(region.region.as_deref(), Some("eu-west-1"));
        let profile = switched(&base, Some("sandbox".into()), None);
        assert_eq!(profile.assume_role, None);
        assert_eq!(profile.profile.as_deref(), Some("sandbox"));
    }
}
