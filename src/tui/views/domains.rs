//! Studio domains.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::model::Domain;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for Domain {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Domains(v) => Some(v),
            _ => None,
        }
    }
}
