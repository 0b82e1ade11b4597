//! Studio lifecycle configurations on the SDK: the list, and one script
//! decoded. A child of `sagemaker` so it shares the client and the context.

use base64::Engine as _;

use super::{AwsSageMaker, MAX_PAGE};
use crate::cloud::aws::{string, time};
use crate::cloud::{CloudResult, PageSink};
use crate::model::{Detail, LifecycleConfig};

/// The script as it is read: AWS keeps it base64-encoded; content that is
/// not base64 is shown as it came.
pub(crate) fn decoded(content: &str) -> String {
    match base64::engine::general_purpose::STANDARD.decode(content.trim()) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => content.to_owned(),
    }
}

impl AwsSageMaker {
    pub(super) async fn lifecycle_configs(
        &self,
        sink: &dyn PageSink<LifecycleConfig>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_studio_lifecycle_configs()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListStudioLifecycleConfigs"))?;
            sink.page(
                page.studio_lifecycle_configs()
                    .iter()
                    .map(|c| LifecycleConfig {
                        name: string(c.studio_lifecycle_config_name()),
                        arn: string(c.studio_lifecycle_config_arn()),
                        app_type: string(c.studio_lifecycle_config_app_type().map(|t| t.as_str())),
                        created: time(c.creation_time()),
                        last_modified: time(c.last_modified_time()),
                        script: Detail::Pending,
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    pub(super) async fn lifecycle_script(&self, name: &str) -> CloudResult<String> {
        let out = self
            .client
            .describe_studio_lifecycle_config()
            .studio_lifecycle_config_name(name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeStudioLifecycleConfig"))?;
        Ok(decoded(
            out.studio_lifecycle_config_content().unwrap_or_default(),
        ))
    }
}
