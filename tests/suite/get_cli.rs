//! `dsadmin --demo get …`: the real binary, every kind, both outputs, and the
//! usage errors scripts rely on (exit 2 with the flag and its valid values).
//!
//! The demo estate is anchored at the binary's own clock, so timestamps differ
//! between runs; the tests compare names, counts and orders, never times.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::process::{Command, Output};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use dsadmin::cli::get::{run, GetArgs, Kind, Output as Format};
use dsadmin::cloud::demo::DemoCloud;
use dsadmin::model::{Domain, Endpoint, GlueJob, JobRun, UserProfile};
use dsadmin::rows::jobs::JobRow;
use dsadmin::rows::Row;

fn dsadmin(args: &[&str]) -> Output {
    let state = tempfile::tempdir().unwrap();
    let log = state.path().join("dsadmin.log");
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--demo", "--log-file", log.to_str().unwrap()])
        .args(args)
        // Keep the developer's own config and AWS settings out of the test.
        .env_remove("DSADMIN_CONFIG")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("HOME", state.path())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs `get` and returns its stdout, asserting exit 0 and a quiet stderr.
fn get_ok(args: &[&str]) -> String {
    let mut full = vec!["get"];
    full.extend_from_slice(args);
    let o = dsadmin(&full);
    assert_eq!(
        o.status.code(),
        Some(0),
        "dsadmin {full:?} failed: {}",
        stderr(&o)
    );
    assert_eq!(stderr(&o), "", "dsadmin {full:?}");
    stdout(&o)
}

fn get_json(args: &[&str]) -> Vec<Value> {
    let mut full = args.to_vec();
    full.extend_from_slice(&["--output", "json"]);
    let text = get_ok(&full);
    assert!(text.ends_with("]\n"), "one trailing newline: {text:?}");
    match serde_json::from_str(&text).unwrap() {
        Value::Array(rows) => rows,
        other => panic!("expected an array, got {other}"),
    }
}

/// Runs `get` expecting a usage error; returns stderr.
fn get_usage_error(args: &[&str]) -> String {
    let mut full = vec!["get"];
    full.extend_from_slice(args);
    let o = dsadmin(&full);
    assert_eq!(o.status.code(), Some(2), "dsadmin {full:?}: {}", stderr(&o));
    assert_eq!(stdout(&o), "", "nothing on stdout for {full:?}");
    stderr(&o)
}

/// Header cells of a table: titles are separated by two or more spaces.
fn header(table: &str) -> Vec<String> {
    let first = table.lines().next().unwrap();
    first
        .split("  ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn titles<T: Row>() -> Vec<String> {
    T::columns().iter().map(|c| c.title.to_owned()).collect()
}

/// The titles without `--wide`: the follow-up columns left out.
fn list_titles<T: Row>() -> Vec<String> {
    let mut titles = titles::<T>();
    for &c in T::follow_up_columns().iter().rev() {
        titles.remove(c);
    }
    titles
}

fn field<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

/// Every kind with the narrowing it needs, and the fields its records carry
/// (the documented JSON schema: docs/json.md).
const KINDS: &[(&[&str], &[&str])] = &[
    (
        &["domains"],
        &[
            "id",
            "name",
            "arn",
            "status",
            "url",
            "created",
            "last_modified",
        ],
    ),
    (
        &["domains", "--wide"],
        &[
            "id",
            "name",
            "arn",
            "status",
            "url",
            "created",
            "last_modified",
            "auth_mode",
            "network_mode",
            "kms_key_id",
            "vpc_id",
            "subnet_ids",
            "default_execution_role",
            "space_execution_role",
            "tag_propagation",
            "execution_role_identity",
            "idle_shutdown",
            "space_idle_shutdown",
            "lifecycle_configs",
            "tags",
            "unknown",
        ],
    ),
    (
        &["users"],
        &[
            "domain_id",
            "domain_name",
            "name",
            "arn",
            "status",
            "created",
            "last_modified",
        ],
    ),
    (
        &["users", "--wide"],
        &[
            "domain_id",
            "domain_name",
            "name",
            "arn",
            "status",
            "created",
            "last_modified",
            "execution_role",
            "sso_user",
            "failure_reason",
            "idle_shutdown",
            "lifecycle_configs",
            "apps_running",
            "tags",
            "unknown",
        ],
    ),
    (
        &["apps", "--domain", "ds-prod-secure"],
        &[
            "domain_id",
            "user_profile",
            "space_name",
            "app_type",
            "name",
            "arn",
            "status",
            "instance_type",
            "image_arn",
            "lifecycle_config",
            "created",
            "last_user_activity",
        ],
    ),
    (
        &["spaces", "--domain", "ds-prod-secure"],
        &[
            "domain_id",
            "name",
            "arn",
            "status",
            "owner",
            "sharing",
            "app_type",
            "instance_type",
            "created",
            "last_modified",
        ],
    ),
    (
        &["jobs"],
        &[
            "name",
            "command",
            "glue_version",
            "worker_type",
            "number_of_workers",
            "max_capacity",
            "script_location",
            "role",
            "security_configuration",
            "timeout_minutes",
            "description",
            "created",
            "last_modified",
        ],
    ),
    (
        &["jobs", "--wide"],
        &[
            "name",
            "command",
            "glue_version",
            "worker_type",
            "number_of_workers",
            "max_capacity",
            "script_location",
            "role",
            "security_configuration",
            "timeout_minutes",
            "description",
            "created",
            "last_modified",
            "last_run",
            "tags",
            "git",
            "unknown",
        ],
    ),
    (
        &["runs", "--job", "claims-ingest-daily"],
        &[
            "id",
            "job_name",
            "state",
            "started",
            "completed",
            "execution_secs",
            "dpu_seconds",
            "worker_type",
            "number_of_workers",
            "attempt",
            "trigger",
            "error_message",
        ],
    ),
    (
        &["crawlers"],
        &[
            "name",
            "state",
            "last_crawl_status",
            "last_crawl_started",
            "last_crawl_error",
            "schedule",
            "database",
            "role",
            "targets",
            "created",
            "last_updated",
        ],
    ),
    (
        &["databases"],
        &["name", "description", "location_uri", "created"],
    ),
    (
        &["repositories"],
        &[
            "name",
            "arn",
            "uri",
            "registry_id",
            "tag_mutability",
            "scan_on_push",
            "encryption",
            "kms_key",
            "created",
        ],
    ),
    (
        &["repositories", "--wide"],
        &[
            "name",
            "arn",
            "uri",
            "registry_id",
            "tag_mutability",
            "scan_on_push",
            "encryption",
            "kms_key",
            "created",
            "image_count",
            "tags",
            "unknown",
        ],
    ),
    (
        &["images", "--repository", "sagemaker-custom/claims-nlp"],
        &[
            "repository",
            "digest",
            "tags",
            "pushed",
            "size_bytes",
            "scan_status",
            "findings",
            "previous_findings",
            "last_pulled",
        ],
    ),
    (
        &["artifact-repos"],
        &[
            "domain",
            "domain_owner",
            "name",
            "arn",
            "description",
            "package_count",
        ],
    ),
    (
        &["artifact-repos", "--wide"],
        &[
            "domain",
            "domain_owner",
            "name",
            "arn",
            "description",
            "package_count",
            "upstreams",
            "external_connections",
            "unknown",
        ],
    ),
    (
        &["packages", "--repository", "approved-pypi"],
        &[
            "domain",
            "repository",
            "format",
            "namespace",
            "name",
            "publish",
            "upstream",
            "latest_version",
            "version_count",
        ],
    ),
    (
        &[
            "versions",
            "--repository",
            "ds-artifacts/approved-pypi",
            "--package",
            "numpy",
        ],
        &[
            "package",
            "version",
            "status",
            "origin",
            "published",
            "revision",
        ],
    ),
    (
        &["endpoints"],
        &["name", "arn", "status", "created", "last_modified"],
    ),
    (
        &["endpoints", "--wide"],
        &[
            "name",
            "arn",
            "status",
            "created",
            "last_modified",
            "config_name",
            "variants",
            "data_capture",
            "failure_reason",
            "kms_key_id",
            "tags",
            "unknown",
        ],
    ),
    (
        &["variants", "--endpoint", "claims-fraud-scorer"],
        &[
            "endpoint",
            "name",
            "current_weight",
            "desired_weight",
            "current_instance_count",
            "desired_instance_count",
            "model_name",
            "instance_type",
        ],
    ),
    (
        &["notebooks"],
        &[
            "name",
            "arn",
            "status",
            "instance_type",
            "created",
            "last_modified",
        ],
    ),
    (
        &["notebooks", "--wide"],
        &[
            "name",
            "arn",
            "status",
            "instance_type",
            "direct_internet_access",
            "root_access",
            "subnet_id",
            "security_groups",
            "kms_key_id",
            "role_arn",
            "created",
            "last_modified",
            "unknown",
        ],
    ),
    (
        &["training-jobs"],
        &["name", "arn", "status", "created", "ended"],
    ),
    (
        &["model-groups"],
        &["name", "arn", "description", "status", "created"],
    ),
    (
        &["model-groups", "--wide"],
        &[
            "name",
            "arn",
            "description",
            "status",
            "created",
            "versions",
            "pending",
            "approved",
            "rejected",
            "latest",
            "latest_approved",
            "unknown",
        ],
    ),
    (
        &["model-packages", "--group", "claims-fraud-xgb"],
        &[
            "group",
            "version",
            "arn",
            "status",
            "approval",
            "description",
            "created",
        ],
    ),
    (
        &["model-packages", "--group", "claims-fraud-xgb", "--wide"],
        &[
            "group",
            "version",
            "arn",
            "status",
            "approval",
            "description",
            "created",
            "approval_description",
            "modified_by",
            "modified",
            "created_by",
            "images",
            "artifacts",
            "serving",
            "unknown",
        ],
    ),
    (
        &["training-jobs", "--wide"],
        &[
            "name",
            "arn",
            "status",
            "instance_type",
            "instance_count",
            "in_vpc",
            "inter_container_encryption",
            "managed_spot",
            "billable_secs",
            "training_secs",
            "role_arn",
            "failure_reason",
            "created",
            "ended",
            "unknown",
        ],
    ),
    (
        &["lifecycle-configs"],
        &[
            "name",
            "arn",
            "app_type",
            "created",
            "last_modified",
            "script",
            "attached",
            "attached_unknown",
            "running_apps",
            "problems",
        ],
    ),
    (
        &["idle-shutdown"],
        &[
            "scope",
            "domain",
            "name",
            "app_type",
            "idle_shutdown",
            "set_at",
            "idle_minutes",
            "limit_minutes",
            "past_limit",
            "reasons",
            "unknown",
        ],
    ),
    (
        &["roles"],
        &[
            "name",
            "arn",
            "used_by",
            "teams",
            "attached_policies",
            "inline_policies",
            "policies_unknown",
            "admin_policies",
            "s3_access",
            "problems",
            "missing",
        ],
    ),
];

#[test]
fn every_kind_is_covered() {
    use clap::ValueEnum;
    let covered: Vec<&str> = KINDS.iter().map(|(args, _)| args[0]).collect();
    for kind in Kind::value_variants() {
        assert!(
            covered.contains(&kind.name().as_str()),
            "{} has no test",
            kind.name()
        );
    }
}

#[test]
fn every_kind_as_json_has_exactly_the_documented_fields() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    for (args, fields) in KINDS {
        let rows = get_json(args);
        assert!(!rows.is_empty(), "{args:?} listed nothing");
        for row in &rows {
            let keys: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(&keys, fields, "{args:?}: field names or order changed");
        }
        assert!(
            docs.contains(&format!("## {}", args[0])),
            "docs/json.md has no section for {}",
            args[0]
        );
        for f in *fields {
            assert!(
                docs.contains(&format!("`{f}`")),
                "docs/json.md does not document `{f}` ({})",
                args[0]
            );
        }
    }
}

#[test]
fn every_kind_as_a_table() {
    for (args, _) in KINDS {
        let table = get_ok(args);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines.len() > 1, "{args:?}: no rows:\n{table}");
        assert_eq!(
            lines.len() - 1,
            get_json(args).len(),
            "{args:?}: one line per record"
        );
        for line in &lines {
            assert_eq!(line.trim_end(), *line, "{args:?}: trailing blanks");
            assert!(!line.contains('\x1b'), "{args:?}: colour codes");
        }
    }
}

