//! dsadmin: parse the command line, load settings, start the TUI.

use std::process::ExitCode;

use clap::Parser;

use dsadmin::cli::{Cli, CliCommand};
use dsadmin::cloud::demo::DemoCloud;
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
    if let Err(e) = dsadmin::logging::init(cli.log_file.as_deref(), settings.general.log_level) {
        eprintln!("dsadmin: {e}");
        return ExitCode::from(2);
    }
    if !cli.demo {
        eprintln!(
            "dsadmin: this build browses the built-in demo estate only; run `dsadmin --demo`.\n\
             Live AWS access (profiles, SSO, --endpoint-url) is the next milestone."
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dsadmin: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cloud = match DemoCloud::cloud(chrono::Utc::now()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dsadmin: the demo estate is broken: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dsadmin::app::run::run(settings, cloud)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dsadmin: {e:#}");
            ExitCode::FAILURE
        }
    }
}
