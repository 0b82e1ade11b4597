//! The one operation type: every admin action both faces can run, one
//! variant each.
//!
//! A TUI key (through a row's `TableRow::action`) and a CLI subcommand
//! build the same [`Op`]. Each variant says, in one place:
//! - its policy [`Effect`] (the gate classifies it, the journal records it);
//! - the confirmation [`Op::question`], extra [`Op::details`], and the exact
//!   request preview [`Op::request`] (AWS field names, what is sent);
//! - how it is confirmed ([`Confirmation::TypedName`] for destructive ones);
//! - how it runs ([`Op::run`]: the `ops` function with gate, validation and
//!   journal, never written twice);
//! - which lists its success changes ([`Op::changes`]), so a face reloads them.
//!
//! # Adding an admin action
//!
//! 1. Write the operation in `ops` (it goes through `audit::journaled`).
//! 2. Add a variant here and fill in every `match` below; the compiler
//!    names each one.
//! 3. TUI: return the op from the row's `TableRow::action` in
//!    `tui/views/` (or `rows_action` for marked rows); bind a key if no
//!    `Command` fits. CLI: build it in the subcommand's file in `cli/`.

use crate::audit::{Failure, OpError};

use crate::gitsync::repo::short;
use crate::model::requests::{AppOwner, AppRef};
use crate::model::OriginRestrictions;
use crate::ops::context::OpsContext;
use crate::ops::glue_push::{self, Plan, PushError};
use crate::ops::model_approval::{self, ApprovalChange};
use crate::ops::packages::{self, PackageAddress};
use crate::ops::version_change::VersionChange;
use crate::policy::Effect;

/// One admin operation, with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
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
    /// DeleteApp for several apps (the cost radar's marked idle apps), one
    /// request each, each through the gate and the journal.
    StopApps {
        apps: Vec<AppRef>,
    },
    /// Git → Glue: upload the planned blob and tag the job.
    PushGlueScript {
        plan: Box<Plan>,
    },
    /// UpdateModelPackage: approve or reject one registry version.
    SetModelApproval(Box<ApprovalChange>),
}

/// How the user confirms an op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// y / Enter (or `--yes`) proceeds.
    YesNo,
    /// Destructive: the user types this name; Enter is refused until it matches.
    TypedName(String),
}

/// A list whose rows an op's success changes: the faces reload what they
/// show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Jobs,
    JobRuns {
        job: String,
    },
    Crawlers,
    Images {
        repository: String,
    },
    Users,
    /// One user profile's apps and spaces.
    ProfileItems {
        domain_id: String,
        user: String,
    },
    /// One package: its repository's package list and its versions.
    Package(PackageAddress),
    /// A Glue job's deployed script against Git.
    ScriptDiff {
        job: String,
    },
    /// The cost and idle radar.
    Costs,
    /// One model package group's versions, and the list of groups.
    ModelPackages {
        group: String,
    },
}

impl Op {
    /// The names a day-2 op sends, checked as the op itself checks them:
    /// the CLI asks first, so a malformed name is a usage error (exit 2)
    /// before any cloud is opened, as package coordinates are.
    pub fn check_names(&self) -> crate::cloud::CloudResult<()> {
        use crate::ops::day2::{ecr_image, ecr_repository, glue_name};
        match self {
            Op::StartJobRun { job } => glue_name("Glue job name", job),
            Op::StopJobRun { job, run_id } => {
                glue_name("Glue job name", job)?;
                glue_name("job run id", run_id)
            }
            Op::StartCrawler { name } | Op::StopCrawler { name } => glue_name("crawler name", name),
            Op::StartImageScan { repository, image } => {
                ecr_repository(repository)?;
                ecr_image(image)
            }
            Op::SetModelApproval(change) => change.validate(),
            _ => Ok(()),
        }
    }

