//! What a pane loads, how it is loaded, and which pane shows it.

use chrono::{DateTime, Utc};

use crate::audit::{AuditRecord, Journal};
use std::future::Future;
use std::sync::Arc;

use crate::cloud::{Cloud, CloudError, CloudResult, PageSink};
use crate::command::{Command, TabKind};
use crate::costs::seen::SeenApps;
use crate::costs::CostInputs;
use crate::gitsync::repo::short;
use crate::gitsync::SyncState;
use crate::gitsync::{GitSettings, Mapping};
use crate::governance::GovernanceConfig;
use crate::inventory::{self, Enrich, Gap, Gaps, Prefer, Queue};
use crate::model::{
    App, ArtifactRepository, Crawler, Domain, EcrRepository, Endpoint, GlueJob, Image, JobRun,
    ModelPackageGroup, ModelPackageVersion, Package, PackageVersion, ProfileItem, Space,
    UserProfile, Variant,
};
use crate::ops::glue_push::{plan_mapping, Plan};
use crate::ops::op::Op;
use crate::rows::account::AccountRow;
use crate::rows::findings::FindingRow;
use crate::rows::team::TeamRow;
use crate::settings::costs::CostSettings;
use crate::tui::problem::Problem;

/// A list to load: the root of each tab and every drill-down level.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadRequest {
    Domains,
    Users,
    ProfileItems {
        domain_id: String,
        user: String,
    },
    Jobs,
    JobRuns {
        job: String,
    },
    Crawlers,
    EcrRepositories,
    Images {
        repository: String,
    },
    ArtifactRepositories,
    Packages {
        domain: String,
        repository: String,
    },
    PackageVersions {
        domain: String,
        repository: String,
        package: Box<Package>,
    },
    Endpoints,
    Variants {
        endpoint: String,
    },
    /// A resource's CloudWatch Logs (`l`); `follow`: read again every
    /// few seconds while on screen. `clock` fixes "now" for the default
    /// window (an endpoint's last hour) in tests.
    Logs {
        source: crate::model::log::LogSource,
        follow: bool,
        clock: Option<DateTime<Utc>>,
    },
    /// The Model Registry's groups (`:models`).
    ModelGroups,
    /// One group's versions.
    ModelPackages {
        group: String,
    },
    /// The audit journal file.
    Audit {
        path: std::path::PathBuf,
    },
    /// A Glue job's deployed script against its file in Git (`D`).
    ScriptDiff {
        job: String,
        mapping: Mapping,
    },
    /// Studio lifecycle configurations (`:lifecycle`).
    LifecycleConfigs,
    /// One lifecycle configuration's script, line by line.
    LifecycleScript {
        name: String,
    },
    /// Execution roles (`:roles`): S3 grants checked against
    /// `[governance] require_object_tag`.
    Roles {
        require_tag: Option<String>,
    },
    /// One role's uses (as its row listed them), policies read again.
    RoleDetail {
        arn: String,
        uses: Vec<crate::model::role::RoleUse>,
        require_tag: Option<String>,
    },
    /// Idle shutdown explained (`:idle`): the limit for apps with no
    /// native timeout (`[governance] idle_limit_minutes`), and the clock
    /// (fixed in tests; `None` = the system clock).
    Idle {
        fallback_minutes: u32,
        clock: Option<DateTime<Utc>>,
    },
    /// The posture rules over the whole estate (`:findings`).
    Findings {
        config: Box<GovernanceConfig>,
        git: Box<GitSettings>,
        /// Idle apps are measured at this time (fixed in tests; `None` =
        /// the system clock).
        clock: Option<DateTime<Utc>>,
    },
    /// The cost and idle radar (`:costs`): prices and limits to estimate
    /// with, and the clock (fixed in tests; `None` = the system clock).
    Costs {
        settings: Box<CostSettings>,
        clock: Option<DateTime<Utc>>,
        /// The apps seen running this session (and on disk).
        seen: SeenApps,
    },
    /// CloudTrail's history of one resource (`T`, `:trail`).
    Trail {
        query: crate::model::trail::TrailQuery,
    },
    /// The accounts dsadmin knows and whether each answers (`:accounts`),
    /// asked through the connector; `current` is the session's account.
    Accounts {
        connector: SharedConnector,
        environments: Vec<crate::settings::Environment>,
        current: Option<String>,
    },
    /// A team's members with their running apps, spaces and cost
    /// (`:team NAME`; every profile, by team, without a name).
    Team {
        team: Option<String>,
        settings: Box<CostSettings>,
        clock: Option<DateTime<Utc>>,
        seen: SeenApps,
    },
}

