//! The Studio estate's settings in one snapshot: domains and profiles
//! described, every space described, the running apps (JupyterLab and
//! Code Editor described for their last activity) and the lifecycle
//! configurations with their scripts. `:lifecycle`, `:idle`, their `get`
//! kinds and the lifecycle and idle rules all read it.
//!
//! A list that fails (ListSpaces of one domain, ListStudioLifecycleConfigs)
//! is kept as a gap with its reason: what depends on it is unknown, never
//! "attached to nothing" or "no idle settings".

use chrono::{DateTime, Utc};
use futures::StreamExt;

use super::{detail, fill_all, Gaps};
use crate::cloud::{Cloud, CloudResult};
use crate::collect_all;
use crate::model::idle::{self, Effective, RunningPast, IDLE_APP_TYPES};
use crate::model::requests::AppRef;
use crate::model::{
    App, Detail, Domain, DomainSettings, LifecycleConfig, ProfileSettings, Space, UserProfile, Why,
};

/// Domains whose spaces and apps are listed at once; apps described at once.
const AT_ONCE: usize = 4;

/// An InService app and when its user last used it (DescribeApp), for
/// the app types with native idle shutdown.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningApp {
    pub app: App,
    pub activity: Detail<Option<DateTime<Utc>>>,
}

/// Where a lifecycle configuration is attached.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Domain(String),
    Profile { domain: String, name: String },
    Space { domain: String, name: String },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Domain(d) => write!(f, "domain {d}"),
            Place::Profile { domain, name } => write!(f, "profile {domain}/{name}"),
            Place::Space { domain, name } => write!(f, "space {domain}/{name}"),
        }
    }
}

/// Where a configuration was found attached, and why the search may be
/// incomplete (a domain, profile or space whose settings are unknown).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attachments {
    pub places: Vec<Place>,
    pub unknown: Option<Why>,
}

/// An app running past its idle limit (or not), and the likely reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct AppIdle<'a> {
    pub running: &'a RunningApp,
    /// The idle shutdown it gets, or why that is unknown.
    pub effective: Result<Option<Effective>, Why>,
    /// Minutes since its last activity (its start when it has none).
    pub idle_minutes: Option<i64>,
    /// The native limit when idle shutdown is on with a timeout, else
    /// `[governance] idle_limit_minutes`.
    pub limit_minutes: u32,
    pub past_limit: bool,
    /// Why it is still running: set only when past its limit.
    pub reasons: Vec<String>,
}

/// The whole snapshot.
#[derive(Debug, Clone)]
pub struct Studio {
    pub domains: Vec<Domain>,
    pub profiles: Vec<UserProfile>,
    pub spaces: Vec<Space>,
    pub apps: Vec<RunningApp>,
    /// ListStudioLifecycleConfigs, scripts filled; or why not.
    pub configs: CloudResult<Vec<LifecycleConfig>>,
    /// Domains (by id) whose spaces or apps could not be listed.
    pub gaps: Vec<(String, Why)>,
}

impl Studio {
    /// Lists and describes everything: domains and profiles first, the
    /// rest around them. Fails only when the domains or profiles cannot be
    /// listed. Profiles are only described: their running apps and tags
    /// (a ListApps per domain, a ListTags per profile) are not needed here.
    pub async fn load(cloud: &Cloud) -> CloudResult<Studio> {
        let sm = &cloud.sagemaker;
        let (domains, profiles) = futures::join!(async { collect_all!(sm, list_domains) }, async {
            collect_all!(sm, list_user_profiles)
        });
        let no_gaps = Gaps::default();
        let (domains, profiles) = futures::join!(
            fill_all(cloud, domains?, &no_gaps),
            described_profiles(cloud, profiles?)
        );
        Ok(Self::around(cloud, domains, profiles).await)
    }

    /// The spaces, apps and configurations around domains and profiles
    /// already loaded.
    pub async fn around(cloud: &Cloud, domains: Vec<Domain>, profiles: Vec<UserProfile>) -> Studio {
        let sm = &cloud.sagemaker;
        let ids: Vec<String> = domains.iter().map(|d| d.id.clone()).collect();
        let per_domain = futures::stream::iter(ids)
            .map(|id| async move {
                let spaces = collect_all!(sm, list_spaces, &id);
                let apps = collect_all!(sm, list_apps, &id, None);
                (id, spaces, apps)
            })
            .buffer_unordered(AT_ONCE)
            .collect::<Vec<_>>()
            .await;
        let mut gaps = Vec::new();
        let mut spaces = Vec::new();
        let mut listed_apps = Vec::new();
        for (domain, s, a) in per_domain {
            match s {
                Ok(s) => spaces.extend(s),
                Err(e) => gaps.push((domain.clone(), e.why("sagemaker:ListSpaces"))),
            }
            match a {
                Ok(a) => listed_apps.extend(a.into_iter().filter(|a| a.status == "InService")),
                Err(e) => gaps.push((domain, e.why("sagemaker:ListApps"))),
            }
        }
        let no_gaps = Gaps::default();
        let configs = async {
            match collect_all!(sm, list_lifecycle_configs) {
                Ok(c) => Ok(fill_all(cloud, c, &no_gaps).await),
                Err(e) => Err(e),
            }
        };
        let (spaces, apps, configs) = futures::join!(
            fill_all(cloud, spaces, &no_gaps),
            described_apps(cloud, listed_apps),
            configs
        );
        let mut studio = Studio {
            domains,
            profiles,
            spaces,
            apps,
            configs,
            gaps,
        };
        studio.sort();
        studio
    }

