//! The `Cloud` boundary: async traits per service that return `model` types.
//!
//! Two implementations sit behind it: `demo` (an in-memory estate) and `aws`
//! (the official SDK); `open` chooses between them. Everything above this module sees only these traits,
//! `model` records and `CloudError`, never an SDK type.

pub mod aws;
pub mod demo;
pub mod history;
pub mod limit;
pub mod log_read;
pub mod open;

pub use open::Connector;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use thiserror::Error;

use crate::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use crate::model::{
    App, ArtifactRepository, CallerIdentity, Crawler, Domain, EcrRepository, Endpoint,
    GlueDatabase, GlueJob, Image, JobRun, LifecycleConfig, ModelPackageGroup, ModelPackageVersion,
    ModelSettings, NotebookInstance, NotebookSettings, ObjectHead, OriginRestrictions, Package,
    PackageRef, PackageVersion, PutCondition, RepositoryLinks, S3Object, SageMakerModel, Scan,
    Space, StatusChange, Tag, Tagged, TrainingJob, TrainingSettings, UserProfile, VariantWeight,
    VersionStatus, Why,
};

/// A failure from a cloud call, typed so the UI can say what to do about it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CloudError {
    #[error("access denied: missing permission for {action}")]
    AccessDenied { action: String, message: String },
    #[error("throttled by AWS: {message}")]
    Throttled { message: String },
    #[error(
        "credentials for profile '{profile}' have expired: run `aws sso login --profile {profile}` (or refresh the keys) and press r"
    )]
    ExpiredCredentials { profile: String },
    #[error("no AWS credentials for profile '{profile}': {hint}")]
    NoCredentials { profile: String, hint: String },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("invalid request: {message}")]
    Validation { message: String },
    #[error("network error talking to {endpoint}: {message}")]
    Network { endpoint: String, message: String },
    /// A change was sent but no answer came back (an attempt timeout, a
    /// connection dropped after the request went out): it may have run.
    /// Changes are sent once, so `message` says what a read-back found.
    #[error("no answer to {action}: it may or may not have happened; {message}")]
    OutcomeUnknown { action: String, message: String },
    #[error("{code}: {message}")]
    Other { code: String, message: String },
}

impl CloudError {
    /// A short code for lists of errors: the AWS error code where there is one.
    pub fn code(&self) -> &str {
        match self {
            CloudError::AccessDenied { .. } => "AccessDenied",
            CloudError::Throttled { .. } => "Throttling",
            CloudError::ExpiredCredentials { .. } => "ExpiredToken",
            CloudError::NoCredentials { .. } => "NoCredentials",
            CloudError::NotFound { .. } => "NotFound",
            CloudError::Validation { .. } => "Validation",
            CloudError::Network { .. } => "Network",
            CloudError::OutcomeUnknown { .. } => OUTCOME_UNKNOWN,
            CloudError::Other { code, .. } => code,
        }
    }

    /// An `OutcomeUnknown` with what a read-back found (or why it could not
    /// look); any other error is returned as it is.
    pub fn read_back(self, checked: &str) -> CloudError {
        match self {
            CloudError::OutcomeUnknown { action, message } => CloudError::OutcomeUnknown {
                action,
                message: format!("{message}; read back: {checked}"),
            },
            other => other,
        }
    }

    /// Why a follow-up field of a row is unknown, when `action` failed so.
    pub fn why(&self, action: &str) -> Why {
        let action = match self {
            CloudError::AccessDenied { action, .. } if !action.is_empty() => action.as_str(),
            _ => action,
        };
        let message = match self {
            CloudError::AccessDenied { message, .. } if !message.is_empty() => message.clone(),
            CloudError::Other { message, .. } => message.clone(),
            other => other.to_string(),
        };
        Why::new(action, self.code(), message)
    }

    /// Whether nothing can work until the user renews or provides credentials.
    pub fn is_credentials(&self) -> bool {
        matches!(
            self,
            CloudError::ExpiredCredentials { .. } | CloudError::NoCredentials { .. }
        )
    }
}

pub type CloudResult<T> = Result<T, CloudError>;

/// The code of [`CloudError::OutcomeUnknown`], as the journal records it.
pub const OUTCOME_UNKNOWN: &str = "OutcomeUnknown";

