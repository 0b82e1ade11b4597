//! User profiles, and the drill-down into one profile's apps and spaces.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::requests::AppRef;
use crate::model::{ProfileItem, UserProfile};
use crate::ops::op::Op;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::pane::Subject;
use crate::tui::widgets::table::TableRow;

impl TableRow for UserProfile {
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        serde_json::to_value(rows).ok()
    }

    fn in_transition(&self) -> bool {
        matches!(self.status.as_str(), "Pending" | "Deleting" | "Updating")
    }

    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn merge_filled(&mut self, newer: Self) {
        crate::model::Enriched::merge(self, newer);
    }

    fn subject(&self) -> Option<Subject> {
        Some(Subject::User(Box::new(self.clone())))
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::ProfileItems {
                domain_id: self.domain_id.clone(),
                user: self.name.clone(),
            },
            format!("{} › apps & spaces", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Users(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for ProfileItem {
    fn in_transition(&self) -> bool {
        let status = match self {
            ProfileItem::App(app) => app.status.as_str(),
            ProfileItem::Space(space) => space.status.as_str(),
        };
        matches!(status, "Pending" | "Deleting" | "Updating")
    }

    /// `delete` on an app that still runs (or failed): DeleteApp stops it.
    /// An app already Deleting or Deleted has nothing left to stop.
    fn action(&self, cmd: Command) -> Option<Op> {
        match (self, cmd) {
            (ProfileItem::App(app), Command::Delete)
                if !matches!(app.status.as_str(), "Deleting" | "Deleted") =>
            {
                Some(Op::DeleteApp {
                    app: AppRef::of(app)?,
                    listed_for: app.user_profile.clone(),
                })
            }
            _ => None,
        }
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::ProfileItems(v) => Some(v),
            _ => None,
        }
    }
}
