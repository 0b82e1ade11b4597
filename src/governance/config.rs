//! What the rules can be told: per-rule enable and severity, and the
//! thresholds and lists some rules compare against (`[governance]`).

use std::collections::BTreeMap;

pub use crate::model::glob::glob_match;

use super::{RuleId, Severity};

/// AWS's range for `IdleTimeoutInMinutes`.
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 60..=525_600;

/// Whether a rule runs and how severe its findings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    pub enabled: bool,
    pub severity: Severity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GovernanceConfig {
    /// Overrides of the rules' defaults; a rule not here runs at its
    /// default severity.
    pub rules: BTreeMap<RuleId, RuleSetting>,
    /// Idle shutdown longer than this many minutes is a finding.
    pub idle_limit_minutes: u32,
    /// Tag keys every user profile must carry.
    pub required_tags: Vec<String>,
    /// Execution role ARNs user profiles may run as; `*` matches any run of
    /// characters. Together with `team_roles`; both empty: not checked.
    pub allowed_execution_roles: Vec<String>,
    /// The execution roles of the configured onboarding teams, allowed too.
    pub team_roles: Vec<String>,
    /// CodeArtifact repositories (`NAME` or `DOMAIN/NAME`, `*` allowed) that
    /// must have no external connection; empty: not checked.
    pub closed_repositories: Vec<String>,
    /// The object tag (`Classification`) every execution role's S3 object
    /// access must be conditioned on; `None`: not checked.
    pub require_object_tag: Option<String>,
}

impl Default for GovernanceConfig {
    /// The same values as `config/default.toml` (a settings test keeps
    /// them in step).
    fn default() -> Self {
        Self {
            rules: BTreeMap::new(),
            idle_limit_minutes: 240,
            required_tags: vec!["TeamName".to_owned(), "EnvironmentType".to_owned()],
            allowed_execution_roles: Vec::new(),
            team_roles: Vec::new(),
            closed_repositories: Vec::new(),
            require_object_tag: None,
        }
    }
}

/// A setting the rules cannot work with; `field` is the key under
/// `[governance]` for the message's file:line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub field: Vec<String>,
    pub message: String,
}

impl GovernanceConfig {
    pub fn setting(&self, rule: RuleId) -> RuleSetting {
        self.rules.get(&rule).copied().unwrap_or(RuleSetting {
            enabled: true,
            severity: rule.default_severity(),
        })
    }

    /// Whether any of `rules` runs (a source only they need is not loaded
    /// otherwise).
    pub fn any_enabled(&self, rules: &[RuleId]) -> bool {
        rules.iter().any(|r| self.setting(*r).enabled)
    }

    /// Every allowed role pattern: the list and the teams' roles.
    pub fn allowed_roles(&self) -> impl Iterator<Item = &str> {
        self.allowed_execution_roles
            .iter()
            .chain(&self.team_roles)
            .map(String::as_str)
    }

    pub fn role_allowed(&self, role: &str) -> bool {
        self.allowed_roles().any(|p| glob_match(p, role))
    }

    /// Whether `domain/name` must have no external connection.
    pub fn must_be_closed(&self, domain: &str, name: &str) -> bool {
        let full = format!("{domain}/{name}");
        self.closed_repositories.iter().any(|p| {
            if p.contains('/') {
                glob_match(p, &full)
            } else {
                glob_match(p, name)
            }
        })
    }

