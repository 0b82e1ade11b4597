//! `dsadmin accounts [--accounts all|ID,ID] [-o table|json]`: every account
//! in scope (the base profile, `[[accounts]]`, the SSO profiles of
//! ~/.aws/config, the `[organization]`'s members), reached one by one to
//! say which answer and why the others do not.

use std::io::{self, Write};

use clap::Args;
use serde::Serialize;

use crate::cli::error::{CliError, EXIT_SOME_ACCOUNTS};
use crate::cli::get::{write_table, Output, Table};
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::accounts::{base_identity, reach_all};
use crate::model::account::{Account, AccountAccess, AccountSource, Scope};
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

/// One account and whether it answered.
#[derive(Debug, Serialize)]
struct Reached {
    #[serde(flatten)]
    account: Account,
    /// The environment cue's label (`[[environments]]`), if one matches.
    environment: Option<String>,
    /// The environment makes the account read-only.
    read_only: bool,
    reachable: bool,
    /// Who dsadmin is there (the assumed role's session), when reachable.
    caller_arn: Option<String>,
    /// Why not, when not.
    error: Option<String>,
}

fn source(s: AccountSource) -> &'static str {
    match s {
        AccountSource::Base => "base profile",
        AccountSource::Config => "config",
        AccountSource::SsoProfile => "sso profile",
        AccountSource::Organization => "organization",
    }
}

fn access(a: &AccountAccess) -> String {
    match a {
        AccountAccess::Profile { profile } => format!("profile {profile}"),
        AccountAccess::Role { role_arn, .. } => format!("role {role_arn}"),
    }
}

fn table(rows: &[Reached]) -> Table {
    Table {
        titles: vec![
            "ACCOUNT", "NAME", "SOURCE", "ENV", "ACCESS", "REGIONS", "STATUS",
        ],
        rows: rows
            .iter()
            .map(|r| {
                let env = match (&r.environment, r.read_only) {
                    (Some(label), true) => format!("{label} (read-only)"),
                    (Some(label), false) => label.clone(),
                    (None, true) => "read-only".to_owned(),
                    (None, false) => "-".to_owned(),
                };
                vec![
                    r.account.id.clone().unwrap_or_else(|| "?".to_owned()),
                    r.account.name.clone(),
                    source(r.account.source).to_owned(),
                    env,
                    access(&r.account.access),
                    if r.account.regions.is_empty() {
                        "(base region)".to_owned()
                    } else {
                        r.account.regions.join(",")
                    },
                    match &r.error {
                        None => "reachable".to_owned(),
                        Some(e) => e.clone(),
                    },
                ]
            })
            .collect(),
    }
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
        let rows: Vec<Reached> = accounts
            .into_iter()
            .zip(reached)
            .map(|(account, result)| {
                let profile = match &account.access {
                    AccountAccess::Profile { profile } => profile.as_str(),
                    AccountAccess::Role { .. } => "",
                };
                let cue = settings.environment_for(account.id.as_deref(), profile);
                let (caller_arn, error, id) = match result {
                    Ok(who) => (Some(who.arn), None, Some(who.account)),
                    Err(e) => (None, Some(e.to_string()), None),
                };
                Reached {
                    account: Account {
                        id: account.id.clone().or(id),
                        ..account
                    },
                    environment: cue.map(|e| e.label.clone()),
                    read_only: cue.is_some_and(|e| e.read_only),
                    reachable: error.is_none(),
                    caller_arn,
                    error,
                }
            })
            .collect();
        let mut out = io::BufWriter::new(io::stdout());
        match args.output {
            Output::Json => {
                serde_json::to_writer_pretty(&mut out, &rows).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Output::Table | Output::Wide => write_table(&mut out, &table(&rows))?,
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
