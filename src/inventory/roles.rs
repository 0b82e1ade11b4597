//! Execution roles in one snapshot: every role the estate runs as (domain
//! defaults, the shared-space role, profiles, spaces, notebook instances,
//! training jobs, models, endpoints through their models, Glue jobs), what
//! runs as each, and each role's attached and inline policies, read once
//! per role and once per managed policy however many roles attach it.
//!
//! A list that fails is kept as a gap with its reason (roles used only
//! there are missing, and the view says so); a role whose policies cannot
//! be read is shown with why, never as a role without policies.

use std::collections::{BTreeMap, BTreeSet};

use futures::StreamExt;

use super::{detail, fill_all, Gaps};
use crate::cloud::{Cloud, CloudResult};
use crate::collect_all;
use crate::model::policy_document::PolicyDocument;
use crate::model::role::{role_name, ExecutionRole, Policy, RolePolicies, RoleUse, UseKind};
use crate::model::{
    CallerIdentity, Detail, Domain, Endpoint, GlueJob, NotebookInstance, SageMakerModel, Space,
    TrainingJob, UserProfile, Why,
};

/// Roles (and managed policies) read at once, and domains whose spaces
/// are listed at once.
const AT_ONCE: usize = 4;

/// What the roles are found in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    pub domains: &'a [Domain],
    pub profiles: &'a [UserProfile],
    pub spaces: &'a [Space],
    pub notebooks: &'a [NotebookInstance],
    pub training_jobs: &'a [TrainingJob],
    pub models: &'a [SageMakerModel],
    pub endpoints: &'a [Endpoint],
    pub glue_jobs: &'a [GlueJob],
    /// The caller (sts:GetCallerIdentity): a Glue job may name its role
    /// without an ARN, which is then in the caller's partition and account.
    pub caller: Option<&'a Result<CallerIdentity, Why>>,
}

/// Something whose execution role could not be read: a list that failed
/// (`what` names the call), or a resource not described (`what` is its
/// name, as the rules name it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unread {
    pub what: String,
    pub why: Why,
    /// Only the team is unknown (the profile's tags): the role is known.
    pub team_only: bool,
}

impl Unread {
    /// As a follow-up gap, for `:errors`.
    pub fn gap(&self) -> super::Gap {
        super::Gap {
            action: self.why.action.clone(),
            code: self.why.code.clone(),
            message: format!(
                "roles of {} may be missing: {}",
                self.what, self.why.message
            ),
            rows: 1,
            fell_back: false,
        }
    }

    pub fn of(what: impl Into<String>, why: &Why) -> Unread {
        Unread {
            what: what.into(),
            why: why.clone(),
            team_only: false,
        }
    }
}

/// The snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roles {
    /// Sorted by name.
    pub roles: Vec<ExecutionRole>,
    /// What could not be read: roles used only there are missing.
    pub gaps: Vec<Unread>,
}

fn add(out: &mut BTreeMap<String, BTreeSet<RoleUse>>, arn: &str, u: RoleUse) {
    out.entry(arn.to_owned()).or_default().insert(u);
}

fn using(kind: UseKind, name: impl Into<String>) -> RoleUse {
    RoleUse {
        kind,
        name: name.into(),
        team: None,
        inherited: false,
        via: None,
    }
}

/// A described resource's role: `Some(role)` when known (`None` inside:
/// it names none), or its reason among the gaps.
fn described_role<'a, D>(
    name: &str,
    described: &'a Detail<D>,
    role: impl Fn(&'a D) -> Option<&'a String>,
    gaps: &mut BTreeSet<Unread>,
) -> Option<&'a String> {
    match described {
        Detail::Known(d) => role(d),
        Detail::Unknown(why) => {
            gaps.insert(Unread::of(name, why));
            None
        }
        Detail::Pending => None,
    }
}

/// A Glue job's role as an ARN: Glue takes a bare name too, which is a
/// role in the caller's partition and account.
fn glue_role_arn(role: &str, caller: Option<&Result<CallerIdentity, Why>>) -> Result<String, Why> {
    if role.starts_with("arn:") {
        return Ok(role.to_owned());
    }
    match caller {
        Some(Ok(me)) => {
            let partition = me
                .arn
                .split(':')
                .nth(1)
                .filter(|p| !p.is_empty())
                .unwrap_or("aws");
            Ok(format!("arn:{partition}:iam::{}:role/{role}", me.account))
        }
        Some(Err(why)) => Err(why.clone()),
        None => Err(Why::new(
            "sts:GetCallerIdentity",
            "NotAsked",
            "the caller's account is not known",
        )),
    }
}

