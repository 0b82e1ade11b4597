//! Client construction through aws-config, the way the AWS CLI resolves things.
//!
//! Nothing here touches the network: the region comes from flags, environment
//! or profile (never instance metadata), and credentials are resolved lazily on
//! the first call. The instance-metadata credentials provider stays last in the
//! chain (it is how EC2 and Studio notebooks get credentials) but with one short
//! attempt, so a laptop without credentials learns it in about a second.

use std::time::Duration;

use aws_config::environment::EnvironmentVariableRegionProvider;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::profiles::{config_file_path, profile_setting, sso_profiles};
use super::AwsOptions;
use crate::cloud::CloudError;

/// Connecting must fail fast when an endpoint is unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const IMDS_TIMEOUT: Duration = Duration::from_secs(1);

/// The profile in use: the flag, then `AWS_PROFILE`, then `default`.
pub fn resolve_profile(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .filter(|p| !p.is_empty())
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_string())
}

/// The region: the flag, then `AWS_REGION`/`AWS_DEFAULT_REGION`, then the
/// profile's `region`. Deliberately not instance metadata: startup must not wait.
pub async fn resolve_region(flag: Option<&str>, profile: &str) -> Result<String, CloudError> {
    if let Some(r) = flag.filter(|r| !r.is_empty()) {
        return Ok(r.to_string());
    }
    let chain = RegionProviderChain::first_try(EnvironmentVariableRegionProvider::new()).or_else(
        ProfileFileRegionProvider::builder()
            .profile_name(profile)
            .build(),
    );
    match chain.region().await {
        Some(r) if !r.as_ref().is_empty() => Ok(r.as_ref().to_string()),
        _ => Err(CloudError::Validation {
            message: format!(
                "no region: pass --region or set one in the profile '{profile}' (or AWS_REGION)"
            ),
        }),
    }
}

/// Retries as the AWS CLI configures them: `AWS_MAX_ATTEMPTS` and
/// `AWS_RETRY_MODE`, else the profile's `max_attempts` and `retry_mode`,
/// else standard mode with `opts.max_attempts` (exponential backoff with
/// jitter and a retry quota; adaptive mode adds client-side rate limiting).
/// A value that is not a number of attempts or a mode is a usage error
/// naming where it was set. Changes are sent once whatever this says
/// (`send_once.rs`).
pub(crate) fn retry_config(opts: &AwsOptions, profile: &str) -> Result<RetryConfig, CloudError> {
    let file = config_file_path().and_then(|p| std::fs::read_to_string(p).ok());
    let setting = |var: &str, key: &str| {
        if let Some(v) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
            return Some((v.trim().to_owned(), var.to_owned()));
        }
        let v = profile_setting(file.as_deref()?, profile, key)?;
        Some((
            v,
            format!("{key} in profile '{profile}' of the AWS config file"),
        ))
    };
    let invalid = |message: String| CloudError::Validation { message };
    let max_attempts = match setting("AWS_MAX_ATTEMPTS", "max_attempts") {
        None => opts.max_attempts.max(1),
        Some((v, source)) => match v.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(invalid(format!(
                    "{source} is {v:?}: it must be a whole number of attempts, 1 or more"
                )))
            }
        },
    };
    let base = match setting("AWS_RETRY_MODE", "retry_mode") {
        None => RetryConfig::standard(),
        Some((v, source)) => match v.to_ascii_lowercase().as_str() {
            "standard" | "legacy" => RetryConfig::standard(),
            "adaptive" => RetryConfig::adaptive(),
            _ => {
                return Err(invalid(format!(
                    "{source} is {v:?}: it must be standard, adaptive or legacy"
                )))
            }
        },
    };
    Ok(base
        .with_max_attempts(max_attempts)
        .with_initial_backoff(opts.initial_backoff)
        .with_max_backoff(opts.initial_backoff.max(Duration::from_secs(1)) * 20))
}

/// The attempt timeout (a list page of 1000 items comes back well within
/// the default 30 s) and the operation's, retries included.
pub(crate) fn timeout_config(opts: &AwsOptions) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(opts.attempt_timeout))
        .operation_attempt_timeout(opts.attempt_timeout)
        .operation_timeout(opts.operation_timeout.max(opts.attempt_timeout))
        .build()
}

/// The role session name dsadmin assumes roles with: what CloudTrail shows
/// as the session of its calls in member accounts.
pub const SESSION_NAME: &str = "dsadmin";

