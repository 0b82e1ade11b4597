//! `P` on a Glue job: Git → Glue from the TUI over the demo estate, with a
//! temporary Git repository mapped by convention. Drifted → plan →
//! confirmation (commit, repository, path, S3 location, diff size) → push
//! → in sync; an in-sync job has nothing to push; a dirty worktree and an
//! object changed after the plan are refused; read-only refuses, journals
//! and writes nothing.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use common::{demo_cloud, Harness};
use dsadmin::audit::{Journal, Outcome, Phase};
use dsadmin::cloud::demo::glue_script;
use dsadmin::cloud::{Cloud, CloudResult, Completed, S3};
use dsadmin::model::{ObjectHead, PutCondition, S3Location, S3Object};
use dsadmin::settings::Settings;

const DRIFTED: &str = "claims-notes-redaction";
const IN_SYNC: &str = "claims-ingest-daily";

/// A repository whose claims-ingest-daily script is the deployed one and
/// whose claims-notes-redaction script adds a line; a fixed commit time
/// keeps the SHA (shown on screen) stable.
async fn repo(dir: &Path, cloud: &Cloud) {
    let same = glue_script(&cloud.glue.get_job(IN_SYNC).await.unwrap());
    let deployed = glue_script(&cloud.glue.get_job(DRIFTED).await.unwrap());
    let changed = deployed.replace("job.commit()\n", "job.commit()\nprint(\"redacted\")\n");
    assert_ne!(changed, deployed);
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::create_dir_all(dir.join("glue")).unwrap();
    let files = [
        (format!("glue/{IN_SYNC}.py"), same),
        (format!("glue/{DRIFTED}.py"), changed),
    ];
    let mut index = repo.index().unwrap();
    for (path, text) in &files {
        std::fs::write(dir.join(path), text).unwrap();
        index.add_path(Path::new(path)).unwrap();
    }
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

/// The demo's S3, counting the writes that reach it.
struct S3Spy {
    inner: Arc<dyn S3>,
    puts: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl S3 for S3Spy {
    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Option<S3Object>> {
        self.inner.get_object(bucket, key).await
    }
    async fn head_object(&self, bucket: &str, key: &str) -> CloudResult<Option<ObjectHead>> {
        self.inner.head_object(bucket, key).await
    }
    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: &BTreeMap<String, String>,
        condition: &PutCondition,
    ) -> CloudResult<Completed<Option<String>>> {
        self.puts.fetch_add(1, SeqCst);
        self.inner
            .put_object(bucket, key, bytes, metadata, condition)
            .await
    }
}

struct Setup {
    h: Harness,
    /// Holds the repository.
    dir: tempfile::TempDir,
    journal: PathBuf,
    /// The estate the app sees, for changes underneath it.
    cloud: Cloud,
    puts: Arc<AtomicUsize>,
}

async fn setup(extra: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let repo_dir = dir.path().join("repo");
    std::fs::create_dir_all(&repo_dir).unwrap();
    let mut cloud = demo_cloud();
    repo(&repo_dir, &cloud).await;
    let puts = Arc::new(AtomicUsize::new(0));
    cloud.s3 = Arc::new(S3Spy {
        inner: cloud.s3.clone(),
        puts: puts.clone(),
    });
    let journal = dir.path().join("audit.jsonl");
    let text = format!(
        "{extra}\n[git]\nrepository = {}\n[audit]\npath = {}\n",
        serde_json::to_string(&repo_dir.display().to_string()).unwrap(),
        serde_json::to_string(&journal.display().to_string()).unwrap(),
    );
    let settings = Settings::from_str(&text, &dir.path().join("config.toml")).unwrap();
    let h = Harness::with_cloud(cloud.clone(), settings).await;
    Setup {
        h,
        dir,
        journal,
        cloud,
        puts,
    }
}

fn row<'a>(screen: &'a str, job: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!("│{job} ")))
        .unwrap_or_else(|| panic!("no row for {job} in\n{screen}"))
}

/// The screen with the temporary path replaced (it varies with TMPDIR),
/// padded to the path's width so the borders stay where they were, and
/// the right border of the pane dropped.
fn stable(screen: &str, dir: &Path) -> String {
    let path = dir.join("repo").display().to_string();
    let width = path.chars().count();
    screen
        .replace(&path, &format!("{:<width$}", "<repo>"))
        .lines()
        .map(|l| format!("{}\n", l.trim_end_matches('│').trim_end()))
        .collect()
}

