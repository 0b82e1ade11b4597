//! CloudTrail history (`T`, `:trail`, `dsadmin trail`): the real AWS client
//! through `aws-smithy-mocks` (moto 5.2.5 has no LookupEvents), with pages
//! shaped like the API reference's; the demo estate's trail in the TUI and
//! the CLI.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_cloudtrail::operation::lookup_events::{
    LookupEventsError, LookupEventsInput, LookupEventsOutput,
};
use aws_sdk_cloudtrail::types::{Event, LookupAttributeKey, Resource};
use aws_sdk_cloudtrail::Client;
use aws_smithy_mocks::{mock, RuleMode};
use chrono::Duration;

use common::mocks::{client, error};
use common::Harness;
use dsadmin::cloud::aws::{AwsCloudTrail, AwsContext};
use dsadmin::cloud::{Cloud, CloudError, Collector, Trail};
use dsadmin::model::trail::{TrailEvent, TrailKey, TrailQuery};
use dsadmin::settings::Settings;

/// A CloudTrailEvent JSON document as CloudTrail records a Studio user's
/// call: the execution role's session, with the user profile as source
/// identity.
fn studio_json(id: &str, name: &str, at: &str, profile: &str) -> String {
    serde_json::json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": "AROAEXAMPLEID:SageMaker",
            "arn": "arn:aws:sts::123456789012:assumed-role/ds-studio-exec/SageMaker",
            "accountId": "123456789012",
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "userName": "ds-studio-exec",
                    "arn": "arn:aws:iam::123456789012:role/ds-studio-exec"},
                "sourceIdentity": profile
            }
        },
        "eventTime": at,
        "eventSource": "sagemaker.amazonaws.com",
        "eventName": name,
        "awsRegion": "eu-west-2",
        "sourceIPAddress": "10.0.3.17",
        "userAgent": "Boto3/1.35.0",
        "eventID": id,
        "readOnly": false,
        "eventType": "AwsApiCall"
    })
    .to_string()
}

fn event(id: &str, name: &str, at: i64, json: &str) -> Event {
    Event::builder()
        .event_id(id)
        .event_name(name)
        .event_source("sagemaker.amazonaws.com")
        .event_time(aws_smithy_types::DateTime::from_secs(at))
        .username("SageMaker")
        .read_only("false")
        .resources(
            Resource::builder()
                .resource_type("AWS::SageMaker::UserProfile")
                .resource_name("aisha-demir")
                .build(),
        )
        .cloud_trail_event(json)
        .build()
}

fn trail(client: Client) -> AwsCloudTrail {
    AwsCloudTrail::new(client, AwsContext::new("test-profile", "eu-west-2"))
}

/// Three pages chained by NextToken, each answered as AWS would.
fn paged(seen: Arc<Mutex<Vec<(LookupEventsInput, Instant)>>>) -> aws_smithy_mocks::Rule {
    let base = common::anchor().timestamp();
    mock!(Client::lookup_events).then_compute_output(move |input| {
        seen.lock().unwrap().push((input.clone(), Instant::now()));
        let page = match input.next_token() {
            None => 0,
            Some("t1") => 1,
            _ => 2,
        };
        let mut out = LookupEventsOutput::builder();
        for n in 0..2 {
            let k = page * 2 + n;
            let id = format!("e{k}");
            let at = base - 3600 * k;
            let when = chrono::DateTime::from_timestamp(at, 0)
                .unwrap()
                .to_rfc3339();
            out = out.events(event(
                &id,
                "CreateApp",
                at,
                &studio_json(&id, "CreateApp", &when, "aisha-demir"),
            ));
        }
        match page {
            0 => out.next_token("t1"),
            1 => out.next_token("t2"),
            _ => out,
        }
        .build()
    })
}

