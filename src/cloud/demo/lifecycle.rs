//! Studio user lifecycle in the demo estate: profiles, apps and spaces are
//! created and deleted in memory, with the states AWS goes through. A new
//! profile is `Pending` for a couple of DescribeUserProfile calls before it
//! is `InService`; deleted apps are `Deleting` for one DescribeApp, then
//! `Deleted`; deleted spaces and profiles are `Deleting`, then gone. Counting
//! describes (not time) keeps every run, and every test, deterministic.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::Estate;
use crate::cloud::{CloudError, CloudResult};
use crate::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use crate::model::{App, Detail, Domain, ProfileSettings, Space, UserProfile};

/// Describes a new profile answers `Pending` before it is `InService`.
pub const PENDING_DESCRIBES: u32 = 2;
/// Describes a deleted app, space or profile answers `Deleting` before it
/// is `Deleted` or gone.
pub const DELETING_DESCRIBES: u32 = 2;

/// Resources part-way through a transition, by key → describes left.
#[derive(Debug, Default)]
pub struct Settling {
    left: BTreeMap<String, u32>,
    presigned: u64,
}

impl Settling {
    /// Counts one describe of `key`; true when its transition completes now.
    fn tick(&mut self, key: &str) -> bool {
        match self.left.get_mut(key) {
            Some(n) if *n <= 1 => {
                self.left.remove(key);
                true
            }
            Some(n) => {
                *n -= 1;
                false
            }
            None => false,
        }
    }

    fn start(&mut self, key: String, describes: u32) {
        self.left.insert(key, describes);
    }
}

fn profile_key(domain_id: &str, user: &str) -> String {
    format!("profile/{domain_id}/{}", user.to_ascii_lowercase())
}

fn space_key(domain_id: &str, space: &str) -> String {
    format!("space/{domain_id}/{space}")
}

fn app_key(app: &AppRef) -> String {
    format!(
        "app/{}/{}/{}/{}",
        app.domain_id, app.owner, app.app_type, app.app_name
    )
}

fn in_use(message: String) -> CloudError {
    CloudError::Other {
        code: "ResourceInUse".into(),
        message,
    }
}

fn not_found(what: String) -> CloudError {
    CloudError::NotFound { what }
}

impl Estate {
    fn find_domain(&self, domain_id: &str) -> CloudResult<&Domain> {
        self.domains
            .iter()
            .find(|d| d.id == domain_id)
            .ok_or_else(|| not_found(format!("SageMaker domain '{domain_id}'")))
    }

    fn profile_index(&self, domain_id: &str, user: &str) -> CloudResult<usize> {
        self.user_profiles
            .iter()
            .position(|p| p.domain_id == domain_id && p.name.eq_ignore_ascii_case(user))
            .ok_or_else(|| not_found(format!("user profile '{user}' in domain '{domain_id}'")))
    }

    /// The app a reference names: the live one if there is one, else the
    /// latest deleted one (AWS keeps deleted apps listed for a while).
    fn app_index(&self, app: &AppRef) -> CloudResult<usize> {
        let mut found = None;
        for (i, a) in self.apps.iter().enumerate() {
            if app.matches(a) {
                if a.status != "Deleted" {
                    return Ok(i);
                }
                found = Some(i);
            }
        }
        found.ok_or_else(|| not_found(format!("{app}")))
    }

    fn space_index(&self, domain_id: &str, space: &str) -> CloudResult<usize> {
        self.spaces
            .iter()
            .position(|s| s.domain_id == domain_id && s.name == space)
            .ok_or_else(|| not_found(format!("space '{space}' in domain '{domain_id}'")))
    }

