//! The single-shot admin actions of the Users and Packages tabs over the
//! demo estate: deleting (stopping) a Studio app, marking rows, approving,
//! unlisting and archiving package versions (one or several, each request
//! conditional on the status shown), and the origin editor. Read-only mode
//! refuses every one, journals the refusal and sends nothing.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::journaled::{footer, journal, settings};
use common::{demo_cloud, Harness};
use dsadmin::audit::{Outcome, Phase};
use dsadmin::cloud::{Cloud, CloudResult, CodeArtifact, Completed, PageSink};
use dsadmin::model::{
    ArtifactRepository, OriginRestrictions, Package, PackageRef, PackageVersion, StatusChange,
    VersionStatus,
};

/// The table row whose first cell (after the border and an optional mark
/// gutter) starts with `name`.
fn row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| {
            let cells = l.trim_start_matches('│');
            cells.starts_with(name)
                || cells
                    .get(2..)
                    .is_some_and(|rest| rest.starts_with(name) && cells.is_char_boundary(2))
        })
        .unwrap_or_else(|| panic!("no row {name}:\n{screen}"))
}

/// One UpdatePackageVersionsStatus or PutPackageOriginConfiguration as the
/// spy saw it.
#[derive(Debug, Clone, PartialEq)]
enum Sent {
    Status {
        versions: Vec<String>,
        target: VersionStatus,
        expected: Option<VersionStatus>,
    },
    Origin(OriginRestrictions),
}

/// The demo's CodeArtifact, recording every mutating request that reaches it.
struct CodeArtifactSpy {
    inner: Arc<dyn CodeArtifact>,
    sent: Arc<Mutex<Vec<Sent>>>,
}

#[async_trait::async_trait]
impl CodeArtifact for CodeArtifactSpy {
    async fn list_repositories(&self, sink: &dyn PageSink<ArtifactRepository>) -> CloudResult<()> {
        self.inner.list_repositories(sink).await
    }
    async fn repository_links(
        &self,
        repository: &ArtifactRepository,
    ) -> CloudResult<dsadmin::model::RepositoryLinks> {
        self.inner.repository_links(repository).await
    }
    async fn list_packages(
        &self,
        domain: &str,
        repository: &str,
        sink: &dyn PageSink<Package>,
    ) -> CloudResult<()> {
        self.inner.list_packages(domain, repository, sink).await
    }
    async fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
        sink: &dyn PageSink<PackageVersion>,
    ) -> CloudResult<()> {
        self.inner
            .list_package_versions(domain, repository, package, sink)
            .await
    }
    async fn update_package_versions_status(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        versions: &[String],
        target: VersionStatus,
        expected: Option<VersionStatus>,
    ) -> CloudResult<Completed<StatusChange>> {
        self.sent.lock().unwrap().push(Sent::Status {
            versions: versions.to_vec(),
            target,
            expected,
        });
        self.inner
            .update_package_versions_status(domain, repository, package, versions, target, expected)
            .await
    }
    async fn put_package_origin_configuration(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        restrictions: OriginRestrictions,
    ) -> CloudResult<Completed<OriginRestrictions>> {
        self.sent.lock().unwrap().push(Sent::Origin(restrictions));
        self.inner
            .put_package_origin_configuration(domain, repository, package, restrictions)
            .await
    }
}

/// The demo cloud with the spy, the spy's record, and the cloud itself for
/// changing the estate underneath the app.
fn spied() -> (Cloud, Arc<Mutex<Vec<Sent>>>) {
    let mut cloud = demo_cloud();
    let sent = Arc::new(Mutex::new(Vec::new()));
    cloud.codeartifact = Arc::new(CodeArtifactSpy {
        inner: cloud.codeartifact.clone(),
        sent: sent.clone(),
    });
    (cloud, sent)
}

async fn harness(dir: &Path, extra: &str) -> (Harness, PathBuf, Arc<Mutex<Vec<Sent>>>, Cloud) {
    let (settings, path) = settings(dir, extra);
    let (cloud, sent) = spied();
    let h = Harness::with_cloud(cloud.clone(), settings).await;
    (h, path, sent, cloud)
}

