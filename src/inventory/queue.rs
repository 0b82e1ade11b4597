//! The rows waiting for their follow-ups, in the order to fill them.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

use super::Enrich;

/// Rows in list order, with the keys to take first (the rows in view):
/// `prefer` again when the view scrolls or filters. A list pushes each
/// page as it arrives and closes the queue at its end.
pub struct Queue<T> {
    state: Mutex<State<T>>,
    changed: Notify,
}

struct State<T> {
    order: VecDeque<String>,
    rows: HashMap<String, T>,
    preferred: Vec<String>,
    closed: bool,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                order: VecDeque::new(),
                rows: HashMap::new(),
                preferred: Vec::new(),
                closed: false,
            }),
            changed: Notify::new(),
        }
    }
}

impl<T: Enrich> Queue<T> {
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Rows of one page (a row already waiting is replaced).
    pub fn push(&self, rows: Vec<T>) {
        let mut s = self.state();
        for row in rows {
            let key = row.key();
            if s.rows.insert(key.clone(), row).is_none() {
                s.order.push_back(key);
            }
        }
        drop(s);
        self.changed.notify_waiters();
    }

    /// No more rows will come.
    pub fn close(&self) {
        self.state().closed = true;
        self.changed.notify_waiters();
    }

    /// Takes these rows first, in this order, while they wait.
    pub fn prefer(&self, keys: Vec<String>) {
        self.state().preferred = keys;
    }

    /// The next row: a preferred one if any waits, else the first in list order.
    pub fn pop(&self) -> Option<T> {
        let mut s = self.state();
        let State {
            preferred, rows, ..
        } = &mut *s;
        if let Some(row) = preferred.iter().find_map(|k| rows.remove(k)) {
            return Some(row);
        }
        while let Some(key) = s.order.pop_front() {
            if let Some(row) = s.rows.remove(&key) {
                return Some(row);
            }
        }
        None
    }

    /// Waits until no more rows will come.
    pub async fn wait_closed(&self) {
        loop {
            let changed = self.changed.notified();
            if self.state().closed {
                return;
            }
            changed.await;
        }
    }

    /// Waits until a row waits (true) or the queue is closed and empty (false).
    pub async fn wait_for_row(&self) -> bool {
        loop {
            let changed = self.changed.notified();
            {
                let s = self.state();
                if !s.rows.is_empty() {
                    return true;
                }
                if s.closed {
                    return false;
                }
            }
            changed.await;
        }
    }
}

/// What a view tells a filling list: the rows it shows now.
pub trait Prefer: Send + Sync {
    fn prefer(&self, keys: Vec<String>);
}

impl<T: Enrich> Prefer for Queue<T> {
    fn prefer(&self, keys: Vec<String>) {
        Queue::prefer(self, keys);
    }
}
