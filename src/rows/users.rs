//! User profiles, and the drill-down into one profile's apps and spaces.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::format;
use crate::model::{ProfileItem, Tag, UserProfile};
use crate::rows::{detail_cell, detail_field, detail_sort, detail_tone, or_dash, state_tone};
use crate::rows::{Column, Row, SortKey, Tone};

const USER_COLUMNS: &[Column] = &[
    Column::fill("NAME", 18),
    Column::fixed("DOMAIN", 16),
    Column::fixed("TEAM", 16),
    Column::fixed("STATUS", 13),
    Column::fill("EXECUTION ROLE", 20),
    Column::fixed("APPS", 4),
    Column::fixed("MODIFIED", 9),
];

impl Row for UserProfile {
    const NOUN: &'static str = "user profile";

    fn columns() -> &'static [Column] {
        USER_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.name),
            1 => Cow::Borrowed(&self.domain_name),
            2 => detail_cell(&self.tags, |_| or_dash(self.team())),
            3 => Cow::Borrowed(&self.status),
            4 => detail_cell(&self.profile, |p| {
                Cow::Borrowed(p.execution_role.as_deref().map_or("-", format::arn_tail))
            }),
            5 => detail_cell(&self.apps_running, |n| Cow::Owned(n.to_string())),
            _ => Cow::Owned(format::relative(self.last_modified, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            2 => detail_tone(&self.tags, |_| {
                if self.team().is_none() {
                    Tone::Warn
                } else {
                    Tone::Plain
                }
            }),
            3 => state_tone(&self.status),
            4 => detail_tone(&self.profile, |_| Tone::Plain),
            5 => detail_tone(&self.apps_running, |n| {
                if *n > 0 {
                    Tone::Ok
                } else {
                    Tone::Muted
                }
            }),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.name),
            1 => SortKey::Text(&self.domain_name),
            2 => SortKey::opt_text(self.team()),
            3 => SortKey::Text(&self.status),
            4 => SortKey::opt_text(self.execution_role()),
            5 => detail_sort(&self.apps_running, |n| SortKey::Num(f64::from(*n))),
            _ => SortKey::time(self.last_modified),
        }
    }

    fn follow_up_columns() -> &'static [usize] {
        &[2, 4, 5]
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        vec![
            crate::model::trail::TrailKey::Resource(self.name.clone()),
            crate::model::trail::TrailKey::User(self.name.clone()),
        ]
    }

    fn trail_within(&self) -> Vec<(String, String)> {
        vec![("domainId".to_owned(), self.domain_id.clone())]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Name", self.name.clone()),
            ("ARN", self.arn.clone()),
            (
                "Domain",
                format!("{} ({})", self.domain_name, self.domain_id),
            ),
            (
                "Team",
                detail_field(&self.tags, |_| or_dash(self.team()).into_owned()),
            ),
            ("Status", self.status.clone()),
            (
                "Execution role",
                detail_field(&self.profile, |p| {
                    or_dash(p.execution_role.as_deref()).into_owned()
                }),
            ),
            (
                "SSO user",
                detail_field(&self.profile, |p| {
                    or_dash(p.sso_user.as_deref()).into_owned()
                }),
            ),
            (
                "Apps running",
                detail_field(&self.apps_running, u32::to_string),
            ),
            ("Created", format::timestamp(self.created)),
            ("Last modified", format::timestamp(self.last_modified)),
        ]
    }

    fn tags(&self) -> &[Tag] {
        self.tags.known_or_empty()
    }
}

const ITEM_COLUMNS: &[Column] = &[
    Column::fixed("KIND", 5),
    Column::fill("NAME", 20),
    Column::fixed("TYPE", 14),
    Column::fixed("STATUS", 10),
    Column::fixed("INSTANCE", 16),
    Column::fixed("AGE", 6),
];

impl Row for ProfileItem {
    const NOUN: &'static str = "app or space";

