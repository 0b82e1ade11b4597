//! Git → Glue against moto: a temporary Git repository made here with libgit2,
//! an S3 bucket with a deployed script and a Glue job pointing at it. Proves
//! that a push writes the blob's exact bytes with the commit, repository and
//! caller in the object's metadata and tags the job with the commit, that it
//! never touches the job definition (no UpdateJob: the job reads back
//! identical), and that a dirty worktree, an object changed after the diff and
//! read-only mode are refused with nothing written. Also drives the real binary
//! (`dsadmin glue diff|push`) against the emulator.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use dsadmin::audit::{AuditContext, Journal, OpError};
use dsadmin::cloud::aws::{connect, AwsOptions};
use dsadmin::cloud::{Cloud, PRECONDITION_FAILED};
use dsadmin::gitsync::status::{sync_states, JobScript};
use dsadmin::gitsync::{GitSettings, JobMapping, Overrides, SyncState};
use dsadmin::model::PutCondition;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::glue_push::{
    plan, push, PushError, COMMIT_TAG, META_COMMIT, META_PATH, META_PUSHED_BY, META_REPOSITORY,
};
use dsadmin::policy::{Policy, ReadOnlyReason};

use common::moto::{self, create_glue_job, MotoGuard, ACCOUNT, REGION};
use common::proxy::{Lose, RecordingProxy};

const BUCKET: &str = "ds-glue-scripts";
const JOB: &str = "claims-etl";
const DEPLOYED: &[u8] = b"import sys\nprint('deployed by hand')\n";
const IN_GIT: &str = "import sys\nprint('from git')\nsys.exit(0)\n";
const CALLER: &str = "arn:aws:iam::123456789012:user/ds-admin";

async fn cloud(m: &MotoGuard) -> Cloud {
    moto::connect_once(m.endpoint()).await
}

/// A repository with `glue/claims-etl.py` committed on `main`; returns the
/// commit's SHA.
fn git_repo(dir: &Path) -> String {
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::create_dir_all(dir.join("glue")).unwrap();
    std::fs::write(dir.join("glue/claims-etl.py"), IN_GIT).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("glue/claims-etl.py")).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Test", "test@example.com").unwrap();
    let sha = repo
        .commit(
            Some("refs/heads/main"),
            &sig,
            &sig,
            "glue: claims",
            &tree,
            &[],
        )
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    repo.checkout_head(None).unwrap();
    sha.to_string()
}

fn git_settings(repo: &Path) -> GitSettings {
    GitSettings {
        jobs: vec![JobMapping {
            job: JOB.into(),
            repository: Some(repo.to_path_buf()),
            path: "glue/claims-etl.py".into(),
            branch: None,
        }],
        ..GitSettings::default()
    }
}

/// The bucket, the deployed script and the job (ScriptLocation
/// `s3://ds-glue-scripts/claims-etl.py`).
async fn seed(m: &MotoGuard) {
    let s3 = m.s3().await;
    s3.create_bucket()
        .bucket(BUCKET)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest2)
                .build(),
        )
        .send()
        .await
        .unwrap();
    put_deployed(m, DEPLOYED).await;
    create_glue_job(m, JOB).await;
}

async fn put_deployed(m: &MotoGuard, bytes: &[u8]) {
    m.s3()
        .await
        .put_object()
        .bucket(BUCKET)
        .key(format!("{JOB}.py"))
        .body(ByteStream::from(bytes.to_vec()))
        .send()
        .await
        .unwrap();
}

async fn object(m: &MotoGuard) -> (Vec<u8>, BTreeMap<String, String>) {
    let out = m
        .s3()
        .await
        .get_object()
        .bucket(BUCKET)
        .key(format!("{JOB}.py"))
        .send()
        .await
        .unwrap();
    let meta = out
        .metadata()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    (out.body.collect().await.unwrap().to_vec(), meta)
}

