//! The real binary in a real terminal: tmux runs `dsadmin --demo`, we type with
//! send-keys and read the screen with capture-pane, then check it exited cleanly.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("tmux is required for this test (apt-get install tmux): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Session {
    name: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .output();
    }
}

impl Session {
    fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        tmux(&args);
    }

    /// Waits until the screen contains `text`, or fails showing the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(s) = std::fs::read_to_string(path) {
            if !s.is_empty() {
                return s;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the binary did not exit: {} never appeared", path.display());
}

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
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "160",
        "-y",
        "45",
        &cmd,
    ]);
    let s = Session { name };

    let screen = s.wait_for("Users [");
    assert!(screen.contains("DEMO"), "{screen}");
    assert!(
        screen.contains("account 123456789012") || screen.contains("123456789012"),
        "{screen}"
    );

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
