//! Face-neutral rows: what a resource looks like as a row, for the TUI's
//! tables and `dsadmin get` alike. Each resource type describes its columns
//! once ([`Row`]): titles, widths, cells, tones, sort keys and the fields of
//! its detail view. The TUI adds what a row *does* (drill-downs, actions)
//! in `tui::views`; the CLI prints the same cells.

pub mod account;
pub mod artifacts;
pub mod audit;
pub mod costs;
pub mod crawlers;
pub mod domains;
pub mod endpoints;
pub mod findings;
pub mod idle;
pub mod images;
pub mod jobs;
pub mod lifecycle;
pub mod logs;
pub mod models;
pub mod roles;
pub mod team;
pub mod trail;
pub mod users;

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::model::{Detail, Tag};

/// How a column is sized. Columns fit their widest visible value; these say how
/// far a column may be squeezed when the screen is narrow, and who gets spare room.
#[derive(Debug, Clone, Copy)]
pub enum Width {
    /// Short values (states, counts): never squeezed below this many cells.
    Fixed(u16),
    /// Long values (names, paths): squeezed down to this many cells if needed.
    Fill(u16),
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Width,
}

impl Column {
    pub const fn fixed(title: &'static str, w: u16) -> Self {
        Self {
            title,
            width: Width::Fixed(w),
        }
    }
    pub const fn fill(title: &'static str, min: u16) -> Self {
        Self {
            title,
            width: Width::Fill(min),
        }
    }
}

/// What a cell's value means, coloured by the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Ok,
    Warn,
    Bad,
    Muted,
}

/// A borrowed value to sort a column by.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey<'a> {
    Text(&'a str),
    Num(f64),
    /// Seconds since the epoch.
    Time(i64),
    /// Sorts after every value in ascending order.
    Missing,
}

impl SortKey<'_> {
    pub fn time(t: Option<DateTime<Utc>>) -> SortKey<'static> {
        t.map_or(SortKey::Missing, |t| SortKey::Time(t.timestamp()))
    }
    pub fn opt_text(s: Option<&str>) -> SortKey<'_> {
        s.map_or(SortKey::Missing, SortKey::Text)
    }

    /// The table order: missing values last, text ignoring case.
    pub fn compare(&self, other: &SortKey<'_>) -> Ordering {
        use SortKey::*;
        match (self, other) {
            (Missing, Missing) => Ordering::Equal,
            (Missing, _) => Ordering::Greater,
            (_, Missing) => Ordering::Less,
            (Text(a), Text(b)) => cmp_ignore_case(a, b),
            (Num(a), Num(b)) => a.total_cmp(b),
            (Time(a), Time(b)) => a.cmp(b),
            // Mixed kinds never happen within one column; keep the order total anyway.
            (Text(_), _) => Ordering::Less,
            (_, Text(_)) => Ordering::Greater,
            (Num(_), Time(_)) => Ordering::Less,
            (Time(_), Num(_)) => Ordering::Greater,
        }
    }
}

/// Case-insensitive without allocating: sorting 100k names must not build 100k strings.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        // The common case (AWS names are ASCII), byte by byte.
        return a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
            .then_with(|| a.cmp(b));
    }
    let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
    a.chars()
        .map(fold)
        .cmp(b.chars().map(fold))
        .then_with(|| a.cmp(b))
}

/// How a resource type shows up as a row: in a TUI table, in its detail
/// view, and in `dsadmin get`'s table. Face-neutral: nothing here knows a
/// screen or a key.
pub trait Row: Clone + Send + Sync + 'static {
    /// What one row is, for titles and messages ("user profile").
    const NOUN: &'static str;
    fn columns() -> &'static [Column];
    /// The text of one cell. `now` is for relative times.
    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str>;
    /// What the cell means, for colour. State columns override this.
    fn tone(&self, _col: usize) -> Tone {
        Tone::Plain
    }
    fn sort_key(&self, col: usize) -> SortKey<'_>;
    /// The columns filled by follow-up calls (see `model::Detail`):
    /// `dsadmin get` shows them only with `--wide`.
    fn follow_up_columns() -> &'static [usize] {
        &[]
    }
    /// The identifying columns the fuzzy filter matches on. They must not depend on `now`.
    fn key_columns() -> &'static [usize];
    /// The column sorted by when the table opens, and whether descending.
    fn default_sort() -> (usize, bool) {
        (0, false)
    }
    /// Name for breadcrumbs, and what `y` copies when there is no ARN.
    fn title(&self) -> String;
    fn arn(&self) -> Option<&str> {
        None
    }
    /// Every field for the detail view, in a sensible order.
    fn fields(&self) -> Vec<(&'static str, String)>;
    fn tags(&self) -> &[Tag] {
        &[]
    }
    /// What `T` looks up in CloudTrail for this row: its resource's name
    /// (and a user profile's user name too). Empty where CloudTrail names
    /// nothing of the row (a finding, a journal line).
    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        Vec::new()
    }
    /// Request parameters that tell this row's resource from another of the
    /// same name (`domainId` for a user profile): see `TrailQuery::within`.
    fn trail_within(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// What `y` copies: the ARN where there is one, else the title.
    fn copy_value(&self) -> String {
        self.arn().map_or_else(|| self.title(), str::to_owned)
    }
    /// What identifies the row across reloads, sorts and filters: marks are
    /// kept by it. The ARN where there is one, else the title.
    fn mark_key(&self) -> String {
        self.arn().map_or_else(|| self.title(), str::to_owned)
    }
}

