//! The accounts beyond the base profile: found in the config, in the SSO
//! profiles of ~/.aws/config and through AWS Organizations, and reached
//! (sts:AssumeRole from the base profile's credentials, or the account's
//! own profile) to say which answer and why the others do not.

use std::sync::Arc;

use aws_credential_types::Credentials;
use aws_sdk_organizations::types::AccountStatus;

use super::config::{load_sdk_config, resolve_profile, resolve_region};
use super::profiles::{config_file_path, profile_setting, sso_profiles};
use super::sts::partition;
use super::{string, AwsContext, AwsOptions};
use crate::cloud::Survey;
use crate::cloud::{CloudError, CloudResult};
use crate::model::account::{
    Account, AccountAccess, AccountSource, AssumedRole, Organization, Scope,
};
use crate::model::CallerIdentity;

pub use super::config::SESSION_NAME;

/// How many accounts are reached at once.
pub const IN_FLIGHT: usize = 8;

/// The SSO profiles of a config file's text that name one account and role
/// (`sso_account_id` + `sso_role_name`, with `sso_session` or
/// `sso_start_url`), as accounts reached through their own profile.
pub fn sso_accounts(text: &str) -> Vec<Account> {
    sso_profiles(text)
        .into_iter()
        .filter_map(|profile| {
            let id = profile_setting(text, &profile, "sso_account_id")?;
            profile_setting(text, &profile, "sso_role_name")?;
            let regions = profile_setting(text, &profile, "region")
                .into_iter()
                .collect();
            Some(Account {
                id: Some(id),
                name: profile.clone(),
                source: AccountSource::SsoProfile,
                access: AccountAccess::Profile { profile },
                regions,
            })
        })
        .collect()
}

/// The SSO accounts of the user's ~/.aws/config (`AWS_CONFIG_FILE`).
pub fn sso_accounts_here() -> Vec<Account> {
    config_file_path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|text| sso_accounts(&text))
        .unwrap_or_default()
}

/// The base profile's context: its profile, region and credentials.
async fn base(opts: &AwsOptions) -> CloudResult<(aws_types::SdkConfig, AwsContext)> {
    // The base profile's own credentials: never a role `--account` chose.
    let opts = &AwsOptions {
        assume_role: None,
        ..opts.clone()
    };
    let profile = resolve_profile(opts.profile.as_deref());
    let region = resolve_region(opts.region.as_deref(), &profile).await?;
    let sdk = load_sdk_config(opts, &profile, &region).await?;
    Ok((sdk, AwsContext::of(opts, &profile, &region)))
}

/// Who the base profile's credentials are.
pub async fn base_identity(opts: &AwsOptions) -> CloudResult<CallerIdentity> {
    let (sdk, ctx) = base(opts).await?;
    identity(&aws_sdk_sts::Client::new(&sdk), &ctx).await
}

async fn identity(sts: &aws_sdk_sts::Client, ctx: &AwsContext) -> CloudResult<CallerIdentity> {
    let out = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(ctx.err("sts:GetCallerIdentity"))?;
    Ok(CallerIdentity {
        account: string(out.account()),
        arn: string(out.arn()),
        user_id: string(out.user_id()),
    })
}

/// The organization's active member accounts (`organizations:ListAccounts`
/// from the base profile: the management or a delegated administrator
/// account), each reached by assuming `org.role_name` in it; the base
/// account itself is reached with the base profile.
pub async fn organization_accounts(
    opts: &AwsOptions,
    me: &CallerIdentity,
    org: &Organization,
) -> CloudResult<Vec<Account>> {
    let (sdk, ctx) = base(opts).await?;
    let client = aws_sdk_organizations::Client::new(&sdk);
    let mut pages = client.list_accounts().into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(ctx.err("organizations:ListAccounts"))?;
        for a in page.accounts() {
            if a.status() != Some(&AccountStatus::Active) {
                continue;
            }
            let id = string(a.id());
            let access = if id == me.account {
                AccountAccess::Profile {
                    profile: ctx.profile.clone(),
                }
            } else {
                AccountAccess::Role {
                    role_arn: org.role_arn(partition(&ctx.region), &id),
                    external_id: org.external_id.clone(),
                }
            };
            out.push(Account {
                name: a.name().map_or_else(|| id.clone(), str::to_owned),
                id: Some(id),
                source: AccountSource::Organization,
                access,
                regions: org.regions.clone(),
            });
        }
    }
    Ok(out)
}

