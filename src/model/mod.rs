//! Plain typed records for everything dsadmin shows.
//!
//! These types are the only thing above `cloud/` sees: the AWS backend maps SDK
//! types into them and the demo estate builds them directly. They carry no UI
//! concerns (no colours, no formatting) so `model` never imports ratatui.

mod s3;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod changes;
mod detail;
mod endpoint;
pub mod glob;
pub mod idle;
pub mod lifecycle_config;
mod model_package;
mod notebook;
pub mod policy_document;
pub mod role;
mod sagemaker_model;
mod training_job;

pub use detail::{merge_keeping, Detail, Enriched, Fields, Why};
pub use endpoint::{
    traffic_share, Endpoint, EndpointConfig, EndpointSettings, Variant, VariantConfig,
};
pub use lifecycle_config::LifecycleConfig;
pub use model_package::{
    names_version, ModelPackageGroup, ModelPackageVersion, PackageDetails, VersionCounts, APPROVED,
    PENDING_APPROVAL, REJECTED,
};
pub use notebook::{NotebookInstance, NotebookSettings};
pub use sagemaker_model::{ModelSettings, SageMakerModel};
pub use training_job::{TrainingJob, TrainingSettings};

pub use changes::{
    ChangedVersion, FailedVersion, OriginRestrictions, OriginRule, PackageRef, StatusChange,
    VariantWeight, VersionStatus,
};

pub mod account;
pub mod log;
pub mod requests;
pub mod spend;
pub mod trail;

pub use s3::{ObjectHead, PutCondition, S3Location, S3Object};

/// A resource tag (`Key` / `Value`), as SageMaker, ECR and Glue return them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// One resource's tags from tag:GetResources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tagged {
    pub arn: String,
    pub tags: Vec<Tag>,
}

/// Looks up a tag value by key (case-sensitive, as AWS tags are).
pub fn tag_value<'a>(tags: &'a [Tag], key: &str) -> Option<&'a str> {
    tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
}

/// The tag key that carries a user's team in the reference architecture.
pub const TEAM_TAG: &str = "TeamName";

/// What resources without a `TeamName` tag are counted under.
pub const NO_TEAM: &str = "(no team)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub arn: String,
    /// `InService`, `Pending`, `Failed`, `Deleting`, `Updating`, …
    pub status: String,
    pub url: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// What only DescribeDomain says (ListDomains returns the fields above).
    #[serde(flatten)]
    pub settings: Detail<DomainSettings>,
    /// tag:GetResources for every domain at once, else ListTags per domain.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub tags: Detail<Vec<Tag>>,
}

impl Domain {
    /// Whether the domain authenticates through IAM Identity Center (false
    /// while its settings are not known).
    pub fn is_sso(&self) -> bool {
        self.settings
            .known()
            .is_some_and(|s| s.auth_mode.eq_ignore_ascii_case("SSO"))
    }
}

/// A domain's settings, from DescribeDomain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSettings {
    /// `IAM` or `SSO`.
    pub auth_mode: String,
    /// `VpcOnly` or `PublicInternetOnly`.
    pub network_mode: String,
    pub kms_key_id: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub default_execution_role: Option<String>,
    /// DefaultSpaceSettings.ExecutionRole: what shared spaces run as.
    #[serde(default)]
    pub space_execution_role: Option<String>,
    /// `ENABLED` or `DISABLED`.
    pub tag_propagation: Option<String>,
    /// `USER_PROFILE_NAME` or `DISABLED`.
    pub execution_role_identity: Option<String>,
    /// Native idle shutdown in the domain's default user settings, one entry
    /// per app type that has `AppLifecycleManagement` set (JupyterLab,
    /// CodeEditor); an app type without an entry has no idle shutdown.
    #[serde(default)]
    pub idle_shutdown: Vec<IdleShutdown>,
    /// Idle shutdown in the domain's DefaultSpaceSettings: what shared
    /// spaces get (the users' own settings do not apply to them).
    #[serde(default)]
    pub space_idle_shutdown: Vec<IdleShutdown>,
    /// The Studio lifecycle configurations the default user and space
    /// settings attach (`LifecycleConfigArns` and default resource specs).
    #[serde(default)]
    pub lifecycle_configs: Vec<String>,
}

