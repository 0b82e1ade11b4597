//! The day-2 subcommands (`glue start-run|stop-run`, `crawler start|stop`,
//! `ecr scan`) through the real binary: over the demo estate for the
//! confirmation, read-only and journal rules, and against moto for the
//! read-only proof (zero mutating requests reach the emulator).
//!
//! Each demo process starts a fresh estate, so a success is checked by the
//! line printed and the journal, not by a later `get`.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::process::{Command, Stdio};

use serde_json::Value;

use common::cli::{assert_complete, code, outcomes, stderr, stdout, Env};
use common::moto::{self, REGION};

// Demo targets: a job with no run going, a run that is RUNNING, a READY and
// a RUNNING crawler, and an image that is not scanned yet.
const IDLE_JOB: &str = "claims-notes-redaction";
const RUNNING_JOB: &str = "claims-ingest-daily";
const RUNNING_RUN: &str = "jr_62c2bfc8867";
const READY_CRAWLER: &str = "cat-exposure-crawler";
const RUNNING_CRAWLER: &str = "claims-curated-crawler";
const REPO: &str = "sagemaker-custom/claims-nlp";
const TAG: &str = "latest";

/// The running run's full id, from the demo itself (the table shortens it).
fn running_run_id() -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--demo", "get", "runs", "--job", RUNNING_JOB, "-o", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let runs: Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["state"] == "RUNNING")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(id.starts_with(RUNNING_RUN), "{id}");
    id
}

/// Every day-2 command line against the demo, with what success prints and
/// the journal's action.
fn every_op() -> Vec<(Vec<String>, String, &'static str)> {
    let run = running_run_id();
    let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        (
            v(&["glue", "start-run", IDLE_JOB]),
            "started run jr_".to_owned(),
            "glue:StartJobRun",
        ),
        (
            v(&["glue", "stop-run", RUNNING_JOB, &run]),
            format!("stopping run {run} of {RUNNING_JOB}"),
            "glue:BatchStopJobRun",
        ),
        (
            v(&["crawler", "start", READY_CRAWLER]),
            format!("started crawler {READY_CRAWLER}"),
            "glue:StartCrawler",
        ),
        (
            v(&["crawler", "stop", RUNNING_CRAWLER]),
            format!("stopping crawler {RUNNING_CRAWLER}"),
            "glue:StopCrawler",
        ),
        (
            v(&["ecr", "scan", REPO, TAG]),
            format!("started scan of {REPO}:{TAG}: IN_PROGRESS"),
            "ecr:StartImageScan",
        ),
    ]
}

