//! Live tests of the day-2 mutations (Glue runs and crawlers, ECR scans): the real
//! `cloud::aws` client against moto server, each effect read back through the SDK
//! or dsadmin's own list calls. BatchStopJobRun is missing from moto; its request
//! and its Errors handling are proven with SDK mocks in `aws_mocks.rs`.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use aws_sdk_ecr::types as e;
use dsadmin::cloud::{Cloud, CloudError};
use dsadmin::collect_all;

use common::moto::{self, create_glue_job, MotoGuard, GLUE_ROLE};

/// moto's endpoint, one attempt: moto answers 500 for what it lacks, and a retry
/// of that only slows the suite.
async fn cloud(m: &MotoGuard) -> Cloud {
    moto::connect_once(m.endpoint()).await
}

async fn create_crawler(m: &MotoGuard, name: &str) {
    let path = format!("s3://ds-lake/raw/{name}");
    moto::create_s3_crawler(m, name, GLUE_ROLE, None, &path, None).await;
}

fn assert_not_found<T: std::fmt::Debug>(r: Result<T, CloudError>, needle: &str) {
    match r {
        Err(CloudError::NotFound { what }) => {
            assert!(what.contains(needle), "'{what}' should mention '{needle}'")
        }
        other => panic!("expected NotFound mentioning {needle}, got {other:?}"),
    }
}

#[tokio::test]
async fn start_job_run_adds_a_run_with_a_request_id() {
    let m = moto::guard();
    create_glue_job(&m, "claims-etl").await;
    let cloud = cloud(&m).await;

    let done = cloud.glue.start_job_run("claims-etl").await.unwrap();
    assert!(done.value.starts_with("jr_"), "{}", done.value);
    assert!(
        done.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "the journal needs the request id: {done:?}"
    );
    let second = cloud.glue.start_job_run("claims-etl").await.unwrap();
    assert_ne!(second.value, done.value);

    let runs = collect_all!(cloud.glue, list_job_runs, "claims-etl").unwrap();
    let ids: Vec<&str> = runs.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&done.value.as_str()), "{ids:?}");
    assert!(ids.contains(&second.value.as_str()), "{ids:?}");
    assert!(runs.iter().all(|r| r.job_name == "claims-etl"));

    assert_not_found(cloud.glue.start_job_run("no-such-job").await, "no-such-job");
}

#[tokio::test]
async fn crawler_start_twice_is_refused_and_stop_ends_the_crawl() {
    let m = moto::guard();
    create_crawler(&m, "claims-nightly").await;
    let cloud = cloud(&m).await;
    let state = || async {
        collect_all!(cloud.glue, list_crawlers).unwrap()[0]
            .state
            .clone()
    };
    assert_eq!(state().await, "READY");

    let done = cloud.glue.start_crawler("claims-nightly").await.unwrap();
    assert!(done.request_id.is_some(), "{done:?}");
    assert_eq!(state().await, "RUNNING");

    match cloud.glue.start_crawler("claims-nightly").await {
        Err(CloudError::Validation { message }) => {
            assert_eq!(message, "crawler claims-nightly is already running")
        }
        other => panic!("expected the already-running refusal, got {other:?}"),
    }

    let done = cloud.glue.stop_crawler("claims-nightly").await.unwrap();
    assert!(done.request_id.is_some(), "{done:?}");
    // moto's crawl transitions are manual: a stopped crawler stays STOPPING (AWS
    // gets to READY once the crawl winds down).
    let after = state().await;
    assert!(
        after == "STOPPING" || after == "READY",
        "a stopped crawl winds down: {after}"
    );
    // Either way a second stop is refused with a clear message.
    match cloud.glue.stop_crawler("claims-nightly").await {
        Err(CloudError::Validation { message }) => assert!(
            message == "crawler claims-nightly is not running"
                || message == "crawler claims-nightly is already stopping",
            "{message}"
        ),
        other => panic!("expected a refusal of the second stop, got {other:?}"),
    }

    assert_not_found(
        cloud.glue.start_crawler("no-such-crawler").await,
        "no-such-crawler",
    );
    assert_not_found(
        cloud.glue.stop_crawler("no-such-crawler").await,
        "no-such-crawler",
    );
}

#[tokio::test]
async fn a_ready_crawler_cannot_be_stopped() {
    let m = moto::guard();
    create_crawler(&m, "idle").await;
    let cloud = cloud(&m).await;
    match cloud.glue.stop_crawler("idle").await {
        Err(CloudError::Validation { message }) => {
            assert_eq!(message, "crawler idle is not running")
        }
        other => panic!("expected the not-running refusal, got {other:?}"),
    }
}

async fn scan_findings(
    m: &MotoGuard,
    repo: &str,
    id: e::ImageIdentifier,
) -> aws_sdk_ecr::operation::describe_image_scan_findings::DescribeImageScanFindingsOutput {
    m.ecr()
        .await
        .describe_image_scan_findings()
        .repository_name(repo)
        .image_id(id)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn start_image_scan_by_digest_and_by_tag() {
    let m = moto::guard();
    m.ecr()
        .await
        .create_repository()
        .repository_name("sagemaker-images")
        .send()
        .await
        .unwrap();
    let by_digest = moto::put_image(&m, "sagemaker-images", "pytorch-2.3", 1, 7023).await;
    moto::put_image(&m, "sagemaker-images", "sklearn-1.5", 2, 7023).await;
    let cloud = cloud(&m).await;

    let done = cloud
        .ecr
        .start_image_scan("sagemaker-images", &by_digest)
        .await
        .unwrap();
    assert_eq!(done.value, "IN_PROGRESS", "{done:?}");
    assert!(done.request_id.is_some(), "{done:?}");
    let out = scan_findings(
        &m,
        "sagemaker-images",
        e::ImageIdentifier::builder()
            .image_digest(&by_digest)
            .build(),
    )
    .await;
    assert!(out.image_scan_status().is_some(), "{out:?}");
    assert!(out.image_scan_findings().is_some(), "{out:?}");

    let done = cloud
        .ecr
        .start_image_scan("sagemaker-images", "sklearn-1.5")
        .await
        .unwrap();
    assert_eq!(done.value, "IN_PROGRESS", "{done:?}");
    let out = scan_findings(
        &m,
        "sagemaker-images",
        e::ImageIdentifier::builder()
            .image_tag("sklearn-1.5")
            .build(),
    )
    .await;
    assert!(out.image_scan_findings().is_some(), "{out:?}");

    assert_not_found(
        cloud.ecr.start_image_scan("no-such-repo", "latest").await,
        "no-such-repo",
    );
    assert!(matches!(
        cloud
            .ecr
            .start_image_scan("sagemaker-images", "no-such-tag")
            .await,
        Err(CloudError::NotFound { .. })
    ));
}
