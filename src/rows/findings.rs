//! The Findings pane (`:findings`): posture findings worst first, and the
//! rules that could not be checked, with why.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::governance::{Cause, Finding, NotChecked, Report, Severity};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("SEVERITY", 9),
    Column::fill("RULE", 22),
    Column::fixed("KIND", 8),
    Column::fill("RESOURCE", 20),
    Column::fill("EVIDENCE", 24),
];

/// One row: a finding, or rules that were not checked.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingRow {
    Finding(Finding),
    NotChecked(NotChecked),
}

impl FindingRow {
    /// A check's findings (worst first), then what it could not check.
    pub fn from_report(report: Report) -> Vec<FindingRow> {
        report
            .findings
            .into_iter()
            .map(FindingRow::Finding)
            .chain(report.not_checked.into_iter().map(FindingRow::NotChecked))
            .collect()
    }

    /// Severity as a number that sorts worst first in ascending order, so
    /// rows of one severity keep the check's rule-then-resource order (a
    /// descending sort would reverse it); not-checked rows come last.
    fn rank(&self) -> f64 {
        match self {
            FindingRow::Finding(f) => match f.severity {
                Severity::Critical => 0.0,
                Severity::High => 1.0,
                Severity::Medium => 2.0,
                Severity::Low => 3.0,
            },
            FindingRow::NotChecked(_) => 4.0,
        }
    }

    fn rules(n: &NotChecked) -> String {
        n.rules
            .iter()
            .map(|r| r.id())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn cause_label(cause: Cause) -> &'static str {
    match cause {
        Cause::Failed => "unchecked",
        Cause::NotConfigured => "n/a",
    }
}

impl Row for FindingRow {
    const NOUN: &'static str = "finding";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match (self, col) {
            (FindingRow::Finding(f), 0) => Cow::Borrowed(f.severity.as_str()),
            (FindingRow::Finding(f), 1) => Cow::Borrowed(f.rule.id()),
            (FindingRow::Finding(f), 2) => Cow::Borrowed(f.resource.kind.label()),
            (FindingRow::Finding(f), 3) => Cow::Borrowed(&f.resource.name),
            (FindingRow::Finding(f), _) => Cow::Borrowed(&f.evidence),
            (FindingRow::NotChecked(n), 0) => Cow::Borrowed(cause_label(n.cause)),
            (FindingRow::NotChecked(n), 1) => Cow::Owned(Self::rules(n)),
            (FindingRow::NotChecked(_), 2) => Cow::Borrowed("-"),
            (FindingRow::NotChecked(n), 3) => Cow::Borrowed(&n.source),
            (FindingRow::NotChecked(n), _) => Cow::Borrowed(&n.reason),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match (self, col) {
            (FindingRow::Finding(f), 0) => match f.severity {
                Severity::Critical | Severity::High => Tone::Bad,
                Severity::Medium => Tone::Warn,
                Severity::Low => Tone::Plain,
            },
            (FindingRow::NotChecked(n), 0) if n.cause == Cause::Failed => Tone::Warn,
            (FindingRow::NotChecked(_), _) => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match (self, col) {
            (_, 0) => SortKey::Num(self.rank()),
            (FindingRow::Finding(f), 1) => SortKey::Text(f.rule.id()),
            (FindingRow::Finding(f), 2) => SortKey::Text(f.resource.kind.label()),
            (FindingRow::Finding(f), 3) => SortKey::Text(&f.resource.name),
            (FindingRow::Finding(f), _) => SortKey::Text(&f.evidence),
            (FindingRow::NotChecked(n), 1) => SortKey::Text(n.rules.first().map_or("", |r| r.id())),
            (FindingRow::NotChecked(_), 2) => SortKey::Missing,
            (FindingRow::NotChecked(n), 3) => SortKey::Text(&n.source),
            (FindingRow::NotChecked(n), _) => SortKey::Text(&n.reason),
        }
    }

    fn default_sort() -> (usize, bool) {
        (0, false)
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3, 4]
    }

    /// A finding names its resource for people (`domain/user`,
    /// `repository:tag`): CloudTrail knows the resource's own name.
    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        use crate::governance::ResourceKind as K;
        use crate::model::trail::TrailKey;
        let FindingRow::Finding(f) = self else {
            return Vec::new();
        };
        let name = f.resource.name.as_str();
        let after_slash = || name.rsplit('/').next().unwrap_or(name).to_owned();
        match f.resource.kind {
            // The tabs look a domain up by its id, the ARN's last part.
            K::SagemakerDomain => match f.resource.arn.as_deref() {
                Some(arn) => vec![TrailKey::Resource(crate::format::arn_tail(arn).to_owned())],
                None => vec![TrailKey::Resource(name.to_owned())],
            },
            K::UserProfile => {
                let user = after_slash();
                vec![TrailKey::Resource(user.clone()), TrailKey::User(user)]
            }
            K::CodeartifactRepository | K::CodeartifactPackage => {
                vec![TrailKey::Resource(after_slash())]
            }
            K::EcrImage => {
                let repository = name.split([':', '@']).next().unwrap_or(name);
                vec![TrailKey::Resource(repository.to_owned())]
            }
            _ => vec![TrailKey::Resource(name.to_owned())],
        }
    }

    fn title(&self) -> String {
        match self {
            FindingRow::Finding(f) => format!("{} {}", f.rule.id(), f.resource.name),
            FindingRow::NotChecked(n) => format!("not checked: {}", n.source),
        }
    }

    fn arn(&self) -> Option<&str> {
        match self {
            FindingRow::Finding(f) => f.resource.arn.as_deref(),
            FindingRow::NotChecked(_) => None,
        }
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        match self {
            FindingRow::Finding(f) => vec![
                ("Rule", f.rule.id().to_owned()),
                ("Title", f.rule.title().to_owned()),
                ("Severity", f.severity.to_string()),
                ("Resource", f.resource.name.clone()),
                ("Kind", f.resource.kind.id().to_owned()),
                (
                    "ARN",
                    f.resource.arn.clone().unwrap_or_else(|| "-".to_owned()),
                ),
                ("Evidence", f.evidence.clone()),
                ("Fix", f.fix.clone()),
                ("Why it matters", f.rule.help().to_owned()),
            ],
            FindingRow::NotChecked(n) => vec![
                ("Not checked", n.source.clone()),
                ("Rules", Self::rules(n)),
                ("Why", n.reason.clone()),
                (
                    "Cause",
                    match n.cause {
                        Cause::Failed => "the source could not be read".to_owned(),
                        Cause::NotConfigured => {
                            "the rule needs settings in [governance]".to_owned()
                        }
                    },
                ),
            ],
        }
    }
}