/// The versions of `requests` in approved-pypi: 2.32.5 and 2.32.3
/// Published, 2.31.0 Unlisted (newest first).
async fn requests_versions(h: &mut Harness) {
    h.keys("6<enter>/requests<enter><enter>").await;
    assert_eq!(h.app.crumbs().last().unwrap(), "requests › versions");
}

#[tokio::test]
async fn x_deletes_a_users_app_and_the_list_shows_it_deleting() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, _, _) = harness(dir.path(), "").await;
    h.keys("2/aisha<enter><enter>/gpu-pytorch<enter>").await;
    let screen = h.screen();
    assert!(
        row(&screen, "app   gpu-pytorch").contains("InService"),
        "{screen}"
    );
    // x on an app row stops the app (DeleteApp), and says so.
    assert!(footer(&screen).contains("<x> stop app"), "{screen}");

    h.keys("x").await;
    assert!(h.app.confirming());
    let screen = h.screen();
    assert!(
        screen.contains(
            "Delete (stop) KernelGateway app gpu-pytorch-ml-m5-2xlarge-8edd of user aisha-demir"
        ),
        "{screen}"
    );
    for field in [
        "sagemaker:DeleteApp",
        "DomainId=d-",
        "UserProfileName=aisha-demir",
        "AppType=KernelGateway",
        "AppName=gpu-pytorch-ml-m5-2xlarge-8edd",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
    assert!(
        journal(&path).is_empty(),
        "nothing journaled before the answer"
    );
    h.keys("y").await;
    let message = h.app.message().unwrap();
    assert!(
        message.starts_with(
            "deleting KernelGateway app gpu-pytorch-ml-m5-2xlarge-8edd of user aisha-demir"
        ),
        "{message}"
    );
    let screen = h.screen();
    assert!(
        row(&screen, "app   gpu-pytorch").contains("Deleting"),
        "{screen}"
    );

    let records = journal(&path);
    let pairs: Vec<(&str, Phase)> = records
        .iter()
        .map(|r| (r.action.as_str(), r.phase))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("sagemaker:DeleteApp", Phase::Started),
            ("sagemaker:DeleteApp", Phase::Finished)
        ]
    );
    assert!(matches!(
        records[1].outcome,
        Some(Outcome::Succeeded { .. })
    ));

    // Deleting already: nothing left to stop, no hint, and the key says so.
    h.keys("k").await;
    assert!(!footer(&h.screen()).contains("delete"));
    h.keys("x").await;
    assert!(!h.app.confirming());
    assert_eq!(
        h.app.message(),
        Some("Nothing to delete here: select a row it applies to")
    );
    // Spaces are not apps: no delete on them.
    h.keys("<esc>G").await;
    let screen = h.screen();
    assert!(
        row(&screen, "space").contains("aisha-demir-jupyterlab"),
        "{screen}"
    );
    assert!(!footer(&screen).contains("delete"), "{screen}");
}

#[tokio::test]
async fn space_marks_rows_and_marks_survive_filter_and_sort_not_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _, _, _) = harness(dir.path(), "").await;
    requests_versions(&mut h).await;
    // Mark 2.32.5 (moves down), skip 2.32.3, mark 2.31.0.
    h.keys(" j ").await;
    let screen = h.screen();
    assert!(
        screen.contains("requests › versions [3] 2 marked"),
        "{screen}"
    );
    assert!(row(&screen, "2.32.5").starts_with("│* "), "{screen}");
    assert!(row(&screen, "2.32.3").starts_with("│  "), "{screen}");
    assert!(row(&screen, "2.31.0").starts_with("│* "), "{screen}");
    insta::assert_snapshot!("versions_with_marks", screen);

    // A filter hides a marked row; it stays marked (and counted).
    h.keys("/2.31<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("[1/3] 2 marked"), "{screen}");
    h.keys("<esc>").await;
    // Sorting keeps marks on the same versions.
    h.keys("sS").await;
    let screen = h.screen();
    assert!(row(&screen, "2.32.5").starts_with("│* "), "{screen}");
    assert!(row(&screen, "2.31.0").starts_with("│* "), "{screen}");
    // Space again unmarks.
    h.keys("g").await;
    let first = h.screen();
    let marked_before = first.matches("│* ").count();
    h.keys(" ").await;
    assert_eq!(h.screen().matches("│* ").count(), marked_before - 1);
    // A reload clears them.
    h.keys("r").await;
    let screen = h.screen();
    assert!(!screen.contains("marked"), "{screen}");
    assert!(!screen.contains("│* "), "{screen}");
}

