//! How long-running operations wait: the pause between status checks and
//! how many checks before giving up. Injectable so tests run with no pause.

use std::time::Duration;

use super::onboard::MAX_POLLS;

/// The pause between status checks and their maximum number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    pub interval: Duration,
    pub max_polls: u32,
}

impl Polling {
    /// `interval` between checks, at most [`MAX_POLLS`] of them.
    pub fn every(interval: Duration) -> Self {
        Self {
            interval,
            max_polls: MAX_POLLS,
        }
    }

    /// No pause at all: the demo estate and tests, where states advance per
    /// check rather than with time.
    pub fn immediate() -> Self {
        Self::every(Duration::ZERO)
    }

    /// Waits one interval (nothing when it is zero).
    pub async fn pause(&self) {
        if !self.interval.is_zero() {
            tokio::time::sleep(self.interval).await;
        }
    }
}

impl Default for Polling {
    /// Every 5 s: SageMaker takes tens of seconds to create or delete.
    fn default() -> Self {
        Self::every(Duration::from_secs(5))
    }
}
