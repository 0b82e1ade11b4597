//! Onboarding's pure core: validation, the wizard state machine, batch plans
//! and team config, with property tests for "never a panic, always a clear
//! message".
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use dsadmin::model::{Detail, Domain, DomainSettings, Tag, UserProfile};
use dsadmin::ops::batch::{self, RowAction};
use dsadmin::ops::onboard::{Step, Wizard, WizardEffect, WizardEvent};
use dsadmin::ops::teams::TeamSettings;
use dsadmin::ops::validate::{self, Field};
use dsadmin::ops::{CallError, CreateUserProfileRequest};
use dsadmin::settings::Settings;
use proptest::prelude::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/ds-team-claims-ml-execution";

fn domain(id: &str, name: &str, auth: &str, network: &str, propagate: bool) -> Domain {
    Domain {
        id: id.to_owned(),
        name: name.to_owned(),
        arn: format!("arn:aws:sagemaker:eu-west-2:123456789012:domain/{id}"),
        status: "InService".to_owned(),
        url: None,
        created: None,
        last_modified: None,
        settings: Detail::Known(DomainSettings {
            auth_mode: auth.to_owned(),
            network_mode: network.to_owned(),
            kms_key_id: None,
            vpc_id: None,
            subnet_ids: Vec::new(),
            default_execution_role: None,
            tag_propagation: Some(if propagate { "ENABLED" } else { "DISABLED" }.to_owned()),
            space_execution_role: None,
            execution_role_identity: None,
            idle_shutdown: Vec::new(),
            space_idle_shutdown: Vec::new(),
            lifecycle_configs: Vec::new(),
        }),
        tags: Detail::Known(vec![
            Tag::new("EnvironmentType", "prod"),
            Tag::new("CostCentre", "CC-4410-DATASCI"),
        ]),
    }
}

fn domains() -> Vec<Domain> {
    vec![
        domain("d-prod", "ds-prod-secure", "IAM", "VpcOnly", true),
        domain(
            "d-sandbox",
            "ds-sandbox",
            "SSO",
            "PublicInternetOnly",
            false,
        ),
    ]
}

fn profile(domain_id: &str, name: &str, team: &str) -> UserProfile {
    UserProfile {
        domain_id: domain_id.to_owned(),
        domain_name: String::new(),
        name: name.to_owned(),
        arn: format!("arn:aws:sagemaker:eu-west-2:123456789012:user-profile/{domain_id}/{name}"),
        status: "InService".to_owned(),
        profile: dsadmin::model::Detail::Known(dsadmin::model::ProfileSettings {
            execution_role: None,
            sso_user: None,
            failure_reason: None,
            idle_shutdown: Vec::new(),
            lifecycle_configs: Vec::new(),
        }),
        apps_running: dsadmin::model::Detail::Known(0),
        created: None,
        last_modified: None,
        tags: dsadmin::model::Detail::Known(vec![Tag::new("TeamName", team)]),
    }
}

fn existing() -> Vec<UserProfile> {
    vec![
        profile("d-prod", "priya-natarajan", "claims-ml"),
        profile("d-sandbox", "tom-okafor", "pricing-models"),
    ]
}

fn teams() -> BTreeMap<String, TeamSettings> {
    let mut claims = TeamSettings::new(ROLE);
    claims.security_groups = vec!["sg-0a1b2c3d4e5f60718".to_owned()];
    claims
        .tags
        .insert("DataClassification".into(), "confidential".into());
    claims.default_instance_type = Some("ml.t3.medium".to_owned());
    claims.lifecycle_config_arn =
        Some("arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/ds-idle".to_owned());
    claims.idle_timeout_minutes = Some(120);
    let mut pricing =
        TeamSettings::new("arn:aws:iam::123456789012:role/ds-team-pricing-models-execution");
    pricing.security_groups = (1..=5).map(|i| format!("sg-0000000{i}")).collect();
    BTreeMap::from([
        ("claims-ml".to_owned(), claims),
        ("pricing-models".to_owned(), pricing),
    ])
}

fn wizard() -> Wizard {
    Wizard::new(domains(), existing(), &teams())
}