/// The connector a load asks (`:accounts`), compared by identity.
#[derive(Clone)]
pub struct SharedConnector(pub Arc<dyn crate::cloud::Connector>);

impl std::fmt::Debug for SharedConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Connector")
    }
}

impl PartialEq for SharedConnector {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The accounts of a survey as rows: each with the environment cue that
/// matches its id (or its own profile; a role's session is matched by
/// account only), `current` marked.
fn account_rows(
    survey: crate::cloud::Survey,
    environments: &[crate::settings::Environment],
    current: Option<&str>,
) -> Vec<AccountRow> {
    let org_failed = survey.org_failed.map(|e| {
        // The accounts found elsewhere are listed; this row says why the
        // organization's are not.
        let account = crate::model::account::Account {
            id: None,
            name: "organization".to_owned(),
            source: crate::model::account::AccountSource::Organization,
            access: crate::model::account::AccountAccess::Profile {
                profile: "-".to_owned(),
            },
            regions: Vec::new(),
        };
        let why = format!("its accounts could not be listed: {e}");
        AccountRow::new(account, Err(why), None)
    });
    let accounts = survey
        .accounts
        .into_iter()
        .map(|(account, answer)| (account, answer.map_err(|e| e.to_string())))
        .collect();
    let cue = |a: &crate::model::account::Account| {
        crate::settings::environment_in(environments, a.id.as_deref(), a.own_profile())
            .map(|e| (e.label.clone(), e.read_only))
    };
    let mut rows = AccountRow::of_survey(accounts, cue, current);
    rows.extend(org_failed);
    rows
}

/// A loaded list, typed.
#[derive(Debug)]
pub enum Payload {
    Domains(Vec<Domain>),
    Users(Vec<UserProfile>),
    ProfileItems(Vec<ProfileItem>),
    Jobs(Vec<GlueJob>),
    JobRuns(Vec<JobRun>),
    Crawlers(Vec<Crawler>),
    EcrRepositories(Vec<EcrRepository>),
    Images(Vec<Image>),
    ArtifactRepositories(Vec<ArtifactRepository>),
    Packages(Vec<Package>),
    PackageVersions(Vec<PackageVersion>),
    Endpoints(Vec<Endpoint>),
    Variants(Vec<Variant>),
    Logs(Vec<crate::model::log::LogEvent>),
    ModelGroups(Vec<ModelPackageGroup>),
    ModelPackages(Vec<ModelPackageVersion>),
    Audit(Vec<AuditRecord>),
    Diff(Box<DiffView>),
    Findings(Vec<FindingRow>),
    LifecycleConfigs(Vec<crate::rows::lifecycle::LifecycleRow>),
    ScriptLines(Vec<crate::rows::lifecycle::ScriptLine>),
    Roles(Vec<crate::rows::roles::RoleRow>),
    RoleLines(Vec<crate::rows::roles::RoleLine>),
    Idle(Vec<crate::rows::idle::IdleRow>),
    Costs(Box<CostInputs>),
    Team(Vec<TeamRow>),
    Trail(Vec<crate::model::trail::TrailEvent>),
    Accounts(Vec<AccountRow>),
}

/// What a load reports, page by page.
#[derive(Debug)]
pub enum LoadEvent {
    /// Rows of one page (the first page of a load replaces the old rows).
    Page(Payload),
    /// The rows' follow-up fields are being filled in: tell this queue
    /// which rows are on screen.
    Filling(FillView),
    /// Rows whose follow-up fields arrived, to merge into the rows shown.
    Filled(Payload),
    /// Every listed row has been filled in; the follow-ups that failed,
    /// once per cause.
    FillDone(Vec<Gap>),
    /// Every page has arrived.
    Done,
    /// The load stopped; rows that arrived before stay.
    Failed(Problem),
}

/// Stamps (`inventory::stamp`) of the rows a pane has filled: a refresh
/// fills only rows that are new or changed.
pub type Settled = std::collections::HashSet<String>;

/// The queue of a list being filled in, for the pane showing it.
#[derive(Clone)]
pub struct FillView(pub Arc<dyn Prefer>);

impl std::fmt::Debug for FillView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FillView")
    }
}

