//! `dsadmin costs`: the table and JSON over the demo estate, from the
//! library with a frozen clock (golden table) and through the binary.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;
use dsadmin::costs::seen::SeenApps;

use std::process::Command;

use dsadmin::cli::costs::{build, write};
use dsadmin::cli::get::Output;
use dsadmin::settings::Settings;

#[tokio::test]
async fn the_table_over_the_demo_is_golden() {
    let settings = Settings::builtin().unwrap();
    let report = build(
        &common::demo_cloud(),
        &settings.costs,
        common::anchor(),
        &SeenApps::in_memory(),
    )
    .await;
    let mut out = Vec::new();
    write(&mut out, &report, Output::Table).unwrap();
    let text = String::from_utf8(out).unwrap();
    insta::assert_snapshot!("costs_cli_table", text);
    // The totals add up across teams.
    let sum: f64 = report.teams.iter().map(|t| t.month_to_date).sum();
    assert!((sum - report.total.month_to_date).abs() < 1e-6);
    assert_eq!(report.total.lines as usize, report.lines.len());
}

#[test]
fn the_binary_prints_json_with_the_price_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--demo", "costs", "--output", "json"])
        .env_remove("DSADMIN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("XDG_STATE_HOME", std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["prices_as_of"], "2026-11-01");
    assert_eq!(json["region"], "eu-west-2");
    let lines = json["lines"].as_array().unwrap();
    assert!(lines
        .iter()
        .any(|l| l["kind"] == "training" && l["spot_savings"].as_f64().is_some_and(|s| s > 0.0)));
    assert!(lines
        .iter()
        .any(|l| l["name"] == "fraud-graph-embeddings-dev/AllTraffic"
            && l["idle"]["state"] == "idle"));
    let table = Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--demo", "costs"])
        .env_remove("DSADMIN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("XDG_STATE_HOME", std::env::temp_dir())
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.starts_with("Estimates from the price table of 2026-11-01"),
        "{text}"
    );
    assert!(text.contains("\nTEAM "), "{text}");
}

#[tokio::test]
async fn without_metrics_endpoint_idleness_is_unknown_with_the_reason() {
    use dsadmin::costs::{CostKind, Idle};
    let settings = Settings::builtin().unwrap();
    let mut cloud = common::demo_cloud();
    cloud.metrics = None;
    let report = build(
        &cloud,
        &settings.costs,
        common::anchor(),
        &SeenApps::in_memory(),
    )
    .await;
    let endpoints: Vec<_> = report
        .lines
        .iter()
        .filter(|l| l.kind == CostKind::Endpoint)
        .collect();
    // InService endpoints cannot be judged; one being updated is busy anyway.
    let unknown = Idle::Unknown("CloudWatch metrics are not read for this backend".into());
    assert!(endpoints
        .iter()
        .filter(|l| !l.name.starts_with("home-pricing-glm/"))
        .all(|l| l.idle == unknown));
    assert!(endpoints.iter().all(|l| !l.idle.is_idle()));
    assert_eq!(endpoints.iter().filter(|l| l.idle == unknown).count(), 7);
    // Apps are judged by running time, which needs no metrics.
    assert!(report.lines.iter().any(|l| l.idle.is_idle()));
}
