//! `dsadmin get KIND`: what a tab shows, printed for scripts and support tickets.
//!
//! The table output reuses each record's `rows::Row` columns and cell texts, so
//! the CLI and the TUI never disagree about what a cell says; the JSON output
//! is the `model` records themselves (documented in `docs/json.md`).

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;

use crate::cloud::Cloud;
use crate::collect_all;
use crate::gitsync::GitSettings;
use crate::governance::GovernanceConfig;
use crate::inventory::roles::Roles;
use crate::inventory::studio::Studio;
use crate::inventory::{self, Enrich, Gaps};
use crate::model::Enriched;
use crate::rows::endpoints::VariantRow;
use crate::rows::idle::IdleRow;
use crate::rows::lifecycle::LifecycleRow;
use crate::rows::roles::RoleRow;
use crate::rows::SortKey;

mod fan_out;
mod jobs;
mod narrow;
pub(crate) mod table;

pub use narrow::{listing, package_id, resolve_domain, resolve_package};
pub use table::write_rows;
use table::{apps_table, databases_table, notebooks_table, spaces_table, training_jobs_table};
pub(crate) use table::{list_table, sorted_like_tab, tab_table, write_table, Table};

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
    /// Model Registry: model package groups, with their versions counted.
    #[value(aliases = ["model-group", "model-package-groups", "registry"])]
    ModelGroups,
    /// Versions of one model package group, newest first (--group).
    #[value(aliases = ["model-package", "model-versions"])]
    ModelPackages,
    /// Studio lifecycle configurations: where each is attached, the
    /// running apps started with it, what the lifecycle rules find.
    #[value(aliases = ["lifecycle-config", "lifecycle", "lcc"])]
    LifecycleConfigs,
    /// Idle shutdown per domain, profile and space; running apps against
    /// their limit, with the likely reasons when past it.
    #[value(aliases = ["idle"])]
    IdleShutdown,
    /// Execution roles: what runs as each (domains, profiles, spaces,
    /// notebooks, training jobs, models, endpoints, Glue jobs), its
    /// policies, its S3 reach and what the role rules find.
    #[value(aliases = ["role", "execution-roles"])]
    Roles,
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
    /// The table with the columns follow-up calls fill (as --wide).
    Wide,
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

    /// Add the fields only follow-up calls return (a job's last run, tags,
    /// …): one or more calls per row, where the default is one per page of
    /// the list. `-o wide` is the same for the table.
    #[arg(long)]
    pub wide: bool,

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

    /// Model package group whose versions to list (model-packages).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,

    /// The limit for apps without a native idle timeout (idle-shutdown;
    /// default: [governance] idle_limit_minutes).
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..))]
    pub idle_limit: Option<u32>,

    /// The object tag S3 object access must be conditioned on (roles;
    /// default: [governance] require_object_tag).
    #[arg(long, value_name = "TAG")]
    pub require_tag: Option<String>,

    /// List in several accounts at once: `all` the accounts dsadmin knows
    /// (`dsadmin accounts`), or 12-digit ids separated by commas. Adds
    /// ACCOUNT and REGION (JSON: `account`, `region`); exit status 4 when
    /// some did not answer.
    #[arg(long, value_name = "all|ID,ID", value_parser = crate::model::account::Scope::parse)]
    pub accounts: Option<crate::model::account::Scope>,
}

/// Opens the cloud the TUI would use (the demo estate anchored at the same
/// `now` the table's relative times are computed from), prints to stdout.
pub fn main(
    cli: &GlobalArgs,
    settings: &crate::settings::Settings,
    args: &GetArgs,
) -> Result<(), CliError> {
    let git = &settings.git;
    let mut args = args.clone();
    if args.kind == Kind::IdleShutdown {
        args.idle_limit
            .get_or_insert(settings.governance_rules().idle_limit_minutes);
    }
    if let Some(tag) = &args.require_tag {
        crate::governance::config::check_object_tag(tag)
            .map_err(|e| CliError::usage(format!("--require-tag: {e}")))?;
    }
    if args.kind == Kind::Roles && args.require_tag.is_none() {
        args.require_tag = settings.governance_rules().require_object_tag;
    }
    let args = &args;
    if let Some(scope) = &args.accounts {
        return fan_out::main(cli, settings, args, scope);
    }
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let cloud = crate::cli::session::open_at(cli, now).await?;
        // Buffered: a 100,000-row table is one write per 8 KiB, not per line.
        let mut out = io::BufWriter::new(io::stdout());
        run(args, &cloud, git, &mut out, now).await?;
        out.flush()?;
        Ok(())
    })
}