impl DomainSettings {
    /// The JSON fields these settings fill, for a record's `unknown` map.
    pub const FIELDS: &'static [&'static str] = &[
        "auth_mode",
        "network_mode",
        "kms_key_id",
        "vpc_id",
        "subnet_ids",
        "default_execution_role",
        "space_execution_role",
        "tag_propagation",
        "execution_role_identity",
        "idle_shutdown",
        "space_idle_shutdown",
        "lifecycle_configs",
    ];
}

impl Enriched for Domain {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        let mut out: Vec<(&'static str, &Why)> = match self.settings.why() {
            Some(why) => DomainSettings::FIELDS.iter().map(|f| (*f, why)).collect(),
            None => Vec::new(),
        };
        out.extend(self.tags.why().map(|w| ("tags", w)));
        out
    }

    fn merge(&mut self, mut newer: Self) {
        let (settings, tags) = (
            std::mem::take(&mut newer.settings),
            std::mem::take(&mut newer.tags),
        );
        let old = std::mem::replace(self, newer);
        (self.settings, self.tags) = (old.settings, old.tags);
        self.settings.update(settings);
        self.tags.update(tags);
    }

    fn list_fields_only(&mut self) {
        (self.settings, self.tags) = (Detail::Pending, Detail::Pending);
    }
}

/// `DefaultUserSettings.<AppType>AppSettings.AppLifecycleManagement.IdleSettings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleShutdown {
    /// `JupyterLab` or `CodeEditor`.
    pub app_type: String,
    /// `LifecycleManagement = ENABLED`.
    pub enabled: bool,
    /// `IdleTimeoutInMinutes` (60–525600), when set.
    pub timeout_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserProfile {
    pub domain_id: String,
    /// Domain name, resolved for display (ListUserProfiles only returns the id).
    pub domain_name: String,
    pub name: String,
    /// Built from the domain's ARN (ListUserProfiles returns none):
    /// `arn:…:user-profile/DOMAIN/NAME`, as DescribeUserProfile answers it.
    pub arn: String,
    /// `InService`, `Pending`, `Failed`, `Deleting`, `Updating`, `Update_Failed`, `Delete_Failed`.
    pub status: String,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// What only DescribeUserProfile says.
    #[serde(flatten)]
    pub profile: Detail<ProfileSettings>,
    /// Number of apps in `InService` state for this profile (one ListApps
    /// per domain).
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub apps_running: Detail<u32>,
    /// ListTags per profile.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub tags: Detail<Vec<Tag>>,
}

/// A user profile's settings, from DescribeUserProfile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileSettings {
    pub execution_role: Option<String>,
    pub sso_user: Option<String>,
    /// Why the profile is `Failed`/`Update_Failed`/`Delete_Failed`, when AWS says.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// The profile's own idle shutdown (UserSettings), per app type: it
    /// overrides the domain's.
    #[serde(default)]
    pub idle_shutdown: Vec<IdleShutdown>,
    /// The lifecycle configurations the profile's UserSettings attach.
    #[serde(default)]
    pub lifecycle_configs: Vec<String>,
}

impl ProfileSettings {
    /// The JSON fields these settings fill, for a record's `unknown` map.
    pub const FIELDS: &'static [&'static str] = &[
        "execution_role",
        "sso_user",
        "failure_reason",
        "idle_shutdown",
        "lifecycle_configs",
    ];
}

impl UserProfile {
    /// The team, read from the `TeamName` tag (none while tags are not known).
    pub fn team(&self) -> Option<&str> {
        tag_value(self.tags.known_or_empty(), TEAM_TAG)
    }

    /// The profile's own execution role, when DescribeUserProfile said.
    pub fn execution_role(&self) -> Option<&str> {
        self.profile
            .known()
            .and_then(|p| p.execution_role.as_deref())
    }

