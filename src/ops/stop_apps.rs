//! Stopping several Studio apps at once (the cost radar's bulk stop): one
//! DeleteApp per app, each through the gate and the journal by
//! [`delete_app`], so the journal holds a started/finished pair per app and
//! a refusal per app in read-only.

use crate::audit::OpError;
use crate::model::requests::AppRef;
use crate::policy::Refused;

use super::apps::delete_app;
use super::context::OpsContext;

/// What a bulk stop did, app by app.
#[derive(Debug, Default)]
pub struct StopAppsResult {
    /// Apps now stopping (DeleteApp accepted), with the AWS request id.
    pub stopped: Vec<(AppRef, Option<String>)>,
    /// Apps AWS or the journal refused, with why.
    pub failed: Vec<(AppRef, OpError)>,
}

impl StopAppsResult {
    /// The gate's refusal, when the gate refused every app: read-only
    /// refuses them all alike, so one message says it.
    pub fn refused(&self) -> Option<&Refused> {
        if !self.stopped.is_empty() {
            return None;
        }
        let mut refusals = self.failed.iter().map(|(_, e)| match e {
            OpError::Refused(r) => Some(r),
            _ => None,
        });
        let first = refusals.next()??;
        refusals.all(|r| r.is_some()).then_some(first)
    }

    /// "Stopping 2 apps (DeleteApp sent) · 1 failed: alice-lab: ThrottlingException …".
    pub fn summary(&self) -> String {
        let plural = |n: usize| if n == 1 { "app" } else { "apps" };
        let mut line = format!(
            "Stopping {} {} (DeleteApp accepted)",
            self.stopped.len(),
            plural(self.stopped.len())
        );
        if !self.failed.is_empty() {
            let which: Vec<String> = self
                .failed
                .iter()
                .map(|(app, e)| format!("{}: {e}", app.owner.name()))
                .collect();
            line.push_str(&format!(
                " · {} failed: {}",
                self.failed.len(),
                which.join("; ")
            ));
        }
        line
    }
}

/// Sends DeleteApp for each app in turn (one at a time: a handful of apps,
/// and SageMaker throttles bursts of control-plane calls). A failure does not
/// stop the others; the result says which went and which did not.
pub async fn stop_apps(ops: &OpsContext, apps: &[AppRef]) -> StopAppsResult {
    let mut result = StopAppsResult::default();
    for app in apps {
        match delete_app(ops, app).await {
            Ok(done) => result.stopped.push((app.clone(), done.request_id)),
            Err(e) => result.failed.push((app.clone(), e)),
        }
    }
    result
}