fn type_text(w: &mut Wizard, text: &str) -> Vec<WizardEffect> {
    text.chars()
        .flat_map(|c| w.handle(WizardEvent::Char(c)))
        .collect()
}

// ---------------------------------------------------------------- validation

#[test]
fn collision_is_case_insensitive_and_per_domain() {
    let d = &domains()[0];
    let err = validate::name_collision("Priya-Natarajan", d, &existing()).unwrap_err();
    assert_eq!(
        err.message,
        "'Priya-Natarajan' already exists as 'priya-natarajan' in domain ds-prod-secure \
         (names are not case sensitive)"
    );
    assert!(validate::name_collision("priya-natarajan", d, &existing())
        .unwrap_err()
        .message
        .contains("already exists in domain ds-prod-secure"));
    // The same name in another domain is another profile.
    assert!(validate::name_collision("tom-okafor", d, &existing()).is_ok());
}

#[test]
fn sso_value_required_iff_sso() {
    let [iam, sso] = <[Domain; 2]>::try_from(domains()).unwrap();
    assert!(validate::sso_user(None, &iam).is_ok());
    assert!(validate::sso_user(Some("x"), &iam).is_err());
    let err = validate::sso_user(None, &sso).unwrap_err();
    assert_eq!(err.field, Field::SsoUser);
    assert!(err.message.contains("required"), "{err}");
    assert!(validate::sso_user(Some("tom@example.com"), &sso).is_ok());
}

#[test]
fn propagated_domain_tags_count_towards_fifty() {
    let d = &domains()[0]; // 2 domain tags, propagated
    let tags = |n: usize| {
        (0..n)
            .map(|i| Tag::new(format!("k{i}"), "v"))
            .collect::<Vec<_>>()
    };
    assert!(validate::tags(&tags(48), Some(d)).is_ok());
    let err = validate::tags(&tags(49), Some(d)).unwrap_err();
    assert_eq!(
        err.message,
        "51 tags: 49 for the profile + 2 propagated from domain ds-prod-secure \
         (TagPropagation ENABLED); at most 50"
    );
    let quiet = &domains()[1]; // propagation off
    assert!(validate::tags(&tags(50), Some(quiet)).is_ok());
    assert!(validate::tags(&tags(51), Some(quiet)).is_err());
}

// ------------------------------------------------------------------- wizard

#[test]
fn ctrl_u_empties_the_text_being_typed_and_stays_on_the_step() {
    let mut w = wizard();
    w.handle(WizardEvent::Enter); // the domain
    w.handle(WizardEvent::Enter); // the team
    type_text(&mut w, "Bob_1");
    w.handle(WizardEvent::Enter);
    assert!(!w.errors().is_empty());
    w.handle(WizardEvent::ClearLine);
    assert_eq!(w.step(), &Step::UserName, "Ctrl-U never goes back a step");
    assert_eq!(w.user_name(), "");
    assert!(w.errors().is_empty());
    type_text(&mut w, "ana-lima");
    assert!(w.handle(WizardEvent::Enter).is_empty());
    assert_eq!(w.step(), &Step::Review, "{:?}", w.errors());
}

