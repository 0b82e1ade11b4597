//! The lists `dsadmin get` narrows to a named parent (`--domain`, `--job`,
//! `--repository`, `--package`, `--endpoint`, `--group`), and how those names are
//! resolved: a name that matches nothing is a usage error that lists what
//! would have matched.

use crate::cli::error::CliError;
use crate::cloud::{Cloud, CloudError};
use crate::collect_all;
use crate::model::{
    App, ArtifactRepository, Domain, Image, JobRun, ModelPackageVersion, Package, PackageVersion,
    Space, UserProfile, Variant,
};

use super::{sorted_like_tab, GetArgs, Kind};

/// User profiles, of one domain when `--domain` names one.
pub(super) async fn users(args: &GetArgs, cloud: &Cloud) -> Result<Vec<UserProfile>, CliError> {
    let mut rows = collect_all!(cloud.sagemaker, list_user_profiles)?;
    if let Some(wanted) = &args.domain {
        let domains = collect_all!(cloud.sagemaker, list_domains)?;
        let domain = resolve_domain(&domains, wanted).map_err(CliError::usage)?;
        rows.retain(|u| u.domain_id == domain.id);
    }
    Ok(rows)
}

/// The apps of `--domain`, of one user when `--user` names one.
pub(super) async fn apps(args: &GetArgs, cloud: &Cloud) -> Result<Vec<App>, CliError> {
    let domain = required_domain(args, cloud).await?;
    let user = args.user.as_deref();
    match collect_all!(cloud.sagemaker, list_apps, &domain.id, user) {
        Ok(rows) => Ok(rows),
        // The domain is known to exist, so the user profile is what is missing.
        Err(CloudError::NotFound { .. }) if user.is_some() => {
            let users = user_names(cloud, &domain.id).await?;
            Err(CliError::usage(format!(
                "no user profile '{}' in domain {}; users: {}",
                user.unwrap_or_default(),
                domain.name,
                listing_all(users, Kind::Users)
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// The spaces of `--domain`, of one owner when `--user` names one.
pub(super) async fn spaces(args: &GetArgs, cloud: &Cloud) -> Result<Vec<Space>, CliError> {
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
    Ok(rows)
}

/// The runs of `--job`.
pub(super) async fn runs(args: &GetArgs, cloud: &Cloud) -> Result<Vec<JobRun>, CliError> {
    let Some(job) = &args.job else {
        return Err(CliError::usage(format!(
            "runs needs --job NAME; jobs: {}",
            listing_all(job_names(cloud).await?, Kind::Jobs)
        )));
    };
    match collect_all!(cloud.glue, list_job_runs, job) {
        Ok(rows) => Ok(rows),
        Err(CloudError::NotFound { .. }) => Err(CliError::usage(format!(
            "no Glue job '{job}'; jobs: {}",
            listing_all(job_names(cloud).await?, Kind::Jobs)
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The versions of `--group`. AWS lists nothing for a group that does not
/// exist, so the name is checked against the groups.
pub(super) async fn model_packages(
    args: &GetArgs,
    cloud: &Cloud,
) -> Result<Vec<ModelPackageVersion>, CliError> {
    let groups = || async {
        let groups = sorted_like_tab(collect_all!(cloud.sagemaker, list_model_package_groups)?);
        Ok::<_, CliError>(groups.into_iter().map(|g| g.name).collect::<Vec<_>>())
    };
    let Some(group) = &args.group else {
        return Err(CliError::usage(format!(
            "model-packages needs --group NAME; groups: {}",
            listing_all(groups().await?, Kind::ModelGroups)
        )));
    };
    let unknown = |names: Vec<String>| {
        CliError::usage(format!(
            "no model package group '{group}'; groups: {}",
            listing_all(names, Kind::ModelGroups)
        ))
    };
    let names = groups().await?;
    if !names.iter().any(|n| n == group) {
        return Err(unknown(names));
    }
    match collect_all!(cloud.sagemaker, list_model_packages, group) {
        Ok(rows) => Ok(rows),
        Err(CloudError::NotFound { .. }) => Err(unknown(names)),
        Err(e) => Err(e.into()),
    }
}

/// The images of `--repository`.
pub(super) async fn images(args: &GetArgs, cloud: &Cloud) -> Result<Vec<Image>, CliError> {
    let Some(repository) = &args.repository else {
        return Err(CliError::usage(format!(
            "images needs --repository NAME; repositories: {}",
            listing_all(ecr_names(cloud).await?, Kind::Repositories)
        )));
    };
    match collect_all!(cloud.ecr, list_images, repository) {
        Ok(rows) => Ok(rows),
        Err(CloudError::NotFound { .. }) => Err(CliError::usage(format!(
            "no ECR repository '{repository}'; repositories: {}",
            listing_all(ecr_names(cloud).await?, Kind::Repositories)
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The packages of the CodeArtifact `--repository`.
pub(super) async fn packages(args: &GetArgs, cloud: &Cloud) -> Result<Vec<Package>, CliError> {
    let repo = required_artifact_repo(args, cloud).await?;
    Ok(collect_all!(
        cloud.codeartifact,
        list_packages,
        &repo.domain,
        &repo.name
    )?)
}

/// The versions of `--package` in the CodeArtifact `--repository`.
pub(super) async fn versions(
    args: &GetArgs,
    cloud: &Cloud,
) -> Result<Vec<PackageVersion>, CliError> {
    let repo = required_artifact_repo(args, cloud).await?;
    let packages = collect_all!(cloud.codeartifact, list_packages, &repo.domain, &repo.name)?;
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
    Ok(collect_all!(
        cloud.codeartifact,
        list_package_versions,
        &repo.domain,
        &repo.name,
        package
    )?)
}

/// The variants of `--endpoint`, in the endpoint's order.
pub(super) async fn variants(args: &GetArgs, cloud: &Cloud) -> Result<Vec<Variant>, CliError> {
    let Some(name) = &args.endpoint else {
        return Err(CliError::usage(format!(
            "variants needs --endpoint NAME; endpoints: {}",
            listing_all(endpoint_names(cloud).await?, Kind::Endpoints)
        )));
    };
    match cloud.sagemaker.describe_endpoint(name).await {
        Ok(e) => Ok(e.variants().to_vec()),
        Err(CloudError::NotFound { .. }) => Err(CliError::usage(format!(
            "no SageMaker endpoint '{name}'; endpoints: {}",
            listing_all(endpoint_names(cloud).await?, Kind::Endpoints)
        ))),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn required_domain(args: &GetArgs, cloud: &Cloud) -> Result<Domain, CliError> {
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
