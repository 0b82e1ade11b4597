//! Model Registry approvals: approve or reject one model package version,
//! with the reason recorded on the version itself (ApprovalDescription).
//!
//! An approval is what a deployment pipeline listening for
//! "Model Package State Change" acts on, so it is sent once, only if the
//! version still has the status the admin saw, and a lost answer is read
//! back rather than sent again.

use crate::audit::{Completed, OpError};
use crate::cloud::{CloudError, CloudResult};
use crate::model::{ModelPackageVersion, APPROVED, REJECTED};
use crate::policy::Effect;

use super::context::OpsContext;
use super::day2::{invalid, run};

/// ApprovalDescription's limit in the API reference.
pub const MAX_DESCRIPTION: usize = 1024;

/// Approve or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Reject,
}

impl Verdict {
    /// The ModelApprovalStatus it sets.
    pub fn status(self) -> &'static str {
        match self {
            Verdict::Approve => APPROVED,
            Verdict::Reject => REJECTED,
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::Reject => "reject",
        }
    }

    pub fn past(self) -> &'static str {
        match self {
            Verdict::Approve => "approved",
            Verdict::Reject => "rejected",
        }
    }
}

/// One version's new approval, as shown to the admin before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalChange {
    pub group: String,
    pub version: u32,
    pub arn: String,
    pub verdict: Verdict,
    /// Why: ApprovalDescription, required (the audit trail of who approved
    /// what and on which evidence lives on the version).
    pub description: String,
    /// The status shown when the change was asked for: the version must
    /// still have it.
    pub expected: Option<String>,
    /// The endpoints serving the version, where known when asked.
    pub serving: Vec<String>,
}

impl ApprovalChange {
    /// The change for a listed version.
    pub fn of(version: &ModelPackageVersion, verdict: Verdict, description: String) -> Self {
        Self {
            group: version.group.clone(),
            version: version.version,
            arn: version.arn.clone(),
            verdict,
            description,
            expected: Some(version.approval.clone()),
            serving: version.serving.known_or_empty().to_vec(),
        }
    }

    pub fn effect(&self) -> Effect {
        Effect::UpdateModelPackage {
            model_package_group: self.group.clone(),
            version: self.version,
            model_package_arn: self.arn.clone(),
            approval_status: self.verdict.status().to_owned(),
            approval_description: self.description.clone(),
            expected_status: self.expected.clone(),
        }
    }

    pub fn question(&self) -> String {
        let verb = match self.verdict {
            Verdict::Approve => "Approve",
            Verdict::Reject => "Reject",
        };
        format!("{verb} model package {}/{}?", self.group, self.version)
    }

    pub fn details(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(now) = &self.expected {
            lines.push(format!(
                "Now {now}; sent only if it still is when the request goes."
            ));
        }
        if self.verdict == Verdict::Reject && !self.serving.is_empty() {
            lines.push(format!(
                "It serves {} now: rejecting stops nothing; shift their traffic to an approved version.",
                self.serving.join(", ")
            ));
        }
        if self.verdict == Verdict::Approve {
            lines.push(
                "Approving can start a deployment: pipelines listening for Model Package State Change events deploy Approved versions.".to_owned(),
            );
        }
        lines
    }

    pub fn request(&self) -> Vec<(&'static str, String)> {
        vec![
            ("ModelPackageArn", self.arn.clone()),
            ("ModelApprovalStatus", self.verdict.status().to_owned()),
            ("ApprovalDescription", self.description.clone()),
        ]
    }

    /// Names and the description as SageMaker checks them.
    pub fn validate(&self) -> CloudResult<()> {
        group_name(&self.group)?;
        if self.version == 0 {
            return Err(invalid("a model package version is 1 or more".to_owned()));
        }
        description(&self.description)
    }
}

