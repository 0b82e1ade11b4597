//! ECR: repositories (with image counts and tags) and images with scan findings.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_ecr::operation::RequestId;
use aws_sdk_ecr::types::{FindingSeverity, ImageDetail, ImageIdentifier, Repository};
use aws_sdk_ecr::Client;

use super::{owned, string, time, AwsContext};
use crate::cloud::{CloudResult, Completed, Ecr, PageSink};
use crate::model::{Detail, EcrRepository, FindingCounts, Image, Scan, Tag};

/// DescribeRepositories, DescribeImages and ListImages cap maxResults at 1000.
const MAX_PAGE: i32 = 1000;

/// The ECR service on one SDK client.
pub struct AwsEcr {
    client: Client,
    /// The same client sending changes once (see `send_once.rs`).
    changes: Client,
    ctx: AwsContext,
}

impl AwsEcr {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self {
            changes: super::change_client!(aws_sdk_ecr, client),
            client,
            ctx,
        }
    }

    /// Image count from ListImages (ids only: one cheap call per 1000 images).
    async fn distinct_images(&self, repository: &str) -> CloudResult<u32> {
        let mut pages = self
            .client
            .list_images()
            .repository_name(repository)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        let mut digests = std::collections::HashSet::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("ecr:ListImages"))?;
            // One id per tag: count digests, not ids.
            digests.extend(
                page.image_ids()
                    .iter()
                    .filter_map(|i| owned(i.image_digest())),
            );
        }
        Ok(u32::try_from(digests.len()).unwrap_or(u32::MAX))
    }

    async fn tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        let out = self
            .client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(self.ctx.err("ecr:ListTagsForResource"))?;
        Ok(out
            .tags()
            .iter()
            .map(|t| Tag::new(t.key(), t.value()))
            .collect())
    }

    /// A repository as DescribeRepositories gives it.
    fn repository(r: &Repository) -> EcrRepository {
        let encryption = r.encryption_configuration();
        EcrRepository {
            name: string(r.repository_name()),
            arn: string(r.repository_arn()),
            uri: string(r.repository_uri()),
            registry_id: string(r.registry_id()),
            tag_mutability: r
                .image_tag_mutability()
                .map_or("MUTABLE", |m| m.as_str())
                .to_string(),
            scan_on_push: r
                .image_scanning_configuration()
                .is_some_and(|s| s.scan_on_push()),
            encryption: encryption
                .map_or("AES256", |e| e.encryption_type().as_str())
                .to_string(),
            kms_key: owned(encryption.and_then(|e| e.kms_key())),
            created: time(r.created_at()),
            image_count: Detail::Pending,
            tags: Detail::Pending,
        }
    }

    /// DescribeImageScanFindings of one image (one finding asked for: the
    /// counts are in the summary). ScanNotFoundException means "never
    /// scanned", which is a state, not an error.
    async fn scan(&self, repository: &str, digest: &str) -> CloudResult<Scan> {
        let out = self
            .client
            .describe_image_scan_findings()
            .repository_name(repository)
            .image_id(ImageIdentifier::builder().image_digest(digest).build())
            .max_results(1)
            .send()
            .await;
        match out {
            Ok(o) => Ok(Scan::new(
                o.image_scan_status()
                    .and_then(|s| s.status())
                    .map(|s| s.as_str()),
                o.image_scan_findings()
                    .and_then(|f| f.finding_severity_counts())
                    .map(severity_counts),
            )),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_scan_not_found_exception()) =>
            {
                Ok(Scan::default())
            }
            Err(e) => Err(self.ctx.err("ecr:DescribeImageScanFindings")(e)),
        }
    }
}

/// An image reference as ECR wants it: a digest is `algorithm:hex`, which a tag
/// (no `:` allowed) can never be.
fn image_id(image: &str) -> ImageIdentifier {
    if image.contains(':') {
        ImageIdentifier::builder().image_digest(image).build()
    } else {
        ImageIdentifier::builder().image_tag(image).build()
    }
}

