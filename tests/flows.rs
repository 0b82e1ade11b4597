//! The multi-step TUI flows over the demo estate, by keys: the onboarding
//! wizard and the presigned URL, with a temporary journal; read-only
//! refusals before anything opens.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::{demo_cloud, Harness};
use dsadmin::app::App;
use dsadmin::audit::{AuditRecord, Journal, Outcome};
use dsadmin::model::{Domain, UserProfile};
use dsadmin::settings::Settings;

fn settings(dir: &Path) -> (Settings, PathBuf) {
    let journal = dir.join("audit.jsonl");
    let text = format!("[audit]\npath = \"{}\"\n", journal.display());
    (
        Settings::from_str(&text, &dir.join("config.toml")).unwrap(),
        journal,
    )
}

async fn harness(dir: &Path) -> (Harness, PathBuf) {
    let (settings, journal) = settings(dir);
    (Harness::with_cloud(demo_cloud(), settings).await, journal)
}

async fn read_only(dir: &Path) -> (Harness, PathBuf) {
    let (settings, journal) = settings(dir);
    let (app, rx) = App::new(settings, demo_cloud());
    let app = app.with_read_only_flag(true);
    (Harness::from_app(app, rx).await, journal)
}

fn journal(path: &Path) -> Vec<AuditRecord> {
    if !path.exists() {
        return Vec::new();
    }
    Journal::read_all(path).unwrap()
}

/// The demo estate's domains (in the wizard's order) and user profiles.
async fn estate() -> (Vec<Domain>, Vec<UserProfile>) {
    let cloud = demo_cloud();
    let domains = dsadmin::collect_all!(cloud.sagemaker, list_domains).unwrap();
    let users = dsadmin::collect_all!(cloud.sagemaker, list_user_profiles).unwrap();
    (domains, users)
}

/// A user whose name is unique in the estate, in an SSO (or IAM) domain.
async fn user_where(sso: bool) -> String {
    let (domains, users) = estate().await;
    users
        .iter()
        .filter(|u| {
            domains
                .iter()
                .any(|d| d.id == u.domain_id && (d.auth_mode == "SSO") == sso)
        })
        .find(|u| users.iter().filter(|o| o.name == u.name).count() == 1)
        .unwrap()
        .name
        .clone()
}

fn footer(screen: &str) -> &str {
    screen.trim_end().lines().last().unwrap_or("")
}

#[tokio::test]
async fn wizard_onboards_a_user_end_to_end_and_the_list_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    h.keys("2o").await;
    let s = h.screen();
    assert!(s.contains("Onboard a user — 1/4 Domain"), "{s}");
    h.keys("<enter>").await;
    let s = h.screen();
    assert!(s.contains("2/4 Team"), "{s}");
    assert!(s.contains("fraud-analytics"), "{s}");
    h.keys("<enter>zz-newcomer<enter>").await;
    let s = h.screen();
    assert!(s.contains("4/4 Review"), "{s}");
    assert!(s.contains("\"UserProfileName\": \"zz-newcomer\""), "{s}");
    assert!(
        journal(&path).is_empty(),
        "nothing sent before Review's Enter"
    );

    h.keys("<enter>").await;
    let s = h.screen();
    assert!(s.contains("is InService"), "{s}");
    let records = journal(&path);
    assert!(
        records
            .iter()
            .any(|r| r.action == "sagemaker:CreateUserProfile"
                && matches!(r.outcome, Some(Outcome::Succeeded { .. }))),
        "{records:?}"
    );

    h.keys("<esc>").await;
    h.keys("/zz-newcomer").await;
    let s = h.screen();
    assert!(
        s.lines()
            .any(|l| l.contains("zz-newcomer") && l.contains("InService")),
        "{s}"
    );
}

#[tokio::test]
async fn esc_at_every_step_before_create_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    for depth in 1..=4 {
        let walk = ["2o", "<enter>", "<enter>", "zz-x<enter>"];
        for k in &walk[..depth] {
            h.keys(k).await;
        }
        h.keys("<esc>").await;
        let s = h.screen();
        assert!(!s.contains("Onboard a user"), "depth {depth}: {s}");
    }
    assert!(journal(&path).is_empty());
    h.keys("/zz-x<enter>").await;
    assert!(!h.screen().lines().any(|l| l.contains("│zz-x ")));
}

#[tokio::test]
async fn invalid_name_shows_the_error_and_keeps_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    h.keys("2o<enter><enter>bad_name!<enter>").await;
    let s = h.screen();
    assert!(s.contains("3/4 User name"), "{s}");
    assert!(s.contains("> bad_name!"), "{s}");
    assert!(s.contains('✗'), "{s}");
    assert!(journal(&path).is_empty());
}

