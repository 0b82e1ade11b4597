//! SageMaker: Studio domains, user profiles, apps, spaces; endpoints, notebook
//! instances and training jobs.
//!
//! List calls make rows of their summaries only; the fields the views and
//! the governance rules need (network mode, KMS key, execution role, tags,
//! variants …) come from per-item describe and ListTags calls that
//! `inventory` makes afterwards, one row at a time.

mod lifecycle;
mod lifecycle_configs;
mod registry;

use std::collections::HashMap;
use std::sync::OnceLock;

use async_trait::async_trait;
use aws_sdk_sagemaker::types::{
    AppDetails, AppLifecycleManagement, AppStatus, CodeEditorAppSettings, DefaultSpaceSettings,
    DesiredWeightAndCapacity, DomainDetails, EndpointSummary, JupyterLabAppSettings,
    JupyterServerAppSettings, KernelGatewayAppSettings, LifecycleManagement, ResourceSpec,
    SpaceDetails, UserProfileDetails, UserSettings,
};
use aws_sdk_sagemaker::Client;

use super::sts::partition;
use super::{completed, count, gone_is_none, owned, string, time, AwsContext};
use crate::cloud::{CloudResult, Completed, PageSink, SageMaker};
use crate::model::requests::{AppRef, CreateUserProfileRequest, PresignRequest};
use crate::model::{
    App, Detail, Domain, DomainSettings, Endpoint, EndpointConfig, EndpointSettings, IdleShutdown,
    LifecycleConfig, ModelPackageGroup, ModelPackageVersion, ModelSettings, NotebookInstance,
    NotebookSettings, SageMakerModel, Space, Tag, TrainingJob, TrainingSettings, UserProfile,
    Variant, VariantConfig, VariantWeight,
};

/// ListDomains, ListUserProfiles, ListApps, ListSpaces, ListEndpoints,
/// ListNotebookInstances and ListTrainingJobs all cap MaxResults at 100.
const MAX_PAGE: i32 = 100;

/// The SageMaker service on one SDK client.
pub struct AwsSageMaker {
    client: Client,
    /// The same client sending changes once (see `send_once.rs`).
    changes: Client,
    ctx: AwsContext,
    /// `arn:PARTITION:sagemaker:REGION:ACCOUNT`, learned from the first domain
    /// ARN seen: ListApps and ListSpaces return no ARNs, so we build them.
    arn_prefix: OnceLock<String>,
}

/// What ListDomains tells us about a domain, enough to name it in other rows.
struct DomainRef {
    id: String,
    name: String,
    arn: String,
}

impl AwsSageMaker {
    pub fn new(client: Client, ctx: AwsContext) -> Self {
        Self {
            changes: super::change_client!(aws_sdk_sagemaker, client),
            client,
            ctx,
            arn_prefix: OnceLock::new(),
        }
    }