async fn job_tags(m: &MotoGuard) -> BTreeMap<String, String> {
    let arn = format!("arn:aws:glue:{REGION}:{ACCOUNT}:job/{JOB}");
    let out = m
        .glue()
        .await
        .get_tags()
        .resource_arn(arn)
        .send()
        .await
        .unwrap();
    out.tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// The whole job definition as moto returns it, to prove it never changes.
async fn job_definition(m: &MotoGuard) -> String {
    let out = m.glue().await.get_job().job_name(JOB).send().await.unwrap();
    format!("{:?}", out.job().unwrap())
}

struct Ops {
    ops: OpsContext,
    journal: PathBuf,
    _dir: tempfile::TempDir,
}

async fn ops(m: &MotoGuard, policy: Policy) -> Ops {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("audit.jsonl");
    Ops {
        ops: OpsContext {
            cloud: cloud(m).await,
            policy,
            journal: Arc::new(Journal::open(&journal).unwrap()),
            audit: AuditContext {
                caller_arn: Some(CALLER.into()),
                profile: "default".into(),
                region: REGION.into(),
                account: Some(ACCOUNT.into()),
            },
        },
        journal,
        _dir: dir,
    }
}

fn outcomes(journal: &Path) -> Vec<(String, String, String)> {
    Journal::read_all(journal)
        .unwrap()
        .into_iter()
        .map(|r| {
            let outcome = r.outcome.map_or_else(
                || "-".to_owned(),
                |o| {
                    serde_json::to_value(o).unwrap()["result"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                },
            );
            (format!("{:?}", r.phase).to_lowercase(), r.action, outcome)
        })
        .collect()
}

fn s(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_owned(), b.to_owned(), c.to_owned())
}

#[tokio::test]
async fn push_writes_the_blob_with_metadata_and_tags_the_job_without_updatejob() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    let sha = git_repo(repo.path());
    let git = git_settings(repo.path());
    let o = ops(&m, Policy::read_write()).await;
    let before = job_definition(&m).await;

    let p = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    assert_eq!(p.state, SyncState::Drifted);
    assert_eq!(p.commit, sha);
    assert_eq!(p.blob, IN_GIT.as_bytes());
    assert_eq!(p.deployed.as_ref().unwrap().bytes, DEPLOYED);
    assert!(
        p.diff
            .contains("-print('deployed by hand')\n+print('from git')\n"),
        "{}",
        p.diff
    );
    assert!(p.dirty.is_empty(), "{:?}", p.dirty);

    let done = push(&o.ops, &p, false).await.unwrap();
    assert_eq!(done.commit, sha);
    assert!(done.request_id.is_some(), "{done:?}");

    let (bytes, meta) = object(&m).await;
    assert_eq!(
        bytes,
        IN_GIT.as_bytes(),
        "the object is the blob, byte for byte"
    );
    assert_eq!(meta.get(META_COMMIT), Some(&sha));
    assert_eq!(
        meta.get(META_PATH).map(String::as_str),
        Some("glue/claims-etl.py")
    );
    assert_eq!(meta.get(META_PUSHED_BY).map(String::as_str), Some(CALLER));
    let label = std::fs::canonicalize(repo.path())
        .unwrap()
        .display()
        .to_string();
    assert_eq!(meta.get(META_REPOSITORY), Some(&label));
    assert_eq!(job_tags(&m).await.get(COMMIT_TAG), Some(&sha));
    // TagResource added a tag; the definition (and its LastModifiedOn) is
    // exactly what it was: UpdateJob was never called.
    assert_eq!(job_definition(&m).await, before);

    let again = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    assert_eq!(again.state, SyncState::InSync);
    assert_eq!(again.diff, "");
    assert_eq!(
        outcomes(&o.journal),
        [
            s("started", "s3:PutObject", "-"),
            s("finished", "s3:PutObject", "succeeded"),
            s("started", "glue:TagResource", "-"),
            s("finished", "glue:TagResource", "succeeded"),
        ]
    );
}

