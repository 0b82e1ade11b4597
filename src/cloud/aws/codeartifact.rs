//! CodeArtifact: repositories of every domain (upstreams, external connections),
//! packages with their origin restrictions, package versions.

use async_trait::async_trait;
use aws_sdk_codeartifact::types::{
    AllowPublish, AllowUpstream, PackageFormat, PackageOriginRestrictions, PackageSummary,
    PackageVersionStatus, PackageVersionSummary, RepositorySummary,
};
use aws_sdk_codeartifact::Client;

use super::{completed, owned, string, AwsContext};
use crate::cloud::{CloudError, CloudResult, CodeArtifact, Completed, PageSink};
use crate::model::{
    ArtifactRepository, ChangedVersion, Detail, FailedVersion, OriginRestrictions, OriginRule,
    Package, PackageRef, PackageVersion, RepositoryLinks, StatusChange, VersionStatus,
};

/// Every CodeArtifact list operation caps maxResults at 1000.
const MAX_PAGE: i32 = 1000;

/// The CodeArtifact service on one SDK client.
pub struct AwsCodeArtifact {
    client: Client,
    /// The same client sending changes once (see `send_once.rs`).
    changes: Client,
    ctx: AwsContext,
}

/// A domain as ListDomains names it: the owner is needed for cross-account domains.
struct DomainRef {
    name: String,
    owner: Option<String>,
}

impl AwsCodeArtifact {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self {
            changes: super::change_client!(aws_sdk_codeartifact, client),
            client,
            ctx,
        }
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

    /// A repository as ListRepositoriesInDomain gives it.
    fn listed(r: &RepositorySummary) -> ArtifactRepository {
        ArtifactRepository {
            domain: string(r.domain_name()),
            domain_owner: string(r.domain_owner()),
            name: string(r.name()),
            arn: string(r.arn()),
            description: owned(r.description()).filter(|s| !s.is_empty()),
            package_count: None,
            links: Detail::Pending,
        }
    }

    /// DescribeRepository adds what ListRepositoriesInDomain leaves out:
    /// upstream repositories and the external connection (e.g. `public:pypi`).
    async fn describe_links(&self, r: &ArtifactRepository) -> CloudResult<RepositoryLinks> {
        let mut request = self
            .client
            .describe_repository()
            .domain(&r.domain)
            .repository(&r.name);
        if !r.domain_owner.is_empty() {
            request = request.domain_owner(&r.domain_owner);
        }
        let out = request
            .send()
            .await
            .map_err(self.ctx.err("codeartifact:DescribeRepository"))?;
        let d = out.repository();
        Ok(RepositoryLinks {
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
        })
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
            sink.page(page.repositories().iter().map(Self::listed).collect());
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

fn sdk_status(s: VersionStatus) -> PackageVersionStatus {
    PackageVersionStatus::from(s.as_str())
}

fn rule(s: &str) -> OriginRule {
    // Anything but an explicit BLOCK lets versions in, as the service treats it.
    if s == "BLOCK" {
        OriginRule::Block
    } else {
        OriginRule::Allow
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

    async fn repository_links(
        &self,
        repository: &ArtifactRepository,
    ) -> CloudResult<RepositoryLinks> {
        self.describe_links(repository).await
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

    async fn update_package_versions_status(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        versions: &[String],
        target: VersionStatus,
        expected: Option<VersionStatus>,
    ) -> CloudResult<Completed<StatusChange>> {
        let out = self
            .changes
            .update_package_versions_status()
            .domain(domain)
            .repository(repository)
            .format(PackageFormat::from(package.format.as_str()))
            .set_namespace(package.namespace.clone())
            .package(&package.name)
            .set_versions(Some(versions.to_vec()))
            .target_status(sdk_status(target))
            .set_expected_status(expected.map(sdk_status))
            .send()
            .await
            .map_err(
                self.ctx
                    .err_once("codeartifact:UpdatePackageVersionsStatus"),
            )?;
        let mut change = StatusChange {
            succeeded: out
                .successful_versions()
                .into_iter()
                .flatten()
                .map(|(version, info)| ChangedVersion {
                    version: version.clone(),
                    status: info
                        .status()
                        .map_or(target.as_str(), |s| s.as_str())
                        .to_owned(),
                    revision: owned(info.revision()),
                })
                .collect(),
            failed: out
                .failed_versions()
                .into_iter()
                .flatten()
                .map(|(version, e)| FailedVersion {
                    version: version.clone(),
                    code: e.error_code().map_or("UNKNOWN", |c| c.as_str()).to_owned(),
                    message: string(e.error_message()),
                })
                .collect(),
        };
        // The service answers with maps: sort for stable output.
        change.succeeded.sort_by(|a, b| a.version.cmp(&b.version));
        change.failed.sort_by(|a, b| a.version.cmp(&b.version));
        Ok(completed(change, &out))
    }

    async fn put_package_origin_configuration(
        &self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        restrictions: OriginRestrictions,
    ) -> CloudResult<Completed<OriginRestrictions>> {
        let sdk_restrictions = PackageOriginRestrictions::builder()
            .publish(AllowPublish::from(restrictions.publish.as_str()))
            .upstream(AllowUpstream::from(restrictions.upstream.as_str()))
            .build()
            .map_err(|e| CloudError::Validation {
                message: format!("codeartifact:PutPackageOriginConfiguration: {e}"),
            })?;
        let out = self
            .changes
            .put_package_origin_configuration()
            .domain(domain)
            .repository(repository)
            .format(PackageFormat::from(package.format.as_str()))
            .set_namespace(package.namespace.clone())
            .package(&package.name)
            .restrictions(sdk_restrictions)
            .send()
            .await
            .map_err(
                self.ctx
                    .err_once("codeartifact:PutPackageOriginConfiguration"),
            )?;
        // What the service now applies; an answer without it means what we sent.
        let applied = out
            .origin_configuration()
            .and_then(|c| c.restrictions())
            .map_or(restrictions, |r| OriginRestrictions {
                publish: rule(r.publish().as_str()),
                upstream: rule(r.upstream().as_str()),
            });
        Ok(completed(applied, &out))
    }
}
