//! The Model Registry: groups and versions listed live against moto with
//! their details and the endpoints serving each, approvals through the one
//! gate and the journal (the ops function, the CLI, the keyboard), a
//! version that changed since it was shown, and the posture rule for an
//! endpoint serving a version nobody approved.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dsadmin::audit::{AuditContext, Journal, OpError};
use dsadmin::cloud::Cloud;
use dsadmin::collect_all;
use dsadmin::governance::{collect, GovernanceConfig};
use dsadmin::inventory::{self, Gaps};
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::model_approval::{self, ApprovalChange, Verdict};
use dsadmin::policy::Policy;

use common::cli::{assert_complete, code, outcomes, stderr, stdout, Env};
use common::journaled::{footer, journal, settings};
use common::moto::{self, create_model_from_package, create_model_package_group, MotoGuard};
use common::Harness;

const GROUP: &str = "churn";
const ENDPOINT: &str = "churn-scorer";

/// `churn` with version 1 Approved and version 2 pending; a model made
/// from version 2 serves endpoint `churn-scorer`. The versions' ARNs.
async fn seed(m: &MotoGuard) -> Vec<String> {
    let arns = create_model_package_group(m, GROUP, &["Approved", "PendingManualApproval"]).await;
    create_model_from_package(m, "churn-v2", &arns[1]).await;
    moto::create_endpoint_on(m, ENDPOINT, "churn-v2", 2).await;
    // An endpoint whose model was deleted after it started: it runs on,
    // and DescribeModel says not found.
    moto::create_model(m, "gone").await;
    moto::create_endpoint_on(m, "orphan", "gone", 1).await;
    let client = m.sagemaker().await;
    client
        .delete_model()
        .model_name("gone")
        .send()
        .await
        .unwrap();
    arns
}

fn ops(cloud: Cloud, policy: Policy, dir: &Path) -> OpsContext {
    OpsContext {
        cloud,
        policy,
        journal: Arc::new(Journal::open(dir.join("audit.jsonl")).unwrap()),
        audit: AuditContext {
            caller_arn: None,
            profile: "moto".into(),
            region: moto::REGION.into(),
            account: Some(moto::ACCOUNT.into()),
        },
    }
}

/// (approval, description) of one version as moto now holds it.
async fn approval(m: &MotoGuard, arn: &str) -> (String, Option<String>) {
    let d = m
        .sagemaker()
        .await
        .describe_model_package()
        .model_package_name(arn)
        .send()
        .await
        .unwrap();
    (
        d.model_approval_status().unwrap().as_str().to_owned(),
        d.approval_description().map(str::to_owned),
    )
}

#[tokio::test]
async fn groups_and_versions_list_with_details_and_the_endpoints_serving_each() {
    let m = moto::guard();
    let arns = seed(&m).await;
    let cloud = moto::connect_once(m.endpoint()).await;

    let groups = collect_all!(cloud.sagemaker, list_model_package_groups).unwrap();
    let gaps = Gaps::default();
    let groups = inventory::fill_all(&cloud, groups, &gaps).await;
    assert_eq!(groups.len(), 1);
    let counts = groups[0].counts.known().unwrap();
    assert_eq!(
        (
            counts.versions,
            counts.pending,
            counts.approved,
            counts.latest,
            counts.latest_approved
        ),
        (2, 1, 1, Some(2), Some(1))
    );

    let versions = collect_all!(cloud.sagemaker, list_model_packages, GROUP).unwrap();
    // Newest first, as ListModelPackages was asked.
    let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
    assert_eq!(numbers, [2, 1]);
    let versions = inventory::fill_all(&cloud, versions, &gaps).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    let v2 = versions.iter().find(|v| v.version == 2).unwrap();
    assert_eq!(v2.arn, arns[1]);
    assert_eq!(v2.approval, "PendingManualApproval");
    let details = v2.described.known().unwrap();
    assert_eq!(details.artifacts, ["s3://ds-models/churn/v2/model.tar.gz"]);
    assert_eq!(
        details.images,
        ["123456789012.dkr.ecr.eu-west-2.amazonaws.com/scorer:1"]
    );
    assert_eq!(v2.serving.known().unwrap(), &[ENDPOINT.to_owned()]);
    let v1 = versions.iter().find(|v| v.version == 1).unwrap();
    assert_eq!(v1.serving.known().unwrap(), &Vec::<String>::new());

    // The binary says the same.
    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "get",
        "model-packages",
        "--group",
        GROUP,
        "--wide",
        "-o",
        "json",
        "--endpoint-url",
        &url,
        "--region",
        moto::REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rows[0]["version"], 2);
    assert_eq!(rows[0]["serving"], serde_json::json!([ENDPOINT]));
    // A group that does not exist is a usage error naming the ones that do
    // (AWS would list nothing).
    let o = env.run(&[
        "get",
        "model-packages",
        "--group",
        "nope",
        "--endpoint-url",
        &url,
        "--region",
        moto::REGION,
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("groups: churn"), "{}", stderr(&o));
}

