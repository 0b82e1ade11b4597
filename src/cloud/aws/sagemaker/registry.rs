//! The Model Registry on the SDK: model package groups, their versions,
//! and the approval of one version. A child of `sagemaker` so it shares
//! the clients and the context.

use aws_sdk_sagemaker::types::{ModelApprovalStatus, ModelPackageType, UserContext};

use super::{AwsSageMaker, MAX_PAGE};
use crate::cloud::aws::{completed, count, owned, string, time};
use crate::cloud::{CloudError, CloudResult, Completed, PageSink};
use crate::model::{Detail, ModelPackageGroup, ModelPackageVersion, PackageDetails};

/// Who a UserContext names: the Studio user profile, else the IAM identity.
fn who(user: Option<&UserContext>) -> Option<String> {
    let user = user?;
    user.user_profile_name()
        .map(str::to_owned)
        .or_else(|| user.iam_identity().and_then(|i| i.arn()).map(str::to_owned))
}

/// SageMaker answers an unknown model package with a ValidationException
/// ("… not found", "… does not exist"): that is a `NotFound`.
fn not_found_is_not_found(what: &str) -> impl Fn(CloudError) -> CloudError + '_ {
    move |e| match e {
        CloudError::Validation { message }
            if message.contains("not found") || message.contains("does not exist") =>
        {
            CloudError::NotFound {
                what: format!("model package {what}"),
            }
        }
        other => other,
    }
}

impl AwsSageMaker {
    pub(super) async fn model_package_groups(
        &self,
        sink: &dyn PageSink<ModelPackageGroup>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_model_package_groups()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListModelPackageGroups"))?;
            sink.page(
                page.model_package_group_summary_list()
                    .iter()
                    .map(|g| ModelPackageGroup {
                        name: string(g.model_package_group_name()),
                        arn: string(g.model_package_group_arn()),
                        description: owned(g.model_package_group_description()),
                        status: string(g.model_package_group_status().map(|s| s.as_str())),
                        created: time(g.creation_time()),
                        counts: Detail::Pending,
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    pub(super) async fn model_packages(
        &self,
        group: &str,
        sink: &dyn PageSink<ModelPackageVersion>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_model_packages()
            .model_package_group_name(group)
            .model_package_type(ModelPackageType::Versioned)
            .sort_by(aws_sdk_sagemaker::types::ModelPackageSortBy::CreationTime)
            .sort_order(aws_sdk_sagemaker::types::SortOrder::Descending)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListModelPackages"))?;
            sink.page(
                page.model_package_summary_list()
                    .iter()
                    .map(|p| ModelPackageVersion {
                        group: owned(p.model_package_group_name())
                            .unwrap_or_else(|| group.to_owned()),
                        version: count(p.model_package_version()).unwrap_or(0),
                        arn: string(p.model_package_arn()),
                        status: string(p.model_package_status().map(|s| s.as_str())),
                        approval: string(p.model_approval_status().map(|s| s.as_str())),
                        description: owned(p.model_package_description()),
                        created: time(p.creation_time()),
                        described: Detail::Pending,
                        serving: Detail::Pending,
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    pub(super) async fn model_package(
        &self,
        name_or_arn: &str,
    ) -> CloudResult<ModelPackageVersion> {
        let d = self
            .client
            .describe_model_package()
            .model_package_name(name_or_arn)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeModelPackage"))
            .map_err(not_found_is_not_found(name_or_arn))?;
        let containers = d
            .inference_specification()
            .map(|s| s.containers())
            .unwrap_or_default();
        let details = PackageDetails {
            approval_description: owned(d.approval_description()),
            modified_by: who(d.last_modified_by()),
            modified: time(d.last_modified_time()),
            created_by: who(d.created_by()),
            images: containers
                .iter()
                .filter_map(|c| c.image())
                .map(str::to_owned)
                .collect(),
            artifacts: containers
                .iter()
                .filter_map(|c| c.model_data_url())
                .map(str::to_owned)
                .collect(),
        };
        Ok(ModelPackageVersion {
            group: owned(d.model_package_group_name())
                .or_else(|| owned(d.model_package_name()))
                .unwrap_or_default(),
            version: count(d.model_package_version()).unwrap_or(0),
            arn: owned(d.model_package_arn()).unwrap_or_else(|| name_or_arn.to_owned()),
            status: string(d.model_package_status().map(|s| s.as_str())),
            approval: string(d.model_approval_status().map(|s| s.as_str())),
            description: owned(d.model_package_description()),
            created: time(d.creation_time()),
            described: Detail::Known(details),
            serving: Detail::Pending,
        })
    }

    pub(super) async fn set_model_approval(
        &self,
        arn: &str,
        approval: &str,
        description: &str,
    ) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .update_model_package()
            .model_package_arn(arn)
            .model_approval_status(ModelApprovalStatus::from(approval))
            .approval_description(description)
            .send()
            .await
            .map_err(self.ctx.err_once("sagemaker:UpdateModelPackage"))
            .map_err(not_found_is_not_found(arn))?;
        Ok(completed((), &out))
    }
}
