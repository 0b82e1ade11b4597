//! The `[costs]` section: idle limits, the price table (built-in or
//! `price_file`) and per-region price overrides, each checked at load with
//! the file and line of a bad value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;

use super::locate::{find_key, line_col, Doc};
use super::{Settings, SettingsError};
use crate::costs::prices::{entry_problem, PriceTable, RawRegionPrices};
use crate::costs::report::IdleLimits;

/// Apps running longer than this are idle candidates unless the config says otherwise.
pub const DEFAULT_APP_IDLE_HOURS: u32 = 24;
/// Endpoints without invocations for this many days are idle candidates.
pub const DEFAULT_ENDPOINT_IDLE_DAYS: u32 = 7;

/// What `:costs` and `dsadmin costs` estimate with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostSettings {
    pub limits: IdleLimits,
    pub prices: PriceTable,
    /// Where the apps seen running this month are kept (month to date of
    /// stopped apps): [`crate::costs::seen::default_path`].
    pub seen_apps: Option<PathBuf>,
}

impl CostSettings {
    /// The built-in table and default limits. Should the embedded table
    /// ever fail to parse (a unit test parses it), every price is unknown
    /// and the table's source says why, rather than dsadmin not starting.
    pub fn builtin() -> CostSettings {
        CostSettings {
            limits: IdleLimits {
                app_hours: DEFAULT_APP_IDLE_HOURS,
                endpoint_days: DEFAULT_ENDPOINT_IDLE_DAYS,
            },
            prices: PriceTable::builtin().unwrap_or_else(|e| PriceTable::empty(e.to_string())),
            seen_apps: crate::costs::seen::default_path(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawCosts {
    app_idle_hours: Option<Spanned<i64>>,
    endpoint_idle_days: Option<Spanned<i64>>,
    price_file: Option<Spanned<PathBuf>>,
    prices: BTreeMap<String, RawRegionPrices>,
}

impl Settings {
    pub(super) fn merge_costs(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        raw: RawCosts,
    ) -> Result<(), SettingsError> {
        let invalid = |segments: &[&str], start: Option<usize>, message: String| {
            let segments: Vec<String> = segments.iter().map(|s| (*s).to_owned()).collect();
            let start = start.or_else(|| find_key(tree, &segments).map(|r| r.start));
            SettingsError::Invalid {
                path: doc.path.to_path_buf(),
                location: start.map(|offset| line_col(doc.text, offset)),
                message,
                key: Some(segments.join(".")),
            }
        };
        let limit = |value: &Spanned<i64>, key: &str, max: i64, unit: &str| {
            let v = *value.get_ref();
            if (1..=max).contains(&v) {
                Ok(v as u32)
            } else {
                Err(invalid(
                    &["costs", key],
                    Some(value.span().start),
                    format!("{v} is out of range: {key} must be 1-{max} {unit}"),
                ))
            }
        };
        if let Some(v) = &raw.app_idle_hours {
            self.costs.limits.app_hours = limit(v, "app_idle_hours", 8760, "hours")?;
        }
        if let Some(v) = &raw.endpoint_idle_days {
            // CloudWatch keeps daily datapoints for 455 days.
            self.costs.limits.endpoint_days = limit(v, "endpoint_idle_days", 455, "days")?;
        }
        if let Some(file) = &raw.price_file {
            let path = resolve(doc.path, file.get_ref());
            let text = std::fs::read_to_string(&path).map_err(|e| {
                invalid(
                    &["costs", "price_file"],
                    Some(file.span().start),
                    format!("cannot read price file {}: {e}", path.display()),
                )
            })?;
            let label = path.display().to_string();
            self.costs.prices =
                PriceTable::parse(&text, &label).map_err(|e| SettingsError::Invalid {
                    path: path.clone(),
                    location: e.location,
                    message: e.message,
                    key: None,
                })?;
        }
        for (region, sections) in &raw.prices {
            for (kind, itype, price) in sections.entries() {
                if let Some(problem) = entry_problem(region, itype, *price.get_ref()) {
                    return Err(invalid(
                        &["costs", "prices", region, kind.key(), itype],
                        Some(price.span().start),
                        problem,
                    ));
                }
                self.costs.prices.set(region, kind, itype, *price.get_ref());
                self.costs.prices.overridden += 1;
            }
        }
        Ok(())
    }
}

/// A relative price file is read from beside the config file that names it.
fn resolve(config: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        return file.to_path_buf();
    }
    config
        .parent()
        .map_or_else(|| file.to_path_buf(), |dir| dir.join(file))
}
