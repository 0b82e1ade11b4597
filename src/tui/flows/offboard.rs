//! Offboarding in the TUI (`x` on a user row): the plan is read in a flow
//! job, shown with everything that will go and confirmed by typing the
//! user's name; the deletions then run in a job that streams each step's
//! progress to the modal. A partial failure shows exactly what remains.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::command::Command;
use crate::ops::offboard::{self, OffboardPlan, OffboardProgress};
use crate::ops::poll::Polling;
use crate::policy::Effect;
use crate::tui::app_ops::RunError;
use crate::tui::flows::events::OffboardEvent;
use crate::tui::flows::{error_line, FlowEvent, FlowId};
use crate::tui::layers::{Ask, FlowJob, Handles, Layer, LayerDraw, Reply};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::widgets::offboard::{self as offboard_widget, OffboardView};
use crate::tui::App;
use crate::tui::Notice;
use ratatui::layout::Rect;
use ratatui::Frame;

/// Where the offboarding modal is.
pub enum OffboardState {
    Planning,
    /// The plan, and the name typed so far.
    Confirm {
        plan: Box<OffboardPlan>,
        typed: String,
        /// Enter was pressed before the name matched.
        refused: bool,
    },
    Running,
    Finished {
        failure: Option<String>,
        remaining: Vec<String>,
    },
    Failed(String),
}

/// The offboarding modal.
pub struct OffboardModal {
    pub flow: FlowId,
    pub domain_id: String,
    pub user: String,
    pub state: OffboardState,
    /// One line per progress event, oldest first.
    pub log: Vec<String>,
}

/// A progress event in words.
fn progress_line(p: &OffboardProgress) -> String {
    match p {
        OffboardProgress::Deleting(step) => format!("deleting {step} …"),
        OffboardProgress::Waiting { step, status } => format!("  {step}: {status}"),
        OffboardProgress::Deleted(step) => format!("✓ deleted {step}"),
    }
}

impl Layer for OffboardModal {
    fn flow(&self) -> Option<FlowId> {
        Some(self.flow)
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        match &mut self.state {
            OffboardState::Confirm {
                plan,
                typed,
                refused,
            } => match key.code {
                KeyCode::Esc => Reply::Close,
                KeyCode::Backspace => {
                    typed.pop();
                    Reply::Keep
                }
                KeyCode::Enter if *typed == plan.user => self.start(),
                KeyCode::Enter => {
                    *refused = true;
                    Reply::Keep
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    // A held key must not grow the input without end.
                    if typed.len() < 256 {
                        typed.push(c);
                    }
                    Reply::Keep
                }
                _ => Reply::Keep,
            },
            // Deletions in flight cannot be called back: the modal stays
            // until the job reports how it ended.
            OffboardState::Running => Reply::Keep,
            OffboardState::Planning | OffboardState::Finished { .. } | OffboardState::Failed(_) => {
                match key.code {
                    KeyCode::Esc | KeyCode::Enter => Reply::Close,
                    _ => Reply::Keep,
                }
            }
        }
    }

