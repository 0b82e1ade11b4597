//! The built-in demo estate: an in-memory backend behind the `Cloud` traits.
//!
//! It models a secure data-science estate of an insurer (claims, fraud, pricing
//! teams) from the seed files in `assets/demo/`, embedded in the binary. Every
//! timestamp is relative to an `anchor`, and all randomness comes from a seeded
//! PRNG, so a fixed anchor gives byte-identical data (snapshot tests) and
//! `anchor = now` gives a fresh-looking estate.
//!
//! State sits in a `RwLock<Estate>` so mutating operations can change it in
//! memory; no lock is held across an `.await` (the trait methods never await).

mod billing;
mod changes;
mod estate;
mod iam;
mod lifecycle;
mod logs;
mod registry;
mod rng;
mod scripts;
mod seed;
mod studio;
mod synthetic;
mod trail;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use changes::POLLS_TO_IN_SERVICE;
pub use estate::{domain_id, Estate, PackageEntry, ENV_TAG, SCAN_TAKES};
pub use lifecycle::{DELETING_DESCRIBES, PENDING_DESCRIBES};
pub use scripts::glue_script;
pub use synthetic::synthetic_user_profiles;

use crate::cloud::{
    Billing, Cloud, CloudContext, CloudResult, CodeArtifact, Completed, Ecr, Glue, Iam, Identity,
    Logs, Metrics, PageSink, SageMaker, Tagging, Trail, S3,
};
use crate::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use crate::model::trail::{TrailEvent, TrailKey};
use crate::model::{
    App, ArtifactRepository, CallerIdentity, Crawler, Domain, EcrRepository, Endpoint,
    GlueDatabase, GlueJob, Image, JobRun, LifecycleConfig, ModelPackageGroup, ModelPackageVersion,
    ModelSettings, NotebookInstance, NotebookSettings, ObjectHead, OriginRestrictions, Package,
    PackageRef, PackageVersion, PutCondition, S3Object, SageMakerModel, Scan, Space, StatusChange,
    Tag, Tagged, TrainingJob, TrainingSettings, UserProfile, VariantWeight, VersionStatus,
};

/// The demo backend. Implements every service trait over one in-memory estate.
#[derive(Debug)]
pub struct DemoCloud {
    estate: RwLock<Estate>,
    /// Profiles, apps and spaces part-way through a state change.
    settling: Mutex<lifecycle::Settling>,
}

impl DemoCloud {
    /// Builds the estate for `anchor`. Errors only if an embedded seed file is
    /// invalid; the message names the file and the problem.
    pub fn new(anchor: DateTime<Utc>) -> Result<DemoCloud, String> {
        let seed = seed::Seed::load()?;
        let mut estate = Estate::generate(&seed, anchor)?;
        estate.trail = trail::history(&estate, anchor);
        Ok(DemoCloud {
            estate: RwLock::new(estate),
            settling: Mutex::new(lifecycle::Settling::default()),
        })
    }

    /// The demo estate's teams and their execution roles, as (name, role):
    /// what `settings::demo` offers for onboarding when the config has none.
    pub fn team_roles() -> Result<Vec<(String, String)>, String> {
        let seed = seed::Seed::load()?;
        Ok(seed
            .estate
            .teams
            .into_iter()
            .map(|t| (t.name, t.role))
            .collect())
    }

    /// A `Cloud` handle over a fresh demo estate (profile "demo", eu-west-2).
    pub fn cloud(anchor: DateTime<Utc>) -> Result<Cloud, String> {
        let demo = DemoCloud::new(anchor)?;
        let region = demo.read().region.clone();
        Ok(Cloud::from_backend(
            CloudContext {
                profile: "demo".into(),
                region,
                demo: true,
                assumed_role: None,
            },
            Arc::new(demo),
        ))
    }

    /// The demo estate with its user profiles replaced by `n` generated ones: the
    /// scale benchmark loads 100,000 profiles through the real app with it.
    pub fn cloud_with_user_profiles(anchor: DateTime<Utc>, n: usize) -> Result<Cloud, String> {
        let cloud = DemoCloud::cloud(anchor)?;
        let demo = DemoCloud::new(anchor)?;
        demo.update(|estate| estate.user_profiles = synthetic_user_profiles(n, anchor));
        Ok(Cloud::from_backend(cloud.context, Arc::new(demo)))
    }

    /// A copy of the whole estate (tests, snapshots).
    pub fn snapshot(&self) -> Estate {
        self.read().clone()
    }

