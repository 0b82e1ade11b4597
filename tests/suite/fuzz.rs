//! Generated bad input for every parser that takes what a person or a file
//! gives dsadmin: 10,000 cases each. None may panic, and every refusal
//! names what it refuses (the field, the argument, the file and key), so
//! the person can fix it without reading the code.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::collections::BTreeMap;
use std::path::Path;

use clap::Parser;
use proptest::prelude::*;

use dsadmin::cli::args::Cli;
use dsadmin::model::{S3Location, Tag};
use dsadmin::ops::op::Op;
use dsadmin::ops::validate::{self, Field};
use dsadmin::ops::{batch, traffic};
use dsadmin::settings::{Settings, SettingsError};

const CASES: u32 = 10_000;

/// Text with the characters that break parsers: separators, quotes,
/// controls, escapes, non-ASCII and bidi overrides.
fn nasty(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[a-zA-Z0-9]",
            2 => prop::sample::select(vec![
                "-", "_", ".", "/", ":", "=", ",", "\"", "'", "#", " ", "\t", "\n", "\r",
                "\\", "*", "[", "]", "{", "}", "\u{1b}", "\u{7}", "\u{0}", "\u{202e}",
                "é", "ß", "漢", "🙂", "\u{feff}",
            ])
            .prop_map(str::to_owned),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn user_names(name in nasty(80)) {
        if let Err(e) = validate::user_name(&name) {
            prop_assert_eq!(e.field, Field::UserName);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn execution_role_arns(
        arn in prop_oneof![
            nasty(120),
            ("arn:aws[a-z-]{0,4}:iam::", "[0-9]{0,14}", ":role/", nasty(70))
                .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}")),
        ]
    ) {
        if let Err(e) = validate::execution_role(&arn) {
            prop_assert_eq!(e.field, Field::ExecutionRole);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn tag_sets(tags in prop::collection::vec((nasty(132), nasty(262)), 0..6)) {
        // Lengths around the 128/256 limits; the count limit (50) has its
        // own property in onboarding.rs.
        let tags: Vec<Tag> = tags.into_iter().map(|(k, v)| Tag::new(k, v)).collect();
        if let Err(e) = validate::tags(&tags, None) {
            prop_assert_eq!(e.field, Field::Tags);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn csv_rows(
        rows in prop::collection::vec(
            prop::collection::vec(nasty(24), 0..6).prop_map(|f| f.join(",")),
            0..8,
        ),
        header in prop::sample::select(vec![
            "user,team,domain", "user,team,domain,sso_user", "team,user", "", "user",
        ]),
    ) {
        let text = format!("{header}\n{}", rows.join("\n"));
        let teams = BTreeMap::from([(
            "claims-ml".to_owned(),
            dsadmin::ops::teams::TeamSettings::new("arn:aws:iam::123456789012:role/ds-claims"),
        )]);
        match batch::plan(&text, &[], &[], &teams) {
            Ok(rows) => {
                for row in &rows {
                    // Each refused row says why, on its own line number.
                    if let batch::RowAction::Invalid { reason } = &row.action {
                        prop_assert!(row.line >= 2, "{:?}", row);
                        prop_assert!(!reason.trim().is_empty(), "{:?}", row);
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        for line in text.lines() {
            if let Err(e) = batch::split_line(line) {
                prop_assert!(!e.is_empty());
            }
        }
    }

    #[test]
    fn config_files(
        entries in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "general", "presign", "teams.claims-ml", "git", "governance", "costs",
                    "audit", "theme", "keymap", "nonsense",
                ]),
                prop::sample::select(vec![
                    "read_only", "default_tab", "log_level", "expires_in_seconds",
                    "session_expiration_seconds", "execution_role", "security_groups",
                    "tags", "idle_timeout_minutes", "repository", "branch", "script_path",
                    "idle_limit_minutes", "required_tags", "app_idle_hours", "path",
                    "start", "surprise",
                ]),
                prop_oneof![
                    nasty(30).prop_map(|s| toml_string(&s)),
                    any::<i64>().prop_map(|n| n.to_string()),
                    any::<bool>().prop_map(|b| b.to_string()),
                    prop::collection::vec(nasty(12), 0..4)
                        .prop_map(|v| format!("[{}]", v.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "))),
                    nasty(20),
                ],
            ),
            0..8,
        )
    ) {
        let mut text = String::new();
        for (section, key, value) in &entries {
            text.push_str(&format!("[{section}]\n{key} = {value}\n"));
        }
        let path = Path::new("/etc/dsadmin/fuzz.toml");
        match Settings::from_str(&text, path) {
            Ok(_) => {}
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(shown.starts_with("/etc/dsadmin/fuzz.toml"), "{shown}");
                if let SettingsError::Invalid { location, key, .. } = &e {
                    // Where to look: a line, a key, or both.
                    prop_assert!(location.is_some() || key.is_some(), "{shown}\n---\n{text}");
                }
            }
        }
    }

    #[test]
    fn command_lines(
        args in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(vec![
                    "get", "jobs", "users", "runs", "check", "costs", "glue", "start-run",
                    "stop-run", "push", "diff", "crawler", "start", "ecr", "scan", "endpoint",
                    "shift", "package", "approve", "origin", "onboard", "offboard", "presign",
                    "--demo", "--read-only", "--yes", "-o", "json", "--job", "--endpoint-url",
                    "--timeout", "--poll-interval", "--profile", "--region", "--output",
                    "--publish", "--upstream", "--expected-status", "--file", "--", "-",
                ])
                .prop_map(str::to_owned),
                1 => nasty(20),
            ],
            0..8,
        )
    ) {
        let argv = std::iter::once("dsadmin".to_owned()).chain(args.clone());
        if let Err(e) = Cli::try_parse_from(argv) {
            let shown = e.to_string();
            prop_assert!(!shown.trim().is_empty());
            prop_assert!(matches!(e.exit_code(), 0 | 2), "{args:?}: {shown}");
        }
    }

    #[test]
    fn weights(arg in nasty(30)) {
        if let Err(e) = traffic::parse_weight(&arg) {
            prop_assert!(
                e.contains("VARIANT=WEIGHT") || e.contains("variant") || e.contains("weight"),
                "{e}"
            );
        }
    }

    #[test]
    fn day_two_names(a in nasty(300), b in nasty(80)) {
        for (op, field) in [
            (Op::StartJobRun { job: a.clone() }, "Glue job name"),
            (Op::StopJobRun { job: "etl".into(), run_id: b.clone() }, "job run id"),
            (Op::StartCrawler { name: a.clone() }, "crawler name"),
            (Op::StartImageScan { repository: a.clone(), image: "v1".into() }, "ECR repository name"),
            (Op::StartImageScan { repository: "ds/base".into(), image: b.clone() }, "image"),
        ] {
            if let Err(e) = op.check_names() {
                let shown = e.to_string();
                prop_assert!(shown.contains(field), "{field}: {shown}");
            }
        }
    }

    #[test]
    fn s3_locations(uri in prop_oneof![
        nasty(60),
        ("s3[an]?://", nasty(30)).prop_map(|(p, r)| format!("{p}{r}")),
    ]) {
        match S3Location::parse(&uri) {
            Ok(loc) => prop_assert!(!loc.bucket.is_empty() && !loc.key.is_empty()),
            Err(e) => prop_assert!(e.contains("s3://"), "{e}"),
        }
    }
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}
