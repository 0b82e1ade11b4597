//! CodeArtifact curation: approve (Published), unlist or archive package
//! versions, conditionally on their current status so a change someone else
//! made in between is not overwritten; and allow or block a package's
//! publish and upstream origins. Both validate every name before any call
//! and go through the gate and the journal (see `day2.rs` for the shape).

use std::collections::HashSet;

use crate::audit::{Completed, OpError};
use crate::cloud::CloudResult;
use crate::model::{OriginRestrictions, PackageRef, StatusChange, VersionStatus};
use crate::policy::Effect;

use super::context::OpsContext;
use super::day2::{invalid, run};

/// UpdatePackageVersionsStatus takes at most 100 versions per call.
pub const MAX_VERSIONS: usize = 100;

/// The package formats CodeArtifact knows.
pub const FORMATS: [&str; 8] = [
    "cargo", "generic", "maven", "npm", "nuget", "pypi", "ruby", "swift",
];

/// Formats whose packages have no namespace.
const NO_NAMESPACE: [&str; 4] = ["cargo", "nuget", "pypi", "ruby"];

/// What an admin does to package versions, and the status each sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAction {
    /// Published: installable.
    Approve,
    /// Unlisted: still installable by exact version, hidden from listings.
    Unlist,
    /// Archived: no longer installable.
    Archive,
}

impl StatusAction {
    pub fn target(self) -> VersionStatus {
        match self {
            StatusAction::Approve => VersionStatus::Published,
            StatusAction::Unlist => VersionStatus::Unlisted,
            StatusAction::Archive => VersionStatus::Archived,
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            StatusAction::Approve => "approve",
            StatusAction::Unlist => "unlist",
            StatusAction::Archive => "archive",
        }
    }

    /// The past tense, for result lines ("2 of 2 version(s) unlisted").
    pub fn past(self) -> &'static str {
        match self {
            StatusAction::Approve => "approved",
            StatusAction::Unlist => "unlisted",
            StatusAction::Archive => "archived",
        }
    }
}

/// Where a package lives: CodeArtifact domain and repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageAddress {
    pub domain: String,
    pub repository: String,
    pub package: PackageRef,
}

impl PackageAddress {
    /// Checks the names against CodeArtifact's rules.
    pub fn validate(&self) -> CloudResult<()> {
        domain_name(&self.domain)?;
        repository_name(&self.repository)?;
        let p = &self.package;
        if !FORMATS.contains(&p.format.as_str()) {
            return Err(invalid(format!(
                "package format {:?} must be one of {}",
                p.format,
                FORMATS.join(", ")
            )));
        }
        if let Some(ns) = &p.namespace {
            if NO_NAMESPACE.contains(&p.format.as_str()) {
                return Err(invalid(format!(
                    "{} packages have no namespace (got {ns:?})",
                    p.format
                )));
            }
            coordinate("namespace", ns)?;
        }
        coordinate("package name", &p.name)
    }

    fn effect_parts(&self) -> (String, String, String, Option<String>, String) {
        (
            self.domain.clone(),
            self.repository.clone(),
            self.package.format.clone(),
            self.package.namespace.clone(),
            self.package.name.clone(),
        )
    }
}

/// Sets `versions` of one package to `action`'s status, only where they
/// still have `expected` (when given; the TUI passes the status it shows).
/// Versions the service refuses (MISMATCHED_STATUS, NOT_FOUND …) are in the
/// value's `failed` list: the call itself succeeded and is journaled so.
pub async fn set_versions_status(
    ops: &OpsContext,
    address: &PackageAddress,
    versions: &[String],
    action: StatusAction,
    expected: Option<VersionStatus>,
) -> Result<Completed<StatusChange>, OpError> {
    let target = action.target();
    let (domain, repository, format, namespace, package) = address.effect_parts();
    let effect = Effect::UpdatePackageVersionsStatus {
        domain,
        repository,
        format,
        namespace,
        package,
        versions: versions.to_vec(),
        target_status: target.as_str().to_owned(),
        expected_status: expected.map(|s| s.as_str().to_owned()),
    };
    run(ops, &effect, || async move {
        address.validate()?;
        validate_versions(versions)?;
        if expected == Some(target) {
            return Err(invalid(format!(
                "the versions are expected to be {target} already: nothing would change"
            )));
        }
        ops.cloud
            .codeartifact
            .update_package_versions_status(
                &address.domain,
                &address.repository,
                &address.package,
                versions,
                target,
                expected,
            )
            .await
    })
    .await
}

