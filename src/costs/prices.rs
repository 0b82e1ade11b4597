//! The dated price table: on-demand $/hour per region, kind of use and
//! instance type, from `assets/prices/sagemaker.toml` (embedded), a file of
//! the user's (`[costs] price_file`) or overrides in the config file.
//!
//! Every figure is an estimate: the table says how old it is (`as_of`) and
//! the UI shows that date next to every total.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

/// The table that ships with dsadmin.
pub const BUILTIN_PRICES: &str = include_str!("../../assets/prices/sagemaker.toml");

/// What messages call the embedded table in place of a file name.
pub const BUILTIN_LABEL: &str = "<built-in price table>";

/// Which price list an instance is billed from: SageMaker prices the same
/// instance type differently for notebooks, hosting and training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PriceKind {
    Studio,
    Endpoint,
    Training,
}

impl PriceKind {
    pub const ALL: [PriceKind; 3] = [PriceKind::Studio, PriceKind::Endpoint, PriceKind::Training];

    /// The section name in price files and `[costs.prices.REGION]`.
    pub fn key(self) -> &'static str {
        match self {
            PriceKind::Studio => "studio",
            PriceKind::Endpoint => "endpoint",
            PriceKind::Training => "training",
        }
    }
}

/// Prices by region, kind and instance type, with the date they were read.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    pub as_of: NaiveDate,
    pub currency: String,
    /// Where the table came from (a path or [`BUILTIN_LABEL`]).
    pub source: String,
    prices: BTreeMap<(String, PriceKind, String), f64>,
    /// How many prices the config file overrode (shown beside the date).
    pub overridden: usize,
}

// Every price is checked finite when it enters the table, so equality is total.
impl Eq for PriceTable {}

/// A price file dsadmin cannot use, located at the line and column of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceFileError {
    pub path: String,
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for PriceFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PriceFileError {}

/// One region's sections as written in a file (or a config's overrides).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawRegionPrices {
    pub studio: BTreeMap<String, Spanned<f64>>,
    pub endpoint: BTreeMap<String, Spanned<f64>>,
    pub training: BTreeMap<String, Spanned<f64>>,
}

