//! A SageMaker service that forwards to another, counts the mutating calls
//! that reach it and logs the deletions in order; it can fail
//! DeleteUserProfile, or DeleteSpace for one space (a partial offboarding).

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use dsadmin::cloud::{Cloud, CloudError, CloudResult, Completed, PageSink, SageMaker};
use dsadmin::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use dsadmin::model::{
    App, Domain, Endpoint, LifecycleConfig, NotebookInstance, Space, TrainingJob, UserProfile,
    VariantWeight,
};

pub struct SpySageMaker {
    pub inner: Arc<dyn SageMaker>,
    pub mutations: Arc<AtomicUsize>,
    pub fail_profile_delete: bool,
    /// DeleteSpace of this space fails (a space stuck in use).
    pub fail_space: Option<String>,
    /// The deletions sent, in order: `app OWNER NAME`, `space NAME`,
    /// `profile USER`.
    pub deletions: Mutex<Vec<String>>,
}

/// `cloud` with its SageMaker wrapped; the counter of mutating calls.
pub fn spy(mut cloud: Cloud, fail_profile_delete: bool) -> (Cloud, Arc<AtomicUsize>) {
    let mut sm = SpySageMaker::over(cloud.sagemaker.clone());
    sm.fail_profile_delete = fail_profile_delete;
    let mutations = sm.mutations.clone();
    cloud.sagemaker = Arc::new(sm);
    (cloud, mutations)
}

impl SpySageMaker {
    /// A spy over `inner` that fails nothing.
    pub fn over(inner: Arc<dyn SageMaker>) -> SpySageMaker {
        SpySageMaker {
            inner,
            mutations: Arc::new(AtomicUsize::new(0)),
            fail_profile_delete: false,
            fail_space: None,
            deletions: Mutex::new(Vec::new()),
        }
    }

    fn count(&self) {
        self.mutations.fetch_add(1, SeqCst);
    }

    fn deleting(&self, what: String) {
        self.count();
        self.deletions.lock().unwrap().push(what);
    }
}