fn with(args: &[String], extra: &[&str]) -> Vec<String> {
    args.iter()
        .cloned()
        .chain(extra.iter().map(|s| (*s).to_owned()))
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn every_op_succeeds_with_yes_on_the_demo_and_is_journaled() {
    let env = Env::new("");
    let ops = every_op();
    for (args, line, action) in &ops {
        let o = env.run(&strs(&with(args, &["--demo", "--yes"])));
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(out.lines().count(), 1, "one line: {out}");
        assert!(out.starts_with(line.as_str()), "{args:?}: {out}");
        let records = env.journal();
        let last = records.last().unwrap();
        assert_eq!(last["action"], *action);
        assert_eq!(last["outcome"]["result"], "succeeded", "{last}");
        assert_eq!(last["profile"], "demo");
        assert!(last["caller_arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sts::"));
    }
    let records = env.journal();
    assert_eq!(records.len(), 2 * ops.len());
    assert_complete(&records);
    // The parameters name the target, so the journal alone says what changed.
    let started: Vec<&Value> = records.iter().filter(|r| r["phase"] == "started").collect();
    assert_eq!(started[0]["parameters"]["job"], IDLE_JOB);
    assert_eq!(started[4]["parameters"]["repository"], REPO);
    assert_eq!(started[4]["parameters"]["digest"], TAG);
}

#[test]
fn the_start_run_line_carries_the_new_run_id() {
    let env = Env::new("");
    let o = env.run(&["glue", "start-run", IDLE_JOB, "--yes", "--demo"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let id = out
        .strip_prefix("started run ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap();
    assert!(id.starts_with("jr_") && id.len() > 10, "{out}");
    assert!(out.trim_end().ends_with(&format!("of {IDLE_JOB}")), "{out}");
}

#[test]
fn global_flags_work_before_the_subcommand_too() {
    let env = Env::new("");
    let o = Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .arg("--demo")
        .arg("--config")
        .arg(&env.config)
        .args(["crawler", "start", READY_CRAWLER, "-y"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim_end(),
        format!("started crawler {READY_CRAWLER}")
    );
}

#[test]
fn without_yes_and_no_terminal_nothing_happens_or_is_journaled() {
    let env = Env::new("");
    for (args, _, _) in every_op() {
        let o = env.run(&strs(&with(&args, &["--demo"])));
        assert_eq!(code(&o), 2, "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("needs --yes when not run interactively"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
    assert!(env.journal().is_empty(), "{:?}", env.journal());
}

/// Runs every op read-only (`flag` adds `--read-only`), with and without
/// `--yes`, and checks the refusal: exit 3, the reason on stderr, nothing
/// on stdout, one refused pair per attempt and no success anywhere.
fn assert_refuses_everything(env: &Env, flag: bool, reason: &str) {
    let ops = every_op();
    for (args, _, action) in &ops {
        for yes in [true, false] {
            let mut extra = vec!["--demo"];
            if flag {
                extra.push("--read-only");
            }
            if yes {
                extra.push("--yes");
            }
            let o = env.run(&strs(&with(args, &extra)));
            assert_eq!(code(&o), 3, "{args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(err.contains(&format!("refused {action}")), "{err}");
            assert!(err.contains(reason), "{err}");
            assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        }
    }
    let records = env.journal();
    assert_eq!(records.len(), 2 * 2 * ops.len());
    assert_complete(&records);
    for r in records.iter().filter(|r| r["phase"] == "finished") {
        assert_eq!(r["outcome"]["result"], "refused", "{r}");
        assert!(
            r["outcome"]["reason"].as_str().unwrap().contains(reason),
            "{r}"
        );
    }
}

#[test]
fn read_only_flag_refuses_every_op_and_journals_the_refusal() {
    let env = Env::new("");
    // That the op did not happen cannot be seen here (each demo process
    // starts a fresh estate): `read_only_proof_against_moto` shows it.
    assert_refuses_everything(&env, true, "the --read-only flag");
}

#[test]
fn read_only_in_the_config_file_refuses_every_op() {
    let env = Env::new("[general]\nread_only = true\n");
    assert_refuses_everything(&env, false, "read_only = true in");
}

#[test]
fn a_read_only_environment_for_the_demo_profile_refuses_every_op() {
    let env = Env::new(
        "[[environments]]\nmatch = \"demo\"\nlabel = \"DEMO-PROD\"\ncolor = \"red\"\nread_only = true\n",
    );
    assert_refuses_everything(&env, false, "DEMO-PROD");
}

#[test]
fn a_read_write_environment_does_not_refuse() {
    let env =
        Env::new("[[environments]]\nmatch = \"demo\"\nlabel = \"sandbox\"\ncolor = \"green\"\n");
    let o = env.run(&["crawler", "start", READY_CRAWLER, "--demo", "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn an_unknown_target_fails_with_not_found_and_a_failed_pair() {
    let env = Env::new("");
    let cases: [(&[&str], &str); 4] = [
        (&["glue", "start-run", "no-such-job"], "glue:StartJobRun"),
        (
            &["glue", "stop-run", RUNNING_JOB, "jr_nosuchrun"],
            "glue:BatchStopJobRun",
        ),
        (
            &["crawler", "start", "no-such-crawler"],
            "glue:StartCrawler",
        ),
        (&["ecr", "scan", REPO, "no-such-tag"], "ecr:StartImageScan"),
    ];
    for (args, action) in cases {
        let o = env.run(&[args, &["--demo", "--yes"][..]].concat());
        assert_eq!(code(&o), 1, "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with("dsadmin: not found:"), "{err}");
        assert!(stdout(&o).is_empty());
        let records = env.journal();
        let last = records.last().unwrap();
        assert_eq!(last["action"], action);
        assert_eq!(last["outcome"]["result"], "failed");
        assert_eq!(last["outcome"]["code"], "NotFound");
    }
    let records = env.journal();
    assert_eq!(records.len(), 2 * 4);
    assert_complete(&records);
}

#[test]
fn an_invalid_name_is_a_usage_error_before_any_call() {
    // As for package coordinates: exit 2, nothing sent, nothing journaled.
    let env = Env::new("");
    for (args, needle) in [
        (
            vec!["ecr", "scan", "Not/Valid", "latest"],
            "ECR repository name",
        ),
        (
            vec!["ecr", "scan", "ds/base", "sha256:abc"],
            "64 hex digits",
        ),
        (vec!["glue", "start-run", "two\nlines"], "Glue job name"),
        (vec!["glue", "stop-run", "etl", ""], "job run id"),
        (vec!["crawler", "start", " "], "crawler name"),
    ] {
        let args: Vec<&str> = args.into_iter().chain(["--demo", "--yes"]).collect();
        let o = env.run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(needle) && err.contains("nothing was sent"),
            "{args:?}: {err}"
        );
    }
    assert!(env.journal().is_empty());
}

#[test]
fn starting_a_running_crawler_fails_cleanly() {
    // Starting a crawler that is already running is AWS's
    // CrawlerRunningException: a failure (exit 1), journaled as such.
    let env = Env::new("");
    let o = env.run(&["crawler", "start", RUNNING_CRAWLER, "--demo", "--yes"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("dsadmin: "), "{}", stderr(&o));
    assert_eq!(
        outcomes(&env.journal()),
        [("glue:StartCrawler".to_owned(), "failed".to_owned())]
    );
}

#[test]
fn journal_stays_complete_across_every_kind_of_run() {
    // Success, refusal, failure and "needs --yes" appended to one journal.
    let env = Env::new("");
    let ops = every_op();
    for (args, _, _) in &ops {
        env.run(&strs(&with(args, &["--demo", "--yes"])));
        env.run(&strs(&with(args, &["--demo", "--read-only", "--yes"])));
        env.run(&strs(&with(args, &["--demo"])));
    }
    env.run(&["glue", "start-run", "no-such-job", "--demo", "--yes"]);
    let records = env.journal();
    assert_eq!(records.len(), 2 * (2 * ops.len() + 1));
    assert_complete(&records);
    let results: Vec<String> = outcomes(&records).into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        results.iter().filter(|r| *r == "succeeded").count(),
        ops.len()
    );
    assert_eq!(
        results.iter().filter(|r| *r == "refused").count(),
        ops.len()
    );
    assert_eq!(results.iter().filter(|r| *r == "failed").count(), 1);
}

// ---------------------------------------------------------------------------
// Read-only proof against moto
// ---------------------------------------------------------------------------

/// Every day-2 op with `--read-only` against moto leaves moto's state as
/// seeded: no job run, the crawler still READY, no scan. Moto's state is the
/// proof that no mutating request reached it. The same ops without
/// `--read-only` do change it, so the check can fail.
#[tokio::test]
async fn read_only_proof_against_moto() {
    let m = moto::guard();
    let glue = m.glue().await;
    moto::create_glue_job(&m, "etl-nightly").await;
    moto::create_s3_crawler(
        &m,
        "raw-crawler",
        moto::GLUE_ROLE,
        Some("raw"),
        "s3://ds-lake/raw",
        None,
    )
    .await;
    let ecr = m.ecr().await;
    ecr.create_repository()
        .repository_name("team/img")
        .send()
        .await
        .unwrap();
    moto::put_image(&m, "team/img", "v1", 1, 100).await;

    let env = Env::new("");
    let endpoint = m.endpoint();
    let aws = ["--endpoint-url", endpoint.as_str(), "--region", REGION];
    let commands: [&[&str]; 5] = [
        &["glue", "start-run", "etl-nightly"],
        &["glue", "stop-run", "etl-nightly", "jr_0000"],
        &["crawler", "start", "raw-crawler"],
        &["crawler", "stop", "raw-crawler"],
        &["ecr", "scan", "team/img", "v1"],
    ];
    for args in commands {
        let o = env.run(&[args, &aws[..], &["--read-only", "--yes"][..]].concat());
        assert_eq!(code(&o), 3, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--read-only flag"), "{}", stderr(&o));
    }
    let records = env.journal();
    assert_eq!(records.len(), 2 * commands.len());
    assert_complete(&records);
    assert!(outcomes(&records).iter().all(|(_, r)| r == "refused"));
    // The journal names the moto account the caller was identified in.
    assert_eq!(records[0]["account"], moto::ACCOUNT);

    // Moto's state: nothing changed.
    let runs = glue
        .get_job_runs()
        .job_name("etl-nightly")
        .send()
        .await
        .unwrap();
    assert!(runs.job_runs().is_empty(), "{runs:?}");
    let crawler = glue.get_crawler().name("raw-crawler").send().await.unwrap();
    assert_eq!(
        crawler.crawler().unwrap().state().map(|s| s.as_str()),
        Some("READY")
    );
    let images = ecr
        .describe_images()
        .repository_name("team/img")
        .send()
        .await
        .unwrap();
    let image = &images.image_details()[0];
    assert!(image.image_scan_status().is_none(), "{image:?}");
    assert!(image.image_scan_findings_summary().is_none(), "{image:?}");

    // The control: read-write, the same kind of command does reach moto.
    let o = env.run(
        &[
            &["crawler", "start", "raw-crawler"][..],
            &aws[..],
            &["--yes"][..],
        ]
        .concat(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let crawler = glue.get_crawler().name("raw-crawler").send().await.unwrap();
    assert_ne!(
        crawler.crawler().unwrap().state().map(|s| s.as_str()),
        Some("READY")
    );
}
