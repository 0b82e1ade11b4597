//! Approve, unlist or archive package versions from the versions pane: the
//! marked versions (or the selected one) become one UpdatePackageVersionsStatus
//! request per status they show, each with that status as `expectedStatus`.
//!
//! Why one request per status group rather than refusing a mixed selection:
//! `expectedStatus` is one value per request, and sending each version with
//! the status the admin saw is what makes the change conditional — a
//! version someone changed in between comes back failed (MISMATCHED_STATUS)
//! instead of being overwritten. Versions already at the target status are
//! left out (and named), since the request would change nothing for them.

use crate::audit::OpError;
use crate::model::{PackageVersion, StatusChange, VersionStatus};
use crate::ops::context::OpsContext;
use crate::ops::packages::{self, PackageAddress, StatusAction, MAX_VERSIONS};
use crate::policy::Effect;

/// The versions of one package to move to `action`'s status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionChange {
    pub address: PackageAddress,
    pub action: StatusAction,
    /// One request each: the status the versions show now (sent as
    /// expectedStatus) and the versions, at most 100.
    pub groups: Vec<(VersionStatus, Vec<String>)>,
    /// Versions left out because they already have the target status.
    pub skipped: Vec<String>,
}

impl VersionChange {
    /// The change for `rows`, or `None` when none of them would change (all
    /// already at the target) — the key then does not apply, and its hint
    /// is hidden.
    pub fn of(
        address: PackageAddress,
        action: StatusAction,
        rows: &[&PackageVersion],
    ) -> Option<VersionChange> {
        let target = action.target();
        let mut groups: Vec<(VersionStatus, Vec<String>)> = Vec::new();
        let mut skipped = Vec::new();
        for row in rows {
            // A status the model does not know cannot be expected: leave the
            // version out rather than send it unconditionally.
            let Ok(status) = row.status.parse::<VersionStatus>() else {
                skipped.push(row.version.clone());
                continue;
            };
            if status == target {
                skipped.push(row.version.clone());
                continue;
            }
            match groups
                .iter_mut()
                .find(|(s, v)| *s == status && v.len() < MAX_VERSIONS)
            {
                Some((_, versions)) => versions.push(row.version.clone()),
                None => groups.push((status, vec![row.version.clone()])),
            }
        }
        (!groups.is_empty()).then_some(VersionChange {
            address,
            action,
            groups,
            skipped,
        })
    }

    /// Every version that is sent.
    pub fn versions(&self) -> Vec<String> {
        self.groups.iter().flat_map(|(_, v)| v.clone()).collect()
    }

    /// The gate's and the journal's view: the whole change as one effect
    /// (each request is journaled on its own when it runs).
    pub fn effect(&self) -> Effect {
        let a = &self.address;
        Effect::UpdatePackageVersionsStatus {
            domain: a.domain.clone(),
            repository: a.repository.clone(),
            format: a.package.format.clone(),
            namespace: a.package.namespace.clone(),
            package: a.package.name.clone(),
            versions: self.versions(),
            target_status: self.action.target().as_str().to_owned(),
            expected_status: self.groups.first().map(|(s, _)| s.as_str().to_owned()),
        }
    }

    pub fn question(&self) -> String {
        let n = self.versions().len();
        format!(
            "{} {n} version{} of {} package {} in {}/{} (set {} {})?",
            capitalised(self.action.verb()),
            if n == 1 { "" } else { "s" },
            self.address.package.format,
            self.address.package.display_name(),
            self.address.domain,
            self.address.repository,
            if n == 1 { "it" } else { "them" },
            self.action.target()
        )
    }

    /// What the request fields do not say on their own.
    pub fn details(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.groups.len() > 1 {
            lines.push(format!(
                "{} requests, one per current status: each changes only versions that still have the status shown.",
                self.groups.len()
            ));
        }
        if !self.skipped.is_empty() {
            lines.push(format!(
                "Left out (already {}): {}",
                self.action.target(),
                self.skipped.join(", ")
            ));
        }
        if self.action == StatusAction::Archive {
            lines.push("Archived versions can no longer be installed.".to_owned());
        }
        lines
    }

    /// The request fields as sent, repeated per request.
    pub fn request(&self) -> Vec<(&'static str, String)> {
        let a = &self.address;
        let mut fields = vec![
            ("domain", a.domain.clone()),
            ("repository", a.repository.clone()),
            ("format", a.package.format.clone()),
        ];
        if let Some(ns) = &a.package.namespace {
            fields.push(("namespace", ns.clone()));
        }
        fields.push(("package", a.package.name.clone()));
        fields.push(("targetStatus", self.action.target().as_str().to_owned()));
        for (status, versions) in &self.groups {
            fields.push(("versions", format!("[{}]", versions.join(", "))));
            fields.push(("expectedStatus", status.as_str().to_owned()));
        }
        fields
    }

