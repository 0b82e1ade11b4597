//! The non-interactive face: every subcommand, behind one `run`.
//!
//! `run` loads the settings, applies the flags, sets up the log once, and
//! hands each subcommand to its file here (`get`, `check`, `costs`, `glue`,
//! `day2` for Glue runs, crawlers and ECR scans, `endpoint`, `package`,
//! `users` for onboarding, offboarding, presigned URLs and apps). With no
//! subcommand it hands back what the TUI needs; this face never imports the
//! TUI (main.rs starts it).

pub mod account_flag;
pub mod accounts;
pub mod args;
pub mod check;
pub mod costs;
pub mod day2;
pub mod endpoint;
pub mod error;
pub mod fan_out;
pub mod get;
pub mod global;
pub mod glue;
pub mod iam_policy;
pub mod logs;
pub mod model_package;
pub mod output;
pub mod package;
pub mod progress;
pub mod session;
pub mod trail;
pub mod users;

use std::process::ExitCode;

use crate::cli::args::{Cli, CliCommand};
use crate::cli::day2::{CrawlerCommand, EcrCommand};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::glue::GlueCommand;
use crate::cli::users::{AppCommand, UserCommand};
use crate::cloud::open::Target;
use crate::gitsync::demo::DemoRepositories;
use crate::model::requests::AppOwner;
use crate::ops::op::Op;
use crate::settings::{self, Settings};

/// What `run` leaves to main.rs.
pub enum Face {
    /// A subcommand (or `--print-default-config`, `--check-config`) ran.
    Done(ExitCode),
    /// No subcommand: start the TUI with these.
    Tui(Box<TuiStart>),
}

/// What the TUI starts from: settings with the flags applied, the cloud to
/// open, and the `--read-only` flag (kept apart so the gate can name it).
pub struct TuiStart {
    pub settings: Settings,
    pub target: Target,
    pub read_only: bool,
    /// Where `:accounts` finds the other accounts.
    pub accounts: crate::cloud::open::AccountSources,
    /// Where the tabs' last-known lists are kept; `None` with `--no-cache`,
    /// for the demo estate, or without a home directory.
    pub last_known: Option<crate::inventory::last_known::LastKnown>,
    /// `--demo`'s temporary Git repositories: removed when this is dropped,
    /// so main.rs keeps it until the TUI exits.
    pub demo_git: Option<DemoRepositories>,
}

/// Runs the command line: a subcommand to its end, or the TUI's start.
pub fn run(cli: Cli) -> Face {
    if let Some(CliCommand::Completions { shell }) = &cli.command {
        // A closed pipe (`completions bash | head -1`) ends quietly, as
        // every other command does.
        return Face::Done(error::exit(
            args::print_completions(*shell, &mut std::io::stdout()).map_err(CliError::from),
        ));
    }
    // Before the config, the log or any call: a bad endpoint must never
    // fall back to AWS itself.
    if let Err(e) = crate::cloud::open::check_endpoints(cli.global.endpoint_url.as_deref()) {
        output::warn(&format!("dsadmin: {e}"));
        return Face::Done(ExitCode::from(2));
    }
    if cli.print_default_config {
        print!("{}", settings::DEFAULT_CONFIG);
        return Face::Done(ExitCode::SUCCESS);
    }
    let mut settings = match Settings::load(cli.global.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            output::warn(&format!("dsadmin: {e}"));
            return Face::Done(ExitCode::from(2));
        }
    };
    for w in &settings.warnings {
        output::warn(&format!("dsadmin: warning: {w}"));
    }
    settings.apply_flags(cli.global.read_only, cli.log_level);
    let mut cli = cli;
    if cli.check_config {
        return Face::Done(error::exit(
            output::say(&format!("config OK: {}", settings.source_label())).map_err(CliError::from),
        ));
    }
    // Lives until dsadmin exits, then removes its temporary repositories.
    let demo_git = if cli.global.demo {
        settings::demo::demo_settings(&mut settings);
        settings::demo::demo_git(&mut settings)
    } else {
        None
    };
    let log = crate::logging::init(cli.log_file.as_deref(), settings.general.log_level);
    // Only for what acts in an account: `iam-policy` reads the config alone,
    // and `accounts` lists from the base profile (and refuses --account).
    let acts_in_an_account = !matches!(
        cli.command,
        Some(CliCommand::IamPolicy(_) | CliCommand::Accounts(_))
    );
    // The base profile, before `--account` points the options elsewhere.
    let accounts = crate::cloud::open::AccountSources {
        base: session::target(&cli.global).aws,
        configured: settings.accounts.clone(),
        organization: settings.organization.clone(),
    };
    if acts_in_an_account {
        if let Err(e) = account_flag::resolve(&mut cli.global, &settings) {
            return Face::Done(error::exit(Err(e)));
        }
    }
    let Some(command) = &cli.command else {
        // The TUI owns the terminal: without a log its errors would be lost.
        if let Err(e) = log {
            output::warn(&format!("dsadmin: {e}"));
            return Face::Done(ExitCode::from(2));
        }
        return Face::Tui(Box::new(TuiStart {
            target: session::target(&cli.global),
            read_only: cli.global.read_only,
            accounts,
            last_known: last_known_for(&cli.global),
            settings,
            demo_git,
        }));
    };
    // The log helps with support tickets, but a script must not fail for
    // want of a writable log directory: the journal records every change.
    if let Err(e) = log {
        output::warn(&format!("dsadmin: warning: {e:#}"));
    }
    let code = subcommand(&cli.global, &settings, command);
    drop(demo_git);
    Face::Done(code)
}

