//! What `--demo` fills in where the config is silent, so the demo estate
//! shows every feature with no setup: the estate's teams, its closed
//! repositories, and Git repositories made from the demo jobs' scripts.

use crate::cloud::demo::DemoCloud;
use crate::gitsync::demo::{DemoRepositories, DemoScript};
use crate::ops::teams::TeamSettings;
use crate::settings::Settings;

/// For `--demo` without a `[git]` section: Git repositories made from the
/// demo jobs' scripts (most in sync, some drifted, some not in Git, one
/// dirty), mapped in `settings.git`, so the GIT column, `D`, `P` and the
/// drift finding have something to show. Kept alive by the caller; removed
/// when dropped. A failure only costs the demo its Git side (logged).
pub fn demo_git(settings: &mut Settings) -> Option<DemoRepositories> {
    if settings.git.repository.is_some() || !settings.git.jobs.is_empty() {
        return None;
    }
    let estate = match DemoCloud::new(chrono::Utc::now()) {
        Ok(demo) => demo.snapshot(),
        Err(e) => {
            tracing::warn!("demo Git repositories not made: {e}");
            return None;
        }
    };
    let scripts: Vec<DemoScript> = estate
        .glue_jobs
        .iter()
        .map(|job| DemoScript {
            job: job.name.clone(),
            deployed: crate::cloud::demo::glue_script(job),
        })
        .collect();
    let root = std::env::temp_dir().join(format!("dsadmin-demo-git-{}", std::process::id()));
    match crate::gitsync::demo::create(&root, &scripts) {
        Ok(repos) => {
            settings.git = repos.settings.clone();
            Some(repos)
        }
        Err(e) => {
            tracing::warn!("demo Git repositories not made: {e}");
            None
        }
    }
}

/// For `--demo`: what a real estate's config would say and the demo's
/// seed knows, where the config is silent — the estate's teams (so `o`
/// onboards and the execution-role rule has roles to allow) and its
/// `approved-*` CodeArtifact repositories as the ones that must have no
/// external connection, and `Classification` as the object tag S3 access
/// must be conditioned on — so every posture rule has something to check.
pub fn demo_settings(settings: &mut Settings) {
    if settings.teams.is_empty() {
        match example_teams() {
            Ok(teams) => settings.teams = teams,
            Err(e) => tracing::warn!("demo teams not set: {e}"),
        }
    }
    // The demo's roles control data access by the Classification tag.
    if settings.governance.require_object_tag.is_none() {
        settings.governance.require_object_tag = Some("Classification".to_owned());
    }
    if settings.governance.closed_repositories.is_empty() {
        if let Ok(demo) = DemoCloud::new(chrono::Utc::now()) {
            settings.governance.closed_repositories = demo
                .snapshot()
                .artifact_repositories
                .iter()
                .filter(|r| r.name.starts_with("approved-"))
                .map(|r| r.name.clone())
                .collect();
        }
    }
}

/// Onboarding teams for the demo estate when the config defines none:
/// the estate's own teams with their execution roles, so `o` on Users
/// works in `--demo` out of the box. A real estate gets no built-in
/// teams (a team names real roles and security groups).
pub fn example_teams() -> Result<std::collections::BTreeMap<String, TeamSettings>, String> {
    Ok(DemoCloud::team_roles()?
        .into_iter()
        .map(|(name, role)| {
            let mut team = TeamSettings::new(role);
            team.default_instance_type = Some("ml.t3.medium".to_owned());
            (name, team)
        })
        .collect())
}