#[tokio::test]
async fn pages_are_paced_to_two_a_second_read_newest_first_and_name_the_studio_user() {
    let seen: Arc<Mutex<Vec<(LookupEventsInput, Instant)>>> = Arc::default();
    let rule = paged(seen.clone());
    let ct = trail(client!(aws_sdk_cloudtrail, RuleMode::MatchAny, 1, [&rule]));
    let until = common::anchor();
    let since = until - Duration::days(90);
    let sink = Collector::default();
    ct.lookup_events(
        &TrailKey::Resource("aisha-demir".into()),
        since,
        until,
        500,
        &sink,
    )
    .await
    .unwrap();
    let events: Vec<TrailEvent> = sink.into_vec();
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["e0", "e1", "e2", "e3", "e4", "e5"],
        "every page, in order"
    );
    assert!(
        events.windows(2).all(|w| w[0].time > w[1].time),
        "newest first"
    );
    let first = &events[0];
    assert_eq!(
        first.who.describe(),
        "user profile aisha-demir (role ds-studio-exec)"
    );
    assert_eq!(first.source_ip.as_deref(), Some("10.0.3.17"));
    assert_eq!(first.resources, ["aisha-demir"]);

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let (input, _) = &seen[0];
    let attrs = input.lookup_attributes();
    assert_eq!(attrs.len(), 1, "LookupEvents takes one attribute");
    assert_eq!(attrs[0].attribute_key(), &LookupAttributeKey::ResourceName);
    assert_eq!(attrs[0].attribute_value(), "aisha-demir");
    assert_eq!(input.max_results(), Some(50));
    assert_eq!(
        input.start_time().map(|t| t.secs()),
        Some(since.timestamp())
    );
    assert_eq!(input.end_time().map(|t| t.secs()), Some(until.timestamp()));
    let tokens: Vec<Option<&str>> = seen.iter().map(|(i, _)| i.next_token()).collect();
    assert_eq!(tokens, [None, Some("t1"), Some("t2")]);
    // 2 requests a second: each page waits for its turn (a lower bound,
    // which a busy machine can only make longer).
    for pair in seen.windows(2) {
        let gap = pair[1].1.duration_since(pair[0].1);
        assert!(gap >= std::time::Duration::from_millis(490), "{gap:?}");
    }
}

#[tokio::test]
async fn max_stops_the_paging() {
    let seen: Arc<Mutex<Vec<(LookupEventsInput, Instant)>>> = Arc::default();
    let rule = paged(seen.clone());
    let ct = trail(client!(aws_sdk_cloudtrail, RuleMode::MatchAny, 1, [&rule]));
    let until = common::anchor();
    let sink = Collector::default();
    ct.lookup_events(
        &TrailKey::User("SageMaker".into()),
        until - Duration::days(7),
        until,
        3,
        &sink,
    )
    .await
    .unwrap();
    assert_eq!(sink.into_vec().len(), 3);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "the third page is never asked for");
    assert_eq!(
        seen[0].0.lookup_attributes()[0].attribute_key(),
        &LookupAttributeKey::Username
    );
}

#[tokio::test]
async fn a_throttled_page_is_asked_again_and_lasting_throttling_is_reported() {
    let json = studio_json("e0", "DeleteApp", "2026-11-23T11:00:00Z", "bob");
    let once = mock!(Client::lookup_events)
        .sequence()
        .error(|| LookupEventsError::generic(error("ThrottlingException", "Rate exceeded")))
        .output(move || {
            LookupEventsOutput::builder()
                .events(event("e0", "DeleteApp", 1_700_000_000, &json))
                .build()
        })
        .build();
    let ct = trail(client!(aws_sdk_cloudtrail, RuleMode::MatchAny, 1, [&once]));
    let sink = Collector::default();
    last_day_of(&ct, "bob", &sink).await.unwrap();
    assert_eq!(
        once.num_calls(),
        2,
        "the throttled page and its second asking"
    );
    assert_eq!(sink.into_vec().len(), 1);

    let always = mock!(Client::lookup_events)
        .sequence()
        .error(|| LookupEventsError::generic(error("ThrottlingException", "Rate exceeded")))
        .times(5)
        .build();
    let ct = trail(client!(
        aws_sdk_cloudtrail,
        RuleMode::MatchAny,
        1,
        [&always]
    ));
    let err = last_day_of(&ct, "bob", &Collector::default())
        .await
        .unwrap_err();
    assert!(matches!(err, CloudError::Throttled { .. }), "{err:?}");
    assert_eq!(
        always.num_calls(),
        3,
        "asked three times in all, then reported"
    );
}

