//! Settings that journal to a file in a test's own directory, what that
//! journal holds, and the footer (hint bar) of a screen: for the tests
//! that drive admin actions from the keyboard.

use std::path::{Path, PathBuf};

use dsadmin::audit::{AuditRecord, Journal};
use dsadmin::settings::Settings;

/// The built-in settings plus `extra`, journaling to `dir/audit.jsonl`.
pub fn settings(dir: &Path, extra: &str) -> (Settings, PathBuf) {
    let journal = dir.join("audit.jsonl");
    let text = format!("{extra}\n[audit]\npath = \"{}\"\n", journal.display());
    let settings = Settings::from_str(&text, &dir.join("config.toml")).unwrap();
    (settings, journal)
}

/// Every record of the journal at `path` (none before the first).
pub fn journal(path: &Path) -> Vec<AuditRecord> {
    if !path.exists() {
        return Vec::new();
    }
    Journal::read_all(path).unwrap()
}

/// The screen's last line: the hint bar.
pub fn footer(screen: &str) -> &str {
    screen.trim_end().lines().last().unwrap_or("")
}
