//! Posture findings: the secure data-science reference architecture's guard
//! rails as pure functions over `model` records.
//!
//! Each rule family lives in its own file and only reads records; `collect`
//! loads the records through the `Cloud` traits and runs them. Nothing here
//! touches a terminal, so the TUI's Findings pane and `dsadmin check` report
//! the same findings.

pub mod collect;
pub mod config;
mod domains;
mod ecr;
mod endpoints;
mod glue;
mod notebooks;
mod packages;
pub mod registry;
mod roles;
mod rule;
mod studio;
mod training;
mod users;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::gitsync::SyncState;
use crate::model::{
    ArtifactRepository, Detail, Domain, EcrRepository, Endpoint, GlueJob, Image, NotebookInstance,
    Package, SageMakerModel, TrainingJob, UserProfile, Why,
};

pub use config::{GovernanceConfig, RuleSetting};
pub use rule::RuleId;

/// How bad a finding is. Ordered: `Low < Medium < High < Critical`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of resource a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    SagemakerDomain,
    UserProfile,
    NotebookInstance,
    TrainingJob,
    SagemakerModel,
    Endpoint,
    EcrRepository,
    EcrImage,
    GlueJob,
    CodeartifactRepository,
    CodeartifactPackage,
    LifecycleConfig,
    StudioApp,
    ExecutionRole,
}

impl ResourceKind {
    /// The kebab-case name used in JSON and SARIF.
    pub fn id(self) -> &'static str {
        match self {
            ResourceKind::SagemakerDomain => "sagemaker-domain",
            ResourceKind::UserProfile => "user-profile",
            ResourceKind::NotebookInstance => "notebook-instance",
            ResourceKind::TrainingJob => "training-job",
            ResourceKind::SagemakerModel => "sagemaker-model",
            ResourceKind::Endpoint => "endpoint",
            ResourceKind::EcrRepository => "ecr-repository",
            ResourceKind::EcrImage => "ecr-image",
            ResourceKind::GlueJob => "glue-job",
            ResourceKind::CodeartifactRepository => "codeartifact-repository",
            ResourceKind::CodeartifactPackage => "codeartifact-package",
            ResourceKind::LifecycleConfig => "studio-lifecycle-config",
            ResourceKind::StudioApp => "sagemaker-app",
            ResourceKind::ExecutionRole => "iam-role",
        }
    }

    /// A short label for tables ("domain", "image").
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::SagemakerDomain => "domain",
            ResourceKind::UserProfile => "user",
            ResourceKind::NotebookInstance => "notebook",
            ResourceKind::TrainingJob => "training job",
            ResourceKind::SagemakerModel => "model",
            ResourceKind::Endpoint => "endpoint",
            ResourceKind::EcrRepository => "ecr repo",
            ResourceKind::EcrImage => "image",
            ResourceKind::GlueJob => "glue job",
            ResourceKind::CodeartifactRepository => "artifact repo",
            ResourceKind::CodeartifactPackage => "package",
            ResourceKind::LifecycleConfig => "lifecycle config",
            ResourceKind::StudioApp => "app",
            ResourceKind::ExecutionRole => "role",
        }
    }
}

/// The resource a finding is about: its kind, a name a person recognises
/// (`domain/user`, `repository:tag`) and its ARN where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: ResourceKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

impl Resource {
    pub fn new(kind: ResourceKind, name: impl Into<String>, arn: Option<&str>) -> Self {
        Self {
            kind,
            name: name.into(),
            arn: arn.filter(|a| !a.is_empty()).map(str::to_owned),
        }
    }
}

/// One broken guard rail on one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub resource: Resource,
    /// What was seen, with the values that prove it.
    pub evidence: String,
    /// One line saying how to put it right.
    pub fix: String,
}

/// Rules that could not be evaluated, and why: a source that failed
/// (AccessDenied …) or a rule that needs settings nobody gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotChecked {
    pub cause: Cause,
    /// What could not be read ("sagemaker:ListModels", "images of ds-base")
    /// or, for a rule without its settings, the rule's id.
    pub source: String,
    pub rules: Vec<RuleId>,
    pub reason: String,
    /// The resources left unchecked when the source itself loaded but a
    /// follow-up field of these rows is unknown (`[]` when the whole
    /// source failed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
}

/// Why rules were not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Loading what they look at failed: the check is incomplete.
    Failed,
    /// They need settings nobody gave: they do not apply yet.
    NotConfigured,
}

/// Everything one check found, findings worst first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<NotChecked>,
}

impl Report {
    /// The worst severity found, if anything was.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Sources that failed to load (not rules merely unconfigured).
    pub fn failures(&self) -> impl Iterator<Item = &NotChecked> {
        self.not_checked.iter().filter(|n| n.cause == Cause::Failed)
    }

    /// Findings at or above `threshold`.
    pub fn at_or_above(&self, threshold: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity >= threshold)
            .count()
    }
}

