//! The admin operations the TUI can run, one enum variant each.
//!
//! A key bound to an action command (`start`, `stop` …) asks the active pane
//! which [`UiOp`] it means for the selected row (`Pane::op_for`). The app then
//! passes the op's [`Effect`] to the policy gate, shows the confirmation modal
//! with [`UiOp::question`] and [`UiOp::request`], and hands the op to a
//! background job that calls [`UiOp::run`] — the same `ops` function the CLI
//! calls, so gate, validation and journal are never written twice. On success
//! the panes listed by [`UiOp::refreshes`] reload.
//!
//! # Adding an action
//!
//! 1. Write the operation in `ops` (it goes through `audit::journaled`).
//! 2. Add a variant here and fill in every `match` below: the effect, the
//!    question, the request fields (AWS names, exactly what is sent), the
//!    confirmation kind ([`Confirmation::TypedName`] for destructive ones),
//!    the panes to refresh, and `run`.
//! 3. If no existing command fits, add one to `Command` (and to
//!    `Command::ACTIONS`), bind a key in `config/default.toml` [keymap] and
//!    regenerate the README key table.
//! 4. Return the op from the row type's `TableRow::action` (or, for a
//!    pane-wide action, from `LoadRequest::pane_action`; for an action over
//!    the marked rows, from `TableRow::rows_action`). The hint bar, the help
//!    overlay's read-only marking, the gate and the journal follow.
//! 5. An action that needs input or a background step before the question
//!    (an editor, a plan) returns an [`crate::app::intent::Intent`] from
//!    `TableRow::intent` instead; the app turns it into the op to confirm.
//!    [`UiOp::details`] adds lines the request fields do not say.

use crate::act::DayTwo;
use crate::app::load::LoadRequest;
use crate::app::push_flow::PushText;
use crate::app::version_change::VersionChange;
use crate::audit::OpError;
use crate::cloud::CloudError;
use crate::model::requests::{AppOwner, AppRef};
use crate::model::OriginRestrictions;
use crate::ops::context::OpsContext;
use crate::ops::glue_push::Plan;
use crate::ops::packages::{self, PackageAddress};
use crate::policy::Effect;

/// One operation the UI can run, with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiOp {
    StartJobRun {
        job: String,
    },
    StopJobRun {
        job: String,
        run_id: String,
    },
    StartCrawler {
        name: String,
    },
    StopCrawler {
        name: String,
    },
    /// `image` is a tag or a `sha256:` digest, as ECR's imageId takes it.
    StartImageScan {
        repository: String,
        image: String,
    },
    /// DeleteApp (stops the app). `listed_for` is the user profile whose
    /// apps list shows it, so that list reloads.
    DeleteApp {
        app: AppRef,
        listed_for: Option<String>,
    },
    /// UpdatePackageVersionsStatus, one request per current status.
    SetVersionsStatus(Box<VersionChange>),
    /// PutPackageOriginConfiguration.
    SetOrigin {
        address: PackageAddress,
        restrictions: OriginRestrictions,
    },
    /// Git → Glue: upload the planned blob and tag the job.
    /// DeleteApp for several apps (the cost radar's marked idle apps), one
    /// request each, each through the gate and the journal.
    StopApps {
        apps: Vec<AppRef>,
    },
    PushGlueScript {
        plan: Box<Plan>,
    },
}

/// How the user confirms an op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// y / Enter proceeds.
    YesNo,
    /// Destructive: the user types this name; Enter is refused until it matches.
    TypedName(String),
}

