//! Offboarding a Studio user: [`plan`] lists what will go (the user's
//! apps, the spaces they own and those spaces' apps, the profile — and the
//! home EFS data, which no call can bring back); [`execute`] deletes apps →
//! spaces → profile in that order, waiting for each, because SageMaker
//! refuses to delete a space with apps or a profile with apps or spaces.
//! The first failure stops the run and the report says exactly what remains.
//! Every delete is journaled; nothing here prompts or prints.

use std::fmt;

use serde::Serialize;

use crate::audit::{self, Failure, OpError};
use crate::cloud::{CloudError, CloudResult};
use crate::model::requests::AppRef;
use crate::model::{App, Space, UserProfile};
use crate::policy::Effect;

use super::apps;
use super::context::OpsContext;
use super::poll::Polling;

/// One deletion of an offboarding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "delete", rename_all = "snake_case")]
pub enum OffboardStep {
    App(AppRef),
    Space { domain_id: String, space: String },
    UserProfile { domain_id: String, user: String },
}

impl OffboardStep {
    /// The journaled effect of this step.
    pub fn effect(&self) -> Effect {
        match self {
            OffboardStep::App(app) => apps::delete_effect(app),
            OffboardStep::Space { domain_id, space } => Effect::DeleteSpace {
                domain_id: domain_id.clone(),
                space: space.clone(),
            },
            OffboardStep::UserProfile { domain_id, user } => Effect::DeleteUserProfile {
                domain_id: domain_id.clone(),
                user: user.clone(),
            },
        }
    }

    /// Apps, then spaces, then the profile.
    fn rank(&self) -> u8 {
        match self {
            OffboardStep::App(_) => 0,
            OffboardStep::Space { .. } => 1,
            OffboardStep::UserProfile { .. } => 2,
        }
    }
}

impl fmt::Display for OffboardStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OffboardStep::App(app) => write!(f, "{app}"),
            OffboardStep::Space { domain_id, space } => write!(f, "space {space} in {domain_id}"),
            OffboardStep::UserProfile { domain_id, user } => {
                write!(f, "user profile {user} in {domain_id}")
            }
        }
    }
}

/// Everything an offboarding deletes, found before anything is deleted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffboardPlan {
    pub domain_id: String,
    /// The profile's name as SageMaker spells it (names are not case sensitive).
    pub user: String,
    pub profile: UserProfile,
    /// The user's own apps and the apps of the spaces they own, not yet Deleted.
    pub apps: Vec<App>,
    /// The spaces the user owns.
    pub spaces: Vec<Space>,
}

/// What cannot be undone beyond the listed resources.
pub const DATA_LOSS: &str =
    "the user's home directory on the domain's EFS volume is lost with the profile (no backup is taken)";

impl OffboardPlan {
    /// The deletions in the order they must run: apps → spaces → profile.
    pub fn steps(&self) -> Vec<OffboardStep> {
        let mut steps: Vec<OffboardStep> = self
            .apps
            .iter()
            .filter_map(AppRef::of)
            .map(OffboardStep::App)
            .collect();
        steps.extend(self.spaces.iter().map(|s| OffboardStep::Space {
            domain_id: s.domain_id.clone(),
            space: s.name.clone(),
        }));
        steps.push(OffboardStep::UserProfile {
            domain_id: self.domain_id.clone(),
            user: self.user.clone(),
        });
        steps
    }

    /// The plan in words, one line each, ending with the data loss.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .apps
            .iter()
            .map(|a| {
                let owner = a
                    .space_name
                    .as_ref()
                    .map_or_else(|| format!("user {}", self.user), |s| format!("space {s}"));
                format!(
                    "delete app {} {} of {owner} ({})",
                    a.app_type, a.name, a.status
                )
            })
            .collect();
        lines.extend(
            self.spaces
                .iter()
                .map(|s| format!("delete space {} ({}, {})", s.name, s.sharing, s.status)),
        );
        lines.push(format!(
            "delete user profile {} in {} ({})",
            self.user, self.domain_id, self.profile.status
        ));
        lines.push(format!("and: {DATA_LOSS}"));
        lines
    }
}

/// Finds what offboarding `user` from `domain_id` deletes. Asks the gate
/// first (as DeleteUserProfile), so a read-only session is refused and
/// journaled before any request is sent.
pub async fn plan(ops: &OpsContext, domain_id: &str, user: &str) -> Result<OffboardPlan, OpError> {
    let effect = Effect::DeleteUserProfile {
        domain_id: domain_id.to_owned(),
        user: user.to_owned(),
    };
    audit::gate(&ops.journal, &ops.audit, &ops.policy, &effect)?;
    let sm = &ops.cloud.sagemaker;
    let profile = sm.describe_user_profile(domain_id, user).await?;
    let name = profile.name.clone();
    let spaces: Vec<Space> = crate::collect_all!(sm, list_spaces, domain_id)?
        .into_iter()
        .filter(|s| {
            s.owner
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&name))
        })
        .collect();
    let apps: Vec<App> = crate::collect_all!(sm, list_apps, domain_id, None)?
        .into_iter()
        .filter(|a| a.status != "Deleted")
        .filter(|a| match &a.space_name {
            Some(space) => spaces.iter().any(|s| &s.name == space),
            None => a
                .user_profile
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&name)),
        })
        .collect();
    Ok(OffboardPlan {
        domain_id: domain_id.to_owned(),
        user: name,
        profile,
        apps,
        spaces,
    })
}

