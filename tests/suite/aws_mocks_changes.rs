//! The traffic-shift and package mutations of `cloud/aws` over SDK clients
//! answered by `aws-smithy-mocks` (moto has no CodeArtifact): the exact
//! request fields sent, failedVersions, ResourceNotFound, throttling, and
//! read-only mode sending nothing at all.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::sync::Arc;

use aws_sdk_codeartifact::operation::put_package_origin_configuration::PutPackageOriginConfigurationOutput;
use aws_sdk_codeartifact::operation::update_package_versions_status::{
    UpdatePackageVersionsStatusError, UpdatePackageVersionsStatusOutput,
};
use aws_sdk_codeartifact::types::{
    AllowPublish, AllowUpstream, PackageFormat, PackageOriginConfiguration,
    PackageOriginRestrictions, PackageVersionError, PackageVersionErrorCode, PackageVersionStatus,
    SuccessfulPackageVersionInfo,
};
use aws_smithy_mocks::{mock, Rule, RuleMode};
use dsadmin::audit::{AuditContext, Journal, OpError};
use dsadmin::cloud::aws::{AwsCodeArtifact, AwsSageMaker};
use dsadmin::cloud::demo::DemoCloud;
use dsadmin::cloud::{Cloud, CloudError, CodeArtifact as _, SageMaker as _};
use dsadmin::model::{
    ChangedVersion, FailedVersion, OriginRestrictions, OriginRule, PackageRef, VariantWeight,
    VersionStatus,
};
use dsadmin::ops::context::OpsContext;
use dsadmin::ops::packages::{self, PackageAddress, StatusAction};
use dsadmin::policy::{Policy, ReadOnlyReason};

use common::mocks::{client, ctx, error};

const DOMAIN: &str = "corp";
const REPO: &str = "approved-pypi";

