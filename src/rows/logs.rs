//! Log lines (CloudWatch Logs), oldest first as written: when, where, what.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::log::{LogEvent, GLUE_ERROR};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("TIME", 23),
    Column::fill("STREAM", 10),
    Column::fill("MESSAGE", 40),
];

/// Words that make a line worth seeing first.
fn is_error(message: &str) -> bool {
    [
        "ERROR",
        "Error",
        "Exception",
        "Traceback",
        "FATAL",
        "failed",
    ]
    .iter()
    .any(|w| message.contains(w))
}

impl Row for LogEvent {
    const NOUN: &'static str = "log line";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Owned(self.time.map_or_else(
                || "-".to_owned(),
                |t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
            )),
            1 => Cow::Borrowed(self.place()),
            // One row is one line (the sanitiser makes the rest safe).
            _ => Cow::Owned(self.one_line()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            0 => Tone::Muted,
            2 if self.group == GLUE_ERROR || is_error(&self.message) => Tone::Bad,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            // Milliseconds: lines of the same second keep their order.
            0 => self.time.map_or(SortKey::Missing, |t| {
                SortKey::Num(t.timestamp_millis() as f64)
            }),
            1 => SortKey::Text(self.place()),
            _ => SortKey::Text(&self.message),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[1, 2]
    }

    fn title(&self) -> String {
        self.message.clone()
    }

    /// Events are told apart by CloudWatch's id (two lines may read alike).
    fn mark_key(&self) -> String {
        self.id.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Time", format::timestamp(self.time)),
            ("Log group", self.group.clone()),
            ("Stream", self.stream.clone()),
            ("Message", self.message.clone()),
        ]
    }
}
