//! Cost Explorer: month-to-date spend of SageMaker and Glue by tag
//! (GetCostAndUsage). Cost Explorer has one endpoint per partition, in
//! us-east-1 (cn-northwest-1 in China), whatever the estate's region; each
//! request costs USD 0.01, so it is asked when the cost radar is loaded,
//! never by a live refresh.

use async_trait::async_trait;
use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, DimensionValues, Expression, Granularity, GroupDefinition,
    GroupDefinitionType,
};
use aws_sdk_costexplorer::Client;
use chrono::NaiveDate;

use super::AwsContext;
use crate::cloud::{Billing, CloudError, CloudResult};
use crate::model::spend::{SpendGroup, GLUE_SERVICE, SAGEMAKER_SERVICE};

const METRIC: &str = "UnblendedCost";

pub struct AwsBilling {
    client: Client,
    ctx: AwsContext,
}

impl AwsBilling {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }
}

/// The region Cost Explorer answers in for an estate in `region`.
pub fn billing_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "cn-northwest-1"
    } else if region.starts_with("us-gov-") {
        "us-gov-west-1"
    } else {
        "us-east-1"
    }
}

/// `TeamName$fraud` → `fraud`; `TeamName$` (untagged) → empty.
fn tag_value(key: &str) -> String {
    key.split_once('$')
        .map_or_else(|| key.to_owned(), |(_, v)| v.to_owned())
}

#[async_trait]
impl Billing for AwsBilling {
    async fn cost_by_tag(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        tag_key: &str,
        account: Option<&str>,
    ) -> CloudResult<Vec<SpendGroup>> {
        let period = DateInterval::builder()
            .start(from.format("%Y-%m-%d").to_string())
            .end(to.format("%Y-%m-%d").to_string())
            .build()
            .map_err(|e| CloudError::Validation {
                message: e.to_string(),
            })?;
        let dimension = |key: Dimension, values: &[&str]| {
            Expression::builder()
                .dimensions(
                    DimensionValues::builder()
                        .key(key)
                        .set_values(Some(values.iter().map(|v| (*v).to_owned()).collect()))
                        .build(),
                )
                .build()
        };
        // The estimate is one account's one region: so is what it is set
        // beside.
        let mut only = vec![
            dimension(Dimension::Service, &[SAGEMAKER_SERVICE, GLUE_SERVICE]),
            dimension(Dimension::Region, &[self.ctx.region.as_str()]),
        ];
        if let Some(account) = account {
            only.push(dimension(Dimension::LinkedAccount, &[account]));
        }
        let services = Expression::builder().set_and(Some(only)).build();
        let mut groups: Vec<SpendGroup> = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .get_cost_and_usage()
                .time_period(period.clone())
                .granularity(Granularity::Monthly)
                .metrics(METRIC)
                .filter(services.clone())
                .group_by(
                    GroupDefinition::builder()
                        .r#type(GroupDefinitionType::Dimension)
                        .key("SERVICE")
                        .build(),
                )
                .group_by(
                    GroupDefinition::builder()
                        .r#type(GroupDefinitionType::Tag)
                        .key(tag_key)
                        .build(),
                )
                .set_next_page_token(token.take())
                .send()
                .await
                .map_err(self.ctx.err("ce:GetCostAndUsage"))?;
            for period in out.results_by_time() {
                for g in period.groups() {
                    let (service, tag) = match g.keys() {
                        [service, tag, ..] => (service.clone(), tag_value(tag)),
                        _ => continue,
                    };
                    let Some(metric) = g.metrics().and_then(|m| m.get(METRIC)) else {
                        continue;
                    };
                    let amount = metric
                        .amount()
                        .and_then(|a| a.parse::<f64>().ok())
                        .unwrap_or(0.0);
                    let unit = metric.unit().unwrap_or("USD").to_owned();
                    // Months add up: a window over a month's end comes in
                    // two periods.
                    match groups
                        .iter_mut()
                        .find(|x| x.service == service && x.tag_value == tag)
                    {
                        Some(x) => x.amount += amount,
                        None => groups.push(SpendGroup {
                            service,
                            tag_value: tag,
                            amount,
                            unit,
                        }),
                    }
                }
            }
            token = out.next_page_token().map(str::to_owned);
            if token.is_none() {
                return Ok(groups);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_group_keys_carry_the_value_after_the_dollar() {
        assert_eq!(tag_value("TeamName$fraud-analytics"), "fraud-analytics");
        assert_eq!(tag_value("TeamName$"), "");
        assert_eq!(billing_region("eu-west-2"), "us-east-1");
        assert_eq!(billing_region("cn-north-1"), "cn-northwest-1");
    }
}
