//! Execution roles (`:roles`): Enter shows one role line by line (what
//! runs as it, each policy, each S3 grant), its policies read again.
//!
//! The TUI side of these rows; their columns and cells are in
//! `rows::roles`, shared with `dsadmin get roles`.

use crate::rows::roles::{RoleLine, RoleRow};
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for RoleRow {
    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::RoleDetail {
                arn: self.arn.clone(),
                uses: self.used_by.clone(),
                require_tag: self.require_tag.clone(),
            },
            format!("{} › detail", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Roles(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for RoleLine {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::RoleLines(v) => Some(v),
            _ => None,
        }
    }
}