    /// Checks the thresholds and lists; the first problem is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |field: &[&str], message: String| ConfigError {
            field: field.iter().map(|s| (*s).to_owned()).collect(),
            message,
        };
        if !IDLE_MINUTES_RANGE.contains(&self.idle_limit_minutes) {
            return Err(err(
                &["idle_limit_minutes"],
                format!(
                    "{} is out of range: idle shutdown is {}-{} minutes in SageMaker",
                    self.idle_limit_minutes,
                    IDLE_MINUTES_RANGE.start(),
                    IDLE_MINUTES_RANGE.end()
                ),
            ));
        }
        for (i, tag) in self.required_tags.iter().enumerate() {
            if tag.trim().is_empty() || tag.chars().count() > 128 {
                return Err(err(
                    &["required_tags", &i.to_string()],
                    format!("\"{tag}\" is not a tag key: 1-128 characters"),
                ));
            }
        }
        for (i, role) in self.allowed_execution_roles.iter().enumerate() {
            if !role.starts_with("arn:") || !role.contains(":role/") && !role.ends_with('*') {
                return Err(err(
                    &["allowed_execution_roles", &i.to_string()],
                    format!(
                        "\"{role}\" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME; * matches any characters)"
                    ),
                ));
            }
        }
        for (i, repo) in self.closed_repositories.iter().enumerate() {
            if repo.trim().is_empty() || repo.matches('/').count() > 1 {
                return Err(err(
                    &["closed_repositories", &i.to_string()],
                    format!("\"{repo}\" is not a repository: NAME or DOMAIN/NAME"),
                ));
            }
        }
        if let Some(tag) = &self.require_object_tag {
            check_object_tag(tag).map_err(|message| err(&["require_object_tag"], message))?;
        }
        Ok(())
    }
}

/// An S3 object tag key a condition can name (`s3:ExistingObjectTag/KEY`).
pub fn check_object_tag(tag: &str) -> Result<(), String> {
    if tag.trim().is_empty() || tag.chars().count() > 128 || tag.contains('/') {
        return Err(format!(
            "\"{tag}\" is not an S3 object tag key: 1-128 characters, no /"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match(
            "arn:aws:iam::*:role/ds-team-*",
            "arn:aws:iam::123:role/ds-team-x"
        ));
        assert!(!glob_match(
            "arn:aws:iam::*:role/ds-team-*",
            "arn:aws:iam::123:role/admin"
        ));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exactly"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
    }

    #[test]
    fn settings_default_and_override() {
        let mut c = GovernanceConfig::default();
        assert_eq!(
            c.setting(RuleId::EndpointSingleInstance),
            RuleSetting {
                enabled: true,
                severity: Severity::Low
            }
        );
        c.rules.insert(
            RuleId::EndpointSingleInstance,
            RuleSetting {
                enabled: false,
                severity: Severity::High,
            },
        );
        assert!(!c.setting(RuleId::EndpointSingleInstance).enabled);
        assert!(!c.any_enabled(&[RuleId::EndpointSingleInstance]));
        assert!(c.any_enabled(&[RuleId::EndpointSingleInstance, RuleId::EndpointNoKmsKey]));
    }

    #[test]
    fn closed_repositories_by_name_or_domain() {
        let c = GovernanceConfig {
            closed_repositories: vec!["approved-*".into(), "other/internal".into()],
            ..GovernanceConfig::default()
        };
        assert!(c.must_be_closed("ds-artifacts", "approved-pypi"));
        assert!(c.must_be_closed("other", "internal"));
        assert!(!c.must_be_closed("ds-artifacts", "internal"));
        assert!(!c.must_be_closed("ds-artifacts", "pypi-upstream"));
    }

    #[test]
    fn validation_names_the_field() {
        let bad = |c: GovernanceConfig| c.validate().err().map(|e| (e.field, e.message));
        let (field, msg) = bad(GovernanceConfig {
            idle_limit_minutes: 30,
            ..GovernanceConfig::default()
        })
        .unwrap_or_default();
        assert_eq!(field, ["idle_limit_minutes"]);
        assert!(msg.contains("60-525600"), "{msg}");
        let (field, _) = bad(GovernanceConfig {
            allowed_execution_roles: vec!["arn:aws:iam::1:role/a".into(), "admin".into()],
            ..GovernanceConfig::default()
        })
        .unwrap_or_default();
        assert_eq!(field, ["allowed_execution_roles", "1"]);
        let (field, _) = bad(GovernanceConfig {
            required_tags: vec![" ".into()],
            ..GovernanceConfig::default()
        })
        .unwrap_or_default();
        assert_eq!(field, ["required_tags", "0"]);
        let (field, _) = bad(GovernanceConfig {
            closed_repositories: vec!["a/b/c".into()],
            ..GovernanceConfig::default()
        })
        .unwrap_or_default();
        assert_eq!(field, ["closed_repositories", "0"]);
        assert_eq!(GovernanceConfig::default().validate(), Ok(()));
    }
}