    /// Changes the estate in place: the hook for mutating operations. The closure
    /// runs under the write lock, so it must not block or await.
    pub fn update<R>(&self, f: impl FnOnce(&mut Estate) -> R) -> R {
        let mut guard = self.estate.write().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    // A poisoned lock only means a mutation panicked half-way; the demo data is
    // still plain values, so keep serving it rather than failing every later call.
    fn read(&self) -> RwLockReadGuard<'_, Estate> {
        self.estate.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn settling(&self) -> MutexGuard<'_, lifecycle::Settling> {
        self.settling.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// The demo answers every list in one page: it is all in memory.
#[async_trait]
impl SageMaker for DemoCloud {
    async fn list_domains(&self, sink: &dyn PageSink<Domain>) -> CloudResult<()> {
        sink.page(self.read().list_domains());
        Ok(())
    }

    async fn list_user_profiles(&self, sink: &dyn PageSink<UserProfile>) -> CloudResult<()> {
        sink.page(self.read().list_user_profiles());
        Ok(())
    }

    async fn resource_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        self.read().resource_tags(arn)
    }

    async fn running_apps(
        &self,
        domain_id: &str,
    ) -> CloudResult<std::collections::HashMap<String, u32>> {
        self.read().running_apps_of(domain_id)
    }

    async fn list_apps(
        &self,
        domain_id: &str,
        user_profile: Option<&str>,
        sink: &dyn PageSink<App>,
    ) -> CloudResult<()> {
        sink.page(self.read().list_apps(domain_id, user_profile)?);
        Ok(())
    }

    async fn list_spaces(&self, domain_id: &str, sink: &dyn PageSink<Space>) -> CloudResult<()> {
        sink.page(self.read().list_spaces(domain_id)?);
        Ok(())
    }

    // Reads of endpoints take the write lock: each one is a poll that moves
    // an update in progress along (see `changes.rs`).
    async fn list_endpoints(&self, sink: &dyn PageSink<Endpoint>) -> CloudResult<()> {
        sink.page(self.update(|e| {
            e.poll_endpoints();
            e.list_endpoints()
        }));
        Ok(())
    }

    async fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint> {
        self.update(|e| {
            e.poll_endpoint(name);
            e.describe_endpoint(name)
        })
    }

    async fn update_endpoint_weights(
        &self,
        endpoint: &str,
        weights: &[VariantWeight],
    ) -> CloudResult<Completed<()>> {
        let now = Utc::now();
        self.update(|e| e.update_endpoint_weights(endpoint, weights, now))
            .map(Completed::new)
    }

    async fn list_notebook_instances(
        &self,
        sink: &dyn PageSink<NotebookInstance>,
    ) -> CloudResult<()> {
        sink.page(self.read().notebook_instances.clone());
        Ok(())
    }

    async fn notebook_settings(&self, name: &str) -> CloudResult<NotebookSettings> {
        self.read().notebook_settings(name)
    }

    async fn training_settings(&self, name: &str) -> CloudResult<TrainingSettings> {
        self.read().training_settings(name)
    }

    async fn model_settings(&self, name: &str) -> CloudResult<ModelSettings> {
        self.read().model_settings(name)
    }

    async fn list_training_jobs(&self, sink: &dyn PageSink<TrainingJob>) -> CloudResult<()> {
        sink.page(self.read().training_jobs.clone());
        Ok(())
    }

    async fn list_models(&self, sink: &dyn PageSink<SageMakerModel>) -> CloudResult<()> {
        sink.page(self.read().models.clone());
        Ok(())
    }

    async fn list_model_package_groups(
        &self,
        sink: &dyn PageSink<ModelPackageGroup>,
    ) -> CloudResult<()> {
        sink.page(self.read().list_model_package_groups());
        Ok(())
    }

    async fn list_model_packages(
        &self,
        group: &str,
        sink: &dyn PageSink<ModelPackageVersion>,
    ) -> CloudResult<()> {
        sink.page(self.read().list_model_packages(group)?);
        Ok(())
    }

    async fn describe_model_package(&self, name_or_arn: &str) -> CloudResult<ModelPackageVersion> {
        self.read().describe_model_package(name_or_arn)
    }

    async fn update_model_package_approval(
        &self,
        arn: &str,
        approval: &str,
        description: &str,
    ) -> CloudResult<Completed<()>> {
        let now = Utc::now();
        self.update(|e| {
            let by = e.identity().arn;
            e.set_model_approval(arn, approval, description, &by, now)
        })
        .map(Completed::new)
    }

    async fn list_lifecycle_configs(
        &self,
        sink: &dyn PageSink<LifecycleConfig>,
    ) -> CloudResult<()> {
        sink.page(self.read().lifecycle_configs.clone());
        Ok(())
    }

    async fn lifecycle_config_script(&self, name: &str) -> CloudResult<String> {
        self.read().lifecycle_config_script(name)
    }

    // The lifecycle calls live in lifecycle.rs; like every demo mutation
    // they answer without a request id.
    async fn describe_domain(&self, domain_id: &str) -> CloudResult<Domain> {
        self.demo_describe_domain(domain_id)
    }

    async fn create_user_profile(
        &self,
        request: &CreateUserProfileRequest,
    ) -> CloudResult<Completed<String>> {
        self.demo_create_user_profile(request).map(Completed::new)
    }

    async fn describe_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<UserProfile> {
        self.demo_describe_user_profile(domain_id, user)
    }

    async fn delete_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<Completed<()>> {
        self.demo_delete_user_profile(domain_id, user)
            .map(Completed::new)
    }

    async fn describe_app(&self, app: &AppRef) -> CloudResult<App> {
        self.demo_describe_app(app)
    }

    async fn delete_app(&self, app: &AppRef) -> CloudResult<Completed<()>> {
        self.demo_delete_app(app).map(Completed::new)
    }

    async fn describe_space(&self, domain_id: &str, space: &str) -> CloudResult<Space> {
        self.demo_describe_space(domain_id, space)
    }

    async fn delete_space(&self, domain_id: &str, space: &str) -> CloudResult<Completed<()>> {
        self.demo_delete_space(domain_id, space).map(Completed::new)
    }

    async fn create_presigned_domain_url(
        &self,
        request: &PresignRequest,
    ) -> CloudResult<Completed<String>> {
        self.demo_presign(request).map(Completed::new)
    }
}

#[async_trait]
impl Tagging for DemoCloud {
    async fn tagged(&self, resource_type: &str, sink: &dyn PageSink<Tagged>) -> CloudResult<()> {
        sink.page(self.read().tagged(resource_type));
        Ok(())
    }
}

#[async_trait]
impl Glue for DemoCloud {
    async fn list_jobs(&self, sink: &dyn PageSink<GlueJob>) -> CloudResult<()> {
        sink.page(self.read().list_jobs());
        Ok(())
    }

