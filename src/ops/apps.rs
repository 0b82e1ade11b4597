//! Deleting Studio apps: the day-2 "stop an idle app" (DeleteApp stops and
//! deletes) and the first step of offboarding. Journaled as DeleteApp.

use crate::audit::{Completed, Failure, OpError};
use crate::cloud::{CloudError, CloudResult};
use crate::model::requests::{AppOwner, AppRef};
use crate::policy::Effect;

use super::context::OpsContext;
use super::poll::Polling;
use super::validate;

/// The journal's view of a DeleteApp.
pub fn delete_effect(app: &AppRef) -> Effect {
    Effect::DeleteApp {
        domain_id: app.domain_id.clone(),
        user: app.owner.user().map(str::to_owned),
        space: app.owner.space().map(str::to_owned),
        app_type: app.app_type.clone(),
        app_name: app.app_name.clone(),
    }
}

/// The app types DeleteApp accepts (AppType in the API).
pub const APP_TYPES: [&str; 9] = [
    "JupyterServer",
    "KernelGateway",
    "DetailedProfiler",
    "TensorBoard",
    "CodeEditor",
    "JupyterLab",
    "RStudioServerPro",
    "RSessionGateway",
    "Canvas",
];

/// The rules checked before DeleteApp is sent, with messages naming the value.
pub fn validate_app(app: &AppRef) -> CloudResult<()> {
    let invalid = |message: String| Err(CloudError::Validation { message });
    if !valid_domain_id(&app.domain_id) {
        return invalid(format!(
            "domain id {:?} must look like d-xxxxxxxxxxxx",
            app.domain_id
        ));
    }
    match &app.owner {
        AppOwner::User(u) => validate::user_name(u).or_else(|e| invalid(e.message))?,
        AppOwner::Space(s) => {
            validate::user_name(s).or_else(|_| invalid(format!(
                "space name {s:?} must be 1-63 letters, digits and hyphens, starting and ending with a letter or digit"
            )))?
        }
    }
    if !APP_TYPES.contains(&app.app_type.as_str()) {
        return invalid(format!(
            "app type {:?} is not one of {}",
            app.app_type,
            APP_TYPES.join(", ")
        ));
    }
    let name_ok = !app.app_name.is_empty()
        && app.app_name.len() <= 63
        && app
            .app_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !app.app_name.starts_with('-');
    if !name_ok {
        return invalid(format!(
            "app name {:?} must be 1-63 letters, digits and hyphens",
            app.app_name
        ));
    }
    Ok(())
}

/// `d-` and 1–61 lower-case letters or digits (the API's DomainId pattern).
pub fn valid_domain_id(id: &str) -> bool {
    id.strip_prefix("d-").is_some_and(|rest| {
        (1..=61).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// DeleteApp through the gate and the journal (validation runs after the
/// gate, before the request, so a bad name is a journaled failure that
/// never left the machine).
pub async fn delete_app(ops: &OpsContext, app: &AppRef) -> Result<Completed<()>, OpError> {
    super::day2::run(ops, &delete_effect(app), || async move {
        validate_app(app)?;
        ops.cloud.sagemaker.delete_app(app).await
    })
    .await
}

/// Waits until a deleted app is `Deleted` (or gone); `status` is called
/// with each status seen. `Failed` stops the wait with an error.
pub async fn wait_app_deleted(
    ops: &OpsContext,
    app: &AppRef,
    polling: &Polling,
    status: &(dyn Fn(&str) + Sync),
) -> Result<(), OpError> {
    let mut last = String::from("Deleting");
    for _ in 0..polling.max_polls.max(1) {
        polling.pause().await;
        match ops.cloud.sagemaker.describe_app(app).await {
            Ok(a) => {
                status(&a.status);
                match a.status.as_str() {
                    "Deleted" => return Ok(()),
                    "Failed" => {
                        return Err(OpError::Failed(Failure::EndedFailed {
                            what: app.to_string(),
                            status: a.status,
                            reason: Some("it was being deleted".to_owned()),
                        }))
                    }
                    _ => last = a.status,
                }
            }
            Err(CloudError::NotFound { .. }) => return Ok(()),
            Err(CloudError::Throttled { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(timed_out(&app.to_string(), &last, polling.max_polls))
}

pub(crate) fn timed_out(what: &str, status: &str, polls: u32) -> OpError {
    OpError::Failed(Failure::StillPending {
        what: what.to_owned(),
        status: status.to_owned(),
        checks: polls,
        hint: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(owner: AppOwner, t: &str, n: &str) -> AppRef {
        AppRef {
            domain_id: "d-abc123".into(),
            owner,
            app_type: t.into(),
            app_name: n.into(),
        }
    }

    #[test]
    fn app_validation_names_the_bad_value() {
        assert!(validate_app(&app(
            AppOwner::User("alice".into()),
            "JupyterLab",
            "default"
        ))
        .is_ok());
        assert!(validate_app(&app(
            AppOwner::Space("alice-lab".into()),
            "KernelGateway",
            "datascience-1-0-ml-t3-medium-1abc"
        ))
        .is_ok());
        let msg = |a: AppRef| {
            validate_app(&a)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(
            msg(app(AppOwner::User("alice".into()), "Jupyter", "default")).contains("\"Jupyter\"")
        );
        assert!(msg(app(
            AppOwner::User("al ice".into()),
            "JupyterLab",
            "default"
        ))
        .contains("al ice"));
        assert!(
            msg(app(AppOwner::Space("-x".into()), "JupyterLab", "default")).contains("space name")
        );
        assert!(msg(app(AppOwner::User("alice".into()), "JupyterLab", "")).contains("app name"));
        let mut bad = app(AppOwner::User("alice".into()), "JupyterLab", "default");
        bad.domain_id = "abc".into();
        assert!(msg(bad).contains("d-xxxxxxxxxxxx"));
        assert!(
            valid_domain_id("d-w1a33cnfa2zc")
                && !valid_domain_id("d-")
                && !valid_domain_id("d-ABC")
        );
    }
}