impl UiOp {
    /// The effect the gate classifies and the journal records.
    pub fn effect(&self) -> Effect {
        let s = String::clone;
        match self {
            UiOp::StartJobRun { job } => Effect::StartJobRun { job: s(job) },
            UiOp::StopJobRun { job, run_id } => Effect::StopJobRun {
                job: s(job),
                run_id: s(run_id),
            },
            UiOp::StartCrawler { name } => Effect::StartCrawler { name: s(name) },
            UiOp::StopCrawler { name } => Effect::StopCrawler { name: s(name) },
            UiOp::StartImageScan { repository, image } => Effect::StartImageScan {
                repository: s(repository),
                digest: s(image),
            },
            UiOp::DeleteApp { app, .. } => crate::ops::apps::delete_effect(app),
            // Every app gets its own DeleteApp effect (gate and journal);
            // the first stands for the class the gate and the hints check.
            UiOp::StopApps { apps } => match apps.first() {
                Some(app) => crate::ops::apps::delete_effect(app),
                None => Effect::DeleteApp {
                    domain_id: String::new(),
                    user: None,
                    space: None,
                    app_type: String::new(),
                    app_name: String::new(),
                },
            },
            UiOp::SetVersionsStatus(change) => change.effect(),
            UiOp::SetOrigin {
                address,
                restrictions,
            } => Effect::PutPackageOriginConfiguration {
                domain: s(&address.domain),
                repository: s(&address.repository),
                format: s(&address.package.format),
                namespace: address.package.namespace.clone(),
                package: s(&address.package.name),
                publish: restrictions.publish.as_str().to_owned(),
                upstream: restrictions.upstream.as_str().to_owned(),
            },
            UiOp::PushGlueScript { plan } => PushText(plan).effect(),
        }
    }

    /// The day-2 operation the CLI runs for the same request, so the
    /// question and the success line read the same in both faces.
    fn day_two(&self) -> Option<DayTwo> {
        let s = String::clone;
        Some(match self {
            UiOp::StartJobRun { job } => DayTwo::StartJobRun { job: s(job) },
            UiOp::StopJobRun { job, run_id } => DayTwo::StopJobRun {
                job: s(job),
                run_id: s(run_id),
            },
            UiOp::StartCrawler { name } => DayTwo::StartCrawler { name: s(name) },
            UiOp::StopCrawler { name } => DayTwo::StopCrawler { name: s(name) },
            UiOp::StartImageScan { repository, image } => DayTwo::StartImageScan {
                repository: s(repository),
                image: s(image),
            },
            UiOp::DeleteApp { .. }
            | UiOp::StopApps { .. }
            | UiOp::SetVersionsStatus(_)
            | UiOp::SetOrigin { .. }
            | UiOp::PushGlueScript { .. } => return None,
        })
    }

    /// The confirmation question.
    pub fn question(&self) -> String {
        if let Some(day_two) = self.day_two() {
            return day_two.question();
        }
        match self {
            UiOp::DeleteApp { app, .. } => format!(
                "Delete (stop) {} app {} of {} in {}?",
                app.app_type, app.app_name, app.owner, app.domain_id
            ),
            UiOp::StopApps { apps } => match apps.as_slice() {
                [app] => format!(
                    "Stop (delete) {} app {} of {} in {}?",
                    app.app_type, app.app_name, app.owner, app.domain_id
                ),
                _ => format!("Stop (delete) these {} Studio apps?", apps.len()),
            },
            UiOp::SetVersionsStatus(change) => change.question(),
            UiOp::SetOrigin {
                address,
                restrictions,
            } => format!(
                "Set the origins of {} package {} in {}/{} to publish {}, upstream {}?",
                address.package.format,
                address.package.display_name(),
                address.domain,
                address.repository,
                restrictions.publish.as_str(),
                restrictions.upstream.as_str()
            ),
            UiOp::PushGlueScript { plan } => PushText(plan).question(),
            // Asked by `day_two` above.
            UiOp::StartJobRun { .. }
            | UiOp::StopJobRun { .. }
            | UiOp::StartCrawler { .. }
            | UiOp::StopCrawler { .. }
            | UiOp::StartImageScan { .. } => String::new(),
        }
    }

    /// Lines under the question: what the request does not say itself.
    pub fn details(&self) -> Vec<String> {
        match self {
            UiOp::SetVersionsStatus(change) => change.details(),
            UiOp::SetOrigin { restrictions, .. } if restrictions.is_open() => {
                vec![OriginRestrictions::OPEN_WARNING.to_owned()]
            }
            UiOp::PushGlueScript { plan } => PushText(plan).details(),
            UiOp::DeleteApp { .. } => vec![
                "The app stops and is deleted: unsaved work in it is lost; saved files (home directory, EFS) stay, and the app can be started again from Studio.".to_owned(),
            ],
            UiOp::StopApps { .. } => vec![
                "One DeleteApp per app: each stops and is deleted, unsaved work in it is lost; saved files (home directory, EFS) stay, and each can be started again from Studio.".to_owned(),
            ],
            _ => Vec::new(),
        }
    }