/// Every role ARN and what runs as it; what could not be read (a profile
/// not described, an endpoint whose model is not listed) is a gap.
pub fn uses(src: &Sources<'_>) -> (BTreeMap<String, Vec<RoleUse>>, Vec<Unread>) {
    let mut out: BTreeMap<String, BTreeSet<RoleUse>> = BTreeMap::new();
    let mut gaps = BTreeSet::new();
    let domain_name = |id: &str| {
        src.domains
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };
    let settings = |id: &str| {
        src.domains
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.settings.known())
    };
    for d in src.domains {
        match d.settings.known() {
            Some(s) => {
                if let Some(r) = &s.default_execution_role {
                    add(&mut out, r, using(UseKind::DomainDefault, &d.name));
                }
                if let Some(r) = &s.space_execution_role {
                    add(&mut out, r, using(UseKind::SpaceDefault, &d.name));
                }
            }
            None => gaps.extend(d.settings.why().map(|w| Unread::of(&d.name, w))),
        }
    }
    for p in src.profiles {
        let name = format!("{}/{}", p.domain_name, p.name);
        if let Some(why) = p.profile.why() {
            gaps.insert(Unread::of(name, why));
            continue;
        }
        // Unread tags: the role is known, the team is not.
        if let Some(why) = p.tags.why() {
            gaps.insert(Unread {
                team_only: true,
                ..Unread::of(&name, why)
            });
        }
        if let Some((role, inherited)) = p.runs_as(src.domains) {
            let u = RoleUse {
                team: p.team().map(str::to_owned),
                inherited,
                ..using(UseKind::UserProfile, name)
            };
            add(&mut out, role, u);
        }
    }
    // A private space runs as its owner; a shared one as the domain's
    // shared-space role.
    for s in src.spaces {
        let name = format!("{}/{}", domain_name(&s.domain_id), s.name);
        let (role, team) = if s.is_shared() {
            let Some(role) = settings(&s.domain_id).and_then(|d| d.space_execution_role.clone())
            else {
                let why = Why::new(
                    "sagemaker:DescribeDomain",
                    "NoSharedSpaceRole",
                    "the domain's DefaultSpaceSettings name no ExecutionRole",
                );
                gaps.insert(Unread::of(format!("space {name}"), &why));
                continue;
            };
            (role, None)
        } else {
            let owner = src.profiles.iter().find(|p| {
                p.domain_id == s.domain_id && Some(p.name.as_str()) == s.owner.as_deref()
            });
            // An owner not described (a gap already) or not listed: unknown.
            let Some(owner) = owner.filter(|o| o.profile.is_known()) else {
                continue;
            };
            let Some((role, _)) = owner.runs_as(src.domains) else {
                continue;
            };
            (role.to_owned(), owner.team().map(str::to_owned))
        };
        let u = RoleUse {
            team,
            inherited: true,
            ..using(UseKind::Space, name)
        };
        add(&mut out, &role, u);
    }
    for n in src.notebooks {
        if let Some(r) = described_role(&n.name, &n.described, |s| s.role_arn.as_ref(), &mut gaps) {
            add(&mut out, r, using(UseKind::NotebookInstance, &n.name));
        }
    }
    for t in src.training_jobs {
        if let Some(r) = described_role(&t.name, &t.described, |s| s.role_arn.as_ref(), &mut gaps) {
            add(&mut out, r, using(UseKind::TrainingJob, &t.name));
        }
    }
    for m in src.models {
        let role = described_role(
            &m.name,
            &m.described,
            |s| s.execution_role.as_ref(),
            &mut gaps,
        );
        if let Some(r) = role {
            add(&mut out, r, using(UseKind::Model, &m.name));
        }
    }
    for e in src.endpoints {
        if let Some(why) = e.described.why() {
            gaps.insert(Unread::of(&e.name, why));
            continue;
        }
        for v in e.variants() {
            if let Some(why) = v.configured.why() {
                gaps.insert(Unread::of(&e.name, why));
                continue;
            }
            let Some(model) = v.model_name() else {
                continue;
            };
            match src.models.iter().find(|m| m.name == model) {
                Some(m) => {
                    // A model not described is a gap of its own already.
                    if let Some(r) = m.described.known().and_then(|s| s.execution_role.as_ref()) {
                        let u = RoleUse {
                            via: Some(model.to_owned()),
                            ..using(UseKind::Endpoint, &e.name)
                        };
                        add(&mut out, r, u);
                    }
                }
                None => {
                    let why = Why::new(
                        "sagemaker:ListModels",
                        "NotFound",
                        format!("model {model} of variant {} is not listed", v.name),
                    );
                    gaps.insert(Unread::of(&e.name, &why));
                }
            }
        }
    }
    for j in src.glue_jobs.iter().filter(|j| !j.role.is_empty()) {
        match glue_role_arn(&j.role, src.caller) {
            Ok(arn) => add(&mut out, &arn, using(UseKind::GlueJob, &j.name)),
            Err(why) => {
                gaps.insert(Unread::of(&j.name, &why));
            }
        }
    }
    (
        out.into_iter()
            .map(|(arn, uses)| (arn, uses.into_iter().collect()))
            .collect(),
        gaps.into_iter().collect(),
    )
}