/// The `CloudError::Other` code of a conditional write S3 refused because the
/// object changed (HTTP 412): the push reports it as "changed since the diff".
pub const PRECONDITION_FAILED: &str = "PreconditionFailed";

/// A successful call's value and what proves it: the AWS request id, or,
/// when the answer was lost, what a read-back found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completed<T> {
    pub value: T,
    pub request_id: Option<String>,
    /// The answer was lost and this read-back found the change done.
    pub read_back: Option<String>,
}

impl<T> Completed<T> {
    pub fn new(value: T) -> Self {
        Self {
            value,
            request_id: None,
            read_back: None,
        }
    }

    pub fn with_request_id(value: T, request_id: impl Into<String>) -> Self {
        Self {
            value,
            request_id: Some(request_id.into()),
            read_back: None,
        }
    }

    /// A change whose answer was lost, found done by `checked`.
    pub fn read_back(value: T, checked: impl Into<String>) -> Self {
        Self {
            value,
            request_id: None,
            read_back: Some(checked.into()),
        }
    }

    /// The same proof around another value (`journaled` keeps the inner
    /// `Completed` as the caller's value and records the outer one).
    pub fn wrapped(self) -> Completed<Completed<T>> {
        Completed {
            request_id: self.request_id.clone(),
            read_back: self.read_back.clone(),
            value: self,
        }
    }
}

/// Every account dsadmin knows and whether it answers (`:accounts`): the
/// base profile's identity, each account (with the id its answer gave)
/// beside who dsadmin is there or why it cannot be reached, and why the
/// organization's accounts could not be listed.
#[derive(Debug, Clone)]
pub struct Survey {
    pub base: CallerIdentity,
    pub accounts: Vec<(crate::model::account::Account, CloudResult<CallerIdentity>)>,
    pub org_failed: Option<CloudError>,
}

/// Which backend and where: shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudContext {
    pub profile: String,
    pub region: String,
    pub demo: bool,
    /// The role the credentials are assumed as, from the profile's
    /// (`--account`, `:accounts`): the header names it and its environment
    /// cue goes by the account, not by the profile's name; `:region` keeps
    /// it.
    pub assumed_role: Option<crate::model::account::AssumedRole>,
}

/// Receives rows as pages arrive, so a view fills in while a long list loads.
/// Implementations follow every page; each call of `page` hands over the rows
/// of one page (already described and tagged, where that takes follow-up calls).
pub trait PageSink<T>: Send + Sync {
    fn page(&self, rows: Vec<T>);
}

impl<T, F: Fn(Vec<T>) + Send + Sync> PageSink<T> for F {
    fn page(&self, rows: Vec<T>) {
        self(rows)
    }
}

/// A sink that keeps every page: for the CLI and tests, which want the whole list.
pub struct Collector<T>(std::sync::Mutex<Vec<T>>);

impl<T> Default for Collector<T> {
    fn default() -> Self {
        Self(std::sync::Mutex::new(Vec::new()))
    }
}

impl<T: Send> PageSink<T> for Collector<T> {
    fn page(&self, rows: Vec<T>) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(rows);
    }
}

