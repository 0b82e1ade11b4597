//! The read-only gate: every operation dsadmin can perform is an [`Effect`],
//! classified once here as Read, Mutate or Credential, and [`Policy::check`]
//! is the single place that refuses Mutate and Credential effects in
//! read-only mode. Views never test read-only themselves; they ask
//! [`Policy::allows`] whether to show a key hint or menu entry.
//!
//! Pure: no I/O, no terminal, no SDK types.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// What an effect does to the estate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectClass {
    /// Looks only; always allowed.
    Read,
    /// Changes something in AWS.
    Mutate,
    /// Hands out a credential (a presigned Studio URL logs its bearer in),
    /// so it is refused in read-only mode even though nothing changes.
    Credential,
}

impl fmt::Display for EffectClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EffectClass::Read => "read",
            EffectClass::Mutate => "change",
            EffectClass::Credential => "credential",
        })
    }
}

/// Lives in `model` so the cloud layer can take it; re-exported here
/// because the effect that journals it is defined here.
pub use crate::model::VariantWeight;

/// Every operation dsadmin performs, with its target. The fields are what
/// the journal records as parameters (after redaction), so they describe the
/// request, not the response.
///
/// Serialised untagged: the journal already records the action name, so the
/// parameters are just the fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Effect {
    // ---- Reads the operations themselves make (before a change) ----
    /// Poll a profile's status, or check a name collision before onboarding.
    DescribeUserProfile {
        domain_id: String,
        user: String,
    },
    /// What offboarding would delete: the user's apps.
    ListApps {
        domain_id: String,
        user: String,
    },
    /// What offboarding would delete: the user's spaces.
    ListSpaces {
        domain_id: String,
    },
    /// The deployed Glue script, for drift and diff.
    GetScriptObject {
        script_location: String,
    },
    /// Poll an endpoint during a traffic shift.
    DescribeEndpoint {
        endpoint: String,
    },

    // ---- SageMaker Studio ----
    CreateUserProfile {
        domain_id: String,
        user: String,
        team: Option<String>,
        execution_role_arn: Option<String>,
        /// The SSO user value on SSO-auth domains; an identifier, not a secret.
        sso_user: Option<String>,
        tags: BTreeMap<String, String>,
    },
    DeleteUserProfile {
        domain_id: String,
        user: String,
    },
    /// An app belongs to a user profile or to a space (one of the two is set).
    DeleteApp {
        domain_id: String,
        user: Option<String>,
        space: Option<String>,
        app_type: String,
        app_name: String,
    },
    DeleteSpace {
        domain_id: String,
        space: String,
    },
    CreatePresignedUrl {
        domain_id: String,
        user: String,
        space: Option<String>,
        expires_in_seconds: u32,
        session_expiration_seconds: Option<u32>,
    },

    // ---- Glue ----
    /// Upload a Git blob to the job's ScriptLocation (never UpdateJob).
    PushGlueScript {
        job: String,
        script_location: String,
        repository: String,
        path: String,
        git_ref: String,
        commit: String,
    },
    /// Tag the job with the pushed commit.
    TagGlueJob {
        job: String,
        tags: BTreeMap<String, String>,
    },
    StartJobRun {
        job: String,
    },
    StopJobRun {
        job: String,
        run_id: String,
    },
    StartCrawler {
        name: String,
    },
    StopCrawler {
        name: String,
    },

    // ---- SageMaker endpoints ----
    UpdateEndpointWeights {
        endpoint: String,
        weights: Vec<VariantWeight>,
    },

    // ---- SageMaker Model Registry ----
    /// ModelApprovalStatus and ApprovalDescription of one version.
    UpdateModelPackage {
        model_package_group: String,
        version: u32,
        model_package_arn: String,
        /// Approved or Rejected.
        approval_status: String,
        approval_description: String,
        /// The status the version must still have (no lost update).
        expected_status: Option<String>,
    },

    // ---- CodeArtifact ----
    UpdatePackageVersionsStatus {
        domain: String,
        repository: String,
        format: String,
        namespace: Option<String>,
        package: String,
        versions: Vec<String>,
        /// Published, Unlisted or Archived.
        target_status: String,
        /// The status the versions must still have (no lost update).
        expected_status: Option<String>,
    },
    PutPackageOriginConfiguration {
        domain: String,
        repository: String,
        format: String,
        namespace: Option<String>,
        package: String,
        /// ALLOW or BLOCK.
        publish: String,
        /// ALLOW or BLOCK.
        upstream: String,
    },

    // ---- ECR ----
    StartImageScan {
        repository: String,
        digest: String,
    },
}

