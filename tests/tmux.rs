//! The real binary in a real terminal: tmux runs `dsadmin --demo`, we type with
//! send-keys and read the screen with capture-pane, then check it exited cleanly.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

mod common;

use std::time::Duration;

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
