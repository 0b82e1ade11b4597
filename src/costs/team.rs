//! A team's people and what they run (`:team`): each user profile with its
//! running apps, the spaces it owns and their cost, from the same inputs
//! and report as `:costs` so the figures agree.

use std::collections::HashMap;

use serde::Serialize;

use crate::costs::report::{CostInputs, CostKind, CostReport, NO_TEAM};

/// One running app of a member, as the cost report priced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberApp {
    pub app_type: String,
    /// The space, or `user/app-name` (the cost line's name).
    pub name: String,
    pub instance_type: Option<String>,
    /// `None` when the price table has no price for the instance type.
    pub hourly: Option<f64>,
    pub idle: bool,
}

/// A space the member owns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSpace {
    pub name: String,
    pub status: String,
    /// `Private` or `Shared`.
    pub sharing: String,
}

/// One user profile of the team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamMember {
    /// The profile's `TeamName` tag; `None`: no tag (or tags unknown).
    pub team: Option<String>,
    pub user: String,
    pub domain_id: String,
    /// The domain's name (its id when the name is not known).
    pub domain: String,
    /// Running apps, private ones and those of the spaces it owns, the
    /// most expensive first.
    pub apps: Vec<MemberApp>,
    pub spaces: Vec<MemberSpace>,
    /// $/hour of the running apps with a known price.
    pub hourly: f64,
    /// Apps whose price is unknown (left out of `hourly`).
    pub unpriced: u32,
    /// This month, stopped apps included (the cost report's month to date).
    pub month_to_date: f64,
    pub idle: u32,
}

impl TeamMember {
    pub fn team_or_none(&self) -> &str {
        self.team.as_deref().unwrap_or(NO_TEAM)
    }
}

/// The members of `team` (every profile when `None`), by team, then by
/// $/hour (highest first), then by name. A team name matches whatever its
/// case.
pub fn members(inputs: &CostInputs, report: &CostReport, team: Option<&str>) -> Vec<TeamMember> {
    let mut by_user: HashMap<(&str, &str), TeamMember> = HashMap::new();
    for u in &inputs.users {
        let tag = u.team();
        if team.is_some_and(|t| !tag.is_some_and(|tag| tag.eq_ignore_ascii_case(t))) {
            continue;
        }
        by_user.insert(
            (u.domain_id.as_str(), u.name.as_str()),
            TeamMember {
                team: tag.map(str::to_owned),
                user: u.name.clone(),
                domain_id: u.domain_id.clone(),
                domain: inputs
                    .domain_names
                    .get(&u.domain_id)
                    .unwrap_or(&u.domain_id)
                    .clone(),
                apps: Vec::new(),
                spaces: Vec::new(),
                hourly: 0.0,
                unpriced: 0,
                month_to_date: 0.0,
                idle: 0,
            },
        );
    }
    for line in report.lines.iter().filter(|l| l.kind == CostKind::App) {
        let (Some(domain), Some(owner)) = (line.domain_id.as_deref(), line.owner.as_deref()) else {
            continue;
        };
        let Some(member) = by_user.get_mut(&(domain, owner)) else {
            continue;
        };
        member.month_to_date += line.month_to_date.unwrap_or(0.0);
        if line.stopped.is_some() {
            continue;
        }
        member.hourly += line.hourly.unwrap_or(0.0);
        if !line.priced {
            member.unpriced += 1;
        }
        if line.idle.is_idle() {
            member.idle += 1;
        }
        member.apps.push(MemberApp {
            app_type: line.detail.clone(),
            name: line.name.clone(),
            instance_type: line.instance_type.clone(),
            hourly: line.hourly,
            idle: line.idle.is_idle(),
        });
    }
    for s in &inputs.spaces {
        let Some(owner) = s.owner.as_deref() else {
            continue;
        };
        if let Some(member) = by_user.get_mut(&(s.domain_id.as_str(), owner)) {
            member.spaces.push(MemberSpace {
                name: s.name.clone(),
                status: s.status.clone(),
                sharing: s.sharing.clone(),
            });
        }
    }
    let mut members: Vec<TeamMember> = by_user.into_values().collect();
    for m in &mut members {
        m.apps.sort_by(|a, b| {
            b.hourly
                .unwrap_or(0.0)
                .total_cmp(&a.hourly.unwrap_or(0.0))
                .then_with(|| a.name.cmp(&b.name))
        });
        m.spaces.sort_by(|a, b| a.name.cmp(&b.name));
    }
    members.sort_by(|a, b| {
        (a.team.is_none(), a.team_or_none())
            .cmp(&(b.team.is_none(), b.team_or_none()))
            .then_with(|| b.hourly.total_cmp(&a.hourly))
            .then_with(|| (&a.user, &a.domain_id).cmp(&(&b.user, &b.domain_id)))
    });
    members
}
