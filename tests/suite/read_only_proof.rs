//! The read-only proof: every command that changes something or hands out a
//! credential, run by the real binary in read-only mode against the
//! emulator, through a recording proxy. Each is refused (exit status 3)
//! and journaled as refused, and not one mutating request reaches the
//! emulator — including the operations moto does not implement, since the
//! proxy records a request before forwarding it.
//!
//! The list of commands is checked against the policy's own list of
//! Mutate and Credential actions, so a new one cannot be added without
//! being proven here too.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::cli::{read_journal, toml_string};
use common::moto::{self, create_glue_job, create_s3_crawler, put_image, MotoGuard, GLUE_ROLE};
use common::proxy::RecordingProxy;

pub(crate) const JOB: &str = "claims-etl";
pub(crate) const CRAWLER: &str = "raw-claims";
pub(crate) const REPO: &str = "ds/base";
pub(crate) const ENDPOINT: &str = "claims-scorer";

/// Everything the commands act on exists, so a refusal cannot be mistaken
/// for a "not found".
pub(crate) async fn seed(m: &MotoGuard) {
    let s3 = m.s3().await;
    s3.create_bucket()
        .bucket("ds-glue-scripts")
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest2)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3.put_object()
        .bucket("ds-glue-scripts")
        .key(format!("{JOB}.py"))
        .body(b"print('deployed by hand')\n".to_vec().into())
        .send()
        .await
        .unwrap();
    create_glue_job(m, JOB).await;
    create_s3_crawler(m, CRAWLER, GLUE_ROLE, None, "s3://ds-raw/claims/", None).await;
    m.ecr()
        .await
        .create_repository()
        .repository_name(REPO)
        .send()
        .await
        .unwrap();
    put_image(m, REPO, "v1", 7, 2048).await;
    moto::create_weighted_endpoint(m, ENDPOINT, &[("xgb", 1.0, 1), ("lgbm", 1.0, 1)]).await;
    moto::create_model_package_group(m, MODEL_GROUP, &["PendingManualApproval"]).await;
}

pub(crate) const MODEL_GROUP: &str = "claims-scorer-models";

/// A Git repository whose `glue/claims-etl.py` differs from the deployed one.
pub(crate) fn git_repo(dir: &Path) {
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::create_dir_all(dir.join("glue")).unwrap();
    std::fs::write(dir.join("glue/claims-etl.py"), "print('from git')\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("glue/claims-etl.py")).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Test", "test@example.com").unwrap();
    repo.commit(Some("refs/heads/main"), &sig, &sig, "glue", &tree, &[])
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    repo.checkout_head(None).unwrap();
}

