//! Studio lifecycle configurations and idle apps: a script that cannot run
//! (CRLF line endings, no shebang), one attached to nothing, and an app
//! running past its idle limit with the likely reason.

use chrono::{DateTime, Utc};

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::format;
use crate::inventory::studio::Studio;
use crate::model::lifecycle_config::{script_problems, ScriptProblem};

use RuleId::{
    AppIdlePastLimit, LifecycleConfigCrlf, LifecycleConfigNoShebang, LifecycleConfigUnattached,
};

/// The rules that read the lifecycle configurations.
pub(super) const CONFIG_RULES: &[RuleId] = &[
    LifecycleConfigCrlf,
    LifecycleConfigNoShebang,
    LifecycleConfigUnattached,
];
/// Every rule that reads the Studio snapshot.
pub(super) const STUDIO_RULES: &[RuleId] = &[
    LifecycleConfigCrlf,
    LifecycleConfigNoShebang,
    LifecycleConfigUnattached,
    AppIdlePastLimit,
];

pub(crate) fn check(studio: &Studio, now: DateTime<Utc>, out: &mut Emitter<'_>) {
    // A failed list is the source's "not checked" note (collect.rs).
    for c in studio.configs.as_deref().unwrap_or_default() {
        let resource = || Resource::new(ResourceKind::LifecycleConfig, &c.name, Some(&c.arn));
        if let Some(script) = out.described(
            &c.script,
            &[LifecycleConfigCrlf, LifecycleConfigNoShebang],
            &resource(),
        ) {
            for problem in script_problems(script) {
                match problem {
                    ScriptProblem::Crlf => out.emit(
                        LifecycleConfigCrlf,
                        resource(),
                        format!(
                            "{} of {} lines end in \\r\\n",
                            script.matches("\r\n").count(),
                            script.lines().count()
                        ),
                        "Convert the script to LF line endings (dos2unix, or your editor's line-ending setting), then create a new configuration from it and attach that",
                    ),
                    ScriptProblem::NoShebang => out.emit(
                        LifecycleConfigNoShebang,
                        resource(),
                        format!(
                            "first line: {}",
                            script.lines().next().map_or("(empty script)", str::trim)
                        ),
                        "Start the script with #!/bin/bash, then create a new configuration from it and attach that",
                    ),
                }
            }
        }
        let at = studio.attachments(&c.arn);
        if at.places.is_empty() {
            match &at.unknown {
                Some(why) => out.not_checked(LifecycleConfigUnattached, &resource(), why),
                None => out.emit(
                    LifecycleConfigUnattached,
                    resource(),
                    format!(
                        "no domain, user profile or space attaches it ({} app type)",
                        c.app_type
                    ),
                    "Attach it (domain DefaultUserSettings, a profile's or a space's <App>AppSettings.LifecycleConfigArns) or delete it",
                ),
            }
        }
    }
    // A domain whose apps could not be listed may hold idle ones.
    for (domain, why) in studio
        .gaps
        .iter()
        .filter(|(_, w)| w.action == "sagemaker:ListApps")
    {
        let name = studio.domain_name(domain);
        let resource = Resource::new(ResourceKind::SagemakerDomain, name, None);
        out.not_checked(AppIdlePastLimit, &resource, why);
    }
    for a in studio.idle_apps(now, out.config().idle_limit_minutes) {
        let app = &a.running.app;
        let owner = app.runs_in();
        let name = format!(
            "{}/{owner}/{}",
            studio.domain_name(&app.domain_id),
            app.app_type
        );
        let resource = Resource::new(ResourceKind::StudioApp, name, Some(&app.arn));
        if let Some(why) = a.running.activity.why() {
            out.not_checked(AppIdlePastLimit, &resource, why);
            continue;
        }
        if !a.past_limit {
            continue;
        }
        let (idle, limit) = format::idle_and_limit(a.idle_minutes.unwrap_or(0), a.limit_minutes);
        out.emit(
            AppIdlePastLimit,
            resource,
            format!(
                "no activity for {idle} (limit {limit}): {}",
                a.reasons.join("; ")
            ),
            "See :idle for where its idle shutdown is set; set AppLifecycleManagement.IdleSettings at the domain or profile (shared spaces: DefaultSpaceSettings), or stop the app",
        );
    }
}
