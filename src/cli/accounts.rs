//! `dsadmin accounts [--accounts all|ID,ID] [-o table|json]`: every account
//! in scope (the base profile, `[[accounts]]`, the SSO profiles of
//! ~/.aws/config, the `[organization]`'s members), reached one by one to
//! say which answer and why the others do not.

use std::io::{self, Write};

use chrono::Utc;
use clap::Args;

use crate::cli::error::{CliError, EXIT_SOME_ACCOUNTS};
use crate::cli::get::{tab_table, write_table, Output};
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::accounts::survey;
use crate::model::account::{Account, Scope};
use crate::rows::account::AccountRow;
use crate::settings::Settings;

#[derive(Debug, Clone, Args)]
pub struct AccountsArgs {
    /// Only these accounts (12-digit ids, comma-separated), or all.
    #[arg(long, value_name = "all|ID,ID", value_parser = Scope::parse)]
    pub accounts: Option<Scope>,
    /// Output format: aligned text, or JSON records.
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// Exit 0 when every account answered, 4 when some did not (stderr names
/// them), 1 when the base profile itself cannot be reached, 2 on a usage
/// error.
pub fn main(cli: &GlobalArgs, settings: &Settings, args: &AccountsArgs) -> Result<(), CliError> {
    if cli.demo {
        return Err(CliError::usage(
            "the demo estate is one account: accounts come from [[accounts]], the SSO profiles of ~/.aws/config and [organization]",
        ));
    }
    if cli.account.is_some() {
        return Err(CliError::usage(
            "dsadmin accounts lists every account from the base profile: leave out --account",
        ));
    }
    let scope = args.accounts.clone().unwrap_or(Scope::All);
    let opts = crate::cli::session::target(cli).aws;
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let survey = survey(
            &opts,
            &settings.accounts,
            settings.organization.as_ref(),
            &scope,
        )
        .await?;
        let org_failed = survey.org_failed;
        let unknown = scope.not_in(
            &survey
                .accounts
                .iter()
                .map(|(a, _)| a.clone())
                .collect::<Vec<_>>(),
        );
        if !unknown.is_empty() && org_failed.is_none() {
            return Err(CliError::usage(format!(
                "--accounts: {} not among the accounts dsadmin knows",
                unknown.join(", ")
            )));
        }
        let accounts = survey
            .accounts
            .into_iter()
            .map(|(account, answer)| (account, answer.map_err(|e| e.to_string())))
            .collect();
        let cue = |a: &Account| {
            crate::settings::environment_in(
                &settings.environments,
                a.id.as_deref(),
                a.own_profile(),
            )
            .map(|e| (e.label.clone(), e.read_only))
        };
        let rows = AccountRow::of_survey(accounts, cue, None);
        let mut out = io::BufWriter::new(io::stdout());
        match args.output {
            Output::Json => {
                serde_json::to_writer_pretty(&mut out, &rows).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Output::Table | Output::Wide => write_table(&mut out, &tab_table(&rows, Utc::now()))?,
        }
        out.flush()?;
        let missing: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                r.error.as_ref().map(|e| {
                    format!(
                        "{} ({}): {e}",
                        r.account.id.as_deref().unwrap_or("?"),
                        r.account.name
                    )
                })
            })
            .chain(
                org_failed.map(|e| format!("the organization's accounts could not be listed: {e}")),
            )
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let answered = rows.iter().filter(|r| r.reachable).count();
        crate::cli::output::warn(&format!(
            "dsadmin: {answered} of {} accounts answered; not reached:",
            rows.len()
        ));
        for line in &missing {
            crate::cli::output::warn(&format!("dsadmin:   {line}"));
        }
        Err(CliError::Reported(EXIT_SOME_ACCOUNTS))
    })
}
