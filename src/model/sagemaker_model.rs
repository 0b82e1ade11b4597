//! SageMaker models (CreateModel): what an endpoint or batch transform runs.
//!
//! ListModels gives the name, ARN and creation time; the network settings
//! and role only DescribeModel says, so they are one [`Detail`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{merge_keeping, Detail, Enriched, Fields, Why};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SageMakerModel {
    pub name: String,
    pub arn: String,
    /// What only DescribeModel says.
    #[serde(flatten)]
    pub described: Detail<ModelSettings>,
    pub created: Option<DateTime<Utc>>,
}

/// A model's settings, from DescribeModel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelSettings {
    /// Whether the model's containers run inside a VPC (VpcConfig set).
    pub in_vpc: bool,
    /// `EnableNetworkIsolation`: the containers make no outbound calls.
    pub network_isolation: bool,
    pub execution_role: Option<String>,
    /// The model package version its container was made from
    /// (ModelPackageName: an ARN for a registered version).
    #[serde(default)]
    pub model_package: Option<String>,
}

impl Fields for ModelSettings {
    const FIELDS: &'static [&'static str] = &[
        "in_vpc",
        "network_isolation",
        "execution_role",
        "model_package",
    ];
}

impl Enriched for SageMakerModel {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.described.unknown_fields()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |m| &mut m.described);
    }

    fn list_fields_only(&mut self) {
        self.described = Detail::Pending;
    }
}
