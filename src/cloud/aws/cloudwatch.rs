//! CloudWatch: the `Invocations` metric of SageMaker endpoint variants, for
//! the cost radar's idle endpoints.

use async_trait::async_trait;
use aws_sdk_cloudwatch::types::{Dimension, Statistic};
use aws_sdk_cloudwatch::Client;
use chrono::{DateTime, Utc};

use super::AwsContext;
use crate::cloud::{CloudResult, Metrics};

/// One datapoint per day: a window of up to 455 days stays under
/// GetMetricStatistics' 1,440 datapoints per call.
const PERIOD_SECS: i32 = 86_400;

/// CloudWatch on one SDK client.
pub struct AwsCloudWatch {
    client: Client,
    ctx: AwsContext,
}

impl AwsCloudWatch {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }
}

fn smithy_time(t: DateTime<Utc>) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.timestamp())
}

#[async_trait]
impl Metrics for AwsCloudWatch {
    async fn endpoint_invocations(
        &self,
        endpoint: &str,
        variant: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> CloudResult<f64> {
        let dimension =
            |name: &str, value: &str| Dimension::builder().name(name).value(value).build();
        let out = self
            .client
            .get_metric_statistics()
            .namespace("AWS/SageMaker")
            .metric_name("Invocations")
            .dimensions(dimension("EndpointName", endpoint))
            .dimensions(dimension("VariantName", variant))
            .start_time(smithy_time(from))
            .end_time(smithy_time(to))
            .period(PERIOD_SECS)
            .statistics(Statistic::Sum)
            .send()
            .await
            .map_err(self.ctx.err("cloudwatch:GetMetricStatistics"))?;
        // No datapoints at all is no traffic: SageMaker publishes nothing
        // for a variant nobody calls.
        Ok(out.datapoints().iter().filter_map(|d| d.sum()).sum())
    }
}
