//! CodeArtifact: repositories (with upstreams), their packages, and versions.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{
    ArtifactRepository, OriginRestrictions, OriginRule, Package, PackageRef, PackageVersion,
};
use crate::ops::packages::PackageAddress;
use crate::rows::domains::list;
use crate::rows::{detail_cell, detail_field, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const REPO_COLUMNS: &[Column] = &[
    Column::fixed("DOMAIN", 14),
    Column::fill("REPOSITORY", 16),
    Column::fill("UPSTREAMS", 14),
    Column::fixed("EXTERNAL", 12),
    Column::fixed("PACKAGES", 8),
    Column::fill("DESCRIPTION", 20),
];

impl Row for ArtifactRepository {
    const NOUN: &'static str = "repository";

    fn columns() -> &'static [Column] {
        REPO_COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.domain),
            1 => Cow::Borrowed(&self.name),
            2 => detail_cell(&self.links, |l| Cow::Owned(list(&l.upstreams))),
            3 => detail_cell(&self.links, |l| Cow::Owned(list(&l.external_connections))),
            4 => Cow::Owned(
                self.package_count
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            ),
            _ => or_dash(self.description.as_deref()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            2 => detail_tone(&self.links, |_| Tone::Plain),
            3 => detail_tone(&self.links, |l| {
                if l.external_connections.is_empty() {
                    Tone::Plain
                } else {
                    Tone::Warn
                }
            }),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.domain),
            1 => SortKey::Text(&self.name),
            2 => SortKey::opt_text(self.upstreams().first().map(String::as_str)),
            3 => SortKey::opt_text(self.external_connections().first().map(String::as_str)),
            4 => SortKey::Num(f64::from(self.package_count.unwrap_or(0))),
            _ => SortKey::opt_text(self.description.as_deref()),
        }
    }

    fn default_sort() -> (usize, bool) {
        (1, false)
    }

    fn follow_up_columns() -> &'static [usize] {
        &[2, 3]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn title(&self) -> String {
        format!("{}/{}", self.domain, self.name)
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Domain", self.domain.clone()),
            ("Domain owner", self.domain_owner.clone()),
            ("Name", self.name.clone()),
            ("ARN", self.arn.clone()),
            (
                "Description",
                or_dash(self.description.as_deref()).into_owned(),
            ),
            (
                "Upstreams",
                detail_field(&self.links, |l| list(&l.upstreams)),
            ),
            (
                "External connections",
                detail_field(&self.links, |l| list(&l.external_connections)),
            ),
            (
                "Packages",
                self.package_count
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            ),
        ]
    }
}

const PACKAGE_COLUMNS: &[Column] = &[
    Column::fill("PACKAGE", 20),
    Column::fixed("FORMAT", 6),
    Column::fixed("NAMESPACE", 10),
    Column::fixed("LATEST", 10),
    Column::fixed("VERSIONS", 8),
    Column::fixed("PUBLISH", 7),
    Column::fixed("UPSTREAM", 8),
];

impl Package {
    /// Where the package lives, as the mutating APIs name it.
    pub fn address(&self) -> PackageAddress {
        PackageAddress {
            domain: self.domain.clone(),
            repository: self.repository.clone(),
            package: PackageRef::from(self),
        }
    }

    /// The origin restrictions it has now; `None` when the listing gave a
    /// value that is neither ALLOW nor BLOCK (nothing to preselect).
    pub fn origin_restrictions(&self) -> Option<OriginRestrictions> {
        Some(OriginRestrictions {
            publish: self.publish.parse::<OriginRule>().ok()?,
            upstream: self.upstream.parse::<OriginRule>().ok()?,
        })
    }

    /// Both origins open: a public package of the same name could be pulled in
    /// instead of the internal one (dependency substitution).
    pub fn origins_open(&self) -> bool {
        self.publish == "ALLOW" && self.upstream == "ALLOW"
    }
}

impl Row for Package {
    const NOUN: &'static str = "package";

    fn columns() -> &'static [Column] {
        PACKAGE_COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.format),
            2 => or_dash(self.namespace.as_deref()),
            3 => or_dash(self.latest_version.as_deref()),
            4 => Cow::Owned(
                self.version_count
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            ),
            5 => Cow::Borrowed(&self.publish),
            _ => Cow::Borrowed(&self.upstream),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            5 | 6 if self.origins_open() => Tone::Bad,
            5 | 6 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.format),
            2 => SortKey::opt_text(self.namespace.as_deref()),
            3 => SortKey::opt_text(self.latest_version.as_deref()),
            4 => SortKey::Num(f64::from(self.version_count.unwrap_or(0))),
            5 => SortKey::Text(&self.publish),
            _ => SortKey::Text(&self.upstream),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn trail_within(&self) -> Vec<(String, String)> {
        vec![
            ("domain".to_owned(), self.domain.clone()),
            ("repository".to_owned(), self.repository.clone()),
        ]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Name", self.name.clone()),
            ("Format", self.format.clone()),
            ("Namespace", or_dash(self.namespace.as_deref()).into_owned()),
            ("Domain", self.domain.clone()),
            ("Repository", self.repository.clone()),
            (
                "Latest version",
                or_dash(self.latest_version.as_deref()).into_owned(),
            ),
            (
                "Versions",
                self.version_count
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            ),
            ("Origin: publish", self.publish.clone()),
            ("Origin: upstream", self.upstream.clone()),
            (
                "Dependency substitution",
                if self.origins_open() {
                    "exposed: both publish and upstream are allowed".to_owned()
                } else {
                    "protected".to_owned()
                },
            ),
        ]
    }
}

const VERSION_COLUMNS: &[Column] = &[
    Column::fill("VERSION", 14),
    Column::fixed("STATUS", 10),
    Column::fixed("ORIGIN", 8),
    Column::fixed("PUBLISHED", 9),
    Column::fill("REVISION", 12),
];

impl Row for PackageVersion {
    const NOUN: &'static str = "package version";

    fn columns() -> &'static [Column] {
        VERSION_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.version),
            1 => Cow::Borrowed(&self.status),
            2 => Cow::Borrowed(&self.origin),
            3 => Cow::Owned(format::relative(self.published, now)),
            _ => or_dash(self.revision.as_deref()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => state_tone(&self.status),
            2 if self.origin == "EXTERNAL" => Tone::Warn,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.version),
            1 => SortKey::Text(&self.status),
            2 => SortKey::Text(&self.origin),
            3 => SortKey::time(self.published),
            _ => SortKey::opt_text(self.revision.as_deref()),
        }
    }

    fn default_sort() -> (usize, bool) {
        (3, true)
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(
            self.package.clone(),
        )]
    }

    fn title(&self) -> String {
        format!("{} {}", self.package, self.version)
    }

    /// Versions of one package are told apart by their version string.
    fn mark_key(&self) -> String {
        self.version.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Package", self.package.clone()),
            ("Version", self.version.clone()),
            ("Status", self.status.clone()),
            ("Origin", self.origin.clone()),
            ("Published", format::timestamp(self.published)),
            ("Revision", or_dash(self.revision.as_deref()).into_owned()),
        ]
    }
}
