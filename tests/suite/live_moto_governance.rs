//! Posture findings live against moto: the real `cloud::aws` client loads
//! domains, notebook instances, training jobs, models, endpoints, ECR scan
//! findings and Glue jobs seeded with known violations (and compliant twins),
//! and the rules find exactly the expected ones. moto lacks user profiles
//! and CodeArtifact: those sources are reported as not checked, and
//! disabling their rules makes the check complete. `dsadmin check --format
//! json --endpoint-url …` is run as a binary, with its exit codes.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeSet;

use aws_sdk_sagemaker::types as sm;
use dsadmin::cloud::Cloud;
use dsadmin::gitsync::GitSettings;
use dsadmin::governance::{collect, Cause, GovernanceConfig, RuleId};

use common::cli::{code, stderr, stdout, Env};
use common::moto::{
    self, create_glue_job, create_model, create_weighted_endpoint, MotoGuard, ACCOUNT, REGION,
    SM_ROLE as ROLE,
};
const KMS: &str = "arn:aws:kms:eu-west-2:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

/// Rules moto cannot feed (no user profiles, no CodeArtifact, no spaces:
/// the role rules need ListSpaces), turned off.
pub(crate) const WITHOUT_MISSING_SERVICES: &str = "
[governance.rules.user-missing-tags]
enabled = false
[governance.rules.user-role-not-allowed]
enabled = false
[governance.rules.package-publish-and-upstream]
enabled = false
[governance.rules.artifact-repository-external-connection]
enabled = false
[governance.rules.lifecycle-config-crlf]
enabled = false
[governance.rules.lifecycle-config-no-shebang]
enabled = false
[governance.rules.lifecycle-config-unattached]
enabled = false
[governance.rules.app-idle-past-limit]
enabled = false
[governance.rules.execution-role-admin-access]
enabled = false
[governance.rules.execution-role-shared-across-teams]
enabled = false
[governance.rules.execution-role-s3-without-tag-condition]
enabled = false
";

async fn cloud(m: &MotoGuard) -> Cloud {
    moto::connect_once(m.endpoint()).await
}

fn idle(minutes: i32) -> sm::AppLifecycleManagement {
    sm::AppLifecycleManagement::builder()
        .idle_settings(
            sm::IdleSettings::builder()
                .lifecycle_management(sm::LifecycleManagement::Enabled)
                .idle_timeout_in_minutes(minutes)
                .build(),
        )
        .build()
}

async fn seed_domains(m: &MotoGuard) {
    let client = m.sagemaker().await;
    let tag = sm::Tag::builder()
        .key("EnvironmentType")
        .value("prod")
        .build();
    client
        .create_domain()
        .domain_name("secure")
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(
            sm::UserSettings::builder()
                .execution_role(ROLE)
                .jupyter_lab_app_settings(
                    sm::JupyterLabAppSettings::builder()
                        .app_lifecycle_management(idle(120))
                        .build(),
                )
                .code_editor_app_settings(
                    sm::CodeEditorAppSettings::builder()
                        .app_lifecycle_management(idle(60))
                        .build(),
                )
                .build(),
        )
        .subnet_ids("subnet-0a1")
        .vpc_id("vpc-0123")
        .app_network_access_type(sm::AppNetworkAccessType::VpcOnly)
        .kms_key_id(KMS)
        .domain_settings(
            sm::DomainSettings::builder()
                .execution_role_identity_config(sm::ExecutionRoleIdentityConfig::UserProfileName)
                .build(),
        )
        .tags(tag.clone())
        .send()
        .await
        .unwrap();
    // moto answers ListTags on an untagged domain with HTTP 500: tag it too.
    client
        .create_domain()
        .domain_name("open")
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(sm::UserSettings::builder().execution_role(ROLE).build())
        .subnet_ids("subnet-0c3")
        .vpc_id("vpc-0456")
        .tags(tag)
        .send()
        .await
        .unwrap();
}

