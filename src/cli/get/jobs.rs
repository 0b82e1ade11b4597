//! `get jobs --wide`: the Jobs tab's GIT column too. Each mapped job's
//! deployed script (S3) is compared with its blob in Git, as the tab does;
//! an unmapped job says so without any call.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value};

use crate::cloud::Cloud;
use crate::gitsync::status::{sync_states, JobScript};
use crate::gitsync::GitSettings;
use crate::model::GlueJob;
use crate::rows::jobs::JobRow;

/// S3 reads in flight at once (the tab's figure).
const CONCURRENCY: usize = 8;

/// `jobs` with their Git states, in their order.
pub(super) async fn with_git(cloud: &Cloud, git: &GitSettings, jobs: Vec<GlueJob>) -> Vec<JobRow> {
    let scripts = jobs.iter().map(JobScript::of).collect();
    let states = Mutex::new(HashMap::new());
    sync_states(cloud, git, scripts, CONCURRENCY, |job, state| {
        states
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(job, state);
    })
    .await;
    let mut states = states.into_inner().unwrap_or_else(PoisonError::into_inner);
    jobs.into_iter()
        .map(|job| {
            let git = states.remove(&job.name);
            JobRow { job, git }
        })
        .collect()
}

/// A job's JSON record with `git` (`state` as the GIT column says it,
/// `detail` as `d` does) before its `unknown` map.
pub(super) fn with_git_field(record: Value, row: &JobRow) -> Value {
    let Value::Object(fields) = record else {
        return record;
    };
    let git = row.git.as_ref().map_or(
        Value::Null,
        |state| serde_json::json!({ "state": state.label(), "detail": state.describe() }),
    );
    let mut out = Map::with_capacity(fields.len() + 1);
    let mut git = Some(git);
    for (key, value) in fields {
        if key == "unknown" {
            if let Some(git) = git.take() {
                out.insert("git".to_owned(), git);
            }
        }
        out.insert(key, value);
    }
    if let Some(git) = git {
        out.insert("git".to_owned(), git);
    }
    Value::Object(out)
}
