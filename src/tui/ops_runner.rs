//! Admin operations from the keyboard: key → [`Op`] → gate → confirmation
//! modal → background job → status line and refresh.
//!
//! The app holds an `AppOps` (`tui/app_ops.rs`): the gate, the audit
//! context and the journal. The event loop never awaits an op: each runs
//! as a task that calls [`Op::run`] through it — the same `ops` function
//! the CLI calls — then reports back with `Action::OpDone`.

use crate::audit::{AuditContext, OpError};
use crate::command::Command;
use crate::ops::op::Op;
use crate::policy::Policy;
use crate::tui::action::Action;
use crate::tui::app_ops::RunError;
use crate::tui::intent::Intent;
use crate::tui::layers::confirm::{ApprovalLayer, ConfirmLayer, OriginLayer};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::problem::Problem;
use crate::tui::widgets::origin::OriginDialog;
use crate::tui::App;
use crate::tui::Notice;

impl App {
    /// Rebuilds the gate and the audit context from the settings, the flag,
    /// the current profile/region and the identity (if known).
    pub(super) fn rebuild_ops(&mut self) {
        let account = self.session.identity.as_ref().map(|i| i.account.clone());
        let profile = self.session.cloud.context.profile.clone();
        let policy = Policy::for_session(
            &self.session.settings.read_only_rules(),
            self.session.read_only_flag,
            account.as_deref(),
            &profile,
        );
        let audit = AuditContext {
            caller_arn: self.session.identity.as_ref().map(|i| i.arn.clone()),
            profile,
            region: self.session.cloud.context.region.clone(),
            account,
        };
        self.session.ops = self.session.ops.rebuilt(policy, audit);
    }

    /// The gate the app runs ops through.
    pub fn policy(&self) -> &Policy {
        &self.session.ops.policy
    }

    /// An action command (`start`, `stop` …) was pressed: the active pane
    /// says which op it means for the selected row. A refused op goes
    /// straight to the job, whose gate refuses and journals it (nothing is
    /// sent, and there is no question to ask); an allowed one is confirmed
    /// first.
    pub(super) fn request_op(&mut self, cmd: Command) {
        let Some(intent) = self.active_pane().and_then(|p| p.intent_for(cmd)) else {
            self.screen.notice = Some(Notice::error(format!(
                "Nothing to {} here: select a row it applies to",
                cmd.hint()
            )));
            return;
        };
        match intent {
            Intent::Op(op) => {
                if self.session.ops.policy.check(&op.effect()).is_err() {
                    self.spawn_op(op);
                    return;
                }
                self.push_layer(Box::new(ConfirmLayer::new(op)));
            }
            Intent::EditOrigin { address, current } => {
                let op = Op::SetOrigin {
                    address: address.clone(),
                    restrictions: current,
                };
                // Refused: journaled with the values it has now, since no
                // choice was made; nothing is sent.
                if self.session.ops.policy.check(&op.effect()).is_err() {
                    self.spawn_op(op);
                    return;
                }
                let package = format!(
                    "{} package {} in {}/{}",
                    address.package.format,
                    address.package.display_name(),
                    address.domain,
                    address.repository
                );
                self.push_layer(Box::new(OriginLayer::new(
                    OriginDialog::new(package, current),
                    address,
                )));
            }
            // The gate needs the plan's commit and location to journal a
            // refusal: it decides when the plan is in.
            Intent::PlanPush { job } => self.plan_push(job),
            Intent::EditApproval(change) => {
                // Refused: journaled with no description, since none was
                // typed; nothing is sent.
                let op = Op::SetModelApproval(change.clone());
                if self.session.ops.policy.check(&op.effect()).is_err() {
                    self.spawn_op(op);
                    return;
                }
                self.push_layer(Box::new(ApprovalLayer::new(*change)));
            }
        }
    }

    /// Hands `op` to a background job, in this session. While a switch
    /// is in flight nothing starts: the user may think they are on the
    /// profile they asked for, and the op would run on the one they leave.
    pub(super) fn spawn_op(&mut self, op: Op) {
        if self.session.switching {
            self.screen.notice = Some(Notice::error(format!(
                "{} not run: a :profile/:region switch is in progress; try again once it is done",
                op.effect().action()
            )));
            return;
        }
        if let Op::SetModelApproval(change) = &op {
            if !self.jobs.approvals_in_flight.insert(change.arn.clone()) {
                self.screen.notice = Some(Notice::error(format!(
                    "model package {}/{}: a change is already on its way; wait for it",
                    change.group, change.version
                )));
                return;
            }
        }
        let request = self.new_id();
        let session = self.session_id();
        self.jobs.ops_in_flight.insert(request);
        let ops = self.session.ops.clone();
        let cloud = self.session.cloud.clone();
        let tx = self.jobs.tx.clone();
        self.screen.notice = Some(Notice::info(format!("{} …", op.effect().action())));
        tokio::spawn(async move {
            let result = ops.run(cloud, &op).await;
            let _ = tx.send(Action::OpDone {
                request,
                session,
                op,
                result,
            });
        });
    }

