//! SageMaker real-time endpoints and their production variants.
//!
//! ListEndpoints returns an endpoint's name, ARN, status and times; its
//! variants, config and failure reason come from DescribeEndpoint, and the
//! variants' models and instance types and the KMS key from
//! DescribeEndpointConfig. Each of those calls can fail on its own (a
//! support role without sagemaker:DescribeEndpointConfig still sees the
//! weights), so each is a [`Detail`] of its own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Detail, Enriched, Tag, Why};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub name: String,
    pub arn: String,
    /// `InService`, `Creating`, `Updating`, `Failed`, `OutOfService`, …
    pub status: String,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// What only DescribeEndpoint (and its config) says.
    #[serde(flatten)]
    pub described: Detail<EndpointSettings>,
    /// ListTags per endpoint, or tag:GetResources for all of them.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub tags: Detail<Vec<Tag>>,
}

/// An endpoint's settings, from DescribeEndpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointSettings {
    pub config_name: String,
    pub variants: Vec<Variant>,
    pub data_capture: bool,
    /// Why the endpoint is `Failed`, when AWS says.
    pub failure_reason: Option<String>,
    /// What only DescribeEndpointConfig says.
    #[serde(flatten)]
    pub config: Detail<EndpointConfig>,
}

impl EndpointSettings {
    /// The JSON fields DescribeEndpoint fills, for a record's `unknown` map.
    pub const FIELDS: &'static [&'static str] =
        &["config_name", "variants", "data_capture", "failure_reason"];
}

/// An endpoint config's own settings, from DescribeEndpointConfig. A
/// config deleted under a running endpoint is known, and empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointConfig {
    pub kms_key_id: Option<String>,
}

impl EndpointConfig {
    /// The fields DescribeEndpointConfig fills: the KMS key, and in each
    /// variant its model and instance type (dotted: inside `variants`).
    pub const FIELDS: &'static [&'static str] = &[
        "kms_key_id",
        "variants.model_name",
        "variants.instance_type",
    ];
}

/// The traffic share of a variant of weight `weight` among `weights` (all
/// of the endpoint's variants), in percent: weight ÷ sum × 100. Only finite
/// weights above 0 take traffic; with none, every share is 0. The one
/// formula behind the Endpoints tab, `dsadmin get variants`, the weights
/// editor and `dsadmin endpoint shift`.
pub fn traffic_share(weight: f64, weights: &[f64]) -> f64 {
    let takes_traffic = |w: f64| w.is_finite() && w > 0.0;
    let total: f64 = weights.iter().copied().filter(|w| takes_traffic(*w)).sum();
    if total > 0.0 && takes_traffic(weight) {
        weight / total * 100.0
    } else {
        0.0
    }
}

impl Endpoint {
    /// The variants, when DescribeEndpoint said (none otherwise).
    pub fn variants(&self) -> &[Variant] {
        self.described
            .known()
            .map_or(&[], |s| s.variants.as_slice())
    }

    /// An endpoint known whole, every variant serving at its weight and
    /// instance count: config `NAME-config`, no KMS key, no data capture,
    /// no tags (for tests, which set what they check).
    pub fn whole(name: &str, arn: &str, status: &str, variants: Vec<Variant>) -> Endpoint {
        Endpoint {
            name: name.to_owned(),
            arn: arn.to_owned(),
            status: status.to_owned(),
            created: None,
            last_modified: None,
            described: Detail::Known(EndpointSettings {
                config_name: format!("{name}-config"),
                variants,
                data_capture: false,
                failure_reason: None,
                config: Detail::Known(EndpointConfig::default()),
            }),
            tags: Detail::Known(Vec::new()),
        }
    }

    /// DescribeEndpoint's settings to change in place, when known.
    pub fn settings_mut(&mut self) -> Option<&mut EndpointSettings> {
        match &mut self.described {
            Detail::Known(s) => Some(s),
            _ => None,
        }
    }

    /// The variants to change in place (a backend applying new weights).
    pub fn variants_mut(&mut self) -> &mut [Variant] {
        match &mut self.described {
            Detail::Known(s) => s.variants.as_mut_slice(),
            _ => &mut [],
        }
    }

    pub fn config_name(&self) -> Option<&str> {
        self.described.known().map(|s| s.config_name.as_str())
    }

    pub fn failure_reason(&self) -> Option<&str> {
        self.described
            .known()
            .and_then(|s| s.failure_reason.as_deref())
    }

    /// The endpoint config's settings: pending or unknown with the
    /// endpoint's own description when that is not known.
    pub fn config(&self) -> Detail<&EndpointConfig> {
        self.described.as_ref().map(|s| s.config.as_ref()).flatten()
    }

    /// Traffic share of `variant` in percent (weight ÷ sum of weights).
    pub fn share_percent(&self, variant: &Variant) -> f64 {
        let weights: Vec<f64> = self.variants().iter().map(|v| v.current_weight).collect();
        traffic_share(variant.current_weight, &weights)
    }

    /// Instances running now (CurrentInstanceCount).
    pub fn instance_count(&self) -> u32 {
        self.variants()
            .iter()
            .map(|v| v.current_instance_count)
            .sum()
    }

