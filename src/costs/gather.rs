//! Reads what the cost model needs through the `Cloud` traits: every
//! domain's apps and spaces, the user profiles (for team tags), endpoints,
//! training jobs, and each running variant's invocations.
//!
//! A list that fails does not fail the radar: it becomes a gap the report
//! names, so an AccessDenied on training jobs still shows the apps' costs.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::cloud::{Cloud, CloudError};
use crate::collect_all;
use crate::costs::report::{CostInputs, Traffic};

/// Lists everything; `endpoint_days` is the invocation window ending at `now`.
pub async fn gather(cloud: &Cloud, endpoint_days: u32, now: DateTime<Utc>) -> CostInputs {
    let mut inputs = CostInputs {
        region: cloud.context.region.clone(),
        ..CostInputs::default()
    };
    let mut gaps = Vec::new();

    match collect_all!(cloud.sagemaker, list_domains) {
        Ok(domains) => {
            for d in &domains {
                match collect_all!(cloud.sagemaker, list_apps, &d.id, None) {
                    Ok(apps) => inputs.apps.extend(apps),
                    Err(e) => gaps.push(inputs_gap(&format!("apps of {}", d.name), e)),
                }
                match collect_all!(cloud.sagemaker, list_spaces, &d.id) {
                    Ok(spaces) => inputs.spaces.extend(spaces),
                    Err(e) => gaps.push(inputs_gap(&format!("spaces of {}", d.name), e)),
                }
            }
        }
        Err(e) => gaps.push(inputs_gap("domains (and so apps)", e)),
    }
    match collect_all!(cloud.sagemaker, list_user_profiles) {
        // The team of each app's owner is a tag: a profile whose tags are
        // unknown counts under "no team".
        Ok(users) => {
            inputs.users = crate::inventory::fill_all(cloud, users, &Default::default()).await;
        }
        Err(e) => gaps.push(inputs_gap("user profiles (teams of apps)", e)),
    }
    match collect_all!(cloud.sagemaker, list_endpoints) {
        // The variants (instances, instance types) are follow-ups: an
        // endpoint whose description failed has no cost lines, and says so.
        Ok(endpoints) => {
            let unfilled = crate::inventory::Gaps::default();
            inputs.endpoints = crate::inventory::fill_all(cloud, endpoints, &unfilled).await;
            for gap in unfilled.list().iter().filter(|g| !g.fell_back) {
                gaps.push(format!("endpoints: {}", gap.text()));
            }
        }
        Err(e) => gaps.push(inputs_gap("endpoints", e)),
    }
    match collect_all!(cloud.sagemaker, list_training_jobs) {
        // Instance types and billed time are DescribeTrainingJob's: a job
        // it could not describe has no cost line, and says so.
        Ok(jobs) => {
            let unfilled = crate::inventory::Gaps::default();
            inputs.training_jobs = crate::inventory::fill_all(cloud, jobs, &unfilled).await;
            for gap in unfilled.list() {
                gaps.push(format!("training jobs: {}", gap.text()));
            }
        }
        Err(e) => gaps.push(inputs_gap("training jobs", e)),
    }
    inputs.traffic = traffic(cloud, &inputs, endpoint_days, now).await;
    inputs.gaps = gaps;
    inputs
}

fn inputs_gap(what: &str, e: CloudError) -> String {
    format!("{what}: {e}")
}

/// Invocations of every running variant of every InService endpoint.
async fn traffic(
    cloud: &Cloud,
    inputs: &CostInputs,
    days: u32,
    now: DateTime<Utc>,
) -> HashMap<(String, String), Traffic> {
    let mut out = HashMap::new();
    // Collected first: an iterator of closures held across the awaits
    // below would make the future not Send-able to a tokio task.
    let mut running = Vec::new();
    for e in inputs.endpoints.iter().filter(|e| e.status == "InService") {
        for v in e.variants().iter().filter(|v| v.current_instance_count > 0) {
            running.push((e.name.clone(), v.name.clone()));
        }
    }
    let from = now - Duration::days(i64::from(days));
    for key in running {
        let traffic = match &cloud.metrics {
            None => Traffic::Unknown {
                reason: "CloudWatch metrics are not read for this backend".to_owned(),
            },
            Some(metrics) => match metrics
                .endpoint_invocations(&key.0, &key.1, from, now)
                .await
            {
                Ok(count) => Traffic::Invocations { count },
                Err(e) => Traffic::Unknown {
                    reason: format!("cloudwatch:GetMetricStatistics failed: {e}"),
                },
            },
        };
        out.insert(key, traffic);
    }
    out
}