#[tokio::test]
async fn an_approval_lands_on_its_version_only_with_its_reason_and_is_journaled() {
    let m = moto::guard();
    let arns = seed(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let cloud = moto::connect_once(m.endpoint()).await;
    let ops = ops(cloud.clone(), Policy::read_write(), dir.path());
    let versions = collect_all!(cloud.sagemaker, list_model_packages, GROUP).unwrap();
    let v2 = versions.iter().find(|v| v.version == 2).unwrap();

    let change = ApprovalChange::of(v2, Verdict::Approve, "MRB-12: recall 0.91".into());
    let done = model_approval::set_approval(&ops, &change).await.unwrap();
    assert!(done.request_id.is_some(), "{done:?}");
    assert_eq!(
        approval(&m, &arns[1]).await,
        ("Approved".into(), Some("MRB-12: recall 0.91".into()))
    );
    assert_eq!(approval(&m, &arns[0]).await.0, "Approved");
    let records = common::cli::read_journal(&dir.path().join("audit.jsonl"));
    assert_complete(&records);
    assert_eq!(
        outcomes(&records),
        [(
            "sagemaker:UpdateModelPackage".to_owned(),
            "succeeded".to_owned()
        )]
    );
    assert_eq!(
        records[0]["parameters"]["approval_description"],
        "MRB-12: recall 0.91"
    );
    assert_eq!(
        records[0]["parameters"]["expected_status"],
        "PendingManualApproval"
    );

    // The same change again: it was PendingManualApproval when shown, it
    // is Approved now. Refused before anything is sent.
    match model_approval::set_approval(&ops, &change).await {
        Err(OpError::Cloud(e)) => assert!(
            e.to_string()
                .contains("is Approved now, not PendingManualApproval"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    let records = common::cli::read_journal(&dir.path().join("audit.jsonl"));
    assert_eq!(outcomes(&records)[1].1, "failed", "{records:#?}");

    // The CLI rejects version 1.
    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "model-package",
        "reject",
        GROUP,
        "1",
        "--description",
        "drift on Q3",
        "--yes",
        "--endpoint-url",
        &url,
        "--region",
        moto::REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ApprovalDescription = drift on Q3"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("model package churn/1 rejected"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        approval(&m, &arns[0]).await,
        ("Rejected".into(), Some("drift on Q3".into()))
    );
    // A blank reason and an unknown version are usage errors; nothing sent.
    for (args, says) in [
        (
            vec!["model-package", "approve", GROUP, "1", "-d", " ", "--yes"],
            "needs a description",
        ),
        (
            vec!["model-package", "approve", GROUP, "7", "-d", "x", "--yes"],
            "its versions: 1, 2",
        ),
        (
            vec![
                "model-package",
                "approve",
                "bad_name",
                "1",
                "-d",
                "x",
                "--yes",
            ],
            "must be 1–63",
        ),
    ] {
        let o = env.run(
            &[
                &args[..],
                &["--endpoint-url", &url, "--region", moto::REGION],
            ]
            .concat(),
        );
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(approval(&m, &arns[0]).await.0, "Rejected");
}

#[tokio::test]
async fn an_endpoint_serving_an_unapproved_version_is_a_finding_until_it_is_approved() {
    let m = moto::guard();
    let arns = seed(&m).await;
    let cloud = moto::connect_once(m.endpoint()).await;
    let config = GovernanceConfig::default();
    let git = dsadmin::gitsync::GitSettings::default();
    let rule = "endpoint-model-package-not-approved";

    let report = collect::check(&cloud, &config, &git).await;
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule.id() == rule)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].resource.name, ENDPOINT);
    assert!(
        found[0]
            .evidence
            .contains("churn-v2 from churn/2 (PendingManualApproval)"),
        "{}",
        found[0].evidence
    );
    assert!(report
        .not_checked
        .iter()
        .all(|n| !n.rules.iter().any(|r| r.id() == rule)));

    m.sagemaker()
        .await
        .update_model_package()
        .model_package_arn(&arns[1])
        .model_approval_status(aws_sdk_sagemaker::types::ModelApprovalStatus::Approved)
        .approval_description("ok")
        .send()
        .await
        .unwrap();
    let report = collect::check(&cloud, &config, &git).await;
    assert!(
        report.findings.iter().all(|f| f.rule.id() != rule),
        "{:#?}",
        report.findings
    );
}

// ---- The keyboard, over the demo estate ----

/// claims-fraud-xgb's versions, newest (15, PendingManualApproval) selected.
async fn xgb_versions(dir: &Path, extra: &str) -> (Harness, PathBuf, Cloud) {
    let (settings, path) = settings(dir, extra);
    let cloud = common::demo_cloud();
    let mut h = Harness::with_cloud(cloud.clone(), settings).await;
    h.keys(":models<enter>/claims-fraud-xgb<enter><enter>")
        .await;
    assert_eq!(
        h.app.crumbs().last().unwrap(),
        "claims-fraud-xgb › versions"
    );
    (h, path, cloud)
}

#[tokio::test]
async fn a_asks_why_shows_the_exact_request_and_approves_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, cloud) = xgb_versions(dir.path(), "").await;
    let screen = h.screen();
    insta::assert_snapshot!("model_versions", screen);
    assert!(
        footer(&screen).contains("<a> approve  <R> reject"),
        "{screen}"
    );

    h.keys("a").await;
    assert!(h.app.editing_approval());
    // Enter with no reason stays, and says why.
    h.keys("<enter>").await;
    assert!(h.app.editing_approval());
    assert!(h.screen().contains("needs a description"), "{}", h.screen());
    h.keys("MRB-2026-050 signed off").await;
    insta::assert_snapshot!("model_approval_editor", h.screen());
    h.keys("<enter>").await;
    assert!(h.app.confirming());
    let screen = h.screen();
    for field in [
        "Approve model package claims-fraud-xgb/15?",
        "sagemaker:UpdateModelPackage",
        "ModelApprovalStatus=Approved",
        "ApprovalDescription=MRB-2026-050 signed off",
        "Now PendingManualApproval",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
    h.keys("y").await;
    assert_eq!(
        h.app.message(),
        Some("model package claims-fraud-xgb/15 approved")
    );
    let arn = "arn:aws:sagemaker:eu-west-2:123456789012:model-package/claims-fraud-xgb/15";
    let now = cloud.sagemaker.describe_model_package(arn).await.unwrap();
    assert_eq!(now.approval, "Approved");
    assert_eq!(
        now.described
            .known()
            .unwrap()
            .approval_description
            .as_deref(),
        Some("MRB-2026-050 signed off")
    );
    // The list reloaded: 15 reads Approved, and `a` no longer applies.
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("│15 ")).unwrap();
    assert!(
        row.contains("Approved") && row.contains("MRB-2026-050"),
        "{row}"
    );
    assert!(!footer(&screen).contains("<a> approve"), "{screen}");
    let records = journal(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].action, "sagemaker:UpdateModelPackage");
    assert_eq!(records[0].parameters["approval_status"], "Approved");
}

#[tokio::test]
async fn read_only_refuses_approve_and_reject_journals_them_and_opens_no_editor() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, cloud) = xgb_versions(dir.path(), "[general]\nread_only = true").await;
    let screen = h.screen();
    assert!(!footer(&screen).contains("approve") && !footer(&screen).contains("reject"));
    for key in ["a", "R"] {
        h.keys(key).await;
        assert!(!h.app.editing_approval(), "{key}");
        assert!(!h.app.confirming(), "{key}");
        let message = h.app.message().unwrap();
        assert!(
            message.starts_with("refused sagemaker:UpdateModelPackage"),
            "{key}: {message}"
        );
    }
    let arn = "arn:aws:sagemaker:eu-west-2:123456789012:model-package/claims-fraud-xgb/15";
    assert_eq!(
        cloud
            .sagemaker
            .describe_model_package(arn)
            .await
            .unwrap()
            .approval,
        "PendingManualApproval"
    );
    let records = journal(&path);
    assert_eq!(records.len(), 4, "{records:#?}");
}
