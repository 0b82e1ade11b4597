//! Logging goes to a file, never to the terminal the TUI owns.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::settings::LogLevel;

/// Where the log goes without `--log-file`: `$XDG_STATE_HOME/dsadmin/dsadmin.log`
/// (falling back to the cache dir on platforms without a state dir).
pub fn default_log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "dsadmin")?;
    let dir = dirs.state_dir().unwrap_or(dirs.cache_dir());
    Some(dir.join("dsadmin.log"))
}

/// Starts logging to `path` (or the default path) at `level`.
pub fn init(path: Option<&Path>, level: LogLevel) -> anyhow::Result<()> {
    let Some(path) = path.map(Path::to_path_buf).or_else(default_log_path) else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the log directory {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    let filter = EnvFilter::new(format!("dsadmin={level},warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "dsadmin started");
    Ok(())
}
