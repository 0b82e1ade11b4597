//! The CloudWatch reader on the real AWS client (`aws-smithy-mocks`; moto
//! 5.2.5 does not speak the rpc-v2-cbor protocol the CloudWatch SDK uses):
//! the exact GetMetricStatistics request, sums of datapoints, and idle or
//! not idle endpoints in the cost report.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;
use dsadmin::costs::seen::SeenApps;

use std::sync::{Arc, Mutex};

use aws_sdk_cloudwatch::operation::get_metric_statistics::{
    GetMetricStatisticsError, GetMetricStatisticsInput, GetMetricStatisticsOutput,
};
use aws_sdk_cloudwatch::types::{Datapoint, Statistic};
use aws_sdk_cloudwatch::Client;
use aws_smithy_mocks::{mock, RuleMode};
use chrono::Duration;

use common::mocks::{client, error};
use dsadmin::cloud::aws::{AwsCloudWatch, AwsContext};
use dsadmin::cloud::{CloudError, Metrics};
use dsadmin::costs::{CostKind, Idle};
use dsadmin::settings::Settings;

fn dimension<'a>(input: &'a GetMetricStatisticsInput, name: &str) -> Option<&'a str> {
    input
        .dimensions()
        .iter()
        .find(|d| d.name() == Some(name))
        .and_then(|d| d.value())
}

fn reader(client: Client) -> AwsCloudWatch {
    AwsCloudWatch::new(client, AwsContext::new("test-profile", "eu-west-2"))
}

#[tokio::test]
async fn invocations_are_the_sum_of_daily_sums_with_the_exact_request() {
    let seen: Arc<Mutex<Option<GetMetricStatisticsInput>>> = Arc::default();
    let log = seen.clone();
    let rule = mock!(Client::get_metric_statistics).then_compute_output(move |i| {
        *log.lock().unwrap() = Some(i.clone());
        GetMetricStatisticsOutput::builder()
            .datapoints(Datapoint::builder().sum(120.0).build())
            .datapoints(Datapoint::builder().sum(30.0).build())
            .build()
    });
    let cw = reader(client!(aws_sdk_cloudwatch, RuleMode::MatchAny, 1, [&rule]));
    let to = common::anchor();
    let from = to - Duration::days(7);
    let n = cw
        .endpoint_invocations("claims-scorer", "blue", from, to)
        .await
        .unwrap();
    assert_eq!(n, 150.0);
    let input = seen.lock().unwrap().clone().unwrap();
    assert_eq!(input.namespace(), Some("AWS/SageMaker"));
    assert_eq!(input.metric_name(), Some("Invocations"));
    assert_eq!(dimension(&input, "EndpointName"), Some("claims-scorer"));
    assert_eq!(dimension(&input, "VariantName"), Some("blue"));
    assert_eq!(input.period(), Some(86_400));
    assert_eq!(input.statistics(), [Statistic::Sum]);
    assert_eq!(input.start_time().map(|t| t.secs()), Some(from.timestamp()));
    assert_eq!(input.end_time().map(|t| t.secs()), Some(to.timestamp()));
}

#[tokio::test]
async fn access_denied_is_typed_with_the_action() {
    let rule = mock!(Client::get_metric_statistics).then_error(|| {
        GetMetricStatisticsError::generic(error(
            "AccessDenied",
            "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: cloudwatch:GetMetricStatistics",
        ))
    });
    let cw = reader(client!(aws_sdk_cloudwatch, RuleMode::MatchAny, 1, [&rule]));
    let to = common::anchor();
    let err = cw
        .endpoint_invocations("e", "v", to - Duration::days(7), to)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CloudError::AccessDenied { action, .. } if action == "cloudwatch:GetMetricStatistics"),
        "{err:?}"
    );
}

/// The demo estate's endpoints with CloudWatch answering through the SDK:
/// no datapoints for claims-triage-nlp (idle), 500 calls a day elsewhere,
/// and AccessDenied for motor-pricing-realtime (unknown, with the reason).
#[tokio::test]
async fn the_report_marks_endpoints_idle_busy_or_unknown_from_the_metric() {
    let denied = mock!(Client::get_metric_statistics)
        .match_requests(|i| dimension(i, "EndpointName") == Some("motor-pricing-realtime"))
        .then_error(|| GetMetricStatisticsError::generic(error("AccessDenied", "not authorized")));
    let silent = mock!(Client::get_metric_statistics)
        .match_requests(|i| dimension(i, "EndpointName") == Some("claims-triage-nlp"))
        .then_output(|| GetMetricStatisticsOutput::builder().build());
    let busy = mock!(Client::get_metric_statistics).then_output(|| {
        GetMetricStatisticsOutput::builder()
            .datapoints(Datapoint::builder().sum(500.0).build())
            .build()
    });
    let cw = reader(client!(
        aws_sdk_cloudwatch,
        RuleMode::MatchAny,
        1,
        [&denied, &silent, &busy]
    ));
    let mut cloud = common::demo_cloud();
    cloud.metrics = Some(Arc::new(cw));
    let settings = Settings::builtin().unwrap();
    let report = dsadmin::cli::costs::build(
        &cloud,
        &settings.costs,
        common::anchor(),
        &SeenApps::in_memory(),
    )
    .await;
    let idle = |name: &str| {
        report
            .lines
            .iter()
            .find(|l| l.kind == CostKind::Endpoint && l.name == name)
            .map(|l| l.idle.clone())
            .unwrap()
    };
    assert_eq!(
        idle("claims-triage-nlp/AllTraffic"),
        Idle::Idle("no invocations in 7 d".into())
    );
    assert_eq!(idle("claims-fraud-scorer/xgb-v14"), Idle::Busy);
    // The demo's own idle endpoint gets calls from this CloudWatch.
    assert_eq!(idle("fraud-graph-embeddings-dev/AllTraffic"), Idle::Busy);
    match idle("motor-pricing-realtime/AllTraffic") {
        Idle::Unknown(reason) => assert!(
            reason.contains("cloudwatch:GetMetricStatistics"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}
