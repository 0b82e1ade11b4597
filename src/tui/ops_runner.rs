//! Admin operations from the keyboard: key → [`Op`] → gate → confirmation
//! modal → background job → status line and refresh.
//!
//! The app holds an [`AppOps`]: the policy gate (rebuilt whenever the
//! identity or the profile/region changes, since a profile or account can
//! be read-only on its own), the audit context, and the journal. The event
//! loop never awaits an op: each runs as a task that builds an
//! [`OpsContext`] and calls [`Op::run`] — the same `ops` function the CLI
//! calls — then reports back with `Action::OpDone`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::audit::{AuditContext, Journal, OpError};
use crate::cloud::Cloud;
use crate::command::Command;
use crate::ops::context::OpsContext;
use crate::ops::op::Op;
use crate::policy::Policy;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::layers::confirm::{ConfirmLayer, OriginLayer};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::problem::Problem;
use crate::tui::widgets::origin::OriginDialog;
use crate::tui::App;
use crate::tui::Notice;

/// The gate, the audit context and the journal for the app's ops.
#[derive(Clone)]
pub struct AppOps {
    pub policy: Policy,
    pub audit: AuditContext,
    journal: Arc<JournalCell>,
}

/// The journal, opened by the first op that needs it: a session that only
/// looks never creates the file, and opening (with its fsync) happens in a
/// job, not on the event loop. Shared by every op and kept across
/// `:profile` switches (the path does not depend on the profile).
struct JournalCell {
    path: Option<PathBuf>,
    open: Mutex<Option<Arc<Journal>>>,
}

/// Why an op did not run or did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Op(#[from] OpError),
    #[error(
        "not attempted: no audit journal path (there is no home directory for the default): set [audit] path in the config file"
    )]
    NoJournalPath,
}

impl AppOps {
    pub fn new(policy: Policy, audit: AuditContext, journal_path: Option<PathBuf>) -> Self {
        Self {
            policy,
            audit,
            journal: Arc::new(JournalCell {
                path: journal_path,
                open: Mutex::new(None),
            }),
        }
    }

    /// The same journal, a new gate and context (identity or profile changed).
    pub fn rebuilt(&self, policy: Policy, audit: AuditContext) -> Self {
        Self {
            policy,
            audit,
            journal: self.journal.clone(),
        }
    }

    fn journal(&self) -> Result<Arc<Journal>, RunError> {
        // A poisoned lock only means an opener panicked; the slot is still usable.
        let mut slot = self.journal.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(j) = slot.as_ref() {
            return Ok(j.clone());
        }
        let path = self.journal.path.as_ref().ok_or(RunError::NoJournalPath)?;
        let journal = Arc::new(Journal::open(path).map_err(OpError::NotRecorded)?);
        *slot = Some(journal.clone());
        Ok(journal)
    }

    /// The context a flow's ops run with (opens the journal on first use).
    pub fn context(&self, cloud: Cloud) -> Result<OpsContext, RunError> {
        Ok(OpsContext {
            cloud,
            policy: self.policy.clone(),
            journal: self.journal()?,
            audit: self.audit.clone(),
        })
    }

    /// Journals the gate's refusal of `effect` and returns its message;
    /// `None` when the gate allows it.
    pub fn refuse(&self, effect: &crate::policy::Effect) -> Option<String> {
        let refused = self.policy.check(effect).err()?;
        match self.journal() {
            Ok(journal) => {
                if let Err(e) = crate::audit::gate(&journal, &self.audit, &self.policy, effect) {
                    return Some(e.to_string());
                }
            }
            Err(err) => tracing::error!("cannot journal a refusal: {err}"),
        }
        Some(refused.to_string())
    }

    /// Runs `op` through the gate and the journal. Without a journal a
    /// read-only refusal still comes back as the refusal (refusing is safe
    /// either way); anything else is not attempted.
    pub async fn run(&self, cloud: Cloud, op: &Op) -> Result<String, RunError> {
        let journal = match self.journal() {
            Ok(j) => j,
            Err(err) => {
                if let Err(refused) = self.policy.check(&op.effect()) {
                    tracing::error!("cannot journal a refusal: {err}");
                    return Err(OpError::Refused(refused).into());
                }
                return Err(err);
            }
        };
        let ctx = OpsContext {
            cloud,
            policy: self.policy.clone(),
            journal,
            audit: self.audit.clone(),
        };
        Ok(op.run(&ctx).await?)
    }
}

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
        }
    }

    /// Hands `op` to a background job.
    pub(super) fn spawn_op(&mut self, op: Op) {
        let request = self.new_id();
        self.jobs.ops_in_flight.insert(request);
        let ops = self.session.ops.clone();
        let cloud = self.session.cloud.clone();
        let tx = self.jobs.tx.clone();
        self.screen.notice = Some(Notice::info(format!("{} …", op.effect().action())));
        tokio::spawn(async move {
            let result = ops.run(cloud, &op).await;
            let _ = tx.send(Action::OpDone {
                request,
                op,
                result,
            });
        });
    }

    /// An op's job reported back.
    pub(super) fn on_op_done(&mut self, request: u64, op: Op, result: Result<String, RunError>) {
        self.jobs.ops_in_flight.remove(&request);
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
                self.screen.notice =
                    Some(Notice::error(format!("{} failed: {e}", effect.action())));
                self.record_error(place, &Problem::from(e));
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
            .filter(|&&cmd| {
                pane.intent_for(cmd)
                    .is_some_and(|i| self.session.ops.policy.allows(i.effect_class()))
            })
            .filter_map(|&cmd| {
                self.session
                    .settings
                    .keymap
                    .first_key(cmd)
                    .map(|k| (k.to_string(), cmd.hint()))
            })
            .collect::<Vec<_>>();
        hints.extend(row_hints);
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
                self.session
                    .settings
                    .keymap
                    .first_key(cmd)
                    .map(|k| (k.to_string(), cmd.hint()))
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