/// Forwards rows of a typed list as a `Payload` in the event `as_event`
/// makes of it (a page, or filled rows).
struct Emit<'a, F>(&'a F, fn(Payload) -> LoadEvent);

impl<T, F> PageSink<T> for Emit<'_, F>
where
    T: IntoPayload,
    F: Fn(LoadEvent) + Send + Sync,
{
    fn page(&self, rows: Vec<T>) {
        (self.0)((self.1)(T::into_payload(rows)));
    }
}

/// A list on screen page by page while the rows listed so far are filled
/// in (the rows in view first): give it to the list call as its sink, then
/// [`Filling::run`] the call.
struct Filling<'a, T, F> {
    queue: Arc<Queue<T>>,
    emit: &'a F,
    /// Stamps of rows already filled (a refresh): those keep their fields.
    settled: &'a Settled,
}

impl<'a, T, F> Filling<'a, T, F>
where
    T: Enrich + IntoPayload,
    F: Fn(LoadEvent) + Send + Sync,
{
    fn new(emit: &'a F, settled: &'a Settled) -> Self {
        let queue = Arc::new(Queue::<T>::default());
        emit(LoadEvent::Filling(FillView(queue.clone())));
        Self {
            queue,
            emit,
            settled,
        }
    }

    /// Runs the list call `listed` (which pages into `self`) and the
    /// filling side by side. A list that fails still fills the rows it
    /// delivered.
    async fn run(
        &self,
        cloud: &Cloud,
        listed: impl Future<Output = CloudResult<()>>,
    ) -> CloudResult<()> {
        let gaps = Gaps::default();
        let listed = async {
            let result = listed.await;
            self.queue.close();
            result
        };
        let filled = Emit(self.emit, LoadEvent::Filled);
        let (result, ()) =
            futures::join!(listed, inventory::fill(cloud, &self.queue, &gaps, &filled));
        (self.emit)(LoadEvent::FillDone(gaps.list()));
        result
    }
}

impl<T, F> PageSink<T> for Filling<'_, T, F>
where
    T: Enrich + IntoPayload,
    F: Fn(LoadEvent) + Send + Sync,
{
    fn page(&self, rows: Vec<T>) {
        let unsettled = |r: &&T| r.pending() && !self.settled.contains(&inventory::stamp(*r));
        self.queue
            .push(rows.iter().filter(unsettled).cloned().collect());
        (self.emit)(LoadEvent::Page(T::into_payload(rows)));
    }
}

/// Wraps a page of rows into the payload variant for their type.
pub trait IntoPayload: Sized + Send {
    fn into_payload(rows: Vec<Self>) -> Payload;
}

macro_rules! into_payload {
    ($($ty:ty => $variant:ident),* $(,)?) => {
        $(impl IntoPayload for $ty {
            fn into_payload(rows: Vec<Self>) -> Payload {
                Payload::$variant(rows)
            }
        })*
    };
}