#[tokio::test]
async fn approve_one_version_sends_the_status_it_shows_as_expected() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, sent, _) = harness(dir.path(), "").await;
    requests_versions(&mut h).await;
    // 2.32.5 is Published already: approving it would change nothing.
    let screen = h.screen();
    assert!(!footer(&screen).contains("approve"), "{screen}");
    h.keys("a").await;
    assert_eq!(
        h.app.message(),
        Some("Nothing to approve here: select a row it applies to")
    );
    h.keys("G").await;
    assert!(row(&h.screen(), "2.31.0").contains("Unlisted"));
    assert!(footer(&h.screen()).starts_with("<a> approve  <Z> archive"));
    h.keys("a").await;
    let screen = h.screen();
    assert!(
        screen.contains("Approve 1 version of pypi package requests in ds-artifacts/approved-pypi (set it Published)?"),
        "{screen}"
    );
    for field in [
        "codeartifact:UpdatePackageVersionsStatus",
        "targetStatus=Published",
        "versions=[2.31.0]",
        "expectedStatus=Unlisted",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
    h.keys("y").await;
    assert!(
        h.app
            .message()
            .unwrap()
            .starts_with("approved 1 of 1 version of requests"),
        "{:?}",
        h.app.message()
    );
    assert!(row(&h.screen(), "2.31.0").contains("Published"));
    assert_eq!(
        *sent.lock().unwrap(),
        vec![Sent::Status {
            versions: vec!["2.31.0".into()],
            target: VersionStatus::Published,
            expected: Some(VersionStatus::Unlisted),
        }]
    );
    let records = journal(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].parameters["expected_status"], "Unlisted");
}

#[tokio::test]
async fn unlist_marked_versions_in_one_request() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _, sent, _) = harness(dir.path(), "").await;
    requests_versions(&mut h).await;
    h.keys("  u").await;
    let screen = h.screen();
    assert!(screen.contains("Unlist 2 versions"), "{screen}");
    assert!(screen.contains("versions=[2.32.5, 2.32.3]"), "{screen}");
    h.keys("y").await;
    assert!(
        h.app
            .message()
            .unwrap()
            .starts_with("unlisted 2 of 2 versions of requests"),
        "{:?}",
        h.app.message()
    );
    let screen = h.screen();
    for v in ["2.32.5", "2.32.3", "2.31.0"] {
        assert!(row(&screen, v).contains("Unlisted"), "{v}: {screen}");
    }
    // The reload after the change dropped the marks.
    assert!(!screen.contains("marked"), "{screen}");
    assert_eq!(sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn archive_of_mixed_statuses_sends_one_request_per_status_after_the_typed_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, sent, _) = harness(dir.path(), "").await;
    requests_versions(&mut h).await;
    h.keys("   Z").await;
    let screen = h.screen();
    assert!(screen.contains("Archive 3 versions"), "{screen}");
    assert!(
        screen.contains("2 requests, one per current status"),
        "{screen}"
    );
    assert!(screen.contains("Type requests to confirm"), "{screen}");
    // Enter before the name is refused; y is a letter of the name here.
    h.keys("<enter>").await;
    assert!(h.app.confirming());
    assert!(h.screen().contains("The name does not match yet"));
    h.keys("requests<enter>").await;
    assert!(!h.app.confirming());
    assert!(
        h.app
            .message()
            .unwrap()
            .starts_with("archived 3 of 3 versions of requests"),
        "{:?}",
        h.app.message()
    );
    let screen = h.screen();
    for v in ["2.32.5", "2.32.3", "2.31.0"] {
        assert!(row(&screen, v).contains("Archived"), "{v}: {screen}");
    }
    assert_eq!(
        *sent.lock().unwrap(),
        vec![
            Sent::Status {
                versions: vec!["2.32.5".into(), "2.32.3".into()],
                target: VersionStatus::Archived,
                expected: Some(VersionStatus::Published),
            },
            Sent::Status {
                versions: vec!["2.31.0".into()],
                target: VersionStatus::Archived,
                expected: Some(VersionStatus::Unlisted),
            },
        ]
    );
    assert_eq!(
        journal(&path).len(),
        4,
        "a started/finished pair per request"
    );
}