    fn sort(&mut self) {
        self.spaces
            .sort_by(|a, b| (&a.domain_id, &a.name).cmp(&(&b.domain_id, &b.name)));
        self.apps
            .sort_by(|a, b| app_key(&a.app).cmp(&app_key(&b.app)));
    }

    pub fn domain_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.domains
            .iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.name.as_str())
    }

    /// Where `arn` is attached: domain defaults, profiles and spaces.
    pub fn attachments(&self, arn: &str) -> Attachments {
        let mut out = Attachments::default();
        let mut unknown = |why: Option<&Why>| {
            if out.unknown.is_none() {
                out.unknown = why.cloned();
            }
        };
        let mut places = Vec::new();
        for d in &self.domains {
            match d.settings.known() {
                Some(s) if s.lifecycle_configs.iter().any(|a| a == arn) => {
                    places.push(Place::Domain(d.name.clone()));
                }
                Some(_) => {}
                None => unknown(d.settings.why()),
            }
        }
        for p in &self.profiles {
            match p.profile.known() {
                Some(s) if s.lifecycle_configs.iter().any(|a| a == arn) => {
                    places.push(Place::Profile {
                        domain: self.domain_name(&p.domain_id).to_owned(),
                        name: p.name.clone(),
                    });
                }
                Some(_) => {}
                None => unknown(p.profile.why()),
            }
        }
        for s in &self.spaces {
            match s.settings.known() {
                Some(x) if x.lifecycle_configs.iter().any(|a| a == arn) => {
                    places.push(Place::Space {
                        domain: self.domain_name(&s.domain_id).to_owned(),
                        name: s.name.clone(),
                    });
                }
                Some(_) => {}
                None => unknown(s.settings.why()),
            }
        }
        for (_, why) in self
            .gaps
            .iter()
            .filter(|(_, w)| w.action == "sagemaker:ListSpaces")
        {
            unknown(Some(why));
        }
        places.sort();
        out.places = places;
        out
    }

    /// How many running apps started with `arn`.
    pub fn running_with(&self, arn: &str) -> usize {
        self.apps
            .iter()
            .filter(|r| r.app.lifecycle_config.as_deref() == Some(arn))
            .count()
    }

    /// The idle shutdown `app` gets: its space's, else its owner's.
    pub fn effective_for(&self, app: &App) -> Result<Option<Effective>, Why> {
        match (app.space_name.as_deref(), app.user_profile.as_deref()) {
            (Some(space), _) => self.in_space(&app.domain_id, space, &app.app_type),
            (None, Some(user)) => self.for_profile(&app.domain_id, user, &app.app_type),
            // Apps always have an owner; without one the domain decides.
            (None, None) => self.for_domain(&app.domain_id, &app.app_type),
        }
    }

    /// What a domain's DefaultUserSettings give `app_type`.
    pub fn for_domain(&self, domain_id: &str, app_type: &str) -> Result<Option<Effective>, Why> {
        let settings = self.domain_settings(domain_id)?;
        Ok(idle::for_user(
            settings,
            &ProfileSettings::default(),
            app_type,
        ))
    }

    /// What the domain's DefaultSpaceSettings give its shared spaces.
    pub fn for_shared(&self, domain_id: &str, app_type: &str) -> Result<Option<Effective>, Why> {
        Ok(idle::for_shared(self.domain_settings(domain_id)?, app_type))
    }

    /// What a user's own apps get: the profile's setting over the domain's.
    pub fn for_profile(
        &self,
        domain_id: &str,
        user: &str,
        app_type: &str,
    ) -> Result<Option<Effective>, Why> {
        let settings = self.domain_settings(domain_id)?;
        let own = self.profile_settings(domain_id, user)?;
        Ok(idle::for_user(settings, own, app_type))
    }

    /// The idle shutdown an app of `app_type` gets in a space: the
    /// space's own timeout over its owner's settings (private) or the
    /// domain's space defaults (shared).
    pub fn in_space(
        &self,
        domain_id: &str,
        name: &str,
        app_type: &str,
    ) -> Result<Option<Effective>, Why> {
        let settings = self.domain_settings(domain_id)?;
        let space = self
            .spaces
            .iter()
            .find(|s| s.domain_id == domain_id && s.name == name)
            .ok_or_else(|| {
                self.gap_of(domain_id, "sagemaker:ListSpaces")
                    .unwrap_or_else(|| missing("sagemaker:ListSpaces", name))
            })?;
        let own = space
            .settings
            .known()
            .ok_or_else(|| why_of(space.settings.why()))?;
        let owner = match (space.is_shared(), space.owner.as_deref()) {
            (false, Some(o)) => Some(self.profile_settings(domain_id, o)?),
            _ => None,
        };
        Ok(idle::for_space(
            settings,
            owner,
            space.is_shared(),
            own,
            app_type,
        ))
    }

    fn domain_settings(&self, id: &str) -> Result<&DomainSettings, Why> {
        let domain = self
            .domains
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| missing("sagemaker:DescribeDomain", id))?;
        domain
            .settings
            .known()
            .ok_or_else(|| why_of(domain.settings.why()))
    }

    fn profile_settings(&self, domain_id: &str, name: &str) -> Result<&ProfileSettings, Why> {
        let p = self
            .profiles
            .iter()
            .find(|p| p.domain_id == domain_id && p.name == name)
            .ok_or_else(|| missing("sagemaker:DescribeUserProfile", name))?;
        p.profile.known().ok_or_else(|| why_of(p.profile.why()))
    }

    fn gap_of(&self, domain: &str, action: &str) -> Option<Why> {
        self.gaps
            .iter()
            .find(|(d, w)| d == domain && w.action == action)
            .map(|(_, w)| w.clone())
    }

    fn is_shared_space(&self, app: &App) -> bool {
        app.space_name.as_deref().is_some_and(|n| {
            self.spaces
                .iter()
                .any(|s| s.domain_id == app.domain_id && s.name == n && s.is_shared())
        })
    }

    /// Every running JupyterLab and Code Editor app with its idle limit,
    /// and why it runs on when it is past it. `fallback` is the limit for
    /// an app with no native timeout (`[governance] idle_limit_minutes`).
    pub fn idle_apps(&self, now: DateTime<Utc>, fallback: u32) -> Vec<AppIdle<'_>> {
        let configs = self.configs.as_ref().ok();
        self.apps
            .iter()
            .filter(|r| IDLE_APP_TYPES.contains(&r.app.app_type.as_str()))
            .map(|running| {
                let app = &running.app;
                let effective = self.effective_for(app);
                let limit = effective
                    .as_ref()
                    .ok()
                    .and_then(|e| e.and_then(|e| e.limit()))
                    .unwrap_or(fallback);
                let since = match &running.activity {
                    Detail::Known(a) => a.or(app.created),
                    _ => None,
                };
                let idle_minutes = since.map(|t| (now - t).num_minutes().max(0));
                let past_limit = idle_minutes.is_some_and(|m| m > i64::from(limit));
                let reasons = if past_limit {
                    let script = |arn: &str| {
                        configs
                            .and_then(|c| c.iter().find(|c| c.arn == arn))
                            .and_then(|c| c.script.known().map(String::as_str))
                    };
                    let effective_now = effective.as_ref().ok().and_then(Option::as_ref);
                    idle::reasons(RunningPast {
                        app_type: &app.app_type,
                        effective: effective_now,
                        shared_space: self.is_shared_space(app),
                        config: app.lifecycle_config.as_deref().map(|a| (a, script(a))),
                        image_arn: app.image_arn.as_deref(),
                    })
                } else {
                    Vec::new()
                };
                AppIdle {
                    running,
                    effective,
                    idle_minutes,
                    limit_minutes: limit,
                    past_limit,
                    reasons,
                }
            })
            .collect()
    }
}

