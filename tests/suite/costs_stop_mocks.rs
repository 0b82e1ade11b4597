//! Studio apps on the cost radar through the real AWS client
//! (`aws-smithy-mocks`; moto 5.2.5 has no Studio apps): the bulk stop (one
//! DeleteApp per app with exactly the API's fields, a failure that does not
//! stop the others, read-only sending no request at all), and idleness from
//! DescribeApp's LastUserActivityTimestamp, which ListApps does not carry.

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

/// Two apps up for five days: DescribeApp says alice's was used an hour
/// ago (not idle) and is refused for bob's (idle by running time, and the
/// line says why); one DescribeApp per running app and none for the one
/// being deleted.
#[tokio::test]
async fn idleness_comes_from_describe_app_where_aws_answers() {
    use aws_sdk_sagemaker::operation::describe_app::{DescribeAppError, DescribeAppOutput};
    use aws_sdk_sagemaker::operation::list_apps::ListAppsOutput;
    use aws_sdk_sagemaker::operation::list_domains::ListDomainsOutput;
    use aws_sdk_sagemaker::operation::list_endpoints::ListEndpointsOutput;
    use aws_sdk_sagemaker::operation::list_spaces::ListSpacesOutput;
    use aws_sdk_sagemaker::operation::list_training_jobs::ListTrainingJobsOutput;
    use aws_sdk_sagemaker::operation::list_user_profiles::ListUserProfilesOutput;
    use aws_sdk_sagemaker::types::{
        AppDetails, AppInstanceType, AppStatus, AppType, DomainDetails, DomainStatus, ResourceSpec,
    };
    use aws_smithy_types::DateTime as AwsTime;
    use dsadmin::costs::report::IdleSignal;
    use dsadmin::costs::seen::SeenApps;
    use dsadmin::costs::Idle;

    let now = common::anchor();
    let at = |t: chrono::DateTime<chrono::Utc>| AwsTime::from_secs(t.timestamp());
    let created = now - chrono::Duration::days(5);
    let app = move |user: &str, status: AppStatus| {
        AppDetails::builder()
            .domain_id(DOMAIN)
            .user_profile_name(user)
            .app_type(AppType::JupyterLab)
            .app_name("default")
            .status(status)
            .creation_time(at(created))
            .resource_spec(
                ResourceSpec::builder()
                    .instance_type(AppInstanceType::MlT3Medium)
                    .build(),
            )
            .build()
    };
    let domains = mock!(Client::list_domains).then_output(|| {
        ListDomainsOutput::builder()
            .domains(
                DomainDetails::builder()
                    .domain_id(DOMAIN)
                    .domain_name("ds-secure")
                    .domain_arn(format!(
                        "arn:aws:sagemaker:eu-west-2:111122223333:domain/{DOMAIN}"
                    ))
                    .status(DomainStatus::InService)
                    .build(),
            )
            .build()
    });
    let apps = mock!(Client::list_apps).then_output(move || {
        ListAppsOutput::builder()
            .apps(app("alice", AppStatus::InService))
            .apps(app("bob", AppStatus::InService))
            .apps(app("carol", AppStatus::Deleting))
            .build()
    });
    let described: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = described.clone();
    let refused = mock!(Client::describe_app)
        .match_requests(|i| i.user_profile_name() == Some("bob"))
        .then_error(|| {
            DescribeAppError::generic(error(
                "AccessDeniedException",
                "User: arn:aws:sts::111122223333:assumed-role/Support/bau is not authorized to perform: sagemaker:DescribeApp",
            ))
        });
    let answered = mock!(Client::describe_app).then_compute_output(move |i| {
        log.lock()
            .unwrap()
            .push(i.user_profile_name().unwrap_or_default().to_owned());
        DescribeAppOutput::builder()
            .domain_id(DOMAIN)
            .user_profile_name("alice")
            .app_type(AppType::JupyterLab)
            .app_name("default")
            .status(AppStatus::InService)
            .creation_time(at(created))
            .last_user_activity_timestamp(at(now - chrono::Duration::hours(1)))
            .build()
    });
    let spaces = mock!(Client::list_spaces).then_output(|| ListSpacesOutput::builder().build());
    let users =
        mock!(Client::list_user_profiles).then_output(|| ListUserProfilesOutput::builder().build());
    let endpoints =
        mock!(Client::list_endpoints).then_output(|| ListEndpointsOutput::builder().build());
    let training =
        mock!(Client::list_training_jobs).then_output(|| ListTrainingJobsOutput::builder().build());
    let sm = AwsSageMaker::new(
        client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            1,
            [&domains, &apps, &refused, &answered, &spaces, &users, &endpoints, &training]
        ),
        AwsContext::new("test-profile", "eu-west-2"),
    );
    let cloud = Cloud {
        sagemaker: Arc::new(sm),
        ..common::demo_cloud()
    };
    let seen = SeenApps::in_memory();
    let inputs = dsadmin::costs::gather::gather(&cloud, 7, now, &seen).await;
    assert!(inputs.gaps.is_empty(), "{:?}", inputs.gaps);
    assert_eq!(*described.lock().unwrap(), ["alice"]);
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let report =
        dsadmin::costs::report(&inputs, &settings.costs.prices, settings.costs.limits, now);
    let line = |owner: &str| {
        report
            .lines
            .iter()
            .find(|l| l.owner.as_deref() == Some(owner))
            .unwrap()
    };
    assert_eq!(line("alice").idle, Idle::Busy);
    assert_eq!(
        line("alice").idle_signal,
        Some(IdleSignal::LastUserActivity)
    );
    let Idle::Idle(why) = &line("bob").idle else {
        panic!("{:?}", line("bob").idle)
    };
    assert_eq!(
        why,
        "running 5d, limit 24 h (no last user activity: sagemaker:DescribeApp AccessDenied)"
    );
    assert_eq!(line("bob").idle_signal, Some(IdleSignal::RunningTime));
    assert_eq!(report.lines.len(), 2, "the app being deleted costs nothing");
}
