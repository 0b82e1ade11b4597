//! Idle shutdown, explained (`:idle`, `dsadmin get idle-shutdown`): for
//! each domain, user profile and space, the idle shutdown each app type
//! gets and where it was set; for each running JupyterLab and Code Editor
//! app, how long it has been idle against its limit, and when it is past
//! it, the likely reasons.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::format;
use crate::inventory::studio::{AppIdle, Studio};
use crate::model::idle::{Effective, IDLE_APP_TYPES};
use crate::model::Why;
use crate::rows::{Column, Row, SortKey, Tone};

/// What a row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A running app (first: what an admin came for).
    App,
    Domain,
    /// A domain's defaults for shared spaces.
    DomainSpaces,
    Profile,
    Space,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::App => "app",
            Scope::Domain => "domain",
            Scope::DomainSpaces => "domain spaces",
            Scope::Profile => "profile",
            Scope::Space => "space",
        }
    }
}

/// One place's idle shutdown for one app type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdleRow {
    pub scope: Scope,
    pub domain: String,
    /// The domain, profile or space name; `OWNER/APP` for an app.
    pub name: String,
    pub app_type: String,
    /// `on, 120 min`, `on`, `off`, `not set`; null when unknown.
    pub idle_shutdown: Option<String>,
    /// Where it was switched on or off (`domain`, `profile`, …), and
    /// where the timeout was set when that differs.
    pub set_at: Option<String>,
    /// Apps: minutes since the last activity.
    pub idle_minutes: Option<i64>,
    /// Apps: the limit compared against.
    pub limit_minutes: Option<u32>,
    pub past_limit: bool,
    /// Apps past their limit: the likely reasons, most likely first.
    pub reasons: Vec<String>,
    /// Why the setting could not be worked out.
    pub unknown: Option<Why>,
    #[serde(skip)]
    pub arn: String,
}

fn set_text(e: Option<&Effective>) -> (String, Option<String>) {
    match e {
        None => ("not set".to_owned(), None),
        Some(e) if e.timeout_from != e.from && e.enabled => (
            e.text(),
            Some(format!(
                "{} (timeout: {})",
                e.from.label(),
                e.timeout_from.label()
            )),
        ),
        Some(e) => (e.text(), Some(e.from.label().to_owned())),
    }
}

impl IdleRow {
    fn setting(
        scope: Scope,
        domain: &str,
        name: &str,
        app_type: &str,
        arn: &str,
        effective: Result<Option<Effective>, Why>,
    ) -> Self {
        let (idle_shutdown, set_at, unknown) = match effective {
            Ok(e) => {
                let (text, at) = set_text(e.as_ref());
                (Some(text), at, None)
            }
            Err(why) => (None, None, Some(why)),
        };
        IdleRow {
            scope,
            domain: domain.to_owned(),
            name: name.to_owned(),
            app_type: app_type.to_owned(),
            idle_shutdown,
            set_at,
            idle_minutes: None,
            limit_minutes: None,
            past_limit: false,
            reasons: Vec::new(),
            unknown,
            arn: arn.to_owned(),
        }
    }

    fn of_app(studio: &Studio, a: AppIdle<'_>) -> Self {
        let app = &a.running.app;
        let owner = app.runs_in();
        let mut row = Self::setting(
            Scope::App,
            studio.domain_name(&app.domain_id),
            &format!("{owner}/{}", app.name),
            &app.app_type,
            &app.arn,
            a.effective,
        );
        if row.unknown.is_none() {
            row.unknown = a.running.activity.why().cloned();
        }
        row.idle_minutes = a.idle_minutes;
        row.limit_minutes = Some(a.limit_minutes);
        row.past_limit = a.past_limit;
        row.reasons = a.reasons;
        row
    }

