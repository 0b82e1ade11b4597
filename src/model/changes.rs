//! Typed requests and results of the changes dsadmin makes: endpoint traffic
//! weights and CodeArtifact package version statuses and origin rules. They
//! live in `model` (not `policy`) so the `cloud` layer can take them without
//! depending on the gate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One endpoint production variant's new weight in a traffic shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantWeight {
    pub variant: String,
    pub weight: f32,
    /// A new DesiredInstanceCount; `None` keeps the variant's current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_count: Option<u32>,
}

impl VariantWeight {
    /// A weight change that keeps the instance count.
    pub fn new(variant: impl Into<String>, weight: f32) -> Self {
        Self {
            variant: variant.into(),
            weight,
            instance_count: None,
        }
    }
}

/// A CodeArtifact package as the mutating APIs name it: format, optional
/// namespace (npm scope, Maven group) and name. The domain and repository
/// are passed next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRef {
    /// `pypi`, `npm`, `maven`, `nuget`, `generic`, `ruby`, `swift`, `cargo`.
    pub format: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl PackageRef {
    pub fn new(
        format: impl Into<String>,
        namespace: Option<&str>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            format: format.into(),
            namespace: namespace.filter(|n| !n.is_empty()).map(str::to_owned),
            name: name.into(),
        }
    }

    /// `namespace/name`, or just the name.
    pub fn display_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl From<&super::Package> for PackageRef {
    fn from(p: &super::Package) -> Self {
        PackageRef::new(p.format.clone(), p.namespace.as_deref(), p.name.clone())
    }
}

/// A package version's status, spelled as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VersionStatus {
    Published,
    Unfinished,
    Unlisted,
    Archived,
    Disposed,
    Deleted,
}

impl VersionStatus {
    pub const ALL: [VersionStatus; 6] = [
        VersionStatus::Published,
        VersionStatus::Unfinished,
        VersionStatus::Unlisted,
        VersionStatus::Archived,
        VersionStatus::Disposed,
        VersionStatus::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Published => "Published",
            VersionStatus::Unfinished => "Unfinished",
            VersionStatus::Unlisted => "Unlisted",
            VersionStatus::Archived => "Archived",
            VersionStatus::Disposed => "Disposed",
            VersionStatus::Deleted => "Deleted",
        }
    }

    /// Whether UpdatePackageVersionsStatus may move a version to this status:
    /// disposing and deleting have their own APIs, and nothing goes back to
    /// Unfinished.
    pub fn is_target(self) -> bool {
        matches!(
            self,
            VersionStatus::Published | VersionStatus::Unlisted | VersionStatus::Archived
        )
    }
}

impl fmt::Display for VersionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VersionStatus {
    type Err = String;

    /// Case-insensitive, since people type `published` as often as `Published`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VersionStatus::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown package version status {s:?}: expected one of {}",
                    VersionStatus::ALL.map(VersionStatus::as_str).join(", ")
                )
            })
    }
}

/// One version UpdatePackageVersionsStatus changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedVersion {
    pub version: String,
    /// The status it has now, as the service reported it.
    pub status: String,
    pub revision: Option<String>,
}

/// One version UpdatePackageVersionsStatus left alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedVersion {
    pub version: String,
    /// `MISMATCHED_STATUS`, `NOT_FOUND`, `NOT_ALLOWED`, `SKIPPED`, …
    pub code: String,
    pub message: String,
}

/// What one UpdatePackageVersionsStatus call did, version by version, sorted
/// by version so output and tests are stable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub succeeded: Vec<ChangedVersion>,
    pub failed: Vec<FailedVersion>,
}

/// Allow or block one origin of a package's versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum OriginRule {
    Allow,
    Block,
}

impl OriginRule {
    pub fn as_str(self) -> &'static str {
        match self {
            OriginRule::Allow => "ALLOW",
            OriginRule::Block => "BLOCK",
        }
    }
}

impl fmt::Display for OriginRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OriginRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ALLOW" => Ok(OriginRule::Allow),
            "BLOCK" => Ok(OriginRule::Block),
            _ => Err(format!("{s:?} must be allow or block")),
        }
    }
}

/// A package's origin restrictions: whether versions may be published
/// directly, and whether they may come in from upstream repositories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginRestrictions {
    pub publish: OriginRule,
    pub upstream: OriginRule,
}

impl OriginRestrictions {
    /// What to tell whoever is about to allow both origins.
    pub const OPEN_WARNING: &'static str = "Both allowed: a version of this name published here and one pulled from upstream can both be installed — the package is open to dependency substitution.";

    /// Both allowed: a name that can be published here and also pulled from
    /// upstream is open to dependency substitution.
    pub fn is_open(&self) -> bool {
        self.publish == OriginRule::Allow && self.upstream == OriginRule::Allow
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_case_insensitively_and_only_three_are_targets() {
        for s in VersionStatus::ALL {
            assert_eq!(s.as_str().to_lowercase().parse::<VersionStatus>(), Ok(s));
        }
        let targets: Vec<_> = VersionStatus::ALL
            .into_iter()
            .filter(|s| s.is_target())
            .collect();
        assert_eq!(
            targets,
            [
                VersionStatus::Published,
                VersionStatus::Unlisted,
                VersionStatus::Archived
            ]
        );
        let err = "gone".parse::<VersionStatus>().unwrap_err();
        assert!(err.contains("Published, Unfinished"), "{err}");
    }

    #[test]
    fn origin_rules() {
        assert_eq!("allow".parse(), Ok(OriginRule::Allow));
        assert_eq!(" BLOCK ".parse(), Ok(OriginRule::Block));
        assert!("deny".parse::<OriginRule>().is_err());
        let open = OriginRestrictions {
            publish: OriginRule::Allow,
            upstream: OriginRule::Allow,
        };
        assert!(open.is_open());
        assert_eq!(serde_json::to_value(open).unwrap()["publish"], "ALLOW");
    }

    #[test]
    fn package_ref_drops_an_empty_namespace() {
        assert_eq!(PackageRef::new("npm", Some(""), "x").namespace, None);
        assert_eq!(
            PackageRef::new("npm", Some("@corp"), "ui").display_name(),
            "@corp/ui"
        );
    }
}