#[tokio::test]
async fn a_dirty_worktree_is_refused_unless_allowed() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    let sha = git_repo(repo.path());
    std::fs::write(
        repo.path().join("glue/claims-etl.py"),
        "print('uncommitted')\n",
    )
    .unwrap();
    let git = git_settings(repo.path());
    let o = ops(&m, Policy::read_write()).await;

    let p = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    assert_eq!(p.state, SyncState::Dirty { drifted: true });
    assert_eq!(p.dirty, ["glue/claims-etl.py"]);
    match push(&o.ops, &p, false).await {
        Err(PushError::Upload(e @ OpError::Failed(_))) => {
            let (code, message) = (e.code(), e.to_string());
            assert_eq!(code, "DirtyWorktree");
            assert!(
                message.contains("uncommitted changes (glue/claims-etl.py)"),
                "{message}"
            );
            assert!(message.contains("--allow-dirty"), "{message}");
        }
        other => panic!("expected the dirty refusal, got {other:?}"),
    }
    assert_eq!(object(&m).await.0, DEPLOYED, "nothing was written");
    assert!(!job_tags(&m).await.contains_key(COMMIT_TAG));

    // Allowed: the commit's blob goes up, never the worktree's file.
    push(&o.ops, &p, true).await.unwrap();
    assert_eq!(object(&m).await.0, IN_GIT.as_bytes());
    assert_eq!(job_tags(&m).await.get(COMMIT_TAG), Some(&sha));
    assert_eq!(
        outcomes(&o.journal)[..2],
        [
            s("started", "s3:PutObject", "-"),
            s("finished", "s3:PutObject", "failed")
        ]
    );
}

#[tokio::test]
async fn an_object_changed_after_the_diff_is_not_overwritten() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    git_repo(repo.path());
    let git = git_settings(repo.path());
    let o = ops(&m, Policy::read_write()).await;

    let p = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    // Someone else deploys between the diff and the push.
    let theirs = b"print('hotfix from the console')\n";
    put_deployed(&m, theirs).await;
    match push(&o.ops, &p, false).await {
        Err(PushError::Upload(e @ OpError::Failed(_))) => {
            assert_eq!(e.code(), PRECONDITION_FAILED);
            let text = e.to_string();
            assert!(text.contains("changed since the diff was made"), "{text}");
            assert!(
                text.contains("s3://ds-glue-scripts/claims-etl.py"),
                "{text}"
            );
        }
        other => panic!("expected the changed-object refusal, got {other:?}"),
    }
    assert_eq!(object(&m).await.0, theirs, "their change survives");
    assert!(!job_tags(&m).await.contains_key(COMMIT_TAG));
}

/// A push whose PutObject answer never arrives (the connection drops once
/// the object is written) sends it once, reads the object back, finds the
/// commit in its metadata and goes on to tag the job: the journal says
/// "confirmed" with what HeadObject showed, never "failed".
#[tokio::test]
async fn a_push_whose_answer_is_lost_writes_once_and_is_read_back() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    let sha = git_repo(repo.path());
    let git = git_settings(repo.path());
    let mut o = ops(&m, Policy::read_write()).await;
    let proxy = RecordingProxy::losing(m.port(), &[&format!("PUT /{BUCKET}/{JOB}.py")], Lose::Drop);
    o.ops.cloud = connect(&AwsOptions {
        endpoint_url: Some(proxy.endpoint()),
        region: Some(REGION.to_owned()),
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        ..Default::default()
    })
    .await
    .unwrap();

    let p = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    let done = push(&o.ops, &p, false).await.unwrap();

    let puts = proxy.count(&format!("PUT /{BUCKET}/{JOB}.py"));
    assert_eq!(puts, 1, "sent once: {:?}", proxy.seen());
    let (bytes, meta) = object(&m).await;
    assert_eq!(bytes, IN_GIT.as_bytes());
    assert_eq!(meta.get(META_COMMIT), Some(&sha));
    assert!(done.etag.is_some(), "the ETag read back: {done:?}");
    assert_eq!(job_tags(&m).await.get(COMMIT_TAG), Some(&sha));
    assert_eq!(
        outcomes(&o.journal),
        [
            s("started", "s3:PutObject", "-"),
            s("finished", "s3:PutObject", "confirmed"),
            s("started", "glue:TagResource", "-"),
            s("finished", "glue:TagResource", "succeeded"),
        ]
    );
}

