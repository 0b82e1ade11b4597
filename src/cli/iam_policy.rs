//! `dsadmin iam-policy support|admin [--accounts all|ID,ID]`: the
//! least-privilege IAM policy for support staff or admins, printed as JSON
//! to attach to a user, group, role or permission set. Generated from
//! `iam::actions` and the config, so it lists exactly what this build of
//! dsadmin calls.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
use crate::iam::document::{document, Inputs, Role};
use crate::model::account::{AccountAccess, Scope};
use crate::settings::Settings;

#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    /// support: every read dsadmin makes, no change and no credential;
    /// admin: the reads and every change dsadmin makes.
    #[arg(value_enum)]
    pub role: RoleArg,
    /// The accounts the policy reaches: sts:AssumeRole only on their roles
    /// (`[[accounts]] role_arn`, the `[organization]` role in each listed
    /// account); `all` (the default) every one the config names.
    #[arg(long, value_name = "all|ID,ID", value_parser = Scope::parse)]
    pub accounts: Option<Scope>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Support,
    Admin,
}

/// The partition of the region in use (`--region`, `AWS_REGION`, the
/// profile's; no network): an organization's role ARNs are written in
/// it. Without a region, the commercial `aws`.
fn partition(cli: &GlobalArgs) -> Result<String, CliError> {
    let profile = crate::cloud::aws::resolve_profile(cli.profile.as_deref());
    let runtime = crate::cli::session::runtime()?;
    let region = runtime.block_on(crate::cloud::aws::resolve_region(
        cli.region.as_deref(),
        &profile,
    ));
    Ok(region
        .map_or("aws", |r| crate::cloud::aws::partition(&r))
        .to_owned())
}

/// What the document is generated from, out of the config; the
/// organization's roles are written in `partition` (`aws`, `aws-cn` …).
pub fn inputs(settings: &Settings, scope: &Scope, partition: &str) -> Inputs {
    let execution_roles = settings
        .teams
        .values()
        // Checked at load: each is a role ARN.
        .map(|t| t.execution_role.clone())
        .collect();
    let mut assumed_roles: Vec<String> = settings
        .accounts
        .iter()
        .filter(|a| a.id.as_deref().is_some_and(|id| scope.covers(id)))
        .filter_map(|a| match &a.access {
            AccountAccess::Role { role_arn, .. } => Some(role_arn.clone()),
            AccountAccess::Profile { .. } => None,
        })
        .collect();
    if let Some(org) = &settings.organization {
        match scope {
            Scope::All => assumed_roles.push(org.role_arn(partition, "*")),
            Scope::Ids(ids) => {
                assumed_roles.extend(ids.iter().map(|id| org.role_arn(partition, id)))
            }
        }
    }
    Inputs {
        execution_roles,
        assumed_roles,
        organization: settings.organization.is_some(),
    }
}

/// Prints the document; says on stderr where PassRole's and AssumeRole's
/// roles came from (or why there are none).
pub fn main(cli: &GlobalArgs, settings: &Settings, args: &IamPolicyArgs) -> Result<(), CliError> {
    let scope = args.accounts.clone().unwrap_or(Scope::All);
    let inputs = inputs(settings, &scope, &partition(cli)?);
    let role = match args.role {
        RoleArg::Support => Role::Support,
        RoleArg::Admin => Role::Admin,
    };
    let source = settings.source_label();
    if role == Role::Admin {
        if inputs.execution_roles.is_empty() {
            output::warn(&format!(
                "dsadmin: no [teams.*] execution_role in {source}: onboarding needs a team, so this policy has no iam:PassRole and AWS will refuse onboarding until one is named"
            ));
        } else {
            output::warn(&format!(
                "dsadmin: iam:PassRole for the {} execution role(s) of [teams.*] in {source}",
                inputs.execution_roles.len(),
            ));
        }
    }
    if !inputs.assumed_roles.is_empty() {
        output::warn(&format!(
            "dsadmin: sts:AssumeRole for {} role(s) of [[accounts]]/[organization] in {source}; attach the same policy to those roles in their accounts",
            inputs.assumed_roles.len()
        ));
    }
    let text = serde_json::to_string_pretty(&document(role, &inputs))
        .map_err(|e| CliError::usage(format!("cannot write the policy: {e}")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}
