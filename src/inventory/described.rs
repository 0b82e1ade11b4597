//! Notebook instances, training jobs and models: one Describe call per row
//! fills its `described` fields (no tags are read for these kinds).

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, NotebookInstance, SageMakerModel, Tag, TrainingJob};

/// `Enrich` for a SageMaker kind keyed by ARN whose only follow-up is the
/// SageMaker call `$call` (IAM action `$action`); `$version` says what
/// changes when the resource does.
macro_rules! described_by {
    ($kind:ty, $call:ident, $action:literal, |$row:ident| $version:expr) => {
        #[async_trait]
        impl Enrich for $kind {
            const SERVICE: &'static str = "sagemaker";
            type Shared = ();
            const TAG_TYPE: Option<&'static str> = None;

            fn key(&self) -> String {
                self.arn.clone()
            }

            fn pending(&self) -> bool {
                self.described.is_pending()
            }

            fn version(&self) -> String {
                let $row = self;
                $version
            }

            fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

            async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
                let settings = cloud.sagemaker.$call(&self.name).await;
                self.described = detail(settings, $action);
            }
        }
    };
}

described_by!(
    NotebookInstance,
    notebook_settings,
    "sagemaker:DescribeNotebookInstance",
    |n| format!("{} {:?}", n.status, n.last_modified)
);
// A job's billed time settles when it ends.
described_by!(
    TrainingJob,
    training_settings,
    "sagemaker:DescribeTrainingJob",
    |t| format!("{} {:?}", t.status, t.ended)
);
// A model cannot be changed in place: a new one has a new ARN.
described_by!(
    SageMakerModel,
    model_settings,
    "sagemaker:DescribeModel",
    |m| format!("{:?}", m.created)
);