/// Lists `args.kind` from `cloud` and writes it to `out` as a table or JSON.
/// `git` maps Glue jobs to their repositories (`get jobs --wide`'s GIT).
/// `now` is the clock for relative times ("3h ago") in the table.
pub async fn run(
    args: &GetArgs,
    cloud: &Cloud,
    git: &GitSettings,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> Result<(), CliError> {
    list_into(args, cloud, git, &mut Sink::Out(out), now).await
}

/// [`run`], into a sink: written out, or kept for `--accounts` to merge.
pub(crate) async fn list_into(
    args: &GetArgs,
    cloud: &Cloud,
    git: &GitSettings,
    out: &mut Sink<'_>,
    now: DateTime<Utc>,
) -> Result<(), CliError> {
    check_flags(args)?;
    let output = args.output;
    let wide = args.wide || output == Output::Wide;
    match args.kind {
        Kind::Domains => {
            let rows = sorted_like_tab(collect_all!(cloud.sagemaker, list_domains)?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::Users => {
            let rows = sorted_like_tab(narrow::users(args, cloud).await?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::Apps => {
            let rows = narrow::apps(args, cloud).await?;
            emit(out, output, &rows, || apps_table(&rows, now))
        }
        Kind::Spaces => {
            // ListSpaces' fields only, whatever a backend returned: the
            // same records from the demo and from AWS.
            let mut rows = narrow::spaces(args, cloud).await?;
            rows.iter_mut().for_each(Enriched::list_fields_only);
            emit(out, output, &rows, || spaces_table(&rows, now))
        }
        Kind::Jobs => {
            let rows = sorted_like_tab(collect_all!(cloud.glue, list_jobs)?);
            let rows = filled(cloud, rows, wide).await;
            if !wide {
                return emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide));
            }
            // With the tab's GIT column, and `git` in each JSON record.
            let rows = jobs::with_git(cloud, git, rows).await;
            let values: Vec<serde_json::Value> = if output == Output::Json {
                listed_values(rows.iter().map(|r| &r.job))?
                    .into_iter()
                    .zip(&rows)
                    .map(|(value, row)| jobs::with_git_field(value, row))
                    .collect()
            } else {
                Vec::new()
            };
            emit(out, output, &values, || tab_table(&rows, now))
        }
        Kind::Runs => {
            let rows = sorted_like_tab(narrow::runs(args, cloud).await?);
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
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::Images => {
            let rows = sorted_like_tab(narrow::images(args, cloud).await?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::ArtifactRepos => {
            let rows = sorted_like_tab(collect_all!(cloud.codeartifact, list_repositories)?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::Packages => {
            let rows = sorted_like_tab(narrow::packages(args, cloud).await?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Versions => {
            let rows = sorted_like_tab(narrow::versions(args, cloud).await?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Endpoints => {
            let rows = sorted_like_tab(collect_all!(cloud.sagemaker, list_endpoints)?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::Variants => {
            // Records stay in the endpoint's variant order: the share of each
            // depends on all of them, so the JSON has weights, not shares.
            let rows = narrow::variants(args, cloud).await?;
            emit(out, output, &rows, || {
                tab_table(&VariantRow::of(rows.clone()), now)
            })
        }
        Kind::Notebooks => {
            let mut rows = collect_all!(cloud.sagemaker, list_notebook_instances)?;
            rows.sort_by(|a, b| SortKey::Text(&a.name).compare(&SortKey::Text(&b.name)));
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || {
                notebooks_table(&rows, now, wide)
            })
        }
        Kind::TrainingJobs => {
            let mut rows = collect_all!(cloud.sagemaker, list_training_jobs)?;
            // Newest first, as the console lists them; stable, so ties keep the backend's order.
            rows.sort_by_key(|j| std::cmp::Reverse(j.created));
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || {
                training_jobs_table(&rows, now, wide)
            })
        }
        Kind::ModelGroups => {
            let rows = sorted_like_tab(collect_all!(cloud.sagemaker, list_model_package_groups)?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        Kind::ModelPackages => {
            let rows = sorted_like_tab(narrow::model_packages(args, cloud).await?);
            let rows = filled(cloud, rows, wide).await;
            emit_listed(out, output, wide, &rows, || list_table(&rows, now, wide))
        }
        // Both read the whole Studio estate: there is no narrow form.
        Kind::LifecycleConfigs => {
            let studio = Studio::load(cloud).await?;
            let rows = sorted_like_tab(LifecycleRow::of_studio(&studio)?);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::IdleShutdown => {
            let studio = Studio::load(cloud).await?;
            let limit = args
                .idle_limit
                .unwrap_or_else(|| GovernanceConfig::default().idle_limit_minutes);
            let rows = IdleRow::of_studio(&studio, now, limit);
            emit(out, output, &rows, || tab_table(&rows, now))
        }
        Kind::Roles => {
            let roles = Roles::load(cloud).await;
            for gap in &roles.gaps {
                let text = gap.gap().text();
                eprintln!("dsadmin: warning: {}", crate::sanitize::line(&text));
            }
            let rows = sorted_like_tab(RoleRow::of_roles(&roles, args.require_tag.as_deref()));
            emit(out, output, &rows, || tab_table(&rows, now))
        }
    }
}

/// Rejects narrowing flags the kind does not use: a script that passes
/// `--job` to `get crawlers` has a bug it should hear about.
pub(super) fn check_flags(args: &GetArgs) -> Result<(), CliError> {
    use Kind::*;
    let flags: [(&str, bool, &[Kind]); 9] = [
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
        ("--group", args.group.is_some(), &[ModelPackages]),
        ("--idle-limit", args.idle_limit.is_some(), &[IdleShutdown]),
        ("--require-tag", args.require_tag.is_some(), &[Roles]),
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

/// With `wide`, the rows' follow-up fields filled in; a follow-up that
/// failed is said once per cause on stderr (its cells read `?`).
async fn filled<T: Enrich>(cloud: &Cloud, mut rows: Vec<T>, wide: bool) -> Vec<T> {
    if !wide {
        rows.iter_mut().for_each(Enriched::list_fields_only);
        return rows;
    }
    let gaps = Gaps::default();
    let rows = inventory::fill_all(cloud, rows, &gaps).await;
    for gap in gaps.list() {
        eprintln!("dsadmin: warning: {}", crate::sanitize::line(&gap.text()));
    }
    rows
}

/// Like [`emit`] for rows with follow-up fields: with `wide`, each JSON
/// record carries an `unknown` map (field → why) beside its null fields.
fn emit_listed<T: Serialize + Enriched>(
    out: &mut Sink<'_>,
    output: Output,
    wide: bool,
    records: &[T],
    table: impl FnOnce() -> Table,
) -> Result<(), CliError> {
    if output != Output::Json || !wide {
        return emit(out, output, records, table);
    }
    emit(out, output, &listed_values(records)?, table)
}

/// Each record as JSON with its `unknown` map (field → why) beside its
/// null fields (`--wide`).
fn listed_values<'a, T: Serialize + Enriched + 'a>(
    records: impl IntoIterator<Item = &'a T>,
) -> Result<Vec<serde_json::Value>, CliError> {
    let mut values = Vec::new();
    for r in records {
        let mut value = serde_json::to_value(r).map_err(io::Error::from)?;
        let unknown: serde_json::Map<String, serde_json::Value> = r
            .unknown()
            .into_iter()
            .map(|(field, why)| (field.to_owned(), why.text().into()))
            .collect();
        if let Some(object) = value.as_object_mut() {
            // A group of fields one call fills (a domain's settings) is
            // absent when unknown: each is there, null, as documented. A
            // dotted field lives inside a list (`variants.model_name`):
            // the list's items just lack it.
            for field in unknown.keys().filter(|f| !f.contains('.')) {
                object
                    .entry(field.clone())
                    .or_insert(serde_json::Value::Null);
            }
            object.insert("unknown".to_owned(), unknown.into());
        }
        values.push(value);
    }
    Ok(values)
}

/// Where a listing goes: written out, or kept to be merged with other
/// accounts' (`--accounts`).
pub(crate) enum Sink<'a> {
    Out(&'a mut dyn Write),
    Keep(&'a mut Listing),
}

/// One account's listing, kept: the table, or the JSON records.
#[derive(Default)]
pub(crate) struct Listing {
    pub(crate) table: Option<Table>,
    pub(crate) records: Vec<serde_json::Value>,
}

/// Writes `records` as JSON, or builds and writes the table.
fn emit<T: Serialize>(
    out: &mut Sink<'_>,
    output: Output,
    records: &[T],
    table: impl FnOnce() -> Table,
) -> Result<(), CliError> {
    match (out, output) {
        (Sink::Out(out), Output::Json) => {
            serde_json::to_writer_pretty(&mut **out, records).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        (Sink::Out(out), Output::Table | Output::Wide) => write_table(&mut **out, &table())?,
        (Sink::Keep(kept), Output::Json) => {
            for r in records {
                kept.records
                    .push(serde_json::to_value(r).map_err(io::Error::from)?);
            }
        }
        (Sink::Keep(kept), Output::Table | Output::Wide) => kept.table = Some(table()),
    }
    Ok(())
}
#[cfg(test)]
mod tests;