    fn create_user_profile(
        &mut self,
        req: &CreateUserProfileRequest,
        now: DateTime<Utc>,
    ) -> CloudResult<String> {
        let domain = self.find_domain(&req.domain_id)?.clone();
        let sso = domain.is_sso();
        // What SageMaker itself checks about the SSO fields.
        match (sso, &req.single_sign_on_user_identifier, &req.single_sign_on_user_value) {
            (true, Some(id), Some(_)) if id == "UserName" => {}
            (true, _, _) => {
                return Err(CloudError::Validation {
                    message: format!(
                        "sagemaker:CreateUserProfile: domain {} uses SSO: SingleSignOnUserIdentifier \"UserName\" and SingleSignOnUserValue are required",
                        domain.name
                    ),
                })
            }
            (false, None, None) => {}
            (false, _, _) => {
                return Err(CloudError::Validation {
                    message: format!(
                        "sagemaker:CreateUserProfile: domain {} uses IAM: SingleSignOn fields are not allowed",
                        domain.name
                    ),
                })
            }
        }
        if let Some(p) = self.user_profiles.iter().find(|p| {
            p.domain_id == req.domain_id && p.name.eq_ignore_ascii_case(&req.user_profile_name)
        }) {
            return Err(in_use(format!(
                "user profile '{}' already exists in domain {} (as '{}')",
                req.user_profile_name, req.domain_id, p.name
            )));
        }
        let arn = format!(
            "arn:aws:sagemaker:{}:{}:user-profile/{}/{}",
            self.region, self.account, req.domain_id, req.user_profile_name
        );
        self.user_profiles.push(UserProfile {
            domain_id: req.domain_id.clone(),
            domain_name: domain.name.clone(),
            name: req.user_profile_name.clone(),
            arn: arn.clone(),
            status: "Pending".into(),
            profile: Detail::Known(ProfileSettings {
                execution_role: Some(req.user_settings.execution_role.clone()),
                sso_user: req.single_sign_on_user_value.clone(),
                failure_reason: None,
                idle_shutdown: Vec::new(),
                lifecycle_configs: Vec::new(),
            }),
            apps_running: Detail::Pending,
            created: Some(now),
            last_modified: Some(now),
            tags: Detail::Known(req.tags.clone()),
        });
        Ok(arn)
    }

    fn delete_user_profile(&mut self, domain_id: &str, user: &str) -> CloudResult<()> {
        self.find_domain(domain_id)?;
        let i = self.profile_index(domain_id, user)?;
        let name = self.user_profiles[i].name.clone();
        let apps = self
            .apps
            .iter()
            .filter(|a| {
                a.domain_id == domain_id
                    && a.space_name.is_none()
                    && a.user_profile.as_deref() == Some(name.as_str())
                    && a.status != "Deleted"
            })
            .count();
        let spaces = self
            .spaces
            .iter()
            .filter(|s| s.domain_id == domain_id && s.owner.as_deref() == Some(name.as_str()))
            .count();
        if apps + spaces > 0 {
            return Err(in_use(format!(
                "user profile '{name}' still has {apps} app(s) and {spaces} space(s): delete them first"
            )));
        }
        let p = &mut self.user_profiles[i];
        if p.status == "Deleting" {
            return Err(in_use(format!(
                "user profile '{name}' is already being deleted"
            )));
        }
        p.status = "Deleting".into();
        Ok(())
    }

    fn delete_app(&mut self, app: &AppRef) -> CloudResult<()> {
        self.find_domain(&app.domain_id)?;
        let i = self.app_index(app)?;
        let a = &mut self.apps[i];
        match a.status.as_str() {
            "Deleted" => Err(not_found(format!("{app} (already deleted)"))),
            "Deleting" => Err(in_use(format!("{app} is already being deleted"))),
            _ => {
                a.status = "Deleting".into();
                Ok(())
            }
        }
    }

    fn delete_space(&mut self, domain_id: &str, space: &str) -> CloudResult<()> {
        self.find_domain(domain_id)?;
        let i = self.space_index(domain_id, space)?;
        let live_apps = self
            .apps
            .iter()
            .filter(|a| {
                a.domain_id == domain_id
                    && a.space_name.as_deref() == Some(space)
                    && a.status != "Deleted"
            })
            .count();
        if live_apps > 0 {
            return Err(in_use(format!(
                "space '{space}' still has {live_apps} app(s): delete them first"
            )));
        }
        let s = &mut self.spaces[i];
        if s.status == "Deleting" {
            return Err(in_use(format!("space '{space}' is already being deleted")));
        }
        s.status = "Deleting".into();
        Ok(())
    }
}

/// The lifecycle calls of `DemoCloud`, over its estate and settling counts.
impl super::DemoCloud {
    pub(super) fn demo_describe_domain(&self, domain_id: &str) -> CloudResult<Domain> {
        // DescribeDomain: the settings, without tags (ListTags has them).
        self.read().find_domain(domain_id).map(|d| Domain {
            tags: Detail::Pending,
            ..d.clone()
        })
    }

