//! The lifecycle operations in `ops` over the demo estate: onboarding by
//! the wizard's own effects, a batch run twice (the second skips), and
//! offboarding — its order (apps → spaces → profile, each waited for) and a
//! partial failure that stops and reports exactly what remains.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::TimeZone;

use dsadmin::audit::{AuditContext, Journal, Outcome, Phase};
use dsadmin::cloud::demo::{DemoCloud, PENDING_DESCRIBES};
use dsadmin::cloud::{Cloud, CloudContext, CloudError, SageMaker};
use dsadmin::model::requests::{AppRef, PresignRequest};
use dsadmin::model::{App, Space, UserProfile};
use dsadmin::ops::batch;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::offboard::{self, OffboardProgress, OffboardStep};
use dsadmin::ops::onboard::{Step, Wizard, WizardEffect, WizardEvent};
use dsadmin::ops::onboard_run::{self, RowOutcome};
use dsadmin::ops::poll::Polling;
use dsadmin::ops::teams::TeamSettings;
use dsadmin::policy::Policy;

use common::spy::SpySageMaker;

const PROD: &str = "d-w1a33cnfa2zc";
const USER: &str = "aisha-demir";

fn anchor() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .unwrap()
}

fn ops_over(sagemaker: Arc<dyn SageMaker>, dir: &std::path::Path) -> OpsContext {
    let demo = DemoCloud::cloud(anchor()).unwrap();
    OpsContext {
        cloud: Cloud {
            context: CloudContext {
                profile: "demo".into(),
                region: "eu-west-2".into(),
                demo: true,
                assumed_role: None,
            },
            sagemaker,
            ..demo
        },
        policy: Policy::read_write(),
        journal: Arc::new(Journal::open(dir.join("audit.jsonl")).unwrap()),
        audit: AuditContext::default(),
    }
}

fn teams() -> BTreeMap<String, TeamSettings> {
    BTreeMap::from([(
        "claims-ml".to_string(),
        TeamSettings::new("arn:aws:iam::123456789012:role/ds-team-claims-ml-execution"),
    )])
}

/// The wizard from domain to InService, each effect carried out by
/// `onboard_run::perform` against the demo: the create is journaled, the
/// status goes Pending → InService.
#[tokio::test]
async fn wizard_effects_onboard_a_user_in_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Arc::new(DemoCloud::new(anchor()).unwrap());
    let ops = ops_over(demo.clone(), dir.path());
    let domains = dsadmin::collect_all!(demo, list_domains).unwrap();
    let existing = dsadmin::collect_all!(demo, list_user_profiles).unwrap();
    let mut wizard = Wizard::new(domains, existing, &teams()).with_domain(PROD);
    let mut effects = Vec::new();
    for ev in [WizardEvent::Enter, WizardEvent::Enter]
        .into_iter()
        .chain("new-analyst".chars().map(WizardEvent::Char))
        .chain([WizardEvent::Enter, WizardEvent::Enter])
    {
        effects = wizard.handle(ev);
    }
    let mut statuses = Vec::new();
    let polling = Polling::immediate();
    while let Some(effect) = effects.first().cloned() {
        if matches!(
            effect,
            WizardEffect::OfferPresignedUrl { .. } | WizardEffect::Close
        ) {
            break;
        }
        let event = onboard_run::perform(&ops, &effect, &polling).await.unwrap();
        if let WizardEvent::StatusPolled { status, .. } = &event {
            statuses.push(status.clone());
        }
        effects = wizard.handle(event);
    }
    assert_eq!(
        wizard.step(),
        &Step::Done {
            offer_presigned_url: true
        }
    );
    assert_eq!(statuses.len(), PENDING_DESCRIBES as usize);
    assert_eq!(statuses.last().map(String::as_str), Some("InService"));
    assert_eq!(statuses[0], "Pending");
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].action, "sagemaker:CreateUserProfile");
    assert_eq!(records[0].parameters["user"], "new-analyst");
    assert_eq!(records[0].parameters["team"], "claims-ml");
    assert!(matches!(
        records[1].outcome,
        Some(Outcome::Succeeded { .. })
    ));
}

/// The same file twice against one estate: created, then skipped.
#[tokio::test]
async fn a_batch_run_twice_skips_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Arc::new(DemoCloud::new(anchor()).unwrap());
    let ops = ops_over(demo.clone(), dir.path());
    let text =
        "user,team,domain\nnew-one,claims-ml,ds-prod-secure\nnew-two,claims-ml,ds-dev-secure\n";
    let mut runs = Vec::new();
    for _ in 0..2 {
        let domains = dsadmin::collect_all!(demo, list_domains).unwrap();
        let profiles = dsadmin::collect_all!(demo, list_user_profiles).unwrap();
        let plan = batch::plan(text, &domains, &profiles, &teams()).unwrap();
        runs.push(
            onboard_run::run_batch(&ops, &plan, false, &Polling::immediate(), &|_, _| {}).await,
        );
    }
    for r in &runs[0] {
        assert!(
            matches!(&r.outcome, RowOutcome::Created { user_profile_arn } if user_profile_arn.ends_with(&r.user)),
            "{r:?}"
        );
    }
    for r in &runs[1] {
        assert!(
            matches!(&r.outcome, RowOutcome::Skipped { reason } if reason.contains("exists")),
            "{r:?}"
        );
    }
    let creates = Journal::read_all(dir.path().join("audit.jsonl"))
        .unwrap()
        .iter()
        .filter(|r| r.phase == Phase::Started)
        .count();
    assert_eq!(creates, 2, "the second run sent nothing");
}

