//! The last-known lists (`inventory::last_known`) in the TUI: once the
//! session knows its account (GetCallerIdentity answered), each tab
//! without rows of its own yet (its first page has not arrived, or its
//! list was refused or throttled) shows the rows kept from the last time,
//! marked "LAST KNOWN … ago" in the header, until its own rows replace
//! them; acting on them is refused until the list is read again. Each
//! tab's list is kept again when its load ends in full (its follow-ups
//! have reported by then). Files are read, parsed and written off the
//! event loop.

use chrono::{DateTime, Utc};

use crate::tui::action::{Action, PaneId};
use crate::tui::load::Payload;
use crate::tui::App;

impl App {
    /// Where this session's lists are kept: its account and region, when
    /// the estate is AWS, the identity known and keeping not turned off.
    fn kept_place(&self) -> Option<(crate::inventory::last_known::LastKnown, String, String)> {
        let kept = self.session.last_known.clone()?;
        if self.session.cloud.context.demo {
            return None;
        }
        let account = self.session.identity.as_ref()?.account.clone();
        Some((kept, account, self.session.cloud.context.region.clone()))
    }

    /// Asks for the last-known rows of every tab that has not listed yet
    /// (its first page has not arrived, or its load failed), and keeps the
    /// lists of those that have.
    pub(in crate::tui) fn show_last_known(&mut self) {
        let Some((kept, account, region)) = self.kept_place() else {
            return;
        };
        let session = self.session.generation;
        // Lists that finished before the account was known are kept now.
        let listed: Vec<PaneId> = self
            .screen
            .tabs
            .iter()
            .filter_map(|t| t.stack.first())
            .map(|p| p.id())
            .filter(|p| {
                self.screen.listed_at.contains_key(p) && !self.screen.kept_shown.contains(p)
            })
            .collect();
        for pane in listed {
            self.keep_list(pane);
        }
        let mut reads = 0;
        for tab in &self.screen.tabs {
            let Some(root) = tab.stack.first() else {
                continue;
            };
            let pane = root.id();
            if self.screen.listed_at.contains_key(&pane) {
                continue;
            }
            let Some(request) = root.request() else {
                continue;
            };
            let Some(kind) = request.kept_kind() else {
                continue;
            };
            let (kept, account, region) = (kept.clone(), account.clone(), region.clone());
            let tx = self.jobs.tx.clone();
            reads += 1;
            tokio::task::spawn_blocking(move || {
                let found = kept.load(&account, &region, kind).and_then(|found| {
                    let payload = request.kept_payload(found.rows);
                    if payload.is_none() {
                        tracing::debug!(kind, "a kept list did not parse: ignored");
                    }
                    Some((found.listed_at, payload?))
                });
                let _ = tx.send(Action::Kept {
                    pane,
                    session,
                    found,
                });
            });
        }
        self.jobs.kept_reads += reads;
    }

    /// Last-known rows arrived: shown if the pane still has no rows of
    /// its own, in the session they were read for.
    pub(in crate::tui) fn on_kept(
        &mut self,
        pane: PaneId,
        session: u64,
        found: Option<(DateTime<Utc>, Payload)>,
    ) {
        self.jobs.kept_reads = self.jobs.kept_reads.saturating_sub(1);
        let Some((listed_at, payload)) = found else {
            return;
        };
        if session != self.session.generation {
            return;
        }
        let Some(p) = self.pane_mut(pane) else {
            return;
        };
        let Some(work) = p.show_kept(payload) else {
            return;
        };
        self.spawn_work(work);
        self.screen.kept_shown.insert(pane);
        self.screen.listed_at.insert(pane, listed_at);
    }

    /// Keeps pane `pane`'s list on disk if it is a tab's root list.
    pub(in crate::tui) fn keep_list(&self, pane: PaneId) {
        let Some((kept, account, region)) = self.kept_place() else {
            return;
        };
        let Some(root) = self
            .screen
            .tabs
            .iter()
            .filter_map(|t| t.stack.first())
            .find(|p| p.id() == pane)
        else {
            return;
        };
        let Some(kind) = root.request().as_ref().and_then(|r| r.kept_kind()) else {
            return;
        };
        let Some(rows) = root.kept_rows() else {
            return;
        };
        let listed_at = self.now();
        tokio::task::spawn_blocking(move || {
            let Some(rows) = rows() else { return };
            if let Err(e) = kept.save(&account, &region, kind, listed_at, &rows) {
                tracing::warn!(kind, error = %e, "the last-known list could not be kept");
            }
        });
    }
}