    fn columns() -> &'static [Column] {
        ITEM_COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match (self, col) {
            (ProfileItem::App(_), 0) => Cow::Borrowed("app"),
            (ProfileItem::Space(_), 0) => Cow::Borrowed("space"),
            (ProfileItem::App(a), 1) => Cow::Borrowed(&a.name),
            (ProfileItem::Space(s), 1) => Cow::Borrowed(&s.name),
            (ProfileItem::App(a), 2) => Cow::Borrowed(&a.app_type),
            (ProfileItem::Space(s), 2) => Cow::Owned(format!(
                "{} {}",
                s.sharing,
                s.app_type.as_deref().unwrap_or("")
            )),
            (ProfileItem::App(a), 3) => Cow::Borrowed(&a.status),
            (ProfileItem::Space(s), 3) => Cow::Borrowed(&s.status),
            (ProfileItem::App(a), 4) => or_dash(a.instance_type.as_deref()),
            (ProfileItem::Space(s), 4) => or_dash(s.instance_type.as_deref()),
            (_, _) => Cow::Owned(
                format::relative(self.created(), now)
                    .trim_end_matches(" ago")
                    .to_owned(),
            ),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match (self, col) {
            (ProfileItem::App(a), 3) => state_tone(&a.status),
            (ProfileItem::Space(s), 3) => state_tone(&s.status),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Num(match self {
                ProfileItem::App(_) => 0.0,
                ProfileItem::Space(_) => 1.0,
            }),
            5 => SortKey::time(self.created()),
            // Text columns: reuse the cell where it borrows.
            _ => match (self, col) {
                (ProfileItem::App(a), 1) => SortKey::Text(&a.name),
                (ProfileItem::Space(s), 1) => SortKey::Text(&s.name),
                (ProfileItem::App(a), 2) => SortKey::Text(&a.app_type),
                (ProfileItem::Space(s), 2) => SortKey::Text(&s.sharing),
                (ProfileItem::App(a), 3) => SortKey::Text(&a.status),
                (ProfileItem::Space(s), 3) => SortKey::Text(&s.status),
                (ProfileItem::App(a), _) => SortKey::opt_text(a.instance_type.as_deref()),
                (ProfileItem::Space(s), _) => SortKey::opt_text(s.instance_type.as_deref()),
            },
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3]
    }

    fn trail_keys(&self) -> Vec<crate::model::trail::TrailKey> {
        match self {
            // An app's name (`default`) is shared by every user: its ARN is not.
            ProfileItem::App(a) => vec![crate::model::trail::TrailKey::Resource(a.arn.clone())],
            ProfileItem::Space(s) => vec![crate::model::trail::TrailKey::Resource(s.name.clone())],
        }
    }

    fn trail_within(&self) -> Vec<(String, String)> {
        match self {
            ProfileItem::App(_) => Vec::new(),
            ProfileItem::Space(s) => vec![("domainId".to_owned(), s.domain_id.clone())],
        }
    }

    fn title(&self) -> String {
        match self {
            ProfileItem::App(a) => a.name.clone(),
            ProfileItem::Space(s) => s.name.clone(),
        }
    }

    fn arn(&self) -> Option<&str> {
        Some(match self {
            ProfileItem::App(a) => &a.arn,
            ProfileItem::Space(s) => &s.arn,
        })
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        match self {
            ProfileItem::App(a) => vec![
                ("Kind", "app".to_owned()),
                ("Name", a.name.clone()),
                ("ARN", a.arn.clone()),
                ("App type", a.app_type.clone()),
                ("Status", a.status.clone()),
                ("Domain", a.domain_id.clone()),
                (
                    "User profile",
                    or_dash(a.user_profile.as_deref()).into_owned(),
                ),
                ("Space", or_dash(a.space_name.as_deref()).into_owned()),
                (
                    "Instance type",
                    or_dash(a.instance_type.as_deref()).into_owned(),
                ),
                ("Image", or_dash(a.image_arn.as_deref()).into_owned()),
                ("Created", format::timestamp(a.created)),
                (
                    "Last user activity",
                    format::timestamp(a.last_user_activity),
                ),
            ],
            ProfileItem::Space(s) => vec![
                ("Kind", "space".to_owned()),
                ("Name", s.name.clone()),
                ("ARN", s.arn.clone()),
                ("Status", s.status.clone()),
                ("Domain", s.domain_id.clone()),
                ("Owner", or_dash(s.owner.as_deref()).into_owned()),
                ("Sharing", s.sharing.clone()),
                ("App type", or_dash(s.app_type.as_deref()).into_owned()),
                (
                    "Instance type",
                    or_dash(s.instance_type.as_deref()).into_owned(),
                ),
                ("Created", format::timestamp(s.created)),
                ("Last modified", format::timestamp(s.last_modified)),
            ],
        }
    }
}
