//! The Studio user lifecycle on the real `cloud/aws` code over SDK clients
//! answering from `aws-smithy-mocks` (moto has no user profiles, apps,
//! spaces or presigned URLs): the exact request fields sent, the mapping of
//! ResourceInUse / ResourceLimitExceeded / ResourceNotFound and throttling,
//! and the read-only proof for `onboard`, `offboard`, `presign` and
//! `app delete`: refused (exit 3), journaled, and zero requests sent.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_sdk_sagemaker::operation::create_presigned_domain_url::{
    CreatePresignedDomainUrlError, CreatePresignedDomainUrlInput, CreatePresignedDomainUrlOutput,
};
use aws_sdk_sagemaker::operation::create_user_profile::{
    CreateUserProfileError, CreateUserProfileInput, CreateUserProfileOutput,
};
use aws_sdk_sagemaker::operation::delete_app::{DeleteAppInput, DeleteAppOutput};
use aws_sdk_sagemaker::operation::delete_space::{DeleteSpaceInput, DeleteSpaceOutput};
use aws_sdk_sagemaker::operation::delete_user_profile::{
    DeleteUserProfileError, DeleteUserProfileInput, DeleteUserProfileOutput,
};
use aws_sdk_sagemaker::operation::describe_domain::DescribeDomainOutput;
use aws_sdk_sagemaker::operation::describe_user_profile::{
    DescribeUserProfileError, DescribeUserProfileOutput,
};
use aws_sdk_sagemaker::operation::list_tags::ListTagsOutput;
use aws_sdk_sagemaker::types::{AuthMode, DomainStatus, UserProfileStatus};
use aws_sdk_sagemaker::Client;
use aws_smithy_mocks::{mock, Rule, RuleMode};

use common::mocks::{client, error, Requests};
use dsadmin::audit::{AuditContext, Journal, Outcome, Phase};
use dsadmin::cli::get::Output;
use dsadmin::cli::users::{self, Io, OffboardArgs, OnboardArgs, PresignArgs, UserCommand};
use dsadmin::cloud::aws::{AwsContext, AwsSageMaker};
use dsadmin::cloud::demo::DemoCloud;
use dsadmin::cloud::{Cloud, CloudContext, CloudError, SageMaker as _};
use dsadmin::model::requests::{AppOwner, AppRef, PresignRequest};
use dsadmin::model::Domain;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::poll::Polling;
use dsadmin::ops::presign;
use dsadmin::ops::teams::TeamSettings;
use dsadmin::ops::CreateUserProfileRequest;
use dsadmin::policy::{Policy, ReadOnlyReason};
use dsadmin::settings::Settings;

const DOMAIN: &str = "d-abcdefghijkl";
const DOMAIN_ARN: &str = "arn:aws:sagemaker:eu-west-2:123456789012:domain/d-abcdefghijkl";
const ROLE: &str = "arn:aws:iam::123456789012:role/ds-team-fraud-execution";
const LCC: &str = "arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/idle";
const URL: &str =
    "https://d-abcdefghijkl.studio.eu-west-2.sagemaker.aws/auth?token=eyJhbGciOiJIUzI1NiJ9.secret";

fn ctx() -> AwsContext {
    AwsContext::new("test-profile", "eu-west-2")
}

fn sm(client: Client) -> AwsSageMaker {
    AwsSageMaker::new(client, ctx())
}

/// What a rule saw: the last input it was asked with.
fn seen<T: Clone + Send + 'static>() -> Arc<Mutex<Option<T>>> {
    Arc::new(Mutex::new(None))
}

fn domain(auth: &str) -> Domain {
    common::secure_domain(DOMAIN, auth)
}

