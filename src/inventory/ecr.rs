//! ECR repositories: the image count (ListImages) and tags per repository.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, EcrRepository, Tag};

#[async_trait]
impl Enrich for EcrRepository {
    const SERVICE: &'static str = "ecr";
    type Shared = ();
    // moto 5.2.5 returns no ECR repositories from GetResources: unproven here.
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.image_count.is_pending() || self.tags.is_pending()
    }

    /// DescribeRepositories has no last-modified time: a repository is
    /// refilled on `r`, not by live refresh.
    fn version(&self) -> String {
        format!("{:?}", self.created)
    }

    fn set_tags(&mut self, tags: Detail<Vec<Tag>>) {
        self.tags = tags;
    }

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), tags: bool) {
        let ecr = &cloud.ecr;
        let count = ecr.image_count(&self.name);
        if tags {
            let (count, tags) = futures::join!(count, ecr.repository_tags(&self.arn));
            self.tags = detail(tags, "ecr:ListTagsForResource");
            self.image_count = detail(count, "ecr:ListImages");
        } else {
            self.image_count = detail(count.await, "ecr:ListImages");
        }
    }
}
