//! The demo estate's CloudWatch Logs, written from what the estate holds:
//! each Glue run's driver output and (for a failed run) its traceback, each
//! training job's epochs, each endpoint's last hour of requests (and the
//! failed one's health check). Deterministic per resource, so a fixed
//! anchor gives the same lines.

use chrono::{DateTime, Duration, Utc};

use super::estate::Estate;
use super::rng::Rng;
use crate::cloud::{CloudError, CloudResult};
use crate::model::log::{LogEvent, Streams, GLUE_ERROR, GLUE_OUTPUT, TRAINING_JOBS};
use crate::model::JobRun;

/// One line of a stream, before it becomes an event.
struct Line {
    time: DateTime<Utc>,
    stream: String,
    message: String,
}

impl Estate {
    /// FilterLogEvents over the demo: the group's lines in `streams`, from
    /// `since`, oldest first.
    pub fn log_events(
        &self,
        group: &str,
        streams: &Streams,
        since: Option<DateTime<Utc>>,
    ) -> CloudResult<Vec<LogEvent>> {
        let lines = self.log_lines(group).ok_or_else(|| CloudError::NotFound {
            what: format!("log group {group}"),
        })?;
        let mut events: Vec<LogEvent> = lines
            .into_iter()
            // Numbered before filtering: an event keeps its id whatever
            // window asks for it.
            .enumerate()
            .filter(|(_, l)| streams.holds(&l.stream))
            .filter(|(_, l)| since.is_none_or(|s| l.time >= s))
            // A running run's lines are written up to now, not beyond.
            .filter(|(_, l)| l.time <= self.anchor)
            .map(|(n, l)| LogEvent {
                // Like CloudWatch's: unique, and the same at every read.
                id: format!(
                    "{:020}{:016x}{n:06}",
                    l.time.timestamp_millis(),
                    super::rng::fnv1a(&l.stream)
                ),
                time: Some(l.time),
                group: group.to_owned(),
                stream: l.stream,
                message: l.message,
            })
            .collect();
        // Stable: lines written in the same millisecond keep their order.
        events.sort_by_key(|e| e.time);
        Ok(events)
    }

    /// Every line of one group; `None` for a group nothing writes to.
    fn log_lines(&self, group: &str) -> Option<Vec<Line>> {
        match group {
            GLUE_OUTPUT => Some(self.glue_runs().flat_map(output_lines).collect()),
            // Glue creates the error group at the first run that writes
            // to stderr: the demo's failed runs do.
            GLUE_ERROR => Some(self.glue_runs().flat_map(error_lines).collect()),
            TRAINING_JOBS => Some(
                self.training_jobs
                    .iter()
                    .flat_map(|t| epochs(&t.name, t.created, t.ended.or(Some(self.anchor))))
                    .collect(),
            ),
            _ => {
                let name = group.strip_prefix("/aws/sagemaker/Endpoints/")?;
                let e = self.endpoints.iter().find(|e| e.name == name)?;
                Some(endpoint_lines(e, self.anchor))
            }
        }
    }

    fn glue_runs(&self) -> impl Iterator<Item = &JobRun> {
        self.job_runs.values().flatten()
    }
}

/// A time `fraction` of the way through a run.
fn through(run: &JobRun, fraction: f64) -> DateTime<Utc> {
    let start = run.started.unwrap_or_default();
    let secs = run.execution_secs.unwrap_or(60) as f64 * fraction;
    start + Duration::milliseconds((secs * 1000.0) as i64)
}