#[test]
fn happy_path_iam_domain() {
    let mut w = wizard();
    assert_eq!(w.step(), &Step::Domain);
    assert!(w.handle(WizardEvent::Enter).is_empty());
    assert_eq!(w.step(), &Step::Team);
    assert!(w.handle(WizardEvent::Enter).is_empty()); // claims-ml
    assert_eq!(w.step(), &Step::UserName);
    // A bad name stays on the step with the input kept.
    type_text(&mut w, "Bob_1");
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::UserName);
    assert_eq!(w.user_name(), "Bob_1");
    assert!(
        w.errors()[0].contains("'_' is not allowed"),
        "{:?}",
        w.errors()
    );
    // A collision too.
    for _ in 0..5 {
        w.handle(WizardEvent::Backspace);
    }
    type_text(&mut w, "Priya-Natarajan");
    w.handle(WizardEvent::Enter);
    assert!(w.errors()[0].contains("already exists as 'priya-natarajan'"));
    for _ in 0.."Priya-Natarajan".len() {
        w.handle(WizardEvent::Backspace);
    }
    type_text(&mut w, "ana-lima");
    assert!(w.handle(WizardEvent::Enter).is_empty());
    assert_eq!(w.step(), &Step::Review, "{:?}", w.errors());

    let req = w.request().unwrap().clone();
    let json: serde_json::Value = serde_json::from_str(&req.to_json()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "DomainId": "d-prod",
            "UserProfileName": "ana-lima",
            "Tags": [
                {"Key": "DataClassification", "Value": "confidential"},
                {"Key": "TeamName", "Value": "claims-ml"},
                {"Key": "EnvironmentType", "Value": "prod"}
            ],
            "UserSettings": {
                "ExecutionRole": ROLE,
                "SecurityGroups": ["sg-0a1b2c3d4e5f60718"],
                "JupyterLabAppSettings": {
                    "DefaultResourceSpec": {
                        "InstanceType": "ml.t3.medium",
                        "LifecycleConfigArn": "arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/ds-idle"
                    },
                    "LifecycleConfigArns": ["arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/ds-idle"],
                    "AppLifecycleManagement": {
                        "IdleSettings": {"LifecycleManagement": "ENABLED", "IdleTimeoutInMinutes": 120}
                    }
                }
            }
        })
    );
    // Round-trips, so the journal can be read back.
    let back: CreateUserProfileRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, req);

    assert_eq!(
        w.handle(WizardEvent::Enter),
        vec![WizardEffect::CreateUserProfile(req)]
    );
    assert_eq!(w.step(), &Step::Creating);
    assert!(w.create_sent());
    // Keys do nothing while the call is in flight; no second create.
    assert!(w.handle(WizardEvent::Enter).is_empty());
    assert!(w.handle(WizardEvent::Esc).is_empty());
    let poll = WizardEffect::PollUserProfile {
        domain_id: "d-prod".into(),
        user_profile_name: "ana-lima".into(),
    };
    assert_eq!(
        w.handle(WizardEvent::Created {
            user_profile_arn: "arn:x".into()
        }),
        vec![poll.clone()]
    );
    assert_eq!(
        w.handle(WizardEvent::StatusPolled {
            status: "Pending".into(),
            failure_reason: None
        }),
        vec![poll.clone()]
    );
    assert_eq!(
        w.step(),
        &Step::Polling {
            status: "Pending".into()
        }
    );
    // Throttling while polling retries.
    assert_eq!(
        w.handle(WizardEvent::CallFailed {
            error: CallError::new(Some("ThrottlingException"), "slow down")
        }),
        vec![poll]
    );
    assert!(w
        .handle(WizardEvent::StatusPolled {
            status: "InService".into(),
            failure_reason: None
        })
        .is_empty());
    assert_eq!(
        w.step(),
        &Step::Done {
            offer_presigned_url: true
        }
    );
    assert_eq!(
        w.handle(WizardEvent::Enter),
        vec![
            WizardEffect::OfferPresignedUrl {
                domain_id: "d-prod".into(),
                user_profile_name: "ana-lima".into()
            },
            WizardEffect::Close
        ]
    );
    assert_eq!(w.step(), &Step::Closed);
    assert!(w.handle(WizardEvent::Enter).is_empty());
}

#[test]
fn happy_path_sso_domain() {
    let mut w = wizard();
    w.handle(WizardEvent::Down);
    w.handle(WizardEvent::Enter); // ds-sandbox
    w.handle(WizardEvent::Enter); // claims-ml
    type_text(&mut w, "tom-okafor-2");
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::SsoUser);
    // Required: Enter on empty stays with a message.
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::SsoUser);
    assert!(w.errors()[0].contains("required"), "{:?}", w.errors());
    type_text(&mut w, "tom.okafor@example.com");
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::Review, "{:?}", w.errors());
    let req = w.request().unwrap().clone();
    assert_eq!(
        req.single_sign_on_user_identifier.as_deref(),
        Some("UserName")
    );
    assert_eq!(
        req.single_sign_on_user_value.as_deref(),
        Some("tom.okafor@example.com")
    );
    assert_eq!(req.domain_id, "d-sandbox");
    let effects = w.handle(WizardEvent::Enter);
    assert!(matches!(effects[..], [WizardEffect::CreateUserProfile(_)]));
    w.handle(WizardEvent::Created {
        user_profile_arn: "arn:y".into(),
    });
    w.handle(WizardEvent::StatusPolled {
        status: "InService".into(),
        failure_reason: None,
    });
    // No presigned URL for SSO domains.
    assert_eq!(
        w.step(),
        &Step::Done {
            offer_presigned_url: false
        }
    );
    assert_eq!(w.handle(WizardEvent::Enter), vec![WizardEffect::Close]);
}