into_payload! {
    Domain => Domains,
    UserProfile => Users,
    ProfileItem => ProfileItems,
    GlueJob => Jobs,
    JobRun => JobRuns,
    Crawler => Crawlers,
    EcrRepository => EcrRepositories,
    Image => Images,
    ArtifactRepository => ArtifactRepositories,
    Package => Packages,
    PackageVersion => PackageVersions,
    Endpoint => Endpoints,
    Variant => Variants,
    ModelPackageGroup => ModelGroups,
    ModelPackageVersion => ModelPackages,
}

impl LoadRequest {
    /// Runs the request, handing each page to `emit` as it arrives. Called
    /// from a background task.
    pub async fn run<F>(&self, cloud: &Cloud, settled: &Settled, emit: &F) -> Result<(), Problem>
    where
        F: Fn(LoadEvent) + Send + Sync,
    {
        let page = |payload| emit(LoadEvent::Page(payload));
        match self {
            LoadRequest::ScriptDiff { job, mapping } => {
                let plan = plan_mapping(cloud, job, mapping).await?;
                page(Payload::Diff(Box::new(DiffView::from_plan(&plan))));
                Ok(())
            }
            LoadRequest::Audit { path } => {
                // A local file, but it can grow: read it off the async workers.
                let path = path.clone();
                let records = tokio::task::spawn_blocking(move || Journal::read_all(path))
                    .await
                    .map_err(|e| Problem::Journal(e.to_string()))?
                    .map_err(|e| Problem::Journal(e.to_string()))?;
                page(Payload::Audit(records));
                Ok(())
            }
            cloud_list => Ok(cloud_list.run_in_cloud(cloud, settled, emit).await?),
        }
    }

