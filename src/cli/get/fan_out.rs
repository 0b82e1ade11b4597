//! `dsadmin get KIND --accounts all|ID,ID`: the same listing in every
//! account and region in scope, at most `IN_FLIGHT` accounts at a time,
//! merged with ACCOUNT and REGION in front (JSON: `account`, `region` in
//! each record). An account that does not answer (its role cannot be
//! assumed, its calls are refused) is named on stderr and the run exits 4;
//! every other account's rows are there.

use std::io::{self, Write};

use chrono::Utc;
use futures::StreamExt;

use super::{list_into, GetArgs, Listing, Output, Sink, Table};
use crate::cli::error::{CliError, EXIT_SOME_ACCOUNTS};
use crate::cli::get::write_table;
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::accounts::{base_identity, open_all, IN_FLIGHT};
use crate::cloud::aws::{resolve_profile, resolve_region};
use crate::model::account::{Account, Scope};
use crate::settings::Settings;

/// One account in one region, as the merged listing names it.
struct Place {
    id: String,
    name: String,
    region: String,
}

/// The listings side by side: ACCOUNT and REGION before the kind's columns.
fn merged_table(listed: &[(Place, Listing)]) -> Table {
    let titles = listed
        .iter()
        .find_map(|(_, l)| l.table.as_ref().map(|t| t.titles.clone()))
        .unwrap_or_default();
    let mut table = Table {
        titles: [vec!["ACCOUNT", "REGION"], titles].concat(),
        rows: Vec::new(),
    };
    for (place, listing) in listed {
        let Some(t) = &listing.table else { continue };
        for row in &t.rows {
            let mut cells = vec![place.id.clone(), place.region.clone()];
            cells.extend(row.iter().cloned());
            table.rows.push(cells);
        }
    }
    table
}

/// Each record with `account` and `region` first.
fn merged_records(listed: Vec<(Place, Listing)>) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (place, listing) in listed {
        for record in listing.records {
            let mut with = serde_json::Map::new();
            with.insert("account".to_owned(), place.id.clone().into());
            with.insert("region".to_owned(), place.region.clone().into());
            match record {
                serde_json::Value::Object(fields) => with.extend(fields),
                other => {
                    with.insert("value".to_owned(), other);
                }
            }
            out.push(serde_json::Value::Object(with));
        }
    }
    out
}

pub(super) fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    args: &GetArgs,
    scope: &Scope,
) -> Result<(), CliError> {
    if cli.demo {
        return Err(CliError::usage(
            "--accounts needs AWS: the demo estate is one account",
        ));
    }
    if cli.account.is_some() {
        return Err(CliError::usage(
            "give --account (one account to act in) or --accounts (several to list), not both",
        ));
    }
    // Before any call: a flag the kind does not take is one usage error,
    // not one per account.
    super::check_flags(args)?;
    let base_opts = crate::cli::session::target(cli).aws;
    let runtime = crate::cli::session::runtime()?;
    runtime.block_on(async {
        let now = Utc::now();
        let profile = resolve_profile(base_opts.profile.as_deref());
        let base_region = resolve_region(base_opts.region.as_deref(), &profile).await?;
        let base = base_identity(&base_opts).await?;
        let (found, org_failed) =
            crate::cli::account_flag::known(&base_opts, &base, settings).await;
        let mut missing = Vec::new();
        for a in found.iter().filter(|a| a.id.is_none() && *scope == Scope::All) {
            missing.push(format!(
                "{}: its account id is unknown because the profile did not answer (see `dsadmin accounts`)",
                a.name
            ));
        }
        let in_scope: Vec<Account> = found
            .into_iter()
            .filter(|a| a.id.as_deref().is_some_and(|id| scope.covers(id)))
            .collect();
        let unknown = scope.not_in(&in_scope);
        if !unknown.is_empty() {
            let message = format!(
                "--accounts: {} not among the accounts dsadmin knows (see `dsadmin accounts`)",
                unknown.join(", ")
            );
            return Err(match &org_failed {
                Some(e) => CliError::failed(format!(
                    "{message}; the organization's accounts could not be listed: {e}"
                )),
                None => CliError::usage(message),
            });
        }
        let opened = open_all(&base_opts, &in_scope, std::slice::from_ref(&base_region)).await;
        let listings = futures::stream::iter(opened)
            .map(|opened| {
                let account = &in_scope[opened.account];
                let place = Place {
                    id: account.id.clone().unwrap_or_default(),
                    name: account.name.clone(),
                    region: opened.region,
                };
                async move {
                    let listed = async {
                        let cloud = opened.cloud?;
                        let mut listing = Listing::default();
                        list_into(
                            args,
                            &cloud,
                            &settings.git,
                            &mut Sink::Keep(&mut listing),
                            now,
                        )
                        .await?;
                        Ok::<_, CliError>(listing)
                    }
                    .await;
                    (place, listed)
                }
            })
            .buffered(IN_FLIGHT)
            .collect::<Vec<_>>()
            .await;
        let places = listings.len();
        let mut listed = Vec::new();
        let mut missing = Vec::new();
        for (place, result) in listings {
            match result {
                Ok(listing) => listed.push((place, listing)),
                Err(e) => missing.push(format!(
                    "{} ({}) in {}: {e}",
                    place.id, place.name, place.region
                )),
            }
        }
        if let Some(e) = org_failed {
            missing.push(format!(
                "the organization's accounts could not be listed: {e}"
            ));
        }
        let answered = listed.len();
        let mut out = io::BufWriter::new(io::stdout());
        match args.output {
            Output::Json => {
                let records = merged_records(listed);
                serde_json::to_writer_pretty(&mut out, &records).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Output::Table | Output::Wide => write_table(&mut out, &merged_table(&listed))?,
        }
        out.flush()?;
        if missing.is_empty() {
            return Ok(());
        }
        crate::cli::output::warn(&format!(
            "dsadmin: {answered} of {} accounts and regions answered; missing:",
            places
        ));
        for line in &missing {
            crate::cli::output::warn(&format!("dsadmin:   {line}"));
        }
        Err(CliError::Reported(EXIT_SOME_ACCOUNTS))
    })
}
