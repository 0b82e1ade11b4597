//! Studio lifecycle configurations (`:lifecycle`): Enter shows a
//! configuration's script line by line, `/` searches it.
//!
//! The TUI side of these rows: drill-downs and payloads; their columns and
//! cells are in `rows::lifecycle`, shared with `dsadmin get`.

use crate::rows::lifecycle::{LifecycleRow, ScriptLine};
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for LifecycleRow {
    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::LifecycleScript {
                name: self.config.name.clone(),
            },
            format!("{} › script", self.config.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::LifecycleConfigs(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for ScriptLine {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::ScriptLines(v) => Some(v),
            _ => None,
        }
    }
}
