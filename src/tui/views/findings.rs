//! The Findings pane (`:findings`): posture findings worst first, and the
//! rules that could not be checked, with why.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::rows::findings::FindingRow;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for FindingRow {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Findings(v) => Some(v),
            _ => None,
        }
    }
}
