//! The Model Registry's gate on production: an endpoint should serve only
//! model package versions someone approved. The path is the endpoint's
//! variants → their models (DescribeModel's ModelPackageName) → that
//! version's ModelApprovalStatus (DescribeModelPackage).

use std::collections::BTreeMap;

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{Detail, Endpoint, SageMakerModel, APPROVED};

const RULE: RuleId = RuleId::EndpointModelPackageNotApproved;

/// The approval of each model package a model names, by the reference as
/// the model names it (lower-cased: SageMaker ARNs are compared so).
pub type Approvals = BTreeMap<String, Detail<String>>;

/// The key [`Approvals`] uses for a model's ModelPackageName.
pub fn approval_key(reference: &str) -> String {
    reference.to_ascii_lowercase()
}

pub(crate) fn check(
    endpoints: &[Endpoint],
    models: &[SageMakerModel],
    approvals: &Approvals,
    out: &mut Emitter<'_>,
) {
    for e in endpoints {
        let resource = || Resource::new(ResourceKind::Endpoint, &e.name, Some(&e.arn));
        let Some(described) = out.described(&e.described, &[RULE], &resource()) else {
            continue;
        };
        for variant in &described.variants {
            let Some(config) = out.described(&variant.configured, &[RULE], &resource()) else {
                continue;
            };
            let Some(model_name) = &config.model_name else {
                continue;
            };
            // A model the list did not return (its source failed) is named
            // in that source's "not checked" note already.
            let Some(model) = models.iter().find(|m| &m.name == model_name) else {
                continue;
            };
            let Some(settings) = out.described(&model.described, &[RULE], &resource()) else {
                continue;
            };
            // A model made from an image and an artefact, not from the
            // registry: nothing to approve (other rules look at it).
            let Some(package) = &settings.model_package else {
                continue;
            };
            match approvals.get(&approval_key(package)) {
                // An unversioned (Marketplace) package has no approval to give.
                Some(Detail::Known(approval)) if !approval.is_empty() && approval != APPROVED => out.emit(
                    RULE,
                    resource(),
                    format!(
                        "variant {} runs model {model_name} from {} ({approval})",
                        variant.name,
                        package.split_once(":model-package/").map_or(package.as_str(), |(_, v)| v)
                    ),
                    "Have the version reviewed and approved (dsadmin model-package approve GROUP VERSION --description …, or a in :models), or shift the variant's traffic to an approved version",
                ),
                Some(Detail::Unknown(why)) => out.not_checked(RULE, &resource(), why),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;
    use crate::model::{ModelSettings, Variant, Why};

    const PACKAGE: &str = "arn:aws:sagemaker:eu-west-2:1:model-package/churn/3";

    fn endpoint() -> Endpoint {
        let mut v = Variant::serving("ep", "AllTraffic", 1.0, 2, Some("ml.m5.large"));
        if let Detail::Known(c) = &mut v.configured {
            c.model_name = Some("churn-v3".into());
        }
        Endpoint::whole(
            "ep",
            "arn:aws:sagemaker:eu-west-2:1:endpoint/ep",
            "InService",
            vec![v],
        )
    }

    fn model(package: Option<&str>) -> SageMakerModel {
        SageMakerModel {
            name: "churn-v3".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:model/churn-v3".into(),
            described: Detail::Known(ModelSettings {
                in_vpc: true,
                network_isolation: true,
                execution_role: None,
                model_package: package.map(str::to_owned),
            }),
            created: None,
        }
    }

    fn approvals(approval: Detail<String>) -> Approvals {
        [(approval_key(PACKAGE), approval)].into_iter().collect()
    }

    #[test]
    fn a_served_version_that_is_not_approved_is_a_finding() {
        let config = GovernanceConfig::default();
        let found = run(&config, |o| {
            check(
                &[endpoint()],
                &[model(Some(PACKAGE))],
                &approvals(Detail::Known("PendingManualApproval".into())),
                o,
            )
        });
        assert_eq!(ids(&found), ["endpoint-model-package-not-approved"]);
        assert!(
            found[0].evidence.contains("PendingManualApproval"),
            "{}",
            found[0].evidence
        );
        // The ARN as the model names it may differ in case.
        let upper = PACKAGE.replace("churn", "CHURN");
        let found = run(&config, |o| {
            check(
                &[endpoint()],
                &[model(Some(&upper))],
                &approvals(Detail::Known("Rejected".into())),
                o,
            )
        });
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn approved_or_unregistered_models_are_fine() {
        let config = GovernanceConfig::default();
        let approved = approvals(Detail::Known("Approved".into()));
        assert!(run(&config, |o| check(
            &[endpoint()],
            &[model(Some(PACKAGE))],
            &approved,
            o
        ))
        .is_empty());
        assert!(run(&config, |o| check(
            &[endpoint()],
            &[model(None)],
            &approved,
            o
        ))
        .is_empty());
        // An unversioned (Marketplace) package has no approval status.
        let unversioned = approvals(Detail::Known(String::new()));
        let found = run(&config, |o| {
            check(&[endpoint()], &[model(Some(PACKAGE))], &unversioned, o)
        });
        assert!(found.is_empty());
    }

    #[test]
    fn an_unreadable_version_is_not_checked_never_fine() {
        let mut unchecked = Vec::new();
        let why = Why::new("sagemaker:DescribeModelPackage", "AccessDenied", "no");
        let found = crate::governance::testing::run_with_unchecked(
            &GovernanceConfig::default(),
            |o| {
                check(
                    &[endpoint()],
                    &[model(Some(PACKAGE))],
                    &approvals(Detail::unknown(why.clone())),
                    o,
                )
            },
            &mut unchecked,
        );
        assert!(found.is_empty());
        assert_eq!(unchecked.len(), 1);
        assert_eq!(unchecked[0].rules, [RULE]);
        assert_eq!(unchecked[0].resources, ["ep"]);
    }
}
