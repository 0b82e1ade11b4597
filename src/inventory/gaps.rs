//! Follow-ups that failed, counted once per cause.
//!
//! A support role without glue:GetTags fails that call for every one of
//! 5,000 jobs: one line "glue:GetTags AccessDenied, 5000 rows" says it,
//! 5,000 would bury everything else.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use crate::model::Why;

/// One cause: the IAM action and error code, the first message seen, and
/// how many rows it left with an unknown field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub action: String,
    pub code: String,
    pub message: String,
    pub rows: usize,
    /// The call was a bulk one (tag:GetResources) whose rows fell back to
    /// their per-item calls: nothing is unknown because of it.
    pub fell_back: bool,
}

impl Gap {
    /// One line for stderr or `:errors`.
    pub fn text(&self) -> String {
        if self.fell_back {
            format!(
                "{} {}: {} (tags read per resource instead)",
                self.action, self.code, self.message
            )
        } else {
            let rows = if self.rows == 1 { "row" } else { "rows" };
            format!(
                "{} {} on {} {rows}: {}",
                self.action, self.code, self.rows, self.message
            )
        }
    }
}

/// The causes seen while filling one or more lists.
#[derive(Debug, Default)]
pub struct Gaps(Mutex<BTreeMap<(String, String), Gap>>);

impl Gaps {
    fn with(&self, why: &Why, f: impl FnOnce(&mut Gap)) {
        let mut gaps = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let gap = gaps
            .entry((why.action.clone(), why.code.clone()))
            .or_insert_with(|| Gap {
                action: why.action.clone(),
                code: why.code.clone(),
                message: why.message.clone(),
                rows: 0,
                fell_back: false,
            });
        f(gap);
    }

    /// A row's unknown fields: each cause counts the row once.
    pub fn note_row(&self, unknown: &[(&'static str, &Why)]) {
        let mut causes: Vec<&Why> = unknown.iter().map(|(_, w)| *w).collect();
        causes.sort_by(|a, b| (&a.action, &a.code).cmp(&(&b.action, &b.code)));
        causes.dedup_by(|a, b| a.action == b.action && a.code == b.code);
        for why in causes {
            self.with(why, |g| g.rows += 1);
        }
    }

    /// A bulk call refused; the rows asked one by one instead.
    pub fn note_fallback(&self, why: &Why) {
        self.with(why, |g| g.fell_back = true);
    }

    /// Every cause, in a stable order.
    pub fn list(&self) -> Vec<Gap> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cause_counts_rows_once() {
        let gaps = Gaps::default();
        let denied = Why::new("glue:GetTags", "AccessDenied", "no");
        let other = Why::new("glue:GetJobRuns", "Throttling", "slow");
        for _ in 0..3 {
            gaps.note_row(&[("tags", &denied), ("tags_again", &denied)]);
        }
        gaps.note_row(&[("last_run", &other)]);
        let list = gaps.list();
        assert_eq!(list.len(), 2);
        let tags = list.iter().find(|g| g.action == "glue:GetTags").unwrap();
        assert_eq!(tags.rows, 3);
        assert_eq!(tags.text(), "glue:GetTags AccessDenied on 3 rows: no");
    }
}