    /// Instances the endpoint is configured for: per variant the larger of
    /// desired and current (an update or a failure leaves them apart). The
    /// Endpoints tab and the posture rules both count with these two.
    pub fn configured_instance_count(&self) -> u32 {
        self.variants()
            .iter()
            .map(|v| v.current_instance_count.max(v.desired_instance_count))
            .sum()
    }
}

impl Enriched for Endpoint {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        let mut out: Vec<(&'static str, &Why)> = match &self.described {
            Detail::Unknown(why) => EndpointSettings::FIELDS
                .iter()
                .chain(EndpointConfig::FIELDS)
                .map(|f| (*f, &**why))
                .collect(),
            Detail::Known(s) => match s.config.why() {
                Some(why) => EndpointConfig::FIELDS.iter().map(|f| (*f, why)).collect(),
                None => Vec::new(),
            },
            Detail::Pending => Vec::new(),
        };
        out.extend(self.tags.why().map(|w| ("tags", w)));
        out
    }

    fn merge(&mut self, mut newer: Self) {
        let (described, tags) = (
            std::mem::take(&mut newer.described),
            std::mem::take(&mut newer.tags),
        );
        let old = std::mem::replace(self, newer);
        (self.described, self.tags) = (old.described, old.tags);
        self.described.update(described);
        self.tags.update(tags);
    }

    fn list_fields_only(&mut self) {
        (self.described, self.tags) = (Detail::Pending, Detail::Pending);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub endpoint: String,
    pub name: String,
    pub current_weight: f64,
    pub desired_weight: f64,
    pub current_instance_count: u32,
    pub desired_instance_count: u32,
    /// What the endpoint config says of this variant.
    #[serde(flatten)]
    pub configured: Detail<VariantConfig>,
}

/// A variant as its endpoint config sets it up (DescribeEndpointConfig).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VariantConfig {
    pub model_name: Option<String>,
    /// None for a serverless variant.
    pub instance_type: Option<String>,
}

impl Variant {
    /// A variant at `weight` on `instances` instances of `instance_type`
    /// (None: serverless), its config known.
    pub fn serving(
        endpoint: &str,
        name: &str,
        weight: f64,
        instances: u32,
        instance_type: Option<&str>,
    ) -> Variant {
        Variant {
            endpoint: endpoint.to_owned(),
            name: name.to_owned(),
            current_weight: weight,
            desired_weight: weight,
            current_instance_count: instances,
            desired_instance_count: instances,
            configured: Detail::Known(VariantConfig {
                model_name: None,
                instance_type: instance_type.map(str::to_owned),
            }),
        }
    }

    pub fn model_name(&self) -> Option<&str> {
        self.configured
            .known()
            .and_then(|c| c.model_name.as_deref())
    }

    pub fn instance_type(&self) -> Option<&str> {
        self.configured
            .known()
            .and_then(|c| c.instance_type.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(configured: Detail<VariantConfig>) -> Variant {
        Variant {
            endpoint: "ep".into(),
            name: "AllTraffic".into(),
            current_weight: 1.0,
            desired_weight: 1.0,
            current_instance_count: 2,
            desired_instance_count: 2,
            configured,
        }
    }

    fn endpoint(described: Detail<EndpointSettings>) -> Endpoint {
        Endpoint {
            name: "ep".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:endpoint/ep".into(),
            status: "InService".into(),
            created: None,
            last_modified: None,
            described,
            tags: Detail::Pending,
        }
    }

    #[test]
    fn an_unknown_config_leaves_the_weights_known() {
        let why = Why::new("sagemaker:DescribeEndpointConfig", "AccessDenied", "no");
        let e = endpoint(Detail::Known(EndpointSettings {
            config_name: "ep-config".into(),
            variants: vec![variant(Detail::unknown(why.clone()))],
            data_capture: true,
            failure_reason: None,
            config: Detail::unknown(why.clone()),
        }));
        assert_eq!(e.instance_count(), 2);
        assert_eq!(e.config().why(), Some(&why));
        let unknown: Vec<&str> = e.unknown().into_iter().map(|(f, _)| f).collect();
        assert_eq!(unknown, EndpointConfig::FIELDS);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["config_name"], "ep-config");
        assert_eq!(json["variants"][0]["current_weight"], 1.0);
        assert!(json["variants"][0].get("model_name").is_none());
    }

    #[test]
    fn an_unknown_description_is_every_described_field() {
        let why = Why::new("sagemaker:DescribeEndpoint", "AccessDenied", "no");
        let e = endpoint(Detail::unknown(why.clone()));
        assert!(e.variants().is_empty());
        assert_eq!(e.config().why(), Some(&why));
        assert_eq!(
            e.unknown().len(),
            EndpointSettings::FIELDS.len() + EndpointConfig::FIELDS.len()
        );
    }

    #[test]
    fn merge_keeps_known_cells_a_list_page_does_not_carry() {
        let settings = EndpointSettings {
            config_name: "c".into(),
            variants: vec![variant(Detail::Known(VariantConfig::default()))],
            data_capture: false,
            failure_reason: None,
            config: Detail::Known(EndpointConfig::default()),
        };
        let mut e = endpoint(Detail::Known(settings.clone()));
        let mut listed = endpoint(Detail::Pending);
        listed.status = "Updating".into();
        e.merge(listed);
        assert_eq!(e.status, "Updating");
        assert_eq!(e.described, Detail::Known(settings));
    }
}