/// A team with every setting: security group, tags, instance type,
/// lifecycle config and idle shutdown.
fn request(auth: &str, sso: Option<&str>) -> CreateUserProfileRequest {
    let mut team = TeamSettings::new(ROLE);
    team.security_groups = vec!["sg-0a1b2c3d4e5f60718".into()];
    team.tags = BTreeMap::from([("CostCentre".to_string(), "CC-4410".to_string())]);
    team.default_instance_type = Some("ml.t3.medium".into());
    team.lifecycle_config_arn = Some(LCC.into());
    team.idle_timeout_minutes = Some(120);
    CreateUserProfileRequest::for_team(&domain(auth), "fraud", &team, "alice", sso)
}

fn create_rule(seen: Arc<Mutex<Option<CreateUserProfileInput>>>) -> Rule {
    mock!(Client::create_user_profile).then_compute_output(move |input| {
        *seen.lock().unwrap() = Some(input.clone());
        CreateUserProfileOutput::builder()
            .user_profile_arn(format!(
                "arn:aws:sagemaker:eu-west-2:123456789012:user-profile/{DOMAIN}/{}",
                input.user_profile_name().unwrap()
            ))
            .build()
    })
}

#[tokio::test]
async fn create_user_profile_sends_every_field_of_the_request() {
    let input = seen();
    let rule = create_rule(input.clone());
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    let done = sm.create_user_profile(&request("IAM", None)).await.unwrap();
    assert_eq!(
        done.value,
        format!("arn:aws:sagemaker:eu-west-2:123456789012:user-profile/{DOMAIN}/alice")
    );
    let sent = input.lock().unwrap().clone().unwrap();
    assert_eq!(sent.domain_id(), Some(DOMAIN));
    assert_eq!(sent.user_profile_name(), Some("alice"));
    assert_eq!(sent.single_sign_on_user_identifier(), None);
    assert_eq!(sent.single_sign_on_user_value(), None);
    let tags: Vec<(&str, &str)> = sent
        .tags()
        .iter()
        .map(|t| (t.key().unwrap(), t.value().unwrap()))
        .collect();
    assert_eq!(
        tags,
        [
            ("CostCentre", "CC-4410"),
            ("TeamName", "fraud"),
            ("EnvironmentType", "prod")
        ]
    );
    let us = sent.user_settings().unwrap();
    assert_eq!(us.execution_role(), Some(ROLE));
    assert_eq!(us.security_groups(), ["sg-0a1b2c3d4e5f60718"]);
    let lab = us.jupyter_lab_app_settings().unwrap();
    let spec = lab.default_resource_spec().unwrap();
    assert_eq!(
        spec.instance_type().map(|t| t.as_str()),
        Some("ml.t3.medium")
    );
    assert_eq!(spec.lifecycle_config_arn(), Some(LCC));
    assert_eq!(lab.lifecycle_config_arns(), [LCC]);
    let idle = lab
        .app_lifecycle_management()
        .unwrap()
        .idle_settings()
        .unwrap();
    assert_eq!(
        idle.lifecycle_management().map(|m| m.as_str()),
        Some("ENABLED")
    );
    assert_eq!(idle.idle_timeout_in_minutes(), Some(120));
}

#[tokio::test]
async fn create_user_profile_on_an_sso_domain_sends_the_sso_fields() {
    let input = seen();
    let rule = create_rule(input.clone());
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    sm.create_user_profile(&request("SSO", Some("alice@example.com")))
        .await
        .unwrap();
    let sent = input.lock().unwrap().clone().unwrap();
    assert_eq!(sent.single_sign_on_user_identifier(), Some("UserName"));
    assert_eq!(sent.single_sign_on_user_value(), Some("alice@example.com"));
}

