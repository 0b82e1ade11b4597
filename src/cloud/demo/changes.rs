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
            .filter(|w| !endpoint.variants().iter().any(|v| v.name == w.variant))
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
            if let Some(v) = endpoint
                .variants_mut()
                .iter_mut()
                .find(|v| v.name == w.variant)
            {
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
            for v in e.variants_mut() {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::cloud::demo::DemoCloud;
    use crate::cloud::{CodeArtifact, SageMaker};
    use crate::collect_all;
    use crate::model::OriginRule;

    const DOMAIN: &str = "ds-artifacts";
    const REPO: &str = "approved-pypi";

    fn demo() -> DemoCloud {
        DemoCloud::new(Utc.with_ymd_and_hms(2026, 10, 14, 9, 30, 0).unwrap()).unwrap()
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[tokio::test]
    async fn a_weight_update_is_updating_for_one_read_then_in_service() {
        let d = demo();
        let name = "claims-fraud-scorer";
        d.update_endpoint_weights(name, &[VariantWeight::new("lgbm-v3", 0.7)])
            .await
            .unwrap();
        let first = d.describe_endpoint(name).await.unwrap();
        assert_eq!(first.status, "Updating");
        let lgbm = first
            .variants()
            .iter()
            .find(|v| v.name == "lgbm-v3")
            .unwrap();
        assert_eq!(
            (lgbm.current_weight, lgbm.desired_weight),
            (0.3, f64::from(0.7f32))
        );
        // A second update while one is in progress is refused, as SageMaker does.
        let busy = d
            .update_endpoint_weights(name, &[VariantWeight::new("xgb-v14", 1.0)])
            .await
            .unwrap_err();
        assert!(busy.to_string().contains("while it is Updating"), "{busy}");
        let second = d.describe_endpoint(name).await.unwrap();
        assert_eq!(second.status, "InService");
        let lgbm = second
            .variants()
            .iter()
            .find(|v| v.name == "lgbm-v3")
            .unwrap();
        assert_eq!(lgbm.current_weight, f64::from(0.7f32));
        assert_eq!(lgbm.current_instance_count, 1, "the count is kept");
    }

    #[tokio::test]
    async fn weight_updates_are_checked_like_sagemaker_does() {
        let d = demo();
        let e = d
            .update_endpoint_weights("claims-fraud-scorer", &[VariantWeight::new("red", 1.0)])
            .await
            .unwrap_err();
        assert!(e.to_string().contains("red not present"), "{e}");
        let e = d
            .update_endpoint_weights(
                "claims-fraud-scorer",
                &[VariantWeight::new("lgbm-v3", -1.0)],
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("≥ 0"), "{e}");
        let e = d
            .update_endpoint_weights("nope", &[VariantWeight::new("a", 1.0)])
            .await
            .unwrap_err();
        assert!(matches!(e, CloudError::NotFound { .. }), "{e:?}");
        let e = d
            .update_endpoint_weights(
                "subrogation-propensity",
                &[VariantWeight::new("AllTraffic", 1.0)],
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("while it is Failed"), "{e}");
    }

    #[tokio::test]
    async fn expected_status_guards_each_version() {
        let d = demo();
        let requests = PackageRef::new("pypi", None, "requests");
        let change = d
            .update_package_versions_status(
                DOMAIN,
                REPO,
                &requests,
                &v(&["2.31.0", "2.32.3", "0.0.1"]),
                VersionStatus::Published,
                Some(VersionStatus::Unlisted),
            )
            .await
            .unwrap()
            .value;
        assert_eq!(
            change
                .succeeded
                .iter()
                .map(|c| c.version.as_str())
                .collect::<Vec<_>>(),
            ["2.31.0"]
        );
        let failed: Vec<(&str, &str)> = change
            .failed
            .iter()
            .map(|f| (f.version.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            failed,
            [("0.0.1", "NOT_FOUND"), ("2.32.3", "MISMATCHED_STATUS")]
        );
        let pkg = d
            .snapshot()
            .packages
            .into_iter()
            .find(|p| p.package.repository == REPO && p.package.name == "requests")
            .unwrap();
        let status = |ver: &str| {
            pkg.versions
                .iter()
                .find(|x| x.version == ver)
                .unwrap()
                .status
                .clone()
        };
        assert_eq!(status("2.31.0"), "Published");
        assert_eq!(
            status("2.32.3"),
            "Published",
            "untouched: it was already Published"
        );

        let unknown = d
            .update_package_versions_status(
                DOMAIN,
                REPO,
                &PackageRef::new("pypi", None, "no-such-package"),
                &v(&["1"]),
                VersionStatus::Archived,
                None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(unknown, CloudError::NotFound { .. }),
            "{unknown:?}"
        );
    }

    #[tokio::test]
    async fn origin_rules_apply_to_new_and_existing_packages() {
        let d = demo();
        let block_both = OriginRestrictions {
            publish: OriginRule::Block,
            upstream: OriginRule::Block,
        };
        for name in ["requests", "not-yet-here"] {
            d.put_package_origin_configuration(
                DOMAIN,
                REPO,
                &PackageRef::new("pypi", None, name),
                block_both,
            )
            .await
            .unwrap();
        }
        let packages = collect_all!(d, list_packages, DOMAIN, REPO).unwrap();
        for name in ["requests", "not-yet-here"] {
            let p = packages.iter().find(|p| p.name == name).unwrap();
            assert_eq!(
                (p.publish.as_str(), p.upstream.as_str()),
                ("BLOCK", "BLOCK")
            );
        }
        let e = d
            .put_package_origin_configuration(
                DOMAIN,
                "no-repo",
                &PackageRef::new("pypi", None, "x"),
                block_both,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, CloudError::NotFound { .. }), "{e:?}");
    }
}
