//! `connect` against the process environment: its own test binary, because
//! it sets and removes AWS_* variables, which every other test (the moto
//! harness above all) reads once and relies on.
#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::time::Duration;

use dsadmin::cloud::CloudError;

/// `connect` builds real clients without network I/O; a call to a closed
/// loopback port fails fast as a Network error naming the endpoint, and a
/// profile without credentials says what to run. One test, because both
/// change process environment variables.
#[tokio::test]
async fn connect_without_network_and_without_credentials() {
    use dsadmin::cloud::aws::{connect, AwsOptions};
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile sso-user]\nsso_session = corp\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n",
    )
    .unwrap();
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        dir.path().join("credentials"),
    );
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    for v in [
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_SESSION_TOKEN",
    ] {
        std::env::remove_var(v);
    }

    // No region anywhere: a clear validation error, before any client exists.
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    let err = connect(&AwsOptions::default()).await.err().unwrap();
    assert!(
        matches!(&err, CloudError::Validation { message } if message.contains("no region")),
        "{err:?}"
    );

    // Static credentials, closed port: Network naming the endpoint.
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDTEST");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "secret");
    let opts = AwsOptions {
        region: Some("eu-west-2".into()),
        endpoint_url: Some("http://127.0.0.1:9".into()),
        max_attempts: 1,
        initial_backoff: Duration::from_millis(1),
        ..AwsOptions::default()
    };
    let cloud = connect(&opts).await.unwrap();
    assert_eq!(cloud.context.profile, "default");
    assert_eq!(cloud.context.region, "eu-west-2");
    assert!(!cloud.context.demo);
    let started = std::time::Instant::now();
    let err = cloud.identity.caller_identity().await.unwrap_err();
    assert!(
        matches!(&err, CloudError::Network { endpoint, .. } if endpoint == "http://127.0.0.1:9"),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // An SSO profile with no cached login: NoCredentials with the sso hint.
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    let opts = AwsOptions {
        profile: Some("sso-user".into()),
        ..opts
    };
    let cloud = connect(&opts).await.unwrap();
    assert_eq!(cloud.context.region, "eu-west-2");
    let err = cloud.identity.caller_identity().await.unwrap_err();
    match &err {
        CloudError::NoCredentials { profile, hint } => {
            assert_eq!(profile, "sso-user");
            assert!(hint.contains("aws sso login --profile sso-user"), "{hint}");
            assert!(hint.contains("dsadmin --demo"), "{hint}");
        }
        CloudError::ExpiredCredentials { profile } => assert_eq!(profile, "sso-user"),
        other => panic!("{other:?}"),
    }
    // Region from the profile when no flag is given.
    let cloud = connect(&AwsOptions {
        profile: Some("sso-user".into()),
        ..AwsOptions::default()
    })
    .await
    .unwrap();
    assert_eq!(cloud.context.region, "eu-west-1");

    retry_settings_come_from_the_environment_then_the_profile(&config).await;
}

/// AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, then the profile's max_attempts /
/// retry_mode, then dsadmin's own; nonsense is a validation error naming
/// where it was set.
async fn retry_settings_come_from_the_environment_then_the_profile(config: &std::path::Path) {
    use aws_smithy_types::retry::RetryMode;
    use dsadmin::cloud::aws::{load_sdk_config, AwsOptions};
    std::fs::write(
        config,
        "[default]\nregion = eu-west-2\n[profile ops]\nmax_attempts = 6\nretry_mode = adaptive\n[profile broken]\nmax_attempts = zero\n",
    )
    .unwrap();
    let opts = AwsOptions {
        max_attempts: 2,
        ..AwsOptions::default()
    };
    let retry = |sdk: aws_config::SdkConfig| sdk.retry_config().cloned().unwrap();

    // Nothing set: dsadmin's own, standard mode.
    let r = retry(
        load_sdk_config(&opts, "default", "eu-west-2")
            .await
            .unwrap(),
    );
    assert_eq!((r.max_attempts(), r.mode()), (2, RetryMode::Standard));
    // The profile's.
    let r = retry(load_sdk_config(&opts, "ops", "eu-west-2").await.unwrap());
    assert_eq!((r.max_attempts(), r.mode()), (6, RetryMode::Adaptive));
    // The environment over the profile, field by field.
    std::env::set_var("AWS_MAX_ATTEMPTS", "9");
    let r = retry(load_sdk_config(&opts, "ops", "eu-west-2").await.unwrap());
    assert_eq!((r.max_attempts(), r.mode()), (9, RetryMode::Adaptive));
    std::env::set_var("AWS_RETRY_MODE", "standard");
    let r = retry(load_sdk_config(&opts, "ops", "eu-west-2").await.unwrap());
    assert_eq!(r.mode(), RetryMode::Standard);

    // Nonsense, wherever it is: a clear error, no panic.
    std::env::set_var("AWS_MAX_ATTEMPTS", "0");
    let err = load_sdk_config(&opts, "ops", "eu-west-2")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("AWS_MAX_ATTEMPTS is \"0\""),
        "{err}"
    );
    std::env::remove_var("AWS_MAX_ATTEMPTS");
    std::env::remove_var("AWS_RETRY_MODE");
    let err = load_sdk_config(&opts, "broken", "eu-west-2")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("max_attempts in profile 'broken'"),
        "{err}"
    );
    std::env::set_var("AWS_RETRY_MODE", "turbo");
    let err = load_sdk_config(&opts, "default", "eu-west-2")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("standard, adaptive or legacy"),
        "{err}"
    );
    std::env::remove_var("AWS_RETRY_MODE");
}