#[tokio::test]
async fn resource_in_use_reads_already_exists_and_keeps_its_code() {
    let rule = mock!(Client::create_user_profile).then_error(|| {
        CreateUserProfileError::generic(error("ResourceInUse", "Resource already exists."))
    });
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    let err = sm
        .create_user_profile(&request("IAM", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "ResourceInUse");
    let msg = err.to_string();
    assert!(
        msg.contains("user profile 'alice' already exists in domain d-abcdefghijkl"),
        "{msg}"
    );
    assert_eq!(rule.num_calls(), 1, "a create is not retried");
}

#[tokio::test]
async fn resource_limit_exceeded_says_a_quota_is_reached() {
    let rule = mock!(Client::create_user_profile).then_error(|| {
        CreateUserProfileError::generic(error(
            "ResourceLimitExceeded",
            "The account-level service limit 'Maximum number of user profiles' is 60",
        ))
    });
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    let err = sm
        .create_user_profile(&request("IAM", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "ResourceLimitExceeded");
    let msg = err.to_string();
    assert!(msg.contains("cannot create user profile 'alice'"), "{msg}");
    assert!(
        msg.contains("quota") && msg.contains("Maximum number"),
        "{msg}"
    );
}

#[tokio::test]
async fn describe_user_profile_maps_status_and_failure_reason_or_not_found() {
    let describe = mock!(Client::describe_user_profile)
        .match_requests(|r| r.domain_id() == Some(DOMAIN) && r.user_profile_name() == Some("alice"))
        .then_output(|| {
            DescribeUserProfileOutput::builder()
                .domain_id(DOMAIN)
                .user_profile_name("alice")
                .user_profile_arn(format!(
                    "arn:aws:sagemaker:eu-west-2:123456789012:user-profile/{DOMAIN}/alice"
                ))
                .status(UserProfileStatus::Failed)
                .failure_reason("The execution role is not assumable")
                .build()
        });
    let tags = mock!(Client::list_tags).then_output(|| ListTagsOutput::builder().build());
    let missing = mock!(Client::describe_user_profile)
        .match_requests(|r| r.user_profile_name() == Some("bob"))
        .then_error(|| {
            DescribeUserProfileError::generic(error(
                "ResourceNotFound",
                "User profile bob does not exist",
            ))
        });
    let sm = sm(client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        3,
        [&describe, &tags, &missing]
    ));
    let p = sm.describe_user_profile(DOMAIN, "alice").await.unwrap();
    assert_eq!(p.status, "Failed");
    assert_eq!(
        p.failure_reason(),
        Some("The execution role is not assumable")
    );
    assert_eq!(p.domain_id, DOMAIN);
    let err = sm.describe_user_profile(DOMAIN, "bob").await.unwrap_err();
    assert!(matches!(err, CloudError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn deletes_send_the_owner_type_and_name() {
    let app_in = seen::<DeleteAppInput>();
    let space_in = seen::<DeleteSpaceInput>();
    let user_in = seen::<DeleteUserProfileInput>();
    let (a, s, u) = (app_in.clone(), space_in.clone(), user_in.clone());
    let app = mock!(Client::delete_app).then_compute_output(move |i| {
        *a.lock().unwrap() = Some(i.clone());
        DeleteAppOutput::builder().build()
    });
    let space = mock!(Client::delete_space).then_compute_output(move |i| {
        *s.lock().unwrap() = Some(i.clone());
        DeleteSpaceOutput::builder().build()
    });
    let user = mock!(Client::delete_user_profile).then_compute_output(move |i| {
        *u.lock().unwrap() = Some(i.clone());
        DeleteUserProfileOutput::builder().build()
    });
    let sm = sm(client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        3,
        [&app, &space, &user]
    ));
    let space_app = AppRef {
        domain_id: DOMAIN.into(),
        owner: AppOwner::Space("alice-lab".into()),
        app_type: "JupyterLab".into(),
        app_name: "default".into(),
    };
    sm.delete_app(&space_app).await.unwrap();
    let sent = app_in.lock().unwrap().clone().unwrap();
    assert_eq!(sent.domain_id(), Some(DOMAIN));
    assert_eq!(sent.space_name(), Some("alice-lab"));
    assert_eq!(sent.user_profile_name(), None);
    assert_eq!(sent.app_type().map(|t| t.as_str()), Some("JupyterLab"));
    assert_eq!(sent.app_name(), Some("default"));

    let user_app = AppRef {
        owner: AppOwner::User("alice".into()),
        app_type: "KernelGateway".into(),
        app_name: "datascience-1-0-ml-t3-medium-1abc".into(),
        ..space_app
    };
    sm.delete_app(&user_app).await.unwrap();
    let sent = app_in.lock().unwrap().clone().unwrap();
    assert_eq!(sent.user_profile_name(), Some("alice"));
    assert_eq!(sent.space_name(), None);
    assert_eq!(sent.app_type().map(|t| t.as_str()), Some("KernelGateway"));

    sm.delete_space(DOMAIN, "alice-lab").await.unwrap();
    let sent = space_in.lock().unwrap().clone().unwrap();
    assert_eq!(
        (sent.domain_id(), sent.space_name()),
        (Some(DOMAIN), Some("alice-lab"))
    );
    sm.delete_user_profile(DOMAIN, "alice").await.unwrap();
    let sent = user_in.lock().unwrap().clone().unwrap();
    assert_eq!(
        (sent.domain_id(), sent.user_profile_name()),
        (Some(DOMAIN), Some("alice"))
    );
}

#[tokio::test]
async fn delete_user_profile_in_use_names_what_is_in_the_way() {
    let rule = mock!(Client::delete_user_profile).then_error(|| {
        DeleteUserProfileError::generic(error(
            "ResourceInUse",
            "The user profile has apps or spaces that must be deleted first",
        ))
    });
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    let err = sm.delete_user_profile(DOMAIN, "alice").await.unwrap_err();
    assert_eq!(err.code(), "ResourceInUse");
    assert!(err.to_string().contains("apps or spaces remain"), "{err}");
}

fn presign_rule(seen: Arc<Mutex<Option<CreatePresignedDomainUrlInput>>>) -> Rule {
    mock!(Client::create_presigned_domain_url).then_compute_output(move |i| {
        *seen.lock().unwrap() = Some(i.clone());
        CreatePresignedDomainUrlOutput::builder()
            .authorized_url(URL)
            .build()
    })
}

#[tokio::test]
async fn presigned_url_sends_expiry_session_and_space() {
    let input = seen();
    let rule = presign_rule(input.clone());
    let sm = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&rule]));
    let req = PresignRequest {
        domain_id: DOMAIN.into(),
        user: "alice".into(),
        space: Some("alice-lab".into()),
        expires_in_seconds: 60,
        session_expiration_seconds: Some(1800),
    };
    assert_eq!(
        sm.create_presigned_domain_url(&req).await.unwrap().value,
        URL
    );
    let sent = input.lock().unwrap().clone().unwrap();
    assert_eq!(sent.domain_id(), Some(DOMAIN));
    assert_eq!(sent.user_profile_name(), Some("alice"));
    assert_eq!(sent.space_name(), Some("alice-lab"));
    assert_eq!(sent.expires_in_seconds(), Some(60));
    assert_eq!(sent.session_expiration_duration_in_seconds(), Some(1800));
    let req = PresignRequest {
        space: None,
        session_expiration_seconds: None,
        ..req
    };
    sm.create_presigned_domain_url(&req).await.unwrap();
    let sent = input.lock().unwrap().clone().unwrap();
    assert_eq!(sent.space_name(), None);
    assert_eq!(
        sent.session_expiration_duration_in_seconds(),
        None,
        "AWS's default applies"
    );
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds_and_persistent_throttling_surfaces() {
    let flaky = mock!(Client::create_presigned_domain_url)
        .sequence()
        .error(|| {
            CreatePresignedDomainUrlError::generic(error("ThrottlingException", "Rate exceeded"))
        })
        .times(2)
        .output(|| {
            CreatePresignedDomainUrlOutput::builder()
                .authorized_url(URL)
                .build()
        })
        .build();
    let sm1 = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&flaky]));
    let req = PresignRequest {
        domain_id: DOMAIN.into(),
        user: "alice".into(),
        space: None,
        expires_in_seconds: 60,
        session_expiration_seconds: None,
    };
    assert_eq!(
        sm1.create_presigned_domain_url(&req).await.unwrap().value,
        URL
    );
    assert_eq!(
        flaky.num_calls(),
        3,
        "two throttled attempts and the success"
    );

    let always = mock!(Client::delete_user_profile)
        .sequence()
        .error(|| DeleteUserProfileError::generic(error("ThrottlingException", "Rate exceeded")))
        .times(5)
        .build();
    let sm2 = sm(client!(aws_sdk_sagemaker, RuleMode::MatchAny, 2, [&always]));
    let err = sm2.delete_user_profile(DOMAIN, "alice").await.unwrap_err();
    assert!(
        matches!(&err, CloudError::Throttled { message } if message.contains("Rate exceeded")),
        "{err:?}"
    );
    assert_eq!(always.num_calls(), 2, "max_attempts = 2");
}

