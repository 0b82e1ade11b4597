//! The Jobs tab's Git column, filled in after the list loads: the load task
//! notes each job's ScriptLocation as pages pass, then asks
//! `gitsync::status` for every job's state and sends each as a row update.
//! Runs on the load's task, so the event loop never waits for Git or S3.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc::UnboundedSender;

use crate::cloud::Cloud;
use crate::gitsync::status::{sync_states, JobScript};
use crate::gitsync::GitSettings;
use crate::tui::action::{Action, RowUpdate};
use crate::tui::load::Payload;
use crate::tui::pane::PaneId;

/// S3 reads in flight at once: enough to fill a tab of jobs quickly, few
/// enough not to trip S3 or the account's rate limits.
const CONCURRENCY: usize = 8;

/// The jobs a load has delivered so far.
#[derive(Clone, Default)]
pub struct Seen(Arc<Mutex<Vec<JobScript>>>);

impl Seen {
    pub fn note(&self, payload: &Payload) {
        if let Payload::Jobs(jobs) = payload {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(jobs.iter().map(JobScript::of));
        }
    }

    fn take(&self) -> Vec<JobScript> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Checks every job `seen` delivered and reports each state to pane `pane`
/// as an answer to load `request`, then that all have reported.
pub async fn check(
    cloud: &Cloud,
    git: &GitSettings,
    seen: &Seen,
    pane: PaneId,
    request: u64,
    tx: &UnboundedSender<Action>,
) {
    sync_states(cloud, git, seen.take(), CONCURRENCY, |job, state| {
        let _ = tx.send(Action::RowUpdate {
            pane,
            request,
            update: RowUpdate::GitSync { job, state },
        });
    })
    .await;
    let _ = tx.send(Action::RowUpdatesDone { pane, request });
}
