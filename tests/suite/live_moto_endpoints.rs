//! Endpoint traffic shift live against moto: the real `cloud::aws` client
//! and `ops::traffic`, and the `dsadmin endpoint shift` binary with
//! `--endpoint-url`, each result read back with the SDK's own
//! DescribeEndpoint. moto applies new weights at once (no Updating phase);
//! the watch loop's Updating → InService path is covered over the demo.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use dsadmin::audit::{AuditContext, Journal, OpError};
use dsadmin::cloud::{Cloud, CloudError};
use dsadmin::model::VariantWeight;
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::traffic::{self, WatchOptions};
use dsadmin::policy::{Policy, ReadOnlyReason};

use common::cli::{assert_complete, code, outcomes, stderr, stdout, Env};
use common::moto::{self, create_weighted_endpoint, MotoGuard, REGION};

const ENDPOINT: &str = "claims-scorer";

async fn cloud(m: &MotoGuard) -> Cloud {
    moto::connect_once(m.endpoint()).await
}

/// blue 3 : green 1 (75 % : 25 %), two and one instances.
async fn seed(m: &MotoGuard) {
    create_weighted_endpoint(m, ENDPOINT, &[("blue", 3.0, 2), ("green", 1.0, 1)]).await;
}

/// `(variant, current weight)` as moto reports them. Instance counts are not
/// compared: moto 5.2.5 blanks a variant's count when a request leaves
/// DesiredInstanceCount out (AWS keeps it, and dsadmin relies on AWS's
/// behaviour; `aws_mocks_changes.rs` proves the field is left out).
async fn weights(m: &MotoGuard) -> Vec<(String, f32)> {
    let out = m
        .sagemaker()
        .await
        .describe_endpoint()
        .endpoint_name(ENDPOINT)
        .send()
        .await
        .unwrap();
    let mut v: Vec<(String, f32)> = out
        .production_variants()
        .iter()
        .map(|p| {
            (
                p.variant_name().unwrap_or_default().to_owned(),
                p.current_weight().unwrap(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn unchanged() -> Vec<(String, f32)> {
    vec![("blue".into(), 3.0), ("green".into(), 1.0)]
}

fn ops(cloud: Cloud, policy: Policy, dir: &tempfile::TempDir) -> OpsContext {
    OpsContext {
        cloud,
        policy,
        journal: Arc::new(Journal::open(dir.path().join("audit.jsonl")).unwrap()),
        audit: AuditContext {
            caller_arn: None,
            profile: "moto".into(),
            region: REGION.into(),
            account: Some(moto::ACCOUNT.into()),
        },
    }
}

fn journal(dir: &tempfile::TempDir) -> Vec<serde_json::Value> {
    common::cli::read_journal(&dir.path().join("audit.jsonl"))
}

fn zero_interval() -> WatchOptions {
    WatchOptions {
        interval: Duration::ZERO,
        max_polls: 5,
    }
}

#[tokio::test]
async fn the_ops_function_shifts_weights_and_journals_the_split() {
    let m = moto::guard();
    seed(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud(&m).await, Policy::read_write(), &dir);

    let endpoint = traffic::describe(&ops, ENDPOINT).await.unwrap();
    let plan = traffic::plan_shift(&endpoint, &[VariantWeight::new("green", 3.0)]).unwrap();
    let before: Vec<f64> = plan.before.iter().map(|s| s.percent).collect();
    let after: Vec<f64> = plan.after.iter().map(|s| s.percent).collect();
    assert_eq!(before, [75.0, 25.0]);
    assert_eq!(after, [50.0, 50.0]);

    let done = traffic::apply_shift(&ops, &plan).await.unwrap();
    assert!(done.request_id.is_some(), "{done:?}");
    let mut seen = Vec::new();
    let e = traffic::watch_until_in_service(&ops, ENDPOINT, zero_interval(), &mut |e| {
        seen.push(e.status.clone())
    })
    .await
    .unwrap();
    assert_eq!(seen, ["InService"]);
    assert!(
        e.variants().iter().all(|v| v.current_weight == 3.0),
        "{e:?}"
    );

    assert_eq!(
        weights(&m).await,
        [("blue".into(), 3.0), ("green".into(), 3.0)]
    );
    let records = journal(&dir);
    assert_complete(&records);
    assert_eq!(
        outcomes(&records),
        [(
            "sagemaker:UpdateEndpointWeightsAndCapacities".to_owned(),
            "succeeded".to_owned()
        )]
    );
    // The journal shows the whole resulting split that was sent.
    assert_eq!(
        records[0]["parameters"]["weights"],
        serde_json::json!([
            {"variant": "blue", "weight": 3.0},
            {"variant": "green", "weight": 3.0}
        ])
    );
    assert!(records[1]["outcome"]["request_id"].is_string());
}

#[tokio::test]
async fn an_unknown_variant_is_a_clear_error_and_nothing_is_sent() {
    let m = moto::guard();
    seed(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(cloud(&m).await, Policy::read_write(), &dir);
    let endpoint = traffic::describe(&ops, ENDPOINT).await.unwrap();
    match traffic::plan_shift(&endpoint, &[VariantWeight::new("red", 1.0)]) {
        Err(CloudError::Validation { message }) => assert_eq!(
            message,
            "endpoint claims-scorer has no variant \"red\" (its variants: blue, green)"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }

    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "endpoint",
        "shift",
        ENDPOINT,
        "red=1",
        "--yes",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no variant \"red\"") && stderr(&o).contains("nothing was sent"),
        "{}",
        stderr(&o)
    );
    assert!(
        env.journal().is_empty(),
        "nothing attempted, nothing journaled"
    );
    assert_eq!(weights(&m).await, unchanged());

    // A missing endpoint is NotFound (moto, like AWS, says ValidationException).
    let o = env.run(&[
        "endpoint",
        "shift",
        "no-such-endpoint",
        "a=1",
        "--yes",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("no-such-endpoint"), "{}", stderr(&o));
}

#[tokio::test]
async fn the_cli_shifts_and_waits_until_in_service() {
    let m = moto::guard();
    seed(&m).await;
    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "endpoint",
        "shift",
        ENDPOINT,
        "blue=1",
        "green=1",
        "--yes",
        "--poll-interval",
        "1",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("75.0% →"), "{out}");
    assert!(
        out.contains("endpoint claims-scorer is InService: blue 50.0%, green 50.0%"),
        "{out}"
    );
    assert_eq!(
        weights(&m).await,
        [("blue".into(), 1.0), ("green".into(), 1.0)]
    );
    let records = env.journal();
    assert_complete(&records);
    assert_eq!(records[0]["account"], moto::ACCOUNT);
}

#[tokio::test]
async fn read_only_refuses_journals_and_leaves_the_weights() {
    let m = moto::guard();
    seed(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(
        cloud(&m).await,
        Policy::read_only(ReadOnlyReason::Flag),
        &dir,
    );
    // Reading is allowed in read-only mode; changing is not.
    let endpoint = traffic::describe(&ops, ENDPOINT).await.unwrap();
    let plan = traffic::plan_shift(&endpoint, &[VariantWeight::new("green", 9.0)]).unwrap();
    match traffic::apply_shift(&ops, &plan).await {
        Err(OpError::Refused(r)) => {
            assert_eq!(r.action, "sagemaker:UpdateEndpointWeightsAndCapacities")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        outcomes(&journal(&dir)),
        [(
            "sagemaker:UpdateEndpointWeightsAndCapacities".to_owned(),
            "refused".to_owned()
        )]
    );

    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "endpoint",
        "shift",
        ENDPOINT,
        "green=9",
        "--read-only",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains("--read-only flag"), "{}", stderr(&o));
    let records = env.journal();
    assert_complete(&records);
    assert_eq!(
        outcomes(&records),
        [(
            "sagemaker:UpdateEndpointWeightsAndCapacities".to_owned(),
            "refused".to_owned()
        )]
    );
    assert_eq!(weights(&m).await, unchanged());
}
