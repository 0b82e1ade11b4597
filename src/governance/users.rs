//! Studio user profiles: required tags, allowed execution roles.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::{tag_value, Detail, Domain, UserProfile};

pub(crate) fn check(users: &[UserProfile], domains: &[Domain], out: &mut Emitter<'_>) {
    let roles_configured = out.config().allowed_roles().next().is_some();
    for u in users {
        let resource = || {
            Resource::new(
                ResourceKind::UserProfile,
                format!("{}/{}", u.domain_name, u.name),
                Some(&u.arn),
            )
        };
        let missing: Vec<&str> = match &u.tags {
            Detail::Known(tags) => out
                .config()
                .required_tags
                .iter()
                .map(String::as_str)
                .filter(|k| tag_value(tags, k).is_none_or(|v| v.trim().is_empty()))
                .collect(),
            Detail::Unknown(why) => {
                out.not_checked(RuleId::UserMissingTags, &resource(), why);
                Vec::new()
            }
            Detail::Pending => Vec::new(),
        };
        if !missing.is_empty() {
            let evidence = format!("missing tag(s): {}", missing.join(", "));
            out.emit(
                RuleId::UserMissingTags,
                resource(),
                evidence,
                format!(
                    "aws sagemaker add-tags --resource-arn {} --tags {}",
                    u.arn,
                    missing
                        .iter()
                        .map(|k| format!("Key={k},Value=…"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            );
        }
        if !roles_configured {
            continue;
        }
        match &u.profile {
            Detail::Known(_) => {}
            Detail::Unknown(why) => {
                out.not_checked(RuleId::UserRoleNotAllowed, &resource(), why);
                continue;
            }
            Detail::Pending => continue,
        }
        let Some((role, inherited)) = u.runs_as(domains) else {
            continue;
        };
        if !out.config().role_allowed(role) {
            let from = if inherited {
                " (the domain's default)"
            } else {
                ""
            };
            out.emit(
                RuleId::UserRoleNotAllowed,
                resource(),
                format!("execution role {role}{from} is not in the allowed list"),
                "Update the profile's UserSettings.ExecutionRole to its team's role, or add the role to [governance] allowed_execution_roles",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;
    use crate::model::Tag;

    const TEAM_ROLE: &str = "arn:aws:iam::123456789012:role/ds-team-claims-execution";

    fn user(tags: &[(&str, &str)], role: Option<&str>) -> UserProfile {
        UserProfile {
            domain_id: "d-abc".into(),
            domain_name: "ds-prod".into(),
            name: "ana".into(),
            arn: "arn:aws:sagemaker:eu-west-2:123456789012:user-profile/d-abc/ana".into(),
            status: "InService".into(),
            profile: Detail::Known(crate::model::ProfileSettings {
                execution_role: role.map(str::to_owned),
                sso_user: None,
                failure_reason: None,
                idle_shutdown: Vec::new(),
                lifecycle_configs: Vec::new(),
            }),
            apps_running: Detail::Known(0),
            created: None,
            last_modified: None,
            tags: Detail::Known(tags.iter().map(|(k, v)| Tag::new(*k, *v)).collect()),
        }
    }

    const TAGS: &[(&str, &str)] = &[("TeamName", "claims"), ("EnvironmentType", "prod")];

    fn with_roles() -> GovernanceConfig {
        GovernanceConfig {
            allowed_execution_roles: vec!["arn:aws:iam::*:role/ds-team-*".into()],
            ..GovernanceConfig::default()
        }
    }

    #[test]
    fn tagged_user_with_allowed_role_is_fine() {
        let c = with_roles();
        let f = run(&c, |out| check(&[user(TAGS, Some(TEAM_ROLE))], &[], out));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn missing_or_empty_required_tags() {
        let c = GovernanceConfig::default();
        let u = user(&[("TeamName", " ")], Some(TEAM_ROLE));
        let f = run(&c, |out| check(&[u], &[], out));
        assert_eq!(ids(&f), ["user-missing-tags"]);
        assert_eq!(f[0].evidence, "missing tag(s): TeamName, EnvironmentType");
        assert_eq!(f[0].resource.name, "ds-prod/ana");
        // The required keys come from the config.
        let c = GovernanceConfig {
            required_tags: vec!["CostCentre".into()],
            ..GovernanceConfig::default()
        };
        let f = run(&c, |out| check(&[user(TAGS, None)], &[], out));
        assert_eq!(f[0].evidence, "missing tag(s): CostCentre");
    }

    #[test]
    fn role_outside_the_list_own_or_inherited() {
        let c = with_roles();
        let admin = "arn:aws:iam::123456789012:role/Admin";
        let f = run(&c, |out| check(&[user(TAGS, Some(admin))], &[], out));
        assert_eq!(ids(&f), ["user-role-not-allowed"]);
        assert!(f[0]
            .evidence
            .starts_with(&format!("execution role {admin} ")));
        let domain = crate::governance::testing::domain_with(|s| {
            s.default_execution_role = Some(admin.into());
        });
        let f = run(&c, |out| check(&[user(TAGS, None)], &[domain], out));
        assert_eq!(ids(&f), ["user-role-not-allowed"]);
        assert!(f[0].evidence.contains("(the domain's default)"));
    }

    #[test]
    fn team_roles_count_and_no_list_means_no_check() {
        let admin = "arn:aws:iam::123456789012:role/Admin";
        let c = GovernanceConfig {
            team_roles: vec![admin.into()],
            ..GovernanceConfig::default()
        };
        assert!(run(&c, |out| check(&[user(TAGS, Some(admin))], &[], out)).is_empty());
        let c = GovernanceConfig::default();
        assert!(run(&c, |out| check(&[user(TAGS, Some(admin))], &[], out)).is_empty());
    }
}