/// What the rules look at: the estate as loaded. A list left empty because
/// its source failed is reported through `NotChecked`, not here.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub domains: Vec<Domain>,
    pub user_profiles: Vec<UserProfile>,
    pub notebooks: Vec<NotebookInstance>,
    pub training_jobs: Vec<TrainingJob>,
    pub models: Vec<SageMakerModel>,
    pub endpoints: Vec<Endpoint>,
    pub ecr_repositories: Vec<EcrRepository>,
    pub images: Vec<Image>,
    pub glue_jobs: Vec<GlueJob>,
    /// The Git sync state of each Glue job that has a `[git]` mapping.
    pub git_states: BTreeMap<String, SyncState>,
    pub artifact_repositories: Vec<ArtifactRepository>,
    pub packages: Vec<Package>,
    /// The approval of each model package version a model was made from.
    pub model_approvals: registry::Approvals,
    /// Spaces, apps and lifecycle configurations around the domains and
    /// profiles, when a rule that reads them is on.
    pub studio: Option<crate::inventory::studio::Studio>,
    /// The execution roles and their policies, when a role rule is on.
    pub roles: Option<crate::inventory::roles::Roles>,
    /// The time idle apps are measured at.
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Runs every enabled rule over `inv`: findings worst first, then by rule
/// and resource so the output is stable; and the rules a resource could not
/// be checked against because a field they need is unknown.
pub fn evaluate(inv: &Inventory, config: &GovernanceConfig) -> (Vec<Finding>, Vec<NotChecked>) {
    let mut out = Emitter {
        config,
        findings: Vec::new(),
        unchecked: BTreeMap::new(),
    };
    for d in &inv.domains {
        domains::check(d, &mut out);
    }
    users::check(&inv.user_profiles, &inv.domains, &mut out);
    for n in &inv.notebooks {
        notebooks::check(n, &mut out);
    }
    for t in &inv.training_jobs {
        training::check_training_job(t, &mut out);
    }
    for m in &inv.models {
        training::check_model(m, &mut out);
    }
    for e in &inv.endpoints {
        endpoints::check(e, &mut out);
    }
    registry::check(&inv.endpoints, &inv.models, &inv.model_approvals, &mut out);
    for r in &inv.ecr_repositories {
        ecr::check_repository(r, &mut out);
    }
    for i in &inv.images {
        ecr::check_image(i, &mut out);
    }
    for j in &inv.glue_jobs {
        glue::check(j, inv.git_states.get(&j.name), &mut out);
    }
    for r in &inv.artifact_repositories {
        packages::check_repository(r, &mut out);
    }
    packages::check_packages(&inv.packages, &inv.artifact_repositories, &mut out);
    if let Some(studio) = &inv.studio {
        studio::check(studio, inv.now, &mut out);
    }
    if let Some(roles) = &inv.roles {
        roles::check(roles, &mut out);
    }
    let unchecked = out.unchecked_list();
    let mut findings = out.findings;
    sort(&mut findings);
    (findings, unchecked)
}

/// Worst first, then rule id, then resource name.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.id().cmp(b.rule.id()))
            .then_with(|| a.resource.name.cmp(&b.resource.name))
    });
}

/// Where rules put findings: it drops disabled rules and applies the
/// configured severity, so a rule only says what it saw.
pub(crate) struct Emitter<'a> {
    config: &'a GovernanceConfig,
    findings: Vec<Finding>,
    /// Per cause (the failed follow-up), the rules and resources it left
    /// unchecked.
    unchecked: BTreeMap<Why, (BTreeSet<RuleId>, BTreeSet<String>)>,
}

