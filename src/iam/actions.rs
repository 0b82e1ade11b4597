//! Every AWS call dsadmin makes, with the IAM action that authorises it and
//! what it is for. The generated policies (`iam::document`) are built from
//! this table only; the suite's `iam_policy` test keeps it equal to the
//! calls `cloud/aws` makes (each names its action for its errors), so a new
//! call without a line here fails the build's tests.

use crate::policy::EffectClass;

/// One AWS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    /// The call as `cloud/aws` names it (`service:Operation`).
    pub call: &'static str,
    /// The IAM action that authorises it.
    pub iam: Iam,
    /// Further actions AWS checks for the same call (CreateUserProfile with
    /// tags also needs sagemaker:AddTags).
    pub also: &'static [&'static str],
    /// Read, change or credential, as the read-only gate classifies the
    /// operation that makes it.
    pub class: EffectClass,
    /// When a policy grants it, and on what.
    pub grant: Grant,
    /// What in dsadmin makes the call.
    pub used_by: &'static str,
}

/// Which IAM action authorises a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iam {
    /// The action named as the call (most are).
    Same,
    /// Another action (S3's HeadObject is authorised as s3:GetObject).
    Named(&'static str),
    /// None: AWS allows it to every caller (sts:GetCallerIdentity).
    NotNeeded,
}

/// When a policy grants an action, and on what resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Always, on every resource.
    Always,
    /// Only when the config reaches other accounts, and only on the roles
    /// it assumes there (`[[accounts]] role_arn`, `[organization]`).
    AssumedRoles,
    /// Only with `[organization]`.
    Organization,
}

impl Action {
    /// Every IAM action this call needs.
    pub fn iam_actions(&self) -> Vec<&'static str> {
        let first = match self.iam {
            Iam::Same => Some(self.call),
            Iam::Named(name) => Some(name),
            Iam::NotNeeded => None,
        };
        first.into_iter().chain(self.also.iter().copied()).collect()
    }

    const fn also(mut self, also: &'static [&'static str]) -> Self {
        self.also = also;
        self
    }

    const fn granted(mut self, grant: Grant) -> Self {
        self.grant = grant;
        self
    }

    const fn named(mut self, iam: Iam) -> Self {
        self.iam = iam;
        self
    }

    const fn credential(mut self) -> Self {
        self.class = EffectClass::Credential;
        self
    }
}

const fn read(call: &'static str, used_by: &'static str) -> Action {
    Action {
        call,
        iam: Iam::Same,
        also: &[],
        class: EffectClass::Read,
        grant: Grant::Always,
        used_by,
    }
}

const fn change(call: &'static str, used_by: &'static str) -> Action {
    let mut a = read(call, used_by);
    a.class = EffectClass::Mutate;
    a
}

/// Without s3:ListBucket, S3 answers a missing object with 403, not 404: a
/// script not deployed yet would read as access denied.
const S3_READ_ALSO: &[&str] = &["s3:ListBucket"];