/// Every account in scope, each once (by id where it is known): the base
/// profile's first, then `[[accounts]]`, the SSO profiles and the
/// organization's members. A failed organization listing is returned
/// beside the accounts found elsewhere.
pub async fn discover(
    opts: &AwsOptions,
    base: &CallerIdentity,
    configured: &[Account],
    sso: Vec<Account>,
    org: Option<&Organization>,
) -> (Vec<Account>, Option<CloudError>) {
    let profile = resolve_profile(opts.profile.as_deref());
    let mut all = vec![Account {
        id: Some(base.account.clone()),
        name: profile.clone(),
        source: AccountSource::Base,
        access: AccountAccess::Profile { profile },
        regions: Vec::new(),
    }];
    all.extend(configured.iter().cloned());
    all.extend(sso);
    let mut failed = None;
    if let Some(org) = org {
        match organization_accounts(opts, base, org).await {
            Ok(members) => all.extend(members),
            Err(e) => failed = Some(e),
        }
    }
    (once_each(all), failed)
}

/// Every account `configured`, the SSO profiles of ~/.aws/config and the
/// organization name, each once, with the organization's listing failure.
/// A profile that names no account (keys, credential_process) is asked
/// which it is; one that does not answer stays without an id.
pub async fn known(
    opts: &AwsOptions,
    base: &CallerIdentity,
    configured: &[Account],
    org: Option<&Organization>,
) -> (Vec<Account>, Option<CloudError>) {
    let (mut found, org_failed) = discover(opts, base, configured, sso_accounts_here(), org).await;
    let unknown: Vec<Account> = found.iter().filter(|a| a.id.is_none()).cloned().collect();
    let mut learned = reach_all(opts, &unknown).await.into_iter();
    for account in found.iter_mut().filter(|a| a.id.is_none()) {
        if let Some(Ok(who)) = learned.next() {
            account.id = Some(who.account);
        }
    }
    // A profile that turned out to be an account found elsewhere (the base
    // one, an organization member) is that account, once.
    (once_each(found), org_failed)
}

/// [`Survey`]s the accounts in `scope` from the base profile of `opts`,
/// each reached once (a profile without an id is reached to learn it, and
/// kept when it is in scope); an error when the base profile itself does
/// not answer.
pub async fn survey(
    opts: &AwsOptions,
    configured: &[Account],
    org: Option<&Organization>,
    scope: &Scope,
) -> CloudResult<Survey> {
    let base = base_identity(opts).await?;
    let (found, org_failed) = discover(opts, &base, configured, sso_accounts_here(), org).await;
    let found: Vec<Account> = found
        .into_iter()
        .filter(|a| a.id.as_deref().is_none_or(|id| scope.covers(id)))
        .collect();
    let reached = reach_all(opts, &found).await;
    let mut seen = std::collections::HashSet::new();
    let accounts = found
        .into_iter()
        .zip(reached)
        .filter_map(|(account, answer)| {
            let id = account
                .id
                .clone()
                .or_else(|| answer.as_ref().ok().map(|who| who.account.clone()));
            match &id {
                // A profile that turned out to be an account already
                // listed (or one out of scope) is not listed again.
                Some(id) if !scope.covers(id) || !seen.insert(id.clone()) => None,
                // One that did not answer stays, without an id, in `all`.
                None if *scope != Scope::All => None,
                _ => Some((Account { id, ..account }, answer)),
            }
        })
        .collect();
    Ok(Survey {
        base,
        accounts,
        org_failed,
    })
}

/// Each account once: by id where it is known, by profile otherwise. The
/// first entry stays (the base profile, then the config's), taking the id
/// a later one knows (an SSO profile's `sso_account_id` for a `[[accounts]]
/// profile` entry).
fn once_each(all: Vec<Account>) -> Vec<Account> {
    let mut kept: Vec<Account> = Vec::new();
    for account in all {
        let same_profile = |k: &Account| match (&k.access, &account.access) {
            (AccountAccess::Profile { profile: a }, AccountAccess::Profile { profile: b }) => {
                a == b
            }
            _ => false,
        };
        let same_id = |k: &Account| k.id.is_some() && k.id == account.id;
        match kept.iter_mut().find(|k| same_id(k) || same_profile(k)) {
            Some(k) => {
                if k.id.is_none() {
                    k.id = account.id;
                }
            }
            None => kept.push(account),
        }
    }
    kept
}

