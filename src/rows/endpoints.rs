//! SageMaker endpoints, and the variants of one endpoint with their traffic shares.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{Detail, Endpoint, Tag, Variant};
use crate::rows::{
    detail_cell, detail_field, detail_sort, detail_tone, or_dash, state_tone, PENDING, UNKNOWN,
};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fill("NAME", 22),
    Column::fixed("STATUS", 12),
    Column::fill("CONFIG", 18),
    Column::fill("VARIANTS (TRAFFIC)", 22),
    Column::fixed("INSTANCES", 18),
    Column::fixed("CREATED", 9),
];

/// "blue 70% · green 30%".
pub fn variant_shares(e: &Endpoint) -> String {
    if e.variants().is_empty() {
        return "-".to_owned();
    }
    e.variants()
        .iter()
        .map(|v| format!("{} {}", v.name, format::percent(e.share_percent(v))))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "ml.m5.xlarge×2", or "3 on 2 types" when variants differ; "×0 of 1"
/// while fewer run than are configured; "?×2" while the config (and so
/// the instance types) is unknown.
fn instances(e: &Endpoint) -> String {
    let mut types: Vec<&str> = e
        .variants()
        .iter()
        .filter_map(Variant::instance_type)
        .collect();
    types.sort_unstable();
    types.dedup();
    let (running, configured) = (e.instance_count(), e.configured_instance_count());
    let count = if running == configured {
        running.to_string()
    } else {
        format!("{running} of {configured}")
    };
    match e.config() {
        Detail::Known(_) => {}
        Detail::Pending => return format!("{PENDING}×{count}"),
        Detail::Unknown(_) => return format!("{UNKNOWN}×{count}"),
    }
    match types.as_slice() {
        [] => "-".to_owned(),
        [one] => format!("{one}×{count}"),
        many => format!("{count} on {} types", many.len()),
    }
}

/// A variant's model or instance type: `?` while its config is unknown.
fn configured<'a>(v: &'a Variant, field: fn(&'a Variant) -> Option<&'a str>) -> Cow<'a, str> {
    detail_cell(&v.configured, |_| or_dash(field(v)))
}

impl Row for Endpoint {
    const NOUN: &'static str = "endpoint";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let described = &self.described;
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.status),
            2 => detail_cell(described, |s| Cow::Borrowed(&s.config_name)),
            3 => detail_cell(described, |_| Cow::Owned(variant_shares(self))),
            4 => detail_cell(described, |_| Cow::Owned(instances(self))),
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => state_tone(&self.status),
            2 | 3 => detail_tone(&self.described, |_| Tone::Plain),
            4 => detail_tone(&self.config(), |_| Tone::Plain),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let described = &self.described;
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.status),
            2 => detail_sort(described, |s| SortKey::Text(&s.config_name)),
            3 => detail_sort(described, |s| SortKey::Num(s.variants.len() as f64)),
            4 => detail_sort(described, |_| {
                SortKey::Num(f64::from(self.instance_count()))
            }),
            _ => SortKey::time(self.created),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[2, 3, 4]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let described = &self.described;
        let config = self.config();
        let mut fields = vec![
            ("Name", self.name.clone()),
            ("ARN", self.arn.clone()),
            ("Status", self.status.clone()),
            (
                "Failure reason",
                detail_field(described, |s| {
                    or_dash(s.failure_reason.as_deref()).into_owned()
                }),
            ),
            ("Config", detail_field(described, |s| s.config_name.clone())),
            ("Traffic", detail_field(described, |_| variant_shares(self))),
            ("Instances", detail_field(described, |_| instances(self))),
            (
                "KMS key",
                detail_field(&config, |c| or_dash(c.kms_key_id.as_deref()).into_owned()),
            ),
            (
                "Data capture",
                detail_field(described, |s| {
                    if s.data_capture {
                        "enabled"
                    } else {
                        "disabled"
                    }
                    .to_owned()
                }),
            ),
            ("Created", format::timestamp(self.created)),
            ("Last modified", format::timestamp(self.last_modified)),
        ];
        for v in self.variants() {
            fields.push((
                "Variant",
                format!(
                    "{}: weight {} ({}), {}×{}, model {}",
                    v.name,
                    v.current_weight,
                    format::percent(self.share_percent(v)),
                    configured(v, Variant::instance_type),
                    v.current_instance_count,
                    configured(v, Variant::model_name),
                ),
            ));
        }
        fields.push(("Tags", detail_field(&self.tags, |t| t.len().to_string())));
        fields
    }

    fn tags(&self) -> &[Tag] {
        self.tags.known_or_empty()
    }
}