fn output_lines(run: &JobRun) -> Vec<Line> {
    let mut rng = Rng::for_key(&format!("glue-log:{}", run.id));
    let records = rng.range(40_000, 4_000_000);
    let files = rng.range(3, 240);
    let line = |fraction: f64, message: String| Line {
        time: through(run, fraction),
        stream: run.id.clone(),
        message,
    };
    let mut lines = vec![
        line(
            0.0,
            format!(
                "INFO GlueContext: job {} run {} starting on {} x {}",
                run.job_name,
                run.id,
                run.number_of_workers.unwrap_or(2),
                run.worker_type.as_deref().unwrap_or("G.1X")
            ),
        ),
        line(
            0.05,
            format!(
                "INFO reading s3://hbi-ds-landing/{}/ ({files} files)",
                run.job_name
            ),
        ),
        line(0.4, format!("INFO read {records} records")),
    ];
    match run.state.as_str() {
        "SUCCEEDED" => {
            lines.push(line(
                0.7,
                format!("INFO writing s3://hbi-ds-curated/{}/", run.job_name),
            ));
            lines.push(line(
                1.0,
                format!("INFO wrote {records} records; job complete"),
            ));
        }
        "FAILED" | "ERROR" | "TIMEOUT" => {
            lines.push(line(
                0.9,
                "ERROR job failed: see /aws-glue/jobs/error".to_owned(),
            ));
        }
        _ => lines.push(line(0.5, "INFO transforming".to_owned())),
    }
    lines
}

fn error_lines(run: &JobRun) -> Vec<Line> {
    let Some(error) = &run.error_message else {
        return Vec::new();
    };
    let line = |fraction: f64, message: String| Line {
        time: through(run, fraction),
        stream: run.id.clone(),
        message,
    };
    vec![
        line(0.9, "Traceback (most recent call last):".to_owned()),
        line(
            0.9,
            format!("  File \"/tmp/{}.py\", line 87, in <module>", run.job_name),
        ),
        line(0.9, error.clone()),
    ]
}

fn epochs(name: &str, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Vec<Line> {
    let (Some(from), Some(to)) = (from, to) else {
        return Vec::new();
    };
    let mut rng = Rng::for_key(&format!("training-log:{name}"));
    let stream = format!("{name}/algo-1-{}", from.timestamp());
    let n = 8;
    let step = (to - from) / n;
    let mut auc = rng.float(0.70, 0.80);
    (0..=n)
        .map(|i| {
            auc += (0.95 - auc) * rng.float(0.05, 0.25);
            Line {
                time: from + step * i,
                stream: stream.clone(),
                message: if i == 0 {
                    format!("[{name}] training starting")
                } else {
                    format!(
                        "[{i}]#011train-auc:{auc:.4}#011validation-auc:{:.4}",
                        auc - 0.02
                    )
                },
            }
        })
        .collect()
}

fn endpoint_lines(e: &crate::model::Endpoint, now: DateTime<Utc>) -> Vec<Line> {
    let mut rng = Rng::for_key(&format!("endpoint-log:{}", e.name));
    let mut lines = Vec::new();
    for v in e.variants() {
        let stream = format!(
            "{}/i-0{}",
            v.name,
            Rng::for_key(&format!("{}/{}", e.name, v.name)).lower_alnum(16)
        );
        if e.status == "Creating" {
            // Instances starting: nothing served yet.
            lines.push(Line {
                time: e.created.unwrap_or(now),
                stream: stream.clone(),
                message: "Starting the inference server".to_owned(),
            });
            continue;
        }
        if e.status == "Failed" {
            for (i, message) in [
                "Starting the inference server".to_owned(),
                "ModuleNotFoundError: No module named 'lightgbm'".to_owned(),
                "Worker exited: the model server did not start".to_owned(),
                e.described
                    .known()
                    .and_then(|d| d.failure_reason.clone())
                    .unwrap_or_else(|| "ping health check failed".to_owned()),
            ]
            .into_iter()
            .enumerate()
            {
                // SageMaker keeps trying the health check: the failure is
                // in the last hour, where `l` looks first.
                lines.push(Line {
                    time: now - Duration::minutes(10) + Duration::seconds(i as i64 * 20),
                    stream: stream.clone(),
                    message,
                });
            }
            continue;
        }
        // The last hour, one line every five minutes.
        for i in (0..12).rev() {
            let ms = rng.range(4, 60);
            lines.push(Line {
                time: now - Duration::minutes(i * 5 + 1),
                stream: stream.clone(),
                message: format!("POST /invocations 200 {ms}ms"),
            });
        }
    }
    lines
}
