//! The `:team` list: Enter opens a member's apps and spaces, as on Users.

use crate::rows::team::TeamRow;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for TeamRow {
    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::ProfileItems {
                domain_id: self.member.domain_id.clone(),
                user: self.member.user.clone(),
            },
            format!("{} › apps & spaces", self.member.user),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Team(v) => Some(v),
            _ => None,
        }
    }
}
