//! `dsadmin trail --resource NAME | --user NAME [--since 7d] [-o json]`:
//! a resource's or a user's CloudTrail history, newest first, with the same
//! columns as the TUI's `T`.

use std::io::{self, Write};

use chrono::{Duration, Utc};
use clap::{ArgGroup, Args};

use crate::cli::error::CliError;
use crate::cli::get::{sorted_like_tab, tab_table, write_table, Output};
use crate::cli::global::GlobalArgs;
use crate::cloud::Collector;
use crate::model::trail::{TrailEvent, TrailKey, TrailQuery, DEFAULT_DAYS, DEFAULT_MAX};

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("key").required(true).multiple(true).args(["resource", "user"])))]
pub struct TrailArgs {
    /// Events whose resources name this (a job, an endpoint, a user
    /// profile, a domain id …).
    #[arg(long, value_name = "NAME")]
    pub resource: Option<String>,
    /// Events made by this user name (an IAM user or a role session name).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// How far back: a number and a unit, m, h or d (at most 90d, what
    /// CloudTrail keeps).
    #[arg(long, value_name = "AGE", default_value = "90d", value_parser = parse_age)]
    pub since: Duration,
    /// Stop after this many events (50 a page, 2 pages a second).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX)]
    pub max: usize,
    /// Output format: aligned text, or JSON records with each event's own
    /// CloudTrail JSON under `cloudtrail_event`.
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// `7d`, `12h`, `30m` → a duration of at most 90 days.
pub fn parse_age(text: &str) -> Result<Duration, String> {
    crate::format::parse_age_within(text, Some((DEFAULT_DAYS, "CloudTrail keeps")))
}

/// One JSON record: the parsed fields and the event's own JSON.
fn record(event: &TrailEvent) -> Result<serde_json::Value, CliError> {
    let mut value = serde_json::to_value(event).map_err(io::Error::from)?;
    let raw = serde_json::from_str(&event.raw).unwrap_or(serde_json::Value::Null);
    value["cloudtrail_event"] = raw;
    Ok(value)
}

/// Exit 0 with the events, 1 when CloudTrail refused or failed (what was
/// read before the failure is printed first), 2 on a usage error.
pub fn main(cli: &GlobalArgs, args: &TrailArgs) -> Result<(), CliError> {
    if args.max == 0 {
        return Err(CliError::usage("--max must be at least 1"));
    }
    let mut keys = Vec::new();
    keys.extend(args.resource.clone().map(TrailKey::Resource));
    keys.extend(args.user.clone().map(TrailKey::User));
    for key in &keys {
        if key.value().trim().is_empty() {
            return Err(CliError::usage("--resource and --user need a name"));
        }
    }
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let cloud = crate::cli::session::open_at(cli, now).await?;
        let query = TrailQuery {
            keys,
            within: Vec::new(),
            since: now - args.since,
            until: now,
            max: args.max,
        };
        let sink = Collector::default();
        let result = crate::cloud::history::lookup(&cloud, &query, &sink).await;
        let rows = sorted_like_tab(sink.into_vec());
        let mut out = io::BufWriter::new(io::stdout());
        match args.output {
            Output::Json => {
                let records = rows.iter().map(record).collect::<Result<Vec<_>, _>>()?;
                serde_json::to_writer_pretty(&mut out, &records).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Output::Table | Output::Wide if rows.is_empty() => {}
            Output::Table | Output::Wide => write_table(&mut out, &tab_table(&rows, now))?,
        }
        out.flush()?;
        result?;
        if rows.len() >= args.max {
            crate::cli::output::warn(&format!(
                "dsadmin: the newest {} events; there may be more (--max, --since)",
                args.max
            ));
        }
        if rows.is_empty() && args.output != Output::Json {
            crate::cli::output::warn(&format!(
                "dsadmin: no CloudTrail events for {} since {}",
                query.describe(),
                query.since.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        Ok(())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ages_have_a_unit_and_stay_within_ninety_days() {
        assert_eq!(parse_age("7d").unwrap(), Duration::days(7));
        assert_eq!(parse_age("12h").unwrap(), Duration::hours(12));
        assert_eq!(parse_age("30m").unwrap(), Duration::minutes(30));
        assert!(parse_age("91d").unwrap_err().contains("at most 90d"));
        assert!(parse_age("999999999999999d")
            .unwrap_err()
            .contains("at most 90d"));
        assert!(parse_age("99999999999999999999d")
            .unwrap_err()
            .contains("number"));
        assert!(parse_age("7").unwrap_err().contains("no unit"));
        assert!(parse_age("7w").unwrap_err().contains("not a unit"));
        assert!(parse_age("d").unwrap_err().contains("number"));
        assert!(parse_age("0h").unwrap_err().contains("empty"));
        assert!(parse_age("1.5d").unwrap_err().contains("36h"));
    }
}
