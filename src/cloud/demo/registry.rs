//! The demo estate's Model Registry: groups and versions from
//! assets/demo/models.toml, the models made from them, and approvals,
//! answered as SageMaker answers them.

use chrono::{DateTime, Duration, Utc};

use super::estate::Estate;
use super::seed::Seed;
use crate::cloud::{CloudError, CloudResult};
use crate::model::{
    Detail, ModelPackageGroup, ModelPackageVersion, PackageDetails, APPROVED, PENDING_APPROVAL,
    REJECTED,
};

impl Estate {
    /// The groups and versions of models.toml; a model a version names
    /// gets the version's ARN as its ModelPackageName.
    pub(super) fn gen_model_registry(
        &mut self,
        seed: &Seed,
        anchor: DateTime<Utc>,
    ) -> Result<(), String> {
        let days = |n: i64| Some(anchor - Duration::days(n));
        for g in &seed.models.groups {
            let team = seed
                .estate
                .teams
                .iter()
                .find(|t| t.name == g.team)
                .ok_or_else(|| {
                    format!(
                        "demo seed assets/demo/models.toml names unknown team '{}'",
                        g.team
                    )
                })?;
            self.model_package_groups.push(ModelPackageGroup {
                name: g.name.clone(),
                arn: self.registry_arn(&format!("model-package-group/{}", g.name)),
                description: Some(g.description.clone()),
                status: "Completed".into(),
                created: days(g.created_days_ago),
                counts: Detail::Pending,
            });
            for v in &g.versions {
                let arn = self.registry_arn(&format!("model-package/{}/{}", g.name, v.version));
                let reviewed = v.approval != PENDING_APPROVAL;
                self.model_packages.push(ModelPackageVersion {
                    group: g.name.clone(),
                    version: v.version,
                    arn: arn.clone(),
                    status: "Completed".into(),
                    approval: v.approval.clone(),
                    description: Some(format!("{} v{}", g.description, v.version)),
                    created: days(v.days_ago),
                    described: Detail::Known(PackageDetails {
                        approval_description: v.note.clone(),
                        modified_by: if reviewed { v.reviewer.clone() } else { None },
                        modified: if reviewed { days(v.days_ago - 1) } else { None },
                        created_by: Some(v.by.clone()),
                        images: vec![g.image.clone()],
                        artifacts: vec![format!(
                            "s3://{}/models/{}/v{}/model.tar.gz",
                            team.bucket, g.name, v.version
                        )],
                    }),
                    serving: Detail::Pending,
                });
                if let Some(model) = &v.model {
                    if let Some(m) = self.models.iter_mut().find(|m| &m.name == model) {
                        if let Detail::Known(settings) = &mut m.described {
                            settings.model_package = Some(arn.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Registry ARNs spell the group in lower case, as SageMaker's do.
    fn registry_arn(&self, resource: &str) -> String {
        self.sm_arn(&resource.to_lowercase())
    }

    /// ListModelPackageGroups, by name.
    pub fn list_model_package_groups(&self) -> Vec<ModelPackageGroup> {
        let mut groups = self.model_package_groups.clone();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        groups
    }

    /// ListModelPackages of one group, newest first, as listed (details
    /// pending); an unknown group is `NotFound`.
    pub fn list_model_packages(&self, group: &str) -> CloudResult<Vec<ModelPackageVersion>> {
        if !self.model_package_groups.iter().any(|g| g.name == group) {
            return Err(CloudError::NotFound {
                what: format!("model package group '{group}'"),
            });
        }
        let mut versions: Vec<ModelPackageVersion> = self
            .model_packages
            .iter()
            .filter(|v| v.group == group)
            .cloned()
            .map(|mut v| {
                v.described = Detail::Pending;
                v
            })
            .collect();
        versions.sort_by_key(|v| std::cmp::Reverse(v.version));
        Ok(versions)
    }

    /// DescribeModelPackage by ARN.
    pub fn describe_model_package(&self, arn: &str) -> CloudResult<ModelPackageVersion> {
        self.model_packages
            .iter()
            .find(|v| v.arn.eq_ignore_ascii_case(arn))
            .cloned()
            .ok_or_else(|| CloudError::NotFound {
                what: format!("model package {arn}"),
            })
    }

    /// UpdateModelPackage's approval: the status must be one SageMaker
    /// accepts; `by` (the caller) becomes LastModifiedBy.
    pub fn set_model_approval(
        &mut self,
        arn: &str,
        approval: &str,
        description: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> CloudResult<()> {
        if ![APPROVED, REJECTED, PENDING_APPROVAL].contains(&approval) {
            return Err(CloudError::Validation {
                message: format!("ModelApprovalStatus {approval:?} is not valid"),
            });
        }
        let version = self
            .model_packages
            .iter_mut()
            .find(|v| v.arn.eq_ignore_ascii_case(arn))
            .ok_or_else(|| CloudError::NotFound {
                what: format!("model package {arn}"),
            })?;
        version.approval = approval.to_owned();
        if let Detail::Known(d) = &mut version.described {
            d.approval_description = Some(description.to_owned());
            d.modified_by = Some(by.to_owned());
            d.modified = Some(now);
        }
        Ok(())
    }
}
