//! Execution roles: one that allows everything, one shared by users of
//! different teams, and S3 object access not conditioned on the object tag
//! `[governance] require_object_tag` names.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::inventory::roles::Roles;
use crate::model::role::{ExecutionRole, UseKind};

use RuleId::{
    ExecutionRoleAdminAccess, ExecutionRoleS3WithoutTagCondition, ExecutionRoleSharedAcrossTeams,
};

/// Every rule that reads the roles.
pub(super) const ROLE_RULES: &[RuleId] = &[
    ExecutionRoleAdminAccess,
    ExecutionRoleSharedAcrossTeams,
    ExecutionRoleS3WithoutTagCondition,
];
/// The rules that read the roles' policies.
const POLICY_RULES: &[RuleId] = &[ExecutionRoleAdminAccess, ExecutionRoleS3WithoutTagCondition];

/// At most this many items are named in one finding's evidence.
const NAMED: usize = 3;

/// `a; b; c (+2 more)`.
fn some_of(items: &[String]) -> String {
    let mut text = items
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > NAMED {
        text.push_str(&format!(" (+{} more)", items.len() - NAMED));
    }
    text
}

pub(crate) fn check(roles: &Roles, out: &mut Emitter<'_>) {
    // What could not be read may run as a role of its own (a failed list
    // is its source's note, in collect.rs, already naming these rules);
    // a profile whose tags are unknown has a known role but no team.
    for gap in &roles.gaps {
        let resource = Resource::new(ResourceKind::ExecutionRole, &gap.what, None);
        let rules: &[RuleId] = if gap.team_only {
            &[ExecutionRoleSharedAcrossTeams]
        } else {
            ROLE_RULES
        };
        for rule in rules {
            out.not_checked(*rule, &resource, &gap.why);
        }
    }
    for role in &roles.roles {
        check_role(role, out);
    }
}

fn check_role(role: &ExecutionRole, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::ExecutionRole, &role.name, Some(&role.arn));
    let teams = role.teams();
    if teams.len() > 1 {
        // The profiles; their private spaces say the same again.
        let users: Vec<String> = role
            .uses
            .iter()
            .filter(|u| u.kind == UseKind::UserProfile && u.team.is_some())
            .map(|u| format!("{} ({})", u, u.team.as_deref().unwrap_or_default()))
            .collect();
        out.emit(
            ExecutionRoleSharedAcrossTeams,
            resource(),
            format!(
                "users of {} teams run as it ({}): {}",
                teams.len(),
                teams.join(", "),
                some_of(&users)
            ),
            "Give each team its own execution role (UpdateUserProfile UserSettings.ExecutionRole, or the onboarding team's role)",
        );
    }
    // A role that no longer exists grants nothing (`:roles` shows it):
    // whatever still names it cannot start.
    if role.is_missing() {
        return;
    }
    let Some(_) = out.described(&role.policies, POLICY_RULES, &resource()) else {
        return;
    };
    let admin = role.admin_policies();
    if let Some(policy) = admin.first() {
        let how = match policy.everything() {
            Some(Some(statement)) => format!(
                "Allow * on *{}",
                statement
                    .sid
                    .as_deref()
                    .map(|s| format!(" (Sid {s})"))
                    .unwrap_or_default()
            ),
            _ => "AWS managed, every action on every resource".to_owned(),
        };
        let kind = if policy.is_inline() {
            "inline policy"
        } else {
            "attached policy"
        };
        out.emit(
            ExecutionRoleAdminAccess,
            resource(),
            format!("{kind} {} ({how})", policy.name),
            "Replace it with a policy scoped to the actions and resources the workload needs (IAM Access Analyzer can generate one from CloudTrail)",
        );
    } else if let Some(unread) = role.unread_policy() {
        if let Some(why) = unread.document.why() {
            out.not_checked(ExecutionRoleAdminAccess, &resource(), why);
        }
    }
    let Some(tag) = out.config().require_object_tag.clone() else {
        return;
    };
    let open = role.s3_without_tag(&tag);
    if !open.is_empty() {
        let grants: Vec<String> = open
            .iter()
            .map(|(policy, g)| format!("{policy}: {} on {}", g.actions.join(", "), g.resource))
            .collect();
        out.emit(
            ExecutionRoleS3WithoutTagCondition,
            resource(),
            format!(
                "object access without s3:ExistingObjectTag/{tag}: {}",
                some_of(&grants)
            ),
            format!("Add a Condition on s3:ExistingObjectTag/{tag} (and s3:RequestObjectTag/{tag} for writes) to each statement, or narrow its Resource to data of one classification"),
        );
    } else if let Some(unread) = role.unread_policy() {
        if let Some(why) = unread.document.why() {
            out.not_checked(ExecutionRoleS3WithoutTagCondition, &resource(), why);
        }
    }
}