    async fn list_job_runs(&self, job_name: &str, sink: &dyn PageSink<JobRun>) -> CloudResult<()> {
        sink.page(self.read().list_job_runs(job_name)?);
        Ok(())
    }

    async fn last_job_run(&self, job_name: &str) -> CloudResult<Option<JobRun>> {
        self.read().last_job_run(job_name)
    }

    async fn job_tags(&self, job_name: &str) -> CloudResult<Vec<Tag>> {
        self.read().job_tags(job_name)
    }

    async fn list_crawlers(&self, sink: &dyn PageSink<Crawler>) -> CloudResult<()> {
        sink.page(self.read().list_crawlers());
        Ok(())
    }

    async fn list_databases(&self, sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()> {
        sink.page(self.read().list_databases());
        Ok(())
    }

    // Mutations answer without a request id: nothing reached AWS, and the
    // journal must not show an id that could be mistaken for a real one.
    async fn start_job_run(&self, job_name: &str) -> CloudResult<Completed<String>> {
        let now = Utc::now();
        self.update(|e| e.start_job_run(job_name, now))
            .map(Completed::new)
    }

    async fn stop_job_run(&self, job_name: &str, run_id: &str) -> CloudResult<Completed<()>> {
        let now = Utc::now();
        self.update(|e| e.stop_job_run(job_name, run_id, now))
            .map(Completed::new)
    }

    async fn start_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        let now = Utc::now();
        self.update(|e| e.start_crawler(name, now))
            .map(Completed::new)
    }

    async fn stop_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        self.update(|e| e.stop_crawler(name)).map(Completed::new)
    }

    async fn get_job(&self, job_name: &str) -> CloudResult<GlueJob> {
        self.read().get_job(job_name)
    }

    async fn tag_job(
        &self,
        job_name: &str,
        tags: &BTreeMap<String, String>,
    ) -> CloudResult<Completed<()>> {
        self.update(|e| e.tag_job(job_name, tags))
            .map(Completed::new)
    }
}

#[async_trait]
impl S3 for DemoCloud {
    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Option<S3Object>> {
        self.read().objects.get(bucket, key)
    }

    async fn head_object(&self, bucket: &str, key: &str) -> CloudResult<Option<ObjectHead>> {
        self.read().objects.head(bucket, key)
    }

    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: &BTreeMap<String, String>,
        condition: &PutCondition,
    ) -> CloudResult<Completed<Option<String>>> {
        self.update(|e| e.objects.put(bucket, key, bytes, metadata, condition))
            .map(|etag| Completed::new(Some(etag)))
    }
}

#[async_trait]
impl Ecr for DemoCloud {
    async fn list_repositories(&self, sink: &dyn PageSink<EcrRepository>) -> CloudResult<()> {
        sink.page(self.read().list_ecr_repositories());
        Ok(())
    }

