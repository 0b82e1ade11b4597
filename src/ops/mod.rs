//! Admin operations, written once for the TUI and the CLI.
//!
//! `validate`, `onboard`, `batch` and `teams` are pure logic — the app feeds
//! events in and carries out the effects that come back, so every rule is
//! testable without AWS. `context` and `day2` run operations: each goes through
//! the policy gate and the audit journal (`audit::journaled`) before any call.
//! Nothing here knows about the terminal (no ratatui, no crossterm).

pub mod apps;
pub mod batch;
pub mod context;
pub mod day2;
pub mod glue_push;
pub mod model_approval;
pub mod offboard;
pub mod onboard;
pub mod onboard_run;
pub mod op;
pub mod packages;
pub mod poll;
pub mod presign;
pub mod read_back;
pub mod stop_apps;
pub mod teams;
pub mod traffic;
pub mod validate;
pub mod version_change;

use serde::{Deserialize, Serialize};

use crate::model::{tag_value, Domain, Tag, TEAM_TAG};

// The request types live in `model` so the cloud layer can take them
// without depending on `ops`; re-exported here where they were born.
pub use crate::model::requests::{
    AppLifecycleManagement, CreateUserProfileRequest, IdleSettings, JupyterLabAppSettings,
    ResourceSpec, UserSettings,
};

use teams::TeamSettings;

/// The tag key for the environment (prod, dev …), copied from the domain.
pub const ENVIRONMENT_TAG: &str = "EnvironmentType";

impl CreateUserProfileRequest {
    /// The request for `user` in `team` on `domain`. Built unvalidated:
    /// callers run [`validate::request`] on the result, so a problem is
    /// reported with the exact value that would have been sent.
    ///
    /// Tags: the team's own, then `TeamName` (always the team's name, so the
    /// Users tab groups the profile correctly whatever the config says) and
    /// `EnvironmentType` from the domain's tag when it has one.
    pub fn for_team(
        domain: &Domain,
        team_name: &str,
        team: &TeamSettings,
        user: &str,
        sso_user: Option<&str>,
    ) -> Self {
        let mut tags: Vec<Tag> = team
            .tags
            .iter()
            .filter(|(k, _)| k.as_str() != TEAM_TAG)
            .filter(|(k, _)| {
                k.as_str() != ENVIRONMENT_TAG
                    || tag_value(domain.tags.known_or_empty(), ENVIRONMENT_TAG).is_none()
            })
            .map(|(k, v)| Tag::new(k, v))
            .collect();
        tags.push(Tag::new(TEAM_TAG, team_name));
        if let Some(env) = tag_value(domain.tags.known_or_empty(), ENVIRONMENT_TAG) {
            tags.push(Tag::new(ENVIRONMENT_TAG, env));
        }

        let sso = validate::is_sso(domain);
        let resource_spec = (team.default_instance_type.is_some()
            || team.lifecycle_config_arn.is_some())
        .then(|| ResourceSpec {
            instance_type: team.default_instance_type.clone(),
            lifecycle_config_arn: team.lifecycle_config_arn.clone(),
        });
        let idle = team.idle_timeout_minutes.map(|m| AppLifecycleManagement {
            idle_settings: IdleSettings {
                lifecycle_management: "ENABLED".to_owned(),
                idle_timeout_in_minutes: m,
            },
        });
        let lab = (resource_spec.is_some() || idle.is_some()).then(|| JupyterLabAppSettings {
            default_resource_spec: resource_spec,
            lifecycle_config_arns: team.lifecycle_config_arn.iter().cloned().collect(),
            app_lifecycle_management: idle,
        });

        CreateUserProfileRequest {
            domain_id: domain.id.clone(),
            user_profile_name: user.to_owned(),
            single_sign_on_user_identifier: sso.then(|| "UserName".to_owned()),
            // Passed through as given (even for IAM domains) so validation
            // can say it is not allowed rather than silently drop it.
            single_sign_on_user_value: sso_user.filter(|v| !v.is_empty()).map(str::to_owned),
            tags,
            user_settings: UserSettings {
                execution_role: team.execution_role.clone(),
                security_groups: team.security_groups.clone(),
                jupyter_lab_app_settings: lab,
            },
        }
    }

    /// Pretty JSON for the review screen and `--dry-run`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// A failed AWS call as the app reports it back: the service error code
/// (`ResourceInUse`, `ThrottlingException` …) when there is one, and the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallError {
    pub code: Option<String>,
    pub message: String,
}

impl CallError {
    pub fn new(code: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            code: code.map(str::to_owned),
            message: message.into(),
        }
    }

    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// Worth retrying the same read (not a create: that is never retried blindly).
    pub fn is_throttling(&self) -> bool {
        matches!(
            self.code.as_deref(),
            Some("ThrottlingException" | "Throttling" | "TooManyRequestsException")
        )
    }
}

/// Domain lookup by id or name, as users type either: the id, else the
/// name exactly, else the name ignoring case. The one lookup behind
/// `--domain` in every subcommand and the onboarding CSV's domain column.
pub fn find_domain<'a>(domains: &'a [Domain], key: &str) -> Option<&'a Domain> {
    domains
        .iter()
        .find(|d| d.id == key)
        .or_else(|| domains.iter().find(|d| d.name == key))
        .or_else(|| domains.iter().find(|d| d.name.eq_ignore_ascii_case(key)))
}
