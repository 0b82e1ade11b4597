//! `dsadmin logs job JOB [--run ID] | training-job NAME | endpoint NAME
//! [--since AGE] [--follow]`: a resource's CloudWatch Logs, oldest first,
//! one line per event (`TIME WHERE MESSAGE`), sanitised for the terminal.
//! `--follow` keeps asking every few seconds, from a little before the
//! newest line shown, until interrupted; each event is shown once.
//!
//! Exit status: 0 done (or interrupted while following); 1 CloudWatch Logs
//! refused or failed, or the resource has no logs (yet); 2 usage.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use clap::{Args, Subcommand};

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
use crate::cloud::log_read::{self, LogRead};
use crate::cloud::{Cloud, CloudError};
use crate::model::log::{LogEvent, LogSource};

/// How often `--follow` asks for new lines.
const FOLLOW_EVERY: StdDuration = StdDuration::from_secs(3);

#[derive(Debug, Clone, Subcommand)]
pub enum LogsCommand {
    /// A Glue job run's output and error logs (the latest run unless --run).
    Job {
        job: String,
        /// The run id (jr_…); default: the job's latest run.
        #[arg(long, value_name = "ID")]
        run: Option<String>,
        #[command(flatten)]
        window: Window,
    },
    /// A SageMaker training job's logs (every instance's stream).
    TrainingJob {
        name: String,
        #[command(flatten)]
        window: Window,
    },
    /// A SageMaker endpoint's logs (every variant and instance), the last
    /// hour unless --since.
    Endpoint {
        name: String,
        #[command(flatten)]
        window: Window,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Window {
    /// How far back: 30m, 12h, 7d (default: the whole run or training
    /// job; an endpoint's last hour).
    #[arg(long, value_name = "AGE", value_parser = crate::format::parse_age)]
    pub since: Option<Duration>,
    /// Keep printing new lines until interrupted (Ctrl-C).
    #[arg(short, long)]
    pub follow: bool,
}

impl LogsCommand {
    fn source_and_window(&self) -> (LogSource, &Window) {
        match self {
            LogsCommand::Job { job, run, window } => (
                LogSource::GlueRun {
                    job: job.clone(),
                    run: run.clone(),
                },
                window,
            ),
            LogsCommand::TrainingJob { name, window } => {
                (LogSource::TrainingJob { name: name.clone() }, window)
            }
            LogsCommand::Endpoint { name, window } => {
                (LogSource::Endpoint { name: name.clone() }, window)
            }
        }
    }
}

fn line(event: &LogEvent) -> String {
    let time = event.time.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    );
    format!("{time} {} {}", event.place(), event.one_line())
}

/// Runs `dsadmin logs …` to completion.
pub fn main(cli: &GlobalArgs, command: &LogsCommand) -> Result<(), CliError> {
    let (source, window) = command.source_and_window();
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let cloud = crate::cli::session::open_at(cli, now).await?;
        let since = window
            .since
            .map(|w| now - w)
            .or_else(|| source.default_since(now));
        let mut shown = Shown::default();
        let first = match log_read::read(&cloud, &source, since).await {
            Ok(read) => read,
            // Following, the groups may appear with the first line.
            Err(CloudError::NotFound { what }) if window.follow => {
                output::warn(&format!("dsadmin: not yet: {what}; following"));
                LogRead::default()
            }
            Err(e) => return Err(e.into()),
        };
        report(&source, &first);
        shown.show(&first.events)?;
        if first.events.is_empty() && !window.follow {
            output::warn(&match since {
                Some(t) => format!(
                    "dsadmin: no log lines of {} since {} (--since reaches further back)",
                    source.label(),
                    t.format("%Y-%m-%d %H:%M UTC")
                ),
                None => format!("dsadmin: no log lines of {}", source.label()),
            });
        }
        if !window.follow {
            return Ok(());
        }
        // The latest run found stays the run followed.
        let source = match (&source, &first.run) {
            (LogSource::GlueRun { job, run: None }, Some(run)) => LogSource::GlueRun {
                job: job.clone(),
                run: Some(run.clone()),
            },
            _ => source.clone(),
        };
        shown.since = shown.since.or(since);
        follow(&cloud, &source, &mut shown).await
    })
}