/// Where the TUI keeps its tabs' last-known lists: nowhere with
/// `--no-cache`, for the demo estate, against an emulator (an endpoint
/// override: its made-up accounts must not mix with real ones), or
/// without a home directory.
fn last_known_for(global: &GlobalArgs) -> Option<crate::inventory::last_known::LastKnown> {
    use crate::inventory::last_known::LastKnown;
    let emulated = global.endpoint_url.is_some() || std::env::var_os("AWS_ENDPOINT_URL").is_some();
    if global.no_cache || global.demo || emulated {
        return None;
    }
    LastKnown::default_dir().map(LastKnown::at)
}

/// The one match over the subcommands; [`error::exit`] turns each result
/// into the process's status.
fn subcommand(cli: &GlobalArgs, settings: &Settings, command: &CliCommand) -> ExitCode {
    error::exit(match command {
        // Printed by `run` before the settings load: a shell's completion
        // script must not depend on a readable config file.
        CliCommand::Completions { .. } => Ok(()),
        CliCommand::Get(args) => get::main(cli, settings, args),
        CliCommand::Check(args) => check::main(cli, settings, args),
        CliCommand::Costs(args) => costs::main(cli, settings, args),
        CliCommand::IamPolicy(args) => iam_policy::main(cli, settings, args),
        CliCommand::Accounts(args) => accounts::main(cli, settings, args),
        CliCommand::Trail(args) => trail::main(cli, args),
        CliCommand::Endpoint { command } => endpoint::main(cli, settings, command),
        CliCommand::Package { command } => package::main(cli, settings, command),
        CliCommand::ModelPackage { command } => model_package::main(cli, settings, command),
        CliCommand::Logs { command } => logs::main(cli, command),
        CliCommand::Glue { command: glue } => match glue::GitOp::from_command(glue) {
            Some(op) => glue::main(cli, settings, &op),
            None => day2_main(cli, settings, command),
        },
        CliCommand::Crawler { .. } | CliCommand::Ecr { .. } => day2_main(cli, settings, command),
        CliCommand::Onboard(_)
        | CliCommand::Offboard(_)
        | CliCommand::Presign(_)
        | CliCommand::App { .. } => match user_command(command) {
            Some(users) => users::main(cli, settings, &users),
            None => Err(CliError::usage("not a user lifecycle command")),
        },
    })
}

/// Glue runs, crawlers and ECR scans: one `Op` each.
fn day2_main(cli: &GlobalArgs, settings: &Settings, command: &CliCommand) -> Result<(), CliError> {
    match day2_op(command) {
        Some((op, yes)) => day2::main(cli, settings, &op, yes),
        None => Err(CliError::usage("not a day-2 command")),
    }
}

/// The operation and its `--yes`, if `command` is a day-2 subcommand:
/// the same [`Op`] the TUI builds from a key.
fn day2_op(command: &CliCommand) -> Option<(Op, bool)> {
    let s = String::clone;
    Some(match command {
        CliCommand::Glue { command } => match command {
            GlueCommand::StartRun { job, confirm } => {
                (Op::StartJobRun { job: s(job) }, confirm.yes)
            }
            GlueCommand::StopRun {
                job,
                run_id,
                confirm,
            } => (
                Op::StopJobRun {
                    job: s(job),
                    run_id: s(run_id),
                },
                confirm.yes,
            ),
            // Git → Glue has its own entry point (`cli::glue`).
            GlueCommand::Diff { .. } | GlueCommand::Push { .. } => return None,
        },
        CliCommand::Crawler { command } => match command {
            CrawlerCommand::Start { name, confirm } => {
                (Op::StartCrawler { name: s(name) }, confirm.yes)
            }
            CrawlerCommand::Stop { name, confirm } => {
                (Op::StopCrawler { name: s(name) }, confirm.yes)
            }
        },
        CliCommand::Ecr { command } => match command {
            EcrCommand::Scan {
                repository,
                image,
                confirm,
            } => (
                Op::StartImageScan {
                    repository: s(repository),
                    image: s(image),
                },
                confirm.yes,
            ),
        },
        _ => return None,
    })
}

/// The user lifecycle command `command` is, if it is one.
fn user_command(command: &CliCommand) -> Option<UserCommand> {
    use crate::cli::args::CliCommand as C;
    Some(match command {
        C::Onboard(a) => UserCommand::Onboard(a.clone()),
        C::Offboard(a) => UserCommand::Offboard(a.clone()),
        C::Presign(a) => UserCommand::Presign(a.clone()),
        C::App {
            command:
                AppCommand::Delete {
                    domain,
                    user,
                    space,
                    app_type,
                    name,
                    confirm,
                },
        } => UserCommand::AppDelete {
            domain: domain.clone(),
            owner: match (space, user) {
                (Some(s), _) => AppOwner::Space(s.clone()),
                (None, Some(u)) => AppOwner::User(u.clone()),
                // clap's required group makes this unreachable; an
                // empty owner then fails validation with a message.
                (None, None) => AppOwner::User(String::new()),
            },
            app_type: app_type.clone(),
            name: name.clone(),
            yes: confirm.yes,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