fn to_review(w: &mut Wizard, name: &str) {
    w.handle(WizardEvent::Enter);
    w.handle(WizardEvent::Enter);
    type_text(w, name);
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::Review, "{:?}", w.errors());
}

#[test]
fn resource_in_use_reads_already_exists() {
    let mut w = wizard();
    to_review(&mut w, "ana-lima");
    w.handle(WizardEvent::Enter);
    w.handle(WizardEvent::CallFailed {
        error: CallError::new(Some("ResourceInUse"), "Resource already exists"),
    });
    assert_eq!(
        w.step(),
        &Step::Failed {
            message: "'ana-lima' already exists in domain ds-prod-secure".into()
        }
    );
    assert_eq!(w.handle(WizardEvent::Esc), vec![WizardEffect::Close]);
}

#[test]
fn polling_ends_on_failed() {
    let mut w = wizard();
    to_review(&mut w, "ana-lima");
    w.handle(WizardEvent::Enter);
    w.handle(WizardEvent::Created {
        user_profile_arn: "arn:x".into(),
    });
    let effects = w.handle(WizardEvent::StatusPolled {
        status: "Failed".into(),
        failure_reason: Some("role cannot be assumed".into()),
    });
    assert!(effects.is_empty());
    assert_eq!(
        w.step(),
        &Step::Failed {
            message: "profile 'ana-lima' is Failed: role cannot be assumed".into()
        }
    );
}

#[test]
fn team_checked_against_domain_network_mode() {
    // pricing-models has 5 security groups: fine in a public domain, too
    // many in a VpcOnly one.
    let mut w = wizard();
    w.handle(WizardEvent::Enter); // ds-prod-secure, VpcOnly
    w.handle(WizardEvent::Down); // pricing-models
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::Team);
    assert!(
        w.errors()[0].contains("at most 4 in a VpcOnly domain"),
        "{:?}",
        w.errors()
    );
    // Backspace goes back; the public sandbox accepts the team.
    w.handle(WizardEvent::Backspace);
    w.handle(WizardEvent::Down);
    w.handle(WizardEvent::Enter);
    w.handle(WizardEvent::Enter);
    assert_eq!(w.step(), &Step::UserName, "{:?}", w.errors());
}

#[test]
fn esc_before_creating_closes_with_nothing_sent() {
    for steps in 0..4 {
        let mut w = wizard();
        for _ in 0..steps {
            w.handle(WizardEvent::Enter);
            if w.step() == &Step::UserName {
                type_text(&mut w, "ana-lima");
            }
        }
        assert_eq!(w.handle(WizardEvent::Esc), vec![WizardEffect::Close]);
        assert_eq!(w.step(), &Step::Closed);
        assert!(!w.create_sent());
    }
}

#[test]
fn no_teams_or_domains_is_a_message_not_a_panic() {
    let mut w = Wizard::new(Vec::new(), Vec::new(), &BTreeMap::new());
    w.handle(WizardEvent::Enter);
    assert_eq!(w.errors(), ["no domains to onboard into"]);
    let mut w = Wizard::new(domains(), Vec::new(), &BTreeMap::new());
    w.handle(WizardEvent::Enter);
    w.handle(WizardEvent::Enter);
    assert!(w.errors()[0].contains("no teams configured"));
}

