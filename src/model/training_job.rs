//! SageMaker training jobs.
//!
//! ListTrainingJobs gives the name, ARN, status and times; the instances,
//! network, encryption, spot and billed time only DescribeTrainingJob
//! says, so they are one [`Detail`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{merge_keeping, Detail, Enriched, Fields, Why};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingJob {
    pub name: String,
    pub arn: String,
    /// `InProgress`, `Completed`, `Failed`, `Stopping`, `Stopped`.
    pub status: String,
    /// What only DescribeTrainingJob says.
    #[serde(flatten)]
    pub described: Detail<TrainingSettings>,
    pub created: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
}

/// A training job's settings and billed time, from DescribeTrainingJob.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingSettings {
    pub instance_type: Option<String>,
    pub instance_count: Option<u32>,
    /// Whether the job ran inside a VPC (VpcConfig set).
    pub in_vpc: bool,
    pub inter_container_encryption: bool,
    pub managed_spot: bool,
    pub billable_secs: Option<u64>,
    pub training_secs: Option<u64>,
    pub role_arn: Option<String>,
    pub failure_reason: Option<String>,
}

impl Fields for TrainingSettings {
    const FIELDS: &'static [&'static str] = &[
        "instance_type",
        "instance_count",
        "in_vpc",
        "inter_container_encryption",
        "managed_spot",
        "billable_secs",
        "training_secs",
        "role_arn",
        "failure_reason",
    ];
}

impl Enriched for TrainingJob {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.described.unknown_fields()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |t| &mut t.described);
    }

    fn list_fields_only(&mut self) {
        self.described = Detail::Pending;
    }
}