/// The credentials of an assumed role, from the base profile's.
async fn assume(
    sdk: &aws_types::SdkConfig,
    ctx: &AwsContext,
    role_arn: &str,
    external_id: Option<&str>,
) -> CloudResult<Credentials> {
    let out = aws_sdk_sts::Client::new(sdk)
        .assume_role()
        .role_arn(role_arn)
        .role_session_name(SESSION_NAME)
        .set_external_id(external_id.map(str::to_owned))
        .send()
        .await
        .map_err(ctx.err("sts:AssumeRole"))?;
    let c = out.credentials().ok_or_else(|| CloudError::Other {
        code: "NoCredentials".to_owned(),
        message: format!("sts:AssumeRole {role_arn} answered without credentials"),
    })?;
    Ok(Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_owned()),
        std::time::SystemTime::try_from(*c.expiration()).ok(),
        "dsadmin-assume-role",
    ))
}

/// Reaches `account`: its credentials (assumed, or its profile's) and who
/// they are. The error says why it cannot be reached (the role cannot be
/// assumed, the SSO session expired, the profile has no credentials …).
pub async fn reach(opts: &AwsOptions, account: &Account) -> CloudResult<CallerIdentity> {
    match &account.access {
        AccountAccess::Profile { profile } => {
            let opts = AwsOptions {
                profile: Some(profile.clone()),
                region: opts
                    .region
                    .clone()
                    .or_else(|| account.regions.first().cloned()),
                ..opts.clone()
            };
            base_identity(&opts).await
        }
        AccountAccess::Role {
            role_arn,
            external_id,
        } => {
            let (sdk, ctx) = base(opts).await?;
            let credentials = assume(&sdk, &ctx, role_arn, external_id.as_deref()).await?;
            let assumed = sdk
                .to_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(credentials),
                )
                .build();
            identity(&aws_sdk_sts::Client::new(&assumed), &ctx).await
        }
    }
}

/// The options that act in `account`: its profile, or the base profile
/// with its role assumed (refreshed before it expires); in `region`, else
/// the account's first, else the base options' region.
pub fn options_in(base: &AwsOptions, account: &Account, region: Option<String>) -> AwsOptions {
    let region = region
        .or_else(|| account.regions.first().cloned())
        .or_else(|| base.region.clone());
    match &account.access {
        AccountAccess::Profile { profile } => AwsOptions {
            profile: Some(profile.clone()),
            region,
            assume_role: None,
            ..base.clone()
        },
        AccountAccess::Role {
            role_arn,
            external_id,
        } => AwsOptions {
            region,
            assume_role: Some(AssumedRole {
                role_arn: role_arn.clone(),
                external_id: external_id.clone(),
            }),
            ..base.clone()
        },
    }
}

/// One account in one region, opened for listing.
pub struct Opened {
    /// The index of the account in the list given.
    pub account: usize,
    pub region: String,
    pub cloud: CloudResult<crate::cloud::Cloud>,
}

/// A cloud per account and region (`regions` where the account names
/// none), `IN_FLIGHT` accounts at a time: a role is assumed once per
/// account and its credentials serve every region (a fan-out is one short
/// run; the TUI's sessions use the refreshing provider of `--account`).
/// The SDK configuration is loaded once (the base profile's, for every
/// role) or once per profile, and each region takes it with its own
/// region: one HTTP client and connection pool per account rather than
/// one per place.
/// Every place shares one set of follow-up limits (`cloud::limit`): at
/// most 32 follow-up calls per service in flight across the whole
/// fan-out, halved when any account is throttled, however many accounts
/// are listed at once.
/// An account whose role cannot be assumed fails in each of its regions
/// with that reason.
pub async fn open_all(opts: &AwsOptions, accounts: &[Account], regions: &[String]) -> Vec<Opened> {
    use futures::StreamExt;
    let base = base(opts).await;
    let limits = Arc::new(crate::cloud::limit::Limits::default());
    let per_account = futures::stream::iter(accounts.iter().enumerate())
        .map(|(i, account)| {
            let (base, limits) = (&base, &limits);
            async move {
                let places: Vec<String> = if account.regions.is_empty() {
                    regions.to_vec()
                } else {
                    account.regions.clone()
                };
                let opened = account_config(opts, base, account, &places).await;
                places
                    .into_iter()
                    .map(|region| Opened {
                        account: i,
                        cloud: opened.clone().map(|(profile, sdk)| {
                            let place = AwsOptions {
                                profile: Some(profile.clone()),
                                region: Some(region.clone()),
                                assume_role: None,
                                ..opts.clone()
                            };
                            let sdk = sdk
                                .to_builder()
                                .region(aws_types::region::Region::new(region.clone()))
                                .build();
                            let mut cloud = super::build(&place, sdk, profile, region.clone());
                            cloud.limits = limits.clone();
                            cloud
                        }),
                        region,
                    })
                    .collect::<Vec<_>>()
            }
        })
        .buffered(IN_FLIGHT)
        .collect::<Vec<_>>()
        .await;
    per_account.into_iter().flatten().collect()
}