fn parsed(text: CloudResult<String>, action: &str) -> Detail<PolicyDocument> {
    match detail(text, action) {
        Detail::Known(text) => match PolicyDocument::parse(&text) {
            Ok(doc) => Detail::Known(doc),
            Err(message) => Detail::unknown(Why::new(action, "MalformedPolicyDocument", message)),
        },
        Detail::Unknown(why) => Detail::Unknown(why),
        Detail::Pending => Detail::Pending,
    }
}

/// A role's policy lists and its inline documents; managed documents are
/// `Pending`, read once each by [`policies`].
async fn role_policies(cloud: &Cloud, role: &str) -> Detail<RolePolicies> {
    let Some(iam) = &cloud.iam else {
        return Detail::unknown(Why::new(
            "iam:ListAttachedRolePolicies",
            "NotAvailable",
            "no IAM client in this session",
        ));
    };
    let (attached, inline) = futures::join!(
        iam.attached_role_policies(role),
        iam.inline_role_policies(role)
    );
    let attached = match detail(attached, "iam:ListAttachedRolePolicies") {
        Detail::Known(a) => a,
        other => return other.map(|_| RolePolicies::default()),
    };
    let names = match detail(inline, "iam:ListRolePolicies") {
        Detail::Known(n) => n,
        other => return other.map(|_| RolePolicies::default()),
    };
    // The futures are made first: a stream of closures over borrowed
    // values is not Send for every lifetime (rust-lang/rust#102211).
    let reads: Vec<_> = names
        .into_iter()
        .map(|name| async move {
            let document = parsed(
                iam.inline_role_policy(role, &name).await,
                "iam:GetRolePolicy",
            );
            Policy {
                name,
                arn: None,
                document,
            }
        })
        .collect();
    let inline = futures::stream::iter(reads)
        .buffered(AT_ONCE)
        .collect()
        .await;
    Detail::Known(RolePolicies {
        attached: attached
            .into_iter()
            .map(|(name, arn)| Policy {
                name,
                arn: Some(arn),
                document: Detail::Pending,
            })
            .collect(),
        inline,
    })
}

/// The policies of each role ARN, each managed policy read once.
pub async fn policies(cloud: &Cloud, arns: &[String]) -> Vec<Detail<RolePolicies>> {
    let reads: Vec<_> = arns
        .iter()
        .map(|arn| role_policies(cloud, role_name(arn)))
        .collect();
    let mut found: Vec<Detail<RolePolicies>> = futures::stream::iter(reads)
        .buffered(AT_ONCE)
        .collect()
        .await;
    let managed: BTreeSet<String> = found
        .iter()
        .filter_map(Detail::known)
        .flat_map(|p| p.attached.iter().filter_map(|a| a.arn.clone()))
        .collect();
    // Without a client every role is unknown already: nothing is attached.
    let Some(iam) = &cloud.iam else {
        return found;
    };
    let reads: Vec<_> = managed
        .into_iter()
        .map(|arn| async move {
            let doc = parsed(iam.managed_policy(&arn).await, "iam:GetPolicyVersion");
            (arn, doc)
        })
        .collect();
    let documents: BTreeMap<String, Detail<PolicyDocument>> = futures::stream::iter(reads)
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    for p in found.iter_mut() {
        if let Detail::Known(p) = p {
            for a in &mut p.attached {
                if let Some(doc) = a.arn.as_ref().and_then(|arn| documents.get(arn)) {
                    a.document = doc.clone();
                }
            }
        }
    }
    found
}

