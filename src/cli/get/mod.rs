//! `dsadmin get KIND`: what a tab shows, printed for scripts and support tickets.
//!
//! The table output reuses each record's `rows::Row` columns and cell texts, so
//! the CLI and the TUI never disagree about what a cell says; the JSON output
//! is the `model` records themselves (documented in `docs/json.md`).

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use serde::Serialize;

use unicode_width::UnicodeWidthStr;

use crate::cli::args::Cli;
use crate::cli::error::CliError;

use crate::cloud::{Cloud, CloudError};
use crate::collect_all;
use crate::format;
use crate::model::{
    App, ArtifactRepository, Domain, GlueDatabase, NotebookInstance, Package, ProfileItem, Space,
    TrainingJob,
};
use crate::rows::endpoints::VariantRow;
use crate::rows::{Row, SortKey};

/// What `dsadmin get` lists. The order is the order of the tabs, then the
/// lists that have no tab of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Studio domains.
    #[value(aliases = ["domain"])]
    Domains,
    /// User profiles of every domain (--domain narrows).
    #[value(aliases = ["user", "profiles", "profile", "user-profiles"])]
    Users,
    /// Apps of one domain (--domain, optional --user).
    #[value(aliases = ["app"])]
    Apps,
    /// Spaces of one domain (--domain, optional --user for the owner).
    #[value(aliases = ["space"])]
    Spaces,
    /// Glue jobs with their last run.
    #[value(aliases = ["job", "glue-jobs"])]
    Jobs,
    /// Runs of one Glue job, newest first (--job).
    #[value(aliases = ["run", "job-runs"])]
    Runs,
    /// Glue crawlers.
    #[value(aliases = ["crawler"])]
    Crawlers,
    /// Glue Data Catalog databases.
    #[value(aliases = ["database", "db", "dbs"])]
    Databases,
    /// ECR repositories (the Images tab's first level).
    #[value(aliases = ["repository", "repos", "repo", "ecr"])]
    Repositories,
    /// Images of one ECR repository (--repository).
    #[value(aliases = ["image"])]
    Images,
    /// CodeArtifact repositories (the Artifacts tab's first level).
    #[value(aliases = [
        "artifact-repo",
        "artifact-repositories",
        "artifacts",
        "codeartifact"
    ])]
    ArtifactRepos,
    /// Packages of one CodeArtifact repository (--repository [DOMAIN/]NAME).
    #[value(aliases = ["package", "pkg", "pkgs"])]
    Packages,
    /// Versions of one package (--repository, --package).
    #[value(aliases = ["version", "package-versions"])]
    Versions,
    /// SageMaker endpoints with their traffic split.
    #[value(aliases = ["endpoint", "ep", "eps"])]
    Endpoints,
    /// Production variants of one endpoint (--endpoint).
    #[value(aliases = ["variant"])]
    Variants,
    /// Classic notebook instances.
    #[value(aliases = ["notebook", "nb", "notebook-instances"])]
    Notebooks,
    /// SageMaker training jobs, newest first.
    #[value(aliases = ["training-job", "tj"])]
    TrainingJobs,
}

impl Kind {
    /// The name the user types (and the error messages use).
    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(|| format!("{self:?}"), |v| v.get_name().to_owned())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned plain text with the TUI's columns.
    #[default]
    Table,
    /// A pretty-printed JSON array of records (see docs/json.md).
    Json,
}

/// `dsadmin get KIND [--output table|json] [narrowing flags]`.
#[derive(Debug, Clone, Args)]
pub struct GetArgs {
    /// What to list. Singular forms and short aliases work too
    /// (user, profiles, ep, db, nb, tj, pkg …).
    #[arg(value_enum, ignore_case = true)]
    pub kind: Kind,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    pub output: Output,

    /// Studio domain, by name or id (apps, spaces; narrows users).
    #[arg(long, value_name = "NAME|ID")]
    pub domain: Option<String>,

    /// User profile (narrows apps, and spaces to the ones it owns).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// Glue job whose runs to list (runs).
    #[arg(long, value_name = "NAME")]
    pub job: Option<String>,

    /// ECR repository (images) or CodeArtifact repository (packages, versions);
    /// for CodeArtifact, DOMAIN/NAME when the name is in several domains.
    #[arg(long, alias = "repo", value_name = "[DOMAIN/]NAME")]
    pub repository: Option<String>,

