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
use crate::cloud::aws::accounts::{base_identity, reach_all};
use crate::model::account::{Account, AccountAccess, Scope};
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
        let base = base_identity(&opts).await?;
        let (found, org_failed) = crate::cli::account_flag::known(&opts, &base, settings).await;
        let unknown = scope.not_in(&found);
        if !unknown.is_empty() && org_failed.is_none() {
            return Err(CliError::usage(format!(
                "--accounts: {} not among the accounts dsadmin knows",
                unknown.join(", ")
            )));
        }
        let accounts: Vec<Account> = found
            .into_iter()
            .filter(|a| match (&scope, &a.id) {
                (Scope::All, _) => true,
                (Scope::Ids(_), Some(id)) => scope.covers(id),
                (Scope::Ids(_), None) => false,
            })
            .collect();
        let reached = reach_all(&opts, &accounts).await;
        let rows: Vec<AccountRow> = accounts
            .into_iter()
            .zip(reached)
            .map(|(account, answer)| {
                let profile = match &account.access {
                    AccountAccess::Profile { profile } => profile.as_str(),
                    AccountAccess::Role { .. } => "",
                };
                let cue = settings
                    .environment_for(account.id.as_deref(), profile)
                    .map(|e| (e.label.clone(), e.read_only));
                let id = account
                    .id
                    .clone()
                    .or_else(|| answer.as_ref().ok().map(|who| who.account.clone()));
                AccountRow::new(
                    Account { id, ..account },
                    answer.as_ref().map_err(ToString::to_string),
                    cue,
                )
            })
            .collect();
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
