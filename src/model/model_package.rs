//! The SageMaker Model Registry: model package groups and their versions.
//!
//! ListModelPackageGroups and ListModelPackages give names, status and the
//! approval; who approved, the image and the artefact only
//! DescribeModelPackage says, and which endpoints serve a version only the
//! endpoints' models say (a model made from a version names it in its
//! container's ModelPackageName). Those are [`Detail`]s.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{merge_keeping, Detail, Enriched, Fields, Why};

/// `ModelApprovalStatus` values.
pub const APPROVED: &str = "Approved";
pub const REJECTED: &str = "Rejected";
pub const PENDING_APPROVAL: &str = "PendingManualApproval";

/// A model package group (ListModelPackageGroups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelPackageGroup {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    /// `Pending`, `InProgress`, `Completed`, `Failed`, `Deleting`, `DeleteFailed`.
    pub status: String,
    pub created: Option<DateTime<Utc>>,
    /// The group's versions counted (ListModelPackages of the group).
    #[serde(flatten)]
    pub counts: Detail<VersionCounts>,
}

/// How many versions a group holds, by approval.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionCounts {
    pub versions: u32,
    pub pending: u32,
    pub approved: u32,
    pub rejected: u32,
    /// The newest version number.
    pub latest: Option<u32>,
    /// The newest Approved version number: what a pipeline deploying "the
    /// latest approved" would take.
    pub latest_approved: Option<u32>,
}

impl VersionCounts {
    /// The counts of `versions` (any order).
    pub fn of(versions: &[ModelPackageVersion]) -> Self {
        let mut c = VersionCounts::default();
        for v in versions {
            c.versions += 1;
            match v.approval.as_str() {
                APPROVED => {
                    c.approved += 1;
                    c.latest_approved = c.latest_approved.max(Some(v.version));
                }
                REJECTED => c.rejected += 1,
                _ => c.pending += 1,
            }
            c.latest = c.latest.max(Some(v.version));
        }
        c
    }
}

impl Fields for VersionCounts {
    const FIELDS: &'static [&'static str] = &[
        "versions",
        "pending",
        "approved",
        "rejected",
        "latest",
        "latest_approved",
    ];
}

/// One version of a model package group (ListModelPackages).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelPackageVersion {
    pub group: String,
    pub version: u32,
    pub arn: String,
    /// `ModelPackageStatus`: `Pending`, `InProgress`, `Completed`, `Failed`, `Deleting`.
    pub status: String,
    /// `ModelApprovalStatus`: `Approved`, `Rejected`, `PendingManualApproval`.
    pub approval: String,
    pub description: Option<String>,
    pub created: Option<DateTime<Utc>>,
    /// What only DescribeModelPackage says.
    #[serde(flatten)]
    pub described: Detail<PackageDetails>,
    /// The endpoints whose variants run a model made from this version.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub serving: Detail<Vec<String>>,
}

/// A version as DescribeModelPackage gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageDetails {
    /// Why it was approved or rejected (ApprovalDescription).
    pub approval_description: Option<String>,
    /// Who last changed it (LastModifiedBy: the Studio user profile, else
    /// the IAM identity), and when: for an approved version, the approver.
    pub modified_by: Option<String>,
    pub modified: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    /// The inference containers' images and model artefacts (S3).
    pub images: Vec<String>,
    pub artifacts: Vec<String>,
}

impl Fields for PackageDetails {
    const FIELDS: &'static [&'static str] = &[
        "approval_description",
        "modified_by",
        "modified",
        "created_by",
        "images",
        "artifacts",
    ];
}

impl ModelPackageVersion {
    /// `GROUP/VERSION`, as people name a version.
    pub fn label(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }

    pub fn is_approved(&self) -> bool {
        self.approval == APPROVED
    }
}

/// Whether a model container's ModelPackageName names this version: its
/// ARN, compared without case (SageMaker spells the group lower-case in
/// it). A container naming a package by name is not a registry version.
pub fn names_version(reference: &str, version: &ModelPackageVersion) -> bool {
    reference.eq_ignore_ascii_case(&version.arn)
}

impl Enriched for ModelPackageGroup {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.counts.unknown_fields()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |g| &mut g.counts);
    }

    fn list_fields_only(&mut self) {
        self.counts = Detail::Pending;
    }
}

impl Enriched for ModelPackageVersion {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        let mut unknown = self.described.unknown_fields();
        if let Some(why) = self.serving.why() {
            unknown.push(("serving", why));
        }
        unknown
    }

    fn merge(&mut self, newer: Self) {
        let serving = newer.serving.clone();
        merge_keeping(self, newer, |v| &mut v.described);
        self.serving.update(serving);
    }

    fn list_fields_only(&mut self) {
        self.described = Detail::Pending;
        self.serving = Detail::Pending;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(n: u32, approval: &str) -> ModelPackageVersion {
        ModelPackageVersion {
            group: "churn".into(),
            version: n,
            arn: format!("arn:aws:sagemaker:eu-west-2:111111111111:model-package/churn/{n}"),
            status: "Completed".into(),
            approval: approval.into(),
            description: None,
            created: None,
            described: Detail::Pending,
            serving: Detail::Pending,
        }
    }

    #[test]
    fn counts_by_approval_with_the_latest_of_each() {
        let c = VersionCounts::of(&[
            version(1, APPROVED),
            version(3, PENDING_APPROVAL),
            version(2, REJECTED),
            version(4, APPROVED),
        ]);
        assert_eq!(
            c,
            VersionCounts {
                versions: 4,
                pending: 1,
                approved: 2,
                rejected: 1,
                latest: Some(4),
                latest_approved: Some(4),
            }
        );
        assert_eq!(VersionCounts::of(&[]).latest, None);
    }

    #[test]
    fn a_container_names_a_version_by_its_arn_in_any_case() {
        let v = version(2, APPROVED);
        assert!(names_version(
            "arn:aws:sagemaker:eu-west-2:111111111111:model-package/CHURN/2",
            &v
        ));
        assert!(!names_version(
            "arn:aws:sagemaker:eu-west-2:111111111111:model-package/churn/20",
            &v
        ));
    }
}
