//! Git → Glue: `plan` compares a job's deployed script with its file in Git
//! (read-only); `push` uploads the Git blob to the job's ScriptLocation and
//! tags the job with the commit, each through the gate and the journal.
//!
//! The push never calls UpdateJob: it replaces the whole job definition,
//! and only the script changes here. It refuses, before writing anything:
//! a dirty worktree (unless `allow_dirty`), a ref that moved since the plan,
//! and an object whose ETag changed since the plan (no lost update) — the
//! last one again at the write itself, as an S3 conditional write.
//!
//! The TUI and the CLI both call these; nothing here prompts or prints.

use std::collections::BTreeMap;

use crate::audit::{self, Failure, OpError};
use crate::cloud::{Cloud, CloudError, PRECONDITION_FAILED};
use crate::gitsync::mapping::{job_name, ref_name, repo_path};
use crate::gitsync::repo::short;
use crate::gitsync::{
    dirty_paths, read_blob, repository_label, unified_diff, GitError, GitSettings, Mapping,
    Overrides, SyncState,
};
use crate::model::{PutCondition, S3Location};
use crate::policy::Effect;

use super::context::OpsContext;
use super::read_back;

/// The tag the job gets: the commit its script now comes from.
pub const COMMIT_TAG: &str = "GitCommit";
/// User metadata on the pushed object (`x-amz-meta-…`).
pub const META_COMMIT: &str = "git-commit";
pub const META_REPOSITORY: &str = "git-repository";
pub const META_PATH: &str = "git-path";
pub const META_REF: &str = "git-ref";
pub const META_PUSHED_BY: &str = "pushed-by";

/// The deployed script as the plan saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// Everything a push needs and a person should see first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub job: String,
    pub location: S3Location,
    pub mapping: Mapping,
    /// The repository as recorded: `origin` URL without credentials, else
    /// its absolute path.
    pub repository_label: String,
    pub commit: String,
    pub blob: Vec<u8>,
    /// Tracked files with uncommitted changes.
    pub dirty: Vec<String>,
    /// `None`: nothing at the ScriptLocation yet.
    pub deployed: Option<Deployed>,
    pub state: SyncState,
    /// Unified diff, deployed → Git; empty when they are the same.
    pub diff: String,
}

impl Plan {
    /// `main:glue/etl.py @ 0123456789ab`, for headers and messages.
    pub fn git_label(&self) -> String {
        format!(
            "{}:{} @ {}",
            self.mapping.git_ref,
            self.mapping.path,
            short(&self.commit)
        )
    }
}

/// Why a plan could not be made; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "Glue job {job} has no Git mapping: add a [[git.jobs]] entry (or [git] repository) to the config, or pass --repo and --path"
    )]
    NotMapped { job: String },
    #[error("invalid {what}: {message}")]
    Invalid { what: &'static str, message: String },
    #[error("Glue job {job}: its ScriptLocation cannot be pushed to: {message}")]
    BadLocation { job: String, message: String },
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Cloud(#[from] CloudError),
}

impl PlanError {
    /// Bad input or config (2) rather than a failure of Git or AWS (1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            PlanError::NotMapped { .. } | PlanError::Invalid { .. }
        )
    }
}

/// The job's mapping from `git` with `overrides` applied, then
/// [`plan_mapping`]. Checks the job name and every override first.
pub async fn plan(
    cloud: &Cloud,
    git: &GitSettings,
    job: &str,
    overrides: &Overrides,
) -> Result<Plan, PlanError> {
    let invalid = |what| move |message| PlanError::Invalid { what, message };
    job_name(job).map_err(invalid("job name"))?;
    if let Some(p) = &overrides.path {
        repo_path(p).map_err(invalid("--path"))?;
    }
    if let Some(r) = &overrides.git_ref {
        ref_name(r).map_err(invalid("--ref"))?;
    }
    let mapping = git
        .mapping(job, overrides)
        .ok_or_else(|| PlanError::NotMapped {
            job: job.to_owned(),
        })?;
    plan_mapping(cloud, job, &mapping).await
}

/// Reads the job (GetJob, for its ScriptLocation now), the blob and the
/// deployed object, and compares them. Read-only: safe in read-only mode.
pub async fn plan_mapping(cloud: &Cloud, job: &str, mapping: &Mapping) -> Result<Plan, PlanError> {
    let definition = cloud.glue.get_job(job).await?;
    let location = S3Location::parse(&definition.script_location).map_err(|message| {
        PlanError::BadLocation {
            job: job.to_owned(),
            message,
        }
    })?;
    let git = read_git(mapping.clone());
    let object = cloud.s3.get_object(&location.bucket, &location.key);
    let (git, object) = futures::join!(git, object);
    let (blob, dirty, repository_label) = git?;
    let deployed = object?.map(|o| Deployed {
        bytes: o.bytes,
        etag: o.head.etag,
        metadata: o.head.metadata,
    });
    let deployed_bytes = deployed.as_ref().map(|d| d.bytes.as_slice());
    let state = SyncState::compare(deployed_bytes, &blob.bytes, !dirty.is_empty());
    let mut plan = Plan {
        job: job.to_owned(),
        location,
        mapping: mapping.clone(),
        repository_label,
        commit: blob.commit,
        blob: blob.bytes,
        dirty,
        deployed,
        state,
        diff: String::new(),
    };
    let deployed_label = match &plan.deployed {
        Some(_) => plan.location.to_string(),
        None => format!("{} (no object)", plan.location),
    };
    plan.diff = unified_diff(
        plan.deployed.as_ref().map(|d| d.bytes.as_slice()),
        &plan.blob,
        &deployed_label,
        &plan.git_label(),
    );
    Ok(plan)
}