impl RawRegionPrices {
    /// Every entry with its kind, in kind order.
    pub fn entries(&self) -> impl Iterator<Item = (PriceKind, &String, &Spanned<f64>)> {
        PriceKind::ALL.into_iter().flat_map(move |kind| {
            let section = match kind {
                PriceKind::Studio => &self.studio,
                PriceKind::Endpoint => &self.endpoint,
                PriceKind::Training => &self.training,
            };
            section.iter().map(move |(k, v)| (kind, k, v))
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPriceFile {
    as_of: Spanned<toml::value::Datetime>,
    currency: String,
    regions: BTreeMap<String, RawRegionPrices>,
}

/// Why a price entry cannot be used, or `None` when it is fine. Shared by
/// price files and config overrides so both refuse the same things.
pub fn entry_problem(region: &str, instance_type: &str, price: f64) -> Option<String> {
    if !valid_region(region) {
        return Some(format!(
            "\"{region}\" is not an AWS region name (like eu-west-2)"
        ));
    }
    if !valid_instance_type(instance_type) {
        return Some(format!(
            "\"{instance_type}\" is not a SageMaker instance type (like ml.m5.large)"
        ));
    }
    if !price.is_finite() || price < 0.0 {
        return Some(format!(
            "the price of {instance_type} must be a number of dollars per hour, 0 or more (got {price})"
        ));
    }
    // Catches prices typed per month or in cents: no instance costs this much.
    if price > 1000.0 {
        return Some(format!(
            "the price of {instance_type} is {price} $/hour; prices are per instance-hour (is it a monthly figure?)"
        ));
    }
    None
}

/// `eu-west-2`, `us-gov-west-1`, `ap-southeast-3` …
fn valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `ml.FAMILY.SIZE`, or `system` (the free instance of a JupyterServer app).
fn valid_instance_type(t: &str) -> bool {
    if t == "system" {
        return true;
    }
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() == 3
        && parts[0] == "ml"
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

impl PriceTable {
    /// The embedded table.
    pub fn builtin() -> Result<PriceTable, PriceFileError> {
        PriceTable::parse(BUILTIN_PRICES, BUILTIN_LABEL)
    }

    /// A table without prices (every price unknown); `source` says why.
    pub fn empty(source: String) -> PriceTable {
        PriceTable {
            as_of: NaiveDate::MIN,
            currency: "USD".to_owned(),
            source,
            prices: BTreeMap::new(),
            overridden: 0,
        }
    }

    /// Parses a price file's text; `label` names it in errors.
    pub fn parse(text: &str, label: &str) -> Result<PriceTable, PriceFileError> {
        let at = |span: Option<Range<usize>>, message: String| PriceFileError {
            path: label.to_owned(),
            location: span.map(|s| line_col(text, s.start)),
            message,
        };
        let raw: RawPriceFile =
            toml::from_str(text).map_err(|e| at(e.span(), e.message().trim_end().to_owned()))?;
        let date = raw.as_of.get_ref();
        let as_of = match (date.date, date.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
            }
            _ => None,
        }
        .ok_or_else(|| {
            at(
                Some(raw.as_of.span()),
                "as_of must be a date without a time, like 2026-11-01".to_owned(),
            )
        })?;
        let mut table = PriceTable {
            as_of,
            currency: raw.currency,
            source: label.to_owned(),
            prices: BTreeMap::new(),
            overridden: 0,
        };
        for (region, sections) in &raw.regions {
            for (kind, itype, price) in sections.entries() {
                if let Some(problem) = entry_problem(region, itype, *price.get_ref()) {
                    return Err(at(Some(price.span()), problem));
                }
                table.set(region, kind, itype, *price.get_ref());
            }
        }
        Ok(table)
    }

    /// Sets one price (callers validate with [`entry_problem`] first).
    pub fn set(&mut self, region: &str, kind: PriceKind, instance_type: &str, price: f64) {
        self.prices
            .insert((region.to_owned(), kind, instance_type.to_owned()), price);
    }

    /// The on-demand $/hour, or `None` when the table does not know it.
    pub fn price(&self, region: &str, kind: PriceKind, instance_type: &str) -> Option<f64> {
        self.prices
            .get(&(region.to_owned(), kind, instance_type.to_owned()))
            .copied()
    }

    /// Whether the table has any price for `region`.
    pub fn has_region(&self, region: &str) -> bool {
        self.prices.keys().any(|(r, _, _)| r == region)
    }

    pub fn len(&self) -> usize {
        self.prices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_parses_and_prices_the_demo_region() {
        let t = PriceTable::builtin().unwrap();
        assert_eq!(t.as_of, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(t.currency, "USD");
        assert_eq!(
            t.price("us-east-1", PriceKind::Studio, "ml.t3.medium"),
            Some(0.05)
        );
        assert_eq!(t.price("eu-west-2", PriceKind::Studio, "system"), Some(0.0));
        assert_eq!(
            t.price("eu-west-2", PriceKind::Training, "ml.c5.9xlarge"),
            Some(2.1298)
        );
        assert_eq!(
            t.price("eu-west-2", PriceKind::Endpoint, "ml.c5.9xlarge"),
            None
        );
        assert_eq!(
            t.price("mars-north-1", PriceKind::Studio, "ml.t3.medium"),
            None
        );
        // Every instance type the demo estate runs has a price there.
        for (kind, itype) in [
            (PriceKind::Studio, "ml.g5.2xlarge"),
            (PriceKind::Studio, "ml.c5.4xlarge"),
            (PriceKind::Endpoint, "ml.c5.2xlarge"),
            (PriceKind::Endpoint, "ml.r5.xlarge"),
            (PriceKind::Training, "ml.m5.4xlarge"),
        ] {
            assert!(t.price("eu-west-2", kind, itype).is_some(), "{itype}");
        }
    }

    #[test]
    fn a_bad_price_is_an_error_at_its_line() {
        let text = "as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.eu-west-2.studio]\n\"ml.t3.medium\" = -1.0\n";
        let e = PriceTable::parse(text, "prices.toml").unwrap_err();
        assert_eq!(e.location, Some((4, 18)));
        assert!(
            e.to_string()
                .starts_with("prices.toml:4:18: the price of ml.t3.medium"),
            "{e}"
        );
    }

    #[test]
    fn malformed_files_name_the_line() {
        let cases = [
            ("as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.eu-west-2.studio]\n\"ml.t3.medium\" = \"cheap\"\n", 4, "invalid type"),
            ("as_of = 2026-11-01T10:00:00Z\ncurrency = \"USD\"\n[regions]\n", 1, "as_of must be a date"),
            ("as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.eu-west-2.notebooks]\n", 3, "unknown field"),
            ("as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.eu-west-2.studio]\n\"m5.large\" = 0.1\n", 4, "not a SageMaker instance type"),
            ("as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.london.studio]\n\"ml.m5.large\" = 0.1\n", 4, "not an AWS region"),
            ("as_of = 2026-11-01\ncurrency = \"USD\"\n[regions.eu-west-2.studio]\n\"ml.m5.large\" = 83.5e3\n", 4, "monthly"),
            ("as_of = 2026-11-01\n[regions]\n", 1, "missing field `currency`"),
        ];
        for (text, line, words) in cases {
            let e = PriceTable::parse(text, "p.toml").unwrap_err();
            assert_eq!(e.location.map(|l| l.0), Some(line), "{e}");
            assert!(e.message.contains(words), "{e}");
        }
    }

    #[test]
    fn names_are_checked() {
        assert!(valid_region("us-gov-west-1") && valid_region("eu-west-2"));
        assert!(!valid_region("eu-west") && !valid_region("EU-west-2"));
        assert!(valid_instance_type("ml.g4dn.12xlarge") && valid_instance_type("system"));
        assert!(!valid_instance_type("ml.m5") && !valid_instance_type("m5.large.x"));
    }
}
