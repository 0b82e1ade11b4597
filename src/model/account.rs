//! The accounts dsadmin can see beyond the base profile: where each comes
//! from and how its credentials are had. Plain records: `settings` builds
//! them from the config, `cloud` finds more (SSO profiles, AWS
//! Organizations) and reaches them.

use serde::Serialize;

/// How one account's credentials are had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AccountAccess {
    /// A profile of ~/.aws/config (SSO, keys, credential_process …).
    Profile { profile: String },
    /// sts:AssumeRole into this role from the base profile's credentials.
    Role {
        role_arn: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        external_id: Option<String>,
    },
}

/// A role to act through, assumed from the base profile's credentials
/// (`--account` on a role-reached account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRole {
    pub role_arn: String,
    pub external_id: Option<String>,
}

impl Account {
    /// The profile it is reached through, if it is reached through its own
    /// (not a role assumed from the base profile's credentials).
    pub fn own_profile(&self) -> Option<&str> {
        match &self.access {
            AccountAccess::Profile { profile } => Some(profile),
            AccountAccess::Role { .. } => None,
        }
    }
}

/// Where an account was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountSource {
    /// The profile dsadmin started with (`--profile`, `AWS_PROFILE`).
    Base,
    /// `[[accounts]]` in the config.
    Config,
    /// An SSO profile in ~/.aws/config.
    SsoProfile,
    /// `organizations:ListAccounts` from the base profile.
    Organization,
}

/// One account in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The 12-digit id, when known before the account is reached (a role
    /// ARN or an SSO profile names it; a keys profile does not).
    pub id: Option<String>,
    /// The config's label, the organization's account name, or the profile.
    pub name: String,
    pub source: AccountSource,
    pub access: AccountAccess,
    /// Regions to look in; empty means the base profile's region.
    pub regions: Vec<String>,
}

/// `[organization]`: every member account of the organization, reached by
/// assuming one role in each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    pub role_name: String,
    pub external_id: Option<String>,
    pub regions: Vec<String>,
}

/// The role AWS Organizations creates in every account it creates.
pub const DEFAULT_ORG_ROLE: &str = "OrganizationAccountAccessRole";

impl Organization {
    /// The role to assume in `account_id`.
    pub fn role_arn(&self, partition: &str, account_id: &str) -> String {
        format!("arn:{partition}:iam::{account_id}:role/{}", self.role_name)
    }
}

/// The account id an IAM role ARN names
/// (`arn:aws:iam::123456789012:role/x` → `123456789012`).
pub fn role_account(role_arn: &str) -> Option<&str> {
    let rest = role_arn.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    let (partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let ok = partition.starts_with("aws")
        && service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty());
    ok.then_some(account)
}

/// Whether `name` can be an IAM role name (1–64 of `[\w+=,.@-]`).
pub fn is_role_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c))
}

/// Whether `id` can be an sts:AssumeRole external id (2–1224 of
/// `[\w+=,.@:/-]`).
pub fn is_external_id(id: &str) -> bool {
    (2..=1224).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c))
}

/// Whether `region` is shaped like an AWS region (`eu-west-2`,
/// `us-gov-west-1`).
pub fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && rest.len() >= 2
        && rest
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && rest[..rest.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Which accounts a command covers (`--accounts all|ID,ID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every account the config, the SSO profiles and the organization name.
    All,
    /// These 12-digit account ids.
    Ids(Vec<String>),
}

impl Scope {
    /// `all`, or account ids separated by commas.
    pub fn parse(text: &str) -> Result<Scope, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Ok(Scope::All);
        }
        let mut ids = Vec::new();
        for part in text.split(',').map(str::trim) {
            if part.len() != 12 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "'{part}' is not an account id: give all, or 12-digit ids separated by commas"
                ));
            }
            if !ids.iter().any(|i| i == part) {
                ids.push(part.to_owned());
            }
        }
        Ok(Scope::Ids(ids))
    }

    pub fn covers(&self, id: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Ids(ids) => ids.iter().any(|i| i == id),
        }
    }

    /// The ids this scope names that none of `accounts` has.
    pub fn not_in(&self, accounts: &[Account]) -> Vec<&str> {
        match self {
            Scope::All => Vec::new(),
            Scope::Ids(ids) => ids
                .iter()
                .filter(|id| {
                    !accounts
                        .iter()
                        .any(|a| a.id.as_deref() == Some(id.as_str()))
                })
                .map(String::as_str)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_all_or_account_ids() {
        assert_eq!(Scope::parse("all"), Ok(Scope::All));
        assert_eq!(
            Scope::parse("111111111111, 222222222222,111111111111"),
            Ok(Scope::Ids(vec![
                "111111111111".into(),
                "222222222222".into()
            ]))
        );
        assert!(Scope::parse("prod")
            .unwrap_err()
            .contains("'prod' is not an account id"));
        assert!(Scope::parse("").is_err());
        assert!(Scope::Ids(vec!["1".into()]).covers("1") && !Scope::Ids(vec![]).covers("1"));
        let known = Account {
            id: Some("111111111111".into()),
            name: "dev".into(),
            source: AccountSource::Config,
            access: AccountAccess::Profile {
                profile: "dev".into(),
            },
            regions: Vec::new(),
        };
        let scope = Scope::parse("111111111111,222222222222").unwrap();
        assert_eq!(scope.not_in(std::slice::from_ref(&known)), ["222222222222"]);
        assert!(Scope::All.not_in(&[]).is_empty());
    }

    #[test]
    fn role_arns_regions_and_names() {
        assert_eq!(
            role_account("arn:aws:iam::123456789012:role/dsadmin-support"),
            Some("123456789012")
        );
        assert_eq!(
            role_account("arn:aws-us-gov:iam::123456789012:role/path/x"),
            Some("123456789012")
        );
        for bad in [
            "arn:aws:iam::12345:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:sts::123456789012:role/x",
            "arn:aws:iam::123456789012:role/",
            "123456789012",
        ] {
            assert_eq!(role_account(bad), None, "{bad}");
        }
        assert!(is_region("eu-west-2") && is_region("us-gov-west-1"));
        assert!(!is_region("eu-west") && !is_region("EU-west-2") && !is_region("eu--2"));
        assert!(is_role_name(DEFAULT_ORG_ROLE) && !is_role_name("a/b") && !is_role_name(""));
        assert!(is_external_id("ab") && !is_external_id("a") && !is_external_id("a b"));
    }
}
