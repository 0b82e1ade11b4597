//! `dsadmin costs --accounts all|ID,ID`: the estimate in every account and
//! region in scope (`cli::fan_out`): the lines with ACCOUNT and REGION in
//! front, the teams summed across accounts (a team's spend is wherever it
//! runs). Exit 4 when some accounts did not answer, else 1 when a list
//! could not be read in one that did.

use std::io::{self, Write};

use chrono::Utc;
use serde::Serialize;

use super::{build_counting, write_teams, BUILTIN_LABEL};
use crate::cli::error::CliError;
use crate::cli::fan_out::{each_place, placed_record, placed_table, Answers};
use crate::cli::get::{sorted_like_tab, tab_table, write_table, Output};
use crate::cli::global::GlobalArgs;
use crate::costs::report::totals;
use crate::costs::seen::SeenApps;
use crate::costs::{CostLine, CostReport, TeamTotal};
use crate::model::account::Scope;
use crate::rows::costs::CostRow;
use crate::settings::Settings;

/// The JSON document of an estimate over several accounts.
#[derive(Serialize)]
struct JsonReport {
    /// Each account and region's report with `account` and `region` first.
    accounts: Vec<serde_json::Value>,
    /// Per team across every account, the most expensive first.
    teams: Vec<TeamTotal>,
    total: TeamTotal,
    /// The accounts and regions that did not answer, and why.
    missing: Vec<String>,
}

pub(super) fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    args: &super::CostsArgs,
    scope: &Scope,
) -> Result<(), CliError> {
    let runtime = crate::cli::session::runtime()?;
    let now = Utc::now();
    // One record of the apps seen running: it is keyed by app ARN, so
    // accounts share it as one session's tabs do.
    let seen = SeenApps::for_estate(
        false,
        settings.costs.seen_apps.clone(),
        settings.audit.path.clone(),
    );
    let answers = runtime.block_on(each_place(cli, settings, scope, |cloud| {
        let seen = &seen;
        async move { Ok(build_counting(&cloud, &settings.costs, now, seen).await) }
    }))?;
    let lines: Vec<CostLine> = answers
        .answered
        .iter()
        .flat_map(|(_, (report, _))| report.lines.iter().cloned())
        .collect();
    let (teams, total) = totals(&lines);
    let mut out = io::BufWriter::new(io::stdout());
    if args.output == Output::Json {
        let mut doc = JsonReport {
            accounts: Vec::new(),
            teams,
            total,
            missing: answers.missing.clone(),
        };
        for (place, (report, _)) in &answers.answered {
            let value = serde_json::to_value(report).map_err(io::Error::from)?;
            doc.accounts.push(placed_record(place, value));
        }
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        write_tables(&mut out, &answers, &teams, &total)?;
    }
    out.flush()?;
    answers.finish()?;
    let unread: usize = answers.answered.iter().map(|(_, (_, n))| n).sum();
    if unread > 0 {
        return Err(CliError::failed(format!(
            "{unread} list(s) could not be read: the report is incomplete (see its incomplete lines)"
        )));
    }
    Ok(())
}

/// The basis, each account's incomplete lines, the lines with ACCOUNT and
/// REGION, then the teams across accounts.
fn write_tables(
    out: &mut impl Write,
    answers: &Answers<(CostReport, usize)>,
    teams: &[TeamTotal],
    total: &TeamTotal,
) -> io::Result<()> {
    if let Some((_, (first, _))) = answers.answered.first() {
        let source = if first.prices_source == BUILTIN_LABEL {
            "built-in"
        } else {
            first.prices_source.as_str()
        };
        writeln!(
            out,
            "Estimates for {} of {} accounts and regions from the price table of {} ({source}, on-demand {}), month to date from {}",
            answers.answered.len(),
            answers.places,
            first.prices_as_of,
            first.currency,
            first.month_start.format("%Y-%m-%d %H:%M UTC"),
        )?;
    }
    for (place, (report, _)) in &answers.answered {
        for gap in &report.gaps {
            writeln!(
                out,
                "incomplete: {} {}: {}",
                place.id,
                place.region,
                crate::sanitize::line(gap)
            )?;
        }
    }
    writeln!(out)?;
    let tables: Vec<_> = answers
        .answered
        .iter()
        .map(|(place, (report, _))| {
            let rows = sorted_like_tab(report.lines.iter().cloned().map(CostRow).collect());
            (place, tab_table(&rows, report.now))
        })
        .collect();
    write_table(out, &placed_table(tables.iter().map(|(p, t)| (*p, t))))?;
    writeln!(out)?;
    write_teams(out, teams, total)
}
