//! Live tests: the real `cloud::aws` client, built by `connect` with an endpoint
//! override exactly as `--endpoint-url` builds it, talking HTTP to moto server.
//!
//! Each test takes the shared server (`moto::guard()`: started once per binary,
//! reset before every test), seeds it through the official SDK, then reads it back
//! through dsadmin's `Cloud` traits and checks the model records field by field.
//! Everything moto implements of issue 3's list is here; what moto lacks (user
//! profiles, apps, spaces, CodeArtifact) is covered with SDK mocks elsewhere.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_sdk_sagemaker::types as sm;
use dsadmin::cloud::aws::{connect, AwsOptions};
use dsadmin::cloud::{Cloud, CloudError, PageSink};
use dsadmin::collect_all;
use dsadmin::model::{Detail, FindingCounts, Scan, Tag};

use common::moto::{
    self, create_glue_job, create_model, create_training_job, MotoGuard, ACCOUNT, GLUE_ROLE,
    REGION, SM_ROLE,
};

const KMS: &str = "arn:aws:kms:eu-west-2:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee";

/// Options as a test wants them: moto's endpoint, the test region, one attempt
/// (moto answers 500 for what it lacks, and retrying that only slows the suite),
/// a 1 ms backoff for the tests that allow a retry.
fn options(m: &MotoGuard) -> AwsOptions {
    AwsOptions {
        endpoint_url: Some(m.endpoint()),
        region: Some(REGION.to_owned()),
        max_attempts: 1,
        initial_backoff: Duration::from_millis(1),
        ..Default::default()
    }
}

async fn cloud(m: &MotoGuard) -> Cloud {
    connect(&options(m)).await.unwrap()
}

/// A cloud that asks for two rows per page, so five rows take three pages.
async fn paged_cloud(m: &MotoGuard) -> Cloud {
    connect(&AwsOptions {
        page_size: Some(2),
        ..options(m)
    })
    .await
    .unwrap()
}

/// A sink that keeps each page apart, to count how many arrived.
struct Pages<T>(Mutex<Vec<Vec<T>>>);

impl<T> Pages<T> {
    fn new() -> Self {
        Self(Mutex::new(Vec::new()))
    }
    fn pages(self) -> Vec<Vec<T>> {
        self.0.into_inner().unwrap()
    }
}

impl<T: Send> PageSink<T> for Pages<T> {
    fn page(&self, rows: Vec<T>) {
        self.0.lock().unwrap().push(rows);
    }
}

