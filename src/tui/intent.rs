//! What an action key asks for. Most actions are an op to confirm and run
//! ([`Intent::Op`]); some need something first — the origin editor needs
//! the admin's choice, a Git push needs its plan (the diff) loaded in the
//! background — and only then become an op to confirm.
//!
//! The gate still decides once: a refused intent becomes its op with the
//! values known so far, which the job refuses and journals (nothing is
//! sent), exactly like a refused [`Op`].

use crate::model::OriginRestrictions;
use crate::ops::model_approval::ApprovalChange;
use crate::ops::op::Op;
use crate::ops::packages::PackageAddress;
use crate::policy::EffectClass;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Confirm, then run.
    Op(Op),
    /// Open the origin editor with the package's current restrictions.
    EditOrigin {
        address: PackageAddress,
        current: OriginRestrictions,
    },
    /// Plan a Git → Glue push of this job (read-only: GetJob, GetObject,
    /// the Git blob), then confirm what the plan shows.
    PlanPush { job: String },
    /// Ask why, then approve or reject a model package version: the
    /// change with everything but its description.
    EditApproval(Box<ApprovalChange>),
}

impl Intent {
    /// What the op it leads to does, for the gate and the hints.
    pub fn effect_class(&self) -> EffectClass {
        match self {
            Intent::Op(op) => op.effect().class(),
            // All end in a change: PutPackageOriginConfiguration, PutObject,
            // UpdateModelPackage.
            Intent::EditOrigin { .. } | Intent::PlanPush { .. } | Intent::EditApproval(_) => {
                EffectClass::Mutate
            }
        }
    }

    /// The word the hint bar shows for the key that leads here, when the
    /// row says more than the command's own (`x` on an app row stops the
    /// app, `t` on an image scans it).
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Intent::Op(Op::StartJobRun { .. }) => Some("start run"),
            Intent::Op(Op::StopJobRun { .. }) => Some("stop run"),
            Intent::Op(Op::StartImageScan { .. }) => Some("scan"),
            Intent::Op(Op::DeleteApp { .. }) => Some("stop app"),
            Intent::Op(Op::StopApps { .. }) => Some("stop apps"),
            _ => None,
        }
    }
}
