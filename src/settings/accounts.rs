//! `[[accounts]]` and `[organization]`: the accounts beyond the base
//! profile, checked at load so an account that could never be reached is
//! an error at its line, not a failure at the first call.

use serde::Deserialize;

use crate::model::account::{
    is_external_id, is_region, is_role_name, role_account, Account, AccountAccess, AccountSource,
    Organization, DEFAULT_ORG_ROLE,
};

/// One `[[accounts]]` entry as written.
#[derive(Debug, Deserialize)]
pub(super) struct RawAccount {
    label: String,
    profile: Option<String>,
    role_arn: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
}

/// `[organization]` as written.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawOrganization {
    role_name: Option<String>,
    external_id: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
}

/// A bad entry: which key, and what is wrong with it.
pub(super) struct Bad {
    pub(super) field: &'static str,
    pub(super) message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> Bad {
    Bad {
        field,
        message: message.into(),
    }
}

fn check_regions(regions: &[String]) -> Result<(), Bad> {
    match regions.iter().find(|r| !is_region(r)) {
        Some(r) => Err(bad(
            "regions",
            format!("'{r}' is not an AWS region name (like eu-west-2)"),
        )),
        None => Ok(()),
    }
}

fn check_external_id(id: Option<&str>) -> Result<(), Bad> {
    match id {
        Some(id) if !is_external_id(id) => Err(bad(
            "external_id",
            "an external id is 2 to 1224 letters, digits or +=,.@:/-_",
        )),
        _ => Ok(()),
    }
}

impl RawAccount {
    pub(super) fn into_account(self) -> Result<Account, Bad> {
        if self.label.trim().is_empty() {
            return Err(bad(
                "label",
                "an account needs a label (what the header and picker show)",
            ));
        }
        check_regions(&self.regions)?;
        check_external_id(self.external_id.as_deref())?;
        let (id, access) = match (self.profile, self.role_arn) {
            (Some(profile), None) => {
                if self.external_id.is_some() {
                    return Err(bad(
                        "external_id",
                        "external_id goes with role_arn, not with a profile",
                    ));
                }
                if profile.trim().is_empty() {
                    return Err(bad("profile", "the profile name is empty"));
                }
                (None, AccountAccess::Profile { profile })
            }
            (None, Some(role_arn)) => {
                let Some(id) = role_account(&role_arn) else {
                    return Err(bad(
                        "role_arn",
                        format!(
                            "'{role_arn}' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"
                        ),
                    ));
                };
                (
                    Some(id.to_owned()),
                    AccountAccess::Role {
                        role_arn,
                        external_id: self.external_id,
                    },
                )
            }
            (Some(_), Some(_)) => {
                return Err(bad("role_arn", "give either profile or role_arn, not both"))
            }
            (None, None) => return Err(bad(
                "label",
                "an account needs profile = \"NAME\" or role_arn = \"arn:aws:iam::…:role/NAME\"",
            )),
        };
        Ok(Account {
            id,
            name: self.label,
            source: AccountSource::Config,
            access,
            regions: self.regions,
        })
    }
}

impl RawOrganization {
    pub(super) fn into_organization(self) -> Result<Organization, Bad> {
        let role_name = self
            .role_name
            .unwrap_or_else(|| DEFAULT_ORG_ROLE.to_owned());
        if !is_role_name(&role_name) {
            return Err(bad(
                "role_name",
                format!(
                    "'{role_name}' is not an IAM role name (1 to 64 letters, digits or +=,.@-_)"
                ),
            ));
        }
        check_external_id(self.external_id.as_deref())?;
        check_regions(&self.regions)?;
        Ok(Organization {
            role_name,
            external_id: self.external_id,
            regions: self.regions,
        })
    }
}
