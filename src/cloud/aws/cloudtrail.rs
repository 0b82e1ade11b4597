//! CloudTrail's event history: LookupEvents by resource name or user name,
//! newest first, paced to the API's 2 requests per second per account and
//! region, a throttled page waited for and asked again.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use aws_sdk_cloudtrail::Client;
use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::{owned, string, time, AwsContext};
use crate::cloud::{CloudError, CloudResult, PageSink, Trail};
use crate::model::trail::{Listed, TrailEvent, TrailKey};

/// LookupEvents' MaxResults maximum.
const PAGE: i32 = 50;
/// 2 requests per second per account and region (the API's own limit).
const INTERVAL: Duration = Duration::from_millis(500);
/// A page still throttled after the SDK's own retries is asked again this
/// many times, waiting longer each time (1 s, then 2 s).
const THROTTLE_RETRIES: u32 = 2;

pub struct AwsCloudTrail {
    client: Client,
    ctx: AwsContext,
    /// When the next request may go: shared by every look-up of this
    /// account and region, so two views never add up past the limit.
    next_send: Mutex<Instant>,
    interval: Duration,
}

impl AwsCloudTrail {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self {
            client,
            ctx,
            next_send: Mutex::new(Instant::now()),
            interval: INTERVAL,
        }
    }

    /// Waits for this request's turn under the pace.
    async fn turn(&self) {
        let mut next = self.next_send.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + self.interval;
    }
}

fn smithy_time(t: DateTime<Utc>) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.timestamp())
}

fn event(e: &aws_sdk_cloudtrail::types::Event) -> TrailEvent {
    let listed = Listed {
        id: string(e.event_id()),
        name: string(e.event_name()),
        source: string(e.event_source()),
        time: time(e.event_time()),
        username: owned(e.username()),
        read_only: e.read_only().map(|r| r.eq_ignore_ascii_case("true")),
        resources: e
            .resources()
            .iter()
            .filter_map(|r| r.resource_name().map(str::to_owned))
            .collect(),
    };
    TrailEvent::parse(listed, e.cloud_trail_event().unwrap_or("{}"))
}

#[async_trait]
impl Trail for AwsCloudTrail {
    async fn lookup_events(
        &self,
        key: &TrailKey,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        max: usize,
        sink: &dyn PageSink<TrailEvent>,
    ) -> CloudResult<()> {
        let (attribute, value) = match key {
            TrailKey::Resource(v) => (LookupAttributeKey::ResourceName, v),
            TrailKey::User(v) => (LookupAttributeKey::Username, v),
        };
        let lookup = LookupAttribute::builder()
            .attribute_key(attribute)
            .attribute_value(value)
            .build()
            .map_err(|e| CloudError::Validation {
                message: format!("cloudtrail:LookupEvents: {e}"),
            })?;
        let mut token: Option<String> = None;
        let mut delivered = 0usize;
        loop {
            let mut throttled = 0;
            let page = loop {
                self.turn().await;
                let sent = self
                    .client
                    .lookup_events()
                    .lookup_attributes(lookup.clone())
                    .start_time(smithy_time(since))
                    .end_time(smithy_time(until))
                    .max_results(self.ctx.page(PAGE))
                    .set_next_token(token.clone())
                    .send()
                    .await
                    .map_err(self.ctx.err("cloudtrail:LookupEvents"));
                match sent {
                    Err(CloudError::Throttled { .. }) if throttled < THROTTLE_RETRIES => {
                        throttled += 1;
                        tokio::time::sleep(self.interval * 2u32.pow(throttled)).await;
                    }
                    other => break other?,
                }
            };
            let events: Vec<TrailEvent> = page
                .events()
                .iter()
                .take(max.saturating_sub(delivered))
                .map(event)
                .collect();
            delivered += events.len();
            sink.page(events);
            token = page.next_token().map(str::to_owned);
            if token.is_none() || delivered >= max {
                return Ok(());
            }
        }
    }
}
