//! The `Cloud` traits on the official AWS SDK for Rust.
//!
//! One file per service; SDK types never leave this module: every call maps its
//! output into `model` records field by field and every failure into a
//! `CloudError` (see `error.rs`). Client construction goes through `aws-config`
//! (`config.rs`) so profiles, SSO, environment variables and `AWS_ENDPOINT_URL`
//! behave as in the AWS CLI.
//!
//! Lists follow every page with the SDK paginators and hand each page to the
//! sink as it arrives, made of the list call's own fields; the per-item
//! follow-ups (describe, tags) are `inventory`'s, under each service's
//! adaptive limit (`cloud::limit`), so a large estate neither waits for
//! them nor trips the account's API rate limits.

pub mod accounts;
mod billing;
mod cloudtrail;
mod cloudwatch;
mod codeartifact;
mod config;
mod ecr;
mod error;
mod glue;
mod iam;
pub mod in_flight;
mod logs;
mod profiles;
mod s3;
mod sagemaker;
mod send_once;
mod sts;
mod tagging;

use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use chrono::{DateTime, Utc};

use crate::cloud::{Cloud, CloudContext, CloudError, CloudResult};

pub use billing::AwsBilling;
pub use cloudtrail::AwsCloudTrail;
pub use cloudwatch::AwsCloudWatch;
pub use codeartifact::AwsCodeArtifact;
pub use config::{check_endpoint_url, load_sdk_config, resolve_profile, resolve_region, s3_client};
pub use ecr::AwsEcr;
pub use error::from_sdk_error;
pub use glue::AwsGlue;
pub use iam::AwsIam;
pub use logs::AwsLogs;
pub use profiles::{parse_config_profiles, parse_credentials_profiles, profile_names};
pub use s3::AwsS3;
pub use sagemaker::AwsSageMaker;
pub use sts::partition;
pub use sts::{AccountId, AwsIdentity};
pub use tagging::AwsTagging;

/// How to reach AWS: the same knobs as the AWS CLI, plus the ones tests turn down.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsOptions {
    /// `None` = the default chain / `AWS_PROFILE`.
    pub profile: Option<String>,
    /// `None` = from the environment or the profile.
    pub region: Option<String>,
    /// Overrides every service (moto, LocalStack). When `None`, `AWS_ENDPOINT_URL`
    /// and the per-service variables still work through aws-config.
    pub endpoint_url: Option<String>,
    /// Total attempts including the first, unless `AWS_MAX_ATTEMPTS` or the
    /// profile's `max_attempts` says otherwise.
    pub max_attempts: u32,
    /// First retry delay; later ones grow exponentially with jitter.
    pub initial_backoff: Duration,
    /// `None` = each API's maximum page size.
    pub page_size: Option<i32>,
    /// One HTTP attempt. A change whose answer takes longer is not sent
    /// again: it ends "outcome unknown" and is read back.
    pub attempt_timeout: Duration,
    /// One operation, its retries and their backoff included.
    pub operation_timeout: Duration,
    /// Act through this role, assumed from the profile's credentials and
    /// refreshed before they expire (`--account`).
    pub assume_role: Option<crate::model::account::AssumedRole>,
}

impl Default for AwsOptions {
    fn default() -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            page_size: None,
            attempt_timeout: Duration::from_secs(30),
            operation_timeout: Duration::from_secs(120),
            assume_role: None,
        }
    }
}

/// What every service implementation needs besides its client: where it talks
/// to (for error messages), which profile (for credential hints) and how big
/// pages and follow-up fan-out may be.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsContext {
    pub profile: String,
    pub region: String,
    pub endpoint_url: Option<String>,
    /// Whether the profile logs in through IAM Identity Center (for the hint).
    pub sso: bool,
    pub page_size: Option<i32>,
    /// The role assumed from the profile's credentials (`--account`,
    /// `:accounts`), so a refresh that fails names it.
    pub assumed_role: Option<String>,
}

impl AwsContext {
    /// The context of clients for `profile` in `region` under `opts`.
    pub(crate) fn of(opts: &AwsOptions, profile: &str, region: &str) -> Self {
        Self {
            profile: profile.to_owned(),
            region: region.to_owned(),
            // For error messages only: aws-config applies AWS_ENDPOINT_URL itself.
            endpoint_url: opts
                .endpoint_url
                .clone()
                .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
                .filter(|u| !u.is_empty()),
            sso: config::is_sso_profile(profile),
            page_size: opts.page_size,
            assumed_role: opts.assume_role.as_ref().map(|r| r.role_arn.clone()),
        }
    }

    /// A context with the default page sizes.
    pub fn new(profile: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            profile: profile.into(),
            region: region.into(),
            endpoint_url: None,
            sso: false,
            page_size: None,
            assumed_role: None,
        }
    }

    /// The page size to ask `api_max`-limited APIs for.
    pub(crate) fn page(&self, api_max: i32) -> i32 {
        self.page_size.map_or(api_max, |n| n.clamp(1, api_max))
    }

    /// Maps an SDK failure of `action` (`service:Operation`): use with `map_err`.
    pub(crate) fn err<'a, E>(
        &'a self,
        action: &'a str,
    ) -> impl Fn(SdkError<E, HttpResponse>) -> CloudError + 'a
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        move |e| from_sdk_error(e, action, self)
    }

    /// Maps a failed change of `action`: like [`Self::err`], except that a
    /// request sent without an answer is `OutcomeUnknown`, not a failure
    /// (changes go through the send-once clients, see `send_once.rs`).
    pub(crate) fn err_once<'a, E>(
        &'a self,
        action: &'a str,
    ) -> impl Fn(SdkError<E, HttpResponse>) -> CloudError + 'a
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        move |e| {
            send_once::unanswered(action, &e).unwrap_or_else(|| from_sdk_error(e, action, self))
        }
    }
}

