//! Classic SageMaker notebook instances (outside Studio, but part of the
//! estate).
//!
//! ListNotebookInstances gives the name, ARN, status, instance type and
//! times; the network, root access, KMS key and role only
//! DescribeNotebookInstance says, so they are one [`Detail`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{merge_keeping, Detail, Enriched, Fields, Why};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotebookInstance {
    pub name: String,
    pub arn: String,
    /// `Pending`, `InService`, `Stopping`, `Stopped`, `Failed`, `Deleting`, `Updating`.
    pub status: String,
    pub instance_type: Option<String>,
    /// What only DescribeNotebookInstance says.
    #[serde(flatten)]
    pub described: Detail<NotebookSettings>,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
}

/// A notebook instance's settings, from DescribeNotebookInstance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotebookSettings {
    /// `Enabled` or `Disabled`.
    pub direct_internet_access: Option<String>,
    /// `Enabled` or `Disabled`.
    pub root_access: Option<String>,
    pub subnet_id: Option<String>,
    pub security_groups: Vec<String>,
    pub kms_key_id: Option<String>,
    pub role_arn: Option<String>,
}

impl Fields for NotebookSettings {
    const FIELDS: &'static [&'static str] = &[
        "direct_internet_access",
        "root_access",
        "subnet_id",
        "security_groups",
        "kms_key_id",
        "role_arn",
    ];
}

impl Enriched for NotebookInstance {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.described.unknown_fields()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |n| &mut n.described);
    }

    fn list_fields_only(&mut self) {
        self.described = Detail::Pending;
    }
}
