//! The Model Registry (`:models`): groups drill into their versions; `a`
//! approves and `R` rejects a version, asking why first.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows::models`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::{Enriched, ModelPackageGroup, ModelPackageVersion};
use crate::ops::model_approval::{ApprovalChange, Verdict};
use crate::tui::intent::Intent;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for ModelPackageGroup {
    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn merge_filled(&mut self, newer: Self) {
        self.merge(newer);
    }

    /// New versions change nothing the group list returns: the rows in
    /// view are counted again at each refresh.
    fn refilled_in_view() -> bool {
        true
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::ModelPackages {
                group: self.name.clone(),
            },
            format!("{} › versions", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::ModelGroups(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for ModelPackageVersion {
    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn merge_filled(&mut self, newer: Self) {
        self.merge(newer);
    }

    /// Which endpoints serve a version changes without the version
    /// changing: the rows in view look again at each refresh.
    fn refilled_in_view() -> bool {
        true
    }

    /// `a` / `R`, unless the version already has that status (the hint
    /// bar then does not offer it).
    fn intent(&self, cmd: Command) -> Option<Intent> {
        let verdict = match cmd {
            Command::Approve => Verdict::Approve,
            Command::Reject => Verdict::Reject,
            _ => return None,
        };
        (self.approval != verdict.status()).then(|| {
            Intent::EditApproval(Box::new(ApprovalChange::of(self, verdict, String::new())))
        })
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::ModelPackages(v) => Some(v),
            _ => None,
        }
    }
}
