//! The demo estate's IAM, from assets/demo/roles.toml: each role's
//! attached and inline policies, found by the first entry whose name
//! matches, and the profiles roles.toml moves onto another team's role.

use super::estate::Estate;
use super::seed::{RoleSeed, RolesSeed};
use crate::cloud::{CloudError, CloudResult};
use crate::model::role::ADMIN_POLICY_SUFFIX;
use crate::model::Detail;

/// What AWS's AdministratorAccess says.
const ADMIN_DOCUMENT: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// `Some(matched)` when `name` matches `pattern` (one `*` at most): what
/// the `*` stood for, empty without one.
fn matches<'a>(pattern: &str, name: &'a str) -> Option<&'a str> {
    match pattern.split_once('*') {
        None => (pattern == name).then_some(""),
        Some((head, tail)) => name
            .strip_prefix(head)
            // The tail is taken from what follows the head: they never overlap.
            .and_then(|rest| rest.strip_suffix(tail)),
    }
}

fn no_such_role(role: &str) -> CloudError {
    CloudError::NotFound {
        what: format!("role {role} (NoSuchEntity)"),
    }
}

impl RolesSeed {
    /// The role's entry and what its `*` matched.
    fn role<'a>(&'a self, role: &'a str) -> CloudResult<(&'a RoleSeed, &'a str)> {
        self.roles
            .iter()
            .find_map(|r| matches(&r.name, role).map(|m| (r, m)))
            .ok_or_else(|| no_such_role(role))
    }
}

impl Estate {
    /// Profiles of the teams roles.toml names run as its role instead.
    pub(super) fn gen_profile_roles(&mut self, seed: &RolesSeed) -> Result<(), String> {
        for p in &seed.profile_roles {
            let domain = self
                .domains
                .iter()
                .find(|d| d.name == p.domain)
                .map(|d| d.id.clone())
                .ok_or_else(|| {
                    format!(
                        "demo seed assets/demo/roles.toml names unknown domain '{}'",
                        p.domain
                    )
                })?;
            for u in self.user_profiles.iter_mut().filter(|u| {
                u.domain_id == domain && u.team().is_some_and(|t| p.teams.iter().any(|x| x == t))
            }) {
                if let Detail::Known(s) = &mut u.profile {
                    s.execution_role = Some(p.role.clone());
                }
            }
        }
        Ok(())
    }

    pub(super) fn attached_role_policies(&self, role: &str) -> CloudResult<Vec<(String, String)>> {
        let (entry, _) = self.roles.role(role)?;
        Ok(entry
            .attached
            .iter()
            .map(|a| {
                if a.starts_with("arn:") {
                    (crate::model::role::role_name(a).to_owned(), a.clone())
                } else {
                    (
                        a.clone(),
                        format!("arn:aws:iam::{}:policy/{a}", self.account),
                    )
                }
            })
            .collect())
    }

    pub(super) fn inline_role_policies(&self, role: &str) -> CloudResult<Vec<String>> {
        Ok(self.roles.role(role)?.0.inline.keys().cloned().collect())
    }

    pub(super) fn inline_role_policy(&self, role: &str, name: &str) -> CloudResult<String> {
        let (entry, matched) = self.roles.role(role)?;
        entry
            .inline
            .get(name)
            .map(|d| d.trim().replace("{*}", matched))
            .ok_or_else(|| CloudError::NotFound {
                what: format!("inline policy {name} of role {role} (NoSuchEntity)"),
            })
    }

    pub(super) fn managed_policy(&self, arn: &str) -> CloudResult<String> {
        if arn.ends_with(ADMIN_POLICY_SUFFIX) {
            return Ok(ADMIN_DOCUMENT.to_owned());
        }
        let name = crate::model::role::role_name(arn);
        self.roles
            .policies
            .iter()
            .find(|p| p.name == name && arn.contains(&format!(":{}:policy/", self.account)))
            .map(|p| p.document.trim().to_owned())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("policy {arn} (NoSuchEntity)"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn one_star_patterns() {
        assert_eq!(
            matches("ds-team-*-execution", "ds-team-claims-ml-execution"),
            Some("claims-ml")
        );
        assert_eq!(matches("ds-glue-*", "ds-glue-fraud"), Some("fraud"));
        assert_eq!(matches("exact", "exact"), Some(""));
        assert_eq!(matches("ds-*-x", "ds-x"), None);
        assert_eq!(matches("a*a", "a"), None);
    }
}
