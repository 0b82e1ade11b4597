//! What a pane loads, how it is loaded, and which pane shows it.

use crate::cloud::{Cloud, CloudResult};
use crate::model::{
    ArtifactRepository, Crawler, Domain, EcrRepository, Endpoint, GlueJob, Image, JobRun, Package,
    PackageVersion, ProfileItem, UserProfile, Variant,
};
use crate::views::endpoints::VariantRow;
use crate::widgets::table::{ListPane, Pane, PaneId};

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
}

impl LoadRequest {
    /// Runs the request against the cloud. Called from a background task.
    pub async fn run(&self, cloud: &Cloud) -> CloudResult<Payload> {
        Ok(match self {
            LoadRequest::Domains => Payload::Domains(cloud.sagemaker.list_domains().await?),
            LoadRequest::Users => Payload::Users(cloud.sagemaker.list_user_profiles().await?),
            LoadRequest::ProfileItems { domain_id, user } => {
                // Apps first, then the spaces this user owns.
                let apps = cloud.sagemaker.list_apps(domain_id, user).await?;
                let spaces = cloud.sagemaker.list_spaces(domain_id).await?;
                let mut items: Vec<ProfileItem> = apps.into_iter().map(ProfileItem::App).collect();
                items.extend(
                    spaces
                        .into_iter()
                        .filter(|s| s.owner.as_deref() == Some(user.as_str()))
                        .map(ProfileItem::Space),
                );
                Payload::ProfileItems(items)
            }
            LoadRequest::Jobs => Payload::Jobs(cloud.glue.list_jobs().await?),
            LoadRequest::JobRuns { job } => Payload::JobRuns(cloud.glue.list_job_runs(job).await?),
            LoadRequest::Crawlers => Payload::Crawlers(cloud.glue.list_crawlers().await?),
            LoadRequest::EcrRepositories => {
                Payload::EcrRepositories(cloud.ecr.list_repositories().await?)
            }
            LoadRequest::Images { repository } => {
                Payload::Images(cloud.ecr.list_images(repository).await?)
            }
            LoadRequest::ArtifactRepositories => {
                Payload::ArtifactRepositories(cloud.codeartifact.list_repositories().await?)
            }
            LoadRequest::Packages { domain, repository } => {
                Payload::Packages(cloud.codeartifact.list_packages(domain, repository).await?)
            }
            LoadRequest::PackageVersions {
                domain,
                repository,
                package,
            } => Payload::PackageVersions(
                cloud
                    .codeartifact
                    .list_package_versions(domain, repository, package)
                    .await?,
            ),
            LoadRequest::Endpoints => Payload::Endpoints(cloud.sagemaker.list_endpoints().await?),
            LoadRequest::Variants { endpoint } => {
                Payload::Variants(cloud.sagemaker.describe_endpoint(endpoint).await?.variants)
            }
        })
    }

    /// The pane that shows this request's rows.
    pub fn pane(&self, id: PaneId, crumb: String) -> Box<dyn Pane> {
        let req = self.clone();
        match self {
            LoadRequest::Domains => Box::new(ListPane::<Domain>::new(id, crumb, req)),
            LoadRequest::Users => Box::new(ListPane::<UserProfile>::new(id, crumb, req)),
            LoadRequest::ProfileItems { .. } => {
                Box::new(ListPane::<ProfileItem>::new(id, crumb, req))
            }
            LoadRequest::Jobs => Box::new(ListPane::<GlueJob>::new(id, crumb, req)),
            LoadRequest::JobRuns { .. } => Box::new(ListPane::<JobRun>::new(id, crumb, req)),
            LoadRequest::Crawlers => Box::new(ListPane::<Crawler>::new(id, crumb, req)),
            LoadRequest::EcrRepositories => {
                Box::new(ListPane::<EcrRepository>::new(id, crumb, req))
            }
            LoadRequest::Images { .. } => Box::new(ListPane::<Image>::new(id, crumb, req)),
            LoadRequest::ArtifactRepositories => {
                Box::new(ListPane::<ArtifactRepository>::new(id, crumb, req))
            }
            LoadRequest::Packages { .. } => Box::new(ListPane::<Package>::new(id, crumb, req)),
            LoadRequest::PackageVersions { .. } => {
                Box::new(ListPane::<PackageVersion>::new(id, crumb, req))
            }
            LoadRequest::Endpoints => Box::new(ListPane::<Endpoint>::new(id, crumb, req)),
            LoadRequest::Variants { .. } => Box::new(ListPane::<VariantRow>::new(id, crumb, req)),
        }
    }
}