fn event() -> impl Strategy<Value = WizardEvent> {
    prop_oneof![
        Just(WizardEvent::Up),
        Just(WizardEvent::Down),
        Just(WizardEvent::Enter),
        Just(WizardEvent::Enter),
        Just(WizardEvent::Esc),
        Just(WizardEvent::Backspace),
        prop::char::any().prop_map(WizardEvent::Char),
        prop::sample::select(vec!['a', 'b', '-', '1', 'Z', '@', '.']).prop_map(WizardEvent::Char),
        Just(WizardEvent::Created {
            user_profile_arn: "arn:x".into()
        }),
        prop::sample::select(vec!["Pending", "InService", "Failed", "Updating", "Bogus"]).prop_map(
            |s| WizardEvent::StatusPolled {
                status: s.into(),
                failure_reason: None
            }
        ),
        prop::sample::select(vec!["ResourceInUse", "ThrottlingException", "Boom"]).prop_map(|c| {
            WizardEvent::CallFailed {
                error: CallError::new(Some(c), "x"),
            }
        }),
    ]
}

// ------------------------------------------------------------------- batch

const CSV: &str = "\
# users to onboard
domain, user ,team,sso_user

ds-prod-secure,ana-lima,claims-ml,
d-prod,Priya-Natarajan,claims-ml,
ds-prod-secure,Bob_1,claims-ml,
ds-prod-secure,ANA-LIMA,claims-ml,
ds-nowhere,x,claims-ml,
ds-prod-secure,y,no-such-team,
\"ds-sandbox\",\"sam\",\"claims-ml\",\"sam@example.com\"
ds-sandbox,sue,claims-ml,
ds-prod-secure,zed,claims-ml,zed@example.com
ds-prod-secure,pam,pricing-models,
ds-sandbox,ana-lima,claims-ml,ana@example.com
ds-prod-secure,short,claims-ml
  # indented comment
";