/// A second client on the same configuration whose retries never repeat a
/// change that may have run (see `send_once.rs`): every mutation goes
/// through it. `$sdk` is the service crate.
macro_rules! change_client {
    ($sdk:ident, $client:expr) => {
        $sdk::Client::from_conf(
            $client
                .config()
                .to_builder()
                .retry_classifier($crate::cloud::aws::send_once::SendOnce)
                .build(),
        )
    };
}
pub(crate) use change_client;

/// A service client on the shared configuration, its calls registered in
/// [`in_flight`] while they wait.
macro_rules! client {
    ($sdk:ident, $conf:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from($conf)
                .interceptor(in_flight::Watch)
                .build(),
        )
    };
}

/// Builds every client through aws-config and returns the `Cloud` handle.
/// No network I/O happens here: credentials are resolved on the first call.
pub async fn connect(opts: &AwsOptions) -> Result<Cloud, CloudError> {
    if let Some(url) = &opts.endpoint_url {
        config::check_endpoint_url("endpoint URL", url)
            .map_err(|message| CloudError::Validation { message })?;
    }
    let profile = resolve_profile(opts.profile.as_deref());
    let region = resolve_region(opts.region.as_deref(), &profile).await?;
    let sdk = load_sdk_config(opts, &profile, &region).await?;
    Ok(build(opts, sdk, profile, region))
}

/// Every client over one loaded configuration.
pub(crate) fn build(
    opts: &AwsOptions,
    sdk: aws_types::SdkConfig,
    profile: String,
    region: String,
) -> Cloud {
    let ctx = AwsContext::of(opts, &profile, &region);
    let sts = client!(aws_sdk_sts, &sdk);
    let account = Arc::new(AccountId::new(sts.clone(), ctx.clone()));
    Cloud {
        context: CloudContext {
            profile,
            region,
            demo: false,
            assumed_role: opts.assume_role.clone(),
        },
        sagemaker: Arc::new(AwsSageMaker::new(
            client!(aws_sdk_sagemaker, &sdk),
            ctx.clone(),
        )),
        glue: Arc::new(AwsGlue::new(
            client!(aws_sdk_glue, &sdk),
            account.clone(),
            ctx.clone(),
        )),
        ecr: Arc::new(AwsEcr::new(client!(aws_sdk_ecr, &sdk), ctx.clone())),
        codeartifact: Arc::new(AwsCodeArtifact::new(
            client!(aws_sdk_codeartifact, &sdk),
            ctx.clone(),
        )),
        s3: Arc::new(AwsS3::new(config::s3_from_sdk(&sdk, opts), ctx.clone())),
        tagging: Arc::new(AwsTagging::new(
            client!(aws_sdk_resourcegroupstagging, &sdk),
            ctx.clone(),
        )),
        identity: Arc::new(AwsIdentity::new(account)),
        metrics: Some(Arc::new(AwsCloudWatch::new(
            client!(aws_sdk_cloudwatch, &sdk),
            ctx.clone(),
        ))),
        trail: Some(Arc::new(AwsCloudTrail::new(
            client!(aws_sdk_cloudtrail, &sdk),
            ctx.clone(),
        ))),
        logs: Some(Arc::new(AwsLogs::new(
            client!(aws_sdk_cloudwatchlogs, &sdk),
            ctx.clone(),
        ))),
        // Cost Explorer answers in one region per partition.
        billing: Some(Arc::new(AwsBilling::new(
            aws_sdk_costexplorer::Client::from_conf(
                aws_sdk_costexplorer::config::Builder::from(&sdk)
                    .region(aws_types::region::Region::from_static(
                        billing::billing_region(&ctx.region),
                    ))
                    .interceptor(in_flight::Watch)
                    .build(),
            ),
            ctx.clone(),
        ))),
        iam: Some(Arc::new(AwsIam::new(
            client!(aws_sdk_iam, &sdk),
            ctx.clone(),
        ))),
        limits: Arc::default(),
    }
}

/// The value with the request id of the response that carried it (every
/// SDK crate re-exports the same `RequestId` trait from aws-types).
pub(crate) fn completed<T>(
    value: T,
    out: &impl aws_types::request_id::RequestId,
) -> crate::cloud::Completed<T> {
    match out.request_id() {
        Some(id) => crate::cloud::Completed::with_request_id(value, id),
        None => crate::cloud::Completed::new(value),
    }
}

/// An SDK timestamp as a chrono one (`None` if out of chrono's range).
pub(crate) fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::from_timestamp(t.secs(), t.subsec_nanos()))
}

pub(crate) fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

pub(crate) fn string(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

/// Non-negative SDK integers as the model's unsigned counts.
pub(crate) fn count(n: Option<i32>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// Turns a follow-up's `NotFound` into "skip this row".
pub(crate) fn gone_is_none<T>(r: CloudResult<T>) -> CloudResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(CloudError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
