//! Cost Explorer beside the estimate on the real AWS client
//! (`aws-smithy-mocks`, answers shaped like the GetCostAndUsage reference:
//! moto 5.2.5 has no Cost Explorer): the exact request, pages followed,
//! billed spend per team beside each team's estimate, and a refusal that
//! leaves the estimate standing with the reason.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_costexplorer::operation::get_cost_and_usage::{
    GetCostAndUsageError, GetCostAndUsageInput, GetCostAndUsageOutput,
};
use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, Granularity, Group, GroupDefinitionType, MetricValue, ResultByTime,
};
use aws_sdk_costexplorer::Client;
use aws_smithy_mocks::{mock, RuleMode};

use common::mocks::{client, error};
use dsadmin::cloud::aws::{AwsBilling, AwsContext};
use dsadmin::cloud::Billing;
use dsadmin::costs::billed::Billed;
use dsadmin::costs::seen::SeenApps;
use dsadmin::settings::Settings;

fn group(service: &str, team: &str, amount: &str) -> Group {
    Group::builder()
        .keys(service)
        .keys(format!("TeamName${team}"))
        .set_metrics(Some(HashMap::from([(
            "UnblendedCost".to_owned(),
            MetricValue::builder().amount(amount).unit("USD").build(),
        )])))
        .build()
}

fn period(groups: Vec<Group>) -> ResultByTime {
    ResultByTime::builder()
        .time_period(
            DateInterval::builder()
                .start("2026-11-01")
                .end("2026-11-23")
                .build()
                .unwrap(),
        )
        .set_groups(Some(groups))
        .estimated(true)
        .build()
}

/// The demo estate's cost report with `billing` as its Cost Explorer,
/// and the report as `dsadmin costs` prints it.
async fn demo_report(billing: AwsBilling) -> (dsadmin::costs::CostReport, String) {
    let mut cloud = common::demo_cloud();
    cloud.billing = Some(Arc::new(billing));
    let settings = Settings::builtin().unwrap();
    let report = dsadmin::cli::costs::build(
        &cloud,
        &settings.costs,
        common::anchor(),
        &SeenApps::in_memory(),
    )
    .await;
    let mut out = Vec::new();
    dsadmin::cli::costs::write(&mut out, &report, dsadmin::cli::get::Output::Table).unwrap();
    (report, String::from_utf8(out).unwrap())
}

fn billing(client: Client) -> AwsBilling {
    AwsBilling::new(client, AwsContext::new("test-profile", "eu-west-2"))
}

#[tokio::test]
async fn billed_spend_is_asked_exactly_followed_over_pages_and_set_beside_each_team() {
    let seen: Arc<Mutex<Vec<GetCostAndUsageInput>>> = Arc::default();
    let log = seen.clone();
    let first = mock!(Client::get_cost_and_usage)
        .match_requests(|i| i.next_page_token().is_none())
        .then_compute_output(move |i| {
            log.lock().unwrap().push(i.clone());
            GetCostAndUsageOutput::builder()
                .results_by_time(period(vec![
                    group("Amazon SageMaker", "fraud-analytics", "120.50"),
                    group("AWS Glue", "fraud-analytics", "10.25"),
                ]))
                .next_page_token("page-2")
                .build()
        });
    let log = seen.clone();
    let second = mock!(Client::get_cost_and_usage)
        .match_requests(|i| i.next_page_token() == Some("page-2"))
        .then_compute_output(move |i| {
            log.lock().unwrap().push(i.clone());
            GetCostAndUsageOutput::builder()
                .results_by_time(period(vec![
                    group("Amazon SageMaker", "", "7.00"),
                    group("AWS Glue", "glue-only-team", "44.00"),
                ]))
                .build()
        });
    let b = billing(client!(
        aws_sdk_costexplorer,
        RuleMode::MatchAny,
        4,
        [&first, &second]
    ));
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let groups = b
        .cost_by_tag(from, to, "TeamName", Some("123456789012"))
        .await
        .unwrap();
    assert_eq!(groups.len(), 4);

    let input = seen.lock().unwrap()[0].clone();
    let period = input.time_period().unwrap();
    assert_eq!((period.start(), period.end()), ("2026-11-01", "2026-11-23"));
    assert_eq!(input.granularity(), Some(&Granularity::Monthly));
    assert_eq!(input.metrics(), ["UnblendedCost"]);
    // SageMaker and Glue of this account in this region only.
    let only: Vec<(Dimension, Vec<String>)> = input
        .filter()
        .unwrap()
        .and()
        .iter()
        .map(|e| {
            let d = e.dimensions().unwrap();
            (d.key().unwrap().clone(), d.values().to_vec())
        })
        .collect();
    assert_eq!(
        only,
        [
            (
                Dimension::Service,
                vec!["Amazon SageMaker".to_owned(), "AWS Glue".to_owned()]
            ),
            (Dimension::Region, vec!["eu-west-2".to_owned()]),
            (Dimension::LinkedAccount, vec!["123456789012".to_owned()]),
        ]
    );
    let by: Vec<(GroupDefinitionType, &str)> = input
        .group_by()
        .iter()
        .map(|g| (g.r#type().unwrap().clone(), g.key().unwrap()))
        .collect();
    assert_eq!(
        by,
        [
            (GroupDefinitionType::Dimension, "SERVICE"),
            (GroupDefinitionType::Tag, "TeamName")
        ]
    );

    // The demo estate's report, billed through this client.
    let (report, text) = demo_report(b).await;
    let Billed::Known(billed) = &report.billed else {
        panic!("{:?}", report.billed)
    };
    // Both groupings asked the same pages (TeamName, then the profile tag:
    // the mock answers both alike).
    assert_eq!(billed.total, 181.75);
    let team = |name: &str| report.teams.iter().find(|t| t.team == name).unwrap();
    assert_eq!(team("fraud-analytics").billed, Some(130.75));
    assert!(
        team("fraud-analytics").month_to_date > 0.0,
        "the estimate stays"
    );
    assert_eq!(team("(no team)").billed, Some(7.0));
    // A team billed with nothing estimated gets its own row.
    assert_eq!(team("glue-only-team").billed, Some(44.0));
    assert_eq!(team("glue-only-team").lines, 0);
    assert_eq!(report.total.billed, Some(181.75));
    // A team estimated but not billed reads 0, not unknown.
    assert_eq!(team("claims-ml").billed, Some(0.0));

    assert!(
        text.contains(
            "Billed (Cost Explorer, unblended, 2026-11-01 to 2026-11-22 inclusive): $181.75"
        ),
        "{text}"
    );
    assert!(text.contains("BILLED"), "{text}");
}

#[tokio::test]
async fn without_ce_get_cost_and_usage_the_estimate_stands_with_the_reason() {
    let denied = mock!(Client::get_cost_and_usage).then_error(|| {
        GetCostAndUsageError::generic(error(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: ce:GetCostAndUsage",
        ))
    });
    let (report, text) = demo_report(billing(client!(
        aws_sdk_costexplorer,
        RuleMode::MatchAny,
        2,
        [&denied]
    )))
    .await;
    match &report.billed {
        Billed::Unknown { reason } => assert!(reason.contains("ce:GetCostAndUsage"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(report.total.month_to_date > 0.0);
    assert!(report.teams.iter().all(|t| t.billed.is_none()));
    assert!(text.contains("Billed: not known (access denied"), "{text}");
    assert!(text.contains("the estimate stands alone"), "{text}");
}
