//! The cost model with a fixed clock: every figure asserted exactly.
//! Prices are binary fractions (0.25, 0.5 …) so the sums are exact in f64.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use dsadmin::costs::report::{month_start, IdleSignal, Traffic, NO_TEAM};
use dsadmin::costs::seen::SeenApps;
use dsadmin::costs::{report, CostInputs, CostKind, Idle, IdleLimits, PriceTable};
use dsadmin::model::{
    App, Detail, Endpoint, Space, Tag, TrainingJob, TrainingSettings, UserProfile, Variant,
};

const PRICES: &str = r#"
as_of = 2026-11-01
currency = "USD"
[regions.eu-west-2.studio]
"ml.t3.medium" = 0.25
"ml.m5.large" = 0.5
[regions.eu-west-2.endpoint]
"ml.m5.large" = 0.5
[regions.eu-west-2.training]
"ml.g5.2xlarge" = 1.5
"#;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// 12:00 on 3 November: 60 hours into the month.
fn now() -> DateTime<Utc> {
    at(2026, 11, 3, 12)
}

const LIMITS: IdleLimits = IdleLimits {
    app_hours: 24,
    endpoint_days: 7,
};

fn user(name: &str, team: Option<&str>) -> UserProfile {
    UserProfile {
        domain_id: "d-abc".into(),
        domain_name: "prod".into(),
        name: name.into(),
        arn: format!("arn:aws:sagemaker:eu-west-2:1:user-profile/d-abc/{name}"),
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
        tags: dsadmin::model::Detail::Known(
            team.map(|t| vec![Tag::new("TeamName", t)])
                .unwrap_or_default(),
        ),
    }
}

fn app(
    user: Option<&str>,
    space: Option<&str>,
    itype: &str,
    status: &str,
    created: DateTime<Utc>,
) -> App {
    App {
        domain_id: "d-abc".into(),
        user_profile: user.map(Into::into),
        space_name: space.map(Into::into),
        app_type: "JupyterLab".into(),
        name: "default".into(),
        arn: String::new(),
        status: status.into(),
        instance_type: Some(itype.into()),
        image_arn: None,
        lifecycle_config: None,
        created: Some(created),
        last_user_activity: None,
    }
}

fn variant(endpoint: &str, name: &str, itype: &str, count: u32) -> Variant {
    Variant::serving(endpoint, name, 1.0, count, Some(itype))
}

fn endpoint(name: &str, team: &str, created: DateTime<Utc>, variants: Vec<Variant>) -> Endpoint {
    let mut e = Endpoint::whole(name, "", "InService", variants);
    e.created = Some(created);
    e.tags = dsadmin::model::Detail::Known(vec![Tag::new("TeamName", team)]);
    e
}

fn training(
    name: &str,
    status: &str,
    spot: bool,
    secs: Option<(u64, u64)>,
    ended: Option<DateTime<Utc>>,
) -> TrainingJob {
    TrainingJob {
        name: name.into(),
        arn: String::new(),
        status: status.into(),
        described: Detail::Known(TrainingSettings {
            instance_type: Some("ml.g5.2xlarge".into()),
            instance_count: Some(2),
            in_vpc: true,
            inter_container_encryption: true,
            managed_spot: spot,
            billable_secs: secs.map(|s| s.1),
            training_secs: secs.map(|s| s.0),
            role_arn: None,
            failure_reason: None,
        }),
        created: Some(at(2026, 11, 2, 0)),
        ended,
    }
}

fn table() -> PriceTable {
    PriceTable::parse(PRICES, "test prices").unwrap()
}

fn base() -> CostInputs {
    CostInputs {
        region: "eu-west-2".into(),
        users: vec![
            user("alice", Some("fraud")),
            user("bob", Some("claims")),
            user("carol", None),
        ],
        ..CostInputs::default()
    }
}

