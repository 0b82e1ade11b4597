//! The Model Registry: a group's versions counted (one ListModelPackages
//! per group); a version's details (DescribeModelPackage) and the
//! endpoints serving it, found once per list from the endpoints' models.

use async_trait::async_trait;
use futures::StreamExt;
use tokio::sync::OnceCell;

use super::{detail, Enrich};
use crate::cloud::{Cloud, CloudError};
use crate::collect_all;
use crate::model::{
    names_version, Detail, ModelPackageGroup, ModelPackageVersion, Tag, VersionCounts, Why,
};

/// Endpoints described (or models) at once while looking for what serves
/// a version: the work of one list, beside its own follow-ups.
const AT_ONCE: usize = 4;

#[async_trait]
impl Enrich for ModelPackageGroup {
    const SERVICE: &'static str = "sagemaker";
    type Shared = ();
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.counts.is_pending()
    }

    // A new version changes nothing ListModelPackageGroups returns: the
    // TUI counts the rows in view again at each refresh
    // (`TableRow::refilled_in_view`).
    fn version(&self) -> String {
        format!("{} {:?}", self.status, self.created)
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, _shared: &(), _tags: bool) {
        let versions = collect_all!(cloud.sagemaker, list_model_packages, &self.name);
        self.counts =
            detail(versions, "sagemaker:ListModelPackages").map(|v| VersionCounts::of(&v));
    }
}

/// (the model package a model was made from, the endpoint serving that
/// model), for every endpoint of the account; or why they are not known.
pub type Served = Result<Vec<(String, String)>, Why>;

/// What serves each model package, looked up once for all the versions
/// of one list.
#[derive(Default)]
pub struct Serving(OnceCell<Served>);

impl Serving {
    async fn of(&self, cloud: &Cloud, version: &ModelPackageVersion) -> Detail<Vec<String>> {
        match self.0.get_or_init(|| served(cloud)).await {
            Ok(pairs) => {
                let mut endpoints: Vec<String> = pairs
                    .iter()
                    .filter(|(package, _)| names_version(package, version))
                    .map(|(_, endpoint)| endpoint.clone())
                    .collect();
                endpoints.sort();
                endpoints.dedup();
                Detail::Known(endpoints)
            }
            Err(why) => Detail::unknown(why.clone()),
        }
    }
}

/// Every endpoint's variants' models and the model package each was made
/// from: ListEndpoints, DescribeEndpoint (its config names the models),
/// DescribeModel. One refusal on the way makes the answer unknown: a
/// partial answer would read "served by nothing" for a version an
/// unreadable endpoint serves. An endpoint or model deleted meanwhile is
/// skipped: it is not a refusal.
pub async fn served(cloud: &Cloud) -> Served {
    let sm = &cloud.sagemaker;
    let listed = collect_all!(sm, list_endpoints).map_err(|e| e.why("sagemaker:ListEndpoints"))?;
    let described: Vec<_> = futures::stream::iter(listed)
        .map(|e| async move {
            if e.described.is_known() {
                return Ok(Some(e));
            }
            match sm.describe_endpoint(&e.name).await {
                Ok(e) => Ok(Some(e)),
                // Deleted since it was listed: it serves nothing.
                Err(CloudError::NotFound { .. }) => Ok(None),
                Err(err) => Err(err.why("sagemaker:DescribeEndpoint")),
            }
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let mut uses = Vec::new(); // (model, endpoint)
    for endpoint in described {
        let Some(endpoint) = endpoint? else { continue };
        let Some(settings) = endpoint.described.known() else {
            continue;
        };
        for variant in &settings.variants {
            match &variant.configured {
                Detail::Known(config) => {
                    if let Some(model) = &config.model_name {
                        uses.push((model.clone(), endpoint.name.clone()));
                    }
                }
                Detail::Unknown(why) => return Err(why.as_ref().clone()),
                Detail::Pending => {}
            }
        }
    }
    let mut models: Vec<String> = uses.iter().map(|(m, _)| m.clone()).collect();
    models.sort();
    models.dedup();
    let packages: Vec<_> = futures::stream::iter(models)
        .map(|model| async move {
            match sm.model_settings(&model).await {
                Ok(settings) => Ok((model, settings.model_package)),
                // An endpoint keeps running after its model is deleted;
                // which version it came from is then nobody's to say.
                Err(CloudError::NotFound { .. }) => Ok((model, None)),
                Err(e) => Err(e.why("sagemaker:DescribeModel")),
            }
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let mut served = Vec::new();
    for answer in packages {
        let (model, package) = answer?;
        let Some(package) = package else { continue };
        for (m, endpoint) in &uses {
            if *m == model {
                served.push((package.clone(), endpoint.clone()));
            }
        }
    }
    Ok(served)
}

#[async_trait]
impl Enrich for ModelPackageVersion {
    const SERVICE: &'static str = "sagemaker";
    type Shared = Serving;
    const TAG_TYPE: Option<&'static str> = None;

    fn key(&self) -> String {
        self.arn.clone()
    }

    fn pending(&self) -> bool {
        self.described.is_pending() || self.serving.is_pending()
    }

    /// An approval or a rejection moves the approval status.
    fn version(&self) -> String {
        format!("{} {}", self.status, self.approval)
    }

    fn set_tags(&mut self, _tags: Detail<Vec<Tag>>) {}

    async fn fill(&mut self, cloud: &Cloud, shared: &Serving, _tags: bool) {
        let described = async {
            if self.described.is_pending() {
                Some(cloud.sagemaker.describe_model_package(&self.arn).await)
            } else {
                None
            }
        };
        let (described, serving) = futures::join!(described, shared.of(cloud, self));
        if let Some(described) = described {
            self.described = detail(described, "sagemaker:DescribeModelPackage")
                .map(|v| v.described)
                .flatten();
        }
        self.serving = serving;
    }
}
