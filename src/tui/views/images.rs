//! ECR repositories of custom Studio images, and the images in one repository.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::{EcrRepository, Image};
use crate::ops::op::Op;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for EcrRepository {
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        serde_json::to_value(rows).ok()
    }

    fn merge_filled(&mut self, newer: Self) {
        crate::model::Enriched::merge(self, newer);
    }

    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::Images {
                repository: self.name.clone(),
            },
            format!("{} › images", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::EcrRepositories(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for Image {
    fn merge_filled(&mut self, newer: Self) {
        crate::model::Enriched::merge(self, newer);
    }

    fn settled_stamp(&self) -> Option<String> {
        crate::inventory::settled_stamp(self)
    }

    fn in_transition(&self) -> bool {
        matches!(self.scan_status(), Some("IN_PROGRESS" | "PENDING"))
    }

    /// Scan by digest (what the row is; a tag can move), unless a scan is
    /// already running (ECR would refuse it).
    fn action(&self, cmd: Command) -> Option<Op> {
        match cmd {
            Command::Start if self.scan_status() != Some("IN_PROGRESS") => {
                Some(Op::StartImageScan {
                    repository: self.repository.clone(),
                    image: self.digest.clone(),
                })
            }
            _ => None,
        }
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Images(v) => Some(v),
            _ => None,
        }
    }
}
