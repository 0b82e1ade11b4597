//! Lifecycle configurations and idle shutdown on the real `cloud/aws` code
//! over SDK clients answering from `aws-smithy-mocks` (moto has no Studio
//! lifecycle configurations, user profiles, apps or spaces), shaped like
//! the API reference: where configurations are attached (domain defaults,
//! UserSettings, SpaceSettings), scripts decoded from base64, idle settings
//! at each level, the reasons given for apps past their limit, the rules,
//! and refusals that leave things unknown, never clean.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use aws_sdk_sagemaker::operation::describe_app::DescribeAppOutput;
use aws_sdk_sagemaker::operation::describe_domain::DescribeDomainOutput;
use aws_sdk_sagemaker::operation::describe_space::{DescribeSpaceError, DescribeSpaceOutput};
use aws_sdk_sagemaker::operation::describe_studio_lifecycle_config::{
    DescribeStudioLifecycleConfigError, DescribeStudioLifecycleConfigOutput,
};
use aws_sdk_sagemaker::operation::describe_user_profile::DescribeUserProfileOutput;
use aws_sdk_sagemaker::operation::list_apps::ListAppsOutput;
use aws_sdk_sagemaker::operation::list_domains::ListDomainsOutput;
use aws_sdk_sagemaker::operation::list_spaces::ListSpacesOutput;
use aws_sdk_sagemaker::operation::list_studio_lifecycle_configs::{
    ListStudioLifecycleConfigsError, ListStudioLifecycleConfigsOutput,
};
use aws_sdk_sagemaker::operation::list_tags::ListTagsOutput;
use aws_sdk_sagemaker::operation::list_user_profiles::ListUserProfilesOutput;
use aws_sdk_sagemaker::types::{
    AppDetails, AppLifecycleManagement, AppStatus, AppType, AuthMode, DefaultSpaceSettings,
    DomainDetails, DomainStatus, IdleSettings, JupyterLabAppSettings, KernelGatewayAppSettings,
    LifecycleManagement, OwnershipSettings, OwnershipSettingsSummary, ResourceSpec, SharingType,
    SpaceAppLifecycleManagement, SpaceDetails, SpaceIdleSettings, SpaceJupyterLabAppSettings,
    SpaceSettings, SpaceSettingsSummary, SpaceSharingSettings, SpaceSharingSettingsSummary,
    SpaceStatus, StudioLifecycleConfigAppType, StudioLifecycleConfigDetails, UserProfileDetails,
    UserProfileStatus, UserSettings,
};
use aws_sdk_sagemaker::Client;
use aws_smithy_mocks::{mock, Rule, RuleMode};
use base64::Engine as _;
use chrono::{Duration, TimeZone, Utc};

use crate::common::mocks::{client, ctx, error};
use dsadmin::cloud::aws::AwsSageMaker;
use dsadmin::cloud::{Cloud, CloudError};
use dsadmin::governance::{evaluate, GovernanceConfig, Inventory, RuleId};
use dsadmin::inventory::studio::Studio;
use dsadmin::rows::idle::{IdleRow, Scope};
use dsadmin::rows::lifecycle::LifecycleRow;
use dsadmin::rows::Row as _;

const DOMAIN: &str = "d-abcdefghijkl";
const PREFIX: &str = "arn:aws:sagemaker:eu-west-2:123456789012";

fn lcc(name: &str) -> String {
    format!("{PREFIX}:studio-lifecycle-config/{name}")
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn smithy_time(t: chrono::DateTime<Utc>) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.timestamp())
}

/// The scripts as AWS keeps them: base64.
fn encoded(script: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(script)
}

fn script_of(name: &str) -> &'static str {
    match name {
        "setup" => "#!/bin/bash\nset -e\npip config set global.timeout 30\n",
        "conda-env" => "#!/bin/bash\r\nconda env create -f env.yml\r\n",
        "space-default" => {
            "#!/bin/bash\necho '{\"idle_time_minutes\": 1440}' > ~/.auto-shutdown.json\n"
        }
        _ => "conda install -y pyspark\n",
    }
}