#[test]
fn tables_use_the_tabs_column_titles() {
    use dsadmin::model::{
        ArtifactRepository, Crawler, EcrRepository, Image, Package, PackageVersion, ProfileItem,
    };
    use dsadmin::rows::endpoints::VariantRow;
    let mut apps = titles::<ProfileItem>();
    apps.push("OWNER".into());
    let cases: Vec<(&[&str], Vec<String>)> = vec![
        (&["domains"], list_titles::<Domain>()),
        (&["domains", "--wide"], titles::<Domain>()),
        (&["users"], list_titles::<UserProfile>()),
        (&["users", "--wide"], titles::<UserProfile>()),
        (&["apps", "--domain", "ds-prod-secure"], apps.clone()),
        (&["spaces", "--domain", "ds-prod-secure"], apps),
        (&["jobs"], list_titles::<GlueJob>()),
        (&["jobs", "--wide"], titles::<JobRow>()),
        (&["jobs", "-o", "wide"], titles::<JobRow>()),
        (
            &["runs", "--job", "claims-ingest-daily"],
            titles::<JobRun>(),
        ),
        (&["crawlers"], titles::<Crawler>()),
        (&["repositories"], list_titles::<EcrRepository>()),
        (&["repositories", "--wide"], titles::<EcrRepository>()),
        (
            &["images", "--repository", "sagemaker-custom/claims-nlp"],
            list_titles::<Image>(),
        ),
        (
            &[
                "images",
                "--repository",
                "sagemaker-custom/claims-nlp",
                "--wide",
            ],
            titles::<Image>(),
        ),
        (&["artifact-repos"], list_titles::<ArtifactRepository>()),
        (
            &["artifact-repos", "--wide"],
            titles::<ArtifactRepository>(),
        ),
        (
            &["packages", "--repository", "approved-pypi"],
            titles::<Package>(),
        ),
        (
            &[
                "versions",
                "--repository",
                "approved-pypi",
                "--package",
                "numpy",
            ],
            titles::<PackageVersion>(),
        ),
        (&["endpoints"], list_titles::<Endpoint>()),
        (&["endpoints", "--wide"], titles::<Endpoint>()),
        (
            &["variants", "--endpoint", "claims-fraud-scorer"],
            titles::<VariantRow>(),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(header(&get_ok(args)), expected, "{args:?}");
    }
}

#[test]
fn demo_counts() {
    assert_eq!(get_json(&["users"]).len(), 50);
    assert_eq!(get_json(&["jobs"]).len(), 27);
    assert_eq!(get_json(&["endpoints"]).len(), 8);
    assert_eq!(get_json(&["domains"]).len(), 3);
}

#[test]
fn runs_are_newest_first() {
    let runs = get_json(&["runs", "--job", "claims-ingest-daily"]);
    assert!(runs.len() > 3);
    let started: Vec<DateTime<Utc>> = runs
        .iter()
        .map(|r| field(r, "started").parse().unwrap())
        .collect();
    assert!(
        started.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {started:?}"
    );
    assert!(runs
        .iter()
        .all(|r| field(r, "job_name") == "claims-ingest-daily"));
}

#[test]
fn narrowing_filters() {
    let prod = get_json(&["users", "--domain", "ds-prod-secure"]);
    assert!(!prod.is_empty() && prod.len() < 50);
    assert!(prod
        .iter()
        .all(|u| field(u, "domain_name") == "ds-prod-secure"));

    let apps = get_json(&[
        "apps",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
    ]);
    assert!(!apps.is_empty());
    assert!(apps
        .iter()
        .all(|a| field(a, "user_profile") == "aisha-demir"));

    // By id, the same domain.
    let id = field(&prod[0], "domain_id").to_owned();
    let by_id = get_json(&["spaces", "--domain", &id]);
    let by_name = get_json(&["spaces", "--domain", "ds-prod-secure"]);
    assert_eq!(by_id.len(), by_name.len());
    assert!(by_id.iter().all(|s| field(s, "domain_id") == id));
}

fn names(rows: &[Value], key: &str) -> Vec<String> {
    rows.iter().map(|r| field(r, key).to_owned()).collect()
}

#[test]
fn singular_forms_and_aliases() {
    let cases: &[(&str, &[&str], &str)] = &[
        ("domains", &["domain"], "id"),
        ("users", &["user", "profiles", "profile"], "arn"),
        ("jobs", &["job"], "name"),
        ("crawlers", &["crawler"], "name"),
        ("databases", &["database", "db"], "name"),
        ("repositories", &["repository", "repos", "repo"], "name"),
        ("artifact-repos", &["artifacts"], "arn"),
        ("endpoints", &["endpoint", "ep"], "name"),
        ("notebooks", &["notebook", "nb"], "name"),
        ("training-jobs", &["training-job", "tj"], "name"),
        ("DOMAINS", &[], "id"),
    ];
    for (kind, aliases, key) in cases {
        let expected = names(&get_json(&[kind]), key);
        for alias in *aliases {
            assert_eq!(names(&get_json(&[alias]), key), expected, "{alias}");
        }
    }
    let pkgs = names(&get_json(&["pkg", "--repository", "approved-pypi"]), "name");
    assert_eq!(
        pkgs,
        names(
            &get_json(&["packages", "--repository", "approved-pypi"]),
            "name"
        )
    );
    let runs = get_json(&["run", "--job", "claims-ingest-daily"]);
    assert_eq!(
        runs.len(),
        get_json(&["runs", "--job", "claims-ingest-daily"]).len()
    );
    assert_eq!(
        get_json(&["image", "--repo", "sagemaker-custom/claims-nlp"]).len(),
        3
    );
    assert_eq!(
        get_json(&["variant", "--endpoint", "claims-fraud-scorer"]).len(),
        2
    );
    assert!(!get_json(&["app", "--domain", "ds-prod-secure"]).is_empty());
    assert!(!get_json(&["space", "--domain", "ds-prod-secure"]).is_empty());
    assert!(!get_json(&[
        "version",
        "--repository",
        "approved-pypi",
        "--package",
        "pypi:numpy"
    ])
    .is_empty());
}

#[test]
fn missing_narrowing_names_the_flag_and_the_values() {
    let cases: &[(&[&str], &str, &[&str])] = &[
        (
            &["apps"],
            "apps needs --domain NAME|ID; domains: ",
            &["ds-prod-secure (d-", "ds-dev-secure", "ds-sandbox"],
        ),
        (
            &["spaces"],
            "spaces needs --domain NAME|ID; domains: ",
            &["ds-prod-secure"],
        ),
        (
            &["runs"],
            "runs needs --job NAME; jobs: ",
            &[
                "cat-exposure-geocode",
                "claims-ingest-daily",
                "`dsadmin get jobs` lists them all",
            ],
        ),
        (
            &["images"],
            "images needs --repository NAME; repositories: ",
            &[
                "sagemaker-custom/claims-nlp",
                "sagemaker-custom/r-tidyverse",
            ],
        ),
        (
            &["packages"],
            "packages needs --repository [DOMAIN/]NAME; repositories: ",
            &["ds-artifacts/approved-pypi", "ds-artifacts/pypi-upstream"],
        ),
        (
            &["versions"],
            "versions needs --repository [DOMAIN/]NAME; repositories: ",
            &["ds-artifacts/approved-pypi"],
        ),
        (
            &["versions", "--repository", "approved-pypi"],
            "versions needs --package NAME; packages in ds-artifacts/approved-pypi: ",
            &["arviz", "boto3"],
        ),
        (
            &["variants"],
            "variants needs --endpoint NAME; endpoints: ",
            &["claims-fraud-scorer", "subrogation-propensity"],
        ),
    ];
    for (args, start, values) in cases {
        let err = get_usage_error(args);
        assert!(
            err.starts_with(&format!("dsadmin: {start}")),
            "{args:?}: {err}"
        );
        for v in *values {
            assert!(err.contains(v), "{args:?} should list {v}: {err}");
        }
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
    }
}

#[test]
fn unknown_narrowing_values_list_the_valid_ones() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["apps", "--domain", "ds-nope"],
            "no SageMaker domain 'ds-nope'; domains: ",
        ),
        (
            &["apps", "--domain", "ds-prod-secure", "--user", "nobody"],
            "no user profile 'nobody' in domain ds-prod-secure; users: ",
        ),
        (&["runs", "--job", "nope"], "no Glue job 'nope'; jobs: "),
        (
            &["images", "--repository", "nope"],
            "no ECR repository 'nope'; repositories: sagemaker-custom/",
        ),
        (
            &["packages", "--repository", "nope"],
            "no CodeArtifact repository 'nope'; repositories: ds-artifacts/approved-pypi",
        ),
        (
            &[
                "versions",
                "--repository",
                "approved-pypi",
                "--package",
                "nope",
            ],
            "no package 'nope'; packages: ",
        ),
        (
            &["variants", "--endpoint", "nope"],
            "no SageMaker endpoint 'nope'; endpoints: claims-fraud-scorer",
        ),
    ];
    for (args, start) in cases {
        let err = get_usage_error(args);
        assert!(
            err.starts_with(&format!("dsadmin: {start}")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn flags_that_do_not_apply_are_refused() {
    let err = get_usage_error(&["crawlers", "--job", "x"]);
    assert_eq!(
        err,
        "dsadmin: --job does not apply to crawlers; it narrows runs\n"
    );
    let err = get_usage_error(&["domains", "--repository", "x"]);
    assert!(
        err.contains("it narrows images, packages, versions"),
        "{err}"
    );
}

#[test]
fn unknown_kind_is_a_usage_error_listing_the_kinds() {
    let err = get_usage_error(&["widgets"]);
    assert!(err.contains("invalid value 'widgets'"), "{err}");
    for kind in ["domains", "users", "runs", "endpoints", "training-jobs"] {
        assert!(err.contains(kind), "{kind} missing from: {err}");
    }
    let err = get_usage_error(&["users", "--output", "yaml"]);
    assert!(err.contains("table") && err.contains("json"), "{err}");
    let err = get_usage_error(&[]);
    assert!(err.contains("<KIND>"), "{err}");
}

#[test]
fn help_lists_the_kinds() {
    let o = dsadmin(&["get", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for text in [
        "--output",
        "--domain",
        "--endpoint",
        "training-jobs",
        "variants",
    ] {
        assert!(help.contains(text), "{text} missing from:\n{help}");
    }
}

// In-process: a frozen clock, so cells can be compared with the TUI's exactly.

fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn args(kind: Kind, output: Format) -> GetArgs {
    GetArgs {
        kind,
        output,
        wide: false,
        domain: None,
        user: None,
        job: None,
        repository: None,
        package: None,
        endpoint: None,
        group: None,
        idle_limit: None,
        require_tag: None,
        accounts: None,
    }
}

async fn run_to_string(args: &GetArgs) -> String {
    let cloud = DemoCloud::cloud(anchor()).unwrap();
    let mut out = Vec::new();
    let git = dsadmin::gitsync::GitSettings::default();
    run(args, &cloud, &git, &mut out, anchor()).await.unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn table_cells_are_the_tabs_cells() {
    let text = run_to_string(&GetArgs {
        wide: true,
        ..args(Kind::Endpoints, Format::Table)
    })
    .await;
    let cloud = DemoCloud::cloud(anchor()).unwrap();
    let endpoints = dsadmin::collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    for e in &endpoints {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", e.name)))
            .unwrap_or_else(|| panic!("{} missing:\n{text}", e.name));
        for col in 0..Endpoint::columns().len() {
            let cell = e.cell(col, anchor());
            assert!(line.contains(cell.as_ref()), "{cell:?} not in {line:?}");
        }
    }
    assert!(text.contains("xgb-v14 70% · lgbm-v3 30%"), "{text}");
}

#[tokio::test]
async fn json_round_trips_into_the_model() {
    let text = run_to_string(&args(Kind::Jobs, Format::Json)).await;
    let jobs: Vec<GlueJob> = serde_json::from_str(&text).unwrap();
    let cloud = DemoCloud::cloud(anchor()).unwrap();
    let mut expected = dsadmin::collect_all!(cloud.glue, list_jobs).unwrap();
    expected.sort_by_key(|j| j.name.to_lowercase());
    assert_eq!(jobs, expected);
}

#[tokio::test]
async fn table_and_json_list_the_same_rows_in_the_same_order() {
    let mut a = args(Kind::Runs, Format::Json);
    a.job = Some("claims-ingest-daily".into());
    let runs: Vec<JobRun> = serde_json::from_str(&run_to_string(&a).await).unwrap();
    a.output = Format::Table;
    let table = run_to_string(&a).await;
    let ids: Vec<&str> = table.lines().skip(1).map(|l| &l[..14]).collect();
    let expected: Vec<&str> = runs.iter().map(|r| &r.id[..14]).collect();
    assert_eq!(ids, expected);
}

/// The real binary against `127.0.0.1:port` with dummy keys and nothing of
/// the developer's own config or profile.
fn against(port: u16, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--region", "eu-west-1", "--endpoint-url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .args(["--log-file", home.path().join("log").to_str().unwrap()])
        .args(args)
        .env_remove("DSADMIN_CONFIG")
        .env_remove("AWS_PROFILE")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap()
}

#[test]
fn cloud_errors_exit_1_with_the_message_on_stderr() {
    // A port nobody listens on: the AWS backend's first call fails fast.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = against(port, &["get", "domains", "-o", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "no partial JSON on stdout");
    let err = stderr(&o);
    assert!(err.starts_with("dsadmin: "), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
}

#[test]
fn a_silent_endpoint_fails_within_the_timeout_and_says_what_it_waits_for() {
    // Accepts connections and never answers: the case no error arrives for.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            held.push(conn);
        }
    });
    let started = std::time::Instant::now();
    let o = against(port, &["--timeout", "7", "get", "jobs"]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let endpoint = format!("http://127.0.0.1:{port}");
    assert!(
        err.contains(&format!("dsadmin: waiting for glue:GetJobs at {endpoint}")),
        "after a few seconds it says what it waits for: {err}"
    );
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("timed out") && last.contains(&endpoint),
        "{err}"
    );
    // Not a timing assertion on the machine's speed: the default would
    // take 120 s, so this only shows the flag is what bounds the wait.
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
}

/// `get jobs --wide` has the tab's GIT column, and each JSON record its
/// `git` state (the demo maps its jobs to local repositories).
#[test]
fn jobs_wide_has_the_git_column() {
    let table = get_ok(&["jobs", "--wide"]);
    let header = table.lines().next().unwrap();
    assert!(header.contains(" GIT "), "{header}");
    assert!(!get_ok(&["jobs"]).lines().next().unwrap().contains(" GIT "));
    let rows = get_json(&["jobs", "--wide"]);
    let states: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["git"]["state"].as_str().unwrap())
        .collect();
    assert!(states.contains("in-sync"), "{states:?}");
    assert!(states.contains("not-mapped"), "{states:?}");
    for r in &rows {
        assert!(
            r["git"]["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{r}"
        );
    }
    // The table's GIT cells say what the JSON says.
    let claims = rows
        .iter()
        .find(|r| r["name"] == "claims-ingest-daily")
        .unwrap();
    let line = table
        .lines()
        .find(|l| l.starts_with("claims-ingest-daily "))
        .unwrap();
    assert!(
        line.contains(claims["git"]["state"].as_str().unwrap()),
        "{line}"
    );
}
