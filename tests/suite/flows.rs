//! The multi-step TUI flows over the demo estate, by keys: the onboarding
//! wizard and the presigned URL, with a temporary journal; read-only
//! refusals before anything opens.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::{demo_cloud, Harness};
use dsadmin::audit::{AuditRecord, Journal, Outcome};
use dsadmin::model::{Domain, UserProfile};
use dsadmin::settings::Settings;
use dsadmin::tui::App;

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
    let domains = dsadmin::inventory::fill_all(&cloud, domains, &Default::default()).await;
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
                .any(|d| d.id == u.domain_id && d.is_sso() == sso)
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
async fn the_sso_path_counts_five_steps() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path()).await;
    // The wizard starts on the selected row's domain: an SSO one.
    let user = user_where(true).await;
    h.keys(&format!("2/{user}<enter>o")).await;
    assert!(h.screen().contains("1/5 Domain"), "{}", h.screen());
    h.keys("<enter><enter>").await;
    assert!(h.screen().contains("3/5 User name"), "{}", h.screen());
    h.keys("new-sso-analyst<enter>").await;
    let s = h.screen();
    assert!(s.contains("4/5 SSO user"), "{s}");
    h.keys("new.analyst@example.com<enter>").await;
    assert!(h.screen().contains("5/5 Review"), "{}", h.screen());
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
    let s = h.screen();
    assert!(
        s.contains("✓ copied to the clipboard"),
        "the window says it: {s}"
    );
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

/// A user with running apps, unique by name in the estate.
async fn user_with_apps() -> UserProfile {
    let (_, users) = estate().await;
    users
        .iter()
        .filter(|u| u.apps_running.known().is_some_and(|n| *n > 0) && u.status == "InService")
        .find(|u| users.iter().filter(|o| o.name == u.name).count() == 1)
        .unwrap()
        .clone()
}

#[tokio::test]
async fn offboarding_asks_for_the_name_and_deletes_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    let user = user_with_apps().await;
    h.keys(&format!("2/{}<enter>x", user.name)).await;
    let s = h.screen();
    assert!(s.contains(&format!("Offboard {}", user.name)), "{s}");
    assert!(s.contains("delete app"), "{s}");
    assert!(s.contains("delete user profile"), "{s}");
    assert!(s.contains("EFS volume is lost"), "{s}");
    insta::assert_snapshot!("offboard_confirmation", s);

    // A wrong name is refused; nothing is deleted.
    h.keys("nobody<enter>").await;
    let s = h.screen();
    assert!(s.contains("the name typed is not"), "{s}");
    assert!(journal(&path).is_empty());

    h.keys("<bs><bs><bs><bs><bs><bs>").await;
    h.keys(&format!("{}<enter>", user.name)).await;
    let s = h.screen();
    assert!(s.contains("is offboarded"), "{s}");
    assert!(s.contains("✓ deleted user profile"), "{s}");
    let actions: Vec<String> = journal(&path)
        .iter()
        .filter(|r| matches!(r.outcome, Some(Outcome::Succeeded { .. })))
        .map(|r| r.action.clone())
        .collect();
    assert_eq!(
        actions.first().map(String::as_str),
        Some("sagemaker:DeleteApp"),
        "{actions:?}"
    );
    assert_eq!(
        actions.last().map(String::as_str),
        Some("sagemaker:DeleteUserProfile"),
        "{actions:?}"
    );

    h.keys("<esc>").await;
    let s = h.screen();
    assert!(
        !s.lines().any(|l| l.contains(&format!("│{} ", user.name))),
        "{s}"
    );
}

#[tokio::test]
async fn a_partial_offboarding_shows_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path());
    let (cloud, _) = common::spy::spy(demo_cloud(), true);
    let mut h = Harness::with_cloud(cloud, settings).await;
    let user = user_with_apps().await;
    h.keys(&format!("2/{}<enter>x{}<enter>", user.name, user.name))
        .await;
    let s = h.screen();
    assert!(s.contains("✓ deleted space"), "{s}");
    assert!(s.contains("Still there"), "{s}");
    assert!(
        s.contains(&format!("  user profile {} in", user.name)),
        "{s}"
    );
    assert!(s.contains("ResourceInUse") || s.contains("in use"), "{s}");
    let failed = journal(&path)
        .iter()
        .filter(|r| {
            r.action == "sagemaker:DeleteUserProfile"
                && matches!(r.outcome, Some(Outcome::Failed { .. }))
        })
        .count();
    assert_eq!(failed, 1);
}