/// The profile an account's clients are named by and the configuration
/// that reaches it: its own profile's, loaded in its first region, or the
/// base profile's with the role's credentials.
async fn account_config(
    opts: &AwsOptions,
    base: &CloudResult<(aws_types::SdkConfig, AwsContext)>,
    account: &Account,
    places: &[String],
) -> CloudResult<(String, aws_types::SdkConfig)> {
    match &account.access {
        AccountAccess::Profile { profile } => {
            let first = places.first().cloned().unwrap_or_default();
            let place = AwsOptions {
                profile: Some(profile.clone()),
                region: Some(first.clone()),
                assume_role: None,
                ..opts.clone()
            };
            let sdk = load_sdk_config(&place, profile, &first).await?;
            Ok((profile.clone(), sdk))
        }
        AccountAccess::Role {
            role_arn,
            external_id,
        } => {
            let (sdk, ctx) = base.as_ref().map_err(Clone::clone)?;
            let credentials = assume(sdk, ctx, role_arn, external_id.as_deref()).await?;
            let sdk = sdk
                .to_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(credentials),
                )
                .build();
            Ok((ctx.profile.clone(), sdk))
        }
    }
}

/// Each account with whether it answered, `IN_FLIGHT` at a time, in the
/// order given.
pub async fn reach_all(
    opts: &AwsOptions,
    accounts: &[Account],
) -> Vec<CloudResult<CallerIdentity>> {
    use futures::StreamExt;
    let opts = Arc::new(opts.clone());
    futures::stream::iter(accounts.iter().cloned())
        .map(|account| {
            let opts = opts.clone();
            async move { reach(&opts, &account).await }
        })
        .buffered(IN_FLIGHT)
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_once_and_a_profile_entry_takes_the_sso_profiles_id() {
        let profile = |name: &str, id: Option<&str>, source| Account {
            id: id.map(str::to_owned),
            name: name.to_owned(),
            source,
            access: AccountAccess::Profile {
                profile: name.to_owned(),
            },
            regions: Vec::new(),
        };
        let kept = once_each(vec![
            profile("base", Some("111111111111"), AccountSource::Base),
            profile("sandbox-sso", None, AccountSource::Config),
            profile(
                "sandbox-sso",
                Some("222222222222"),
                AccountSource::SsoProfile,
            ),
            profile(
                "other-name",
                Some("111111111111"),
                AccountSource::SsoProfile,
            ),
        ]);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1].source, AccountSource::Config);
        assert_eq!(kept[1].id.as_deref(), Some("222222222222"));
    }

    #[test]
    fn sso_profiles_with_an_account_and_role_are_accounts() {
        let text = "[profile claims-prod]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = DsAdmin\nregion = eu-west-2\n\
                    [profile legacy]\nsso_start_url = https://x.awsapps.com/start\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
                    [profile no-role]\nsso_session = corp\nsso_account_id = 333333333333\n\
                    [profile keys]\nregion = eu-west-1\n[sso-session corp]\nsso_region = eu-west-2\n";
        let accounts = sso_accounts(text);
        let ids: Vec<_> = accounts
            .iter()
            .map(|a| a.id.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(ids, ["111111111111", "222222222222"]);
        assert_eq!(accounts[0].regions, ["eu-west-2"]);
        assert!(accounts[1].regions.is_empty());
        assert_eq!(
            accounts[0].access,
            AccountAccess::Profile {
                profile: "claims-prod".into()
            }
        );
        assert_eq!(accounts[0].source, AccountSource::SsoProfile);
    }
}
