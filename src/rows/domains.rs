//! Studio domains.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{Domain, Tag};
use crate::rows::{or_dash, state_tone};
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
fn idle_shutdown(d: &Domain) -> String {
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
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.id),
            2 => Cow::Borrowed(&self.status),
            3 => Cow::Borrowed(&self.auth_mode),
            4 => Cow::Borrowed(&self.network_mode),
            5 => match &self.kms_key_id {
                Some(k) => Cow::Borrowed(format::arn_tail(k)),
                None => Cow::Borrowed("none (AWS owned)"),
            },
            _ => Cow::Owned(format::relative(self.created, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            2 => state_tone(&self.status),
            4 if self.network_mode == "VpcOnly" => Tone::Ok,
            4 => Tone::Warn,
            5 if self.kms_key_id.is_none() => Tone::Warn,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.id),
            2 => SortKey::Text(&self.status),
            3 => SortKey::Text(&self.auth_mode),
            4 => SortKey::Text(&self.network_mode),
            5 => SortKey::opt_text(self.kms_key_id.as_deref()),
            _ => SortKey::time(self.created),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3, 4]
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
            ("Id", self.id.clone()),
            ("ARN", self.arn.clone()),
            ("Status", self.status.clone()),
            ("Auth mode", self.auth_mode.clone()),
            ("Network mode", self.network_mode.clone()),
            ("KMS key", or_dash(self.kms_key_id.as_deref()).into_owned()),
            ("VPC", or_dash(self.vpc_id.as_deref()).into_owned()),
            ("Subnets", list(&self.subnet_ids)),
            ("URL", or_dash(self.url.as_deref()).into_owned()),
            (
                "Default execution role",
                or_dash(self.default_execution_role.as_deref()).into_owned(),
            ),
            (
                "Tag propagation",
                or_dash(self.tag_propagation.as_deref()).into_owned(),
            ),
            (
                "Execution role identity",
                or_dash(self.execution_role_identity.as_deref()).into_owned(),
            ),
            ("Idle shutdown", idle_shutdown(self)),
            ("Created", format::timestamp(self.created)),
            ("Last modified", format::timestamp(self.last_modified)),
        ]
    }

    fn tags(&self) -> &[Tag] {
        &self.tags
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
        assert_eq!(idle_shutdown(&d), "JupyterLab 120 min, CodeEditor 240 min");
        d.idle_shutdown = vec![IdleShutdown {
            app_type: "CodeEditor".into(),
            enabled: false,
            timeout_minutes: Some(60),
        }];
        assert_eq!(idle_shutdown(&d), "CodeEditor off");
        d.idle_shutdown.clear();
        assert_eq!(idle_shutdown(&d), "-");
        assert!(d
            .fields()
            .iter()
            .any(|(k, v)| *k == "Idle shutdown" && v == "-"));
    }
}
