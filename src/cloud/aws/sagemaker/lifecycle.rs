//! Studio user lifecycle on the SDK: create, describe and delete user
//! profiles, apps and spaces, and presigned domain URLs. A child of
//! `sagemaker` so it shares the client, the context and the row mappers.

use aws_sdk_sagemaker::operation::RequestId;
use aws_sdk_sagemaker::types::{
    AppLifecycleManagement, AppType, IdleSettings, JupyterLabAppSettings, LifecycleManagement,
    ResourceSpec, SpaceAppLifecycleManagement, SpaceSettings as SdkSpaceSettings, Tag as SdkTag,
    UserSettings,
};

use super::AwsSageMaker;
use crate::cloud::aws::{owned, string, time};
use crate::cloud::{CloudError, CloudResult, Completed};
use crate::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use crate::model::{App, Detail, ProfileSettings, Space, SpaceSettings, UserProfile};

/// A space's own idle timeout (for the app type it runs) and the
/// lifecycle configurations its settings attach.
fn space_settings(s: Option<&SdkSpaceSettings>) -> SpaceSettings {
    let Some(s) = s else {
        return SpaceSettings::default();
    };
    let lab = s.jupyter_lab_app_settings();
    let editor = s.code_editor_app_settings();
    let timeout = |m: Option<&SpaceAppLifecycleManagement>| {
        m.and_then(|m| m.idle_settings())
            .and_then(|i| i.idle_timeout_in_minutes())
            .and_then(|m| u32::try_from(m).ok())
    };
    // Space settings name JupyterLab's and Code Editor's configuration in
    // their default resource spec only; the classic apps also list theirs.
    let configs: Vec<String> = (lab.into_iter())
        .flat_map(|a| super::attached(a.default_resource_spec(), &[]))
        .chain(
            editor
                .into_iter()
                .flat_map(|a| super::attached(a.default_resource_spec(), &[])),
        )
        .chain(
            s.jupyter_server_app_settings()
                .into_iter()
                .flat_map(super::server),
        )
        .chain(
            s.kernel_gateway_app_settings()
                .into_iter()
                .flat_map(super::gateway),
        )
        .collect();
    SpaceSettings {
        idle_timeout_minutes: timeout(lab.and_then(|a| a.app_lifecycle_management()))
            .or_else(|| timeout(editor.and_then(|a| a.app_lifecycle_management()))),
        lifecycle_configs: super::dedup(configs),
    }
}

fn completed<T>(value: T, out: &impl RequestId) -> Completed<T> {
    match out.request_id() {
        Some(id) => Completed::with_request_id(value, id),
        None => Completed::new(value),
    }
}

/// Rewords the two CreateUserProfile refusals admins meet, keeping the AWS
/// code (`CloudError::code`) so callers can still branch on it.
fn reword(err: CloudError, in_use: impl FnOnce() -> String, limit: &str) -> CloudError {
    match err {
        CloudError::Other { code, message } if code == "ResourceInUse" => CloudError::Other {
            message: format!("{} ({message})", in_use()),
            code,
        },
        CloudError::Other { code, message } if code == "ResourceLimitExceeded" => {
            CloudError::Other {
                message: format!("{limit}: an account quota is reached ({message})"),
                code,
            }
        }
        other => other,
    }
}

/// The SDK's UserSettings from the request's.
fn user_settings(req: &CreateUserProfileRequest) -> UserSettings {
    let us = &req.user_settings;
    let lab = us.jupyter_lab_app_settings.as_ref().map(|lab| {
        let spec = lab.default_resource_spec.as_ref().map(|s| {
            ResourceSpec::builder()
                .set_instance_type(s.instance_type.as_deref().map(Into::into))
                .set_lifecycle_config_arn(s.lifecycle_config_arn.clone())
                .build()
        });
        let idle = lab.app_lifecycle_management.as_ref().map(|m| {
            AppLifecycleManagement::builder()
                .idle_settings(
                    IdleSettings::builder()
                        .lifecycle_management(LifecycleManagement::from(
                            m.idle_settings.lifecycle_management.as_str(),
                        ))
                        .idle_timeout_in_minutes(
                            i32::try_from(m.idle_settings.idle_timeout_in_minutes)
                                .unwrap_or(i32::MAX),
                        )
                        .build(),
                )
                .build()
        });
        JupyterLabAppSettings::builder()
            .set_default_resource_spec(spec)
            .set_lifecycle_config_arns(
                (!lab.lifecycle_config_arns.is_empty()).then(|| lab.lifecycle_config_arns.clone()),
            )
            .set_app_lifecycle_management(idle)
            .build()
    });
    UserSettings::builder()
        .execution_role(&us.execution_role)
        .set_security_groups((!us.security_groups.is_empty()).then(|| us.security_groups.clone()))
        .set_jupyter_lab_app_settings(lab)
        .build()
}