    /// The role the profile runs as, and whether through its domain's
    /// default (a profile without its own role runs as the domain's);
    /// `None` when neither is known.
    pub fn runs_as<'a>(&'a self, domains: &'a [Domain]) -> Option<(&'a str, bool)> {
        match self.execution_role() {
            Some(r) => Some((r, false)),
            None => domains
                .iter()
                .find(|d| d.id == self.domain_id)
                .and_then(|d| d.settings.known())
                .and_then(|s| s.default_execution_role.as_deref())
                .map(|r| (r, true)),
        }
    }

    pub fn sso_user(&self) -> Option<&str> {
        self.profile.known().and_then(|p| p.sso_user.as_deref())
    }

    pub fn failure_reason(&self) -> Option<&str> {
        self.profile
            .known()
            .and_then(|p| p.failure_reason.as_deref())
    }
}

impl Enriched for UserProfile {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        let mut out: Vec<(&'static str, &Why)> = match self.profile.why() {
            Some(why) => ProfileSettings::FIELDS.iter().map(|f| (*f, why)).collect(),
            None => Vec::new(),
        };
        out.extend(self.apps_running.why().map(|w| ("apps_running", w)));
        out.extend(self.tags.why().map(|w| ("tags", w)));
        out
    }

    fn merge(&mut self, mut newer: Self) {
        let (profile, apps, tags) = (
            std::mem::take(&mut newer.profile),
            std::mem::take(&mut newer.apps_running),
            std::mem::take(&mut newer.tags),
        );
        let old = std::mem::replace(self, newer);
        (self.profile, self.apps_running, self.tags) = (old.profile, old.apps_running, old.tags);
        self.profile.update(profile);
        self.apps_running.update(apps);
        self.tags.update(tags);
    }

    fn list_fields_only(&mut self) {
        self.profile = Detail::Pending;
        self.apps_running = Detail::Pending;
        self.tags = Detail::Pending;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct App {
    pub domain_id: String,
    /// Owning user profile (private apps) or `None` for space apps.
    pub user_profile: Option<String>,
    pub space_name: Option<String>,
    /// `JupyterLab`, `CodeEditor`, `JupyterServer`, `KernelGateway`, …
    pub app_type: String,
    pub name: String,
    pub arn: String,
    /// `InService`, `Pending`, `Deleting`, `Deleted`, `Failed`.
    pub status: String,
    pub instance_type: Option<String>,
    pub image_arn: Option<String>,
    /// The lifecycle configuration the app was started with
    /// (ResourceSpec.LifecycleConfigArn).
    #[serde(default)]
    pub lifecycle_config: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub last_user_activity: Option<DateTime<Utc>>,
}

impl App {
    /// Where the app runs, for names: its space, else its user profile.
    pub fn runs_in(&self) -> &str {
        self.space_name
            .as_deref()
            .or(self.user_profile.as_deref())
            .unwrap_or("-")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Space {
    pub domain_id: String,
    pub name: String,
    pub arn: String,
    /// `InService`, `Pending`, `Deleting`, `Failed`, `Updating`, …
    pub status: String,
    pub owner: Option<String>,
    /// `Private` or `Shared`.
    pub sharing: String,
    /// App type the space runs (`JupyterLab`, `CodeEditor`).
    pub app_type: Option<String>,
    pub instance_type: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// What only DescribeSpace says.
    #[serde(flatten)]
    pub settings: Detail<SpaceSettings>,
}

impl Space {
    /// Whether any member of the domain may work in it (`Shared`), rather
    /// than its owner alone.
    pub fn is_shared(&self) -> bool {
        !self.sharing.eq_ignore_ascii_case("Private")
    }
}

/// A space's settings, from DescribeSpace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpaceSettings {
    /// The space's own `IdleTimeoutInMinutes` for the app type it runs:
    /// it takes the place of its profile's or domain's timeout.
    #[serde(default)]
    pub idle_timeout_minutes: Option<u32>,
    /// The lifecycle configurations the space's settings attach.
    #[serde(default)]
    pub lifecycle_configs: Vec<String>,
}

impl Fields for SpaceSettings {
    const FIELDS: &'static [&'static str] = &["idle_timeout_minutes", "lifecycle_configs"];
}

impl Enriched for Space {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.settings.unknown_fields()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |s| &mut s.settings);
    }

    fn list_fields_only(&mut self) {
        self.settings = Detail::Pending;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlueJob {
    pub name: String,
    /// `glueetl`, `pythonshell`, `gluestreaming`, `glueray`.
    pub command: String,
    pub glue_version: Option<String>,
    pub worker_type: Option<String>,
    pub number_of_workers: Option<u32>,
    pub max_capacity: Option<f64>,
    pub script_location: String,
    pub role: String,
    pub security_configuration: Option<String>,
    pub timeout_minutes: Option<u32>,
    pub description: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// The most recent run, if any: GetJobs does not return it (GetJobRuns
    /// per job does).
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub last_run: Detail<Option<JobRun>>,
    /// tag:GetResources for every job at once, else GetTags per job.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub tags: Detail<Vec<Tag>>,
}

impl Enriched for GlueJob {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        [("last_run", self.last_run.why()), ("tags", self.tags.why())]
            .into_iter()
            .filter_map(|(field, why)| why.map(|w| (field, w)))
            .collect()
    }

    fn merge(&mut self, mut newer: Self) {
        let (last_run, tags) = (
            std::mem::take(&mut newer.last_run),
            std::mem::take(&mut newer.tags),
        );
        let old = std::mem::replace(self, newer);
        (self.last_run, self.tags) = (old.last_run, old.tags);
        self.last_run.update(last_run);
        self.tags.update(tags);
    }

    fn list_fields_only(&mut self) {
        (self.last_run, self.tags) = (Detail::Pending, Detail::Pending);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRun {
    pub id: String,
    pub job_name: String,
    /// `STARTING`, `RUNNING`, `STOPPING`, `STOPPED`, `SUCCEEDED`, `FAILED`, `TIMEOUT`, `ERROR`, `WAITING`, `EXPIRED`.
    pub state: String,
    pub started: Option<DateTime<Utc>>,
    pub completed: Option<DateTime<Utc>>,
    /// Execution time in seconds.
    pub execution_secs: Option<u64>,
    pub dpu_seconds: Option<f64>,
    pub worker_type: Option<String>,
    pub number_of_workers: Option<u32>,
    pub attempt: u32,
    pub trigger: Option<String>,
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crawler {
    pub name: String,
    /// `READY`, `RUNNING`, `STOPPING`.
    pub state: String,
    /// `SUCCEEDED`, `CANCELLED`, `FAILED`, or `None` if never run.
    pub last_crawl_status: Option<String>,
    pub last_crawl_started: Option<DateTime<Utc>>,
    pub last_crawl_error: Option<String>,
    /// Cron expression, e.g. `cron(0 2 * * ? *)`; `None` = on demand.
    pub schedule: Option<String>,
    pub database: Option<String>,
    pub role: String,
    pub targets: Vec<String>,
    pub created: Option<DateTime<Utc>>,
    pub last_updated: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcrRepository {
    pub name: String,
    pub arn: String,
    pub uri: String,
    pub registry_id: String,
    /// `MUTABLE` or `IMMUTABLE`.
    pub tag_mutability: String,
    pub scan_on_push: bool,
    /// `AES256` or `KMS`.
    pub encryption: String,
    pub kms_key: Option<String>,
    pub created: Option<DateTime<Utc>>,
    /// Distinct digests (ListImages per repository).
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub image_count: Detail<u32>,
    /// ListTagsForResource per repository (tag:GetResources is not proven
    /// to cover ECR repositories: moto 5.2.5 lists none).
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub tags: Detail<Vec<Tag>>,
}

impl Enriched for EcrRepository {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        [
            ("image_count", self.image_count.why()),
            ("tags", self.tags.why()),
        ]
        .into_iter()
        .filter_map(|(field, why)| why.map(|w| (field, w)))
        .collect()
    }

    fn merge(&mut self, mut newer: Self) {
        let (count, tags) = (
            std::mem::take(&mut newer.image_count),
            std::mem::take(&mut newer.tags),
        );
        let old = std::mem::replace(self, newer);
        (self.image_count, self.tags) = (old.image_count, old.tags);
        self.image_count.update(count);
        self.tags.update(tags);
    }

    fn list_fields_only(&mut self) {
        (self.image_count, self.tags) = (Detail::Pending, Detail::Pending);
    }
}

/// Counts of scan findings by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub informational: u32,
    pub undefined: u32,
}

impl FindingCounts {
    pub fn total(&self) -> u32 {
        self.critical + self.high + self.medium + self.low + self.informational + self.undefined
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub repository: String,
    pub digest: String,
    pub tags: Vec<String>,
    pub pushed: Option<DateTime<Utc>>,
    pub size_bytes: u64,
    /// The scan: DescribeImages' summary where it carries one, else
    /// DescribeImageScanFindings (a follow-up that can be refused).
    #[serde(flatten)]
    pub scan: Detail<Scan>,
    pub last_pulled: Option<DateTime<Utc>>,
}

/// An image's scan state and finding counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scan {
    /// `COMPLETE`, `IN_PROGRESS`, `FAILED`, `UNSUPPORTED_IMAGE`, `ACTIVE`, …
    /// or `None` if never scanned.
    pub scan_status: Option<String>,
    /// `None` until a scan completes.
    pub findings: Option<FindingCounts>,
    /// While a new scan runs, the last completed scan's findings, as
    /// dsadmin saw them (ECR itself forgets them until the new scan ends).
    #[serde(default)]
    pub previous_findings: Option<FindingCounts>,
}

impl Scan {
    /// A scan in `status` (`None`: never scanned) with those findings.
    pub fn new(status: Option<&str>, findings: Option<FindingCounts>) -> Self {
        Self {
            scan_status: status.map(str::to_owned),
            findings,
            previous_findings: None,
        }
    }

    /// A new scan of an image whose last scan was `before`: in progress,
    /// the last findings kept beside it.
    pub fn restarted(before: Option<&Scan>) -> Self {
        Self {
            previous_findings: before
                .and_then(|b| b.latest_findings())
                .map(|(f, _)| f.clone()),
            ..Self::new(Some("IN_PROGRESS"), None)
        }
    }

    /// The findings to go on: this scan's, or while one runs the last
    /// completed scan's (`true`).
    pub fn latest_findings(&self) -> Option<(&FindingCounts, bool)> {
        match (&self.findings, &self.previous_findings) {
            (Some(f), _) => Some((f, false)),
            (None, Some(p)) => Some((p, true)),
            (None, None) => None,
        }
    }

    pub fn status(&self) -> Option<&str> {
        self.scan_status.as_deref()
    }
}

impl Fields for Scan {
    const FIELDS: &'static [&'static str] = &["scan_status", "findings", "previous_findings"];
}

impl Enriched for Image {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.scan.unknown_fields()
    }

    /// A scan started since keeps the findings this row last had.
    fn merge(&mut self, newer: Self) {
        let seen = self.scan.known().cloned();
        merge_keeping(self, newer, |i| &mut i.scan);
        if let Detail::Known(scan) = &mut self.scan {
            if scan.latest_findings().is_none() && scan.status() == Some("IN_PROGRESS") {
                *scan = Scan::restarted(seen.as_ref());
            }
        }
    }

    /// DescribeImages' own scan summary is a list field: kept.
    fn list_fields_only(&mut self) {}
}

