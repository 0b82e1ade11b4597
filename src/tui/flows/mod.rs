//! Flows: layers that run background jobs and report to themselves.
//!
//! A multi-step flow (the onboarding wizard, a presigned URL, …) is a layer
//! (`tui::layers::Layer`) with a [`FlowId`]. Its network work runs as tokio
//! tasks (a `Reply` with `Ask::Spawn`, or [`App::spawn_flow_job`] when it
//! opens); each task gets the session's handles and a [`FlowSender`] and
//! may send any number of [`FlowEvent`]s, which come back to the event loop
//! as `Action::Progress` and go to the open layer with the same id. An
//! event for a flow whose layer is gone (cancelled, closed) is dropped, so
//! a late answer can never act on a newer flow. The event loop never
//! awaits: the layer only changes state when an event arrives.
//!
//! Each flow lives in its own file here, with its events.

pub mod events;
pub mod offboard;
pub mod onboard;
pub mod presign;
pub(crate) mod push;
pub mod weights;

use std::future::Future;

use crate::audit::OpError;
use crate::policy::Effect;
use crate::tui::action::{Action, FlowSender};
use crate::tui::app_ops::RunError;
use crate::tui::layers::confirm::ConfirmLayer;
use crate::tui::layers::{Ask, FlowJob, Handles, Reply};
use crate::tui::App;
use crate::tui::Notice;

pub use events::{FlowEvent, FlowId};

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

    /// Runs `job` for `flow` in the background with the session's handles
    /// as they are now; the app counts as busy until it ends (tests settle
    /// on that, the spinner turns).
    pub(in crate::tui) fn spawn_flow_job<F, Fut>(&mut self, flow: FlowId, job: F)
    where
        F: FnOnce(Handles, FlowSender) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.start_flow_job(flow, FlowJob::new(job));
    }

    fn start_flow_job(&mut self, flow: FlowId, job: FlowJob) {
        let sender = FlowSender {
            flow,
            tx: self.jobs.tx.clone(),
        };
        let tx = self.jobs.tx.clone();
        *self.jobs.flow_jobs.entry(flow).or_default() += 1;
        let handles = Handles {
            ops: self.session.ops.clone(),
            cloud: self.session.cloud.clone(),
        };
        let fut = job.start(handles, sender);
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

    /// An event from a flow job: to the open layer of that flow, or dropped.
    pub(in crate::tui) fn on_progress(&mut self, flow: FlowId, event: FlowEvent) {
        if let FlowEvent::Notice { text, error } = event {
            self.screen.notice = Some(Notice::new(text, error));
            // The journal has the refusal: an open `:audit` shows it.
            self.reload_where(|r| matches!(r, crate::tui::load::LoadRequest::Audit { .. }));
            return;
        }
        let Some(index) = self
            .screen
            .layers
            .iter()
            .position(|l| l.flow() == Some(flow))
        else {
            tracing::debug!(flow, "progress for a closed flow dropped");
            return;
        };
        let now = self.now();
        let reply = match self.screen.layers.get_mut(index) {
            Some(layer) => layer.on_event(event, now),
            None => return,
        };
        self.apply_reply(index, reply);
    }

    /// Carries out what the layer at `index` replied to a key or an event.
    pub(in crate::tui) fn apply_reply(&mut self, index: usize, reply: Reply) {
        self.screen.dirty = true;
        match reply {
            Reply::Keep => {}
            Reply::Close => self.close_layer(index),
            Reply::Run(op) => {
                self.close_layer(index);
                self.spawn_op(op);
            }
            Reply::Confirm(op) => {
                self.close_layer(index);
                self.push_layer(Box::new(ConfirmLayer::new(op)));
            }
            Reply::Asks(asks) => {
                // Asks can close the layer or open another: find it by flow
                // from here on, not by index.
                let flow = self.screen.layers.get(index).and_then(|l| l.flow());
                for ask in asks {
                    self.carry_out(index, flow, ask);
                }
            }
        }
    }

    fn close_layer(&mut self, index: usize) {
        if index < self.screen.layers.len() {
            self.screen.layers.remove(index);
        }
    }

    fn carry_out(&mut self, index: usize, flow: Option<FlowId>, ask: Ask) {
        match ask {
            Ask::Spawn(job) => match flow {
                Some(flow) => self.start_flow_job(flow, job),
                None => tracing::error!("a job from a layer that is not a flow is dropped"),
            },
            Ask::Notice(notice) => self.screen.notice = Some(notice),
            Ask::Reload(rule) => self.reload_where(rule),
            Ask::Close => match flow {
                Some(flow) => self.screen.layers.retain(|l| l.flow() != Some(flow)),
                None => self.close_layer(index),
            },
            Ask::Presign { domain_id, user } => self.open_presign(domain_id, user),
            Ask::CopySecret(secret) => {
                self.screen
                    .pending_clipboard
                    .push(crate::tui::clipboard::osc52(&secret));
                // Not echoed: it is a credential.
                self.screen.notice = Some(Notice::info("Copied the presigned URL".to_owned()));
                self.screen.last_copied = Some(secret);
            }
            Ask::Browse(url) => match (self.session.browser)(&url) {
                Ok(()) => {
                    self.screen.notice =
                        Some(Notice::info("Opened the URL in a browser".to_owned()))
                }
                Err(e) => self.screen.notice = Some(Notice::error(e)),
            },
        }
    }

    /// The gate refuses `effect`: the refusal is journaled in a job (the
    /// journal's fsync stays off the event loop) and shown in the footer.
    /// Nothing reaches the cloud.
    pub(in crate::tui) fn refuse_in_job(&mut self, effect: Effect) {
        let flow = self.new_flow();
        let ops = self.session.ops.clone();
        self.spawn_flow_job(flow, move |_, tx| async move {
            let text = match ops.refuse(&effect) {
                Some(refused) => refused,
                None => format!("{} is allowed now: try again", effect.action()),
            };
            tx.send(FlowEvent::Notice { text, error: true });
        });
    }
}