/// What an offboarding reports while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffboardProgress {
    /// The delete call for this step is being sent.
    Deleting(OffboardStep),
    /// A status seen while waiting for the step to finish.
    Waiting { step: OffboardStep, status: String },
    /// The step is done: the resource is gone.
    Deleted(OffboardStep),
}

/// The step that failed and why.
#[derive(Debug)]
pub struct OffboardFailure {
    pub step: OffboardStep,
    pub error: OpError,
}

/// How an offboarding ended: what was deleted, the failure that stopped it
/// (if any) and exactly what remains, in the order it would still have to go.
#[derive(Debug)]
pub struct OffboardReport {
    pub deleted: Vec<OffboardStep>,
    pub failure: Option<OffboardFailure>,
    pub remaining: Vec<OffboardStep>,
}

impl OffboardReport {
    pub fn is_complete(&self) -> bool {
        self.failure.is_none() && self.remaining.is_empty()
    }
}

/// Deletes the plan's resources in order, waiting for each to be gone before
/// the next (a space cannot go while its apps are Deleting). Stops at the
/// first failure: the failed step heads `remaining`.
pub async fn execute(
    ops: &OpsContext,
    plan: &OffboardPlan,
    progress: &(dyn Fn(OffboardProgress) + Sync),
    polling: &Polling,
) -> OffboardReport {
    let mut steps = plan.steps();
    // The order is the point of this module: never trust the caller's plan.
    steps.sort_by_key(OffboardStep::rank);
    let mut deleted = Vec::new();
    let mut pending = steps.into_iter();
    while let Some(step) = pending.next() {
        progress(OffboardProgress::Deleting(step.clone()));
        match run_step(ops, &step, progress, polling).await {
            Ok(()) => {
                progress(OffboardProgress::Deleted(step.clone()));
                deleted.push(step);
            }
            Err(error) => {
                let mut remaining = vec![step.clone()];
                remaining.extend(pending);
                return OffboardReport {
                    deleted,
                    failure: Some(OffboardFailure { step, error }),
                    remaining,
                };
            }
        }
    }
    OffboardReport {
        deleted,
        failure: None,
        remaining: Vec::new(),
    }
}

async fn run_step(
    ops: &OpsContext,
    step: &OffboardStep,
    progress: &(dyn Fn(OffboardProgress) + Sync),
    polling: &Polling,
) -> Result<(), OpError> {
    let seen = |status: &str| {
        progress(OffboardProgress::Waiting {
            step: step.clone(),
            status: status.to_owned(),
        })
    };
    let sm = &ops.cloud.sagemaker;
    match step {
        OffboardStep::App(app) => {
            // An app already on its way out (someone else deleted it, or an
            // earlier run stopped half-way) is only waited for: a second
            // DeleteApp would be refused and stop the whole offboarding.
            let status = sm.describe_app(app).await.map(|a| a.status);
            match status.as_deref() {
                Ok("Deleted") | Err(CloudError::NotFound { .. }) => return Ok(()),
                Ok("Deleting") => seen("Deleting"),
                _ => {
                    apps::delete_app(ops, app).await?;
                }
            }
            apps::wait_app_deleted(ops, app, polling, &seen).await?;
        }
        OffboardStep::Space { domain_id, space } => {
            super::day2::run(ops, &step.effect(), || async move {
                sm.delete_space(domain_id, space).await
            })
            .await?;
            wait_gone(polling, &step.to_string(), &seen, || async move {
                sm.describe_space(domain_id, space).await.map(|s| s.status)
            })
            .await?;
        }
        OffboardStep::UserProfile { domain_id, user } => {
            super::day2::run(ops, &step.effect(), || async move {
                sm.delete_user_profile(domain_id, user).await
            })
            .await?;
            wait_gone(polling, &step.to_string(), &seen, || async move {
                sm.describe_user_profile(domain_id, user)
                    .await
                    .map(|p| p.status)
            })
            .await?;
        }
    }
    Ok(())
}

/// Polls `status` until the resource is NotFound; `Delete_Failed`/`Failed`
/// stop with an error, throttling is retried.
async fn wait_gone<F, Fut>(
    polling: &Polling,
    what: &str,
    seen: &(dyn Fn(&str) + Sync),
    status: F,
) -> Result<(), OpError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = CloudResult<String>>,
{
    let mut last = String::from("Deleting");
    for _ in 0..polling.max_polls.max(1) {
        polling.pause().await;
        match status().await {
            Ok(s) => {
                seen(&s);
                if s == "Delete_Failed" || s == "Failed" {
                    return Err(OpError::Failed(Failure::EndedFailed {
                        what: what.to_owned(),
                        status: s,
                        reason: None,
                    }));
                }
                last = s;
            }
            Err(CloudError::NotFound { .. }) => return Ok(()),
            Err(CloudError::Throttled { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(apps::timed_out(what, &last, polling.max_polls))
}
