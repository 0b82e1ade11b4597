//! One line of the cost radar as a table row: Studio apps, endpoint
//! variants and training jobs with their estimated $/hour and month-to-date.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::requests::AppRef;
use crate::ops::op::Op;
use crate::rows::costs::CostRow;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for CostRow {
    /// `x` stops the marked apps (or the selected one) with one DeleteApp
    /// each; endpoints and training jobs among the marked rows are not apps
    /// and are left out (the confirmation lists exactly what is sent).
    fn rows_action(cmd: Command, rows: &[&Self], _list: Option<&LoadRequest>) -> Option<Op> {
        if cmd != Command::Delete {
            return None;
        }
        let apps: Vec<AppRef> = rows.iter().filter_map(|r| r.0.app.clone()).collect();
        (!apps.is_empty()).then_some(Op::StopApps { apps })
    }

    /// The costs pane builds its rows from the report itself.
    fn take(_payload: Payload) -> Option<Vec<Self>> {
        None
    }
}
