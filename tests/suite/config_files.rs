//! The real binary with valid, broken, missing and odd config files.
//!
//! Contract with `main`: `--print-default-config` prints the embedded
//! defaults and exits 0 without reading any file; otherwise settings are
//! loaded, a broken file prints `dsadmin: {error}` and exits 2, each warning
//! prints `dsadmin: warning: {warning}`; the hidden `--check-config` then
//! prints `config OK: <path or "built-in defaults">` and exits 0 instead of
//! starting the TUI.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;
use std::process::{Command, Output};

use dsadmin::settings::DEFAULT_CONFIG;

fn dsadmin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(args)
        // Keep the developer's own config and AWS settings out of the test.
        .env_remove("DSADMIN_CONFIG")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("HOME", "/nonexistent-dsadmin-test-home")
        .output()
        .expect("run dsadmin")
}

fn check(path: &Path) -> Output {
    dsadmin(&[
        "--config",
        path.to_str().expect("utf-8 temp path"),
        "--check-config",
    ])
}

fn write_config(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).expect("write config");
    (dir, path)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn print_default_config_prints_the_embedded_file() {
    let out = dsadmin(&["--print-default-config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim_end(), DEFAULT_CONFIG.trim_end());
}

#[test]
fn print_default_config_ignores_a_broken_config_file() {
    let (_dir, path) = write_config("[general\n");
    let out = dsadmin(&[
        "--config",
        path.to_str().expect("utf-8 temp path"),
        "--print-default-config",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("[keymap]"));
}

#[test]
fn printed_default_config_is_a_valid_config_file() {
    let out = dsadmin(&["--print-default-config"]);
    let (_dir, path) = write_config(&stdout(&out));
    let out = check(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn valid_file_is_ok() {
    let (_dir, path) = write_config(
        r##"
[general]
read_only = true
default_tab = "jobs"

[theme]
accent = "#ff8000"
muted = "gray"

[keymap]
x = "quit"
q = "none"
"##,
    );
    let out = check(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("config OK"), "{report}");
    assert!(report.contains(&path.display().to_string()), "{report}");
}

#[test]
fn no_config_file_uses_builtin_defaults() {
    let out = dsadmin(&["--check-config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("built-in defaults"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn wrong_type_exits_2_with_file_line_and_problem() {
    let (_dir, path) = write_config("[general]\n# support staff\nread_only = \"yes\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "dsadmin: {}:3:13: invalid type: string \"yes\", expected a boolean (general.read_only)",
            path.display()
        )),
        "{err}"
    );
    assert!(!stdout(&out).contains("config OK"));
}

#[test]
fn toml_syntax_error_exits_2_with_line() {
    let (_dir, path) = write_config("[general]\nread_only = false\n\n[theme\naccent = \"cyan\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:4:", path.display())), "{err}");
}

#[test]
fn bad_colour_exits_2() {
    let (_dir, path) = write_config("[theme]\nok = \"purple\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2:6:", path.display())), "{err}");
    assert!(err.contains("invalid colour \"purple\""), "{err}");
}

#[test]
fn unknown_default_tab_exits_2() {
    let (_dir, path) = write_config("[general]\ndefault_tab = \"costs\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2:15:", path.display())), "{err}");
    assert!(err.contains("costs"), "{err}");
}