    pub(super) fn demo_create_user_profile(
        &self,
        req: &CreateUserProfileRequest,
    ) -> CloudResult<String> {
        let now = Utc::now();
        let arn = self.update(|e| e.create_user_profile(req, now))?;
        self.settling().start(
            profile_key(&req.domain_id, &req.user_profile_name),
            PENDING_DESCRIBES,
        );
        Ok(arn)
    }

    pub(super) fn demo_describe_user_profile(
        &self,
        domain_id: &str,
        user: &str,
    ) -> CloudResult<UserProfile> {
        let done = self.settling().tick(&profile_key(domain_id, user));
        self.update(|e| {
            e.find_domain(domain_id)?;
            let i = e.profile_index(domain_id, user)?;
            if done {
                match e.user_profiles[i].status.as_str() {
                    "Pending" => e.user_profiles[i].status = "InService".into(),
                    "Deleting" => {
                        e.user_profiles.remove(i);
                        return Err(not_found(format!(
                            "user profile '{user}' in domain '{domain_id}'"
                        )));
                    }
                    _ => {}
                }
            }
            // DescribeUserProfile: no app count, no tags (ListApps and
            // ListTags have them).
            Ok(UserProfile {
                apps_running: Detail::Pending,
                tags: Detail::Pending,
                ..e.user_profiles[i].clone()
            })
        })
    }

    pub(super) fn demo_delete_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<()> {
        self.update(|e| e.delete_user_profile(domain_id, user))?;
        self.settling()
            .start(profile_key(domain_id, user), DELETING_DESCRIBES);
        Ok(())
    }

    pub(super) fn demo_describe_app(&self, app: &AppRef) -> CloudResult<App> {
        let done = self.settling().tick(&app_key(app));
        self.update(|e| {
            let i = e.app_index(app)?;
            if done && e.apps[i].status == "Deleting" {
                e.apps[i].status = "Deleted".into();
            }
            Ok(e.apps[i].clone())
        })
    }

    pub(super) fn demo_delete_app(&self, app: &AppRef) -> CloudResult<()> {
        self.update(|e| e.delete_app(app))?;
        self.settling().start(app_key(app), DELETING_DESCRIBES);
        Ok(())
    }

    pub(super) fn demo_describe_space(&self, domain_id: &str, space: &str) -> CloudResult<Space> {
        let done = self.settling().tick(&space_key(domain_id, space));
        self.update(|e| {
            e.find_domain(domain_id)?;
            let i = e.space_index(domain_id, space)?;
            if done && e.spaces[i].status == "Deleting" {
                e.spaces.remove(i);
                return Err(not_found(format!(
                    "space '{space}' in domain '{domain_id}'"
                )));
            }
            Ok(e.spaces[i].clone())
        })
    }

    pub(super) fn demo_delete_space(&self, domain_id: &str, space: &str) -> CloudResult<()> {
        self.update(|e| e.delete_space(domain_id, space))?;
        self.settling()
            .start(space_key(domain_id, space), DELETING_DESCRIBES);
        Ok(())
    }

