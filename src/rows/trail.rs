//! CloudTrail events of one resource (`T`, `:trail`, `dsadmin trail`).

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::trail::TrailEvent;
use crate::rows::{or_dash, Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("WHEN", 8),
    Column::fixed("TIME (UTC)", 19),
    Column::fill("EVENT", 18),
    Column::fill("WHO", 24),
    Column::fixed("SOURCE IP", 13),
    Column::fixed("ERROR", 12),
    Column::fill("SERVICE", 10),
];

/// `sagemaker.amazonaws.com` → `sagemaker`.
fn service(source: &str) -> &str {
    source.strip_suffix(".amazonaws.com").unwrap_or(source)
}

fn time_utc(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

impl Row for TrailEvent {
    const NOUN: &'static str = "CloudTrail event";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Owned(format::relative(self.time, now)),
            1 => Cow::Owned(time_utc(self.time)),
            2 => Cow::Borrowed(&self.name),
            3 => Cow::Borrowed(&self.who_line),
            4 => or_dash(self.source_ip.as_deref()),
            5 => or_dash(self.error_code.as_deref()),
            _ => Cow::Borrowed(service(&self.source)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            5 if self.error_code.is_some() => Tone::Bad,
            2 if self.error_code.is_some() => Tone::Bad,
            4 | 5 | 6 | 0 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 | 1 => SortKey::time(self.time),
            2 => SortKey::Text(&self.name),
            4 => SortKey::opt_text(self.source_ip.as_deref()),
            5 => SortKey::opt_text(self.error_code.as_deref()),
            6 => SortKey::Text(&self.source),
            _ => SortKey::Text(&self.who_line),
        }
    }

    fn key_columns() -> &'static [usize] {
        // The absolute time, not WHEN: filter keys must not change with the clock.
        &[2, 3, 1, 4, 5, 6]
    }

    fn default_sort() -> (usize, bool) {
        (1, true)
    }

    fn title(&self) -> String {
        format!("{} {}", self.name, time_utc(self.time))
    }

    fn mark_key(&self) -> String {
        self.id.clone()
    }

    /// The event id: what CloudTrail's console and `lookup-events` find.
    fn copy_value(&self) -> String {
        self.id.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let opt = |v: &Option<String>| or_dash(v.as_deref()).into_owned();
        vec![
            ("Event", self.name.clone()),
            ("Time", format::timestamp(self.time)),
            ("Service", self.source.clone()),
            ("Who", self.who.describe()),
            ("Identity type", self.who.kind.clone()),
            ("Identity ARN", opt(&self.who.arn)),
            ("Session", opt(&self.who.session)),
            ("Source identity", opt(&self.who.source_identity)),
            ("User name", opt(&self.username)),
            ("Source IP", opt(&self.source_ip)),
            ("Error code", opt(&self.error_code)),
            ("Error message", opt(&self.error_message)),
            ("Resources", self.resources.join(", ")),
            ("Event id", self.id.clone()),
            ("Event JSON", self.pretty_json()),
        ]
    }
}