#[tokio::test]
async fn a_version_changed_underneath_is_reported_failed_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _, _, cloud) = harness(dir.path(), "").await;
    requests_versions(&mut h).await;
    // Someone else archives 2.32.3 after the list was loaded.
    cloud
        .codeartifact
        .update_package_versions_status(
            "ds-artifacts",
            "approved-pypi",
            &PackageRef::new("pypi", None, "requests"),
            &["2.32.3".to_owned()],
            VersionStatus::Archived,
            None,
        )
        .await
        .unwrap();
    // The screen still says Published: unlist both Published rows.
    h.keys("  u").await;
    assert!(h.screen().contains("expectedStatus=Published"));
    h.keys("y").await;
    let message = h.app.message().unwrap();
    assert_eq!(
        message,
        "unlisted 1 of 2 versions of requests; NOT changed: 2.32.3 MISMATCHED_STATUS (current status is Archived, expected status is Published)"
    );
    let screen = h.screen();
    assert!(row(&screen, "2.32.5").contains("Unlisted"), "{screen}");
    assert!(row(&screen, "2.32.3").contains("Archived"), "{screen}");
}

#[tokio::test]
async fn the_origin_editor_toggles_warns_and_sets() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, sent, _) = harness(dir.path(), "").await;
    h.keys("6<enter>/requests<enter>").await;
    let screen = h.screen();
    assert!(
        row(&screen, "requests").contains("BLOCK    ALLOW"),
        "{screen}"
    );
    assert!(footer(&screen).starts_with("<b> origin"), "{screen}");

    h.keys("b").await;
    assert!(h.app.editing_origin());
    let screen = h.screen();
    assert!(screen.contains("p  publish  BLOCK"), "{screen}");
    assert!(screen.contains("u  upstream ALLOW"), "{screen}");
    assert!(!screen.contains("Both allowed"), "{screen}");
    // Enter with nothing changed says so and stays.
    h.keys("<enter>").await;
    assert!(h.app.editing_origin());
    assert!(h.screen().contains("Nothing changed yet"));
    // p allows publishing: both open, so the warning shows.
    h.keys("p").await;
    let screen = h.screen();
    assert!(
        screen.contains("p  publish  ALLOW  (was BLOCK)"),
        "{screen}"
    );
    assert!(screen.contains("⚠ Both allowed"), "{screen}");
    assert!(screen.contains("substitution."), "{screen}");
    insta::assert_snapshot!("origin_editor", screen);
    // Esc cancels, nothing sent.
    h.keys("<esc>").await;
    assert!(!h.app.editing_origin());
    assert!(sent.lock().unwrap().is_empty());

    // Block upstream instead: u, Enter, confirm.
    h.keys("bu<enter>").await;
    assert!(h.app.confirming());
    let screen = h.screen();
    for field in [
        "codeartifact:PutPackageOriginConfiguration",
        "restrictions.publish=BLOCK",
        "restrictions.upstream=BLOCK",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
    h.keys("y").await;
    assert!(
        h.app
            .message()
            .unwrap()
            .starts_with("requests: publish BLOCK, upstream BLOCK"),
        "{:?}",
        h.app.message()
    );
    assert!(row(&h.screen(), "requests").contains("BLOCK    BLOCK"));
    assert_eq!(
        *sent.lock().unwrap(),
        vec![Sent::Origin(OriginRestrictions {
            publish: dsadmin::model::OriginRule::Block,
            upstream: dsadmin::model::OriginRule::Block,
        })]
    );
    assert_eq!(journal(&path).len(), 2);
}

