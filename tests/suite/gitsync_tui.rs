//! The Git → Glue read side of the TUI over the demo estate: the Jobs tab's
//! GIT column once a mapping is configured, and the `D` diff pane. The
//! repository is made here with libgit2, with a fixed author time so its
//! commit SHA (shown in the pane) is the same on every run.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::Path;

use common::{demo_cloud, Harness};
use dsadmin::cloud::demo::glue_script;
use dsadmin::settings::Settings;

/// A repository whose `glue/claims-ingest-daily.py` is exactly the demo's
/// deployed script (in sync) and whose `glue/claims-notes-redaction.py`
/// differs from it (drifted); the other jobs have no file (not-mapped).
async fn repo(dir: &Path) {
    let cloud = demo_cloud();
    let same = glue_script(&cloud.glue.get_job("claims-ingest-daily").await.unwrap());
    let deployed = glue_script(&cloud.glue.get_job("claims-notes-redaction").await.unwrap());
    let changed = deployed.replace("job.commit()\n", "job.commit()\nprint(\"redacted\")\n");
    assert_ne!(changed, deployed);
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::create_dir_all(dir.join("glue")).unwrap();
    std::fs::write(dir.join("glue/claims-ingest-daily.py"), same).unwrap();
    std::fs::write(dir.join("glue/claims-notes-redaction.py"), changed).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_path(Path::new("glue/claims-ingest-daily.py"))
        .unwrap();
    index
        .add_path(Path::new("glue/claims-notes-redaction.py"))
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new(
        "Test",
        "test@example.com",
        &git2::Time::new(1_790_000_000, 0),
    )
    .unwrap();
    repo.commit(
        Some("refs/heads/main"),
        &sig,
        &sig,
        "glue scripts",
        &tree,
        &[],
    )
    .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
}

async fn mapped() -> (Harness, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path()).await;
    let text = format!(
        "[git]\nrepository = {}\n",
        serde_json::to_string(&dir.path().display().to_string()).unwrap()
    );
    let settings = Settings::from_str(&text, Path::new("/tmp/dsadmin-test/config.toml")).unwrap();
    (Harness::with_cloud(demo_cloud(), settings).await, dir)
}

fn row<'a>(screen: &'a str, job: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!("│{job} ")))
        .unwrap_or_else(|| panic!("no row for {job} in\n{screen}"))
}

#[tokio::test]
async fn the_git_column_shows_in_sync_drifted_and_not_mapped() {
    let (mut h, _dir) = mapped().await;
    h.keys("3").await;
    let screen = h.screen();
    assert!(
        row(&screen, "claims-ingest-daily").contains(" in-sync "),
        "{screen}"
    );
    assert!(
        row(&screen, "claims-notes-redaction").contains(" drifted "),
        "{screen}"
    );
    assert!(
        row(&screen, "cat-exposure-geocode").contains(" not-mapped "),
        "{screen}"
    );
    insta::assert_snapshot!("gitsync_jobs_column", screen);
    // The detail view says why.
    h.keys("/ingest-daily<enter>d").await;
    let screen = h.screen();
    assert!(
        screen.contains("in-sync: the deployed script is the blob in Git"),
        "{screen}"
    );
}

#[tokio::test]
async fn d_opens_the_diff_and_esc_goes_back() {
    let (mut h, dir) = mapped().await;
    h.keys("3/notes-red<enter>D").await;
    assert_eq!(
        h.app.crumbs().last().unwrap(),
        "claims-notes-redaction › diff"
    );
    // The temporary path varies in length with TMPDIR: replace it, and drop
    // the right border it would shift.
    let path = dir.path().display().to_string();
    let screen: String = h
        .screen()
        .replace(&path, "<repo>")
        .lines()
        .map(|l| format!("{}\n", l.trim_end_matches('│').trim_end()))
        .collect();
    assert!(
        screen.contains("drifted: the deployed script differs from Git"),
        "{screen}"
    );
    assert!(screen.contains("+print(\"redacted\")"), "{screen}");
    insta::assert_snapshot!("gitsync_diff_pane", screen);

    // Scrolls like the detail view; r compares again; Esc goes back.
    h.keys("jr").await;
    assert!(h.screen().contains("+print(\"redacted\")"));
    h.keys("<esc>").await;
    assert_eq!(h.app.crumbs().len(), 1);

    // An in-sync job says so instead of an empty diff.
    h.keys("<esc>/ingest-daily<enter>D").await;
    assert!(
        h.screen()
            .contains("No differences: the deployed script is the file in Git."),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn d_without_a_mapping_or_off_the_jobs_tab_explains() {
    let mut h = Harness::demo().await;
    h.keys("3D").await;
    let msg = h.app.message().unwrap().to_owned();
    assert!(msg.contains("has no Git mapping"), "{msg}");
    assert_eq!(h.app.crumbs().len(), 1, "no pane was opened");
    h.keys("2D").await;
    let msg = h.app.message().unwrap().to_owned();
    assert!(msg.contains("select a job on the Jobs tab"), "{msg}");
}
