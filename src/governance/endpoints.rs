//! Real-time endpoints: KMS key, data capture, more than one instance.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{Detail, Endpoint};

/// Every endpoint rule reads DescribeEndpoint: without it each is "not
/// checked" for this endpoint, with why.
const DESCRIBED_RULES: [RuleId; 3] = [
    RuleId::EndpointNoKmsKey,
    RuleId::EndpointNoDataCapture,
    RuleId::EndpointSingleInstance,
];

pub(crate) fn check(e: &Endpoint, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::Endpoint, &e.name, Some(&e.arn));
    let described = match &e.described {
        Detail::Known(d) => d,
        Detail::Unknown(why) => {
            for rule in DESCRIBED_RULES {
                out.not_checked(rule, &resource(), why);
            }
            return;
        }
        Detail::Pending => return,
    };
    let config_name = &described.config_name;
    // The KMS key and the variants' instance types are the config's: the
    // rules that need them wait for DescribeEndpointConfig.
    let config = match &described.config {
        Detail::Known(c) => Some(c),
        Detail::Unknown(why) => {
            out.not_checked(RuleId::EndpointNoKmsKey, &resource(), why);
            out.not_checked(RuleId::EndpointSingleInstance, &resource(), why);
            None
        }
        Detail::Pending => None,
    };
    if config.is_some_and(|c| c.kms_key_id.is_none()) {
        out.emit(
            RuleId::EndpointNoKmsKey,
            resource(),
            format!("endpoint config {config_name} has no KmsKeyId"),
            "Create a new endpoint config with KmsKeyId and switch the endpoint to it (update-endpoint)",
        );
    }
    if !described.data_capture {
        out.emit(
            RuleId::EndpointNoDataCapture,
            resource(),
            format!("endpoint config {config_name} has no DataCaptureConfig"),
            "Create a new endpoint config with DataCaptureConfig (EnableCapture=true, an S3 destination with a KMS key) and update the endpoint",
        );
    }
    if config.is_none() {
        return;
    }
    // Serverless variants have no instance type and no instance count:
    // AZ placement is SageMaker's business there.
    let provisioned = e.variants().iter().any(|v| v.instance_type().is_some());
    // What the endpoint is configured for: a failed or updating endpoint
    // may have fewer instances running than it asks for (the Endpoints tab
    // shows both the same way: "×0 of 1").
    let instances = e.configured_instance_count();
    let running = e.instance_count();
    if provisioned && instances <= 1 {
        let count = if running == instances {
            format!("{instances} instance(s)")
        } else {
            format!("{instances} instance(s) configured, {running} running,")
        };
        out.emit(
            RuleId::EndpointSingleInstance,
            resource(),
            format!("{count} across {} variant(s)", e.variants().len()),
            format!(
                "Run at least 2 instances: aws sagemaker update-endpoint-weights-and-capacities --endpoint-name {} --desired-weights-and-capacities VariantName=…,DesiredInstanceCount=2",
                e.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::{Finding, GovernanceConfig, NotChecked};
    use crate::model::{EndpointConfig, Variant, Why};

    fn variant(instance_type: Option<&str>, current: u32, desired: u32) -> Variant {
        let mut v = Variant::serving("ep", "AllTraffic", 1.0, current, instance_type);
        v.desired_instance_count = desired;
        v
    }

    fn endpoint(kms: bool, capture: bool, variants: Vec<Variant>) -> Endpoint {
        let mut e = Endpoint::whole(
            "ep",
            "arn:aws:sagemaker:eu-west-2:1:endpoint/ep",
            "InService",
            variants,
        );
        let s = e.settings_mut().unwrap();
        s.data_capture = capture;
        s.config = Detail::Known(EndpointConfig {
            kms_key_id: kms.then(|| "arn:aws:kms:eu-west-2:1:key/k".to_owned()),
        });
        e
    }

    /// The findings and the "not checked" entries of one endpoint.
    fn check_unchecked(e: &Endpoint) -> (Vec<Finding>, Vec<NotChecked>) {
        let mut unchecked = Vec::new();
        let findings = crate::governance::testing::run_with_unchecked(
            &GovernanceConfig::default(),
            |o| check(e, o),
            &mut unchecked,
        );
        (findings, unchecked)
    }

    fn check_one(e: &Endpoint) -> Vec<&'static str> {
        ids(&run(&GovernanceConfig::default(), |o| check(e, o)))
    }

    #[test]
    fn compliant_endpoint() {
        let e = endpoint(true, true, vec![variant(Some("ml.m5.large"), 2, 2)]);
        assert!(check_one(&e).is_empty());
        // Two variants of one instance each are two instances.
        let e = endpoint(
            true,
            true,
            vec![
                variant(Some("ml.m5.large"), 1, 1),
                variant(Some("ml.m5.large"), 1, 1),
            ],
        );
        assert!(check_one(&e).is_empty());
    }

    #[test]
    fn no_kms_no_capture_single_instance() {
        let one = || vec![variant(Some("ml.m5.large"), 1, 1)];
        assert_eq!(
            check_one(&endpoint(
                false,
                true,
                vec![variant(Some("ml.m5.large"), 2, 2)]
            )),
            ["endpoint-no-kms-key"]
        );
        assert_eq!(
            check_one(&endpoint(
                true,
                false,
                vec![variant(Some("ml.m5.large"), 2, 2)]
            )),
            ["endpoint-no-data-capture"]
        );
        assert_eq!(
            check_one(&endpoint(true, true, one())),
            ["endpoint-single-instance"]
        );
        // A failed endpoint that asks for one instance has one.
        assert_eq!(
            check_one(&endpoint(
                true,
                true,
                vec![variant(Some("ml.m5.large"), 0, 1)]
            )),
            ["endpoint-single-instance"]
        );
        let f = run(&GovernanceConfig::default(), |o| {
            check(&endpoint(true, true, one()), o)
        });
        assert_eq!(f[0].evidence, "1 instance(s) across 1 variant(s)");
        // The same counts as the Endpoints tab's "×0 of 1".
        let failed = endpoint(true, true, vec![variant(Some("ml.m5.large"), 0, 1)]);
        let f = run(&GovernanceConfig::default(), |o| check(&failed, o));
        assert_eq!(
            f[0].evidence,
            "1 instance(s) configured, 0 running, across 1 variant(s)"
        );
        assert_eq!(failed.instance_count(), 0);
        assert_eq!(failed.configured_instance_count(), 1);
    }

    #[test]
    fn serverless_is_not_single_instance() {
        assert!(check_one(&endpoint(true, true, vec![variant(None, 0, 0)])).is_empty());
    }

    #[test]
    fn an_unknown_config_leaves_data_capture_checked() {
        let why = Why::new("sagemaker:DescribeEndpointConfig", "AccessDenied", "no");
        let mut e = endpoint(true, false, vec![variant(Some("ml.m5.large"), 1, 1)]);
        e.settings_mut().unwrap().config = Detail::unknown(why.clone());
        let (findings, unchecked) = check_unchecked(&e);
        assert_eq!(ids(&findings), ["endpoint-no-data-capture"]);
        assert_eq!(unchecked.len(), 1);
        assert_eq!(unchecked[0].resources, ["ep"]);
        assert_eq!(
            unchecked[0].rules,
            [RuleId::EndpointNoKmsKey, RuleId::EndpointSingleInstance]
        );
    }

    #[test]
    fn an_unknown_description_leaves_every_rule_unchecked() {
        let why = Why::new("sagemaker:DescribeEndpoint", "AccessDenied", "no");
        let mut e = endpoint(false, false, Vec::new());
        e.described = Detail::unknown(why);
        let (findings, unchecked) = check_unchecked(&e);
        assert!(findings.is_empty());
        assert_eq!(unchecked[0].rules.len(), 3);
    }
}
