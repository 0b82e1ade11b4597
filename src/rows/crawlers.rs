//! Glue crawlers.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::Crawler;
use crate::rows::domains::list;
use crate::rows::{or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fill("NAME", 22),
    Column::fixed("STATE", 8),
    Column::fixed("LAST CRAWL", 10),
    Column::fixed("WHEN", 8),
    Column::fixed("SCHEDULE", 22),
    Column::fill("DATABASE", 14),
];

impl Row for Crawler {
    const NOUN: &'static str = "crawler";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.state),
            2 => Cow::Borrowed(self.last_crawl_status.as_deref().unwrap_or("never")),
            3 => Cow::Owned(format::relative(self.last_crawl_started, now)),
            4 => Cow::Borrowed(self.schedule.as_deref().unwrap_or("on demand")),
            _ => or_dash(self.database.as_deref()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => state_tone(&self.state),
            2 => self
                .last_crawl_status
                .as_deref()
                .map_or(Tone::Muted, state_tone),
            4 if self.schedule.is_none() => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.state),
            2 => SortKey::opt_text(self.last_crawl_status.as_deref()),
            3 => SortKey::time(self.last_crawl_started),
            4 => SortKey::opt_text(self.schedule.as_deref()),
            _ => SortKey::opt_text(self.database.as_deref()),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 5]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Name", self.name.clone()),
            ("State", self.state.clone()),
            (
                "Last crawl",
                self.last_crawl_status
                    .clone()
                    .unwrap_or_else(|| "never".to_owned()),
            ),
            (
                "Last crawl started",
                format::timestamp(self.last_crawl_started),
            ),
            (
                "Last crawl error",
                or_dash(self.last_crawl_error.as_deref()).into_owned(),
            ),
            (
                "Schedule",
                self.schedule
                    .clone()
                    .unwrap_or_else(|| "on demand".to_owned()),
            ),
            ("Database", or_dash(self.database.as_deref()).into_owned()),
            ("Role", self.role.clone()),
            ("Targets", list(&self.targets)),
            ("Created", format::timestamp(self.created)),
            ("Last updated", format::timestamp(self.last_updated)),
        ]
    }
}
