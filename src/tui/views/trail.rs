//! The CloudTrail history list (`T`, `:trail`): `d` shows an event's
//! fields and its whole JSON, sanitised by the detail view.

use crate::model::trail::TrailEvent;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for TrailEvent {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Trail(v) => Some(v),
            _ => None,
        }
    }
}
