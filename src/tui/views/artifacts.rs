//! CodeArtifact: repositories (with upstreams), their packages, and versions.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::{ArtifactRepository, OriginRestrictions, OriginRule, Package, PackageVersion};
use crate::ops::op::Op;
use crate::ops::packages::StatusAction;
use crate::ops::version_change::VersionChange;
use crate::tui::intent::Intent;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::widgets::table::TableRow;

impl TableRow for ArtifactRepository {
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
            LoadRequest::Packages {
                domain: self.domain.clone(),
                repository: self.name.clone(),
            },
            format!("{}/{} › packages", self.domain, self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::ArtifactRepositories(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for Package {
    fn intent(&self, cmd: Command) -> Option<Intent> {
        match cmd {
            Command::Origin => Some(Intent::EditOrigin {
                address: self.address(),
                // A package listed without restrictions gets CodeArtifact's
                // default for a new package: both allowed.
                current: self.origin_restrictions().unwrap_or(OriginRestrictions {
                    publish: OriginRule::Allow,
                    upstream: OriginRule::Allow,
                }),
            }),
            _ => None,
        }
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::PackageVersions {
                domain: self.domain.clone(),
                repository: self.repository.clone(),
                package: Box::new(self.clone()),
            },
            format!("{} › versions", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Packages(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for PackageVersion {
    fn rows_action(cmd: Command, rows: &[&Self], list: Option<&LoadRequest>) -> Option<Op> {
        let action = match cmd {
            Command::Approve => StatusAction::Approve,
            Command::Unlist => StatusAction::Unlist,
            Command::Archive => StatusAction::Archive,
            _ => return None,
        };
        let Some(LoadRequest::PackageVersions { package, .. }) = list else {
            return None;
        };
        VersionChange::of(package.address(), action, rows)
            .map(|change| Op::SetVersionsStatus(Box::new(change)))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::PackageVersions(v) => Some(v),
            _ => None,
        }
    }
}
