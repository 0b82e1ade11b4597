//! Carrying out onboarding: the wizard's [`WizardEffect`]s for the TUI
//! ([`perform`]), one whole onboarding for the CLI ([`onboard_one`]) and a
//! planned `users.csv` ([`run_batch`]). The create call goes through the
//! policy gate and the journal as `CreateUserProfile`; status checks are
//! reads. Nothing here prints.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::{self, Completed, OpError};
use crate::cloud::CloudError;
use crate::model::{UserProfile, TEAM_TAG};
use crate::policy::Effect;

use super::batch::{PlannedRow, RowAction};
use super::context::OpsContext;
use super::onboard::{WizardEffect, WizardEvent};
use super::poll::Polling;
use super::teams::TeamSettings;
use super::{CallError, CreateUserProfileRequest};

/// The journal's view of a create: who, where, which team and role, tags.
pub fn create_effect(req: &CreateUserProfileRequest) -> Effect {
    Effect::CreateUserProfile {
        domain_id: req.domain_id.clone(),
        user: req.user_profile_name.clone(),
        team: req
            .tags
            .iter()
            .find(|t| t.key == TEAM_TAG)
            .map(|t| t.value.clone()),
        execution_role_arn: Some(req.user_settings.execution_role.clone()),
        sso_user: req.single_sign_on_user_value.clone(),
        tags: req
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect(),
    }
}

/// CreateUserProfile through the gate and the journal; the value is the
/// new profile's ARN. `ResourceInUse` keeps its code and says "already exists";
/// a lost answer is read back with DescribeUserProfile.
pub async fn create_user_profile(
    ops: &OpsContext,
    req: &CreateUserProfileRequest,
) -> Result<Completed<String>, OpError> {
    super::day2::run(ops, &create_effect(req), || async move {
        match ops.cloud.sagemaker.create_user_profile(req).await {
            Err(lost @ CloudError::OutcomeUnknown { .. }) => {
                super::read_back::user_profile(ops, req, lost).await
            }
            done => done,
        }
    })
    .await
}

/// One DescribeUserProfile (a read: no journal, allowed when read-only).
pub async fn describe_user_profile(
    ops: &OpsContext,
    domain_id: &str,
    user: &str,
) -> Result<UserProfile, CloudError> {
    ops.cloud
        .sagemaker
        .describe_user_profile(domain_id, user)
        .await
}

/// An operation's failure as the wizard takes it: the AWS code when there
/// is one (`Refused` for the read-only gate), and the message.
pub fn call_error(err: &OpError) -> CallError {
    match err {
        OpError::Cloud(e) => CallError::new(Some(e.code()), e.to_string()),
        OpError::Refused(r) => CallError::new(Some("Refused"), r.to_string()),
        other => CallError::new(None, other.to_string()),
    }
}

/// Performs one wizard effect and returns the event to feed back, or `None`
/// for the effects the app handles itself (`OfferPresignedUrl`, `Close`).
/// A poll waits one `polling.interval` before asking.
pub async fn perform(
    ops: &OpsContext,
    effect: &WizardEffect,
    polling: &Polling,
) -> Option<WizardEvent> {
    match effect {
        WizardEffect::CreateUserProfile(req) => Some(match create_user_profile(ops, req).await {
            Ok(done) => WizardEvent::Created {
                user_profile_arn: done.value,
            },
            Err(e) => WizardEvent::CallFailed {
                error: call_error(&e),
            },
        }),
        WizardEffect::PollUserProfile {
            domain_id,
            user_profile_name,
        } => {
            polling.pause().await;
            Some(
                match describe_user_profile(ops, domain_id, user_profile_name).await {
                    Ok(p) => WizardEvent::StatusPolled {
                        failure_reason: p.failure_reason().map(str::to_owned),
                        status: p.status,
                    },
                    Err(e) => WizardEvent::CallFailed {
                        error: CallError::new(Some(e.code()), e.to_string()),
                    },
                },
            )
        }
        WizardEffect::OfferPresignedUrl { .. } | WizardEffect::Close => None,
    }
}

/// What an onboarding reports while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnboardProgress {
    Created {
        user_profile_arn: String,
    },
    /// One status check: its number (from 1) and the status seen.
    Status {
        poll: u32,
        status: String,
    },
}

/// Why an onboarding did not end InService.
#[derive(Debug, thiserror::Error)]
pub enum OnboardError {
    /// Nothing was created (refused, invalid, already exists, AWS said no).
    #[error(transparent)]
    Create(OpError),
    #[error("user profile '{user}' was created but is {status}{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Failed {
        user: String,
        status: String,
        reason: Option<String>,
    },
    #[error("user profile '{user}' was created, but checking its status failed: {error}")]
    Poll { user: String, error: CloudError },
    #[error(
        "user profile '{user}' is still {status} after {polls} checks; it may yet become InService"
    )]
    TimedOut {
        user: String,
        status: String,
        polls: u32,
    },
}

impl OnboardError {
    /// `ResourceInUse`: the profile was there already.
    pub fn already_exists(&self) -> bool {
        matches!(self, OnboardError::Create(OpError::Cloud(e)) if e.code() == "ResourceInUse")
    }
}

