//! Pure text formatting shared by the tables, the detail view and the CLI.

use chrono::{DateTime, Utc};

/// "3h ago", "12d ago", "just now"; future times (clock skew) read "in 5m".
pub fn relative(t: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(t) = t else {
        return "-".to_owned();
    };
    let secs = (now - t).num_seconds();
    if secs.abs() < 10 {
        return "just now".to_owned();
    }
    let span = duration_short(secs.unsigned_abs());
    if secs >= 0 {
        format!("{span} ago")
    } else {
        format!("in {span}")
    }
}

/// A coarse duration for "age"-style columns: the largest unit only ("3h", "12d").
pub fn duration_short(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    if secs < MIN {
        format!("{secs}s")
    } else if secs < HOUR {
        format!("{}m", secs / MIN)
    } else if secs < DAY {
        format!("{}h", secs / HOUR)
    } else if secs < 365 * DAY {
        format!("{}d", secs / DAY)
    } else {
        format!("{}y", secs / (365 * DAY))
    }
}

/// A precise duration for run times: "45s", "12m 03s", "2h 05m".
pub fn duration_precise(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

/// An idle time and its limit, both in minutes, as text: the idle time
/// precise under a day ("2h 05m", so just past a 2 h limit does not read
/// "2h"), whole days above; the limit coarse ("2h", "1d").
pub fn idle_and_limit(idle_minutes: i64, limit_minutes: u32) -> (String, String) {
    let idle = u64::try_from(idle_minutes).unwrap_or(0).saturating_mul(60);
    let idle = if idle < 24 * 3600 {
        duration_precise(idle)
    } else {
        duration_short(idle)
    };
    (idle, duration_short(u64::from(limit_minutes) * 60))
}

/// An absolute UTC timestamp for the detail view.
pub fn timestamp(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "-".to_owned())
}

/// Binary-unit size: "2.4 GiB".
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// "70%" for whole numbers, "33.3%" otherwise.
pub fn percent(p: f64) -> String {
    if (p - p.round()).abs() < 0.05 {
        format!("{:.0}%", p.round())
    } else {
        format!("{p:.1}%")
    }
}

/// The last path segment of an ARN-like string ("arn:…:role/Team/ds-role" → "ds-role").
pub fn arn_tail(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap_or(arn)
}

pub fn opt(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_owned()
}

/// `7d`, `12h`, `30m` → that duration (whole units, at least one minute).
pub fn parse_age(text: &str) -> Result<chrono::Duration, String> {
    parse_age_within(text, None)
}

/// [`parse_age`], at most `most` days: `(days, who keeps that long)`, as
/// in `(90, "CloudTrail keeps")`.
pub fn parse_age_within(text: &str, most: Option<(i64, &str)>) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("'{text}' has no unit: write it as 7d, 12h or 30m"))?;
    let (digits, unit) = text.split_at(split);
    if unit.starts_with(['.', ',']) {
        return Err(format!(
            "'{text}': give whole units, as 36h for a day and a half"
        ));
    }
    let n: i64 = digits.parse().map_err(|_| {
        format!("'{text}' does not start with a number: write it as 7d, 12h or 30m")
    })?;
    let age = match unit {
        "d" => chrono::Duration::try_days(n),
        "h" => chrono::Duration::try_hours(n),
        "m" => chrono::Duration::try_minutes(n),
        _ => return Err(format!("'{unit}' is not a unit: use d, h or m (as in 7d)")),
    }
    .filter(|age| most.is_none_or(|(days, _)| *age <= chrono::Duration::days(days)))
    .ok_or_else(|| match most {
        Some((days, keeper)) => format!("'{text}' is more than {keeper}: at most {days}d"),
        None => format!("'{text}' is too long a window"),
    })?;
    if n == 0 {
        return Err("the window is empty: give at least 1m".to_owned());
    }
    Ok(age)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn relative_times() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let ago = |s: i64| relative(Some(now - chrono::Duration::seconds(s)), now);
        assert_eq!(ago(3), "just now");
        assert_eq!(ago(45), "45s ago");
        assert_eq!(ago(3 * 3600 + 100), "3h ago");
        assert_eq!(ago(12 * 86400), "12d ago");
        assert_eq!(ago(-300), "in 5m");
        assert_eq!(relative(None, now), "-");
    }

    #[test]
    fn sizes_durations_percentages() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(3 * 1024 * 1024 * 1024 / 2), "1.5 GiB");
        assert_eq!(duration_precise(45), "45s");
        assert_eq!(duration_precise(723), "12m 03s");
        assert_eq!(duration_precise(7500), "2h 05m");
        assert_eq!(percent(70.0), "70%");
        assert_eq!(percent(100.0 / 3.0), "33.3%");
        assert_eq!(arn_tail("arn:aws:iam::1:role/team/ds-role"), "ds-role");
    }
}
