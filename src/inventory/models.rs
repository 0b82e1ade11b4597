//! SageMaker models: DescribeModel per model.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, SageMakerModel, Tag};

#[async_trait]
impl Enrich for SageMakerModel {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    // No tags are read for models.
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.described.is_pending()
    }

    /// A model cannot be changed in place: a new one has a new ARN.
    fn version(&self) -> String {
        format!("{:?}", self.created)
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let settings = cloud.sagemaker.model_settings(&self.name).await;
        self.described = detail(settings, "sagemaker:DescribeModel");
    }
}