impl<T> Collector<T> {
    pub fn into_vec(self) -> Vec<T> {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Calls a streaming list method and returns every row:
/// `collect_all!(cloud.glue, list_job_runs, "job")` → `CloudResult<Vec<JobRun>>`.
#[macro_export]
macro_rules! collect_all {
    ($service:expr, $method:ident $(, $arg:expr)* $(,)?) => {{
        let sink = $crate::cloud::Collector::default();
        match $service.$method($($arg,)* &sink).await {
            Ok(()) => Ok(sink.into_vec()),
            Err(e) => Err(e),
        }
    }};
}

#[async_trait]
pub trait SageMaker: Send + Sync {
    /// Every domain, as ListDomains returns it: `settings` and `tags` are
    /// `Pending` (see `inventory`).
    async fn list_domains(&self, sink: &dyn PageSink<Domain>) -> CloudResult<()>;
    /// sagemaker:ListTags of one resource (all pages).
    async fn resource_tags(&self, arn: &str) -> CloudResult<Vec<Tag>>;
    /// Every user profile of every domain, as ListUserProfiles returns
    /// them: `profile`, `apps_running` and `tags` are `Pending`.
    async fn list_user_profiles(&self, sink: &dyn PageSink<UserProfile>) -> CloudResult<()>;
    /// InService apps per user profile of one domain (one ListApps for the
    /// whole domain); an app in a private space counts for its owner.
    async fn running_apps(&self, domain_id: &str) -> CloudResult<HashMap<String, u32>>;
    /// The apps of a domain, or of one user profile in it (private apps).
    async fn list_apps(
        &self,
        domain_id: &str,
        user_profile: Option<&str>,
        sink: &dyn PageSink<App>,
    ) -> CloudResult<()>;
    /// The spaces of a domain.
    async fn list_spaces(&self, domain_id: &str, sink: &dyn PageSink<Space>) -> CloudResult<()>;
    /// Every endpoint, as ListEndpoints returns it (a backend that knows
    /// more may return it whole).
    async fn list_endpoints(&self, sink: &dyn PageSink<Endpoint>) -> CloudResult<()>;
    /// One endpoint, described (DescribeEndpoint and its config), with its
    /// variants; tags pending.
    async fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint>;
    /// UpdateEndpointWeightsAndCapacities: each listed variant gets its
    /// DesiredWeight (and DesiredInstanceCount when one is given; otherwise
    /// its current count is kept). The endpoint goes Updating → InService:
    /// watch it with `describe_endpoint`.
    async fn update_endpoint_weights(
        &self,
        endpoint: &str,
        weights: &[VariantWeight],
    ) -> CloudResult<Completed<()>>;
    /// Every notebook instance (ListNotebookInstances): settings pending.
    async fn list_notebook_instances(
        &self,
        sink: &dyn PageSink<NotebookInstance>,
    ) -> CloudResult<()>;
    /// DescribeNotebookInstance: network, root access, KMS key, role.
    async fn notebook_settings(&self, name: &str) -> CloudResult<NotebookSettings>;
    /// Every training job (ListTrainingJobs): settings pending.
    async fn list_training_jobs(&self, sink: &dyn PageSink<TrainingJob>) -> CloudResult<()>;
    /// DescribeTrainingJob: instances, network, encryption, billed time.
    async fn training_settings(&self, name: &str) -> CloudResult<TrainingSettings>;
    /// Every model (ListModels): settings pending.
    async fn list_models(&self, sink: &dyn PageSink<SageMakerModel>) -> CloudResult<()>;
    /// DescribeModel: VPC config, network isolation, role, the model
    /// package it was made from.
    async fn model_settings(&self, name: &str) -> CloudResult<ModelSettings>;

    // ---- Model Registry ----
    /// Every model package group (ListModelPackageGroups): counts pending.
    async fn list_model_package_groups(
        &self,
        sink: &dyn PageSink<ModelPackageGroup>,
    ) -> CloudResult<()>;
    /// Every version of one group (ListModelPackages, Versioned), newest
    /// first: details and serving endpoints pending. An unknown group is
    /// `NotFound` where the backend says so (AWS lists nothing).
    async fn list_model_packages(
        &self,
        group: &str,
        sink: &dyn PageSink<ModelPackageVersion>,
    ) -> CloudResult<()>;
    /// DescribeModelPackage of a version by ARN (or an unversioned
    /// package by name): the version with its details known, serving
    /// pending; `NotFound` when there is none.
    async fn describe_model_package(&self, name_or_arn: &str) -> CloudResult<ModelPackageVersion>;
    /// UpdateModelPackage: ModelApprovalStatus and ApprovalDescription of
    /// one version, nothing else.
    async fn update_model_package_approval(
        &self,
        arn: &str,
        approval: &str,
        description: &str,
    ) -> CloudResult<Completed<()>>;

    // ---- Studio lifecycle configurations ----
    /// Every Studio lifecycle configuration (ListStudioLifecycleConfigs):
    /// scripts pending.
    async fn list_lifecycle_configs(&self, sink: &dyn PageSink<LifecycleConfig>)
        -> CloudResult<()>;
    /// DescribeStudioLifecycleConfig: the script, decoded; `NotFound`
    /// where the backend says so.
    async fn lifecycle_config_script(&self, name: &str) -> CloudResult<String>;

    // ---- Studio user lifecycle ----
    /// One domain with its settings (DescribeDomain; `tags` stay
    /// `Pending`); `NotFound` when it does not exist.
    async fn describe_domain(&self, domain_id: &str) -> CloudResult<Domain>;
    /// CreateUserProfile: the value is the new UserProfileArn. A profile that
    /// exists already is `Other { code: "ResourceInUse" }` saying "already
    /// exists"; an account quota is `Other { code: "ResourceLimitExceeded" }`.
    async fn create_user_profile(
        &self,
        request: &CreateUserProfileRequest,
    ) -> CloudResult<Completed<String>>;
    /// DescribeUserProfile (status, failure reason, role; `apps_running`
    /// and `tags` stay `Pending`); `NotFound` once it is gone.
    async fn describe_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<UserProfile>;
    /// DeleteUserProfile; SageMaker refuses while apps or owned spaces remain.
    async fn delete_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<Completed<()>>;
    /// DescribeApp; a deleted app answers with status `Deleted` (or `NotFound`).
    async fn describe_app(&self, app: &AppRef) -> CloudResult<App>;
    /// DeleteApp: stops the app and deletes it (asynchronous: `Deleting`).
    async fn delete_app(&self, app: &AppRef) -> CloudResult<Completed<()>>;
    /// DescribeSpace; `NotFound` once it is gone.
    async fn describe_space(&self, domain_id: &str, space: &str) -> CloudResult<Space>;
    /// DeleteSpace (asynchronous: `Deleting`, then gone).
    async fn delete_space(&self, domain_id: &str, space: &str) -> CloudResult<Completed<()>>;
    /// CreatePresignedDomainUrl: the value is the AuthorizedUrl, a credential.
    async fn create_presigned_domain_url(
        &self,
        request: &PresignRequest,
    ) -> CloudResult<Completed<String>>;
}

#[async_trait]
pub trait Glue: Send + Sync {
    /// Every job, as GetJobs returns it: `last_run` and `tags` are
    /// `Pending` (see `inventory` for filling them in).
    async fn list_jobs(&self, sink: &dyn PageSink<GlueJob>) -> CloudResult<()>;
    /// GetJobRuns with one result: the job's newest run, `None` if it never ran.
    async fn last_job_run(&self, job_name: &str) -> CloudResult<Option<JobRun>>;
    /// GetTags of one job (by the ARN built from the caller's account).
    async fn job_tags(&self, job_name: &str) -> CloudResult<Vec<Tag>>;
    /// The runs of one job, newest first.
    async fn list_job_runs(&self, job_name: &str, sink: &dyn PageSink<JobRun>) -> CloudResult<()>;
    async fn list_crawlers(&self, sink: &dyn PageSink<Crawler>) -> CloudResult<()>;
    async fn list_databases(&self, sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()>;
    /// StartJobRun with the job's defaults: the value is the new JobRunId.
    async fn start_job_run(&self, job_name: &str) -> CloudResult<Completed<String>>;
    /// BatchStopJobRun of one run. Glue answers a refused run (unknown, not
    /// running) with 200 and an Errors entry, which this turns into an error.
    async fn stop_job_run(&self, job_name: &str, run_id: &str) -> CloudResult<Completed<()>>;
    /// StartCrawler; an already running crawler is a `Validation` error.
    async fn start_crawler(&self, name: &str) -> CloudResult<Completed<()>>;
    /// StopCrawler; a crawler that is not running is a `Validation` error.
    async fn stop_crawler(&self, name: &str) -> CloudResult<Completed<()>>;
    /// GetJob: one job's definition (without its last run or tags); a
    /// missing job is `NotFound`.
    async fn get_job(&self, job_name: &str) -> CloudResult<GlueJob>;
    /// TagResource on the job's ARN: adds or replaces these tags, leaving the
    /// job definition alone (never UpdateJob).
    async fn tag_job(
        &self,
        job_name: &str,
        tags: &BTreeMap<String, String>,
    ) -> CloudResult<Completed<()>>;
}

/// S3, for Glue scripts: read an object, check its ETag, write it
/// conditionally.
#[async_trait]
pub trait S3: Send + Sync {
    /// GetObject; `None` when there is no such key (a missing bucket is
    /// `NotFound`).
    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Option<S3Object>>;
    /// HeadObject: the ETag and metadata now; `None` when there is no such key.
    async fn head_object(&self, bucket: &str, key: &str) -> CloudResult<Option<ObjectHead>>;
    /// PutObject with user metadata, refused by S3 (`PreconditionFailed`)
    /// when `condition` no longer holds. The value is the new ETag.
    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: &BTreeMap<String, String>,
        condition: &PutCondition,
    ) -> CloudResult<Completed<Option<String>>>;
}

#[async_trait]
pub trait Ecr: Send + Sync {
    /// DescribeRepositories: `image_count` and `tags` are `Pending`.
    async fn list_repositories(&self, sink: &dyn PageSink<EcrRepository>) -> CloudResult<()>;
    /// Distinct image digests in one repository (ListImages, all pages).
    async fn image_count(&self, repository: &str) -> CloudResult<u32>;
    /// ListTagsForResource of one repository.
    async fn repository_tags(&self, arn: &str) -> CloudResult<Vec<Tag>>;
    /// DescribeImages of one repository: `scan` is known where the list
    /// carries it, else `Pending` (see [`Ecr::image_scan`]).
    async fn list_images(&self, repository: &str, sink: &dyn PageSink<Image>) -> CloudResult<()>;
    /// DescribeImageScanFindings of one image by digest: its scan status
    /// and finding counts (never scanned: no status).
    async fn image_scan(&self, repository: &str, digest: &str) -> CloudResult<Scan>;
    /// StartImageScan of one image, by digest (`sha256:…`) or tag: the value is
    /// the scan status ECR answers with (e.g. `IN_PROGRESS`).
    async fn start_image_scan(
        &self,
        repository: &str,
        image: &str,
    ) -> CloudResult<Completed<String>>;
}

#[async_trait]
pub trait CodeArtifact: Send + Sync {
    /// Every repository of every domain (ListRepositoriesInDomain): `links`
    /// is `Pending`.
    async fn list_repositories(&self, sink: &dyn PageSink<ArtifactRepository>) -> CloudResult<()>;
    /// DescribeRepository: the repository's upstreams and external connections.
    async fn repository_links(
        &self,
        repository: &ArtifactRepository,
    ) -> CloudResult<RepositoryLinks>;
    async fn list_packages(
        &self,
        domain: &str,
        repository: &str,
        sink: &dyn PageSink<Package>,
    ) -> CloudResult<()>;
    async fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
        sink: &dyn PageSink<PackageVersion>,
    ) -> CloudResult<()>;
    /// UpdatePackageVersionsStatus of up to 100 versions of one package to
    /// `target`, only where the version still has `expected` (when given).
    /// Versions the service refuses come back in `failed`, not as an error.
    async fn update_package_versions_status(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        versions: &[String],
        target: VersionStatus,
        expected: Option<VersionStatus>,
    ) -> CloudResult<Completed<StatusChange>>;
    /// PutPackageOriginConfiguration: the value is the restrictions the
    /// service now applies (it works for a package not yet present, too).
    async fn put_package_origin_configuration(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        restrictions: OriginRestrictions,
    ) -> CloudResult<Completed<OriginRestrictions>>;
}

/// CloudWatch metrics the cost radar reads.
#[async_trait]
pub trait Metrics: Send + Sync {
    /// The sum of `Invocations` (namespace AWS/SageMaker, dimensions
    /// EndpointName and VariantName) from `from` to `to`. No datapoints at
    /// all is 0: CloudWatch publishes nothing for an endpoint nobody calls.
    async fn endpoint_invocations(
        &self,
        endpoint: &str,
        variant: &str,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> CloudResult<f64>;
}

/// CloudWatch Logs, read.
#[async_trait]
pub trait Logs: Send + Sync {
    /// FilterLogEvents of one group's `streams`, oldest first from `since`
    /// (the group's start when `None`), every page. A group that does not
    /// exist is `NotFound`: the resource wrote nothing there yet.
    async fn filter_events(
        &self,
        group: &str,
        streams: &crate::model::log::Streams,
        since: Option<chrono::DateTime<chrono::Utc>>,
        sink: &dyn PageSink<crate::model::log::LogEvent>,
    ) -> CloudResult<()>;
}

/// Cost Explorer: what was billed.
#[async_trait]
pub trait Billing: Send + Sync {
    /// GetCostAndUsage from `from` to `to` (exclusive: Cost Explorer's
    /// dates), UnblendedCost of Amazon SageMaker and AWS Glue in this
    /// cloud's region and in `account` (when known: from a management
    /// account Cost Explorer sees the whole organization), grouped by
    /// service and by the tag `tag_key`, every page, summed over the days.
    async fn cost_by_tag(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        tag_key: &str,
        account: Option<&str>,
    ) -> CloudResult<Vec<crate::model::spend::SpendGroup>>;
}

/// The Resource Groups Tagging API: every tag of a kind of resource in a
/// few pages, instead of one call per resource.
#[async_trait]
pub trait Tagging: Send + Sync {
    /// tag:GetResources with `ResourceTypeFilters = [resource_type]`
    /// (`glue:job`, `sagemaker:domain` …), 100 resources per page. It lists
    /// resources that are or were tagged: one absent from every page has
    /// no tags.
    async fn tagged(&self, resource_type: &str, sink: &dyn PageSink<Tagged>) -> CloudResult<()>;
}

/// CloudTrail's event history (LookupEvents), for `T`, `:trail` and
/// `dsadmin trail`.
#[async_trait]
pub trait Trail: Send + Sync {
    /// The events matching `key` between `since` and `until`, newest first,
    /// page by page, until `max` events or the last page. LookupEvents
    /// allows 2 requests a second per account and region: implementations
    /// pace their pages.
    async fn lookup_events(
        &self,
        key: &crate::model::trail::TrailKey,
        since: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
        max: usize,
        sink: &dyn PageSink<crate::model::trail::TrailEvent>,
    ) -> CloudResult<()>;
}

/// IAM, read: the policies of the execution roles the estate runs as.
/// Roles are named by their RoleName (the ARN's last path segment).
#[async_trait]
pub trait Iam: Send + Sync {
    /// ListAttachedRolePolicies, every page: each policy's name and ARN.
    /// A role that does not exist is `NotFound`.
    async fn attached_role_policies(&self, role: &str) -> CloudResult<Vec<(String, String)>>;
    /// ListRolePolicies, every page: the names of the inline policies.
    async fn inline_role_policies(&self, role: &str) -> CloudResult<Vec<String>>;
    /// GetRolePolicy: one inline policy's document as JSON text (IAM
    /// answers it URL-encoded; this is decoded).
    async fn inline_role_policy(&self, role: &str, name: &str) -> CloudResult<String>;
    /// GetPolicy, then GetPolicyVersion of its default version: the
    /// managed policy's document as JSON text, decoded.
    async fn managed_policy(&self, arn: &str) -> CloudResult<String>;
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
    pub s3: Arc<dyn S3>,
    pub tagging: Arc<dyn Tagging>,
    pub identity: Arc<dyn Identity>,
    /// `None` where no metrics client is wired up: idle endpoints then
    /// read "unknown" with that reason.
    pub metrics: Option<Arc<dyn Metrics>>,
    /// `None` where no CloudTrail client is wired up: `T` then says so.
    pub trail: Option<Arc<dyn Trail>>,
    /// `None` where no CloudWatch Logs client is wired up: `l` then says so.
    pub logs: Option<Arc<dyn Logs>>,
    /// `None` where no Cost Explorer client is wired up: the cost radar
    /// then shows its estimate alone, saying so.
    pub billing: Option<Arc<dyn Billing>>,
    /// `None` where no IAM client is wired up: the roles' policies then
    /// read unknown with that reason.
    pub iam: Option<Arc<dyn Iam>>,
    /// Follow-up calls in flight per service, shared by every list of the
    /// session (see `limit.rs`).
    pub limits: Arc<limit::Limits>,
}

impl Cloud {
    /// Every service backed by one object that implements them all.
    pub fn from_backend<B>(context: CloudContext, backend: Arc<B>) -> Self
    where
        B: SageMaker
            + Glue
            + Ecr
            + CodeArtifact
            + S3
            + Tagging
            + Identity
            + Metrics
            + Trail
            + Logs
            + Billing
            + Iam
            + 'static,
    {
        Self {
            context,
            sagemaker: backend.clone(),
            glue: backend.clone(),
            ecr: backend.clone(),
            codeartifact: backend.clone(),
            s3: backend.clone(),
            tagging: backend.clone(),
            metrics: Some(backend.clone()),
            trail: Some(backend.clone()),
            logs: Some(backend.clone()),
            billing: Some(backend.clone()),
            iam: Some(backend.clone()),
            identity: backend,
            limits: Arc::default(),
        }
    }
}
