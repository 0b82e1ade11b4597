//! SageMaker endpoints, and the variants of one endpoint with their traffic shares.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::model::{Endpoint, Enriched};
use crate::rows::endpoints::VariantRow;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::pane::Subject;
use crate::tui::widgets::table::TableRow;

impl TableRow for Endpoint {
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        serde_json::to_value(rows).ok()
    }

    fn in_transition(&self) -> bool {
        matches!(
            self.status.as_str(),
            "Creating" | "Updating" | "SystemUpdating" | "RollingBack" | "Deleting"
        )
    }

    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn merge_filled(&mut self, newer: Self) {
        self.merge(newer);
    }

    fn subject(&self) -> Option<Subject> {
        Some(Subject::Endpoint(Box::new(self.clone())))
    }

    /// An endpoint writes as long as it serves: its logs are followed.
    fn logs(&self) -> Option<(crate::model::log::LogSource, bool)> {
        Some((
            crate::model::log::LogSource::Endpoint {
                name: self.name.clone(),
            },
            true,
        ))
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::Variants {
                endpoint: self.name.clone(),
            },
            format!("{} › variants", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Endpoints(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for VariantRow {
    /// A variant's instances write to their endpoint's log group.
    fn logs(&self) -> Option<(crate::model::log::LogSource, bool)> {
        Some((
            crate::model::log::LogSource::Endpoint {
                name: self.variant.endpoint.clone(),
            },
            true,
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Variants(variants) => Some(VariantRow::of(variants)),
            _ => None,
        }
    }
}
