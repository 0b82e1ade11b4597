//! The Model Registry: model package groups, and the versions of one group
//! with their approval, who decided it and the endpoints serving each.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{ModelPackageGroup, ModelPackageVersion, APPROVED, REJECTED};
use crate::rows::{detail_cell, detail_field, detail_sort, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const GROUP_COLUMNS: &[Column] = &[
    Column::fill("GROUP", 22),
    Column::fixed("STATUS", 10),
    Column::fixed("VERSIONS", 8),
    Column::fixed("PENDING", 7),
    Column::fixed("LATEST", 6),
    Column::fixed("APPROVED", 8),
    Column::fill("DESCRIPTION", 16),
    Column::fixed("CREATED", 9),
];

fn number(n: Option<u32>) -> Cow<'static, str> {
    Cow::Owned(n.map_or_else(|| "-".to_owned(), |n| n.to_string()))
}

impl Row for ModelPackageGroup {
    const NOUN: &'static str = "model package group";

    fn columns() -> &'static [Column] {
        GROUP_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let c = &self.counts;
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.status),
            2 => detail_cell(c, |c| Cow::Owned(c.versions.to_string())),
            3 => detail_cell(c, |c| Cow::Owned(c.pending.to_string())),
            4 => detail_cell(c, |c| number(c.latest)),
            5 => detail_cell(c, |c| number(c.latest_approved)),
            6 => or_dash(self.description.as_deref()),
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => state_tone(&self.status),
            // Versions waiting for a decision are what an approver looks for.
            3 => detail_tone(&self.counts, |c| {
                if c.pending > 0 {
                    Tone::Warn
                } else {
                    Tone::Muted
                }
            }),
            2 | 4 | 5 => detail_tone(&self.counts, |_| Tone::Plain),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let c = &self.counts;
        let num = |n: Option<u32>| n.map_or(SortKey::Missing, |n| SortKey::Num(f64::from(n)));
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.status),
            2 => detail_sort(c, |c| SortKey::Num(f64::from(c.versions))),
            3 => detail_sort(c, |c| SortKey::Num(f64::from(c.pending))),
            4 => detail_sort(c, |c| num(c.latest)),
            5 => detail_sort(c, |c| num(c.latest_approved)),
            6 => SortKey::opt_text(self.description.as_deref()),
            _ => SortKey::time(self.created),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[2, 3, 4, 5]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 6]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let c = &self.counts;
        vec![
            ("Group", self.name.clone()),
            ("ARN", self.arn.clone()),
            ("Status", self.status.clone()),
            ("Description", format::opt(self.description.as_deref())),
            ("Versions", detail_field(c, |c| c.versions.to_string())),
            (
                "By approval",
                detail_field(c, |c| {
                    format!(
                        "{} approved · {} rejected · {} pending",
                        c.approved, c.rejected, c.pending
                    )
                }),
            ),
            ("Latest", detail_field(c, |c| number(c.latest).into_owned())),
            (
                "Latest approved",
                detail_field(c, |c| number(c.latest_approved).into_owned()),
            ),
            ("Created", format::timestamp(self.created)),
        ]
    }
}

const VERSION_COLUMNS: &[Column] = &[
    Column::fixed("VERSION", 7),
    Column::fixed("APPROVAL", 21),
    Column::fill("BY", 12),
    Column::fill("WHY", 18),
    Column::fill("SERVING", 14),
    Column::fixed("STATUS", 9),
    Column::fixed("CREATED", 9),
];

/// The approval as a tone: approved is fine, rejected is muted (it runs
/// nowhere by design), waiting warns.
fn approval_tone(approval: &str) -> Tone {
    match approval {
        APPROVED => Tone::Ok,
        REJECTED => Tone::Muted,
        _ => Tone::Warn,
    }
}

impl Row for ModelPackageVersion {
    const NOUN: &'static str = "model package version";

    fn columns() -> &'static [Column] {
        VERSION_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let d = &self.described;
        match col {
            0 => Cow::Owned(self.version.to_string()),
            1 => Cow::Borrowed(&self.approval),
            // An IAM identity's ARN by its last part (the role session or
            // user): `d` shows it whole.
            2 => detail_cell(d, |d| {
                or_dash(
                    d.modified_by
                        .as_deref()
                        .or(d.created_by.as_deref())
                        .map(format::arn_tail),
                )
            }),
            3 => detail_cell(d, |d| or_dash(d.approval_description.as_deref())),
            4 => detail_cell(&self.serving, |s| {
                if s.is_empty() {
                    Cow::Borrowed("-")
                } else {
                    Cow::Owned(s.join(", "))
                }
            }),
            5 => Cow::Borrowed(&self.status),
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => approval_tone(&self.approval),
            2 | 3 => detail_tone(&self.described, |_| Tone::Plain),
            // Serving while not approved: the registry finding.
            4 => detail_tone(&self.serving, |s| {
                match (s.is_empty(), self.is_approved()) {
                    (true, _) => Tone::Muted,
                    (false, true) => Tone::Plain,
                    (false, false) => Tone::Bad,
                }
            }),
            5 => state_tone(&self.status),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let d = &self.described;
        match col {
            0 => SortKey::Num(f64::from(self.version)),
            1 => SortKey::Text(&self.approval),
            2 => detail_sort(d, |d| SortKey::opt_text(d.modified_by.as_deref())),
            3 => detail_sort(d, |d| SortKey::opt_text(d.approval_description.as_deref())),
            4 => detail_sort(&self.serving, |s| SortKey::Num(s.len() as f64)),
            5 => SortKey::Text(&self.status),
            _ => SortKey::time(self.created),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[2, 3, 4]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1]
    }

    /// Newest first.
    fn default_sort() -> (usize, bool) {
        (0, true)
    }

    fn title(&self) -> String {
        self.label()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.arn.clone())]
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let d = &self.described;
        let list = |v: &[String]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                v.join(", ")
            }
        };
        vec![
            ("Group", self.group.clone()),
            ("Version", self.version.to_string()),
            ("ARN", self.arn.clone()),
            ("Approval", self.approval.clone()),
            (
                "Approval description",
                detail_field(d, |d| format::opt(d.approval_description.as_deref())),
            ),
            (
                "Last changed by",
                detail_field(d, |d| format::opt(d.modified_by.as_deref())),
            ),
            (
                "Last changed",
                detail_field(d, |d| format::timestamp(d.modified)),
            ),
            (
                "Registered by",
                detail_field(d, |d| format::opt(d.created_by.as_deref())),
            ),
            ("Image", detail_field(d, |d| list(&d.images))),
            ("Model artefact", detail_field(d, |d| list(&d.artifacts))),
            (
                "Serving endpoints",
                detail_field(&self.serving, |s| list(s)),
            ),
            ("Description", format::opt(self.description.as_deref())),
            ("Status", self.status.clone()),
            ("Created", format::timestamp(self.created)),
        ]
    }
}
