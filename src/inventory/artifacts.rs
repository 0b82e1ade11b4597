//! CodeArtifact repositories: their upstreams and external connections
//! from DescribeRepository per repository.

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{ArtifactRepository, Detail, Tag};

#[async_trait]
impl Enrich for ArtifactRepository {
    const SERVICE: &'static str = "codeartifact";
    type Shared = ();
    // No tags are shown for CodeArtifact repositories.
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.links.is_pending()
    }

    /// ListRepositoriesInDomain has no last-modified time: refilled on
    /// `r`, not by live refresh.
    fn version(&self) -> String {
        String::new()
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let links = cloud.codeartifact.repository_links(self).await;
        self.links = detail(links, "codeartifact:DescribeRepository");
    }
}
