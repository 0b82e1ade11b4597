//! `--accounts all|ID,ID` for `get`, `check` and `costs`: the same work in
//! every account and region in scope, `IN_FLIGHT` roles assumed and then
//! `IN_FLIGHT` accounts and regions worked at a time. An account that does
//! not answer (its role cannot be assumed, its calls are refused) is named
//! on stderr and the run exits 4; every other account's output is there. The subcommands merge what answered with
//! ACCOUNT and REGION in front (JSON: `account`, `region`).

use std::future::Future;

use futures::StreamExt;

use crate::cli::error::{CliError, EXIT_SOME_ACCOUNTS};
use crate::cli::get::table::Table;
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::accounts::{base_identity, open_all, IN_FLIGHT};
use crate::cloud::aws::{resolve_profile, resolve_region};
use crate::cloud::Cloud;
use crate::model::account::{Account, AccountAccess, AccountSource, Scope};
use crate::settings::Settings;

/// One account in one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) region: String,
}

/// What a fan-out brought back: each place's answer, in the order of the
/// accounts, and why the others are missing.
pub(crate) struct Answers<T> {
    pub(crate) answered: Vec<(Place, T)>,
    pub(crate) missing: Vec<String>,
    /// Every account and region asked.
    pub(crate) places: usize,
}

impl<T> Answers<T> {
    /// Names the missing accounts on stderr: exit 4 when there are some.
    pub(crate) fn finish(&self) -> Result<(), CliError> {
        if self.missing.is_empty() {
            return Ok(());
        }
        crate::cli::output::warn(&format!(
            "dsadmin: {} of {} accounts and regions answered; missing:",
            self.answered.len(),
            self.places
        ));
        for line in &self.missing {
            crate::cli::output::warn(&format!("dsadmin:   {line}"));
        }
        Err(CliError::Reported(EXIT_SOME_ACCOUNTS))
    }
}

/// The usage errors of `--accounts` before any call: the demo estate is
/// one account, and `--account` (one account to act in) excludes it.
pub(crate) fn check_flags(cli: &GlobalArgs) -> Result<(), CliError> {
    if cli.demo {
        return Err(CliError::usage(
            "--accounts needs AWS: the demo estate is one account",
        ));
    }
    if cli.account.is_some() {
        return Err(CliError::usage(
            "give --account (one account to act in) or --accounts (several), not both",
        ));
    }
    Ok(())
}

/// Runs `work` on a cloud per account and region in `scope` (the base
/// profile's region where an account names none), `IN_FLIGHT` places at
/// a time. Unknown ids are a usage error (1 when they may be the
/// organization's, which could not be listed).
pub(crate) async fn each_place<T, F, Fut>(
    cli: &GlobalArgs,
    settings: &Settings,
    scope: &Scope,
    work: F,
) -> Result<Answers<T>, CliError>
where
    F: Fn(Cloud) -> Fut,
    Fut: Future<Output = Result<T, CliError>>,
{
    check_flags(cli)?;
    let base_opts = crate::cli::session::target(cli).aws;
    let profile = resolve_profile(base_opts.profile.as_deref());
    let base_region = resolve_region(base_opts.region.as_deref(), &profile).await?;
    let base = base_identity(&base_opts).await?;
    let (found, org_failed) = crate::cli::account_flag::known(&base_opts, &base, settings).await;
    let mut missing = Vec::new();
    if *scope == Scope::All {
        for a in found.iter().filter(|a| a.id.is_none()) {
            missing.push(format!(
                "{}: its account id is unknown because the profile did not answer (see `dsadmin accounts`)",
                a.name
            ));
        }
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
    let places = opened.len();
    let work = &work;
    let results = futures::stream::iter(opened)
        .map(|opened| {
            let account = &in_scope[opened.account];
            let place = Place {
                id: account.id.clone().unwrap_or_default(),
                name: account.name.clone(),
                region: opened.region,
            };
            // A role that was assumed answered; a profile's credentials
            // (an expired SSO session, old keys) are only tried by a call,
            // and `check` and `costs` report a failed source rather than
            // fail: ask who they are first.
            let ask = matches!(account.access, AccountAccess::Profile { .. })
                && account.source != AccountSource::Base;
            async move {
                let result = match opened.cloud {
                    Err(e) => Err(CliError::from(e)),
                    Ok(cloud) => {
                        let refused = match ask {
                            true => cloud.identity.caller_identity().await.err(),
                            false => None,
                        };
                        match refused {
                            Some(e) => Err(CliError::from(e)),
                            None => work(cloud).await,
                        }
                    }
                };
                (place, result)
            }
        })
        .buffered(IN_FLIGHT)
        .collect::<Vec<_>>()
        .await;
    let mut answered = Vec::new();
    for (place, result) in results {
        match result {
            Ok(answer) => answered.push((place, answer)),
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
    Ok(Answers {
        answered,
        missing,
        places,
    })
}

/// Tables side by side: ACCOUNT and REGION before the columns they share.
pub(crate) fn placed_table<'a>(parts: impl IntoIterator<Item = (&'a Place, &'a Table)>) -> Table {
    let mut table = Table {
        titles: vec!["ACCOUNT", "REGION"],
        rows: Vec::new(),
    };
    let mut titled = false;
    for (place, part) in parts {
        if !titled {
            table.titles.extend(part.titles.iter().copied());
            titled = true;
        }
        for row in &part.rows {
            let mut cells = vec![place.id.clone(), place.region.clone()];
            cells.extend(row.iter().cloned());
            table.rows.push(cells);
        }
    }
    table
}

/// A JSON record with `account` and `region` first (a value that is not
/// an object goes under `value`).
pub(crate) fn placed_record(place: &Place, record: serde_json::Value) -> serde_json::Value {
    let mut with = serde_json::Map::new();
    with.insert("account".to_owned(), place.id.clone().into());
    with.insert("region".to_owned(), place.region.clone().into());
    match record {
        serde_json::Value::Object(fields) => with.extend(fields),
        other => {
            with.insert("value".to_owned(), other);
        }
    }
    serde_json::Value::Object(with)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str) -> Place {
        Place {
            id: id.to_owned(),
            name: format!("n{id}"),
            region: "eu-west-2".to_owned(),
        }
    }

    #[test]
    fn tables_and_records_carry_their_place() {
        let a = Table {
            titles: vec!["NAME"],
            rows: vec![vec!["x".into()]],
        };
        let b = Table {
            titles: vec!["NAME"],
            rows: vec![vec!["y".into()], vec!["z".into()]],
        };
        let (pa, pb) = (place("111111111111"), place("222222222222"));
        let t = placed_table([(&pa, &a), (&pb, &b)]);
        assert_eq!(t.titles, ["ACCOUNT", "REGION", "NAME"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2], ["222222222222", "eu-west-2", "z"]);
        let r = placed_record(&pa, serde_json::json!({"name": "x"}));
        assert_eq!(
            r.to_string(),
            r#"{"account":"111111111111","region":"eu-west-2","name":"x"}"#
        );
        let r = placed_record(&pa, serde_json::json!(3));
        assert_eq!(r["value"], 3);
    }

    #[test]
    fn missing_accounts_exit_4() {
        let none: Answers<()> = Answers {
            answered: vec![(place("1"), ())],
            missing: Vec::new(),
            places: 1,
        };
        assert!(none.finish().is_ok());
        let some: Answers<()> = Answers {
            answered: Vec::new(),
            missing: vec!["x".into()],
            places: 1,
        };
        assert!(matches!(
            some.finish(),
            Err(CliError::Reported(EXIT_SOME_ACCOUNTS))
        ));
    }
}
