//! Studio domains.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{Domain, DomainSettings, Tag};
use crate::rows::{detail_cell, detail_field, detail_sort, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fill("NAME", 16),
    Column::fixed("ID", 15),
    Column::fixed("STATUS", 10),
    Column::fixed("AUTH", 5),
    Column::fixed("NETWORK", 18),
    Column::fill("KMS KEY", 12),
    Column::fixed("CREATED", 9),
];

/// "JupyterLab 120 min, CodeEditor off", or "-" when no app type has it.
fn idle_shutdown(d: &DomainSettings) -> String {
    if d.idle_shutdown.is_empty() {
        return "-".to_owned();
    }
    d.idle_shutdown
        .iter()
        .map(|s| match (s.enabled, s.timeout_minutes) {
            (true, Some(m)) => format!("{} {m} min", s.app_type),
            (true, None) => format!("{} on", s.app_type),
            (false, _) => format!("{} off", s.app_type),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Row for Domain {
    const NOUN: &'static str = "domain";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let set = &self.settings;
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.id),
            2 => Cow::Borrowed(&self.status),
            3 => detail_cell(set, |s| Cow::Borrowed(&s.auth_mode)),
            4 => detail_cell(set, |s| Cow::Borrowed(&s.network_mode)),
            5 => detail_cell(set, |s| match &s.kms_key_id {
                Some(k) => Cow::Borrowed(format::arn_tail(k)),
                None => Cow::Borrowed("none (AWS owned)"),
            }),
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        let set = &self.settings;
        match col {
            2 => state_tone(&self.status),
            3 => detail_tone(set, |_| Tone::Plain),
            4 => detail_tone(set, |s| {
                if s.network_mode == "VpcOnly" {
                    Tone::Ok
                } else {
                    Tone::Warn
                }
            }),
            5 => detail_tone(set, |s| {
                if s.kms_key_id.is_none() {
                    Tone::Warn
                } else {
                    Tone::Plain
                }
            }),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let set = &self.settings;
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.id),
            2 => SortKey::Text(&self.status),
            3 => detail_sort(set, |s| SortKey::Text(&s.auth_mode)),
            4 => detail_sort(set, |s| SortKey::Text(&s.network_mode)),
            5 => detail_sort(set, |s| SortKey::opt_text(s.kms_key_id.as_deref())),
            _ => SortKey::time(self.created),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[3, 4, 5]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3, 4]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.id.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let set = |f: fn(&DomainSettings) -> String| detail_field(&self.settings, f);
        vec![
            ("Name", self.name.clone()),
            ("Id", self.id.clone()),
            ("ARN", self.arn.clone()),
            ("Status", self.status.clone()),
            ("Auth mode", set(|s| s.auth_mode.clone())),
            ("Network mode", set(|s| s.network_mode.clone())),
            (
                "KMS key",
                set(|s| or_dash(s.kms_key_id.as_deref()).into_owned()),
            ),
            ("VPC", set(|s| or_dash(s.vpc_id.as_deref()).into_owned())),
            ("Subnets", set(|s| list(&s.subnet_ids))),
            ("URL", or_dash(self.url.as_deref()).into_owned()),
            (
                "Default execution role",
                set(|s| or_dash(s.default_execution_role.as_deref()).into_owned()),
            ),
            (
                "Tag propagation",
                set(|s| or_dash(s.tag_propagation.as_deref()).into_owned()),
            ),
            (
                "Execution role identity",
                set(|s| or_dash(s.execution_role_identity.as_deref()).into_owned()),
            ),
            ("Idle shutdown", set(idle_shutdown)),
            ("Created", format::timestamp(self.created)),
            ("Last modified", format::timestamp(self.last_modified)),
            ("Tags", detail_field(&self.tags, |t| t.len().to_string())),
        ]
    }

    fn tags(&self) -> &[Tag] {
        self.tags.known_or_empty()
    }
}

pub(crate) fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdleShutdown;

    #[test]
    fn idle_shutdown_in_the_detail_view() {
        let mut d = crate::governance::testing::domain();
        let crate::model::Detail::Known(s) = &mut d.settings else {
            unreachable!()
        };
        assert_eq!(idle_shutdown(s), "JupyterLab 120 min, CodeEditor 240 min");
        s.idle_shutdown = vec![IdleShutdown {
            app_type: "CodeEditor".into(),
            enabled: false,
            timeout_minutes: Some(60),
        }];
        assert_eq!(idle_shutdown(s), "CodeEditor off");
        s.idle_shutdown.clear();
        assert_eq!(idle_shutdown(s), "-");
        assert!(d
            .fields()
            .iter()
            .any(|(k, v)| *k == "Idle shutdown" && v == "-"));
    }
}