    /// The effect the gate classifies and the journal records.
    pub fn effect(&self) -> Effect {
        let s = String::clone;
        match self {
            Op::StartJobRun { job } => Effect::StartJobRun { job: s(job) },
            Op::StopJobRun { job, run_id } => Effect::StopJobRun {
                job: s(job),
                run_id: s(run_id),
            },
            Op::StartCrawler { name } => Effect::StartCrawler { name: s(name) },
            Op::StopCrawler { name } => Effect::StopCrawler { name: s(name) },
            Op::StartImageScan { repository, image } => Effect::StartImageScan {
                repository: s(repository),
                digest: s(image),
            },
            Op::DeleteApp { app, .. } => crate::ops::apps::delete_effect(app),
            // Every app gets its own DeleteApp effect (gate and journal);
            // the first stands for the class the gate and the hints check.
            Op::StopApps { apps } => match apps.first() {
                Some(app) => crate::ops::apps::delete_effect(app),
                None => Effect::DeleteApp {
                    domain_id: String::new(),
                    user: None,
                    space: None,
                    app_type: String::new(),
                    app_name: String::new(),
                },
            },
            Op::SetVersionsStatus(change) => change.effect(),
            Op::SetOrigin {
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
            Op::PushGlueScript { plan } => glue_push::upload_effect(plan),
            Op::SetModelApproval(change) => change.effect(),
        }
    }

    /// The confirmation question, naming exactly what will happen.
    pub fn question(&self) -> String {
        match self {
            Op::StartJobRun { job } => format!("Start a run of Glue job {job}?"),
            Op::StopJobRun { job, run_id } => format!("Stop run {run_id} of Glue job {job}?"),
            Op::StartCrawler { name } => format!("Start crawler {name}?"),
            Op::StopCrawler { name } => format!("Stop crawler {name}?"),
            Op::StartImageScan { repository, image } => {
                format!("Start an image scan of {}?", image_ref(repository, image))
            }
            Op::DeleteApp { app, .. } => format!(
                "Delete (stop) {} app {} of {} in {}?",
                app.app_type, app.app_name, app.owner, app.domain_id
            ),
            Op::StopApps { apps } => match apps.as_slice() {
                [app] => format!(
                    "Stop (delete) {} app {} of {} in {}?",
                    app.app_type, app.app_name, app.owner, app.domain_id
                ),
                _ => format!("Stop (delete) these {} Studio apps?", apps.len()),
            },
            Op::SetVersionsStatus(change) => change.question(),
            Op::SetOrigin {
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
            Op::PushGlueScript { plan } => format!(
                "Push the script of Glue job {} from Git to {}?",
                plan.job, plan.location
            ),
            Op::SetModelApproval(change) => change.question(),
        }
    }

    /// Lines the request fields do not say: consequences, warnings.
    pub fn details(&self) -> Vec<String> {
        match self {
            Op::SetVersionsStatus(change) => change.details(),
            Op::SetOrigin { restrictions, .. } if restrictions.is_open() => {
                vec![OriginRestrictions::OPEN_WARNING.to_owned()]
            }
            Op::PushGlueScript { plan } => push_details(plan),
            Op::SetModelApproval(change) => change.details(),
            Op::DeleteApp { .. } => vec![
                "The app stops and is deleted: unsaved work in it is lost; saved files (home directory, EFS) stay, and the app can be started again from Studio.".to_owned(),
            ],
            Op::StopApps { .. } => vec![
                "One DeleteApp per app: each stops and is deleted, unsaved work in it is lost; saved files (home directory, EFS) stay, and each can be started again from Studio.".to_owned(),
            ],
            _ => Vec::new(),
        }
    }

    /// The request as sent, field by field, with the API reference's names.
    pub fn request(&self) -> Vec<(&'static str, String)> {
        match self {
            Op::StartJobRun { job } => vec![("JobName", job.clone())],
            Op::StopJobRun { job, run_id } => vec![
                ("JobName", job.clone()),
                ("JobRunIds", format!("[{run_id}]")),
            ],
            Op::StartCrawler { name } | Op::StopCrawler { name } => {
                vec![("Name", name.clone())]
            }
            Op::StartImageScan { repository, image } => {
                let id = if crate::ops::day2::is_digest(image) {
                    "imageId.imageDigest"
                } else {
                    "imageId.imageTag"
                };
                vec![("repositoryName", repository.clone()), (id, image.clone())]
            }
            Op::DeleteApp { app, .. } => delete_app_request(app),
            Op::StopApps { apps } => apps
                .iter()
                .map(|app| {
                    let fields: Vec<String> = delete_app_request(app)
                        .into_iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    ("", fields.join(" "))
                })
                .collect(),
            Op::SetVersionsStatus(change) => change.request(),
            Op::SetOrigin {
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
            Op::PushGlueScript { plan } => push_request(plan),
            Op::SetModelApproval(change) => change.request(),
        }
    }

    pub fn confirmation(&self) -> Confirmation {
        match self {
            Op::StartJobRun { .. }
            | Op::StopJobRun { .. }
            | Op::StartCrawler { .. }
            | Op::StopCrawler { .. }
            | Op::StartImageScan { .. }
            | Op::DeleteApp { .. }
            | Op::StopApps { .. }
            | Op::SetOrigin { .. }
            | Op::PushGlueScript { .. }
            | Op::SetModelApproval(_) => Confirmation::YesNo,
            Op::SetVersionsStatus(change) => match change.action {
                packages::StatusAction::Archive => {
                    Confirmation::TypedName(change.address.package.display_name())
                }
                packages::StatusAction::Approve | packages::StatusAction::Unlist => {
                    Confirmation::YesNo
                }
            },
        }
    }

    /// The lists whose rows this op changes when it succeeds.
    pub fn changes(&self) -> Vec<Changed> {
        match self {
            Op::StartJobRun { job } | Op::StopJobRun { job, .. } => {
                vec![Changed::Jobs, Changed::JobRuns { job: job.clone() }]
            }
            Op::StartCrawler { .. } | Op::StopCrawler { .. } => vec![Changed::Crawlers],
            Op::StartImageScan { repository, .. } => vec![Changed::Images {
                repository: repository.clone(),
            }],
            Op::DeleteApp { app, listed_for } => {
                let mut lists = vec![Changed::Users];
                if let Some(user) = listed_for {
                    lists.push(Changed::ProfileItems {
                        domain_id: app.domain_id.clone(),
                        user: user.clone(),
                    });
                }
                lists
            }
            Op::StopApps { .. } => vec![Changed::Users, Changed::Costs],
            Op::SetVersionsStatus(change) => vec![Changed::Package(change.address.clone())],
            Op::SetOrigin { address, .. } => vec![Changed::Package(address.clone())],
            Op::PushGlueScript { plan } => vec![
                Changed::Jobs,
                Changed::ScriptDiff {
                    job: plan.job.clone(),
                },
            ],
            Op::SetModelApproval(change) => vec![Changed::ModelPackages {
                group: change.group.clone(),
            }],
        }
    }

    /// Runs the op (gate, validation, journal, call) and returns the line
    /// for the status bar or stdout, with the AWS request id when AWS gave one.
    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        use crate::ops::day2;
        let with_id = |line: String, request_id: Option<String>| match request_id {
            Some(id) => format!("{line} (request id {id})"),
            None => line,
        };
        match self {
            Op::StartJobRun { job } => {
                let done = day2::start_job_run(ops, job).await?;
                Ok(with_id(
                    format!("started run {} of {job}", done.value),
                    done.request_id,
                ))
            }
            Op::StopJobRun { job, run_id } => {
                let done = day2::stop_job_run(ops, job, run_id).await?;
                Ok(with_id(
                    format!("stopping run {run_id} of {job}"),
                    done.request_id,
                ))
            }
            Op::StartCrawler { name } => {
                let done = day2::start_crawler(ops, name).await?;
                Ok(with_id(format!("started crawler {name}"), done.request_id))
            }
            Op::StopCrawler { name } => {
                let done = day2::stop_crawler(ops, name).await?;
                Ok(with_id(format!("stopping crawler {name}"), done.request_id))
            }
            Op::StartImageScan { repository, image } => {
                let done = day2::start_image_scan(ops, repository, image).await?;
                Ok(with_id(
                    format!(
                        "started scan of {}: {}",
                        image_ref(repository, image),
                        done.value
                    ),
                    done.request_id,
                ))
            }
            Op::DeleteApp { app, .. } => {
                let done = crate::ops::apps::delete_app(ops, app).await?;
                Ok(with_id(format!("deleting {app}"), done.request_id))
            }
            Op::StopApps { apps } => {
                let result = crate::ops::stop_apps::stop_apps(ops, apps).await;
                if let Some(refused) = result.refused() {
                    return Err(OpError::Refused(refused.clone()));
                }
                if result.failed.is_empty() {
                    Ok(result.summary())
                } else {
                    // Partly done: an error, so it is kept in `:errors`,
                    // naming what went and what did not.
                    Err(OpError::Failed(Failure::PartlyDone(result.summary())))
                }
            }
            Op::SetVersionsStatus(change) => change.run(ops).await,
            Op::SetOrigin {
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
            Op::PushGlueScript { plan } => run_push(ops, plan).await,
            Op::SetModelApproval(change) => {
                let done = model_approval::set_approval(ops, change).await?;
                let proof = match (&done.request_id, &done.read_back) {
                    (Some(id), _) => format!(" (request id {id})"),
                    (None, Some(checked)) => format!(" (no answer; {checked})"),
                    (None, None) => String::new(),
                };
                Ok(format!(
                    "model package {}/{} {}{proof}",
                    change.group,
                    change.version,
                    change.verdict.past()
                ))
            }
        }
    }
}

/// `repo:tag` or `repo@sha256:…`, as docker spells them.
pub fn image_ref(repository: &str, image: &str) -> String {
    if crate::ops::day2::is_digest(image) {
        format!("{repository}@{image}")
    } else {
        format!("{repository}:{image}")
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

/// What a push's confirmation says besides its request: commit, repository,
/// path, location, the diff's size, and that the job is not changed.
fn push_details(plan: &Plan) -> Vec<String> {
    let (plus, minus) = glue_push::diff_stats(plan);
    let deployed = if plan.deployed.is_some() {
        "deployed → Git"
    } else {
        "nothing deployed yet"
    };
    vec![
        format!("Commit:      {} ({})", plan.commit, plan.mapping.git_ref),
        format!("Repository:  {}", plan.repository_label),
        format!("Path:        {}", plan.mapping.path),
        format!("S3 location: {}", plan.location),
        format!("Diff:        +{plus} −{minus} lines ({deployed}; D shows it)"),
        format!(
            "Then glue:TagResource {}={} on the job; the job definition is not changed (no UpdateJob).",
            glue_push::COMMIT_TAG,
            short(&plan.commit)
        ),
    ]
}

/// PutObject's fields as sent: the condition that refuses a lost update,
/// and the metadata (the caller is filled in when it runs).
fn push_request(plan: &Plan) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("Bucket", plan.location.bucket.clone()),
        ("Key", plan.location.key.clone()),
    ];
    match plan.deployed.as_ref().and_then(|d| d.etag.clone()) {
        Some(etag) => fields.push(("If-Match", etag)),
        None if plan.deployed.is_none() => fields.push(("If-None-Match", "*".to_owned())),
        None => {}
    }
    fields.push((
        "x-amz-meta-git-commit",
        plan.commit.chars().take(12).collect(),
    ));
    fields.push(("x-amz-meta-git-path", plan.mapping.path.clone()));
    fields
}

async fn run_push(ops: &OpsContext, plan: &Plan) -> Result<String, OpError> {
    match glue_push::push(ops, plan, false).await {
        Ok(pushed) => {
            let mut line = format!(
                "pushed {} to {} and tagged {} {}={}",
                plan.git_label(),
                pushed.location,
                plan.job,
                glue_push::COMMIT_TAG,
                short(&pushed.commit)
            );
            if let Some(id) = pushed.request_id {
                line.push_str(&format!(" (request id {id})"));
            }
            Ok(line)
        }
        Err(PushError::Upload(OpError::Failed(Failure::DirtyWorktree(why)))) => {
            Err(OpError::Failed(dirty_error(plan, &why)))
        }
        Err(PushError::Upload(e)) => Err(e),
        // The script is in S3: report it as done, with the tag's failure in
        // the same line (both are journaled), so the Jobs tab still
        // refreshes to show the new state.
        Err(e @ PushError::Tag { .. }) => Ok(e.to_string()),
    }
}

/// The refusal of a dirty worktree, with the way out from the TUI.
pub fn dirty_error(plan: &Plan, why: &str) -> Failure {
    Failure::DirtyWorktree(format!(
        "{why} — commit or stash the changes, or push from the command line with `dsadmin glue push {} --allow-dirty`",
        plan.job
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::EffectClass;

    fn all() -> Vec<Op> {
        let s = |v: &str| v.to_owned();
        vec![
            Op::StartJobRun { job: s("etl") },
            Op::StopJobRun {
                job: s("etl"),
                run_id: s("jr_1"),
            },
            Op::StartCrawler { name: s("raw") },
            Op::StopCrawler { name: s("raw") },
            Op::StartImageScan {
                repository: s("team/img"),
                image: s("v1"),
            },
            Op::SetModelApproval(Box::new(ApprovalChange {
                group: s("churn"),
                version: 3,
                arn: s("arn:aws:sagemaker:eu-west-2:1:model-package/churn/3"),
                verdict: model_approval::Verdict::Reject,
                description: s("drift on Q3 data"),
                expected: None,
                serving: Vec::new(),
            })),
        ]
    }

    #[test]
    fn every_op_is_a_mutation_with_a_question_and_a_request() {
        for op in all() {
            assert_eq!(op.effect().class(), EffectClass::Mutate, "{op:?}");
            assert!(op.question().ends_with('?'));
            assert!(!op.request().is_empty());
            assert!(!op.changes().is_empty());
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
        let delete = Op::DeleteApp {
            app: AppRef {
                domain_id: "d-abc123".into(),
                owner: AppOwner::Space("alice-lab".into()),
                app_type: "JupyterLab".into(),
                app_name: "default".into(),
            },
            listed_for: Some("alice".into()),
        };
        assert_eq!(delete.request()[1], ("SpaceName", "alice-lab".to_owned()));
        assert!(delete.changes().contains(&Changed::ProfileItems {
            domain_id: "d-abc123".into(),
            user: "alice".into()
        }));
        let origin = Op::SetOrigin {
            address: address.clone(),
            restrictions: OriginRestrictions {
                publish: OriginRule::Allow,
                upstream: OriginRule::Allow,
            },
        };
        assert!(origin.details()[0].contains("dependency substitution"));
        assert_eq!(origin.changes(), [Changed::Package(address.clone())]);
        let row = PackageVersion {
            package: "requests".into(),
            version: "2.31.0".into(),
            status: "Published".into(),
            origin: "EXTERNAL".into(),
            published: None,
            revision: None,
        };
        let archive = Op::SetVersionsStatus(Box::new(
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
        let op = Op::StartImageScan {
            repository: "r".into(),
            image: format!("sha256:{}", "a".repeat(64)),
        };
        assert_eq!(op.request()[1].0, "imageId.imageDigest");
        assert_eq!(
            Op::StartJobRun { job: "x".into() }.request(),
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
        let op = Op::StopApps {
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
        assert_eq!(op.changes(), [Changed::Users, Changed::Costs]);
        let one = Op::StopApps {
            apps: vec![app(AppOwner::User("bob".into()), "kg-1")],
        };
        assert_eq!(
            one.question(),
            "Stop (delete) JupyterLab app kg-1 of user bob in d-abc123?"
        );
    }

    #[test]
    fn questions_and_image_refs() {
        assert_eq!(
            Op::StartJobRun { job: "x".into() }.question(),
            "Start a run of Glue job x?"
        );
        assert_eq!(image_ref("r", "v1"), "r:v1");
        assert_eq!(image_ref("r", "sha256:ab"), "r@sha256:ab");
    }
}