    /// An op's job reported back.
    pub(super) fn on_op_done(
        &mut self,
        request: u64,
        session: u64,
        op: Op,
        result: Result<String, RunError>,
    ) {
        self.jobs.ops_in_flight.remove(&request);
        if let Op::SetModelApproval(change) = &op {
            self.jobs.approvals_in_flight.remove(&change.arn);
        }
        if session != self.session_id() {
            // Run in the session switched away from: say so, and leave
            // this session's lists alone (they show another account).
            let effect = op.effect();
            let outcome = match &result {
                Ok(line) => line.clone(),
                Err(e) => format!("{} did not succeed: {e}", effect.action()),
            };
            self.screen.notice = Some(Notice::new(
                format!("in the previous session: {outcome}"),
                result.is_err(),
            ));
            return;
        }
        // Whatever the outcome, the journal has new records: an open
        // `:audit` shows them.
        self.reload_where(|r| matches!(r, LoadRequest::Audit { .. }));
        let effect = op.effect();
        let place = format!("{} on {}", effect.action(), effect.target());
        match result {
            Ok(line) => {
                self.screen.notice = Some(Notice::info(line));
                self.refresh_after(&op);
            }
            Err(RunError::Op(OpError::Refused(refused))) => {
                self.screen.notice = Some(Notice::error(refused.to_string()));
            }
            Err(RunError::Op(e @ (OpError::Cloud(_) | OpError::Failed(_)))) => {
                tracing::warn!(error = %e, "{place} failed");
                // A lost answer is not a failure (the message says what is
                // known), and the change may have happened: show the lists
                // as they are now.
                let unknown = e.outcome_unknown();
                let verb = if unknown { "" } else { " failed" };
                self.screen.notice = Some(Notice::error(format!("{}{verb}: {e}", effect.action())));
                self.record_error(place, &Problem::from(e));
                if unknown {
                    self.refresh_after(&op);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "{place}");
                let succeeded = matches!(e, RunError::Op(OpError::SucceededUnrecorded { .. }));
                self.record_error(place, &Problem::Journal(e.to_string()));
                self.screen.notice = Some(Notice::error(e.to_string()));
                if succeeded {
                    self.refresh_after(&op);
                }
            }
        }
    }

    /// Reloads every open pane that shows what `op` changed.
    fn refresh_after(&mut self, op: &Op) {
        self.reload_where(|r| crate::tui::refresh::shows_change(op, r));
    }

    /// Reloads every open pane whose request passes `stale`.
    pub(super) fn reload_where(&mut self, stale: impl Fn(&LoadRequest) -> bool) {
        let stale: Vec<_> = self
            .screen
            .tabs
            .iter()
            .flat_map(|t| t.stack.iter())
            .filter_map(|p| p.request().filter(|r| stale(r)).map(|r| (p.id(), r)))
            .collect();
        for (id, req) in stale {
            self.start_load(id, req);
        }
    }

    /// Footer hints for the action commands the selected row supports and
    /// the gate allows: in read-only mode they disappear.
    pub(super) fn action_hints(&self) -> Vec<(String, &'static str)> {
        let Some(pane) = self.active_pane() else {
            return Vec::new();
        };
        let mut hints = self.flow_hints();
        let row_hints = Command::ACTIONS
            .iter()
            .filter_map(|&cmd| {
                let intent = pane
                    .intent_for(cmd)
                    .filter(|i| self.session.ops.policy.allows(i.effect_class()))?;
                let key = self.session.settings.keymap.first_key(cmd)?;
                Some((key.to_string(), intent.hint().unwrap_or(cmd.hint())))
            })
            .collect::<Vec<_>>();
        hints.extend(row_hints);
        // A Glue job's script against Git, after its actions: a read, so
        // offered in read-only too.
        if matches!(self.subject(), Some(Subject::GlueJob(_))) {
            if let Some(key) = self.session.settings.keymap.first_key(Command::Diff) {
                hints.push((key.to_string(), Command::Diff.hint()));
            }
        }
        hints
    }

    /// Hints for the flows the Users tab offers, when the gate allows them.
    fn flow_hints(&self) -> Vec<(String, &'static str)> {
        let mut flows = Vec::new();
        if self.active_tab() == crate::command::TabKind::Users {
            flows.push(Command::Onboard);
            let on_user = matches!(self.subject(), Some(Subject::User(_)));
            if on_user {
                flows.push(Command::Presign);
                flows.push(Command::Delete);
            }
        }
        let on_endpoint = matches!(self.subject(), Some(Subject::Endpoint(_)));
        if on_endpoint {
            flows.push(Command::Weights);
        }

        flows
            .into_iter()
            .filter(|cmd| self.session.ops.policy.allows(cmd.effect_class()))
            .filter_map(|cmd| {
                // On a user row `x` offboards (the flow), not a plain delete.
                let hint = if cmd == Command::Delete {
                    "offboard"
                } else {
                    cmd.hint()
                };
                self.session
                    .settings
                    .keymap
                    .first_key(cmd)
                    .map(|k| (k.to_string(), hint))
            })
            .collect()
    }

    /// Action commands the gate refuses whatever the row: the help overlay
    /// marks them.
    pub(super) fn unavailable_commands(&self) -> Vec<Command> {
        Command::ACTIONS
            .iter()
            .chain(&[Command::Onboard, Command::Presign, Command::Weights])
            .copied()
            .filter(|cmd| !self.session.ops.policy.allows(cmd.effect_class()))
            .collect()
    }
}
