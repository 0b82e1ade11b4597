//! Loads what the rules need through the `Cloud` traits and runs them.
//!
//! Every source loads at once; per-item follow-ups (images of each ECR
//! repository, packages of each CodeArtifact repository, Git states) run a
//! few at a time. A source that fails (AccessDenied, throttling …) becomes a
//! "not checked" entry naming the rules it would have fed: the other
//! sources' findings still count. A source only disabled rules need is not
//! loaded at all, which is how an auditor without, say, CodeArtifact
//! permissions keeps a clean run.

use std::collections::BTreeMap;
use std::future::Future;

use futures::stream::{self, StreamExt};

use super::{
    evaluate, registry, roles, studio, Cause, GovernanceConfig, Inventory, NotChecked, Report,
    RuleId,
};
use crate::cloud::{Cloud, CloudResult, Collector};
use crate::gitsync::status::{sync_states, JobScript};
use crate::gitsync::{GitSettings, SyncState};
use crate::inventory::roles::{Roles, Sources, Unread};
use crate::inventory::studio::Studio;
use crate::inventory::{self, Gaps};
use crate::model::{ArtifactRepository, EcrRepository, GlueJob, Image, Package, SageMakerModel};

/// Follow-up lists (images, packages) and S3 reads in flight at once per
/// source: enough to be quick, few enough not to trip rate limits.
const FOLLOW_UPS: usize = 4;

use RuleId::*;