fn versions(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn codeartifact(rules: &[&Rule], attempts: u32) -> AwsCodeArtifact {
    let client = match rules {
        [a] => client!(aws_sdk_codeartifact, RuleMode::MatchAny, attempts, [*a]),
        [a, b] => client!(aws_sdk_codeartifact, RuleMode::MatchAny, attempts, [*a, *b]),
        _ => panic!("one or two rules"),
    };
    AwsCodeArtifact::new(client, ctx(None))
}

/// The demo everywhere but CodeArtifact and SageMaker, which are the
/// SDK-backed ones under test; a journal in `dir`.
fn ops(
    ca: AwsCodeArtifact,
    sm: Option<AwsSageMaker>,
    policy: Policy,
    dir: &tempfile::TempDir,
) -> OpsContext {
    let mut cloud: Cloud = DemoCloud::cloud(common::anchor()).unwrap();
    cloud.codeartifact = Arc::new(ca);
    if let Some(sm) = sm {
        cloud.sagemaker = Arc::new(sm);
    }
    OpsContext {
        cloud,
        policy,
        journal: Arc::new(Journal::open(dir.path().join("audit.jsonl")).unwrap()),
        audit: AuditContext {
            caller_arn: None,
            profile: "test-profile".into(),
            region: "eu-west-2".into(),
            account: Some("123456789012".into()),
        },
    }
}

/// Only compiles for futures that may move between threads.
fn send<F: std::future::Future + Send>(f: F) -> F {
    f
}

fn address(format: &str, namespace: Option<&str>, name: &str) -> PackageAddress {
    PackageAddress {
        domain: DOMAIN.into(),
        repository: REPO.into(),
        package: PackageRef::new(format, namespace, name),
    }
}

#[tokio::test]
async fn status_update_sends_every_field_and_reports_failed_versions() {
    let rule = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .match_requests(|r| {
            r.domain() == Some(DOMAIN)
                && r.repository() == Some(REPO)
                && r.format() == Some(&PackageFormat::Npm)
                && r.namespace() == Some("corp")
                && r.package() == Some("ui-kit")
                && r.versions()
                    .iter()
                    .map(String::as_str)
                    .eq(["1.2.0", "1.3.0", "9.9.9"])
                && r.target_status() == Some(&PackageVersionStatus::Published)
                && r.expected_status() == Some(&PackageVersionStatus::Unlisted)
                && r.version_revisions().is_none()
        })
        .then_output(|| {
            UpdatePackageVersionsStatusOutput::builder()
                .successful_versions(
                    "1.3.0",
                    SuccessfulPackageVersionInfo::builder()
                        .status(PackageVersionStatus::Published)
                        .revision("REV3")
                        .build(),
                )
                .failed_versions(
                    "9.9.9",
                    PackageVersionError::builder()
                        .error_code(PackageVersionErrorCode::NotFound)
                        .error_message("Package version 9.9.9 not found")
                        .build(),
                )
                .failed_versions(
                    "1.2.0",
                    PackageVersionError::builder()
                        .error_code(PackageVersionErrorCode::MismatchedStatus)
                        .error_message("Package version 1.2.0 is Archived, expected Unlisted")
                        .build(),
                )
                .build()
        });
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(codeartifact(&[&rule], 1), None, Policy::read_write(), &dir);
    let done = packages::set_versions_status(
        &ops,
        &address("npm", Some("corp"), "ui-kit"),
        &versions(&["1.2.0", "1.3.0", "9.9.9"]),
        StatusAction::Approve,
        Some(VersionStatus::Unlisted),
    )
    .await
    .unwrap();
    assert_eq!(rule.num_calls(), 1);
    assert_eq!(
        done.value.succeeded,
        [ChangedVersion {
            version: "1.3.0".into(),
            status: "Published".into(),
            revision: Some("REV3".into()),
        }]
    );
    assert_eq!(
        done.value.failed,
        [
            FailedVersion {
                version: "1.2.0".into(),
                code: "MISMATCHED_STATUS".into(),
                message: "Package version 1.2.0 is Archived, expected Unlisted".into(),
            },
            FailedVersion {
                version: "9.9.9".into(),
                code: "NOT_FOUND".into(),
                message: "Package version 9.9.9 not found".into(),
            },
        ]
    );
    let journal = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(
        journal.contains("\"expected_status\":\"Unlisted\""),
        "{journal}"
    );
    assert!(
        journal.contains("\"target_status\":\"Published\""),
        "{journal}"
    );
}

#[tokio::test]
async fn without_expected_status_and_namespace_neither_is_sent() {
    let rule = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .match_requests(|r| {
            r.expected_status().is_none()
                && r.namespace().is_none()
                && r.format() == Some(&PackageFormat::Pypi)
                && r.target_status() == Some(&PackageVersionStatus::Archived)
        })
        .then_output(|| UpdatePackageVersionsStatusOutput::builder().build());
    let ca = codeartifact(&[&rule], 1);
    let change = ca
        .update_package_versions_status(
            DOMAIN,
            REPO,
            &PackageRef::new("pypi", None, "requests"),
            &versions(&["2.31.0"]),
            VersionStatus::Archived,
            None,
        )
        .await
        .unwrap();
    assert_eq!(rule.num_calls(), 1);
    assert!(change.value.succeeded.is_empty() && change.value.failed.is_empty());
}

#[tokio::test]
async fn origin_configuration_sends_the_restrictions_and_reads_back_the_answer() {
    let rule = mock!(aws_sdk_codeartifact::Client::put_package_origin_configuration)
        .match_requests(|r| {
            r.domain() == Some(DOMAIN)
                && r.repository() == Some(REPO)
                && r.format() == Some(&PackageFormat::Pypi)
                && r.namespace().is_none()
                && r.package() == Some("requests")
                && r.restrictions()
                    .map(|x| (x.publish().as_str(), x.upstream().as_str()))
                    == Some(("BLOCK", "ALLOW"))
        })
        .then_output(|| {
            PutPackageOriginConfigurationOutput::builder()
                .origin_configuration(
                    PackageOriginConfiguration::builder()
                        .restrictions(
                            PackageOriginRestrictions::builder()
                                .publish(AllowPublish::Block)
                                .upstream(AllowUpstream::Allow)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        });
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(codeartifact(&[&rule], 1), None, Policy::read_write(), &dir);
    let wanted = OriginRestrictions {
        publish: OriginRule::Block,
        upstream: OriginRule::Allow,
    };
    let done = packages::set_origin(&ops, &address("pypi", None, "requests"), wanted)
        .await
        .unwrap();
    assert_eq!(done.value, wanted);
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_missing_package_is_not_found_and_journaled_failed() {
    let rule =
        mock!(aws_sdk_codeartifact::Client::update_package_versions_status).then_error(|| {
            UpdatePackageVersionsStatusError::generic(error(
                "ResourceNotFoundException",
                "Package 'nosuch' not found in repository 'approved-pypi'",
            ))
        });
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(codeartifact(&[&rule], 3), None, Policy::read_write(), &dir);
    let err = packages::set_versions_status(
        &ops,
        &address("pypi", None, "nosuch"),
        &versions(&["1.0"]),
        StatusAction::Unlist,
        None,
    )
    .await
    .unwrap_err();
    match err {
        OpError::Cloud(CloudError::NotFound { what }) => assert!(what.contains("nosuch"), "{what}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(rule.num_calls(), 1, "NotFound is not retried");
    let journal = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(journal.contains("\"result\":\"failed\""), "{journal}");
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds_or_surfaces() {
    let ok = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .sequence()
        .error(|| {
            UpdatePackageVersionsStatusError::generic(error("ThrottlingException", "Rate exceeded"))
        })
        .times(2)
        .output(|| UpdatePackageVersionsStatusOutput::builder().build())
        .build();
    let ca = codeartifact(&[&ok], 3);
    let pkg = PackageRef::new("pypi", None, "numpy");
    ca.update_package_versions_status(
        DOMAIN,
        REPO,
        &pkg,
        &versions(&["2.1.0"]),
        VersionStatus::Unlisted,
        None,
    )
    .await
    .unwrap();
    assert_eq!(ok.num_calls(), 3, "two throttled attempts and the success");

    let always = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .sequence()
        .error(|| {
            UpdatePackageVersionsStatusError::generic(error("ThrottlingException", "Rate exceeded"))
        })
        .times(3)
        .build();
    let ca = codeartifact(&[&always], 3);
    let err = ca
        .update_package_versions_status(
            DOMAIN,
            REPO,
            &pkg,
            &versions(&["2.1.0"]),
            VersionStatus::Unlisted,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CloudError::Throttled { .. }), "{err:?}");
    assert_eq!(always.num_calls(), 3);
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let status = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .then_output(|| UpdatePackageVersionsStatusOutput::builder().build());
    let origin = mock!(aws_sdk_codeartifact::Client::put_package_origin_configuration)
        .then_output(|| PutPackageOriginConfigurationOutput::builder().build());
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(
        codeartifact(&[&status, &origin], 1),
        None,
        Policy::read_write(),
        &dir,
    );
    let too_many: Vec<String> = (0..101).map(|i| format!("1.0.{i}")).collect();
    for (addr, vs) in [
        (address("pypi", None, "numpy"), too_many),
        (address("pypi", Some("ns"), "numpy"), versions(&["1"])),
        (address("conda", None, "numpy"), versions(&["1"])),
        (address("pypi", None, "bad name"), versions(&["1"])),
    ] {
        let err = packages::set_versions_status(&ops, &addr, &vs, StatusAction::Archive, None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, OpError::Cloud(CloudError::Validation { .. })),
            "{err:?}"
        );
    }
    let open = OriginRestrictions {
        publish: OriginRule::Allow,
        upstream: OriginRule::Allow,
    };
    let err = packages::set_origin(&ops, &address("pypi", None, "a/b"), open)
        .await
        .unwrap_err();
    assert!(
        matches!(err, OpError::Cloud(CloudError::Validation { .. })),
        "{err:?}"
    );
    assert_eq!(status.num_calls() + origin.num_calls(), 0);
}

#[tokio::test]
async fn read_only_sends_zero_requests_and_journals_refusals() {
    use aws_sdk_sagemaker::operation::describe_endpoint::DescribeEndpointOutput;
    use aws_sdk_sagemaker::operation::update_endpoint_weights_and_capacities::UpdateEndpointWeightsAndCapacitiesOutput;
    let status = mock!(aws_sdk_codeartifact::Client::update_package_versions_status)
        .then_output(|| UpdatePackageVersionsStatusOutput::builder().build());
    let origin = mock!(aws_sdk_codeartifact::Client::put_package_origin_configuration)
        .then_output(|| PutPackageOriginConfigurationOutput::builder().build());
    let describe = mock!(aws_sdk_sagemaker::Client::describe_endpoint)
        .then_output(|| DescribeEndpointOutput::builder().build());
    let update = mock!(aws_sdk_sagemaker::Client::update_endpoint_weights_and_capacities)
        .then_output(|| UpdateEndpointWeightsAndCapacitiesOutput::builder().build());
    let sm = AwsSageMaker::new(
        client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            1,
            [&describe, &update]
        ),
        ctx(None),
    );
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(
        codeartifact(&[&status, &origin], 1),
        Some(sm),
        Policy::read_only(ReadOnlyReason::Flag),
        &dir,
    );
    let addr = address("pypi", None, "requests");
    for action in [
        StatusAction::Approve,
        StatusAction::Unlist,
        StatusAction::Archive,
    ] {
        // `send` also proves the futures can be spawned on tokio, as the TUI does.
        let vs = versions(&["2.32.3"]);
        let err = send(packages::set_versions_status(
            &ops, &addr, &vs, action, None,
        ))
        .await
        .unwrap_err();
        assert!(matches!(err, OpError::Refused(_)), "{err:?}");
    }
    let err = send(packages::set_origin(
        &ops,
        &addr,
        OriginRestrictions {
            publish: OriginRule::Block,
            upstream: OriginRule::Block,
        },
    ))
    .await
    .unwrap_err();
    assert!(matches!(err, OpError::Refused(_)), "{err:?}");
    let plan = dsadmin::ops::traffic::ShiftPlan {
        endpoint: "scorer".into(),
        before: Vec::new(),
        after: Vec::new(),
        weights: vec![VariantWeight::new("blue", 1.0)],
    };
    let err = send(dsadmin::ops::traffic::apply_shift(&ops, &plan))
        .await
        .unwrap_err();
    let mut progress = |_: &dsadmin::model::Endpoint| {};
    let watch = dsadmin::ops::traffic::watch_until_in_service(
        &ops,
        "scorer",
        dsadmin::ops::traffic::WatchOptions::default(),
        &mut progress,
    );
    drop(send(watch)); // never polled: only its type is checked
    assert!(matches!(err, OpError::Refused(_)), "{err:?}");

    assert_eq!(
        status.num_calls() + origin.num_calls() + describe.num_calls() + update.num_calls(),
        0,
        "nothing reached the service"
    );
    let records = Journal::read_all(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(
        records.len(),
        10,
        "a started and a finished record per refusal"
    );
}

#[tokio::test]
async fn endpoint_update_sends_weights_and_counts_only_when_given() {
    use aws_sdk_sagemaker::operation::update_endpoint_weights_and_capacities::UpdateEndpointWeightsAndCapacitiesOutput;
    let update = mock!(aws_sdk_sagemaker::Client::update_endpoint_weights_and_capacities)
        .match_requests(|r| {
            let d = r.desired_weights_and_capacities();
            r.endpoint_name() == Some("scorer")
                && d.len() == 2
                && d[0].variant_name() == Some("blue")
                && d[0].desired_weight() == Some(0.25)
                && d[0].desired_instance_count().is_none()
                && d[1].variant_name() == Some("green")
                && d[1].desired_weight() == Some(0.75)
                && d[1].desired_instance_count() == Some(3)
        })
        .then_output(|| UpdateEndpointWeightsAndCapacitiesOutput::builder().build());
    let sm = AwsSageMaker::new(
        client!(aws_sdk_sagemaker, RuleMode::MatchAny, 1, [&update]),
        ctx(None),
    );
    let mut green = VariantWeight::new("green", 0.75);
    green.instance_count = Some(3);
    sm.update_endpoint_weights("scorer", &[VariantWeight::new("blue", 0.25), green])
        .await
        .unwrap();
    assert_eq!(update.num_calls(), 1);
}