#[test]
fn missing_explicit_file_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("does-not-exist.toml");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn unknown_command_and_key_are_warnings_not_errors() {
    let (_dir, path) = write_config(
        "[general]\nshiny = true\n\n[keymap]\nx = \"launch_missiles\"\nhyper-z = \"quit\"\n",
    );
    let out = check(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let file = path.display().to_string();
    assert!(
        err.contains(&format!(
            "dsadmin: warning: {file}:2:1: unknown key \"general.shiny\""
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "dsadmin: warning: {file}:5:1: keymap: unknown command \"launch_missiles\""
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "dsadmin: warning: {file}:6:1: keymap: cannot parse key \"hyper-z\""
        )),
        "{err}"
    );
    assert!(stdout(&out).contains("config OK"));
}

#[test]
fn completions_are_printed() {
    for shell in ["bash", "zsh", "fish"] {
        let out = dsadmin(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("dsadmin"), "{shell}");
    }
}

#[test]
fn version_and_help() {
    let out = dsadmin(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
    let out = dsadmin(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for flag in [
        "--demo",
        "--read-only",
        "--config",
        "--print-default-config",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn presign_defaults_and_overrides() {
    let builtin = dsadmin::settings::Settings::builtin().unwrap();
    assert_eq!(builtin.presign.expires_in_seconds, 60);
    assert_eq!(builtin.presign.session_expiration_seconds, None);
    let s = dsadmin::settings::Settings::from_str(
        "[presign]\nexpires_in_seconds = 300\nsession_expiration_seconds = 1800\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(s.presign.expires_in_seconds, 300);
    assert_eq!(s.presign.session_expiration_seconds, Some(1800));
}

#[test]
fn presign_out_of_range_exits_2_with_line_and_limits() {
    let (_dir, path) = write_config("[presign]\n\nexpires_in_seconds = 600\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(":3:"), "{err}");
    assert!(err.contains("600") && err.contains("5-300"), "{err}");
    assert!(err.contains("presign.expires_in_seconds"), "{err}");
    let (_dir, path) = write_config("[presign]\nsession_expiration_seconds = 60\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("1800-43200"), "{}", stderr(&out));
}

#[test]
fn refresh_seconds_zero_turns_it_off_and_too_long_is_refused() {
    let s = dsadmin::settings::Settings::from_str(
        "[ui]\nrefresh_seconds = 0\n",
        std::path::Path::new("test.toml"),
    )
    .unwrap();
    assert_eq!(s.ui.refresh_seconds, 0);
    assert_eq!(
        dsadmin::settings::Settings::builtin()
            .unwrap()
            .ui
            .refresh_seconds,
        30
    );
    let (_dir, path) = write_config("[ui]\n\nrefresh_seconds = 86400\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(":3:") && err.contains("0-3600"), "{err}");
    assert!(err.contains("ui.refresh_seconds"), "{err}");
}

#[test]
fn git_mappings_are_accepted() {
    let (_dir, path) = write_config(
        "[git]\nrepository = \"/src/glue\"\nbranch = \"release\"\nscript_path = \"jobs/{job}.py\"\n\n\
         [[git.jobs]]\njob = \"claims\"\npath = \"etl/claims.py\"\n\n\
         [[git.jobs]]\njob = \"fraud\"\nrepository = \"~/src/fraud\"\npath = \"main.py\"\nbranch = \"v2\"\n",
    );
    let out = check(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn a_bad_git_mapping_exits_2_at_its_line() {
    let (_dir, path) = write_config(
        "[git]\nrepository = \"/src/glue\"\n\n[[git.jobs]]\njob = \"claims\"\npath = \"etl/claims.py\"\n\n\
         [[git.jobs]]\njob = \"fraud\"\npath = \"../outside.py\"\n",
    );
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:10:1:", path.display())), "{err}");
    assert!(err.contains("git.jobs entry for \"fraud\""), "{err}");
    assert!(err.contains("(git.jobs.1.path)"), "{err}");

    let (_dir, path) = write_config("[git]\nbranch = \"main\"\nscript_path = \"glue/etl.py\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:1:", path.display())), "{err}");
    assert!(err.contains("must contain {job}"), "{err}");

    // A mapped job needs a repository from somewhere.
    let (_dir, path) = write_config("[[git.jobs]]\njob = \"claims\"\npath = \"a.py\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no repository"), "{}", stderr(&out));

    let (_dir, path) = write_config("[[git.jobs]]\njob = \"claims\"\nrepository = \"/r\"\npath = \"a.py\"\nbranch = \"bad name\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:5:1:", path.display())), "{err}");
    assert!(err.contains("(git.jobs.0.branch)"), "{err}");
}

#[test]
fn governance_settings_are_accepted() {
    let (_dir, path) = write_config(
        "[governance]\nidle_limit_minutes = 120\nrequired_tags = [\"TeamName\"]\n\
         allowed_execution_roles = [\"arn:aws:iam::123456789012:role/ds-team-*\"]\n\
         closed_repositories = [\"ds-artifacts/approved-pypi\"]\n\n\
         [governance.rules.endpoint-single-instance]\nenabled = false\n\n\
         [governance.rules.ecr-image-high-findings]\nseverity = \"critical\"\n",
    );
    let out = check(&path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn bad_governance_settings_exit_2_at_their_line() {
    let (_dir, path) = write_config("[governance.rules.domain-not-vpc-onyl]\nenabled = false\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "dsadmin: {}:1:19: unknown rule \"domain-not-vpc-onyl\"; rules: domain-not-vpc-only,",
            path.display()
        )),
        "{err}"
    );
    let (_dir, path) = write_config("[governance.rules.model-no-vpc]\nseverity = \"severe\"\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(":2:12: unknown variant `severe`"), "{err}");
    assert!(
        err.contains("(governance.rules.model-no-vpc.severity)"),
        "{err}"
    );
    let (_dir, path) = write_config("[governance]\n\nidle_limit_minutes = 999999\n");
    let out = check(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(":3:1: 999999 is out of range: idle shutdown is 60-525600 minutes"),
        "{}",
        stderr(&out)
    );
    // `dsadmin check` refuses the same file before any AWS call.
    let out = dsadmin(&["--demo", "--config", path.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
}