    /// Sends each request; the line lists what changed and, clearly, every
    /// version the service left alone and why. A request that fails after
    /// others succeeded is reported in the line (the earlier ones stand).
    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        let mut total = StatusChange::default();
        let mut request_ids = Vec::new();
        let mut broken = None;
        for (status, versions) in &self.groups {
            match packages::set_versions_status(
                ops,
                &self.address,
                versions,
                self.action,
                Some(*status),
            )
            .await
            {
                Ok(done) => {
                    total.succeeded.extend(done.value.succeeded);
                    total.failed.extend(done.value.failed);
                    request_ids.extend(done.request_id);
                }
                Err(e) if total.succeeded.is_empty() && total.failed.is_empty() => return Err(e),
                Err(e) => {
                    broken = Some(format!("the request for the {status} versions failed: {e}"));
                    break;
                }
            }
        }
        Ok(self.report(&total, &request_ids, broken))
    }

    fn report(&self, done: &StatusChange, ids: &[String], broken: Option<String>) -> String {
        let sent = self.versions().len();
        let mut line = format!(
            "{} {} of {sent} version{} of {}",
            past(self.action),
            done.succeeded.len(),
            if sent == 1 { "" } else { "s" },
            self.address.package.display_name()
        );
        if !ids.is_empty() {
            line.push_str(&format!(" (request id {})", ids.join(", ")));
        }
        if !done.failed.is_empty() {
            let failed: Vec<String> = done
                .failed
                .iter()
                .map(|f| format!("{} {} ({})", f.version, f.code, f.message))
                .collect();
            line.push_str(&format!("; NOT changed: {}", failed.join("; ")));
        }
        if let Some(broken) = broken {
            line.push_str(&format!("; {broken}"));
        }
        if !self.skipped.is_empty() {
            line.push_str(&format!(
                "; left out (already {}): {}",
                self.action.target(),
                self.skipped.join(", ")
            ));
        }
        line
    }
}

/// The verb's past tense for the result line.
fn past(action: StatusAction) -> &'static str {
    match action {
        StatusAction::Approve => "approved",
        StatusAction::Unlist => "unlisted",
        StatusAction::Archive => "archived",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FailedVersion, PackageRef};

    fn version(v: &str, status: &str) -> PackageVersion {
        PackageVersion {
            package: "requests".into(),
            version: v.into(),
            status: status.into(),
            origin: "EXTERNAL".into(),
            published: None,
            revision: None,
        }
    }

    fn address() -> PackageAddress {
        PackageAddress {
            domain: "corp".into(),
            repository: "approved-pypi".into(),
            package: PackageRef::new("pypi", None, "requests"),
        }
    }

    #[test]
    fn groups_by_the_status_shown_and_leaves_out_the_target() {
        let rows = [
            version("1.0", "Unlisted"),
            version("1.1", "Published"),
            version("1.2", "Unlisted"),
            version("1.3", "Archived"),
        ];
        let refs: Vec<&PackageVersion> = rows.iter().collect();
        let change = VersionChange::of(address(), StatusAction::Approve, &refs).unwrap();
        assert_eq!(
            change.groups,
            vec![
                (VersionStatus::Unlisted, vec!["1.0".into(), "1.2".into()]),
                (VersionStatus::Archived, vec!["1.3".into()]),
            ]
        );
        assert_eq!(change.skipped, vec!["1.1".to_owned()]);
        let request = change.request();
        assert_eq!(request[4], ("targetStatus", "Published".into()));
        assert_eq!(request[5], ("versions", "[1.0, 1.2]".into()));
        assert_eq!(request[6], ("expectedStatus", "Unlisted".into()));
        assert!(change.details()[0].starts_with("2 requests"));
        // Nothing to do: no op, so no hint.
        let published = [version("2.0", "Published")];
        assert!(VersionChange::of(address(), StatusAction::Approve, &[&published[0]]).is_none());
    }

    #[test]
    fn a_group_holds_at_most_100_versions() {
        let rows: Vec<PackageVersion> = (0..150)
            .map(|i| version(&format!("1.{i}"), "Published"))
            .collect();
        let refs: Vec<&PackageVersion> = rows.iter().collect();
        let change = VersionChange::of(address(), StatusAction::Unlist, &refs).unwrap();
        assert_eq!(change.groups.len(), 2);
        assert_eq!(change.groups[0].1.len(), 100);
        assert_eq!(change.groups[1].1.len(), 50);
    }

    #[test]
    fn the_report_names_every_failed_version() {
        let rows = [version("1.0", "Published"), version("1.1", "Published")];
        let change =
            VersionChange::of(address(), StatusAction::Archive, &[&rows[0], &rows[1]]).unwrap();
        let done = StatusChange {
            succeeded: Vec::new(),
            failed: vec![FailedVersion {
                version: "1.1".into(),
                code: "MISMATCHED_STATUS".into(),
                message: "current status is Unlisted, expected status is Published".into(),
            }],
        };
        assert_eq!(
            change.report(&done, &["r-1".into()], None),
            "archived 0 of 2 versions of requests (request id r-1); NOT changed: 1.1 MISMATCHED_STATUS (current status is Unlisted, expected status is Published)"
        );
        assert_eq!(
            change.question(),
            "Archive 2 versions of pypi package requests in corp/approved-pypi (set them Archived)?"
        );
    }
}