#[test]
fn month_to_date_starts_at_the_first_of_the_month() {
    assert_eq!(month_start(now()), at(2026, 11, 1, 0));
    let mut inputs = base();
    inputs.apps = vec![
        // Started in October: billed from 1 November 00:00, 60 h.
        app(
            Some("alice"),
            None,
            "ml.t3.medium",
            "InService",
            at(2026, 10, 30, 0),
        ),
        // Started this morning: 6 h.
        app(
            Some("bob"),
            None,
            "ml.m5.large",
            "InService",
            at(2026, 11, 3, 6),
        ),
        // Not running: no cost at all.
        app(
            Some("bob"),
            None,
            "ml.m5.large",
            "Deleted",
            at(2026, 10, 1, 0),
        ),
    ];
    let r = report(&inputs, &table(), LIMITS, now());
    assert_eq!(r.lines.len(), 2);
    let alice = r
        .lines
        .iter()
        .find(|l| l.owner.as_deref() == Some("alice"))
        .unwrap();
    assert_eq!(alice.hourly, Some(0.25));
    assert_eq!(alice.month_to_date, Some(15.0));
    assert_eq!(alice.team.as_deref(), Some("fraud"));
    // Running 4.5 days, limit 24 h: an idle candidate that can be stopped.
    assert_eq!(
        alice.idle,
        Idle::Idle("running 4d, limit 24 h (no last user activity: AWS gave none)".into())
    );
    assert_eq!(alice.idle_signal, Some(IdleSignal::RunningTime));
    assert!(alice.app.is_some());
    let bob = r
        .lines
        .iter()
        .find(|l| l.owner.as_deref() == Some("bob"))
        .unwrap();
    assert_eq!((bob.hourly, bob.month_to_date), (Some(0.5), Some(3.0)));
    assert_eq!(bob.idle, Idle::Busy);
    assert_eq!(r.total.month_to_date, 18.0);
    assert_eq!(r.total.hourly, 0.75);
    assert_eq!(r.total.idle, 1);
}

#[test]
fn unknown_prices_are_unknown_not_zero() {
    let mut inputs = base();
    inputs.apps = vec![
        app(
            Some("alice"),
            None,
            "ml.p5.48xlarge",
            "InService",
            at(2026, 11, 3, 6),
        ),
        app(
            Some("alice"),
            None,
            "ml.t3.medium",
            "InService",
            at(2026, 11, 3, 8),
        ),
    ];
    let r = report(&inputs, &table(), LIMITS, now());
    let p5 = r
        .lines
        .iter()
        .find(|l| l.instance_type.as_deref() == Some("ml.p5.48xlarge"))
        .unwrap();
    assert!(!p5.priced);
    assert_eq!((p5.hourly, p5.month_to_date), (None, None));
    let fraud = r.teams.iter().find(|t| t.team == "fraud").unwrap();
    assert_eq!(fraud.unpriced, 1);
    assert_eq!(fraud.lines, 2);
    // Only the priced line is in the sums: 4 h of ml.t3.medium.
    assert_eq!((fraud.hourly, fraud.month_to_date), (0.25, 1.0));
    // A region the table does not cover is named as a gap.
    inputs.region = "ap-south-2".into();
    let r = report(&inputs, &table(), LIMITS, now());
    assert!(r.lines.iter().all(|l| !l.priced));
    assert!(
        r.gaps
            .iter()
            .any(|g| g.contains("no prices for ap-south-2")),
        "{:?}",
        r.gaps
    );
}

#[test]
fn space_apps_belong_to_the_space_owner_and_their_team() {
    let mut inputs = base();
    inputs.spaces = vec![Space {
        domain_id: "d-abc".into(),
        name: "claims-shared".into(),
        arn: String::new(),
        status: "InService".into(),
        owner: Some("bob".into()),
        sharing: "Shared".into(),
        app_type: Some("JupyterLab".into()),
        instance_type: None,
        created: None,
        last_modified: None,
        settings: dsadmin::model::Detail::Pending,
    }];
    inputs.apps = vec![
        app(
            None,
            Some("claims-shared"),
            "ml.t3.medium",
            "InService",
            at(2026, 11, 3, 10),
        ),
        app(
            Some("carol"),
            None,
            "ml.t3.medium",
            "InService",
            at(2026, 11, 3, 10),
        ),
    ];
    let r = report(&inputs, &table(), LIMITS, now());
    let shared = r.lines.iter().find(|l| l.name == "claims-shared").unwrap();
    assert_eq!(shared.owner.as_deref(), Some("bob"));
    assert_eq!(shared.team.as_deref(), Some("claims"));
    let untagged = r
        .lines
        .iter()
        .find(|l| l.owner.as_deref() == Some("carol"))
        .unwrap();
    assert_eq!(untagged.team, None);
    assert!(r
        .teams
        .iter()
        .any(|t| t.team == NO_TEAM && t.month_to_date == 0.5));
}

