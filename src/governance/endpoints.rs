//! Real-time endpoints: KMS key, data capture, more than one instance.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::Endpoint;

pub(crate) fn check(e: &Endpoint, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::Endpoint, &e.name, Some(&e.arn));
    if e.kms_key_id.is_none() {
        out.emit(
            RuleId::EndpointNoKmsKey,
            resource(),
            format!("endpoint config {} has no KmsKeyId", e.config_name),
            "Create a new endpoint config with KmsKeyId and switch the endpoint to it (update-endpoint)",
        );
    }
    if !e.data_capture {
        out.emit(
            RuleId::EndpointNoDataCapture,
            resource(),
            format!("endpoint config {} has no DataCaptureConfig", e.config_name),
            "Create a new endpoint config with DataCaptureConfig (EnableCapture=true, an S3 destination with a KMS key) and update the endpoint",
        );
    }
    // Serverless variants have no instance type and no instance count:
    // AZ placement is SageMaker's business there.
    let provisioned = e.variants.iter().any(|v| v.instance_type.is_some());
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
            format!("{count} across {} variant(s)", e.variants.len()),
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
    use crate::governance::GovernanceConfig;
    use crate::model::Variant;

    fn variant(instance_type: Option<&str>, current: u32, desired: u32) -> Variant {
        Variant {
            endpoint: "ep".into(),
            name: "AllTraffic".into(),
            model_name: None,
            instance_type: instance_type.map(str::to_owned),
            current_weight: 1.0,
            desired_weight: 1.0,
            current_instance_count: current,
            desired_instance_count: desired,
        }
    }

    fn endpoint(kms: bool, capture: bool, variants: Vec<Variant>) -> Endpoint {
        Endpoint {
            name: "ep".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:endpoint/ep".into(),
            status: "InService".into(),
            config_name: "ep-config".into(),
            variants,
            kms_key_id: kms.then(|| "arn:aws:kms:eu-west-2:1:key/k".to_owned()),
            data_capture: capture,
            failure_reason: None,
            created: None,
            last_modified: None,
            tags: Vec::new(),
        }
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
}