/// SageMaker over the demo that logs every deletion in order and fails
/// DeleteSpace for `fail_space` (as AWS may: a space stuck in use).
fn recording(fail_space: Option<String>) -> Arc<SpySageMaker> {
    let mut sm = SpySageMaker::over(Arc::new(DemoCloud::new(anchor()).unwrap()));
    sm.fail_space = fail_space;
    Arc::new(sm)
}

#[tokio::test]
async fn offboarding_deletes_apps_then_spaces_then_the_profile_waiting_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let sm = recording(None);
    let ops = ops_over(sm.clone(), dir.path());
    let plan = offboard::plan(&ops, PROD, "AISHA-DEMIR").await.unwrap();
    assert_eq!(plan.user, USER, "the profile's own spelling");
    assert!(!plan.apps.is_empty() && !plan.spaces.is_empty(), "{plan:?}");
    assert!(plan.lines().last().unwrap().contains("EFS"));
    let progress = Mutex::new(Vec::new());
    let report = offboard::execute(
        &ops,
        &plan,
        &|p| progress.lock().unwrap().push(p),
        &Polling::immediate(),
    )
    .await;
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.deleted, plan.steps());

    // The calls sent: every app before any space, every space before the profile.
    let calls = sm.deletions.lock().unwrap().clone();
    let rank = |c: &String| match c.split(' ').next() {
        Some("app") => 0,
        Some("space") => 1,
        _ => 2,
    };
    assert!(
        calls.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "{calls:?}"
    );
    assert_eq!(calls.last().unwrap(), &format!("profile {USER}"));
    assert_eq!(calls.len(), plan.apps.len() + plan.spaces.len() + 1);

    // Each step was waited for: a Deleting status seen, then Deleted, before
    // the next step's delete.
    let progress = progress.into_inner().unwrap();
    for step in plan.steps() {
        let at = |f: &dyn Fn(&OffboardProgress) -> bool| progress.iter().position(f).unwrap();
        let deleting = at(&|p| matches!(p, OffboardProgress::Deleting(s) if *s == step));
        let waiting = at(
            &|p| matches!(p, OffboardProgress::Waiting { step: s, status } if *s == step && status == "Deleting"),
        );
        let deleted = at(&|p| matches!(p, OffboardProgress::Deleted(s) if *s == step));
        assert!(deleting < waiting && waiting < deleted, "{step}");
        if let Some(next) = progress
            .iter()
            .skip(deleted + 1)
            .find(|p| matches!(p, OffboardProgress::Deleting(_)))
        {
            assert!(!matches!(next, OffboardProgress::Deleting(s) if *s == step));
        }
    }
    let gone = sm.inner.describe_user_profile(PROD, USER).await;
    assert!(matches!(gone, Err(CloudError::NotFound { .. })), "{gone:?}");

    // Every delete journaled, each with a started and a finished record.
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(records.len(), 2 * calls.len());
}

#[tokio::test]
async fn a_failed_space_stops_offboarding_and_reports_exactly_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let probe = recording(None);
    let probe_ops = ops_over(probe.clone(), dir.path());
    let space = offboard::plan(&probe_ops, PROD, USER).await.unwrap().spaces[0]
        .name
        .clone();

    let dir = tempfile::tempdir().unwrap();
    let sm = recording(Some(space.clone()));
    let ops = ops_over(sm.clone(), dir.path());
    let plan = offboard::plan(&ops, PROD, USER).await.unwrap();
    let report = offboard::execute(&ops, &plan, &|_| {}, &Polling::immediate()).await;
    let failure = report.failure.as_ref().unwrap();
    assert_eq!(
        failure.step,
        OffboardStep::Space {
            domain_id: PROD.into(),
            space: space.clone()
        }
    );
    assert!(
        failure.error.to_string().contains("in use"),
        "{}",
        failure.error
    );
    let steps = plan.steps();
    let at = steps.iter().position(|s| *s == failure.step).unwrap();
    assert_eq!(
        report.deleted,
        steps[..at].to_vec(),
        "everything before it went"
    );
    assert_eq!(
        report.remaining,
        steps[at..].to_vec(),
        "it and everything after remain"
    );
    assert!(matches!(
        report.remaining.last(),
        Some(OffboardStep::UserProfile { .. })
    ));
    // The profile was never asked to go, and still exists.
    assert!(!sm
        .deletions
        .lock()
        .unwrap()
        .iter()
        .any(|c| c.starts_with("profile")));
    assert!(sm.inner.describe_user_profile(PROD, USER).await.is_ok());
    // The failed delete is journaled as failed.
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    let last = records.last().unwrap();
    assert!(
        matches!(&last.outcome, Some(Outcome::Failed { code, .. }) if code == "ResourceInUse"),
        "{last:?}"
    );
}