#[test]
fn batch_plan_marks_every_row() {
    let plan = batch::plan(CSV, &domains(), &existing(), &teams()).unwrap();
    let got: Vec<(usize, &str, String)> = plan
        .iter()
        .map(|r| {
            let (kind, text) = match &r.action {
                RowAction::Create { request } => ("create", request.domain_id.clone()),
                RowAction::Skip { reason } => ("skip", reason.clone()),
                RowAction::Invalid { reason } => ("invalid", reason.clone()),
            };
            (r.line, kind, text)
        })
        .collect();
    let expect: Vec<(usize, &str, &str)> = vec![
        (4, "create", "d-prod"),
        (
            5,
            "skip",
            "exists as 'priya-natarajan' in domain ds-prod-secure",
        ),
        (6, "invalid", "user name 'Bob_1'"),
        (7, "invalid", "duplicate of line 4"),
        (8, "invalid", "unknown domain 'ds-nowhere'"),
        (9, "invalid", "unknown team 'no-such-team'"),
        (10, "create", "d-sandbox"),
        (11, "invalid", "required because domain ds-sandbox"),
        (
            12,
            "invalid",
            "not allowed because domain ds-prod-secure uses IAM",
        ),
        (13, "invalid", "at most 4 in a VpcOnly domain"),
        (14, "create", "d-sandbox"),
        (15, "invalid", "3 fields where the header has 4"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (g, e) in got.iter().zip(&expect) {
        assert_eq!((g.0, g.1), (e.0, e.1), "{g:?}");
        assert!(g.2.contains(e.2), "line {}: {:?} lacks {:?}", g.0, g.2, e.2);
    }
    let s = batch::summary(&plan);
    assert_eq!((s.create, s.skip, s.invalid), (3, 1, 8));
    // JSON for --output json.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json[0]["action"], "create");
    assert_eq!(json[0]["line"], 4);
    assert_eq!(json[0]["request"]["UserProfileName"], "ana-lima");
    assert_eq!(json[1]["action"], "skip");
}

#[test]
fn batch_skip_notes_a_different_team() {
    let text = "user,team,domain,sso_user\npriya-natarajan,pricing-models,ds-sandbox,priya@example.com\nPRIYA-natarajan,pricing-models,ds-prod-secure,\n";
    let plan = batch::plan(text, &domains(), &existing(), &teams()).unwrap();
    assert!(matches!(plan[0].action, RowAction::Create { .. }));
    match &plan[1].action {
        RowAction::Skip { reason } => assert!(
            reason.contains("in team 'claims-ml', not 'pricing-models'"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------- config

fn config(text: &str) -> Result<Settings, String> {
    Settings::from_str(text, Path::new("/etc/dsadmin.toml")).map_err(|e| e.to_string())
}

#[test]
fn teams_load_from_config() {
    let s = config(
        "[teams.claims-ml]\nexecution_role = \"arn:aws:iam::123456789012:role/x\"\n\
         security_groups = [\"sg-0a1b2c3d\"]\ntags = { CostCentre = \"CC-1\" }\n\
         idle_timeout_minutes = 90\n",
    )
    .unwrap();
    let t = &s.teams["claims-ml"];
    assert_eq!(t.security_groups, ["sg-0a1b2c3d"]);
    assert_eq!(t.tags["CostCentre"], "CC-1");
    assert_eq!(t.idle_timeout_minutes, Some(90));
    assert!(Settings::builtin().unwrap().teams.is_empty());
}

#[test]
fn bad_team_is_a_config_error_at_its_line() {
    let err = config(
        "[general]\nread_only = false\n\n[teams.claims-ml]\n\
         execution_role = \"arn:aws:iam::123456789012:role/x\"\nidle_timeout_minutes = 5\n",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "/etc/dsadmin.toml:6:1: team 'claims-ml': idle timeout 5 minutes: must be 60–525600 \
         minutes (teams.claims-ml.idle_timeout_minutes)"
    );
    let err = config("[teams.x]\nexecution_role = \"arn:aws:iam::1:role/x\"\n").unwrap_err();
    assert!(
        err.starts_with("/etc/dsadmin.toml:2:1: team 'x': execution role"),
        "{err}"
    );
    let err = config("[teams.x]\nsecurity_groups = []\n").unwrap_err();
    assert!(err.contains("missing field `execution_role`"), "{err}");
}

#[test]
fn commented_example_teams_in_the_default_config_are_valid() {
    // Uncomment the example block: what the reference shows must load.
    let example: String = dsadmin::settings::DEFAULT_CONFIG
        .lines()
        .skip_while(|l| !l.starts_with("#   [teams."))
        .take_while(|l| l.starts_with("#  ") || *l == "#")
        .map(|l| l.trim_start_matches('#').trim_start())
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let s = config(&example).unwrap();
    assert_eq!(
        s.teams.keys().collect::<Vec<_>>(),
        ["claims-ml", "fraud-analytics"]
    );
    assert_eq!(s.teams["fraud-analytics"].idle_timeout_minutes, Some(120));
}

// ---------------------------------------------------------- property tests

fn valid_name() -> impl Strategy<Value = String> {
    // [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}, cut to 63 characters on a letter.
    (
        "[a-zA-Z0-9]",
        prop::collection::vec(("-{0,3}", "[a-zA-Z0-9]"), 0..40),
    )
        .prop_map(|(first, rest)| {
            let mut s = first;
            for (hyphens, c) in rest {
                if s.len() + hyphens.len() + 1 > 63 {
                    break;
                }
                s.push_str(&hyphens);
                s.push_str(&c);
            }
            s
        })
}

fn valid_role() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "-cn", "-us-gov", "-iso-b"]),
        "[0-9]{12}",
        "(/[a-zA-Z0-9_+=,.@-]{1,20}){0,3}",
        "[a-zA-Z0-9_+=,.@-]{1,64}",
    )
        .prop_map(|(p, acct, path, name)| format!("arn:aws{p}:iam::{acct}:role{path}/{name}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_valid_names_pass(name in valid_name()) {
        prop_assert!(validate::user_name(&name).is_ok(), "{}", name);
    }

    #[test]
    fn any_string_is_judged_without_panic(name in any::<String>()) {
        match validate::user_name(&name) {
            Ok(()) => {
                prop_assert!(!name.is_empty() && name.len() <= 63);
                prop_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
                prop_assert!(!name.starts_with('-') && !name.ends_with('-'));
            }
            Err(e) => {
                prop_assert_eq!(e.field, Field::UserName);
                prop_assert!(e.message.starts_with("user name '"), "{}", e.message);
                prop_assert!(e.message.contains("1–63 characters"), "{}", e.message);
            }
        }
    }

    #[test]
    fn name_like_strings_match_the_rule(name in "[a-zA-Z0-9_-]{0,70}") {
        let by_rule = !name.is_empty()
            && name.len() <= 63
            && !name.contains('_')
            && !name.starts_with('-')
            && !name.ends_with('-');
        prop_assert_eq!(validate::user_name(&name).is_ok(), by_rule, "{}", name);
    }

    #[test]
    fn generated_roles_pass(arn in valid_role()) {
        prop_assert!(validate::execution_role(&arn).is_ok(), "{}", arn);
    }

    #[test]
    fn any_role_string_is_judged_without_panic(arn in "(arn:aws[a-z-]{0,4}:iam::[0-9]{10,13}:role/)?.{0,40}") {
        if let Err(e) = validate::execution_role(&arn) {
            prop_assert_eq!(e.field, Field::ExecutionRole);
            prop_assert!(e.message.contains("must look like arn:aws:iam::"), "{}", e.message);
        }
    }

    #[test]
    fn tag_counts_around_fifty(n in 40usize..60, propagate in any::<bool>(), domain_tags in 0usize..6) {
        let mut d = domains()[0].clone();
        if let Detail::Known(s) = &mut d.settings {
            s.tag_propagation = Some(if propagate { "ENABLED" } else { "DISABLED" }.into());
        }
        d.tags = Detail::Known((0..domain_tags).map(|i| Tag::new(format!("d{i}"), "v")).collect());
        let tags: Vec<Tag> = (0..n).map(|i| Tag::new(format!("k{i}"), "v")).collect();
        let total = n + if propagate { domain_tags } else { 0 };
        let result = validate::tags(&tags, Some(&d));
        prop_assert_eq!(result.is_ok(), total <= 50);
        if let Err(e) = result {
            prop_assert!(e.message.starts_with(&format!("{total} tags")), "{}", e.message);
            prop_assert!(e.message.contains("at most 50"));
        }
    }

    #[test]
    fn arbitrary_tags_never_panic(tags in prop::collection::vec((".{0,140}", ".{0,270}"), 0..55)) {
        let tags: Vec<Tag> = tags.into_iter().map(|(k, v)| Tag::new(k, v)).collect();
        if let Err(e) = validate::tags(&tags, Some(&domains()[0])) {
            prop_assert_eq!(e.field, Field::Tags);
            prop_assert!(e.message.contains("tag"), "{}", e.message);
        }
    }

    #[test]
    fn random_events_never_panic_and_esc_never_creates(events in prop::collection::vec(event(), 0..80)) {
        let mut w = wizard();
        let mut created = 0;
        for ev in events {
            let before_creating = matches!(
                w.step(),
                Step::Domain | Step::Team | Step::UserName | Step::SsoUser | Step::Review
            );
            let is_esc = ev == WizardEvent::Esc;
            let effects = w.handle(ev);
            if is_esc && before_creating {
                prop_assert_eq!(&effects, &vec![WizardEffect::Close]);
                prop_assert!(!w.create_sent());
            }
            for e in &effects {
                if let WizardEffect::CreateUserProfile(req) = e {
                    created += 1;
                    // Only requests that pass every rule are ever sent.
                    let d = domains().into_iter().find(|d| d.id == req.domain_id).unwrap();
                    prop_assert!(validate::request(req, &d, &existing()).is_empty());
                }
            }
        }
        prop_assert!(created <= 1, "one wizard sends at most one create");
    }

    #[test]
    fn arbitrary_csv_never_panics(text in "(([a-zA-Z0-9_\" ,#-]{0,30})\n){0,12}") {
        let with_header = format!("user,team,domain\n{text}");
        let plan = batch::plan(&with_header, &domains(), &existing(), &teams()).unwrap();
        for row in &plan {
            prop_assert!(row.line >= 2);
            if let RowAction::Invalid { reason } = &row.action {
                prop_assert!(!reason.is_empty());
            }
        }
        let _ = batch::plan(&text, &domains(), &existing(), &teams());
    }
}