    /// An obviously fake URL in the shape Studio's have; refused for SSO
    /// domains as AWS refuses them.
    pub(super) fn demo_presign(&self, req: &PresignRequest) -> CloudResult<String> {
        let (domain, region) = {
            let e = self.read();
            let domain = e.find_domain(&req.domain_id)?.clone();
            e.profile_index(&req.domain_id, &req.user)?;
            if let Some(space) = &req.space {
                e.space_index(&req.domain_id, space)?;
            }
            (domain, e.region.clone())
        };
        if domain.is_sso() {
            return Err(CloudError::Validation {
                message: format!(
                    "sagemaker:CreatePresignedDomainUrl: domain {} uses IAM Identity Center (SSO) authentication; presigned URLs work only for IAM domains",
                    domain.name
                ),
            });
        }
        let mut settling = self.settling();
        settling.presigned += 1;
        Ok(format!(
            "https://{}.studio.{region}.sagemaker.aws/auth?token=demo-not-a-real-token-{}",
            req.domain_id, settling.presigned
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::cloud::demo::DemoCloud;
    use crate::cloud::SageMaker as _;
    use crate::model::requests::{AppOwner, UserSettings};

    fn demo() -> DemoCloud {
        DemoCloud::new(Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()).unwrap()
    }

    fn request(domain_id: &str, user: &str) -> CreateUserProfileRequest {
        CreateUserProfileRequest {
            domain_id: domain_id.into(),
            user_profile_name: user.into(),
            single_sign_on_user_identifier: None,
            single_sign_on_user_value: None,
            tags: Vec::new(),
            user_settings: UserSettings {
                execution_role: "arn:aws:iam::123456789012:role/x".into(),
                security_groups: Vec::new(),
                jupyter_lab_app_settings: None,
            },
        }
    }

    fn iam_domain(d: &DemoCloud) -> String {
        d.snapshot()
            .domains
            .iter()
            .find(|d| !d.is_sso())
            .unwrap()
            .id
            .clone()
    }

    #[tokio::test]
    async fn a_new_profile_is_pending_then_in_service_and_names_collide_case_insensitively() {
        let d = demo();
        let dom = iam_domain(&d);
        let arn = d
            .create_user_profile(&request(&dom, "New-One"))
            .await
            .unwrap();
        assert!(arn.value.ends_with(&format!("user-profile/{dom}/New-One")));
        let statuses: Vec<String> = [0; 3]
            .iter()
            .map(|_| {
                d.demo_describe_user_profile(&dom, "new-one")
                    .unwrap()
                    .status
            })
            .collect();
        assert_eq!(statuses, ["Pending", "InService", "InService"]);
        let err = d
            .create_user_profile(&request(&dom, "NEW-ONE"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ResourceInUse");
        assert!(err.to_string().contains("already exists"), "{err}");
        let sso = d
            .snapshot()
            .domains
            .iter()
            .find(|d| d.is_sso())
            .unwrap()
            .id
            .clone();
        let err = d
            .create_user_profile(&request(&sso, "x"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("SSO"), "{err}");
    }

    #[tokio::test]
    async fn deletes_go_through_deleting_and_respect_dependencies() {
        let d = demo();
        let e = d.snapshot();
        let app = e
            .apps
            .iter()
            .find(|a| a.space_name.is_some() && a.status == "InService")
            .unwrap()
            .clone();
        let space = app.space_name.clone().unwrap();
        let owner = app.user_profile.clone().unwrap();
        // The owner still has a space: refused.
        let err = d
            .delete_user_profile(&app.domain_id, &owner)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ResourceInUse");
        // The space still has an app: refused.
        let err = d.delete_space(&app.domain_id, &space).await.unwrap_err();
        assert_eq!(err.code(), "ResourceInUse");
        let r = AppRef::of(&app).unwrap();
        assert_eq!(r.owner, AppOwner::Space(space.clone()));
        d.delete_app(&r).await.unwrap();
        assert_eq!(d.describe_app(&r).await.unwrap().status, "Deleting");
        assert_eq!(d.describe_app(&r).await.unwrap().status, "Deleted");
        d.delete_space(&app.domain_id, &space).await.unwrap();
        assert_eq!(
            d.describe_space(&app.domain_id, &space)
                .await
                .unwrap()
                .status,
            "Deleting"
        );
        assert!(matches!(
            d.describe_space(&app.domain_id, &space).await,
            Err(CloudError::NotFound { .. })
        ));
    }

    #[tokio::test]
    async fn presigned_urls_are_fake_distinct_and_refused_for_sso() {
        let d = demo();
        let e = d.snapshot();
        let p = e
            .user_profiles
            .iter()
            .find(|p| e.domains.iter().any(|d| d.id == p.domain_id && !d.is_sso()))
            .unwrap();
        let req = PresignRequest {
            domain_id: p.domain_id.clone(),
            user: p.name.clone(),
            space: None,
            expires_in_seconds: 60,
            session_expiration_seconds: None,
        };
        let a = d.create_presigned_domain_url(&req).await.unwrap().value;
        let b = d.create_presigned_domain_url(&req).await.unwrap().value;
        assert!(
            a.starts_with(&format!(
                "https://{}.studio.eu-west-2.sagemaker.aws/auth?token=demo-",
                p.domain_id
            )),
            "{a}"
        );
        assert_ne!(a, b);
        let sso = e
            .user_profiles
            .iter()
            .find(|p| p.domain_name == "ds-sandbox")
            .unwrap();
        let req = PresignRequest {
            domain_id: sso.domain_id.clone(),
            user: sso.name.clone(),
            ..req
        };
        let err = d.create_presigned_domain_url(&req).await.unwrap_err();
        assert!(matches!(err, CloudError::Validation { .. }), "{err:?}");
    }
}
