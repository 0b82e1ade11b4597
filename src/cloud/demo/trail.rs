//! The demo estate's CloudTrail history: who created, changed, stopped and
//! tried to change its resources over the last weeks. Built from the
//! estate's own resources, so `T` on any row of the demo finds its events;
//! it includes a change made outside dsadmin (traffic weights from the
//! console by an IAM user) and refused attempts (the support role trying
//! to stop an app and start a Glue run).

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::estate::Estate;
use super::rng::Rng;
use crate::model::trail::{Listed, TrailEvent, TrailKey};

/// Who makes the demo's calls.
#[derive(Clone, Copy)]
enum Caller<'a> {
    /// The platform team's admin role, session = the admin's name.
    Admin(&'a str),
    /// CI deploying from Git (role session "github-actions").
    Ci,
    /// A Studio user's session: the domain's execution role with the user
    /// profile as source identity.
    Studio(&'a str),
    /// The support (BAU) role, read-only by policy.
    Support(&'a str),
    /// An IAM user in the console: changes made outside dsadmin.
    ConsoleUser(&'a str),
    /// A scheduled trigger run by the service itself.
    Service(&'static str),
}

struct Call<'a> {
    at: DateTime<Utc>,
    source: &'static str,
    name: &'static str,
    caller: Caller<'a>,
    resources: Vec<String>,
    request: Value,
    error: Option<(&'static str, String)>,
}

fn identity(
    account: &str,
    caller: Caller<'_>,
) -> (Value, Option<String>, &'static str, &'static str) {
    let role = |role: &str, session: &str| {
        json!({
            "type": "AssumedRole",
            "principalId": format!("AROA{}:{session}", role.len() * 7919),
            "arn": format!("arn:aws:sts::{account}:assumed-role/{role}/{session}"),
            "accountId": account,
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "arn": format!("arn:aws:iam::{account}:role/{role}"),
                    "userName": role,
                },
                "attributes": {"mfaAuthenticated": "false"},
            },
        })
    };
    match caller {
        Caller::Admin(who) => (
            role("ds-platform-admin", who),
            Some(who.to_owned()),
            "10.20.1.14",
            "dsadmin/0.1.0 aws-sdk-rust",
        ),
        Caller::Ci => (
            role("ds-deploy-ci", "github-actions"),
            Some("github-actions".to_owned()),
            "140.82.112.3",
            "aws-cli/2.17.0",
        ),
        Caller::Studio(profile) => {
            let mut v = role("ds-studio-exec", "SageMaker");
            v["sessionContext"]["sourceIdentity"] = json!(profile);
            (
                v,
                Some("SageMaker".to_owned()),
                "10.20.8.77",
                "Boto3/1.35.0 md/SageMaker-Studio",
            )
        }
        Caller::Support(who) => (
            role("ds-support-bau", who),
            Some(who.to_owned()),
            "10.20.1.52",
            "dsadmin/0.1.0 aws-sdk-rust",
        ),
        Caller::ConsoleUser(user) => (
            json!({
                "type": "IAMUser",
                "principalId": "AIDAEXAMPLECONSOLE",
                "arn": format!("arn:aws:iam::{account}:user/{user}"),
                "accountId": account,
                "userName": user,
            }),
            Some(user.to_owned()),
            "203.0.113.40",
            "console.amazonaws.com",
        ),
        Caller::Service(service) => (
            json!({"type": "AWSService", "invokedBy": service}),
            None,
            service,
            service,
        ),
    }
}

fn event(estate: &Estate, n: usize, call: Call<'_>) -> TrailEvent {
    let (user_identity, username, ip, agent) = identity(&estate.account, call.caller);
    // CloudTrail records whole seconds.
    let at = DateTime::from_timestamp(call.at.timestamp(), 0).unwrap_or(call.at);
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        Rng::for_key(&format!("trail:{n}:{}", call.name)).next_u64() as u32,
        n & 0xffff,
        n & 0xfff,
        (n * 7) & 0xfff,
        Rng::for_key(&format!("trail-id:{n}")).next_u64() & 0xffff_ffff_ffff
    );
    let mut raw = json!({
        "eventVersion": "1.09",
        "userIdentity": user_identity,
        "eventTime": at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "eventSource": call.source,
        "eventName": call.name,
        "awsRegion": estate.region,
        "sourceIPAddress": ip,
        "userAgent": agent,
        "requestParameters": call.request,
        "responseElements": Value::Null,
        "eventID": id,
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": estate.account,
    });
    if let Some((code, message)) = &call.error {
        raw["errorCode"] = json!(code);
        raw["errorMessage"] = json!(message);
    }
    TrailEvent::parse(
        Listed {
            id,
            name: call.name.to_owned(),
            source: call.source.to_owned(),
            time: Some(at),
            username,
            read_only: Some(false),
            resources: call.resources,
        },
        &raw.to_string(),
    )
}

const SAGEMAKER: &str = "sagemaker.amazonaws.com";
const GLUE: &str = "glue.amazonaws.com";
const ECR: &str = "ecr.amazonaws.com";
const CODEARTIFACT: &str = "codeartifact.amazonaws.com";

/// The history, newest first.
pub fn history(estate: &Estate, anchor: DateTime<Utc>) -> Vec<TrailEvent> {
    let ago = |d: i64, h: i64| anchor - Duration::days(d) - Duration::hours(h);
    let admins = ["priya.nair", "tom.hughes"];
    let mut calls: Vec<Call<'_>> = Vec::new();
    for (i, d) in estate.domains.iter().enumerate() {
        calls.push(Call {
            at: d.created.unwrap_or_else(|| ago(80, 0)),
            source: SAGEMAKER,
            name: "CreateDomain",
            caller: Caller::Ci,
            resources: vec![d.id.clone(), d.name.clone()],
            request: json!({"domainName": d.name, "authMode": "IAM"}),
            error: None,
        });
        if i == 0 {
            calls.push(Call {
                at: ago(12, 3),
                source: SAGEMAKER,
                name: "UpdateDomain",
                caller: Caller::ConsoleUser("j.okafor"),
                resources: vec![d.id.clone(), d.name.clone()],
                request: json!({"domainId": d.id, "defaultUserSettings": {"studioWebPortal": "ENABLED"}}),
                error: None,
            });
        }
    }
    for (i, u) in estate.user_profiles.iter().enumerate() {
        calls.push(Call {
            at: u.created.unwrap_or_else(|| ago(60, 0)),
            source: SAGEMAKER,
            name: "CreateUserProfile",
            caller: Caller::Admin(admins[i % 2]),
            resources: vec![u.name.clone()],
            request: json!({"domainId": u.domain_id, "userProfileName": u.name}),
            error: None,
        });
        calls.push(Call {
            at: ago(i as i64 % 9, 2 + i as i64 % 7),
            source: SAGEMAKER,
            name: "CreatePresignedDomainUrl",
            caller: Caller::Admin(admins[(i + 1) % 2]),
            resources: vec![u.name.clone()],
            request: json!({"domainId": u.domain_id, "userProfileName": u.name, "expiresInSeconds": 300}),
            error: None,
        });
    }
    for (i, a) in estate.apps.iter().enumerate().take(40) {
        let owner = a
            .user_profile
            .as_deref()
            .or(a.space_name.as_deref())
            .unwrap_or_default();
        let mut resources = vec![a.name.clone(), a.arn.clone()];
        resources.extend(a.user_profile.clone());
        resources.extend(a.space_name.clone());
        calls.push(Call {
            at: a.created.unwrap_or_else(|| ago(2, i as i64 % 20)),
            source: SAGEMAKER,
            name: "CreateApp",
            caller: Caller::Studio(owner),
            resources: resources.clone(),
            request: json!({"domainId": a.domain_id, "appType": a.app_type, "appName": a.name,
                "resourceSpec": {"instanceType": a.instance_type}}),
            error: None,
        });
        if i == 1 {
            // Support tried to stop someone's app: their policy says no.
            calls.push(Call {
                at: ago(1, 5),
                source: SAGEMAKER,
                name: "DeleteApp",
                caller: Caller::Support("m.chen"),
                resources,
                request: json!({"domainId": a.domain_id, "appType": a.app_type, "appName": a.name}),
                error: Some((
                    "AccessDenied",
                    format!(
                        "User: arn:aws:sts::{}:assumed-role/ds-support-bau/m.chen is not authorized to perform: sagemaker:DeleteApp on resource: {} because no identity-based policy allows the sagemaker:DeleteApp action",
                        estate.account, a.arn
                    ),
                )),
            });
        }
    }
    for (i, e) in estate.endpoints.iter().enumerate() {
        calls.push(Call {
            at: e.created.unwrap_or_else(|| ago(45, 0)),
            source: SAGEMAKER,
            name: "CreateEndpoint",
            caller: Caller::Ci,
            resources: vec![e.name.clone()],
            request: json!({"endpointName": e.name, "endpointConfigName": format!("{}-config", e.name)}),
            error: None,
        });
        if i == 0 {
            // Made outside dsadmin: the journal has no line for it.
            calls.push(Call {
                at: ago(3, 6),
                source: SAGEMAKER,
                name: "UpdateEndpointWeightsAndCapacities",
                caller: Caller::ConsoleUser("j.okafor"),
                resources: vec![e.name.clone()],
                request: json!({"endpointName": e.name, "desiredWeightsAndCapacities": [
                    {"variantName": "blue", "desiredWeight": 0.9},
                    {"variantName": "green", "desiredWeight": 0.1}]}),
                error: None,
            });
        }
    }
    for (i, j) in estate.glue_jobs.iter().enumerate().take(60) {
        calls.push(Call {
            at: j.last_modified.unwrap_or_else(|| ago(20, 0)),
            source: GLUE,
            name: "UpdateJob",
            caller: Caller::Ci,
            resources: vec![j.name.clone()],
            request: json!({"jobName": j.name}),
            error: None,
        });
        for run in estate.job_runs.get(&j.name).into_iter().flatten().take(3) {
            calls.push(Call {
                at: run.started.unwrap_or_else(|| ago(1, 0)),
                source: GLUE,
                name: "StartJobRun",
                caller: Caller::Service("glue.amazonaws.com"),
                resources: vec![j.name.clone()],
                request: json!({"jobName": j.name}),
                error: None,
            });
        }
        if i == 0 {
            calls.push(Call {
                at: ago(0, 4),
                source: GLUE,
                name: "StartJobRun",
                caller: Caller::Support("m.chen"),
                resources: vec![j.name.clone()],
                request: json!({"jobName": j.name}),
                error: Some((
                    "AccessDeniedException",
                    format!(
                        "User: arn:aws:sts::{}:assumed-role/ds-support-bau/m.chen is not authorized to perform: glue:StartJobRun on resource: arn:aws:glue:{}:{}:job/{}",
                        estate.account, estate.region, estate.account, j.name
                    ),
                )),
            });
        }
    }
    for c in &estate.crawlers {
        calls.push(Call {
            at: ago(0, 9),
            source: GLUE,
            name: "StartCrawler",
            caller: Caller::Service("glue.amazonaws.com"),
            resources: vec![c.name.clone()],
            request: json!({"name": c.name}),
            error: None,
        });
    }
    for (i, r) in estate.ecr_repositories.iter().enumerate() {
        calls.push(Call {
            at: ago(i as i64 % 5, 1),
            source: ECR,
            name: "PutImage",
            caller: Caller::Ci,
            resources: vec![r.name.clone()],
            request: json!({"repositoryName": r.name, "imageTag": "latest"}),
            error: None,
        });
    }
    for (i, p) in estate.packages.iter().enumerate().take(30) {
        let Some(version) = p.versions.first() else {
            continue;
        };
        calls.push(Call {
            at: ago(i as i64 % 14, 3),
            source: CODEARTIFACT,
            name: "UpdatePackageVersionsStatus",
            caller: Caller::Admin(admins[i % 2]),
            resources: vec![p.package.name.clone(), p.package.repository.clone()],
            request: json!({"domain": p.package.domain, "repository": p.package.repository,
                "format": p.package.format, "package": p.package.name,
                "versions": [version.version], "targetStatus": "Published"}),
            error: None,
        });
    }
    let mut events: Vec<TrailEvent> = calls
        .into_iter()
        .enumerate()
        .map(|(n, call)| event(estate, n, call))
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.time));
    events
}

/// Whether `event` answers a LookupEvents for `key`, as CloudTrail matches:
/// a resource name in its resources, or its user name.
pub fn matches(event: &TrailEvent, key: &TrailKey) -> bool {
    match key {
        TrailKey::Resource(name) => event.resources.iter().any(|r| r == name),
        TrailKey::User(name) => event.username.as_deref() == Some(name.as_str()),
    }
}
