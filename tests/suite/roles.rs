//! Execution roles: live over moto's IAM (roles, inline and managed
//! policies with several versions, a role that no longer exists, a caller
//! refused IAM), with SageMaker and Glue resources that run as them; then
//! the demo estate's `:roles` pane, its detail and `dsadmin get roles`.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;

use aws_sdk_sagemaker::types as sm;
use serde_json::json;

use crate::common::cli::{code, stderr, stdout, Env};
use crate::common::moto::{self, MotoGuard, ACCOUNT, REGION};
use crate::common::{demo_cloud, Harness};
use dsadmin::gitsync::GitSettings;
use dsadmin::governance::{collect, Cause, GovernanceConfig, RuleId};
use dsadmin::inventory::roles::Roles;
use dsadmin::model::role::UseKind;
use dsadmin::rows::roles::{RoleRow, ADMIN, SHARED, UNTAGGED_S3};
use dsadmin::settings::Settings;

fn arn(role: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{role}")
}

/// The object access every data role should have: conditioned on the tag.
fn tagged_data() -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "TeamData", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": "arn:aws:s3:::team-data/curated/*",
        "Condition": {"StringEquals": {"s3:ExistingObjectTag/Classification": "Internal"}}}]})
}

/// IAM: `studio-exec` (a managed policy whose v1 reached S3 without the
/// tag and whose default v2 adds it, and a logs inline policy);
/// `nb-admin` (a customer managed `*` on `*`); `glue-open` (inline S3
/// without the tag). SageMaker and Glue: a domain defaulting to
/// studio-exec, a notebook on nb-admin, a model and its endpoint on
/// studio-exec, a Glue job naming glue-open without an ARN, and a
/// training job on a role that was deleted.
async fn seed(m: &MotoGuard) {
    let iam = m.iam().await;
    let untagged = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::team-data/*"}]});
    let data = m.create_policy("team-data-access", &untagged).await;
    iam.create_policy_version()
        .policy_arn(&data)
        .policy_document(tagged_data().to_string())
        .set_as_default(true)
        .send()
        .await
        .unwrap();
    let logs = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]});
    m.create_role("studio-exec", &[("logs", logs)], &[&data])
        .await;
    let everything = json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "BreakGlass", "Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let admin = m.create_policy("break-glass", &everything).await;
    m.create_role("nb-admin", &[], &[&admin]).await;
    m.create_role("glue-open", &[("raw", untagged)], &[]).await;

    let client = m.sagemaker().await;
    client
        .create_domain()
        .domain_name("studio")
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(
            sm::UserSettings::builder()
                .execution_role(arn("studio-exec"))
                .build(),
        )
        .subnet_ids("subnet-0a1")
        .vpc_id("vpc-0123")
        .send()
        .await
        .unwrap();
    client
        .create_notebook_instance()
        .notebook_instance_name("nb-legacy")
        .instance_type(sm::InstanceType::MlT3Medium)
        .role_arn(arn("nb-admin"))
        .send()
        .await
        .unwrap();
    client
        .create_model()
        .model_name("scorer")
        .execution_role_arn(arn("studio-exec"))
        .primary_container(
            sm::ContainerDefinition::builder()
                .image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/scorer:1")
                .build(),
        )
        .send()
        .await
        .unwrap();
    moto::create_endpoint_on(m, "scorer-live", "scorer", 1).await;
    m.glue()
        .await
        .create_job()
        .name("raw-load")
        .role("glue-open")
        .command(
            aws_sdk_glue::types::JobCommand::builder()
                .name("glueetl")
                .script_location("s3://ds-glue-scripts/raw-load.py")
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .create_training_job()
        .training_job_name("orphan-train")
        .role_arn(arn("deleted-role"))
        .algorithm_specification(
            sm::AlgorithmSpecification::builder()
                .training_image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/train:1")
                .training_input_mode(sm::TrainingInputMode::File)
                .build(),
        )
        .output_data_config(
            sm::OutputDataConfig::builder()
                .s3_output_path("s3://team-data/out/")
                .build(),
        )
        .resource_config(
            sm::ResourceConfig::builder()
                .instance_type(sm::TrainingInstanceType::MlM5Large)
                .instance_count(1)
                .volume_size_in_gb(10)
                .build(),
        )
        .stopping_condition(
            sm::StoppingCondition::builder()
                .max_runtime_in_seconds(3600)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// Only the role rules, checking the Classification tag.
fn role_rules() -> GovernanceConfig {
    let mut config = GovernanceConfig {
        require_object_tag: Some("Classification".to_owned()),
        ..GovernanceConfig::default()
    };
    for rule in RuleId::ALL {
        if !rule.id().starts_with("execution-role-") {
            config.rules.insert(
                *rule,
                dsadmin::governance::RuleSetting {
                    enabled: false,
                    severity: rule.default_severity(),
                },
            );
        }
    }
    config
}

#[tokio::test]
async fn roles_over_moto_say_who_runs_as_each_and_what_its_policies_reach() {
    let m = moto::guard();
    seed(&m).await;
    let cloud = moto::connect_once(m.endpoint()).await;
    let roles = Roles::load(&cloud).await;
    let names: Vec<&str> = roles.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["deleted-role", "glue-open", "nb-admin", "studio-exec"],
        "{roles:#?}"
    );

    let studio = roles.get(&arn("studio-exec")).unwrap();
    let uses: Vec<(UseKind, &str)> = studio
        .uses
        .iter()
        .map(|u| (u.kind, u.name.as_str()))
        .collect();
    assert_eq!(
        uses,
        [
            (UseKind::DomainDefault, "studio"),
            (UseKind::Model, "scorer"),
            (UseKind::Endpoint, "scorer-live"),
        ]
    );
    let row = RoleRow::of(studio, Some("Classification"));
    assert_eq!(row.attached_policies, ["team-data-access"]);
    assert_eq!(row.inline_policies, ["logs"]);
    assert_eq!(
        row.used_by[2].to_string(),
        "endpoint scorer-live (model scorer)"
    );
    // The default version (v2) is read, not v1: conditioned on the tag.
    assert_eq!(row.s3_access.len(), 1, "{:?}", row.s3_access);
    assert_eq!(row.s3_access[0].resource, "team-data/curated/*");
    assert_eq!(row.s3_access[0].tag_condition, Some(true));
    assert!(row.problems.is_empty(), "{:?}", row.problems);

    let admin = RoleRow::of(roles.get(&arn("nb-admin")).unwrap(), Some("Classification"));
    assert_eq!(admin.admin_policies, ["break-glass"]);
    assert_eq!(admin.problems, [ADMIN, UNTAGGED_S3]);

    // Glue named the role without an ARN: read in the caller's account.
    let glue = RoleRow::of(
        roles.get(&arn("glue-open")).unwrap(),
        Some("Classification"),
    );
    assert_eq!(glue.used_by[0].to_string(), "glue job raw-load");
    assert_eq!(glue.used_by.len(), 1);
    assert_eq!(glue.inline_policies, ["raw"]);
    assert_eq!(glue.s3_access[0].actions, ["s3:*"]);
    assert_eq!(glue.problems, [UNTAGGED_S3]);

    // A role deleted under its training job: unknown, with why.
    let gone = RoleRow::of(roles.get(&arn("deleted-role")).unwrap(), None);
    let why = gone.policies_unknown.as_ref().unwrap();
    assert_eq!(
        (why.action.as_str(), why.code.as_str()),
        ("iam:ListAttachedRolePolicies", "NotFound"),
        "{why:?}"
    );
    assert!(gone.attached_policies.is_empty() && gone.problems.is_empty());
    assert!(gone.missing);

    // moto lists no user profiles or spaces: said, not hidden.
    let gaps: Vec<&str> = roles.gaps.iter().map(|g| g.why.action.as_str()).collect();
    assert!(gaps.contains(&"sagemaker:ListSpaces"), "{gaps:?}");
    assert!(gaps.contains(&"sagemaker:ListUserProfiles"), "{gaps:?}");

    // The rules over the same estate.
    let report = collect::check(&cloud, &role_rules(), &GitSettings::default()).await;
    let got: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.rule.id(), f.resource.name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("execution-role-admin-access", "nb-admin"),
            ("execution-role-s3-without-tag-condition", "glue-open"),
            ("execution-role-s3-without-tag-condition", "nb-admin"),
        ]
    );
    assert_eq!(
        report.findings[0].evidence,
        "attached policy break-glass (Allow * on * (Sid BreakGlass))"
    );
    assert_eq!(
        report.findings[1].evidence,
        "object access without s3:ExistingObjectTag/Classification: raw: s3:* on team-data/*"
    );
    // A deleted role grants nothing: no finding, and no check left open
    // for ever by an old training job that names it.
    assert!(
        !report
            .not_checked
            .iter()
            .any(|n| n.resources.iter().any(|r| r == "deleted-role")),
        "{:#?}",
        report.not_checked
    );
    // What moto cannot list is not checked, with why.
    let spaces = report
        .not_checked
        .iter()
        .find(|n| n.resources == ["spaces of studio"])
        .unwrap_or_else(|| panic!("{:#?}", report.not_checked));
    assert_eq!(spaces.cause, Cause::Failed);
    assert_eq!(spaces.rules.len(), 3);
}

#[tokio::test]
async fn a_caller_refused_iam_sees_the_roles_with_why_and_nothing_passes() {
    let m = moto::guard();
    seed(&m).await;
    // An auditor allowed SageMaker and Glue, not IAM.
    let policy = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["sagemaker:*", "glue:*", "sts:GetCallerIdentity"],
        "Resource": "*"}]});
    let cloud = m.cloud_as("auditor", &policy).await;
    let roles = Roles::load(&cloud).await;
    let report = collect::check(&cloud, &role_rules(), &GitSettings::default()).await;
    m.reset_auth(false);
    assert_eq!(roles.roles.len(), 4, "the roles are still listed");
    for role in &roles.roles {
        let why = role.policies.why().unwrap();
        assert_eq!(why.code, "AccessDenied", "{why:?}");
        let row = RoleRow::of(role, Some("Classification"));
        assert!(row.problems.is_empty());
    }
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let denied = report
        .not_checked
        .iter()
        .find(|n| n.reason.starts_with("AccessDenied"))
        .unwrap_or_else(|| panic!("{:#?}", report.not_checked));
    assert_eq!(denied.source, "iam:ListAttachedRolePolicies");
    assert_eq!(denied.resources.len(), 4, "{denied:?}");
}

#[tokio::test]
async fn get_roles_binary_over_moto() {
    let m = moto::guard();
    seed(&m).await;
    let env = Env::new("[governance]\nrequire_object_tag = \"Classification\"\n");
    let out = env.run(&[
        "get",
        "roles",
        "-o",
        "json",
        "--endpoint-url",
        &m.endpoint(),
        "--region",
        REGION,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let glue = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "glue-open")
        .unwrap();
    assert_eq!(glue["problems"], json!(["S3 without tag condition"]));
    assert_eq!(glue["s3_access"][0]["tag_condition"], json!(false));
    // What moto cannot list is a warning, not a failure.
    assert!(
        stderr(&out).contains("sagemaker:ListSpaces"),
        "{}",
        stderr(&out)
    );
    let table = env.run(&[
        "get",
        "roles",
        "--endpoint-url",
        &m.endpoint(),
        "--region",
        REGION,
    ]);
    let text = stdout(&table);
    assert!(text.starts_with("NAME"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("nb-admin") && l.contains("admin access")),
        "{text}"
    );
}

// ---- Over the demo estate ----

fn demo_settings() -> Settings {
    Settings::from_str(
        "[governance]\nrequire_object_tag = \"Classification\"\n",
        Path::new("/tmp/dsadmin-test/config.toml"),
    )
    .unwrap()
}

#[tokio::test]
async fn roles_pane_over_the_demo_and_enter_lists_one_role() {
    let mut h = Harness::with_cloud(demo_cloud(), demo_settings()).await;
    h.keys(":roles<enter>").await;
    let screen = h.screen();
    insta::assert_snapshot!("roles_pane", screen);
    for problem in [ADMIN, SHARED, UNTAGGED_S3] {
        assert!(screen.contains(problem), "{problem}: {screen}");
    }
    h.keys("/pricing-models-exec<enter><enter>").await;
    assert_eq!(
        h.app.crumbs().last().unwrap(),
        "ds-team-pricing-models-execution › detail"
    );
    let screen = h.screen();
    assert!(screen.contains("used by"), "{screen}");
    assert!(screen.contains("team-data"), "{screen}");
    assert!(
        screen.contains(
            "team-data: s3:GetObject, s3:PutObject, s3:DeleteObject; no Classification condition"
        ),
        "{screen}"
    );
    // Its policies first, then S3, then (the longest part) who runs as it.
    let mut whats: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.strip_prefix('│'))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| ["check", "used", "attached", "inline", "S3"].contains(w))
        .collect();
    whats.dedup();
    assert_eq!(
        whats,
        ["check", "attached", "inline", "S3", "used"],
        "{screen}"
    );
    assert!(
        screen.contains("1 S3 grant without s3:ExistingObjectTag/Classification"),
        "{screen}"
    );
}

#[tokio::test]
async fn demo_roles_without_a_required_tag_check_no_s3_condition() {
    let roles = Roles::load(&demo_cloud()).await;
    assert!(roles.gaps.is_empty(), "{:?}", roles.gaps);
    let rows = RoleRow::of_roles(&roles, None);
    let pricing = rows
        .iter()
        .find(|r| r.name == "ds-team-pricing-models-execution")
        .unwrap();
    assert!(pricing.problems.is_empty(), "{:?}", pricing.problems);
    assert!(pricing.s3_access.iter().all(|g| g.tag_condition.is_none()));
    let shared = rows
        .iter()
        .find(|r| r.name == "ds-sandbox-studio-default-execution")
        .unwrap();
    assert_eq!(shared.teams, ["customer-insights", "pricing-models"]);
    // The same domain's untagged users run as it too, with no team.
    assert!(shared
        .used_by
        .iter()
        .any(|u| u.kind == UseKind::UserProfile && u.team.is_none()));
}

/// The demo's domains and user profiles, described and tagged.
async fn described_domains_and_profiles(
    cloud: &dsadmin::cloud::Cloud,
) -> (
    Vec<dsadmin::model::Domain>,
    Vec<dsadmin::model::UserProfile>,
) {
    let no_gaps = dsadmin::inventory::Gaps::default();
    let domains = dsadmin::collect_all!(cloud.sagemaker, list_domains).unwrap();
    let profiles = dsadmin::collect_all!(cloud.sagemaker, list_user_profiles).unwrap();
    (
        dsadmin::inventory::fill_all(cloud, domains, &no_gaps).await,
        dsadmin::inventory::fill_all(cloud, profiles, &no_gaps).await,
    )
}

#[tokio::test]
async fn a_profile_without_a_role_runs_as_its_domains_default_and_so_do_its_spaces() {
    use dsadmin::inventory::roles::{uses, Sources};
    use dsadmin::model::Detail;
    let cloud = demo_cloud();
    let (domains, mut profiles) = described_domains_and_profiles(&cloud).await;
    let dev = domains.iter().find(|d| d.name == "ds-dev-secure").unwrap();
    let spaces = dsadmin::collect_all!(cloud.sagemaker, list_spaces, &dev.id).unwrap();
    // A profile that owns a private space, its own role taken away.
    let owner = spaces
        .iter()
        .find(|s| !s.is_shared())
        .and_then(|s| s.owner.clone())
        .unwrap();
    let p = profiles
        .iter_mut()
        .find(|p| p.domain_id == dev.id && p.name == owner)
        .unwrap();
    if let Detail::Known(settings) = &mut p.profile {
        settings.execution_role = None;
    }
    let team = p.team().map(str::to_owned);
    let (by_role, gaps) = uses(&Sources {
        domains: &domains,
        profiles: &profiles,
        spaces: &spaces,
        ..Sources::default()
    });
    assert!(gaps.is_empty(), "{gaps:?}");
    let default = dev.settings.known().unwrap().default_execution_role.clone();
    let on_default = &by_role[&default.unwrap()];
    let profile = on_default
        .iter()
        .find(|u| u.kind == UseKind::UserProfile)
        .unwrap();
    assert_eq!(profile.name, format!("ds-dev-secure/{owner}"));
    assert!(profile.inherited && profile.team == team);
    // Its own private space follows it there.
    let own: Vec<String> = spaces
        .iter()
        .filter(|s| !s.is_shared() && s.owner.as_deref() == Some(owner.as_str()))
        .map(|s| format!("ds-dev-secure/{}", s.name))
        .collect();
    assert!(!own.is_empty());
    for name in &own {
        let u = on_default
            .iter()
            .find(|u| u.kind == UseKind::Space && &u.name == name)
            .unwrap_or_else(|| panic!("{name} not on the default role: {on_default:?}"));
        assert!(u.inherited && u.team == team);
    }
    // Shared spaces run as the domain's shared-space role, with no team.
    let shared = dev.settings.known().unwrap().space_execution_role.clone();
    let shared = &by_role[&shared.unwrap()];
    assert!(shared.iter().any(|u| u.kind == UseKind::SpaceDefault));
    let shared_spaces: Vec<_> = shared.iter().filter(|u| u.kind == UseKind::Space).collect();
    assert_eq!(
        shared_spaces.len(),
        spaces.iter().filter(|s| s.is_shared()).count(),
        "{shared:?}"
    );
    assert!(shared_spaces.iter().all(|u| u.team.is_none()));
}

#[tokio::test]
async fn what_cannot_be_attributed_is_a_gap_not_a_silent_omission() {
    use dsadmin::inventory::roles::{uses, Sources};
    use dsadmin::model::{CallerIdentity, Detail, Why};
    let cloud = demo_cloud();
    let (domains, mut profiles) = described_domains_and_profiles(&cloud).await;
    let endpoints = dsadmin::collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    let no_gaps = dsadmin::inventory::Gaps::default();
    let endpoints = dsadmin::inventory::fill_all(&cloud, endpoints, &no_gaps).await;
    let mut glue = dsadmin::collect_all!(cloud.glue, list_jobs).unwrap();
    // A profile whose tags were refused; a Glue job naming its role bare
    // in aws-cn; another while the caller is unknown; endpoints whose
    // models are not listed.
    let refused = Why::new("sagemaker:ListTags", "AccessDenied", "no");
    profiles[0].tags = Detail::unknown(refused.clone());
    glue.truncate(1);
    glue[0].role = "etl-role".to_owned();
    let cn = Ok(CallerIdentity {
        account: "111122223333".to_owned(),
        arn: "arn:aws-cn:iam::111122223333:user/ops".to_owned(),
        user_id: "AIDA".to_owned(),
    });
    let src = Sources {
        domains: &domains,
        profiles: &profiles,
        endpoints: &endpoints,
        glue_jobs: &glue,
        caller: Some(&cn),
        ..Sources::default()
    };
    let (by_role, gaps) = uses(&src);
    assert!(by_role.contains_key("arn:aws-cn:iam::111122223333:role/etl-role"));
    let tags = gaps.iter().find(|g| g.why == refused).unwrap();
    assert!(tags.team_only, "the role is known, the team is not");
    let first = &profiles[0];
    assert_eq!(tags.what, format!("{}/{}", first.domain_name, first.name));
    let unlisted: Vec<_> = gaps
        .iter()
        .filter(|g| g.why.action == "sagemaker:ListModels")
        .collect();
    assert!(!unlisted.is_empty(), "{gaps:?}");
    assert!(unlisted
        .iter()
        .all(|g| g.why.message.contains("is not listed")));
    // Without the caller, the bare name cannot be placed.
    let unknown = Err(Why::new("sts:GetCallerIdentity", "ExpiredToken", "x"));
    let (by_role, gaps) = uses(&Sources {
        glue_jobs: &glue,
        caller: Some(&unknown),
        ..Sources::default()
    });
    assert!(by_role.is_empty());
    assert_eq!(gaps[0].what, glue[0].name);
    assert_eq!(gaps[0].why.code, "ExpiredToken");
}
