//! The in-memory demo estate: its state, how it is generated from the seed files,
//! and the read queries the `Cloud` traits answer from it.
//!
//! Derived fields (a profile's running-app count, a job's last run, counts of
//! images, packages and versions) are computed when read rather than stored, so a
//! later mutation (delete an app, start a run) can never leave them stale.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};

use super::rng::Rng;
use super::seed::{Cadence, DomainSeed, JobSeed, Seed};
use crate::cloud::{CloudError, CloudResult};
use crate::model::{
    App, ArtifactRepository, CallerIdentity, Crawler, Detail, Domain, DomainSettings,
    EcrRepository, Endpoint, EndpointConfig, EndpointSettings, FindingCounts, GlueDatabase,
    GlueJob, Image, JobRun, ModelPackageGroup, ModelPackageVersion, ModelSettings,
    NotebookInstance, NotebookSettings, Package, PackageVersion, ProfileSettings, RepositoryLinks,
    SageMakerModel, Scan, Space, SpaceSettings, Tag, Tagged, TrainingJob, TrainingSettings,
    UserProfile, Variant, VariantConfig, TEAM_TAG,
};

/// The tag key for prod/dev, next to `TeamName` in the reference architecture.
pub const ENV_TAG: &str = "EnvironmentType";

/// One CodeArtifact package in one repository, with its versions (newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct PackageEntry {
    pub package: Package,
    pub versions: Vec<PackageVersion>,
}

/// Everything the demo backend knows. Public fields so later mutating operations
/// can change it in place (through `DemoCloud::update`).
#[derive(Debug, Clone, PartialEq)]
pub struct Estate {
    pub account: String,
    pub region: String,
    /// The time the estate was built for ("now" in its seed's days-ago).
    pub anchor: DateTime<Utc>,
    pub domains: Vec<Domain>,
    pub user_profiles: Vec<UserProfile>,
    pub apps: Vec<App>,
    pub spaces: Vec<Space>,
    pub endpoints: Vec<Endpoint>,
    pub glue_jobs: Vec<GlueJob>,
    /// Job name → runs, newest first.
    pub job_runs: BTreeMap<String, Vec<JobRun>>,
    pub crawlers: Vec<Crawler>,
    pub ecr_repositories: Vec<EcrRepository>,
    /// Repository name → images, newest push first.
    pub images: BTreeMap<String, Vec<Image>>,
    pub artifact_repositories: Vec<ArtifactRepository>,
    pub packages: Vec<PackageEntry>,
    pub notebook_instances: Vec<NotebookInstance>,
    pub training_jobs: Vec<TrainingJob>,
    /// The models the endpoints' variants run.
    pub models: Vec<SageMakerModel>,
    /// The Model Registry (models.toml): groups, and every version with
    /// its details known.
    pub model_package_groups: Vec<ModelPackageGroup>,
    pub model_packages: Vec<ModelPackageVersion>,
    /// Studio lifecycle configurations (studio.toml), scripts known.
    pub lifecycle_configs: Vec<crate::model::LifecycleConfig>,
    /// The execution roles' policies (roles.toml), read as IAM answers.
    pub roles: super::seed::RolesSeed,
    /// (endpoint, variant) → `Invocations` per day, for the demo's CloudWatch.
    pub daily_invocations: BTreeMap<(String, String), f64>,
    /// Endpoint name → reads left until an update in progress is InService.
    pub endpoint_polls: BTreeMap<String, u8>,
    /// (repository, image digest) → when its scan started: it completes
    /// after [`SCAN_TAKES`], at the next read.
    pub scans_started: BTreeMap<(String, String), std::time::Instant>,
    /// S3: the Glue jobs' scripts at their ScriptLocations.
    pub objects: super::scripts::ObjectStore,
    /// CloudTrail's event history of the estate, newest first (made from
    /// the rest by `DemoCloud::new`).
    pub trail: Vec<crate::model::trail::TrailEvent>,
}

/// How long a demo image scan runs (ECR's take a minute or two).
pub const SCAN_TAKES: std::time::Duration = std::time::Duration::from_secs(5);

/// `d-` + 12 lowercase alphanumerics, derived from the domain name so the id is
/// stable across runs and shared with `synthetic_user_profiles`.
pub fn domain_id(name: &str) -> String {
    format!(
        "d-{}",
        Rng::for_key(&format!("domain:{name}")).lower_alnum(12)
    )
}

fn days(anchor: DateTime<Utc>, n: i64) -> DateTime<Utc> {
    anchor - Duration::days(n)
}

fn tags_from(map: &BTreeMap<String, String>) -> Vec<Tag> {
    map.iter().map(|(k, v)| Tag::new(k, v)).collect()
}

/// Glue DPUs per worker (AWS pricing docs: G.025X is a quarter DPU, Ray's Z.2X two M-DPUs).
fn dpu_per_worker(worker_type: &str) -> f64 {
    match worker_type {
        "G.025X" => 0.25,
        "G.1X" => 1.0,
        "G.2X" | "Z.2X" => 2.0,
        "G.4X" => 4.0,
        "G.8X" => 8.0,
        _ => 1.0,
    }
}

impl Estate {
    /// Builds the estate for `anchor`. Fails only when the seed files refer to
    /// something they do not define (a team, a domain), naming the file.
    pub fn generate(seed: &Seed, anchor: DateTime<Utc>) -> Result<Estate, String> {
        let account = seed.estate.account.clone();
        let region = seed.estate.region.clone();
        let mut estate = Estate {
            account,
            region,
            anchor,
            domains: Vec::new(),
            user_profiles: Vec::new(),
            apps: Vec::new(),
            spaces: Vec::new(),
            endpoints: Vec::new(),
            glue_jobs: Vec::new(),
            job_runs: BTreeMap::new(),
            crawlers: Vec::new(),
            ecr_repositories: Vec::new(),
            images: BTreeMap::new(),
            artifact_repositories: Vec::new(),
            packages: Vec::new(),
            notebook_instances: Vec::new(),
            training_jobs: Vec::new(),
            models: Vec::new(),
            model_package_groups: Vec::new(),
            model_packages: Vec::new(),
            lifecycle_configs: Vec::new(),
            roles: seed.roles.clone(),
            daily_invocations: BTreeMap::new(),
            endpoint_polls: BTreeMap::new(),
            scans_started: BTreeMap::new(),
            objects: Default::default(),
            trail: Vec::new(),
        };
        estate.gen_domains(seed, anchor);
        estate.gen_users(seed, anchor)?;
        estate.gen_profile_roles(&seed.roles)?;
        estate.gen_apps_and_spaces(seed, anchor)?;
        estate.gen_studio(&seed.studio, anchor)?;
        estate.gen_endpoints(seed, anchor);
        estate.gen_model_registry(seed, anchor)?;
        estate.gen_glue(seed, anchor)?;
        estate.objects = super::scripts::ObjectStore::with_scripts(&estate.glue_jobs);
        estate.gen_crawlers(seed, anchor);
        estate.gen_ecr(seed, anchor);
        estate.gen_codeartifact(seed, anchor)?;
        estate.gen_notebooks_and_training(anchor);
        Ok(estate)
    }

