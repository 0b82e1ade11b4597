//! CloudWatch Logs: a resource's log events (FilterLogEvents), oldest
//! first, every page.

use async_trait::async_trait;
use aws_sdk_cloudwatchlogs::Client;
use chrono::{DateTime, Utc};

use super::{string, AwsContext};
use crate::cloud::{CloudError, CloudResult, Logs, PageSink};
use crate::model::log::{LogEvent, Streams};

/// FilterLogEvents' `limit` maximum.
const PAGE: i32 = 10_000;

/// CloudWatch Logs on one SDK client.
pub struct AwsLogs {
    client: Client,
    ctx: AwsContext,
}

impl AwsLogs {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }
}

fn millis(t: Option<i64>) -> Option<DateTime<Utc>> {
    t.and_then(DateTime::from_timestamp_millis)
}

#[async_trait]
impl Logs for AwsLogs {
    async fn filter_events(
        &self,
        group: &str,
        streams: &Streams,
        since: Option<DateTime<Utc>>,
        sink: &dyn PageSink<LogEvent>,
    ) -> CloudResult<()> {
        let mut request = self.client.filter_log_events().log_group_name(group);
        request = match streams {
            Streams::All => request,
            Streams::Named(name) => request.log_stream_names(name),
            Streams::Prefix(prefix) => request.log_stream_name_prefix(prefix),
        };
        let mut pages = request
            .set_start_time(since.map(|t| t.timestamp_millis()))
            .limit(self.ctx.page(PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page
                .map_err(self.ctx.err("logs:FilterLogEvents"))
                .map_err(|e| match e {
                    CloudError::NotFound { .. } => CloudError::NotFound {
                        what: format!("log group {group}"),
                    },
                    other => other,
                })?;
            sink.page(
                page.events()
                    .iter()
                    .filter(|e| streams.holds(e.log_stream_name().unwrap_or_default()))
                    .map(|e| LogEvent {
                        time: millis(e.timestamp()),
                        group: group.to_owned(),
                        stream: string(e.log_stream_name()),
                        message: string(e.message()),
                        id: string(e.event_id()),
                    })
                    .collect(),
            );
        }
        Ok(())
    }
}
