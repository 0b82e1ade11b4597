//! The Resource Groups Tagging API: tags of many resources per call.

use async_trait::async_trait;
use aws_sdk_resourcegroupstagging::Client;

use super::{string, AwsContext};
use crate::cloud::{CloudResult, PageSink, Tagging};
use crate::model::{Tag, Tagged};

/// GetResources' ResourcesPerPage maximum.
const PAGE: i32 = 100;

pub struct AwsTagging {
    client: Client,
    ctx: AwsContext,
}

impl AwsTagging {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self { client, ctx }
    }
}

#[async_trait]
impl Tagging for AwsTagging {
    async fn tagged(&self, resource_type: &str, sink: &dyn PageSink<Tagged>) -> CloudResult<()> {
        let mut pages = self
            .client
            .get_resources()
            .resource_type_filters(resource_type)
            .resources_per_page(self.ctx.page(PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("tag:GetResources"))?;
            sink.page(
                page.resource_tag_mapping_list()
                    .iter()
                    .map(|r| {
                        let mut tags: Vec<Tag> = r
                            .tags()
                            .iter()
                            .map(|t| Tag::new(t.key(), t.value()))
                            .collect();
                        tags.sort_by(|a, b| a.key.cmp(&b.key));
                        Tagged {
                            arn: string(r.resource_arn()),
                            tags,
                        }
                    })
                    .collect(),
            );
        }
        Ok(())
    }
}