    /// The requests that are only cloud calls.
    async fn run_in_cloud<F>(&self, cloud: &Cloud, settled: &Settled, emit: &F) -> CloudResult<()>
    where
        F: Fn(LoadEvent) + Send + Sync,
    {
        let sink = Emit(emit, LoadEvent::Page);
        let emit = |payload| emit(LoadEvent::Page(payload));
        match self {
            LoadRequest::Domains => {
                let domains = Filling::<Domain, F>::new(sink.0, settled);
                domains
                    .run(cloud, cloud.sagemaker.list_domains(&domains))
                    .await
            }
            LoadRequest::Users => {
                let users = Filling::<UserProfile, F>::new(sink.0, settled);
                users
                    .run(cloud, cloud.sagemaker.list_user_profiles(&users))
                    .await
            }
            LoadRequest::ProfileItems { domain_id, user } => {
                // The user's apps, then the spaces they own.
                let apps = |rows: Vec<App>| {
                    emit(Payload::ProfileItems(
                        rows.into_iter().map(ProfileItem::App).collect(),
                    ))
                };
                cloud
                    .sagemaker
                    .list_apps(domain_id, Some(user), &apps)
                    .await?;
                let spaces = |rows: Vec<Space>| {
                    let owned = rows
                        .into_iter()
                        .filter(|s| s.owner.as_deref() == Some(user.as_str()))
                        .map(ProfileItem::Space)
                        .collect();
                    emit(Payload::ProfileItems(owned))
                };
                cloud.sagemaker.list_spaces(domain_id, &spaces).await
            }
            LoadRequest::Jobs => {
                let jobs = Filling::<GlueJob, F>::new(sink.0, settled);
                jobs.run(cloud, cloud.glue.list_jobs(&jobs)).await
            }
            LoadRequest::JobRuns { job } => cloud.glue.list_job_runs(job, &sink).await,
            LoadRequest::Crawlers => cloud.glue.list_crawlers(&sink).await,
            LoadRequest::EcrRepositories => {
                let repos = Filling::<EcrRepository, F>::new(sink.0, settled);
                repos.run(cloud, cloud.ecr.list_repositories(&repos)).await
            }
            LoadRequest::Images { repository } => {
                let images = Filling::<Image, F>::new(sink.0, settled);
                images
                    .run(cloud, cloud.ecr.list_images(repository, &images))
                    .await
            }
            LoadRequest::ArtifactRepositories => {
                let repos = Filling::<ArtifactRepository, F>::new(sink.0, settled);
                repos
                    .run(cloud, cloud.codeartifact.list_repositories(&repos))
                    .await
            }
            LoadRequest::Packages { domain, repository } => {
                cloud
                    .codeartifact
                    .list_packages(domain, repository, &sink)
                    .await
            }
            LoadRequest::PackageVersions {
                domain,
                repository,
                package,
            } => {
                cloud
                    .codeartifact
                    .list_package_versions(domain, repository, package, &sink)
                    .await
            }
            LoadRequest::Endpoints => {
                let endpoints = Filling::<Endpoint, F>::new(sink.0, settled);
                endpoints
                    .run(cloud, cloud.sagemaker.list_endpoints(&endpoints))
                    .await
            }
            LoadRequest::Variants { endpoint } => {
                let described = cloud.sagemaker.describe_endpoint(endpoint).await?;
                emit(Payload::Variants(described.variants().to_vec()));
                Ok(())
            }
            LoadRequest::Logs { source, clock, .. } => {
                let since = source.default_since(clock.unwrap_or_else(Utc::now));
                let read = crate::cloud::log_read::read(cloud, source, since).await?;
                emit(Payload::Logs(read.events));
                Ok(())
            }
            LoadRequest::ModelGroups => {
                let groups = Filling::<ModelPackageGroup, F>::new(sink.0, settled);
                groups
                    .run(cloud, cloud.sagemaker.list_model_package_groups(&groups))
                    .await
            }
            LoadRequest::ModelPackages { group } => {
                let versions = Filling::<ModelPackageVersion, F>::new(sink.0, settled);
                versions
                    .run(cloud, cloud.sagemaker.list_model_packages(group, &versions))
                    .await
            }
            LoadRequest::LifecycleConfigs => {
                // One page: where each is attached takes the whole estate.
                let studio = crate::inventory::studio::Studio::load(cloud).await?;
                let rows = crate::rows::lifecycle::LifecycleRow::of_studio(&studio)?;
                emit(Payload::LifecycleConfigs(rows));
                Ok(())
            }
            LoadRequest::LifecycleScript { name } => {
                let script = cloud.sagemaker.lifecycle_config_script(name).await?;
                emit(Payload::ScriptLines(
                    crate::rows::lifecycle::ScriptLine::of(&script),
                ));
                Ok(())
            }
            LoadRequest::Roles { require_tag } => {
                // One page: what runs as each role takes the whole estate.
                let roles = crate::inventory::roles::Roles::load(cloud).await;
                emit(Payload::Roles(crate::rows::roles::RoleRow::of_roles(
                    &roles,
                    require_tag.as_deref(),
                )));
                // What could not be read goes to `:errors`, as a list's gaps.
                let gaps = roles.gaps.iter().map(|g| g.gap()).collect();
                (sink.0)(LoadEvent::FillDone(gaps));
                Ok(())
            }
            LoadRequest::RoleDetail {
                arn,
                uses,
                require_tag,
            } => {
                let role = crate::inventory::roles::Roles::role(cloud, arn, uses.clone()).await;
                let row = crate::rows::roles::RoleRow::of(&role, require_tag.as_deref());
                emit(Payload::RoleLines(crate::rows::roles::RoleLine::of(
                    &row, &role,
                )));
                Ok(())
            }
            LoadRequest::Idle {
                fallback_minutes,
                clock,
            } => {
                let studio = crate::inventory::studio::Studio::load(cloud).await?;
                let now = clock.unwrap_or_else(Utc::now);
                emit(Payload::Idle(crate::rows::idle::IdleRow::of_studio(
                    &studio,
                    now,
                    *fallback_minutes,
                )));
                Ok(())
            }
            LoadRequest::Findings { config, git, clock } => {
                // One page at the end: findings are sorted across sources,
                // and a failed source is a row, not a failed load.
                let now = clock.unwrap_or_else(Utc::now);
                let report = crate::governance::collect::check_at(cloud, config, git, now).await;
                emit(Payload::Findings(FindingRow::from_report(report)));
                Ok(())
            }
            LoadRequest::Costs {
                settings,
                clock,
                seen,
            } => {
                let now = clock.unwrap_or_else(Utc::now);
                let days = settings.limits.endpoint_days;
                let inputs = crate::costs::gather::gather(cloud, days, now, seen).await;
                emit(Payload::Costs(Box::new(inputs)));
                Ok(())
            }
            LoadRequest::Trail { query } => {
                let events = |rows| emit(Payload::Trail(rows));
                crate::cloud::history::lookup(cloud, query, &events).await
            }
            LoadRequest::Accounts {
                connector,
                environments,
                current,
            } => {
                let survey = connector.0.survey().await?;
                emit(Payload::Accounts(account_rows(
                    survey,
                    environments,
                    current.as_deref(),
                )));
                Ok(())
            }
            LoadRequest::Team {
                team,
                settings,
                clock,
                seen,
            } => {
                let now = clock.unwrap_or_else(Utc::now);
                let inputs = crate::costs::gather::gather_studio(cloud, now, seen).await;
                let report = crate::costs::report(&inputs, &settings.prices, settings.limits, now);
                let members = crate::costs::team::members(&inputs, &report, team.as_deref());
                if let (Some(team), true) = (team, members.is_empty() && inputs.gaps.is_empty()) {
                    let mut teams: Vec<&str> =
                        inputs.users.iter().filter_map(|u| u.team()).collect();
                    teams.sort_unstable();
                    teams.dedup();
                    return Err(CloudError::NotFound {
                        what: format!(
                            "team {team}: no user profile is tagged TeamName={team} (teams here: {})",
                            teams.join(", ")
                        ),
                    });
                }
                emit(Payload::Team(
                    members.into_iter().map(TeamRow::new).collect(),
                ));
                // The rows read stay; the lists that could not be read say
                // the view is incomplete.
                match inputs.gaps.is_empty() {
                    true => Ok(()),
                    false => Err(CloudError::Other {
                        code: "Incomplete".to_owned(),
                        message: inputs.gaps.join("; "),
                    }),
                }
            }
            // Not cloud calls: run by `run` itself.
            LoadRequest::ScriptDiff { .. } | LoadRequest::Audit { .. } => Ok(()),
        }
    }