impl Image {
    /// The scan status when known (`None` also while pending or unknown:
    /// see [`Image::scan`] where that matters).
    pub fn scan_status(&self) -> Option<&str> {
        self.scan.known().and_then(Scan::status)
    }

    /// The finding counts when a scan is known and complete.
    pub fn findings(&self) -> Option<&FindingCounts> {
        self.scan.known().and_then(|s| s.findings.as_ref())
    }

    /// `sha256:0123456789ab` — the digest cut to 12 hex digits, as `docker images` shows it.
    pub fn short_digest(&self) -> &str {
        let cut = self
            .digest
            .find(':')
            .map(|i| i + 1 + 12)
            .unwrap_or(12)
            .min(self.digest.len());
        &self.digest[..cut]
    }
}

/// A CodeArtifact repository, with its domain, upstreams and external connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactRepository {
    pub domain: String,
    pub domain_owner: String,
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub package_count: Option<u32>,
    /// What only DescribeRepository says: where packages come from.
    #[serde(flatten)]
    pub links: Detail<RepositoryLinks>,
}

/// A CodeArtifact repository's sources, from DescribeRepository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepositoryLinks {
    pub upstreams: Vec<String>,
    /// e.g. `public:pypi`.
    pub external_connections: Vec<String>,
}

