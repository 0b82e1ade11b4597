//! How many follow-up calls one service gets at once, adapting to AWS.
//!
//! Each service starts at [`START`] calls in flight. Every [`GROW_AFTER`]
//! answered calls in a row without throttling add one, up to [`CAP`]; a
//! throttled call halves the limit (never below 1). The limit is shared by
//! every list of the session, so the Users tab and `check` running at once
//! do not each think they have the account's rate to themselves. Changes
//! never wait here: they are sent once, as the user asked.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;

/// In flight per service when a session starts.
pub const START: usize = 8;
/// The most in flight per service.
pub const CAP: usize = 32;
/// Answered calls in a row that earn one more slot.
pub const GROW_AFTER: usize = 8;

/// One service's limit and the calls in flight under it.
#[derive(Debug)]
pub struct Adaptive {
    limit: AtomicUsize,
    in_flight: AtomicUsize,
    streak: AtomicUsize,
    freed: Notify,
}

impl Default for Adaptive {
    fn default() -> Self {
        Self::new(START)
    }
}

impl Adaptive {
    pub fn new(start: usize) -> Self {
        Self {
            limit: AtomicUsize::new(start.clamp(1, CAP)),
            in_flight: AtomicUsize::new(0),
            streak: AtomicUsize::new(0),
            freed: Notify::new(),
        }
    }

    /// The limit now.
    pub fn limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed)
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Waits for a slot under the current limit.
    pub async fn acquire(self: &Arc<Self>) -> Slot {
        loop {
            // Registered before the check, so a slot freed in between wakes us.
            let freed = self.freed.notified();
            let now = self.in_flight.load(Ordering::Acquire);
            if now < self.limit()
                && self
                    .in_flight
                    .compare_exchange(now, now + 1, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                return Slot {
                    limiter: Arc::clone(self),
                };
            }
            if now < self.limit() {
                continue; // lost a race for the slot: look again at once
            }
            freed.await;
        }
    }

    /// An answer that was not throttling.
    fn answered(&self) {
        let streak = self.streak.fetch_add(1, Ordering::AcqRel) + 1;
        if streak >= GROW_AFTER {
            self.streak.store(0, Ordering::Release);
            let grown = self
                .limit
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |l| {
                    (l < CAP).then_some(l + 1)
                })
                .is_ok();
            if grown {
                self.freed.notify_one();
            }
        }
    }

    fn throttled(&self) {
        self.streak.store(0, Ordering::Release);
        let _ = self
            .limit
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |l| {
                Some((l / 2).max(1))
            });
    }
}

/// One call's place under a service's limit; dropping it frees the place.
/// Say how the call went with [`Slot::done`] so the limit can adapt.
#[derive(Debug)]
pub struct Slot {
    limiter: Arc<Adaptive>,
}

impl Slot {
    /// The call ended; `throttled` when AWS said slow down.
    pub fn done(self, throttled: bool) {
        if throttled {
            self.limiter.throttled();
        } else {
            self.limiter.answered();
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.limiter.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.limiter.freed.notify_one();
    }
}

/// The limits of one session, one per service (`glue`, `sagemaker` …).
#[derive(Debug, Default)]
pub struct Limits {
    services: Mutex<HashMap<&'static str, Arc<Adaptive>>>,
}

impl Limits {
    pub fn service(&self, name: &'static str) -> Arc<Adaptive> {
        let mut services = self.services.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(services.entry(name).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn grows_while_answered_and_halves_on_throttling() {
        let l = Arc::new(Adaptive::new(START));
        for _ in 0..GROW_AFTER * 4 {
            l.acquire().await.done(false);
        }
        assert_eq!(l.limit(), START + 4);
        l.acquire().await.done(true);
        assert_eq!(l.limit(), (START + 4) / 2);
        for _ in 0..10 {
            l.acquire().await.done(true);
        }
        assert_eq!(l.limit(), 1, "never below one");
        for _ in 0..GROW_AFTER * 100 {
            l.acquire().await.done(false);
        }
        assert_eq!(l.limit(), CAP, "never above the cap");
    }

    #[tokio::test]
    async fn never_more_in_flight_than_the_limit() {
        let l = Arc::new(Adaptive::new(2));
        let a = l.acquire().await;
        let b = l.acquire().await;
        assert_eq!(l.in_flight(), 2);
        let waiter = {
            let l = Arc::clone(&l);
            tokio::spawn(async move { l.acquire().await })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished(), "a third call waits for a slot");
        drop(a);
        let c = waiter.await.unwrap();
        assert_eq!(l.in_flight(), 2);
        drop((b, c));
        assert_eq!(l.in_flight(), 0);
    }
}