    /// The tab whose root lists this, for a finding that opens its
    /// resource there (`None`: no tab lists it).
    pub fn tab(&self) -> Option<TabKind> {
        Some(match self {
            LoadRequest::Domains => TabKind::Domains,
            LoadRequest::Users | LoadRequest::ProfileItems { .. } => TabKind::Users,
            LoadRequest::Jobs | LoadRequest::JobRuns { .. } => TabKind::Jobs,
            LoadRequest::Crawlers => TabKind::Crawlers,
            LoadRequest::EcrRepositories | LoadRequest::Images { .. } => TabKind::Images,
            LoadRequest::ArtifactRepositories
            | LoadRequest::Packages { .. }
            | LoadRequest::PackageVersions { .. } => TabKind::Packages,
            LoadRequest::Endpoints | LoadRequest::Variants { .. } => TabKind::Endpoints,
            _ => return None,
        })
    }

    /// The name a tab's list is kept under on disk (`inventory::last_known`):
    /// the roots of the tabs, not drill-downs or estate-wide views.
    pub fn kept_kind(&self) -> Option<&'static str> {
        Some(match self {
            LoadRequest::Domains => "domains",
            LoadRequest::Users => "users",
            LoadRequest::Jobs => "jobs",
            LoadRequest::Crawlers => "crawlers",
            LoadRequest::EcrRepositories => "ecr-repositories",
            LoadRequest::ArtifactRepositories => "artifact-repositories",
            LoadRequest::Endpoints => "endpoints",
            _ => return None,
        })
    }

    /// A kept list's rows read back as this request's payload; `None` when
    /// they do not parse (an older dsadmin's file): the list loads as if
    /// nothing were kept.
    pub fn kept_payload(&self, rows: serde_json::Value) -> Option<Payload> {
        use serde_json::from_value;
        Some(match self {
            LoadRequest::Domains => Payload::Domains(from_value(rows).ok()?),
            LoadRequest::Users => Payload::Users(from_value(rows).ok()?),
            LoadRequest::Jobs => Payload::Jobs(from_value(rows).ok()?),
            LoadRequest::Crawlers => Payload::Crawlers(from_value(rows).ok()?),
            LoadRequest::EcrRepositories => Payload::EcrRepositories(from_value(rows).ok()?),
            LoadRequest::ArtifactRepositories => {
                Payload::ArtifactRepositories(from_value(rows).ok()?)
            }
            LoadRequest::Endpoints => Payload::Endpoints(from_value(rows).ok()?),
            _ => return None,
        })
    }

    /// Whether live refresh lists this again: the list calls of a tab or
    /// drill-down, not the estate-wide checks (`:findings`, `:costs`), a
    /// CloudTrail history (paced at 2 pages a second: `r` reads it again),
    /// a file (`:audit`) or a diff.
    pub fn is_live(&self) -> bool {
        !matches!(
            self,
            LoadRequest::Findings { .. }
                | LoadRequest::LifecycleConfigs
                // A configuration cannot be edited in place: its script
                // never changes under the pane.
                | LoadRequest::LifecycleScript { .. }
                | LoadRequest::Idle { .. }
                | LoadRequest::Roles { .. }
                | LoadRequest::RoleDetail { .. }
                | LoadRequest::Costs { .. }
                | LoadRequest::Team { .. }
                | LoadRequest::Trail { .. }
                | LoadRequest::Accounts { .. }
                | LoadRequest::Audit { .. }
                | LoadRequest::ScriptDiff { .. }
                | LoadRequest::Logs { follow: false, .. }
        )
    }

    /// Whether the list is read again every few seconds while on screen
    /// (logs being written: `l` on a running run or an endpoint).
    pub fn follows(&self) -> bool {
        matches!(self, LoadRequest::Logs { follow: true, .. })
    }

    /// The admin op an action command means for the whole list, whatever
    /// row is selected (or when it is empty): `start` on a job's runs
    /// starts another run of that job.
    pub fn pane_action(&self, cmd: Command) -> Option<Op> {
        match (self, cmd) {
            (LoadRequest::JobRuns { job }, Command::Start) => {
                Some(Op::StartJobRun { job: job.clone() })
            }
            _ => None,
        }
    }
}