/// Sets the version's approval (gate → journal → call). Before the call it
/// reads the version again: refused if its status is no longer the one
/// shown (someone else decided meanwhile) or is already the one asked.
pub async fn set_approval(
    ops: &OpsContext,
    change: &ApprovalChange,
) -> Result<Completed<()>, OpError> {
    run(ops, &change.effect(), || async move {
        change.validate()?;
        let now = ops
            .cloud
            .sagemaker
            .describe_model_package(&change.arn)
            .await?;
        let target = change.verdict.status();
        if let Some(expected) = &change.expected {
            if &now.approval != expected {
                return Err(invalid(format!(
                    "model package {}/{} is {} now, not {expected} as shown; look again and retry",
                    change.group, change.version, now.approval
                )));
            }
        }
        if now.approval == target {
            return Err(invalid(format!(
                "model package {}/{} is {target} already: nothing would change",
                change.group, change.version
            )));
        }
        match ops
            .cloud
            .sagemaker
            .update_model_package_approval(&change.arn, target, &change.description)
            .await
        {
            Err(lost @ CloudError::OutcomeUnknown { .. }) => {
                super::read_back::model_approval(
                    ops,
                    &change.arn,
                    target,
                    &change.description,
                    lost,
                )
                .await
            }
            done => done,
        }
    })
    .await
}

/// Model package group names: 1–63 letters, digits and hyphens, starting
/// and ending with a letter or digit (`[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`).
pub fn group_name(name: &str) -> CloudResult<()> {
    let b = name.as_bytes();
    let ok = (1..=63).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "model package group {name:?} must be 1–63 letters, digits or -, starting and ending with a letter or digit"
        )))
    }
}

/// A reason is required: 1–1024 characters, not blank, plain text (it is
/// shown in consoles and read by pipelines).
pub fn description(text: &str) -> CloudResult<()> {
    if text.trim().is_empty() {
        return Err(invalid(
            "an approval or rejection needs a description: say why (a review ticket, the evidence)"
                .to_owned(),
        ));
    }
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(invalid(format!(
            "the description is {} characters; SageMaker takes at most {MAX_DESCRIPTION}",
            text.chars().count()
        )));
    }
    // Control characters and the marks that reorder text (bidi
    // overrides): the reason is read in other consoles too.
    if matches!(crate::sanitize::line(text), std::borrow::Cow::Owned(_)) {
        return Err(invalid(
            "the description must be one line of plain text (no control or text-direction characters)".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn change(description: &str) -> ApprovalChange {
        ApprovalChange {
            group: "claims-fraud-xgb".into(),
            version: 15,
            arn: "arn:aws:sagemaker:eu-west-2:1:model-package/claims-fraud-xgb/15".into(),
            verdict: Verdict::Approve,
            description: description.into(),
            expected: Some("PendingManualApproval".into()),
            serving: Vec::new(),
        }
    }

    #[test]
    fn group_names_follow_the_api_pattern() {
        for ok in ["a", "claims-fraud-xgb", "A1--b", &"x".repeat(63)] {
            assert!(group_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", "a_b", "a b", "ünï", &"x".repeat(64)] {
            assert!(group_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_description_is_required_and_one_line() {
        assert!(change("MRB-44 signed off").validate().is_ok());
        for bad in ["", "   ", "line\nbreak", "esc\u{1b}[2J"] {
            assert!(change(bad).validate().is_err(), "{bad:?}");
        }
        assert!(change(&"x".repeat(1025)).validate().is_err());
        assert!(change(&"x".repeat(1024)).validate().is_ok());
    }

    #[test]
    fn rejecting_a_served_version_says_what_it_serves() {
        let mut c = change("drift");
        c.verdict = Verdict::Reject;
        assert!(c.details().iter().all(|d| !d.contains("serves")));
        c.serving = vec!["claims-fraud-scorer".into()];
        assert!(
            c.details()
                .iter()
                .any(|d| d.starts_with("It serves claims-fraud-scorer now")),
            "{:?}",
            c.details()
        );
    }

    #[test]
    fn the_request_is_the_three_fields_sent() {
        let c = change("MRB-44");
        assert_eq!(
            c.request(),
            vec![
                ("ModelPackageArn", c.arn.clone()),
                ("ModelApprovalStatus", "Approved".to_owned()),
                ("ApprovalDescription", "MRB-44".to_owned()),
            ]
        );
        assert_eq!(c.question(), "Approve model package claims-fraud-xgb/15?");
        assert_eq!(c.effect().action(), "sagemaker:UpdateModelPackage");
    }
}
