//! `dsadmin onboard`, `offboard`, `presign` and `app delete` through the
//! real binary over the demo estate: results, exit statuses, confirmation,
//! read-only refusals and the journal. Each process starts a fresh demo
//! estate (the in-process rerun that skips is in tests/lifecycle_ops.rs).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
    config: PathBuf,
    journal: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("audit.jsonl");
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[audit]\npath = {}\n\n[teams.claims-ml]\nexecution_role = \"arn:aws:iam::123456789012:role/ds-team-claims-ml-execution\"\nsecurity_groups = [\"sg-0a1b2c3d4e5f60718\"]\n",
                serde_json::to_string(&journal.display().to_string()).unwrap()
            ),
        )
        .unwrap();
        Env {
            dir,
            config,
            journal,
        }
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dsadmin"))
            .args(args)
            .arg("--demo")
            .arg("--config")
            .arg(&self.config)
            .env_remove("DSADMIN_CONFIG")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn journal(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.journal)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// `(action, result)` of every finished record.
    fn outcomes(&self) -> Vec<(String, String)> {
        self.journal()
            .iter()
            .filter(|r| r["phase"] == "finished")
            .map(|r| {
                (
                    r["action"].as_str().unwrap().to_owned(),
                    r["outcome"]["result"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const CSV: &str = "user,team,domain,sso_user\n\
new-analyst,claims-ml,ds-prod-secure,\n\
aisha-demir,claims-ml,ds-prod-secure,\n\
bad_name,claims-ml,ds-prod-secure,\n\
sso-analyst,claims-ml,ds-sandbox,sso.analyst@example.com\n";

#[test]
fn onboard_creates_skips_and_reports_invalid_rows_with_exit_1() {
    let env = Env::new();
    let file = env.file("users.csv", CSV);
    let o = env.run(&["onboard", "--file", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let lines: Vec<String> = out(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 4, "one line per row: {lines:?}");
    assert!(
        lines[0].starts_with(
            "line 2: new-analyst (claims-ml, ds-prod-secure): created arn:aws:sagemaker:"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("skipped: exists as 'aisha-demir'"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("invalid: user name 'bad_name'"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains("sso-analyst") && lines[3].contains("created"),
        "{}",
        lines[3]
    );
    assert!(
        err(&o).contains("2 created, 0 would be created, 1 skipped, 0 failed, 1 invalid"),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("InService (check 2)"),
        "progress: {}",
        err(&o)
    );
    assert_eq!(
        env.outcomes(),
        vec![
            (
                "sagemaker:CreateUserProfile".to_owned(),
                "succeeded".to_owned()
            );
            2
        ]
    );
}

#[test]
fn onboard_dry_run_json_sends_nothing() {
    let env = Env::new();
    let file = env.file("users.csv", "user,team,domain\nnew-analyst,claims-ml,ds-prod-secure\naisha-demir,claims-ml,ds-prod-secure\n");
    let o = env.run(&["onboard", "--file", &file, "--dry-run", "-o", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let rows: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["result"], "would_create");
    assert_eq!(rows[0]["request"]["UserProfileName"], "new-analyst");
    assert_eq!(
        rows[0]["request"]["UserSettings"]["SecurityGroups"][0],
        "sg-0a1b2c3d4e5f60718"
    );
    assert_eq!(rows[1]["result"], "skipped");
    assert!(env.journal().is_empty(), "a dry run changes nothing");
}

#[test]
fn onboard_json_reports_created_and_invalid() {
    let env = Env::new();
    let file = env.file(
        "users.csv",
        "user,team,domain\nnew-analyst,claims-ml,ds-prod-secure\nx,no-such-team,ds-prod-secure\n",
    );
    let o = env.run(&["onboard", "--file", &file, "--yes", "--output", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let rows: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(rows[0]["result"], "created");
    assert!(rows[0]["user_profile_arn"]
        .as_str()
        .unwrap()
        .ends_with("/new-analyst"));
    assert_eq!(rows[1]["result"], "invalid");
    assert!(rows[1]["reason"]
        .as_str()
        .unwrap()
        .contains("unknown team 'no-such-team'"));
}

#[test]
fn onboard_usage_errors_exit_2() {
    let env = Env::new();
    let o = env.run(&["onboard", "--file", "/nonexistent/users.csv", "--yes"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let file = env.file("bad.csv", "user,team\nx,y\n");
    let o = env.run(&["onboard", "--file", &file, "--yes"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("missing column 'domain'"), "{}", err(&o));
    // Creating without --yes and nobody to ask.
    let file = env.file("users.csv", CSV);
    let o = env.run(&["onboard", "--file", &file]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("needs --yes"), "{}", err(&o));
    assert!(env.journal().is_empty());
}

#[test]
fn presign_prints_only_the_url_and_journals_without_it() {
    let env = Env::new();
    let o = env.run(&[
        "presign",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
        "--expires",
        "120",
        "--session",
        "3600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let url = out(&o);
    assert_eq!(url.lines().count(), 1);
    assert!(
        url.starts_with("https://d-w1a33cnfa2zc.studio.eu-west-2.sagemaker.aws/auth?token=demo-"),
        "{url}"
    );
    let text = std::fs::read_to_string(&env.journal).unwrap();
    assert!(!text.contains("token="), "{text}");
    let started = &env.journal()[0];
    assert_eq!(started["parameters"]["expires_in_seconds"], 120);
    assert_eq!(started["parameters"]["session_expiration_seconds"], 3600);
    assert_eq!(
        env.outcomes(),
        vec![(
            "sagemaker:CreatePresignedDomainUrl".to_owned(),
            "succeeded".to_owned()
        )]
    );
}

#[test]
fn presign_refuses_sso_domains_and_bad_limits() {
    let env = Env::new();
    let o = env.run(&["presign", "--domain", "ds-sandbox", "--user", "aisha-demir"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("SSO") && out(&o).is_empty(), "{}", err(&o));
    let o = env.run(&[
        "presign",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
        "--expires",
        "301",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("5-300"), "{}", err(&o));
    assert!(out(&o).is_empty());
}

#[test]
fn offboard_with_yes_deletes_in_order_and_needs_yes_without_a_terminal() {
    let env = Env::new();
    let o = env.run(&[
        "offboard",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        out(&o).contains("EFS"),
        "the plan is shown first: {}",
        out(&o)
    );
    assert!(env.journal().is_empty());

    let o = env.run(&[
        "offboard",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.ends_with("offboarded aisha-demir from d-w1a33cnfa2zc\n"),
        "{text}"
    );
    let actions: Vec<String> = env
        .outcomes()
        .into_iter()
        .map(|(a, r)| {
            assert_eq!(r, "succeeded");
            a
        })
        .collect();
    let rank = |a: &str| match a {
        "sagemaker:DeleteApp" => 0,
        "sagemaker:DeleteSpace" => 1,
        _ => 2,
    };
    assert!(
        actions.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "{actions:?}"
    );
    assert_eq!(
        actions.last().map(String::as_str),
        Some("sagemaker:DeleteUserProfile")
    );
    assert!(actions.iter().any(|a| a == "sagemaker:DeleteSpace"));

    let o = env.run(&[
        "offboard",
        "--domain",
        "ds-prod-secure",
        "--user",
        "no-such-user",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no-such-user"), "{}", err(&o));
}

#[test]
fn app_delete_waits_until_deleted() {
    let env = Env::new();
    let o = env.run(&[
        "app",
        "delete",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
        "--type",
        "JupyterServer",
        "--name",
        "default",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "deleting JupyterServer app default of user aisha-demir in d-w1a33cnfa2zc\n  Deleting\n  Deleted\ndeleted JupyterServer app default of user aisha-demir in d-w1a33cnfa2zc\n"
    );
    assert_eq!(
        env.outcomes(),
        vec![("sagemaker:DeleteApp".to_owned(), "succeeded".to_owned())]
    );
    let o = env.run(&[
        "app",
        "delete",
        "--domain",
        "ds-prod-secure",
        "--user",
        "aisha-demir",
        "--type",
        "Jupyter",
        "--name",
        "default",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("app type \"Jupyter\""), "{}", err(&o));
    let o = env.run(&[
        "app",
        "delete",
        "--domain",
        "ds-prod-secure",
        "--type",
        "JupyterServer",
        "--name",
        "default",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "clap: --user or --space is required"
    );
}

#[test]
fn read_only_refuses_each_command_with_exit_3_and_journals_it() {
    let env = Env::new();
    let file = env.file(
        "users.csv",
        "user,team,domain\nnew-analyst,claims-ml,ds-prod-secure\n",
    );
    let commands: [&[&str]; 4] = [
        &["onboard", "--file", &file, "--yes"],
        &[
            "offboard",
            "--domain",
            "ds-prod-secure",
            "--user",
            "aisha-demir",
            "--yes",
        ],
        &[
            "presign",
            "--domain",
            "ds-prod-secure",
            "--user",
            "aisha-demir",
        ],
        &[
            "app",
            "delete",
            "--domain",
            "ds-prod-secure",
            "--user",
            "aisha-demir",
            "--type",
            "JupyterServer",
            "--name",
            "default",
            "--yes",
        ],
    ];
    for args in commands {
        let mut a = args.to_vec();
        a.push("--read-only");
        let o = env.run(&a);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("read-only"), "{}", err(&o));
        assert!(!out(&o).contains("https://"));
    }
    let outcomes = env.outcomes();
    assert_eq!(
        outcomes,
        [
            "sagemaker:CreateUserProfile",
            "sagemaker:DeleteUserProfile",
            "sagemaker:CreatePresignedDomainUrl",
            "sagemaker:DeleteApp"
        ]
        .map(|a| (a.to_owned(), "refused".to_owned()))
    );
}
