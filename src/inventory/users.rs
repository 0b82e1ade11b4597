//! User profiles: DescribeUserProfile per profile, the running apps from
//! one ListApps per domain, tags per profile (tag:GetResources is not
//! proven to cover `sagemaker:user-profile`: moto 5.2.5 does not list them).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use tokio::sync::OnceCell;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, Tag, UserProfile, Why};

/// One domain's running apps per user, or why they could not be listed.
type DomainApps = Arc<OnceCell<Result<HashMap<String, u32>, Why>>>;

/// Running apps per user of each domain, asked once per domain however
/// many of its profiles are filled.
#[derive(Default)]
pub struct RunningApps(Mutex<HashMap<String, DomainApps>>);

impl RunningApps {
    async fn of(&self, cloud: &Cloud, domain_id: &str, user: &str) -> Detail<u32> {
        let cell = Arc::clone(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(domain_id.to_owned())
                .or_default(),
        );
        let running = cell
            .get_or_init(|| async {
                cloud
                    .sagemaker
                    .running_apps(domain_id)
                    .await
                    .map_err(|e| e.why("sagemaker:ListApps"))
            })
            .await;
        match running {
            Ok(map) => Detail::Known(map.get(user).copied().unwrap_or(0)),
            Err(why) => Detail::unknown(why.clone()),
        }
    }
}

#[async_trait]
impl Enrich for UserProfile {
    const SERVICE: &'static str = "sagemaker";
    type Shared = RunningApps;
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.profile.is_pending() || self.apps_running.is_pending() || self.tags.is_pending()
    }

    fn version(&self) -> String {
        format!("{} {:?}", self.status, self.last_modified)
    }

    fn set_tags(&mut self, tags: Detail<Vec<Tag>>) {
        self.tags = tags;
    }

    async fn fill(&mut self, cloud: &Cloud, shared: &RunningApps, tags: bool) {
        let sm = &cloud.sagemaker;
        let described = async {
            if self.profile.is_pending() {
                Some(sm.describe_user_profile(&self.domain_id, &self.name).await)
            } else {
                None
            }
        };
        let apps = shared.of(cloud, &self.domain_id, &self.name);
        let listed_tags = async {
            if tags && !self.arn.is_empty() {
                Some(sm.resource_tags(&self.arn).await)
            } else {
                None
            }
        };
        let (described, apps, listed_tags) = futures::join!(described, apps, listed_tags);
        if let Some(described) = described {
            self.profile = detail(described, "sagemaker:DescribeUserProfile")
                .map(|p| p.profile)
                .flatten();
        }
        self.apps_running = apps;
        if let Some(t) = listed_tags {
            self.tags = detail(t, "sagemaker:ListTags");
        }
    }
}
