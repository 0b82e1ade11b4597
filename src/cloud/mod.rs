//! The `Cloud` boundary: async traits per service that return `model` types.
//!
//! Two implementations sit behind it: `demo` (an in-memory estate) and, later,
//! `aws` (the official SDK). Everything above this module sees only these traits,
//! `model` records and `CloudError`, never an SDK type.

pub mod demo;

use std::sync::Arc;

use async_trait::async_trait;
use thiserror::Error;

use crate::model::{
    App, ArtifactRepository, CallerIdentity, Crawler, Domain, EcrRepository, Endpoint, GlueJob,
    Image, JobRun, Package, PackageVersion, Space, UserProfile,
};

/// A failure from a cloud call, typed so the UI can say what to do about it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CloudError {
    #[error("access denied: missing permission for {action}")]
    AccessDenied { action: String, message: String },
    #[error("throttled by AWS: {message}")]
    Throttled { message: String },
    #[error(
        "credentials for profile '{profile}' have expired: run `aws sso login --profile {profile}`"
    )]
    ExpiredCredentials { profile: String },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("invalid request: {message}")]
    Validation { message: String },
    #[error("network error talking to {endpoint}: {message}")]
    Network { endpoint: String, message: String },
    #[error("{code}: {message}")]
    Other { code: String, message: String },
}

pub type CloudResult<T> = Result<T, CloudError>;

/// Which backend and where: shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudContext {
    pub profile: String,
    pub region: String,
    pub demo: bool,
}

#[async_trait]
pub trait SageMaker: Send + Sync {
    /// Every domain, described (auth mode, network mode, KMS key …).
    async fn list_domains(&self) -> CloudResult<Vec<Domain>>;
    /// Every user profile of every domain, with team tags and running-app counts.
    async fn list_user_profiles(&self) -> CloudResult<Vec<UserProfile>>;
    /// The apps owned by one user profile (private apps).
    async fn list_apps(&self, domain_id: &str, user_profile: &str) -> CloudResult<Vec<App>>;
    /// The spaces of a domain.
    async fn list_spaces(&self, domain_id: &str) -> CloudResult<Vec<Space>>;
    /// Every endpoint, described, with its variants.
    async fn list_endpoints(&self) -> CloudResult<Vec<Endpoint>>;
    /// One endpoint, described, with its variants.
    async fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint>;
}

#[async_trait]
pub trait Glue: Send + Sync {
    /// Every job, with its most recent run filled in.
    async fn list_jobs(&self) -> CloudResult<Vec<GlueJob>>;
    /// The runs of one job, newest first.
    async fn list_job_runs(&self, job_name: &str) -> CloudResult<Vec<JobRun>>;
    async fn list_crawlers(&self) -> CloudResult<Vec<Crawler>>;
}

#[async_trait]
pub trait Ecr: Send + Sync {
    async fn list_repositories(&self) -> CloudResult<Vec<EcrRepository>>;
    /// Images of one repository with scan status and finding counts.
    async fn list_images(&self, repository: &str) -> CloudResult<Vec<Image>>;
}

#[async_trait]
pub trait CodeArtifact: Send + Sync {
    /// Every repository of every domain, with upstreams and external connections.
    async fn list_repositories(&self) -> CloudResult<Vec<ArtifactRepository>>;
    async fn list_packages(&self, domain: &str, repository: &str) -> CloudResult<Vec<Package>>;
    async fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
    ) -> CloudResult<Vec<PackageVersion>>;
}

#[async_trait]
pub trait Identity: Send + Sync {
    async fn caller_identity(&self) -> CloudResult<CallerIdentity>;
}

/// One handle on every service, cheap to clone into background tasks.
#[derive(Clone)]
pub struct Cloud {
    pub context: CloudContext,
    pub sagemaker: Arc<dyn SageMaker>,
    pub glue: Arc<dyn Glue>,
    pub ecr: Arc<dyn Ecr>,
    pub codeartifact: Arc<dyn CodeArtifact>,
    pub identity: Arc<dyn Identity>,
}

impl Cloud {
    /// Every service backed by one object that implements them all.
    pub fn from_backend<B>(context: CloudContext, backend: Arc<B>) -> Self
    where
        B: SageMaker + Glue + Ecr + CodeArtifact + Identity + 'static,
    {
        Self {
            context,
            sagemaker: backend.clone(),
            glue: backend.clone(),
            ecr: backend.clone(),
            codeartifact: backend.clone(),
            identity: backend,
        }
    }
}
