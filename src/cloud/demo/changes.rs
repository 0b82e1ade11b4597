//! The demo estate's answers to the traffic-shift and package mutations,
//! shaped like the services' own: an endpoint update passes through
//! `Updating` (for [`POLLS_TO_IN_SERVICE`] reads) before the new weights
//! apply, and a package version whose status is not the expected one fails
//! with `MISMATCHED_STATUS` instead of being changed.

use chrono::{DateTime, Utc};

use super::estate::{Estate, PackageEntry};
use crate::cloud::{CloudError, CloudResult};
use crate::model::{
    ChangedVersion, FailedVersion, OriginRestrictions, Package, PackageRef, StatusChange,
    VariantWeight, VersionStatus,
};

/// Reads of an updating endpoint until it is InService again: the first
/// still answers `Updating` (a watcher sees progress, as on AWS), the second
/// `InService` with the new weights current.
pub const POLLS_TO_IN_SERVICE: u8 = 2;

impl Estate {
    /// UpdateEndpointWeightsAndCapacities: checked like SageMaker checks it
    /// (the endpoint exists and is InService, every variant is on it, weights
    /// are ≥ 0), then the desired values are set and the endpoint is Updating.
    pub fn update_endpoint_weights(
        &mut self,
        name: &str,
        weights: &[VariantWeight],
        now: DateTime<Utc>,
    ) -> CloudResult<()> {
        let endpoint = self
            .endpoints
            .iter_mut()
            .find(|e| e.name == name)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("SageMaker endpoint '{name}'"),
            })?;
        if endpoint.status != "InService" {
            return Err(CloudError::Validation {
                message: format!(
                    "cannot update endpoint {name} while it is {}",
                    endpoint.status
                ),
            });
        }
        let unknown: Vec<&str> = weights
            .iter()
            .filter(|w| !endpoint.variants.iter().any(|v| v.name == w.variant))
            .map(|w| w.variant.as_str())
            .collect();
        if !unknown.is_empty() {
            return Err(CloudError::Validation {
                message: format!(
                    "variant(s) {} not present on endpoint {name}",
                    unknown.join(", ")
                ),
            });
        }
        if let Some(w) = weights.iter().find(|w| w.weight.is_nan() || w.weight < 0.0) {
            return Err(CloudError::Validation {
                message: format!("weight {} of variant {} must be ≥ 0", w.weight, w.variant),
            });
        }
        for w in weights {
            if let Some(v) = endpoint.variants.iter_mut().find(|v| v.name == w.variant) {
                v.desired_weight = f64::from(w.weight);
                if let Some(n) = w.instance_count {
                    v.desired_instance_count = n;
                }
            }
        }
        endpoint.status = "Updating".into();
        endpoint.last_modified = Some(now);
        self.endpoint_polls
            .insert(name.to_owned(), POLLS_TO_IN_SERVICE);
        Ok(())
    }

    /// One read of an endpoint: an update in progress moves one step, and
    /// on the last the desired weights and counts become current.
    pub fn poll_endpoint(&mut self, name: &str) {
        let Some(left) = self.endpoint_polls.get_mut(name) else {
            return;
        };
        *left = left.saturating_sub(1);
        if *left > 0 {
            return;
        }
        self.endpoint_polls.remove(name);
        if let Some(e) = self.endpoints.iter_mut().find(|e| e.name == name) {
            for v in &mut e.variants {
                v.current_weight = v.desired_weight;
                v.current_instance_count = v.desired_instance_count;
            }
            e.status = "InService".into();
        }
    }

    /// Every endpoint read once (a list refresh also watches updates along).
    pub fn poll_endpoints(&mut self) {
        let names: Vec<String> = self.endpoint_polls.keys().cloned().collect();
        for name in names {
            self.poll_endpoint(&name);
        }
    }

    fn package_entry_mut(
        &mut self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
    ) -> Option<&mut PackageEntry> {
        self.packages.iter_mut().find(|p| {
            p.package.domain == domain
                && p.package.repository == repository
                && p.package.format == package.format
                && p.package.namespace == package.namespace
                && p.package.name == package.name
        })
    }

    fn require_artifact_repo(&self, domain: &str, repository: &str) -> CloudResult<()> {
        if self
            .artifact_repositories
            .iter()
            .any(|r| r.domain == domain && r.name == repository)
        {
            Ok(())
        } else {
            Err(CloudError::NotFound {
                what: format!("CodeArtifact repository '{repository}' in domain '{domain}'"),
            })
        }
    }

    /// UpdatePackageVersionsStatus: each version is changed or reported
    /// failed on its own (NOT_FOUND, MISMATCHED_STATUS, NOT_ALLOWED), as the
    /// service does; only a missing repository or package fails the call.
    pub fn update_package_versions_status(
        &mut self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        versions: &[String],
        target: VersionStatus,
        expected: Option<VersionStatus>,
    ) -> CloudResult<StatusChange> {
        self.require_artifact_repo(domain, repository)?;
        if !target.is_target() {
            return Err(CloudError::Validation {
                message: format!("targetStatus {target} is not allowed"),
            });
        }
        let entry = self
            .package_entry_mut(domain, repository, package)
            .ok_or_else(|| CloudError::NotFound {
                what: format!(
                    "{} package '{}' in CodeArtifact repository '{repository}' (domain '{domain}')",
                    package.format,
                    package.display_name()
                ),
            })?;
        let mut change = StatusChange::default();
        for version in versions {
            let fail = |code: &str, message: String| FailedVersion {
                version: version.clone(),
                code: code.to_owned(),
                message,
            };
            let Some(v) = entry.versions.iter_mut().find(|v| &v.version == version) else {
                change.failed.push(fail(
                    "NOT_FOUND",
                    format!("package version {version} does not exist"),
                ));
                continue;
            };
            if let Some(expected) = expected {
                if v.status != expected.as_str() {
                    change.failed.push(fail(
                        "MISMATCHED_STATUS",
                        format!(
                            "current status is {}, expected status is {expected}",
                            v.status
                        ),
                    ));
                    continue;
                }
            }
            if matches!(v.status.as_str(), "Disposed" | "Deleted") {
                change.failed.push(fail(
                    "NOT_ALLOWED",
                    format!("a {} version cannot be made {target}", v.status),
                ));
                continue;
            }
            v.status = target.as_str().to_owned();
            change.succeeded.push(ChangedVersion {
                version: version.clone(),
                status: v.status.clone(),
                revision: v.revision.clone(),
            });
        }
        change.succeeded.sort_by(|a, b| a.version.cmp(&b.version));
        change.failed.sort_by(|a, b| a.version.cmp(&b.version));
        Ok(change)
    }

    /// PutPackageOriginConfiguration: like the service, it also applies to
    /// a package the repository does not hold yet (an entry without versions).
    pub fn put_package_origin_configuration(
        &mut self,
        domain: &str,
        repository: &str,
        package: &PackageRef,
        restrictions: OriginRestrictions,
    ) -> CloudResult<OriginRestrictions> {
        self.require_artifact_repo(domain, repository)?;
        let publish = restrictions.publish.as_str().to_owned();
        let upstream = restrictions.upstream.as_str().to_owned();
        match self.package_entry_mut(domain, repository, package) {
            Some(entry) => {
                entry.package.publish = publish;
                entry.package.upstream = upstream;
            }
            None => self.packages.push(PackageEntry {
                package: Package {
                    domain: domain.to_owned(),
                    repository: repository.to_owned(),
                    format: package.format.clone(),
                    namespace: package.namespace.clone(),
                    name: package.name.clone(),
                    publish,
                    upstream,
                    latest_version: None,
                    version_count: None,
                },
                versions: Vec::new(),
            }),
        }
        Ok(restrictions)
    }
}
