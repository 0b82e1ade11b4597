//! A team member as a row (`:team`): who, what runs, which spaces, and what
//! it costs by the hour and this month.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::costs::team::TeamMember;
use crate::rows::costs::{dollars, hourly};
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fill("TEAM", 10),
    Column::fill("USER", 12),
    Column::fill("DOMAIN", 10),
    Column::fixed("APPS", 4),
    Column::fill("RUNNING", 16),
    Column::fill("SPACES", 10),
    Column::fixed("$/H", 7),
    Column::fixed("MTD", 8),
    Column::fixed("IDLE", 4),
];

/// The $/H column.
pub const HOURLY_COLUMN: usize = 6;

/// A row of `:team`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub member: TeamMember,
    /// "JupyterLab ml.t3.medium, CodeEditor ml.m5.large": built once, the
    /// filter and the cell share it.
    running: String,
    spaces: String,
}

impl TeamRow {
    pub fn new(member: TeamMember) -> Self {
        let running = member
            .apps
            .iter()
            .map(|a| match &a.instance_type {
                Some(t) => format!("{} {t}", a.app_type),
                None => a.app_type.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let spaces = member
            .spaces
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            member,
            running,
            spaces,
        }
    }

    fn hourly_text(&self) -> Cow<'static, str> {
        let m = &self.member;
        match (m.apps.is_empty(), m.unpriced) {
            (true, _) => Cow::Borrowed("-"),
            // Some apps have no price: the sum is a floor, and says so.
            (false, 0) => Cow::Owned(hourly(m.hourly)),
            (false, _) => Cow::Owned(format!("{}+?", hourly(m.hourly))),
        }
    }
}

impl Row for TeamRow {
    const NOUN: &'static str = "team member";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        let m = &self.member;
        match col {
            0 => Cow::Borrowed(m.team_or_none()),
            1 => Cow::Borrowed(&m.user),
            2 => Cow::Borrowed(&m.domain),
            3 => Cow::Owned(m.apps.len().to_string()),
            4 if self.running.is_empty() => Cow::Borrowed("-"),
            4 => Cow::Borrowed(&self.running),
            5 if self.spaces.is_empty() => Cow::Borrowed("-"),
            5 => Cow::Borrowed(&self.spaces),
            6 => self.hourly_text(),
            7 => Cow::Owned(dollars(m.month_to_date)),
            _ if m.idle == 0 => Cow::Borrowed("-"),
            _ => Cow::Owned(m.idle.to_string()),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            0 if self.member.team.is_none() => Tone::Muted,
            6 if self.member.unpriced > 0 => Tone::Warn,
            8 if self.member.idle > 0 => Tone::Bad,
            3 | 4 if self.member.apps.is_empty() => Tone::Muted,
            5 if self.member.spaces.is_empty() => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let m = &self.member;
        match col {
            // Untagged profiles after every team.
            0 => SortKey::opt_text(m.team.as_deref()),
            1 => SortKey::Text(&m.user),
            2 => SortKey::Text(&m.domain),
            3 => SortKey::Num(m.apps.len() as f64),
            4 => SortKey::Text(&self.running),
            5 => SortKey::Text(&self.spaces),
            6 => SortKey::Num(m.hourly),
            7 => SortKey::Num(m.month_to_date),
            _ => SortKey::Num(f64::from(m.idle)),
        }
    }

    /// The user first: `/alice` ranks alice's row above rows that match
    /// through a space or app name.
    fn key_columns() -> &'static [usize] {
        &[1, 0, 4, 5]
    }

    /// By team: rows come grouped (and, within a team, by $/hour) from
    /// `costs::team::members`, and a stable sort keeps that order.
    fn default_sort() -> (usize, bool) {
        (0, false)
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![
            crate::model::trail::TrailKey::Resource(self.member.user.clone()),
            crate::model::trail::TrailKey::User(self.member.user.clone()),
        ]
    }

    fn trail_within(&self) -> Vec<(String, String)> {
        vec![("domainId".to_owned(), self.member.domain_id.clone())]
    }

    fn title(&self) -> String {
        self.member.user.clone()
    }

    fn mark_key(&self) -> String {
        format!("{}/{}", self.member.domain_id, self.member.user)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let m = &self.member;
        let mut fields = vec![
            ("Team", m.team_or_none().to_owned()),
            ("User profile", m.user.clone()),
            ("Domain", format!("{} ({})", m.domain, m.domain_id)),
            ("$/hour now (estimate)", self.hourly_text().into_owned()),
            ("Month to date (estimate)", dollars(m.month_to_date)),
            ("Idle apps", m.idle.to_string()),
        ];
        if m.apps.is_empty() {
            fields.push(("Apps", "none running".to_owned()));
        }
        for a in &m.apps {
            let price = a.hourly.map_or_else(|| "? (no price)".to_owned(), hourly);
            let idle = if a.idle { ", idle" } else { "" };
            let itype = a.instance_type.as_deref().unwrap_or("-");
            fields.push((
                "App",
                format!("{} {} on {itype}: {price}/h{idle}", a.app_type, a.name),
            ));
        }
        if m.spaces.is_empty() {
            fields.push(("Spaces", "none owned".to_owned()));
        }
        for s in &m.spaces {
            fields.push(("Space", format!("{} ({}, {})", s.name, s.sharing, s.status)));
        }
        fields
    }
}
