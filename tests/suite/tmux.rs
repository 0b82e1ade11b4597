//! The real binary in a real terminal: tmux runs `dsadmin --demo`, we type with
//! send-keys and read the screen with capture-pane, then check it exited cleanly.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::tmux::{wait_for_file, Session};

#[test]
fn demo_in_tmux_switch_filter_drill_quit() {
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    let name = format!("dsadmin-test-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_dsadmin");
    // An empty XDG config dir: the test sees the built-in defaults only.
    let cmd = format!(
        "XDG_CONFIG_HOME={cfg} XDG_STATE_HOME={cfg} {bin} --demo; echo $? > {status}",
        cfg = dir.path().display(),
        status = status.display()
    );
    let s = Session::start(name, &cmd);

    s.wait_for("Users [");
    // The header's account arrives with its own (background) call.
    let screen = s.wait_for("account 123456789012");
    assert!(screen.contains("DEMO"), "{screen}");

    s.send(&["3"]);
    s.wait_for("Glue Jobs [");
    s.send(&["/", "c", "l", "a", "i", "m", "s"]);
    let screen = s.wait_for("/claims");
    assert!(screen.contains("claims"), "{screen}");
    s.send(&["Enter"]);
    std::thread::sleep(Duration::from_millis(200));
    s.send(&["Enter"]);
    let screen = s.wait_for("RUN ID");
    assert!(screen.contains("› runs"), "{screen}");
    s.send(&["Escape"]);
    s.wait_for("Glue Jobs [");
    s.send(&["?"]);
    s.wait_for("Help");
    // Esc then q typed in one burst reads as Alt-q (as in any terminal): pause between.
    s.send(&["Escape"]);
    std::thread::sleep(Duration::from_millis(400));
    s.send(&["q"]);
    let code = wait_for_file(&status);
    assert_eq!(code.trim(), "0", "dsadmin exited with {code}");
}

/// Starts `dsadmin --demo EXTRA` in tmux with a config file whose journal is
/// in a temporary directory; returns the session, the journal and the
/// exit-status file.
fn start_demo(dir: &std::path::Path, tag: &str, extra: &str) -> (Session, PathBuf, PathBuf) {
    let status = dir.join("status");
    let journal = dir.join("audit.jsonl");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!("[audit]\npath = \"{}\"\n", journal.display()),
    )
    .unwrap();
    let name = format!("dsadmin-{tag}-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_dsadmin");
    let cmd = format!(
        "XDG_CONFIG_HOME={d} XDG_STATE_HOME={d} {bin} --demo --config {config} {extra}; echo $? > {status}",
        d = dir.display(),
        config = config.display(),
        status = status.display()
    );
    let s = Session::start(name, &cmd);
    s.wait_for("account 123456789012");
    (s, journal, status)
}

/// The crawler row as the screen shows it.
fn crawler_row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start_matches('│').starts_with(name))
        .unwrap_or_else(|| panic!("no row {name}:\n{screen}"))
}

#[test]
fn start_a_crawler_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (s, journal, status) = start_demo(dir.path(), "crawler", "");
    s.send(&["4"]);
    s.wait_for("Crawlers [");
    s.send(&["-l", "/cat-exposure"]);
    s.wait_for("/cat-exposure");
    s.send(&["Enter"]);
    s.wait_for("<t> start");
    s.send(&["t"]);
    let screen = s.wait_for("Start crawler cat-exposure-crawler?");
    assert!(
        screen.contains("glue:StartCrawler  Name=cat-exposure-crawler"),
        "{screen}"
    );
    s.send(&["y"]);
    s.wait_for("started crawler cat-exposure-crawler");
    // The refreshed list may land a moment after the message.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let screen = s.screen();
        if crawler_row(&screen, "cat-exposure-crawler").contains("RUNNING") {
            break;
        }
        assert!(Instant::now() < deadline, "never RUNNING:\n{screen}");
        std::thread::sleep(Duration::from_millis(100));
    }
    s.send(&["q"]);
    assert_eq!(wait_for_file(&status).trim(), "0");
    let records = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(records.lines().count(), 2, "{records}");
    assert!(records.contains("\"succeeded\""), "{records}");
}

