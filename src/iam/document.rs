//! The IAM policy documents `dsadmin iam-policy` prints, generated from the
//! action table (`iam::actions`) and nothing else.
//!
//! - **support**: exactly the read actions (every tab, `get`, `check`,
//!   `costs`), no change and no credential.
//! - **admin**: the reads plus every change and credential dsadmin makes,
//!   and `iam:PassRole` for the execution roles onboarding hands to
//!   SageMaker (the roles the config's `[teams.*]` name).
//!
//! Resources are `*` except `iam:PassRole`: the SageMaker, Glue and ECR
//! actions are granted by action, because a statement scoped to ARNs
//! cannot be proven against the emulator the tests use (it checks those
//! services against `*` only), and several of the list calls take no
//! resource at all.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::iam::actions::ACTIONS;
use crate::policy::EffectClass;

/// Which policy to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Support staff (BAU): see everything dsadmin shows, change nothing.
    Support,
    /// Admins: everything dsadmin does.
    Admin,
}

/// IAM's policy language version (the only current one).
const VERSION: &str = "2012-10-17";

/// SageMaker is the only service dsadmin passes a role to (a user
/// profile's execution role).
const PASSED_TO: &str = "sagemaker.amazonaws.com";

/// The IAM actions of one class, sorted and each once (two calls can need
/// the same action: HeadObject is s3:GetObject).
pub fn actions_of(classes: &[EffectClass]) -> Vec<&'static str> {
    ACTIONS
        .iter()
        .filter(|a| classes.contains(&a.class))
        .filter_map(|a| a.iam)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The policy document for `role`. `execution_roles` are the role ARNs
/// onboarding may pass to SageMaker (admin only); without any, onboarding
/// creates profiles with the domain's default role and no PassRole
/// statement is needed.
pub fn document(role: Role, execution_roles: &[String]) -> Value {
    let reads = actions_of(&[EffectClass::Read]);
    let mut statements = vec![json!({
        "Sid": "DsadminReadEstate",
        "Effect": "Allow",
        "Action": reads,
        "Resource": "*",
    })];
    if role == Role::Admin {
        statements.push(json!({
            "Sid": "DsadminChangeEstate",
            "Effect": "Allow",
            "Action": actions_of(&[EffectClass::Mutate, EffectClass::Credential]),
            "Resource": "*",
        }));
        let roles: BTreeSet<&str> = execution_roles.iter().map(String::as_str).collect();
        if !roles.is_empty() {
            statements.push(json!({
                "Sid": "DsadminPassExecutionRoles",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": roles.into_iter().collect::<Vec<_>>(),
                "Condition": {"StringEquals": {"iam:PassedToService": PASSED_TO}},
            }));
        }
    }
    json!({"Version": VERSION, "Statement": statements})
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn listed(doc: &Value) -> BTreeSet<String> {
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| match &s["Action"] {
                Value::String(a) => vec![a.clone()],
                Value::Array(a) => a.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
                _ => vec![],
            })
            .collect()
    }

    #[test]
    fn support_reads_and_never_changes_or_hands_out_credentials() {
        let doc = document(Role::Support, &["arn:aws:iam::1:role/x".to_owned()]);
        let actions = listed(&doc);
        for never in [
            "sagemaker:CreatePresignedDomainUrl",
            "sagemaker:DeleteApp",
            "glue:StartJobRun",
            "s3:PutObject",
            "iam:PassRole",
            "codeartifact:GetAuthorizationToken",
            "sts:AssumeRole",
        ] {
            assert!(!actions.contains(never), "{never} in the support policy");
        }
        assert!(actions.contains("sagemaker:ListDomains") && actions.contains("s3:GetObject"));
        assert!(
            !actions.contains("s3:HeadObject"),
            "HeadObject is s3:GetObject"
        );
        assert!(
            !actions.contains("sts:GetCallerIdentity"),
            "needs no permission"
        );
        assert_eq!(doc["Statement"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn admin_adds_changes_and_scopes_pass_role_to_the_named_roles() {
        let roles = [
            "arn:aws:iam::123456789012:role/team-b".to_owned(),
            "arn:aws:iam::123456789012:role/team-a".to_owned(),
            "arn:aws:iam::123456789012:role/team-a".to_owned(),
        ];
        let doc = document(Role::Admin, &roles);
        let actions = listed(&doc);
        assert!(actions.contains("sagemaker:CreatePresignedDomainUrl"));
        assert!(actions.contains("glue:BatchStopJobRun"));
        let pass = &doc["Statement"][2];
        assert_eq!(pass["Action"], "iam:PassRole");
        assert_eq!(
            pass["Resource"],
            json!([
                "arn:aws:iam::123456789012:role/team-a",
                "arn:aws:iam::123456789012:role/team-b"
            ])
        );
        assert_eq!(
            pass["Condition"]["StringEquals"]["iam:PassedToService"],
            "sagemaker.amazonaws.com"
        );
        // No roles named: no PassRole at all.
        assert_eq!(
            document(Role::Admin, &[])["Statement"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn every_statement_is_unique_and_sorted() {
        let doc = document(Role::Admin, &[]);
        for s in doc["Statement"].as_array().unwrap() {
            let a: Vec<&str> = s["Action"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let mut sorted = a.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(a, sorted);
        }
    }
}