impl Effect {
    /// The one classification every gate decision derives from.
    pub fn class(&self) -> EffectClass {
        use Effect::*;
        match self {
            DescribeUserProfile { .. }
            | ListApps { .. }
            | ListSpaces { .. }
            | GetScriptObject { .. }
            | DescribeEndpoint { .. } => EffectClass::Read,
            CreatePresignedUrl { .. } => EffectClass::Credential,
            CreateUserProfile { .. }
            | DeleteUserProfile { .. }
            | DeleteApp { .. }
            | DeleteSpace { .. }
            | PushGlueScript { .. }
            | TagGlueJob { .. }
            | StartJobRun { .. }
            | StopJobRun { .. }
            | StartCrawler { .. }
            | StopCrawler { .. }
            | UpdateEndpointWeights { .. }
            | UpdateModelPackage { .. }
            | UpdatePackageVersionsStatus { .. }
            | PutPackageOriginConfiguration { .. }
            | StartImageScan { .. } => EffectClass::Mutate,
        }
    }

    /// The AWS action (IAM spelling), as the journal and messages name it.
    pub fn action(&self) -> &'static str {
        use Effect::*;
        match self {
            DescribeUserProfile { .. } => "sagemaker:DescribeUserProfile",
            ListApps { .. } => "sagemaker:ListApps",
            ListSpaces { .. } => "sagemaker:ListSpaces",
            GetScriptObject { .. } => "s3:GetObject",
            DescribeEndpoint { .. } => "sagemaker:DescribeEndpoint",
            CreateUserProfile { .. } => "sagemaker:CreateUserProfile",
            DeleteUserProfile { .. } => "sagemaker:DeleteUserProfile",
            DeleteApp { .. } => "sagemaker:DeleteApp",
            DeleteSpace { .. } => "sagemaker:DeleteSpace",
            CreatePresignedUrl { .. } => "sagemaker:CreatePresignedDomainUrl",
            PushGlueScript { .. } => "s3:PutObject",
            TagGlueJob { .. } => "glue:TagResource",
            StartJobRun { .. } => "glue:StartJobRun",
            StopJobRun { .. } => "glue:BatchStopJobRun",
            StartCrawler { .. } => "glue:StartCrawler",
            StopCrawler { .. } => "glue:StopCrawler",
            UpdateEndpointWeights { .. } => "sagemaker:UpdateEndpointWeightsAndCapacities",
            UpdateModelPackage { .. } => "sagemaker:UpdateModelPackage",
            UpdatePackageVersionsStatus { .. } => "codeartifact:UpdatePackageVersionsStatus",
            PutPackageOriginConfiguration { .. } => "codeartifact:PutPackageOriginConfiguration",
            StartImageScan { .. } => "ecr:StartImageScan",
        }
    }

    /// What the effect acts on, in words a person can search the journal for.
    pub fn target(&self) -> String {
        use Effect::*;
        match self {
            DescribeUserProfile { domain_id, user }
            | CreateUserProfile {
                domain_id, user, ..
            }
            | DeleteUserProfile { domain_id, user } => {
                format!("user profile {user} in {domain_id}")
            }
            ListApps { domain_id, user } => format!("apps of user {user} in {domain_id}"),
            ListSpaces { domain_id } => format!("spaces in {domain_id}"),
            GetScriptObject { script_location } => format!("object {script_location}"),
            DescribeEndpoint { endpoint } => format!("endpoint {endpoint}"),
            DeleteApp {
                domain_id,
                user,
                space,
                app_type,
                app_name,
            } => {
                let owner = match (user, space) {
                    (_, Some(space)) => format!("space {space}"),
                    (Some(user), None) => format!("user {user}"),
                    (None, None) => "no owner".to_owned(),
                };
                format!("{app_type} app {app_name} of {owner} in {domain_id}")
            }
            DeleteSpace { domain_id, space } => format!("space {space} in {domain_id}"),
            CreatePresignedUrl {
                domain_id,
                user,
                space,
                ..
            } => match space {
                Some(space) => format!("Studio URL for user {user}, space {space} in {domain_id}"),
                None => format!("Studio URL for user {user} in {domain_id}"),
            },
            PushGlueScript {
                job,
                script_location,
                ..
            } => format!("script of Glue job {job} ({script_location})"),
            TagGlueJob { job, .. } | StartJobRun { job } => format!("Glue job {job}"),
            StopJobRun { job, run_id } => format!("run {run_id} of Glue job {job}"),
            StartCrawler { name } | StopCrawler { name } => format!("crawler {name}"),
            UpdateEndpointWeights { endpoint, .. } => format!("endpoint {endpoint}"),
            UpdateModelPackage {
                model_package_group,
                version,
                ..
            } => format!("model package {model_package_group}/{version}"),
            UpdatePackageVersionsStatus {
                domain,
                repository,
                namespace,
                package,
                versions,
                ..
            } => format!(
                "{} {} in {domain}/{repository}",
                package_name(namespace.as_deref(), package),
                versions.join(", ")
            ),
            PutPackageOriginConfiguration {
                domain,
                repository,
                namespace,
                package,
                ..
            } => format!(
                "package {} in {domain}/{repository}",
                package_name(namespace.as_deref(), package)
            ),
            StartImageScan { repository, digest } => format!("image {repository}@{digest}"),
        }
    }

    /// The request parameters for the journal, with anything secret-looking
    /// (by key name or by value) replaced by `"[redacted]"`.
    pub fn parameters(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        crate::redact::redact(&mut value);
        value
    }
}

