//! Hostile text, closed pipes, bad endpoints and files that are not what
//! they seem, through the real binary: nothing from AWS reaches the
//! terminal as a control sequence, a closed stdout ends quietly, an empty
//! endpoint never falls back to AWS, and the log and journal are private.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use common::cli::{code, stderr, stdout, Env};
use common::moto::{self, REGION};

/// OSC 52 (writes the clipboard), a screen clear, a title change and a
/// right-to-left override: what a careful attacker puts in a description.
const HOSTILE: &str = "etl \u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}]0;owned\u{7} \u{202e}gpj.exe";

/// A Glue job whose description and tag carry [`HOSTILE`].
async fn create_hostile_job(m: &moto::MotoGuard) {
    m.glue()
        .await
        .create_job()
        .name("etl-hostile")
        .role(moto::GLUE_ROLE)
        .command(
            aws_sdk_glue::types::JobCommand::builder()
                .name("glueetl")
                .script_location("s3://ds-glue-scripts/etl-hostile.py")
                .build(),
        )
        .description(HOSTILE)
        .tags("TeamName", HOSTILE)
        .send()
        .await
        .unwrap();
}

fn dsadmin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dsadmin"));
    c.stdin(Stdio::null());
    c
}

/// No escape, bell, DEL or C1 control in `bytes`, and no bidi override.
fn assert_inert(what: &str, bytes: &[u8]) {
    assert_clean(what, bytes, true);
}

/// As [`assert_inert`]; JSON (`bidi_too` false) keeps exact values, so a
/// bidi override in a name stays in it, escaped or not.
fn assert_clean(what: &str, bytes: &[u8], bidi_too: bool) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| {
            matches!(c, '\u{1b}' | '\u{7}' | '\u{7f}' | '\u{80}'..='\u{9f}')
                || (bidi_too && matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what} passes {bad:?} to the terminal:\n{text}"
    );
}

#[tokio::test]
async fn escape_sequences_from_aws_are_shown_never_sent() {
    let m = moto::guard();
    create_hostile_job(&m).await;
    let endpoint = m.endpoint();
    let aws = ["--endpoint-url", endpoint.as_str(), "--region", REGION];

    // A table: every cell through the sanitiser, the escapes visible.
    let o = dsadmin().args(["get", "jobs"]).args(aws).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_inert("get jobs", &o.stdout);
    assert!(stdout(&o).contains("etl-hostile"), "{}", stdout(&o));

    // JSON keeps the exact values, escaped by JSON itself.
    let o = dsadmin()
        .args(["get", "jobs", "-o", "json"])
        .args(aws)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_clean("get jobs -o json", &o.stdout, false);
    let jobs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = jobs.to_string();
    assert!(text.contains("\\u001b]52"), "{text}");

    // An error naming what was asked for (here the operator's own input)
    // reaches stderr inert too.
    let o = dsadmin()
        .args(["get", "runs", "--job", "\u{1b}[2Jnope"])
        .args(aws)
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_inert("the usage error", &o.stderr);
    assert!(stderr(&o).contains("^[[2Jnope"), "{}", stderr(&o));
}

/// A pipe whose reader is gone before the child writes a byte: the
/// child's first write gets EPIPE, whatever its output's size.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just returned by pipe(2) and are owned here.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

/// A reader that goes away (`| head -1`) ends the command quietly: the
/// same status as with the whole output read (0, or `check`'s verdict,
/// which a closed pipe must not turn into a pass), and no panic or pipe
/// error on stderr.
#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let commands: [&[&str]; 5] = [
        &["completions", "bash"],
        &["--demo", "get", "jobs"],
        &["--demo", "glue", "diff", "claims-ingest-daily"],
        &["--demo", "costs"],
        &["--demo", "check", "--fail-on", "critical"],
    ];
    for args in commands {
        let read = dsadmin().args(args).output().unwrap();
        let closed = dsadmin()
            .args(args)
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(code(&closed), code(&read), "{args:?}: {}", stderr(&closed));
        let err = stderr(&closed);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn an_empty_or_bad_endpoint_stops_before_any_call() {
    let env = Env::new("");
    for (args, wanted) in [
        (
            vec!["get", "domains", "--endpoint-url", ""],
            "--endpoint-url is empty",
        ),
        (
            vec!["glue", "start-run", "etl", "--yes", "--endpoint-url", ""],
            "--endpoint-url is empty",
        ),
        (
            vec!["get", "jobs", "--endpoint-url", "localhost:5000"],
            "not an http(s) URL",
        ),
    ] {
        let o = env.run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(wanted), "{args:?}: {}", stderr(&o));
    }
    // The variable the SDK would read, set but empty (an unset variable in
    // a script's `export`).
    let o = dsadmin()
        .args(["get", "domains", "--config"])
        .arg(&env.config)
        .env("AWS_ENDPOINT_URL", "")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("AWS_ENDPOINT_URL is empty"),
        "{}",
        stderr(&o)
    );
    assert!(env.journal().is_empty(), "nothing was attempted");
}

