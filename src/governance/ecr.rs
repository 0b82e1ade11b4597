//! ECR: scan on push, image scan findings, images never scanned.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{EcrRepository, Image};

/// The image rules: each reads the scan, so none checks an image whose
/// scan is unknown.
const IMAGE_RULES: [RuleId; 3] = [
    RuleId::ImageCriticalFindings,
    RuleId::ImageHighFindings,
    RuleId::ImageNotScanned,
];

pub(crate) fn check_repository(r: &EcrRepository, out: &mut Emitter<'_>) {
    if !r.scan_on_push {
        out.emit(
            RuleId::RepositoryNoScanOnPush,
            Resource::new(ResourceKind::EcrRepository, &r.name, Some(&r.arn)),
            "imageScanningConfiguration.scanOnPush = false",
            format!(
                "aws ecr put-image-scanning-configuration --repository-name {} --image-scanning-configuration scanOnPush=true",
                r.name
            ),
        );
    }
}

/// `repository:tag` (the first tag), or `repository@sha256:…` for an
/// untagged image.
fn image_name(i: &Image) -> String {
    match i.tags.first() {
        Some(tag) => format!("{}:{tag}", i.repository),
        None => format!("{}@{}", i.repository, i.short_digest()),
    }
}

pub(crate) fn check_image(i: &Image, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::EcrImage, image_name(i), None);
    let rescan = || {
        format!(
            "Rebuild {} on a patched base image, push it and rescan (dsadmin ecr scan {} TAG)",
            i.repository, i.repository
        )
    };
    let Some(scan) = out.described(&i.scan, &IMAGE_RULES, &resource()) else {
        return;
    };
    match (scan.status(), scan.latest_findings()) {
        (None, _) => out.emit(
            RuleId::ImageNotScanned,
            resource(),
            "never scanned",
            format!("dsadmin ecr scan {} {}", i.repository, i.digest),
        ),
        (Some(s @ ("FAILED" | "UNSUPPORTED_IMAGE" | "SCAN_ELIGIBILITY_EXPIRED")), _) => out.emit(
            RuleId::ImageNotScanned,
            resource(),
            format!("scan status {s}: no findings to go on"),
            format!("dsadmin ecr scan {} {}", i.repository, i.digest),
        ),
        (Some(_), Some((counts, previous))) => {
            // While a new scan runs, the last completed one still stands.
            let from = if previous {
                "; last completed scan, a new one is in progress"
            } else {
                ""
            };
            if counts.critical > 0 {
                out.emit(
                    RuleId::ImageCriticalFindings,
                    resource(),
                    format!(
                        "{} CRITICAL, {} HIGH finding(s) ({}{from})",
                        counts.critical,
                        counts.high,
                        i.short_digest()
                    ),
                    rescan(),
                );
            }
            if counts.high > 0 {
                out.emit(
                    RuleId::ImageHighFindings,
                    resource(),
                    format!(
                        "{} HIGH finding(s) ({}{from})",
                        counts.high,
                        i.short_digest()
                    ),
                    rescan(),
                );
            }
        }
        // A first scan in progress has no findings yet: nothing to judge.
        (Some(_), None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run, run_with_unchecked};
    use crate::governance::GovernanceConfig;
    use crate::model::{Detail, FindingCounts, Scan, Why};

    fn image(status: Option<&str>, critical: u32, high: u32) -> Image {
        Image {
            repository: "ds-base".into(),
            digest: "sha256:0123456789abcdef0123".into(),
            tags: vec!["1.0".into()],
            pushed: None,
            size_bytes: 1,
            scan: Detail::Known(Scan::new(
                status,
                (status == Some("COMPLETE")).then(|| FindingCounts {
                    critical,
                    high,
                    medium: 3,
                    ..FindingCounts::default()
                }),
            )),
            last_pulled: None,
        }
    }

    fn check_one(i: &Image) -> Vec<crate::governance::Finding> {
        run(&GovernanceConfig::default(), |o| check_image(i, o))
    }

    #[test]
    fn clean_or_in_progress_images_are_fine() {
        assert!(check_one(&image(Some("COMPLETE"), 0, 0)).is_empty());
        assert!(check_one(&image(Some("IN_PROGRESS"), 0, 0)).is_empty());
    }

    #[test]
    fn critical_and_high_findings() {
        let f = check_one(&image(Some("COMPLETE"), 2, 5));
        assert_eq!(
            ids(&f),
            ["ecr-image-critical-findings", "ecr-image-high-findings"]
        );
        assert_eq!(
            f[0].evidence,
            "2 CRITICAL, 5 HIGH finding(s) (sha256:0123456789ab)"
        );
        assert_eq!(f[0].resource.name, "ds-base:1.0");
        assert_eq!(
            ids(&check_one(&image(Some("COMPLETE"), 0, 1))),
            ["ecr-image-high-findings"]
        );
    }

    #[test]
    fn never_scanned_or_failed_scan() {
        let f = check_one(&image(None, 0, 0));
        assert_eq!(ids(&f), ["ecr-image-not-scanned"]);
        assert_eq!(f[0].evidence, "never scanned");
        let mut untagged = image(Some("FAILED"), 0, 0);
        untagged.tags.clear();
        let f = check_one(&untagged);
        assert_eq!(ids(&f), ["ecr-image-not-scanned"]);
        assert_eq!(f[0].resource.name, "ds-base@sha256:0123456789ab");
    }

    #[test]
    fn a_rescan_in_progress_is_judged_on_the_last_completed_scan() {
        let done = image(Some("COMPLETE"), 2, 0);
        let mut i = done.clone();
        i.scan = Detail::Known(Scan::restarted(done.scan.known()));
        let f = check_one(&i);
        assert_eq!(ids(&f), ["ecr-image-critical-findings"]);
        assert_eq!(
            f[0].evidence,
            "2 CRITICAL, 0 HIGH finding(s) (sha256:0123456789ab; last completed scan, a new one is in progress)"
        );
    }

    #[test]
    fn an_unknown_scan_leaves_the_image_rules_unchecked() {
        let mut i = image(None, 0, 0);
        i.scan = Detail::unknown(Why::new(
            "ecr:DescribeImageScanFindings",
            "AccessDenied",
            "no",
        ));
        let mut unchecked = Vec::new();
        let findings = run_with_unchecked(
            &GovernanceConfig::default(),
            |o| check_image(&i, o),
            &mut unchecked,
        );
        assert!(findings.is_empty(), "no finding from a scan nobody read");
        assert_eq!(unchecked.len(), 1);
        assert_eq!(unchecked[0].resources, ["ds-base:1.0"]);
        assert_eq!(unchecked[0].rules, IMAGE_RULES);
        assert!(unchecked[0].reason.contains("AccessDenied"));
    }

    #[test]
    fn scan_on_push() {
        let mut r = EcrRepository {
            name: "ds-base".into(),
            arn: "arn:aws:ecr:eu-west-2:1:repository/ds-base".into(),
            uri: String::new(),
            registry_id: "1".into(),
            tag_mutability: "IMMUTABLE".into(),
            scan_on_push: true,
            encryption: "KMS".into(),
            kms_key: None,
            image_count: crate::model::Detail::Pending,
            created: None,
            tags: crate::model::Detail::Pending,
        };
        let c = GovernanceConfig::default();
        assert!(run(&c, |o| check_repository(&r, o)).is_empty());
        r.scan_on_push = false;
        assert_eq!(
            ids(&run(&c, |o| check_repository(&r, o))),
            ["ecr-repository-no-scan-on-push"]
        );
    }
}
