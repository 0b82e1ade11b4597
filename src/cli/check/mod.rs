//! `dsadmin check`: the posture rules without the TUI, for cron and CI.
//!
//! Exit status: 0 when nothing is at or above `--fail-on` and every source
//! could be read; 1 when a finding is at or above it, or a source could not
//! be read (a check that could not look must not pass); 2 on a usage or
//! config error (clap and settings report those before we get here) or
//! when no cloud can be opened.

mod fan_out;
pub mod sarif;

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cloud::Cloud;
use crate::gitsync::GitSettings;
use crate::governance::{collect, Finding, GovernanceConfig, NotChecked, Report, Severity};
use crate::rows::findings::FindingRow;
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text with the Findings pane's columns, then a summary.
    #[default]
    Table,
    /// One JSON object: fail_on, counts, findings, not_checked (docs/json.md).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// `dsadmin check [--format table|json|sarif] [--fail-on SEVERITY]`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Output format (`--output`/`-o` as in `dsadmin get` work too).
    #[arg(short, long, alias = "output", short_alias = 'o', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = Severity::High, value_name = "SEVERITY")]
    pub fail_on: Severity,

    /// Check several accounts at once: `all` the accounts dsadmin knows
    /// (`dsadmin accounts`), or 12-digit ids separated by commas. Adds
    /// ACCOUNT and REGION (JSON: `account`, `region`); exit status 4 when
    /// some did not answer and no finding fails.
    #[arg(long, value_name = "all|ID,ID", value_parser = crate::model::account::Scope::parse)]
    pub accounts: Option<crate::model::account::Scope>,
}

/// Checks the estate the command line names and prints the report; the
/// status says whether the posture passed (see [`exit_code`]).
pub fn main(cli: &GlobalArgs, settings: &Settings, args: &CheckArgs) -> Result<(), CliError> {
    if let Some(scope) = &args.accounts {
        return fan_out::main(cli, settings, args, scope);
    }
    let runtime = crate::cli::session::runtime()?;
    let config = settings.governance_rules();
    let report = runtime.block_on(async {
        let now = Utc::now();
        // A check that cannot reach its estate is a set-up problem (2), not
        // a posture failure (1).
        let cloud = crate::cli::session::open_at(cli, now)
            .await
            .map_err(|e| CliError::usage(e.to_string()))?;
        Ok::<Report, CliError>(collect::check(&cloud, &config, &settings.git).await)
    })?;
    let mut out = io::BufWriter::new(io::stdout());
    let written = write(&mut out, args, &report, &config, Utc::now()).and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        // `dsadmin check | head` is the reader's choice; the status still counts.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e.into()),
    }
    let code = exit_code(&report, args.fail_on);
    for line in verdict(&report, args.fail_on) {
        crate::cli::output::warn(&format!("dsadmin: {line}"));
    }
    match code {
        0 => Ok(()),
        code => Err(CliError::Reported(code)),
    }
}

/// Runs the rules over `cloud` and writes the report (tests, embedding).
pub async fn run(
    cloud: &Cloud,
    config: &GovernanceConfig,
    git: &GitSettings,
    args: &CheckArgs,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> io::Result<(Report, u8)> {
    let report = collect::check_at(cloud, config, git, now).await;
    write(out, args, &report, config, now)?;
    let code = exit_code(&report, args.fail_on);
    Ok((report, code))
}

/// 1 for a finding at or above `fail_on` or a source that failed, else 0.
pub fn exit_code(report: &Report, fail_on: Severity) -> u8 {
    u8::from(report.at_or_above(fail_on) > 0 || report.failures().next().is_some())
}

/// Why the status is not 0, for stderr.
fn verdict(report: &Report, fail_on: Severity) -> Vec<String> {
    let mut lines = Vec::new();
    let over = report.at_or_above(fail_on);
    if over > 0 {
        lines.push(format!("{over} finding(s) at or above {fail_on}"));
    }
    let failed = report.failures().count();
    if failed > 0 {
        lines.push(format!(
            "check incomplete: {failed} source(s) could not be read (disable their rules in [governance.rules] if that is expected)"
        ));
    }
    lines
}

/// Findings per severity, worst first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Critical => c.critical += 1,
                Severity::High => c.high += 1,
                Severity::Medium => c.medium += 1,
                Severity::Low => c.low += 1,
            }
        }
        c
    }
}

