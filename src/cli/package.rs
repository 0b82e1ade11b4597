//! `dsadmin package approve|unlist|archive …` and `dsadmin package origin …`:
//! CodeArtifact package version status and origin restrictions. Parsing,
//! confirming and printing only; the operations are
//! [`crate::ops::packages`], which the TUI calls too.
//!
//! Exit status as for the other changing subcommands (see `act.rs`): 0
//! done; 1 the call failed or any version was refused; 2 usage error or
//! an invalid name or version (nothing sent, nothing journaled); 3
//! refused because dsadmin is read-only.

use clap::{Args, Subcommand};

use crate::cli::day2::{confirm_or_exit, open, Confirm};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
use crate::model::{OriginRestrictions, OriginRule, PackageRef, VersionStatus};
use crate::ops::packages::{self, PackageAddress, StatusAction};
use crate::settings::Settings;

/// Which package, in which repository.
#[derive(Debug, Clone, Args)]
pub struct PackageArgs {
    /// The CodeArtifact domain.
    #[arg(long, value_name = "DOMAIN")]
    pub domain: String,
    /// The repository in the domain, e.g. approved-pypi.
    #[arg(long, value_name = "REPOSITORY")]
    pub repository: String,
    /// Package format: pypi, npm, maven, nuget, generic, ruby, swift or cargo.
    #[arg(long, value_name = "FORMAT", default_value = "pypi")]
    pub format: String,
    /// npm scope (without @), Maven group id or generic namespace.
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// The package's name.
    pub package: String,
}

impl PackageArgs {
    fn address(&self) -> PackageAddress {
        PackageAddress {
            domain: self.domain.clone(),
            repository: self.repository.clone(),
            package: PackageRef::new(
                self.format.clone(),
                self.namespace.as_deref(),
                self.package.clone(),
            ),
        }
    }
}

/// Versions and the no-lost-update condition.
#[derive(Debug, Clone, Args)]
pub struct VersionArgs {
    #[command(flatten)]
    pub package: PackageArgs,
    /// Versions to change (1–100).
    #[arg(required = true, value_name = "VERSION")]
    pub versions: Vec<String>,
    /// Change only versions that still have this status (Published,
    /// Unfinished, Unlisted, Archived …); others fail with MISMATCHED_STATUS.
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub expected_status: Option<VersionStatus>,
    #[command(flatten)]
    pub confirm: Confirm,
}

/// `dsadmin package …`
#[derive(Debug, Clone, Subcommand)]
pub enum PackageCommand {
    /// Approve package versions: set them to Published.
    Approve(VersionArgs),
    /// Unlist package versions: hidden from listings, still installable by version.
    Unlist(VersionArgs),
    /// Archive package versions: no longer installable.
    Archive(VersionArgs),
    /// Allow or block where a package's versions may come from
    /// (PutPackageOriginConfiguration); works before the package exists too.
    Origin {
        #[command(flatten)]
        package: PackageArgs,
        /// Direct publishing to this repository: allow or block.
        #[arg(long, value_name = "allow|block", value_parser = parse_rule)]
        publish: OriginRule,
        /// Versions from upstream repositories: allow or block.
        #[arg(long, value_name = "allow|block", value_parser = parse_rule)]
        upstream: OriginRule,
        #[command(flatten)]
        confirm: Confirm,
    },
}

fn parse_status(s: &str) -> Result<VersionStatus, String> {
    s.parse()
}

fn parse_rule(s: &str) -> Result<OriginRule, String> {
    s.parse()
}

/// Runs `dsadmin package …` to completion.
pub fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    command: &PackageCommand,
) -> Result<(), CliError> {
    let (runtime, ops) = open(cli, settings)?;
    match command {
        PackageCommand::Approve(args) => versions(&runtime, &ops, args, StatusAction::Approve),
        PackageCommand::Unlist(args) => versions(&runtime, &ops, args, StatusAction::Unlist),
        PackageCommand::Archive(args) => versions(&runtime, &ops, args, StatusAction::Archive),
        PackageCommand::Origin {
            package,
            publish,
            upstream,
            confirm,
        } => {
            let address = package.address();
            valid(address.validate())?;
            let restrictions = OriginRestrictions {
                publish: *publish,
                upstream: *upstream,
            };
            let mut question = format!(
                "Set origins of {} package {} in {}/{} to publish {}, upstream {}?",
                address.package.format,
                address.package.display_name(),
                address.domain,
                address.repository,
                publish,
                upstream
            );
            if restrictions.is_open() {
                question
                    .push_str(" (both allowed: the package is open to dependency substitution)");
            }
            confirm_or_exit(&ops, &question, confirm.yes)?;
            let done = runtime.block_on(packages::set_origin(&ops, &address, restrictions))?;
            output::say(&format!(
                "{}: publish {}, upstream {}{}",
                address.package.display_name(),
                done.value.publish,
                done.value.upstream,
                request_id(done.request_id.as_deref())
            ))?;
            Ok(())
        }
    }
}

