//! The generated policies against the emulator's IAM enforcement
//! (`/moto-api/reset-auth`): moto evaluates the caller's own policies on
//! every SageMaker, Glue, ECR, S3 and tagging call it serves.
//!
//! - a user holding `iam-policy support` reads every `dsadmin get` kind
//!   the emulator serves, and `check` and `costs` are refused nothing;
//! - the same user without `--read-only` is refused by AWS itself for every
//!   change (exit status 1, naming the IAM action);
//! - a user holding `iam-policy admin` is refused none of those changes.
//!
//! moto checks IAM before it looks for the operation, so DeleteApp and
//! CreatePresignedDomainUrl are proven too although it implements neither
//! (the admin's call then fails as not implemented, not as refused), and
//! a push proves s3:PutObject and glue:TagResource. Not provable here:
//! onboarding and offboarding (each reads a user profile first, which moto
//! lacks) and CodeArtifact (not in moto at all); those actions are held to
//! the call table by `iam_policy.rs`. `get` of users, apps, spaces and
//! CodeArtifact kinds is left out for the same reason.
#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common;
use crate::read_only_proof::{git_repo, CRAWLER, ENDPOINT, JOB, REPO};
use common::cli::toml_string;
use common::moto::{self, MotoGuard};
use dsadmin::iam::document::{document, Inputs, Role};

const TEAM_ROLE: &str = "arn:aws:iam::123456789012:role/ds-claims-ml";