/// The JSON document (`--format json`).
#[derive(Serialize)]
struct JsonReport<'a> {
    fail_on: Severity,
    /// Findings at or above `fail_on`.
    failing: usize,
    counts: Counts,
    findings: &'a [Finding],
    not_checked: &'a [NotChecked],
}

fn write(
    out: &mut impl Write,
    args: &CheckArgs,
    report: &Report,
    config: &GovernanceConfig,
    now: DateTime<Utc>,
) -> io::Result<()> {
    match args.format {
        Format::Table => {
            let rows = FindingRow::from_report(report.clone());
            crate::cli::get::write_rows(out, &rows, now)?;
            let c = Counts::of(&report.findings);
            writeln!(
                out,
                "\n{} finding(s): {} critical, {} high, {} medium, {} low; {} at or above {}",
                report.findings.len(),
                c.critical,
                c.high,
                c.medium,
                c.low,
                report.at_or_above(args.fail_on),
                args.fail_on
            )
        }
        Format::Json => {
            let doc = JsonReport {
                fail_on: args.fail_on,
                failing: report.at_or_above(args.fail_on),
                counts: Counts::of(&report.findings),
                findings: &report.findings,
                not_checked: &report.not_checked,
            };
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
            writeln!(out)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif::log(report, config))
                .map_err(io::Error::from)?;
            writeln!(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::Cli;
    use crate::governance::{Cause, Resource, ResourceKind, RuleId};

    fn report(severities: &[Severity], failed: bool) -> Report {
        Report {
            findings: severities
                .iter()
                .map(|s| Finding {
                    rule: RuleId::ModelNoVpc,
                    severity: *s,
                    resource: Resource::new(ResourceKind::SagemakerModel, "m", None),
                    evidence: String::new(),
                    fix: String::new(),
                })
                .collect(),
            not_checked: vec![NotChecked {
                resources: Vec::new(),
                cause: if failed {
                    Cause::Failed
                } else {
                    Cause::NotConfigured
                },
                source: "x".into(),
                rules: vec![RuleId::ModelNoVpc],
                reason: "y".into(),
            }],
        }
    }

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code(&report(&[], false), Severity::Low), 0);
        assert_eq!(
            exit_code(&report(&[Severity::Medium], false), Severity::High),
            0
        );
        assert_eq!(
            exit_code(&report(&[Severity::Medium], false), Severity::Medium),
            1
        );
        assert_eq!(
            exit_code(&report(&[Severity::Critical], false), Severity::Critical),
            1
        );
        // A source that could not be read fails the check; an unconfigured rule does not.
        assert_eq!(exit_code(&report(&[], true), Severity::Critical), 1);
        assert_eq!(
            verdict(&report(&[Severity::High], true), Severity::High),
            [
                "1 finding(s) at or above high",
                "check incomplete: 1 source(s) could not be read (disable their rules in [governance.rules] if that is expected)"
            ]
        );
    }

    #[test]
    fn parses_flags() {
        use clap::Parser;
        let cli = Cli::try_parse_from([
            "dsadmin",
            "check",
            "--format",
            "sarif",
            "--fail-on",
            "medium",
        ])
        .map_err(|e| e.to_string());
        match cli.map(|c| c.command) {
            Ok(Some(crate::cli::args::CliCommand::Check(a))) => {
                assert_eq!(a.format, Format::Sarif);
                assert_eq!(a.fail_on, Severity::Medium);
            }
            other => panic!("{other:?}"),
        }
        let cli =
            Cli::try_parse_from(["dsadmin", "check", "-o", "json"]).map_err(|e| e.to_string());
        match cli.map(|c| c.command) {
            Ok(Some(crate::cli::args::CliCommand::Check(a))) => assert_eq!(a.format, Format::Json),
            other => panic!("{other:?}"),
        }
        let cli = Cli::try_parse_from(["dsadmin", "check"]).map_err(|e| e.to_string());
        match cli.map(|c| c.command) {
            Ok(Some(crate::cli::args::CliCommand::Check(a))) => {
                assert_eq!(a.format, Format::Table);
                assert_eq!(a.fail_on, Severity::High);
            }
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["dsadmin", "check", "--fail-on", "severe"]).is_err());
    }
}