#[test]
fn endpoints_cost_instances_times_count_and_idle_needs_metrics() {
    let mut inputs = base();
    inputs.endpoints = vec![
        endpoint(
            "scorer",
            "fraud",
            at(2026, 9, 1, 0),
            vec![
                variant("scorer", "a", "ml.m5.large", 2),
                variant("scorer", "b", "ml.m5.large", 1),
                // No instances: nothing to pay, no line.
                variant("scorer", "c", "ml.m5.large", 0),
            ],
        ),
        endpoint(
            "fresh",
            "claims",
            at(2026, 11, 1, 12),
            vec![variant("fresh", "x", "ml.m5.large", 1)],
        ),
    ];
    inputs.traffic = HashMap::from([
        (
            ("scorer".into(), "a".into()),
            Traffic::Invocations { count: 0.0 },
        ),
        (
            ("scorer".into(), "b".into()),
            Traffic::Unknown {
                reason: "AccessDenied".into(),
            },
        ),
        (
            ("fresh".into(), "x".into()),
            Traffic::Invocations { count: 0.0 },
        ),
    ]);
    let r = report(&inputs, &table(), LIMITS, now());
    let eps: Vec<_> = r
        .lines
        .iter()
        .filter(|l| l.kind == CostKind::Endpoint)
        .collect();
    assert_eq!(eps.len(), 3);
    let a = eps.iter().find(|l| l.name == "scorer/a").unwrap();
    assert_eq!(
        (a.count, a.hourly, a.month_to_date),
        (2, Some(1.0), Some(60.0))
    );
    assert_eq!(a.idle, Idle::Idle("no invocations in 7 d".into()));
    let b = eps.iter().find(|l| l.name == "scorer/b").unwrap();
    assert_eq!(b.idle, Idle::Unknown("AccessDenied".into()));
    // Two days old: no traffic yet is not idleness over seven days.
    let fresh = eps.iter().find(|l| l.name == "fresh/x").unwrap();
    assert_eq!(fresh.idle, Idle::Busy);
    assert_eq!(fresh.month_to_date, Some(24.0));
    assert!(fresh.app.is_none(), "only apps can be stopped in bulk");
}

#[test]
fn training_bills_billable_seconds_and_counts_spot_savings() {
    let mut inputs = base();
    inputs.training_jobs = vec![
        // Spot: 3600 s trained, 1080 s billed, 2 instances at 1.5 $/h.
        training(
            "spot",
            "Completed",
            true,
            Some((3600, 1080)),
            Some(at(2026, 11, 2, 1)),
        ),
        training(
            "ondemand",
            "Completed",
            false,
            Some((1800, 1800)),
            Some(at(2026, 11, 2, 1)),
        ),
        // Ended in October: not this month's cost.
        training(
            "october",
            "Completed",
            false,
            Some((3600, 3600)),
            Some(at(2026, 10, 31, 23)),
        ),
        // Still running since 2 November 00:00: 36 h at 2 × 1.5.
        training("running", "InProgress", false, None, None),
    ];
    let r = report(&inputs, &table(), LIMITS, now());
    let line = |n: &str| r.lines.iter().find(|l| l.name == n).unwrap();
    let spot = line("spot");
    assert_eq!(spot.month_to_date, Some(0.9));
    assert_eq!(spot.spot_savings, Some(2.1));
    assert_eq!(spot.hourly, None);
    assert_eq!(spot.idle, Idle::NotApplicable);
    assert_eq!(
        (
            line("ondemand").month_to_date,
            line("ondemand").spot_savings
        ),
        (Some(1.5), None)
    );
    assert_eq!(line("october").month_to_date, Some(0.0));
    assert_eq!(
        (line("running").hourly, line("running").month_to_date),
        (Some(3.0), Some(108.0))
    );
    let none = r.teams.iter().find(|t| t.team == NO_TEAM).unwrap();
    assert_eq!(none.spot_savings, 2.1);
}

#[test]
fn team_totals_sum_lines_and_sort_by_month_to_date() {
    let mut inputs = base();
    inputs.apps = vec![
        app(
            Some("alice"),
            None,
            "ml.t3.medium",
            "InService",
            at(2026, 11, 3, 8),
        ),
        app(
            Some("bob"),
            None,
            "ml.m5.large",
            "InService",
            at(2026, 10, 1, 0),
        ),
        app(
            Some("bob"),
            None,
            "ml.t3.medium",
            "InService",
            at(2026, 11, 3, 4),
        ),
    ];
    inputs.endpoints = vec![endpoint(
        "e",
        "fraud",
        at(2026, 11, 3, 0),
        vec![variant("e", "v", "ml.m5.large", 1)],
    )];
    let r = report(&inputs, &table(), LIMITS, now());
    let names: Vec<&str> = r.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(names, ["claims", "fraud"]);
    let claims = &r.teams[0];
    assert_eq!(
        (
            claims.hourly,
            claims.month_to_date,
            claims.idle,
            claims.lines
        ),
        (0.75, 32.0, 1, 2)
    );
    let fraud = &r.teams[1];
    assert_eq!((fraud.hourly, fraud.month_to_date), (0.75, 7.0));
    assert_eq!(r.total.month_to_date, 39.0);
}