impl Emitter<'_> {
    pub(crate) fn config(&self) -> &GovernanceConfig {
        self.config
    }

    pub(crate) fn enabled(&self, rule: RuleId) -> bool {
        self.config.setting(rule).enabled
    }

    /// The fields a Describe filled, when known; when unknown, each of
    /// `rules` (which need them) reports `resource` not checked, and none.
    pub(crate) fn described<'d, D>(
        &mut self,
        fields: &'d Detail<D>,
        rules: &[RuleId],
        resource: &Resource,
    ) -> Option<&'d D> {
        if let Some(why) = fields.why() {
            for rule in rules {
                self.not_checked(*rule, resource, why);
            }
        }
        fields.known()
    }

    /// `rule` could not look at `resource`: a field it needs is unknown.
    pub(crate) fn not_checked(&mut self, rule: RuleId, resource: &Resource, why: &Why) {
        if !self.enabled(rule) {
            return;
        }
        let (rules, resources) = self.unchecked.entry(why.clone()).or_default();
        rules.insert(rule);
        resources.insert(resource.name.clone());
    }

    /// The unchecked resources, one entry per cause.
    fn unchecked_list(&self) -> Vec<NotChecked> {
        self.unchecked
            .iter()
            .map(|(why, (rules, resources))| NotChecked {
                cause: Cause::Failed,
                source: why.action.clone(),
                rules: rules.iter().copied().collect(),
                reason: format!("{}: {}", why.code, why.message),
                resources: resources.iter().cloned().collect(),
            })
            .collect()
    }

    pub(crate) fn emit(
        &mut self,
        rule: RuleId,
        resource: Resource,
        evidence: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let setting = self.config.setting(rule);
        if !setting.enabled {
            return;
        }
        self.findings.push(Finding {
            rule,
            severity: setting.severity,
            resource,
            evidence: evidence.into(),
            fix: fix.into(),
        });
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one family's check over hand-made records.
    use super::*;

    pub fn run(config: &GovernanceConfig, f: impl FnOnce(&mut Emitter<'_>)) -> Vec<Finding> {
        let mut out = Emitter {
            config,
            findings: Vec::new(),
            unchecked: BTreeMap::new(),
        };
        f(&mut out);
        out.findings
    }

    pub fn idle(app: &str, enabled: bool, minutes: Option<u32>) -> crate::model::IdleShutdown {
        crate::model::IdleShutdown {
            app_type: app.into(),
            enabled,
            timeout_minutes: minutes,
        }
    }

    /// A domain that breaks no rule.
    pub fn domain() -> Domain {
        Domain {
            id: "d-abc".into(),
            name: "ds-prod".into(),
            arn: "arn:aws:sagemaker:eu-west-2:123456789012:domain/d-abc".into(),
            status: "InService".into(),
            url: None,
            created: None,
            last_modified: None,
            settings: crate::model::Detail::Known(crate::model::DomainSettings {
                auth_mode: "IAM".into(),
                network_mode: "VpcOnly".into(),
                kms_key_id: Some("arn:aws:kms:eu-west-2:123456789012:key/k".into()),
                vpc_id: None,
                subnet_ids: Vec::new(),
                default_execution_role: None,
                tag_propagation: None,
                space_execution_role: None,
                execution_role_identity: Some("USER_PROFILE_NAME".into()),
                idle_shutdown: vec![
                    idle("JupyterLab", true, Some(120)),
                    idle("CodeEditor", true, Some(240)),
                ],
                space_idle_shutdown: Vec::new(),
                lifecycle_configs: Vec::new(),
            }),
            tags: crate::model::Detail::Known(Vec::new()),
        }
    }

    /// Like [`run`], also handing out what was not checked.
    pub fn run_with_unchecked(
        config: &GovernanceConfig,
        f: impl FnOnce(&mut Emitter<'_>),
        unchecked: &mut Vec<NotChecked>,
    ) -> Vec<Finding> {
        let mut out = Emitter {
            config,
            findings: Vec::new(),
            unchecked: BTreeMap::new(),
        };
        f(&mut out);
        *unchecked = out.unchecked_list();
        out.findings
    }

    /// [`domain`] with its settings changed by `f`.
    pub fn domain_with(f: impl FnOnce(&mut crate::model::DomainSettings)) -> Domain {
        let mut d = domain();
        if let crate::model::Detail::Known(s) = &mut d.settings {
            f(s);
        }
        d
    }

    /// The rule ids of `findings`, in order.
    pub fn ids(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule.id()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: RuleId, severity: Severity, name: &str) -> Finding {
        Finding {
            rule,
            severity,
            resource: Resource::new(ResourceKind::Endpoint, name, None),
            evidence: String::new(),
            fix: String::new(),
        }
    }

    #[test]
    fn severities_order_and_names() {
        assert!(Severity::Low < Severity::Medium);
        assert!(Severity::High < Severity::Critical);
        assert_eq!(Severity::Critical.to_string(), "critical");
        assert_eq!(
            serde_json::to_string(&Severity::Medium).ok().as_deref(),
            Some("\"medium\"")
        );
    }

    #[test]
    fn sorted_worst_first_then_rule_then_name() {
        let mut v = vec![
            finding(RuleId::EndpointSingleInstance, Severity::Low, "b"),
            finding(RuleId::EndpointNoKmsKey, Severity::High, "z"),
            finding(RuleId::EndpointNoDataCapture, Severity::High, "a"),
            finding(RuleId::EndpointNoKmsKey, Severity::High, "a"),
        ];
        sort(&mut v);
        let got: Vec<(&str, &str)> = v
            .iter()
            .map(|f| (f.rule.id(), f.resource.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("endpoint-no-data-capture", "a"),
                ("endpoint-no-kms-key", "a"),
                ("endpoint-no-kms-key", "z"),
                ("endpoint-single-instance", "b"),
            ]
        );
        let report = Report {
            findings: v,
            not_checked: Vec::new(),
        };
        assert_eq!(report.worst(), Some(Severity::High));
        assert_eq!(report.at_or_above(Severity::High), 3);
        assert_eq!(report.at_or_above(Severity::Critical), 0);
    }

    #[test]
    fn a_resource_without_arn_serialises_without_one() {
        let r = Resource::new(ResourceKind::GlueJob, "j", Some(""));
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"glue-job","name":"j"}"#);
    }
}
