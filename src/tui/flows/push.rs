//! `P` on a Glue job: Git → Glue from the keyboard.
//!
//! The key plans the push in the background (GetJob, the deployed object,
//! the Git blob: reads only), then: a plan error is shown as it is (not
//! mapped, a Git or S3 failure); an in-sync job says "nothing to push" and
//! sends nothing; a gate refusal is journaled like any refused op; a dirty
//! worktree is refused here, before any question, with the way out; else
//! the confirmation shows commit, repository, path, S3 location and the
//! diff's size, and a "yes" runs [`glue_push::push`] (which checks the
//! worktree, the ref and the object's ETag again at the write).

use crate::gitsync::{Overrides, SyncState};
use crate::ops::glue_push::{self, Plan};
use crate::ops::op::Op;
use crate::tui::action::Action;
use crate::tui::layers::confirm::ConfirmLayer;
use crate::tui::load::LoadRequest;
use crate::tui::problem::Problem;
use crate::tui::App;
use crate::tui::Notice;

impl App {
    /// `P`: plans the push of `job` in the background.
    pub(in crate::tui) fn plan_push(&mut self, job: String) {
        if let Some(busy) = &self.jobs.planning_push {
            self.screen.notice = Some(Notice::info(format!("still comparing {busy} with Git…")));
            return;
        }
        self.jobs.planning_push = Some(job.clone());
        let request = self.new_id();
        self.jobs.ops_in_flight.insert(request);
        let cloud = self.session.cloud.clone();
        let git = self.session.settings.git.clone();
        let tx = self.jobs.tx.clone();
        self.screen.notice = Some(Notice::info(format!("comparing {job} with Git…")));
        tokio::spawn(async move {
            let result = glue_push::plan(&cloud, &git, &job, &Overrides::default())
                .await
                .map(Box::new)
                .map_err(Problem::from);
            let _ = tx.send(Action::PushPlanned {
                request,
                job,
                result,
            });
        });
    }

    /// The plan arrived: say why not, or ask.
    pub(in crate::tui) fn on_push_planned(
        &mut self,
        request: u64,
        job: String,
        result: Result<Box<Plan>, Problem>,
    ) {
        self.jobs.ops_in_flight.remove(&request);
        self.jobs.planning_push = None;
        let plan = match result {
            Ok(plan) => plan,
            Err(problem) => {
                self.screen.notice = Some(Notice::error(format!("cannot push {job}: {problem}")));
                self.record_error(format!("Git → Glue plan of {job}"), &problem);
                return;
            }
        };
        let deployed_is_blob = matches!(
            plan.state,
            SyncState::InSync | SyncState::Dirty { drifted: false }
        );
        if deployed_is_blob {
            self.screen.notice = Some(Notice::info(format!(
                "nothing to push: {} already holds {} (in sync)",
                plan.location,
                plan.git_label()
            )));
            // The column may have said otherwise: show what is true now.
            self.reload_where(|r| *r == LoadRequest::Jobs);
            return;
        }
        let op = Op::PushGlueScript { plan };
        if self.session.ops.policy.check(&op.effect()).is_err() {
            self.spawn_op(op);
            return;
        }
        if let Op::PushGlueScript { plan } = &op {
            if !plan.dirty.is_empty() {
                let files = plan.dirty.join(", ");
                let why = format!(
                    "{} has uncommitted changes ({files}): nothing was pushed",
                    plan.mapping.repository.display()
                );
                self.screen.notice = Some(Notice::error(
                    crate::ops::op::dirty_error(plan, &why).to_string(),
                ));
                return;
            }
        }
        self.push_layer(Box::new(ConfirmLayer::new(op)));
    }
}
