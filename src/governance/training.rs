//! Training jobs and models: VPC config, inter-container encryption and
//! network isolation (the reference architecture's detective control
//! watched CreateTrainingJob and CreateModel for these).

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{SageMakerModel, TrainingJob};

pub(crate) fn check_training_job(t: &TrainingJob, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::TrainingJob, &t.name, Some(&t.arn));
    if !t.in_vpc {
        out.emit(
            RuleId::TrainingJobNoVpc,
            resource(),
            format!("no VpcConfig (status {})", t.status),
            "Pass VpcConfig (private subnets, security groups) to CreateTrainingJob; enforce it with the sagemaker:VpcSubnets condition key",
        );
    }
    if !t.inter_container_encryption {
        out.emit(
            RuleId::TrainingJobNoEncryption,
            resource(),
            "EnableInterContainerTrafficEncryption = false",
            "Set EnableInterContainerTrafficEncryption=true in CreateTrainingJob; enforce it with the sagemaker:InterContainerTrafficEncryption condition key",
        );
    }
}

pub(crate) fn check_model(m: &SageMakerModel, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::SagemakerModel, &m.name, Some(&m.arn));
    if !m.in_vpc {
        out.emit(
            RuleId::ModelNoVpc,
            resource(),
            "no VpcConfig",
            "Recreate the model with VpcConfig (private subnets, security groups) and point the endpoint config at it",
        );
    }
    if !m.network_isolation {
        out.emit(
            RuleId::ModelNoNetworkIsolation,
            resource(),
            "EnableNetworkIsolation = false",
            "Recreate the model with EnableNetworkIsolation=true (models cannot be updated in place)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;

    fn job(vpc: bool, enc: bool) -> TrainingJob {
        TrainingJob {
            name: "train".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:training-job/train".into(),
            status: "Completed".into(),
            instance_type: None,
            instance_count: None,
            in_vpc: vpc,
            inter_container_encryption: enc,
            managed_spot: false,
            billable_secs: None,
            training_secs: None,
            role_arn: None,
            created: None,
            ended: None,
            failure_reason: None,
        }
    }

    fn model(vpc: bool, isolated: bool) -> SageMakerModel {
        SageMakerModel {
            name: "m".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:model/m".into(),
            in_vpc: vpc,
            network_isolation: isolated,
            execution_role: None,
            created: None,
        }
    }

    #[test]
    fn training_jobs() {
        let c = GovernanceConfig::default();
        assert!(run(&c, |o| check_training_job(&job(true, true), o)).is_empty());
        let f = run(&c, |o| check_training_job(&job(false, true), o));
        assert_eq!(ids(&f), ["training-job-no-vpc"]);
        assert_eq!(f[0].evidence, "no VpcConfig (status Completed)");
        let f = run(&c, |o| check_training_job(&job(true, false), o));
        assert_eq!(ids(&f), ["training-job-no-inter-container-encryption"]);
    }

    #[test]
    fn models() {
        let c = GovernanceConfig::default();
        assert!(run(&c, |o| check_model(&model(true, true), o)).is_empty());
        assert_eq!(
            ids(&run(&c, |o| check_model(&model(false, true), o))),
            ["model-no-vpc"]
        );
        assert_eq!(
            ids(&run(&c, |o| check_model(&model(true, false), o))),
            ["model-no-network-isolation"]
        );
    }
}
