//! Glue jobs, and the drill-down into one job's runs.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::log::LogSource;
use crate::model::{Enriched, GlueJob, JobRun};
use crate::ops::op::Op;
use crate::rows::jobs::{is_stoppable, JobRow};
use crate::tui::action::RowUpdate;
use crate::tui::intent::Intent;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::pane::Subject;
use crate::tui::widgets::table::TableRow;

impl TableRow for GlueJob {
    fn merge_filled(&mut self, newer: Self) {
        self.merge(newer);
    }

    fn action(&self, cmd: Command) -> Option<Op> {
        match cmd {
            Command::Start => Some(Op::StartJobRun {
                job: self.name.clone(),
            }),
            _ => None,
        }
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        Some((
            LoadRequest::JobRuns {
                job: self.name.clone(),
            },
            format!("{} › runs", self.name),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Jobs(v) => Some(v),
            _ => None,
        }
    }
}

impl TableRow for JobRow {
    /// The jobs as listed; the Git column is asked again.
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        let jobs: Vec<&GlueJob> = rows.iter().map(|r| &r.job).collect();
        serde_json::to_value(jobs).ok()
    }

    /// A job whose last run is still going is never settled: each refresh
    /// asks for its run again, so the row sees it end.
    fn settled_stamp(&self) -> Option<String> {
        let running = self
            .job
            .last_run
            .known()
            .and_then(Option::as_ref)
            .is_some_and(|r| is_stoppable(&r.state) || r.state == "STOPPING");
        (!running)
            .then(|| crate::inventory::settled_stamp(&self.job))
            .flatten()
    }

    /// A new run changes no field GetJobs returns: the rows in view ask
    /// for their last run at each refresh.
    fn refilled_in_view() -> bool {
        true
    }

    fn subject(&self) -> Option<Subject> {
        Some(Subject::GlueJob(Box::new(self.job.clone())))
    }

    /// The last run's logs (the latest run, found at load, when the row
    /// does not know it yet).
    fn logs(&self) -> Option<(LogSource, bool)> {
        let last = self.job.last_run.known().and_then(Option::as_ref);
        Some((
            LogSource::GlueRun {
                job: self.job.name.clone(),
                run: last.map(|r| r.id.clone()),
            },
            last.is_some_and(|r| is_stoppable(&r.state)),
        ))
    }

    fn drill(&self) -> Option<(LoadRequest, String)> {
        self.job.drill()
    }

    fn action(&self, cmd: Command) -> Option<Op> {
        self.job.action(cmd)
    }

    /// `push` plans first: the plan says whether the job is mapped, in
    /// sync or dirty, so every job offers it (an unmapped one says why).
    fn intent(&self, cmd: Command) -> Option<Intent> {
        match cmd {
            Command::Push => Some(Intent::PlanPush {
                job: self.job.name.clone(),
            }),
            _ => None,
        }
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        GlueJob::take(payload).map(|jobs| {
            jobs.into_iter()
                .map(|job| JobRow { job, git: None })
                .collect()
        })
    }

    fn merge_filled(&mut self, newer: Self) {
        self.job.merge(newer.job);
    }

    fn apply(&mut self, update: &RowUpdate) -> bool {
        match update {
            RowUpdate::GitSync { job, state } if *job == self.job.name => {
                self.git = Some(state.clone());
                true
            }
            RowUpdate::GitSync { .. } => false,
        }
    }
}

impl TableRow for JobRun {
    /// Starting or stopping only: a run that is RUNNING takes hours, and
    /// the live refresh follows it.
    fn in_transition(&self) -> bool {
        matches!(self.state.as_str(), "STARTING" | "STOPPING")
    }

    /// Stop only while Glue can still stop the run; starting another run
    /// is the runs list's own action (`LoadRequest::pane_action`).
    fn action(&self, cmd: Command) -> Option<Op> {
        match cmd {
            Command::Stop if is_stoppable(&self.state) => Some(Op::StopJobRun {
                job: self.job_name.clone(),
                run_id: self.id.clone(),
            }),
            _ => None,
        }
    }

    fn logs(&self) -> Option<(LogSource, bool)> {
        Some((
            LogSource::GlueRun {
                job: self.job_name.clone(),
                run: Some(self.id.clone()),
            },
            is_stoppable(&self.state),
        ))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::JobRuns(v) => Some(v),
            _ => None,
        }
    }
}
