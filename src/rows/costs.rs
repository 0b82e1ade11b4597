//! One line of the cost radar as a table row: Studio apps, endpoint
//! variants and training jobs with their estimated $/hour and month-to-date.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::costs::{CostKind, CostLine, Idle};
use crate::format;
use crate::rows::or_dash;
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("KIND", 8),
    Column::fill("NAME", 20),
    Column::fill("USER", 10),
    Column::fill("TEAM", 10),
    Column::fixed("INSTANCE", 12),
    Column::fixed("N", 2),
    Column::fixed("AGE", 4),
    Column::fixed("$/H", 7),
    Column::fixed("MTD", 8),
    Column::fixed("IDLE", 4),
];

/// The MTD column, sorted by when the view opens (most expensive first).
pub const MTD_COLUMN: usize = 8;

/// "$0.058": rates keep three decimals (a t3.medium costs cents).
pub fn hourly(v: f64) -> String {
    format!("${v:.3}")
}

/// "$1,234.50".
pub fn dollars(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

/// A row of the `:costs` table.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow(pub CostLine);

impl CostRow {
    fn kind(&self) -> &str {
        match self.0.kind {
            // The app type says more than "app" (JupyterLab, KernelGateway …),
            // and "training (spot)" where managed spot saved money.
            CostKind::App | CostKind::Training => &self.0.detail,
            CostKind::Endpoint => self.0.kind.label(),
        }
    }

    fn idle_text(&self) -> &'static str {
        match self.0.idle {
            Idle::Idle(_) => "idle",
            Idle::Unknown(_) => "?",
            Idle::Busy | Idle::NotApplicable => "-",
        }
    }

    /// "?" for an unknown price, "-" for nothing to pay by the hour.
    fn money(&self, v: Option<f64>, show: fn(f64) -> String) -> Cow<'static, str> {
        match v {
            Some(v) => Cow::Owned(show(v)),
            None if !self.0.priced => Cow::Borrowed("?"),
            None => Cow::Borrowed("-"),
        }
    }
}

impl Row for CostRow {
    const NOUN: &'static str = "cost line";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        let l = &self.0;
        match col {
            0 => Cow::Borrowed(self.kind()),
            1 => Cow::Borrowed(&l.name),
            2 => or_dash(l.owner.as_deref()),
            3 => or_dash(l.team.as_deref()),
            4 => or_dash(l.instance_type.as_deref()),
            5 => Cow::Owned(l.count.to_string()),
            6 => match l.started {
                Some(t) => {
                    Cow::Owned(format::duration_short((now - t).num_seconds().max(0) as u64))
                }
                None => Cow::Borrowed("-"),
            },
            // Spent this month, and no longer running: say so rather than "-".
            7 if l.stopped.is_some() => Cow::Borrowed("stopped"),
            7 => self.money(l.hourly, hourly),
            8 => self.money(l.month_to_date, dollars),
            _ => Cow::Borrowed(self.idle_text()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            7 | 8 if !self.0.priced => Tone::Warn,
            7 if self.0.stopped.is_some() => Tone::Muted,
            9 => match self.0.idle {
                Idle::Idle(_) => Tone::Bad,
                Idle::Unknown(_) => Tone::Warn,
                _ => Tone::Muted,
            },
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let l = &self.0;
        let num = |v: Option<f64>| v.map_or(SortKey::Missing, SortKey::Num);
        match col {
            0 => SortKey::Text(self.kind()),
            1 => SortKey::Text(&l.name),
            2 => SortKey::opt_text(l.owner.as_deref()),
            3 => SortKey::opt_text(l.team.as_deref()),
            4 => SortKey::opt_text(l.instance_type.as_deref()),
            5 => SortKey::Num(f64::from(l.count)),
            // Oldest first reads as "longest running" when reversed.
            6 => SortKey::time(l.started),
            7 => num(l.hourly),
            8 => num(l.month_to_date),
            _ => SortKey::Text(self.idle_text()),
        }
    }

    fn default_sort() -> (usize, bool) {
        (MTD_COLUMN, true)
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3, 4, 9]
    }

