//! The seed files under `assets/demo/`, embedded in the binary and parsed here.
//!
//! The files describe the estate's *shape* (names, settings, "days ago"); the
//! generator turns them into model records for a given anchor time. Every struct
//! denies unknown fields so a typo in a seed file fails the build's tests instead
//! of silently dropping data.

use std::collections::BTreeMap;

use serde::Deserialize;

pub const PEOPLE_TOML: &str = include_str!("../../../assets/demo/people.toml");
pub const ESTATE_TOML: &str = include_str!("../../../assets/demo/estate.toml");
pub const GLUE_TOML: &str = include_str!("../../../assets/demo/glue.toml");
pub const ECR_TOML: &str = include_str!("../../../assets/demo/ecr.toml");
pub const PACKAGES_TOML: &str = include_str!("../../../assets/demo/packages.toml");
pub const ENDPOINTS_TOML: &str = include_str!("../../../assets/demo/endpoints.toml");
pub const MODELS_TOML: &str = include_str!("../../../assets/demo/models.toml");
pub const STUDIO_TOML: &str = include_str!("../../../assets/demo/studio.toml");
pub const ROLES_TOML: &str = include_str!("../../../assets/demo/roles.toml");

/// Every seed file, parsed.
#[derive(Debug, Clone)]
pub struct Seed {
    pub people: People,
    pub estate: EstateSeed,
    pub glue: GlueSeed,
    pub ecr: EcrSeed,
    pub packages: PackagesSeed,
    pub endpoints: EndpointsSeed,
    pub models: ModelsSeed,
    pub studio: StudioSeed,
    pub roles: RolesSeed,
}

impl Seed {
    pub fn load() -> Result<Seed, String> {
        Ok(Seed {
            people: parse("people.toml", PEOPLE_TOML)?,
            estate: parse("estate.toml", ESTATE_TOML)?,
            glue: parse("glue.toml", GLUE_TOML)?,
            ecr: parse("ecr.toml", ECR_TOML)?,
            packages: parse("packages.toml", PACKAGES_TOML)?,
            endpoints: parse("endpoints.toml", ENDPOINTS_TOML)?,
            models: parse("models.toml", MODELS_TOML)?,
            studio: parse("studio.toml", STUDIO_TOML)?,
            roles: parse("roles.toml", ROLES_TOML)?,
        })
    }
}

