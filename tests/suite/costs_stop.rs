//! Stopping idle apps from the cost radar: the ops function over the demo
//! estate (each app's DeleteApp through the gate and the journal), and the
//! keys on `:costs` (mark with space, `x`, one confirmation).

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;
use dsadmin::costs::seen::SeenApps;

use std::path::Path;
use std::sync::Arc;

use dsadmin::audit::{AuditContext, AuditRecord, Journal, Outcome, Phase};
use dsadmin::cloud::Cloud;
use dsadmin::collect_all;
use dsadmin::model::requests::AppRef;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::stop_apps::stop_apps;
use dsadmin::policy::{Policy, ReadOnlyReason};
use dsadmin::settings::Settings;

/// The two most expensive idle apps of the demo, as the radar lists them.
async fn idle_apps(cloud: &Cloud) -> Vec<AppRef> {
    let settings = Settings::builtin().unwrap();
    let mut report = dsadmin::cli::costs::build(
        cloud,
        &settings.costs,
        common::anchor(),
        &SeenApps::in_memory(),
    )
    .await;
    report.lines.retain(|l| l.idle.is_idle() && l.app.is_some());
    report
        .lines
        .sort_by(|a, b| b.month_to_date.partial_cmp(&a.month_to_date).unwrap());
    report
        .lines
        .iter()
        .take(2)
        .filter_map(|l| l.app.clone())
        .collect()
}

async fn status(cloud: &Cloud, app: &AppRef) -> String {
    let apps = collect_all!(cloud.sagemaker, list_apps, &app.domain_id, None).unwrap();
    apps.into_iter()
        .find(|a| AppRef::of(a).as_ref() == Some(app))
        .map(|a| a.status)
        .unwrap()
}

fn ops(cloud: &Cloud, policy: Policy, dir: &Path) -> OpsContext {
    OpsContext {
        cloud: cloud.clone(),
        policy,
        journal: Arc::new(Journal::open(dir.join("audit.jsonl")).unwrap()),
        audit: AuditContext::default(),
    }
}

fn journal(dir: &Path) -> Vec<AuditRecord> {
    Journal::read_all(dir.join("audit.jsonl")).unwrap()
}

