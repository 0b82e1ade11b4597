//! dsadmin: parse the command line, load settings, start the TUI.

use std::process::ExitCode;

use clap::Parser;

use dsadmin::cli::{Cli, CliCommand};
use dsadmin::settings::{self, Settings};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(CliCommand::Completions { shell }) = &cli.command {
        return match dsadmin::cli::print_completions(*shell, &mut std::io::stdout()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dsadmin: cannot write completions: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if cli.print_default_config {
        print!("{}", settings::DEFAULT_CONFIG);
        return ExitCode::SUCCESS;
    }
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dsadmin: {e}");
            return ExitCode::from(2);
        }
    };
    for w in &settings.warnings {
        eprintln!("dsadmin: warning: {w}");
    }
    settings.apply_cli(&cli);
    if cli.check_config {
        println!("config OK: {}", settings.source_label());
        return ExitCode::SUCCESS;
    }
    // Lives until dsadmin exits, then removes its temporary repositories.
    let _demo_git = if cli.demo {
        dsadmin::backend::demo_settings(&mut settings);
        dsadmin::backend::demo_git(&mut settings)
    } else {
        None
    };
    if let Some(CliCommand::Get(args)) = &cli.command {
        // The log helps with support tickets, but a script must not fail for
        // want of a writable log directory.
        if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level)
        {
            eprintln!("dsadmin: warning: {e:#}");
        }
        return dsadmin::get::main(&cli, args);
    }
    if let Some(CliCommand::Check(args)) = &cli.command {
        init_cli_log(&cli, &settings);
        return dsadmin::check::main(&cli, &settings, args);
    }
    if let Some(op) = match &cli.command {
        Some(CliCommand::Glue { command }) => dsadmin::glue_cli::GitOp::from_command(command),
        _ => None,
    } {
        // As for `get`: the journal records a push whatever the log does.
        if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level)
        {
            eprintln!("dsadmin: warning: {e:#}");
        }
        return dsadmin::glue_cli::main(&cli, &settings, &op);
    }
    if let Some((op, yes)) = cli
        .command
        .as_ref()
        .and_then(dsadmin::act::DayTwo::from_command)
    {
        // As for `get`: a missing log directory must not stop a change that
        // the journal records anyway.
        if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level)
        {
            eprintln!("dsadmin: warning: {e:#}");
        }
        return dsadmin::act::main(&cli, &settings, &op, yes);
    }
    if let Some(CliCommand::Costs(args)) = &cli.command {
        init_cli_log(&cli, &settings);
        return dsadmin::costs_cli::main(&cli, &settings.costs, args);
    }
    if let Some(CliCommand::Endpoint { command }) = &cli.command {
        init_cli_log(&cli, &settings);
        return dsadmin::act_endpoints::main(&cli, &settings, command);
    }
    if let Some(CliCommand::Package { command }) = &cli.command {
        init_cli_log(&cli, &settings);
        return dsadmin::act_packages::main(&cli, &settings, command);
    }
    if let Some(command) = cli
        .command
        .as_ref()
        .and_then(dsadmin::act_users::UserCommand::from_command)
    {
        // As for the day-2 commands: the journal, not the log, is the record.
        if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level)
        {
            eprintln!("dsadmin: warning: {e:#}");
        }
        return dsadmin::act_users::main(&cli, &settings, &command);
    }
    if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level) {
        eprintln!("dsadmin: {e}");
        return ExitCode::from(2);
    }
    let runtime = match dsadmin::backend::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    // Building the clients does no network I/O; credentials are resolved by
    // the first calls, whose failures the TUI shows in place.
    let cloud = match runtime.block_on(dsadmin::backend::open(&cli)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dsadmin: {e}");
            return ExitCode::from(2);
        }
    };
    let connector = dsadmin::backend::connector(&cli);
    match runtime.block_on(dsadmin::app::run::run(
        settings,
        cloud,
        connector,
        cli.read_only,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dsadmin: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// As for `get`: a missing log directory must not stop a command whose
/// changes the journal records anyway.
fn init_cli_log(cli: &Cli, settings: &Settings) {
    if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level) {
        eprintln!("dsadmin: warning: {e:#}");
    }
}