fn severity_counts(counts: &HashMap<FindingSeverity, i32>) -> FindingCounts {
    let get = |s: FindingSeverity| counts.get(&s).map_or(0, |n| u32::try_from(*n).unwrap_or(0));
    FindingCounts {
        critical: get(FindingSeverity::Critical),
        high: get(FindingSeverity::High),
        medium: get(FindingSeverity::Medium),
        low: get(FindingSeverity::Low),
        informational: get(FindingSeverity::Informational),
        undefined: get(FindingSeverity::Undefined),
    }
}

fn image(repository: &str, d: &ImageDetail) -> Image {
    Image {
        repository: repository.to_string(),
        digest: string(d.image_digest()),
        tags: d.image_tags().to_vec(),
        pushed: time(d.image_pushed_at()),
        size_bytes: d
            .image_size_in_bytes()
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
        scan: listed_scan(d),
        last_pulled: time(d.last_recorded_pull_time()),
    }
}

/// The scan as DescribeImages tells it, or `Pending` where it cannot: an
/// entry with no scan status (moto never sends one; on AWS it means "not
/// scanned", which DescribeImageScanFindings confirms) or a complete scan
/// without its summary. A scan in progress or failed has no findings to
/// fetch.
fn listed_scan(d: &ImageDetail) -> Detail<Scan> {
    let status = d.image_scan_status().and_then(|s| s.status());
    let findings = d
        .image_scan_findings_summary()
        .and_then(|s| s.finding_severity_counts())
        .map(severity_counts);
    match (status.map(|s| s.as_str()), findings) {
        (Some(s), Some(f)) => Detail::Known(Scan::new(Some(s), Some(f))),
        (None | Some("COMPLETE"), None) => Detail::Pending,
        (Some(s), None) => Detail::Known(Scan::new(Some(s), None)),
        (None, Some(f)) => Detail::Known(Scan::new(Some("COMPLETE"), Some(f))),
    }
}

#[async_trait]
impl Ecr for AwsEcr {
    async fn list_repositories(&self, sink: &dyn PageSink<EcrRepository>) -> CloudResult<()> {
        let mut pages = self
            .client
            .describe_repositories()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("ecr:DescribeRepositories"))?;
            sink.page(page.repositories().iter().map(Self::repository).collect());
        }
        Ok(())
    }

    async fn image_count(&self, repository: &str) -> CloudResult<u32> {
        self.distinct_images(repository).await
    }

    async fn repository_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        self.tags(arn).await
    }

    async fn list_images(&self, repository: &str, sink: &dyn PageSink<Image>) -> CloudResult<()> {
        let mut pages = self
            .client
            .describe_images()
            .repository_name(repository)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("ecr:DescribeImages"))?;
            let mut rows: Vec<Image> = page
                .image_details()
                .iter()
                .map(|d| image(repository, d))
                .collect();
            // Newest first within the page, as `docker images` lists them.
            rows.sort_by_key(|r| std::cmp::Reverse(r.pushed));
            sink.page(rows);
        }
        Ok(())
    }

    async fn image_scan(&self, repository: &str, digest: &str) -> CloudResult<Scan> {
        self.scan(repository, digest).await
    }

    async fn start_image_scan(
        &self,
        repository: &str,
        image: &str,
    ) -> CloudResult<Completed<String>> {
        let out = self
            .changes
            .start_image_scan()
            .repository_name(repository)
            .image_id(image_id(image))
            .send()
            .await
            .map_err(self.ctx.err_once("ecr:StartImageScan"))?;
        let status = out
            .image_scan_status()
            .and_then(|s| s.status())
            .map_or("IN_PROGRESS", |s| s.as_str())
            .to_string();
        Ok(match out.request_id() {
            Some(id) => Completed::with_request_id(status, id),
            None => Completed::new(status),
        })
    }
}