/// The shared SDK configuration: profile, region, retries, timeouts and, when
/// given, one endpoint for every service. Fails only on retry settings that
/// make no sense (see [`retry_config`]).
pub async fn load_sdk_config(
    opts: &AwsOptions,
    profile: &str,
    region: &str,
) -> Result<SdkConfig, CloudError> {
    let retry = retry_config(opts, profile)?;
    let region = Region::new(region.to_string());
    let imds = aws_config::imds::Client::builder()
        .max_attempts(1)
        .connect_timeout(IMDS_TIMEOUT)
        .read_timeout(IMDS_TIMEOUT)
        .build();
    let credentials = aws_config::default_provider::credentials::DefaultCredentialsChain::builder()
        .profile_name(profile)
        .region(region.clone())
        .imds_client(imds)
        .build()
        .await;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .profile_name(profile)
        .region(region)
        .credentials_provider(credentials)
        .retry_config(retry)
        .timeout_config(timeout_config(opts));
    if let Some(url) = opts.endpoint_url.as_deref().filter(|u| !u.is_empty()) {
        loader = loader.endpoint_url(url);
    }
    let sdk = loader.load().await;
    let Some(role) = &opts.assume_role else {
        return Ok(sdk);
    };
    // The SDK's provider caches the role's credentials and assumes it again
    // before they expire, so a long TUI session keeps working.
    let mut assume = aws_config::sts::AssumeRoleProvider::builder(&role.role_arn)
        .session_name(SESSION_NAME)
        .configure(&sdk);
    if let Some(id) = &role.external_id {
        assume = assume.external_id(id);
    }
    let provider = assume.build().await;
    Ok(sdk
        .to_builder()
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(provider),
        )
        .build())
}

/// An S3 client on the same settings. Path-style addressing when an endpoint is
/// given: `bucket.localhost` does not resolve, `localhost/bucket` does.
pub async fn s3_client(opts: &AwsOptions) -> Result<aws_sdk_s3::Client, CloudError> {
    let profile = resolve_profile(opts.profile.as_deref());
    let region = resolve_region(opts.region.as_deref(), &profile).await?;
    let sdk = load_sdk_config(opts, &profile, &region).await?;
    Ok(s3_from_sdk(&sdk, opts))
}

/// An S3 client on an already loaded configuration, path-style when an
/// endpoint override is in force.
pub(crate) fn s3_from_sdk(sdk: &SdkConfig, opts: &AwsOptions) -> aws_sdk_s3::Client {
    let path_style = opts.endpoint_url.is_some()
        || std::env::var_os("AWS_ENDPOINT_URL").is_some()
        || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
    let conf = aws_sdk_s3::config::Builder::from(sdk)
        .force_path_style(path_style)
        .interceptor(super::in_flight::Watch)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// Whether `profile` logs in through IAM Identity Center (`sso_session` or
/// `sso_start_url` in its config section), for the "what to run" hint.
pub(crate) fn is_sso_profile(profile: &str) -> bool {
    config_file_path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .is_some_and(|text| sso_profiles(&text).iter().any(|p| p == profile))
}

/// Checks an endpoint override before anything is sent: an empty value
/// (an unset variable in a script) or one that is not an http(s) URL with a
/// host must stop the command, never fall back to the real AWS endpoint.
pub fn check_endpoint_url(what: &str, url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        _ if url.trim().is_empty() => Err(format!(
            "{what} is empty: give the endpoint's URL (http://127.0.0.1:5000) or leave it out to use AWS"
        )),
        Some(h) if !h.is_empty() && !h.starts_with(':') && !url.chars().any(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(format!(
            "{what} {url:?} is not an http(s) URL with a host, e.g. http://127.0.0.1:5000"
        )),
    }
}

#[cfg(test)]
mod endpoint_tests {
    use super::check_endpoint_url;

    #[test]
    fn endpoint_urls_must_be_http_with_a_host() {
        for good in [
            "http://127.0.0.1:5000",
            "https://moto.internal",
            "http://localhost:4566/",
        ] {
            assert_eq!(check_endpoint_url("--endpoint-url", good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "  ",
            "127.0.0.1:5000",
            "http://",
            "http://:5000",
            "ftp://x",
            "http://a b",
        ] {
            let err = check_endpoint_url("--endpoint-url", bad).unwrap_err();
            assert!(err.starts_with("--endpoint-url"), "{bad:?}: {err}");
        }
    }
}