    /// The request as AWS receives it: field names from the API reference,
    /// values exactly as sent.
    pub fn request(&self) -> Vec<(&'static str, String)> {
        match self {
            UiOp::StartJobRun { job } => vec![("JobName", job.clone())],
            UiOp::StopJobRun { job, run_id } => vec![
                ("JobName", job.clone()),
                ("JobRunIds", format!("[{run_id}]")),
            ],
            UiOp::StartCrawler { name } | UiOp::StopCrawler { name } => {
                vec![("Name", name.clone())]
            }
            UiOp::StartImageScan { repository, image } => {
                let id = if crate::ops::day2::is_digest(image) {
                    "imageId.imageDigest"
                } else {
                    "imageId.imageTag"
                };
                vec![("repositoryName", repository.clone()), (id, image.clone())]
            }
            UiOp::DeleteApp { app, .. } => delete_app_request(app),
            // One line per request, its fields as sent.
            UiOp::StopApps { apps } => apps
                .iter()
                .map(|app| {
                    let fields: Vec<String> = delete_app_request(app)
                        .into_iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    ("", fields.join(" "))
                })
                .collect(),
            UiOp::SetVersionsStatus(change) => change.request(),
            UiOp::SetOrigin {
                address,
                restrictions,
            } => {
                let mut fields = vec![
                    ("domain", address.domain.clone()),
                    ("repository", address.repository.clone()),
                    ("format", address.package.format.clone()),
                ];
                if let Some(ns) = &address.package.namespace {
                    fields.push(("namespace", ns.clone()));
                }
                fields.push(("package", address.package.name.clone()));
                fields.push((
                    "restrictions.publish",
                    restrictions.publish.as_str().to_owned(),
                ));
                fields.push((
                    "restrictions.upstream",
                    restrictions.upstream.as_str().to_owned(),
                ));
                fields
            }
            UiOp::PushGlueScript { plan } => PushText(plan).request(),
        }
    }

    /// How the user confirms it.
    pub fn confirmation(&self) -> Confirmation {
        match self {
            // Each of these is undone by its opposite (or is harmless to
            // repeat), so y/n is enough.
            UiOp::StartJobRun { .. }
            | UiOp::StopJobRun { .. }
            | UiOp::StartCrawler { .. }
            | UiOp::StopCrawler { .. }
            | UiOp::StartImageScan { .. }
            // Deleting an app stops it; the user's files live on in the
            // home EFS volume and the app can be started again.
            | UiOp::DeleteApp { .. }
            | UiOp::StopApps { .. }
            | UiOp::SetOrigin { .. }
            // The old script stays in S3's history only if versioning is
            // on; but what is pushed is a commit, and pushing the previous
            // one undoes it.
            | UiOp::PushGlueScript { .. } => Confirmation::YesNo,
            UiOp::SetVersionsStatus(change) => match change.action {
                // Archived versions can no longer be installed: builds
                // that pin them break.
                packages::StatusAction::Archive => {
                    Confirmation::TypedName(change.address.package.display_name())
                }
                packages::StatusAction::Approve | packages::StatusAction::Unlist => {
                    Confirmation::YesNo
                }
            },
        }
    }

    /// The lists that show what the op changed: every open pane loading one
    /// of these reloads after a success.
    pub fn refreshes(&self) -> Vec<LoadRequest> {
        match self {
            UiOp::StartJobRun { job } | UiOp::StopJobRun { job, .. } => {
                vec![LoadRequest::Jobs, LoadRequest::JobRuns { job: job.clone() }]
            }
            UiOp::StartCrawler { .. } | UiOp::StopCrawler { .. } => vec![LoadRequest::Crawlers],
            UiOp::StartImageScan { repository, .. } => vec![LoadRequest::Images {
                repository: repository.clone(),
            }],
            UiOp::DeleteApp { app, listed_for } => {
                let mut lists = vec![LoadRequest::Users];
                if let Some(user) = listed_for {
                    lists.push(LoadRequest::ProfileItems {
                        domain_id: app.domain_id.clone(),
                        user: user.clone(),
                    });
                }
                lists
            }
            UiOp::StopApps { .. } => vec![LoadRequest::Users],
            UiOp::SetVersionsStatus(_) | UiOp::SetOrigin { .. } => Vec::new(),
            UiOp::PushGlueScript { .. } => vec![LoadRequest::Jobs],
        }
    }