/// A variant with its share of the endpoint's traffic (which needs every variant's weight).
#[derive(Debug, Clone, PartialEq)]
pub struct VariantRow {
    pub variant: Variant,
    pub share_percent: f64,
}

impl VariantRow {
    /// The rows of one endpoint's variants, in its order, each with its share.
    pub fn of(variants: Vec<Variant>) -> Vec<VariantRow> {
        let weights: Vec<f64> = variants.iter().map(|v| v.current_weight).collect();
        variants
            .into_iter()
            .map(|variant| VariantRow {
                share_percent: crate::model::traffic_share(variant.current_weight, &weights),
                variant,
            })
            .collect()
    }
}

const VARIANT_COLUMNS: &[Column] = &[
    Column::fill("VARIANT", 14),
    Column::fill("MODEL", 18),
    Column::fixed("INSTANCE TYPE", 15),
    Column::fixed("INSTANCES", 9),
    Column::fixed("WEIGHT", 7),
    Column::fixed("TRAFFIC", 7),
    Column::fixed("DESIRED", 13),
];

impl Row for VariantRow {
    const NOUN: &'static str = "variant";

    fn columns() -> &'static [Column] {
        VARIANT_COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        let v = &self.variant;
        match col {
            0 => Cow::Borrowed(&v.name),
            1 => configured(v, Variant::model_name),
            2 => configured(v, Variant::instance_type),
            3 => Cow::Owned(v.current_instance_count.to_string()),
            4 => Cow::Owned(format!("{}", v.current_weight)),
            5 => Cow::Owned(format::percent(self.share_percent)),
            _ => Cow::Owned(format!(
                "w {} · n {}",
                v.desired_weight, v.desired_instance_count
            )),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        let v = &self.variant;
        match col {
            6 if v.desired_weight != v.current_weight
                || v.desired_instance_count != v.current_instance_count =>
            {
                Tone::Warn
            }
            5 if self.share_percent == 0.0 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let v = &self.variant;
        match col {
            0 => SortKey::Text(&v.name),
            1 => SortKey::opt_text(v.model_name()),
            2 => SortKey::opt_text(v.instance_type()),
            3 => SortKey::Num(f64::from(v.current_instance_count)),
            4 => SortKey::Num(v.current_weight),
            5 => SortKey::Num(self.share_percent),
            _ => SortKey::Num(v.desired_weight),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(
            self.variant.endpoint.clone(),
        )]
    }

    fn title(&self) -> String {
        self.variant.name.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let v = &self.variant;
        vec![
            ("Endpoint", v.endpoint.clone()),
            ("Variant", v.name.clone()),
            (
                "Model",
                detail_field(&v.configured, |_| or_dash(v.model_name()).into_owned()),
            ),
            (
                "Instance type",
                detail_field(&v.configured, |_| or_dash(v.instance_type()).into_owned()),
            ),
            ("Current weight", v.current_weight.to_string()),
            ("Traffic share", format::percent(self.share_percent)),
            ("Desired weight", v.desired_weight.to_string()),
            ("Current instances", v.current_instance_count.to_string()),
            ("Desired instances", v.desired_instance_count.to_string()),
        ]
    }
}
