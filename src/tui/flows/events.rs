//! What flow jobs report to their layers: plain data, so the messages the
//! event loop carries (`tui::action`) need nothing of the flows themselves.

use crate::model::{Domain, UserProfile};
use crate::ops::offboard::{OffboardPlan, OffboardProgress};
use crate::ops::onboard::WizardEvent;

/// Names one flow (one open modal); never reused within a session.
pub type FlowId = u64;

/// What a flow's job reports.
#[derive(Debug)]
pub enum FlowEvent {
    /// The wizard's domains and the profiles that exist (for collisions).
    WizardData(Result<(Vec<Domain>, Vec<UserProfile>), String>),
    /// The result of one wizard effect.
    Wizard(WizardEvent),
    /// A presigned URL arrived, or why not.
    Presigned(Result<String, String>),
    /// Offboarding's plan, progress and end.
    Offboard(OffboardEvent),
    /// A traffic shift's progress and end.
    Weights(WeightsEvent),
    /// A line for the footer, whatever modal is open (a refusal).
    Notice { text: String, error: bool },
}

/// What the offboarding job reports.
#[derive(Debug)]
pub enum OffboardEvent {
    Planned(Result<Box<OffboardPlan>, String>),
    Progress(OffboardProgress),
    /// The run ended: the failure (if any) and what remains, in words.
    Finished {
        failure: Option<String>,
        remaining: Vec<String>,
    },
}

/// What the shift job reports.
#[derive(Debug)]
pub enum WeightsEvent {
    /// The endpoint's status, read while watching.
    Status(String),
    /// The update was sent (with AWS's request id when it gave one).
    Sent(Option<String>),
    /// Watched to InService (`None`) or the failure.
    Finished(Option<String>),
}
