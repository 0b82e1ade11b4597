//! `dsadmin endpoint shift` and `dsadmin package …` through the real binary
//! over the demo estate: output, confirmation, exit status and journal. The
//! same commands against moto are in `live_moto_endpoints.rs`; CodeArtifact
//! requests are proven with SDK mocks in `aws_mocks_changes.rs`.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use common::cli::{assert_complete, code, outcomes, stderr, stdout, Env};

const ENDPOINT: &str = "claims-fraud-scorer";

fn shift(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--demo", "endpoint", "shift", ENDPOINT];
    args.extend_from_slice(extra);
    args.into_iter().map(str::to_owned).collect()
}

fn package(verb: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "--demo",
        "package",
        verb,
        "--domain",
        "ds-artifacts",
        "--repository",
        "approved-pypi",
    ];
    args.extend_from_slice(extra);
    args.into_iter().map(str::to_owned).collect()
}

fn run(env: &Env, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.run(&args)
}

#[test]
fn shift_shows_the_split_confirms_and_watches_until_in_service() {
    let env = Env::new("");
    let o = run(
        &env,
        &shift(&["lgbm-v3=0.7", "--yes", "--poll-interval", "1"]),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "endpoint claims-fraud-scorer (InService)");
    assert!(
        lines[2].contains("xgb-v14") && lines[2].contains("70.0% →") && lines[2].ends_with("50.0%"),
        "{out}"
    );
    assert!(
        lines[3].contains("lgbm-v3") && lines[3].contains("30.0% →") && lines[3].ends_with("50.0%"),
        "{out}"
    );
    assert_eq!(
        &lines[4..],
        [
            "update of endpoint claims-fraud-scorer accepted",
            "endpoint claims-fraud-scorer: Updating",
            "endpoint claims-fraud-scorer: InService",
            "endpoint claims-fraud-scorer is InService: xgb-v14 50.0%, lgbm-v3 50.0%",
        ]
    );
    let records = env.journal();
    assert_complete(&records);
    assert_eq!(
        outcomes(&records),
        [(
            "sagemaker:UpdateEndpointWeightsAndCapacities".to_owned(),
            "succeeded".to_owned()
        )]
    );
}

#[test]
fn no_wait_returns_once_accepted() {
    let env = Env::new("");
    let o = run(
        &env,
        &shift(&["xgb-v14=1", "lgbm-v3=1", "--yes", "--no-wait"]),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.ends_with("update of endpoint claims-fraud-scorer accepted\n"),
        "{out}"
    );
    assert!(!out.contains("Updating"), "{out}");
}

#[test]
fn bad_weights_and_missing_yes_change_nothing() {
    let env = Env::new("");
    for (args, needle) in [
        (shift(&["lgbm-v3", "--yes"]), "VARIANT=WEIGHT"),
        (shift(&["lgbm-v3=-1", "--yes"]), "finite number ≥ 0"),
        (shift(&["xgb-v14=0", "lgbm-v3=0", "--yes"]), "weight > 0"),
        (shift(&["blue=1", "--yes"]), "no variant \"blue\""),
        (shift(&["lgbm-v3=1"]), "needs --yes"),
    ] {
        let o = run(&env, &args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    assert!(env.journal().is_empty(), "{:?}", env.journal());
}

#[test]
fn an_updating_endpoint_cannot_be_shifted() {
    let env = Env::new("");
    let mut args = shift(&["glm-2026q4=1", "--yes"]);
    args[3] = "home-pricing-glm".into();
    let o = run(&env, &args);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("is Updating"), "{}", stderr(&o));
}

#[test]
fn approve_reports_each_version_and_fails_when_any_failed() {
    let env = Env::new("");
    let o = run(
        &env,
        &package(
            "approve",
            &[
                "requests",
                "2.31.0",
                "2.32.3",
                "--expected-status",
                "unlisted",
                "--yes",
            ],
        ),
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("requests 2.31.0: Published\n"), "{out}");
    assert!(out.contains("requests 2.32.3: FAILED MISMATCHED_STATUS: current status is Published, expected status is Unlisted"), "{out}");
    assert!(out.contains("1 of 2 version(s) approved"), "{out}");
    assert!(
        stderr(&o).contains("2.32.3 (MISMATCHED_STATUS)"),
        "{}",
        stderr(&o)
    );
    // The call itself went through: the journal says so.
    assert_eq!(
        outcomes(&env.journal()),
        [(
            "codeartifact:UpdatePackageVersionsStatus".to_owned(),
            "succeeded".to_owned()
        )]
    );

    let o = run(&env, &package("archive", &["requests", "2.31.0", "--yes"]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("requests 2.31.0: Archived"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn origin_sets_publish_and_upstream() {
    let env = Env::new("");
    let o = run(
        &env,
        &package(
            "origin",
            &[
                "numpy",
                "--publish",
                "block",
                "--upstream",
                "allow",
                "--yes",
            ],
        ),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "numpy: publish BLOCK, upstream ALLOW\n");
    let records = env.journal();
    assert_complete(&records);
    assert_eq!(records[0]["parameters"]["publish"], "BLOCK");
    assert_eq!(records[0]["parameters"]["upstream"], "ALLOW");
}

#[test]
fn invalid_package_input_is_a_usage_error_before_any_call() {
    let env = Env::new("");
    for (args, needle) in [
        (
            package("unlist", &["--format", "conda", "numpy", "1", "--yes"]),
            "format",
        ),
        (
            package("unlist", &["--namespace", "x", "numpy", "1", "--yes"]),
            "no namespace",
        ),
        (
            package("unlist", &["numpy", "1", "1", "--yes"]),
            "more than once",
        ),
        (
            package(
                "unlist",
                &["numpy", "1", "--expected-status", "gone", "--yes"],
            ),
            "unknown package version status",
        ),
        (
            package(
                "origin",
                &["numpy", "--publish", "deny", "--upstream", "allow"],
            ),
            "allow or block",
        ),
    ] {
        let o = run(&env, &args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    assert!(env.journal().is_empty());
}

#[test]
fn read_only_refuses_every_change_and_journals_it() {
    let env = Env::new("");
    let commands = [
        shift(&["lgbm-v3=1", "--read-only"]),
        package("approve", &["requests", "2.31.0", "--read-only"]),
        package("unlist", &["requests", "2.32.3", "--read-only"]),
        package("archive", &["requests", "2.32.3", "--read-only"]),
        package(
            "origin",
            &[
                "requests",
                "--publish",
                "block",
                "--upstream",
                "block",
                "--read-only",
            ],
        ),
    ];
    for args in &commands {
        let o = run(&env, args);
        assert_eq!(code(&o), 3, "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("read-only because of the --read-only flag"),
            "{}",
            stderr(&o)
        );
    }
    let records = env.journal();
    assert_complete(&records);
    assert_eq!(records.len(), 2 * commands.len());
    assert!(outcomes(&records).iter().all(|(_, r)| r == "refused"));
}
