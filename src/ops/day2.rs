//! Day-2 operations: Glue job runs, crawlers and ECR image scans. Each is
//! one function that passes its typed [`Effect`] through
//! [`audit::journaled`] (gate → "started" → call → "finished"), so the CLI
//! and the TUI share the same gate, validation and journal records. The
//! caller confirms before calling; nothing here prompts or prints.
//!
//! Each returns the call's [`Completed`] value so the caller can show the
//! AWS request id that the journal recorded.

use crate::audit::{self, Completed, OpError};
use crate::cloud::{CloudError, CloudResult};
use crate::policy::Effect;

use super::context::OpsContext;

/// Starts a run of Glue job `job`; the value is the new run id.
pub async fn start_job_run(ops: &OpsContext, job: &str) -> Result<Completed<String>, OpError> {
    let effect = Effect::StartJobRun {
        job: job.to_owned(),
    };
    run(ops, &effect, || async move {
        glue_name("Glue job name", job)?;
        let asked = chrono::Utc::now();
        match ops.cloud.glue.start_job_run(job).await {
            Err(lost @ CloudError::OutcomeUnknown { .. }) => {
                super::read_back::job_run(ops, job, asked, lost).await
            }
            done => done,
        }
    })
    .await
}

/// Asks Glue to stop run `run_id` of job `job` (stopping is asynchronous:
/// the run goes through STOPPING).
pub async fn stop_job_run(
    ops: &OpsContext,
    job: &str,
    run_id: &str,
) -> Result<Completed<()>, OpError> {
    let effect = Effect::StopJobRun {
        job: job.to_owned(),
        run_id: run_id.to_owned(),
    };
    run(ops, &effect, || async move {
        glue_name("Glue job name", job)?;
        glue_name("job run id", run_id)?;
        ops.cloud.glue.stop_job_run(job, run_id).await
    })
    .await
}

/// Starts crawler `name`.
pub async fn start_crawler(ops: &OpsContext, name: &str) -> Result<Completed<()>, OpError> {
    let effect = Effect::StartCrawler {
        name: name.to_owned(),
    };
    run(ops, &effect, || async move {
        glue_name("crawler name", name)?;
        ops.cloud.glue.start_crawler(name).await
    })
    .await
}

/// Stops crawler `name` (it finishes its current step first).
pub async fn stop_crawler(ops: &OpsContext, name: &str) -> Result<Completed<()>, OpError> {
    let effect = Effect::StopCrawler {
        name: name.to_owned(),
    };
    run(ops, &effect, || async move {
        glue_name("crawler name", name)?;
        ops.cloud.glue.stop_crawler(name).await
    })
    .await
}

/// Starts a vulnerability scan of `image` (a tag or a `sha256:` digest) in
/// ECR repository `repository`; the value is the scan status ECR reports.
pub async fn start_image_scan(
    ops: &OpsContext,
    repository: &str,
    image: &str,
) -> Result<Completed<String>, OpError> {
    // The effect's field is named for the digest, but it records what the
    // request names the image by, tag or digest, so the journal shows
    // exactly what was sent.
    let effect = Effect::StartImageScan {
        repository: repository.to_owned(),
        digest: image.to_owned(),
    };
    run(ops, &effect, || async move {
        ecr_repository(repository)?;
        ecr_image(image)?;
        ops.cloud.ecr.start_image_scan(repository, image).await
    })
    .await
}

/// `journaled`, keeping the request id: the inner `Completed` is the value
/// the caller gets, the outer one is what the journal records.
pub(crate) async fn run<T, F, Fut>(
    ops: &OpsContext,
    effect: &Effect,
    f: F,
) -> Result<Completed<T>, OpError>
where
    T: Clone,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = CloudResult<Completed<T>>>,
{
    audit::journaled(
        &ops.journal,
        &ops.audit,
        &ops.policy,
        effect,
        || async move { Ok::<_, CloudError>(f().await?.wrapped()) },
    )
    .await
}

// Validation runs inside the journaled call, after the gate (a read-only
// user is told "read-only", not "bad name") and before any AWS request, so
// a rejected name is a journaled failed attempt that never left the machine.

/// Glue names are 1–255 characters on one line.
pub(super) fn glue_name(what: &str, value: &str) -> CloudResult<()> {
    let ok = !value.trim().is_empty()
        && value.chars().count() <= 255
        && !value.chars().any(|c| c.is_control() && c != '\t');
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "{what} {value:?} must be 1–255 characters on one line"
        )))
    }
}

/// ECR repository names: 2–256 characters of lower-case components
/// separated by `/`, each `[a-z0-9]+([._-][a-z0-9]+)*`.
pub(super) fn ecr_repository(name: &str) -> CloudResult<()> {
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.split(['.', '_', '-']).all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    if (2..=256).contains(&name.len()) && name.split('/').all(component_ok) {
        Ok(())
    } else {
        Err(invalid(format!(
            "ECR repository name {name:?} must be 2–256 characters: lower-case letters, digits and . _ - / between them"
        )))
    }
}

/// An image is a `sha256:` digest (64 hex digits) or a tag (1–300 of
/// letters, digits, `.`, `_`, `-`).
pub(super) fn ecr_image(image: &str) -> CloudResult<()> {
    if let Some(hex) = image.strip_prefix("sha256:") {
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(());
        }
        return Err(invalid(format!(
            "image digest {image:?} must be sha256: followed by 64 hex digits"
        )));
    }
    let ok = (1..=300).contains(&image.len())
        && image
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "image tag {image:?} must be 1–300 letters, digits, . _ or -"
        )))
    }
}

pub(super) fn invalid(message: String) -> CloudError {
    CloudError::Validation { message }
}

/// Whether an image reference is a digest (shown as `repo@digest`) rather
/// than a tag (`repo:tag`).
pub fn is_digest(image: &str) -> bool {
    image.starts_with("sha256:")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn glue_names() {
        assert!(glue_name("job", "claims-ingest-daily").is_ok());
        assert!(glue_name("job", "").is_err());
        assert!(glue_name("job", "a\nb").is_err());
        assert!(glue_name("job", &"x".repeat(256)).is_err());
    }

    #[test]
    fn ecr_names_and_images() {
        assert!(ecr_repository("sagemaker-custom/claims-nlp").is_ok());
        assert!(ecr_repository("Upper/case").is_err());
        assert!(ecr_repository("a//b").is_err());
        assert!(ecr_image("v1.2.3").is_ok());
        assert!(ecr_image(&format!("sha256:{}", "ab".repeat(32))).is_ok());
        assert!(ecr_image("sha256:abc").is_err());
        assert!(ecr_image("bad tag").is_err());
        assert!(is_digest("sha256:00") && !is_digest("latest"));
    }
}
