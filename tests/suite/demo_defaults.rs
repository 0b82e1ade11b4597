//! What `--demo` fills in where the config is silent, so everything can be
//! tried with nothing set up: Git repositories made from the demo jobs'
//! scripts (removed when dsadmin exits), the estate's teams, and its
//! approved repositories as the ones that must stay closed — every posture
//! rule then has something to check.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::process::{Command, Stdio};

fn dsadmin(args: &[&str]) -> (String, String, u32) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .arg("--demo")
        .args(args)
        .arg("--config")
        .arg(&config)
        .env_remove("DSADMIN_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        pid,
    )
}

#[test]
fn the_demo_has_drifted_jobs_with_a_diff_and_cleans_up_its_repositories() {
    let (out, err, pid) = dsadmin(&["glue", "diff", "claims-ingest-daily"]);
    assert!(err.contains("drifted"), "{out}{err}");
    assert!(out.contains("+# Fail loudly on an empty input"), "{out}");
    let root = std::env::temp_dir().join(format!("dsadmin-demo-git-{pid}"));
    assert!(!root.exists(), "{} was left behind", root.display());
}

#[test]
fn the_demo_check_reports_script_drift_and_checks_every_rule() {
    let (out, err, _) = dsadmin(&["check", "-o", "json", "--fail-on", "critical"]);
    let drift = out.matches("\"glue-job-script-drift\"").count();
    assert!(drift >= 4, "{drift} drift findings\n{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["not_checked"], serde_json::json!([]), "{out}");
    for rule in [
        "user-role-not-allowed",
        "artifact-repository-external-connection",
    ] {
        assert!(
            out.contains(&format!("\"{rule}\"")),
            "{rule} did not fire\n{out}"
        );
    }
}