/// The blob, the dirty paths and the repository's label, off the async
/// workers (libgit2 blocks on the file system).
async fn read_git(
    mapping: Mapping,
) -> Result<(crate::gitsync::GitBlob, Vec<String>, String), GitError> {
    let repository = mapping.repository.clone();
    tokio::task::spawn_blocking(move || {
        let blob = read_blob(&mapping)?;
        let dirty = dirty_paths(&mapping.repository)?;
        Ok((blob, dirty, repository_label(&mapping.repository)))
    })
    .await
    .map_err(|e| GitError::Git {
        repository,
        message: format!("reading the repository stopped: {e}"),
    })?
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub location: S3Location,
    pub commit: String,
    /// The object's new ETag.
    pub etag: Option<String>,
    /// PutObject's request id.
    pub request_id: Option<String>,
    /// TagResource's request id.
    pub tag_request_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Nothing was written: refused by the gate, by a check (dirty, moved,
    /// changed) or by S3; journaled.
    #[error(transparent)]
    Upload(OpError),
    /// The script was uploaded but the job could not be tagged; both
    /// attempts are journaled.
    #[error("{location} now holds commit {commit}, but tagging Glue job {job} failed: {error}")]
    Tag {
        job: String,
        location: S3Location,
        commit: String,
        error: OpError,
    },
}

impl PushError {
    /// The error of the step that failed.
    pub fn op_error(&self) -> &OpError {
        match self {
            PushError::Upload(e) | PushError::Tag { error: e, .. } => e,
        }
    }
}

/// Uploads `plan.blob` to `plan.location` with the commit, repository, path,
/// ref and caller in its metadata, then tags the job `GitCommit=<sha>`.
///
/// Both steps pass the gate and the journal (`PushGlueScript`, then
/// `TagGlueJob`); read-only refuses the first, so nothing reaches S3 or
/// Glue. Inside the journaled upload and before any write: the ref must
/// still point at `plan.commit`, the worktree must be clean unless
/// `allow_dirty`, and the object's ETag must still be the plan's; the
/// PutObject itself carries `If-Match` (or `If-None-Match: *`) so a change
/// between that check and the write is refused by S3.
pub async fn push(ops: &OpsContext, plan: &Plan, allow_dirty: bool) -> Result<Pushed, PushError> {
    let upload = upload_effect(plan);
    let done = audit::journaled(&ops.journal, &ops.audit, &ops.policy, &upload, || async {
        check_git(plan, allow_dirty).await?;
        check_unchanged(ops, plan).await?;
        let condition = match plan.deployed.as_ref() {
            Some(Deployed {
                etag: Some(etag), ..
            }) => PutCondition::IfMatch(etag.clone()),
            // S3 gave no ETag to match (never seen from AWS): the HEAD
            // check above is the only guard left.
            Some(_) => PutCondition::Any,
            None => PutCondition::IfAbsent,
        };
        let metadata = metadata(plan, ops.audit.caller_arn.as_deref());
        let put = ops
            .cloud
            .s3
            .put_object(
                &plan.location.bucket,
                &plan.location.key,
                plan.blob.clone(),
                &metadata,
                &condition,
            )
            .await;
        let put = match put {
            Err(lost @ CloudError::OutcomeUnknown { .. }) => {
                let location = (plan.location.bucket.as_str(), plan.location.key.as_str());
                let before = plan.deployed.as_ref().and_then(|d| d.etag.as_deref());
                let commit = header_safe(&plan.commit);
                read_back::upload(ops, location, META_COMMIT, &commit, before, lost).await?
            }
            put => put.map_err(|e| changed_since_plan(plan, e))?,
        };
        Ok::<_, OpError>(put.wrapped())
    })
    .await
    .map_err(PushError::Upload)?;

    let tags: BTreeMap<String, String> = [(COMMIT_TAG.to_owned(), plan.commit.clone())].into();
    let tag = Effect::TagGlueJob {
        job: plan.job.clone(),
        tags: tags.clone(),
    };
    let tagged = audit::journaled(&ops.journal, &ops.audit, &ops.policy, &tag, || async {
        let done = ops.cloud.glue.tag_job(&plan.job, &tags).await?;
        Ok::<_, CloudError>(done.wrapped())
    })
    .await
    .map_err(|error| PushError::Tag {
        job: plan.job.clone(),
        location: plan.location.clone(),
        commit: plan.commit.clone(),
        error,
    })?;

    Ok(Pushed {
        location: plan.location.clone(),
        commit: plan.commit.clone(),
        etag: done.value,
        request_id: done.request_id,
        tag_request_id: tagged.request_id,
    })
}

/// The gate's and the journal's view of the upload (the TUI shows and
/// gates the same effect before it runs the push).
pub fn upload_effect(plan: &Plan) -> Effect {
    Effect::PushGlueScript {
        job: plan.job.clone(),
        script_location: plan.location.to_string(),
        repository: plan.repository_label.clone(),
        path: plan.mapping.path.clone(),
        git_ref: plan.mapping.git_ref.clone(),
        commit: plan.commit.clone(),
    }
}

/// Lines added and removed by the plan's diff (deployed → Git).
pub fn diff_stats(plan: &Plan) -> (usize, usize) {
    plan.diff.lines().fold((0, 0), |(plus, minus), line| {
        if line.starts_with("+++") || line.starts_with("---") {
            (plus, minus)
        } else if line.starts_with('+') {
            (plus + 1, minus)
        } else if line.starts_with('-') {
            (plus, minus + 1)
        } else {
            (plus, minus)
        }
    })
}

/// The ref still names the plan's commit, and the worktree is clean unless
/// allowed: what was diffed is what is pushed, and nobody pushes a commit
/// believing it holds their uncommitted edits.
async fn check_git(plan: &Plan, allow_dirty: bool) -> Result<(), Failure> {
    let (blob, dirty, _) = read_git(plan.mapping.clone())
        .await
        .map_err(|e| Failure::Git(e.to_string()))?;
    let repo = plan.mapping.repository.display();
    if blob.commit != plan.commit {
        return Err(Failure::RefMoved(format!(
            "{} in {repo} moved from {} to {} since the diff was made: look at the diff again",
            plan.mapping.git_ref,
            short(&plan.commit),
            short(&blob.commit)
        )));
    }
    if !dirty.is_empty() && !allow_dirty {
        const SHOWN: usize = 5;
        let mut files = dirty
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if dirty.len() > SHOWN {
            files.push_str(&format!(" and {} more", dirty.len() - SHOWN));
        }
        return Err(Failure::DirtyWorktree(format!(
            "{repo} has uncommitted changes ({files}): commit or stash them, or allow a dirty worktree (--allow-dirty); the commit's file is pushed, never the worktree's"
        )));
    }
    Ok(())
}

/// HeadObject now against the ETag the plan saw.
async fn check_unchanged(ops: &OpsContext, plan: &Plan) -> Result<(), OpError> {
    let now = ops
        .cloud
        .s3
        .head_object(&plan.location.bucket, &plan.location.key)
        .await?;
    let then = plan.deployed.as_ref().map(|d| d.etag.clone());
    let now_etag = now.map(|h| h.etag);
    if then == now_etag {
        return Ok(());
    }
    let show = |e: &Option<Option<String>>| match e {
        None => "no object".to_owned(),
        Some(None) => "no ETag".to_owned(),
        Some(Some(tag)) => format!("ETag {tag}"),
    };
    Err(OpError::Failed(Failure::ChangedSinceDiff(format!(
        "{} changed since the diff was made ({} then, {} now): nothing was pushed; look at the diff again",
        plan.location,
        show(&then),
        show(&now_etag)
    ))))
}

/// S3's own refusal of the conditional write, in the same words as ours.
fn changed_since_plan(plan: &Plan, e: CloudError) -> OpError {
    if e.code() == PRECONDITION_FAILED {
        OpError::Failed(Failure::ChangedSinceDiff(format!(
            "{} changed since the diff was made (S3 refused the conditional write): nothing was pushed; look at the diff again",
            plan.location
        )))
    } else {
        OpError::Cloud(e)
    }
}

/// The object's user metadata. S3 sends metadata as HTTP headers, which
/// carry ASCII only: anything else is percent-encoded.
fn metadata(plan: &Plan, caller_arn: Option<&str>) -> BTreeMap<String, String> {
    [
        (META_COMMIT, plan.commit.as_str()),
        (META_REPOSITORY, plan.repository_label.as_str()),
        (META_PATH, plan.mapping.path.as_str()),
        (META_REF, plan.mapping.git_ref.as_str()),
        (META_PUSHED_BY, caller_arn.unwrap_or("unknown")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), header_safe(v)))
    .collect()
}

fn header_safe(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_ascii() && !c.is_ascii_control() && c != '%' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_values_are_ascii() {
        assert_eq!(
            header_safe("/home/zoë/etl 100%"),
            "/home/zo%C3%AB/etl 100%25"
        );
        assert_eq!(
            header_safe("arn:aws:iam::1:user/a"),
            "arn:aws:iam::1:user/a"
        );
    }
}
