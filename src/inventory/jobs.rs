//! Glue jobs: the last run from GetJobRuns per job, tags in bulk.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, GlueJob, Tag};

#[async_trait]
impl Enrich for GlueJob {
    const SERVICE: &'static str = "glue";
    type Shared = ();
    const TAG_TYPE: Option<&'static str> = Some("glue:job");

    fn key(&self) -> String {
        self.name.clone()
    }

    /// `arn:aws:glue:eu-west-2:123456789012:job/NAME`.
    fn key_of_arn(arn: &str) -> Option<String> {
        arn.split_once(":job/").map(|(_, name)| name.to_owned())
    }

    fn pending(&self) -> bool {
        self.last_run.is_pending() || self.tags.is_pending()
    }

    fn version(&self) -> String {
        format!("{:?}", self.last_modified)
    }

    fn set_tags(&mut self, tags: Detail<Vec<Tag>>) {
        self.tags = tags;
    }

    async fn own_tags(&self, cloud: &Cloud) -> Detail<Vec<Tag>> {
        detail(cloud.glue.job_tags(&self.name).await, "glue:GetTags")
    }

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), tags: bool) {
        let run = cloud.glue.last_job_run(&self.name);
        if tags {
            let (run, tags) = futures::join!(run, self.own_tags(cloud));
            self.tags = tags;
            self.last_run = detail(run, "glue:GetJobRuns");
        } else {
            self.last_run = detail(run.await, "glue:GetJobRuns");
        }
    }
}