fn package_name(namespace: Option<&str>, package: &str) -> String {
    match namespace {
        Some(ns) if !ns.is_empty() => format!("{ns}/{package}"),
        _ => package.to_owned(),
    }
}

/// Why read-only mode is on: the message names it so a support user knows
/// what would have to change (and an admin knows it is not a bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// `--read-only` on the command line.
    Flag,
    /// `general.read_only = true` in this config file (`None`: the built-in
    /// defaults).
    ConfigFile { path: Option<PathBuf> },
    /// An `[[environments]]` entry with `read_only = true` matched the
    /// profile name or account id.
    Profile { matched: String, label: String },
    /// The caller's account is not known (identity still loading, or it
    /// failed) while an `[[environments]]` entry makes an account id
    /// read-only: guessing "not that account" could change production.
    AccountUnknown { matched: String, label: String },
}

impl fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadOnlyReason::Flag => f.write_str("the --read-only flag"),
            ReadOnlyReason::ConfigFile { path: Some(path) } => {
                write!(f, "read_only = true in {}", path.display())
            }
            ReadOnlyReason::ConfigFile { path: None } => {
                f.write_str("read_only = true in the built-in config")
            }
            ReadOnlyReason::Profile { matched, label } => {
                let what = if is_account_id(matched) {
                    "account"
                } else {
                    "profile"
                };
                write!(
                    f,
                    "the [[environments]] entry \"{matched}\" ({label}), read_only = true for this {what}"
                )
            }
            ReadOnlyReason::AccountUnknown { matched, label } => write!(
                f,
                "the [[environments]] entry \"{matched}\" ({label}) is read_only = true for an account, and this caller's account is not known yet"
            ),
        }
    }
}

/// A refused effect: one message naming the action, its target and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused {action} on {target}: dsadmin is read-only because of {reason}")]
pub struct Refused {
    pub action: &'static str,
    pub target: String,
    pub class: EffectClass,
    pub reason: ReadOnlyReason,
}

/// What the configuration says about read-only, as the gate reads it. The
/// settings build it (`Settings::read_only_rules`), so the gate does not
/// depend on how the config file is laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOnlyRules {
    /// `read_only = true` in `[general]`.
    pub config_read_only: bool,
    /// The config file that said so (`None`: the built-in defaults).
    pub source: Option<PathBuf>,
    /// The `[[environments]]` entries with `read_only = true`.
    pub environments: Vec<ReadOnlyEnvironment>,
}

/// One `[[environments]]` entry with `read_only = true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnlyEnvironment {
    /// A 12-digit account id or a profile name.
    pub matches: String,
    pub label: String,
}