impl RepositoryLinks {
    /// The JSON fields these fill, for a record's `unknown` map.
    pub const FIELDS: &'static [&'static str] = &["upstreams", "external_connections"];
}

impl ArtifactRepository {
    /// The upstream repositories (none while DescribeRepository is not in).
    pub fn upstreams(&self) -> &[String] {
        self.links.known().map_or(&[], |l| l.upstreams.as_slice())
    }

    /// The external connections (none while DescribeRepository is not in).
    pub fn external_connections(&self) -> &[String] {
        self.links
            .known()
            .map_or(&[], |l| l.external_connections.as_slice())
    }
}

impl Enriched for ArtifactRepository {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        match self.links.why() {
            Some(why) => RepositoryLinks::FIELDS.iter().map(|f| (*f, why)).collect(),
            None => Vec::new(),
        }
    }

    fn merge(&mut self, mut newer: Self) {
        let links = std::mem::take(&mut newer.links);
        let old = std::mem::replace(self, newer);
        self.links = old.links;
        self.links.update(links);
    }

    fn list_fields_only(&mut self) {
        self.links = Detail::Pending;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    pub domain: String,
    pub repository: String,
    /// `pypi`, `npm`, `maven`, `nuget`, `generic`, …
    pub format: String,
    pub namespace: Option<String>,
    pub name: String,
    /// `ALLOW` or `BLOCK`.
    pub publish: String,
    /// `ALLOW` or `BLOCK`.
    pub upstream: String,
    pub latest_version: Option<String>,
    pub version_count: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageVersion {
    pub package: String,
    pub version: String,
    /// `Published`, `Unfinished`, `Unlisted`, `Archived`, `Disposed`, `Deleted`.
    pub status: String,
    /// `INTERNAL`, `EXTERNAL`, `UNKNOWN` — where the version came from.
    pub origin: String,
    pub published: Option<DateTime<Utc>>,
    pub revision: Option<String>,
}

/// Who the credentials belong to (STS GetCallerIdentity), for the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// One row of a user's drill-down: an app they run or a space they own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProfileItem {
    App(App),
    Space(Space),
}

