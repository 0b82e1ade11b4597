//! Running the dsadmin binary in tests: a temp config whose journal lives
//! next to it, the output, and checks on the journal's records.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A temp dir with a config file whose journal lives inside it.
pub struct Env {
    _dir: tempfile::TempDir,
    pub config: PathBuf,
    pub journal: PathBuf,
}

impl Env {
    /// `extra` is appended to the config file (after `[audit]`, so it must
    /// open its own table).
    pub fn new(extra: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("state").join("audit.jsonl");
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[audit]\npath = {}\n{extra}",
                toml_string(&journal.display().to_string())
            ),
        )
        .unwrap();
        Env {
            _dir: dir,
            config,
            journal,
        }
    }

    /// Runs dsadmin with this config and stdin not a terminal. `args` go
    /// after the subcommand's own, to show the global flags work there too.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dsadmin"))
            .args(args)
            .arg("--config")
            .arg(&self.config)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    pub fn journal(&self) -> Vec<Value> {
        read_journal(&self.journal)
    }
}

pub fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

pub fn read_journal(path: &Path) -> Vec<Value> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

/// Every "started" record has exactly one "finished" record with the same
/// attempt id, after it, and nothing is finished that was not started.
pub fn assert_complete(records: &[Value]) {
    for (i, r) in records.iter().enumerate() {
        let attempt = &r["attempt"];
        let later_finished = records[i + 1..]
            .iter()
            .filter(|x| &x["attempt"] == attempt && x["phase"] == "finished")
            .count();
        let earlier_started = records[..i]
            .iter()
            .filter(|x| &x["attempt"] == attempt && x["phase"] == "started")
            .count();
        match r["phase"].as_str().unwrap() {
            "started" => assert_eq!(later_finished, 1, "{r} has no single finished record"),
            "finished" => assert_eq!(earlier_started, 1, "{r} was never started"),
            other => panic!("unknown phase {other}"),
        }
    }
}

/// The outcome records, in order, as `(action, result)`.
pub fn outcomes(records: &[Value]) -> Vec<(String, String)> {
    records
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
