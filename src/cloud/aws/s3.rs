//! S3 for Glue scripts: GetObject, HeadObject and a conditional PutObject.
//!
//! The client is path-style whenever an endpoint is configured (moto,
//! LocalStack): `bucket.127.0.0.1` does not resolve, `127.0.0.1/bucket` does.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_sdk_s3::operation::RequestId;
use aws_sdk_s3::Client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::{from_sdk_error, owned, AwsContext};
use crate::cloud::{CloudError, CloudResult, Completed, PRECONDITION_FAILED, S3};
use crate::model::{ObjectHead, PutCondition, S3Object};

pub struct AwsS3 {
    client: Client,
    /// The same client sending changes once (see `send_once.rs`).
    changes: Client,
    ctx: AwsContext,
}

impl AwsS3 {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self {
            changes: super::change_client!(aws_sdk_s3, client),
            client,
            ctx,
        }
    }

    /// Maps an S3 failure; 404 without a modeled code (HeadObject has no body)
    /// and `NoSuchBucket` become `NotFound` naming the object.
    fn err<E>(
        &self,
        action: &str,
        bucket: &str,
        key: &str,
        e: SdkError<E, HttpResponse>,
    ) -> CloudError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let status = e.raw_response().map(|r| r.status().as_u16());
        let code = e.code().map(str::to_owned);
        match (code.as_deref(), status) {
            (Some("PreconditionFailed"), _) | (_, Some(412)) => CloudError::Other {
                code: PRECONDITION_FAILED.to_owned(),
                message: format!(
                    "{action}: s3://{bucket}/{key} changed since it was read (S3 refused the conditional write)"
                ),
            },
            (Some("NoSuchBucket"), _) => CloudError::NotFound {
                what: format!("bucket {bucket} (for s3://{bucket}/{key})"),
            },
            _ => from_sdk_error(e, action, &self.ctx),
        }
    }
}

/// Whether a read failed only because the key does not exist.
fn is_missing_key<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> bool {
    let status = e.raw_response().map(|r| r.status().as_u16());
    matches!(e.code(), Some("NoSuchKey" | "NotFound"))
        || (status == Some(404) && e.code() != Some("NoSuchBucket"))
}

fn metadata(m: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

#[async_trait]
impl S3 for AwsS3 {
    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Option<S3Object>> {
        let out = match self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if is_missing_key(&e) => return Ok(None),
            Err(e) => return Err(self.err("s3:GetObject", bucket, key, e)),
        };
        let head = ObjectHead {
            etag: owned(out.e_tag()),
            metadata: metadata(out.metadata()),
        };
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| CloudError::Network {
                endpoint: self
                    .ctx
                    .endpoint_url
                    .clone()
                    .unwrap_or_else(|| format!("AWS s3 in {}", self.ctx.region)),
                message: format!("s3:GetObject s3://{bucket}/{key}: reading the body failed: {e}"),
            })?
            .into_bytes()
            .to_vec();
        Ok(Some(S3Object { bytes, head }))
    }

    async fn head_object(&self, bucket: &str, key: &str) -> CloudResult<Option<ObjectHead>> {
        match self
            .client
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(ObjectHead {
                etag: owned(out.e_tag()),
                metadata: metadata(out.metadata()),
            })),
            Err(e) if is_missing_key(&e) => Ok(None),
            Err(e) => Err(self.err("s3:HeadObject", bucket, key, e)),
        }
    }

    async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: &BTreeMap<String, String>,
        condition: &PutCondition,
    ) -> CloudResult<Completed<Option<String>>> {
        let mut req = self
            .changes
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(bytes.into())
            .set_metadata(Some(metadata.clone().into_iter().collect()));
        req = match condition {
            PutCondition::IfMatch(etag) => req.if_match(etag),
            PutCondition::IfAbsent => req.if_none_match("*"),
            PutCondition::Any => req,
        };
        let out = req.send().await.map_err(|e| {
            super::send_once::unanswered("s3:PutObject", &e)
                .unwrap_or_else(|| self.err("s3:PutObject", bucket, key, e))
        })?;
        let etag = owned(out.e_tag());
        Ok(match out.request_id() {
            Some(id) => Completed::with_request_id(etag, id),
            None => Completed::new(etag),
        })
    }
}