#[tokio::test]
async fn p_pushes_a_drifted_job_after_showing_what_goes_where() {
    let mut s = setup("").await;
    s.h.keys(&format!("3/{DRIFTED}<enter>")).await;
    let screen = s.h.screen();
    assert!(row(&screen, DRIFTED).contains(" drifted "), "{screen}");
    assert!(screen.trim_end().ends_with("quit"));
    assert!(screen.contains("<P> push"), "{screen}");

    s.h.keys("P").await;
    assert!(s.h.app.confirming());
    let screen = stable(&s.h.screen(), s.dir.path());
    for text in [
        &format!("Push the script of Glue job {DRIFTED} from Git to"),
        &format!("s3://hbi-glue-scripts-eu-west-2/scripts/{DRIFTED}.py?"),
        "Commit:      ",
        "Repository:  <repo>",
        &format!("Path:        glue/{DRIFTED}.py"),
        "S3 location: s3://",
        "Diff:        +1 −0 lines (deployed → Git; D shows it)",
        "the job definition is not changed (no UpdateJob)",
        "s3:PutObject",
        "If-Match=",
    ] {
        assert!(screen.contains(text), "{text}: {screen}");
    }
    insta::assert_snapshot!("push_confirmation", screen);
    assert_eq!(s.puts.load(SeqCst), 0, "nothing written before the answer");

    s.h.keys("y").await;
    let message = s.h.app.message().unwrap().to_owned();
    assert!(
        message.starts_with(&format!("pushed main:glue/{DRIFTED}.py @ ")),
        "{message}"
    );
    assert!(
        message.contains(&format!("and tagged {DRIFTED} GitCommit=")),
        "{message}"
    );
    assert_eq!(s.puts.load(SeqCst), 1);
    // The GIT column was checked again.
    let screen = s.h.screen();
    assert!(row(&screen, DRIFTED).contains(" in-sync "), "{screen}");
    let actions: Vec<(String, Phase)> = Journal::read_all(&s.journal)
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.phase))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("s3:PutObject".to_owned(), Phase::Started),
            ("s3:PutObject".to_owned(), Phase::Finished),
            ("glue:TagResource".to_owned(), Phase::Started),
            ("glue:TagResource".to_owned(), Phase::Finished),
        ]
    );

    // Now in sync: nothing to push, no question, no request.
    s.h.keys("P").await;
    assert!(!s.h.app.confirming());
    let message = s.h.app.message().unwrap();
    assert!(message.starts_with("nothing to push: s3://"), "{message}");
    assert!(message.ends_with("(in sync)"), "{message}");
    assert_eq!(s.puts.load(SeqCst), 1);
}

#[tokio::test]
async fn p_in_the_diff_view_pushes_the_job_it_shows() {
    let mut s = setup("").await;
    s.h.keys(&format!("3/{DRIFTED}<enter>D")).await;
    let screen = s.h.screen();
    assert!(screen.contains("+print"), "the diff is open: {screen}");
    assert!(screen.contains("<P> push"), "and says P pushes: {screen}");
    s.h.keys("P").await;
    assert!(s.h.app.confirming());
    let screen = s.h.screen();
    assert!(
        screen.contains(&format!(
            "Push the script of Glue job {DRIFTED} from Git to"
        )),
        "{screen}"
    );
    s.h.keys("y").await;
    assert_eq!(s.puts.load(SeqCst), 1);
}

#[tokio::test]
async fn a_dirty_worktree_is_refused_with_the_way_out() {
    let mut s = setup("").await;
    std::fs::write(
        s.dir.path().join(format!("repo/glue/{DRIFTED}.py")),
        "print('work in progress')\n",
    )
    .unwrap();
    s.h.keys(&format!("3/{DRIFTED}<enter>P")).await;
    assert!(!s.h.app.confirming());
    let message = s.h.app.message().unwrap();
    assert!(message.contains("has uncommitted changes"), "{message}");
    assert!(
        message.contains(&format!("dsadmin glue push {DRIFTED} --allow-dirty")),
        "{message}"
    );
    assert_eq!(s.puts.load(SeqCst), 0);
    assert!(!s.journal.exists(), "refused before any attempt");
}

#[tokio::test]
async fn an_object_changed_after_the_plan_is_not_overwritten() {
    let mut s = setup("").await;
    s.h.keys(&format!("3/{DRIFTED}<enter>P")).await;
    assert!(s.h.app.confirming());
    // Someone uploads another script while the question is open.
    let job = s.cloud.glue.get_job(DRIFTED).await.unwrap();
    let location = S3Location::parse(&job.script_location).unwrap();
    s.cloud
        .s3
        .put_object(
            &location.bucket,
            &location.key,
            b"print('hotfix')\n".to_vec(),
            &BTreeMap::new(),
            &PutCondition::Any,
        )
        .await
        .unwrap();
    let before = s.puts.load(SeqCst);
    s.h.keys("y").await;
    let message = s.h.app.message().unwrap();
    assert!(
        message.contains("changed since the diff was made"),
        "{message}"
    );
    assert_eq!(s.puts.load(SeqCst), before, "no write after the refusal");
    let object = s
        .cloud
        .s3
        .get_object(&location.bucket, &location.key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(object.bytes, b"print('hotfix')\n");
}

#[tokio::test]
async fn an_unmapped_job_says_why() {
    let mut s = setup("").await;
    s.h.keys("3/cat-exposure-geocode<enter>P").await;
    let message = s.h.app.message().unwrap();
    assert!(
        message.starts_with("cannot push cat-exposure-geocode: "),
        "{message}"
    );
    assert!(
        message.contains("glue/cat-exposure-geocode.py"),
        "{message}"
    );
}

#[tokio::test]
async fn read_only_refuses_the_push_and_writes_nothing() {
    let mut s = setup("[general]\nread_only = true").await;
    s.h.keys(&format!("3/{DRIFTED}<enter>")).await;
    assert!(!s.h.screen().contains("<P> push"));
    s.h.keys("P").await;
    assert!(!s.h.app.confirming());
    let message = s.h.app.message().unwrap();
    assert!(message.starts_with("refused s3:PutObject"), "{message}");
    assert_eq!(s.puts.load(SeqCst), 0);
    let records = Journal::read_all(&s.journal).unwrap();
    assert_eq!(records.len(), 2);
    assert!(matches!(records[1].outcome, Some(Outcome::Refused { .. })));
    assert!(row(&s.h.screen(), DRIFTED).contains(" drifted "));
}
