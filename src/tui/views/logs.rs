//! Log lines (`l`): rows to read and filter (`/`); Enter or `d` shows one
//! whole.

use crate::model::log::LogEvent;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for LogEvent {
    /// Oldest first, as written (a traceback reads top to bottom), opened
    /// at the newest line and following new ones.
    fn tails() -> bool {
        true
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Logs(v) => Some(v),
            _ => None,
        }
    }
}
