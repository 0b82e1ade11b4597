//! Training jobs and models: VPC config, inter-container encryption and
//! network isolation (the reference architecture's detective control
//! watched CreateTrainingJob and CreateModel for these).

use super::collect::{MODEL_RULES, TRAINING_RULES};
use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{SageMakerModel, TrainingJob};

pub(crate) fn check_training_job(job: &TrainingJob, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::TrainingJob, &job.name, Some(&job.arn));
    let Some(t) = out.described(&job.described, TRAINING_RULES, &resource()) else {
        return;
    };
    if !t.in_vpc {
        out.emit(
            RuleId::TrainingJobNoVpc,
            resource(),
            format!("no VpcConfig (status {})", job.status),
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

pub(crate) fn check_model(model: &SageMakerModel, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::SagemakerModel, &model.name, Some(&model.arn));
    let Some(m) = out.described(&model.described, MODEL_RULES, &resource()) else {
        return;
    };
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
    use crate::governance::testing::{ids, run, run_with_unchecked};
    use crate::governance::GovernanceConfig;
    use crate::model::{Detail, ModelSettings, TrainingSettings, Why};

    fn job(vpc: bool, enc: bool) -> TrainingJob {
        TrainingJob {
            name: "train".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:training-job/train".into(),
            status: "Completed".into(),
            described: Detail::Known(TrainingSettings {
                in_vpc: vpc,
                inter_container_encryption: enc,
                ..TrainingSettings::default()
            }),
            created: None,
            ended: None,
        }
    }

    fn model(vpc: bool, isolated: bool) -> SageMakerModel {
        SageMakerModel {
            name: "m".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:model/m".into(),
            described: Detail::Known(ModelSettings {
                in_vpc: vpc,
                network_isolation: isolated,
                execution_role: None,
                model_package: None,
            }),
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

    #[test]
    fn unknown_descriptions_leave_jobs_and_models_unchecked() {
        let c = GovernanceConfig::default();
        let why = |action: &str| Why::new(action, "AccessDenied", "no");
        let mut j = job(false, false);
        j.described = Detail::unknown(why("sagemaker:DescribeTrainingJob"));
        let mut unchecked = Vec::new();
        assert!(run_with_unchecked(&c, |o| check_training_job(&j, o), &mut unchecked).is_empty());
        assert_eq!(unchecked[0].rules, TRAINING_RULES);
        assert_eq!(unchecked[0].resources, ["train"]);
        let mut m = model(false, false);
        m.described = Detail::unknown(why("sagemaker:DescribeModel"));
        let mut unchecked = Vec::new();
        assert!(run_with_unchecked(&c, |o| check_model(&m, o), &mut unchecked).is_empty());
        assert_eq!(unchecked[0].rules, MODEL_RULES);
        assert_eq!(unchecked[0].source, "sagemaker:DescribeModel");
    }
}