    /// Whether a pane loading `req` shows what this op changed: `refreshes`
    /// plus the lists compared by what they show rather than by equality
    /// (a versions list carries the package as it was loaded).
    pub fn shows_change(&self, req: &LoadRequest) -> bool {
        let address = match self {
            UiOp::SetVersionsStatus(change) => &change.address,
            UiOp::SetOrigin { address, .. } => address,
            UiOp::PushGlueScript { plan } => {
                return matches!(req, LoadRequest::ScriptDiff { job, .. } if *job == plan.job)
                    || self.refreshes().contains(req);
            }
            // The cost radar's request carries its settings: any open one
            // shows the stopped apps.
            UiOp::StopApps { .. } => {
                return matches!(req, LoadRequest::Costs { .. }) || self.refreshes().contains(req);
            }
            _ => return self.refreshes().contains(req),
        };
        match req {
            LoadRequest::Packages { domain, repository } => {
                *domain == address.domain && *repository == address.repository
            }
            LoadRequest::PackageVersions {
                domain,
                repository,
                package,
            } => {
                *domain == address.domain
                    && *repository == address.repository
                    && crate::model::PackageRef::from(package.as_ref()) == address.package
            }
            _ => false,
        }
    }

    /// Runs the op (gate, validation, journal, call) and returns the line for
    /// the status bar, with the AWS request id when AWS gave one.
    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        if let Some(day_two) = self.day_two() {
            return day_two.run(ops).await;
        }
        let with_id = |line: String, request_id: Option<String>| match request_id {
            Some(id) => format!("{line} (request id {id})"),
            None => line,
        };
        match self {
            UiOp::DeleteApp { app, .. } => {
                let done = crate::ops::apps::delete_app(ops, app).await?;
                Ok(with_id(format!("deleting {app}"), done.request_id))
            }
            UiOp::StopApps { apps } => {
                let result = crate::ops::stop_apps::stop_apps(ops, apps).await;
                if let Some(refused) = result.refused() {
                    return Err(OpError::Refused(refused.clone()));
                }
                if result.failed.is_empty() {
                    Ok(result.summary())
                } else {
                    // Partly done: an error, so it is kept in `:errors`,
                    // naming what went and what did not.
                    Err(OpError::Cloud(CloudError::Other {
                        code: "SomeAppsNotStopped".to_owned(),
                        message: result.summary(),
                    }))
                }
            }
            UiOp::SetVersionsStatus(change) => change.run(ops).await,
            UiOp::SetOrigin {
                address,
                restrictions,
            } => {
                let done = packages::set_origin(ops, address, *restrictions).await?;
                Ok(with_id(
                    format!(
                        "{}: publish {}, upstream {}",
                        address.package.display_name(),
                        done.value.publish.as_str(),
                        done.value.upstream.as_str()
                    ),
                    done.request_id,
                ))
            }
            UiOp::PushGlueScript { plan } => PushText(plan).run(ops).await,
            // Run by `day_two` above.
            UiOp::StartJobRun { .. }
            | UiOp::StopJobRun { .. }
            | UiOp::StartCrawler { .. }
            | UiOp::StopCrawler { .. }
            | UiOp::StartImageScan { .. } => Ok(String::new()),
        }
    }
}

