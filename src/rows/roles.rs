//! Execution roles (`:roles`, `dsadmin get roles`): what runs as each
//! role, its policies, what it reaches in S3 and what the role rules find;
//! and one role's detail, line by line (Enter).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::inventory::roles::Roles;
use crate::model::role::{ExecutionRole, RoleUse, UseKind};
use crate::model::{Detail, Why};
use crate::rows::{Column, Row, SortKey, Tone};

/// The problem labels, one per role rule.
pub const ADMIN: &str = "admin access";
pub const SHARED: &str = "shared by teams";
pub const UNTAGGED_S3: &str = "S3 without tag condition";

/// One S3 grant of a role's policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct S3Grant {
    pub policy: String,
    /// `bucket`, `bucket/prefix*` or `*`.
    pub resource: String,
    pub actions: Vec<String>,
    /// The actions reach objects, not only buckets.
    pub objects: bool,
    pub condition_keys: Vec<String>,
    /// Whether access is conditioned on `[governance] require_object_tag`
    /// (`null` when no tag is required, or the grant reaches no objects).
    pub tag_condition: Option<bool>,
}

/// One role with what runs as it and what it may do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleRow {
    pub name: String,
    pub arn: String,
    /// What runs as it: kind, name, team, whether through a default, and
    /// for an endpoint the model.
    pub used_by: Vec<RoleUse>,
    /// The teams of the users who run as it.
    pub teams: Vec<String>,
    pub attached_policies: Vec<String>,
    pub inline_policies: Vec<String>,
    /// Why the policies could not be listed (ListAttachedRolePolicies,
    /// ListRolePolicies), or a policy document could not be read.
    pub policies_unknown: Option<Why>,
    /// The policies that allow every action on every resource.
    pub admin_policies: Vec<String>,
    pub s3_access: Vec<S3Grant>,
    /// What the role rules find: `admin access`, `several teams`,
    /// `S3 without tag condition`.
    pub problems: Vec<&'static str>,
    /// IAM has no such role (NoSuchEntity): a resource names a deleted one.
    pub missing: bool,
    /// The tag the S3 grants were checked against (for the detail).
    #[serde(skip)]
    pub require_tag: Option<String>,
}

impl RoleRow {
    /// Every role of the snapshot, S3 grants checked against `require_tag`.
    pub fn of_roles(roles: &Roles, require_tag: Option<&str>) -> Vec<RoleRow> {
        roles
            .roles
            .iter()
            .map(|r| RoleRow::of(r, require_tag))
            .collect()
    }

