//! Notebook instances: DescribeNotebookInstance per instance.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, NotebookInstance, Tag};

#[async_trait]
impl Enrich for NotebookInstance {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    // No tags are read for notebook instances.
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.described.is_pending()
    }

    fn version(&self) -> String {
        format!("{} {:?}", self.status, self.last_modified)
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let settings = cloud.sagemaker.notebook_settings(&self.name).await;
        self.described = detail(settings, "sagemaker:DescribeNotebookInstance");
    }
}