#[tokio::test]
async fn read_only_refuses_every_flow_with_zero_calls() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path());
    let (cloud, calls) = common::spy::spy(demo_cloud(), false);
    let (app, rx) = App::new(settings, cloud);
    let mut h = Harness::from_app(app.with_read_only_flag(true), rx).await;
    let user = user_with_apps().await;
    h.keys(&format!("2/{}<enter>", user.name)).await;
    let s = h.screen();
    for hint in ["onboard", "presign", "offboard", "delete"] {
        assert!(!footer(&s).contains(hint), "{hint}: {s}");
    }
    h.keys("o").await;
    h.keys(":onboard<enter>").await;
    h.keys("p").await;
    h.keys("x").await;
    h.keys("7w").await;
    let s = h.screen();
    assert!(footer(&s).contains("read-only"), "{s}");
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    let refused = journal(&path)
        .iter()
        .filter(|r| matches!(r.outcome, Some(Outcome::Refused { .. })))
        .count();
    assert_eq!(refused, 5);
}

/// An InService endpoint with two variants or more, unique by name.
async fn split_endpoint() -> dsadmin::model::Endpoint {
    let cloud = demo_cloud();
    let endpoints = dsadmin::collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    endpoints
        .into_iter()
        .find(|e| e.status == "InService" && e.variants().len() == 2)
        .unwrap()
}

#[tokio::test]
async fn weights_editor_shows_live_percentages_and_watches_the_shift() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    let endpoint = split_endpoint().await;
    h.keys(&format!("7/{}<enter>w", endpoint.name)).await;
    let s = h.screen();
    assert!(
        s.contains(&format!("Traffic shift — {}", endpoint.name)),
        "{s}"
    );
    insta::assert_snapshot!("weights_editor", s);

    // First variant 3, the second 1: 75% / 25%.
    let clear = "<bs>".repeat(12);
    h.keys(&format!("{clear}3<down>{clear}1")).await;
    let s = h.screen();
    assert!(s.contains("75.0%"), "{s}");
    assert!(s.contains("25.0%"), "{s}");

    // Invalid input: shown inline, Enter stays in the editor.
    h.keys(&format!("{clear}<enter>")).await;
    let s = h.screen();
    assert!(s.contains("must be a number"), "{s}");
    h.keys(&format!("0<up>{clear}0")).await;
    let s = h.screen();
    assert!(s.contains("needs a weight"), "{s}");
    assert!(journal(&path).is_empty());

    h.keys(&format!("{clear}3<down>{clear}1<enter>")).await;
    let s = h.screen();
    assert!(
        s.contains("sagemaker:UpdateEndpointWeightsAndCapacities"),
        "{s}"
    );
    assert!(s.contains("DesiredWeight=3"), "{s}");
    h.keys("y").await;
    let s = h.screen();
    assert!(s.contains("InService with the new weights"), "{s}");
    assert!(
        s.contains(&format!("endpoint {}: InService", endpoint.name)),
        "{s}"
    );
    let records = journal(&path);
    assert!(
        records.iter().any(
            |r| r.action == "sagemaker:UpdateEndpointWeightsAndCapacities"
                && matches!(r.outcome, Some(Outcome::Succeeded { .. }))
        ),
        "{records:?}"
    );
}

#[tokio::test]
async fn w_in_an_endpoints_variants_opens_its_weights_editor() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path()).await;
    let endpoint = split_endpoint().await;
    h.keys(&format!("7/{}<enter><enter>", endpoint.name)).await;
    assert!(
        h.app.crumbs().last().unwrap().ends_with("variants"),
        "{:?}",
        h.app.crumbs()
    );
    assert!(
        footer(&h.screen()).contains("<w> weights"),
        "{}",
        h.screen()
    );
    h.keys("w").await;
    let s = h.screen();
    assert!(
        s.contains(&format!("Traffic shift — {}", endpoint.name)),
        "{s}"
    );
}

#[tokio::test]
async fn the_first_digit_typed_replaces_the_selected_weight() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path()).await;
    let endpoint = split_endpoint().await;
    h.keys(&format!("7/{}<enter>w", endpoint.name)).await;
    // No Backspace first: "3" is the new weight, not the old one with a 3
    // after it; the same on the next row; Backspace then edits in place.
    h.keys("3<down>1").await;
    let s = h.screen();
    assert!(s.contains("75.0%") && s.contains("25.0%"), "{s}");
    h.keys("<bs>2").await;
    let s = h.screen();
    assert!(s.contains("60.0%") && s.contains("40.0%"), "{s}");
}

/// A flow's late answer after its modal closed is dropped: the wizard's
/// listing arrives after Esc and opens nothing.
#[tokio::test]
async fn events_for_a_closed_flow_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path()).await;
    h.keys("2").await;
    use crossterm::event::{KeyCode, KeyEvent};
    h.app.on_key(KeyEvent::from(KeyCode::Char('o')));
    h.app.on_key(KeyEvent::from(KeyCode::Esc));
    h.settle().await;
    let s = h.screen();
    assert!(!s.contains("Onboard a user"), "{s}");
    assert!(!h.app.is_busy());
    assert!(journal(&path).is_empty());
}
