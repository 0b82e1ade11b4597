//! The audit journal (`:audit`): every change attempted, newest first.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::audit::AuditRecord;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for AuditRecord {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Audit(v) => Some(v),
            _ => None,
        }
    }
}
