//! Request types that cross the `Cloud` boundary: what `ops` builds and
//! validates, and what `cloud` sends. They live here, not in `ops`, so the
//! cloud layer never depends on `ops`.

use serde::{Deserialize, Serialize, Serializer};

use super::Tag;

/// Exactly what `CreateUserProfile` will be sent, in the API's own field
/// names so the review screen and the journal show the real request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserProfileRequest {
    pub domain_id: String,
    pub user_profile_name: String,
    /// `"UserName"` for SSO domains, absent for IAM ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_sign_on_user_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_sign_on_user_value: Option<String>,
    #[serde(serialize_with = "aws_tags", deserialize_with = "from_aws_tags")]
    pub tags: Vec<Tag>,
    pub user_settings: UserSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserSettings {
    pub execution_role: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    /// Instance type, lifecycle config and idle shutdown all live in the
    /// JupyterLab app settings; absent when the team sets none of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jupyter_lab_app_settings: Option<JupyterLabAppSettings>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JupyterLabAppSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_resource_spec: Option<ResourceSpec>,
    /// The lifecycle configs the user may pick; the default one must be
    /// among them or SageMaker rejects the request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifecycle_config_arns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_lifecycle_management: Option<AppLifecycleManagement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_config_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AppLifecycleManagement {
    pub idle_settings: IdleSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdleSettings {
    /// `ENABLED` whenever a timeout is set.
    pub lifecycle_management: String,
    pub idle_timeout_in_minutes: u32,
}

/// Tags as the API spells them (`Key`/`Value`), unlike the model's serde form.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AwsTag {
    key: String,
    value: String,
}

fn aws_tags<S: Serializer>(tags: &[Tag], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tags.iter().map(|t| AwsTag {
        key: t.key.clone(),
        value: t.value.clone(),
    }))
}

fn from_aws_tags<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Tag>, D::Error> {
    let tags: Vec<AwsTag> = Vec::deserialize(d)?;
    Ok(tags.into_iter().map(|t| Tag::new(t.key, t.value)).collect())
}

/// Who a Studio app belongs to: a user profile (private apps of the classic
/// experience) or a space (JupyterLab and Code Editor today).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum AppOwner {
    User(String),
    Space(String),
}

impl AppOwner {
    pub fn name(&self) -> &str {
        match self {
            AppOwner::User(n) | AppOwner::Space(n) => n,
        }
    }

    pub fn user(&self) -> Option<&str> {
        match self {
            AppOwner::User(n) => Some(n),
            AppOwner::Space(_) => None,
        }
    }

    pub fn space(&self) -> Option<&str> {
        match self {
            AppOwner::Space(n) => Some(n),
            AppOwner::User(_) => None,
        }
    }
}

impl std::fmt::Display for AppOwner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppOwner::User(n) => write!(f, "user {n}"),
            AppOwner::Space(n) => write!(f, "space {n}"),
        }
    }
}

/// One Studio app, by the four values DeleteApp and DescribeApp take.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AppRef {
    pub domain_id: String,
    pub owner: AppOwner,
    /// `JupyterLab`, `CodeEditor`, `KernelGateway`, …
    pub app_type: String,
    pub app_name: String,
}

impl std::fmt::Display for AppRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} app {} of {} in {}",
            self.app_type, self.app_name, self.owner, self.domain_id
        )
    }
}

/// What `CreatePresignedDomainUrl` is sent. The answer is a credential:
/// whoever holds the URL is logged in as the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresignRequest {
    pub domain_id: String,
    pub user: String,
    /// Open this space directly (SpaceName).
    pub space: Option<String>,
    /// How long the URL itself stays usable, 5–300 seconds.
    pub expires_in_seconds: u32,
    /// How long the Studio session lasts, 1800–43200 seconds; AWS's
    /// default (43200) when `None`.
    pub session_expiration_seconds: Option<u32>,
}

impl AppRef {
    /// The reference DeleteApp needs for a listed app: an app in a space
    /// belongs to the space (even when the listing also names its user).
    pub fn of(app: &super::App) -> Option<AppRef> {
        let owner = match (&app.space_name, &app.user_profile) {
            (Some(space), _) => AppOwner::Space(space.clone()),
            (None, Some(user)) => AppOwner::User(user.clone()),
            (None, None) => return None,
        };
        Some(AppRef {
            domain_id: app.domain_id.clone(),
            owner,
            app_type: app.app_type.clone(),
            app_name: app.name.clone(),
        })
    }

    /// Whether a listed app is the one this names.
    pub fn matches(&self, app: &super::App) -> bool {
        app.domain_id == self.domain_id
            && app.app_type == self.app_type
            && app.name == self.app_name
            && match &self.owner {
                AppOwner::Space(s) => app.space_name.as_deref() == Some(s.as_str()),
                AppOwner::User(u) => {
                    app.space_name.is_none()
                        && app
                            .user_profile
                            .as_deref()
                            .is_some_and(|p| p.eq_ignore_ascii_case(u))
                }
            }
    }
}