    /// A few classic notebook instances (one left open to the internet with root
    /// access, as estates that predate Studio often have) and recent training jobs.
    fn gen_notebooks_and_training(&mut self, anchor: DateTime<Utc>) {
        let days = |d: i64| Some(anchor - chrono::Duration::days(d));
        let kms = self
            .domains
            .iter()
            .find_map(|d| d.settings.known().and_then(|s| s.kms_key_id.clone()));
        let notebooks = [
            (
                "legacy-claims-eda",
                "InService",
                "ml.t3.large",
                "Enabled",
                "Enabled",
                false,
                412,
            ),
            (
                "pricing-glm-sandbox",
                "Stopped",
                "ml.m5.xlarge",
                "Disabled",
                "Disabled",
                true,
                150,
            ),
            (
                "fraud-graph-prototype",
                "InService",
                "ml.g4dn.xlarge",
                "Disabled",
                "Enabled",
                true,
                38,
            ),
        ];
        for (name, status, itype, internet, root, private, age) in notebooks {
            self.notebook_instances.push(NotebookInstance {
                name: name.to_owned(),
                arn: self.sm_arn(&format!("notebook-instance/{name}")),
                status: status.to_owned(),
                instance_type: Some(itype.to_owned()),
                described: Detail::Known(NotebookSettings {
                    direct_internet_access: Some(internet.to_owned()),
                    root_access: Some(root.to_owned()),
                    subnet_id: private.then(|| "subnet-0a1b2c3d4e5f60718".to_owned()),
                    security_groups: if private {
                        vec!["sg-0d5e6f708192a3b4c".to_owned()]
                    } else {
                        Vec::new()
                    },
                    kms_key_id: if private { kms.clone() } else { None },
                    role_arn: Some(format!(
                        "arn:aws:iam::{}:role/ds-notebook-execution",
                        self.account
                    )),
                }),
                created: days(age),
                last_modified: days(age / 3),
            });
        }
        let jobs = [
            (
                "claims-fraud-xgb-v14-train",
                "Completed",
                "ml.m5.4xlarge",
                2,
                true,
                false,
                3_840,
                3,
            ),
            (
                "claims-fraud-lgbm-v3-train",
                "Completed",
                "ml.m5.2xlarge",
                1,
                true,
                true,
                2_100,
                9,
            ),
            (
                "motor-pricing-gbm-2026q4",
                "InProgress",
                "ml.c5.9xlarge",
                4,
                true,
                false,
                0,
                0,
            ),
            (
                "churn-catboost-v6-train",
                "Failed",
                "ml.m5.xlarge",
                1,
                false,
                false,
                420,
                12,
            ),
            (
                "claims-triage-bert-finetune",
                "Completed",
                "ml.g5.2xlarge",
                1,
                true,
                true,
                9_600,
                20,
            ),
        ];
        for (name, status, itype, count, vpc, spot, secs, age) in jobs {
            let billable = if spot { secs * 3 / 10 } else { secs };
            self.training_jobs.push(TrainingJob {
                name: name.to_owned(),
                arn: self.sm_arn(&format!("training-job/{name}")),
                status: status.to_owned(),
                described: Detail::Known(TrainingSettings {
                    instance_type: Some(itype.to_owned()),
                    instance_count: Some(count),
                    in_vpc: vpc,
                    inter_container_encryption: vpc,
                    managed_spot: spot,
                    billable_secs: (secs > 0).then_some(billable),
                    training_secs: (secs > 0).then_some(secs),
                    role_arn: Some(format!(
                        "arn:aws:iam::{}:role/ds-training-execution",
                        self.account
                    )),
                    failure_reason: (status == "Failed").then(|| {
                        "AlgorithmError: ExecuteUserScriptError: Command \"/usr/local/bin/python3.10 train.py\" exited with code 1".to_owned()
                    }),
                }),
                created: days(age),
                ended: (status != "InProgress")
                    .then(|| anchor - chrono::Duration::days(age) + chrono::Duration::seconds(secs as i64)),
            });
        }
    }

    pub(super) fn sm_arn(&self, resource: &str) -> String {
        format!(
            "arn:aws:sagemaker:{}:{}:{resource}",
            self.region, self.account
        )
    }

    fn gen_domains(&mut self, seed: &Seed, anchor: DateTime<Utc>) {
        for d in &seed.estate.domains {
            let id = domain_id(&d.name);
            let domain = Domain {
                arn: self.sm_arn(&format!("domain/{id}")),
                url: Some(format!("https://{id}.studio.{}.sagemaker.aws", self.region)),
                id,
                name: d.name.clone(),
                status: d.status.clone(),
                settings: Detail::Known(DomainSettings {
                    auth_mode: d.auth_mode.clone(),
                    network_mode: d.network_mode.clone(),
                    kms_key_id: d.kms_key.clone(),
                    vpc_id: d.vpc_id.clone(),
                    subnet_ids: d.subnet_ids.clone(),
                    default_execution_role: d.default_execution_role.clone(),
                    space_execution_role: d.space_execution_role.clone(),
                    tag_propagation: d.tag_propagation.clone(),
                    execution_role_identity: d.execution_role_identity.clone(),
                    idle_shutdown: d.idle_shutdown.clone(),
                    space_idle_shutdown: Vec::new(),
                    lifecycle_configs: Vec::new(),
                }),
                created: Some(days(anchor, d.created_days_ago)),
                last_modified: Some(days(anchor, d.modified_days_ago)),
                tags: Detail::Known(tags_from(&d.tags)),
            };
            self.domains.push(domain);
        }
    }