/// Allows or blocks publishing and upstream origins of one package (also
/// for a package the repository does not hold yet); the value is what the
/// service now applies.
pub async fn set_origin(
    ops: &OpsContext,
    address: &PackageAddress,
    restrictions: OriginRestrictions,
) -> Result<Completed<OriginRestrictions>, OpError> {
    let (domain, repository, format, namespace, package) = address.effect_parts();
    let effect = Effect::PutPackageOriginConfiguration {
        domain,
        repository,
        format,
        namespace,
        package,
        publish: restrictions.publish.as_str().to_owned(),
        upstream: restrictions.upstream.as_str().to_owned(),
    };
    run(ops, &effect, || async move {
        address.validate()?;
        ops.cloud
            .codeartifact
            .put_package_origin_configuration(
                &address.domain,
                &address.repository,
                &address.package,
                restrictions,
            )
            .await
    })
    .await
}

/// 1–100 distinct versions, each a valid coordinate.
pub fn validate_versions(versions: &[String]) -> CloudResult<()> {
    if versions.is_empty() || versions.len() > MAX_VERSIONS {
        return Err(invalid(format!(
            "give 1–{MAX_VERSIONS} versions per call (got {})",
            versions.len()
        )));
    }
    let mut seen = HashSet::new();
    for v in versions {
        coordinate("version", v)?;
        if !seen.insert(v.as_str()) {
            return Err(invalid(format!("version {v} is given more than once")));
        }
    }
    Ok(())
}

/// Package names, namespaces and versions: 1–255 characters without
/// whitespace, `#` or `/` (the API's `[^#/\s]+`).
fn coordinate(what: &str, value: &str) -> CloudResult<()> {
    let ok = (1..=255).contains(&value.chars().count())
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c == '#' || c == '/');
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "{what} {value:?} must be 1–255 characters without spaces, # or /"
        )))
    }
}

/// Domains: 2–50 of lower-case letters, digits and `-`, starting with a
/// letter and not ending with `-`.
fn domain_name(d: &str) -> CloudResult<()> {
    let b = d.as_bytes();
    let ok = (2..=50).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b[b.len() - 1] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "CodeArtifact domain {d:?} must be 2–50 lower-case letters, digits or -, starting with a letter"
        )))
    }
}

/// Repositories: 2–100 of letters, digits, `.`, `_`, `-`, starting with a
/// letter or digit.
fn repository_name(r: &str) -> CloudResult<()> {
    let b = r.as_bytes();
    let ok = (2..=100).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "CodeArtifact repository {r:?} must be 2–100 letters, digits, . _ or -, starting with a letter or digit"
        )))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cloud::CloudError;
    use proptest::prelude::*;

    fn address(
        domain: &str,
        repo: &str,
        format: &str,
        ns: Option<&str>,
        name: &str,
    ) -> PackageAddress {
        PackageAddress {
            domain: domain.into(),
            repository: repo.into(),
            package: PackageRef::new(format, ns, name),
        }
    }

    fn message(r: CloudResult<()>) -> String {
        match r {
            Err(CloudError::Validation { message }) => message,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn addresses() {
        assert!(address("corp", "approved-pypi", "pypi", None, "requests")
            .validate()
            .is_ok());
        assert!(address("corp", "npm-store", "npm", Some("types"), "node")
            .validate()
            .is_ok());
        assert!(message(address("Corp", "r1", "pypi", None, "x").validate()).contains("domain"));
        assert!(message(address("corp", "-r", "pypi", None, "x").validate()).contains("repository"));
        assert!(message(address("corp", "r1", "conda", None, "x").validate()).contains("format"));
        assert!(
            message(address("corp", "r1", "pypi", Some("ns"), "x").validate())
                .contains("no namespace")
        );
        assert!(
            message(address("corp", "r1", "pypi", None, "a b").validate()).contains("package name")
        );
    }

    #[test]
    fn versions() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(validate_versions(&v(&["2.32.3", "2.31.0"])).is_ok());
        assert!(message(validate_versions(&[])).contains("1–100"));
        let many: Vec<String> = (0..101).map(|i| format!("1.0.{i}")).collect();
        assert!(message(validate_versions(&many)).contains("got 101"));
        assert!(validate_versions(&many[..100]).is_ok());
        assert!(message(validate_versions(&v(&["1.0", "1.0"]))).contains("more than once"));
        assert!(message(validate_versions(&v(&["1.0#x"]))).contains("version"));
    }

    #[test]
    fn actions_map_to_the_three_target_statuses() {
        for a in [
            StatusAction::Approve,
            StatusAction::Unlist,
            StatusAction::Archive,
        ] {
            assert!(a.target().is_target(), "{}", a.verb());
        }
    }

    proptest! {
        #[test]
        fn validation_never_panics(
            domain in ".{0,60}", repo in ".{0,120}", name in ".{0,300}",
            versions in proptest::collection::vec(".{0,20}", 0..3),
        ) {
            let a = address(&domain, &repo, "npm", None, &name);
            if let Err(e) = a.validate() {
                prop_assert!(!e.to_string().is_empty());
            }
            let _ = validate_versions(&versions);
        }
    }
}
