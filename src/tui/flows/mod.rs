//! Background jobs that report progress to the modal that started them.
//!
//! A multi-step flow (the onboarding wizard, a presigned URL, …) lives in a
//! modal with a [`FlowId`]. Its network work runs as tokio tasks started
//! with [`App::spawn_flow_job`]; each task gets a [`FlowSender`] and may
//! send any number of [`FlowEvent`]s, which come back to the event loop as
//! `Action::Progress` and go to the open modal with the same id. An event
//! for a flow whose modal is gone (cancelled, closed) is dropped, so a late
//! answer can never act on a newer flow. The event loop never awaits: the
//! modal only changes state when an event arrives.
//!
//! Each flow lives in its own file here, with its events.

pub mod offboard;
pub mod onboard;
pub mod presign;
pub(crate) mod push;
pub mod weights;

use std::future::Future;

use tokio::sync::mpsc::UnboundedSender;

use crate::audit::OpError;
use crate::model::{Domain, UserProfile};
use crate::ops::onboard::WizardEvent;
use crate::policy::Effect;
use crate::tui::action::Action;
use crate::tui::ops_runner::RunError;
use crate::tui::App;
use crate::tui::Notice;

/// Names one flow (one open modal); never reused within a session.
pub type FlowId = u64;

/// What a flow's job reports.
#[derive(Debug)]
pub enum FlowEvent {
    /// The wizard's domains and the profiles that exist (for collisions).
    WizardData(Result<(Vec<Domain>, Vec<UserProfile>), String>),
    /// The result of one wizard effect.
    Wizard(WizardEvent),
    /// A presigned URL arrived, or why not.
    Presigned(Result<String, String>),
    /// Offboarding's plan, progress and end.
    Offboard(crate::tui::flows::offboard::OffboardEvent),
    /// A traffic shift's progress and end.
    Weights(crate::tui::flows::weights::WeightsEvent),
    /// A line for the footer, whatever modal is open (a refusal).
    Notice { text: String, error: bool },
}

/// A flow job's way back to its modal.
#[derive(Clone)]
pub struct FlowSender {
    flow: FlowId,
    tx: UnboundedSender<Action>,
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

/// A failed op as one line: the gate's refusal as it is, anything else
/// prefixed with what failed.
pub fn error_line(err: &RunError) -> String {
    match err {
        RunError::Op(OpError::Refused(r)) => r.to_string(),
        other => other.to_string(),
    }
}

impl App {
    /// A fresh flow id.
    pub(in crate::tui) fn new_flow(&mut self) -> FlowId {
        self.new_id()
    }

    /// Runs `job` for `flow` in the background; the app counts as busy
    /// until it ends (tests settle on that, the spinner turns).
    pub(in crate::tui) fn spawn_flow_job<F, Fut>(&mut self, flow: FlowId, job: F)
    where
        F: FnOnce(FlowSender) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let sender = FlowSender {
            flow,
            tx: self.jobs.tx.clone(),
        };
        let tx = self.jobs.tx.clone();
        *self.jobs.flow_jobs.entry(flow).or_default() += 1;
        let fut = job(sender);
        tokio::spawn(async move {
            fut.await;
            let _ = tx.send(Action::FlowJobDone { flow });
        });
    }

    /// A flow job ended.
    pub(in crate::tui) fn on_flow_job_done(&mut self, flow: FlowId) {
        if let Some(n) = self.jobs.flow_jobs.get_mut(&flow) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.jobs.flow_jobs.remove(&flow);
            }
        }
    }

    /// An event from a flow job: to the open modal of that flow, or dropped.
    pub(in crate::tui) fn on_progress(&mut self, flow: FlowId, event: FlowEvent) {
        if let FlowEvent::Notice { text, error } = event {
            self.screen.notice = Some(Notice::new(text, error));
            // The journal has the refusal: an open `:audit` shows it.
            self.reload_where(|r| matches!(r, crate::tui::load::LoadRequest::Audit { .. }));
            return;
        }
        let Some(index) = self
            .screen
            .modals
            .iter()
            .position(|m| m.flow() == Some(flow))
        else {
            tracing::debug!(flow, "progress for a closed flow dropped");
            return;
        };
        self.flow_event(index, event);
    }

    /// Hands `event` to the flow modal at `index`.
    fn flow_event(&mut self, index: usize, event: FlowEvent) {
        match event {
            FlowEvent::WizardData(data) => self.wizard_data(index, data),
            FlowEvent::Wizard(ev) => self.wizard_event(index, ev),
            FlowEvent::Presigned(result) => self.presigned(index, result),
            FlowEvent::Offboard(ev) => self.offboard_event(index, ev),
            FlowEvent::Weights(ev) => self.weights_event(index, ev),
            FlowEvent::Notice { .. } => {}
        }
    }

    /// The gate refuses `effect`: the refusal is journaled in a job (the
    /// journal's fsync stays off the event loop) and shown in the footer.
    /// Nothing reaches the cloud.
    pub(in crate::tui) fn refuse_in_job(&mut self, effect: Effect) {
        let flow = self.new_flow();
        let ops = self.session.ops.clone();
        self.spawn_flow_job(flow, move |tx| async move {
            let text = match ops.refuse(&effect) {
                Some(refused) => refused,
                None => format!("{} is allowed now: try again", effect.action()),
            };
            tx.send(FlowEvent::Notice { text, error: true });
        });
    }
}