/// What the emulator does with S3's conditional writes: the push sends
/// If-Match with the ETag it diffed against. moto 5.2.5 honours it, so a
/// stale ETag is refused by the write itself, not only by the HEAD check.
#[tokio::test]
async fn a_stale_if_match_is_refused_by_s3_itself() {
    let m = moto::guard();
    seed(&m).await;
    let cloud = cloud(&m).await;
    let old = cloud
        .s3
        .head_object(BUCKET, "claims-etl.py")
        .await
        .unwrap()
        .unwrap()
        .etag
        .unwrap();
    put_deployed(&m, b"changed\n").await;
    let r = cloud
        .s3
        .put_object(
            BUCKET,
            "claims-etl.py",
            b"mine\n".to_vec(),
            &BTreeMap::new(),
            &PutCondition::IfMatch(old),
        )
        .await;
    match r {
        Err(e) => assert_eq!(e.code(), PRECONDITION_FAILED, "{e:?}"),
        Ok(done) => panic!("a stale If-Match was accepted: {done:?}"),
    }
    assert_eq!(object(&m).await.0, b"changed\n");
    // And If-None-Match: * refuses to create over an existing object.
    let r = cloud
        .s3
        .put_object(
            BUCKET,
            "claims-etl.py",
            b"mine\n".to_vec(),
            &BTreeMap::new(),
            &PutCondition::IfAbsent,
        )
        .await;
    assert!(
        matches!(&r, Err(e) if e.code() == PRECONDITION_FAILED),
        "{r:?}"
    );
}

#[tokio::test]
async fn read_only_refuses_the_push_with_zero_writes_and_journals_it() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    git_repo(repo.path());
    let git = git_settings(repo.path());
    let o = ops(&m, Policy::read_only(ReadOnlyReason::Flag)).await;
    let before = job_definition(&m).await;
    let tags_before = job_tags(&m).await;

    // Planning reads, which read-only allows.
    let p = plan(&o.ops.cloud, &git, JOB, &Overrides::default())
        .await
        .unwrap();
    match push(&o.ops, &p, true).await {
        Err(PushError::Upload(OpError::Refused(r))) => {
            assert_eq!(r.action, "s3:PutObject");
            assert!(r.to_string().contains("--read-only flag"), "{r}");
        }
        other => panic!("expected the read-only refusal, got {other:?}"),
    }
    assert_eq!(object(&m).await, (DEPLOYED.to_vec(), BTreeMap::new()));
    assert_eq!(job_tags(&m).await, tags_before);
    assert_eq!(job_definition(&m).await, before);
    assert_eq!(
        outcomes(&o.journal),
        [
            s("started", "s3:PutObject", "-"),
            s("finished", "s3:PutObject", "refused")
        ]
    );
}