/// Parses one embedded file, naming it in the error (the toml error already
/// carries line and column).
pub fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| format!("demo seed assets/demo/{file} is invalid: {e}"))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstateSeed {
    pub account: String,
    pub region: String,
    pub sagemaker_image_account: String,
    pub domains: Vec<DomainSeed>,
    pub sandbox_twins: usize,
    pub teams: Vec<TeamSeed>,
    pub instance_types: Vec<WeightedName>,
    pub images: Vec<ImageSeed>,
    pub shared_spaces: Vec<SharedSpaceSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSeed {
    pub name: String,
    pub environment: String,
    pub status: String,
    pub auth_mode: String,
    pub network_mode: String,
    pub kms_key: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    pub tag_propagation: Option<String>,
    pub execution_role_identity: Option<String>,
    pub default_execution_role: Option<String>,
    /// DefaultSpaceSettings.ExecutionRole (shared spaces).
    #[serde(default)]
    pub space_execution_role: Option<String>,
    /// Native idle shutdown in the default user settings, per app type.
    #[serde(default)]
    pub idle_shutdown: Vec<crate::model::IdleShutdown>,
    pub created_days_ago: i64,
    pub modified_days_ago: i64,
    pub users: usize,
    #[serde(default)]
    pub untagged_users: usize,
    pub teams: Vec<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSeed {
    pub name: String,
    pub role: String,
    pub bucket: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedName {
    pub name: String,
    pub weight: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSeed {
    pub name: String,
    pub first_party: bool,
    pub kernel_prefix: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedSpaceSeed {
    pub domain: String,
    pub name: String,
    pub status: String,
    pub app_type: String,
    pub instance_type: String,
    pub created_days_ago: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlueSeed {
    pub scripts_bucket: String,
    pub security_configuration: String,
    pub jobs: Vec<JobSeed>,
    pub errors: GlueErrors,
    pub crawlers: Vec<CrawlerSeed>,
}

/// How often a job runs, which sets the spacing and length of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Hourly,
    Daily,
    Weekly,
    Adhoc,
    Streaming,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSeed {
    pub name: String,
    pub team: String,
    pub command: String,
    pub glue_version: String,
    pub worker_type: Option<String>,
    pub workers: Option<u32>,
    pub max_capacity: Option<f64>,
    pub cadence: Cadence,
    pub runtime_mins: u64,
    pub timeout: Option<u32>,
    pub description: String,
    #[serde(default)]
    pub flaky: bool,
    /// Forced state of the newest run.
    pub last: Option<String>,
    /// Error message (template) of the newest run, instead of a random one.
    pub last_error: Option<String>,
    /// True for a job without a security configuration (a finding).
    #[serde(default)]
    pub unsecured: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlueErrors {
    pub glueetl: Vec<String>,
    pub pythonshell: Vec<String>,
    pub glueray: Vec<String>,
    pub gluestreaming: Vec<String>,
    pub error: Vec<String>,
    pub timeout: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlerSeed {
    pub name: String,
    pub state: String,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub last_started_hours_ago: Option<i64>,
    pub schedule: Option<String>,
    pub database: Option<String>,
    pub role: String,
    pub targets: Vec<String>,
    pub created_days_ago: i64,
    pub updated_days_ago: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrSeed {
    pub repositories: Vec<EcrRepoSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrRepoSeed {
    pub name: String,
    pub tag_mutability: String,
    pub scan_on_push: bool,
    pub kms_key: Option<String>,
    pub created_days_ago: i64,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub images: Vec<EcrImageSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrImageSeed {
    pub tags: Vec<String>,
    pub size_gb: f64,
    pub pushed_days_ago: i64,
    /// `COMPLETE`, `IN_PROGRESS`, `FAILED` or `NONE` (never scanned).
    pub scan: String,
    /// `[critical, high, medium, low, informational, undefined]`.
    pub findings: Option<[u32; 6]>,
    pub pulled_hours_ago: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagesSeed {
    pub domain: String,
    pub domain_owner: String,
    pub repositories: Vec<ArtifactRepoSeed>,
    pub packages: Vec<PackageSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactRepoSeed {
    pub name: String,
    pub description: Option<String>,
    pub external_connection: Option<String>,
    #[serde(default)]
    pub upstreams: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSeed {
    pub name: String,
    /// Oldest first.
    pub versions: Vec<String>,
    #[serde(default)]
    pub unlisted: Vec<String>,
    #[serde(default)]
    pub archived: Vec<String>,
    #[serde(default)]
    pub unfinished: Vec<String>,
    #[serde(default)]
    pub disposed: Vec<String>,
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub cached: bool,
    pub publish: Option<String>,
    pub upstream: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointsSeed {
    pub kms_key: String,
    pub endpoints: Vec<EndpointSeed>,
    /// Models (named by the variants) created without a VpcConfig.
    #[serde(default)]
    pub models_outside_vpc: Vec<String>,
    /// Models created without EnableNetworkIsolation.
    #[serde(default)]
    pub models_without_isolation: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSeed {
    pub name: String,
    pub status: String,
    pub team: Option<String>,
    pub environment: String,
    pub kms: bool,
    pub data_capture: bool,
    pub failure_reason: Option<String>,
    pub created_days_ago: i64,
    pub modified_days_ago: i64,
    pub variants: Vec<VariantSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSeed {
    pub name: String,
    pub model: String,
    pub instance_type: String,
    pub weight: f64,
    pub desired_weight: Option<f64>,
    pub instances: u32,
    pub desired_instances: Option<u32>,
    /// Invocations per day the demo's CloudWatch reports (0 when absent:
    /// an endpoint nobody calls, the idle-endpoint candidate).
    #[serde(default)]
    pub daily_invocations: f64,
}

/// assets/demo/models.toml: the Model Registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsSeed {
    pub groups: Vec<ModelGroupSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelGroupSeed {
    pub name: String,
    pub team: String,
    pub description: String,
    pub created_days_ago: i64,
    /// The inference image every version of the group runs.
    pub image: String,
    pub versions: Vec<ModelVersionSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelVersionSeed {
    pub version: u32,
    pub approval: String,
    pub days_ago: i64,
    /// The Studio user who registered it.
    pub by: String,
    /// Who approved or rejected it, and why.
    pub reviewer: Option<String>,
    pub note: Option<String>,
    /// The SageMaker model (endpoints.toml) made from this version.
    pub model: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_file_parses() {
        let seed = Seed::load().unwrap_or_else(|e| panic!("{e}"));
        assert!(seed.people.first_names.len() >= 40);
        assert!(!seed.glue.jobs.is_empty());
    }

    #[test]
    fn parse_errors_name_the_file() {
        let err = parse::<People>("people.toml", "first_names = 3").unwrap_err();
        assert!(err.contains("assets/demo/people.toml"), "{err}");
    }

    #[test]
    fn model_versions_name_known_teams_models_and_approvals() {
        let seed = Seed::load().unwrap_or_else(|e| panic!("{e}"));
        let models: Vec<&str> = seed
            .endpoints
            .endpoints
            .iter()
            .flat_map(|e| e.variants.iter().map(|v| v.model.as_str()))
            .collect();
        for g in &seed.models.groups {
            assert!(
                seed.estate.teams.iter().any(|t| t.name == g.team),
                "{}",
                g.name
            );
            for v in &g.versions {
                assert!(
                    ["Approved", "Rejected", "PendingManualApproval"]
                        .contains(&v.approval.as_str()),
                    "{} {}",
                    g.name,
                    v.approval
                );
                if let Some(m) = &v.model {
                    assert!(
                        models.contains(&m.as_str()),
                        "{} names unknown model {m}",
                        g.name
                    );
                }
            }
        }
    }

    #[test]
    fn teams_referenced_by_domains_exist() {
        let seed = Seed::load().unwrap_or_else(|e| panic!("{e}"));
        for d in &seed.estate.domains {
            for t in &d.teams {
                assert!(
                    seed.estate.teams.iter().any(|s| &s.name == t),
                    "domain {} names unknown team {t}",
                    d.name
                );
            }
        }
        for j in &seed.glue.jobs {
            assert!(
                seed.estate.teams.iter().any(|s| s.name == j.team),
                "{}",
                j.name
            );
        }
    }
}

/// assets/demo/studio.toml: lifecycle configurations and idle settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudioSeed {
    #[serde(default)]
    pub lifecycle_configs: Vec<LifecycleConfigSeed>,
    #[serde(default)]
    pub profile_idle: Vec<ProfileIdleSeed>,
    #[serde(default)]
    pub space_idle: Vec<SpaceIdleSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleConfigSeed {
    pub name: String,
    pub app_type: String,
    pub created_days_ago: i64,
    pub modified_days_ago: i64,
    /// Domains whose default settings attach it.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Teams whose profiles attach it.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Spaces that attach it.
    #[serde(default)]
    pub spaces: Vec<String>,
    /// Saved with Windows line endings.
    #[serde(default)]
    pub crlf: bool,
    pub script: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileIdleSeed {
    pub domain: String,
    pub team: String,
    pub idle_shutdown: Vec<crate::model::IdleShutdown>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaceIdleSeed {
    pub space: String,
    pub timeout_minutes: u32,
}

/// assets/demo/roles.toml: the execution roles' policies.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesSeed {
    #[serde(default)]
    pub policies: Vec<PolicySeed>,
    #[serde(default)]
    pub roles: Vec<RoleSeed>,
    #[serde(default)]
    pub profile_roles: Vec<ProfileRoleSeed>,
}

/// A customer managed policy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySeed {
    pub name: String,
    pub document: String,
}

/// The policies of every role whose name matches `name` (one `*` at most).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSeed {
    pub name: String,
    #[serde(default)]
    pub attached: Vec<String>,
    /// Inline policy name → document (`{*}`: what the `*` matched).
    #[serde(default)]
    pub inline: std::collections::BTreeMap<String, String>,
}

/// Profiles of `teams` in `domain` that run as `role`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRoleSeed {
    pub domain: String,
    pub teams: Vec<String>,
    pub role: String,
}
