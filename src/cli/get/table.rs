//! The tables `dsadmin get` prints: a tab's own columns and cells (from
//! `rows::Row`) or, for lists without a tab, columns of their own.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthStr;

use crate::format;
use crate::model::{App, Detail, GlueDatabase, NotebookInstance, ProfileItem, Space, TrainingJob};
use crate::rows::{Row, PENDING, UNKNOWN};

/// Column titles and cell texts, ready to align.
pub(crate) struct Table {
    pub(crate) titles: Vec<&'static str>,
    pub(crate) rows: Vec<Vec<String>>,
}

/// Writes `rows` as an aligned table with the TUI's columns and cell texts
/// (for other subcommands, e.g. `check`, that print a pane's rows).
pub fn write_rows<T: Row>(out: &mut impl Write, rows: &[T], now: DateTime<Utc>) -> io::Result<()> {
    write_table(out, &tab_table(rows, now))
}

/// A tab's columns and cells for `rows`, exactly as the TUI words them.
pub(crate) fn tab_table<T: Row>(rows: &[T], now: DateTime<Utc>) -> Table {
    let columns = T::columns();
    Table {
        titles: columns.iter().map(|c| c.title).collect(),
        rows: rows
            .iter()
            .map(|r| {
                (0..columns.len())
                    .map(|col| r.cell(col, now).into_owned())
                    .collect()
            })
            .collect(),
    }
}

/// `dsadmin get`'s table: the tab's columns, without the ones follow-up
/// calls fill unless `wide` (kubectl's `-o wide`).
pub(crate) fn list_table<T: Row>(rows: &[T], now: DateTime<Utc>, wide: bool) -> Table {
    let mut table = tab_table(rows, now);
    if !wide {
        let keep: Vec<bool> = (0..table.titles.len())
            .map(|c| !T::follow_up_columns().contains(&c))
            .collect();
        table.titles = kept(std::mem::take(&mut table.titles), &keep);
        for row in &mut table.rows {
            *row = kept(std::mem::take(row), &keep);
        }
    }
    table
}

fn kept<T>(cells: Vec<T>, keep: &[bool]) -> Vec<T> {
    cells
        .into_iter()
        .zip(keep)
        .filter_map(|(cell, keep)| keep.then_some(cell))
        .collect()
}

/// The user drill-down's columns (apps and spaces share them in the TUI),
/// plus OWNER, because a domain-wide list mixes everyone's.
pub(super) fn profile_items_table(items: Vec<(ProfileItem, String)>, now: DateTime<Utc>) -> Table {
    let (items, owners): (Vec<ProfileItem>, Vec<String>) = items.into_iter().unzip();
    let mut table = tab_table(&items, now);
    table.titles.push("OWNER");
    for (row, owner) in table.rows.iter_mut().zip(owners) {
        row.push(owner);
    }
    table
}

pub(super) fn apps_table(apps: &[App], now: DateTime<Utc>) -> Table {
    profile_items_table(
        apps.iter()
            .map(|a| {
                let owner = match (&a.user_profile, &a.space_name) {
                    (Some(user), _) => user.clone(),
                    (None, Some(space)) => format!("space {space}"),
                    (None, None) => "-".to_owned(),
                };
                (ProfileItem::App(a.clone()), owner)
            })
            .collect(),
        now,
    )
}

