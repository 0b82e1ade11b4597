//! What Cost Explorer says was spent (GetCostAndUsage), as opposed to what
//! dsadmin estimates from prices.

use serde::{Deserialize, Serialize};

/// One group of GetCostAndUsage's answer: a service and a tag value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpendGroup {
    /// `Amazon SageMaker`, `AWS Glue`.
    pub service: String,
    /// The tag's value; empty for spend not tagged with it.
    pub tag_value: String,
    /// UnblendedCost.
    pub amount: f64,
    /// `USD`.
    pub unit: String,
}

/// The services whose spend dsadmin asks for (Cost Explorer's SERVICE names).
pub const SAGEMAKER_SERVICE: &str = "Amazon SageMaker";
pub const GLUE_SERVICE: &str = "AWS Glue";

/// The cost-allocation tag SageMaker puts on a Studio user's apps and spaces
/// itself (once activated in Billing).
pub const USER_PROFILE_TAG: &str = "sagemaker:user-profile-arn";
