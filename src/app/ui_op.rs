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
//!    pane-wide action, from `LoadRequest::pane_action`). The hint bar,
//!    the help overlay's read-only marking, the gate and the journal follow.

use crate::act::DayTwo;
use crate::app::load::LoadRequest;
use crate::audit::OpError;
use crate::ops::context::OpsContext;
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
        }
    }

    /// The day-2 operation the CLI runs for the same request, so the
    /// question and the success line read the same in both faces.
    fn day_two(&self) -> DayTwo {
        let s = String::clone;
        match self {
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
        }
    }

    /// The confirmation question.
    pub fn question(&self) -> String {
        self.day_two().question()
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
            | UiOp::StartImageScan { .. } => Confirmation::YesNo,
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
        }
    }

    /// Runs the op (gate, validation, journal, call) and returns the line for
    /// the status bar, with the AWS request id when AWS gave one.
    pub async fn run(&self, ops: &OpsContext) -> Result<String, OpError> {
        self.day_two().run(ops).await
    }
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
}
