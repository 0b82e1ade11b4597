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

use crate::action::Action;
use crate::app::load::LoadRequest;
use crate::app::modal::Modal;
use crate::app::ui_op::UiOp;
use crate::app::App;
use crate::audit::OpError;
use crate::cloud::CloudError;
use crate::gitsync::repo::short;
use crate::gitsync::{Overrides, SyncState};
use crate::ops::context::OpsContext;
use crate::ops::glue_push::{self, Plan, PushError};
use crate::policy::Effect;

/// The text of a push's confirmation and its result line.
pub struct PushText<'a>(pub &'a Plan);

impl PushText<'_> {
    pub fn effect(&self) -> Effect {
        glue_push::upload_effect(self.0)
    }

    pub fn question(&self) -> String {
        format!(
            "Push the script of Glue job {} from Git to {}?",
            self.0.job, self.0.location
        )
    }

    pub fn details(&self) -> Vec<String> {
        let plan = self.0;
        let (plus, minus) = glue_push::diff_stats(plan);
        let deployed = if plan.deployed.is_some() {
            "deployed → Git"
        } else {
            "nothing deployed yet"
        };
        vec![
            format!("Commit:      {} ({})", plan.commit, plan.mapping.git_ref),
            format!("Repository:  {}", plan.repository_label),
            format!("Path:        {}", plan.mapping.path),
            format!("S3 location: {}", plan.location),
            format!("Diff:        +{plus} −{minus} lines ({deployed}; D shows it)"),
            format!(
                "Then glue:TagResource {}={} on the job; the job definition is not changed (no UpdateJob).",
                glue_push::COMMIT_TAG,
                short(&plan.commit)
            ),
        ]
    }

    /// PutObject's fields as sent: the condition that refuses a lost
    /// update, and the metadata (the caller is filled in when it runs).
    pub fn request(&self) -> Vec<(&'static str, String)> {
        let plan = self.0;
        let mut fields = vec![
            ("Bucket", plan.location.bucket.clone()),
            ("Key", plan.location.key.clone()),
        ];
        match plan.deployed.as_ref().and_then(|d| d.etag.clone()) {
            Some(etag) => fields.push(("If-Match", etag)),
            None if plan.deployed.is_none() => fields.push(("If-None-Match", "*".to_owned())),
            None => {}
        }
        fields.push((
            "x-amz-meta-git-commit",
            plan.commit.chars().take(12).collect(),
        ));
        fields.push(("x-amz-meta-git-path", plan.mapping.path.clone()));
        fields
    }

    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        let plan = self.0;
        match glue_push::push(ops, plan, false).await {
            Ok(pushed) => {
                let mut line = format!(
                    "pushed {} to {} and tagged {} {}={}",
                    plan.git_label(),
                    pushed.location,
                    plan.job,
                    glue_push::COMMIT_TAG,
                    short(&pushed.commit)
                );
                if let Some(id) = pushed.request_id {
                    line.push_str(&format!(" (request id {id})"));
                }
                Ok(line)
            }
            Err(PushError::Upload(OpError::Cloud(e))) if e.code() == "DirtyWorktree" => {
                Err(OpError::Cloud(dirty_error(plan, &e.to_string())))
            }
            Err(PushError::Upload(e)) => Err(e),
            // The script is in S3: report it as done, with the tag's
            // failure in the same line (both are journaled), so the Jobs
            // tab still refreshes to show the new state.
            Err(e @ PushError::Tag { .. }) => Ok(e.to_string()),
        }
    }
}

/// The refusal of a dirty worktree, with the way out from the TUI.
fn dirty_error(plan: &Plan, why: &str) -> CloudError {
    CloudError::Other {
        code: "DirtyWorktree".to_owned(),
        message: format!(
            "{why} — commit or stash the changes, or push from the command line with `dsadmin glue push {} --allow-dirty`",
            plan.job
        ),
    }
}

impl App {
    /// `P`: plans the push of `job` in the background.
    pub(super) fn plan_push(&mut self, job: String) {
        if let Some(busy) = &self.planning_push {
            self.message = Some((format!("still comparing {busy} with Git…"), false));
            return;
        }
        self.planning_push = Some(job.clone());
        let request = self.new_id();
        self.ops_in_flight.insert(request);
        let cloud = self.cloud.clone();
        let git = self.settings.git.clone();
        let tx = self.tx.clone();
        self.message = Some((format!("comparing {job} with Git…"), false));
        tokio::spawn(async move {
            let result = glue_push::plan(&cloud, &git, &job, &Overrides::default())
                .await
                .map(Box::new)
                .map_err(|e| e.to_string());
            let _ = tx.send(Action::PushPlanned {
                request,
                job,
                result,
            });
        });
    }

    /// The plan arrived: say why not, or ask.
    pub(super) fn on_push_planned(
        &mut self,
        request: u64,
        job: String,
        result: Result<Box<Plan>, String>,
    ) {
        self.ops_in_flight.remove(&request);
        self.planning_push = None;
        let plan = match result {
            Ok(plan) => plan,
            Err(message) => {
                self.record_error(
                    format!("Git → Glue plan of {job}"),
                    &CloudError::Other {
                        code: "PushPlan".to_owned(),
                        message: message.clone(),
                    },
                );
                self.message = Some((format!("cannot push {job}: {message}"), true));
                return;
            }
        };
        let deployed_is_blob = matches!(
            plan.state,
            SyncState::InSync | SyncState::Dirty { drifted: false }
        );
        if deployed_is_blob {
            self.message = Some((
                format!(
                    "nothing to push: {} already holds {} (in sync)",
                    plan.location,
                    plan.git_label()
                ),
                false,
            ));
            // The column may have said otherwise: show what is true now.
            self.reload_where(|r| *r == LoadRequest::Jobs);
            return;
        }
        let op = UiOp::PushGlueScript { plan };
        if self.ops.policy.check(&op.effect()).is_err() {
            self.spawn_op(op);
            return;
        }
        if let UiOp::PushGlueScript { plan } = &op {
            if !plan.dirty.is_empty() {
                let files = plan.dirty.join(", ");
                let why = format!(
                    "{} has uncommitted changes ({files}): nothing was pushed",
                    plan.mapping.repository.display()
                );
                self.message = Some((dirty_error(plan, &why).to_string(), true));
                return;
            }
        }
        self.push_modal(Modal::confirm(op));
    }
}