impl Roles {
    /// The roles of these sources, with their policies.
    pub async fn around(cloud: &Cloud, src: &Sources<'_>, mut gaps: Vec<Unread>) -> Roles {
        let (uses, unread) = uses(src);
        gaps.extend(unread);
        let arns: Vec<String> = uses.keys().cloned().collect();
        let policies = policies(cloud, &arns).await;
        let mut roles: Vec<ExecutionRole> = uses
            .into_iter()
            .zip(policies)
            .map(|((arn, uses), policies)| ExecutionRole {
                name: role_name(&arn).to_owned(),
                arn,
                uses,
                policies,
            })
            .collect();
        roles.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.arn.cmp(&b.arn)));
        gaps.sort();
        gaps.dedup();
        Roles { roles, gaps }
    }

    /// Lists everything that runs as a role, then reads the roles. Never
    /// fails as a whole: each list that fails is a gap.
    pub async fn load(cloud: &Cloud) -> Roles {
        let sm = &cloud.sagemaker;
        let no_gaps = Gaps::default();
        // Each list, its rows filled (described, tagged), or why not.
        macro_rules! listed {
            ($method:ident, $action:literal) => {
                filled(cloud, collect_all!(sm, $method), $action, &no_gaps)
            };
        }
        let (domains, profiles, notebooks, training, models, endpoints, glue, me) = futures::join!(
            listed!(list_domains, "sagemaker:ListDomains"),
            listed!(list_user_profiles, "sagemaker:ListUserProfiles"),
            listed!(list_notebook_instances, "sagemaker:ListNotebookInstances"),
            listed!(list_training_jobs, "sagemaker:ListTrainingJobs"),
            listed!(list_models, "sagemaker:ListModels"),
            listed!(list_endpoints, "sagemaker:ListEndpoints"),
            async { collect_all!(cloud.glue, list_jobs).map_err(|e| e.why("glue:GetJobs")) },
            cloud.identity.caller_identity(),
        );
        let mut gaps = Vec::new();
        let domains = taken(domains, &mut gaps);
        let profiles = taken(profiles, &mut gaps);
        let notebooks = taken(notebooks, &mut gaps);
        let training = taken(training, &mut gaps);
        let models = taken(models, &mut gaps);
        let endpoints = taken(endpoints, &mut gaps);
        let glue = taken(glue, &mut gaps);
        let (spaces, space_gaps) = spaces_of(cloud, &domains).await;
        gaps.extend(space_gaps);
        let me = me.map_err(|e| e.why("sts:GetCallerIdentity"));
        let src = Sources {
            domains: &domains,
            profiles: &profiles,
            spaces: &spaces,
            notebooks: &notebooks,
            training_jobs: &training,
            models: &models,
            endpoints: &endpoints,
            glue_jobs: &glue,
            caller: Some(&me),
        };
        Roles::around(cloud, &src, gaps).await
    }

    /// One role whose uses are known already (a row of `:roles`), its
    /// policies read again.
    pub async fn role(cloud: &Cloud, arn: &str, uses: Vec<RoleUse>) -> ExecutionRole {
        let policies = policies(cloud, &[arn.to_owned()])
            .await
            .pop()
            .unwrap_or_default();
        ExecutionRole {
            arn: arn.to_owned(),
            name: role_name(arn).to_owned(),
            uses,
            policies,
        }
    }

    /// One role by ARN.
    pub fn get(&self, arn: &str) -> Option<&ExecutionRole> {
        self.roles.iter().find(|r| r.arn == arn)
    }
}

/// The rows of a list, or none and its reason among the gaps.
fn taken<T>(listed: Result<Vec<T>, Why>, gaps: &mut Vec<Unread>) -> Vec<T> {
    listed.unwrap_or_else(|why| {
        gaps.push(Unread::of(format!("what {} lists", why.action), &why));
        Vec::new()
    })
}

async fn filled<T: super::Enrich>(
    cloud: &Cloud,
    listed: CloudResult<Vec<T>>,
    action: &str,
    gaps: &Gaps,
) -> Result<Vec<T>, Why> {
    match listed {
        Ok(rows) => Ok(fill_all(cloud, rows, gaps).await),
        Err(e) => Err(e.why(action)),
    }
}

/// Every space of these domains (ListSpaces: the owner and sharing are
/// all a space's role needs), and the domains whose spaces failed.
pub async fn spaces_of(cloud: &Cloud, domains: &[Domain]) -> (Vec<Space>, Vec<Unread>) {
    let sm = &cloud.sagemaker;
    let reads: Vec<_> = domains
        .iter()
        .map(|d| async move { collect_all!(sm, list_spaces, &d.id) })
        .collect();
    let listed: Vec<_> = futures::stream::iter(reads)
        .buffered(AT_ONCE)
        .collect()
        .await;
    let mut spaces = Vec::new();
    let mut gaps = Vec::new();
    for (r, d) in listed.into_iter().zip(domains) {
        match r {
            Ok(s) => spaces.extend(s),
            Err(e) => gaps.push(Unread::of(
                format!("spaces of {}", d.name),
                &e.why("sagemaker:ListSpaces"),
            )),
        }
    }
    (spaces, gaps)
}
