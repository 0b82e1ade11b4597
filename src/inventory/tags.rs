//! Tags of a whole kind of resource from tag:GetResources.
//!
//! Which kinds go through it is each kind's `Enrich::TAG_TYPE`. A kind is
//! only given one where GetResources has been seen to return it: the API
//! lists resources that are or were tagged, so for a type it does not
//! cover every resource would wrongly read "no tags". Proven against moto
//! 5.2.5: `glue:job`, `sagemaker:domain` (its SageMaker backend also returns
//! endpoints, notebook instances, training jobs and models; not user
//! profiles, spaces or apps); it returns no ECR repositories. The kinds
//! without a type keep their per-item tag calls.

use std::collections::HashMap;
use std::sync::Mutex;

use super::Enrich;
use crate::cloud::Cloud;
use crate::model::{Tag, Tagged, Why};

/// Every tagged resource of `resource_type`, by row key.
pub(super) async fn by_key<T: Enrich>(
    cloud: &Cloud,
    resource_type: &'static str,
) -> Result<HashMap<String, Vec<Tag>>, Why> {
    let found = Mutex::new(HashMap::new());
    let sink = |page: Vec<Tagged>| {
        let mut found = found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for t in page {
            if let Some(key) = T::key_of_arn(&t.arn) {
                found.insert(key, t.tags);
            }
        }
    };
    cloud
        .tagging
        .tagged(resource_type, &sink)
        .await
        .map_err(|e| e.why("tag:GetResources"))?;
    Ok(found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}
