//! Internal messages: what background jobs send back to the event loop.
//!
//! Every result carries the id of the request it answers, so an answer to a
//! superseded request (a newer refresh, an older filter query) is dropped.

use std::any::Any;

use tokio::sync::mpsc::UnboundedSender;

use crate::cloud::{Cloud, CloudResult};
use crate::gitsync::SyncState;
use crate::model::CallerIdentity;
use crate::ops::op::Op;
use crate::tui::app_ops::RunError;
use crate::tui::flows::events::{FlowEvent, FlowId};
use crate::tui::load::LoadEvent;

/// Names one pane (one level of a tab); never reused within a session.
pub type PaneId = u64;

/// A change to rows already on screen, found after their list loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowUpdate {
    /// The Git sync state of Glue job `job` (the Jobs tab's Git column).
    GitSync { job: String, state: SyncState },
}

pub enum Action {
    /// A page of a list arrived for the pane `pane`, or the load ended.
    Loaded {
        pane: PaneId,
        request: u64,
        event: LoadEvent,
    },
    /// A background filter finished.
    Filtered {
        pane: PaneId,
        generation: u64,
        query: String,
        matched: crate::tui::filter::Matches,
    },
    /// A pane's rows were keyed and sorted off the event loop. The data is the
    /// pane's own type, which only that pane knows.
    Prepared {
        pane: PaneId,
        ticket: u64,
        data: Box<dyn Any + Send>,
    },
    /// A follow-up result for rows of pane `pane`'s load `request`; answers
    /// to an older load are dropped.
    RowUpdate {
        pane: PaneId,
        request: u64,
        update: RowUpdate,
    },
    /// Every follow-up of that load has reported.
    RowUpdatesDone { pane: PaneId, request: u64 },
    /// Who we are, for the header, asked in session `session` (an answer
    /// for a session switched away from is dropped: it must not decide the
    /// new session's account and gate).
    Identity {
        session: u64,
        result: CloudResult<CallerIdentity>,
    },
    /// A last-known list read from disk for pane `pane` of session
    /// `session` (dropped after a switch: it is the old account's): when
    /// it was listed and its rows, or `None` when none was kept (or it did
    /// not read back).
    Kept {
        pane: PaneId,
        session: u64,
        found: Option<(chrono::DateTime<chrono::Utc>, crate::tui::load::Payload)>,
    },
    /// A `:profile` / `:region` switch built its new cloud (or failed to);
    /// only the latest switch asked (`ticket`) is taken.
    Connected {
        ticket: u64,
        result: CloudResult<Cloud>,
    },
    /// A Git → Glue push plan (`P` on a job) was made, or why not.
    PushPlanned {
        request: u64,
        job: String,
        result: Result<Box<crate::ops::glue_push::Plan>, crate::tui::problem::Problem>,
    },
    /// An admin op's job finished: the line for the status bar, or why not.
    /// `session` is the one it was confirmed and run in.
    OpDone {
        request: u64,
        session: u64,
        op: Op,
        result: Result<String, RunError>,
    },
    /// A flow job's progress, for the modal of flow `flow` (dropped when
    /// that modal is gone).
    Progress { flow: FlowId, event: FlowEvent },
    /// One of flow `flow`'s jobs ended.
    FlowJobDone { flow: FlowId },
}

/// A flow job's way back to its modal.
#[derive(Clone)]
pub struct FlowSender {
    pub(in crate::tui) flow: FlowId,
    pub(in crate::tui) tx: UnboundedSender<Action>,
}

impl FlowSender {
    /// Sends one event; a closed app simply drops it.
    pub fn send(&self, event: FlowEvent) {
        let _ = self.tx.send(Action::Progress {
            flow: self.flow,
            event,
        });
    }
}
