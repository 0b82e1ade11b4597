//! Layers over the tabs: the help, a confirmation, the origin editor and
//! the flows (onboarding, offboarding, a presigned URL, a traffic shift).
//! Keys go to the top layer only; a flow's background jobs report to the
//! layer that started them.
//!
//! Every layer is a [`Layer`]: it turns a key (or an event from one of its
//! jobs) into a [`Reply`] saying what the app should do, draws itself, and
//! gives the footer hint. The app carries out replies in one place
//! (`App::apply_reply`), so a new layer needs no new arm anywhere else.
//!
//! # Adding a layer
//!
//! 1. A struct in its own file (a flow under `tui/flows/`), with its
//!    events as a variant of [`FlowEvent`] if it runs jobs.
//! 2. `impl Layer`: `key`, `draw`, `hint`; `flow` and `on_event` for a
//!    flow; `closes_on` when Back must not close it at every step.
//! 3. Open it with `App::push_layer(Box::new(…))` from the command that
//!    starts it.

pub mod confirm;
pub mod help;

use std::fmt;
use std::future::Future;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use futures::future::BoxFuture;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::cloud::Cloud;
use crate::command::Command;
use crate::ops::op::Op;
use crate::settings::{Keymap, Theme};
use crate::tui::action::FlowSender;
use crate::tui::app_ops::AppOps;
use crate::tui::flows::events::{FlowEvent, FlowId};
use crate::tui::load::LoadRequest;
use crate::tui::Notice;

/// What a layer is, for the app's questions about the stack ("is a
/// confirmation on top?", "is the help open?").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    Help,
    Confirm,
    Origin,
    /// The approval editor: typing, so no key there is a command.
    Approval,
    Flow,
}

/// What a layer draws with.
pub struct LayerDraw<'a> {
    pub keymap: &'a Keymap,
    /// Commands the gate refuses now (the help marks them).
    pub unavailable: &'a [Command],
    pub theme: &'a Theme,
    pub now: DateTime<Utc>,
}

/// One layer of the stack.
pub trait Layer: Send {
    /// A flow unless it says otherwise.
    fn kind(&self) -> LayerKind {
        LayerKind::Flow
    }

    /// A key while this layer is on top; `cmd` is what the keymap binds it to.
    fn key(&mut self, key: KeyEvent, cmd: Option<Command>) -> Reply;

    /// An event from one of this layer's jobs, at the app's clock `now`.
    fn on_event(&mut self, event: FlowEvent, now: DateTime<Utc>) -> Reply {
        let _ = (event, now);
        Reply::Keep
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw);

    /// The footer hint while this layer is on top.
    fn hint(&self) -> &'static str;

    /// Whether `cmd` from outside the keyboard (tests, the command line)
    /// closes this layer: Back does, unless the layer is sending.
    fn closes_on(&self, cmd: Command) -> bool {
        cmd == Command::Back
    }

    /// The flow this layer is, if it runs jobs.
    fn flow(&self) -> Option<FlowId> {
        None
    }

    /// Whether it shows a countdown: the event loop then redraws each second.
    fn ticking(&self) -> bool {
        false
    }
}

/// What the app does after a layer took a key or an event.
pub enum Reply {
    /// Stay open, nothing else.
    Keep,
    /// Close this layer.
    Close,
    /// Close and run this op in a job.
    Run(Op),
    /// Close and ask to confirm this op (an editor's result).
    Confirm(Op),
    /// Stay open (unless one of them closes it) and do these, in order.
    Asks(Vec<Ask>),
}

/// One thing a layer asks the app for.
pub enum Ask {
    /// Run this job for the layer's flow; its events come back to the layer.
    Spawn(FlowJob),
    /// A line in the footer.
    Notice(Notice),
    /// Reload every open pane whose request matches.
    Reload(fn(&LoadRequest) -> bool),
    /// Close the layer.
    Close,
    /// Open a presigned URL for this user (onboarding's last step).
    Presign { domain_id: String, user: String },
    /// Copy this credential to the clipboard without echoing it.
    CopySecret(String),
    /// Open this URL in a browser.
    Browse(String),
}