#[tokio::test]
async fn a_name_colliding_case_insensitively_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    // The first user of the first domain, upper-cased.
    // The wizard starts on the selected row's domain: the first user by
    // name, whose own name then collides.
    let (_, users) = estate().await;
    let existing = users
        .iter()
        .map(|u| u.name.clone())
        .min()
        .unwrap()
        .to_uppercase();
    h.keys(&format!("2o<enter><enter>{existing}<enter>")).await;
    let s = h.screen();
    assert!(s.contains("3/4 User name"), "{s}");
    assert!(s.to_lowercase().contains("already"), "{s}");
    assert!(journal(&path).is_empty());
}

#[tokio::test]
async fn presign_shows_a_url_with_a_countdown_and_copies_it() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path());
    let (app, rx) = App::new(settings, demo_cloud());
    let opened = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = opened.clone();
    let app = app.with_browser(Arc::new(move |url: &str| {
        seen.lock().unwrap().push(url.to_owned());
        Ok(())
    }));
    let mut h = Harness::from_app(app, rx).await;
    // An IAM-auth domain's user: filter the Users list on one.
    let user = user_where(false).await;
    h.keys(&format!("2/{user}<enter>p")).await;
    let s = h.screen();
    assert!(s.contains("Presigned Studio URL"), "{s}");
    assert!(s.contains("https://"), "{s}");
    assert!(s.contains("expires in 60s"), "{s}");
    h.app
        .set_clock(common::anchor() + chrono::Duration::seconds(25));
    let s = h.screen();
    assert!(s.contains("expires in 35s"), "{s}");
    h.keys("y").await;
    assert!(h.app.last_copied().unwrap().starts_with("https://"));
    assert_eq!(h.app.take_clipboard().len(), 1);
    h.keys("o").await;
    assert_eq!(opened.lock().unwrap().len(), 1);
    h.keys("<esc>").await;
    assert!(!h.screen().contains("Presigned Studio URL"));
    // Journaled without the URL.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("CreatePresignedDomainUrl"), "{text}");
    assert!(!text.contains("https://"), "{text}");
}

#[tokio::test]
async fn presign_on_an_sso_domain_explains() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path()).await;
    let user = user_where(true).await;
    h.keys(&format!("2/{user}<enter>p")).await;
    let s = h.screen();
    assert!(s.contains("IAM Identity Center"), "{s}");
}

#[tokio::test]
async fn read_only_refuses_onboard_and_presign_before_anything_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = read_only(dir.path()).await;
    h.keys("2").await;
    let s = h.screen();
    assert!(!footer(&s).contains("onboard"), "{s}");
    assert!(!footer(&s).contains("presign"), "{s}");
    h.keys("o").await;
    let s = h.screen();
    assert!(!s.contains("Onboard a user"), "{s}");
    assert!(footer(&s).contains("read-only"), "{s}");
    h.keys(":onboard<enter>").await;
    assert!(!h.screen().contains("Onboard a user"));
    h.keys("p").await;
    let s = h.screen();
    assert!(!s.contains("Presigned Studio URL"), "{s}");
    assert!(footer(&s).contains("read-only"), "{s}");
    let records = journal(&path);
    let refused = records
        .iter()
        .filter(|r| matches!(r.outcome, Some(Outcome::Refused { .. })))
        .count();
    assert_eq!(refused, 3, "{records:?}");
}

/// Every wizard step and the presign modal, as the screen shows them.
#[tokio::test]
async fn snapshots_of_the_wizard_steps_and_the_presign_modal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path()).await;
    h.keys("2o").await;
    insta::assert_snapshot!("wizard_domain", h.screen());
    h.keys("<enter>").await;
    insta::assert_snapshot!("wizard_team", h.screen());
    h.keys("<enter>zz-snap").await;
    insta::assert_snapshot!("wizard_user_name", h.screen());
    h.keys("<enter>").await;
    insta::assert_snapshot!("wizard_review", h.screen());
    // Polling: hold back the job's answers and feed them one at a time.
    h.app.on_key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    ));
    let mut polled = false;
    while let Some(action) = h.rx.recv().await {
        h.app.on_action(action);
        let s = h.screen();
        if s.contains("Waiting for InService") {
            insta::assert_snapshot!("wizard_polling", s);
            polled = true;
            break;
        }
    }
    assert!(polled);
    h.settle().await;
    insta::assert_snapshot!("wizard_done", h.screen());
    h.keys("p").await;
    insta::assert_snapshot!("presign_modal", h.screen());
}