/// One domain with idle shutdown on for JupyterLab (120 min) and two
/// configurations attached by default, alice (JupyterLab idle off, one
/// KernelGateway configuration), bob; alice's private space with its own
/// 90-minute timeout, a shared space; both running JupyterLab, idle 5 h;
/// four configurations over two pages.
fn studio_rules() -> Vec<Rule> {
    let idle = |enabled: bool, minutes: Option<i32>| {
        AppLifecycleManagement::builder()
            .idle_settings(
                IdleSettings::builder()
                    .lifecycle_management(if enabled {
                        LifecycleManagement::Enabled
                    } else {
                        LifecycleManagement::Disabled
                    })
                    .set_idle_timeout_in_minutes(minutes)
                    .build(),
            )
            .build()
    };
    vec![
        mock!(Client::list_domains).then_output(|| {
            ListDomainsOutput::builder()
                .domains(
                    DomainDetails::builder()
                        .domain_id(DOMAIN)
                        .domain_name("ds-prod")
                        .domain_arn(format!("{PREFIX}:domain/{DOMAIN}"))
                        .status(DomainStatus::InService)
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_domain).then_output(move || {
            DescribeDomainOutput::builder()
                .domain_id(DOMAIN)
                .domain_name("ds-prod")
                .domain_arn(format!("{PREFIX}:domain/{DOMAIN}"))
                .status(DomainStatus::InService)
                .auth_mode(AuthMode::Iam)
                .default_user_settings(
                    UserSettings::builder()
                        .jupyter_lab_app_settings(
                            JupyterLabAppSettings::builder()
                                .lifecycle_config_arns(lcc("setup"))
                                .app_lifecycle_management(idle(true, Some(120)))
                                .build(),
                        )
                        .build(),
                )
                .default_space_settings(
                    DefaultSpaceSettings::builder()
                        .jupyter_lab_app_settings(
                            JupyterLabAppSettings::builder()
                                .default_resource_spec(
                                    ResourceSpec::builder()
                                        .lifecycle_config_arn(lcc("space-default"))
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_user_profiles).then_output(|| {
            let user = |name: &str| {
                UserProfileDetails::builder()
                    .domain_id(DOMAIN)
                    .user_profile_name(name)
                    .status(UserProfileStatus::InService)
                    .build()
            };
            ListUserProfilesOutput::builder()
                .user_profiles(user("alice"))
                .user_profiles(user("bob"))
                .build()
        }),
        mock!(Client::describe_user_profile)
            .match_requests(|r| r.user_profile_name() == Some("alice"))
            .then_output(move || {
                DescribeUserProfileOutput::builder()
                    .domain_id(DOMAIN)
                    .user_profile_name("alice")
                    .user_profile_arn(format!("{PREFIX}:user-profile/{DOMAIN}/alice"))
                    .status(UserProfileStatus::InService)
                    .user_settings(
                        UserSettings::builder()
                            .jupyter_lab_app_settings(
                                JupyterLabAppSettings::builder()
                                    .app_lifecycle_management(idle(false, None))
                                    .build(),
                            )
                            .kernel_gateway_app_settings(
                                KernelGatewayAppSettings::builder()
                                    .lifecycle_config_arns(lcc("conda-env"))
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::describe_user_profile)
            .match_requests(|r| r.user_profile_name() == Some("bob"))
            .then_output(|| {
                DescribeUserProfileOutput::builder()
                    .domain_id(DOMAIN)
                    .user_profile_name("bob")
                    .user_profile_arn(format!("{PREFIX}:user-profile/{DOMAIN}/bob"))
                    .status(UserProfileStatus::InService)
                    .build()
            }),
        mock!(Client::list_tags).then_output(|| ListTagsOutput::builder().build()),
        mock!(Client::list_apps).then_output(|| {
            let app = |space: &str| {
                AppDetails::builder()
                    .domain_id(DOMAIN)
                    .space_name(space)
                    .app_type(AppType::JupyterLab)
                    .app_name("default")
                    .status(AppStatus::InService)
                    .creation_time(smithy_time(now() - Duration::days(3)))
                    .resource_spec(
                        ResourceSpec::builder()
                            .lifecycle_config_arn(if space == "team-review" {
                                lcc("space-default")
                            } else {
                                lcc("setup")
                            })
                            .sage_maker_image_arn(
                                "arn:aws:sagemaker:eu-west-2:712779665605:image/sagemaker-distribution-cpu",
                            )
                            .build(),
                    )
                    .build()
            };
            ListAppsOutput::builder()
                .apps(app("alice-lab"))
                .apps(app("team-review"))
                .build()
        }),
        mock!(Client::describe_app).then_output(|| {
            DescribeAppOutput::builder()
                .status(AppStatus::InService)
                .last_user_activity_timestamp(smithy_time(now() - Duration::hours(5)))
                .build()
        }),
        mock!(Client::list_spaces).then_output(|| {
            let space = |name: &str, shared: bool| {
                SpaceDetails::builder()
                    .domain_id(DOMAIN)
                    .space_name(name)
                    .status(SpaceStatus::InService)
                    .ownership_settings_summary(
                        OwnershipSettingsSummary::builder()
                            .owner_user_profile_name("alice")
                            .build(),
                    )
                    .space_sharing_settings_summary(
                        SpaceSharingSettingsSummary::builder()
                            .sharing_type(if shared {
                                SharingType::Shared
                            } else {
                                SharingType::Private
                            })
                            .build(),
                    )
                    .space_settings_summary(
                        SpaceSettingsSummary::builder()
                            .app_type(AppType::JupyterLab)
                            .build(),
                    )
                    .build()
            };
            ListSpacesOutput::builder()
                .spaces(space("alice-lab", false))
                .spaces(space("team-review", true))
                .build()
        }),
        mock!(Client::describe_space)
            .match_requests(|r| r.space_name() == Some("alice-lab"))
            .then_output(|| {
                DescribeSpaceOutput::builder()
                    .domain_id(DOMAIN)
                    .space_name("alice-lab")
                    .space_arn(format!("{PREFIX}:space/{DOMAIN}/alice-lab"))
                    .status(SpaceStatus::InService)
                    .ownership_settings(
                        OwnershipSettings::builder()
                            .owner_user_profile_name("alice")
                            .build(),
                    )
                    .space_sharing_settings(
                        SpaceSharingSettings::builder()
                            .sharing_type(SharingType::Private)
                            .build(),
                    )
                    .space_settings(
                        SpaceSettings::builder()
                            .app_type(AppType::JupyterLab)
                            .jupyter_lab_app_settings(
                                SpaceJupyterLabAppSettings::builder()
                                    .app_lifecycle_management(
                                        SpaceAppLifecycleManagement::builder()
                                            .idle_settings(
                                                SpaceIdleSettings::builder()
                                                    .idle_timeout_in_minutes(90)
                                                    .build(),
                                            )
                                            .build(),
                                    )
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::describe_space)
            .match_requests(|r| r.space_name() == Some("team-review"))
            .then_output(|| {
                DescribeSpaceOutput::builder()
                    .domain_id(DOMAIN)
                    .space_name("team-review")
                    .space_arn(format!("{PREFIX}:space/{DOMAIN}/team-review"))
                    .status(SpaceStatus::InService)
                    .space_sharing_settings(
                        SpaceSharingSettings::builder()
                            .sharing_type(SharingType::Shared)
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::list_studio_lifecycle_configs)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                ListStudioLifecycleConfigsOutput::builder()
                    .studio_lifecycle_configs(config("setup", StudioLifecycleConfigAppType::JupyterLab))
                    .studio_lifecycle_configs(config(
                        "conda-env",
                        StudioLifecycleConfigAppType::KernelGateway,
                    ))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_studio_lifecycle_configs)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                ListStudioLifecycleConfigsOutput::builder()
                    .studio_lifecycle_configs(config(
                        "space-default",
                        StudioLifecycleConfigAppType::JupyterLab,
                    ))
                    .studio_lifecycle_configs(config("orphan", StudioLifecycleConfigAppType::JupyterLab))
                    .build()
            }),
        mock!(Client::describe_studio_lifecycle_config).then_compute_output(|input| {
            let name = input.studio_lifecycle_config_name().unwrap_or_default();
            DescribeStudioLifecycleConfigOutput::builder()
                .studio_lifecycle_config_name(name)
                .studio_lifecycle_config_arn(lcc(name))
                .studio_lifecycle_config_content(encoded(script_of(name)))
                .build()
        }),
    ]
}

fn config(name: &str, app_type: StudioLifecycleConfigAppType) -> StudioLifecycleConfigDetails {
    StudioLifecycleConfigDetails::builder()
        .studio_lifecycle_config_name(name)
        .studio_lifecycle_config_arn(lcc(name))
        .studio_lifecycle_config_app_type(app_type)
        .creation_time(smithy_time(now() - Duration::days(30)))
        .build()
}

/// The demo cloud with its SageMaker answered by `rules` (first match
/// wins), one attempt each.
fn cloud(rules: Vec<Rule>) -> Cloud {
    let client = client!(aws_sdk_sagemaker, RuleMode::MatchAny, 1, all rules);
    Cloud {
        sagemaker: Arc::new(AwsSageMaker::new(client, ctx(None))),
        ..crate::common::demo_cloud()
    }
}

fn row<'a>(rows: &'a [LifecycleRow], name: &str) -> &'a LifecycleRow {
    rows.iter().find(|r| r.config.name == name).unwrap()
}

fn app_row<'a>(rows: &'a [IdleRow], space: &str) -> &'a IdleRow {
    rows.iter()
        .find(|r| r.scope == Scope::App && r.name == format!("{space}/default"))
        .unwrap()
}

#[tokio::test]
async fn attachments_scripts_idle_and_rules_from_the_api() {
    let studio = Studio::load(&cloud(studio_rules())).await.unwrap();
    let domain = studio.domains[0].settings.known().unwrap();
    assert_eq!(
        domain.lifecycle_configs,
        [lcc("setup"), lcc("space-default")]
    );
    assert!(domain.space_idle_shutdown.is_empty());

    let rows = LifecycleRow::of_studio(&studio).unwrap();
    assert_eq!(rows.len(), 4, "both pages");
    let setup = row(&rows, "setup");
    assert_eq!(setup.attached, ["domain ds-prod"]);
    assert_eq!((setup.running_apps, setup.problems.len()), (1, 0));
    assert_eq!(
        setup.config.script.known().map(String::as_str),
        Some(script_of("setup")),
        "decoded from base64"
    );
    let conda = row(&rows, "conda-env");
    assert_eq!(conda.attached, ["profile ds-prod/alice"]);
    assert_eq!(conda.problems, ["CRLF"]);
    assert_eq!(row(&rows, "space-default").attached, ["domain ds-prod"]);
    assert_eq!(row(&rows, "orphan").problems, ["no shebang", "unattached"]);

    let idle = IdleRow::of_studio(&studio, now(), 240);
    // alice's private space: her profile turned JupyterLab idle off; the
    // space's own 90 minutes do not switch it back on.
    let private = app_row(&idle, "alice-lab");
    assert_eq!(private.idle_shutdown.as_deref(), Some("off"));
    assert_eq!(private.set_at.as_deref(), Some("profile"));
    assert_eq!(
        (private.idle_minutes, private.limit_minutes),
        (Some(300), Some(240))
    );
    assert!(private.past_limit);
    assert_eq!(
        private.reasons,
        ["idle shutdown for JupyterLab is off at the profile"]
    );
    // The shared space takes DefaultSpaceSettings, which set nothing, and
    // runs a configuration with its own idle handling.
    let shared = app_row(&idle, "team-review");
    assert_eq!(shared.idle_shutdown.as_deref(), Some("not set"));
    assert!(shared.reasons[0].starts_with("shared space: the domain's default space settings"));
    assert_eq!(
        shared.reasons[1],
        "lifecycle configuration space-default handles idle itself (line 2: echo '{\"idle_time_minutes\": 1440}' > ~/.auto-shutdown.json)"
    );
    // The levels themselves.
    let domain_lab = idle
        .iter()
        .find(|r| r.scope == Scope::Domain && r.app_type == "JupyterLab")
        .unwrap();
    assert_eq!(domain_lab.idle_shutdown.as_deref(), Some("on, 120 min"));
    let bob = idle
        .iter()
        .find(|r| r.scope == Scope::Profile && r.name == "bob" && r.app_type == "JupyterLab")
        .unwrap();
    assert_eq!(
        bob.set_at.as_deref(),
        Some("domain"),
        "bob inherits the domain's"
    );

    let inv = Inventory {
        studio: Some(studio),
        now: now(),
        ..Inventory::default()
    };
    let (findings, unchecked) = evaluate(&inv, &GovernanceConfig::default());
    let of = |rule: RuleId| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.resource.name.clone())
            .collect()
    };
    assert_eq!(of(RuleId::LifecycleConfigCrlf), ["conda-env"]);
    assert_eq!(of(RuleId::LifecycleConfigNoShebang), ["orphan"]);
    assert_eq!(of(RuleId::LifecycleConfigUnattached), ["orphan"]);
    let mut idle_apps = of(RuleId::AppIdlePastLimit);
    idle_apps.sort();
    assert_eq!(
        idle_apps,
        [
            "ds-prod/alice-lab/JupyterLab",
            "ds-prod/team-review/JupyterLab"
        ]
    );
    assert!(unchecked.is_empty(), "{unchecked:?}");
}

#[tokio::test]
async fn refusals_leave_scripts_attachments_and_lists_unknown() {
    let mut rules = vec![
        mock!(Client::describe_studio_lifecycle_config)
            .match_requests(|r| r.studio_lifecycle_config_name() == Some("conda-env"))
            .then_error(|| {
                DescribeStudioLifecycleConfigError::generic(error(
                    "AccessDeniedException",
                    "not authorized to perform sagemaker:DescribeStudioLifecycleConfig",
                ))
            }),
        mock!(Client::describe_space)
            .match_requests(|r| r.space_name() == Some("team-review"))
            .then_error(|| {
                DescribeSpaceError::generic(error(
                    "AccessDeniedException",
                    "not authorized to perform sagemaker:DescribeSpace",
                ))
            }),
    ];
    rules.extend(studio_rules());
    let studio = Studio::load(&cloud(rules)).await.unwrap();
    let rows = LifecycleRow::of_studio(&studio).unwrap();
    let conda = row(&rows, "conda-env");
    assert!(conda.config.script.why().is_some());
    assert!(conda.problems.is_empty());
    assert_eq!(conda.cell(4, now()), "?", "an unread script is not clean");
    let orphan = row(&rows, "orphan");
    assert!(orphan.attached_unknown.is_some());
    assert_eq!(
        orphan.problems,
        ["no shebang"],
        "not 'unattached' while a space is unread"
    );
    let idle = IdleRow::of_studio(&studio, now(), 240);
    let shared = app_row(&idle, "team-review");
    assert_eq!(shared.idle_shutdown, None);
    assert!(shared
        .unknown
        .as_ref()
        .unwrap()
        .text()
        .contains("DescribeSpace"));

    let inv = Inventory {
        studio: Some(studio),
        now: now(),
        ..Inventory::default()
    };
    let (findings, unchecked) = evaluate(&inv, &GovernanceConfig::default());
    assert!(!findings
        .iter()
        .any(|f| f.rule == RuleId::LifecycleConfigCrlf));
    assert!(!findings
        .iter()
        .any(|f| f.rule == RuleId::LifecycleConfigUnattached));
    let rules: Vec<RuleId> = unchecked.iter().flat_map(|n| n.rules.clone()).collect();
    for rule in [
        RuleId::LifecycleConfigCrlf,
        RuleId::LifecycleConfigNoShebang,
        RuleId::LifecycleConfigUnattached,
    ] {
        assert!(rules.contains(&rule), "{rule:?} not checked: {unchecked:?}");
    }

    let refused = vec![mock!(Client::list_studio_lifecycle_configs).then_error(|| {
        ListStudioLifecycleConfigsError::generic(error(
            "AccessDeniedException",
            "not authorized to perform sagemaker:ListStudioLifecycleConfigs",
        ))
    })];
    let mut rules = refused;
    rules.extend(studio_rules());
    let studio = Studio::load(&cloud(rules)).await.unwrap();
    let err = LifecycleRow::of_studio(&studio).unwrap_err();
    assert!(matches!(err, CloudError::AccessDenied { .. }), "{err:?}");
}

// ---- Over the demo estate: the panes, the CLI, the rules ----

#[tokio::test]
async fn lifecycle_pane_shows_where_each_is_attached_and_enter_reads_the_script() {
    let mut h = crate::common::Harness::demo().await;
    h.keys(":lifecycle<enter>").await;
    let screen = h.screen();
    insta::assert_snapshot!("lifecycle_pane", screen);
    assert!(screen.contains("no shebang · unattached"), "{screen}");
    h.keys("/claims-conda<enter><enter>").await;
    assert_eq!(
        h.app.crumbs().last().unwrap(),
        "jl-claims-conda-env › script"
    );
    let screen = h.screen();
    assert!(screen.contains("CRLF"), "{screen}");
    assert!(screen.contains("conda env create --quiet"), "{screen}");
}

#[tokio::test]
async fn idle_pane_puts_apps_past_their_limit_first_with_the_reason() {
    let mut h = crate::common::Harness::demo().await;
    h.keys(":idle<enter>").await;
    let screen = h.screen();
    insta::assert_snapshot!("idle_pane", screen);
    // Apps first, those past their limit first: the first row under the
    // titles is an app with a reason.
    let first = screen
        .lines()
        .skip_while(|l| !l.contains("SCOPE"))
        .nth(1)
        .unwrap_or_default();
    assert!(first.starts_with("│app "), "{screen}");
    assert!(first.contains("idle shutdown"), "{screen}");
    // The keep-alive configuration is named as a reason somewhere.
    h.keys("/handles idle<enter>").await;
    assert!(h.screen().contains("jl-review-keepalive"), "{}", h.screen());
}

#[tokio::test]
async fn get_kinds_and_rules_over_the_demo() {
    let cloud = crate::common::demo_cloud();
    let studio = Studio::load(&cloud).await.unwrap();
    let rows = LifecycleRow::of_studio(&studio).unwrap();
    assert_eq!(row(&rows, "jl-claims-conda-env").problems, ["CRLF"]);
    assert_eq!(
        row(&rows, "kg-legacy-spark-setup").problems,
        ["no shebang", "unattached"]
    );
    let json = serde_json::to_value(&rows).unwrap();
    let first = &json[0];
    for field in [
        "name",
        "arn",
        "app_type",
        "script",
        "attached",
        "running_apps",
        "problems",
    ] {
        assert!(first.get(field).is_some(), "{field} in {first}");
    }
    let idle = IdleRow::of_studio(&studio, crate::common::anchor(), 240);
    let past = idle.iter().take_while(|r| r.past_limit).count();
    assert!(past > 0, "the demo has apps past their limit");
    assert!(
        idle[past..].iter().all(|r| !r.past_limit),
        "every app past its limit comes first"
    );
    assert!(idle[..past]
        .iter()
        .all(|r| r.scope == Scope::App && !r.reasons.is_empty()));
    let reasons: Vec<&String> = idle.iter().flat_map(|r| &r.reasons).collect();
    for cause in [
        "is off at the domain",
        "handles idle itself",
        "custom image",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(cause)),
            "no reason says {cause:?}: {reasons:#?}"
        );
    }
    let report = dsadmin::governance::collect::check_at(
        &cloud,
        &GovernanceConfig::default(),
        &Default::default(),
        crate::common::anchor(),
    )
    .await;
    for rule in [
        RuleId::LifecycleConfigCrlf,
        RuleId::LifecycleConfigNoShebang,
        RuleId::LifecycleConfigUnattached,
        RuleId::AppIdlePastLimit,
    ] {
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{rule:?} fires on the demo"
        );
    }
}