    /// Every tag of one resource (ListTags pages too, if rarely).
    async fn tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        let mut pages = self
            .client
            .list_tags()
            .resource_arn(arn)
            .into_paginator()
            .send();
        let mut tags = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListTags"))?;
            tags.extend(
                page.tags()
                    .iter()
                    .map(|t| Tag::new(string(t.key()), string(t.value()))),
            );
        }
        Ok(tags)
    }

    fn remember_arn(&self, arn: Option<&str>) {
        // `arn:aws:sagemaker:eu-west-2:123456789012:domain/d-…` → the part before `:domain/`.
        if let Some((prefix, _)) = arn.and_then(|a| a.split_once(":domain/")) {
            let _ = self.arn_prefix.set(prefix.to_string());
        }
    }

    /// The ARN prefix for built ARNs. One DescribeDomain teaches it when no
    /// domain was listed yet; if even that fails the account part stays empty
    /// rather than failing a list over a display detail.
    async fn arn_prefix(&self, domain_id: &str) -> String {
        if let Some(p) = self.arn_prefix.get() {
            return p.clone();
        }
        if let Ok(d) = self
            .client
            .describe_domain()
            .domain_id(domain_id)
            .send()
            .await
        {
            self.remember_arn(d.domain_arn());
        }
        self.arn_prefix.get().cloned().unwrap_or_else(|| {
            format!(
                "arn:{}:sagemaker:{}:",
                partition(&self.ctx.region),
                self.ctx.region
            )
        })
    }

    /// Every domain's id and name (ListDomains, all pages).
    async fn domain_refs(&self) -> CloudResult<Vec<DomainRef>> {
        let mut pages = self
            .client
            .list_domains()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        let mut refs = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListDomains"))?;
            for d in page.domains() {
                self.remember_arn(d.domain_arn());
                refs.push(DomainRef {
                    id: string(d.domain_id()),
                    name: string(d.domain_name()),
                    arn: string(d.domain_arn()),
                });
            }
        }
        Ok(refs)
    }

    /// A domain as ListDomains gives it: its settings and tags follow.
    fn listed_domain(&self, d: &DomainDetails) -> Domain {
        self.remember_arn(d.domain_arn());
        Domain {
            id: string(d.domain_id()),
            name: string(d.domain_name()),
            arn: string(d.domain_arn()),
            status: string(d.status().map(|s| s.as_str())),
            url: owned(d.url()),
            created: time(d.creation_time()),
            last_modified: time(d.last_modified_time()),
            settings: Detail::Pending,
            tags: Detail::Pending,
        }
    }

    /// DescribeDomain: the domain with its settings (tags are a follow-up).
    pub(super) async fn described_domain(&self, domain_id: &str) -> CloudResult<Domain> {
        let d = self
            .client
            .describe_domain()
            .domain_id(domain_id)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeDomain"))?;
        self.remember_arn(d.domain_arn());
        let settings = DomainSettings {
            auth_mode: string(d.auth_mode().map(|a| a.as_str())),
            // The API's own default when the field is absent.
            network_mode: d
                .app_network_access_type()
                .map_or("PublicInternetOnly", |n| n.as_str())
                .to_string(),
            kms_key_id: owned(d.kms_key_id()),
            vpc_id: owned(d.vpc_id()),
            subnet_ids: d.subnet_ids().to_vec(),
            default_execution_role: owned(
                d.default_user_settings().and_then(|u| u.execution_role()),
            ),
            space_execution_role: owned(
                d.default_space_settings().and_then(|s| s.execution_role()),
            ),
            tag_propagation: d.tag_propagation().map(|t| t.as_str().to_string()),
            execution_role_identity: d
                .domain_settings()
                .and_then(|s| s.execution_role_identity_config())
                .map(|c| c.as_str().to_string()),
            idle_shutdown: idle_shutdown(d.default_user_settings()),
            space_idle_shutdown: space_defaults_idle(d.default_space_settings()),
            lifecycle_configs: {
                let mut arns = user_lifecycle_configs(d.default_user_settings());
                arns.extend(space_defaults_lifecycle_configs(d.default_space_settings()));
                dedup(arns)
            },
        };
        Ok(Domain {
            id: owned(d.domain_id()).unwrap_or_else(|| domain_id.to_owned()),
            name: string(d.domain_name()),
            arn: string(d.domain_arn()),
            status: string(d.status().map(|s| s.as_str())),
            url: owned(d.url()),
            created: time(d.creation_time()),
            last_modified: time(d.last_modified_time()),
            settings: Detail::Known(settings),
            tags: Detail::Pending,
        })
    }

    /// InService apps per user profile of one domain (one ListApps for the
    /// whole domain, not one per user). Apps in a private space count for the
    /// space's owner: that is how JupyterLab and Code Editor run today.
    async fn apps_per_owner(&self, domain_id: &str) -> CloudResult<HashMap<String, u32>> {
        let owners = self.space_owners(domain_id).await;
        let mut pages = self
            .client
            .list_apps()
            .domain_id_equals(domain_id)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        let mut running: HashMap<String, u32> = HashMap::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListApps"))?;
            for app in page.apps() {
                if app.status() != Some(&AppStatus::InService) {
                    continue;
                }
                let owner = app.user_profile_name().or_else(|| {
                    app.space_name()
                        .and_then(|s| owners.get(s).map(String::as_str))
                });
                if let Some(owner) = owner {
                    *running.entry(owner.to_string()).or_default() += 1;
                }
            }
        }
        Ok(running)
    }

    /// Space name → owning user profile. Best effort: without
    /// sagemaker:ListSpaces the counts just leave space apps out.
    async fn space_owners(&self, domain_id: &str) -> HashMap<String, String> {
        let mut pages = self
            .client
            .list_spaces()
            .domain_id_equals(domain_id)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        let mut owners = HashMap::new();
        while let Some(Ok(page)) = pages.next().await {
            for s in page.spaces() {
                let owner = s
                    .ownership_settings_summary()
                    .and_then(|o| o.owner_user_profile_name());
                if let (Some(space), Some(owner)) = (s.space_name(), owner) {
                    owners.insert(space.to_string(), owner.to_string());
                }
            }
        }
        owners
    }

    /// A profile as ListUserProfiles gives it; its ARN is built from the
    /// domain's (`…:domain/D` → `…:user-profile/D/NAME`).
    fn listed_user(domain: &DomainRef, u: &UserProfileDetails) -> UserProfile {
        let name = string(u.user_profile_name());
        let arn = match domain.arn.split_once(":domain/") {
            Some((prefix, id)) => format!("{prefix}:user-profile/{id}/{name}"),
            None => String::new(),
        };
        UserProfile {
            domain_id: domain.id.clone(),
            domain_name: domain.name.clone(),
            arn,
            name,
            status: string(u.status().map(|s| s.as_str())),
            created: time(u.creation_time()),
            last_modified: time(u.last_modified_time()),
            profile: Detail::Pending,
            apps_running: Detail::Pending,
            tags: Detail::Pending,
        }
    }

    async fn list_domain_users(
        &self,
        domain: &DomainRef,
        sink: &dyn PageSink<UserProfile>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_user_profiles()
            .domain_id_equals(&domain.id)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListUserProfiles"))?;
            sink.page(
                page.user_profiles()
                    .iter()
                    .map(|u| Self::listed_user(domain, u))
                    .collect(),
            );
        }
        Ok(())
    }

    fn app(&self, prefix: &str, a: &AppDetails) -> App {
        let domain_id = string(a.domain_id());
        let app_type = string(a.app_type().map(|t| t.as_str()));
        let name = string(a.app_name());
        let owner = a.user_profile_name().or(a.space_name()).unwrap_or_default();
        let spec = a.resource_spec();
        App {
            arn: format!(
                "{prefix}:app/{domain_id}/{owner}/{}/{name}",
                app_type.to_ascii_lowercase()
            ),
            domain_id,
            user_profile: owned(a.user_profile_name()),
            space_name: owned(a.space_name()),
            app_type,
            name,
            status: string(a.status().map(|s| s.as_str())),
            instance_type: spec
                .and_then(|s| s.instance_type())
                .map(|t| t.as_str().to_string()),
            image_arn: owned(spec.and_then(|s| s.sage_maker_image_arn())),
            lifecycle_config: owned(spec.and_then(|s| s.lifecycle_config_arn())),
            created: time(a.creation_time()),
            // ListApps does not return it, and health checks bump it anyway.
            last_user_activity: None,
        }
    }

    fn space(&self, prefix: &str, s: &SpaceDetails) -> Space {
        let domain_id = string(s.domain_id());
        let name = string(s.space_name());
        Space {
            arn: format!("{prefix}:space/{domain_id}/{name}"),
            domain_id,
            name,
            status: string(s.status().map(|st| st.as_str())),
            owner: owned(
                s.ownership_settings_summary()
                    .and_then(|o| o.owner_user_profile_name()),
            ),
            // Spaces from before private spaces existed carry no sharing
            // settings; they were all shared.
            sharing: s
                .space_sharing_settings_summary()
                .and_then(|x| x.sharing_type())
                .map_or("Shared", |t| t.as_str())
                .to_string(),
            app_type: s
                .space_settings_summary()
                .and_then(|x| x.app_type())
                .map(|t| t.as_str().to_string()),
            instance_type: None,
            created: time(s.creation_time()),
            last_modified: time(s.last_modified_time()),
            settings: Detail::Pending,
        }
    }

    /// An endpoint as ListEndpoints returns it: what DescribeEndpoint and
    /// ListTags add is pending (`inventory` fills it).
    fn listed_endpoint(e: &EndpointSummary) -> Endpoint {
        Endpoint {
            name: string(e.endpoint_name()),
            arn: string(e.endpoint_arn()),
            status: string(e.endpoint_status().map(|s| s.as_str())),
            created: time(e.creation_time()),
            last_modified: time(e.last_modified_time()),
            described: Detail::Pending,
            tags: Detail::Pending,
        }
    }

    /// DescribeEndpoint, then its config (models, instance types, KMS key):
    /// a refused DescribeEndpointConfig leaves the weights and counts known.
    async fn endpoint(&self, name: &str) -> CloudResult<Endpoint> {
        let e = self
            .client
            .describe_endpoint()
            .endpoint_name(name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeEndpoint"))?;
        let config_name = string(e.endpoint_config_name());
        let config = self
            .client
            .describe_endpoint_config()
            .endpoint_config_name(&config_name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeEndpointConfig"));
        // An endpoint keeps running after its config is deleted: known, and
        // without the config's details.
        let config = match gone_is_none(config) {
            Ok(c) => Detail::Known(c),
            Err(err) => Detail::unknown(err.why("sagemaker:DescribeEndpointConfig")),
        };
        let variants = e
            .production_variants()
            .iter()
            .map(|v| {
                let configured = config.as_ref().map(|c| {
                    let p = c.as_ref().and_then(|c| {
                        c.production_variants()
                            .iter()
                            .find(|p| p.variant_name() == v.variant_name())
                    });
                    VariantConfig {
                        model_name: owned(p.and_then(|p| p.model_name())),
                        instance_type: p
                            .and_then(|p| p.instance_type())
                            .map(|t| t.as_str().to_string()),
                    }
                });
                Variant {
                    endpoint: name.to_string(),
                    name: string(v.variant_name()),
                    current_weight: f64::from(v.current_weight().unwrap_or(0.0)),
                    desired_weight: f64::from(
                        v.desired_weight().or(v.current_weight()).unwrap_or(0.0),
                    ),
                    current_instance_count: count(v.current_instance_count()).unwrap_or(0),
                    desired_instance_count: count(
                        v.desired_instance_count().or(v.current_instance_count()),
                    )
                    .unwrap_or(0),
                    configured,
                }
            })
            .collect();
        let data_capture = e
            .data_capture_config()
            .and_then(|d| d.enable_capture())
            .or_else(|| {
                config
                    .known()
                    .and_then(Option::as_ref)
                    .and_then(|c| c.data_capture_config())
                    .and_then(|d| d.enable_capture())
            })
            .unwrap_or(false);
        let kms = config.map(|c| EndpointConfig {
            kms_key_id: owned(c.as_ref().and_then(|c| c.kms_key_id())),
        });
        Ok(Endpoint {
            name: string(e.endpoint_name()),
            arn: string(e.endpoint_arn()),
            status: string(e.endpoint_status().map(|s| s.as_str())),
            created: time(e.creation_time()),
            last_modified: time(e.last_modified_time()),
            described: Detail::Known(EndpointSettings {
                config_name,
                variants,
                data_capture,
                failure_reason: owned(e.failure_reason()),
                config: kms,
            }),
            tags: Detail::Pending,
        })
    }

    async fn notebook(&self, name: &str) -> CloudResult<NotebookSettings> {
        let d = self
            .client
            .describe_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeNotebookInstance"))?;
        Ok(NotebookSettings {
            direct_internet_access: d.direct_internet_access().map(|x| x.as_str().to_string()),
            root_access: d.root_access().map(|x| x.as_str().to_string()),
            subnet_id: owned(d.subnet_id()),
            security_groups: d.security_groups().to_vec(),
            kms_key_id: owned(d.kms_key_id()),
            role_arn: owned(d.role_arn()),
        })
    }

    async fn model(&self, name: &str) -> CloudResult<ModelSettings> {
        let d = self
            .client
            .describe_model()
            .model_name(name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeModel"))?;
        Ok(ModelSettings {
            // moto answers an empty VpcConfig object for a model without
            // one; a VPC config names at least one subnet.
            in_vpc: d.vpc_config().is_some_and(|v| !v.subnets().is_empty()),
            network_isolation: d.enable_network_isolation().unwrap_or(false),
            execution_role: owned(d.execution_role_arn()),
            // The primary container, else the first of an inference pipeline.
            model_package: d
                .primary_container()
                .into_iter()
                .chain(d.containers())
                .find_map(|c| c.model_package_name())
                .map(str::to_owned),
        })
    }

    async fn training_job(&self, name: &str) -> CloudResult<TrainingSettings> {
        let d = self
            .client
            .describe_training_job()
            .training_job_name(name)
            .send()
            .await
            .map_err(self.ctx.err("sagemaker:DescribeTrainingJob"))?;
        let resources = d.resource_config();
        Ok(TrainingSettings {
            instance_type: resources
                .and_then(|r| r.instance_type())
                .map(|t| t.as_str().to_string()),
            instance_count: count(resources.and_then(|r| r.instance_count())),
            in_vpc: d.vpc_config().is_some(),
            inter_container_encryption: d
                .enable_inter_container_traffic_encryption()
                .unwrap_or(false),
            managed_spot: d.enable_managed_spot_training().unwrap_or(false),
            billable_secs: count(d.billable_time_in_seconds()).map(u64::from),
            training_secs: count(d.training_time_in_seconds()).map(u64::from),
            role_arn: owned(d.role_arn()),
            failure_reason: owned(d.failure_reason()),
        })
    }
}

/// One app type's idle shutdown, when its AppLifecycleManagement has
/// IdleSettings.
fn idle_entry(app_type: &str, m: Option<&AppLifecycleManagement>) -> Option<IdleShutdown> {
    let idle = m?.idle_settings()?;
    Some(IdleShutdown {
        app_type: app_type.to_owned(),
        enabled: idle.lifecycle_management() == Some(&LifecycleManagement::Enabled),
        timeout_minutes: count(idle.idle_timeout_in_minutes()),
    })
}

/// The idle shutdown of the app types that have it (JupyterLab, Code
/// Editor), from a domain's DefaultUserSettings or a profile's
/// UserSettings; an app type without AppLifecycleManagement gets no entry.
fn idle_shutdown(settings: Option<&UserSettings>) -> Vec<IdleShutdown> {
    let Some(u) = settings else {
        return Vec::new();
    };
    [
        idle_entry(
            "JupyterLab",
            u.jupyter_lab_app_settings()
                .and_then(|a| a.app_lifecycle_management()),
        ),
        idle_entry(
            "CodeEditor",
            u.code_editor_app_settings()
                .and_then(|a| a.app_lifecycle_management()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What shared spaces get: DefaultSpaceSettings has JupyterLab settings only.
fn space_defaults_idle(settings: Option<&DefaultSpaceSettings>) -> Vec<IdleShutdown> {
    settings
        .and_then(|s| s.jupyter_lab_app_settings())
        .and_then(|a| idle_entry("JupyterLab", a.app_lifecycle_management()))
        .into_iter()
        .collect()
}

/// A default resource spec's lifecycle configuration and the attached list.
fn attached(spec: Option<&ResourceSpec>, arns: &[String]) -> Vec<String> {
    spec.and_then(ResourceSpec::lifecycle_config_arn)
        .map(str::to_owned)
        .into_iter()
        .chain(arns.iter().cloned())
        .collect()
}

fn lab(a: &JupyterLabAppSettings) -> Vec<String> {
    attached(a.default_resource_spec(), a.lifecycle_config_arns())
}
fn editor(a: &CodeEditorAppSettings) -> Vec<String> {
    attached(a.default_resource_spec(), a.lifecycle_config_arns())
}
fn server(a: &JupyterServerAppSettings) -> Vec<String> {
    attached(a.default_resource_spec(), a.lifecycle_config_arns())
}
fn gateway(a: &KernelGatewayAppSettings) -> Vec<String> {
    attached(a.default_resource_spec(), a.lifecycle_config_arns())
}

/// Each ARN once, in the order first met.
fn dedup(arns: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(arns.len());
    for a in arns {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// The lifecycle configurations a domain's DefaultUserSettings or a
/// profile's UserSettings attach, every app type.
fn user_lifecycle_configs(settings: Option<&UserSettings>) -> Vec<String> {
    let Some(u) = settings else {
        return Vec::new();
    };
    let arns = (u.jupyter_lab_app_settings().into_iter().flat_map(lab))
        .chain(u.code_editor_app_settings().into_iter().flat_map(editor))
        .chain(u.jupyter_server_app_settings().into_iter().flat_map(server))
        .chain(
            u.kernel_gateway_app_settings()
                .into_iter()
                .flat_map(gateway),
        )
        .collect();
    dedup(arns)
}

/// The same for a domain's DefaultSpaceSettings (no Code Editor there).
fn space_defaults_lifecycle_configs(settings: Option<&DefaultSpaceSettings>) -> Vec<String> {
    let Some(s) = settings else {
        return Vec::new();
    };
    (s.jupyter_lab_app_settings().into_iter().flat_map(lab))
        .chain(s.jupyter_server_app_settings().into_iter().flat_map(server))
        .chain(
            s.kernel_gateway_app_settings()
                .into_iter()
                .flat_map(gateway),
        )
        .collect()
}

#[async_trait]
impl SageMaker for AwsSageMaker {
    async fn list_domains(&self, sink: &dyn PageSink<Domain>) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_domains()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListDomains"))?;
            sink.page(
                page.domains()
                    .iter()
                    .map(|d| self.listed_domain(d))
                    .collect(),
            );
        }
        Ok(())
    }

    async fn list_user_profiles(&self, sink: &dyn PageSink<UserProfile>) -> CloudResult<()> {
        for domain in self.domain_refs().await? {
            self.list_domain_users(&domain, sink).await?;
        }
        Ok(())
    }

    async fn list_apps(
        &self,
        domain_id: &str,
        user_profile: Option<&str>,
        sink: &dyn PageSink<App>,
    ) -> CloudResult<()> {
        let prefix = self.arn_prefix(domain_id).await;
        let mut request = self
            .client
            .list_apps()
            .domain_id_equals(domain_id)
            .max_results(self.ctx.page(MAX_PAGE));
        if let Some(user) = user_profile {
            request = request.user_profile_name_equals(user);
        }
        let mut pages = request.into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListApps"))?;
            sink.page(page.apps().iter().map(|a| self.app(&prefix, a)).collect());
        }
        Ok(())
    }

    async fn list_spaces(&self, domain_id: &str, sink: &dyn PageSink<Space>) -> CloudResult<()> {
        let prefix = self.arn_prefix(domain_id).await;
        let mut pages = self
            .client
            .list_spaces()
            .domain_id_equals(domain_id)
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListSpaces"))?;
            sink.page(
                page.spaces()
                    .iter()
                    .map(|s| self.space(&prefix, s))
                    .collect(),
            );
        }
        Ok(())
    }

    async fn list_endpoints(&self, sink: &dyn PageSink<Endpoint>) -> CloudResult<()> {
        // ListEndpoints returns 10 per page unless asked for more.
        let mut pages = self
            .client
            .list_endpoints()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListEndpoints"))?;
            sink.page(page.endpoints().iter().map(Self::listed_endpoint).collect());
        }
        Ok(())
    }

    async fn describe_endpoint(&self, name: &str) -> CloudResult<Endpoint> {
        self.endpoint(name).await
    }

    async fn update_endpoint_weights(
        &self,
        endpoint: &str,
        weights: &[VariantWeight],
    ) -> CloudResult<Completed<()>> {
        let desired = weights
            .iter()
            .map(|w| {
                // DesiredInstanceCount left out keeps the variant's count.
                let mut d = DesiredWeightAndCapacity::builder()
                    .variant_name(&w.variant)
                    .desired_weight(w.weight);
                if let Some(n) = w.instance_count {
                    d = d.desired_instance_count(i32::try_from(n).unwrap_or(i32::MAX));
                }
                d.build()
            })
            .collect();
        let out = self
            .changes
            .update_endpoint_weights_and_capacities()
            .endpoint_name(endpoint)
            .set_desired_weights_and_capacities(Some(desired))
            .send()
            .await
            .map_err(
                self.ctx
                    .err_once("sagemaker:UpdateEndpointWeightsAndCapacities"),
            )?;
        Ok(completed((), &out))
    }

    async fn list_notebook_instances(
        &self,
        sink: &dyn PageSink<NotebookInstance>,
    ) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_notebook_instances()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListNotebookInstances"))?;
            sink.page(
                page.notebook_instances()
                    .iter()
                    .map(|n| NotebookInstance {
                        name: string(n.notebook_instance_name()),
                        arn: string(n.notebook_instance_arn()),
                        status: string(n.notebook_instance_status().map(|s| s.as_str())),
                        instance_type: n.instance_type().map(|t| t.as_str().to_string()),
                        described: Detail::Pending,
                        created: time(n.creation_time()),
                        last_modified: time(n.last_modified_time()),
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    async fn list_training_jobs(&self, sink: &dyn PageSink<TrainingJob>) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_training_jobs()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListTrainingJobs"))?;
            sink.page(
                page.training_job_summaries()
                    .iter()
                    .map(|t| TrainingJob {
                        name: string(t.training_job_name()),
                        arn: string(t.training_job_arn()),
                        status: string(t.training_job_status().map(|s| s.as_str())),
                        described: Detail::Pending,
                        created: time(t.creation_time()),
                        ended: time(t.training_end_time()),
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    async fn list_models(&self, sink: &dyn PageSink<SageMakerModel>) -> CloudResult<()> {
        let mut pages = self
            .client
            .list_models()
            .max_results(self.ctx.page(MAX_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("sagemaker:ListModels"))?;
            sink.page(
                page.models()
                    .iter()
                    .map(|m| SageMakerModel {
                        name: string(m.model_name()),
                        arn: string(m.model_arn()),
                        described: Detail::Pending,
                        created: time(m.creation_time()),
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    async fn notebook_settings(&self, name: &str) -> CloudResult<NotebookSettings> {
        self.notebook(name).await
    }

    async fn training_settings(&self, name: &str) -> CloudResult<TrainingSettings> {
        self.training_job(name).await
    }

    async fn model_settings(&self, name: &str) -> CloudResult<ModelSettings> {
        self.model(name).await
    }

    async fn list_model_package_groups(
        &self,
        sink: &dyn PageSink<ModelPackageGroup>,
    ) -> CloudResult<()> {
        self.model_package_groups(sink).await
    }

    async fn list_model_packages(
        &self,
        group: &str,
        sink: &dyn PageSink<ModelPackageVersion>,
    ) -> CloudResult<()> {
        self.model_packages(group, sink).await
    }

    async fn describe_model_package(&self, name_or_arn: &str) -> CloudResult<ModelPackageVersion> {
        self.model_package(name_or_arn).await
    }

    async fn update_model_package_approval(
        &self,
        arn: &str,
        approval: &str,
        description: &str,
    ) -> CloudResult<Completed<()>> {
        self.set_model_approval(arn, approval, description).await
    }

    async fn list_lifecycle_configs(
        &self,
        sink: &dyn PageSink<LifecycleConfig>,
    ) -> CloudResult<()> {
        self.lifecycle_configs(sink).await
    }

    async fn lifecycle_config_script(&self, name: &str) -> CloudResult<String> {
        self.lifecycle_script(name).await
    }

    async fn describe_domain(&self, domain_id: &str) -> CloudResult<Domain> {
        self.described_domain(domain_id).await
    }

    async fn resource_tags(&self, arn: &str) -> CloudResult<Vec<Tag>> {
        self.tags(arn).await
    }

    async fn running_apps(&self, domain_id: &str) -> CloudResult<HashMap<String, u32>> {
        self.apps_per_owner(domain_id).await
    }

    async fn create_user_profile(
        &self,
        request: &CreateUserProfileRequest,
    ) -> CloudResult<Completed<String>> {
        self.create_profile(request).await
    }

    async fn describe_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<UserProfile> {
        self.describe_profile(domain_id, user).await
    }

    async fn delete_user_profile(&self, domain_id: &str, user: &str) -> CloudResult<Completed<()>> {
        self.delete_profile(domain_id, user).await
    }

    async fn describe_app(&self, app: &AppRef) -> CloudResult<App> {
        self.describe_one_app(app).await
    }

    async fn delete_app(&self, app: &AppRef) -> CloudResult<Completed<()>> {
        self.delete_one_app(app).await
    }

    async fn describe_space(&self, domain_id: &str, space: &str) -> CloudResult<Space> {
        self.describe_one_space(domain_id, space).await
    }

    async fn delete_space(&self, domain_id: &str, space: &str) -> CloudResult<Completed<()>> {
        self.delete_one_space(domain_id, space).await
    }

    async fn create_presigned_domain_url(
        &self,
        request: &PresignRequest,
    ) -> CloudResult<Completed<String>> {
        self.presign(request).await
    }
}
