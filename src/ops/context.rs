//! What every operation needs besides its arguments: the cloud, the policy
//! gate, the journal and who is acting where. The CLI builds it once per
//! invocation (`cli::session`); the TUI once per session and again on a
//! `:profile` switch or when its identity arrives (`tui::app_ops`).

use std::sync::Arc;

use crate::audit::{AuditContext, Journal};
use crate::cloud::Cloud;
use crate::policy::Policy;

/// The cloud, the gate, the journal and the audit context, together, so an
/// operation cannot be called with one of them missing.
#[derive(Clone)]
pub struct OpsContext {
    pub cloud: Cloud,
    pub policy: Policy,
    pub journal: Arc<Journal>,
    pub audit: AuditContext,
}
