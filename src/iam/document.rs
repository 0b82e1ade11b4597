//! The IAM policy documents `dsadmin iam-policy` prints, generated from the
//! action table (`iam::actions`) and the config's accounts, nothing else.
//!
//! - **support**: exactly the read actions (every tab, `get`, `check`,
//!   `costs`, `trail`), no change and no credential;
//! - **admin**: the reads plus every change and credential dsadmin makes,
//!   and `iam:PassRole` for the execution roles onboarding hands to
//!   SageMaker (the roles the config's `[teams.*]` name);
//! - both: `sts:AssumeRole` on exactly the roles dsadmin assumes into other
//!   accounts (`[[accounts]] role_arn`, the `[organization]` role), and
//!   `organizations:ListAccounts` with `[organization]`; neither otherwise.
//!
//! Resources are `*` except `iam:PassRole` and `sts:AssumeRole`: the
//! SageMaker, Glue and ECR actions are granted by action, because a
//! statement scoped to ARNs cannot be proven against the emulator the tests
//! use (it checks those services against `*` only), and several of the list
//! calls take no resource at all.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::iam::actions::{Grant, ACTIONS};
use crate::policy::EffectClass;

/// Which policy to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Support staff (BAU): see everything dsadmin shows, change nothing.
    Support,
    /// Admins: everything dsadmin does.
    Admin,
}

/// What the config says beyond the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Role ARNs onboarding may pass to SageMaker (admin only).
    pub execution_roles: Vec<String>,
    /// Role ARNs (or ARN patterns, `arn:aws:iam::*:role/NAME`) dsadmin
    /// assumes into other accounts.
    pub assumed_roles: Vec<String>,
    /// `[organization]` is set: the member accounts are listed.
    pub organization: bool,
}

/// IAM's policy language version (the only current one).
const VERSION: &str = "2012-10-17";

/// SageMaker is the only service dsadmin passes a role to (a user
/// profile's execution role).
const PASSED_TO: &str = "sagemaker.amazonaws.com";

/// The IAM actions of these classes and grants, sorted and each once (two
/// calls can need the same action: HeadObject is s3:GetObject).
pub fn actions_of(classes: &[EffectClass], grants: &[Grant]) -> Vec<&'static str> {
    ACTIONS
        .iter()
        .filter(|a| classes.contains(&a.class) && grants.contains(&a.grant))
        .flat_map(|a| a.iam_actions())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn sorted_unique(values: &[String]) -> Vec<&str> {
    values
        .iter()
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The policy document for `role`.
pub fn document(role: Role, inputs: &Inputs) -> Value {
    let mut read_grants = vec![Grant::Always];
    if inputs.organization {
        read_grants.push(Grant::Organization);
    }
    let mut statements = vec![json!({
        "Sid": "DsadminReadEstate",
        "Effect": "Allow",
        "Action": actions_of(&[EffectClass::Read], &read_grants),
        "Resource": "*",
    })];
    if !inputs.assumed_roles.is_empty() {
        statements.push(json!({
            "Sid": "DsadminReachAccounts",
            "Effect": "Allow",
            "Action": actions_of(&[EffectClass::Read], &[Grant::AssumedRoles]),
            "Resource": sorted_unique(&inputs.assumed_roles),
        }));
    }
    if role == Role::Admin {
        statements.push(json!({
            "Sid": "DsadminChangeEstate",
            "Effect": "Allow",
            "Action": actions_of(&[EffectClass::Mutate, EffectClass::Credential], &[Grant::Always]),
            "Resource": "*",
        }));
        if !inputs.execution_roles.is_empty() {
            statements.push(json!({
                "Sid": "DsadminPassExecutionRoles",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": sorted_unique(&inputs.execution_roles),
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

    fn with_roles() -> Inputs {
        Inputs {
            execution_roles: vec!["arn:aws:iam::1:role/x".to_owned()],
            ..Inputs::default()
        }
    }

    #[test]
    fn support_reads_and_never_changes_or_hands_out_credentials() {
        let doc = document(Role::Support, &with_roles());
        let actions = listed(&doc);
        for never in [
            "sagemaker:CreatePresignedDomainUrl",
            "sagemaker:DeleteApp",
            "sagemaker:AddTags",
            "glue:StartJobRun",
            "s3:PutObject",
            "iam:PassRole",
            "codeartifact:GetAuthorizationToken",
            "sts:AssumeRole",
            "organizations:ListAccounts",
        ] {
            assert!(!actions.contains(never), "{never} in the support policy");
        }
        assert!(actions.contains("sagemaker:ListDomains") && actions.contains("s3:GetObject"));
        assert!(
            actions.contains("s3:ListBucket"),
            "404 rather than 403 for a missing script"
        );
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
        let inputs = Inputs {
            execution_roles: vec![
                "arn:aws:iam::123456789012:role/team-b".to_owned(),
                "arn:aws:iam::123456789012:role/team-a".to_owned(),
                "arn:aws:iam::123456789012:role/team-a".to_owned(),
            ],
            ..Inputs::default()
        };
        let doc = document(Role::Admin, &inputs);
        let actions = listed(&doc);
        assert!(actions.contains("sagemaker:CreatePresignedDomainUrl"));
        assert!(
            actions.contains("sagemaker:AddTags"),
            "onboarding tags the profile"
        );
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
        let bare = document(Role::Admin, &Inputs::default());
        assert_eq!(bare["Statement"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn other_accounts_add_assume_role_on_exactly_their_roles() {
        let inputs = Inputs {
            assumed_roles: vec![
                "arn:aws:iam::*:role/OrganizationAccountAccessRole".to_owned(),
                "arn:aws:iam::111111111111:role/dsadmin-support".to_owned(),
            ],
            organization: true,
            ..Inputs::default()
        };
        for role in [Role::Support, Role::Admin] {
            let doc = document(role, &inputs);
            let reach = doc["Statement"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["Sid"] == "DsadminReachAccounts")
                .unwrap();
            assert_eq!(reach["Action"], json!(["sts:AssumeRole"]));
            assert_eq!(
                reach["Resource"],
                json!([
                    "arn:aws:iam::*:role/OrganizationAccountAccessRole",
                    "arn:aws:iam::111111111111:role/dsadmin-support"
                ])
            );
            assert!(listed(&doc).contains("organizations:ListAccounts"));
        }
    }

    #[test]
    fn every_statement_is_unique_and_sorted() {
        let doc = document(Role::Admin, &Inputs::default());
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
