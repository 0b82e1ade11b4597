//! `--account ID`: act in another account. Resolved once, before either
//! face opens a cloud, into the profile or the role to assume, so every
//! subcommand (and the TUI) then acts there with that account's own
//! credentials; the journal, the header and read-only follow from the
//! caller identity those credentials give.

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cloud::aws::accounts::{base_identity, reach};
use crate::model::account::{Account, AccountAccess, AssumedRole, Scope};
use crate::settings::Settings;

/// Points `global` at the account `--account` names: its profile, or its
/// role assumed from the base profile, and its first region unless
/// `--region` gave one. Exit 2 for an id that is malformed or names no
/// account dsadmin knows; 1 when it cannot be reached (the reason).
pub fn resolve(global: &mut GlobalArgs, settings: &Settings) -> Result<(), CliError> {
    let Some(id) = global.account.clone() else {
        return Ok(());
    };
    if global.demo {
        return Err(CliError::usage(
            "--account needs AWS: the demo estate is one account",
        ));
    }
    if !matches!(Scope::parse(&id), Ok(Scope::Ids(ref ids)) if ids.len() == 1) {
        return Err(CliError::usage(format!(
            "--account {id}: give one 12-digit account id"
        )));
    }
    let opts = crate::cli::session::target(global).aws;
    let runtime = crate::cli::session::runtime()?;
    let account = runtime.block_on(async {
        let base = base_identity(&opts).await?;
        if base.account == id {
            return Ok(None);
        }
        let (found, org_failed) = known(&opts, &base, settings).await;
        let Some(account) = found.into_iter().find(|a| a.id.as_deref() == Some(id.as_str())) else {
            // Not a usage error when the organization could not be asked.
            if let Some(e) = org_failed {
                return Err(CliError::failed(format!(
                    "--account {id}: not found, and the organization's accounts could not be listed: {e}"
                )));
            }
            return Err(CliError::usage(format!(
                "--account {id} is none of the accounts dsadmin knows: add it to [[accounts]] in the config, or see `dsadmin accounts`"
            )));
        };
        reach(&opts, &account).await.map_err(|e| {
            CliError::failed(format!(
                "--account {id} ({}) cannot be reached: {e}",
                account.name
            ))
        })?;
        Ok(Some(account))
    })?;
    let Some(account) = account else {
        return Ok(());
    };
    match account.access {
        AccountAccess::Profile { profile } => global.profile = Some(profile),
        AccountAccess::Role {
            role_arn,
            external_id,
        } => {
            global.assume_role = Some(AssumedRole {
                role_arn,
                external_id,
            })
        }
    }
    if global.region.is_none() {
        global.region = account.regions.first().cloned();
    }
    Ok(())
}

/// Every account the config, the SSO profiles and the organization name,
/// with the organization's listing failure.
pub(crate) async fn known(
    opts: &crate::cloud::aws::AwsOptions,
    base: &crate::model::CallerIdentity,
    settings: &Settings,
) -> (Vec<Account>, Option<crate::cloud::CloudError>) {
    crate::cloud::aws::accounts::known(
        opts,
        base,
        &settings.accounts,
        settings.organization.as_ref(),
    )
    .await
}
