//! Logging goes to a file, never to the terminal the TUI owns.

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
    // 0600 in a 0700 directory: the log names accounts and roles.
    let file = crate::private_file::open_append(&path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    let filter = EnvFilter::new(format!("dsadmin={level},warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(Sanitized(file)))
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "dsadmin started");
    Ok(())
}

/// The log file, with every record passed through the one sanitiser: an
/// error message from AWS that carries escape sequences must not run in
/// the terminal of whoever later reads the log with `cat` or `tail -f`.
struct Sanitized<W>(W);

impl<W: std::io::Write> std::io::Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // tracing writes one formatted record per call.
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(crate::sanitize::lines(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    #[test]
    fn log_records_keep_their_lines_and_lose_their_escapes() {
        let mut log = super::Sanitized(Vec::new());
        log.write_all(b"WARN load failed: \x1b]0;owned\x07 denied\n")
            .unwrap_or_default();
        let written = String::from_utf8(log.0).unwrap_or_default();
        assert_eq!(written, "WARN load failed: ^[]0;owned^G denied\n");
    }
}