/// An `[[environments]]` `match` that is a 12-digit account id (rather
/// than a profile name).
fn is_account_id(matches: &str) -> bool {
    matches.len() == 12 && matches.bytes().all(|b| b.is_ascii_digit())
}

impl ReadOnlyRules {
    /// The first read-only entry that names an account id (rather than a
    /// profile): a session that does not know its account must assume it.
    pub fn account_rule(&self) -> Option<&ReadOnlyEnvironment> {
        self.environments.iter().find(|e| is_account_id(&e.matches))
    }
}

/// The gate. Built once per session (and again on `:profile` switch, since a
/// profile can be read-only on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `None`: read-write. Kept as one field so "read-only without a
    /// reason" cannot be represented.
    read_only: Option<ReadOnlyReason>,
}

impl Policy {
    /// Everything allowed.
    pub fn read_write() -> Self {
        Self { read_only: None }
    }

    /// Read-only for the given reason.
    pub fn read_only(reason: ReadOnlyReason) -> Self {
        Self {
            read_only: Some(reason),
        }
    }

    /// From the three sources, in the order the message names them: the
    /// flag, then a read-only environment matching this profile or account,
    /// then `general.read_only` in the config file.
    ///
    /// `flag` is `--read-only`, passed separately because
    /// `Settings::apply_flags` folds the flag into `general.read_only`, which
    /// would otherwise be blamed on the file.
    ///
    /// Unlike the header cue (first match wins), *any* matching environment
    /// marked read-only counts: the order of entries must never be able to
    /// switch read-only off.
    pub fn from_rules(
        rules: &ReadOnlyRules,
        flag: bool,
        account: Option<&str>,
        profile: &str,
    ) -> Self {
        if flag {
            return Self::read_only(ReadOnlyReason::Flag);
        }
        if let Some(env) = rules
            .environments
            .iter()
            .find(|e| Some(e.matches.as_str()) == account || e.matches == profile)
        {
            return Self::read_only(ReadOnlyReason::Profile {
                matched: env.matches.clone(),
                label: env.label.clone(),
            });
        }
        if rules.config_read_only {
            return Self::read_only(ReadOnlyReason::ConfigFile {
                path: rules.source.clone(),
            });
        }
        Self::read_write()
    }