/// DeleteApp's fields, as the API reference names them.
fn delete_app_request(app: &AppRef) -> Vec<(&'static str, String)> {
    let owner = match &app.owner {
        AppOwner::User(u) => ("UserProfileName", u.clone()),
        AppOwner::Space(s) => ("SpaceName", s.clone()),
    };
    vec![
        ("DomainId", app.domain_id.clone()),
        owner,
        ("AppType", app.app_type.clone()),
        ("AppName", app.app_name.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::EffectClass;

    fn all() -> Vec<UiOp> {
        let s = |v: &str| v.to_owned();
        vec![
            UiOp::StartJobRun { job: s("etl") },
            UiOp::StopJobRun {
                job: s("etl"),
                run_id: s("jr_1"),
            },
            UiOp::StartCrawler { name: s("raw") },
            UiOp::StopCrawler { name: s("raw") },
            UiOp::StartImageScan {
                repository: s("team/img"),
                image: s("v1"),
            },
        ]
    }

    #[test]
    fn every_op_is_a_mutation_with_a_question_and_a_request() {
        for op in all() {
            assert_eq!(op.effect().class(), EffectClass::Mutate, "{op:?}");
            assert!(op.question().ends_with('?'));
            assert!(!op.request().is_empty());
            assert!(!op.refreshes().is_empty());
        }
    }

    #[test]
    fn the_new_ops_ask_send_the_api_fields_and_archive_needs_the_name() {
        use crate::model::{OriginRule, PackageRef, PackageVersion};
        use crate::ops::packages::StatusAction;
        let address = PackageAddress {
            domain: "corp".into(),
            repository: "approved-pypi".into(),
            package: PackageRef::new("pypi", None, "requests"),
        };
        let delete = UiOp::DeleteApp {
            app: AppRef {
                domain_id: "d-abc123".into(),
                owner: AppOwner::Space("alice-lab".into()),
                app_type: "JupyterLab".into(),
                app_name: "default".into(),
            },
            listed_for: Some("alice".into()),
        };
        assert_eq!(delete.request()[1], ("SpaceName", "alice-lab".to_owned()));
        assert!(delete.refreshes().contains(&LoadRequest::ProfileItems {
            domain_id: "d-abc123".into(),
            user: "alice".into()
        }));
        let origin = UiOp::SetOrigin {
            address: address.clone(),
            restrictions: OriginRestrictions {
                publish: OriginRule::Allow,
                upstream: OriginRule::Allow,
            },
        };
        assert!(origin.details()[0].contains("dependency substitution"));
        assert!(origin.shows_change(&LoadRequest::Packages {
            domain: "corp".into(),
            repository: "approved-pypi".into()
        }));
        let row = PackageVersion {
            package: "requests".into(),
            version: "2.31.0".into(),
            status: "Published".into(),
            origin: "EXTERNAL".into(),
            published: None,
            revision: None,
        };
        let archive = UiOp::SetVersionsStatus(Box::new(
            VersionChange::of(address, StatusAction::Archive, &[&row]).unwrap(),
        ));
        assert_eq!(
            archive.confirmation(),
            Confirmation::TypedName("requests".into())
        );
        for op in [delete, origin, archive] {
            assert_eq!(op.effect().class(), EffectClass::Mutate, "{op:?}");
            assert!(op.question().ends_with('?'), "{op:?}");
            assert!(!op.request().is_empty());
        }
    }

    #[test]
    fn request_fields_use_the_api_names() {
        let op = UiOp::StartImageScan {
            repository: "r".into(),
            image: format!("sha256:{}", "a".repeat(64)),
        };
        assert_eq!(op.request()[1].0, "imageId.imageDigest");
        assert_eq!(
            UiOp::StartJobRun { job: "x".into() }.request(),
            vec![("JobName", "x".to_owned())]
        );
    }

    #[test]
    fn a_bulk_stop_asks_once_sends_one_delete_app_each_and_reloads_costs() {
        let app = |owner: AppOwner, name: &str| AppRef {
            domain_id: "d-abc123".into(),
            owner,
            app_type: "JupyterLab".into(),
            app_name: name.into(),
        };
        let op = UiOp::StopApps {
            apps: vec![
                app(AppOwner::Space("alice-lab".into()), "default"),
                app(AppOwner::User("bob".into()), "kg-1"),
            ],
        };
        assert_eq!(op.effect().class(), EffectClass::Mutate);
        assert_eq!(op.effect().action(), "sagemaker:DeleteApp");
        assert_eq!(op.question(), "Stop (delete) these 2 Studio apps?");
        assert_eq!(op.confirmation(), Confirmation::YesNo);
        assert_eq!(
            op.request(),
            vec![
                (
                    "",
                    "DomainId=d-abc123 SpaceName=alice-lab AppType=JupyterLab AppName=default"
                        .to_owned()
                ),
                (
                    "",
                    "DomainId=d-abc123 UserProfileName=bob AppType=JupyterLab AppName=kg-1"
                        .to_owned()
                ),
            ]
        );
        let costs = LoadRequest::Costs {
            settings: Box::new(crate::settings::costs::CostSettings::builtin()),
            clock: None,
        };
        assert!(op.shows_change(&costs) && op.shows_change(&LoadRequest::Users));
        let one = UiOp::StopApps {
            apps: vec![app(AppOwner::User("bob".into()), "kg-1")],
        };
        assert_eq!(
            one.question(),
            "Stop (delete) JupyterLab app kg-1 of user bob in d-abc123?"
        );
    }
}
