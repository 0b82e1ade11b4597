//! Changes whose answer is lost are sent once and read back (issue: one
//! `glue start-run` started three runs behind a slow proxy). The proxy in
//! front of moto forwards the change, so it happens, and loses its answer:
//! held past the client's attempt timeout, or the connection closed. The
//! client allows three attempts, as the CLI does: exactly one request of
//! the change may leave dsadmin, the change happens once, and the journal
//! says what the read-back found, never "failed".

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use dsadmin::audit::{AuditContext, Journal, OpError, Outcome, Phase};
use dsadmin::cloud::aws::{connect, AwsOptions};
use dsadmin::cloud::{Cloud, CloudError};
use dsadmin::collect_all;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::teams::TeamSettings;
use dsadmin::ops::{day2, onboard_run, CreateUserProfileRequest};
use dsadmin::policy::Policy;

use common::fake_profiles::FakeProfiles;
use common::moto::{self, create_glue_job, MotoGuard, ACCOUNT, REGION, SM_ROLE};
use common::proxy::{Lose, RecordingProxy};

/// Three attempts, 1 ms apart, each given one second: a held answer is a
/// timeout long before the proxy lets it go.
async fn cloud_via(proxy: &RecordingProxy) -> Cloud {
    connect(&AwsOptions {
        endpoint_url: Some(proxy.endpoint()),
        region: Some(REGION.to_owned()),
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        attempt_timeout: Duration::from_secs(1),
        ..Default::default()
    })
    .await
    .unwrap()
}

/// Straight to moto, to see what really happened.
async fn direct(m: &MotoGuard) -> Cloud {
    connect(&AwsOptions {
        endpoint_url: Some(m.endpoint()),
        region: Some(REGION.to_owned()),
        max_attempts: 1,
        ..Default::default()
    })
    .await
    .unwrap()
}

fn ops(cloud: Cloud, dir: &tempfile::TempDir) -> OpsContext {
    OpsContext {
        cloud,
        policy: Policy::read_write(),
        journal: Arc::new(Journal::open(dir.path().join("audit.jsonl")).unwrap()),
        audit: AuditContext {
            caller_arn: None,
            profile: "default".into(),
            region: REGION.into(),
            account: Some(ACCOUNT.into()),
        },
    }
}

/// The outcome of the journal's one finished record.
fn finished(dir: &tempfile::TempDir) -> Outcome {
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    let done: Vec<_> = records
        .into_iter()
        .filter(|r| r.phase == Phase::Finished)
        .collect();
    assert_eq!(done.len(), 1, "{done:?}");
    done[0].outcome.clone().unwrap()
}

#[tokio::test]
async fn a_held_start_job_run_starts_one_run_and_is_read_back() {
    let m = moto::guard();
    create_glue_job(&m, "claims-etl").await;
    let proxy = RecordingProxy::losing(
        m.port(),
        &["StartJobRun"],
        Lose::Hold(Duration::from_secs(3)),
    );
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud_via(&proxy).await, &dir);

    let done = day2::start_job_run(&ops, "claims-etl").await.unwrap();

    assert_eq!(
        proxy.count("StartJobRun"),
        1,
        "sent once: {:?}",
        proxy.seen()
    );
    let runs = collect_all!(direct(&m).await.glue, list_job_runs, "claims-etl").unwrap();
    assert_eq!(runs.len(), 1, "one run: {runs:?}");
    assert_eq!(
        done.value, runs[0].id,
        "the run read back is the run started"
    );
    let checked = done.read_back.clone().unwrap();
    assert!(
        checked.contains("glue:GetJobRuns") && checked.contains(&runs[0].id),
        "{checked}"
    );
    match finished(&dir) {
        Outcome::Confirmed { checked } => assert!(checked.contains(&runs[0].id), "{checked}"),
        other => panic!("the journal should say confirmed by read-back: {other:?}"),
    }
}

#[tokio::test]
async fn a_lost_start_job_run_with_no_run_to_find_is_unknown_not_failed() {
    let m = moto::guard();
    create_glue_job(&m, "claims-etl").await;
    // The answer is lost and so is every answer to the read-back's
    // GetJobRuns (retried, as reads are): nothing proves either way.
    let proxy = RecordingProxy::losing(m.port(), &["StartJobRun", "GetJobRuns"], Lose::Drop);
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud_via(&proxy).await, &dir);

    let err = day2::start_job_run(&ops, "claims-etl").await.unwrap_err();

    assert_eq!(proxy.count("StartJobRun"), 1, "{:?}", proxy.seen());
    assert_eq!(proxy.count("GetJobRuns"), 3, "reads keep their retries");
    assert!(err.outcome_unknown(), "{err:?}");
    let OpError::Cloud(CloudError::OutcomeUnknown { action, message }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(action, "glue:StartJobRun");
    assert!(message.contains("not sent again"), "{message}");
    assert!(message.contains("read back"), "what was checked: {message}");
    match finished(&dir) {
        Outcome::Unknown { code, message } => {
            assert_eq!(code, "OutcomeUnknown");
            assert!(message.contains("read back"), "{message}");
        }
        other => panic!("the journal should say unknown: {other:?}"),
    }
}

/// The domain the profile goes into, as `describe_domain` gives it.
fn domain() -> dsadmin::model::Domain {
    common::secure_domain("d-claims000001", "IAM")
}