/// The read-only proof's estate (a script in S3, a Glue job, a crawler, an
/// image, an endpoint), plus what the other `get` kinds list.
async fn seed(m: &MotoGuard) {
    crate::read_only_proof::seed(m).await;
    m.glue()
        .await
        .create_database()
        .database_input(
            aws_sdk_glue::types::DatabaseInput::builder()
                .name("claims_raw")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    moto::create_training_job(m, "claims-train-1", true).await;
    // `d-claims`: an id dsadmin's name check accepts, for presign.
    crate::read_only_proof::seed_studio(m, "claims").await;
}

/// moto 5.2.5 names the Resource Groups Tagging API's action after the
/// signing name (`tagging:GetResources`); AWS's IAM action is
/// `tag:GetResources`, which is what the generated policy says. The test
/// grants moto's spelling beside it, and nothing else.
pub(crate) fn for_moto(mut doc: serde_json::Value) -> serde_json::Value {
    let reads = doc["Statement"][0]["Action"].as_array_mut().unwrap();
    assert!(reads.iter().any(|a| a == "tag:GetResources"));
    reads.push("tagging:GetResources".into());
    doc
}

pub(crate) fn run(config: &Path, endpoint: &str, profile: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(args)
        .args(["--profile", profile, "--endpoint-url", endpoint])
        .args(["--region", moto::REGION])
        .arg("--config")
        .arg(config)
        .env_remove("DSADMIN_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Whether AWS's IAM refused something in this run (`check` reports what
/// it could not read on stdout, in its `not_checked` records).
fn denied(out: &Output) -> bool {
    [&out.stdout, &out.stderr].into_iter().any(|bytes| {
        let text = String::from_utf8_lossy(bytes);
        text.contains("access denied") || text.contains("not authorized")
    })
}

pub(crate) fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The changes the emulator can be asked for, each with the IAM action AWS
/// refuses it by, and whether the emulator implements it (so an admin's
/// run succeeds rather than only passing IAM).
fn changes() -> Vec<(Vec<&'static str>, &'static str, bool)> {
    vec![
        (
            vec!["glue", "start-run", JOB, "--yes"],
            "glue:StartJobRun",
            true,
        ),
        (
            vec!["glue", "stop-run", JOB, "jr_0123456789abcdef", "--yes"],
            "glue:BatchStopJobRun",
            false,
        ),
        (vec!["glue", "push", JOB, "--yes"], "s3:PutObject", true),
        (
            vec!["crawler", "start", CRAWLER, "--yes"],
            "glue:StartCrawler",
            true,
        ),
        (
            vec!["crawler", "stop", CRAWLER, "--yes"],
            "glue:StopCrawler",
            true,
        ),
        (
            vec!["ecr", "scan", REPO, "v1", "--yes"],
            "ecr:StartImageScan",
            true,
        ),
        (
            vec![
                "app",
                "delete",
                "--domain",
                "d-claims",
                "--user",
                "ana",
                "--type",
                "JupyterLab",
                "--name",
                "default",
                "--yes",
            ],
            "sagemaker:DeleteApp",
            false,
        ),
        (
            vec!["presign", "--domain", "d-claims", "--user", "ana"],
            "sagemaker:CreatePresignedDomainUrl",
            false,
        ),
        (
            vec![
                "endpoint",
                "shift",
                ENDPOINT,
                "lgbm=3",
                "--yes",
                "--no-wait",
            ],
            "sagemaker:UpdateEndpointWeightsAndCapacities",
            true,
        ),
    ]
}

#[tokio::test]
async fn support_reads_everything_and_aws_refuses_its_changes_while_admin_may_make_them() {
    let m = moto::guard();
    seed(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    git_repo(&repo);
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[audit]\npath = {}\n\n[teams.claims-ml]\nexecution_role = \"{TEAM_ROLE}\"\n\n\
             [[git.jobs]]\njob = \"{JOB}\"\nrepository = {}\npath = \"glue/claims-etl.py\"\n",
            toml_string(&dir.path().join("audit.jsonl").display().to_string()),
            toml_string(&repo.display().to_string()),
        ),
    )
    .unwrap();
    let support = for_moto(document(Role::Support, &Inputs::default()));
    let admin = for_moto(document(
        Role::Admin,
        &Inputs {
            execution_roles: vec![TEAM_ROLE.to_owned()],
            ..Inputs::default()
        },
    ));
    let (sid, ssecret) = m.iam_user("bau-support", Some(&support));
    let (aid, asecret) = m.iam_user("ds-admin", Some(&admin));
    let (nid, nsecret) = m.iam_user("nobody", None);
    moto::write_credentials(&[
        ("bau-support", &sid, &ssecret),
        ("ds-admin", &aid, &asecret),
        ("nobody", &nid, &nsecret),
    ]);
    m.reset_auth(true);
    let endpoint = m.endpoint();

    let reads: Vec<Vec<&str>> = vec![
        vec!["get", "domains", "--wide"],
        vec!["get", "jobs", "--wide"],
        vec!["get", "runs", "--job", JOB],
        vec!["get", "crawlers"],
        vec!["get", "databases"],
        vec!["get", "repositories", "--wide"],
        vec!["get", "images", "--repository", REPO, "--wide"],
        vec!["get", "endpoints", "--wide"],
        vec!["get", "variants", "--endpoint", ENDPOINT],
        vec!["get", "notebooks"],
        vec!["get", "training-jobs"],
        vec!["glue", "diff", JOB],
    ];
    for args in &reads {
        // Enforcement is on: the user without policies is refused ...
        let out = run(&config, &endpoint, "nobody", args);
        assert!(denied(&out), "{args:?} as nobody: {}", text(&out));
        // ... and the support policy is enough.
        let out = run(&config, &endpoint, "bau-support", args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        assert!(!denied(&out), "{args:?}: {}", text(&out));
    }
    // check and costs read what the emulator lacks too (user profiles), and
    // it has no LookupEvents, so they report a gap or fail, but IAM refuses
    // none of their calls.
    for args in [
        vec!["check", "--format", "json"],
        vec!["costs"],
        vec!["trail", "--resource", JOB],
    ] {
        let out = run(&config, &endpoint, "bau-support", &args);
        assert!(!denied(&out), "{args:?}: {}", text(&out));
        let out = run(&config, &endpoint, "nobody", &args);
        assert!(denied(&out), "{args:?} as nobody: {}", text(&out));
    }

    for (args, action, implemented) in changes() {
        let out = run(&config, &endpoint, "bau-support", &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(
            denied(&out) && err.contains(action),
            "{args:?} must be refused by AWS naming {action}: {}",
            text(&out)
        );
        let out = run(&config, &endpoint, "ds-admin", &args);
        assert!(!denied(&out), "{args:?} as admin: {}", text(&out));
        if implemented {
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        }
    }
    m.reset_auth(false);
}
