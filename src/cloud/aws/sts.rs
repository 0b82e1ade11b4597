//! STS GetCallerIdentity: who the credentials belong to (the header), and the
//! account id that services needing full ARNs (Glue GetTags) build them from.

use async_trait::async_trait;
use tokio::sync::OnceCell;

use super::{string, AwsContext};
use crate::cloud::{CloudResult, Identity};
use crate::model::CallerIdentity;

/// The caller identity, asked once and then remembered: it cannot change for
/// the lifetime of one set of clients.
pub struct AccountId {
    client: aws_sdk_sts::Client,
    ctx: AwsContext,
    cached: OnceCell<CallerIdentity>,
}

impl AccountId {
    pub fn new(client: aws_sdk_sts::Client, ctx: AwsContext) -> Self {
        Self {
            client,
            ctx,
            cached: OnceCell::new(),
        }
    }

    pub async fn identity(&self) -> CloudResult<CallerIdentity> {
        self.cached.get_or_try_init(|| self.fetch()).await.cloned()
    }

    pub async fn account(&self) -> CloudResult<String> {
        Ok(self.identity().await?.account)
    }

    /// `aws`, `aws-cn` or `aws-us-gov`, from the region: enough to build ARNs.
    pub fn partition(&self) -> &'static str {
        partition(&self.ctx.region)
    }

    pub fn region(&self) -> &str {
        &self.ctx.region
    }

    async fn fetch(&self) -> CloudResult<CallerIdentity> {
        let out = self
            .client
            .get_caller_identity()
            .send()
            .await
            .map_err(self.ctx.err("sts:GetCallerIdentity"))?;
        Ok(CallerIdentity {
            account: string(out.account()),
            arn: string(out.arn()),
            user_id: string(out.user_id()),
        })
    }
}

pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The `Identity` service over a shared `AccountId`.
pub struct AwsIdentity {
    account: std::sync::Arc<AccountId>,
}

impl AwsIdentity {
    pub fn new(account: std::sync::Arc<AccountId>) -> Self {
        Self { account }
    }
}

#[async_trait]
impl Identity for AwsIdentity {
    async fn caller_identity(&self) -> CloudResult<CallerIdentity> {
        self.account.identity().await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn partitions() {
        assert_eq!(super::partition("eu-west-2"), "aws");
        assert_eq!(super::partition("cn-north-1"), "aws-cn");
        assert_eq!(super::partition("us-gov-west-1"), "aws-us-gov");
    }
}
