//! `dsadmin check --accounts all|ID,ID`: the posture rules in every account
//! and region in scope (`cli::fan_out`). The table and the JSON findings
//! carry ACCOUNT and REGION; the status is 1 when a finding anywhere is at
//! or above `--fail-on`, else 4 when some accounts did not answer, else
//! what one account's check would say.

use std::io::{self, Write};

use chrono::Utc;
use serde::Serialize;

use super::{exit_code, verdict, CheckArgs, Counts, Format};
use crate::cli::error::CliError;
use crate::cli::fan_out::{each_place, placed_record, placed_table, Answers};
use crate::cli::get::{tab_table, write_table};
use crate::cli::global::GlobalArgs;
use crate::governance::{collect, Report, Severity};
use crate::model::account::Scope;
use crate::rows::findings::FindingRow;
use crate::settings::Settings;

/// The JSON document of a check over several accounts.
#[derive(Serialize)]
struct JsonReport {
    fail_on: Severity,
    failing: usize,
    counts: Counts,
    /// Each finding with `account` and `region` first.
    findings: Vec<serde_json::Value>,
    not_checked: Vec<serde_json::Value>,
    /// The accounts and regions that did not answer, and why.
    missing: Vec<String>,
}

pub(super) fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    args: &CheckArgs,
    scope: &Scope,
) -> Result<(), CliError> {
    if args.format == Format::Sarif {
        return Err(CliError::usage(
            "--accounts with --format sarif: a SARIF log holds one estate; check each account with --account ID, or use --format json",
        ));
    }
    let config = settings.governance_rules();
    let runtime = crate::cli::session::runtime()?;
    let answers = runtime.block_on(each_place(cli, settings, scope, |cloud| {
        let config = &config;
        async move { Ok(collect::check(&cloud, config, &settings.git).await) }
    }))?;
    let all = merged(&answers);
    let mut out = io::BufWriter::new(io::stdout());
    let written = write(&mut out, args, &answers, &all).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e.into()),
    }
    for line in verdict(&all, args.fail_on) {
        crate::cli::output::warn(&format!("dsadmin: {line}"));
    }
    let posture_failed = all.at_or_above(args.fail_on) > 0;
    // A failing finding is the stronger answer; then the missing accounts.
    let missing = answers.finish();
    if posture_failed {
        return Err(CliError::Reported(1));
    }
    missing?;
    match exit_code(&all, args.fail_on) {
        0 => Ok(()),
        code => Err(CliError::Reported(code)),
    }
}

/// Every account's findings and unchecked sources in one report.
fn merged(answers: &Answers<Report>) -> Report {
    let mut all = Report::default();
    for (_, report) in &answers.answered {
        all.findings.extend(report.findings.iter().cloned());
        all.not_checked.extend(report.not_checked.iter().cloned());
    }
    all
}

fn write(
    out: &mut impl Write,
    args: &CheckArgs,
    answers: &Answers<Report>,
    all: &Report,
) -> io::Result<()> {
    let now = Utc::now();
    if args.format == Format::Json {
        let mut doc = JsonReport {
            fail_on: args.fail_on,
            failing: all.at_or_above(args.fail_on),
            counts: Counts::of(&all.findings),
            findings: Vec::new(),
            not_checked: Vec::new(),
            missing: answers.missing.clone(),
        };
        for (place, report) in &answers.answered {
            for f in &report.findings {
                doc.findings
                    .push(placed_record(place, serde_json::to_value(f)?));
            }
            for n in &report.not_checked {
                doc.not_checked
                    .push(placed_record(place, serde_json::to_value(n)?));
            }
        }
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
        return writeln!(out);
    }
    let tables: Vec<_> = answers
        .answered
        .iter()
        .map(|(place, report)| {
            let rows = FindingRow::from_report(report.clone());
            (place, tab_table(&rows, now))
        })
        .collect();
    write_table(out, &placed_table(tables.iter().map(|(p, t)| (*p, t))))?;
    let c = Counts::of(&all.findings);
    writeln!(
        out,
        "\n{} finding(s) in {} of {} accounts and regions: {} critical, {} high, {} medium, {} low; {} at or above {}",
        all.findings.len(),
        answers.answered.len(),
        answers.places,
        c.critical,
        c.high,
        c.medium,
        c.low,
        all.at_or_above(args.fail_on),
        args.fail_on
    )
}
