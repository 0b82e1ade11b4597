//! The billing month: what the report and the record of apps seen running
//! both count from.

use chrono::{DateTime, Datelike, TimeZone, Utc};

/// 00:00 UTC on the first day of `now`'s month (AWS bills by UTC month).
pub fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(now)
}