/// The table. Grouped by service; the policy sorts its own lists.
pub const ACTIONS: &[Action] = &[
    // ---- SageMaker: Studio ----
    read(
        "sagemaker:ListDomains",
        "Studio tab, get domains, check, costs",
    ),
    read(
        "sagemaker:DescribeDomain",
        "Studio tab (auth mode, network, default role), check, onboarding, presign",
    ),
    read(
        "sagemaker:ListUserProfiles",
        "Users tab, get users, check, costs, :team",
    ),
    read(
        "sagemaker:DescribeUserProfile",
        "Users tab (role, status), onboarding's name check and wait",
    ),
    read(
        "sagemaker:ListApps",
        "Users tab (running apps), costs, offboarding's plan",
    ),
    read(
        "sagemaker:DescribeApp",
        "costs and :idle (last user activity), stopping an app and offboarding (their waits)",
    ),
    read(
        "sagemaker:ListSpaces",
        "Users tab (spaces), costs, :idle, :lifecycle, offboarding's plan",
    ),
    read(
        "sagemaker:DescribeSpace",
        "offboarding (waits for spaces to go), :idle and :lifecycle (space settings), check",
    ),
    read(
        "sagemaker:ListStudioLifecycleConfigs",
        ":lifecycle, get lifecycle-configs, check (lifecycle rules)",
    ),
    read(
        "sagemaker:DescribeStudioLifecycleConfig",
        ":lifecycle (the script), check (CRLF, shebang), :idle's reasons",
    ),
    read(
        "sagemaker:ListTags",
        "TeamName and other tags of domains, profiles, endpoints; check",
    ),
    // Onboarding always tags the profile (TeamName): a create with tags is
    // also checked for sagemaker:AddTags.
    change("sagemaker:CreateUserProfile", "onboarding").also(&["sagemaker:AddTags"]),
    change("sagemaker:DeleteUserProfile", "offboarding"),
    change(
        "sagemaker:DeleteApp",
        "stopping an app, offboarding, :costs x",
    ),
    change("sagemaker:DeleteSpace", "offboarding (owned spaces)"),
    read(
        "sagemaker:CreatePresignedDomainUrl",
        "presigned Studio URLs (p, dsadmin presign)",
    )
    .credential(),
    // ---- SageMaker: endpoints, models, notebooks, training ----
    read(
        "sagemaker:ListEndpoints",
        "Endpoints tab, get endpoints, check, costs",
    ),
    read(
        "sagemaker:DescribeEndpoint",
        "Endpoints tab (variants, weights), traffic shift's wait",
    ),
    read(
        "sagemaker:DescribeEndpointConfig",
        "Endpoints tab (instance types), check, costs",
    ),
    read("sagemaker:ListModels", "check (models)"),
    read(
        "sagemaker:DescribeModel",
        "check (network isolation, images, model package), :models (serving endpoints)",
    ),
    read("sagemaker:ListNotebookInstances", "get notebooks, check"),
    read(
        "sagemaker:DescribeNotebookInstance",
        "check (root access, direct internet)",
    ),
    read(
        "sagemaker:ListTrainingJobs",
        "get training-jobs, check, costs",
    ),
    read(
        "sagemaker:DescribeTrainingJob",
        "check (isolation, encryption), costs",
    ),
    change(
        "sagemaker:UpdateEndpointWeightsAndCapacities",
        "traffic shifts (w, dsadmin endpoint shift)",
    ),
    // ---- SageMaker: Model Registry ----
    read(
        "sagemaker:ListModelPackageGroups",
        ":models, get model-groups",
    ),
    read(
        "sagemaker:ListModelPackages",
        ":models (versions), get model-packages",
    ),
    read(
        "sagemaker:DescribeModelPackage",
        ":models (approver, image, artefact), check, approvals",
    ),
    change(
        "sagemaker:UpdateModelPackage",
        "model approvals (a / R, dsadmin model-package approve|reject)",
    ),
    // ---- Cost Explorer ----
    read(
        "ce:GetCostAndUsage",
        ":costs and dsadmin costs (billed spend beside the estimate; USD 0.01 a request)",
    ),
    // ---- CloudWatch Logs ----
    read(
        "logs:FilterLogEvents",
        "l on a Glue run or an endpoint, dsadmin logs",
    ),
    // ---- IAM (execution roles) ----
    read(
        "iam:ListAttachedRolePolicies",
        ":roles, get roles, check (execution role rules)",
    ),
    read(
        "iam:ListRolePolicies",
        ":roles, get roles, check (execution role rules)",
    ),
    read(
        "iam:GetRolePolicy",
        ":roles, get roles, check (inline policy documents)",
    ),
    read(
        "iam:GetPolicy",
        ":roles, get roles, check (a managed policy's default version)",
    ),
    read(
        "iam:GetPolicyVersion",
        ":roles, get roles, check (managed policy documents)",
    ),
    // ---- Glue ----
    read("glue:GetJobs", "Jobs tab, get jobs, check"),
    read("glue:GetJob", "Git → Glue push (the job's script location)"),
    read(
        "glue:GetJobRuns",
        "Jobs tab (last run), get runs, get jobs --wide",
    ),
    read(
        "glue:GetTags",
        "a Glue job's tags where tag:GetResources is refused",
    ),
    read("glue:GetCrawlers", "Crawlers tab, get crawlers, check"),
    read("glue:GetDatabases", "get databases, check"),
    change(
        "glue:StartJobRun",
        "starting a run (t, dsadmin glue start-run)",
    ),
    change(
        "glue:BatchStopJobRun",
        "stopping a run (ctrl-k, dsadmin glue stop-run)",
    ),
    change("glue:StartCrawler", "starting a crawler"),
    change("glue:StopCrawler", "stopping a crawler"),
    change(
        "glue:TagResource",
        "Git → Glue push (the deployed commit tag)",
    ),
    // ---- S3 (Glue scripts) ----
    read(
        "s3:GetObject",
        "the deployed Glue script (drift, diff, push)",
    )
    .also(S3_READ_ALSO),
    read(
        "s3:HeadObject",
        "Git → Glue push (what is deployed now; a lost answer read back)",
    )
    .named(Iam::Named("s3:GetObject"))
    .also(S3_READ_ALSO),
    change("s3:PutObject", "Git → Glue push (the script upload)"),
    // ---- ECR ----
    read("ecr:DescribeRepositories", "Images tab, get images, check"),
    read("ecr:ListImages", "Images tab (tags and digests)"),
    read("ecr:DescribeImages", "Images tab (pushed, size)"),
    read(
        "ecr:DescribeImageScanFindings",
        "Images tab (scan status, findings), check",
    ),
    read(
        "ecr:ListTagsForResource",
        "Images tab (a repository's tags)",
    ),
    change("ecr:StartImageScan", "starting an image scan"),
    // ---- CodeArtifact ----
    read("codeartifact:ListDomains", "Packages tab, get packages"),
    read(
        "codeartifact:ListRepositoriesInDomain",
        "Packages tab, get packages, check",
    ),
    read(
        "codeartifact:DescribeRepository",
        "Packages tab (upstreams, external connections), check",
    ),
    read(
        "codeartifact:ListPackages",
        "Packages tab (origin controls), check",
    ),
    read("codeartifact:ListPackageVersions", "a package's versions"),
    change(
        "codeartifact:UpdatePackageVersionsStatus",
        "package approvals (approve, unlist, archive)",
    ),
    change(
        "codeartifact:PutPackageOriginConfiguration",
        "package origin controls",
    ),
    // ---- CloudTrail ----
    read(
        "cloudtrail:LookupEvents",
        "a resource's history (T, :trail, dsadmin trail)",
    ),
    // ---- Across services ----
    read(
        "tag:GetResources",
        "tags of Glue jobs, endpoints and domains in one call per kind",
    ),
    read(
        "cloudwatch:GetMetricStatistics",
        "costs (endpoint invocations for idle endpoints)",
    ),
    read(
        "sts:GetCallerIdentity",
        "the header's account and caller (needs no permission)",
    )
    .named(Iam::NotNeeded),
    // ---- Other accounts ----
    read(
        "sts:AssumeRole",
        "reaching [[accounts]] role_arn entries and [organization] member accounts",
    )
    .granted(Grant::AssumedRoles),
    read(
        "organizations:ListAccounts",
        "the organization's member accounts ([organization])",
    )
    .granted(Grant::Organization),
];

/// The table's line for `call`.
pub fn lookup(call: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.call == call)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_call_is_listed_once_and_well_formed() {
        let mut seen = HashSet::new();
        for a in ACTIONS {
            assert!(seen.insert(a.call), "{} listed twice", a.call);
            let (service, op) = a.call.split_once(':').unwrap();
            assert!(!service.is_empty() && op.starts_with(|c: char| c.is_ascii_uppercase()));
            assert!(!a.used_by.is_empty());
        }
        assert_eq!(
            lookup("s3:HeadObject").unwrap().iam_actions(),
            ["s3:GetObject", "s3:ListBucket"]
        );
        assert_eq!(
            lookup("sagemaker:CreateUserProfile").unwrap().iam_actions(),
            ["sagemaker:CreateUserProfile", "sagemaker:AddTags"]
        );
        assert!(lookup("sts:GetCallerIdentity")
            .unwrap()
            .iam_actions()
            .is_empty());
    }
}