    fn gen_users(&mut self, seed: &Seed, anchor: DateTime<Utc>) -> Result<(), String> {
        let people = &seed.people;
        if people.first_names.is_empty() || people.last_names.is_empty() {
            return Err("demo seed assets/demo/people.toml lists no names".into());
        }
        let mut rng = Rng::for_key("users");
        let mut used = BTreeSet::new();
        // Global position across domains, used to plant the few unhealthy profiles
        // at fixed places so every estate has them whatever the name draw.
        let mut position = 0usize;
        for d in &seed.estate.domains {
            if d.teams.is_empty() {
                return Err(format!(
                    "demo seed assets/demo/estate.toml: domain '{}' has no teams",
                    d.name
                ));
            }
            for i in 0..d.users {
                let (first, last) = loop {
                    let first = rng.pick(&people.first_names).cloned().unwrap_or_default();
                    let last = rng.pick(&people.last_names).cloned().unwrap_or_default();
                    if used.insert(format!("{first}-{last}")) {
                        break (first, last);
                    }
                };
                let untagged = i + d.untagged_users >= d.users;
                let team = if untagged {
                    None
                } else {
                    let t = &d.teams[(i + position / 3) % d.teams.len()];
                    Some(team_seed(seed, t, "estate.toml")?)
                };
                let status = match position {
                    6 => "Pending",
                    17 => "Failed",
                    29 => "Update_Failed",
                    35 => "Updating",
                    44 => "Delete_Failed",
                    _ => "InService",
                };
                let profile = self.make_profile(
                    d,
                    &first,
                    &last,
                    team.map(|t| (t.name.as_str(), t.role.as_str())),
                    status,
                    &mut rng,
                    anchor,
                );
                self.user_profiles.push(profile);
                position += 1;
            }
        }
        // Twins: a few prod users who also hold a sandbox profile of the same name.
        let sandbox = seed
            .estate
            .domains
            .iter()
            .find(|d| d.network_mode == "PublicInternetOnly");
        if let Some(sandbox) = sandbox {
            let prod_id = self
                .domains
                .first()
                .map(|d| d.id.clone())
                .unwrap_or_default();
            let twins: Vec<(String, Option<String>)> = self
                .user_profiles
                .iter()
                .filter(|p| p.domain_id == prod_id && p.status == "InService")
                .take(seed.estate.sandbox_twins)
                .map(|p| (p.name.clone(), p.team().map(str::to_string)))
                .collect();
            for (name, team) in twins {
                let (first, last) = name.split_once('-').unwrap_or((name.as_str(), ""));
                let team_name = team
                    .filter(|t| sandbox.teams.contains(t))
                    .unwrap_or_else(|| sandbox.teams[0].clone());
                let t = team_seed(seed, &team_name, "estate.toml")?;
                let profile = self.make_profile(
                    sandbox,
                    first,
                    last,
                    Some((t.name.as_str(), t.role.as_str())),
                    "InService",
                    &mut rng,
                    anchor,
                );
                self.user_profiles.push(profile);
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn make_profile(
        &self,
        d: &DomainSeed,
        first: &str,
        last: &str,
        team: Option<(&str, &str)>,
        status: &str,
        rng: &mut Rng,
        anchor: DateTime<Utc>,
    ) -> UserProfile {
        let domain_id = domain_id(&d.name);
        let name = format!("{first}-{last}");
        let age = if status == "Pending" {
            0
        } else {
            rng.range(2, (d.created_days_ago - 1).max(3) as u64) as i64
        };
        let created = days(anchor, age) - Duration::minutes(rng.range(5, 600) as i64);
        let modified = if status == "InService" {
            created + Duration::days(rng.range(0, age as u64) as i64)
        } else {
            anchor - Duration::minutes(rng.range(3, 300) as i64)
        };
        let mut tags = Vec::new();
        if let Some((team_name, _)) = team {
            tags.push(Tag::new(TEAM_TAG, team_name));
            tags.push(Tag::new(ENV_TAG, d.environment.as_str()));
        }
        UserProfile {
            arn: self.sm_arn(&format!("user-profile/{domain_id}/{name}")),
            domain_id,
            domain_name: d.name.clone(),
            status: status.to_string(),
            profile: Detail::Known(ProfileSettings {
                execution_role: team
                    .map(|(_, role)| role.to_string())
                    .or_else(|| d.default_execution_role.clone()),
                sso_user: (d.auth_mode == "SSO")
                    .then(|| format!("{first}.{last}@harbourside-insurance.co.uk")),
                failure_reason: None,
                idle_shutdown: Vec::new(),
                lifecycle_configs: Vec::new(),
            }),
            // Counted from the apps when listed.
            apps_running: Detail::Pending,
            created: Some(created),
            last_modified: Some(modified),
            tags: Detail::Known(tags),
            name,
        }
    }

    fn gen_apps_and_spaces(&mut self, seed: &Seed, anchor: DateTime<Utc>) -> Result<(), String> {
        let weights: Vec<u32> = seed
            .estate
            .instance_types
            .iter()
            .map(|w| w.weight)
            .collect();
        let instance_names: Vec<&str> = seed
            .estate
            .instance_types
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        let image_arn = |img: &super::seed::ImageSeed| {
            let account = if img.first_party {
                &seed.estate.sagemaker_image_account
            } else {
                &seed.estate.account
            };
            let name = img.name.replace('.', "-");
            format!(
                "arn:aws:sagemaker:{}:{account}:image/{name}",
                seed.estate.region
            )
        };
        let mut apps = Vec::new();
        let mut spaces = Vec::new();
        for p in &self.user_profiles {
            // Failed and Pending profiles never got as far as launching anything.
            if matches!(p.status.as_str(), "Pending" | "Failed") {
                continue;
            }
            let mut rng = Rng::for_key(&format!("apps:{}:{}", p.domain_id, p.name));
            let instance = |rng: &mut Rng| {
                instance_names
                    .get(rng.weighted(&weights))
                    .copied()
                    .unwrap_or("ml.t3.medium")
                    .to_string()
            };
            // A user who cannot be deleted still has something running: that is why.
            let must_run = p.status == "Delete_Failed";
            for (app_type, chance, suffix) in [
                ("JupyterLab", 0.85, "jupyterlab"),
                ("CodeEditor", 0.35, "code-editor"),
            ] {
                if !(rng.chance(chance) || (must_run && app_type == "JupyterLab")) {
                    continue;
                }
                let space = format!("{}-{suffix}", p.name);
                let itype = instance(&mut rng);
                let status = if must_run {
                    "InService"
                } else {
                    app_status(&mut rng)
                };
                let image = seed
                    .estate
                    .images
                    .get(if rng.chance(0.6) {
                        0
                    } else {
                        rng.index(seed.estate.images.len())
                    })
                    .map(image_arn);
                let (created, activity) = app_times(&mut rng, status, anchor, p.created);
                apps.push(App {
                    domain_id: p.domain_id.clone(),
                    user_profile: Some(p.name.clone()),
                    space_name: Some(space.clone()),
                    app_type: app_type.to_string(),
                    name: "default".to_string(),
                    arn: self.sm_arn(&format!(
                        "app/{}/{space}/{}/default",
                        p.domain_id,
                        app_type.to_lowercase()
                    )),
                    status: status.to_string(),
                    instance_type: Some(itype.clone()),
                    image_arn: image,
                    lifecycle_config: None,
                    created: Some(created),
                    last_user_activity: activity,
                });
                let space_status =
                    ["InService", "Updating", "Failed", "Pending"][rng.weighted(&[92, 3, 3, 2])];
                let space_created = (created - Duration::days(rng.range(0, 120) as i64))
                    .max(p.created.unwrap_or(created))
                    .min(created);
                spaces.push(Space {
                    domain_id: p.domain_id.clone(),
                    arn: self.sm_arn(&format!("space/{}/{space}", p.domain_id)),
                    name: space,
                    status: space_status.to_string(),
                    owner: Some(p.name.clone()),
                    sharing: "Private".to_string(),
                    app_type: Some(app_type.to_string()),
                    instance_type: Some(itype),
                    created: Some(space_created),
                    last_modified: Some(created),
                    settings: Detail::Known(SpaceSettings::default()),
                });
            }
            // Classic Studio users: a JupyterServer plus one or two kernel gateways.
            if rng.chance(0.3) {
                let (created, activity) = app_times(&mut rng, "InService", anchor, p.created);
                apps.push(App {
                    domain_id: p.domain_id.clone(),
                    user_profile: Some(p.name.clone()),
                    space_name: None,
                    app_type: "JupyterServer".to_string(),
                    name: "default".to_string(),
                    arn: self.sm_arn(&format!(
                        "app/{}/{}/jupyterserver/default",
                        p.domain_id, p.name
                    )),
                    status: "InService".to_string(),
                    instance_type: Some("system".to_string()),
                    image_arn: None,
                    lifecycle_config: None,
                    created: Some(created),
                    last_user_activity: activity,
                });
                for _ in 0..rng.range(1, 2) {
                    let itype = instance(&mut rng);
                    let img = rng.pick(&seed.estate.images);
                    let prefix = img
                        .map(|i| i.kernel_prefix.as_str())
                        .unwrap_or("datascience");
                    let name = format!("{prefix}-{}-{}", itype.replace('.', "-"), rng.hex(4));
                    let status = app_status(&mut rng);
                    let (created, activity) = app_times(&mut rng, status, anchor, p.created);
                    apps.push(App {
                        domain_id: p.domain_id.clone(),
                        user_profile: Some(p.name.clone()),
                        space_name: None,
                        app_type: "KernelGateway".to_string(),
                        arn: self.sm_arn(&format!(
                            "app/{}/{}/kernelgateway/{name}",
                            p.domain_id, p.name
                        )),
                        name,
                        status: status.to_string(),
                        instance_type: Some(itype),
                        image_arn: img.map(image_arn),
                        lifecycle_config: None,
                        created: Some(created),
                        last_user_activity: activity,
                    });
                }
            }
        }
        for s in &seed.estate.shared_spaces {
            let domain = self
                .domains
                .iter()
                .find(|d| d.name == s.domain)
                .ok_or_else(|| {
                    format!(
                        "demo seed assets/demo/estate.toml: shared space '{}' names unknown domain '{}'",
                        s.name, s.domain
                    )
                })?;
            let mut rng = Rng::for_key(&format!("space:{}", s.name));
            // The owner is whoever created it: a team member if the space is named
            // after a team, else the domain's first user.
            let owner = self
                .user_profiles
                .iter()
                .filter(|p| p.domain_id == domain.id && p.status == "InService")
                .find(|p| p.team().is_some_and(|t| s.name.starts_with(t)))
                .or_else(|| self.user_profiles.iter().find(|p| p.domain_id == domain.id))
                .map(|p| p.name.clone());
            let created = days(anchor, s.created_days_ago);
            spaces.push(Space {
                domain_id: domain.id.clone(),
                name: s.name.clone(),
                arn: self.sm_arn(&format!("space/{}/{}", domain.id, s.name)),
                status: s.status.clone(),
                owner,
                sharing: "Shared".to_string(),
                app_type: Some(s.app_type.clone()),
                instance_type: Some(s.instance_type.clone()),
                created: Some(created),
                last_modified: Some(anchor - Duration::hours(rng.range(1, 400) as i64)),
                settings: Detail::Known(SpaceSettings::default()),
            });
            if s.status == "InService" || s.status == "Updating" {
                let status = if rng.chance(0.7) {
                    "InService"
                } else {
                    "Deleted"
                };
                let (created, activity) = app_times(&mut rng, status, anchor, Some(created));
                apps.push(App {
                    domain_id: domain.id.clone(),
                    user_profile: None,
                    space_name: Some(s.name.clone()),
                    app_type: s.app_type.clone(),
                    name: "default".to_string(),
                    arn: self.sm_arn(&format!(
                        "app/{}/{}/{}/default",
                        domain.id,
                        s.name,
                        s.app_type.to_lowercase()
                    )),
                    status: status.to_string(),
                    instance_type: Some(s.instance_type.clone()),
                    image_arn: seed.estate.images.first().map(image_arn),
                    lifecycle_config: None,
                    created: Some(created),
                    last_user_activity: activity,
                });
            }
        }
        self.apps = apps;
        self.spaces = spaces;
        Ok(())
    }

    fn gen_endpoints(&mut self, seed: &Seed, anchor: DateTime<Utc>) {
        for e in &seed.endpoints.endpoints {
            for v in &e.variants {
                self.daily_invocations
                    .insert((e.name.clone(), v.name.clone()), v.daily_invocations);
            }
            let modified = days(anchor, e.modified_days_ago);
            let mut tags = Vec::new();
            if let Some(team) = &e.team {
                tags.push(Tag::new(TEAM_TAG, team));
            }
            tags.push(Tag::new(ENV_TAG, e.environment.as_str()));
            self.endpoints.push(Endpoint {
                name: e.name.clone(),
                arn: self.sm_arn(&format!("endpoint/{}", e.name.to_lowercase())),
                status: e.status.clone(),
                created: Some(days(anchor, e.created_days_ago)),
                last_modified: Some(modified),
                described: Detail::Known(EndpointSettings {
                    config_name: format!("{}-config-{}", e.name, modified.format("%Y-%m-%d")),
                    variants: e
                        .variants
                        .iter()
                        .map(|v| Variant {
                            endpoint: e.name.clone(),
                            name: v.name.clone(),
                            current_weight: v.weight,
                            desired_weight: v.desired_weight.unwrap_or(v.weight),
                            current_instance_count: v.instances,
                            desired_instance_count: v.desired_instances.unwrap_or(v.instances),
                            configured: Detail::Known(VariantConfig {
                                model_name: Some(v.model.clone()),
                                instance_type: Some(v.instance_type.clone()),
                            }),
                        })
                        .collect(),
                    data_capture: e.data_capture,
                    failure_reason: e.failure_reason.clone(),
                    config: Detail::Known(EndpointConfig {
                        kms_key_id: e.kms.then(|| seed.endpoints.kms_key.clone()),
                    }),
                }),
                tags: Detail::Known(tags),
            });
        }
        self.gen_models(seed, anchor);
    }

    /// One model per variant's model name, in a VPC and network-isolated
    /// unless endpoints.toml lists it as an exception (a finding).
    fn gen_models(&mut self, seed: &Seed, anchor: DateTime<Utc>) {
        let mut seen = BTreeSet::new();
        for e in &seed.endpoints.endpoints {
            for v in &e.variants {
                if !seen.insert(v.model.clone()) {
                    continue;
                }
                let team = e.team.as_deref().unwrap_or("platform");
                self.models.push(SageMakerModel {
                    name: v.model.clone(),
                    arn: self.sm_arn(&format!("model/{}", v.model.to_lowercase())),
                    described: Detail::Known(ModelSettings {
                        in_vpc: !seed.endpoints.models_outside_vpc.contains(&v.model),
                        network_isolation: !seed
                            .endpoints
                            .models_without_isolation
                            .contains(&v.model),
                        execution_role: Some(format!(
                            "arn:aws:iam::{}:role/ds-team-{team}-execution",
                            self.account
                        )),
                        // Set by `gen_model_registry` for a registered version.
                        model_package: None,
                    }),
                    created: Some(days(anchor, e.modified_days_ago)),
                });
            }
        }
    }

    fn gen_glue(&mut self, seed: &Seed, anchor: DateTime<Utc>) -> Result<(), String> {
        for j in &seed.glue.jobs {
            let team = team_seed(seed, &j.team, "glue.toml")?;
            let mut rng = Rng::for_key(&format!("glue-job:{}", j.name));
            let runs = run_history(seed, j, &team.bucket, &mut rng, anchor);
            // The job existed before its oldest run.
            let oldest = runs.last().and_then(|r| r.started).unwrap_or(anchor);
            let created = days(anchor, rng.range(40, 700) as i64).min(oldest - Duration::days(1));
            let age_days = (anchor - created).num_days().max(1) as u64;
            let last_modified = anchor - Duration::days(rng.range(0, age_days.min(90)) as i64);
            self.glue_jobs.push(GlueJob {
                name: j.name.clone(),
                command: j.command.clone(),
                glue_version: Some(j.glue_version.clone()),
                worker_type: j.worker_type.clone(),
                number_of_workers: j.workers,
                max_capacity: j.max_capacity,
                script_location: format!("s3://{}/scripts/{}.py", seed.glue.scripts_bucket, j.name),
                role: format!("arn:aws:iam::{}:role/ds-glue-{}", self.account, j.team),
                security_configuration: (!j.unsecured)
                    .then(|| seed.glue.security_configuration.clone()),
                timeout_minutes: j.timeout,
                description: Some(j.description.clone()),
                created: Some(created),
                last_modified: Some(last_modified),
                // The last run is read from `job_runs`, as GetJobRuns would.
                last_run: Detail::Pending,
                tags: Detail::Known(vec![
                    Tag::new(TEAM_TAG, j.team.as_str()),
                    Tag::new(ENV_TAG, "prod"),
                ]),
            });
            self.job_runs.insert(j.name.clone(), runs);
        }
        Ok(())
    }

    fn gen_crawlers(&mut self, seed: &Seed, anchor: DateTime<Utc>) {
        for c in &seed.glue.crawlers {
            self.crawlers.push(Crawler {
                name: c.name.clone(),
                state: c.state.clone(),
                last_crawl_status: c.last_status.clone(),
                last_crawl_started: c
                    .last_started_hours_ago
                    .map(|h| anchor - Duration::hours(h) - Duration::minutes(7)),
                last_crawl_error: c.last_error.clone(),
                schedule: c.schedule.clone(),
                database: c.database.clone(),
                role: c.role.clone(),
                targets: c.targets.clone(),
                created: Some(days(anchor, c.created_days_ago)),
                last_updated: Some(days(anchor, c.updated_days_ago)),
            });
        }
    }

    fn gen_ecr(&mut self, seed: &Seed, anchor: DateTime<Utc>) {
        for r in &seed.ecr.repositories {
            let mut images = Vec::new();
            for (i, img) in r.images.iter().enumerate() {
                let mut rng = Rng::for_key(&format!("ecr:{}:{i}", r.name));
                let scanned = img.scan != "NONE";
                images.push(Image {
                    repository: r.name.clone(),
                    digest: format!("sha256:{}", rng.hex(64)),
                    tags: img.tags.clone(),
                    pushed: Some(
                        days(anchor, img.pushed_days_ago)
                            - Duration::minutes(rng.range(20, 600) as i64),
                    ),
                    size_bytes: (img.size_gb * 1_000_000_000.0) as u64 + rng.below(10_000_000),
                    scan: Detail::Known(Scan::new(
                        scanned.then_some(img.scan.as_str()),
                        (img.scan == "COMPLETE")
                            .then(|| img.findings.map(findings_from).unwrap_or_default()),
                    )),
                    last_pulled: img
                        .pulled_hours_ago
                        .map(|h| anchor - Duration::hours(h) - Duration::minutes(12)),
                });
            }
            images.sort_by_key(|x| std::cmp::Reverse(x.pushed));
            self.ecr_repositories.push(EcrRepository {
                arn: format!(
                    "arn:aws:ecr:{}:{}:repository/{}",
                    self.region, self.account, r.name
                ),
                uri: format!(
                    "{}.dkr.ecr.{}.amazonaws.com/{}",
                    self.account, self.region, r.name
                ),
                name: r.name.clone(),
                registry_id: self.account.clone(),
                tag_mutability: r.tag_mutability.clone(),
                scan_on_push: r.scan_on_push,
                encryption: if r.kms_key.is_some() { "KMS" } else { "AES256" }.to_string(),
                kms_key: r.kms_key.clone(),
                image_count: Detail::Known(images.len() as u32),
                created: Some(days(anchor, r.created_days_ago)),
                tags: Detail::Known(tags_from(&r.tags)),
            });
            self.images.insert(r.name.clone(), images);
        }
    }

    fn gen_codeartifact(&mut self, seed: &Seed, anchor: DateTime<Utc>) -> Result<(), String> {
        let ca = &seed.packages;
        let upstream_repo = ca
            .repositories
            .iter()
            .find(|r| r.external_connection.is_some())
            .map(|r| r.name.clone());
        let approved_repo = ca
            .repositories
            .iter()
            .find(|r| !r.upstreams.is_empty())
            .map(|r| r.name.clone())
            .ok_or("demo seed assets/demo/packages.toml: no repository with upstreams")?;
        for r in &ca.repositories {
            self.artifact_repositories.push(ArtifactRepository {
                domain: ca.domain.clone(),
                domain_owner: ca.domain_owner.clone(),
                name: r.name.clone(),
                arn: format!(
                    "arn:aws:codeartifact:{}:{}:repository/{}/{}",
                    self.region, ca.domain_owner, ca.domain, r.name
                ),
                description: r.description.clone(),
                links: Detail::Known(RepositoryLinks {
                    upstreams: r.upstreams.clone(),
                    external_connections: r.external_connection.iter().cloned().collect(),
                }),
                package_count: None,
            });
        }
        for p in &ca.packages {
            let mut rng = Rng::for_key(&format!("package:{}", p.name));
            let origin = if p.internal { "INTERNAL" } else { "EXTERNAL" };
            // Newest version first: published 3–60 days ago, each older one 30–150
            // days before the next.
            let mut when = days(anchor, rng.range(3, 60) as i64);
            let mut versions = Vec::new();
            for v in p.versions.iter().rev() {
                let status = if p.unfinished.contains(v) {
                    "Unfinished"
                } else if p.unlisted.contains(v) {
                    "Unlisted"
                } else if p.archived.contains(v) {
                    "Archived"
                } else if p.disposed.contains(v) {
                    "Disposed"
                } else {
                    "Published"
                };
                let published = if status == "Unfinished" {
                    anchor - Duration::minutes(rng.range(10, 180) as i64)
                } else {
                    when - Duration::minutes(rng.range(0, 1440) as i64)
                };
                versions.push(PackageVersion {
                    package: p.name.clone(),
                    version: v.clone(),
                    status: status.to_string(),
                    origin: origin.to_string(),
                    published: Some(published),
                    revision: Some(base64::engine::general_purpose::STANDARD.encode(rng.bytes(32))),
                });
                when -= Duration::days(rng.range(30, 150) as i64);
            }
            let (default_publish, default_upstream) = if p.internal {
                ("ALLOW", "BLOCK")
            } else {
                ("BLOCK", "ALLOW")
            };
            let package = Package {
                domain: ca.domain.clone(),
                repository: approved_repo.clone(),
                format: "pypi".to_string(),
                namespace: None,
                name: p.name.clone(),
                publish: p.publish.clone().unwrap_or_else(|| default_publish.into()),
                upstream: p
                    .upstream
                    .clone()
                    .unwrap_or_else(|| default_upstream.into()),
                latest_version: None,
                version_count: None,
            };
            if let (true, Some(upstream)) = (p.cached, &upstream_repo) {
                // pip pulled the currently approved versions through the upstream.
                let cached: Vec<PackageVersion> = versions
                    .iter()
                    .filter(|v| v.status == "Published")
                    .take(2)
                    .cloned()
                    .collect();
                self.packages.push(PackageEntry {
                    package: Package {
                        repository: upstream.clone(),
                        publish: "BLOCK".into(),
                        upstream: "ALLOW".into(),
                        ..package.clone()
                    },
                    versions: cached,
                });
            }
            self.packages.push(PackageEntry { package, versions });
        }
        Ok(())
    }

    // ---- queries (what the Cloud traits return) ----

    pub fn identity(&self) -> CallerIdentity {
        CallerIdentity {
            account: self.account.clone(),
            arn: format!(
                "arn:aws:sts::{}:assumed-role/DSAdmin/demo-admin",
                self.account
            ),
            user_id: "AROA3XFRBF23DEMOADMIN:demo-admin".to_string(),
        }
    }

    /// ListDomains: the summaries; settings and tags are follow-ups.
    pub fn list_domains(&self) -> Vec<Domain> {
        let mut out: Vec<Domain> = self
            .domains
            .iter()
            .map(|d| Domain {
                settings: Detail::Pending,
                tags: Detail::Pending,
                ..d.clone()
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// DescribeRepository's sources of one repository.
    pub fn artifact_repository_links(
        &self,
        r: &ArtifactRepository,
    ) -> CloudResult<RepositoryLinks> {
        self.artifact_repositories
            .iter()
            .find(|x| x.domain == r.domain && x.name == r.name)
            .and_then(|x| x.links.known().cloned())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("CodeArtifact repository {}/{}", r.domain, r.name),
            })
    }

    /// ListImages of one repository, counted.
    pub fn ecr_image_count(&self, repository: &str) -> CloudResult<u32> {
        if !self.ecr_repositories.iter().any(|r| r.name == repository) {
            return Err(CloudError::NotFound {
                what: format!("ECR repository '{repository}'"),
            });
        }
        Ok(self.images.get(repository).map_or(0, |i| i.len() as u32))
    }

    /// ListTagsForResource of one repository.
    pub fn ecr_repository_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        self.ecr_repositories
            .iter()
            .find(|r| r.arn == arn)
            .map(|r| r.tags.known_or_empty().to_vec())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("ECR repository {arn}"),
            })
    }

    /// ListTags of whatever resource `arn` names.
    pub fn resource_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        let known = |t: &Detail<Vec<Tag>>| t.known_or_empty().to_vec();
        if let Some(d) = self.domains.iter().find(|d| d.arn == arn) {
            return Ok(known(&d.tags));
        }
        if let Some(u) = self.user_profiles.iter().find(|u| u.arn == arn) {
            return Ok(known(&u.tags));
        }
        if let Some(e) = self.endpoints.iter().find(|e| e.arn == arn) {
            return Ok(known(&e.tags));
        }
        Err(CloudError::NotFound {
            what: format!("resource {arn}"),
        })
    }

