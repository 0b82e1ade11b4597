//! Studio domains: the settings from DescribeDomain, tags in bulk.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, Domain, Tag};

#[async_trait]
impl Enrich for Domain {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    const TAG_TYPE: Option<&'static str> = Some("sagemaker:domain");

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.settings.is_pending() || self.tags.is_pending()
    }

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
        let described = cloud.sagemaker.describe_domain(&self.id);
        let settings = if tags {
            let (described, tags) = futures::join!(described, self.own_tags(cloud));
            self.tags = tags;
            described
        } else {
            described.await
        };
        self.settings = detail(settings, "sagemaker:DescribeDomain")
            .map(|d| d.settings)
            .flatten();
    }
}