    /// Every row of the snapshot: apps first (past their limit first),
    /// then domains, their space defaults, profiles and spaces.
    /// `fallback` is the limit for apps without a native timeout.
    pub fn of_studio(studio: &Studio, now: DateTime<Utc>, fallback: u32) -> Vec<IdleRow> {
        let mut apps: Vec<IdleRow> = studio
            .idle_apps(now, fallback)
            .into_iter()
            .map(|a| Self::of_app(studio, a))
            .collect();
        apps.sort_by_key(|r| !r.past_limit);
        let mut out = apps;
        for d in &studio.domains {
            for app_type in IDLE_APP_TYPES {
                let e = studio.for_domain(&d.id, app_type);
                out.push(Self::setting(
                    Scope::Domain,
                    &d.name,
                    &d.name,
                    app_type,
                    &d.arn,
                    e,
                ));
            }
            let e = studio.for_shared(&d.id, "JupyterLab");
            out.push(Self::setting(
                Scope::DomainSpaces,
                &d.name,
                &d.name,
                "JupyterLab",
                &d.arn,
                e,
            ));
        }
        for p in &studio.profiles {
            for app_type in IDLE_APP_TYPES {
                out.push(Self::setting(
                    Scope::Profile,
                    studio.domain_name(&p.domain_id),
                    &p.name,
                    app_type,
                    &p.arn,
                    studio.for_profile(&p.domain_id, &p.name, app_type),
                ));
            }
        }
        for s in &studio.spaces {
            let Some(app_type) = s.app_type.as_deref().filter(|t| IDLE_APP_TYPES.contains(t))
            else {
                continue;
            };
            out.push(Self::setting(
                Scope::Space,
                studio.domain_name(&s.domain_id),
                &s.name,
                app_type,
                &s.arn,
                studio.in_space(&s.domain_id, &s.name, app_type),
            ));
        }
        out
    }

    fn idle_cell(&self) -> String {
        match (self.idle_minutes, self.limit_minutes) {
            (Some(m), Some(l)) => {
                let (idle, limit) = format::idle_and_limit(m, l);
                format!("{idle} / {limit}")
            }
            (None, Some(_)) => "?".to_owned(),
            _ => "-".to_owned(),
        }
    }
}

const COLUMNS: &[Column] = &[
    Column::fixed("SCOPE", 13),
    Column::fill("DOMAIN", 12),
    Column::fill("NAME", 16),
    Column::fixed("APP", 10),
    Column::fixed("IDLE SHUTDOWN", 13),
    Column::fill("SET AT", 8),
    Column::fixed("IDLE / LIMIT", 12),
    Column::fill("WHY", 20),
];

impl Row for IdleRow {
    const NOUN: &'static str = "idle setting";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(self.scope.label()),
            1 => Cow::Borrowed(&self.domain),
            2 => Cow::Borrowed(&self.name),
            3 => Cow::Borrowed(&self.app_type),
            4 => Cow::Borrowed(self.idle_shutdown.as_deref().unwrap_or("?")),
            5 => Cow::Borrowed(self.set_at.as_deref().unwrap_or("-")),
            6 => Cow::Owned(self.idle_cell()),
            _ => match (&self.unknown, self.reasons.as_slice()) {
                (_, [first, ..]) => Cow::Borrowed(first),
                (Some(why), []) => Cow::Owned(why.text()),
                (None, []) => Cow::Borrowed(""),
            },
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            4 => match self.idle_shutdown.as_deref() {
                None => Tone::Muted,
                Some(t) if t.starts_with("on") => Tone::Ok,
                Some(_) => Tone::Warn,
            },
            6 if self.past_limit => Tone::Bad,
            7 if self.past_limit => Tone::Warn,
            0 | 5 | 6 | 7 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => {
                SortKey::Num(f64::from(u8::from(!self.past_limit)) * 10.0 + self.scope as u8 as f64)
            }
            1 => SortKey::Text(&self.domain),
            2 => SortKey::Text(&self.name),
            3 => SortKey::Text(&self.app_type),
            4 => SortKey::opt_text(self.idle_shutdown.as_deref()),
            5 => SortKey::opt_text(self.set_at.as_deref()),
            6 => self
                .idle_minutes
                .map_or(SortKey::Missing, |m| SortKey::Num(m as f64)),
            _ => SortKey::opt_text(self.reasons.first().map(String::as_str)),
        }
    }

    // WHY too: `/shared space` finds every app a shared space keeps up.
    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3, 7]
    }

    fn title(&self) -> String {
        format!("{} {} {}", self.scope.label(), self.name, self.app_type)
    }

    fn arn(&self) -> Option<&str> {
        Some(self.arn.as_str()).filter(|a| !a.is_empty())
    }

    fn mark_key(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            self.arn,
            self.scope.label(),
            self.app_type
        )
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("Scope", self.scope.label().to_owned()),
            ("Domain", self.domain.clone()),
            ("Name", self.name.clone()),
            ("App type", self.app_type.clone()),
            (
                "Idle shutdown",
                self.idle_shutdown
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
            ),
            ("Set at", format::opt(self.set_at.as_deref())),
        ];
        if self.scope == Scope::App {
            out.push(("Idle / limit", self.idle_cell()));
            out.push((
                "Past the limit",
                (if self.past_limit { "yes" } else { "no" }).into(),
            ));
            for r in &self.reasons {
                out.push(("Likely reason", r.clone()));
            }
        }
        if let Some(why) = &self.unknown {
            out.push(("Unknown", why.text()));
        }
        out
    }
}
