//! dsadmin: parse the command line, then run a subcommand or start the TUI.

use std::process::ExitCode;

use clap::Parser;

use dsadmin::cli::{self, args::Cli, Face};

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Face::Done(code) => code,
        Face::Tui(start) => {
            let code = dsadmin::tui::run::main(
                start.settings,
                start.target,
                start.accounts,
                start.last_known,
                start.read_only,
            );
            // The demo's Git repositories outlive the TUI, then go.
            drop(start.demo_git);
            code
        }
    }
}
