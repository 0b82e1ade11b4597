//! IAM, read: the attached and inline policies of execution roles and
//! their documents. IAM answers policy documents URL-encoded (RFC 3986);
//! they are decoded here, so nothing above sees the encoding.

use async_trait::async_trait;
use aws_sdk_iam::Client;

use super::{string, AwsContext};
use crate::cloud::{CloudError, CloudResult, Iam};

/// ListAttachedRolePolicies and ListRolePolicies answer at most 1,000.
const MAX_ITEMS: i32 = 1000;

pub struct AwsIam {
    client: Client,
    ctx: AwsContext,
}

impl AwsIam {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }
}

/// A policy document as IAM answers it, as JSON text: URL-encoded, unless
/// it already reads as JSON (an emulator may answer it plain).
fn decoded(document: &str) -> String {
    if document.trim_start().starts_with('{') {
        return document.to_owned();
    }
    percent_encoding::percent_decode_str(document)
        .decode_utf8_lossy()
        .into_owned()
}

#[async_trait]
impl Iam for AwsIam {
    async fn attached_role_policies(&self, role: &str) -> CloudResult<Vec<(String, String)>> {
        let mut pages = self
            .client
            .list_attached_role_policies()
            .role_name(role)
            .max_items(self.ctx.page(MAX_ITEMS))
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("iam:ListAttachedRolePolicies"))?;
            out.extend(
                page.attached_policies()
                    .iter()
                    .map(|p| (string(p.policy_name()), string(p.policy_arn()))),
            );
        }
        Ok(out)
    }

    async fn inline_role_policies(&self, role: &str) -> CloudResult<Vec<String>> {
        let mut pages = self
            .client
            .list_role_policies()
            .role_name(role)
            .max_items(self.ctx.page(MAX_ITEMS))
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("iam:ListRolePolicies"))?;
            out.extend(page.policy_names().iter().cloned());
        }
        Ok(out)
    }

    async fn inline_role_policy(&self, role: &str, name: &str) -> CloudResult<String> {
        let out = self
            .client
            .get_role_policy()
            .role_name(role)
            .policy_name(name)
            .send()
            .await
            .map_err(self.ctx.err("iam:GetRolePolicy"))?;
        Ok(decoded(out.policy_document()))
    }

    async fn managed_policy(&self, arn: &str) -> CloudResult<String> {
        let policy = self
            .client
            .get_policy()
            .policy_arn(arn)
            .send()
            .await
            .map_err(self.ctx.err("iam:GetPolicy"))?;
        let missing = |what: &str| CloudError::Other {
            code: "IncompleteAnswer".to_owned(),
            message: format!("IAM answered {arn} without {what}"),
        };
        let version = policy
            .policy()
            .and_then(|p| p.default_version_id())
            .ok_or_else(|| missing("a DefaultVersionId"))?;
        let out = self
            .client
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
            .map_err(self.ctx.err("iam:GetPolicyVersion"))?;
        let document = out
            .policy_version()
            .and_then(|v| v.document())
            .ok_or_else(|| missing("a document"))?;
        Ok(decoded(document))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_url_decoded_once() {
        assert_eq!(
            decoded("%7B%22Statement%22%3A%5B%5D%7D"),
            r#"{"Statement":[]}"#
        );
        // Already plain: a literal % stays.
        assert_eq!(decoded(r#"{"Sid":"100%"}"#), r#"{"Sid":"100%"}"#);
    }
}