fn run(config: &Path, endpoint: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(args)
        .args(["--read-only", "--endpoint-url", endpoint])
        .args(["--region", moto::REGION])
        .arg("--config")
        .arg(config)
        .env_remove("DSADMIN_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The actions the policy classifies as Mutate or Credential, by IAM name.
/// Kept equal to `policy.rs` by `every_changing_action_is_covered`.
const CHANGING_ACTIONS: [&str; 16] = [
    "sagemaker:CreateUserProfile",
    "sagemaker:DeleteUserProfile",
    "sagemaker:DeleteApp",
    "sagemaker:DeleteSpace",
    "sagemaker:CreatePresignedDomainUrl",
    "s3:PutObject",
    "glue:TagResource",
    "glue:StartJobRun",
    "glue:BatchStopJobRun",
    "glue:StartCrawler",
    "glue:StopCrawler",
    "sagemaker:UpdateEndpointWeightsAndCapacities",
    "codeartifact:UpdatePackageVersionsStatus",
    "codeartifact:PutPackageOriginConfiguration",
    "ecr:StartImageScan",
    "sagemaker:UpdateModelPackage",
];

/// Actions no command reaches in read-only mode because the same command is
/// refused at an earlier step: offboarding is refused as a whole before its
/// plan is read (the refusal names the profile deletion, so no space is
/// deleted), and a push is refused at the upload, before it would tag.
const ONLY_AFTER_A_REFUSED_STEP: [&str; 2] = ["sagemaker:DeleteSpace", "glue:TagResource"];

#[tokio::test]
async fn every_changing_command_is_refused_and_nothing_mutating_reaches_the_emulator() {
    let m = moto::guard();
    seed(&m).await;
    let proxy = RecordingProxy::start(m.port());
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    git_repo(&repo);
    let journal = dir.path().join("audit.jsonl");
    let users = dir.path().join("users.csv");
    std::fs::write(
        &users,
        "user,team,domain\nnew-analyst,claims-ml,d-claims000001\n",
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[audit]\npath = {}\n\n[teams.claims-ml]\nexecution_role = \"arn:aws:iam::123456789012:role/ds-claims-ml\"\n\n\
             [[git.jobs]]\njob = \"{JOB}\"\nrepository = {}\npath = \"glue/claims-etl.py\"\n",
            toml_string(&journal.display().to_string()),
            toml_string(&repo.display().to_string()),
        ),
    )
    .unwrap();

    let package = |verb: &'static str| -> Vec<&'static str> {
        let mut a = vec![
            "package",
            verb,
            "--domain",
            "ds-artifacts",
            "--repository",
            "approved-pypi",
            "requests",
        ];
        if verb == "origin" {
            a.extend(["--publish", "block", "--upstream", "allow"]);
        } else {
            a.push("2.32.3");
        }
        a.push("--yes");
        a
    };
    let user = ["--domain", "d-claims000001", "--user", "aisha-demir"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["glue", "start-run", JOB, "--yes"],
        vec!["glue", "stop-run", JOB, "jr_0123456789abcdef", "--yes"],
        vec!["glue", "push", JOB, "--yes"],
        vec!["crawler", "start", CRAWLER, "--yes"],
        vec!["crawler", "stop", CRAWLER, "--yes"],
        vec!["ecr", "scan", REPO, "v1", "--yes"],
        vec!["endpoint", "shift", ENDPOINT, "lgbm=3", "--yes"],
        vec![
            "model-package",
            "approve",
            MODEL_GROUP,
            "1",
            "-d",
            "MRB-1",
            "--yes",
        ],
        package("approve"),
        package("unlist"),
        package("archive"),
        package("origin"),
        vec!["onboard", "--file", users.to_str().unwrap(), "--yes"],
        [&["offboard"][..], &user, &["--yes"]].concat(),
        [&["presign"][..], &user].concat(),
        [
            &["app", "delete"][..],
            &user,
            &["--type", "JupyterLab", "--name", "default", "--yes"],
        ]
        .concat(),
    ];
    for args in &commands {
        let out = run(&config, &proxy.endpoint(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(err.contains("read-only"), "{args:?}: {err}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("https://"),
            "{args:?} printed a URL"
        );
    }

    let seen = proxy.seen();
    assert_no_change_sent(&seen);
    // The proxy was in the path: the commands that read before they are
    // refused (identity, the endpoint's weights, the deployed script) went
    // through it.
    let operations: BTreeSet<String> = seen.iter().map(|r| r.operation()).collect();
    assert!(operations.contains("GetCallerIdentity"), "{operations:?}");
    assert!(operations.contains("DescribeEndpoint"), "{operations:?}");

    // Every changing action that a command can reach was refused and
    // journaled as a started/finished pair.
    let records = read_journal(&journal);
    let refused: BTreeSet<&str> = records
        .iter()
        .filter(|r| r["phase"] == "finished" && r["outcome"]["result"] == "refused")
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    let started = records.iter().filter(|r| r["phase"] == "started").count();
    let finished = records.iter().filter(|r| r["phase"] == "finished").count();
    assert_eq!(started, finished, "{records:#?}");
    let reachable: BTreeSet<&str> = CHANGING_ACTIONS
        .iter()
        .copied()
        .filter(|a| !ONLY_AFTER_A_REFUSED_STEP.contains(a))
        .collect();
    assert_eq!(refused, reachable);
}

fn assert_no_change_sent(seen: &[common::proxy::Seen]) {
    let mutating: Vec<String> = seen
        .iter()
        .filter(|r| r.is_mutating())
        .map(|r| r.operation())
        .collect();
    assert!(mutating.is_empty(), "mutating requests sent: {mutating:?}");
}

#[test]
fn every_changing_action_is_covered() {
    // The policy's unit tests hold one sample of every effect; their
    // actions of class Mutate or Credential must be exactly this list.
    let from_policy: BTreeSet<&str> = dsadmin::policy::sample_effects()
        .iter()
        .filter(|e| e.class() != dsadmin::policy::EffectClass::Read)
        .map(|e| e.action())
        .collect();
    assert_eq!(from_policy, CHANGING_ACTIONS.into_iter().collect());
}

#[test]
fn the_proxy_tells_mutating_requests_from_reads() {
    use common::proxy::Seen;
    let seen = |method: &str, path: &str, target: Option<&str>, body: &str| Seen {
        method: method.into(),
        path: path.into(),
        target: target.map(str::to_owned),
        body: body.into(),
    };
    let post = |target: &str| seen("POST", "/", Some(target), "{}");
    assert!(post("AWSGlue.StartJobRun").is_mutating());
    assert!(post("SageMaker.CreatePresignedDomainUrl").is_mutating());
    assert!(post("AmazonEC2ContainerRegistry_V20150921.StartImageScan").is_mutating());
    assert!(!post("SageMaker.DescribeEndpoint").is_mutating());
    assert!(!post("AWSGlue.GetJob").is_mutating());
    assert!(!seen(
        "POST",
        "/",
        None,
        "Action=GetCallerIdentity&Version=2011-06-15"
    )
    .is_mutating());
    assert!(seen("PUT", "/ds-glue-scripts/claims-etl.py", None, "").is_mutating());
    assert!(seen("POST", "/v1/package/versions/update_status", None, "{}").is_mutating());
    assert!(seen("POST", "/v1/package?domain=d&repository=r", None, "{}").is_mutating());
    assert!(!seen("POST", "/v1/domains", None, "{}").is_mutating());
    assert!(!seen("POST", "/v1/package/versions?domain=d", None, "{}").is_mutating());
    let cbor = "/service/GraniteServiceVersion20100801/operation/GetMetricStatistics";
    assert!(!seen("POST", cbor, None, "").is_mutating());
    assert!(seen(
        "POST",
        &cbor.replace("GetMetricStatistics", "PutMetricData"),
        None,
        ""
    )
    .is_mutating());
    assert!(!seen("GET", "/ds-glue-scripts/claims-etl.py", None, "").is_mutating());
    assert!(!seen("HEAD", "/ds-glue-scripts/claims-etl.py", None, "").is_mutating());
}

/// A Studio domain named `name` (tagged: moto answers ListTags on an
/// untagged domain with HTTP 500; moto makes its id `d-NAME`). moto 5.2.5 has no CreateUserProfile, so the Users tab
/// stays empty here; its actions are proven with the demo estate and mocks.
pub(crate) async fn seed_studio(m: &MotoGuard, name: &str) {
    use aws_sdk_sagemaker::types as sm;
    m.sagemaker()
        .await
        .create_domain()
        .domain_name(name)
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(
            sm::UserSettings::builder()
                .execution_role(moto::SM_ROLE)
                .build(),
        )
        .subnet_ids("subnet-0c3")
        .vpc_id("vpc-0456")
        .tags(
            sm::Tag::builder()
                .key("EnvironmentType")
                .value("prod")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// The TUI's half of the proof: in read-only mode, every action key on
/// every tab and one level down, and every `:` command, against moto
/// through the recording proxy. No mutating request leaves dsadmin, no
/// question is asked, and every action that had a row to act on left a
/// refused pair in the journal.
#[tokio::test]
async fn every_tui_action_and_command_in_read_only_sends_no_change() {
    use dsadmin::cloud::aws::{connect, AwsOptions};
    use dsadmin::command::{Command as Cmd, TabKind};
    use dsadmin::settings::Settings;
    use dsadmin::tui::App;

    let m = moto::guard();
    seed(&m).await;
    seed_studio(&m, "claims-studio").await;
    let proxy = RecordingProxy::start(m.port());
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    git_repo(&repo);
    let journal = dir.path().join("audit.jsonl");
    let text = format!(
        "[audit]\npath = {}\n\n[[git.jobs]]\njob = \"{JOB}\"\nrepository = {}\npath = \"glue/claims-etl.py\"\n",
        toml_string(&journal.display().to_string()),
        toml_string(&repo.display().to_string()),
    );
    let settings = Settings::from_str(&text, &dir.path().join("config.toml")).unwrap();
    let cloud = connect(&AwsOptions {
        endpoint_url: Some(proxy.endpoint()),
        region: Some(moto::REGION.to_owned()),
        max_attempts: 1,
        ..Default::default()
    })
    .await
    .unwrap();
    let (app, rx) = App::new(settings, cloud);
    let mut h = common::Harness::from_app(app.with_read_only_flag(true), rx).await;

    let tabs = [
        Cmd::TabDomains,
        Cmd::TabUsers,
        Cmd::TabJobs,
        Cmd::TabCrawlers,
        Cmd::TabImages,
        Cmd::TabPackages,
        Cmd::TabEndpoints,
    ];
    assert_eq!(tabs.len(), TabKind::ALL.len());
    let mut keys: Vec<Cmd> = Cmd::ACTIONS.to_vec();
    keys.extend([Cmd::Weights, Cmd::Onboard, Cmd::Presign, Cmd::Diff]);
    let mut acted = 0;
    for tab in tabs {
        h.app.run_command(tab);
        h.settle().await;
        for depth in 0..2 {
            for &cmd in &keys {
                let before = read_journal(&journal).len();
                h.app.run_command(cmd);
                h.settle().await;
                assert!(
                    !h.app.confirming(),
                    "read-only asked a question: {tab:?} {depth} {cmd:?}"
                );
                let after = read_journal(&journal).len();
                if after > before {
                    acted += 1;
                    let message = h.app.message().unwrap_or_default().to_owned();
                    assert!(message.contains("read-only"), "{tab:?} {cmd:?}: {message}");
                }
                for _ in 0..4 {
                    if !h.app.layer_open() {
                        break;
                    }
                    h.keys("<esc>").await;
                }
            }
            h.app.run_command(Cmd::Open);
            h.settle().await;
        }
        h.app.run_command(Cmd::Back);
        h.app.run_command(Cmd::Back);
        h.settle().await;
    }
    for line in [
        "refresh",
        "errors",
        "audit",
        "onboard",
        "findings",
        "costs",
        "sort name",
        "help",
        "profile",
        "region",
    ] {
        h.keys(&format!(":{line}<enter>")).await;
        assert!(!h.app.confirming(), ":{line}");
        while h.app.layer_open() {
            h.keys("<esc>").await;
        }
    }

    let seen = proxy.seen();
    assert_no_change_sent(&seen);
    assert!(
        seen.iter().any(|r| r.operation() == "GetJobs"),
        "the proxy was in the path"
    );
    let records = read_journal(&journal);
    let started = records.iter().filter(|r| r["phase"] == "started").count();
    let finished: Vec<_> = records
        .iter()
        .filter(|r| r["phase"] == "finished")
        .collect();
    assert_eq!(started, finished.len(), "{records:#?}");
    assert!(
        finished.iter().all(|r| r["outcome"]["result"] == "refused"),
        "{records:#?}"
    );
    let refused: BTreeSet<&str> = finished
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for action in [
        "glue:StartJobRun",
        "glue:StartCrawler",
        "ecr:StartImageScan",
        "s3:PutObject",
        "sagemaker:UpdateEndpointWeightsAndCapacities",
    ] {
        assert!(refused.contains(action), "{action} not tried: {refused:?}");
    }
    assert!(acted >= 6, "{acted} actions reached a row");
}