#[test]
fn read_only_refuses_a_crawler_start() {
    let dir = tempfile::tempdir().unwrap();
    let (s, journal, status) = start_demo(dir.path(), "readonly", "--read-only");
    let screen = s.wait_for("READ-ONLY");
    assert!(!screen.contains("<t> start"), "{screen}");
    s.send(&["4"]);
    s.wait_for("Crawlers [");
    s.send(&["-l", "/cat-exposure"]);
    s.wait_for("/cat-exposure");
    s.send(&["Enter"]);
    std::thread::sleep(Duration::from_millis(200));
    s.send(&["t"]);
    let screen = s.wait_for("refused glue:StartCrawler on crawler cat-exposure-crawler");
    assert!(screen.contains("the --read-only flag"), "{screen}");
    assert!(!screen.contains("Confirm"), "{screen}");
    assert!(
        crawler_row(&screen, "cat-exposure-crawler").contains("READY"),
        "{screen}"
    );
    s.send(&["q"]);
    assert_eq!(wait_for_file(&status).trim(), "0");
    let records = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(records.lines().count(), 2, "{records}");
    assert!(records.contains("\"refused\""), "{records}");
}

#[test]
fn onboard_a_user_end_to_end_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (s, journal, status) = start_demo(dir.path(), "onboard", "");
    s.send(&["2"]);
    s.wait_for("<o> onboard");
    s.send(&["o"]);
    s.wait_for("1/4 Domain");
    s.send(&["Enter"]);
    s.wait_for("2/4 Team");
    s.send(&["Enter"]);
    s.wait_for("3/4 User name");
    s.send(&["-l", "tmux-newcomer"]);
    s.wait_for("> tmux-newcomer");
    s.send(&["Enter"]);
    let review = s.wait_for("4/4 Review");
    assert!(
        review.contains("\"UserProfileName\": \"tmux-newcomer\""),
        "{review}"
    );
    s.send(&["Enter"]);
    s.wait_for("is InService");
    s.send(&["Escape"]);
    // The wizard closed and the list reloaded: an Escape followed at once
    // by `/` can reach the app as one Alt-/ key.
    s.wait_for("Users [51]");
    s.send(&["-l", "/tmux-newcomer"]);
    let screen = s.wait_for("Users [1/51]");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("tmux-newcomer") && l.contains("InService")),
        "{screen}"
    );
    s.send(&["Escape"]);
    // Escape and q in one read would be Alt-q to the terminal: let the
    // Escape land (the filter clears) before quitting.
    s.wait_for("Users [51]");
    s.send(&["q"]);
    assert_eq!(wait_for_file(&status).trim(), "0");
    let records = std::fs::read_to_string(&journal).unwrap();
    assert!(records.contains("sagemaker:CreateUserProfile"), "{records}");
}

#[test]
fn read_only_refuses_the_onboarding_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let (s, journal, status) = start_demo(dir.path(), "ro-onboard", "--read-only");
    s.wait_for("READ-ONLY");
    s.send(&["2"]);
    let screen = s.wait_for("Users [");
    assert!(!screen.contains("<o> onboard"), "{screen}");
    s.send(&["o"]);
    let screen = s.wait_for("read-only");
    assert!(!screen.contains("Onboard a user"), "{screen}");
    s.send(&[":"]);
    s.send(&["-l", "onboard"]);
    s.send(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    let screen = s.wait_for("read-only");
    assert!(!screen.contains("Onboard a user"), "{screen}");
    s.send(&["q"]);
    assert_eq!(wait_for_file(&status).trim(), "0");
    let records = std::fs::read_to_string(&journal).unwrap();
    assert!(!records.contains("\"succeeded\""), "{records}");
    assert_eq!(records.matches("\"refused\"").count(), 2, "{records}");
}

/// At 80x24 a Domains row that does not fit is cut by dsadmin with `…`,
/// the name column whole (it was clipped silently by the table widget).
#[test]
fn narrow_tables_cut_with_an_ellipsis_and_keep_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _journal, status) = start_demo(dir.path(), "narrow", "");
    s.resize(80, 24);
    s.send(&["1"]);
    let screen = s.wait_for("Domains [3]");
    let row = screen
        .lines()
        .find(|l| l.contains("ds-sandbox"))
        .unwrap_or_else(|| panic!("{screen}"));
    // Each value is whole or ends in `…`, never cut silently.
    let network = row
        .split_whitespace()
        .find(|w| w.starts_with("Public"))
        .unwrap_or_else(|| panic!("{row}"));
    assert!(
        network == "PublicInternetOnly" || network.ends_with('…'),
        "{row}"
    );
    let kms = &row[row.find("none").unwrap_or_else(|| panic!("{row}"))..];
    let head = kms.split('…').next().unwrap_or_default();
    assert!(
        kms.starts_with("none (AWS owned)")
            || (kms.contains('…') && "none (AWS owned)".starts_with(head)),
        "no silent cut: {row}"
    );
    s.send(&["q"]);
    assert_eq!(wait_for_file(&status).trim(), "0");
}