    /// The line's own name (`user/app`, `endpoint/variant`) is no name
    /// CloudTrail records: an app's owner, the endpoint, the training job.
    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        use crate::model::trail::TrailKey;
        let line = &self.0;
        match line.kind {
            CostKind::App => line
                .owner
                .clone()
                .map(|user| vec![TrailKey::Resource(user.clone()), TrailKey::User(user)])
                .unwrap_or_else(|| vec![TrailKey::Resource(line.name.clone())]),
            CostKind::Endpoint => {
                let endpoint = line.name.split('/').next().unwrap_or(&line.name);
                vec![TrailKey::Resource(endpoint.to_owned())]
            }
            CostKind::Training => vec![TrailKey::Resource(line.name.clone())],
        }
    }

    fn title(&self) -> String {
        self.0.name.clone()
    }

    /// Names repeat across domains (a user with a profile in two), so a
    /// mark is kept by kind, domain and name.
    fn mark_key(&self) -> String {
        let domain = self.0.domain_id.as_deref().unwrap_or("");
        // An app stopped this month and started again has two lines (or
        // more): each instance by its creation time.
        let instance = match (&self.0.stopped, self.0.started) {
            (Some(_), Some(t)) => format!(":stopped@{}", t.timestamp()),
            (Some(_), None) => ":stopped".to_owned(),
            (None, _) => String::new(),
        };
        format!("{}:{domain}:{}{instance}", self.0.kind.label(), self.0.name)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let l = &self.0;
        let idle = match &l.idle {
            Idle::Idle(why) => format!("idle candidate: {why}"),
            Idle::Busy => "no".to_owned(),
            Idle::Unknown(why) => format!("unknown: {why}"),
            Idle::NotApplicable => "-".to_owned(),
        };
        let secs = |s: Option<u64>| s.map_or_else(|| "-".to_owned(), |s| format!("{s} s"));
        vec![
            ("Kind", self.kind().to_owned()),
            ("Name", l.name.clone()),
            ("User", or_dash(l.owner.as_deref()).into_owned()),
            ("Team", or_dash(l.team.as_deref()).into_owned()),
            (
                "Instance type",
                or_dash(l.instance_type.as_deref()).into_owned(),
            ),
            ("Instances", l.count.to_string()),
            ("Started", format::timestamp(l.started)),
            (
                "$/hour (estimate)",
                self.money(l.hourly, hourly).into_owned(),
            ),
            (
                "Month to date (estimate)",
                self.money(l.month_to_date, dollars).into_owned(),
            ),
            (
                "Price known",
                if l.priced {
                    "yes"
                } else {
                    "no: not in the price table"
                }
                .to_owned(),
            ),
            ("Idle", idle),
            (
                "Idle judged by",
                l.idle_signal
                    .map_or_else(|| "-".to_owned(), |s| s.label().to_owned()),
            ),
            (
                "Stopped",
                l.stopped.as_ref().map_or_else(
                    || "-".to_owned(),
                    |s| format!("{} ({})", format::timestamp(Some(s.at)), s.source.label()),
                ),
            ),
            ("Billable time", secs(l.billable_secs)),
            ("Training time", secs(l.training_secs)),
            (
                "Managed-spot savings",
                l.spot_savings.map_or_else(|| "-".to_owned(), dollars),
            ),
        ]
    }
}

/// What Cost Explorer billed beside the estimate, labelled as such.
pub fn billed_line(billed: &crate::costs::billed::Billed) -> String {
    use crate::costs::billed::Billed;
    match billed {
        Billed::Known(b) => format!(
            "Billed (Cost Explorer, unblended, {} to {} inclusive): {} — SageMaker {}, Glue {}; BILLED per team below, beside the estimate",
            b.from,
            b.to.pred_opt().unwrap_or(b.to),
            dollars(b.total),
            dollars(b.sagemaker),
            dollars(b.glue)
        ),
        Billed::Unknown { reason } => {
            format!("Billed: not known ({reason}); the estimate stands alone")
        }
        Billed::NotAsked => {
            "Billed: not asked (no Cost Explorer here, or the month began today); the estimate stands alone".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_and_rounded_to_cents() {
        assert_eq!(dollars(0.0), "$0.00");
        assert_eq!(dollars(1234.505), "$1,234.51");
        assert_eq!(dollars(1_000_000.0), "$1,000,000.00");
        assert_eq!(hourly(0.0528), "$0.053");
    }
}
