//! Idle shutdown explained (`:idle`): apps past their limit first, with
//! the likely reasons; `d` shows them all.
//!
//! The TUI side of these rows: payloads only; their columns and cells are
//! in `rows::idle`, shared with `dsadmin get`.

use crate::rows::idle::IdleRow;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for IdleRow {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Idle(v) => Some(v),
            _ => None,
        }
    }
}