    fn domain(&self, domain_id: &str) -> CloudResult<&Domain> {
        self.domains
            .iter()
            .find(|d| d.id == domain_id)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("SageMaker domain '{domain_id}'"),
            })
    }

    fn running_apps(&self, domain_id: &str, user: &str) -> u32 {
        self.apps
            .iter()
            .filter(|a| {
                a.domain_id == domain_id
                    && a.user_profile.as_deref() == Some(user)
                    && a.status == "InService"
            })
            .count() as u32
    }

    pub fn list_user_profiles(&self) -> Vec<UserProfile> {
        let mut running: BTreeMap<(&str, &str), u32> = BTreeMap::new();
        for a in &self.apps {
            if let (Some(user), "InService") = (a.user_profile.as_deref(), a.status.as_str()) {
                *running.entry((a.domain_id.as_str(), user)).or_default() += 1;
            }
        }
        let mut out: Vec<UserProfile> = self
            .user_profiles
            .iter()
            // Whole rows: everything is in memory (the scale benchmark loads
            // 100,000 of them), so there is nothing to fill in afterwards.
            .map(|p| UserProfile {
                apps_running: Detail::Known(
                    running
                        .get(&(p.domain_id.as_str(), p.name.as_str()))
                        .copied()
                        .unwrap_or(0),
                ),
                ..p.clone()
            })
            .collect();
        out.sort_by(|a, b| (&a.name, &a.domain_name).cmp(&(&b.name, &b.domain_name)));
        out
    }

    /// The apps of a domain, or of one user profile in it.
    pub fn list_apps(&self, domain_id: &str, user: Option<&str>) -> CloudResult<Vec<App>> {
        self.domain(domain_id)?;
        // Profile names are not case sensitive in SageMaker.
        let profile = match user {
            Some(user) => Some(
                self.user_profiles
                    .iter()
                    .find(|p| p.domain_id == domain_id && p.name.eq_ignore_ascii_case(user))
                    .ok_or_else(|| CloudError::NotFound {
                        what: format!("user profile '{user}' in domain '{domain_id}'"),
                    })?,
            ),
            None => None,
        };
        let mut out: Vec<App> = self
            .apps
            .iter()
            .filter(|a| {
                a.domain_id == domain_id
                    && profile.is_none_or(|p| a.user_profile.as_deref() == Some(p.name.as_str()))
            })
            .cloned()
            .collect();
        out.sort_by(|a, b| (&a.app_type, &a.name).cmp(&(&b.app_type, &b.name)));
        Ok(out)
    }

    pub fn list_spaces(&self, domain_id: &str) -> CloudResult<Vec<Space>> {
        self.domain(domain_id)?;
        let mut out: Vec<Space> = self
            .spaces
            .iter()
            .filter(|s| s.domain_id == domain_id)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub fn list_endpoints(&self) -> Vec<Endpoint> {
        let mut out = self.endpoints.clone();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// `Invocations` of one variant from `from` to `to`: its daily rate
    /// over the part of the window the endpoint existed.
    pub fn endpoint_invocations(
        &self,
        endpoint: &str,
        variant: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> CloudResult<f64> {
        let ep = self.describe_endpoint(endpoint)?;
        let per_day = self
            .daily_invocations
            .get(&(endpoint.to_owned(), variant.to_owned()))
            .copied()
            .ok_or_else(|| CloudError::NotFound {
                what: format!("variant {variant} of endpoint {endpoint}"),
            })?;
        let start = ep.created.map_or(from, |c| c.max(from));
        let days = ((to - start).num_seconds().max(0) as f64) / 86_400.0;
        Ok((per_day * days).round())
    }

    pub fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint> {
        self.endpoints
            .iter()
            .find(|e| e.name == name)
            .cloned()
            .ok_or_else(|| CloudError::NotFound {
                what: format!("SageMaker endpoint '{name}'"),
            })
    }

    /// GetJobs: the definitions; the last run and tags are follow-ups.
    pub fn list_jobs(&self) -> Vec<GlueJob> {
        let mut out: Vec<GlueJob> = self
            .glue_jobs
            .iter()
            .map(|j| GlueJob {
                last_run: Detail::Pending,
                tags: Detail::Pending,
                ..j.clone()
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn glue_job(&self, job: &str) -> CloudResult<&GlueJob> {
        self.glue_jobs
            .iter()
            .find(|j| j.name == job)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            })
    }

    /// GetJobRuns with one result.
    pub fn last_job_run(&self, job: &str) -> CloudResult<Option<JobRun>> {
        self.glue_job(job)?;
        Ok(self.list_job_runs(job)?.into_iter().next())
    }

    /// GetTags of one job.
    pub fn job_tags(&self, job: &str) -> CloudResult<Vec<Tag>> {
        Ok(self
            .glue_job(job)?
            .tags
            .known()
            .cloned()
            .unwrap_or_default())
    }

    /// tag:GetResources for one resource type: the demo covers Glue jobs
    /// and Studio domains.
    pub fn tagged(&self, resource_type: &str) -> Vec<Tagged> {
        match resource_type {
            "sagemaker:domain" => self
                .domains
                .iter()
                .filter_map(|d| {
                    let tags = d.tags.known().filter(|t| !t.is_empty())?;
                    Some(Tagged {
                        arn: d.arn.clone(),
                        tags: tags.clone(),
                    })
                })
                .collect(),
            "glue:job" => self
                .glue_jobs
                .iter()
                .filter_map(|j| {
                    let tags = j.tags.known().filter(|t| !t.is_empty())?;
                    Some(Tagged {
                        arn: format!(
                            "arn:aws:glue:{}:{}:job/{}",
                            self.region, self.account, j.name
                        ),
                        tags: tags.clone(),
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn list_job_runs(&self, job: &str) -> CloudResult<Vec<JobRun>> {
        if !self.glue_jobs.iter().any(|j| j.name == job) {
            return Err(CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            });
        }
        let mut out = self.job_runs.get(job).cloned().unwrap_or_default();
        out.sort_by_key(|x| std::cmp::Reverse(x.started));
        Ok(out)
    }

    /// The Data Catalog databases the crawlers write to.
    pub fn list_databases(&self) -> Vec<GlueDatabase> {
        let mut names: Vec<&str> = self
            .crawlers
            .iter()
            .filter_map(|c| c.database.as_deref())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| GlueDatabase {
                name: name.to_owned(),
                description: Some(format!("Tables crawled into {name}")),
                location_uri: Some(format!("s3://hbi-datalake-{}/{name}/", self.region)),
                created: self
                    .crawlers
                    .iter()
                    .filter(|c| c.database.as_deref() == Some(name))
                    .filter_map(|c| c.created)
                    .min(),
            })
            .collect()
    }

    pub fn list_crawlers(&self) -> Vec<Crawler> {
        let mut out = self.crawlers.clone();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    pub fn list_ecr_repositories(&self) -> Vec<EcrRepository> {
        let mut out: Vec<EcrRepository> = self
            .ecr_repositories
            .iter()
            // DescribeRepositories: the count and tags are follow-ups.
            .map(|r| EcrRepository {
                image_count: Detail::Pending,
                tags: Detail::Pending,
                ..r.clone()
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    pub fn list_images(&self, repository: &str) -> CloudResult<Vec<Image>> {
        if !self.ecr_repositories.iter().any(|r| r.name == repository) {
            return Err(CloudError::NotFound {
                what: format!("ECR repository '{repository}'"),
            });
        }
        let mut out = self.images.get(repository).cloned().unwrap_or_default();
        out.sort_by_key(|x| std::cmp::Reverse(x.pushed));
        Ok(out)
    }

    pub fn image_scan(&self, repository: &str, digest: &str) -> CloudResult<Scan> {
        let image = self
            .list_images(repository)?
            .into_iter()
            .find(|i| i.digest == digest);
        match image.map(|i| i.scan) {
            Some(Detail::Known(scan)) => Ok(scan),
            _ => Err(CloudError::NotFound {
                what: format!("image '{digest}' in ECR repository '{repository}'"),
            }),
        }
    }

    /// A described row's settings: `what` names it when it is not there.
    fn settings<R, D: Clone>(
        rows: &[R],
        name: &str,
        what: &str,
        row: impl Fn(&R) -> (&str, &Detail<D>),
    ) -> CloudResult<D> {
        rows.iter()
            .map(row)
            .find(|(n, _)| *n == name)
            .and_then(|(_, d)| d.known().cloned())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("{what} '{name}'"),
            })
    }

    pub fn notebook_settings(&self, name: &str) -> CloudResult<NotebookSettings> {
        Self::settings(&self.notebook_instances, name, "notebook instance", |n| {
            (&n.name, &n.described)
        })
    }

    pub fn training_settings(&self, name: &str) -> CloudResult<TrainingSettings> {
        Self::settings(&self.training_jobs, name, "training job", |t| {
            (&t.name, &t.described)
        })
    }

    pub fn model_settings(&self, name: &str) -> CloudResult<ModelSettings> {
        Self::settings(&self.models, name, "model", |m| (&m.name, &m.described))
    }

    fn glue_job_exists(&self, job: &str) -> CloudResult<()> {
        if self.glue_jobs.iter().any(|j| j.name == job) {
            Ok(())
        } else {
            Err(CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            })
        }
    }

    /// GetJob: the definition, without the last run and tags (as AWS).
    pub fn get_job(&self, job: &str) -> CloudResult<GlueJob> {
        self.glue_jobs
            .iter()
            .find(|j| j.name == job)
            .map(|j| GlueJob {
                last_run: Detail::Pending,
                tags: Detail::Pending,
                ..j.clone()
            })
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            })
    }

    /// TagResource on a job: adds or replaces tags, keeping the key order.
    pub fn tag_job(&mut self, job: &str, tags: &BTreeMap<String, String>) -> CloudResult<()> {
        let j = self
            .glue_jobs
            .iter_mut()
            .find(|j| j.name == job)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            })?;
        let mut now = j.tags.known().cloned().unwrap_or_default();
        for (k, v) in tags {
            match now.iter_mut().find(|t| &t.key == k) {
                Some(t) => t.value = v.clone(),
                None => now.push(Tag::new(k, v)),
            }
        }
        j.tags = Detail::Known(now);
        Ok(())
    }

    /// StartJobRun: a new RUNNING run at the head of the job's history (so it is
    /// also the job's last run). Returns its id.
    pub fn start_job_run(&mut self, job: &str, now: DateTime<Utc>) -> CloudResult<String> {
        let (worker_type, number_of_workers) = self
            .glue_jobs
            .iter()
            .find(|j| j.name == job)
            .map(|j| (j.worker_type.clone(), j.number_of_workers))
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Glue job '{job}'"),
            })?;
        let runs = self.job_runs.entry(job.to_string()).or_default();
        // With a fixed anchor (tests, snapshots) the wall clock may lie before the
        // seeded history; a new run must still sort as the newest.
        let newest = runs.iter().filter_map(|r| r.started).max();
        let started = match newest {
            Some(t) if t >= now => t + Duration::seconds(1),
            _ => now,
        };
        // Seeded by job and history length: ids are reproducible and distinct.
        let id = format!(
            "jr_{}",
            Rng::for_key(&format!("glue-run:{job}:{}", runs.len())).hex(64)
        );
        runs.insert(
            0,
            JobRun {
                id: id.clone(),
                job_name: job.to_string(),
                state: "RUNNING".into(),
                started: Some(started),
                completed: None,
                execution_secs: None,
                dpu_seconds: None,
                worker_type,
                number_of_workers,
                attempt: 0,
                trigger: None,
                error_message: None,
            },
        );
        Ok(id)
    }

    /// BatchStopJobRun of one run: only a run still going can be stopped.
    pub fn stop_job_run(&mut self, job: &str, run_id: &str, now: DateTime<Utc>) -> CloudResult<()> {
        self.glue_job_exists(job)?;
        let run = self
            .job_runs
            .get_mut(job)
            .and_then(|runs| runs.iter_mut().find(|r| r.id == run_id))
            .ok_or_else(|| CloudError::NotFound {
                what: format!("run {run_id} of Glue job '{job}'"),
            })?;
        if !matches!(run.state.as_str(), "STARTING" | "RUNNING" | "WAITING") {
            return Err(CloudError::Validation {
                message: format!(
                    "run {run_id} of Glue job '{job}' is {} and cannot be stopped",
                    run.state
                ),
            });
        }
        let end = run.started.map_or(now, |s| s.max(now));
        let secs = run
            .started
            .map_or(0, |s| u64::try_from((end - s).num_seconds()).unwrap_or(0));
        run.state = "STOPPED".into();
        run.completed = Some(end);
        run.execution_secs = Some(secs);
        Ok(())
    }

    fn crawler_mut(&mut self, name: &str) -> CloudResult<&mut Crawler> {
        self.crawlers
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Glue crawler '{name}'"),
            })
    }

    /// StartCrawler: READY → RUNNING; anything else is CrawlerRunningException on AWS.
    pub fn start_crawler(&mut self, name: &str, now: DateTime<Utc>) -> CloudResult<()> {
        let c = self.crawler_mut(name)?;
        if c.state != "READY" {
            return Err(CloudError::Validation {
                message: format!("crawler {name} is already running"),
            });
        }
        c.state = "RUNNING".into();
        c.last_crawl_started = Some(c.last_crawl_started.map_or(now, |t| t.max(now)));
        Ok(())
    }

    /// StopCrawler: RUNNING → READY with the crawl CANCELLED. AWS passes through
    /// STOPPING; the demo has no clock to finish it, so it lands at once.
    pub fn stop_crawler(&mut self, name: &str) -> CloudResult<()> {
        let c = self.crawler_mut(name)?;
        match c.state.as_str() {
            "RUNNING" => {
                c.state = "READY".into();
                c.last_crawl_status = Some("CANCELLED".into());
                c.last_crawl_error = None;
                Ok(())
            }
            "STOPPING" => Err(CloudError::Validation {
                message: format!("crawler {name} is already stopping"),
            }),
            _ => Err(CloudError::Validation {
                message: format!("crawler {name} is not running"),
            }),
        }
    }

    /// StartImageScan of an image named by digest or tag: the status becomes
    /// IN_PROGRESS, the last findings kept beside it until it completes.
    pub fn start_image_scan(&mut self, repository: &str, image: &str) -> CloudResult<String> {
        if !self.ecr_repositories.iter().any(|r| r.name == repository) {
            return Err(CloudError::NotFound {
                what: format!("ECR repository '{repository}'"),
            });
        }
        let img = self
            .images
            .get_mut(repository)
            .and_then(|imgs| {
                imgs.iter_mut()
                    .find(|i| i.digest == image || i.tags.iter().any(|t| t == image))
            })
            .ok_or_else(|| CloudError::NotFound {
                what: format!("image '{image}' in ECR repository '{repository}'"),
            })?;
        // ECR allows one scan at a time per image (LimitExceededException).
        if img.scan_status() == Some("IN_PROGRESS") {
            return Err(CloudError::Validation {
                message: format!("a scan of {repository}@{image} is already in progress"),
            });
        }
        img.scan = Detail::Known(Scan::restarted(img.scan.known()));
        self.scans_started.insert(
            (repository.to_owned(), img.digest.clone()),
            std::time::Instant::now(),
        );
        Ok("IN_PROGRESS".into())
    }

    /// Completes the scans started [`SCAN_TAKES`] ago or more: the image
    /// has not changed, so they find what the last scan found (none for an
    /// image never scanned).
    pub fn finish_scans(&mut self) {
        let done: Vec<(String, String)> = self
            .scans_started
            .iter()
            .filter(|(_, started)| started.elapsed() >= SCAN_TAKES)
            .map(|(image, _)| image.clone())
            .collect();
        for key in done {
            self.scans_started.remove(&key);
            let (repository, digest) = key;
            let image = self
                .images
                .get_mut(&repository)
                .and_then(|images| images.iter_mut().find(|i| i.digest == digest));
            if let Some(image) = image {
                let found = image
                    .scan
                    .known()
                    .and_then(|s| s.previous_findings.clone())
                    .unwrap_or_default();
                image.scan = Detail::Known(Scan::new(Some("COMPLETE"), Some(found)));
            }
        }
    }

    pub fn list_artifact_repositories(&self) -> Vec<ArtifactRepository> {
        let mut out: Vec<ArtifactRepository> = self
            .artifact_repositories
            .iter()
            .map(|r| ArtifactRepository {
                package_count: Some(
                    self.packages
                        .iter()
                        .filter(|p| p.package.domain == r.domain && p.package.repository == r.name)
                        .count() as u32,
                ),
                // ListRepositoriesInDomain: the sources are a follow-up.
                links: Detail::Pending,
                ..r.clone()
            })
            .collect();
        out.sort_by(|a, b| (&a.domain, &a.name).cmp(&(&b.domain, &b.name)));
        out
    }

    fn artifact_repo(&self, domain: &str, repository: &str) -> CloudResult<&ArtifactRepository> {
        self.artifact_repositories
            .iter()
            .find(|r| r.domain == domain && r.name == repository)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("CodeArtifact repository '{repository}' in domain '{domain}'"),
            })
    }

    pub fn list_packages(&self, domain: &str, repository: &str) -> CloudResult<Vec<Package>> {
        self.artifact_repo(domain, repository)?;
        let mut out: Vec<Package> = self
            .packages
            .iter()
            .filter(|p| p.package.domain == domain && p.package.repository == repository)
            .map(|p| Package {
                latest_version: latest_published(&p.versions),
                version_count: Some(p.versions.len() as u32),
                ..p.package.clone()
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
    ) -> CloudResult<Vec<PackageVersion>> {
        self.artifact_repo(domain, repository)?;
        let entry = self
            .packages
            .iter()
            .find(|p| {
                p.package.domain == domain
                    && p.package.repository == repository
                    && p.package.format == package.format
                    && p.package.namespace == package.namespace
                    && p.package.name == package.name
            })
            .ok_or_else(|| CloudError::NotFound {
                what: format!(
                    "{} package '{}' in CodeArtifact repository '{repository}' (domain '{domain}')",
                    package.format, package.name
                ),
            })?;
        let mut out = entry.versions.clone();
        out.sort_by_key(|x| std::cmp::Reverse(x.published));
        Ok(out)
    }

    /// Number of InService apps of one profile, the same count `list_user_profiles`
    /// reports (exposed for tests and for mutations that want to check it).
    pub fn apps_running(&self, domain_id: &str, user: &str) -> u32 {
        self.running_apps(domain_id, user)
    }

    /// InService apps per user of one domain (ListApps, counted).
    pub fn running_apps_of(&self, domain_id: &str) -> CloudResult<HashMap<String, u32>> {
        self.domain(domain_id)?;
        let mut running = HashMap::new();
        for a in &self.apps {
            if let (true, Some(user), "InService") = (
                a.domain_id == domain_id,
                a.user_profile.as_deref(),
                a.status.as_str(),
            ) {
                *running.entry(user.to_owned()).or_default() += 1;
            }
        }
        Ok(running)
    }
}

fn team_seed<'a>(
    seed: &'a Seed,
    team: &str,
    file: &str,
) -> Result<&'a super::seed::TeamSeed, String> {
    seed.estate
        .teams
        .iter()
        .find(|t| t.name == team)
        .ok_or_else(|| format!("demo seed assets/demo/{file} names unknown team '{team}'"))
}