const DOMAIN_RULES: &[RuleId] = &[
    DomainNotVpcOnly,
    DomainNoKmsKey,
    DomainNoSourceIdentity,
    DomainIdleShutdown,
    // The default execution role of profiles without their own.
    UserRoleNotAllowed,
    // Where lifecycle configurations are attached, and idle settings.
    LifecycleConfigUnattached,
    AppIdlePastLimit,
    // Who runs as which execution role.
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
const USER_RULES: &[RuleId] = &[
    UserMissingTags,
    UserRoleNotAllowed,
    LifecycleConfigUnattached,
    AppIdlePastLimit,
    // Who runs as which execution role.
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
pub(super) const NOTEBOOK_RULES: &[RuleId] = &[NotebookDirectInternet, NotebookRootAccess];
/// Notebooks, training jobs, models, endpoints and Glue jobs also say
/// which execution role they run as.
const NOTEBOOK_SOURCE_RULES: &[RuleId] = &[
    NotebookDirectInternet,
    NotebookRootAccess,
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
pub(super) const TRAINING_RULES: &[RuleId] = &[TrainingJobNoVpc, TrainingJobNoEncryption];
const TRAINING_SOURCE_RULES: &[RuleId] = &[
    TrainingJobNoVpc,
    TrainingJobNoEncryption,
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
pub(super) const MODEL_RULES: &[RuleId] = &[ModelNoVpc, ModelNoNetworkIsolation];
/// The registry rule reads the models (which version each was made from)
/// and the endpoints (which models they serve).
const REGISTRY_RULES: &[RuleId] = &[EndpointModelPackageNotApproved];
const MODEL_SOURCE_RULES: &[RuleId] = &[
    ModelNoVpc,
    ModelNoNetworkIsolation,
    EndpointModelPackageNotApproved,
    // Who runs as which execution role.
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
const ENDPOINT_RULES: &[RuleId] = &[
    EndpointNoKmsKey,
    EndpointNoDataCapture,
    EndpointSingleInstance,
    EndpointModelPackageNotApproved,
    // Who runs as which execution role.
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
const IMAGE_RULES: &[RuleId] = &[ImageCriticalFindings, ImageHighFindings, ImageNotScanned];
const ECR_RULES: &[RuleId] = &[
    RepositoryNoScanOnPush,
    ImageCriticalFindings,
    ImageHighFindings,
    ImageNotScanned,
];
const GLUE_RULES: &[RuleId] = &[
    GlueJobNoSecurityConfiguration,
    GlueJobScriptDrift,
    GlueJobLastRunFailed,
    // Who runs as which execution role.
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
const ARTIFACT_RULES: &[RuleId] = &[RepositoryExternalConnection, PackagePublishAndUpstream];

/// Loads the estate and checks it: findings worst first, and what could
/// not be checked. Never fails as a whole.
pub async fn check(cloud: &Cloud, config: &GovernanceConfig, git: &GitSettings) -> Report {
    check_at(cloud, config, git, chrono::Utc::now()).await
}

/// [`check`] with idle apps measured at `now` (a fixed clock in tests).
pub async fn check_at(
    cloud: &Cloud,
    config: &GovernanceConfig,
    git: &GitSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> Report {
    let sm = &cloud.sagemaker;
    // One join: every source is in flight at once, each on its own.
    let (domains, users, notebooks, training, models, endpoints, ecr, glue, artifacts) = futures::join!(
        source(config, DOMAIN_RULES, "sagemaker:ListDomains", async {
            let domains = crate::collect_all!(sm, list_domains)?;
            // A domain whose settings are unknown is "not checked" by name.
            Ok(inventory::fill_all(cloud, domains, &Gaps::default()).await)
        }),
        source(config, USER_RULES, "sagemaker:ListUserProfiles", async {
            let users = crate::collect_all!(sm, list_user_profiles)?;
            Ok(inventory::fill_all(cloud, users, &Gaps::default()).await)
        }),
        source(
            config,
            NOTEBOOK_SOURCE_RULES,
            "sagemaker:ListNotebookInstances",
            async {
                let notebooks = crate::collect_all!(sm, list_notebook_instances)?;
                Ok(inventory::fill_all(cloud, notebooks, &Gaps::default()).await)
            }
        ),
        source(
            config,
            TRAINING_SOURCE_RULES,
            "sagemaker:ListTrainingJobs",
            async {
                let jobs = crate::collect_all!(sm, list_training_jobs)?;
                Ok(inventory::fill_all(cloud, jobs, &Gaps::default()).await)
            }
        ),
        source(config, MODEL_SOURCE_RULES, "sagemaker:ListModels", async {
            let models = crate::collect_all!(sm, list_models)?;
            Ok(inventory::fill_all(cloud, models, &Gaps::default()).await)
        }),
        source(config, ENDPOINT_RULES, "sagemaker:ListEndpoints", async {
            let endpoints = crate::collect_all!(sm, list_endpoints)?;
            Ok(inventory::fill_all(cloud, endpoints, &Gaps::default()).await)
        }),
        ecr_source(cloud, config),
        glue_source(cloud, config, git),
        artifact_source(cloud, config),
    );
    let mut not_checked: Vec<NotChecked> = [
        domains.1,
        users.1,
        notebooks.1,
        training.1,
        models.1,
        endpoints.1,
    ]
    .into_iter()
    .flatten()
    .collect();
    let model_approvals = approvals(cloud, config, &models.0).await;
    let studio = if config.any_enabled(studio::STUDIO_RULES) {
        let studio = Studio::around(cloud, domains.0.clone(), users.0.clone()).await;
        if let Err(e) = &studio.configs {
            not_checked.push(self::not_checked(
                "sagemaker:ListStudioLifecycleConfigs",
                studio::CONFIG_RULES,
                config,
                e.to_string(),
            ));
        }
        Some(studio)
    } else {
        None
    };
    let mut inv = Inventory {
        domains: domains.0,
        user_profiles: users.0,
        notebooks: notebooks.0,
        training_jobs: training.0,
        models: models.0,
        endpoints: endpoints.0,
        model_approvals,
        studio,
        now,
        ..Inventory::default()
    };
    (inv.ecr_repositories, inv.images) = ecr.rows;
    (inv.glue_jobs, inv.git_states) = glue.rows;
    (inv.artifact_repositories, inv.packages) = artifacts.rows;
    if config.any_enabled(roles::ROLE_RULES) {
        inv.roles = Some(execution_roles(cloud, &inv).await);
    }
    not_checked.extend(ecr.notes);
    not_checked.extend(glue.notes);
    not_checked.extend(artifacts.notes);
    not_checked.extend(unconfigured(config));
    let (findings, unchecked) = evaluate(&inv, config);
    not_checked.extend(unchecked);
    Report {
        findings,
        not_checked,
    }
}

/// The execution roles of what the check loaded (and the spaces, listed
/// here unless the Studio snapshot has them). A source that failed is
/// already "not checked" for its own rules; the roles it would have named
/// are missing, which `roles::check` reports from the snapshot's gaps.
async fn execution_roles(cloud: &Cloud, inv: &Inventory) -> Roles {
    let (spaces, gaps) = match &inv.studio {
        Some(studio) => {
            let gaps = studio
                .gaps
                .iter()
                .filter(|(_, why)| why.action == "sagemaker:ListSpaces")
                .map(|(domain, why)| {
                    Unread::of(format!("spaces of {}", studio.domain_name(domain)), why)
                })
                .collect();
            (studio.spaces.clone(), gaps)
        }
        None => inventory::roles::spaces_of(cloud, &inv.domains).await,
    };
    let caller = cloud
        .identity
        .caller_identity()
        .await
        .map_err(|e| e.why("sts:GetCallerIdentity"));
    let src = Sources {
        domains: &inv.domains,
        profiles: &inv.user_profiles,
        spaces: &spaces,
        notebooks: &inv.notebooks,
        training_jobs: &inv.training_jobs,
        models: &inv.models,
        endpoints: &inv.endpoints,
        glue_jobs: &inv.glue_jobs,
        caller: Some(&caller),
    };
    Roles::around(cloud, &src, gaps).await
}

/// The approval of each model package version the models were made from
/// (DescribeModelPackage, a few at a time); a refused one is unknown, so
/// the endpoints serving it are "not checked", never passed.
async fn approvals(
    cloud: &Cloud,
    config: &GovernanceConfig,
    models: &[SageMakerModel],
) -> registry::Approvals {
    if !config.any_enabled(REGISTRY_RULES) {
        return registry::Approvals::new();
    }
    let mut packages: Vec<String> = models
        .iter()
        .filter_map(|m| m.described.known()?.model_package.clone())
        .collect();
    packages.sort();
    packages.dedup();
    stream::iter(packages)
        .map(|package| async move {
            let approval = inventory::detail(
                cloud.sagemaker.describe_model_package(&package).await,
                "sagemaker:DescribeModelPackage",
            )
            .map(|v| v.approval);
            (registry::approval_key(&package), approval)
        })
        .buffered(FOLLOW_UPS)
        .collect()
        .await
}

/// Rules that are on but have nothing to compare with.
fn unconfigured(config: &GovernanceConfig) -> Vec<NotChecked> {
    let mut out = Vec::new();
    if config.setting(UserRoleNotAllowed).enabled && config.allowed_roles().next().is_none() {
        out.push(NotChecked {
            resources: Vec::new(),
            cause: Cause::NotConfigured,
            source: UserRoleNotAllowed.id().to_owned(),
            rules: vec![UserRoleNotAllowed],
            reason: "no allowed roles: set [governance] allowed_execution_roles or define [teams.NAME] execution_role".to_owned(),
        });
    }
    if config.setting(RepositoryExternalConnection).enabled && config.closed_repositories.is_empty()
    {
        out.push(NotChecked {
            resources: Vec::new(),
            cause: Cause::NotConfigured,
            source: RepositoryExternalConnection.id().to_owned(),
            rules: vec![RepositoryExternalConnection],
            reason: "no repositories named: set [governance] closed_repositories".to_owned(),
        });
    }
    if config.setting(ExecutionRoleS3WithoutTagCondition).enabled
        && config.require_object_tag.is_none()
    {
        out.push(NotChecked {
            resources: Vec::new(),
            cause: Cause::NotConfigured,
            source: ExecutionRoleS3WithoutTagCondition.id().to_owned(),
            rules: vec![ExecutionRoleS3WithoutTagCondition],
            reason:
                "no object tag named: set [governance] require_object_tag (e.g. \"Classification\")"
                    .to_owned(),
        });
    }
    out
}

/// Rows of a source with what went wrong loading it.
struct Loaded<T> {
    rows: T,
    notes: Vec<NotChecked>,
}

fn not_checked(
    source: impl Into<String>,
    rules: &[RuleId],
    config: &GovernanceConfig,
    reason: String,
) -> NotChecked {
    NotChecked {
        resources: Vec::new(),
        cause: Cause::Failed,
        source: source.into(),
        rules: rules
            .iter()
            .copied()
            .filter(|r| config.setting(*r).enabled)
            .collect(),
        reason,
    }
}

/// Loads one list if any of `rules` is on; a failure becomes a note.
async fn source<T>(
    config: &GovernanceConfig,
    rules: &[RuleId],
    name: &str,
    load: impl Future<Output = CloudResult<Vec<T>>>,
) -> (Vec<T>, Option<NotChecked>) {
    if !config.any_enabled(rules) {
        return (Vec::new(), None);
    }
    match load.await {
        Ok(rows) => (rows, None),
        Err(e) => (
            Vec::new(),
            Some(not_checked(name, rules, config, e.to_string())),
        ),
    }
}

async fn ecr_source(
    cloud: &Cloud,
    config: &GovernanceConfig,
) -> Loaded<(Vec<EcrRepository>, Vec<Image>)> {
    let (repos, note) = source(config, ECR_RULES, "ecr:DescribeRepositories", async {
        crate::collect_all!(cloud.ecr, list_repositories)
    })
    .await;
    let mut notes: Vec<NotChecked> = note.into_iter().collect();
    let mut images = Vec::new();
    if config.any_enabled(IMAGE_RULES) {
        let names: Vec<String> = repos.iter().map(|r| r.name.clone()).collect();
        let results: Vec<(String, CloudResult<Vec<Image>>)> = stream::iter(names)
            .map(|name| images_of(cloud, name))
            .buffered(FOLLOW_UPS)
            .collect()
            .await;
        for (repo, result) in results {
            match result {
                Ok(rows) => images.extend(rows),
                Err(e) => notes.push(not_checked(
                    format!("ecr:DescribeImages {repo}"),
                    IMAGE_RULES,
                    config,
                    e.to_string(),
                )),
            }
        }
    }
    Loaded {
        rows: (repos, images),
        notes,
    }
}

async fn glue_source(
    cloud: &Cloud,
    config: &GovernanceConfig,
    git: &GitSettings,
) -> Loaded<(Vec<GlueJob>, BTreeMap<String, SyncState>)> {
    let (jobs, note) = source(config, GLUE_RULES, "glue:GetJobs", async {
        let jobs = crate::collect_all!(cloud.glue, list_jobs)?;
        // Unknown last runs become per-job "not checked" entries.
        Ok(inventory::fill_all(cloud, jobs, &Gaps::default()).await)
    })
    .await;
    let mut notes: Vec<NotChecked> = note.into_iter().collect();
    let mut states = BTreeMap::new();
    if config.setting(GlueJobScriptDrift).enabled && !jobs.is_empty() {
        let scripts = jobs.iter().map(JobScript::of).collect();
        let found = std::sync::Mutex::new(Vec::new());
        sync_states(cloud, git, scripts, FOLLOW_UPS, |job, state| {
            found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((job, state));
        })
        .await;
        let found = found
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (job, state) in found {
            match state {
                // No mapping: the rule does not apply to this job.
                SyncState::NotMapped { .. } => {}
                SyncState::Error { message } => notes.push(not_checked(
                    format!("Git sync of Glue job {job}"),
                    &[GlueJobScriptDrift],
                    config,
                    message,
                )),
                state => {
                    states.insert(job, state);
                }
            }
        }
    }
    Loaded {
        rows: (jobs, states),
        notes,
    }
}

async fn artifact_source(
    cloud: &Cloud,
    config: &GovernanceConfig,
) -> Loaded<(Vec<ArtifactRepository>, Vec<Package>)> {
    let (repos, note) = source(
        config,
        ARTIFACT_RULES,
        "codeartifact:ListRepositories",
        async {
            let repos = crate::collect_all!(cloud.codeartifact, list_repositories)?;
            // A repository whose sources are unknown is "not checked" by name.
            Ok(inventory::fill_all(cloud, repos, &Gaps::default()).await)
        },
    )
    .await;
    let mut notes: Vec<NotChecked> = note.into_iter().collect();
    let mut packages = Vec::new();
    if config.setting(PackagePublishAndUpstream).enabled {
        // Only repositories something upstream can feed are at risk.
        let fed: Vec<(String, String)> = repos
            .iter()
            .filter(|r| !r.upstreams().is_empty() || !r.external_connections().is_empty())
            .map(|r| (r.domain.clone(), r.name.clone()))
            .collect();
        let results: Vec<(String, CloudResult<Vec<Package>>)> = stream::iter(fed)
            .map(|(domain, name)| packages_of(cloud, domain, name))
            .buffered(FOLLOW_UPS)
            .collect()
            .await;
        for (repo, result) in results {
            match result {
                Ok(rows) => packages.extend(rows),
                Err(e) => notes.push(not_checked(
                    format!("codeartifact:ListPackages {repo}"),
                    &[PackagePublishAndUpstream],
                    config,
                    e.to_string(),
                )),
            }
        }
    }
    Loaded {
        rows: (repos, packages),
        notes,
    }
}

/// One repository's images, named for the not-checked note. (An `async fn`
/// rather than a closure's async block keeps the future `Send` for the
/// TUI's spawned load.)
async fn images_of(cloud: &Cloud, repository: String) -> (String, CloudResult<Vec<Image>>) {
    let sink = Collector::default();
    let result = match cloud.ecr.list_images(&repository, &sink).await {
        Ok(()) => Ok(inventory::fill_all(cloud, sink.into_vec(), &Gaps::default()).await),
        Err(e) => Err(e),
    };
    (repository, result)
}

async fn packages_of(
    cloud: &Cloud,
    domain: String,
    repository: String,
) -> (String, CloudResult<Vec<Package>>) {
    let sink = Collector::default();
    let result = cloud
        .codeartifact
        .list_packages(&domain, &repository, &sink)
        .await;
    (
        format!("{domain}/{repository}"),
        result.map(|()| sink.into_vec()),
    )
}
