//! The demo estate's Studio lifecycle configurations and the idle
//! settings of profiles and spaces, from assets/demo/studio.toml, attached
//! as DescribeDomain, DescribeUserProfile and DescribeSpace answer them.

use chrono::{DateTime, Duration, Utc};

use super::estate::Estate;
use super::seed::StudioSeed;
use crate::cloud::{CloudError, CloudResult};
use crate::model::{Detail, LifecycleConfig};

impl Estate {
    /// The configurations, attached where studio.toml says; the apps
    /// started there run with them.
    pub(super) fn gen_studio(
        &mut self,
        seed: &StudioSeed,
        anchor: DateTime<Utc>,
    ) -> Result<(), String> {
        let unknown = |what: &str, name: &str| {
            format!("demo seed assets/demo/studio.toml names unknown {what} '{name}'")
        };
        for c in &seed.lifecycle_configs {
            let arn = self.sm_arn(&format!("studio-lifecycle-config/{}", c.name));
            let script = c.script.trim_start().to_owned();
            let script = if c.crlf {
                script.replace('\n', "\r\n")
            } else {
                script
            };
            for d in &c.domains {
                let domain = self
                    .domains
                    .iter_mut()
                    .find(|x| &x.name == d)
                    .ok_or_else(|| unknown("domain", d))?;
                if let Detail::Known(s) = &mut domain.settings {
                    s.lifecycle_configs.push(arn.clone());
                }
            }
            for team in &c.teams {
                let mut found = false;
                for p in self
                    .user_profiles
                    .iter_mut()
                    .filter(|p| p.team() == Some(team.as_str()))
                {
                    if let Detail::Known(s) = &mut p.profile {
                        s.lifecycle_configs.push(arn.clone());
                        found = true;
                    }
                }
                if !found {
                    return Err(unknown("team", team));
                }
            }
            for name in &c.spaces {
                let space = self
                    .spaces
                    .iter_mut()
                    .find(|s| &s.name == name)
                    .ok_or_else(|| unknown("space", name))?;
                if let Detail::Known(s) = &mut space.settings {
                    s.lifecycle_configs.push(arn.clone());
                }
            }
            self.lifecycle_configs.push(LifecycleConfig {
                name: c.name.clone(),
                arn,
                app_type: c.app_type.clone(),
                created: Some(anchor - Duration::days(c.created_days_ago)),
                last_modified: Some(anchor - Duration::days(c.modified_days_ago)),
                script: Detail::Known(script),
            });
        }
        for p in &seed.profile_idle {
            let domain_id = self
                .domains
                .iter()
                .find(|d| d.name == p.domain)
                .map(|d| d.id.clone())
                .ok_or_else(|| unknown("domain", &p.domain))?;
            for u in self
                .user_profiles
                .iter_mut()
                .filter(|u| u.domain_id == domain_id && u.team() == Some(p.team.as_str()))
            {
                if let Detail::Known(s) = &mut u.profile {
                    s.idle_shutdown = p.idle_shutdown.clone();
                }
            }
        }
        for s in &seed.space_idle {
            let space = self
                .spaces
                .iter_mut()
                .find(|x| x.name == s.space)
                .ok_or_else(|| unknown("space", &s.space))?;
            if let Detail::Known(settings) = &mut space.settings {
                settings.idle_timeout_minutes = Some(s.timeout_minutes);
            }
        }
        self.start_apps_with_configs();
        Ok(())
    }

    /// Each app of a type a configuration is for starts with the first
    /// attached where it runs: its space's, else its profile's, else its
    /// domain's.
    fn start_apps_with_configs(&mut self) {
        let type_of = |arn: &str, configs: &[LifecycleConfig]| {
            configs
                .iter()
                .find(|c| c.arn == arn)
                .map(|c| c.app_type.clone())
        };
        for i in 0..self.apps.len() {
            let app = &self.apps[i];
            let space = app.space_name.as_deref().and_then(|n| {
                self.spaces
                    .iter()
                    .find(|s| s.domain_id == app.domain_id && s.name == n)
            });
            let owner = space
                .and_then(|s| {
                    if s.is_shared() {
                        None
                    } else {
                        s.owner.as_deref()
                    }
                })
                .or(app.user_profile.as_deref());
            let profile = owner.and_then(|o| {
                self.user_profiles
                    .iter()
                    .find(|p| p.domain_id == app.domain_id && p.name == o)
            });
            let domain = self.domains.iter().find(|d| d.id == app.domain_id);
            let attached = space
                .and_then(|s| s.settings.known())
                .map(|s| s.lifecycle_configs.clone())
                .into_iter()
                .chain(
                    profile
                        .and_then(|p| p.profile.known())
                        .map(|p| p.lifecycle_configs.clone()),
                )
                .chain(
                    domain
                        .and_then(|d| d.settings.known())
                        .map(|d| d.lifecycle_configs.clone()),
                )
                .flatten();
            let chosen = attached.into_iter().find(|arn| {
                type_of(arn, &self.lifecycle_configs).as_deref() == Some(&app.app_type)
            });
            self.apps[i].lifecycle_config = chosen;
        }
    }

    pub(super) fn lifecycle_config_script(&self, name: &str) -> CloudResult<String> {
        self.lifecycle_configs
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.script.known().cloned())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("studio lifecycle config {name}"),
            })
    }
}