fn app_status(rng: &mut Rng) -> &'static str {
    ["InService", "Deleted", "Pending", "Failed"][rng.weighted(&[62, 30, 4, 4])]
}

/// Creation time and last activity of an app. Running apps mostly saw activity
/// within hours, but some sit idle for days: the idle-resource finding.
fn app_times(
    rng: &mut Rng,
    status: &str,
    anchor: DateTime<Utc>,
    floor: Option<DateTime<Utc>>,
) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    let (created, activity) = match status {
        "InService" => {
            let created = anchor - Duration::minutes(rng.range(30, 60 * 24 * 40) as i64);
            let idle = if rng.chance(0.2) {
                Duration::hours(rng.range(72, 24 * 21) as i64)
            } else {
                Duration::minutes(rng.range(1, 300) as i64)
            };
            let activity = (anchor - idle).max(created);
            (created, Some(activity))
        }
        "Pending" => (anchor - Duration::minutes(rng.range(1, 8) as i64), None),
        _ => {
            let created = anchor - Duration::days(rng.range(2, 90) as i64);
            let activity = created + Duration::minutes(rng.range(5, 600) as i64);
            (created, Some(activity))
        }
    };
    // No app predates its owner (the profile or space that launched it).
    match floor {
        Some(floor) if created < floor => {
            let created = (floor + Duration::minutes(10)).min(anchor);
            (created, activity.map(|a| a.max(created)))
        }
        _ => (created, activity),
    }
}

