//! The Jobs tab's Git column: every job's sync state, computed in the
//! background with bounded concurrency. A job without a mapping is
//! not-mapped at once, without any S3 call; each repository's worktree
//! status is read once, however many jobs map to it.

use std::collections::HashMap;
use std::path::PathBuf;

use futures::stream::{self, StreamExt};

use crate::cloud::Cloud;
use crate::gitsync::{
    dirty_paths, read_blob, GitError, GitSettings, Mapping, MappingSource, Overrides, SyncState,
};
use crate::model::S3Location;

/// One job to check: its name and ScriptLocation (from the list already
/// loaded, so no GetJob per job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobScript {
    pub job: String,
    pub script_location: String,
}

impl JobScript {
    pub fn of(job: &crate::model::GlueJob) -> Self {
        Self {
            job: job.name.clone(),
            script_location: job.script_location.clone(),
        }
    }
}

/// Calls `report(job, state)` once per job as each state becomes known,
/// at most `concurrency` S3 reads in flight.
pub async fn sync_states<F>(
    cloud: &Cloud,
    git: &GitSettings,
    jobs: Vec<JobScript>,
    concurrency: usize,
    report: F,
) where
    F: Fn(String, SyncState),
{
    let mut mapped = Vec::new();
    for j in jobs {
        match git.mapping(&j.job, &Overrides::default()) {
            Some(m) => mapped.push((j, m)),
            None => report(
                j.job,
                SyncState::NotMapped {
                    reason: "no [git] mapping for this job".to_owned(),
                },
            ),
        }
    }
    if mapped.is_empty() {
        return;
    }
    let mut repos: Vec<PathBuf> = mapped.iter().map(|(_, m)| m.repository.clone()).collect();
    repos.sort();
    repos.dedup();
    let dirty: HashMap<PathBuf, Result<bool, GitError>> = match blocking(move || {
        repos
            .into_iter()
            .map(|r| {
                let d = dirty_paths(&r).map(|p| !p.is_empty());
                (r, d)
            })
            .collect()
    })
    .await
    {
        Some(d) => d,
        None => {
            // The blocking thread died: say so rather than show "clean".
            for (j, _) in mapped {
                report(
                    j.job,
                    SyncState::Error {
                        message: "reading the repositories stopped".to_owned(),
                    },
                );
            }
            return;
        }
    };
    let dirty = &dirty;
    stream::iter(mapped)
        .map(|(j, m)| async move {
            let state = state_of(cloud, &j, m, dirty).await;
            (j.job, state)
        })
        .buffer_unordered(concurrency.max(1))
        .for_each(|(job, state)| {
            report(job, state);
            async {}
        })
        .await;
}

async fn state_of(
    cloud: &Cloud,
    job: &JobScript,
    mapping: Mapping,
    dirty: &HashMap<PathBuf, Result<bool, GitError>>,
) -> SyncState {
    let convention = mapping.source == MappingSource::Convention;
    let is_dirty = match dirty.get(&mapping.repository) {
        Some(Ok(d)) => *d,
        Some(Err(e)) => return SyncState::from_git_error(e, convention),
        // Every mapped repository was looked at above.
        None => false,
    };
    let blob = match blocking(move || read_blob(&mapping)).await {
        Some(Ok(blob)) => blob,
        Some(Err(e)) => return SyncState::from_git_error(&e, convention),
        None => {
            return SyncState::Error {
                message: "reading the repository stopped".to_owned(),
            }
        }
    };
    let location = match S3Location::parse(&job.script_location) {
        Ok(l) => l,
        Err(message) => return SyncState::Error { message },
    };
    match cloud.s3.get_object(&location.bucket, &location.key).await {
        Ok(object) => SyncState::compare(
            object.as_ref().map(|o| o.bytes.as_slice()),
            &blob.bytes,
            is_dirty,
        ),
        Err(e) => SyncState::Error {
            message: format!("{location}: {e}"),
        },
    }
}

/// Runs libgit2 work on a blocking thread; `None` if the thread died.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}