async fn seed_notebooks(m: &MotoGuard) {
    let client = m.sagemaker().await;
    client
        .create_notebook_instance()
        .notebook_instance_name("nb-locked")
        .instance_type(sm::InstanceType::MlT3Medium)
        .role_arn(ROLE)
        .subnet_id("subnet-0a1")
        .security_group_ids("sg-0aa")
        .direct_internet_access(sm::DirectInternetAccess::Disabled)
        .root_access(sm::RootAccess::Disabled)
        .send()
        .await
        .unwrap();
    client
        .create_notebook_instance()
        .notebook_instance_name("nb-open")
        .instance_type(sm::InstanceType::MlT3Medium)
        .role_arn(ROLE)
        .send()
        .await
        .unwrap();
}

fn vpc() -> sm::VpcConfig {
    sm::VpcConfig::builder()
        .security_group_ids("sg-0aa")
        .subnets("subnet-0a1")
        .build()
}

/// An endpoint with a KMS key, data capture and two instances, on a model
/// in a VPC.
async fn seed_hardened_endpoint(m: &MotoGuard) {
    let client = m.sagemaker().await;
    client
        .create_model()
        .model_name("scorer-in-vpc")
        .execution_role_arn(ROLE)
        .primary_container(
            sm::ContainerDefinition::builder()
                .image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/scorer:1")
                .build(),
        )
        .vpc_config(vpc())
        .send()
        .await
        .unwrap();
    client
        .create_endpoint_config()
        .endpoint_config_name("ep-hardened-config")
        .kms_key_id(KMS)
        .data_capture_config(
            sm::DataCaptureConfig::builder()
                .enable_capture(true)
                .initial_sampling_percentage(100)
                .destination_s3_uri("s3://ds-capture/ep-hardened")
                .capture_options(
                    sm::CaptureOption::builder()
                        .capture_mode(sm::CaptureMode::Input)
                        .build(),
                )
                .build(),
        )
        .production_variants(
            sm::ProductionVariant::builder()
                .variant_name("AllTraffic")
                .model_name("scorer-in-vpc")
                .instance_type(sm::ProductionVariantInstanceType::MlM5Large)
                .initial_instance_count(2)
                .initial_variant_weight(1.0)
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .create_endpoint()
        .endpoint_name("ep-hardened")
        .endpoint_config_name("ep-hardened-config")
        .send()
        .await
        .unwrap();
}

async fn seed_ecr(m: &MotoGuard) {
    use aws_sdk_ecr::types as e;
    let ecr = m.ecr().await;
    ecr.create_repository()
        .repository_name("images")
        .image_scanning_configuration(
            e::ImageScanningConfiguration::builder()
                .scan_on_push(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    ecr.create_repository()
        .repository_name("scratch")
        .send()
        .await
        .unwrap();
    let critical = moto::put_image(m, "images", "critical", 11, 1_000_000).await;
    moto::put_image(m, "images", "clean", 12, 1_000_000).await;
    moto::put_image(m, "images", "unscanned", 13, 1_000_000).await;
    for tag in ["critical", "clean"] {
        ecr.start_image_scan()
            .repository_name("images")
            .image_id(e::ImageIdentifier::builder().image_tag(tag).build())
            .send()
            .await
            .unwrap();
    }
    let clean = ecr
        .describe_images()
        .repository_name("images")
        .image_ids(e::ImageIdentifier::builder().image_tag("clean").build())
        .send()
        .await
        .unwrap()
        .image_details()[0]
        .image_digest()
        .unwrap()
        .to_owned();
    let result = |digest: &str, counts: serde_json::Value| {
        serde_json::json!({
            "registryId": ACCOUNT,
            "repositoryName": "images",
            "imageId": {"imageDigest": digest},
            "imageScanStatus": {"status": "COMPLETE", "description": "done"},
            "imageScanFindings": {"findings": [], "findingSeverityCounts": counts}
        })
    };
    m.post(
        "/moto-api/static/ecr/scan-finding-results",
        &serde_json::json!({
            "region": REGION,
            "results": [
                result(&critical, serde_json::json!({"CRITICAL": 2, "MEDIUM": 1})),
                result(&clean, serde_json::json!({"LOW": 3})),
            ]
        })
        .to_string(),
    );
}

async fn seed_glue(m: &MotoGuard) {
    // With a security configuration.
    create_glue_job(m, "etl-encrypted").await;
    m.glue()
        .await
        .create_job()
        .name("etl-plain")
        .role(moto::GLUE_ROLE)
        .command(
            aws_sdk_glue::types::JobCommand::builder()
                .name("glueetl")
                .script_location("s3://ds-glue-scripts/etl-plain.py")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// The two execution roles the seeds run as, allowed to write logs only:
/// no role rule fires.
pub(crate) async fn seed_roles(m: &MotoGuard) {
    let logs = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]});
    m.create_role("ds-sagemaker-exec", &[("logs", logs.clone())], &[])
        .await;
    m.create_role("ds-glue", &[("logs", logs)], &[]).await;
}

async fn seed(m: &MotoGuard) {
    seed_roles(m).await;
    seed_domains(m).await;
    seed_notebooks(m).await;
    moto::create_training_job(m, "train-hardened", true).await;
    moto::create_training_job(m, "train-open", false).await;
    create_weighted_endpoint(m, "ep-open", &[("AllTraffic", 1.0, 1)]).await;
    seed_hardened_endpoint(m).await;
    create_model(m, "unused-model").await;
    seed_ecr(m).await;
    seed_glue(m).await;
}

/// `(rule, resource)` of every finding the seeded estate must produce.
fn expected() -> BTreeSet<(String, String)> {
    [
        ("domain-not-vpc-only", "open"),
        ("domain-no-kms-key", "open"),
        ("domain-no-source-identity", "open"),
        ("domain-idle-shutdown", "open"),
        ("notebook-direct-internet", "nb-open"),
        ("notebook-root-access", "nb-open"),
        ("training-job-no-vpc", "train-open"),
        ("training-job-no-inter-container-encryption", "train-open"),
        ("model-no-vpc", "ep-open-AllTraffic"),
        ("model-no-vpc", "unused-model"),
        // moto 5.2.5 drops EnableNetworkIsolation (CreateModel ignores it):
        // every model reads as not isolated.
        ("model-no-network-isolation", "ep-open-AllTraffic"),
        ("model-no-network-isolation", "unused-model"),
        ("model-no-network-isolation", "scorer-in-vpc"),
        ("endpoint-no-kms-key", "ep-open"),
        ("endpoint-no-data-capture", "ep-open"),
        ("endpoint-single-instance", "ep-open"),
        ("ecr-repository-no-scan-on-push", "scratch"),
        ("ecr-image-critical-findings", "images:critical"),
        ("ecr-image-not-scanned", "images:unscanned"),
        ("glue-job-no-security-configuration", "etl-plain"),
    ]
    .iter()
    .map(|(r, n)| ((*r).to_owned(), (*n).to_owned()))
    .collect()
}

#[tokio::test]
async fn seeded_violations_give_exactly_the_expected_findings() {
    let m = moto::guard();
    seed(&m).await;
    let config = GovernanceConfig::default();
    let report = collect::check(&cloud(&m).await, &config, &GitSettings::default()).await;
    let got: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.rule.id().to_owned(), f.resource.name.clone()))
        .collect();
    assert_eq!(got, expected());
    assert_eq!(got.len(), report.findings.len(), "no finding twice");
    // The idle settings made it through DescribeDomain field by field.
    let open = report
        .findings
        .iter()
        .find(|f| f.rule == RuleId::DomainIdleShutdown)
        .unwrap();
    assert_eq!(
        open.evidence,
        "idle shutdown JupyterLab: not configured; CodeEditor: not configured"
    );
    let domain = report
        .findings
        .iter()
        .find(|f| f.rule == RuleId::DomainNotVpcOnly)
        .unwrap();
    assert!(domain
        .resource
        .arn
        .as_deref()
        .unwrap()
        .starts_with(&format!("arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/")));

    // moto has no user profiles and no CodeArtifact: not checked, with why.
    let failed: Vec<(&str, Cause)> = report
        .not_checked
        .iter()
        .map(|n| (n.source.as_str(), n.cause))
        .collect();
    assert_eq!(
        failed,
        [
            ("sagemaker:ListUserProfiles", Cause::Failed),
            // Nor lifecycle configurations, apps or spaces.
            ("sagemaker:ListStudioLifecycleConfigs", Cause::Failed),
            ("codeartifact:ListRepositories", Cause::Failed),
            ("user-role-not-allowed", Cause::NotConfigured),
            (
                "artifact-repository-external-connection",
                Cause::NotConfigured
            ),
            (
                "execution-role-s3-without-tag-condition",
                Cause::NotConfigured
            ),
            // The domain's apps: idle apps are not checked there.
            ("sagemaker:ListApps", Cause::Failed),
            // Nor what the spaces run as.
            ("sagemaker:ListSpaces", Cause::Failed),
        ]
    );
}