#[tokio::test]
async fn read_only_refuses_every_new_action_sends_nothing_and_hides_hints() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, sent, _) = harness(dir.path(), "[general]\nread_only = true").await;

    // Delete an app.
    h.keys("2/aisha<enter><enter>/gpu-pytorch<enter>").await;
    assert!(!footer(&h.screen()).contains("delete"));
    h.keys("x").await;
    assert!(!h.app.confirming());
    assert!(h
        .app
        .message()
        .unwrap()
        .starts_with("refused sagemaker:DeleteApp"));
    h.keys("r").await;
    assert!(row(&h.screen(), "app   gpu-pytorch").contains("InService"));

    // Approve, unlist, archive versions; marking still works (it is a view).
    h.keys("6<enter>/requests<enter><enter>").await;
    let screen = h.screen();
    for hint in ["approve", "unlist", "archive"] {
        assert!(!footer(&screen).contains(hint), "{hint}: {screen}");
    }
    // Each key where it would apply without read-only: approve the
    // Unlisted 2.31.0, unlist and archive the Published 2.32.5.
    for (keys, verb) in [("Ga", "approve"), ("gu", "unlist"), ("gZ", "archive")] {
        h.keys(keys).await;
        assert!(!h.app.confirming(), "{verb}");
        let message = h.app.message().unwrap();
        assert!(
            message.starts_with("refused codeartifact:UpdatePackageVersionsStatus"),
            "{verb}: {message}"
        );
    }
    // Marking still works: it only changes the view.
    h.keys(" ").await;
    assert!(h.screen().contains("1 marked"));

    // The origin editor does not open.
    h.keys("<esc>").await;
    assert!(!footer(&h.screen()).contains("origin"));
    h.keys("b").await;
    assert!(!h.app.editing_origin());
    assert!(h
        .app
        .message()
        .unwrap()
        .starts_with("refused codeartifact:PutPackageOriginConfiguration"));

    assert!(
        sent.lock().unwrap().is_empty(),
        "nothing reached CodeArtifact"
    );
    let records = journal(&path);
    assert_eq!(records.len(), 10, "{records:?}");
    assert!(records
        .iter()
        .filter(|r| r.phase == Phase::Finished)
        .all(|r| matches!(r.outcome, Some(Outcome::Refused { .. }))));
}

/// The marking API an op uses: `ListPane::marked_items` hands out the
/// marked rows themselves (filtered-out ones included), in the list's order.
#[test]
fn marked_rows_are_the_rows_themselves() {
    use dsadmin::command::Command;
    use dsadmin::tui::pane::Pane;
    use dsadmin::tui::widgets::table::ListPane;
    let version = |v: &str, status: &str| PackageVersion {
        package: "requests".into(),
        version: v.into(),
        status: status.into(),
        origin: "EXTERNAL".into(),
        published: None,
        revision: None,
    };
    let mut pane = ListPane::with_rows(
        1,
        "versions".into(),
        vec![
            version("1.0", "Published"),
            version("1.1", "Unlisted"),
            version("1.2", "Published"),
        ],
    );
    // By version, from the first row (a re-sort keeps the selected row).
    pane.sort_by(0);
    pane.navigate(Command::Top);
    pane.toggle_mark(); // 1.0, then down to 1.1
    pane.navigate(Command::Down); // 1.2
    pane.toggle_mark();
    let _ = pane.set_filter("1.1".into());
    assert_eq!(pane.shown(), 1);
    assert_eq!(pane.marked_count(), 2);
    let marked: Vec<String> = pane.marked_items().map(|r| r.version.clone()).collect();
    assert_eq!(marked, vec!["1.0", "1.2"]);
    // Without a package (no versions request) there is nothing to send.
    assert!(pane.op_for(Command::Unlist).is_none());
}
