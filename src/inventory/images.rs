//! ECR images: DescribeImageScanFindings where DescribeImages carried no
//! scan summary (moto never sends one; on AWS an image never scanned).

use async_trait::async_trait;

use super::{detail, Enrich};
use crate::cloud::Cloud;
use crate::model::{Detail, Image, Tag};

#[async_trait]
impl Enrich for Image {
    const SERVICE: &'static str = "ecr";
    type Shared = ();
    // The image tags are part of DescribeImages; images have no ARN and no
    // resource tags of their own.
    const TAG_TYPE: Option<&'static str> = None;

    /// One repository's images are listed at a time; the digest names one.
    fn key(&self) -> String {
        format!("{}@{}", self.repository, self.digest)
    }

    fn key_of_arn(_arn: &str) -> Option<String> {
        None
    }

    fn pending(&self) -> bool {
        self.scan.is_pending()
    }

    /// A pushed image does not change; a new scan shows as a new status in
    /// DescribeImages on AWS, and on `r` here.
    fn version(&self) -> String {
        format!(
            "{:?}",
            self.scan.known().and_then(|s| s.scan_status.clone())
        )
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let scan = cloud.ecr.image_scan(&self.repository, &self.digest).await;
        self.scan = detail(scan, "ecr:DescribeImageScanFindings");
    }
}