impl ProfileItem {
    pub fn created(&self) -> Option<DateTime<Utc>> {
        match self {
            ProfileItem::App(a) => a.created,
            ProfileItem::Space(s) => s.created,
        }
    }
}

/// A Glue Data Catalog database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlueDatabase {
    pub name: String,
    pub description: Option<String>,
    pub location_uri: Option<String>,
    pub created: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(scan: Scan) -> Image {
        Image {
            repository: "ds-base".into(),
            digest: "sha256:0123".into(),
            tags: vec!["1.0".into()],
            pushed: None,
            size_bytes: 1,
            scan: Detail::Known(scan),
            last_pulled: None,
        }
    }

    /// ECR answers a scan in progress without findings: the row keeps the
    /// ones it had, as the last completed scan's.
    #[test]
    fn a_rescan_keeps_the_findings_the_row_had() {
        let high = FindingCounts {
            high: 2,
            ..FindingCounts::default()
        };
        let mut row = image(Scan::new(Some("COMPLETE"), Some(high.clone())));
        row.merge(image(Scan::new(Some("IN_PROGRESS"), None)));
        let scan = row.scan.known().unwrap();
        assert_eq!(scan.status(), Some("IN_PROGRESS"));
        assert_eq!(scan.latest_findings(), Some((&high, true)));
        // Still in progress at the next read: still kept.
        row.merge(image(Scan::new(Some("IN_PROGRESS"), None)));
        assert_eq!(
            row.scan.known().unwrap().latest_findings(),
            Some((&high, true))
        );
        // Complete: the new findings, nothing from before.
        row.merge(image(Scan::new(
            Some("COMPLETE"),
            Some(FindingCounts::default()),
        )));
        let scan = row.scan.known().unwrap();
        assert_eq!(scan.previous_findings, None);
        assert_eq!(
            scan.latest_findings(),
            Some((&FindingCounts::default(), false))
        );
    }
}
