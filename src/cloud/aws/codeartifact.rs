//! CodeArtifact: repositories of every domain (upstreams, external connections),
//! packages with their origin restrictions, package versions.

use async_trait::async_trait;
use aws_sdk_codeartifact::types::{
    PackageFormat, PackageSummary, PackageVersionSummary, RepositorySummary,
};
use aws_sdk_codeartifact::Client;

use super::{bounded, gone_is_none, owned, string, AwsContext};
use crate::cloud::{CloudResult, CodeArtifact, PageSink};
use crate::model::{ArtifactRepository, Package, PackageVersion};

/// Every CodeArtifact list operation caps maxResults at 1000.
const MAX_PAGE: i32 = 1000;

/// The CodeArtifact service on one SDK client.
pub struct AwsCodeArtifact {
    client: Client,
    ctx: AwsContext,
}

/// A domain as ListDomains names it: the owner is needed for cross-account domains.
struct DomainRef {
    name: String,
    owner: Option<String>,
}

impl AwsCodeArtifact {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }

    async fn domains(&self) -> CloudResult<Vec<DomainRef>> {
        let mut pages = self
            .client
            .list_domains()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("codeartifact:ListDomains"))?;
            out.extend(page.domains().iter().map(|d| DomainRef {
                name: string(d.name()),
                owner: owned(d.owner()),
            }));
        }
        Ok(out)
    }

    /// DescribeRepository adds what ListRepositoriesInDomain leaves out:
    /// upstream repositories and the external connection (e.g. `public:pypi`).
    async fn repository(&self, r: RepositorySummary) -> CloudResult<Option<ArtifactRepository>> {
        let domain = string(r.domain_name());
        let name = string(r.name());
        let mut request = self
            .client
            .describe_repository()
            .domain(&domain)
            .repository(&name);
        if let Some(owner) = r.domain_owner() {
            request = request.domain_owner(owner);
        }
        let out = request
            .send()
            .await
            .map_err(self.ctx.err("codeartifact:DescribeRepository"));
        let Some(out) = gone_is_none(out)? else {
            return Ok(None);
        };
        let d = out.repository();
        Ok(Some(ArtifactRepository {
            domain,
            domain_owner: string(r.domain_owner()),
            name,
            arn: string(d.and_then(|d| d.arn()).or(r.arn())),
            description: owned(d.and_then(|d| d.description()).or(r.description()))
                .filter(|s| !s.is_empty()),
            upstreams: d
                .map(|d| {
                    d.upstreams()
                        .iter()
                        .filter_map(|u| owned(u.repository_name()))
                        .collect()
                })
                .unwrap_or_default(),
            external_connections: d
                .map(|d| {
                    d.external_connections()
                        .iter()
                        .filter_map(|c| owned(c.external_connection_name()))
                        .collect()
                })
                .unwrap_or_default(),
            package_count: None,
        }))
    }

    async fn domain_repositories(
        &self,
        domain: &DomainRef,
        sink: &dyn PageSink<ArtifactRepository>,
    ) -> CloudResult<()> {
        let mut request = self
            .client
            .list_repositories_in_domain()
            .domain(&domain.name)
            .max_results(self.ctx.page(MAX_PAGE));
        if let Some(owner) = &domain.owner {
            request = request.domain_owner(owner);
        }
        let mut pages = request.into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("codeartifact:ListRepositoriesInDomain"))?;
            let rows = bounded(page.repositories().to_vec(), self.ctx.concurrency(), |r| {
                self.repository(r)
            })
            .await?;
            sink.page(rows);
        }
        Ok(())
    }
}

fn package(domain: &str, repository: &str, p: &PackageSummary) -> Package {
    let restrictions = p.origin_configuration().and_then(|o| o.restrictions());
    Package {
        domain: domain.to_string(),
        repository: repository.to_string(),
        format: string(p.format().map(|f| f.as_str())),
        namespace: owned(p.namespace()),
        name: string(p.package()),
        // Absent restrictions mean the defaults, which allow both.
        publish: restrictions
            .map_or("ALLOW", |r| r.publish().as_str())
            .to_string(),
        upstream: restrictions
            .map_or("ALLOW", |r| r.upstream().as_str())
            .to_string(),
        latest_version: None,
        version_count: None,
    }
}

fn package_version(package: &str, v: &PackageVersionSummary) -> PackageVersion {
    PackageVersion {
        package: package.to_string(),
        version: v.version().to_string(),
        status: v.status().as_str().to_string(),
        origin: v
            .origin()
            .and_then(|o| o.origin_type())
            .map_or("UNKNOWN", |t| t.as_str())
            .to_string(),
        published: None,
        revision: owned(v.revision()),
    }
}

#[async_trait]
impl CodeArtifact for AwsCodeArtifact {
    async fn list_repositories(&self, sink: &dyn PageSink<ArtifactRepository>) -> CloudResult<()> {
        for domain in self.domains().await? {
            self.domain_repositories(&domain, sink).await?;
        }
        Ok(())
    }

    async fn list_packages(
        &self,
        domain: &str,
        repository: &str,
        sink: &dyn PageSink<Package>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_packages()
            .domain(domain)
            .repository(repository)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("codeartifact:ListPackages"))?;
            sink.page(
                page.packages()
                    .iter()
                    .map(|p| package(domain, repository, p))
                    .collect(),
            );
        }
        Ok(())
    }

    async fn list_package_versions(
        &self,
        domain: &str,
        repository: &str,
        package: &Package,
        sink: &dyn PageSink<PackageVersion>,
    ) -> CloudResult<()> {
        let mut request = self
            .client
            .list_package_versions()
            .domain(domain)
            .repository(repository)
            .format(PackageFormat::from(package.format.as_str()))
            .package(&package.name)
            .max_results(self.ctx.page(MAX_PAGE));
        if let Some(ns) = package.namespace.as_deref().filter(|n| !n.is_empty()) {
            request = request.namespace(ns);
        }
        let mut pages = request.into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("codeartifact:ListPackageVersions"))?;
            sink.page(
                page.versions()
                    .iter()
                    .map(|v| package_version(&package.name, v))
                    .collect(),
            );
        }
        Ok(())
    }
}