/// An OpsContext whose SageMaker is `sm`, journaling into `dir`.
fn ops(sm: AwsSageMaker, policy: Policy, dir: &std::path::Path) -> OpsContext {
    let demo = DemoCloud::cloud(chrono::Utc::now()).unwrap();
    let cloud = Cloud {
        context: CloudContext {
            profile: "test-profile".into(),
            region: "eu-west-2".into(),
            demo: false,
            assumed_role: None,
        },
        sagemaker: Arc::new(sm),
        ..demo
    };
    OpsContext {
        cloud,
        policy,
        journal: Arc::new(Journal::open(dir.join("audit.jsonl")).unwrap()),
        audit: AuditContext {
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/DSAdmin/t".into()),
            profile: "test-profile".into(),
            region: "eu-west-2".into(),
            account: Some("123456789012".into()),
        },
    }
}

fn describe_domain_rule(auth: AuthMode) -> Rule {
    mock!(Client::describe_domain).then_output(move || {
        DescribeDomainOutput::builder()
            .domain_id(DOMAIN)
            .domain_name("ds-secure")
            .domain_arn(DOMAIN_ARN)
            .status(DomainStatus::InService)
            .auth_mode(auth.clone())
            .build()
    })
}

/// The journal records the presign (request, request id) but never the URL.
#[tokio::test]
async fn presign_is_journaled_without_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let input = seen();
    let rules = [
        describe_domain_rule(AuthMode::Iam),
        mock!(Client::list_tags).then_output(|| ListTagsOutput::builder().build()),
        presign_rule(input),
    ];
    let sm = sm(client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        3,
        [&rules[0], &rules[1], &rules[2]]
    ));
    let ops = ops(sm, Policy::read_write(), dir.path());
    let req = PresignRequest {
        domain_id: DOMAIN.into(),
        user: "alice".into(),
        space: None,
        expires_in_seconds: 60,
        session_expiration_seconds: Some(3600),
    };
    let done = presign::presigned_url(&ops, &req).await.unwrap();
    assert_eq!(done.value, URL);
    let text = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(!text.contains("token="), "{text}");
    assert!(!text.contains("studio.eu-west-2"), "{text}");
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].phase, Phase::Started);
    assert_eq!(records[0].action, "sagemaker:CreatePresignedDomainUrl");
    assert_eq!(records[0].class, "credential");
    assert_eq!(records[0].parameters["expires_in_seconds"], 60);
    assert_eq!(records[0].parameters["session_expiration_seconds"], 3600);
    let finished = serde_json::to_string(&records[1]).unwrap();
    assert!(!finished.contains("https://"), "{finished}");
    assert!(matches!(
        records[1].outcome,
        Some(Outcome::Succeeded { .. })
    ));
}