#[test]
fn idle_uses_last_user_activity_where_aws_gives_it() {
    let mut inputs = base();
    let mut active = app(
        Some("alice"),
        None,
        "ml.t3.medium",
        "InService",
        at(2026, 10, 30, 0),
    );
    active.arn = "arn:active".into();
    active.last_user_activity = Some(at(2026, 11, 3, 9));
    let mut quiet = app(
        Some("bob"),
        None,
        "ml.t3.medium",
        "InService",
        at(2026, 10, 30, 0),
    );
    quiet.arn = "arn:quiet".into();
    quiet.last_user_activity = Some(at(2026, 11, 1, 12));
    // DescribeApp refused: running time decides, and the line says why.
    let mut refused = app(
        Some("carol"),
        None,
        "ml.t3.medium",
        "InService",
        at(2026, 10, 30, 0),
    );
    refused.arn = "arn:refused".into();
    inputs.apps = vec![active, quiet, refused];
    inputs.activity_unknown = HashMap::from([(
        "arn:refused".to_owned(),
        "sagemaker:DescribeApp AccessDenied".to_owned(),
    )]);
    let r = report(&inputs, &table(), LIMITS, now());
    let line = |owner: &str| {
        r.lines
            .iter()
            .find(|l| l.owner.as_deref() == Some(owner))
            .unwrap()
    };
    // Up 4.5 days, but used 3 h ago: not idle.
    assert_eq!(line("alice").idle, Idle::Busy);
    assert_eq!(
        line("alice").idle_signal,
        Some(IdleSignal::LastUserActivity)
    );
    assert_eq!(
        line("bob").idle,
        Idle::Idle("no user activity for 2d, limit 24 h".into())
    );
    assert_eq!(line("bob").idle_signal, Some(IdleSignal::LastUserActivity));
    assert_eq!(
        line("carol").idle,
        Idle::Idle(
            "running 4d, limit 24 h (no last user activity: sagemaker:DescribeApp AccessDenied)"
                .into()
        )
    );
    assert_eq!(line("carol").idle_signal, Some(IdleSignal::RunningTime));
}

/// The issue's case: stopping an app must not lower month to date.
#[test]
fn month_to_date_does_not_fall_when_an_app_stops() {
    let seen = SeenApps::in_memory();
    let mut running = app(
        Some("alice"),
        None,
        "ml.t3.medium",
        "InService",
        at(2026, 11, 1, 0),
    );
    running.arn = "arn:alice".into();
    let other = {
        let mut a = app(
            Some("bob"),
            None,
            "ml.m5.large",
            "InService",
            at(2026, 11, 2, 0),
        );
        a.arn = "arn:bob".into();
        a
    };
    let domains = HashSet::from(["d-abc"]);
    let load = |apps: Vec<App>, now: DateTime<Utc>| {
        let observed = seen.observe(&domains, &domains, &apps, now);
        let mut inputs = base();
        inputs.apps = apps;
        inputs.stopped_apps = observed.stopped;
        inputs.spend = observed.basis;
        report(&inputs, &table(), LIMITS, now)
    };
    let before = load(vec![running.clone(), other.clone()], at(2026, 11, 3, 12));
    // alice's app is stopped (by anyone) before the next load.
    let after = load(vec![other.clone()], at(2026, 11, 3, 13));
    assert!(
        after.total.month_to_date >= before.total.month_to_date,
        "{} fell to {}",
        before.total.month_to_date,
        after.total.month_to_date
    );
    let stopped = after
        .lines
        .iter()
        .find(|l| l.owner.as_deref() == Some("alice"))
        .unwrap();
    // 60 h at $0.25 until it was last seen running, nothing by the hour now.
    assert_eq!(stopped.month_to_date, Some(15.0));
    assert_eq!(stopped.hourly, None);
    assert!(stopped.stopped.is_some() && stopped.app.is_none());
    assert_eq!(after.total.hourly, 0.5);
    assert_eq!(after.month_to_date_basis.stopped_apps, 1);
    let text = after.month_to_date_basis.describe(after.month_start);
    assert!(
        text.starts_with("Month to date: what runs now + 1 app stopped since seen running"),
        "{text}"
    );
    assert!(text.contains("in this session"), "{text}");
    // Later loads keep it, and the figure only grows.
    let later = load(vec![other], at(2026, 11, 3, 18));
    assert!(later.total.month_to_date > after.total.month_to_date);
}
