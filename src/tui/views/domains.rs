//! Studio domains.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::model::{Domain, Enriched};
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for Domain {
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        serde_json::to_value(rows).ok()
    }

    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn merge_filled(&mut self, newer: Self) {
        self.merge(newer);
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Domains(v) => Some(v),
            _ => None,
        }
    }
}
