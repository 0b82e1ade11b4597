//! Glue jobs, and the drill-down into one job's runs.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::gitsync::SyncState;
use crate::model::{GlueJob, JobRun, Tag};
use crate::rows::{detail_cell, detail_field, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const JOB_COLUMNS: &[Column] = &[
    Column::fill("NAME", 22),
    Column::fixed("TYPE", 13),
    Column::fixed("GLUE", 4),
    Column::fixed("WORKERS", 9),
    Column::fixed("LAST RUN", 9),
    Column::fixed("DURATION", 8),
    Column::fixed("STARTED", 8),
    Column::fill("SCRIPT", 20),
];

fn workers(job: &GlueJob) -> String {
    match (&job.worker_type, job.number_of_workers, job.max_capacity) {
        (Some(t), Some(n), _) => format!("{t}×{n}"),
        (_, _, Some(dpu)) => format!("{dpu} DPU"),
        _ => "-".to_owned(),
    }
}

impl Row for GlueJob {
    const NOUN: &'static str = "Glue job";

    fn columns() -> &'static [Column] {
        JOB_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let run = |f: fn(Option<&JobRun>, DateTime<Utc>) -> Cow<'_, str>| {
            detail_cell(&self.last_run, move |r| f(r.as_ref(), now))
        };
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.command),
            2 => or_dash(self.glue_version.as_deref()),
            3 => Cow::Owned(workers(self)),
            4 => run(|r, _| Cow::Borrowed(r.map_or("never", |r| r.state.as_str()))),
            5 => run(|r, _| {
                Cow::Owned(
                    r.and_then(|r| r.execution_secs)
                        .map_or_else(|| "-".to_owned(), format::duration_precise),
                )
            }),
            6 => run(|r, now| Cow::Owned(format::relative(r.and_then(|r| r.started), now))),
            _ => Cow::Borrowed(&self.script_location),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            4 => detail_tone(&self.last_run, |r| {
                r.as_ref().map_or(Tone::Muted, |r| state_tone(&r.state))
            }),
            5 | 6 => detail_tone(&self.last_run, |_| Tone::Plain),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let run = self.last_run.known().and_then(Option::as_ref);
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.command),
            2 => SortKey::opt_text(self.glue_version.as_deref()),
            3 => SortKey::Num(f64::from(self.number_of_workers.unwrap_or(0))),
            4 => SortKey::opt_text(run.map(|r| r.state.as_str())),
            5 => run
                .and_then(|r| r.execution_secs)
                .map_or(SortKey::Missing, |s| SortKey::Num(s as f64)),
            6 => SortKey::time(run.and_then(|r| r.started)),
            _ => SortKey::Text(&self.script_location),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[4, 5, 6]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 4]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(self.name.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let run =
            |f: fn(Option<&JobRun>) -> String| detail_field(&self.last_run, |r| f(r.as_ref()));
        vec![
            ("Name", self.name.clone()),
            (
                "Description",
                or_dash(self.description.as_deref()).into_owned(),
            ),
            ("Type", self.command.clone()),
            (
                "Glue version",
                or_dash(self.glue_version.as_deref()).into_owned(),
            ),
            ("Workers", workers(self)),
            ("Script", self.script_location.clone()),
            ("Role", self.role.clone()),
            (
                "Security configuration",
                or_dash(self.security_configuration.as_deref()).into_owned(),
            ),
            (
                "Timeout",
                self.timeout_minutes
                    .map_or_else(|| "-".to_owned(), |m| format!("{m} min")),
            ),
            (
                "Last run",
                run(|r| r.map_or_else(|| "never".to_owned(), |r| r.state.clone())),
            ),
            (
                "Last run id",
                run(|r| r.map_or_else(|| "-".to_owned(), |r| r.id.clone())),
            ),
            (
                "Last run started",
                run(|r| format::timestamp(r.and_then(|r| r.started))),
            ),
            // The tags follow as their own list once known.
            ("Tags", detail_field(&self.tags, |t| t.len().to_string())),
            ("Created", format::timestamp(self.created)),
            ("Last modified", format::timestamp(self.last_modified)),
        ]
    }

    fn tags(&self) -> &[Tag] {
        self.tags.known_or_empty()
    }
}

/// A Glue job on the Jobs tab: the job, and its Git sync state once the
/// background check has reported it (`None` until then).
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub job: GlueJob,
    pub git: Option<SyncState>,
}

/// The job's columns with GIT before SCRIPT (`dsadmin get jobs` keeps the
/// job's own columns: it does not read Git).
const JOB_ROW_COLUMNS: &[Column] = &[
    Column::fill("NAME", 22),
    Column::fixed("TYPE", 13),
    Column::fixed("GLUE", 4),
    Column::fixed("WORKERS", 9),
    Column::fixed("LAST RUN", 9),
    Column::fixed("DURATION", 8),
    Column::fixed("STARTED", 8),
    Column::fixed("GIT", 10),
    Column::fill("SCRIPT", 20),
];
const GIT_COL: usize = 7;