/// What the pane shows, taken from a plan (the bytes stay behind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffView {
    pub job: String,
    pub state: SyncState,
    /// `(label, value)` lines above the diff.
    pub facts: Vec<(&'static str, String)>,
    pub diff: String,
}

impl DiffView {
    pub fn from_plan(plan: &Plan) -> DiffView {
        let deployed = match &plan.deployed {
            Some(d) => format!(
                "{} ({} bytes, ETag {})",
                plan.location,
                d.bytes.len(),
                d.etag.as_deref().unwrap_or("-")
            ),
            None => format!("{} (no object)", plan.location),
        };
        let mut facts = vec![
            ("Deployed", deployed),
            (
                "Git",
                format!(
                    "{} in {} ({} bytes)",
                    plan.git_label(),
                    plan.mapping.repository.display(),
                    plan.blob.len()
                ),
            ),
            ("Commit", plan.commit.clone()),
        ];
        if let Some(pushed) = plan
            .deployed
            .as_ref()
            .and_then(|d| d.metadata.get(crate::ops::glue_push::META_COMMIT))
        {
            facts.push(("Last pushed", format!("commit {}", short(pushed))));
        }
        if !plan.dirty.is_empty() {
            facts.push(("Uncommitted", plan.dirty.join(", ")));
        }
        DiffView {
            job: plan.job.clone(),
            state: plan.state.clone(),
            facts,
            diff: plan.diff.clone(),
        }
    }
}
