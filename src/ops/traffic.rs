//! Endpoint traffic shift: new variant weights, the traffic percentages they
//! give, UpdateEndpointWeightsAndCapacities through the gate and the
//! journal, then watching DescribeEndpoint until the endpoint is InService.
//!
//! The flow the CLI and the TUI share:
//! [`describe`] → [`plan_shift`] (pure: validation and percentages, shown
//! for confirmation) → [`apply_shift`] (gate, journal, call) →
//! [`watch_until_in_service`] (progress callback, injectable poll interval).

use std::time::Duration;

use serde::Serialize;

use crate::audit::{Completed, Failure, OpError};
use crate::cloud::CloudResult;
use crate::model::{Detail, Endpoint, VariantWeight};
use crate::policy::Effect;

use super::context::OpsContext;
use super::day2::{invalid, run};

/// One variant's weight and the share of traffic it gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub variant: String,
    pub weight: f64,
    /// 0–100; the shares of an endpoint sum to 100 when any weight is > 0.
    pub percent: f64,
}

/// A validated traffic shift: what the endpoint has now, what it will have,
/// and the exact weights the request sends (every variant, the ones not
/// asked for at their current weight).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftPlan {
    pub endpoint: String,
    pub before: Vec<Share>,
    pub after: Vec<Share>,
    pub weights: Vec<VariantWeight>,
}

/// How to watch an update: tests poll with a zero interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchOptions {
    pub interval: Duration,
    /// Give up (with an error naming the status) after this many reads.
    pub max_polls: u32,
}

impl Default for WatchOptions {
    /// SageMaker takes seconds to minutes to apply weights; 10 s between
    /// reads for up to an hour is what the console does, roughly.
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(10),
            max_polls: 360,
        }
    }
}

/// Traffic percentages of `weights` (weight ÷ sum × 100); all zeros when
/// no weight is > 0, since then no variant gets traffic.
pub fn percentages(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .map(|w| crate::model::traffic_share(*w, weights))
        .collect()
}

fn shares(names_weights: Vec<(String, f64)>) -> Vec<Share> {
    let weights: Vec<f64> = names_weights.iter().map(|(_, w)| *w).collect();
    names_weights
        .into_iter()
        .zip(percentages(&weights))
        .map(|((variant, weight), percent)| Share {
            variant,
            weight,
            percent,
        })
        .collect()
}

