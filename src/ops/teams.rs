//! Team definitions (`[teams.NAME]` in the config): what every profile
//! onboarded into a team gets, so admins pick a team instead of typing ARNs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::validate::{self, Field, Invalid};
use crate::model::TEAM_TAG;

/// One team, as written in `[teams.NAME]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSettings {
    /// The IAM role the team's notebooks run as.
    pub execution_role: String,
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Extra tags for the team's profiles (`TeamName` and `EnvironmentType`
    /// are added by dsadmin).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// JupyterLab's default instance type, e.g. `ml.t3.medium`.
    #[serde(default)]
    pub default_instance_type: Option<String>,
    #[serde(default)]
    pub lifecycle_config_arn: Option<String>,
    /// Native idle shutdown of JupyterLab apps, 60–525600 minutes.
    #[serde(default)]
    pub idle_timeout_minutes: Option<u32>,
}

impl TeamSettings {
    /// A team with only a role, the minimum a team needs.
    pub fn new(execution_role: impl Into<String>) -> Self {
        Self {
            execution_role: execution_role.into(),
            security_groups: Vec::new(),
            tags: BTreeMap::new(),
            default_instance_type: None,
            lifecycle_config_arn: None,
            idle_timeout_minutes: None,
        }
    }

    /// Checks everything that does not depend on a domain (the VpcOnly
    /// security-group limit and propagated tags are checked per request).
    /// The first problem found, prefixed with the team's name.
    pub fn validate(&self, name: &str) -> Result<(), Invalid> {
        let in_team = |e: Invalid| Invalid {
            field: e.field,
            message: format!("team '{name}': {}", e.message),
        };
        // The name becomes the TeamName tag value.
        validate::tag(TEAM_TAG, name).map_err(|e| Invalid {
            field: Field::Team,
            message: format!("team name '{name}' cannot be a TeamName tag value: {e}"),
        })?;
        validate::execution_role(&self.execution_role).map_err(in_team)?;
        validate::security_groups(&self.security_groups, None).map_err(in_team)?;
        // +2 for TeamName and EnvironmentType, which every profile gets.
        let tags = validate::tags_from_map(&self.tags);
        validate::tags(&tags, None).map_err(in_team)?;
        if tags.len() + 2 > validate::MAX_TAGS {
            return Err(in_team(Invalid {
                field: Field::Tags,
                message: format!(
                    "{} tags: at most {} so TeamName and EnvironmentType still fit in {}",
                    tags.len(),
                    validate::MAX_TAGS - 2,
                    validate::MAX_TAGS
                ),
            }));
        }
        if let Some(t) = &self.default_instance_type {
            validate::instance_type(t).map_err(in_team)?;
        }
        if let Some(a) = &self.lifecycle_config_arn {
            validate::lifecycle_config_arn(a).map_err(in_team)?;
        }
        if let Some(m) = self.idle_timeout_minutes {
            validate::idle_timeout(m).map_err(in_team)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_team_is_valid_and_problems_name_the_team() {
        let t = TeamSettings::new("arn:aws:iam::123456789012:role/ds-team-x");
        assert!(t.validate("claims-ml").is_ok());
        let mut bad = t.clone();
        bad.idle_timeout_minutes = Some(5);
        let err = bad.validate("claims-ml").unwrap_err();
        assert_eq!(err.field, Field::IdleTimeout);
        assert!(
            err.message.starts_with("team 'claims-ml': idle timeout 5"),
            "{err}"
        );
        assert_eq!(t.validate("bad;name").unwrap_err().field, Field::Team);
    }
}
