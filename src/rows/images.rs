//! ECR repositories of custom Studio images, and the images in one repository.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{EcrRepository, FindingCounts, Image, Scan, Tag};
use crate::rows::{detail_cell, detail_field, detail_sort, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const REPO_COLUMNS: &[Column] = &[
    Column::fill("REPOSITORY", 28),
    Column::fixed("IMAGES", 6),
    Column::fixed("SCAN ON PUSH", 12),
    Column::fixed("TAGS", 9),
    Column::fixed("ENCRYPTION", 10),
    Column::fixed("CREATED", 9),
];

impl Row for EcrRepository {
    const NOUN: &'static str = "repository";

    fn columns() -> &'static [Column] {
        REPO_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => detail_cell(&self.image_count, |n| Cow::Owned(n.to_string())),
            2 => Cow::Borrowed(if self.scan_on_push { "yes" } else { "no" }),
            3 => Cow::Borrowed(&self.tag_mutability),
            4 => Cow::Borrowed(&self.encryption),
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => detail_tone(&self.image_count, |_| Tone::Plain),
            2 if !self.scan_on_push => Tone::Warn,
            3 if self.tag_mutability == "MUTABLE" => Tone::Warn,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => detail_sort(&self.image_count, |n| SortKey::Num(f64::from(*n))),
            2 => SortKey::Text(if self.scan_on_push { "yes" } else { "no" }),
            3 => SortKey::Text(&self.tag_mutability),
            4 => SortKey::Text(&self.encryption),
            _ => SortKey::time(self.created),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[1]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 3, 4]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Name", self.name.clone()),
            ("ARN", self.arn.clone()),
            ("URI", self.uri.clone()),
            ("Registry", self.registry_id.clone()),
            ("Tag mutability", self.tag_mutability.clone()),
            ("Scan on push", self.scan_on_push.to_string()),
            ("Encryption", self.encryption.clone()),
            ("KMS key", or_dash(self.kms_key.as_deref()).into_owned()),
            ("Images", detail_field(&self.image_count, u32::to_string)),
            ("Created", format::timestamp(self.created)),
            ("Tags", detail_field(&self.tags, |t| t.len().to_string())),
        ]
    }

    fn tags(&self) -> &[Tag] {
        self.tags.known_or_empty()
    }
}

const IMAGE_COLUMNS: &[Column] = &[
    Column::fill("TAGS", 16),
    Column::fixed("DIGEST", 19),
    Column::fixed("PUSHED", 8),
    Column::fixed("SIZE", 9),
    Column::fixed("SCAN", 11),
    Column::fill("FINDINGS", 24),
];

/// "2 critical · 5 high · 11 medium" — only the severities present.
pub fn findings_summary(f: &FindingCounts) -> String {
    let parts: Vec<String> = [
        (f.critical, "critical"),
        (f.high, "high"),
        (f.medium, "medium"),
        (f.low, "low"),
        (f.informational, "info"),
        (f.undefined, "undefined"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, s)| format!("{n} {s}"))
    .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(" · ")
    }
}

impl Row for Image {
    const NOUN: &'static str = "image";

    fn columns() -> &'static [Column] {
        IMAGE_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Owned(if self.tags.is_empty() {
                "<untagged>".to_owned()
            } else {
                self.tags.join(", ")
            }),
            1 => Cow::Borrowed(self.short_digest()),
            2 => Cow::Owned(format::relative(self.pushed, now)),
            3 => Cow::Owned(format::bytes(self.size_bytes)),
            4 => detail_cell(&self.scan, |s| {
                Cow::Borrowed(s.status().unwrap_or("not scanned"))
            }),
            _ => detail_cell(&self.scan, |s| {
                Cow::Owned(match s.latest_findings() {
                    None => "-".to_owned(),
                    Some((f, false)) => findings_summary(f),
                    Some((f, true)) => format!("{} (last scan)", findings_summary(f)),
                })
            }),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            4 => detail_tone(&self.scan, |s| s.status().map_or(Tone::Muted, state_tone)),
            5 => detail_tone(&self.scan, |s| match s.latest_findings() {
                Some((f, _)) if f.critical > 0 => Tone::Bad,
                Some((f, _)) if f.high > 0 => Tone::Warn,
                Some(_) => Tone::Ok,
                None => Tone::Muted,
            }),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::opt_text(self.tags.first().map(String::as_str)),
            1 => SortKey::Text(&self.digest),
            2 => SortKey::time(self.pushed),
            3 => SortKey::Num(self.size_bytes as f64),
            4 => detail_sort(&self.scan, |s| SortKey::opt_text(s.status())),
            // Worst first when descending: weight by severity.
            _ => self.scan.known().and_then(Scan::latest_findings).map_or(
                SortKey::Missing,
                |(f, _)| {
                    SortKey::Num(
                        f64::from(f.critical) * 1e6 + f64::from(f.high) * 1e3 + f64::from(f.medium),
                    )
                },
            ),
        }
    }

    fn default_sort() -> (usize, bool) {
        (2, true)
    }

    /// Where DescribeImages carries no scan summary, DescribeImageScanFindings fills these.
    fn follow_up_columns() -> &'static [usize] {
        &[4, 5]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 4]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(
            self.repository.clone(),
        )]
    }

    fn title(&self) -> String {
        self.tags.first().map_or_else(
            || self.short_digest().to_owned(),
            |t| format!("{}:{t}", self.repository),
        )
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let count = |n: fn(&FindingCounts) -> u32| {
            detail_field(&self.scan, |s| {
                s.latest_findings()
                    .map_or_else(|| "-".to_owned(), |(f, _)| n(f).to_string())
            })
        };
        let from_last_scan = self
            .scan
            .known()
            .and_then(Scan::latest_findings)
            .is_some_and(|(_, previous)| previous);
        vec![
            ("Repository", self.repository.clone()),
            ("Tags", self.tags.join(", ")),
            ("Digest", self.digest.clone()),
            ("Pushed", format::timestamp(self.pushed)),
            ("Size", format::bytes(self.size_bytes)),
            (
                "Scan status",
                detail_field(&self.scan, |s| {
                    s.status().unwrap_or("not scanned").to_owned()
                }),
            ),
            (
                "Findings from",
                if from_last_scan {
                    "the last completed scan (a new scan is in progress)"
                } else {
                    "this scan"
                }
                .to_owned(),
            ),
            ("Critical", count(|f| f.critical)),
            ("High", count(|f| f.high)),
            ("Medium", count(|f| f.medium)),
            ("Low", count(|f| f.low)),
            ("Informational", count(|f| f.informational)),
            ("Last pulled", format::timestamp(self.last_pulled)),
        ]
    }
}
