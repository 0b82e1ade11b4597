//! The rule catalogue: every rule's id, default severity, title and the
//! reason it exists, declared once (SARIF's rule list, the config's rule
//! names and the docs all read it from here).

use serde::{Deserialize, Serialize};

use super::{ResourceKind, Severity};

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $kind:ident, $title:literal, $help:literal;)*) => {
        /// A posture rule. Serialised as its kebab-case id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RuleId {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The id in config files, JSON and SARIF.
            pub fn id(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(RuleId::$variant => Severity::$severity,)* }
            }

            /// The kind of resource the rule looks at.
            pub fn kind(self) -> ResourceKind {
                match self { $(RuleId::$variant => ResourceKind::$kind,)* }
            }

            /// One line naming the broken guard rail.
            pub fn title(self) -> &'static str {
                match self { $(RuleId::$variant => $title,)* }
            }

            /// Why the guard rail matters (SARIF help text, `d` in the TUI).
            pub fn help(self) -> &'static str {
                match self { $(RuleId::$variant => $help,)* }
            }
        }
    };
}

rules! {
    DomainNotVpcOnly = "domain-not-vpc-only", High, SagemakerDomain,
        "Studio domain is not VpcOnly",
        "With PublicInternetOnly, Studio traffic leaves through a SageMaker-managed internet gateway, outside the VPC's endpoints, security groups and flow logs.";
    DomainNoKmsKey = "domain-no-kms-key", Medium, SagemakerDomain,
        "Studio domain has no customer-managed KMS key",
        "The home directories (EFS) and volumes are encrypted with an AWS-owned key: nobody can audit or revoke access to them through KMS.";
    DomainNoSourceIdentity = "domain-no-source-identity", Medium, SagemakerDomain,
        "Studio domain does not set ExecutionRoleIdentityConfig = USER_PROFILE_NAME",
        "Without it every user of a shared execution role looks the same in CloudTrail: there is no per-user audit trail (sts:SourceIdentity).";
    DomainIdleShutdown = "domain-idle-shutdown", Medium, SagemakerDomain,
        "Studio idle shutdown is off or longer than the limit",
        "Apps without native idle shutdown keep their instances running (and billing) after people stop working.";
    UserMissingTags = "user-missing-tags", Medium, UserProfile,
        "User profile lacks required tags",
        "Team tags drive access (ABAC) and cost allocation; an untagged profile belongs to nobody.";
    UserRoleNotAllowed = "user-role-not-allowed", High, UserProfile,
        "User profile runs as an execution role outside the allowed list",
        "The execution role decides what data a user can reach; one role per team is the reference architecture's boundary.";
    NotebookDirectInternet = "notebook-direct-internet", High, NotebookInstance,
        "Notebook instance has direct internet access",
        "Direct internet access bypasses the VPC: data can leave without passing the estate's egress controls.";
    NotebookRootAccess = "notebook-root-access", Medium, NotebookInstance,
        "Notebook instance gives users root access",
        "Root on the instance lets a user change its network, install anything and read other users' files.";
    TrainingJobNoVpc = "training-job-no-vpc", High, TrainingJob,
        "Training job ran without a VPC config",
        "Outside a VPC the training containers have internet access and reach data without the VPC endpoints' policies.";
    TrainingJobNoEncryption = "training-job-no-inter-container-encryption", Medium, TrainingJob,
        "Training job without inter-container traffic encryption",
        "Distributed training exchanges data between instances in clear text unless inter-container encryption is on.";
    ModelNoVpc = "model-no-vpc", High, SagemakerModel,
        "Model has no VPC config",
        "Its inference containers run outside the VPC, with internet access and without the VPC endpoints' policies.";
    ModelNoNetworkIsolation = "model-no-network-isolation", Medium, SagemakerModel,
        "Model without network isolation",
        "Without EnableNetworkIsolation the model container can make outbound calls. (DescribeModel has no inter-container encryption setting: isolation is the model's counterpart.)";
    EndpointNoKmsKey = "endpoint-no-kms-key", Medium, Endpoint,
        "Endpoint config has no KMS key",
        "The ML storage volumes of the endpoint's instances are not encrypted with a customer-managed key.";
    EndpointNoDataCapture = "endpoint-no-data-capture", Medium, Endpoint,
        "Endpoint does not capture inference data",
        "Without data capture there is no evidence when someone asks why the model scored a case the way it did.";
    EndpointSingleInstance = "endpoint-single-instance", Low, Endpoint,
        "Endpoint runs on a single instance",
        "SageMaker spreads instances across Availability Zones; one instance means no AZ resilience.";
    EndpointModelPackageNotApproved = "endpoint-model-package-not-approved", High, Endpoint,
        "Endpoint serves a model package version that is not Approved",
        "The Model Registry's approval is the gate between a notebook and production: a version serving traffic while pending or rejected went around it.";
    ImageCriticalFindings = "ecr-image-critical-findings", Critical, EcrImage,
        "ECR image has CRITICAL vulnerability findings",
        "A Studio or training image with critical CVEs puts every app that runs it at risk.";
    ImageHighFindings = "ecr-image-high-findings", High, EcrImage,
        "ECR image has HIGH vulnerability findings",
        "High-severity CVEs in a custom image should be patched and the image rebuilt.";
    ImageNotScanned = "ecr-image-not-scanned", Medium, EcrImage,
        "ECR image was never scanned (or its scan failed)",
        "An image without a completed scan may carry any vulnerability: nobody has looked.";
    RepositoryNoScanOnPush = "ecr-repository-no-scan-on-push", Low, EcrRepository,
        "ECR repository does not scan on push",
        "Images pushed to it are not scanned until someone asks, so new vulnerabilities go unseen.";
    GlueJobNoSecurityConfiguration = "glue-job-no-security-configuration", High, GlueJob,
        "Glue job has no security configuration",
        "Without a security configuration the job's S3 output, CloudWatch logs and bookmarks are not encrypted with KMS.";
    GlueJobScriptDrift = "glue-job-script-drift", Medium, GlueJob,
        "Glue job's deployed script differs from Git",
        "The script that runs is not the reviewed one in Git: changes made outside the pipeline are unreviewed and get lost.";
    GlueJobLastRunFailed = "glue-job-last-run-failed", Medium, GlueJob,
        "Glue job's last run failed",
        "Downstream data is stale or incomplete until the job runs again successfully.";
    LifecycleConfigCrlf = "lifecycle-config-crlf", High, LifecycleConfig,
        "Lifecycle configuration script has Windows (CRLF) line endings",
        "bash reads the \\r as part of each command ($'\\r': command not found): the script fails, and the app fails to start or starts without its setup.";
    LifecycleConfigNoShebang = "lifecycle-config-no-shebang", Medium, LifecycleConfig,
        "Lifecycle configuration script has no shebang line",
        "Without #!/bin/bash on its first line the script runs under whatever shell Studio picks, and bash-only syntax fails at start-up.";
    LifecycleConfigUnattached = "lifecycle-config-unattached", Low, LifecycleConfig,
        "Lifecycle configuration is attached to nothing",
        "No domain, user profile or space attaches it, so no app runs it: setup someone believes is running is not.";
    AppIdlePastLimit = "app-idle-past-limit", Medium, StudioApp,
        "Studio app is running past its idle limit",
        "An app idle past its limit keeps its instance billing; the evidence gives the likely reason idle shutdown did not stop it.";
    ExecutionRoleAdminAccess = "execution-role-admin-access", High, ExecutionRole,
        "Execution role allows every action on every resource",
        "Whoever runs as it (a notebook, a user's kernel, a job) can do anything in the account, including changing IAM: one leaked notebook token is the whole account.";
    ExecutionRoleSharedAcrossTeams = "execution-role-shared-across-teams", Medium, ExecutionRole,
        "Execution role is shared by users of different teams",
        "The execution role is the data boundary between teams: users of two teams on one role can each read what the other's role was meant to keep apart, and CloudTrail cannot tell their teams apart.";
    ExecutionRoleS3WithoutTagCondition = "execution-role-s3-without-tag-condition", High, ExecutionRole,
        "Execution role reaches S3 objects without the object tag condition",
        "Data access is controlled by object tags (Classification = PHI): a statement without s3:ExistingObjectTag on that tag reaches every object under its resources, whatever their classification.";
    PackagePublishAndUpstream = "package-publish-and-upstream", High, CodeartifactPackage,
        "Package allows both publish and upstream",
        "A package name that can be published internally and fetched from upstream is open to dependency substitution: a higher version on public PyPI wins.";
    RepositoryExternalConnection = "artifact-repository-external-connection", High, CodeartifactRepository,
        "Approved repository has an external connection",
        "Users install from the approved repository; an external connection there lets unreviewed public packages in directly.";
}

impl RuleId {
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RuleId::ALL {
            assert!(seen.insert(r.id()), "{} twice", r.id());
            assert!(
                r.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id()
            );
            assert_eq!(RuleId::from_id(r.id()), Some(*r));
            let json = serde_json::to_string(r).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", r.id()));
            assert!(!r.title().is_empty() && !r.help().is_empty());
        }
        assert_eq!(RuleId::ALL.len(), 32);
        assert_eq!(RuleId::from_id("nope"), None);
    }
}