/// `VARIANT=WEIGHT` as typed on the command line, e.g. `blue=0.9`.
pub fn parse_weight(arg: &str) -> Result<VariantWeight, String> {
    let (name, weight) = arg
        .rsplit_once('=')
        .ok_or_else(|| format!("{arg:?} must be VARIANT=WEIGHT, e.g. blue=0.9"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{arg:?} has no variant name before ="));
    }
    let weight: f32 = weight.trim().parse().map_err(|_| {
        format!(
            "weight {:?} of variant {name} is not a number",
            weight.trim()
        )
    })?;
    Ok(VariantWeight::new(name, weight))
}

/// Whether `endpoint`'s variants are there to shift: a row whose
/// DescribeEndpoint failed or is still in flight says so, rather than "no
/// variant blue".
pub fn variants_known(endpoint: &Endpoint) -> CloudResult<()> {
    let name = &endpoint.name;
    match &endpoint.described {
        Detail::Known(_) => Ok(()),
        Detail::Pending => Err(invalid(format!(
            "the variants of endpoint {name} are still loading; try again in a moment"
        ))),
        Detail::Unknown(why) => Err(invalid(format!(
            "the variants of endpoint {name} are unknown: {}",
            why.text()
        ))),
    }
}

/// Checks `requested` against `endpoint` and works out the result. Rules:
/// the endpoint is InService (SageMaker refuses to update one that is not);
/// each variant named once and present on the endpoint; weights finite and
/// ≥ 0; at least one resulting weight > 0. Variants not named keep their
/// current weight.
pub fn plan_shift(endpoint: &Endpoint, requested: &[VariantWeight]) -> CloudResult<ShiftPlan> {
    let name = &endpoint.name;
    if requested.is_empty() {
        return Err(invalid(format!(
            "give at least one VARIANT=WEIGHT for endpoint {name}"
        )));
    }
    variants_known(endpoint)?;
    let known: Vec<&str> = endpoint
        .variants()
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    for (i, w) in requested.iter().enumerate() {
        if !known.contains(&w.variant.as_str()) {
            return Err(invalid(format!(
                "endpoint {name} has no variant {:?} (its variants: {})",
                w.variant,
                known.join(", ")
            )));
        }
        if requested[..i].iter().any(|o| o.variant == w.variant) {
            return Err(invalid(format!(
                "variant {} is given more than once",
                w.variant
            )));
        }
        if !w.weight.is_finite() || w.weight < 0.0 {
            return Err(invalid(format!(
                "weight {} of variant {} must be a finite number ≥ 0",
                w.weight, w.variant
            )));
        }
    }
    if endpoint.status != "InService" {
        return Err(invalid(format!(
            "endpoint {name} is {}; SageMaker only changes weights of an InService endpoint",
            endpoint.status
        )));
    }
    let weights: Vec<VariantWeight> = endpoint
        .variants()
        .iter()
        .map(|v| match requested.iter().find(|w| w.variant == v.name) {
            Some(w) => w.clone(),
            // Sent explicitly, so the journal shows the whole resulting split.
            None => VariantWeight::new(v.name.clone(), v.current_weight as f32),
        })
        .collect();
    if !weights.iter().any(|w| w.weight > 0.0) {
        return Err(invalid(format!(
            "at least one variant of endpoint {name} needs a weight > 0, or it gets no traffic"
        )));
    }
    Ok(ShiftPlan {
        endpoint: name.clone(),
        before: shares(
            endpoint
                .variants()
                .iter()
                .map(|v| (v.name.clone(), v.current_weight))
                .collect(),
        ),
        after: shares(
            weights
                .iter()
                .map(|w| (w.variant.clone(), f64::from(w.weight)))
                .collect(),
        ),
        weights,
    })
}

/// DescribeEndpoint as the operation's read (allowed in read-only mode).
pub async fn describe(ops: &OpsContext, endpoint: &str) -> Result<Endpoint, OpError> {
    let effect = Effect::DescribeEndpoint {
        endpoint: endpoint.to_owned(),
    };
    crate::audit::journaled(&ops.journal, &ops.audit, &ops.policy, &effect, || async {
        ops.cloud
            .sagemaker
            .describe_endpoint(endpoint)
            .await
            .map(Completed::new)
    })
    .await
}

/// Sends the plan's weights (gate → journal → call). Before the call it
/// reads the endpoint again and refuses if its weights or variants changed
/// since the plan was shown (no lost update) or it is no longer InService.
pub async fn apply_shift(ops: &OpsContext, plan: &ShiftPlan) -> Result<Completed<()>, OpError> {
    let effect = Effect::UpdateEndpointWeights {
        endpoint: plan.endpoint.clone(),
        weights: plan.weights.clone(),
    };
    run(ops, &effect, || async move {
        let now = ops
            .cloud
            .sagemaker
            .describe_endpoint(&plan.endpoint)
            .await?;
        let fresh = plan_shift(&now, &plan.weights)?;
        if fresh.before != plan.before {
            return Err(invalid(format!(
                "the weights of endpoint {} changed since they were shown; look again and retry",
                plan.endpoint
            )));
        }
        ops.cloud
            .sagemaker
            .update_endpoint_weights(&plan.endpoint, &plan.weights)
            .await
    })
    .await
}

/// Reads the endpoint every `opts.interval` until it is InService, calling
/// `progress` with each answer. Failed, UpdateRollbackFailed or
/// OutOfService end the watch with an error naming the failure reason;
/// RollingBack is reported and watched (it ends in InService with the old
/// weights, which the caller sees in the returned endpoint).
pub async fn watch_until_in_service(
    ops: &OpsContext,
    endpoint: &str,
    opts: WatchOptions,
    progress: &mut (dyn FnMut(&Endpoint) + Send),
) -> Result<Endpoint, OpError> {
    let mut last = String::new();
    for poll in 0..opts.max_polls.max(1) {
        if poll > 0 {
            tokio::time::sleep(opts.interval).await;
        }
        let e = describe(ops, endpoint).await?;
        progress(&e);
        match e.status.as_str() {
            "InService" => return Ok(e),
            "Failed" | "UpdateRollbackFailed" | "OutOfService" | "Deleting" => {
                let reason = e.failure_reason().unwrap_or("no reason given");
                return Err(OpError::Failed(Failure::EndedFailed {
                    what: format!("endpoint {endpoint}"),
                    status: e.status.clone(),
                    reason: Some(reason.to_owned()),
                }));
            }
            other => last = other.to_owned(),
        }
    }
    Err(OpError::Failed(Failure::StillPending {
        what: format!("endpoint {endpoint}"),
        status: last,
        checks: opts.max_polls,
        hint: Some("the update may yet finish (dsadmin get endpoints)".to_owned()),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Variant;
    use proptest::prelude::*;

    fn endpoint(status: &str, weights: &[(&str, f64)]) -> Endpoint {
        Endpoint::whole(
            "churn",
            "arn:aws:sagemaker:eu-west-2:111122223333:endpoint/churn",
            status,
            weights
                .iter()
                .map(|(n, w)| Variant::serving("churn", n, *w, 1, None))
                .collect(),
        )
    }

    fn message(r: CloudResult<ShiftPlan>) -> String {
        match r {
            Err(crate::cloud::CloudError::Validation { message }) => message,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn parses_variant_equals_weight() {
        assert_eq!(
            parse_weight("blue=0.9"),
            Ok(VariantWeight::new("blue", 0.9))
        );
        assert_eq!(
            parse_weight(" a=b = 1 "),
            Ok(VariantWeight::new("a=b", 1.0))
        );
        assert!(parse_weight("blue").unwrap_err().contains("VARIANT=WEIGHT"));
        assert!(parse_weight("=1").unwrap_err().contains("no variant name"));
        assert!(parse_weight("blue=lots")
            .unwrap_err()
            .contains("not a number"));
    }

    #[test]
    fn plan_keeps_unnamed_variants_and_computes_shares() {
        let e = endpoint(
            "InService",
            &[("blue", 0.7), ("green", 0.3), ("canary", 0.0)],
        );
        let plan = plan_shift(&e, &[VariantWeight::new("green", 0.7)]).unwrap();
        let sent: Vec<(&str, f32)> = plan
            .weights
            .iter()
            .map(|w| (w.variant.as_str(), w.weight))
            .collect();
        assert_eq!(sent, [("blue", 0.7), ("green", 0.7), ("canary", 0.0)]);
        let before: Vec<f64> = plan.before.iter().map(|s| s.percent.round()).collect();
        assert_eq!(before, [70.0, 30.0, 0.0]);
        let after: Vec<f64> = plan.after.iter().map(|s| s.percent.round()).collect();
        assert_eq!(after, [50.0, 50.0, 0.0]);
    }

    #[test]
    fn plan_rejects_bad_input_with_clear_messages() {
        let e = endpoint("InService", &[("blue", 1.0), ("green", 0.0)]);
        let m = message(plan_shift(&e, &[VariantWeight::new("red", 1.0)]));
        assert!(
            m.contains("no variant \"red\"") && m.contains("blue, green"),
            "{m}"
        );
        let m = message(plan_shift(&e, &[]));
        assert!(m.contains("at least one VARIANT=WEIGHT"), "{m}");
        let m = message(plan_shift(
            &e,
            &[
                VariantWeight::new("blue", 1.0),
                VariantWeight::new("blue", 2.0),
            ],
        ));
        assert!(m.contains("more than once"), "{m}");
        for bad in [-0.1, f32::NAN, f32::INFINITY] {
            let m = message(plan_shift(&e, &[VariantWeight::new("green", bad)]));
            assert!(m.contains("finite number ≥ 0"), "{m}");
        }
        let m = message(plan_shift(&e, &[VariantWeight::new("blue", 0.0)]));
        assert!(m.contains("weight > 0"), "{m}");
        let updating = endpoint("Updating", &[("blue", 1.0)]);
        let m = message(plan_shift(&updating, &[VariantWeight::new("blue", 2.0)]));
        assert!(m.contains("is Updating"), "{m}");
    }

    #[test]
    fn percentages_of_nothing_are_zero() {
        assert_eq!(percentages(&[]), Vec::<f64>::new());
        assert_eq!(percentages(&[0.0, 0.0]), [0.0, 0.0]);
        assert_eq!(percentages(&[3.0, 1.0]), [75.0, 25.0]);
    }

    proptest! {
        #[test]
        fn percentages_sum_to_100_when_any_weight_is_positive(
            weights in proptest::collection::vec(0.0f64..1e6, 1..12),
        ) {
            let p = percentages(&weights);
            prop_assert_eq!(p.len(), weights.len());
            prop_assert!(p.iter().all(|x| (0.0..=100.0 + 1e-9).contains(x)));
            if weights.iter().any(|w| *w > 0.0) {
                let sum: f64 = p.iter().sum();
                prop_assert!((sum - 100.0).abs() < 1e-6, "sum {}", sum);
            } else {
                prop_assert!(p.iter().all(|x| *x == 0.0));
            }
        }

        #[test]
        fn plans_never_panic_and_valid_ones_sum_to_100(
            current in proptest::collection::vec(0.0f64..10.0, 1..5),
            asked in proptest::collection::vec((0usize..6, -1.0f32..10.0), 0..6),
        ) {
            let names = ["a", "b", "c", "d", "e", "f"];
            let pairs: Vec<(&str, f64)> = names.iter().copied().zip(current.iter().copied()).collect();
            let e = endpoint("InService", &pairs);
            let req: Vec<VariantWeight> = asked
                .iter()
                .map(|(i, w)| VariantWeight::new(names[*i], *w))
                .collect();
            if let Ok(plan) = plan_shift(&e, &req) {
                prop_assert_eq!(plan.weights.len(), current.len());
                let sum: f64 = plan.after.iter().map(|s| s.percent).sum();
                prop_assert!((sum - 100.0).abs() < 1e-6);
            }
        }
    }
}