/// Checks a paged list: every name once, and at least three non-empty pages.
fn assert_paged<T>(
    what: &str,
    pages: Vec<Vec<T>>,
    name: impl Fn(&T) -> String,
    expected: &[String],
) {
    let non_empty = pages.iter().filter(|p| !p.is_empty()).count();
    assert!(
        non_empty >= 3,
        "{what}: five rows at two per page must arrive in at least three pages, got {} ({non_empty} non-empty): sizes {:?}",
        pages.len(),
        pages.iter().map(Vec::len).collect::<Vec<_>>()
    );
    assert!(
        pages.iter().all(|p| p.len() <= 2),
        "{what}: no page may be bigger than the page size: {:?}",
        pages.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let names: Vec<String> = pages.iter().flatten().map(name).collect();
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(
        names.len(),
        unique.len(),
        "{what}: a row came twice: {names:?}"
    );
    let want: BTreeSet<&String> = expected.iter().collect();
    assert_eq!(unique, want, "{what}: every row, once");
}

fn sm_tag(key: &str, value: &str) -> sm::Tag {
    sm::Tag::builder().key(key).value(value).build()
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::new(key, value)
}

// ---------------------------------------------------------------------------
// SageMaker
// ---------------------------------------------------------------------------

async fn create_domain_secure(m: &MotoGuard, name: &str) -> String {
    let out = m
        .sagemaker()
        .await
        .create_domain()
        .domain_name(name)
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(sm::UserSettings::builder().execution_role(SM_ROLE).build())
        .subnet_ids("subnet-0a1")
        .subnet_ids("subnet-0b2")
        .vpc_id("vpc-0123")
        .app_network_access_type(sm::AppNetworkAccessType::VpcOnly)
        .kms_key_id(KMS)
        .domain_settings(
            sm::DomainSettings::builder()
                .execution_role_identity_config(sm::ExecutionRoleIdentityConfig::UserProfileName)
                .build(),
        )
        .tag_propagation(sm::TagPropagation::Enabled)
        .tags(sm_tag("TeamName", "fraud"))
        .tags(sm_tag("EnvironmentType", "prod"))
        .send()
        .await
        .unwrap();
    out.domain_arn().unwrap().to_owned()
}

async fn create_domain_plain(m: &MotoGuard, name: &str) -> String {
    let out = m
        .sagemaker()
        .await
        .create_domain()
        .domain_name(name)
        .auth_mode(sm::AuthMode::Sso)
        .default_user_settings(sm::UserSettings::builder().execution_role(SM_ROLE).build())
        .subnet_ids("subnet-0c3")
        .vpc_id("vpc-0456")
        // moto 5.2.5 answers ListTags on an untagged domain with HTTP 500 (its tag
        // list is None, not []), so every test domain carries a tag.
        .tags(sm_tag("EnvironmentType", "dev"))
        .send()
        .await
        .unwrap();
    out.domain_arn().unwrap().to_owned()
}

#[tokio::test]
async fn domains_are_listed_and_described_field_by_field() {
    let m = moto::guard();
    let secure_arn = create_domain_secure(&m, "fraud-prod").await;
    let plain_arn = create_domain_plain(&m, "sandbox").await;

    let cloud = cloud(&m).await;
    let listed = collect_all!(cloud.sagemaker, list_domains).unwrap();
    assert!(
        listed.iter().all(|d| d.settings.is_pending()),
        "ListDomains alone"
    );
    let gaps = dsadmin::inventory::Gaps::default();
    let mut domains = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    domains.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(domains.len(), 2, "{domains:#?}");

    let domain = &domains[0];
    let d = domain.settings.known().unwrap();
    assert_eq!(domain.name, "fraud-prod");
    assert_eq!(domain.arn, secure_arn);
    // The id is the ARN's last segment (moto derives it from the name: `d-fraud-prod`;
    // AWS mints `d-` + 12 random characters).
    assert_eq!(domain.id, secure_arn.rsplit('/').next().unwrap());
    assert!(domain.id.starts_with("d-"), "{}", domain.id);
    assert_eq!(
        domain.status, "InService",
        "moto creates domains InService at once"
    );
    assert_eq!(d.auth_mode, "IAM");
    assert_eq!(d.network_mode, "VpcOnly");
    assert_eq!(d.kms_key_id.as_deref(), Some(KMS));
    assert_eq!(d.vpc_id.as_deref(), Some("vpc-0123"));
    assert_eq!(d.subnet_ids, ["subnet-0a1", "subnet-0b2"]);
    assert_eq!(d.default_execution_role.as_deref(), Some(SM_ROLE));
    assert_eq!(
        d.execution_role_identity.as_deref(),
        Some("USER_PROFILE_NAME")
    );
    // moto 5.2.5 accepts TagPropagation but never returns it from DescribeDomain.
    assert_eq!(d.tag_propagation, None);
    assert_eq!(
        domain.url.as_deref(),
        Some("fraud-prod.eu-west-2.sagemaker.test.com"),
        "moto's URL, passed through as given"
    );
    assert!(
        domain.created.is_some() && domain.last_modified.is_some(),
        "{domain:#?}"
    );
    let tags = domain.tags.known().unwrap();
    assert!(
        tags.contains(&tag("TeamName", "fraud")),
        "team tag read with tag:GetResources: {tags:?}"
    );
    assert!(tags.contains(&tag("EnvironmentType", "prod")), "{tags:?}");

    let plain = &domains[1];
    assert_eq!(plain.name, "sandbox");
    assert_eq!(plain.arn, plain_arn);
    let p = plain.settings.known().unwrap();
    assert_eq!(p.auth_mode, "SSO");
    assert_eq!(
        p.network_mode, "PublicInternetOnly",
        "AppNetworkAccessType defaults to PublicInternetOnly"
    );
    assert_eq!(p.kms_key_id, None);
    assert_eq!(p.vpc_id.as_deref(), Some("vpc-0456"));
    assert_eq!(p.subnet_ids, ["subnet-0c3"]);
    assert_eq!(p.execution_role_identity, None);
    assert_eq!(
        plain.tags,
        Detail::Known(vec![tag("EnvironmentType", "dev")])
    );
}

fn variant(
    name: &str,
    model: &str,
    instance_type: sm::ProductionVariantInstanceType,
    count: i32,
    weight: f32,
) -> sm::ProductionVariant {
    sm::ProductionVariant::builder()
        .variant_name(name)
        .model_name(model)
        .instance_type(instance_type)
        .initial_instance_count(count)
        .initial_variant_weight(weight)
        .build()
}

/// An endpoint with two weighted variants (blue 3 : green 1), KMS and data capture.
async fn create_two_variant_endpoint(m: &MotoGuard, name: &str) -> String {
    let client = m.sagemaker().await;
    create_model(m, &format!("{name}-model-a")).await;
    create_model(m, &format!("{name}-model-b")).await;
    client
        .create_endpoint_config()
        .endpoint_config_name(format!("{name}-config"))
        .kms_key_id(KMS)
        .data_capture_config(
            sm::DataCaptureConfig::builder()
                .enable_capture(true)
                .initial_sampling_percentage(100)
                .destination_s3_uri("s3://ds-capture/scorer")
                .capture_options(
                    sm::CaptureOption::builder()
                        .capture_mode(sm::CaptureMode::Input)
                        .build(),
                )
                .build(),
        )
        .production_variants(variant(
            "blue",
            &format!("{name}-model-a"),
            sm::ProductionVariantInstanceType::MlM5Large,
            2,
            3.0,
        ))
        .production_variants(variant(
            "green",
            &format!("{name}-model-b"),
            sm::ProductionVariantInstanceType::MlC5Xlarge,
            1,
            1.0,
        ))
        .send()
        .await
        .unwrap();
    client
        .create_endpoint()
        .endpoint_name(name)
        .endpoint_config_name(format!("{name}-config"))
        .tags(sm_tag("TeamName", "fraud"))
        .send()
        .await
        .unwrap()
        .endpoint_arn()
        .unwrap()
        .to_owned()
}

/// A one-variant endpoint without KMS or data capture.
async fn create_plain_endpoint(m: &MotoGuard, name: &str) {
    let client = m.sagemaker().await;
    create_model(m, &format!("{name}-model")).await;
    client
        .create_endpoint_config()
        .endpoint_config_name(format!("{name}-config"))
        .production_variants(variant(
            "AllTraffic",
            &format!("{name}-model"),
            sm::ProductionVariantInstanceType::MlT2Medium,
            1,
            1.0,
        ))
        .send()
        .await
        .unwrap();
    client
        .create_endpoint()
        .endpoint_name(name)
        .endpoint_config_name(format!("{name}-config"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn endpoints_carry_two_weighted_variants_kms_and_data_capture() {
    let m = moto::guard();
    let arn = create_two_variant_endpoint(&m, "claims-scorer").await;
    create_plain_endpoint(&m, "churn").await;
    let cloud = cloud(&m).await;

    // ListEndpoints gives the rows; DescribeEndpoint(Config) and the tags
    // fill them in.
    let listed = collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    assert!(listed.iter().all(|e| e.described.is_pending()));
    let gaps = dsadmin::inventory::Gaps::default();
    let mut endpoints = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    endpoints.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        endpoints
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>(),
        ["churn", "claims-scorer"]
    );

    let e = &endpoints[1];
    let settings = e.described.known().unwrap();
    let kms = |e: &dsadmin::model::Endpoint| e.config().known().unwrap().kms_key_id.clone();
    assert_eq!(e.arn, arn);
    assert_eq!(e.status, "InService");
    assert_eq!(e.config_name(), Some("claims-scorer-config"));
    assert_eq!(
        kms(e).as_deref(),
        Some(KMS),
        "KMS key comes from DescribeEndpointConfig"
    );
    assert!(settings.data_capture, "data capture is enabled");
    assert_eq!(e.failure_reason(), None);
    assert!(e.created.is_some() && e.last_modified.is_some());
    let tags = e.tags.known_or_empty();
    assert!(tags.contains(&tag("TeamName", "fraud")), "{tags:?}");
    assert_eq!(e.variants().len(), 2, "{:#?}", e.variants());
    let blue = e.variants().iter().find(|v| v.name == "blue").unwrap();
    let green = e.variants().iter().find(|v| v.name == "green").unwrap();
    assert_eq!(blue.endpoint, "claims-scorer");
    assert_eq!(blue.model_name(), Some("claims-scorer-model-a"));
    assert_eq!(blue.instance_type(), Some("ml.m5.large"));
    assert_eq!(blue.current_weight, 3.0);
    assert_eq!(blue.desired_weight, 3.0);
    assert_eq!(blue.current_instance_count, 2);
    assert_eq!(blue.desired_instance_count, 2);
    assert_eq!(green.model_name(), Some("claims-scorer-model-b"));
    assert_eq!(green.instance_type(), Some("ml.c5.xlarge"));
    assert_eq!(green.current_weight, 1.0);
    assert_eq!(green.current_instance_count, 1);
    // Weight ÷ sum of weights: 3 : 1 is 75 % : 25 %.
    assert_eq!(e.share_percent(blue), 75.0);
    assert_eq!(e.share_percent(green), 25.0);
    assert_eq!(e.instance_count(), 3);

    let plain = &endpoints[0];
    assert_eq!(kms(plain), None);
    assert!(
        !plain.described.known().unwrap().data_capture,
        "no DataCaptureConfig means no capture"
    );
    assert_eq!(plain.variants().len(), 1);
    assert_eq!(plain.variants()[0].name, "AllTraffic");
    assert_eq!(plain.variants()[0].instance_type(), Some("ml.t2.medium"));
    // Untagged: GetResources does not return it, so no tags.
    assert_eq!(plain.tags, dsadmin::model::Detail::Known(Vec::new()));

    // describe_endpoint returns the same description (tags are not its).
    let described = cloud
        .sagemaker
        .describe_endpoint("claims-scorer")
        .await
        .unwrap();
    assert_eq!(described.described, e.described);

    // Shift traffic with the SDK: a fresh describe shows it (moto applies weights at once).
    m.sagemaker()
        .await
        .update_endpoint_weights_and_capacities()
        .endpoint_name("claims-scorer")
        .desired_weights_and_capacities(
            sm::DesiredWeightAndCapacity::builder()
                .variant_name("blue")
                .desired_weight(1.0)
                .build(),
        )
        .desired_weights_and_capacities(
            sm::DesiredWeightAndCapacity::builder()
                .variant_name("green")
                .desired_weight(1.0)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let shifted = cloud
        .sagemaker
        .describe_endpoint("claims-scorer")
        .await
        .unwrap();
    for v in shifted.variants() {
        assert_eq!(v.current_weight, 1.0, "{v:?}");
        assert_eq!(shifted.share_percent(v), 50.0, "{v:?}");
    }

    // A missing endpoint: moto (like AWS) answers ValidationException "Could not find endpoint".
    let err = cloud
        .sagemaker
        .describe_endpoint("no-such-endpoint")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CloudError::NotFound { what } if what.contains("no-such-endpoint"))
            || matches!(&err, CloudError::Validation { message } if message.contains("no-such-endpoint")),
        "{err:?}"
    );
}

#[tokio::test]
async fn notebook_instances_field_by_field() {
    let m = moto::guard();
    let client = m.sagemaker().await;
    client
        .create_notebook_instance()
        .notebook_instance_name("nb-locked")
        .instance_type(sm::InstanceType::MlT3Medium)
        .role_arn(SM_ROLE)
        .subnet_id("subnet-0a1")
        .security_group_ids("sg-0aa")
        .security_group_ids("sg-0bb")
        .kms_key_id(KMS)
        .direct_internet_access(sm::DirectInternetAccess::Disabled)
        .root_access(sm::RootAccess::Disabled)
        .send()
        .await
        .unwrap();
    client
        .create_notebook_instance()
        .notebook_instance_name("nb-open")
        .instance_type(sm::InstanceType::MlT2Medium)
        .role_arn(SM_ROLE)
        .send()
        .await
        .unwrap();

    let cloud = cloud(&m).await;
    let listed = collect_all!(cloud.sagemaker, list_notebook_instances).unwrap();
    assert!(listed.iter().all(|n| n.described.is_pending()));
    let gaps = dsadmin::inventory::Gaps::default();
    let mut nbs = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    nbs.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(nbs.len(), 2, "{nbs:#?}");
    let n = &nbs[0];
    assert_eq!(n.name, "nb-locked");
    assert_eq!(
        n.arn,
        format!("arn:aws:sagemaker:{REGION}:{ACCOUNT}:notebook-instance/nb-locked")
    );
    assert_eq!(n.status, "InService");
    assert_eq!(n.instance_type.as_deref(), Some("ml.t3.medium"));
    assert!(n.created.is_some() && n.last_modified.is_some());
    let n = n.described.known().unwrap();
    assert_eq!(n.direct_internet_access.as_deref(), Some("Disabled"));
    assert_eq!(n.root_access.as_deref(), Some("Disabled"));
    assert_eq!(n.subnet_id.as_deref(), Some("subnet-0a1"));
    assert_eq!(n.security_groups, ["sg-0aa", "sg-0bb"]);
    assert_eq!(n.kms_key_id.as_deref(), Some(KMS));
    assert_eq!(n.role_arn.as_deref(), Some(SM_ROLE));

    let o = &nbs[1];
    assert_eq!(o.name, "nb-open");
    assert_eq!(o.instance_type.as_deref(), Some("ml.t2.medium"));
    let o = o.described.known().unwrap();
    // AWS defaults both to Enabled. moto returns DirectInternetAccess but leaves
    // RootAccess out when it was not given: absent must not read as Disabled.
    assert_eq!(o.direct_internet_access.as_deref(), Some("Enabled"));
    assert_ne!(o.root_access.as_deref(), Some("Disabled"));
    assert_eq!(o.subnet_id, None);
    assert!(o.security_groups.is_empty());
    assert_eq!(o.kms_key_id, None);
}

#[tokio::test]
async fn training_jobs_field_by_field() {
    let m = moto::guard();
    create_training_job(&m, "fraud-xgb-hardened", true).await;
    create_training_job(&m, "fraud-xgb-open", false).await;

    let cloud = cloud(&m).await;
    let listed = collect_all!(cloud.sagemaker, list_training_jobs).unwrap();
    assert!(listed.iter().all(|j| j.described.is_pending()));
    let gaps = dsadmin::inventory::Gaps::default();
    let mut jobs = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(jobs.len(), 2, "{jobs:#?}");
    let h = &jobs[0];
    assert_eq!(h.name, "fraud-xgb-hardened");
    assert_eq!(
        h.arn,
        format!("arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/fraud-xgb-hardened")
    );
    assert_eq!(
        h.status, "Completed",
        "moto completes training jobs at once"
    );
    assert!(h.created.is_some());
    assert!(h.ended.is_some(), "moto sets TrainingEndTime");
    let h = h.described.known().unwrap();
    assert_eq!(h.instance_type.as_deref(), Some("ml.m5.xlarge"));
    assert_eq!(h.instance_count, Some(2));
    assert!(h.in_vpc, "VpcConfig set");
    assert!(h.inter_container_encryption);
    assert!(h.managed_spot);
    assert_eq!(h.role_arn.as_deref(), Some(SM_ROLE));
    // moto 5.2.5 returns neither BillableTimeInSeconds nor TrainingTimeInSeconds.
    assert_eq!(h.billable_secs, None);
    assert_eq!(h.training_secs, None);
    assert_eq!(h.failure_reason, None);

    let o = jobs[1].described.known().unwrap();
    assert_eq!(o.instance_count, Some(1));
    assert!(!o.in_vpc);
    assert!(!o.inter_container_encryption);
    assert!(!o.managed_spot);
}

// ---------------------------------------------------------------------------
// Glue
// ---------------------------------------------------------------------------

#[tokio::test]
async fn glue_jobs_carry_their_definition_and_last_run() {
    let m = moto::guard();
    create_glue_job(&m, "claims-etl").await;
    create_glue_job(&m, "never-run").await;
    let run_id = m
        .glue()
        .await
        .start_job_run()
        .job_name("claims-etl")
        .send()
        .await
        .unwrap()
        .job_run_id()
        .unwrap()
        .to_owned();
    let cloud = cloud(&m).await;

    let listed = collect_all!(cloud.glue, list_jobs).unwrap();
    assert!(
        listed
            .iter()
            .all(|j| j.last_run.is_pending() && j.tags.is_pending()),
        "GetJobs alone: {listed:#?}"
    );
    let gaps = dsadmin::inventory::Gaps::default();
    let mut jobs = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(jobs.len(), 2, "{jobs:#?}");
    let j = &jobs[0];
    assert_eq!(j.name, "claims-etl");
    assert_eq!(j.command, "glueetl");
    assert_eq!(j.script_location, "s3://ds-glue-scripts/claims-etl.py");
    assert_eq!(j.glue_version.as_deref(), Some("4.0"));
    assert_eq!(j.worker_type.as_deref(), Some("G.1X"));
    assert_eq!(j.number_of_workers, Some(5));
    assert_eq!(j.max_capacity, None, "a worker-type job has no MaxCapacity");
    assert_eq!(j.role, GLUE_ROLE);
    assert_eq!(j.security_configuration.as_deref(), Some("ds-glue-kms"));
    assert_eq!(j.timeout_minutes, Some(60));
    assert_eq!(j.description.as_deref(), Some("claims-etl nightly load"));
    assert!(j.created.is_some() && j.last_modified.is_some());
    let tags = j.tags.known().expect("tags from tag:GetResources");
    assert!(tags.contains(&tag("TeamName", "fraud")), "{tags:?}");
    let last = j
        .last_run
        .known()
        .and_then(Option::as_ref)
        .expect("the run StartJobRun made");
    assert_eq!(last.id, run_id);
    assert_eq!(last.job_name, "claims-etl");
    assert_eq!(
        last.state, "SUCCEEDED",
        "moto's default transition runs a job to SUCCEEDED at once"
    );
    assert_eq!(last.execution_secs, Some(123), "moto's fixed ExecutionTime");
    assert_eq!(last.worker_type.as_deref(), Some("G.1X"));
    assert_eq!(last.number_of_workers, Some(5));
    assert_eq!(last.attempt, 0);
    assert!(last.started.is_some() && last.completed.is_some());
    assert_eq!(last.error_message, None);

    assert_eq!(jobs[1].name, "never-run");
    assert_eq!(jobs[1].last_run, Detail::Known(None));

    let runs = collect_all!(cloud.glue, list_job_runs, "claims-etl").unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(&runs[0], last);
    assert!(collect_all!(cloud.glue, list_job_runs, "never-run")
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn glue_crawlers_and_databases_field_by_field() {
    let m = moto::guard();
    let glue = m.glue().await;
    glue.create_database()
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name("claims_raw")
                .description("raw claims")
                .location_uri("s3://ds-lake/claims_raw")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    glue.create_database()
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name("scratch")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    moto::create_s3_crawler(
        &m,
        "claims-nightly",
        GLUE_ROLE,
        Some("claims_raw"),
        "s3://ds-lake/raw/claims",
        Some("cron(0 2 * * ? *)"),
    )
    .await;
    moto::create_s3_crawler(&m, "adhoc", GLUE_ROLE, None, "s3://ds-lake/raw/adhoc", None).await;
    glue.start_crawler().name("adhoc").send().await.unwrap();
    let cloud = cloud(&m).await;

    let mut crawlers = collect_all!(cloud.glue, list_crawlers).unwrap();
    crawlers.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(crawlers.len(), 2, "{crawlers:#?}");
    let a = &crawlers[0];
    assert_eq!(a.name, "adhoc");
    assert_eq!(a.schedule, None, "on demand");
    assert_eq!(a.database, None);
    assert_eq!(a.targets, ["s3://ds-lake/raw/adhoc"]);
    // A started crawler stays RUNNING in moto (its default crawl transition is
    // manual), and moto reports the running crawl itself as LastCrawl with status
    // RUNNING (AWS's LastCrawl is the previous, finished one: SUCCEEDED, CANCELLED
    // or FAILED). dsadmin passes both through as given.
    assert_eq!(a.state, "RUNNING");
    assert_eq!(a.last_crawl_status.as_deref(), Some("RUNNING"));
    assert!(a.last_crawl_started.is_some());
    assert_eq!(a.last_crawl_error, None);

    let c = &crawlers[1];
    assert_eq!(c.name, "claims-nightly");
    assert_eq!(c.state, "READY");
    assert_eq!(c.schedule.as_deref(), Some("cron(0 2 * * ? *)"));
    assert_eq!(c.database.as_deref(), Some("claims_raw"));
    assert_eq!(c.role, GLUE_ROLE);
    assert_eq!(c.targets, ["s3://ds-lake/raw/claims"]);
    assert_eq!(c.last_crawl_status, None, "never crawled");
    assert_eq!(c.last_crawl_started, None);
    assert!(c.created.is_some() && c.last_updated.is_some());

    let mut dbs = collect_all!(cloud.glue, list_databases).unwrap();
    dbs.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(dbs.len(), 2, "{dbs:#?}");
    assert_eq!(dbs[0].name, "claims_raw");
    assert_eq!(dbs[0].description.as_deref(), Some("raw claims"));
    assert_eq!(
        dbs[0].location_uri.as_deref(),
        Some("s3://ds-lake/claims_raw")
    );
    assert!(dbs[0].created.is_some());
    assert_eq!(dbs[1].name, "scratch");
    assert_eq!(dbs[1].description, None);
    assert_eq!(dbs[1].location_uri, None);
}

// ---------------------------------------------------------------------------
// ECR
// ---------------------------------------------------------------------------

#[tokio::test]
async fn ecr_repositories_images_and_scan_findings() {
    let m = moto::guard();
    let ecr = m.ecr().await;
    use aws_sdk_ecr::types as e;
    ecr.create_repository()
        .repository_name("sagemaker-images")
        .image_tag_mutability(e::ImageTagMutability::Immutable)
        .image_scanning_configuration(
            e::ImageScanningConfiguration::builder()
                .scan_on_push(true)
                .build(),
        )
        .encryption_configuration(
            e::EncryptionConfiguration::builder()
                .encryption_type(e::EncryptionType::Kms)
                .kms_key(KMS)
                .build()
                .unwrap(),
        )
        .tags(
            e::Tag::builder()
                .key("TeamName")
                .value("platform")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    ecr.create_repository()
        .repository_name("scratch")
        .send()
        .await
        .unwrap();

    let scanned = moto::put_image(&m, "sagemaker-images", "pytorch-2.3", 1, 734_003_200).await;
    let default_scan = moto::put_image(&m, "sagemaker-images", "sklearn-1.5", 2, 512_000_000).await;
    let unscanned = moto::put_image(&m, "sagemaker-images", "r-4.4", 3, 300_000_000).await;
    assert_eq!(
        [&scanned, &default_scan, &unscanned]
            .iter()
            .collect::<BTreeSet<_>>()
            .len(),
        3,
        "distinct layers give distinct digests"
    );
    // Scan on push does not scan in moto (no scan record until StartImageScan), so
    // scan two images by hand; the third stays never-scanned.
    for tag_name in ["pytorch-2.3", "sklearn-1.5"] {
        ecr.start_image_scan()
            .repository_name("sagemaker-images")
            .image_id(e::ImageIdentifier::builder().image_tag(tag_name).build())
            .send()
            .await
            .unwrap();
    }
    // Findings of our own for the first image (moto's control API); the second gets
    // moto's default result, one HIGH finding.
    m.post(
        "/moto-api/static/ecr/scan-finding-results",
        &serde_json::json!({
            "region": REGION,
            "results": [{
                "registryId": ACCOUNT,
                "repositoryName": "sagemaker-images",
                "imageId": {"imageDigest": scanned},
                "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
                "imageScanFindings": {
                    "findings": [],
                    "findingSeverityCounts": {
                        "CRITICAL": 1, "HIGH": 2, "MEDIUM": 3, "LOW": 4, "INFORMATIONAL": 5, "UNDEFINED": 6
                    }
                }
            }]
        })
        .to_string(),
    );
    let cloud = cloud(&m).await;

    let listed = collect_all!(cloud.ecr, list_repositories).unwrap();
    assert!(listed
        .iter()
        .all(|r| r.image_count.is_pending() && r.tags.is_pending()));
    let gaps = dsadmin::inventory::Gaps::default();
    let mut repos = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(repos.len(), 2, "{repos:#?}");
    let r = &repos[0];
    assert_eq!(r.name, "sagemaker-images");
    assert_eq!(
        r.arn,
        format!("arn:aws:ecr:{REGION}:{ACCOUNT}:repository/sagemaker-images")
    );
    assert_eq!(
        r.uri,
        format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/sagemaker-images")
    );
    assert_eq!(r.registry_id, ACCOUNT);
    assert_eq!(r.tag_mutability, "IMMUTABLE");
    assert!(r.scan_on_push);
    assert_eq!(r.encryption, "KMS");
    assert_eq!(r.kms_key.as_deref(), Some(KMS));
    assert!(r.created.is_some());
    assert!(
        r.tags
            .known_or_empty()
            .contains(&tag("TeamName", "platform")),
        "{:?}",
        r.tags
    );
    assert_eq!(
        r.image_count,
        Detail::Known(3),
        "ListImages, counted by digest"
    );
    let s = &repos[1];
    assert_eq!(s.name, "scratch");
    assert_eq!(s.tag_mutability, "MUTABLE", "the default");
    assert!(!s.scan_on_push);
    assert_eq!(s.encryption, "AES256", "the default");
    assert_eq!(s.kms_key, None);

    let listed = collect_all!(cloud.ecr, list_images, "sagemaker-images").unwrap();
    assert!(
        listed.iter().all(|i| i.scan.is_pending()),
        "moto's DescribeImages has no scan summary: the scan is a follow-up"
    );
    let images = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    assert_eq!(images.len(), 3, "{images:#?}");
    let by_tag = |t: &str| {
        images
            .iter()
            .find(|i| i.tags == [t])
            .unwrap_or_else(|| panic!("{t}: {images:#?}"))
    };

    let a = by_tag("pytorch-2.3");
    assert_eq!(a.repository, "sagemaker-images");
    assert_eq!(a.digest, scanned);
    assert_eq!(
        a.size_bytes, 734_003_200,
        "moto reports the config blob's size"
    );
    assert!(a.pushed.is_some());
    assert_eq!(a.scan_status(), Some("COMPLETE"));
    assert_eq!(
        a.findings(),
        Some(&FindingCounts {
            critical: 1,
            high: 2,
            medium: 3,
            low: 4,
            informational: 5,
            undefined: 6
        })
    );
    assert_eq!(a.findings().unwrap().total(), 21);

    let b = by_tag("sklearn-1.5");
    assert_eq!(b.digest, default_scan);
    assert_eq!(b.size_bytes, 512_000_000);
    assert_eq!(b.scan_status(), Some("COMPLETE"));
    assert_eq!(
        b.findings(),
        Some(&FindingCounts {
            high: 1,
            ..FindingCounts::default()
        }),
        "moto's default scan result: one HIGH finding"
    );

    let c = by_tag("r-4.4");
    assert_eq!(c.digest, unscanned);
    assert_eq!(
        c.scan,
        Detail::Known(Scan::default()),
        "never scanned: ScanNotFoundException is not an error"
    );

    assert!(collect_all!(cloud.ecr, list_images, "scratch")
        .unwrap()
        .is_empty());
}

// ---------------------------------------------------------------------------
// STS, pagination, errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn caller_identity_is_mapped() {
    let m = moto::guard();
    let id = cloud(&m).await.identity.caller_identity().await.unwrap();
    assert_eq!(id.account, ACCOUNT);
    assert_eq!(id.arn, format!("arn:aws:sts::{ACCOUNT}:user/moto"));
    assert!(!id.user_id.is_empty(), "{id:?}");
}

#[tokio::test]
async fn every_paginated_list_follows_all_pages_as_they_arrive() {
    let m = moto::guard();
    let sagemaker = m.sagemaker().await;
    let names: Vec<String> = (1..=5).map(|i| format!("team-{i}")).collect();
    for n in &names {
        create_domain_plain(&m, n).await;
        create_plain_endpoint(&m, n).await;
        sagemaker
            .create_notebook_instance()
            .notebook_instance_name(n)
            .instance_type(sm::InstanceType::MlT3Medium)
            .role_arn(SM_ROLE)
            .send()
            .await
            .unwrap();
        create_training_job(&m, n, false).await;
        create_glue_job(&m, n).await;
    }
    let glue = m.glue().await;
    let mut run_ids = Vec::new();
    for _ in 0..5 {
        // moto runs a job to SUCCEEDED at once, so MaxConcurrentRuns 1 never refuses.
        let id = glue
            .start_job_run()
            .job_name("team-1")
            .send()
            .await
            .unwrap();
        run_ids.push(id.job_run_id().unwrap().to_owned());
    }
    let cloud = paged_cloud(&m).await;

    let sink = Pages::new();
    cloud.sagemaker.list_domains(&sink).await.unwrap();
    assert_paged("domains", sink.pages(), |d| d.name.clone(), &names);

    let sink = Pages::new();
    cloud.sagemaker.list_endpoints(&sink).await.unwrap();
    assert_paged("endpoints", sink.pages(), |e| e.name.clone(), &names);

    let sink = Pages::new();
    cloud
        .sagemaker
        .list_notebook_instances(&sink)
        .await
        .unwrap();
    assert_paged(
        "notebook instances",
        sink.pages(),
        |n| n.name.clone(),
        &names,
    );

    let sink = Pages::new();
    cloud.sagemaker.list_training_jobs(&sink).await.unwrap();
    assert_paged("training jobs", sink.pages(), |t| t.name.clone(), &names);

    let sink = Pages::new();
    cloud.glue.list_jobs(&sink).await.unwrap();
    assert_paged("glue jobs", sink.pages(), |j| j.name.clone(), &names);

    let sink = Pages::new();
    cloud.glue.list_job_runs("team-1", &sink).await.unwrap();
    let pages = sink.pages();
    // Newest first within each page. (Across pages the order is the server's: AWS
    // answers newest first, moto 5.2.5 oldest first.)
    for page in &pages {
        let started: Vec<_> = page.iter().map(|r| r.started.unwrap()).collect();
        assert!(
            started.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {started:?}"
        );
    }
    assert_paged("job runs", pages, |r| r.id.clone(), &run_ids);
}

#[tokio::test]
async fn access_denied_names_the_refused_action() {
    let m = moto::guard();
    create_domain_plain(&m, "team-a").await;
    // A user with no policies at all, and a profile that uses its keys.
    let (key_id, secret) = m.iam_user("support-bau", None);
    moto::write_credentials(&[("support-bau", &key_id, &secret)]);
    // From now on moto checks every call against the caller's IAM policies.
    m.reset_auth(true);

    let cloud = connect(&AwsOptions {
        profile: Some("support-bau".to_owned()),
        ..options(&m)
    })
    .await
    .unwrap();
    let cases = [
        (
            "sagemaker:ListDomains",
            collect_all!(cloud.sagemaker, list_domains)
                .map(|_| ())
                .unwrap_err(),
        ),
        (
            "sagemaker:ListEndpoints",
            collect_all!(cloud.sagemaker, list_endpoints)
                .map(|_| ())
                .unwrap_err(),
        ),
        (
            "glue:GetJobs",
            collect_all!(cloud.glue, list_jobs).map(|_| ()).unwrap_err(),
        ),
        (
            "glue:GetCrawlers",
            collect_all!(cloud.glue, list_crawlers)
                .map(|_| ())
                .unwrap_err(),
        ),
        (
            "ecr:DescribeRepositories",
            collect_all!(cloud.ecr, list_repositories)
                .map(|_| ())
                .unwrap_err(),
        ),
    ];
    for (action, err) in cases {
        match &err {
            CloudError::AccessDenied { action: a, message } => {
                assert_eq!(a, action, "{err:?}");
                assert!(
                    message.contains("support-bau"),
                    "the message names the user: {message}"
                );
            }
            other => panic!("{action}: want AccessDenied, got {other:?}"),
        }
        assert!(err.to_string().contains(action), "{err}");
    }
    // GetCallerIdentity needs no permission (on AWS either): the header still says who.
    let id = cloud.identity.caller_identity().await.unwrap();
    assert_eq!(id.arn, format!("arn:aws:iam::{ACCOUNT}:user/support-bau"));
    m.reset_auth(false);
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_quick_network_error_naming_it() {
    moto::test_env();
    // A port nobody listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let cloud = connect(&AwsOptions {
        endpoint_url: Some(endpoint.clone()),
        region: Some(REGION.to_owned()),
        max_attempts: 2,
        initial_backoff: Duration::from_millis(1),
        ..Default::default()
    })
    .await
    .unwrap();
    let started = Instant::now();
    let err = collect_all!(cloud.sagemaker, list_domains).unwrap_err();
    let took = started.elapsed();
    match &err {
        CloudError::Network { endpoint: e, .. } => {
            assert!(
                e.contains(&format!("127.0.0.1:{port}")),
                "names the endpoint: {err:?}"
            )
        }
        other => panic!("want Network, got {other:?}"),
    }
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    assert!(
        took < Duration::from_secs(5),
        "fails fast with retries turned down: {took:?}"
    );
}

// ---------------------------------------------------------------------------
// The TUI over the AWS cloud
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_tui_shows_the_emulators_rows_in_every_tab_moto_serves() {
    let m = moto::guard();
    create_domain_secure(&m, "fraud-prod").await;
    create_two_variant_endpoint(&m, "claims-scorer").await;
    create_glue_job(&m, "claims-etl").await;
    m.glue()
        .await
        .start_job_run()
        .job_name("claims-etl")
        .send()
        .await
        .unwrap();
    moto::create_s3_crawler(
        &m,
        "claims-nightly",
        GLUE_ROLE,
        Some("claims_raw"),
        "s3://ds-lake/raw",
        Some("cron(0 2 * * ? *)"),
    )
    .await;
    m.ecr()
        .await
        .create_repository()
        .repository_name("sagemaker-images")
        .send()
        .await
        .unwrap();
    let digest = moto::put_image(&m, "sagemaker-images", "pytorch-2.3", 7, 734_003_200).await;

    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let mut h = common::Harness::with_cloud(cloud(&m).await, settings).await;

    h.keys("1").await;
    let screen = h.screen();
    assert!(screen.contains("fraud-prod"), "Domains tab:\n{screen}");
    assert!(screen.contains("VpcOnly"), "Domains tab:\n{screen}");

    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("claims-etl"), "Jobs tab:\n{screen}");
    assert!(screen.contains("G.1X"), "Jobs tab:\n{screen}");
    h.keys("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("SUCCEEDED"), "the job's runs:\n{screen}");
    h.keys("<esc>").await;

    h.keys("4").await;
    let screen = h.screen();
    assert!(screen.contains("claims-nightly"), "Crawlers tab:\n{screen}");
    assert!(screen.contains("claims_raw"), "Crawlers tab:\n{screen}");

    h.keys("5").await;
    let screen = h.screen();
    assert!(screen.contains("sagemaker-images"), "Images tab:\n{screen}");
    h.keys("<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("pytorch-2.3"),
        "the repository's images:\n{screen}"
    );
    assert!(
        screen.contains(&digest["sha256:".len().."sha256:".len() + 12]),
        "short digest:\n{screen}"
    );
    h.keys("<esc>").await;

    h.keys("7").await;
    let screen = h.screen();
    assert!(screen.contains("claims-scorer"), "Endpoints tab:\n{screen}");
    h.keys("<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("blue") && screen.contains("green"),
        "the endpoint's variants:\n{screen}"
    );
    assert!(screen.contains("75"), "blue's share:\n{screen}");
}

// ---------------------------------------------------------------------------
// The CLI over the AWS cloud
// ---------------------------------------------------------------------------

/// Runs the real binary against moto and returns its stdout (panics with stderr).
fn dsadmin(m: &MotoGuard, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--endpoint-url", &m.endpoint(), "--region", REGION])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "dsadmin {args:?} failed ({}):\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    stdout
}

/// Whether any JSON object in `v` (at any depth) has every `(key, value)` given.
fn has_object(v: &serde_json::Value, fields: &[(&str, &str)]) -> bool {
    match v {
        serde_json::Value::Object(map) => {
            fields
                .iter()
                .all(|(k, want)| map.get(*k).and_then(|x| x.as_str()) == Some(*want))
                || map.values().any(|x| has_object(x, fields))
        }
        serde_json::Value::Array(items) => items.iter().any(|x| has_object(x, fields)),
        _ => false,
    }
}

#[tokio::test]
async fn dsadmin_get_prints_the_emulators_rows() {
    let m = moto::guard();
    create_domain_secure(&m, "fraud-prod").await;
    create_two_variant_endpoint(&m, "claims-scorer").await;
    create_glue_job(&m, "claims-etl").await;
    m.ecr()
        .await
        .create_repository()
        .repository_name("sagemaker-images")
        .send()
        .await
        .unwrap();
    let digest = moto::put_image(&m, "sagemaker-images", "pytorch-2.3", 9, 1_000).await;

    let table = dsadmin(&m, &["get", "domains"]);
    assert!(
        table.contains("fraud-prod") && !table.contains("VpcOnly"),
        "ListDomains' fields only:\n{table}"
    );
    let table = dsadmin(&m, &["get", "domains", "--wide"]);
    assert!(
        table.contains("fraud-prod") && table.contains("VpcOnly"),
        "{table}"
    );

    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["get"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--output", "json"]);
        let text = dsadmin(&m, &all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
    };
    let domains = json(&["domains", "--wide"]);
    assert!(
        has_object(
            &domains,
            &[
                ("name", "fraud-prod"),
                ("network_mode", "VpcOnly"),
                ("auth_mode", "IAM")
            ]
        ),
        "{domains:#}"
    );
    let jobs = json(&["jobs"]);
    assert!(
        has_object(&jobs, &[("name", "claims-etl"), ("worker_type", "G.1X")]),
        "{jobs:#}"
    );
    let images = json(&["images", "--repository", "sagemaker-images"]);
    assert!(
        has_object(&images, &[("digest", digest.as_str())]),
        "{images:#}"
    );
    let endpoints = json(&["endpoints", "--wide"]);
    assert!(
        has_object(&endpoints, &[("name", "claims-scorer")]),
        "{endpoints:#}"
    );
    assert!(
        has_object(
            &endpoints,
            &[("name", "blue"), ("instance_type", "ml.m5.large")]
        ),
        "{endpoints:#}"
    );
}

/// The real binary in tmux against moto: the emulator's rows on screen, and
/// `:region` switching to an empty region reloads every tab.
#[tokio::test]
async fn the_binary_in_tmux_shows_the_emulator_and_switches_region() {
    let m = moto::guard();
    create_domain_secure(&m, "fraud-prod").await;
    create_two_variant_endpoint(&m, "claims-scorer").await;
    create_glue_job(&m, "claims-etl").await;
    let env = moto::test_env();
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    // The tmux server may have been started by someone else: pass the test
    // environment explicitly, and nothing of the caller's AWS setup.
    let cmd = format!(
        "env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
         AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE={cfg} AWS_SHARED_CREDENTIALS_FILE={creds} \
         XDG_CONFIG_HOME={home} XDG_STATE_HOME={home} \
         {bin} --endpoint-url {endpoint} --region {REGION}; echo $? > {status}",
        cfg = env.join("config").display(),
        creds = env.join("credentials").display(),
        home = dir.path().display(),
        bin = env!("CARGO_BIN_EXE_dsadmin"),
        endpoint = m.endpoint(),
        status = status.display(),
    );
    let s = common::tmux::Session::start(format!("dsadmin-moto-{}", std::process::id()), &cmd);

    let screen = s.wait_for("account 123456789012");
    assert!(!screen.contains("DEMO"), "{screen}");
    s.send(&["1"]);
    // The row comes from ListDomains first; its settings fill in after.
    s.wait_for("fraud-prod");
    let screen = s.wait_for("VpcOnly");
    assert!(screen.contains("fraud-prod"), "{screen}");
    s.send(&["3"]);
    s.wait_for("claims-etl");
    s.send(&["7"]);
    let screen = s.wait_for("claims-scorer");
    assert!(screen.contains("blue 75%"), "{screen}");
    // Users: moto has no user profiles; the error stays in that tab.
    s.send(&["2"]);
    s.wait_for("Could not load user profiles");
    // Another region of the same emulator is empty.
    s.send(&[":", "region us-east-1", "Enter"]);
    s.wait_for("region us-east-1");
    s.send(&["1"]);
    let screen = s.wait_for("No domains");
    assert!(!screen.contains("fraud-prod"), "{screen}");
    s.send(&["q"]);
    let code = common::tmux::wait_for_file(&status);
    assert_eq!(code.trim(), "0");
}