/// The order apps are listed in: by domain, then where they run.
fn app_key(a: &App) -> (&str, Option<&str>, Option<&str>, &str) {
    (
        &a.domain_id,
        a.space_name.as_deref(),
        a.user_profile.as_deref(),
        &a.name,
    )
}

fn why_of(why: Option<&Why>) -> Why {
    why.cloned()
        .unwrap_or_else(|| Why::new("sagemaker", "Pending", "not read yet"))
}

fn missing(action: &str, what: &str) -> Why {
    Why::new(
        action,
        "NotFound",
        format!("{what} is not in the lists read"),
    )
}

/// DescribeUserProfile of each profile, a few at a time.
async fn described_profiles(cloud: &Cloud, profiles: Vec<UserProfile>) -> Vec<UserProfile> {
    futures::stream::iter(profiles.into_iter().map(|mut p| async move {
        if p.profile.is_pending() {
            let described = cloud
                .sagemaker
                .describe_user_profile(&p.domain_id, &p.name)
                .await;
            p.profile = detail(described, "sagemaker:DescribeUserProfile")
                .map(|d| d.profile)
                .flatten();
        }
        p
    }))
    .buffered(AT_ONCE)
    .collect()
    .await
}

/// DescribeApp of each running app with native idle shutdown, a few at
/// a time, for its last activity; other app types keep theirs unknown.
async fn described_apps(cloud: &Cloud, apps: Vec<App>) -> Vec<RunningApp> {
    futures::stream::iter(apps.into_iter().map(|app| async move {
        let activity = match AppRef::of(&app) {
            Some(r) if IDLE_APP_TYPES.contains(&app.app_type.as_str()) => {
                let described = cloud.sagemaker.describe_app(&r).await;
                detail(described, "sagemaker:DescribeApp").map(|a| a.last_user_activity)
            }
            _ => Detail::Pending,
        };
        RunningApp { app, activity }
    }))
    .buffer_unordered(AT_ONCE)
    .collect()
    .await
}
