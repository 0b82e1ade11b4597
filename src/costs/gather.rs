//! Reads what the cost model needs through the `Cloud` traits: every
//! domain's apps and spaces, the user profiles (for team tags), endpoints,
//! training jobs, and each running variant's invocations.
//!
//! A list that fails does not fail the radar: it becomes a gap the report
//! names, so an AccessDenied on training jobs still shows the apps' costs.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use futures::stream::{self, StreamExt};

use crate::cloud::{Cloud, CloudError};
use crate::collect_all;
use crate::costs::report::{CostInputs, Traffic};
use crate::costs::seen::SeenApps;
use crate::model::requests::AppRef;
use crate::model::App;

/// The service name DescribeApp's calls share a limit under.
const SAGEMAKER: &str = "sagemaker";

/// Lists everything; `endpoint_days` is the invocation window ending at
/// `now`. `seen` records the running apps and says which stopped since.
pub async fn gather(
    cloud: &Cloud,
    endpoint_days: u32,
    now: DateTime<Utc>,
    seen: &SeenApps,
) -> CostInputs {
    // Cost Explorer beside the lists: one request each way, asked once.
    let (mut inputs, billed) = futures::join!(
        gather_studio(cloud, now, seen),
        crate::costs::billed::billed(cloud, now)
    );
    inputs.billed = billed;
    let mut gaps = std::mem::take(&mut inputs.gaps);
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

/// The Studio part alone (`:team`): domains, their apps and spaces, the
/// user profiles with their teams, and each running app's last activity.
pub async fn gather_studio(cloud: &Cloud, now: DateTime<Utc>, seen: &SeenApps) -> CostInputs {
    let mut inputs = CostInputs {
        region: cloud.context.region.clone(),
        ..CostInputs::default()
    };
    let mut gaps = Vec::new();
    match collect_all!(cloud.sagemaker, list_domains) {
        Ok(domains) => {
            let mut listed = HashSet::new();
            let known: HashSet<&str> = domains.iter().map(|d| d.id.as_str()).collect();
            for d in &domains {
                inputs.domain_names.insert(d.id.clone(), d.name.clone());
                match collect_all!(cloud.sagemaker, list_apps, &d.id, None) {
                    Ok(apps) => {
                        inputs.apps.extend(apps);
                        listed.insert(d.id.as_str());
                    }
                    Err(e) => gaps.push(inputs_gap(&format!("apps of {}", d.name), e)),
                }
                match collect_all!(cloud.sagemaker, list_spaces, &d.id) {
                    Ok(spaces) => inputs.spaces.extend(spaces),
                    Err(e) => gaps.push(inputs_gap(&format!("spaces of {}", d.name), e)),
                }
            }
            // Only the domains whose apps were all listed can say an app
            // stopped: a refused ListApps stops nothing. The record and the
            // journal are files: read off the async workers.
            let owned = |set: &HashSet<&str>| -> Vec<String> {
                set.iter().map(|d| (*d).to_owned()).collect()
            };
            let (known, listed, apps, seen) = (
                owned(&known),
                owned(&listed),
                inputs.apps.clone(),
                seen.clone(),
            );
            let observed = tokio::task::spawn_blocking(move || {
                let known: HashSet<&str> = known.iter().map(String::as_str).collect();
                let listed: HashSet<&str> = listed.iter().map(String::as_str).collect();
                seen.observe(&known, &listed, &apps, now)
            })
            .await
            .unwrap_or_default();
            inputs.stopped_apps = observed.stopped;
            inputs.spend = observed.basis;
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
    inputs.activity_unknown = last_activity(cloud, &mut inputs.apps).await;
    inputs.gaps = gaps;
    inputs
}

fn inputs_gap(what: &str, e: CloudError) -> String {
    format!("{what}: {e}")
}

/// Fills each running app's last user activity, which ListApps does not
/// carry, with one DescribeApp each (as many at once as SageMaker's
/// adaptive limit allows). Returns why it is unknown, by app ARN, where
/// DescribeApp failed: those apps are judged by running time, and say so.
async fn last_activity(cloud: &Cloud, apps: &mut [App]) -> HashMap<String, String> {
    let limit = cloud.limits.service(SAGEMAKER);
    let asked: Vec<(usize, AppRef)> = apps
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == "InService" && a.last_user_activity.is_none())
        .filter_map(|(i, a)| Some((i, AppRef::of(a)?)))
        .collect();
    let answers: Vec<(usize, Result<App, CloudError>)> = stream::iter(asked)
        .map(|(i, app)| {
            let limit = &limit;
            async move {
                let slot = limit.acquire().await;
                let answer = cloud.sagemaker.describe_app(&app).await;
                slot.done(matches!(&answer, Err(CloudError::Throttled { .. })));
                (i, answer)
            }
        })
        .buffer_unordered(crate::cloud::limit::CAP)
        .collect()
        .await;
    let mut unknown = HashMap::new();
    for (i, answer) in answers {
        match answer {
            Ok(described) => apps[i].last_user_activity = described.last_user_activity,
            Err(e) => {
                let why = e.why("sagemaker:DescribeApp");
                unknown.insert(apps[i].arn.clone(), format!("{} {}", why.action, why.code));
            }
        }
    }
    unknown
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
