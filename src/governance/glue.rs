//! Glue jobs: security configuration, script drift from Git, last run.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::gitsync::SyncState;
use crate::model::{Detail, GlueJob};

/// Run states that mean the run did not do its work.
const FAILED_STATES: [&str; 3] = ["FAILED", "TIMEOUT", "ERROR"];

/// `git` is the job's sync state when it has a `[git]` mapping; without
/// one the drift rule does not apply.
pub(crate) fn check(j: &GlueJob, git: Option<&SyncState>, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::GlueJob, &j.name, None);
    if j.security_configuration
        .as_deref()
        .is_none_or(str::is_empty)
    {
        out.emit(
            RuleId::GlueJobNoSecurityConfiguration,
            resource(),
            "SecurityConfiguration not set",
            "Attach a security configuration with S3, CloudWatch and job-bookmark encryption (SSE-KMS) to the job",
        );
    }
    let drifted = match git {
        Some(SyncState::Drifted) => Some("the deployed script differs from Git"),
        Some(SyncState::Dirty { drifted: true }) => {
            Some("the deployed script differs from the commit (the repository also has uncommitted changes)")
        }
        _ => None,
    };
    if let Some(what) = drifted {
        out.emit(
            RuleId::GlueJobScriptDrift,
            resource(),
            format!("{what}: {}", j.script_location),
            format!(
                "Review with `dsadmin glue diff {0}`, then deploy Git's version with `dsadmin glue push {0}` (or commit the change)",
                j.name
            ),
        );
    }
    let run = match &j.last_run {
        Detail::Known(run) => run.as_ref(),
        Detail::Unknown(why) => {
            out.not_checked(RuleId::GlueJobLastRunFailed, &resource(), why);
            None
        }
        Detail::Pending => None,
    };
    if let Some(run) = run {
        if FAILED_STATES.contains(&run.state.as_str()) {
            let error = run
                .error_message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            out.emit(
                RuleId::GlueJobLastRunFailed,
                resource(),
                format!("last run {}{error}", run.state),
                format!(
                    "Read the run's error and logs, fix the cause, then `dsadmin glue start-run {}`",
                    j.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;
    use crate::model::JobRun;

    fn job(security: Option<&str>, last: Option<&str>) -> GlueJob {
        GlueJob {
            name: "etl".into(),
            command: "glueetl".into(),
            glue_version: None,
            worker_type: None,
            number_of_workers: None,
            max_capacity: None,
            script_location: "s3://b/etl.py".into(),
            role: "r".into(),
            security_configuration: security.map(str::to_owned),
            timeout_minutes: None,
            description: None,
            created: None,
            last_modified: None,
            last_run: Detail::Known(last.map(|state| JobRun {
                id: "jr_1".into(),
                job_name: "etl".into(),
                state: state.into(),
                started: None,
                completed: None,
                execution_secs: None,
                dpu_seconds: None,
                worker_type: None,
                number_of_workers: None,
                attempt: 0,
                trigger: None,
                error_message: (state == "FAILED").then(|| "boom".to_owned()),
            })),
            tags: Detail::Known(Vec::new()),
        }
    }

    fn check_one(j: &GlueJob, git: Option<&SyncState>) -> Vec<crate::governance::Finding> {
        run(&GovernanceConfig::default(), |o| check(j, git, o))
    }

    #[test]
    fn healthy_job_in_sync() {
        let j = job(Some("sse-kms"), Some("SUCCEEDED"));
        assert!(check_one(&j, Some(&SyncState::InSync)).is_empty());
        assert!(check_one(&j, None).is_empty());
        assert!(check_one(&job(Some("sse-kms"), None), None).is_empty());
    }

    #[test]
    fn no_security_configuration() {
        assert_eq!(
            ids(&check_one(&job(None, Some("SUCCEEDED")), None)),
            ["glue-job-no-security-configuration"]
        );
    }

    #[test]
    fn drift_only_with_a_mapping() {
        let j = job(Some("sse-kms"), Some("SUCCEEDED"));
        let f = check_one(&j, Some(&SyncState::Drifted));
        assert_eq!(ids(&f), ["glue-job-script-drift"]);
        assert_eq!(
            f[0].evidence,
            "the deployed script differs from Git: s3://b/etl.py"
        );
        assert_eq!(
            ids(&check_one(&j, Some(&SyncState::Dirty { drifted: true }))),
            ["glue-job-script-drift"]
        );
        for quiet in [
            SyncState::Dirty { drifted: false },
            SyncState::NotMapped { reason: "x".into() },
            SyncState::Error {
                message: "x".into(),
            },
        ] {
            assert!(check_one(&j, Some(&quiet)).is_empty(), "{quiet:?}");
        }
    }

    #[test]
    fn failed_last_run() {
        let f = check_one(&job(Some("sse-kms"), Some("FAILED")), None);
        assert_eq!(ids(&f), ["glue-job-last-run-failed"]);
        assert_eq!(f[0].evidence, "last run FAILED: boom");
        assert_eq!(
            ids(&check_one(&job(Some("sse-kms"), Some("TIMEOUT")), None)),
            ["glue-job-last-run-failed"]
        );
        assert!(check_one(&job(Some("sse-kms"), Some("RUNNING")), None).is_empty());
    }
}