#[tokio::test]
async fn the_git_column_states_for_a_mapped_an_unmapped_and_a_broken_job() {
    let m = moto::guard();
    seed(&m).await;
    create_glue_job(&m, "fraud-features").await;
    let repo = tempfile::tempdir().unwrap();
    git_repo(repo.path());
    let mut git = git_settings(repo.path());
    git.jobs.push(JobMapping {
        job: "gone".into(),
        repository: Some(repo.path().to_path_buf()),
        path: "glue/gone.py".into(),
        branch: None,
    });
    let cloud = cloud(&m).await;
    let jobs = vec![
        JobScript {
            job: JOB.into(),
            script_location: format!("s3://{BUCKET}/{JOB}.py"),
        },
        JobScript {
            job: "fraud-features".into(),
            script_location: format!("s3://{BUCKET}/fraud-features.py"),
        },
        JobScript {
            job: "gone".into(),
            script_location: format!("s3://{BUCKET}/gone.py"),
        },
    ];
    let states = std::sync::Mutex::new(BTreeMap::new());
    sync_states(&cloud, &git, jobs, 2, |job, state| {
        states.lock().unwrap().insert(job, state);
    })
    .await;
    let states = states.into_inner().unwrap();
    assert_eq!(states[JOB], SyncState::Drifted);
    assert!(matches!(
        states["fraud-features"],
        SyncState::NotMapped { .. }
    ));
    assert!(
        matches!(&states["gone"], SyncState::Error { message } if message.contains("glue/gone.py does not exist")),
        "{:?}",
        states["gone"]
    );
}

// ---------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------

fn dsadmin(config: &Path, m: &MotoGuard, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(args)
        .args(["--endpoint-url", &m.endpoint(), "--region", REGION])
        .arg("--config")
        .arg(config)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn the_cli_diffs_refuses_read_only_then_pushes() {
    let m = moto::guard();
    seed(&m).await;
    let repo = tempfile::tempdir().unwrap();
    let sha = git_repo(repo.path());
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("audit.jsonl");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[audit]\npath = {}\n\n[git]\nrepository = {}\nscript_path = \"glue/{{job}}.py\"\n",
            serde_json::to_string(&journal.display().to_string()).unwrap(),
            serde_json::to_string(&repo.path().display().to_string()).unwrap(),
        ),
    )
    .unwrap();

    let out = dsadmin(&config, &m, &["glue", "diff", JOB]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("--- s3://ds-glue-scripts/claims-etl.py\n+++ main:glue/claims-etl.py @ "),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("claims-etl: drifted"),
        "{}",
        text(&out.stderr)
    );

    // Read-only: the diff is shown, the push refused (exit 3), nothing written.
    let out = dsadmin(&config, &m, &["glue", "push", JOB, "--yes", "--read-only"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("refused s3:PutObject"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(object(&m).await.0, DEPLOYED);
    assert!(!job_tags(&m).await.contains_key(COMMIT_TAG));

    // Without --yes and without a terminal: nothing happens (exit 2).
    let out = dsadmin(&config, &m, &["glue", "push", JOB]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("needs --yes"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(object(&m).await.0, DEPLOYED);

    let out = dsadmin(&config, &m, &["glue", "push", JOB, "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "(commit {sha}) to s3://ds-glue-scripts/claims-etl.py"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("tagged Glue job {JOB} GitCommit={sha}")),
        "{stdout}"
    );
    let (bytes, meta) = object(&m).await;
    assert_eq!(bytes, IN_GIT.as_bytes());
    // The caller is who STS says the moto credentials belong to.
    assert!(meta[META_PUSHED_BY].starts_with("arn:aws:"), "{meta:?}");

    // In sync now: nothing to push.
    let out = dsadmin(&config, &m, &["glue", "push", JOB, "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("nothing pushed"),
        "{}",
        text(&out.stdout)
    );

    // A bad --ref is a usage error, caught before any call.
    let out = dsadmin(&config, &m, &["glue", "diff", JOB, "--ref", "bad ref"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("invalid --ref"),
        "{}",
        text(&out.stderr)
    );

    let records = Journal::read_all(&journal).unwrap();
    let actions: Vec<(String, String)> = records
        .iter()
        .filter_map(|r| {
            r.outcome.as_ref().map(|o| {
                (
                    r.action.clone(),
                    serde_json::to_value(o).unwrap()["result"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
            })
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("s3:PutObject".to_owned(), "refused".to_owned()),
            ("s3:PutObject".to_owned(), "succeeded".to_owned()),
            ("glue:TagResource".to_owned(), "succeeded".to_owned()),
        ]
    );
}