    fn on_event(&mut self, event: FlowEvent, _now: DateTime<Utc>) -> Reply {
        let FlowEvent::Offboard(event) = event else {
            return Reply::Keep;
        };
        match event {
            OffboardEvent::Planned(Ok(plan)) => {
                self.state = OffboardState::Confirm {
                    plan,
                    typed: String::new(),
                    refused: false,
                };
                Reply::Keep
            }
            OffboardEvent::Planned(Err(e)) => {
                self.state = OffboardState::Failed(e);
                Reply::Keep
            }
            OffboardEvent::Progress(p) => {
                self.log.push(progress_line(&p));
                Reply::Keep
            }
            OffboardEvent::Finished { failure, remaining } => {
                let line = match &failure {
                    None => format!("offboarded {}", self.user),
                    Some(f) => format!("offboarding {} stopped: {f}", self.user),
                };
                let notice = Notice::new(line, failure.is_some());
                self.state = OffboardState::Finished { failure, remaining };
                // Whatever went, the lists show it; the journal has new records.
                Reply::Asks(vec![
                    Ask::Notice(notice),
                    Ask::Reload(|r| {
                        matches!(
                            r,
                            LoadRequest::Users
                                | LoadRequest::Audit { .. }
                                | LoadRequest::ProfileItems { .. }
                        )
                    }),
                ])
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        let view = match &self.state {
            OffboardState::Planning => OffboardView::Planning,
            OffboardState::Confirm {
                plan,
                typed,
                refused,
            } => OffboardView::Confirm {
                lines: plan.lines(),
                user: &plan.user,
                typed,
                refused: *refused,
            },
            OffboardState::Running => OffboardView::Running,
            OffboardState::Finished { failure, remaining } => OffboardView::Finished {
                failure: failure.as_deref(),
                remaining,
            },
            OffboardState::Failed(e) => OffboardView::Failed(e),
        };
        offboard_widget::draw(frame, area, &self.user, view, &self.log, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        match self.state {
            OffboardState::Confirm { .. } => {
                "type the user name and Enter to delete · Esc cancels (nothing is deleted)"
            }
            OffboardState::Running => "deleting: each step waits until its resource is gone",
            _ => "Esc closes",
        }
    }

    fn closes_on(&self, cmd: Command) -> bool {
        cmd == Command::Back && !matches!(self.state, OffboardState::Running)
    }
}

impl OffboardModal {
    /// The typed name matched: run the plan in a job, streaming progress.
    fn start(&mut self) -> Reply {
        let OffboardState::Confirm { plan, .. } =
            std::mem::replace(&mut self.state, OffboardState::Running)
        else {
            return Reply::Keep;
        };
        let notice = Notice::info(format!("offboarding {} …", plan.user));
        let job = FlowJob::new(move |Handles { ops, cloud }, tx| async move {
            let polling = if cloud.context.demo {
                Polling::immediate()
            } else {
                Polling::default()
            };
            let finished = match ops.context(cloud) {
                Ok(ctx) => {
                    let progress = |p: OffboardProgress| {
                        tx.send(FlowEvent::Offboard(OffboardEvent::Progress(p)));
                    };
                    let report = offboard::execute(&ctx, &plan, &progress, &polling).await;
                    OffboardEvent::Finished {
                        failure: report.failure.map(|f| {
                            format!("{} failed: {}", f.step, error_line(&RunError::Op(f.error)))
                        }),
                        remaining: report.remaining.iter().map(ToString::to_string).collect(),
                    }
                }
                Err(e) => OffboardEvent::Finished {
                    failure: Some(error_line(&e)),
                    remaining: plan.steps().iter().map(ToString::to_string).collect(),
                },
            };
            tx.send(FlowEvent::Offboard(finished));
        });
        Reply::Asks(vec![Ask::Notice(notice), Ask::Spawn(job)])
    }
}

impl App {
    /// `x`: offboarding on a user row; on any other row, the pane's own
    /// delete op (if it has one).
    pub(in crate::tui) fn delete_key(&mut self) {
        match self.active_pane().and_then(|p| p.subject()) {
            Some(Subject::User(u)) => self.offboard_selected(u.domain_id, u.name),
            _ => self.request_op(Command::Delete),
        }
    }

    /// `x` on a user row: refused (journaled) when read-only; otherwise the
    /// plan is read in the background and shown for confirmation.
    pub(in crate::tui) fn offboard_selected(&mut self, domain_id: String, user: String) {
        let effect = Effect::DeleteUserProfile {
            domain_id: domain_id.clone(),
            user: user.clone(),
        };
        if self.session.ops.policy.check(&effect).is_err() {
            self.refuse_in_job(effect);
            return;
        }
        let flow = self.new_flow();
        self.push_layer(Box::new(OffboardModal {
            flow,
            domain_id: domain_id.clone(),
            user: user.clone(),
            state: OffboardState::Planning,
            log: Vec::new(),
        }));
        self.spawn_flow_job(flow, move |Handles { ops, cloud }, tx| async move {
            let planned = match ops.context(cloud) {
                Ok(ctx) => offboard::plan(&ctx, &domain_id, &user)
                    .await
                    .map(Box::new)
                    .map_err(|e| error_line(&RunError::Op(e))),
                Err(e) => Err(error_line(&e)),
            };
            tx.send(FlowEvent::Offboard(OffboardEvent::Planned(planned)));
        });
    }
}