    /// [`Policy::from_rules`] for a session that may not know its
    /// account yet (the TUI before its identity call answers, or after it
    /// failed): while `account` is `None`, an `[[environments]]` entry
    /// that makes an account id read-only makes the session read-only, so
    /// a change can never slip through before the account is known.
    pub fn for_session(
        rules: &ReadOnlyRules,
        flag: bool,
        account: Option<&str>,
        profile: &str,
    ) -> Self {
        let policy = Self::from_rules(rules, flag, account, profile);
        if policy.is_read_only() || account.is_some() {
            return policy;
        }
        match rules.account_rule() {
            Some(env) => Self::read_only(ReadOnlyReason::AccountUnknown {
                matched: env.matches.clone(),
                label: env.label.clone(),
            }),
            None => policy,
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Why read-only is on, if it is.
    pub fn reason(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// Whether effects of this class may run: UIs use it to hide key hints,
    /// menu entries and wizard entry points.
    pub fn allows(&self, class: EffectClass) -> bool {
        class == EffectClass::Read || self.read_only.is_none()
    }

    /// The gate itself.
    pub fn check(&self, effect: &Effect) -> Result<(), Refused> {
        let class = effect.class();
        match &self.read_only {
            Some(reason) if class != EffectClass::Read => Err(Refused {
                action: effect.action(),
                target: effect.target(),
                class,
                reason: reason.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// The config file path for messages, if read-only came from one.
    pub fn config_path(&self) -> Option<&Path> {
        match &self.read_only {
            Some(ReadOnlyReason::ConfigFile { path }) => path.as_deref(),
            _ => None,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self::read_write()
    }
}

/// One of every effect, with plausible targets: the read-only proof tests
/// drive each through the gate, so a new variant must be added here (the
/// exhaustive match in the tests enforces it).
#[doc(hidden)]
pub fn sample_effects() -> Vec<Effect> {
    let s = |v: &str| v.to_owned();
    let tags: BTreeMap<String, String> = [(s("TeamName"), s("fraud"))].into_iter().collect();
    vec![
        Effect::DescribeUserProfile {
            domain_id: s("d-abc123"),
            user: s("alice"),
        },
        Effect::ListApps {
            domain_id: s("d-abc123"),
            user: s("alice"),
        },
        Effect::ListSpaces {
            domain_id: s("d-abc123"),
        },
        Effect::GetScriptObject {
            script_location: s("s3://scripts/etl.py"),
        },
        Effect::DescribeEndpoint {
            endpoint: s("churn"),
        },
        Effect::CreateUserProfile {
            domain_id: s("d-abc123"),
            user: s("alice"),
            team: Some(s("fraud")),
            execution_role_arn: Some(s("arn:aws:iam::111122223333:role/fraud")),
            sso_user: None,
            tags: tags.clone(),
        },
        Effect::DeleteUserProfile {
            domain_id: s("d-abc123"),
            user: s("alice"),
        },
        Effect::DeleteApp {
            domain_id: s("d-abc123"),
            user: Some(s("alice")),
            space: None,
            app_type: s("JupyterServer"),
            app_name: s("default"),
        },
        Effect::DeleteSpace {
            domain_id: s("d-abc123"),
            space: s("alice-space"),
        },
        Effect::CreatePresignedUrl {
            domain_id: s("d-abc123"),
            user: s("alice"),
            space: None,
            expires_in_seconds: 60,
            session_expiration_seconds: Some(43200),
        },
        Effect::PushGlueScript {
            job: s("etl"),
            script_location: s("s3://scripts/etl.py"),
            repository: s("/src/etl"),
            path: s("jobs/etl.py"),
            git_ref: s("main"),
            commit: s("0123456789abcdef0123456789abcdef01234567"),
        },
        Effect::TagGlueJob {
            job: s("etl"),
            tags,
        },
        Effect::StartJobRun { job: s("etl") },
        Effect::StopJobRun {
            job: s("etl"),
            run_id: s("jr_0123"),
        },
        Effect::StartCrawler { name: s("raw") },
        Effect::StopCrawler { name: s("raw") },
        Effect::UpdateEndpointWeights {
            endpoint: s("churn"),
            weights: vec![
                VariantWeight::new("blue", 0.9),
                VariantWeight::new("green", 0.1),
            ],
        },
        Effect::UpdateModelPackage {
            model_package_group: s("churn"),
            version: 3,
            model_package_arn: s("arn:aws:sagemaker:eu-west-2:111122223333:model-package/churn/3"),
            approval_status: s("Approved"),
            approval_description: s("MRB-12 signed off"),
            expected_status: Some(s("PendingManualApproval")),
        },
        Effect::UpdatePackageVersionsStatus {
            domain: s("corp"),
            repository: s("pypi-approved"),
            format: s("pypi"),
            namespace: None,
            package: s("requests"),
            versions: vec![s("2.32.3")],
            target_status: s("Published"),
            expected_status: Some(s("Unlisted")),
        },
        Effect::PutPackageOriginConfiguration {
            domain: s("corp"),
            repository: s("pypi-approved"),
            format: s("pypi"),
            namespace: None,
            package: s("requests"),
            publish: s("BLOCK"),
            upstream: s("ALLOW"),
        },
        Effect::StartImageScan {
            repository: s("images/datascience"),
            digest: s("sha256:0123"),
        },
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Exhaustive on purpose: adding a variant breaks this until it gets an
    /// index here and a sample in `sample_effects`.
    fn index(e: &Effect) -> usize {
        use Effect::*;
        match e {
            DescribeUserProfile { .. } => 0,
            ListApps { .. } => 1,
            ListSpaces { .. } => 2,
            GetScriptObject { .. } => 3,
            DescribeEndpoint { .. } => 4,
            CreateUserProfile { .. } => 5,
            DeleteUserProfile { .. } => 6,
            DeleteApp { .. } => 7,
            DeleteSpace { .. } => 8,
            CreatePresignedUrl { .. } => 9,
            PushGlueScript { .. } => 10,
            TagGlueJob { .. } => 11,
            StartJobRun { .. } => 12,
            StopJobRun { .. } => 13,
            StartCrawler { .. } => 14,
            StopCrawler { .. } => 15,
            UpdateEndpointWeights { .. } => 16,
            UpdatePackageVersionsStatus { .. } => 17,
            PutPackageOriginConfiguration { .. } => 18,
            StartImageScan { .. } => 19,
            UpdateModelPackage { .. } => 20,
        }
    }
    const VARIANTS: usize = 21;

    #[test]
    fn samples_cover_every_variant_once() {
        let seen: Vec<usize> = sample_effects().iter().map(index).collect();
        let unique: HashSet<usize> = seen.iter().copied().collect();
        assert_eq!(seen.len(), VARIANTS);
        assert_eq!(unique.len(), VARIANTS);
    }

    #[test]
    fn every_effect_is_classified_as_expected() {
        for e in sample_effects() {
            let expected = match e.action() {
                "sagemaker:CreatePresignedDomainUrl" => EffectClass::Credential,
                a if a.contains(":Describe") || a.contains(":List") || a.contains(":Get") => {
                    EffectClass::Read
                }
                _ => EffectClass::Mutate,
            };
            assert_eq!(e.class(), expected, "{}", e.action());
        }
    }

    #[test]
    fn actions_are_distinct_iam_names_and_targets_nonempty() {
        let actions: HashSet<&str> = sample_effects().iter().map(Effect::action).collect();
        assert_eq!(actions.len(), VARIANTS);
        for e in sample_effects() {
            let (service, op) = e.action().split_once(':').unwrap();
            assert!(!service.is_empty() && op.chars().next().unwrap().is_ascii_uppercase());
            assert!(!e.target().is_empty());
        }
    }

    #[test]
    fn read_write_allows_everything() {
        let p = Policy::read_write();
        assert!(!p.is_read_only());
        for e in sample_effects() {
            assert_eq!(p.check(&e), Ok(()));
        }
        assert!(p.allows(EffectClass::Mutate) && p.allows(EffectClass::Credential));
    }

    #[test]
    fn read_only_refuses_mutate_and_credential_never_read() {
        let p = Policy::read_only(ReadOnlyReason::Flag);
        for e in sample_effects() {
            let result = p.check(&e);
            match e.class() {
                EffectClass::Read => assert_eq!(result, Ok(()), "{}", e.action()),
                class => {
                    let refused = result.unwrap_err();
                    assert_eq!(refused.class, class);
                    let msg = refused.to_string();
                    assert!(msg.contains(e.action()), "{msg}");
                    assert!(msg.contains(&e.target()), "{msg}");
                    assert!(msg.contains("--read-only flag"), "{msg}");
                }
            }
        }
        assert!(p.allows(EffectClass::Read));
        assert!(!p.allows(EffectClass::Mutate));
        assert!(!p.allows(EffectClass::Credential));
    }

    #[test]
    fn refusal_message_reads_well() {
        let p = Policy::read_only(ReadOnlyReason::ConfigFile {
            path: Some(PathBuf::from("/home/x/.config/dsadmin/config.toml")),
        });
        let e = Effect::DeleteUserProfile {
            domain_id: "d-abc123".into(),
            user: "alice".into(),
        };
        assert_eq!(
            p.check(&e).unwrap_err().to_string(),
            "refused sagemaker:DeleteUserProfile on user profile alice in d-abc123: \
             dsadmin is read-only because of read_only = true in /home/x/.config/dsadmin/config.toml"
        );
    }

    #[test]
    fn account_ids_are_twelve_digits() {
        let rule = |m: &str| ReadOnlyRules {
            environments: vec![ReadOnlyEnvironment {
                matches: m.to_owned(),
                label: "PROD".to_owned(),
            }],
            ..ReadOnlyRules::default()
        };
        assert!(rule("111122223333").account_rule().is_some());
        assert!(rule("ds-sandbox").account_rule().is_none());
        assert!(rule("11112222333").account_rule().is_none());
    }

    #[test]
    fn parameters_are_fields_and_redacted() {
        let e = Effect::CreatePresignedUrl {
            domain_id: "d-1".into(),
            user: "alice".into(),
            space: None,
            expires_in_seconds: 60,
            session_expiration_seconds: Some(1800),
        };
        let p = e.parameters();
        assert_eq!(p["user"], "alice");
        assert_eq!(p["expires_in_seconds"], 60);
        // A duration is not a session secret.
        assert_eq!(p["session_expiration_seconds"], 1800);
    }
}
