//! CodeArtifact: packages open to dependency substitution, approved
//! repositories with an external connection.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{ArtifactRepository, Package};

fn resource(r: &ArtifactRepository) -> Resource {
    Resource::new(
        ResourceKind::CodeartifactRepository,
        format!("{}/{}", r.domain, r.name),
        Some(&r.arn),
    )
}

pub(crate) fn check_repository(r: &ArtifactRepository, out: &mut Emitter<'_>) {
    if let Some(why) = r.links.why() {
        // Neither rule can tell what feeds this repository.
        for rule in [
            RuleId::RepositoryExternalConnection,
            RuleId::PackagePublishAndUpstream,
        ] {
            out.not_checked(rule, &resource(r), why);
        }
        return;
    }
    if r.external_connections().is_empty() || !out.config().must_be_closed(&r.domain, &r.name) {
        return;
    }
    out.emit(
        RuleId::RepositoryExternalConnection,
        resource(r),
        format!(
            "external connection {} on a repository [governance] closed_repositories says must be closed",
            r.external_connections().join(", ")
        ),
        format!(
            "aws codeartifact disassociate-external-connection --domain {} --repository {} --external-connection {} (keep it on the upstream repository)",
            r.domain,
            r.name,
            r.external_connections().first().map_or("…", String::as_str)
        ),
    );
}

/// A package allowing both origins is only at risk where something
/// upstream can supply it: a repository with an upstream or an external
/// connection.
pub(crate) fn check_packages(
    packages: &[Package],
    repositories: &[ArtifactRepository],
    out: &mut Emitter<'_>,
) {
    if !out.enabled(RuleId::PackagePublishAndUpstream) {
        return;
    }
    for p in packages {
        if p.publish != "ALLOW" || p.upstream != "ALLOW" {
            continue;
        }
        let Some(repo) = repositories
            .iter()
            .find(|r| r.domain == p.domain && r.name == p.repository)
        else {
            continue;
        };
        let sources: Vec<&str> = repo
            .upstreams()
            .iter()
            .chain(repo.external_connections())
            .map(String::as_str)
            .collect();
        if sources.is_empty() {
            continue;
        }
        let name = match &p.namespace {
            Some(ns) => format!("{}/{}/{ns}/{}", p.domain, p.repository, p.name),
            None => format!("{}/{}/{}", p.domain, p.repository, p.name),
        };
        out.emit(
            RuleId::PackagePublishAndUpstream,
            Resource::new(ResourceKind::CodeartifactPackage, name, None),
            format!(
                "{} package: publish=ALLOW, upstream=ALLOW, with upstream {}",
                p.format,
                sources.join(", ")
            ),
            format!(
                "Block upstream for an internal package: dsadmin package origin --domain {} --repository {} --format {}{} {} --publish allow --upstream block",
                p.domain,
                p.repository,
                p.format,
                p.namespace
                    .as_deref()
                    .map(|ns| format!(" --namespace {ns}"))
                    .unwrap_or_default(),
                p.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;

    fn repo(name: &str, upstreams: &[&str], external: &[&str]) -> ArtifactRepository {
        ArtifactRepository {
            domain: "ds".into(),
            domain_owner: "1".into(),
            name: name.into(),
            arn: format!("arn:aws:codeartifact:eu-west-2:1:repository/ds/{name}"),
            description: None,
            links: crate::model::Detail::Known(crate::model::RepositoryLinks {
                upstreams: upstreams.iter().map(|s| (*s).to_owned()).collect(),
                external_connections: external.iter().map(|s| (*s).to_owned()).collect(),
            }),
            package_count: None,
        }
    }

    fn package(repo: &str, publish: &str, upstream: &str) -> Package {
        Package {
            domain: "ds".into(),
            repository: repo.into(),
            format: "pypi".into(),
            namespace: None,
            name: "hbi-rules".into(),
            publish: publish.into(),
            upstream: upstream.into(),
            latest_version: None,
            version_count: None,
        }
    }

    #[test]
    fn publish_and_upstream_with_an_upstream() {
        let repos = [
            repo("approved", &["pypi-upstream"], &[]),
            repo("island", &[], &[]),
        ];
        let c = GovernanceConfig::default();
        let f = run(&c, |o| {
            check_packages(&[package("approved", "ALLOW", "ALLOW")], &repos, o)
        });
        assert_eq!(ids(&f), ["package-publish-and-upstream"]);
        assert_eq!(f[0].resource.name, "ds/approved/hbi-rules");
        assert_eq!(
            f[0].fix,
            "Block upstream for an internal package: dsadmin package origin --domain ds --repository approved --format pypi hbi-rules --publish allow --upstream block"
        );
        assert_eq!(
            f[0].evidence,
            "pypi package: publish=ALLOW, upstream=ALLOW, with upstream pypi-upstream"
        );
        for fine in [
            package("approved", "ALLOW", "BLOCK"),
            package("approved", "BLOCK", "ALLOW"),
            // Nothing upstream of this repository can substitute it.
            package("island", "ALLOW", "ALLOW"),
        ] {
            assert!(run(&c, |o| check_packages(
                std::slice::from_ref(&fine),
                &repos,
                o
            ))
            .is_empty());
        }
    }

    #[test]
    fn closed_repository_with_external_connection() {
        let c = GovernanceConfig {
            closed_repositories: vec!["approved".into()],
            ..GovernanceConfig::default()
        };
        let open = repo("approved", &[], &["public:pypi"]);
        let f = run(&c, |o| check_repository(&open, o));
        assert_eq!(ids(&f), ["artifact-repository-external-connection"]);
        assert_eq!(f[0].resource.name, "ds/approved");
        assert!(f[0].evidence.starts_with("external connection public:pypi"));
        // Closed as required; and the upstream may keep its connection.
        assert!(run(&c, |o| check_repository(&repo("approved", &["u"], &[]), o)).is_empty());
        assert!(run(&c, |o| check_repository(
            &repo("upstream", &[], &["public:pypi"]),
            o
        ))
        .is_empty());
        // Without the setting the rule has nothing to compare with.
        let c = GovernanceConfig::default();
        assert!(run(&c, |o| check_repository(&open, o)).is_empty());
    }
}