/// What a flow's job gets to work with: the session's gate, journal and
/// cloud as they are when the job starts.
#[derive(Clone)]
pub struct Handles {
    pub ops: AppOps,
    pub cloud: Cloud,
}

/// A flow's job, started by the app with the session's handles.
pub struct FlowJob(Box<dyn FnOnce(Handles, FlowSender) -> BoxFuture<'static, ()> + Send>);

impl FlowJob {
    pub fn new<F, Fut>(job: F) -> Self
    where
        F: FnOnce(Handles, FlowSender) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        FlowJob(Box::new(move |handles, tx| Box::pin(job(handles, tx))))
    }

    pub fn start(self, handles: Handles, tx: FlowSender) -> BoxFuture<'static, ()> {
        (self.0)(handles, tx)
    }
}

impl Reply {
    /// One ask.
    pub fn ask(ask: Ask) -> Reply {
        Reply::Asks(vec![ask])
    }

    /// This reply, then `ask`. A reply that hands an op on (Run, Confirm)
    /// takes no more asks: the layer closes with it.
    pub fn and(self, ask: Ask) -> Reply {
        match self {
            Reply::Keep => Reply::Asks(vec![ask]),
            Reply::Close => Reply::Asks(vec![ask, Ask::Close]),
            Reply::Asks(mut asks) => {
                asks.push(ask);
                Reply::Asks(asks)
            }
            handed_on @ (Reply::Run(_) | Reply::Confirm(_)) => {
                tracing::error!(?ask, "an ask after {handed_on:?} is dropped");
                handed_on
            }
        }
    }
}

// Replies are compared and printed in tests; a job is only named.
impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Keep => f.write_str("Keep"),
            Reply::Close => f.write_str("Close"),
            Reply::Run(op) => f.debug_tuple("Run").field(op).finish(),
            Reply::Confirm(op) => f.debug_tuple("Confirm").field(op).finish(),
            Reply::Asks(asks) => f.debug_tuple("Asks").field(asks).finish(),
        }
    }
}

impl fmt::Debug for Ask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ask::Spawn(_) => f.write_str("Spawn(..)"),
            Ask::Notice(n) => f.debug_tuple("Notice").field(&n.text).finish(),
            Ask::Reload(_) => f.write_str("Reload(..)"),
            Ask::Close => f.write_str("Close"),
            Ask::Presign { domain_id, user } => write!(f, "Presign({domain_id}, {user})"),
            // The URL is a credential: never printed.
            Ask::CopySecret(_) => f.write_str("CopySecret(..)"),
            Ask::Browse(_) => f.write_str("Browse(..)"),
        }
    }
}

impl PartialEq for Reply {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Reply::Keep, Reply::Keep) | (Reply::Close, Reply::Close) => true,
            (Reply::Run(a), Reply::Run(b)) | (Reply::Confirm(a), Reply::Confirm(b)) => a == b,
            (Reply::Asks(a), Reply::Asks(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Ask {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ask::Notice(a), Ask::Notice(b)) => a == b,
            (Ask::Close, Ask::Close) => true,
            (
                Ask::Presign {
                    domain_id: a,
                    user: u,
                },
                Ask::Presign {
                    domain_id: b,
                    user: v,
                },
            ) => a == b && u == v,
            (Ask::CopySecret(a), Ask::CopySecret(b)) | (Ask::Browse(a), Ask::Browse(b)) => a == b,
            // Jobs and reload rules are functions: never equal.
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_add_up_and_a_handed_on_op_takes_no_more() {
        let notice = || Ask::Notice(Notice::info("x"));
        assert_eq!(Reply::Keep.and(notice()), Reply::Asks(vec![notice()]));
        assert_eq!(
            Reply::Close.and(notice()),
            Reply::Asks(vec![notice(), Ask::Close])
        );
        let op = Op::StartJobRun { job: "j".into() };
        assert_eq!(Reply::Run(op.clone()).and(notice()), Reply::Run(op));
        // A job is a function: it never compares equal, so a test cannot
        // pass by comparing two of them.
        let job = || Ask::Spawn(FlowJob::new(|_, _| async {}));
        assert_ne!(job(), job());
        assert_eq!(
            format!("{:?}", Ask::CopySecret("secret".into())),
            "CopySecret(..)"
        );
    }
}
