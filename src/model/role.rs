//! Execution roles: the IAM roles SageMaker and Glue run as, who runs as
//! each (domains, profiles, spaces, notebooks, training jobs, models,
//! endpoints, Glue jobs) and its attached and inline policies.

use serde::Serialize;

use super::policy_document::{PolicyDocument, S3Access, Statement};
use super::Detail;

/// What runs as a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UseKind {
    /// A domain's DefaultUserSettings.ExecutionRole.
    DomainDefault,
    /// A domain's DefaultSpaceSettings.ExecutionRole: what shared spaces run as.
    SpaceDefault,
    UserProfile,
    Space,
    NotebookInstance,
    TrainingJob,
    Model,
    /// An endpoint, through the models its variants serve.
    Endpoint,
    GlueJob,
}

impl UseKind {
    /// What it is, for names and counts of one (`profile`, `1 glue job`).
    pub fn label(self) -> &'static str {
        match self {
            UseKind::DomainDefault => "domain default",
            UseKind::SpaceDefault => "shared-space default",
            UseKind::UserProfile => "profile",
            UseKind::Space => "space",
            UseKind::NotebookInstance => "notebook",
            UseKind::TrainingJob => "training job",
            UseKind::Model => "model",
            UseKind::Endpoint => "endpoint",
            UseKind::GlueJob => "glue job",
        }
    }

    /// The plural for counts (`3 profiles`).
    pub fn plural(self) -> &'static str {
        match self {
            UseKind::DomainDefault => "domain defaults",
            UseKind::SpaceDefault => "shared-space defaults",
            UseKind::UserProfile => "profiles",
            UseKind::Space => "spaces",
            UseKind::NotebookInstance => "notebooks",
            UseKind::TrainingJob => "training jobs",
            UseKind::Model => "models",
            UseKind::Endpoint => "endpoints",
            UseKind::GlueJob => "glue jobs",
        }
    }
}

/// One thing that runs as a role.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RoleUse {
    pub kind: UseKind,
    /// `DOMAIN/NAME` for profiles and spaces, the domain's name for its
    /// defaults, else the resource's name.
    pub name: String,
    /// The team of a profile (its `TeamName` tag), or of a private
    /// space's owner.
    pub team: Option<String>,
    /// Through a default: a profile without its own role runs as its
    /// domain's, a space as its owner's or the domain's shared-space role.
    pub inherited: bool,
    /// For an endpoint: the model that runs as the role.
    pub via: Option<String>,
}

impl std::fmt::Display for RoleUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.label(), self.name)?;
        if let Some(via) = &self.via {
            write!(f, " (model {via})")?;
        }
        if self.inherited {
            write!(f, " (by default)")?;
        }
        Ok(())
    }
}

/// One policy of a role: attached (managed, with an ARN) or inline.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    /// The managed policy's ARN; `None` for an inline policy.
    pub arn: Option<String>,
    /// GetPolicyVersion (default version) or GetRolePolicy, parsed.
    pub document: Detail<PolicyDocument>,
}

/// AWS's own full-access policy: allows everything, whatever its document.
pub const ADMIN_POLICY_SUFFIX: &str = ":iam::aws:policy/AdministratorAccess";

impl Policy {
    pub fn is_inline(&self) -> bool {
        self.arn.is_none()
    }

    /// The AWS managed AdministratorAccess policy (in any partition).
    pub fn is_aws_admin(&self) -> bool {
        self.arn
            .as_deref()
            .is_some_and(|a| a.ends_with(ADMIN_POLICY_SUFFIX))
    }

    /// What makes this policy allow everything: the AWS admin policy, or
    /// a statement of `*` on `*`.
    pub fn everything(&self) -> Option<Option<&Statement>> {
        if self.is_aws_admin() {
            return Some(None);
        }
        self.document.known()?.everything().map(Some)
    }
}

/// A role's policies (ListAttachedRolePolicies, ListRolePolicies).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RolePolicies {
    pub attached: Vec<Policy>,
    pub inline: Vec<Policy>,
}

impl RolePolicies {
    pub fn all(&self) -> impl Iterator<Item = &Policy> {
        self.attached.iter().chain(&self.inline)
    }
}

/// One execution role and everything found running as it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRole {
    pub arn: String,
    /// The role's name: the ARN's last path segment.
    pub name: String,
    pub uses: Vec<RoleUse>,
    pub policies: Detail<RolePolicies>,
}