#[tokio::test]
async fn a_dropped_create_user_profile_creates_one_profile_and_is_read_back() {
    // moto 5.2.5 has no CreateUserProfile: a stand-in answers it, with the
    // losing proxy in front as for the other changes.
    let _m = moto::guard(); // the dummy credentials
    let fake = FakeProfiles::start();
    let proxy = RecordingProxy::losing(fake.port, &["CreateUserProfile"], Lose::Drop);
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud_via(&proxy).await, &dir);
    let req = CreateUserProfileRequest::for_team(
        &domain(),
        "fraud",
        &TeamSettings::new(SM_ROLE),
        "alice",
        None,
    );

    let done = onboard_run::create_user_profile(&ops, &req).await.unwrap();

    assert_eq!(proxy.count("CreateUserProfile"), 1, "{:?}", proxy.seen());
    assert_eq!(fake.created().len(), 1);
    assert!(
        done.value.ends_with("user-profile/d-claims000001/alice"),
        "{}",
        done.value
    );
    let checked = done.read_back.unwrap();
    assert!(
        checked.contains("DescribeUserProfile") && checked.contains("Pending"),
        "{checked}"
    );
    assert!(matches!(finished(&dir), Outcome::Confirmed { .. }));
}

#[tokio::test]
async fn a_lost_create_whose_profile_differs_stays_unknown() {
    // Someone else's alice, with another role, is not the one asked for.
    let _m = moto::guard();
    let fake = FakeProfiles::start();
    let proxy = RecordingProxy::losing(fake.port, &["CreateUserProfile"], Lose::Drop);
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud_via(&proxy).await, &dir);
    let theirs = CreateUserProfileRequest::for_team(
        &domain(),
        "fraud",
        &TeamSettings::new("arn:aws:iam::123456789012:role/someone-else"),
        "alice",
        None,
    );
    // Sent straight to the stand-in, so it answers.
    let direct_proxy = RecordingProxy::start(fake.port);
    cloud_via(&direct_proxy)
        .await
        .sagemaker
        .create_user_profile(&theirs)
        .await
        .unwrap();
    let ours = CreateUserProfileRequest::for_team(
        &domain(),
        "fraud",
        &TeamSettings::new(SM_ROLE),
        "alice",
        None,
    );

    let err = onboard_run::create_user_profile(&ops, &ours)
        .await
        .unwrap_err();

    assert!(err.outcome_unknown(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("differs from the request") && text.contains("someone-else"),
        "{text}"
    );
    assert!(matches!(finished(&dir), Outcome::Unknown { .. }));
}

#[tokio::test]
async fn a_change_that_never_connected_is_a_network_error_not_unknown() {
    // A port nothing listens on: the connection is refused, so nothing was
    // sent and the failure is certain (the attempts may be repeated).
    let _m = moto::guard(); // the dummy credentials
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cloud = connect(&AwsOptions {
        endpoint_url: Some(format!("http://127.0.0.1:{closed}")),
        region: Some(REGION.to_owned()),
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        ..Default::default()
    })
    .await
    .unwrap();
    match cloud.glue.start_job_run("claims-etl").await {
        Err(CloudError::Network { endpoint, .. }) => {
            assert!(endpoint.contains(&closed.to_string()))
        }
        other => panic!("a refused connection is a plain network error: {other:?}"),
    }
}

#[tokio::test]
async fn ecrs_once_a_day_scan_limit_is_not_retried_as_throttling() {
    // The SDK counts LimitExceededException as throttling; for ECR's scan
    // it is a quota (one scan per image a day), which waiting never lifts.
    let m = moto::guard();
    m.ecr()
        .await
        .create_repository()
        .repository_name("ds/base")
        .send()
        .await
        .unwrap();
    moto::put_image(&m, "ds/base", "v1", 7, 2048).await;
    let proxy = RecordingProxy::start(m.port());
    let cloud = cloud_via(&proxy).await;

    cloud.ecr.start_image_scan("ds/base", "v1").await.unwrap();
    let err = cloud
        .ecr
        .start_image_scan("ds/base", "v1")
        .await
        .unwrap_err();

    assert_eq!(proxy.count("StartImageScan"), 2, "{:?}", proxy.seen());
    assert!(matches!(err, CloudError::Validation { .. }), "{err:?}");
}

#[tokio::test]
async fn a_dropped_model_approval_is_sent_once_and_read_back_as_landed() {
    let m = moto::guard();
    let arns = moto::create_model_package_group(&m, "churn", &["PendingManualApproval"]).await;
    let proxy = RecordingProxy::losing(m.port(), &["UpdateModelPackage"], Lose::Drop);
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud_via(&proxy).await, &dir);
    let shown = collect_all!(ops.cloud.sagemaker, list_model_packages, "churn").unwrap();
    let change = dsadmin::ops::model_approval::ApprovalChange::of(
        &shown[0],
        dsadmin::ops::model_approval::Verdict::Approve,
        "MRB-9".into(),
    );

    let done = dsadmin::ops::model_approval::set_approval(&ops, &change)
        .await
        .unwrap();

    assert_eq!(proxy.count("UpdateModelPackage"), 1, "{:?}", proxy.seen());
    let now = direct(&m)
        .await
        .sagemaker
        .describe_model_package(&arns[0])
        .await
        .unwrap();
    assert_eq!(now.approval, "Approved");
    let checked = done.read_back.unwrap();
    assert!(
        checked.contains("DescribeModelPackage shows Approved"),
        "{checked}"
    );
    assert!(matches!(finished(&dir), Outcome::Confirmed { .. }));
}