#[tokio::test]
async fn stopping_idle_apps_deletes_each_and_journals_a_pair_per_app() {
    let cloud = common::demo_cloud();
    let apps = idle_apps(&cloud).await;
    assert_eq!(apps.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let result = stop_apps(&ops(&cloud, Policy::read_write(), dir.path()), &apps).await;
    assert_eq!(result.stopped.len(), 2, "{:?}", result.failed);
    assert!(result.refused().is_none());
    assert_eq!(result.summary(), "Stopping 2 apps (DeleteApp accepted)");
    for app in &apps {
        assert_eq!(status(&cloud, app).await, "Deleting", "{app}");
    }
    let records = journal(dir.path());
    assert_eq!(records.len(), 4, "{records:?}");
    for pair in records.chunks(2) {
        assert_eq!(pair[0].attempt, pair[1].attempt);
        assert_eq!(
            (pair[0].phase, pair[1].phase),
            (Phase::Started, Phase::Finished)
        );
        assert_eq!(pair[0].action, "sagemaker:DeleteApp");
        assert!(matches!(pair[1].outcome, Some(Outcome::Succeeded { .. })));
    }
}

#[tokio::test]
async fn read_only_refuses_every_app_journals_it_and_changes_nothing() {
    let cloud = common::demo_cloud();
    let apps = idle_apps(&cloud).await;
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy::read_only(ReadOnlyReason::Flag);
    let result = stop_apps(&ops(&cloud, policy, dir.path()), &apps).await;
    assert!(result.stopped.is_empty());
    let refused = result.refused().unwrap();
    assert!(
        refused
            .to_string()
            .contains("read-only because of the --read-only flag"),
        "{refused}"
    );
    for app in &apps {
        assert_eq!(status(&cloud, app).await, "InService", "{app}");
    }
    let records = journal(dir.path());
    assert_eq!(records.len(), 4, "{records:?}");
    assert_eq!(
        records
            .iter()
            .filter(|r| matches!(r.outcome, Some(Outcome::Refused { .. })))
            .count(),
        2
    );
}

/// Settings with the journal in `dir` and `extra` TOML.
fn settings(dir: &Path, extra: &str) -> Settings {
    let journal = dir.join("audit.jsonl");
    let text = format!("{extra}\n[audit]\npath = \"{}\"\n", journal.display());
    Settings::from_str(&text, &dir.join("config.toml")).unwrap()
}

/// `:costs`, then mark the first row (an app; space moves down to an
/// endpoint), move to the third (another app), mark it, press `x`.
const MARK_TWO_AND_STOP: &str = ":costs<enter> j x";

/// The apps on the first and third rows of the radar (most expensive
/// first; the second is an endpoint), which `MARK_TWO_AND_STOP` marks.
async fn first_and_third_apps(cloud: &Cloud) -> Vec<AppRef> {
    let settings = Settings::builtin().unwrap();
    let seen = SeenApps::in_memory();
    let mut report =
        dsadmin::cli::costs::build(cloud, &settings.costs, common::anchor(), &seen).await;
    report
        .lines
        .sort_by(|a, b| b.month_to_date.partial_cmp(&a.month_to_date).unwrap());
    [0, 2]
        .iter()
        .map(|&i| report.lines[i].app.clone().unwrap())
        .collect()
}

/// "total $8,250.11" from the teams block's title.
fn total_on_screen(screen: &str) -> f64 {
    let after = screen.split("total $").nth(1).unwrap();
    let figure: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    figure.parse().unwrap()
}

#[tokio::test]
async fn stopping_two_apps_from_the_costs_view_keeps_their_month_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let cloud = common::demo_cloud();
    let apps = first_and_third_apps(&cloud).await;
    let mut h = common::Harness::with_cloud(cloud.clone(), settings(dir.path(), "")).await;
    h.keys(MARK_TWO_AND_STOP).await;
    assert!(h.app.confirming(), "one question for both apps");
    insta::assert_snapshot!("costs_stop_confirmation", h.screen());
    let before = total_on_screen(&h.screen());
    h.keys("y").await;
    assert_eq!(
        h.app.message(),
        Some("Stopping 2 apps (DeleteApp accepted)")
    );
    for app in &apps {
        assert_eq!(status(&cloud, app).await, "Deleting", "{app}");
    }
    let records = journal(dir.path());
    assert_eq!(records.len(), 4, "{records:?}");
    assert!(records.iter().all(|r| r.action == "sagemaker:DeleteApp"));
    assert_eq!(
        records
            .iter()
            .filter(|r| matches!(r.outcome, Some(Outcome::Succeeded { .. })))
            .count(),
        2
    );
    // The view reloaded: the stopped apps cost nothing by the hour any
    // more, and what they cost this month stays in month to date, up to
    // their stop as the journal's DeleteApp dates it (clamped to the test's
    // fixed clock, which is earlier than the journal's real time).
    let screen = h.screen();
    let after = total_on_screen(&screen);
    assert!(
        after >= before,
        "month to date fell: {before} -> {after}\n{screen}"
    );
    assert!(screen.contains("costs [72]"), "{screen}");
    assert!(
        screen.contains("what runs now + 2 apps stopped since seen running"),
        "{screen}"
    );
    let stopped_rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with('│') && l.contains(" stopped "))
        .collect();
    assert_eq!(stopped_rows.len(), 2, "{screen}");
    assert!(
        stopped_rows[0].contains("oliver-dubois-code-editor"),
        "{screen}"
    );
    assert!(stopped_rows[0].contains("$949.00"), "{screen}");
    assert!(
        !screen.contains("$27.672/h now"),
        "the hourly rate falls: {screen}"
    );
    // The most expensive line is the first stopped app: `d` says how its
    // stop is known.
    h.keys("gd").await;
    let detail = h.screen();
    assert!(detail.contains("stopped by dsadmin (journal)"), "{detail}");
}

#[tokio::test]
async fn read_only_refuses_the_bulk_stop_without_asking_and_journals_it() {
    let dir = tempfile::tempdir().unwrap();
    let cloud = common::demo_cloud();
    let apps = first_and_third_apps(&cloud).await;
    let mut h = common::Harness::with_cloud(
        cloud.clone(),
        settings(dir.path(), "[general]\nread_only = true"),
    )
    .await;
    h.keys(MARK_TWO_AND_STOP).await;
    assert!(
        !h.app.confirming(),
        "no question when the answer cannot matter"
    );
    let message = h.app.message().unwrap();
    assert!(
        message.starts_with("refused sagemaker:DeleteApp on ")
            && message.contains("dsadmin is read-only because of read_only = true in"),
        "{message}"
    );
    for app in &apps {
        assert_eq!(status(&cloud, app).await, "InService", "{app}");
    }
    let records = journal(dir.path());
    assert_eq!(records.len(), 4, "{records:?}");
    assert_eq!(
        records
            .iter()
            .filter(|r| matches!(r.outcome, Some(Outcome::Refused { .. })))
            .count(),
        2
    );
}
