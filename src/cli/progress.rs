//! "Still waiting" lines on stderr: a command whose endpoint has gone
//! silent says, after a few seconds, which call it waits for and where,
//! then again every few seconds until the answer or the timeout comes.
//! Nothing is printed while calls answer promptly.

use std::sync::Once;
use std::time::{Duration, Instant};

use crate::cloud::aws::in_flight;

/// How long a call waits before anyone is told.
const FIRST_AFTER: Duration = Duration::from_secs(5);
/// How often the line repeats while the same wait goes on.
const EVERY: Duration = Duration::from_secs(10);
const TICK: Duration = Duration::from_millis(500);

/// Starts the watcher, once per process; it lives until the process exits.
pub fn watch() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("dsadmin-progress".into())
            .spawn(run);
        if let Err(e) = spawned {
            tracing::warn!("no progress lines for slow calls: {e}");
        }
    });
}

fn run() {
    // The wait told last (by when its call started) and when it was told,
    // so one wait is said every EVERY, not every tick.
    let mut told: Option<(Instant, Instant)> = None;
    loop {
        std::thread::sleep(TICK);
        let Some((call, line)) = in_flight::waiting_line(FIRST_AFTER) else {
            told = None;
            continue;
        };
        let due = told.is_none_or(|(was, at)| was != call || at.elapsed() >= EVERY);
        if due {
            crate::cli::output::warn(&format!("dsadmin: {line}"));
            told = Some((call, Instant::now()));
        }
    }
}
