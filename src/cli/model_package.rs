//! `dsadmin model-package approve|reject GROUP VERSION --description TEXT
//! [--yes]`: shows the version as it is and the exact request, confirms,
//! and sets its approval. Parsing, confirming and printing only; the
//! operation is [`crate::ops::model_approval`], which the TUI runs too.
//!
//! Exit status as for the other changing subcommands: 0 done; 1 the call
//! failed (or the version changed since it was read); 2 usage: a malformed
//! name, a blank description, a group or version that does not exist
//! (nothing sent); 3 refused because dsadmin is read-only.

use clap::{Args, Subcommand};

use crate::cli::day2::{confirm_or_exit, open, Confirm};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
use crate::collect_all;
use crate::ops::model_approval::{self, ApprovalChange, Verdict};
use crate::ops::op::Op;
use crate::settings::Settings;

/// `dsadmin model-package …`
#[derive(Debug, Clone, Subcommand)]
pub enum ModelPackageCommand {
    /// Approve one version (ModelApprovalStatus Approved): pipelines that
    /// deploy approved versions may deploy it.
    Approve(ApprovalArgs),
    /// Reject one version (ModelApprovalStatus Rejected).
    Reject(ApprovalArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ApprovalArgs {
    /// The model package group.
    pub group: String,
    /// The version number in the group.
    #[arg(id = "model_version", value_name = "VERSION")]
    pub version: u32,
    /// Why (ApprovalDescription, required): a review ticket, the evidence.
    #[arg(long, short = 'd', value_name = "TEXT")]
    pub description: String,
    #[command(flatten)]
    pub confirm: Confirm,
}

/// Runs `dsadmin model-package …` to completion.
pub fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    command: &ModelPackageCommand,
) -> Result<(), CliError> {
    let (verdict, args) = match command {
        ModelPackageCommand::Approve(args) => (Verdict::Approve, args),
        ModelPackageCommand::Reject(args) => (Verdict::Reject, args),
    };
    let usage = |e: crate::cloud::CloudError| CliError::usage(format!("{e}; nothing was sent"));
    model_approval::group_name(&args.group).map_err(usage)?;
    model_approval::description(&args.description).map_err(usage)?;
    let (runtime, ops) = open(cli, settings)?;
    // A read, allowed in read-only mode too.
    let versions = runtime
        .block_on(async { collect_all!(ops.cloud.sagemaker, list_model_packages, &args.group) });
    let versions = match versions {
        Ok(v) => v,
        Err(crate::cloud::CloudError::NotFound { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let Some(version) = versions.iter().find(|v| v.version == args.version) else {
        let mut numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
        numbers.sort_unstable();
        let known = if numbers.is_empty() {
            "it has none (is the group name right? `dsadmin get model-groups` lists them)"
                .to_owned()
        } else {
            format!(
                "its versions: {}",
                numbers
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(CliError::usage(format!(
            "no version {} in model package group {}; {known}; nothing was sent",
            args.version, args.group
        )));
    };
    if version.approval == verdict.status() {
        return Err(CliError::usage(format!(
            "model package {}/{} is {} already; nothing was sent",
            args.group, args.version, version.approval
        )));
    }
    // Sent as the TUI sends it: without the spaces around it.
    let change = ApprovalChange::of(version, verdict, args.description.trim().to_owned());
    let op = Op::SetModelApproval(Box::new(change));
    for line in op.details() {
        output::say(&line)?;
    }
    output::say(&format!("{}:", op.effect().action()))?;
    for (field, value) in op.request() {
        output::say(&format!("  {field} = {}", crate::sanitize::line(&value)))?;
    }
    confirm_or_exit(&ops, &op.question(), args.confirm.yes)?;
    let line = runtime.block_on(op.run(&ops))?;
    output::say(&line)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::args::{Cli, CliCommand};
    use clap::Parser;

    fn parse(args: &[&str]) -> ModelPackageCommand {
        match Cli::try_parse_from(args).unwrap().command {
            Some(CliCommand::ModelPackage { command }) => command,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_approve_and_reject_with_a_required_description() {
        let c = parse(&[
            "dsadmin",
            "model-package",
            "approve",
            "churn",
            "3",
            "--description",
            "MRB-12",
            "--yes",
        ]);
        let ModelPackageCommand::Approve(a) = c else {
            panic!("{c:?}")
        };
        assert_eq!(
            (a.group.as_str(), a.version, a.description.as_str()),
            ("churn", 3, "MRB-12")
        );
        assert!(a.confirm.yes);
        assert!(matches!(
            parse(&[
                "dsadmin",
                "model-package",
                "reject",
                "churn",
                "4",
                "-d",
                "drift"
            ]),
            ModelPackageCommand::Reject(_)
        ));
        assert!(
            Cli::try_parse_from(["dsadmin", "model-package", "approve", "churn", "3"]).is_err()
        );
        assert!(Cli::try_parse_from([
            "dsadmin",
            "model-package",
            "approve",
            "churn",
            "three",
            "-d",
            "x"
        ])
        .is_err());
    }
}
