//! Idle shutdown as Studio applies it, and why an app is still running
//! past its limit.
//!
//! Studio's native idle shutdown (JupyterLab and Code Editor) is set per
//! app type in a domain's DefaultUserSettings; a user profile's own
//! UserSettings override the domain's. Shared spaces take the domain's
//! DefaultSpaceSettings instead, since no one user owns them. A space may
//! set its own IdleTimeoutInMinutes, but not switch idle shutdown on.

use serde::Serialize;

use super::lifecycle_config::{config_name, idle_handling};
use super::{DomainSettings, IdleShutdown, ProfileSettings, SpaceSettings};

/// App types with native idle shutdown; both run on instances that bill
/// by the hour.
pub const IDLE_APP_TYPES: [&str; 2] = ["JupyterLab", "CodeEditor"];

/// Where an idle setting lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The domain's DefaultUserSettings.
    Domain,
    /// The domain's DefaultSpaceSettings (shared spaces).
    DomainSpaces,
    /// A user profile's UserSettings.
    Profile,
    /// A space's SpaceSettings.
    Space,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Domain => "domain",
            Level::DomainSpaces => "domain spaces",
            Level::Profile => "profile",
            Level::Space => "space",
        }
    }
}

/// The idle shutdown an app type gets in one place, and where each half
/// of it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Effective {
    pub enabled: bool,
    pub timeout_minutes: Option<u32>,
    /// Where idle shutdown was switched on or off.
    pub from: Level,
    /// Where the timeout was set: a space's own timeout replaces its
    /// profile's or domain's.
    pub timeout_from: Level,
}

impl Effective {
    fn at(setting: &IdleShutdown, level: Level) -> Self {
        Self {
            enabled: setting.enabled,
            timeout_minutes: setting.timeout_minutes,
            from: level,
            timeout_from: level,
        }
    }

    /// `on, 120 min`, `on` (no timeout given) or `off`.
    pub fn text(&self) -> String {
        match (self.enabled, self.timeout_minutes) {
            (true, Some(m)) => format!("on, {m} min"),
            (true, None) => "on".to_owned(),
            (false, _) => "off".to_owned(),
        }
    }

    /// The limit an idle app is stopped at, when idle shutdown is on.
    pub fn limit(&self) -> Option<u32> {
        self.timeout_minutes.filter(|_| self.enabled)
    }
}

/// The entry for `app_type` in one level's settings.
pub fn entry<'a>(settings: &'a [IdleShutdown], app_type: &str) -> Option<&'a IdleShutdown> {
    settings.iter().find(|s| s.app_type == app_type)
}

/// What a user's own apps get: the profile's setting, else the domain's.
pub fn for_user(
    domain: &DomainSettings,
    profile: &ProfileSettings,
    app_type: &str,
) -> Option<Effective> {
    entry(&profile.idle_shutdown, app_type)
        .map(|s| Effective::at(s, Level::Profile))
        .or_else(|| entry(&domain.idle_shutdown, app_type).map(|s| Effective::at(s, Level::Domain)))
}

/// What the shared spaces of a domain get.
pub fn for_shared(domain: &DomainSettings, app_type: &str) -> Option<Effective> {
    entry(&domain.space_idle_shutdown, app_type).map(|s| Effective::at(s, Level::DomainSpaces))
}

/// What a space's app gets: its owner's (private) or the domain's space
/// defaults (shared), with the space's own timeout in place of theirs.
/// `owner` is the owner's settings for a private space.
pub fn for_space(
    domain: &DomainSettings,
    owner: Option<&ProfileSettings>,
    shared: bool,
    space: &SpaceSettings,
    app_type: &str,
) -> Option<Effective> {
    let base = if shared {
        for_shared(domain, app_type)
    } else {
        match owner {
            Some(p) => for_user(domain, p, app_type),
            None => entry(&domain.idle_shutdown, app_type).map(|s| Effective::at(s, Level::Domain)),
        }
    }?;
    Some(match space.idle_timeout_minutes {
        Some(m) => Effective {
            timeout_minutes: Some(m),
            timeout_from: Level::Space,
            ..base
        },
        None => base,
    })
}

/// What is known about an app running past its limit, for [`reasons`].
#[derive(Debug, Clone, Copy)]
pub struct RunningPast<'a> {
    pub app_type: &'a str,
    /// The idle shutdown the app gets (`None`: set nowhere).
    pub effective: Option<&'a Effective>,
    pub shared_space: bool,
    /// The lifecycle configuration it started with, and its script when
    /// it could be read.
    pub config: Option<(&'a str, Option<&'a str>)>,
    pub image_arn: Option<&'a str>,
}

