//! Which cloud the TUI and the CLI talk to: the demo estate or AWS, chosen by
//! the command line, plus the connector `:profile` and `:region` use.

use std::sync::Arc;

use async_trait::async_trait;

use crate::app::Connector;
use crate::cli::Cli;
use crate::cloud::aws::{self, AwsOptions};
use crate::cloud::demo::DemoCloud;
use crate::cloud::{Cloud, CloudError};
use crate::gitsync::demo::{DemoRepositories, DemoScript};

/// The async runtime every entry point (TUI, `get`, day-2 commands) runs on.
/// On failure it says why on stderr and returns the exit status to use.
pub fn runtime() -> Result<tokio::runtime::Runtime, std::process::ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("dsadmin: cannot start the async runtime: {e}");
            std::process::ExitCode::FAILURE
        })
}

/// AWS options from the command line (profile, region, endpoint override).
pub fn aws_options(cli: &Cli) -> AwsOptions {
    AwsOptions {
        profile: cli.profile.clone(),
        region: cli.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
        ..AwsOptions::default()
    }
}

/// The cloud for this command line: the demo estate with `--demo`, else AWS.
pub async fn open(cli: &Cli) -> Result<Cloud, CloudError> {
    if cli.demo {
        return DemoCloud::cloud(chrono::Utc::now()).map_err(|message| CloudError::Other {
            code: "DemoEstate".to_owned(),
            message,
        });
    }
    aws::connect(&aws_options(cli)).await
}

/// The connector for `:profile` / `:region` (AWS only; the demo has none).
pub fn connector(cli: &Cli) -> Option<Arc<dyn Connector>> {
    (!cli.demo).then(|| {
        Arc::new(AwsConnector {
            base: aws_options(cli),
        }) as Arc<dyn Connector>
    })
}

/// Reconnects with the same options but another profile and/or region.
struct AwsConnector {
    base: AwsOptions,
}

#[async_trait]
impl Connector for AwsConnector {
    async fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
    ) -> Result<Cloud, CloudError> {
        let options = AwsOptions {
            profile: profile.or_else(|| self.base.profile.clone()),
            region: region.or_else(|| self.base.region.clone()),
            ..self.base.clone()
        };
        aws::connect(&options).await
    }

    fn profiles(&self) -> Vec<String> {
        aws::profile_names()
    }
}

/// For `--demo` without a `[git]` section: Git repositories made from the
/// demo jobs' scripts (most in sync, some drifted, some not in Git, one
/// dirty), mapped in `settings.git`, so the GIT column, `D`, `P` and the
/// drift finding have something to show. Kept alive by the caller; removed
/// when dropped. A failure only costs the demo its Git side (logged).
pub fn demo_git(settings: &mut crate::settings::Settings) -> Option<DemoRepositories> {
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
/// external connection — so every posture rule has something to check.
pub fn demo_settings(settings: &mut crate::settings::Settings) {
    if settings.teams.is_empty() {
        match DemoCloud::example_teams() {
            Ok(teams) => settings.teams = teams,
            Err(e) => tracing::warn!("demo teams not set: {e}"),
        }
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