pub(super) fn spaces_table(spaces: &[Space], now: DateTime<Utc>) -> Table {
    profile_items_table(
        spaces
            .iter()
            .map(|s| {
                let owner = format::opt(s.owner.as_deref());
                (ProfileItem::Space(s.clone()), owner)
            })
            .collect(),
        now,
    )
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

// Notebook instances, training jobs and databases have no tab (yet); their
// columns follow the tabs' conventions: name first, state, relative times.

/// The cells of a Describe's fields: `known`'s texts, or one `…` or `?`
/// per title (the JSON's `unknown` map says why).
fn described_cells<D>(
    d: &Detail<D>,
    titles: &[&str],
    known: impl FnOnce(&D) -> Vec<String>,
) -> Vec<String> {
    match d {
        Detail::Known(v) => known(v),
        Detail::Pending => vec![PENDING.to_owned(); titles.len()],
        Detail::Unknown(_) => vec![UNKNOWN.to_owned(); titles.len()],
    }
}

/// A table of a list's own fields around what a Describe says (titles
/// and cells in three parts: before, described, after), the middle part
/// only when `wide`.
fn listed_table<R>(
    rows: &[R],
    titles: [&[&'static str]; 3],
    wide: bool,
    cells: impl Fn(&R) -> [Vec<String>; 3],
) -> Table {
    let keep = |part: usize| wide || part != 1;
    Table {
        titles: (0..3)
            .filter(|p| keep(*p))
            .flat_map(|p| titles[p].iter().copied())
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let parts = cells(r);
                parts
                    .into_iter()
                    .enumerate()
                    .filter(|(p, _)| keep(*p))
                    .flat_map(|(_, cells)| cells)
                    .collect()
            })
            .collect(),
    }
}

const NOTEBOOK_TITLES: [&[&str]; 3] = [
    &["NAME", "STATUS", "INSTANCE TYPE"],
    &["INTERNET", "ROOT", "KMS KEY"],
    &["CREATED"],
];

pub(super) fn notebooks_table(rows: &[NotebookInstance], now: DateTime<Utc>, wide: bool) -> Table {
    listed_table(rows, NOTEBOOK_TITLES, wide, |n| {
        [
            vec![
                n.name.clone(),
                n.status.clone(),
                format::opt(n.instance_type.as_deref()),
            ],
            described_cells(&n.described, NOTEBOOK_TITLES[1], |s| {
                vec![
                    format::opt(s.direct_internet_access.as_deref()),
                    format::opt(s.root_access.as_deref()),
                    s.kms_key_id.as_deref().map_or_else(
                        || "none (AWS owned)".to_owned(),
                        |k| format::arn_tail(k).to_owned(),
                    ),
                ]
            }),
            vec![format::relative(n.created, now)],
        ]
    })
}

const TRAINING_TITLES: [&[&str]; 3] = [
    &["NAME", "STATUS"],
    &["INSTANCES", "VPC", "ENCRYPTED", "SPOT", "DURATION"],
    &["CREATED"],
];

pub(super) fn training_jobs_table(rows: &[TrainingJob], now: DateTime<Utc>, wide: bool) -> Table {
    listed_table(rows, TRAINING_TITLES, wide, |j| {
        [
            vec![j.name.clone(), j.status.clone()],
            described_cells(&j.described, TRAINING_TITLES[1], |s| {
                let instances = match (&s.instance_type, s.instance_count) {
                    (Some(t), Some(n)) => format!("{t}×{n}"),
                    (Some(t), None) => t.clone(),
                    (None, _) => "-".to_owned(),
                };
                vec![
                    instances,
                    yes_no(s.in_vpc),
                    yes_no(s.inter_container_encryption),
                    yes_no(s.managed_spot),
                    s.training_secs
                        .map_or_else(|| "-".to_owned(), format::duration_precise),
                ]
            }),
            vec![format::relative(j.created, now)],
        ]
    })
}

pub(super) fn databases_table(rows: &[GlueDatabase], now: DateTime<Utc>) -> Table {
    Table {
        titles: vec!["NAME", "LOCATION", "CREATED", "DESCRIPTION"],
        rows: rows
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    format::opt(d.location_uri.as_deref()),
                    format::relative(d.created, now),
                    format::opt(d.description.as_deref()),
                ]
            })
            .collect(),
    }
}

/// Aligned columns, two spaces apart, no colour, nothing cut; the last
/// column is not padded so lines carry no trailing blanks.
pub(crate) fn write_table(out: &mut (impl Write + ?Sized), table: &Table) -> io::Result<()> {
    // A newline or tab inside a value (a Glue error message) would break the
    // row apart: it reads as a space. Any other control (an escape sequence
    // in a description) is shown, never sent (`crate::sanitize`).
    let clean = |s: &str| -> String {
        let spaced: String = s
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        crate::sanitize::line(&spaced).into_owned()
    };
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = table.titles.iter().map(|t| t.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let titles: Vec<String> = table.titles.iter().map(|t| (*t).to_owned()).collect();
    for row in std::iter::once(&titles).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(w.saturating_sub(cell.width())));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The rows in the order the tab first shows them (its default sort column
/// and direction), so the CLI lists what the TUI lists in the same order.
pub(crate) fn sorted_like_tab<T: Row>(mut rows: Vec<T>) -> Vec<T> {
    let (col, desc) = T::default_sort();
    // Stable ascending, then reversed for descending: what the table widget
    // does, so ties land in the same places.
    rows.sort_by(|a, b| a.sort_key(col).compare(&b.sort_key(col)));
    if desc {
        rows.reverse();
    }
    rows
}