/// A u32 the API takes as an i32 (every limit here is far below i32::MAX).
fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl AwsSageMaker {
    pub(super) async fn create_profile(
        &self,
        req: &CreateUserProfileRequest,
    ) -> CloudResult<Completed<String>> {
        let tags: Vec<SdkTag> = req
            .tags
            .iter()
            .map(|t| SdkTag::builder().key(&t.key).value(&t.value).build())
            .collect();
        let out = self
            .changes
            .create_user_profile()
            .domain_id(&req.domain_id)
            .user_profile_name(&req.user_profile_name)
            .set_single_sign_on_user_identifier(req.single_sign_on_user_identifier.clone())
            .set_single_sign_on_user_value(req.single_sign_on_user_value.clone())
            .set_tags((!tags.is_empty()).then_some(tags))
            .user_settings(user_settings(req))
            .send()
            .await
            .map_err(self.ctx.err_once("sagemaker:CreateUserProfile"))
            .map_err(|e| {
                reword(
                    e,
                    || {
                        format!(
                            "user profile '{}' already exists in domain {}",
                            req.user_profile_name, req.domain_id
                        )
                    },
                    &format!("cannot create user profile '{}'", req.user_profile_name),
                )
            })?;
        let arn = out.user_profile_arn().ok_or_else(|| CloudError::Other {
            code: "NoUserProfileArn".into(),
            message: "sagemaker:CreateUserProfile answered without a UserProfileArn".into(),
        })?;
        Ok(completed(arn.to_string(), &out))
    }

    pub(super) async fn describe_profile(
        &self,
        domain_id: &str,
        user: &str,
    ) -> CloudResult<UserProfile> {
        let d = self
            .client
            .describe_user_profile()
            .domain_id(domain_id)
            .user_profile_name(user)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeUserProfile"))?;
        Ok(UserProfile {
            domain_id: domain_id.to_string(),
            // DescribeUserProfile names no domain; callers know it.
            domain_name: String::new(),
            name: owned(d.user_profile_name()).unwrap_or_else(|| user.to_string()),
            arn: string(d.user_profile_arn()),
            status: string(d.status().map(|s| s.as_str())),
            created: time(d.creation_time()),
            last_modified: time(d.last_modified_time()),
            profile: Detail::Known(ProfileSettings {
                execution_role: owned(d.user_settings().and_then(|u| u.execution_role())),
                sso_user: owned(d.single_sign_on_user_value()),
                failure_reason: owned(d.failure_reason()),
                idle_shutdown: super::idle_shutdown(d.user_settings()),
                lifecycle_configs: super::user_lifecycle_configs(d.user_settings()),
            }),
            apps_running: Detail::Pending,
            tags: Detail::Pending,
        })
    }

    pub(super) async fn delete_profile(
        &self,
        domain_id: &str,
        user: &str,
    ) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .delete_user_profile()
            .domain_id(domain_id)
            .user_profile_name(user)
            .send()
            .await
            .map_err(self.ctx.err_once("sagemaker:DeleteUserProfile"))
            .map_err(|e| {
                reword(
                    e,
                    || format!("user profile '{user}' is in use (apps or spaces remain)"),
                    "DeleteUserProfile",
                )
            })?;
        Ok(completed((), &out))
    }

    pub(super) async fn describe_one_app(&self, app: &AppRef) -> CloudResult<App> {
        let a = self
            .client
            .describe_app()
            .domain_id(&app.domain_id)
            .set_user_profile_name(app.owner.user().map(str::to_string))
            .set_space_name(app.owner.space().map(str::to_string))
            .app_type(AppType::from(app.app_type.as_str()))
            .app_name(&app.app_name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeApp"))?;
        let spec = a.resource_spec();
        Ok(App {
            domain_id: app.domain_id.clone(),
            user_profile: owned(a.user_profile_name()).or_else(|| app.owner.user().map(Into::into)),
            space_name: owned(a.space_name()).or_else(|| app.owner.space().map(Into::into)),
            app_type: app.app_type.clone(),
            name: app.app_name.clone(),
            arn: string(a.app_arn()),
            status: string(a.status().map(|s| s.as_str())),
            instance_type: spec
                .and_then(|s| s.instance_type())
                .map(|t| t.as_str().to_string()),
            image_arn: owned(spec.and_then(|s| s.sage_maker_image_arn())),
            lifecycle_config: owned(spec.and_then(|s| s.lifecycle_config_arn())),
            created: time(a.creation_time()),
            last_user_activity: time(a.last_user_activity_timestamp()),
        })
    }

    pub(super) async fn delete_one_app(&self, app: &AppRef) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .delete_app()
            .domain_id(&app.domain_id)
            .set_user_profile_name(app.owner.user().map(str::to_string))
            .set_space_name(app.owner.space().map(str::to_string))
            .app_type(AppType::from(app.app_type.as_str()))
            .app_name(&app.app_name)
            .send()
            .await
            .map_err(self.ctx.err_once("sagemaker:DeleteApp"))
            .map_err(|e| reword(e, || format!("{app} is in use"), "DeleteApp"))?;
        Ok(completed((), &out))
    }

    pub(super) async fn describe_one_space(
        &self,
        domain_id: &str,
        space: &str,
    ) -> CloudResult<Space> {
        let s = self
            .client
            .describe_space()
            .domain_id(domain_id)
            .space_name(space)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeSpace"))?;
        Ok(Space {
            domain_id: domain_id.to_string(),
            name: space.to_string(),
            arn: string(s.space_arn()),
            status: string(s.status().map(|x| x.as_str())),
            owner: owned(
                s.ownership_settings()
                    .and_then(|o| o.owner_user_profile_name()),
            ),
            sharing: s
                .space_sharing_settings()
                .and_then(|x| x.sharing_type())
                .map_or("Shared", |t| t.as_str())
                .to_string(),
            app_type: s
                .space_settings()
                .and_then(|x| x.app_type())
                .map(|t| t.as_str().to_string()),
            instance_type: None,
            created: time(s.creation_time()),
            last_modified: time(s.last_modified_time()),
            settings: Detail::Known(space_settings(s.space_settings())),
        })
    }

    pub(super) async fn delete_one_space(
        &self,
        domain_id: &str,
        space: &str,
    ) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .delete_space()
            .domain_id(domain_id)
            .space_name(space)
            .send()
            .await
            .map_err(self.ctx.err_once("sagemaker:DeleteSpace"))
            .map_err(|e| {
                reword(
                    e,
                    || format!("space '{space}' is in use (apps remain)"),
                    "DeleteSpace",
                )
            })?;
        Ok(completed((), &out))
    }

    pub(super) async fn presign(&self, req: &PresignRequest) -> CloudResult<Completed<String>> {
        let out = self
            .client
            .create_presigned_domain_url()
            .domain_id(&req.domain_id)
            .user_profile_name(&req.user)
            .set_space_name(req.space.clone())
            .expires_in_seconds(int(req.expires_in_seconds))
            .set_session_expiration_duration_in_seconds(req.session_expiration_seconds.map(int))
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:CreatePresignedDomainUrl"))?;
        let url = out.authorized_url().ok_or_else(|| CloudError::Other {
            code: "NoAuthorizedUrl".into(),
            message: "sagemaker:CreatePresignedDomainUrl answered without an AuthorizedUrl".into(),
        })?;
        Ok(completed(url.to_string(), &out))
    }
}