    pub fn of(role: &ExecutionRole, require_tag: Option<&str>) -> RoleRow {
        let policies = role.policies.known();
        let names = |inline: bool| -> Vec<String> {
            policies
                .map(|p| {
                    p.all()
                        .filter(|p| p.is_inline() == inline)
                        .map(|p| p.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        let policies_unknown = role
            .policies
            .why()
            .or_else(|| role.unread_policy().and_then(|p| p.document.why()))
            .cloned();
        let admin_policies: Vec<String> = role
            .admin_policies()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        let s3_access: Vec<S3Grant> = role
            .s3_access()
            .into_iter()
            .map(|(policy, g)| S3Grant {
                policy: policy.to_owned(),
                tag_condition: require_tag
                    .filter(|_| g.objects)
                    .map(|t| g.conditioned_on(t)),
                resource: g.resource,
                actions: g.actions,
                objects: g.objects,
                condition_keys: g.condition_keys,
            })
            .collect();
        let teams: Vec<String> = role.teams().into_iter().map(str::to_owned).collect();
        let mut problems = Vec::new();
        if !admin_policies.is_empty() {
            problems.push(ADMIN);
        }
        if teams.len() > 1 {
            problems.push(SHARED);
        }
        if s3_access.iter().any(|g| g.tag_condition == Some(false)) {
            problems.push(UNTAGGED_S3);
        }
        RoleRow {
            name: role.name.clone(),
            arn: role.arn.clone(),
            used_by: role.uses.clone(),
            missing: role.is_missing(),
            teams,
            attached_policies: names(false),
            inline_policies: names(true),
            policies_unknown,
            admin_policies,
            s3_access,
            problems,
            require_tag: require_tag.map(str::to_owned),
        }
    }

    /// `3 profiles · 1 glue job`: each resource once (an endpoint serving
    /// two models of the role), spaces only when not through their owner.
    fn used_by_cell(&self) -> String {
        let shown: BTreeSet<(UseKind, &str)> = self
            .used_by
            .iter()
            .filter(|u| !(u.kind == UseKind::Space && u.inherited && u.team.is_some()))
            .map(|u| (u.kind, u.name.as_str()))
            .collect();
        if let ([only], 1) = (self.used_by.as_slice(), shown.len()) {
            return only.to_string();
        }
        let mut counts: BTreeMap<UseKind, usize> = BTreeMap::new();
        for (kind, _) in &shown {
            *counts.entry(*kind).or_default() += 1;
        }
        counts
            .iter()
            .map(|(kind, n)| {
                if *n == 1 {
                    format!("1 {}", kind.label())
                } else {
                    format!("{n} {}", kind.plural())
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn policies_cell(&self) -> Cow<'_, str> {
        if self.attached_policies.is_empty() && self.inline_policies.is_empty() {
            return Cow::Borrowed(if self.policies_unknown.is_some() {
                "?"
            } else {
                "none"
            });
        }
        let inline = self.inline_policies.iter().map(|p| format!("{p} (inline)"));
        Cow::Owned(
            self.attached_policies
                .iter()
                .cloned()
                .chain(inline)
                .collect::<Vec<_>>()
                .join(", "),
        )
    }

    fn s3_cell(&self) -> String {
        match self.s3_access.as_slice() {
            [] if self.policies_unknown.is_some() => "?".to_owned(),
            [] => "none".to_owned(),
            [one] => one.resource.clone(),
            many => format!("{} grants", many.len()),
        }
    }

    /// S3 grants without the required tag condition.
    fn untagged(&self) -> usize {
        self.s3_access
            .iter()
            .filter(|g| g.tag_condition == Some(false))
            .count()
    }

    fn checks_cell(&self) -> Cow<'_, str> {
        if self.missing {
            return Cow::Borrowed("no such role");
        }
        match (self.problems.as_slice(), &self.policies_unknown) {
            ([], Some(_)) => Cow::Borrowed("?"),
            ([], None) => Cow::Borrowed("ok"),
            (p, _) => Cow::Owned(p.join(" · ")),
        }
    }
}

const COLUMNS: &[Column] = &[
    // Role names are long and differ at their ends (`ds-team-X-execution`).
    Column::fixed("NAME", 36),
    Column::fill("USED BY", 16),
    Column::fill("TEAMS", 10),
    Column::fill("POLICIES", 16),
    Column::fill("S3", 12),
    Column::fill("CHECKS", 10),
];

impl Row for RoleRow {
    const NOUN: &'static str = "execution role";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Owned(self.used_by_cell()),
            2 if self.teams.is_empty() => Cow::Borrowed("-"),
            2 => Cow::Owned(self.teams.join(", ")),
            3 => self.policies_cell(),
            4 => Cow::Owned(self.s3_cell()),
            _ => self.checks_cell(),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            2 if self.teams.len() > 1 => Tone::Bad,
            3 if self.policies_unknown.is_some() => Tone::Warn,
            3 if !self.admin_policies.is_empty() => Tone::Bad,
            4 if self.untagged() > 0 => Tone::Bad,
            5 if !self.problems.is_empty() => Tone::Bad,
            5 if self.policies_unknown.is_some() => Tone::Warn,
            5 => Tone::Ok,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Num(self.used_by.len() as f64),
            2 => SortKey::Num(self.teams.len() as f64),
            3 => SortKey::Text(
                self.attached_policies
                    .first()
                    .or(self.inline_policies.first())
                    .map_or("", String::as_str),
            ),
            // The grants without the tag condition first, then how many.
            4 => SortKey::Num(self.untagged() as f64 * 1000.0 + self.s3_access.len() as f64),
            _ => SortKey::Num(self.problems.len() as f64),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 2]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(", ")
            }
        };
        let mut fields = vec![
            ("Name", self.name.clone()),
            ("ARN", self.arn.clone()),
            (
                "Used by",
                list(
                    &self
                        .used_by
                        .iter()
                        .map(RoleUse::to_string)
                        .collect::<Vec<_>>(),
                ),
            ),
            ("Teams", list(&self.teams)),
            ("Attached policies", list(&self.attached_policies)),
            ("Inline policies", list(&self.inline_policies)),
            ("Admin policies", list(&self.admin_policies)),
            (
                "S3",
                list(
                    &self
                        .s3_access
                        .iter()
                        .map(|g| {
                            format!(
                                "{} ({})",
                                g.resource,
                                g.summary(self.require_tag.as_deref())
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
            ),
            ("Checks", self.checks_cell().into_owned()),
        ];
        if let Some(why) = &self.policies_unknown {
            fields.push(("Unknown", why.text()));
        }
        fields
    }
}

impl S3Grant {
    /// `team-data: s3:GetObject, s3:PutObject; no Classification condition`.
    fn summary(&self, tag: Option<&str>) -> String {
        let condition = match (self.tag_condition, tag) {
            (Some(false), Some(tag)) => format!("no {tag} condition"),
            (Some(true), Some(tag)) => format!("conditioned on {tag}"),
            _ if !self.objects => "bucket only".to_owned(),
            _ if self.condition_keys.is_empty() => "no condition".to_owned(),
            _ => format!("condition on {}", self.condition_keys.join(", ")),
        };
        format!("{}: {}; {condition}", self.policy, self.actions.join(", "))
    }
}

/// One line of a role's detail: what the rules find, each policy, each S3
/// grant, what runs as it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleLine {
    /// `check`, `attached`, `inline`, `policies`, `S3`, `used by`.
    pub what: &'static str,
    pub name: String,
    pub detail: String,
    /// What the role rules find on this line.
    pub problem: bool,
}

impl RoleLine {
    /// The lines of one role.
    pub fn of(row: &RoleRow, role: &ExecutionRole) -> Vec<RoleLine> {
        let line = |what, name: String, detail: String, problem| RoleLine {
            what,
            name,
            detail,
            problem,
        };
        // What the role rules find comes first.
        let mut lines = Vec::new();
        if !row.admin_policies.is_empty() {
            let detail = format!(
                "{} allows every action on every resource",
                row.admin_policies.join(", ")
            );
            lines.push(line("check", ADMIN.to_owned(), detail, true));
        }
        if row.teams.len() > 1 {
            let detail = format!("user profiles of {} run as it", row.teams.join(", "));
            lines.push(line("check", SHARED.to_owned(), detail, true));
        }
        if let (n @ 1.., Some(tag)) = (row.untagged(), row.require_tag.as_deref()) {
            let grants = if n == 1 { "grant" } else { "grants" };
            let detail = format!("{n} S3 {grants} without s3:ExistingObjectTag/{tag}");
            lines.push(line("check", UNTAGGED_S3.to_owned(), detail, true));
        }
        match &role.policies {
            Detail::Known(p) => {
                for policy in p.all() {
                    let what = if policy.is_inline() {
                        "inline"
                    } else {
                        "attached"
                    };
                    let allows_all = policy.everything().is_some();
                    let detail = match (&policy.document, allows_all) {
                        (_, true) => "allows every action on every resource".to_owned(),
                        (Detail::Unknown(why), _) => format!("document unknown: {}", why.text()),
                        (Detail::Known(doc), _) => match doc.statements.len() {
                            1 => "1 statement".to_owned(),
                            n => format!("{n} statements"),
                        },
                        (Detail::Pending, _) => String::new(),
                    };
                    lines.push(line(what, policy.name.clone(), detail, allows_all));
                }
            }
            Detail::Unknown(why) => lines.push(line("policies", "?".to_owned(), why.text(), false)),
            Detail::Pending => {}
        }
        for g in &row.s3_access {
            lines.push(line(
                "S3",
                g.resource.clone(),
                g.summary(row.require_tag.as_deref()),
                g.tag_condition == Some(false),
            ));
        }
        // The longest part last: everything that runs as it.
        let shared = row.teams.len() > 1;
        lines.extend(role.uses.iter().map(|u| {
            let team = u.team.clone().unwrap_or_default();
            line("used by", u.to_string(), team, shared && u.team.is_some())
        }));
        lines
    }
}

const LINE_COLUMNS: &[Column] = &[
    Column::fixed("WHAT", 8),
    Column::fill("NAME", 24),
    Column::fill("DETAIL", 30),
];

impl Row for RoleLine {
    const NOUN: &'static str = "role detail";

    fn columns() -> &'static [Column] {
        LINE_COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(self.what),
            1 => Cow::Borrowed(&self.name),
            _ => Cow::Borrowed(&self.detail),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            0 => Tone::Muted,
            _ if self.problem => Tone::Bad,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            // As built: checks, its policies, S3, then what runs as it.
            0 => SortKey::Num(
                ["check", "attached", "inline", "policies", "S3", "used by"]
                    .iter()
                    .position(|w| *w == self.what)
                    .unwrap_or(usize::MAX) as f64,
            ),
            1 => SortKey::Text(&self.name),
            _ => SortKey::Text(&self.detail),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1]
    }

    fn title(&self) -> String {
        format!("{} {}", self.what, self.name)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("What", self.what.to_owned()),
            ("Name", self.name.clone()),
            ("Detail", self.detail.clone()),
        ]
    }
}
