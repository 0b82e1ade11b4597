//! The audit journal (`:audit`): every change attempted, newest first.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::audit::{AuditRecord, Outcome, Phase};
use crate::rows::or_dash;
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("TIME (UTC)", 19),
    Column::fixed("PHASE", 8),
    Column::fill("ACTION", 24),
    Column::fill("TARGET", 20),
    Column::fill("OUTCOME", 16),
    Column::fixed("PROFILE", 10),
    Column::fill("CALLER", 16),
];

/// "succeeded (req 0c1d…)", "failed: ResourceInUse", "refused", or "-" while started.
fn outcome(r: &AuditRecord) -> Cow<'_, str> {
    match &r.outcome {
        None => Cow::Borrowed("-"),
        Some(Outcome::Succeeded {
            request_id: Some(id),
        }) => Cow::Owned(format!("succeeded (request {id})")),
        Some(Outcome::Succeeded { request_id: None }) => Cow::Borrowed("succeeded"),
        Some(Outcome::Confirmed { .. }) => Cow::Borrowed("succeeded (read back)"),
        Some(Outcome::Unknown { .. }) => Cow::Borrowed("unknown (no answer)"),
        Some(Outcome::Failed { code, .. }) => Cow::Owned(format!("failed: {code}")),
        Some(Outcome::Refused { .. }) => Cow::Borrowed("refused (read-only)"),
    }
}

fn phase(r: &AuditRecord) -> &'static str {
    match r.phase {
        Phase::Started => "started",
        Phase::Finished => "finished",
    }
}

impl Row for AuditRecord {
    const NOUN: &'static str = "audit record";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            // RFC 3339 with milliseconds: the first 19 characters read as a timestamp.
            0 => Cow::Owned(
                self.time
                    .chars()
                    .take(19)
                    .collect::<String>()
                    .replace('T', " "),
            ),
            1 => Cow::Borrowed(phase(self)),
            2 => Cow::Borrowed(&self.action),
            3 => Cow::Borrowed(&self.target),
            4 => outcome(self),
            5 => Cow::Borrowed(&self.profile),
            _ => or_dash(self.caller_arn.as_deref()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match (col, &self.outcome) {
            (4, Some(Outcome::Succeeded { .. } | Outcome::Confirmed { .. })) => Tone::Ok,
            (4, Some(Outcome::Unknown { .. })) => Tone::Warn,
            (4, Some(Outcome::Failed { .. })) => Tone::Bad,
            (4, Some(Outcome::Refused { .. })) => Tone::Warn,
            (1, None) => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            // RFC 3339 UTC strings sort as times.
            0 => SortKey::Text(&self.time),
            1 => SortKey::Text(phase(self)),
            2 => SortKey::Text(&self.action),
            3 => SortKey::Text(&self.target),
            4 => SortKey::Text(match &self.outcome {
                None => "",
                Some(Outcome::Succeeded { .. } | Outcome::Confirmed { .. }) => "succeeded",
                Some(Outcome::Failed { .. }) => "failed",
                Some(Outcome::Unknown { .. }) => "unknown",
                Some(Outcome::Refused { .. }) => "refused",
            }),
            5 => SortKey::Text(&self.profile),
            _ => SortKey::opt_text(self.caller_arn.as_deref()),
        }
    }

    fn default_sort() -> (usize, bool) {
        (0, true)
    }

    fn key_columns() -> &'static [usize] {
        &[1, 2, 3, 4, 5]
    }

    fn title(&self) -> String {
        format!("{} {}", self.action, self.target)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let detail = match &self.outcome {
            Some(Outcome::Failed { message, .. } | Outcome::Unknown { message, .. }) => {
                message.clone()
            }
            Some(Outcome::Confirmed { checked }) => checked.clone(),
            Some(Outcome::Refused { reason }) => reason.clone(),
            _ => "-".to_owned(),
        };
        vec![
            ("Time", self.time.clone()),
            ("Attempt", self.attempt.clone()),
            ("Phase", phase(self).to_owned()),
            ("Action", self.action.clone()),
            ("Class", self.class.clone()),
            ("Target", self.target.clone()),
            ("Parameters", self.parameters.to_string()),
            ("Outcome", outcome(self).into_owned()),
            ("Detail", detail),
            ("Caller", or_dash(self.caller_arn.as_deref()).into_owned()),
            ("Profile", self.profile.clone()),
            ("Region", self.region.clone()),
            ("Account", or_dash(self.account.as_deref()).into_owned()),
        ]
    }
}
