//! Training jobs: DescribeTrainingJob per job.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, Tag, TrainingJob};

#[async_trait]
impl Enrich for TrainingJob {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    // No tags are read for training jobs.
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.described.is_pending()
    }

    /// A job's billed time settles when it ends.
    fn version(&self) -> String {
        format!("{} {:?}", self.status, self.ended)
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let settings = cloud.sagemaker.training_settings(&self.name).await;
        self.described = detail(settings, "sagemaker:DescribeTrainingJob");
    }
}
