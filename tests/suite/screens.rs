//! Snapshot tests of every screen (TestBackend + insta) over the demo estate,
//! with a frozen clock so relative times are stable.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::sync::Arc;

use async_trait::async_trait;
use common::Harness;
use dsadmin::cloud::{CloudError, CloudResult};
use dsadmin::settings::Settings;

#[tokio::test]
async fn every_tab() {
    let mut h = Harness::demo().await;
    for (key, name) in [
        ("1", "tab_domains"),
        ("2", "tab_users"),
        ("3", "tab_jobs"),
        ("4", "tab_crawlers"),
        ("5", "tab_images"),
        ("6", "tab_packages"),
        ("7", "tab_endpoints"),
    ] {
        h.keys(key).await;
        insta::assert_snapshot!(name, h.screen());
    }
}

#[tokio::test]
async fn drill_downs() {
    let mut h = Harness::demo().await;
    // A user with apps: the first row of the users tab.
    h.keys("2<enter>").await;
    insta::assert_snapshot!("users_apps_and_spaces", h.screen());
    h.keys("3<enter>").await;
    insta::assert_snapshot!("job_runs", h.screen());
    h.keys("5<enter>").await;
    insta::assert_snapshot!("ecr_images", h.screen());
    h.keys("6").await;
    // The approved repository: find it with the filter, then drill twice.
    h.keys("/approved<enter><enter>").await;
    insta::assert_snapshot!("packages", h.screen());
    h.keys("<enter>").await;
    insta::assert_snapshot!("package_versions", h.screen());
    h.keys("7/scorer<enter><enter>").await;
    insta::assert_snapshot!("endpoint_variants", h.screen());
}

#[tokio::test]
async fn help_overlay() {
    let mut h = Harness::demo().await;
    h.keys("?").await;
    insta::assert_snapshot!(h.screen());
}

#[tokio::test]
async fn detail_view() {
    let mut h = Harness::demo().await;
    h.keys("2d").await;
    insta::assert_snapshot!(h.screen());
}

#[tokio::test]
async fn filtered_table() {
    let mut h = Harness::demo().await;
    h.keys("2/fraud").await;
    insta::assert_snapshot!(h.screen());
}

#[tokio::test]
async fn command_line_open() {
    let mut h = Harness::demo().await;
    h.keys(":cr").await;
    insta::assert_snapshot!(h.screen());
}

#[tokio::test]
async fn error_state_stays_in_its_tab() {
    let mut h =
        Harness::with_cloud(common::denied_glue_cloud(), Settings::builtin().unwrap()).await;
    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("glue:GetJobs"), "{screen}");
    insta::assert_snapshot!("error_access_denied", screen);
    // The users tab is unaffected.
    h.keys("2").await;
    assert!(!h.screen().contains("Could not load"));
}

#[tokio::test]
async fn read_only_badge() {
    let mut settings = Settings::builtin().unwrap();
    settings.general.read_only = true;
    let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
    let screen = h.screen();
    assert!(
        screen.lines().next().unwrap().contains("READ-ONLY"),
        "{screen}"
    );
    assert!(screen.lines().next().unwrap().contains("DEMO"), "{screen}");
}

/// STS says there are no credentials: the tabs give way to instructions.
struct NoCredentials;

#[async_trait]
impl dsadmin::cloud::Identity for NoCredentials {
    async fn caller_identity(&self) -> CloudResult<dsadmin::model::CallerIdentity> {
        Err(CloudError::NoCredentials {
            profile: "ds-prod-admin".into(),
            hint: "run `aws sso login --profile ds-prod-admin`, or try `dsadmin --demo`".into(),
        })
    }
}

#[tokio::test]
async fn no_credentials_screen() {
    let mut cloud = common::demo_cloud();
    cloud.identity = Arc::new(NoCredentials);
    cloud.context.profile = "ds-prod-admin".into();
    cloud.context.demo = false;
    let mut h = Harness::with_cloud(cloud, Settings::builtin().unwrap()).await;
    let screen = h.screen();
    assert!(
        screen.contains("aws sso login --profile ds-prod-admin"),
        "{screen}"
    );
    assert!(screen.contains("dsadmin --demo"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn environment_cue_in_the_header() {
    let settings = Settings::from_str(
        "[[environments]]\nmatch = \"123456789012\"\nlabel = \"PROD\"\ncolor = \"red\"\n",
        std::path::Path::new("test.toml"),
    )
    .unwrap();
    let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
    let screen = h.screen();
    let header = screen.lines().next().unwrap();
    assert!(header.starts_with(" PROD "), "{header}");
    // The badge carries the configured colour.
    let cell = &h.terminal.backend().buffer()[(1, 0)];
    assert_eq!(cell.bg, ratatui::style::Color::Red);
}

#[tokio::test]
async fn confirmation_modal() {
    let mut h = Harness::demo().await;
    // claims-ingest-daily, the third job.
    h.keys("3jjt").await;
    assert!(h.app.confirming());
    insta::assert_snapshot!(h.screen());
    h.keys("<esc>").await;
}

/// The typed-name mode on its own: no operation uses it yet (offboarding
/// will), so it is drawn from the widget with a plausible request.
#[test]
fn typed_name_modal() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use dsadmin::tui::widgets::confirm::{Answer, ConfirmDialog};

    let mut dialog = ConfirmDialog::typed_name(
        "Delete user profile alice-chen, its 2 apps and 1 space? Her home directory on EFS is lost."
            .into(),
        "sagemaker:DeleteUserProfile",
        vec![
            ("DomainId".into(), "d-claims0001".into()),
            ("UserProfileName".into(), "alice-chen".into()),
        ],
        "alice-chen".into(),
    );
    for c in "alice".chars() {
        dialog.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        dialog.key(enter),
        Answer::Pending,
        "the name does not match"
    );
    let theme = Settings::builtin().unwrap().theme;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(110, 16)).unwrap();
    terminal.draw(|f| dialog.draw(f, f.area(), &theme)).unwrap();
    insta::assert_snapshot!(common::buffer_text(terminal.backend().buffer()));
}

/// The Jobs tab's header and hint bar: the action hint is there in
/// read-write mode and gone in read-only mode.
#[tokio::test]
async fn jobs_hint_bar_read_write_and_read_only() {
    let bars = |screen: &str| {
        let lines: Vec<&str> = screen.trim_end().lines().collect();
        format!("{}\n{}\n", lines[0], lines[lines.len() - 1])
    };
    let mut h = Harness::demo().await;
    h.keys("3").await;
    insta::assert_snapshot!("jobs_hints_read_write", bars(&h.screen()));

    let mut settings = Settings::builtin().unwrap();
    settings.general.read_only = true;
    let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
    h.keys("3").await;
    insta::assert_snapshot!("jobs_hints_read_only", bars(&h.screen()));
}

/// Read-only: the action keys stay listed, dimmed and marked unavailable.
#[tokio::test]
async fn help_overlay_read_only() {
    let mut settings = Settings::builtin().unwrap();
    settings.general.read_only = true;
    let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
    h.keys("?").await;
    let screen = h.screen();
    assert!(
        screen.contains("Start a job run, a crawler or an image scan (unavailable: read-only)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
