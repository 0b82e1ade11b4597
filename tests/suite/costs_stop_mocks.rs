//! The bulk stop on the real AWS client (`aws-smithy-mocks`): one DeleteApp
//! per app with exactly the API's fields, a failure that does not stop the
//! others, and read-only sending no request at all.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::sync::{Arc, Mutex};

use aws_sdk_sagemaker::operation::delete_app::{DeleteAppError, DeleteAppInput, DeleteAppOutput};
use aws_sdk_sagemaker::Client;
use aws_smithy_mocks::{mock, RuleMode};

use common::mocks::{client, error, Requests};
use dsadmin::audit::{AuditContext, Journal, Outcome};
use dsadmin::cloud::aws::{AwsContext, AwsSageMaker};
use dsadmin::cloud::Cloud;
use dsadmin::model::requests::{AppOwner, AppRef};
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::stop_apps::stop_apps;
use dsadmin::policy::{Policy, ReadOnlyReason};

const DOMAIN: &str = "d-abcdefghijkl";

fn apps() -> Vec<AppRef> {
    vec![
        AppRef {
            domain_id: DOMAIN.into(),
            owner: AppOwner::Space("alice-lab".into()),
            app_type: "JupyterLab".into(),
            app_name: "default".into(),
        },
        AppRef {
            domain_id: DOMAIN.into(),
            owner: AppOwner::User("bob".into()),
            app_type: "KernelGateway".into(),
            app_name: "datascience-ml-m5-large-1a2b".into(),
        },
    ]
}

fn ops(sm: AwsSageMaker, policy: Policy, dir: &std::path::Path) -> OpsContext {
    OpsContext {
        cloud: Cloud {
            sagemaker: Arc::new(sm),
            ..common::demo_cloud()
        },
        policy,
        journal: Arc::new(Journal::open(dir.join("audit.jsonl")).unwrap()),
        audit: AuditContext::default(),
    }
}

#[tokio::test]
async fn each_app_gets_its_own_delete_app_and_a_failure_does_not_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let sent: Arc<Mutex<Vec<DeleteAppInput>>> = Arc::default();
    let log = sent.clone();
    let refused = mock!(Client::delete_app)
        .match_requests(|i| i.user_profile_name() == Some("bob"))
        .then_error(|| {
            DeleteAppError::generic(error("ValidationException", "App is not in service."))
        });
    let accepted = mock!(Client::delete_app).then_compute_output(move |i| {
        log.lock().unwrap().push(i.clone());
        DeleteAppOutput::builder().build()
    });
    let requests = Requests::default();
    let sm = AwsSageMaker::new(
        client!(aws_sdk_sagemaker, RuleMode::MatchAny, 1, [&refused, &accepted]; requests.clone()),
        AwsContext::new("test-profile", "eu-west-2"),
    );
    let result = stop_apps(&ops(sm, Policy::read_write(), dir.path()), &apps()).await;
    assert_eq!(requests.count(), 2);
    let sent = sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].domain_id(), Some(DOMAIN));
    assert_eq!(sent[0].space_name(), Some("alice-lab"));
    assert_eq!(sent[0].user_profile_name(), None);
    assert_eq!(sent[0].app_type().map(|t| t.as_str()), Some("JupyterLab"));
    assert_eq!(sent[0].app_name(), Some("default"));
    assert_eq!(result.stopped.len(), 1);
    assert_eq!(result.failed.len(), 1);
    assert!(result.refused().is_none());
    let summary = result.summary();
    assert!(
        summary.starts_with("Stopping 1 app (DeleteApp accepted) · 1 failed: bob: ")
            && summary.contains("App is not in service."),
        "{summary}"
    );
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(records.len(), 4);
    assert!(matches!(
        records[1].outcome,
        Some(Outcome::Succeeded { .. })
    ));
    assert!(matches!(records[3].outcome, Some(Outcome::Failed { .. })));
}

#[tokio::test]
async fn read_only_sends_nothing_and_journals_each_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let requests = Requests::default();
    let sm = AwsSageMaker::new(
        client!(aws_sdk_sagemaker, RuleMode::MatchAny, 1, []; requests.clone()),
        AwsContext::new("test-profile", "eu-west-2"),
    );
    let policy = Policy::read_only(ReadOnlyReason::Flag);
    let result = stop_apps(&ops(sm, policy, dir.path()), &apps()).await;
    assert_eq!(requests.count(), 0, "no request may reach AWS");
    assert!(result.refused().is_some());
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    let refusals = records
        .iter()
        .filter(|r| matches!(r.outcome, Some(Outcome::Refused { .. })))
        .count();
    assert_eq!(refusals, 2);
}