/// JobRow column → GlueJob column, for every column but GIT.
fn job_col(col: usize) -> usize {
    if col > GIT_COL {
        col - 1
    } else {
        col
    }
}

/// In-sync is good, drift and dirt want attention, errors are bad.
pub fn git_tone(state: &SyncState) -> Tone {
    match state {
        SyncState::InSync => Tone::Ok,
        SyncState::Drifted | SyncState::Dirty { .. } => Tone::Warn,
        SyncState::NotMapped { .. } => Tone::Muted,
        SyncState::Error { .. } => Tone::Bad,
    }
}

impl Row for JobRow {
    const NOUN: &'static str = "Glue job";

    fn columns() -> &'static [Column] {
        JOB_ROW_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        if col == GIT_COL {
            return Cow::Borrowed(self.git.as_ref().map_or("…", SyncState::label));
        }
        self.job.cell(job_col(col), now)
    }

    fn tone(&self, col: usize) -> Tone {
        if col == GIT_COL {
            return self.git.as_ref().map_or(Tone::Muted, git_tone);
        }
        self.job.tone(job_col(col))
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        if col == GIT_COL {
            return SortKey::opt_text(self.git.as_ref().map(SyncState::label));
        }
        self.job.sort_key(job_col(col))
    }

    fn key_columns() -> &'static [usize] {
        GlueJob::key_columns()
    }

    /// The job's own, which sit before the GIT column.
    fn follow_up_columns() -> &'static [usize] {
        GlueJob::follow_up_columns()
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        self.job.trail_keys()
    }

    fn title(&self) -> String {
        self.job.title()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = self.job.fields();
        let git = self
            .git
            .as_ref()
            .map_or_else(|| "checking…".to_owned(), SyncState::describe);
        let at = fields
            .iter()
            .position(|(k, _)| *k == "Script")
            .map_or(fields.len(), |i| i + 1);
        fields.insert(at, ("Git", git));
        fields
    }

    fn tags(&self) -> &[Tag] {
        self.job.tags.known_or_empty()
    }
}

const RUN_COLUMNS: &[Column] = &[
    Column::fixed("RUN ID", 14),
    Column::fixed("STATE", 9),
    Column::fixed("STARTED", 9),
    Column::fixed("DURATION", 8),
    Column::fixed("DPU-S", 8),
    Column::fixed("TRY", 3),
    Column::fill("ERROR", 20),
];

/// The run states BatchStopJobRun acts on.
pub fn is_stoppable(state: &str) -> bool {
    matches!(state, "STARTING" | "RUNNING" | "WAITING")
}

/// Glue run ids are 64+ characters (`jr_` + hex): the head is enough to tell them apart.
fn short_run_id(id: &str) -> &str {
    let end = id.char_indices().nth(14).map_or(id.len(), |(i, _)| i);
    &id[..end]
}

impl Row for JobRun {
    const NOUN: &'static str = "job run";

    fn columns() -> &'static [Column] {
        RUN_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(short_run_id(&self.id)),
            1 => Cow::Borrowed(&self.state),
            2 => Cow::Owned(format::relative(self.started, now)),
            3 => Cow::Owned(
                self.execution_secs
                    .map_or_else(|| "-".to_owned(), format::duration_precise),
            ),
            4 => Cow::Owned(
                self.dpu_seconds
                    .map_or_else(|| "-".to_owned(), |d| format!("{d:.0}")),
            ),
            5 => Cow::Owned(self.attempt.to_string()),
            _ => or_dash(self.error_message.as_deref()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            1 => state_tone(&self.state),
            6 if self.error_message.is_some() => Tone::Bad,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.id),
            1 => SortKey::Text(&self.state),
            2 => SortKey::time(self.started),
            3 => self
                .execution_secs
                .map_or(SortKey::Missing, |s| SortKey::Num(s as f64)),
            4 => self.dpu_seconds.map_or(SortKey::Missing, SortKey::Num),
            5 => SortKey::Num(f64::from(self.attempt)),
            _ => SortKey::opt_text(self.error_message.as_deref()),
        }
    }

    fn default_sort() -> (usize, bool) {
        (2, true)
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 6]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![crate::model::trail::TrailKey::Resource(
            self.job_name.clone(),
        )]
    }

    fn title(&self) -> String {
        self.id.clone()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Run id", self.id.clone()),
            ("Job", self.job_name.clone()),
            ("State", self.state.clone()),
            ("Started", format::timestamp(self.started)),
            ("Completed", format::timestamp(self.completed)),
            (
                "Execution time",
                self.execution_secs
                    .map_or_else(|| "-".to_owned(), format::duration_precise),
            ),
            (
                "DPU-seconds",
                self.dpu_seconds
                    .map_or_else(|| "-".to_owned(), |d| format!("{d:.1}")),
            ),
            (
                "Worker type",
                or_dash(self.worker_type.as_deref()).into_owned(),
            ),
            (
                "Workers",
                self.number_of_workers
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            ),
            ("Attempt", self.attempt.to_string()),
            ("Trigger", or_dash(self.trigger.as_deref()).into_owned()),
            ("Error", or_dash(self.error_message.as_deref()).into_owned()),
        ]
    }
}