fn versions(
    runtime: &tokio::runtime::Runtime,
    ops: &crate::ops::context::OpsContext,
    args: &VersionArgs,
    action: StatusAction,
) -> Result<(), CliError> {
    let address = args.package.address();
    valid(
        address
            .validate()
            .and_then(|()| packages::validate_versions(&args.versions)),
    )?;
    let condition = match args.expected_status {
        Some(s) => format!(" (only those still {s})"),
        None => String::new(),
    };
    let question = format!(
        "{} {} version(s) {} of {} package {} in {}/{} (set them {}){condition}?",
        capitalised(action.verb()),
        args.versions.len(),
        args.versions.join(", "),
        address.package.format,
        address.package.display_name(),
        address.domain,
        address.repository,
        action.target()
    );
    confirm_or_exit(ops, &question, args.confirm.yes)?;
    let done = runtime.block_on(packages::set_versions_status(
        ops,
        &address,
        &args.versions,
        action,
        args.expected_status,
    ))?;
    let name = address.package.display_name();
    for v in &done.value.succeeded {
        output::say(&format!("{name} {}: {}", v.version, v.status))?;
    }
    for f in &done.value.failed {
        output::say(&format!(
            "{name} {}: FAILED {}: {}",
            f.version, f.code, f.message
        ))?;
    }
    let failed = done.value.failed.len();
    output::say(&format!(
        "{} of {} version(s) {}{}",
        done.value.succeeded.len(),
        args.versions.len(),
        action.past(),
        request_id(done.request_id.as_deref())
    ))?;
    if failed > 0 {
        return Err(CliError::failed(format!(
            "{failed} version(s) were not changed: {}",
            done.value
                .failed
                .iter()
                .map(|f| format!("{} ({})", f.version, f.code))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// Bad names are a usage error (2), caught before the question is asked;
/// the operation checks them again, for callers that skip this.
fn valid(r: crate::cloud::CloudResult<()>) -> Result<(), CliError> {
    r.map_err(|e| CliError::usage(format!("{e}; nothing was sent")))
}

fn request_id(id: Option<&str>) -> String {
    id.map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::args::{Cli, CliCommand};
    use clap::Parser;

    fn parse(args: &[&str]) -> PackageCommand {
        match Cli::try_parse_from(args).unwrap().command {
            Some(CliCommand::Package { command }) => command,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_status_commands() {
        let c = parse(&[
            "dsadmin",
            "package",
            "unlist",
            "--domain",
            "corp",
            "--repository",
            "approved-pypi",
            "requests",
            "2.31.0",
            "2.32.3",
            "--expected-status",
            "published",
            "--yes",
        ]);
        let PackageCommand::Unlist(a) = c else {
            panic!("{c:?}")
        };
        assert_eq!(a.package.format, "pypi");
        assert_eq!(a.package.package, "requests");
        assert_eq!(a.versions, ["2.31.0", "2.32.3"]);
        assert_eq!(a.expected_status, Some(VersionStatus::Published));
        assert!(a.confirm.yes);
        assert!(Cli::try_parse_from([
            "dsadmin",
            "package",
            "approve",
            "--domain",
            "d1",
            "--repository",
            "r1",
            "pkg",
        ])
        .is_err());
        assert!(Cli::try_parse_from([
            "dsadmin",
            "package",
            "approve",
            "--domain",
            "d1",
            "--repository",
            "r1",
            "pkg",
            "1",
            "--expected-status",
            "gone",
        ])
        .is_err());
    }

    #[test]
    fn parses_origin() {
        let c = parse(&[
            "dsadmin",
            "package",
            "origin",
            "--domain",
            "corp",
            "--repository",
            "npm-store",
            "--format",
            "npm",
            "--namespace",
            "corp",
            "ui-kit",
            "--publish",
            "block",
            "--upstream",
            "ALLOW",
        ]);
        let PackageCommand::Origin {
            package,
            publish,
            upstream,
            confirm,
        } = c
        else {
            panic!("{c:?}")
        };
        assert_eq!(package.address().package.display_name(), "corp/ui-kit");
        assert_eq!((publish, upstream), (OriginRule::Block, OriginRule::Allow));
        assert!(!confirm.yes);
        assert!(Cli::try_parse_from([
            "dsadmin",
            "package",
            "origin",
            "--domain",
            "d1",
            "--repository",
            "r1",
            "pkg",
            "--publish",
            "deny",
            "--upstream",
            "allow",
        ])
        .is_err());
    }

    #[test]
    fn capitalises_verbs() {
        assert_eq!(capitalised("approve"), "Approve");
        assert_eq!(capitalised(""), "");
    }
}