mod props {
    use super::*;
    use dsadmin::ops::presign::{validate_request, EXPIRES_RANGE, SESSION_RANGE};
    use proptest::prelude::*;

    proptest! {
        /// Any expiry and session: accepted exactly inside AWS's ranges,
        /// otherwise a message naming the value; never a panic.
        #[test]
        fn presign_limits(expires in any::<u32>(), session in proptest::option::of(any::<u32>())) {
            let req = PresignRequest {
                domain_id: PROD.into(),
                user: USER.into(),
                space: None,
                expires_in_seconds: expires,
                session_expiration_seconds: session,
            };
            let ok = EXPIRES_RANGE.contains(&expires)
                && session.is_none_or(|s| SESSION_RANGE.contains(&s));
            match validate_request(&req) {
                Ok(()) => prop_assert!(ok),
                Err(e) => {
                    prop_assert!(!ok);
                    let m = e.to_string();
                    prop_assert!(m.contains(&expires.to_string()) || session.is_some_and(|s| m.contains(&s.to_string())), "{}", m);
                }
            }
        }

        /// Any subset of a plan's steps, in any order, runs apps → spaces → profile.
        #[test]
        fn steps_are_always_ordered(n_apps in 0usize..5, n_spaces in 0usize..4) {
            let app = |i: usize| App {
                domain_id: PROD.into(),
                user_profile: Some(USER.into()),
                space_name: i.is_multiple_of(2).then(|| format!("s{i}")),
                app_type: "JupyterLab".into(),
                name: format!("a{i}"),
                arn: String::new(),
                status: "InService".into(),
                instance_type: None,
                image_arn: None,
                lifecycle_config: None,
                created: None,
                last_user_activity: None,
            };
            let space = |i: usize| Space {
                domain_id: PROD.into(),
                name: format!("s{i}"),
                arn: String::new(),
                status: "InService".into(),
                owner: Some(USER.into()),
                sharing: "Private".into(),
                app_type: None,
                instance_type: None,
                created: None,
                last_modified: None,
                settings: dsadmin::model::Detail::Pending,
            };
            let profile = UserProfile {
                domain_id: PROD.into(),
                domain_name: String::new(),
                name: USER.into(),
                arn: String::new(),
                status: "InService".into(),
                profile: dsadmin::model::Detail::Known(dsadmin::model::ProfileSettings {
                    execution_role: None,
                    sso_user: None,
                    failure_reason: None,
                    idle_shutdown: Vec::new(),
                    lifecycle_configs: Vec::new(),
                }),
                apps_running: dsadmin::model::Detail::Known(0),
                created: None,
                last_modified: None,
                tags: dsadmin::model::Detail::Known(Vec::new()),
            };
            let plan = offboard::OffboardPlan {
                domain_id: PROD.into(),
                user: USER.into(),
                profile,
                apps: (0..n_apps).map(app).collect(),
                spaces: (0..n_spaces).map(space).collect(),
            };
            let steps = plan.steps();
            prop_assert_eq!(steps.len(), n_apps + n_spaces + 1);
            let rank = |s: &OffboardStep| match s {
                OffboardStep::App(_) => 0,
                OffboardStep::Space { .. } => 1,
                OffboardStep::UserProfile { .. } => 2,
            };
            prop_assert!(steps.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
            let profile_last = matches!(steps.last(), Some(OffboardStep::UserProfile { .. }));
            prop_assert!(profile_last);
        }
    }
}

/// An app already Deleting (an earlier run stopped half-way) is waited for,
/// not deleted again, so a rerun of an offboarding completes.
#[tokio::test]
async fn a_rerun_waits_for_apps_already_deleting() {
    let dir = tempfile::tempdir().unwrap();
    let sm = recording(None);
    let ops = ops_over(sm.clone(), dir.path());
    let plan = offboard::plan(&ops, PROD, USER).await.unwrap();
    let first = AppRef::of(&plan.apps[0]).unwrap();
    sm.inner.delete_app(&first).await.unwrap();
    let report = offboard::execute(&ops, &plan, &|_| {}, &Polling::immediate()).await;
    assert!(report.is_complete(), "{report:?}");
    let calls = sm.deletions.lock().unwrap().clone();
    assert_eq!(
        calls.len(),
        plan.apps.len() - 1 + plan.spaces.len() + 1,
        "{calls:?}"
    );
    assert!(!calls.contains(&format!("app {} {}", first.owner, first.app_name)));
}
