//! Endpoints: DescribeEndpoint (and its config) per endpoint, tags in bulk.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, Endpoint, Tag};

#[async_trait]
impl Enrich for Endpoint {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    // moto 5.2.5 returns tagged endpoints from GetResources (checked in
    // tests/suite/partial_lists.rs).
    const TAG_TYPE: Option<&'static str> = Some("sagemaker:endpoint");

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.described.is_pending() || self.tags.is_pending()
    }

    /// An update (new weights, a new config) moves the status and the
    /// last-modified time.
    fn version(&self) -> String {
        format!("{} {:?}", self.status, self.last_modified)
    }

    fn set_tags(&mut self, tags: Detail<Vec<Tag>>) {
        self.tags = tags;
    }

    async fn own_tags(&self, cloud: &Cloud) -> Detail<Vec<Tag>> {
        detail(
            cloud.sagemaker.resource_tags(&self.arn).await,
            "sagemaker:ListTags",
        )
    }

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), tags: bool) {
        let described = cloud.sagemaker.describe_endpoint(&self.name);
        let described = if tags {
            let (described, tags) = futures::join!(described, self.own_tags(cloud));
            self.tags = tags;
            described
        } else {
            described.await
        };
        self.described = detail(described, "sagemaker:DescribeEndpoint")
            .map(|e| e.described)
            .flatten();
    }
}