/// Colours a state by what it means, across services' vocabularies.
pub fn state_tone(state: &str) -> Tone {
    match state.to_ascii_lowercase().as_str() {
        "inservice" | "succeeded" | "published" | "complete" | "ready" | "active" => Tone::Ok,
        "pending" | "creating" | "updating" | "systemupdating" | "rollingback" | "running"
        | "starting" | "stopping" | "waiting" | "in_progress" | "unfinished" | "unlisted"
        | "deleting" => Tone::Warn,
        "failed"
        | "error"
        | "timeout"
        | "update_failed"
        | "delete_failed"
        | "updaterollbackfailed"
        | "expired" => Tone::Bad,
        "deleted" | "stopped" | "cancelled" | "archived" | "disposed" | "outofservice" => {
            Tone::Muted
        }
        _ => Tone::Plain,
    }
}

/// A follow-up cell still being fetched.
pub const PENDING: &str = "…";
/// A follow-up cell whose call failed (`d` says why).
pub const UNKNOWN: &str = "?";

/// The cell of a follow-up field: `known` of its value, else `…` or `?`.
pub fn detail_cell<'a, T>(
    d: &'a Detail<T>,
    known: impl FnOnce(&'a T) -> Cow<'a, str>,
) -> Cow<'a, str> {
    match d {
        Detail::Known(v) => known(v),
        Detail::Pending => Cow::Borrowed(PENDING),
        Detail::Unknown(_) => Cow::Borrowed(UNKNOWN),
    }
}

/// The tone of a follow-up cell: unknown warns, pending is muted.
pub fn detail_tone<T>(d: &Detail<T>, known: impl FnOnce(&T) -> Tone) -> Tone {
    match d {
        Detail::Known(v) => known(v),
        Detail::Pending => Tone::Muted,
        Detail::Unknown(_) => Tone::Warn,
    }
}

/// The sort key of a follow-up cell: not known sorts last.
pub fn detail_sort<'a, T>(
    d: &'a Detail<T>,
    known: impl FnOnce(&'a T) -> SortKey<'a>,
) -> SortKey<'a> {
    d.known().map_or(SortKey::Missing, known)
}

/// A follow-up field in a detail view: the value, or why it is not there.
pub fn detail_field<T>(d: &Detail<T>, known: impl FnOnce(&T) -> String) -> String {
    match d {
        Detail::Known(v) => known(v),
        Detail::Pending => "loading…".to_owned(),
        Detail::Unknown(why) => format!("unknown: {}", why.text()),
    }
}

/// "-" for a missing value.
pub fn or_dash(s: Option<&str>) -> std::borrow::Cow<'_, str> {
    std::borrow::Cow::Borrowed(s.filter(|s| !s.is_empty()).unwrap_or("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_coloured_by_meaning_across_services() {
        for ok in ["InService", "SUCCEEDED", "Published", "COMPLETE", "READY"] {
            assert_eq!(state_tone(ok), Tone::Ok, "{ok}");
        }
        for warn in ["Pending", "RUNNING", "Updating", "IN_PROGRESS", "Unlisted"] {
            assert_eq!(state_tone(warn), Tone::Warn, "{warn}");
        }
        for bad in [
            "Failed",
            "ERROR",
            "TIMEOUT",
            "Delete_Failed",
            "Update_Failed",
        ] {
            assert_eq!(state_tone(bad), Tone::Bad, "{bad}");
        }
        for muted in ["Deleted", "STOPPED", "CANCELLED", "Archived"] {
            assert_eq!(state_tone(muted), Tone::Muted, "{muted}");
        }
        assert_eq!(state_tone("whatever"), Tone::Plain);
    }
}
