//! `dsadmin iam-policy support|admin`: the least-privilege IAM policy for
//! support staff or admins, printed as JSON to attach to a user, group or
//! permission set. Generated from `iam::actions`, so it lists exactly
//! what this build of dsadmin calls.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::error::CliError;
use crate::cli::output;
use crate::iam::document::{document, Role};
use crate::settings::Settings;

#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    /// support: every read dsadmin makes, no change and no credential;
    /// admin: the reads and every change dsadmin makes.
    #[arg(value_enum)]
    pub role: RoleArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Support,
    Admin,
}

/// Prints the document; for admin, says on stderr where PassRole's roles
/// came from (or why there is none).
pub fn main(settings: &Settings, args: &IamPolicyArgs) -> Result<(), CliError> {
    let roles: Vec<String> = settings
        .teams
        .values()
        .map(|t| t.execution_role.clone())
        .filter(|r| !r.is_empty())
        .collect();
    let role = match args.role {
        RoleArg::Support => Role::Support,
        RoleArg::Admin => Role::Admin,
    };
    if role == Role::Admin {
        if roles.is_empty() {
            output::warn(
                "dsadmin: no [teams.*] execution_role in the config, so no iam:PassRole: \
                 onboarding then gives each profile its domain's default role",
            );
        } else {
            output::warn(&format!(
                "dsadmin: iam:PassRole for the {} execution role(s) of [teams.*] in {}",
                roles.len(),
                settings.source_label()
            ));
        }
    }
    let text = serde_json::to_string_pretty(&document(role, &roles))
        .map_err(|e| CliError::usage(format!("cannot write the policy: {e}")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}