#[tokio::test]
async fn access_denied_sources_are_not_checked_and_others_still_count() {
    let m = moto::guard();
    seed(&m).await;
    // An auditor allowed SageMaker only: Glue and ECR answer AccessDenied.
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]
    });
    let cloud = m.cloud_as("auditor", &policy).await;
    let report = collect::check(
        &cloud,
        &GovernanceConfig::default(),
        &GitSettings::default(),
    )
    .await;
    m.reset_auth(false);
    let denied: Vec<&str> = report
        .failures()
        .filter(|n| n.reason.starts_with("access denied"))
        .map(|n| n.source.as_str())
        .collect();
    assert_eq!(
        denied,
        ["ecr:DescribeRepositories", "glue:GetJobs"],
        "{:?}",
        report.not_checked
    );
    // SageMaker's findings are all there all the same.
    let got: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.rule.id().to_owned(), f.resource.name.clone()))
        .collect();
    let sagemaker: BTreeSet<(String, String)> = expected()
        .into_iter()
        .filter(|(rule, _)| !rule.starts_with("ecr-") && !rule.starts_with("glue-"))
        .collect();
    assert_eq!(got, sagemaker);
}

#[tokio::test]
async fn the_check_binary_over_moto() {
    let m = moto::guard();
    seed(&m).await;
    let url = m.endpoint();
    let env = Env::new(WITHOUT_MISSING_SERVICES);
    let run = |fail_on: &str| {
        env.run(&[
            "check",
            "--format",
            "json",
            "--fail-on",
            fail_on,
            "--endpoint-url",
            &url,
            "--region",
            REGION,
        ])
    };
    let o = run("critical");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let got: BTreeSet<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["resource"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected());
    assert_eq!(doc["counts"]["critical"], 1);
    assert_eq!(doc["failing"], 1);
    assert_eq!(doc["not_checked"].as_array().unwrap().len(), 0, "{doc}");
    assert!(
        stderr(&o).contains("1 finding(s) at or above critical"),
        "{}",
        stderr(&o)
    );

    // Without the critical image, nothing is critical: exit 0 at --fail-on critical.
    let env_quiet = Env::new(&format!(
        "{WITHOUT_MISSING_SERVICES}[governance.rules.ecr-image-critical-findings]\nenabled = false\n"
    ));
    let o = env_quiet.run(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "critical",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // … but the highs still fail the default threshold.
    let o = env_quiet.run(&["check", "--endpoint-url", &url, "--region", REGION]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stdout(&o).contains("domain-not-vpc-only"), "{}", stdout(&o));

    // A bad config value is a usage error naming the file and line.
    let bad = Env::new("[governance]\nidle_limit_minutes = 1\n");
    let o = bad.run(&["check", "--endpoint-url", &url]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains(":4:1: 1 is out of range"),
        "{}",
        stderr(&o)
    );
}