    /// CodeArtifact package (versions); NAMESPACE/NAME or FORMAT:NAME when
    /// the name alone is ambiguous.
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,

    /// SageMaker endpoint whose variants to list (variants).
    #[arg(long, value_name = "NAME")]
    pub endpoint: Option<String>,
}

/// Opens the cloud the TUI would use (the demo estate anchored at the same
/// `now` the table's relative times are computed from), prints to stdout.
pub fn main(cli: &Cli, args: &GetArgs) -> Result<(), CliError> {
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let cloud = crate::cli::session::open_at(cli, now).await?;
        // Buffered: a 100,000-row table is one write per 8 KiB, not per line.
        let mut out = io::BufWriter::new(io::stdout());
        run(args, &cloud, &mut out, now).await?;
        out.flush()?;
        Ok(())
    })
}

/// Lists `args.kind` from `cloud` and writes it to `out` as a table or JSON.
/// `now` is the clock for relative times ("3h ago") in the table.
pub async fn run(
    args: &GetArgs,
    cloud: &Cloud,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> Result<(), CliError> {
    check_flags(args)?;
    let output = args.output;
    match args.kind {
        Kind::Domains => {
            let rows = sorted_like_tab(collect_all!(cloud.sagemaker, list_domains)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Users => {
            let mut rows = collect_all!(cloud.sagemaker, list_user_profiles)?;
            if let Some(wanted) = &args.domain {
                let domains = collect_all!(cloud.sagemaker, list_domains)?;
                let domain = resolve_domain(&domains, wanted).map_err(CliError::usage)?;
                rows.retain(|u| u.domain_id == domain.id);
            }
            let rows = sorted_like_tab(rows);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Apps => {
            let domain = required_domain(args, cloud).await?;
            let user = args.user.as_deref();
            let rows = match collect_all!(cloud.sagemaker, list_apps, &domain.id, user) {
                Ok(rows) => rows,
                // The domain is known to exist, so the user profile is what is missing.
                Err(CloudError::NotFound { .. }) if user.is_some() => {
                    let users = user_names(cloud, &domain.id).await?;
                    return Err(CliError::usage(format!(
                        "no user profile '{}' in domain {}; users: {}",
                        user.unwrap_or_default(),
                        domain.name,
                        listing_all(users, Kind::Users)
                    )));
                }
                Err(e) => return Err(e.into()),
            };
            emit(out, output, &rows, || apps_table(&rows, now))
        }
        Kind::Spaces => {
            let domain = required_domain(args, cloud).await?;
            let mut rows = collect_all!(cloud.sagemaker, list_spaces, &domain.id)?;
            if let Some(user) = &args.user {
                // Profile names are case-insensitive in SageMaker.
                rows.retain(|s| {
                    s.owner
                        .as_deref()
                        .is_some_and(|o| o.eq_ignore_ascii_case(user))
                });
            }
            emit(out, output, &rows, || spaces_table(&rows, now))
        }
        Kind::Jobs => {
            let rows = sorted_like_tab(collect_all!(cloud.glue, list_jobs)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Runs => {
            let Some(job) = &args.job else {
                return Err(CliError::usage(format!(
                    "runs needs --job NAME; jobs: {}",
                    listing_all(job_names(cloud).await?, Kind::Jobs)
                )));
            };
            let rows = match collect_all!(cloud.glue, list_job_runs, job) {
                Ok(rows) => sorted_like_tab(rows),
                Err(CloudError::NotFound { .. }) => {
                    return Err(CliError::usage(format!(
                        "no Glue job '{job}'; jobs: {}",
                        listing_all(job_names(cloud).await?, Kind::Jobs)
                    )))
                }
                Err(e) => return Err(e.into()),
            };
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Crawlers => {
            let rows = sorted_like_tab(collect_all!(cloud.glue, list_crawlers)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Databases => {
            let mut rows = collect_all!(cloud.glue, list_databases)?;
            rows.sort_by(|a, b| SortKey::Text(&a.name).compare(&SortKey::Text(&b.name)));
            emit(out, output, &rows, || databases_table(&rows, now))
        }
        Kind::Repositories => {
            let rows = sorted_like_tab(collect_all!(cloud.ecr, list_repositories)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Images => {
            let Some(repository) = &args.repository else {
                return Err(CliError::usage(format!(
                    "images needs --repository NAME; repositories: {}",
                    listing_all(ecr_names(cloud).await?, Kind::Repositories)
                )));
            };
            let rows = match collect_all!(cloud.ecr, list_images, repository) {
                Ok(rows) => sorted_like_tab(rows),
                Err(CloudError::NotFound { .. }) => {
                    return Err(CliError::usage(format!(
                        "no ECR repository '{repository}'; repositories: {}",
                        listing_all(ecr_names(cloud).await?, Kind::Repositories)
                    )))
                }
                Err(e) => return Err(e.into()),
            };
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::ArtifactRepos => {
            let rows = sorted_like_tab(collect_all!(cloud.codeartifact, list_repositories)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Packages => {
            let repo = required_artifact_repo(args, cloud).await?;
            let rows = sorted_like_tab(collect_all!(
                cloud.codeartifact,
                list_packages,
                &repo.domain,
                &repo.name
            )?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Versions => {
            let repo = required_artifact_repo(args, cloud).await?;
            let packages =
                collect_all!(cloud.codeartifact, list_packages, &repo.domain, &repo.name)?;
            let Some(wanted) = &args.package else {
                return Err(CliError::usage(format!(
                    "versions needs --package NAME; packages in {}/{}: {}",
                    repo.domain,
                    repo.name,
                    listing(package_names(&packages))
                )));
            };
            let package = resolve_package(&packages, wanted)
                .map_err(|e| CliError::usage(format!("{e} (in {}/{})", repo.domain, repo.name)))?;
            let rows = sorted_like_tab(collect_all!(
                cloud.codeartifact,
                list_package_versions,
                &repo.domain,
                &repo.name,
                package
            )?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Endpoints => {
            let rows = sorted_like_tab(collect_all!(cloud.sagemaker, list_endpoints)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Variants => {
            let Some(name) = &args.endpoint else {
                return Err(CliError::usage(format!(
                    "variants needs --endpoint NAME; endpoints: {}",
                    listing_all(endpoint_names(cloud).await?, Kind::Endpoints)
                )));
            };
            let endpoint = match cloud.sagemaker.describe_endpoint(name).await {
                Ok(e) => e,
                Err(CloudError::NotFound { .. }) => {
                    return Err(CliError::usage(format!(
                        "no SageMaker endpoint '{name}'; endpoints: {}",
                        listing_all(endpoint_names(cloud).await?, Kind::Endpoints)
                    )))
                }
                Err(e) => return Err(e.into()),
            };
            // Records stay in the endpoint's variant order: the share of each
            // depends on all of them, so the JSON has weights, not shares.
            let rows = endpoint.variants;
            emit(out, output, &rows, || {
                tab_table(&VariantRow::of(rows.clone()), now)
            })
        }
        Kind::Notebooks => {
            let mut rows = collect_all!(cloud.sagemaker, list_notebook_instances)?;
            rows.sort_by(|a, b| SortKey::Text(&a.name).compare(&SortKey::Text(&b.name)));
            emit(out, output, &rows, || notebooks_table(&rows, now))
        }
        Kind::TrainingJobs => {
            let mut rows = collect_all!(cloud.sagemaker, list_training_jobs)?;
            // Newest first, as the console lists them; stable, so ties keep the backend's order.
            rows.sort_by_key(|j| std::cmp::Reverse(j.created));
            emit(out, output, &rows, || training_jobs_table(&rows, now))
        }
    }
}

/// Rejects narrowing flags the kind does not use: a script that passes
/// `--job` to `get crawlers` has a bug it should hear about.
fn check_flags(args: &GetArgs) -> Result<(), CliError> {
    use Kind::*;
    let flags: [(&str, bool, &[Kind]); 6] = [
        ("--domain", args.domain.is_some(), &[Users, Apps, Spaces]),
        ("--user", args.user.is_some(), &[Apps, Spaces]),
        ("--job", args.job.is_some(), &[Runs]),
        (
            "--repository",
            args.repository.is_some(),
            &[Images, Packages, Versions],
        ),
        ("--package", args.package.is_some(), &[Versions]),
        ("--endpoint", args.endpoint.is_some(), &[Variants]),
    ];
    for (flag, given, kinds) in flags {
        if given && !kinds.contains(&args.kind) {
            let names: Vec<String> = kinds.iter().map(|k| k.name()).collect();
            return Err(CliError::usage(format!(
                "{flag} does not apply to {}; it narrows {}",
                args.kind.name(),
                names.join(", ")
            )));
        }
    }
    Ok(())
}

async fn required_domain(args: &GetArgs, cloud: &Cloud) -> Result<Domain, CliError> {
    let domains = collect_all!(cloud.sagemaker, list_domains)?;
    let Some(wanted) = &args.domain else {
        return Err(CliError::usage(format!(
            "{} needs --domain NAME|ID; domains: {}",
            args.kind.name(),
            domain_listing(&domains)
        )));
    };
    resolve_domain(&domains, wanted)
        .cloned()
        .map_err(CliError::usage)
}

async fn required_artifact_repo(
    args: &GetArgs,
    cloud: &Cloud,
) -> Result<ArtifactRepository, CliError> {
    let repos = collect_all!(cloud.codeartifact, list_repositories)?;
    let Some(wanted) = &args.repository else {
        return Err(CliError::usage(format!(
            "{} needs --repository [DOMAIN/]NAME; repositories: {}",
            args.kind.name(),
            listing(repos.iter().map(|r| format!("{}/{}", r.domain, r.name)))
        )));
    };
    resolve_artifact_repo(&repos, wanted)
        .cloned()
        .map_err(CliError::usage)
}

async fn job_names(cloud: &Cloud) -> Result<Vec<String>, CliError> {
    let jobs = sorted_like_tab(collect_all!(cloud.glue, list_jobs)?);
    Ok(jobs.into_iter().map(|j| j.name).collect())
}

async fn ecr_names(cloud: &Cloud) -> Result<Vec<String>, CliError> {
    let repos = sorted_like_tab(collect_all!(cloud.ecr, list_repositories)?);
    Ok(repos.into_iter().map(|r| r.name).collect())
}

async fn endpoint_names(cloud: &Cloud) -> Result<Vec<String>, CliError> {
    let endpoints = sorted_like_tab(collect_all!(cloud.sagemaker, list_endpoints)?);
    Ok(endpoints.into_iter().map(|e| e.name).collect())
}

async fn user_names(cloud: &Cloud, domain_id: &str) -> Result<Vec<String>, CliError> {
    let users = sorted_like_tab(collect_all!(cloud.sagemaker, list_user_profiles)?);
    Ok(users
        .into_iter()
        .filter(|u| u.domain_id == domain_id)
        .map(|u| u.name)
        .collect())
}

/// How many valid values an error message lists before it says "… and N more".
const LISTED: usize = 20;

/// "a, b, c" — the valid values for a flag, cut short for big estates.
pub fn listing(values: impl IntoIterator<Item = String>) -> String {
    let values: Vec<String> = values.into_iter().collect();
    if values.is_empty() {
        return "(none)".to_owned();
    }
    let mut text = values[..values.len().min(LISTED)].join(", ");
    if values.len() > LISTED {
        text.push_str(&format!(" … and {} more", values.len() - LISTED));
    }
    text
}

/// `listing`, plus where to see the whole list when it was cut.
fn listing_all(values: Vec<String>, all: Kind) -> String {
    let cut = values.len() > LISTED;
    let mut text = listing(values);
    if cut {
        text.push_str(&format!(" (`dsadmin get {}` lists them all)", all.name()));
    }
    text
}

/// Package names for an error message: the bare name where it is unique,
/// `FORMAT:[NAMESPACE/]NAME` where it is not, i.e. what `--package` accepts.
fn package_names(packages: &[Package]) -> Vec<String> {
    packages
        .iter()
        .map(|p| {
            if packages.iter().filter(|q| q.name == p.name).count() == 1 {
                p.name.clone()
            } else {
                package_id(p)
            }
        })
        .collect()
}

/// "ds-prod-secure (d-abc123), …": both, since `--domain` takes either.
fn domain_listing(domains: &[Domain]) -> String {
    listing(domains.iter().map(|d| format!("{} ({})", d.name, d.id)))
}

/// Finds a Studio domain by id, else by name (exactly, then ignoring case:
/// [`crate::ops::find_domain`]), or says which domains there are.
pub fn resolve_domain<'a>(domains: &'a [Domain], wanted: &str) -> Result<&'a Domain, String> {
    crate::ops::find_domain(domains, wanted).ok_or_else(|| {
        format!(
            "no SageMaker domain '{wanted}'; domains: {}",
            domain_listing(domains)
        )
    })
}

/// Finds a CodeArtifact repository by `DOMAIN/NAME`, or by `NAME` alone when
/// only one domain has a repository of that name.
pub fn resolve_artifact_repo<'a>(
    repos: &'a [ArtifactRepository],
    wanted: &str,
) -> Result<&'a ArtifactRepository, String> {
    let all = || listing(repos.iter().map(|r| format!("{}/{}", r.domain, r.name)));
    if let Some((domain, name)) = wanted.split_once('/') {
        return repos
            .iter()
            .find(|r| r.domain == domain && r.name == name)
            .ok_or_else(|| {
                format!(
                    "no CodeArtifact repository '{wanted}'; repositories: {}",
                    all()
                )
            });
    }
    let matches: Vec<&ArtifactRepository> = repos.iter().filter(|r| r.name == wanted).collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no CodeArtifact repository '{wanted}'; repositories: {}",
            all()
        )),
        many => Err(format!(
            "CodeArtifact repository '{wanted}' is in several domains: {}; \
             use --repository DOMAIN/NAME",
            listing(many.iter().map(|r| format!("{}/{}", r.domain, r.name)))
        )),
    }
}

/// "pypi:numpy", "npm:types/node": how a package is named in listings and
/// how `--package` can name it exactly.
pub fn package_id(p: &Package) -> String {
    match &p.namespace {
        Some(ns) => format!("{}:{ns}/{}", p.format, p.name),
        None => format!("{}:{}", p.format, p.name),
    }
}

/// Finds a package by `NAME`, `NAMESPACE/NAME`, or either prefixed with
/// `FORMAT:`; a name shared by several formats or namespaces is ambiguous.
pub fn resolve_package<'a>(packages: &'a [Package], wanted: &str) -> Result<&'a Package, String> {
    let (format, rest) = match wanted.split_once(':') {
        Some((format, rest)) => (Some(format), rest),
        None => (None, wanted),
    };
    let (namespace, name) = match rest.rsplit_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, rest),
    };
    let matches: Vec<&Package> = packages
        .iter()
        .filter(|p| {
            p.name == name
                && format.is_none_or(|f| p.format.eq_ignore_ascii_case(f))
                && namespace.is_none_or(|ns| p.namespace.as_deref() == Some(ns))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no package '{wanted}'; packages: {}",
            listing(package_names(packages))
        )),
        many => Err(format!(
            "package '{wanted}' is ambiguous: {}; use --package FORMAT:[NAMESPACE/]NAME",
            listing(many.iter().map(|p| package_id(p)))
        )),
    }
}

/// Column titles and cell texts, ready to align.
pub(crate) struct Table {
    pub(crate) titles: Vec<&'static str>,
    pub(crate) rows: Vec<Vec<String>>,
}

/// Writes `records` as JSON, or builds and writes the table.
fn emit<T: Serialize>(
    out: &mut impl Write,
    output: Output,
    records: &[T],
    table: impl FnOnce() -> Table,
) -> Result<(), CliError> {
    match output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut *out, records).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Output::Table => write_table(out, &table())?,
    }
    Ok(())
}

/// Writes `rows` as an aligned table with the TUI's columns and cell texts
/// (for other subcommands, e.g. `check`, that print a pane's rows).
pub fn write_rows<T: Row>(out: &mut impl Write, rows: &[T], now: DateTime<Utc>) -> io::Result<()> {
    write_table(out, &tab_table(rows, now))
}

/// A tab's columns and cells for `rows`, exactly as the TUI words them.
pub(crate) fn tab_table<T: Row>(rows: &[T], now: DateTime<Utc>) -> Table {
    let columns = T::columns();
    Table {
        titles: columns.iter().map(|c| c.title).collect(),
        rows: rows
            .iter()
            .map(|r| {
                (0..columns.len())
                    .map(|col| r.cell(col, now).into_owned())
                    .collect()
            })
            .collect(),
    }
}

/// The user drill-down's columns (apps and spaces share them in the TUI),
/// plus OWNER, because a domain-wide list mixes everyone's.
fn profile_items_table(items: Vec<(ProfileItem, String)>, now: DateTime<Utc>) -> Table {
    let (items, owners): (Vec<ProfileItem>, Vec<String>) = items.into_iter().unzip();
    let mut table = tab_table(&items, now);
    table.titles.push("OWNER");
    for (row, owner) in table.rows.iter_mut().zip(owners) {
        row.push(owner);
    }
    table
}

fn apps_table(apps: &[App], now: DateTime<Utc>) -> Table {
    profile_items_table(
        apps.iter()
            .map(|a| {
                let owner = match (&a.user_profile, &a.space_name) {
                    (Some(user), _) => user.clone(),
                    (None, Some(space)) => format!("space {space}"),
                    (None, None) => "-".to_owned(),
                };
                (ProfileItem::App(a.clone()), owner)
            })
            .collect(),
        now,
    )
}

fn spaces_table(spaces: &[Space], now: DateTime<Utc>) -> Table {
    profile_items_table(
        spaces
            .iter()
            .map(|s| {
                let owner = format::opt(s.owner.as_deref());
                (ProfileItem::Space(s.clone()), owner)
            })
            .collect(),
        now,
    )
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

// Notebook instances, training jobs and databases have no tab (yet); their
// columns follow the tabs' conventions: name first, state, relative times.

fn notebooks_table(rows: &[NotebookInstance], now: DateTime<Utc>) -> Table {
    Table {
        titles: vec![
            "NAME",
            "STATUS",
            "INSTANCE TYPE",
            "INTERNET",
            "ROOT",
            "KMS KEY",
            "CREATED",
        ],
        rows: rows
            .iter()
            .map(|n| {
                vec![
                    n.name.clone(),
                    n.status.clone(),
                    format::opt(n.instance_type.as_deref()),
                    format::opt(n.direct_internet_access.as_deref()),
                    format::opt(n.root_access.as_deref()),
                    n.kms_key_id.as_deref().map_or_else(
                        || "none (AWS owned)".to_owned(),
                        |k| format::arn_tail(k).to_owned(),
                    ),
                    format::relative(n.created, now),
                ]
            })
            .collect(),
    }
}

fn training_jobs_table(rows: &[TrainingJob], now: DateTime<Utc>) -> Table {
    Table {
        titles: vec![
            "NAME",
            "STATUS",
            "INSTANCES",
            "VPC",
            "ENCRYPTED",
            "SPOT",
            "DURATION",
            "CREATED",
        ],
        rows: rows
            .iter()
            .map(|j| {
                let instances = match (&j.instance_type, j.instance_count) {
                    (Some(t), Some(n)) => format!("{t}×{n}"),
                    (Some(t), None) => t.clone(),
                    (None, _) => "-".to_owned(),
                };
                vec![
                    j.name.clone(),
                    j.status.clone(),
                    instances,
                    yes_no(j.in_vpc),
                    yes_no(j.inter_container_encryption),
                    yes_no(j.managed_spot),
                    j.training_secs
                        .map_or_else(|| "-".to_owned(), format::duration_precise),
                    format::relative(j.created, now),
                ]
            })
            .collect(),
    }
}

fn databases_table(rows: &[GlueDatabase], now: DateTime<Utc>) -> Table {
    Table {
        titles: vec!["NAME", "LOCATION", "CREATED", "DESCRIPTION"],
        rows: rows
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    format::opt(d.location_uri.as_deref()),
                    format::relative(d.created, now),
                    format::opt(d.description.as_deref()),
                ]
            })
            .collect(),
    }
}

/// Aligned columns, two spaces apart, no colour, nothing cut; the last
/// column is not padded so lines carry no trailing blanks.
pub(crate) fn write_table(out: &mut impl Write, table: &Table) -> io::Result<()> {
    // A newline or tab inside a value (a Glue error message) would break the
    // row apart; show it as a space instead.
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = table.titles.iter().map(|t| t.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let titles: Vec<String> = table.titles.iter().map(|t| (*t).to_owned()).collect();
    for row in std::iter::once(&titles).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(w.saturating_sub(cell.width())));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The rows in the order the tab first shows them (its default sort column
/// and direction), so the CLI lists what the TUI lists in the same order.
pub(crate) fn sorted_like_tab<T: Row>(mut rows: Vec<T>) -> Vec<T> {
    let (col, desc) = T::default_sort();
    // Stable ascending, then reversed for descending: what the table widget
    // does, so ties land in the same places.
    rows.sort_by(|a, b| a.sort_key(col).compare(&b.sort_key(col)));
    if desc {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests;
