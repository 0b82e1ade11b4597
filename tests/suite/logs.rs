//! CloudWatch Logs of a Glue run, a training job and an endpoint: live
//! against moto through the real client (each source's groups and streams
//! only, a group that does not exist said, not failed), the `dsadmin logs`
//! binary, and `l` in the TUI over the demo estate.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use chrono::{Duration, Utc};

use dsadmin::cloud::log_read;
use dsadmin::cloud::CloudError;
use dsadmin::model::log::LogSource;

use common::cli::{code, stderr, stdout, Env};
use common::moto::{self, REGION};
use common::Harness;

const RUN: &str = "jr_0123456789abcdef";
const OTHER_RUN: &str = "jr_fedcba9876543210";

/// Two runs' output, one run's traceback, two training jobs, an endpoint.
async fn seed(m: &moto::MotoGuard) -> i64 {
    let t = (Utc::now() - Duration::minutes(30)).timestamp_millis();
    m.put_logs(
        "/aws-glue/jobs/output",
        RUN,
        &[
            (t, "INFO reading s3://raw/"),
            (t + 1000, "INFO read 10 records"),
        ],
    )
    .await;
    m.put_logs(
        "/aws-glue/jobs/output",
        OTHER_RUN,
        &[(t, "INFO another run")],
    )
    .await;
    m.put_logs(
        "/aws-glue/jobs/error",
        RUN,
        &[(
            t + 2000,
            "Traceback (most recent call last):\n  KeyError: 'x'\u{1b}[31m",
        )],
    )
    .await;
    m.put_logs(
        "/aws/sagemaker/TrainingJobs",
        "churn-train/algo-1-1700000000",
        &[(t, "[1]#011train-auc:0.81")],
    )
    .await;
    m.put_logs(
        "/aws/sagemaker/TrainingJobs",
        "churn-train-2/algo-1-1700000001",
        &[(t, "[1] the other job")],
    )
    .await;
    m.put_logs(
        "/aws/sagemaker/Endpoints/churn-scorer",
        "AllTraffic/i-0abc",
        &[
            (t - 2 * 3_600_000, "POST /invocations 200 two hours ago"),
            (t, "POST /invocations 200 9ms"),
        ],
    )
    .await;
    t
}

#[tokio::test]
async fn each_source_reads_its_own_streams_and_says_which_groups_are_missing() {
    let m = moto::guard();
    seed(&m).await;
    let cloud = moto::connect_once(m.endpoint()).await;

    let run = LogSource::GlueRun {
        job: "claims-etl".into(),
        run: Some(RUN.into()),
    };
    let read = log_read::read(&cloud, &run, None).await.unwrap();
    let lines: Vec<&str> = read.events.iter().map(|e| e.message.as_str()).collect();
    // Output then error, by time; the other run's line is not there.
    assert_eq!(
        lines,
        [
            "INFO reading s3://raw/",
            "INFO read 10 records",
            "Traceback (most recent call last):\n  KeyError: 'x'\u{1b}[31m"
        ]
    );
    assert!(read.missing.is_empty());

    // A run that wrote nothing to stderr: the error group is missing for it
    // only in the sense that it has no stream; a group that does not exist
    // at all is said.
    let tj = LogSource::TrainingJob {
        name: "churn-train".into(),
    };
    let read = log_read::read(&cloud, &tj, None).await.unwrap();
    let lines: Vec<&str> = read.events.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(lines, ["[1]#011train-auc:0.81"], "not churn-train-2's");

    let ep = LogSource::Endpoint {
        name: "churn-scorer".into(),
    };
    let since = Utc::now() - Duration::hours(1);
    let read = log_read::read(&cloud, &ep, Some(since)).await.unwrap();
    assert_eq!(read.events.len(), 1, "{:?}", read.events);

    let none = LogSource::Endpoint {
        name: "never-started".into(),
    };
    match log_read::read(&cloud, &none, None).await {
        Err(CloudError::NotFound { what }) => assert!(
            what.contains("/aws/sagemaker/Endpoints/never-started does not exist"),
            "{what}"
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn dsadmin_logs_prints_one_sanitised_line_per_event() {
    let m = moto::guard();
    seed(&m).await;
    let env = Env::new("");
    let url = m.endpoint();
    let o = env.run(&[
        "logs",
        "job",
        "claims-etl",
        "--run",
        RUN,
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].ends_with(" output INFO reading s3://raw/"),
        "{out}"
    );
    assert!(
        lines[2].contains(" error Traceback (most recent call last):   KeyError: 'x'"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no escape reaches the terminal: {out:?}"
    );

    // An endpoint's default window is the last hour.
    let o = env.run(&[
        "logs",
        "endpoint",
        "churn-scorer",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let o = env.run(&[
        "logs",
        "endpoint",
        "churn-scorer",
        "--since",
        "1d",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));

    // No logs at all: exit 1 saying where it looked; a bad window is usage.
    let o = env.run(&[
        "logs",
        "endpoint",
        "nope",
        "--endpoint-url",
        &url,
        "--region",
        REGION,
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/aws/sagemaker/Endpoints/nope"),
        "{}",
        stderr(&o)
    );
    let o = env.run(&["logs", "endpoint", "x", "--since", "soon"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

#[tokio::test]
async fn l_on_a_failed_run_shows_its_log_ending_in_the_traceback() {
    let mut h = Harness::demo().await;
    h.keys("3/claims-ingest-daily<enter><enter>").await;
    assert_eq!(h.app.crumbs().last().unwrap(), "claims-ingest-daily › runs");
    // The first failed run on the list.
    let screen = h.screen();
    let failed = screen
        .lines()
        // Header, tabs, crumbs, the box's top and the column titles.
        .skip(5)
        .position(|l| l.contains("FAILED"))
        .unwrap_or_else(|| panic!("{screen}"));
    for _ in 0..failed {
        h.keys("j").await;
    }
    h.keys("l").await;
    let screen = h.screen();
    assert!(screen.contains("› logs"), "{screen}");
    assert!(
        !screen.contains("(following)"),
        "a finished run is not followed: {screen}"
    );
    let rows: Vec<&str> = screen.lines().filter(|l| l.starts_with("│20")).collect();
    // Oldest first, as written: the traceback reads top to bottom and ends
    // the list, where the selection is.
    let at = |text: &str| {
        rows.iter()
            .position(|r| r.contains(text))
            .unwrap_or_else(|| panic!("{text}: {screen}"))
    };
    assert!(
        at("Traceback") < at("File \"/tmp/claims-ingest-daily.py\""),
        "{screen}"
    );
    assert!(rows.last().unwrap().contains(" error "), "{screen}");
    assert!(rows[0].contains("GlueContext"), "{screen}");
    insta::assert_snapshot!("failed_run_logs", screen);
    // `/` searches the lines.
    h.keys("/Traceback<enter>").await;
    assert_eq!(
        h.screen().lines().filter(|l| l.starts_with("│20")).count(),
        1,
        "{}",
        h.screen()
    );
}