    async fn image_count(&self, repository: &str) -> CloudResult<u32> {
        self.read().ecr_image_count(repository)
    }

    async fn repository_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        self.read().ecr_repository_tags(arn)
    }

    async fn list_images(&self, repository: &str, sink: &dyn PageSink<Image>) -> CloudResult<()> {
        self.update(Estate::finish_scans);
        sink.page(self.read().list_images(repository)?);
        Ok(())
    }

    async fn image_scan(&self, repository: &str, digest: &str) -> CloudResult<Scan> {
        self.update(Estate::finish_scans);
        self.read().image_scan(repository, digest)
    }

    async fn start_image_scan(
        &self,
        repository: &str,
        image: &str,
    ) -> CloudResult<Completed<String>> {
        self.update(|e| e.start_image_scan(repository, image))
            .map(Completed::new)
    }
}

#[async_trait]
impl CodeArtifact for DemoCloud {
    async fn list_repositories(&self, sink: &dyn PageSink<ArtifactRepository>) -> CloudResult<()> {
        sink.page(self.read().list_artifact_repositories());
        Ok(())
    }

    async fn repository_links(
        &self,
        repository: &ArtifactRepository,
    ) -> CloudResult<crate::model::RepositoryLinks> {
        self.read().artifact_repository_links(repository)
    }

    async fn list_packages(
        &self,
        domain: &str,
        repository: &str,
        sink: &dyn PageSink<Package>,
    ) -> CloudResult<()> {
        sink.page(self.read().list_packages(domain, repository)?);
        Ok(())
    }

    async fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
        sink: &dyn PageSink<PackageVersion>,
    ) -> CloudResult<()> {
        sink.page(
            self.read()
                .list_package_versions(domain, repository, package)?,
        );
        Ok(())
    }

    async fn update_package_versions_status(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        versions: &[String],
        target: VersionStatus,
        expected: Option<VersionStatus>,
    ) -> CloudResult<Completed<StatusChange>> {
        self.update(|e| {
            e.update_package_versions_status(
                domain, repository, package, versions, target, expected,
            )
        })
        .map(Completed::new)
    }

    async fn put_package_origin_configuration(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        restrictions: OriginRestrictions,
    ) -> CloudResult<Completed<OriginRestrictions>> {
        self.update(|e| {
            e.put_package_origin_configuration(domain, repository, package, restrictions)
        })
        .map(Completed::new)
    }
}

#[async_trait]
impl Trail for DemoCloud {
    async fn lookup_events(
        &self,
        key: &TrailKey,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        max: usize,
        sink: &dyn PageSink<TrailEvent>,
    ) -> CloudResult<()> {
        let events: Vec<TrailEvent> = self
            .read()
            .trail
            .iter()
            .filter(|e| e.time.is_some_and(|t| t >= since && t <= until))
            .filter(|e| trail::matches(e, key))
            .take(max)
            .cloned()
            .collect();
        sink.page(events);
        Ok(())
    }
}

#[async_trait]
impl Metrics for DemoCloud {
    async fn endpoint_invocations(
        &self,
        endpoint: &str,
        variant: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> CloudResult<f64> {
        self.read()
            .endpoint_invocations(endpoint, variant, from, to)
    }
}

#[async_trait]
impl Identity for DemoCloud {
    async fn caller_identity(&self) -> CloudResult<CallerIdentity> {
        Ok(self.read().identity())
    }
}

#[async_trait]
impl Billing for DemoCloud {
    async fn cost_by_tag(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        tag_key: &str,
        _account: Option<&str>,
    ) -> CloudResult<Vec<crate::model::spend::SpendGroup>> {
        Ok(self.read().cost_by_tag(from, to, tag_key))
    }
}

#[async_trait]
impl Logs for DemoCloud {
    async fn filter_events(
        &self,
        group: &str,
        streams: &crate::model::log::Streams,
        since: Option<DateTime<Utc>>,
        sink: &dyn PageSink<crate::model::log::LogEvent>,
    ) -> CloudResult<()> {
        sink.page(self.read().log_events(group, streams, since)?);
        Ok(())
    }
}

#[async_trait]
impl Iam for DemoCloud {
    async fn attached_role_policies(&self, role: &str) -> CloudResult<Vec<(String, String)>> {
        self.read().attached_role_policies(role)
    }

    async fn inline_role_policies(&self, role: &str) -> CloudResult<Vec<String>> {
        self.read().inline_role_policies(role)
    }

    async fn inline_role_policy(&self, role: &str, name: &str) -> CloudResult<String> {
        self.read().inline_role_policy(role, name)
    }

    async fn managed_policy(&self, arn: &str) -> CloudResult<String> {
        self.read().managed_policy(arn)
    }
}

#[cfg(test)]
mod tests;