#[async_trait]
impl SageMaker for SpySageMaker {
    async fn list_domains(&self, sink: &dyn PageSink<Domain>) -> CloudResult<()> {
        self.inner.list_domains(sink).await
    }
    async fn list_user_profiles(&self, sink: &dyn PageSink<UserProfile>) -> CloudResult<()> {
        self.inner.list_user_profiles(sink).await
    }
    async fn list_apps(
        &self,
        domain_id: &str,
        user_profile: Option<&str>,
        sink: &dyn PageSink<App>,
    ) -> CloudResult<()> {
        self.inner.list_apps(domain_id, user_profile, sink).await
    }
    async fn list_spaces(&self, domain_id: &str, sink: &dyn PageSink<Space>) -> CloudResult<()> {
        self.inner.list_spaces(domain_id, sink).await
    }
    async fn list_endpoints(&self, sink: &dyn PageSink<Endpoint>) -> CloudResult<()> {
        self.inner.list_endpoints(sink).await
    }
    async fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint> {
        self.inner.describe_endpoint(name).await
    }
    async fn update_endpoint_weights(
        &self,
        endpoint: &str,
        weights: &[VariantWeight],
    ) -> CloudResult<Completed<()>> {
        self.count();
        self.inner.update_endpoint_weights(endpoint, weights).await
    }
    async fn list_notebook_instances(
        &self,
        sink: &dyn PageSink<NotebookInstance>,
    ) -> CloudResult<()> {
        self.inner.list_notebook_instances(sink).await
    }
    async fn list_training_jobs(&self, sink: &dyn PageSink<TrainingJob>) -> CloudResult<()> {
        self.inner.list_training_jobs(sink).await
    }
    async fn list_models(
        &self,
        sink: &dyn PageSink<dsadmin::model::SageMakerModel>,
    ) -> CloudResult<()> {
        self.inner.list_models(sink).await
    }
    async fn notebook_settings(&self, name: &str) -> CloudResult<dsadmin::model::NotebookSettings> {
        self.inner.notebook_settings(name).await
    }
    async fn training_settings(&self, name: &str) -> CloudResult<dsadmin::model::TrainingSettings> {
        self.inner.training_settings(name).await
    }
    async fn model_settings(&self, name: &str) -> CloudResult<dsadmin::model::ModelSettings> {
        self.inner.model_settings(name).await
    }
    async fn list_model_package_groups(
        &self,
        sink: &dyn PageSink<dsadmin::model::ModelPackageGroup>,
    ) -> CloudResult<()> {
        self.inner.list_model_package_groups(sink).await
    }
    async fn list_model_packages(
        &self,
        group: &str,
        sink: &dyn PageSink<dsadmin::model::ModelPackageVersion>,
    ) -> CloudResult<()> {
        self.inner.list_model_packages(group, sink).await
    }
    async fn describe_model_package(
        &self,
        name_or_arn: &str,
    ) -> CloudResult<dsadmin::model::ModelPackageVersion> {
        self.inner.describe_model_package(name_or_arn).await
    }
    async fn update_model_package_approval(
        &self,
        arn: &str,
        approval: &str,
        description: &str,
    ) -> CloudResult<Completed<()>> {
        self.count();
        self.inner
            .update_model_package_approval(arn, approval, description)
            .await
    }
    async fn describe_domain(&self, domain_id: &str) -> CloudResult<Domain> {
        self.inner.describe_domain(domain_id).await
    }
    async fn resource_tags(&self, arn: &str) -> CloudResult<Vec<dsadmin::model::Tag>> {
        self.inner.resource_tags(arn).await
    }
    async fn running_apps(
        &self,
        domain_id: &str,
    ) -> CloudResult<std::collections::HashMap<String, u32>> {
        self.inner.running_apps(domain_id).await
    }
    async fn create_user_profile(
        &self,
        request: &CreateUserProfileRequest,
    ) -> CloudResult<Completed<String>> {
        self.count();
        self.inner.create_user_profile(request).await
    }
    async fn describe_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<UserProfile> {
        self.inner.describe_user_profile(domain_id, user).await
    }
    async fn delete_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<Completed<()>> {
        self.deleting(format!("profile {user}"));
        if self.fail_profile_delete {
            return Err(CloudError::Other {
                code: "ResourceInUse".to_owned(),
                message: format!("user profile {user} is in use (injected by the test)"),
            });
        }
        self.inner.delete_user_profile(domain_id, user).await
    }
    async fn describe_app(&self, app: &AppRef) -> CloudResult<App> {
        self.inner.describe_app(app).await
    }
    async fn delete_app(&self, app: &AppRef) -> CloudResult<Completed<()>> {
        self.deleting(format!("app {} {}", app.owner, app.app_name));
        self.inner.delete_app(app).await
    }
    async fn list_lifecycle_configs(
        &self,
        sink: &dyn PageSink<LifecycleConfig>,
    ) -> CloudResult<()> {
        self.inner.list_lifecycle_configs(sink).await
    }
    async fn lifecycle_config_script(&self, name: &str) -> CloudResult<String> {
        self.inner.lifecycle_config_script(name).await
    }
    async fn describe_space(&self, domain_id: &str, space: &str) -> CloudResult<Space> {
        self.inner.describe_space(domain_id, space).await
    }
    async fn delete_space(&self, domain_id: &str, space: &str) -> CloudResult<Completed<()>> {
        self.deleting(format!("space {space}"));
        if self.fail_space.as_deref() == Some(space) {
            return Err(CloudError::Other {
                code: "ResourceInUse".into(),
                message: format!("space '{space}' is in use"),
            });
        }
        self.inner.delete_space(domain_id, space).await
    }
    async fn create_presigned_domain_url(
        &self,
        request: &PresignRequest,
    ) -> CloudResult<Completed<String>> {
        self.count();
        self.inner.create_presigned_domain_url(request).await
    }
}
