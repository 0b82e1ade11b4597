//! A resource's logs: its log groups read one after the other, the lines
//! merged oldest first. A group that does not exist (the run wrote nothing
//! to stderr, the endpoint never started) is said, not an error, unless no
//! group of the source exists.

use chrono::{DateTime, Utc};

use crate::cloud::{Cloud, CloudError, CloudResult, Collector};
use crate::model::log::{LogEvent, LogSource};

/// What a read found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogRead {
    /// Oldest first.
    pub events: Vec<LogEvent>,
    /// The Glue run read, when the source named the job only (its latest).
    pub run: Option<String>,
    /// Groups that do not exist (yet).
    pub missing: Vec<String>,
}

/// Reads `source`'s lines from `since`.
pub async fn read(
    cloud: &Cloud,
    source: &LogSource,
    since: Option<DateTime<Utc>>,
) -> CloudResult<LogRead> {
    let Some(logs) = &cloud.logs else {
        return Err(CloudError::Other {
            code: "NoCloudWatchLogs".to_owned(),
            message: "CloudWatch Logs is not available here".to_owned(),
        });
    };
    let run = match source {
        LogSource::GlueRun { job, run: None } => match cloud.glue.last_job_run(job).await? {
            Some(run) => Some(run.id),
            None => {
                return Err(CloudError::NotFound {
                    what: format!("a run of Glue job {job}: it has never run"),
                })
            }
        },
        _ => None,
    };
    let mut read = LogRead {
        run: run.clone(),
        ..LogRead::default()
    };
    let places = source.places(run.as_deref());
    for place in &places {
        let sink = Collector::default();
        match logs
            .filter_events(&place.group, &place.streams, since, &sink)
            .await
        {
            Ok(()) => read.events.extend(sink.into_vec()),
            Err(CloudError::NotFound { .. }) => read.missing.push(place.group.clone()),
            Err(e) => return Err(e),
        }
    }
    if read.missing.len() == places.len() {
        return Err(CloudError::NotFound {
            what: format!(
                "logs of {}: log group {} does not exist (nothing was written there yet)",
                source.label(),
                read.missing.join(", ")
            ),
        });
    }
    // Stable: lines of one stream written in the same millisecond keep
    // their order.
    read.events.sort_by_key(|e| e.time);
    Ok(read)
}
