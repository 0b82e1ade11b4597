//! Notebook instances, training jobs, models, spaces and Studio lifecycle
//! configurations: one Describe call per row fills its follow-up fields (no
//! tags are read for these kinds).

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{
    Detail, LifecycleConfig, NotebookInstance, SageMakerModel, Space, Tag, TrainingJob,
};

/// `Enrich` for a SageMaker kind keyed by ARN whose only follow-up is one
/// SageMaker call (IAM action `$action`) filling the `Detail` field
/// `$field`: `|$row, $sm| $call` asks it of the row's service and answers
/// `CloudResult<Detail<_>>`; `$version` says what changes when the
/// resource does.
macro_rules! described_by {
    (
        $kind:ty,
        $field:ident,
        $action:literal,
        |$row:ident, $sm:ident| $call:expr,
        |$v:ident| $version:expr
    ) => {
        #[async_trait]
        impl Enrich for $kind {
            const SERVICE: &'static str = "sagemaker";
            type Shared = ();
            const TAG_TYPE: Option<&'static str> = None;

            fn key(&self) -> String {
                self.arn.clone()
            }

            fn pending(&self) -> bool {
                self.$field.is_pending()
            }

            fn version(&self) -> String {
                let $v = self;
                $version
            }

            fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

            async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
                let ($row, $sm) = (&*self, &cloud.sagemaker);
                let answer = $call.await;
                self.$field = detail(answer, $action).flatten();
            }
        }
    };
}

described_by!(
    NotebookInstance,
    described,
    "sagemaker:DescribeNotebookInstance",
    |n, sm| async { sm.notebook_settings(&n.name).await.map(Detail::Known) },
    |n| format!("{} {:?}", n.status, n.last_modified)
);
// A job's billed time settles when it ends.
described_by!(
    TrainingJob,
    described,
    "sagemaker:DescribeTrainingJob",
    |t, sm| async { sm.training_settings(&t.name).await.map(Detail::Known) },
    |t| format!("{} {:?}", t.status, t.ended)
);
// A model cannot be changed in place: a new one has a new ARN.
described_by!(
    SageMakerModel,
    described,
    "sagemaker:DescribeModel",
    |m, sm| async { sm.model_settings(&m.name).await.map(Detail::Known) },
    |m| format!("{:?}", m.created)
);
// A space's settings, from DescribeSpace (its own list gives the rest).
described_by!(
    Space,
    settings,
    "sagemaker:DescribeSpace",
    |s, sm| async {
        sm.describe_space(&s.domain_id, &s.name)
            .await
            .map(|space| space.settings)
    },
    |s| format!("{} {:?}", s.status, s.last_modified)
);
// A configuration cannot be edited in place: a new script is a new
// configuration, so its time stamps say everything.
described_by!(
    LifecycleConfig,
    script,
    "sagemaker:DescribeStudioLifecycleConfig",
    |c, sm| async { sm.lifecycle_config_script(&c.name).await.map(Detail::Known) },
    |c| format!("{:?} {:?}", c.created, c.last_modified)
);