/// Creates the profile and waits until it is InService (or Failed), as the
/// wizard does: throttled checks are retried, any other failure stops.
pub async fn onboard_one(
    ops: &OpsContext,
    req: &CreateUserProfileRequest,
    polling: &Polling,
    progress: &(dyn Fn(&OnboardProgress) + Sync),
) -> Result<UserProfile, OnboardError> {
    let done = create_user_profile(ops, req)
        .await
        .map_err(OnboardError::Create)?;
    progress(&OnboardProgress::Created {
        user_profile_arn: done.value,
    });
    let user = req.user_profile_name.clone();
    let mut status = "Pending".to_owned();
    for poll in 1..=polling.max_polls.max(1) {
        polling.pause().await;
        match describe_user_profile(ops, &req.domain_id, &user).await {
            Ok(p) => {
                status = p.status.clone();
                progress(&OnboardProgress::Status {
                    poll,
                    status: status.clone(),
                });
                match status.as_str() {
                    "InService" => return Ok(p),
                    "Failed" | "Update_Failed" | "Delete_Failed" | "Deleting" => {
                        return Err(OnboardError::Failed {
                            user,
                            status,
                            reason: p.failure_reason().map(str::to_owned),
                        })
                    }
                    _ => {}
                }
            }
            Err(CloudError::Throttled { .. }) => {}
            Err(error) => return Err(OnboardError::Poll { user, error }),
        }
    }
    Err(OnboardError::TimedOut {
        user,
        status,
        polls: polling.max_polls,
    })
}

/// What became of one row of `users.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum RowOutcome {
    /// Created and InService.
    Created {
        user_profile_arn: String,
    },
    /// Would be created (`--dry-run`): the exact request.
    WouldCreate {
        request: Box<CreateUserProfileRequest>,
    },
    Skipped {
        reason: String,
    },
    Failed {
        reason: String,
    },
    Invalid {
        reason: String,
    },
    Refused {
        reason: String,
    },
}

impl RowOutcome {
    /// Whether this row makes the whole run fail (non-zero exit).
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            RowOutcome::Failed { .. } | RowOutcome::Invalid { .. } | RowOutcome::Refused { .. }
        )
    }
}

/// One row's result line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowResult {
    /// 1-based line in the file.
    pub line: usize,
    pub user: String,
    pub team: String,
    pub domain: String,
    #[serde(flatten)]
    pub outcome: RowOutcome,
}

fn row_result(row: &PlannedRow, outcome: RowOutcome) -> RowResult {
    RowResult {
        line: row.line,
        user: row.user.clone(),
        team: row.team.clone(),
        domain: row.domain.clone(),
        outcome,
    }
}

/// The gate for a whole batch, asked before anything is read: in read-only
/// mode every row is journaled as a refused CreateUserProfile (with the
/// domain and team as the file names them) and nothing reaches AWS.
pub fn gate_rows(
    ops: &OpsContext,
    rows: &[PlannedRow],
    teams: &BTreeMap<String, TeamSettings>,
) -> Result<(), Vec<RowResult>> {
    let mut refused = Vec::new();
    for row in rows {
        let effect = Effect::CreateUserProfile {
            domain_id: row.domain.clone(),
            user: row.user.clone(),
            team: Some(row.team.clone()),
            execution_role_arn: teams.get(&row.team).map(|t| t.execution_role.clone()),
            sso_user: None,
            tags: BTreeMap::new(),
        };
        if let Err(e) = audit::gate(&ops.journal, &ops.audit, &ops.policy, &effect) {
            refused.push(row_result(
                row,
                RowOutcome::Refused {
                    reason: e.to_string(),
                },
            ));
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused)
    }
}

/// Runs a planned batch, one row at a time in file order: invalid rows are
/// reported, existing users skipped, the rest created and waited for. A
/// profile that appears between planning and creating (ResourceInUse) is
/// skipped too, so a rerun is always harmless. With `dry_run` nothing is sent.
pub async fn run_batch(
    ops: &OpsContext,
    plan: &[PlannedRow],
    dry_run: bool,
    polling: &Polling,
    progress: &(dyn Fn(&PlannedRow, &OnboardProgress) + Sync),
) -> Vec<RowResult> {
    let mut results = Vec::with_capacity(plan.len());
    for row in plan {
        let outcome = match &row.action {
            RowAction::Invalid { reason } => RowOutcome::Invalid {
                reason: reason.clone(),
            },
            RowAction::Skip { reason } => RowOutcome::Skipped {
                reason: reason.clone(),
            },
            RowAction::Create { request } if dry_run => RowOutcome::WouldCreate {
                request: Box::new(request.clone()),
            },
            RowAction::Create { request } => {
                match onboard_one(ops, request, polling, &|p| progress(row, p)).await {
                    Ok(p) => RowOutcome::Created {
                        user_profile_arn: p.arn,
                    },
                    Err(e) if e.already_exists() => RowOutcome::Skipped {
                        reason: format!("exists: {e}"),
                    },
                    Err(OnboardError::Create(OpError::Refused(r))) => RowOutcome::Refused {
                        reason: r.to_string(),
                    },
                    Err(e) => RowOutcome::Failed {
                        reason: e.to_string(),
                    },
                }
            }
        };
        results.push(row_result(row, outcome));
    }
    results
}