/// The likely reasons an app is still running past its idle limit, most
/// likely first; never empty.
pub fn reasons(app: RunningPast<'_>) -> Vec<String> {
    let mut out = Vec::new();
    match app.effective {
        None if app.shared_space => out.push(format!(
            "shared space: the domain's default space settings set no idle shutdown for {} (users' own settings do not apply)",
            app.app_type
        )),
        None => out.push(format!(
            "no idle settings: idle shutdown for {} is set at no level (domain, profile or space)",
            app.app_type
        )),
        Some(e) if !e.enabled => out.push(format!(
            "idle shutdown for {} is off at the {}",
            app.app_type,
            e.from.label()
        )),
        Some(_) if app.shared_space => out.push(
            "shared space: any member's open kernel or terminal counts as activity".to_owned(),
        ),
        Some(_) => {}
    }
    if let Some((arn, script)) = app.config {
        let name = config_name(arn);
        match script.map(idle_handling) {
            Some(Some((line, text))) => out.push(format!(
                "lifecycle configuration {name} handles idle itself (line {line}: {text})"
            )),
            Some(None) => {}
            None => out.push(format!(
                "started with lifecycle configuration {name}, whose script could not be read"
            )),
        }
    }
    if let Some(image) = app
        .image_arn
        .filter(|i| !i.contains("sagemaker-distribution"))
    {
        out.push(format!(
            "custom image {}: idle shutdown needs SageMaker Distribution 2.0 or later, or jupyter-activity-monitor-extension in the image",
            config_name(image)
        ));
    }
    if out.is_empty() {
        out.push(match app.effective.and_then(Effective::limit) {
            Some(m) => format!(
                "idle shutdown is on ({m} min): an open kernel or terminal session counts as activity"
            ),
            None => "idle shutdown is on without a timeout: Studio's default applies".to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idle(app: &str, enabled: bool, minutes: Option<u32>) -> IdleShutdown {
        IdleShutdown {
            app_type: app.into(),
            enabled,
            timeout_minutes: minutes,
        }
    }

    fn domain(user: Vec<IdleShutdown>, spaces: Vec<IdleShutdown>) -> DomainSettings {
        DomainSettings {
            auth_mode: "IAM".into(),
            network_mode: "VpcOnly".into(),
            kms_key_id: None,
            vpc_id: None,
            subnet_ids: Vec::new(),
            default_execution_role: None,
            tag_propagation: None,
            space_execution_role: None,
            execution_role_identity: None,
            idle_shutdown: user,
            space_idle_shutdown: spaces,
            lifecycle_configs: Vec::new(),
        }
    }

    #[test]
    fn profile_overrides_domain_and_space_sets_the_timeout() {
        let d = domain(vec![idle("JupyterLab", true, Some(60))], Vec::new());
        let p = ProfileSettings {
            idle_shutdown: vec![idle("JupyterLab", true, Some(180))],
            ..ProfileSettings::default()
        };
        let e = for_user(&d, &p, "JupyterLab").unwrap();
        assert_eq!((e.from, e.limit()), (Level::Profile, Some(180)));
        let plain = ProfileSettings::default();
        assert_eq!(
            for_user(&d, &plain, "JupyterLab").unwrap().from,
            Level::Domain
        );
        assert_eq!(for_user(&d, &plain, "CodeEditor"), None);
        let space = SpaceSettings {
            idle_timeout_minutes: Some(90),
            ..SpaceSettings::default()
        };
        let e = for_space(&d, Some(&p), false, &space, "JupyterLab").unwrap();
        assert_eq!(
            (e.from, e.timeout_from, e.limit()),
            (Level::Profile, Level::Space, Some(90))
        );
        // A shared space takes the domain's space defaults, set to nothing here.
        assert_eq!(for_space(&d, None, true, &space, "JupyterLab"), None);
    }

    #[test]
    fn reasons_name_the_cause() {
        let none = RunningPast {
            app_type: "JupyterLab",
            effective: None,
            shared_space: true,
            config: None,
            image_arn: None,
        };
        assert!(reasons(none)[0].starts_with("shared space: the domain's default space settings"));
        let on = Effective::at(&idle("JupyterLab", true, Some(60)), Level::Domain);
        let with_script = RunningPast {
            effective: Some(&on),
            shared_space: false,
            config: Some((
                "arn:aws:sagemaker:eu-west-2:1:studio-lifecycle-config/keepalive",
                Some("#!/bin/bash\nexport IDLE_TIMEOUT=0\n"),
            )),
            ..none
        };
        assert_eq!(
            reasons(with_script),
            ["lifecycle configuration keepalive handles idle itself (line 2: export IDLE_TIMEOUT=0)"]
        );
        let plain = RunningPast {
            config: None,
            ..with_script
        };
        assert_eq!(
            reasons(plain),
            ["idle shutdown is on (60 min): an open kernel or terminal session counts as activity"]
        );
        let off = Effective::at(&idle("JupyterLab", false, None), Level::Profile);
        let custom = RunningPast {
            effective: Some(&off),
            image_arn: Some("arn:aws:sagemaker:eu-west-2:1:image/team-r"),
            ..plain
        };
        let r = reasons(custom);
        assert_eq!(r[0], "idle shutdown for JupyterLab is off at the profile");
        assert!(r[1].starts_with("custom image team-r:"));
    }
}