/// The day before the anchor of `name`'s history, at most 50 events.
async fn last_day_of(
    ct: &AwsCloudTrail,
    name: &str,
    sink: &Collector<TrailEvent>,
) -> dsadmin::cloud::CloudResult<()> {
    let until = common::anchor();
    ct.lookup_events(
        &TrailKey::Resource(name.into()),
        until - Duration::days(1),
        until,
        50,
        sink,
    )
    .await
}

fn denied() -> aws_smithy_mocks::Rule {
    mock!(Client::lookup_events).then_error(|| {
        LookupEventsError::generic(error(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action",
        ))
    })
}

#[tokio::test]
async fn access_denied_is_typed_with_the_action() {
    let rule = denied();
    let ct = trail(client!(aws_sdk_cloudtrail, RuleMode::MatchAny, 1, [&rule]));
    let err = last_day_of(&ct, "x", &Collector::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CloudError::AccessDenied { action, .. } if action == "cloudtrail:LookupEvents"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_user_profiles_history_is_both_look_ups_each_event_once() {
    let json = |id: &str| studio_json(id, "CreateApp", "2026-11-23T10:00:00Z", "aisha-demir");
    let by_name = mock!(Client::lookup_events)
        .match_requests(|i| {
            i.lookup_attributes()[0].attribute_key() == &LookupAttributeKey::ResourceName
        })
        .then_output(move || {
            LookupEventsOutput::builder()
                .events(event("a", "CreateUserProfile", 1_763_800_000, &json("a")))
                .events(event("b", "CreateApp", 1_763_890_000, &json("b")))
                .build()
        });
    let json = |id: &str| studio_json(id, "CreateApp", "2026-11-23T10:00:00Z", "aisha-demir");
    let by_user = mock!(Client::lookup_events)
        .match_requests(|i| {
            i.lookup_attributes()[0].attribute_key() == &LookupAttributeKey::Username
        })
        .then_output(move || {
            LookupEventsOutput::builder()
                .events(event("c", "DeleteApp", 1_763_895_000, &json("c")))
                .events(event("b", "CreateApp", 1_763_890_000, &json("b")))
                .build()
        });
    let cloud = Cloud {
        trail: Some(Arc::new(trail(client!(
            aws_sdk_cloudtrail,
            RuleMode::MatchAny,
            1,
            [&by_name, &by_user]
        )))),
        ..common::demo_cloud()
    };
    let query = TrailQuery::last_90_days(
        vec![
            TrailKey::Resource("aisha-demir".into()),
            TrailKey::User("aisha-demir".into()),
        ],
        common::anchor(),
    );
    let sink = Collector::default();
    dsadmin::cloud::history::lookup(&cloud, &query, &sink)
        .await
        .unwrap();
    let events = sink.into_vec();
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "by name, then by user, b once");
}

// ---- The TUI ----

/// The demo estate, except that CloudTrail is the real client answered by
/// `rule`.
async fn demo_with_trail(rule: &aws_smithy_mocks::Rule) -> Harness {
    let cloud = Cloud {
        trail: Some(Arc::new(trail(client!(
            aws_sdk_cloudtrail,
            RuleMode::MatchAny,
            1,
            [rule]
        )))),
        ..common::demo_cloud()
    };
    Harness::with_cloud(cloud, Settings::builtin().unwrap()).await
}

#[tokio::test]
async fn t_on_a_job_shows_its_history_and_d_its_whole_event() {
    let mut h = Harness::demo().await;
    h.keys("3/claims-ingest-daily<enter>").await;
    h.keys("T").await;
    let screen = h.screen();
    assert!(screen.contains("claims-ingest-daily › trail"), "{screen}");
    assert!(screen.contains("StartJobRun"), "{screen}");
    assert!(
        screen.contains("role ds-support-bau, session m.chen")
            && screen.contains("AccessDeniedException"),
        "the support role's refused attempt: {screen}"
    );
    insta::assert_snapshot!("trail_of_a_job", screen);
    // The refused attempt, found by who made it: y copies its event id, d
    // shows its fields and its JSON.
    h.keys("/m.chen<enter>y").await;
    let copied = h.app.last_copied().unwrap_or_default().to_owned();
    assert!(
        !copied.is_empty() && !copied.contains(' '),
        "an event id, not the title: {copied:?}"
    );
    h.keys("d").await;
    let detail = h.screen();
    assert!(
        detail.contains("Event id") && detail.contains(&copied),
        "{detail}"
    );
    h.keys("<esc>d").await;
    let detail = h.screen();
    assert!(detail.contains("Error message"), "{detail}");
    assert!(detail.contains("\"userIdentity\": {"), "{detail}");
    // The JSON runs past the window: G shows its end.
    h.keys("G").await;
    let end = h.screen();
    assert!(
        end.contains("\"errorCode\": \"AccessDeniedException\""),
        "{end}"
    );
    // Esc: back on the history, its filter cleared, then the jobs list.
    h.keys("<esc><esc><esc>").await;
    let back = h.screen();
    assert!(
        back.contains("claims-ingest-daily") && !back.contains("› trail"),
        "{back}"
    );
}

#[tokio::test]
async fn t_on_a_user_profile_finds_its_studio_sessions_and_the_admins_calls() {
    let mut h = Harness::demo().await;
    h.keys("2/aisha-demir<enter>").await;
    h.keys(":trail<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("aisha-demir › trail"), "{screen}");
    assert!(
        screen.contains("user profile aisha-demir (role ds-studio-exec)"),
        "Studio sessions are named by their user profile: {screen}"
    );
    assert!(screen.contains("CreatePresignedDomainUrl"), "{screen}");
}

#[tokio::test]
async fn the_console_change_made_outside_dsadmin_is_on_the_endpoints_trail() {
    let mut h = Harness::demo().await;
    let cloud = common::demo_cloud();
    let endpoints = dsadmin::collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    // The demo's first endpoint had its weights changed from the console.
    let name = endpoints[0].name.clone();
    h.keys(&format!("7/{name}<enter>T")).await;
    let screen = h.screen();
    assert!(
        screen.contains("UpdateEndpointWeightsAndCapacities")
            && screen.contains("IAM user j.okafor"),
        "{screen}"
    );
}

#[tokio::test]
async fn refused_look_ups_say_which_action_is_missing_and_the_rest_works() {
    let rule = denied();
    let mut h = demo_with_trail(&rule).await;
    h.keys("3T").await;
    let screen = h.screen();
    assert!(screen.contains("cloudtrail:LookupEvents"), "{screen}");
    h.keys("<esc>2").await;
    let screen = h.screen();
    assert!(
        screen.contains("aisha-demir"),
        "the other tabs still work: {screen}"
    );
}

#[tokio::test]
async fn control_sequences_in_an_event_never_reach_the_terminal() {
    let hostile = serde_json::json!({
        "userIdentity": {"type": "IAMUser", "userName": "mallory\u{1b}[2J",
            "arn": "arn:aws:iam::123456789012:user/mallory"},
        "eventName": "StartJobRun",
        "userAgent": "curl/8\u{1b}]52;c;aGVsbG8=\u{7}",
        "errorMessage": "denied\u{1b}[31m red"
    })
    .to_string();
    let rule = mock!(Client::lookup_events).then_output(move || {
        LookupEventsOutput::builder()
            .events(
                Event::builder()
                    .event_id("h1")
                    .event_name("StartJobRun")
                    .event_source("glue.amazonaws.com")
                    .event_time(aws_smithy_types::DateTime::from_secs(
                        common::anchor().timestamp() - 60,
                    ))
                    .username("mallory\u{1b}[2J")
                    .cloud_trail_event(hostile.clone())
                    .build(),
            )
            .build()
    });
    let mut h = demo_with_trail(&rule).await;
    h.keys("3T").await;
    let list = h.screen();
    assert!(list.contains("IAM user mallory"), "{list}");
    h.keys("d").await;
    let detail = h.screen();
    assert!(detail.contains("curl/8"), "{detail}");
    for screen in [&list, &detail] {
        assert!(
            !screen.chars().any(|c| c == '\u{1b}' || c == '\u{7}'),
            "a control character reached the screen: {screen:?}"
        );
    }
}

// ---- The CLI ----

fn dsadmin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .arg("--demo")
        .args(args)
        .env_remove("DSADMIN_CONFIG")
        .output()
        .unwrap()
}

#[test]
fn dsadmin_trail_prints_the_history_as_a_table_or_json() {
    let out = dsadmin(&["trail", "--user", "m.chen"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("WHEN  ") && lines[0].contains("SOURCE IP"),
        "{text}"
    );
    assert_eq!(
        lines.len(),
        3,
        "the support role's two refused attempts: {text}"
    );
    assert!(text.contains("AccessDenied"), "{text}");

    let out = dsadmin(&[
        "trail",
        "--resource",
        "claims-ingest-daily",
        "--since",
        "30d",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!records.is_empty());
    let times: Vec<&str> = records
        .iter()
        .map(|r| r["time"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    for r in &records {
        assert_eq!(r["cloudtrail_event"]["eventID"], r["id"], "{r}");
        assert!(r["who"]["kind"].is_string());
    }
}

#[test]
fn dsadmin_trail_refuses_bad_input_with_status_2() {
    for (args, says) in [
        (vec!["trail"], "--resource"),
        (
            vec!["trail", "--resource", "x", "--since", "120d"],
            "at most 90d",
        ),
        (vec!["trail", "--resource", "x", "--since", "7"], "no unit"),
        (vec!["trail", "--resource", " "], "need a name"),
        (vec!["trail", "--user", "x", "--max", "0"], "at least 1"),
    ] {
        let out = dsadmin(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let out = dsadmin(&["trail", "--resource", "no-such-thing"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("no CloudTrail events for resource no-such-thing"));
}

#[tokio::test]
async fn a_run_shows_its_jobs_history_named_after_the_job() {
    let mut h = Harness::demo().await;
    h.keys("3/claims-ingest-daily<enter><enter>").await;
    h.keys("T").await;
    let screen = h.screen();
    assert!(
        screen.contains("claims-ingest-daily › trail") && screen.contains("StartJobRun"),
        "{screen}"
    );
}

#[tokio::test]
async fn a_user_profile_in_two_domains_gets_each_its_own_events() {
    // The demo has user profiles of one name in two domains: each row's
    // history leaves out the events whose domainId is the other's.
    let cloud = common::demo_cloud();
    let users = dsadmin::collect_all!(cloud.sagemaker, list_user_profiles).unwrap();
    let twin = users
        .iter()
        .find(|u| users.iter().filter(|v| v.name == u.name).count() > 1)
        .expect("a user profile name in two domains")
        .clone();
    let mut seen = Vec::new();
    for user in users.iter().filter(|u| u.name == twin.name) {
        let mut query =
            TrailQuery::last_90_days(dsadmin::rows::Row::trail_keys(user), common::anchor());
        query.within = dsadmin::rows::Row::trail_within(user);
        let sink = Collector::default();
        dsadmin::cloud::history::lookup(&cloud, &query, &sink)
            .await
            .unwrap();
        let events = sink.into_vec();
        assert!(!events.is_empty(), "{}: no events", user.domain_id);
        for e in &events {
            assert!(
                !e.raw.contains("\"domainId\"") || e.raw.contains(&user.domain_id),
                "another domain's event on {}: {}",
                user.domain_id,
                e.raw
            );
        }
        seen.push(events.len());
    }
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn trail_name_looks_up_any_resource_and_findings_and_costs_have_histories() {
    let mut h = Harness::demo().await;
    h.keys(":trail claims-ingest-daily<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("claims-ingest-daily › trail") && screen.contains("StartJobRun"),
        "{screen}"
    );
    // A finding on an image (named repository:tag) finds its repository's
    // events.
    h.keys("<esc>:findings<enter>/ecr-image<enter>T").await;
    let screen = h.screen();
    assert!(
        screen.contains("› trail") && screen.contains("PutImage"),
        "{screen}"
    );
    // A cost line of an endpoint (endpoint/variant) finds the endpoint's:
    // this one was created 74 days before the demo's clock.
    h.keys("<esc><esc><esc>:costs<enter>/fraud-graph-embeddings<enter>T")
        .await;
    let screen = h.screen();
    assert!(
        screen.contains("› trail") && screen.contains("CreateEndpoint"),
        "{screen}"
    );
}