/// A role ARN's name (`arn:aws:iam::1:role/service-role/x` → `x`); a bare
/// name (Glue accepts one) is itself.
pub fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

impl ExecutionRole {
    /// The teams of the users who run as it, sorted, each once.
    pub fn teams(&self) -> Vec<&str> {
        let mut teams: Vec<&str> = self
            .uses
            .iter()
            .filter(|u| matches!(u.kind, UseKind::UserProfile | UseKind::Space))
            .filter_map(|u| u.team.as_deref())
            .collect();
        teams.sort_unstable();
        teams.dedup();
        teams
    }

    /// The policies that allow everything (none while they are unknown).
    pub fn admin_policies(&self) -> Vec<&Policy> {
        self.policies
            .known()
            .map(|p| p.all().filter(|p| p.everything().is_some()).collect())
            .unwrap_or_default()
    }

    /// Every S3 grant of every policy, with the policy's name.
    pub fn s3_access(&self) -> Vec<(&str, S3Access)> {
        self.policies
            .known()
            .map(|p| {
                p.all()
                    .flat_map(|policy| {
                        let grants = policy
                            .document
                            .known()
                            .map(PolicyDocument::s3_access)
                            .unwrap_or_default();
                        grants.into_iter().map(|g| (policy.name.as_str(), g))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Object access in S3 not conditioned on the object tag `tag`.
    pub fn s3_without_tag(&self, tag: &str) -> Vec<(&str, S3Access)> {
        self.s3_access()
            .into_iter()
            .filter(|(_, g)| g.objects && !g.conditioned_on(tag))
            .collect()
    }

    /// The role does not exist (any more): IAM answered NoSuchEntity.
    pub fn is_missing(&self) -> bool {
        self.policies.why().is_some_and(|w| w.code == "NotFound")
    }

    /// A policy whose document could not be read: the S3 and admin
    /// checks are then incomplete.
    pub fn unread_policy(&self) -> Option<&Policy> {
        self.policies.known().and_then(|p| {
            p.all()
                .find(|p| !p.document.is_known() && !p.is_aws_admin())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn policy(name: &str, arn: Option<&str>, doc: &str) -> Policy {
        Policy {
            name: name.to_owned(),
            arn: arn.map(str::to_owned),
            document: Detail::Known(PolicyDocument::parse(doc).unwrap()),
        }
    }

    fn profile(name: &str, team: Option<&str>) -> RoleUse {
        RoleUse {
            kind: UseKind::UserProfile,
            name: name.to_owned(),
            team: team.map(str::to_owned),
            inherited: false,
            via: None,
        }
    }

    #[test]
    fn names_teams_and_checks() {
        assert_eq!(role_name("arn:aws:iam::1:role/service-role/x"), "x");
        assert_eq!(role_name("AWSGlueServiceRole"), "AWSGlueServiceRole");
        let role = ExecutionRole {
            arn: "arn:aws:iam::1:role/r".to_owned(),
            name: "r".to_owned(),
            uses: vec![
                profile("d/a", Some("fraud")),
                profile("d/b", Some("claims")),
                profile("d/c", Some("fraud")),
                profile("d/e", None),
            ],
            policies: Detail::Known(RolePolicies {
                attached: vec![Policy {
                    name: "AdministratorAccess".to_owned(),
                    arn: Some("arn:aws:iam::aws:policy/AdministratorAccess".to_owned()),
                    document: Detail::Pending,
                }],
                inline: vec![policy(
                    "data",
                    None,
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
                )],
            }),
        };
        assert_eq!(role.teams(), ["claims", "fraud"]);
        assert_eq!(role.admin_policies().len(), 1);
        assert!(
            role.unread_policy().is_none(),
            "the AWS admin policy needs no document"
        );
        let open = role.s3_without_tag("Classification");
        assert_eq!(open.len(), 1);
        assert_eq!((open[0].0, open[0].1.resource.as_str()), ("data", "b/*"));
        assert_eq!(
            RoleUse {
                kind: UseKind::Endpoint,
                name: "e".to_owned(),
                team: None,
                inherited: false,
                via: Some("m".to_owned())
            }
            .to_string(),
            "endpoint e (model m)"
        );
    }
}
