//! Recent errors (`:errors`): when, where, and the full message.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::rows::{Column, Row, SortKey, Tone};
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

/// One error the app met: a failed load, a failed switch of profile or region.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorRecord {
    pub at: DateTime<Utc>,
    /// The tab (or "app") and the breadcrumb it happened under.
    pub place: String,
    /// The AWS error code or dsadmin's kind of error.
    pub code: String,
    pub message: String,
}

const COLUMNS: &[Column] = &[
    Column::fixed("WHEN", 9),
    Column::fixed("TIME (UTC)", 19),
    Column::fill("WHERE", 16),
    Column::fixed("CODE", 16),
    Column::fill("MESSAGE", 30),
];

impl Row for ErrorRecord {
    const NOUN: &'static str = "error";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Owned(format::relative(Some(self.at), now)),
            1 => Cow::Owned(self.at.format("%Y-%m-%d %H:%M:%S").to_string()),
            2 => Cow::Borrowed(&self.place),
            3 => Cow::Borrowed(&self.code),
            _ => Cow::Borrowed(&self.message),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            3 | 4 => Tone::Bad,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 | 1 => SortKey::Time(self.at.timestamp_micros()),
            2 => SortKey::Text(&self.place),
            3 => SortKey::Text(&self.code),
            _ => SortKey::Text(&self.message),
        }
    }

    fn default_sort() -> (usize, bool) {
        (1, true)
    }

    fn key_columns() -> &'static [usize] {
        &[2, 3, 4]
    }

    fn title(&self) -> String {
        self.message.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Time", format::timestamp(Some(self.at))),
            ("Where", self.place.clone()),
            ("Code", self.code.clone()),
            ("Message", self.message.clone()),
        ]
    }
}

impl TableRow for ErrorRecord {
    fn take(_payload: Payload) -> Option<Vec<Self>> {
        // Never loaded: the app fills this list itself.
        None
    }
}