/// An SSO domain is refused with an explanation before CreatePresignedDomainUrl.
#[tokio::test]
async fn presign_refuses_sso_domains_before_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let presign_in = seen();
    let rules = [
        describe_domain_rule(AuthMode::Sso),
        mock!(Client::list_tags).then_output(|| ListTagsOutput::builder().build()),
        presign_rule(presign_in),
    ];
    let sm = sm(client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        3,
        [&rules[0], &rules[1], &rules[2]]
    ));
    let ops = ops(sm, Policy::read_write(), dir.path());
    let req = PresignRequest {
        domain_id: DOMAIN.into(),
        user: "alice".into(),
        space: None,
        expires_in_seconds: 60,
        session_expiration_seconds: None,
    };
    let err = presign::presigned_url(&ops, &req).await.unwrap_err();
    assert!(err.to_string().contains("SSO"), "{err}");
    assert!(err.to_string().contains("IAM-auth domains"), "{err}");
    assert_eq!(rules[2].num_calls(), 0);
}

/// Read-only: every lifecycle command is refused with exit 3, each refusal
/// is a started + finished "refused" pair in the journal, and not a single
/// request reaches the SDK client (reads included: the gate comes first).
#[tokio::test]
async fn read_only_refuses_every_lifecycle_command_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let requests = Requests::default();
    let sm = sm(client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        3,
        [];
        requests.clone()
    ));
    let ops = ops(sm, Policy::read_only(ReadOnlyReason::Flag), dir.path());
    let mut settings = Settings::builtin().unwrap();
    settings
        .teams
        .insert("fraud".into(), TeamSettings::new(ROLE));
    let csv = "user,team,domain\nalice,fraud,ds-secure\nbob,fraud,d-abcdefghijkl\n";
    let commands = [
        (
            UserCommand::Onboard(OnboardArgs {
                file: "users.csv".into(),
                dry_run: false,
                output: Output::Table,
                confirm: dsadmin::cli::day2::Confirm { yes: true },
            }),
            vec!["sagemaker:CreateUserProfile"; 2],
        ),
        (
            UserCommand::Offboard(OffboardArgs {
                domain: "ds-secure".into(),
                user: "alice".into(),
                yes: true,
            }),
            vec!["sagemaker:DeleteUserProfile"],
        ),
        (
            UserCommand::Presign(PresignArgs {
                domain: DOMAIN.into(),
                user: "alice".into(),
                space: None,
                expires: None,
                session: None,
            }),
            vec!["sagemaker:CreatePresignedDomainUrl"],
        ),
        (
            UserCommand::AppDelete {
                domain: DOMAIN.into(),
                owner: AppOwner::User("alice".into()),
                app_type: "JupyterServer".into(),
                name: "default".into(),
                yes: true,
            },
            vec!["sagemaker:DeleteApp"],
        ),
    ];
    let mut expected = Vec::new();
    for (command, actions) in &commands {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut input: &[u8] = b"";
        let mut io = Io::new(&mut out, &mut err, &mut input, false);
        let code = users::run(
            &ops,
            &settings,
            command,
            csv,
            &Polling::immediate(),
            &mut io,
        )
        .await;
        let err = String::from_utf8(err).unwrap();
        assert_eq!(code, 3, "{command:?}: {err}");
        assert!(
            err.contains("read-only because of the --read-only flag"),
            "{err}"
        );
        expected.extend(actions.iter().copied());
    }
    assert_eq!(requests.count(), 0, "no request may reach AWS");
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    let finished: Vec<&str> = records
        .iter()
        .filter(|r| r.phase == Phase::Finished)
        .map(|r| {
            assert!(matches!(r.outcome, Some(Outcome::Refused { .. })), "{r:?}");
            r.action.as_str()
        })
        .collect();
    assert_eq!(finished, expected);
    assert_eq!(records.len(), 2 * expected.len(), "a started record each");
}
