//! CloudWatch Logs: where a resource writes its logs, and one log line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Glue's log groups: what the script printed (stdout, the driver's log)
/// and what went to stderr (tracebacks), one stream per run id.
pub const GLUE_OUTPUT: &str = "/aws-glue/jobs/output";
pub const GLUE_ERROR: &str = "/aws-glue/jobs/error";
/// Training jobs write one stream per instance, `NAME/algo-N-…`.
pub const TRAINING_JOBS: &str = "/aws/sagemaker/TrainingJobs";

/// A resource whose logs dsadmin reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSource {
    /// A Glue job's run; `None` is the job's latest run.
    GlueRun {
        job: String,
        run: Option<String>,
    },
    TrainingJob {
        name: String,
    },
    Endpoint {
        name: String,
    },
}

/// One log group to read, and the streams in it that belong to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPlace {
    pub group: String,
    pub streams: Streams,
}

/// Which streams of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Streams {
    All,
    /// One stream by name (`logStreamNames`): a Glue run's.
    Named(String),
    /// Every stream starting so (`logStreamNamePrefix`): a training job's
    /// instances.
    Prefix(String),
}

impl Streams {
    /// Whether an event of stream `name` belongs here (checked on what
    /// comes back too: moto 5.2.5 ignores `logStreamNamePrefix`).
    pub fn holds(&self, name: &str) -> bool {
        match self {
            Streams::All => true,
            Streams::Named(n) => n == name,
            Streams::Prefix(p) => name.starts_with(p.as_str()),
        }
    }
}

impl LogSource {
    /// The groups (and stream prefixes) this source writes to, once its
    /// run is known (`run` for a Glue job's latest run).
    pub fn places(&self, run: Option<&str>) -> Vec<LogPlace> {
        match self {
            LogSource::GlueRun { run: asked, .. } => {
                let run = asked.as_deref().or(run).unwrap_or_default().to_owned();
                [GLUE_OUTPUT, GLUE_ERROR]
                    .into_iter()
                    .map(|group| LogPlace {
                        group: group.to_owned(),
                        streams: Streams::Named(run.clone()),
                    })
                    .collect()
            }
            LogSource::TrainingJob { name } => vec![LogPlace {
                group: TRAINING_JOBS.to_owned(),
                streams: Streams::Prefix(format!("{name}/")),
            }],
            LogSource::Endpoint { name } => vec![LogPlace {
                group: format!("/aws/sagemaker/Endpoints/{name}"),
                streams: Streams::All,
            }],
        }
    }

    /// The window read when none is asked for: an endpoint's last hour (it
    /// writes for as long as it serves), else everything (a run's or a
    /// training job's streams are its own).
    pub fn default_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            LogSource::Endpoint { .. } => Some(now - chrono::Duration::hours(1)),
            _ => None,
        }
    }

    /// "claims-etl run jr_…", "endpoint churn-scorer".
    pub fn label(&self) -> String {
        match self {
            // Run ids are jr_ and 64 hex digits: the first few tell runs apart.
            LogSource::GlueRun {
                job,
                run: Some(run),
            } => {
                let short: String = run.chars().take(11).collect();
                let more = if run.chars().count() > 11 { "…" } else { "" };
                format!("{job} run {short}{more}")
            }
            LogSource::GlueRun { job, run: None } => format!("{job} (latest run)"),
            LogSource::TrainingJob { name } => format!("training job {name}"),
            LogSource::Endpoint { name } => format!("endpoint {name}"),
        }
    }
}

/// One log event (FilterLogEvents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEvent {
    pub time: Option<DateTime<Utc>>,
    pub group: String,
    pub stream: String,
    /// As written: the faces sanitise it before it reaches a terminal.
    pub message: String,
    /// CloudWatch's event id: the same event read twice (follow mode asks
    /// again from the last time seen) is shown once.
    pub id: String,
}

impl LogEvent {
    /// Where it was written, short: a Glue run's `output` or `error`, else
    /// the stream.
    pub fn place(&self) -> &str {
        match self.group.as_str() {
            GLUE_OUTPUT => "output",
            GLUE_ERROR => "error",
            _ => &self.stream,
        }
    }

    /// The message on one line: its own line breaks become spaces.
    pub fn one_line(&self) -> String {
        self.message.trim_end().replace(['\n', '\r'], " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_reads_its_own_groups_and_streams() {
        let run = LogSource::GlueRun {
            job: "etl".into(),
            run: None,
        };
        let places = run.places(Some("jr_1"));
        assert_eq!(places.len(), 2);
        assert_eq!(places[1].group, GLUE_ERROR);
        assert_eq!(places[1].streams, Streams::Named("jr_1".into()));
        assert!(!places[1].streams.holds("jr_10"));
        let tj = LogSource::TrainingJob { name: "t".into() };
        assert!(tj.places(None)[0].streams.holds("t/algo-1-1"));
        assert!(!tj.places(None)[0].streams.holds("t2/algo-1-1"));
        let ep = LogSource::Endpoint {
            name: "churn".into(),
        };
        assert_eq!(ep.places(None)[0].group, "/aws/sagemaker/Endpoints/churn");
        assert_eq!(ep.places(None)[0].streams, Streams::All);
    }
}