fn report(source: &LogSource, read: &LogRead) {
    if let Some(run) = &read.run {
        output::warn(&format!("dsadmin: {} is run {run}", source.label()));
    }
    for group in &read.missing {
        output::warn(&format!(
            "dsadmin: log group {group} does not exist: nothing was written there"
        ));
    }
}

/// How far back each follow-up read reaches before the newest line shown:
/// one stream's lines can arrive after another's newer ones (two instances,
/// a run's output and error), and ids keep each line printed once.
const OVERLAP_SECS: i64 = 120;

/// What was printed: the ids inside the overlap, and the newest time.
#[derive(Default)]
struct Shown {
    ids: HashMap<String, Option<DateTime<Utc>>>,
    since: Option<DateTime<Utc>>,
}

impl Shown {
    /// Prints the events not printed yet, remembering the newest time; ids
    /// older than the overlap are forgotten (no read reaches them again).
    fn show(&mut self, events: &[LogEvent]) -> Result<(), CliError> {
        for e in events {
            if self.ids.insert(e.id.clone(), e.time).is_some() {
                continue;
            }
            output::say(&line(e))?;
            self.since = self.since.max(e.time);
        }
        if let Some(from) = self.from() {
            self.ids.retain(|_, t| t.is_none_or(|t| t >= from));
        }
        Ok(())
    }

    /// Where the next read starts.
    fn from(&self) -> Option<DateTime<Utc>> {
        self.since.map(|t| t - Duration::seconds(OVERLAP_SECS))
    }
}

/// Asks again every few seconds until Ctrl-C (heard during a read too).
async fn follow(cloud: &Cloud, source: &LogSource, shown: &mut Shown) -> Result<(), CliError> {
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        tokio::select! {
            _ = &mut interrupted => return Ok(()),
            () = tokio::time::sleep(FOLLOW_EVERY) => {}
        }
        let read = tokio::select! {
            _ = &mut interrupted => return Ok(()),
            read = log_read::read(cloud, source, shown.from()) => read,
        };
        match read {
            Ok(read) => shown.show(&read.events)?,
            // Not there yet (the group appears with the first line).
            Err(CloudError::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::log::{GLUE_ERROR, GLUE_OUTPUT};

    #[test]
    fn each_event_is_shown_once_and_old_ids_are_forgotten() {
        let at = |secs: i64, id: &str| LogEvent {
            time: DateTime::from_timestamp(1_764_806_400 + secs, 0),
            group: GLUE_OUTPUT.into(),
            stream: "jr_1".into(),
            message: id.into(),
            id: id.into(),
        };
        let mut shown = Shown::default();
        shown.show(&[at(0, "a"), at(10, "b")]).unwrap();
        // The next read overlaps: b again, and a late line older than b.
        assert_eq!(
            shown.from(),
            DateTime::from_timestamp(1_764_806_400 + 10 - OVERLAP_SECS, 0)
        );
        shown
            .show(&[at(5, "late"), at(10, "b"), at(400, "c")])
            .unwrap();
        assert_eq!(
            shown.since,
            DateTime::from_timestamp(1_764_806_400 + 400, 0)
        );
        // Only what a read from `from()` can return again is remembered.
        let mut ids: Vec<&str> = shown.ids.keys().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["c"]);
    }

    #[test]
    fn a_line_is_time_place_and_the_message_on_one_line() {
        let e = LogEvent {
            time: DateTime::from_timestamp_millis(1_764_806_400_123),
            group: GLUE_ERROR.into(),
            stream: "jr_1".into(),
            message: "Traceback\n  File x\n".into(),
            id: "1".into(),
        };
        assert_eq!(
            line(&e),
            "2025-12-04T00:00:00.123Z error Traceback   File x"
        );
        let e = LogEvent {
            group: "/aws/sagemaker/Endpoints/churn".into(),
            stream: "AllTraffic/i-0a".into(),
            ..e
        };
        assert!(line(&e).contains(" AllTraffic/i-0a "));
    }
}