#[tokio::test]
async fn costs_fails_when_its_lists_cannot_be_read() {
    let m = moto::guard();
    let (key_id, secret) = m.iam_user("no-rights", None);
    moto::write_credentials(&[("no-rights", &key_id, &secret)]);
    m.reset_auth(true);
    let endpoint = m.endpoint();
    let o = dsadmin()
        .args(["costs", "--profile", "no-rights", "--endpoint-url"])
        .arg(&endpoint)
        .args(["--region", REGION])
        .output()
        .unwrap();
    m.reset_auth(false);
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("incomplete: "), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("could not be read: the report is incomplete"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_log_is_private_and_never_written_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("state/dsadmin/dsadmin.log");
    let o = dsadmin()
        .args(["--demo", "--log-file"])
        .arg(&log)
        .args(["get", "domains"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(log.parent().unwrap()), 0o700);

    // A link at the log's path: the command runs, says why there is no
    // log, and the link's target is untouched.
    let target = dir.path().join("precious");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("link.log");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = dsadmin()
        .args(["--demo", "--log-file"])
        .arg(&link)
        .args(["get", "domains"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

#[test]
fn the_journal_refuses_a_link_and_nothing_is_attempted() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("precious");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("audit.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[audit]\npath = {}\n",
            common::cli::toml_string(&link.display().to_string())
        ),
    )
    .unwrap();
    let o = dsadmin()
        .args([
            "--demo",
            "glue",
            "start-run",
            "claims-notes-redaction",
            "--yes",
            "--config",
        ])
        .arg(&config)
        .output()
        .unwrap();
    // Opening the journal is the first step of every change: it stops here.
    assert_ne!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("started run"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

/// What the TUI draws from hostile text: a table row (an error's message,
/// as a server sent it), a describe view and a confirmation's request.
/// No cell of the screen holds an escape, bell or bidi override.
#[test]
fn the_tui_draws_hostile_text_inert() {
    use dsadmin::tui::pane::{Detail, Pane};
    use dsadmin::tui::views::errors::ErrorRecord;
    use dsadmin::tui::widgets::confirm::ConfirmDialog;
    use dsadmin::tui::widgets::detail::DetailPane;
    use dsadmin::tui::widgets::table::ListPane;

    let theme = dsadmin::settings::Settings::builtin().unwrap().theme;
    let ctx = dsadmin::tui::widgets::DrawCtx {
        theme: &theme,
        now: common::anchor(),
        spinner: ' ',
    };
    let screen = |draw: &mut dyn FnMut(&mut ratatui::Frame)| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 20)).unwrap();
        terminal.draw(|f| draw(f)).unwrap();
        common::buffer_text(terminal.backend().buffer())
    };
    let mut table = ListPane::with_rows(
        1,
        "errors".into(),
        vec![ErrorRecord {
            at: common::anchor(),
            place: "Glue Jobs".into(),
            code: "AccessDenied".into(),
            message: HOSTILE.into(),
        }],
    );
    let text = screen(&mut |f| table.draw(f, f.area(), &ctx));
    assert_inert("the errors table", text.as_bytes());
    assert!(text.contains("^[]52;c;"), "{text}");

    let mut detail = DetailPane::new(
        2,
        Detail {
            name: "etl".into(),
            title: "Glue job etl".into(),
            fields: vec![("Description", HOSTILE.into())],
            tags: vec![dsadmin::model::Tag {
                key: "TeamName".into(),
                value: HOSTILE.into(),
            }],
        },
    );
    let text = screen(&mut |f| detail.draw(f, f.area(), &ctx));
    assert_inert("the describe view", text.as_bytes());

    let dialog = ConfirmDialog::new(
        format!("Start a run of {HOSTILE}?"),
        "glue:StartJobRun",
        vec![("JobName".into(), HOSTILE.into())],
    );
    let text = screen(&mut |f| dialog.draw(f, f.area(), &theme));
    assert_inert("the confirmation", text.as_bytes());
}

/// The TUI through a real terminal: tmux copies every byte dsadmin writes
/// to its pty into a file (`pipe-pane`), while the Jobs tab and the
/// describe view show a job whose description and tag carry OSC 52, a
/// screen clear, a title change and a bidi override. The screen shows them
/// as text; the bytes never carry them.
#[tokio::test]
async fn the_tui_never_writes_aws_escapes_to_the_pty() {
    use common::tmux::{tmux, Session};
    let m = moto::guard();
    create_hostile_job(&m).await;
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("pty.bin");
    let env = moto::test_env();
    let name = format!("dsadmin-hostile-{}", std::process::id());
    // A second's pause so pipe-pane is attached before the first draw.
    let cmd = format!(
        "sleep 1; XDG_CONFIG_HOME={d} XDG_STATE_HOME={d} AWS_CONFIG_FILE={env}/config \
         AWS_SHARED_CREDENTIALS_FILE={env}/credentials AWS_EC2_METADATA_DISABLED=true \
         {bin} --endpoint-url {url} --region {REGION}",
        d = dir.path().display(),
        env = env.display(),
        bin = env!("CARGO_BIN_EXE_dsadmin"),
        url = m.endpoint(),
    );
    let s = Session::start(name.clone(), &cmd);
    tmux(&[
        "pipe-pane",
        "-t",
        &name,
        "-o",
        &format!("cat >> {}", raw.display()),
    ]);
    s.wait_for("Users [");
    s.send(&["3"]);
    s.wait_for("etl-hostile");
    s.send(&["d"]);
    let screen = s.wait_for("Description");
    assert!(
        screen.contains("^[]52;c;ZXZpbA=="),
        "shown as text:\n{screen}"
    );
    s.send(&["q"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let bytes = std::fs::read(&raw).unwrap();
    assert!(
        bytes.len() > 1000,
        "pipe-pane saw the drawing: {} bytes",
        bytes.len()
    );
    let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The capture holds the data as drawn, so its absence below means
    // something: the escapes arrived as visible text.
    assert!(
        find(b"^[]52;c;ZXZpbA=="),
        "the drawn description is in the capture"
    );
    for (what, needle) in [
        ("OSC 52 clipboard write", &b"\x1b]52;c;ZXZpbA=="[..]),
        ("title change", &b"\x1b]0;owned"[..]),
        ("right-to-left override", "\u{202e}".as_bytes()),
    ] {
        assert!(!find(needle), "the {what} from AWS reached the pty");
    }
}
