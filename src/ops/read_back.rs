//! What a change whose answer was lost did, read back from AWS.
//!
//! Changes are sent once (`cloud/aws/send_once.rs`): when the answer is
//! lost the call ends `OutcomeUnknown`, and the operations below look for
//! the change itself. Found: the change is done and the journal records
//! what was checked (`Outcome::Confirmed`). Not found, or the look itself
//! failed: still unknown, with what was checked, never a false "failed".

use chrono::{DateTime, Duration, Utc};

use crate::cloud::{CloudError, Completed};
use crate::model::requests::CreateUserProfileRequest;
use crate::model::{JobRun, UserProfile};

use super::context::OpsContext;

/// How far a run's start may precede the request by our clock: Glue stamps
/// `StartedOn` with its own, and the two can differ by some seconds.
const CLOCK_SLACK_SECS: i64 = 30;

/// StartJobRun: a run of `job` started since `asked` that no trigger
/// started. Exactly one is ours; several are ambiguous (someone else, or a
/// schedule's run, in the same seconds), so still unknown.
pub async fn job_run(
    ops: &OpsContext,
    job: &str,
    asked: DateTime<Utc>,
    lost: CloudError,
) -> Result<Completed<String>, CloudError> {
    let runs = match crate::collect_all!(ops.cloud.glue, list_job_runs, job) {
        Ok(runs) => runs,
        Err(e) => return Err(lost.read_back(&format!("glue:GetJobRuns failed ({e})"))),
    };
    match started_since(&runs, asked).as_slice() {
        [run] => Ok(Completed::read_back(
            run.id.clone(),
            format!(
                "glue:GetJobRuns shows run {} of {job} started at {}",
                run.id,
                run.started.map_or_else(|| "-".to_owned(), |t| t.to_rfc3339())
            ),
        )),
        [] => Err(lost.read_back(&format!(
            "glue:GetJobRuns shows no run of {job} started since {}",
            asked.to_rfc3339()
        ))),
        many => Err(lost.read_back(&format!(
            "glue:GetJobRuns shows {} runs of {job} started since {} ({}): look before starting another",
            many.len(),
            asked.to_rfc3339(),
            many.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Runs started by hand (no trigger) since `asked`, with the clock slack.
fn started_since(runs: &[JobRun], asked: DateTime<Utc>) -> Vec<&JobRun> {
    let from = asked - Duration::seconds(CLOCK_SLACK_SECS);
    runs.iter()
        .filter(|r| r.trigger.is_none() && r.started.is_some_and(|t| t >= from))
        .collect()
}

/// CreateUserProfile: the profile exists as asked (the execution role and
/// SSO user of the request). SageMaker records a new profile at once, in
/// `Pending`, so a lost create that ran is visible to the describe.
pub async fn user_profile(
    ops: &OpsContext,
    req: &CreateUserProfileRequest,
    lost: CloudError,
) -> Result<Completed<String>, CloudError> {
    let name = &req.user_profile_name;
    let found = ops
        .cloud
        .sagemaker
        .describe_user_profile(&req.domain_id, name)
        .await;
    let profile = match found {
        Ok(p) => p,
        Err(CloudError::NotFound { .. }) => {
            return Err(lost.read_back(&format!(
                "sagemaker:DescribeUserProfile finds no profile {name} in {}",
                req.domain_id
            )))
        }
        Err(e) => {
            return Err(lost.read_back(&format!("sagemaker:DescribeUserProfile failed ({e})")))
        }
    };
    match differences(req, &profile).as_slice() {
        [] => Ok(Completed::read_back(
            profile.arn.clone(),
            format!(
                "sagemaker:DescribeUserProfile shows {name} ({}) with the execution role and SSO user asked",
                if profile.status.is_empty() { "-" } else { &profile.status }
            ),
        )),
        diffs => Err(lost.read_back(&format!(
            "{name} exists but differs from the request: {}",
            diffs.join("; ")
        ))),
    }
}

/// What an existing profile has other than the request asked.
fn differences(req: &CreateUserProfileRequest, profile: &UserProfile) -> Vec<String> {
    let mut diffs = Vec::new();
    let role = &req.user_settings.execution_role;
    if profile.execution_role() != Some(role.as_str()) {
        diffs.push(format!(
            "execution role {} (asked {role})",
            profile.execution_role().unwrap_or("none")
        ));
    }
    if req.single_sign_on_user_value.is_some()
        && profile.sso_user() != req.single_sign_on_user_value.as_deref()
    {
        diffs.push(format!(
            "SSO user {} (asked {})",
            profile.sso_user().unwrap_or("none"),
            req.single_sign_on_user_value.as_deref().unwrap_or_default()
        ));
    }
    diffs
}

/// UpdateModelPackage: version `arn` now has the `status` and the
/// `description` sent (someone else's approval would carry their own).
pub async fn model_approval(
    ops: &OpsContext,
    arn: &str,
    status: &str,
    description: &str,
    lost: CloudError,
) -> Result<Completed<()>, CloudError> {
    let now = match ops.cloud.sagemaker.describe_model_package(arn).await {
        Ok(v) => v,
        Err(e) => {
            return Err(lost.read_back(&format!("sagemaker:DescribeModelPackage failed ({e})")))
        }
    };
    let described = now
        .described
        .known()
        .and_then(|d| d.approval_description.as_deref());
    if now.approval == status && described == Some(description) {
        Ok(Completed::read_back(
            (),
            format!(
                "DescribeModelPackage shows {} with the description sent",
                now.approval
            ),
        ))
    } else {
        Err(lost.read_back(&format!(
            "sagemaker:DescribeModelPackage shows it {}: the change did not land",
            now.approval
        )))
    }
}

/// PutObject of a Glue script: the object now carries the pushed commit and
/// is no longer the one the plan replaced. `commit_key` is the metadata key
/// that names the commit; `before` the ETag the plan saw (`None`: no object).
pub async fn upload(
    ops: &OpsContext,
    location: (&str, &str),
    commit_key: &str,
    commit: &str,
    before: Option<&str>,
    lost: CloudError,
) -> Result<Completed<Option<String>>, CloudError> {
    let (bucket, key) = location;
    let head = match ops.cloud.s3.head_object(bucket, key).await {
        Ok(head) => head,
        Err(e) => return Err(lost.read_back(&format!("s3:HeadObject failed ({e})"))),
    };
    let Some(head) = head else {
        return Err(lost.read_back(&format!(
            "s3:HeadObject finds no object at s3://{bucket}/{key}"
        )));
    };
    let holds = head.metadata.get(commit_key).map(String::as_str);
    let replaced = head.etag.as_deref() != before;
    if holds == Some(commit) && replaced {
        return Ok(Completed::read_back(
            head.etag.clone(),
            format!(
                "s3:HeadObject shows s3://{bucket}/{key} holding commit {commit} (ETag {})",
                head.etag.as_deref().unwrap_or("-")
            ),
        ));
    }
    Err(lost.read_back(&format!(
        "s3:HeadObject shows s3://{bucket}/{key} {}",
        if replaced {
            format!("holding commit {}", holds.unwrap_or("none"))
        } else {
            "unchanged".to_owned()
        }
    )))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(id: &str, started: Option<DateTime<Utc>>, trigger: Option<&str>) -> JobRun {
        JobRun {
            id: id.into(),
            job_name: "etl".into(),
            state: "RUNNING".into(),
            started,
            completed: None,
            execution_secs: None,
            dpu_seconds: None,
            worker_type: None,
            number_of_workers: None,
            attempt: 0,
            trigger: trigger.map(str::to_owned),
            error_message: None,
        }
    }

    #[test]
    fn runs_since_the_request_allow_for_clock_skew_and_skip_triggered_ones() {
        let asked = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let runs = vec![
            run("old", Some(asked - Duration::minutes(5)), None),
            run("skewed", Some(asked - Duration::seconds(20)), None),
            run("later", Some(asked + Duration::seconds(2)), None),
            run(
                "scheduled",
                Some(asked + Duration::seconds(1)),
                Some("nightly"),
            ),
            run("never-started", None, None),
        ];
        let ids: Vec<&str> = started_since(&runs, asked)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["skewed", "later"]);
    }
}