fn findings_from(c: [u32; 6]) -> FindingCounts {
    FindingCounts {
        critical: c[0],
        high: c[1],
        medium: c[2],
        low: c[3],
        informational: c[4],
        undefined: c[5],
    }
}

fn latest_published(versions: &[PackageVersion]) -> Option<String> {
    versions
        .iter()
        .filter(|v| v.status == "Published")
        .max_by(|a, b| a.published.cmp(&b.published))
        .map(|v| v.version.clone())
}

/// The run history of one job, newest first. Runs never overlap and never end
/// after the anchor; DPU-seconds = DPUs × execution seconds.
fn run_history(
    seed: &Seed,
    job: &JobSeed,
    bucket: &str,
    rng: &mut Rng,
    anchor: DateTime<Utc>,
) -> Vec<JobRun> {
    let count = match job.cadence {
        Cadence::Hourly => 30,
        Cadence::Daily => rng.range(14, 30),
        Cadence::Weekly => rng.range(6, 12),
        Cadence::Adhoc => rng.range(5, 8),
        Cadence::Streaming => rng.range(5, 7),
    } as usize;
    let interval = match job.cadence {
        Cadence::Hourly => Duration::hours(1),
        Cadence::Daily => Duration::days(1),
        Cadence::Weekly => Duration::days(7),
        Cadence::Adhoc | Cadence::Streaming => Duration::days(4),
    };
    let base_secs = (job.runtime_mins * 60).max(60);
    let dpus = match (&job.worker_type, job.workers, job.max_capacity) {
        (Some(w), Some(n), _) => dpu_per_worker(w) * f64::from(n),
        (_, _, Some(cap)) => cap,
        _ => 1.0,
    };
    let errors = &seed.glue.errors;
    let failure_pool = match job.command.as_str() {
        "pythonshell" => &errors.pythonshell,
        "glueray" => &errors.glueray,
        "gluestreaming" => &errors.gluestreaming,
        _ => &errors.glueetl,
    };
    let fill = |template: &str, started: DateTime<Utc>| {
        template
            .replace("{bucket}", bucket)
            .replace("{job}", &job.name)
            .replace("{team}", &job.team)
            .replace("{date}", &started.format("%Y-%m-%d").to_string())
            .replace("{timeout}", &job.timeout.unwrap_or(0).to_string())
            .replace("{workers}", &job.workers.unwrap_or(0).to_string())
    };
    // Scheduled slots line up on the cadence; the newest slot is some way back.
    let first_slot_back = match job.cadence {
        Cadence::Hourly => Duration::minutes(rng.range(2, 59) as i64),
        Cadence::Daily => Duration::minutes(rng.range(60, 60 * 20) as i64),
        Cadence::Weekly => Duration::hours(rng.range(6, 24 * 6) as i64),
        Cadence::Adhoc | Cadence::Streaming => Duration::hours(rng.range(6, 24 * 5) as i64),
    };
    let newest_slot = anchor - first_slot_back;
    let mut runs = Vec::with_capacity(count);
    // The latest moment the run being generated may end: runs are generated
    // newest first, so each must finish before the (newer) one after it started.
    let mut latest_end = anchor;
    let mut adhoc_slot = newest_slot;
    for i in 0..count {
        let streaming = job.cadence == Cadence::Streaming;
        let mut state = match (i, &job.last) {
            (0, Some(forced)) => forced.clone(),
            (0, None) if streaming => "RUNNING".to_string(),
            _ if streaming => ["STOPPED", "FAILED"][rng.weighted(&[7, 3])].to_string(),
            _ => {
                let weights: &[u32] = if job.flaky {
                    &[70, 16, 4, 4, 6]
                } else {
                    &[93, 3, 1, 1, 2]
                };
                ["SUCCEEDED", "FAILED", "TIMEOUT", "ERROR", "STOPPED"][rng.weighted(weights)]
                    .to_string()
            }
        };
        // A job without a timeout (Ray, streaming) cannot time out.
        if state == "TIMEOUT" && job.timeout.is_none() {
            state = "FAILED".to_string();
        }
        let running = state == "RUNNING";
        let exec_secs = match state.as_str() {
            "SUCCEEDED" => (base_secs as f64 * rng.float(0.75, 1.35)) as u64,
            "FAILED" | "STOPPED" if streaming => rng.range(3600, 3 * 86_400),
            "FAILED" => ((base_secs as f64 * rng.float(0.05, 0.9)) as u64).max(25),
            "TIMEOUT" => u64::from(job.timeout.unwrap_or(60)) * 60,
            "ERROR" => rng.range(0, 15),
            "STOPPED" => ((base_secs as f64 * rng.float(0.1, 0.8)) as u64).max(30),
            _ => 0,
        };
        let started = if running {
            if streaming {
                anchor - Duration::hours(rng.range(20, 24 * 6) as i64)
            } else {
                anchor - Duration::seconds((base_secs as f64 * rng.float(0.2, 0.8)) as i64)
            }
        } else {
            let slot = match job.cadence {
                Cadence::Adhoc | Cadence::Streaming => {
                    let s = adhoc_slot;
                    adhoc_slot -= Duration::hours(rng.range(30, 24 * 9) as i64);
                    s
                }
                _ => {
                    newest_slot - interval * (i as i32)
                        + Duration::seconds(rng.range(0, 150) as i64)
                }
            };
            slot.min(latest_end - Duration::seconds(exec_secs as i64 + rng.range(30, 600) as i64))
        };
        if matches!(job.cadence, Cadence::Adhoc | Cadence::Streaming) {
            adhoc_slot = adhoc_slot.min(started - Duration::hours(rng.range(2, 48) as i64));
        }
        latest_end = started - Duration::seconds(rng.range(30, 300) as i64);
        let pinned = if i == 0 {
            job.last_error.as_ref()
        } else {
            None
        };
        let error_message = match state.as_str() {
            _ if pinned.is_some() => pinned.map(|t| fill(t, started)),
            "FAILED" => rng.pick(failure_pool).map(|t| fill(t, started)),
            "ERROR" => rng.pick(&errors.error).map(|t| fill(t, started)),
            "TIMEOUT" => Some(fill(&errors.timeout, started)),
            _ => None,
        };
        let scheduled = matches!(
            job.cadence,
            Cadence::Hourly | Cadence::Daily | Cadence::Weekly
        );
        let trigger = (scheduled && !rng.chance(0.06)).then(|| format!("{}-trigger", job.name));
        runs.push(JobRun {
            id: format!("jr_{}", rng.hex(64)),
            job_name: job.name.clone(),
            state,
            started: Some(started),
            completed: (!running).then(|| started + Duration::seconds(exec_secs as i64)),
            execution_secs: (!running).then_some(exec_secs),
            dpu_seconds: (!running).then_some(dpus * exec_secs as f64),
            worker_type: job.worker_type.clone(),
            number_of_workers: job.workers,
            attempt: 0,
            trigger,
            error_message,
        });
    }
    runs
}
