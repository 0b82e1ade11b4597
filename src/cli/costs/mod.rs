//! `dsadmin costs [--output table|json]`: the `:costs` figures for scripts
//! and reports — the same gather, the same model and, for the table, the
//! same cell texts as the TUI.

use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use clap::Args;

mod fan_out;

use crate::cli::error::CliError;
use crate::cli::get::{sorted_like_tab, tab_table, write_table, Output, Table};
use crate::cli::global::GlobalArgs;
use crate::cloud::Cloud;
use crate::costs::prices::BUILTIN_LABEL;
use crate::costs::seen::SeenApps;
use crate::costs::{report, CostReport, TeamTotal};
use crate::rows::costs::{dollars, hourly, CostRow};
use crate::settings::costs::CostSettings;
use crate::settings::Settings;

/// `dsadmin costs`.
#[derive(Debug, Clone, Args)]
pub struct CostsArgs {
    /// Output format: aligned text, or the whole report as JSON.
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    pub output: Output,

    /// Estimate several accounts at once: `all` the accounts dsadmin knows
    /// (`dsadmin accounts`), or 12-digit ids separated by commas. Adds
    /// ACCOUNT and REGION to the lines, sums the teams across them; exit
    /// status 4 when some did not answer.
    #[arg(long, value_name = "all|ID,ID", value_parser = crate::model::account::Scope::parse)]
    pub accounts: Option<crate::model::account::Scope>,
}

/// Exit 0 when every list was read; 1 when the cloud, the output or any
/// list failed. A list that could not be read does not stop the report:
/// it is printed with what was read and names what is missing
/// (`incomplete:` lines, `gaps` in JSON), and the status says it is not
/// the whole estate.
pub fn main(cli: &GlobalArgs, all: &Settings, args: &CostsArgs) -> Result<(), CliError> {
    if let Some(scope) = &args.accounts {
        return fan_out::main(cli, all, args, scope);
    }
    let (settings, journal) = (&all.costs, all.audit.path.as_deref());
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let cloud = crate::cli::session::open_at(cli, now).await?;
        let seen = SeenApps::for_estate(
            cloud.context.demo,
            settings.seen_apps.clone(),
            journal.map(Path::to_path_buf),
        );
        let (report, unread) = build_counting(&cloud, settings, now, &seen).await;
        let mut out = io::BufWriter::new(io::stdout());
        write(&mut out, &report, args.output)?;
        out.flush()?;
        if unread > 0 {
            return Err(CliError::failed(format!(
                "{unread} list(s) could not be read: the report is incomplete (see its incomplete lines)"
            )));
        }
        Ok(())
    })
}

/// Gathers the inputs and computes the report at `now`; `seen` keeps the
/// apps seen running (month to date of those stopped since).
pub async fn build(
    cloud: &Cloud,
    settings: &CostSettings,
    now: DateTime<Utc>,
    seen: &SeenApps,
) -> CostReport {
    build_counting(cloud, settings, now, seen).await.0
}

/// The report, and how many lists could not be read (the report's other
/// gaps, such as a region the price table lacks, are not read failures).
pub(crate) async fn build_counting(
    cloud: &Cloud,
    settings: &CostSettings,
    now: DateTime<Utc>,
    seen: &SeenApps,
) -> (CostReport, usize) {
    let inputs =
        crate::costs::gather::gather(cloud, settings.limits.endpoint_days, now, seen).await;
    let unread = inputs.gaps.len();
    (
        report(&inputs, &settings.prices, settings.limits, now),
        unread,
    )
}

/// The report as JSON (every field, see docs/json.md) or as two tables:
/// the lines, most expensive first, then the totals per team.
pub fn write(out: &mut impl Write, report: &CostReport, output: Output) -> io::Result<()> {
    if output == Output::Json {
        serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
        return writeln!(out);
    }
    write_basis(out, report)?;
    for gap in &report.gaps {
        writeln!(out, "incomplete: {}", crate::sanitize::line(gap))?;
    }
    writeln!(out)?;
    let rows = sorted_like_tab(report.lines.iter().cloned().map(CostRow).collect());
    write_table(out, &tab_table(&rows, report.now))?;
    writeln!(out)?;
    write_teams(out, &report.teams, &report.total)
}

/// What the estimates rest on: the price table, the region, the month.
fn write_basis(out: &mut impl Write, report: &CostReport) -> io::Result<()> {
    let source = if report.prices_source == BUILTIN_LABEL {
        "built-in"
    } else {
        report.prices_source.as_str()
    };
    writeln!(
        out,
        "Estimates from the price table of {} ({source}, on-demand {}), region {}, month to date from {}",
        report.prices_as_of,
        report.currency,
        report.region,
        report.month_start.format("%Y-%m-%d %H:%M UTC"),
    )?;
    writeln!(
        out,
        "{}",
        crate::sanitize::line(&report.month_to_date_basis.describe(report.month_start))
    )?;
    writeln!(
        out,
        "{}",
        crate::sanitize::line(&crate::rows::costs::billed_line(&report.billed))
    )
}

/// The totals per team, then the estate's.
fn write_teams(out: &mut impl Write, teams: &[TeamTotal], total: &TeamTotal) -> io::Result<()> {
    let mut table = Table {
        titles: vec![
            "TEAM",
            "$/H",
            "MTD",
            "SPOT SAVED",
            "BILLED",
            "IDLE",
            "UNPRICED",
            "LINES",
        ],
        rows: Vec::new(),
    };
    for t in teams.iter().chain(std::iter::once(total)) {
        table.rows.push(vec![
            t.team.clone(),
            hourly(t.hourly),
            dollars(t.month_to_date),
            dollars(t.spot_savings),
            t.billed.map_or_else(|| "-".to_owned(), dollars),
            t.idle.to_string(),
            t.unpriced.to_string(),
            t.lines.to_string(),
        ]);
    }
    write_table(out, &table)
}
