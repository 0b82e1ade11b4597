//! Command-line interface (clap derive). With no subcommand dsadmin starts
//! the TUI; flags here override the config file.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

use crate::cli::global::GlobalArgs;
use crate::settings::LogLevel;

const ABOUT: &str = "A keyboard-driven terminal console for secure Amazon SageMaker Studio estates";

const LONG_ABOUT: &str = "\
A keyboard-driven terminal console for admins of secure Amazon SageMaker Studio estates: \
Studio domains and user profiles, Glue jobs and crawlers, custom images in ECR, approved \
packages in CodeArtifact and SageMaker endpoints.

AWS credentials and region come from the usual places (profiles, SSO, environment \
variables, AWS_ENDPOINT_URL), as with the AWS CLI. Use --read-only (or read_only = true \
in the config file) for support staff: every change and every presigned URL is refused.

Try it without an AWS account: dsadmin --demo";

const AFTER_HELP: &str = "\
Config file: --config PATH, else ~/.config/dsadmin/config.toml ($XDG_CONFIG_HOME) if it \
exists. `dsadmin --print-default-config` prints every setting and key binding with its \
default. Press ? in the UI for the keys.";

#[derive(Debug, Clone, Parser)]
#[command(
    name = "dsadmin",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Write the log here instead of $XDG_STATE_HOME/dsadmin/dsadmin.log
    /// (~/.local/state/dsadmin/dsadmin.log). Nothing is ever logged to the terminal.
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// How much to log; overrides the config file's general.log_level.
    #[arg(long, value_name = "LEVEL", value_enum)]
    pub log_level: Option<LogLevel>,

    /// Print the built-in config (every setting and key binding, commented)
    /// and exit.
    #[arg(long)]
    pub print_default_config: bool,

    /// Load the config file, print any warnings, report it OK and exit
    /// without starting the UI (exit status 2 if it is broken).
    #[arg(long, hide = true)]
    pub check_config: bool,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// Non-interactive subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CliCommand {
    /// Print a shell completion script, e.g.
    /// `dsadmin completions bash > ~/.local/share/bash-completion/completions/dsadmin`.
    Completions {
        /// The shell to generate completions for.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print what a tab shows, as a table or JSON, without starting the UI
    /// (exit status 1 on a cloud error, 2 on a usage error), e.g.
    /// `dsadmin get runs --job claims-ingest-daily -o json`.
    Get(crate::cli::get::GetArgs),
    /// Run the posture rules (the Findings pane) and print the findings:
    /// `dsadmin check [--format table|json|sarif] [--fail-on SEVERITY]`
    /// (exit status 1 when a finding is at or above --fail-on, default
    /// high, or a source could not be read; 2 on a usage or config error).
    Check(crate::cli::check::CheckArgs),
    /// Glue job runs and scripts: `dsadmin glue start-run JOB [--yes]`,
    /// `dsadmin glue stop-run JOB RUN_ID [--yes]`, `dsadmin glue diff JOB`,
    /// `dsadmin glue push JOB [--repo PATH] [--path FILE] [--ref REF] [--yes]
    /// [--allow-dirty]` (exit status 1 on a cloud or Git error, 2 on a usage
    /// or config error or without --yes when not interactive, 3 when read-only).
    Glue {
        #[command(subcommand)]
        command: crate::cli::glue::GlueCommand,
    },
    /// Glue crawlers: `dsadmin crawler start|stop NAME [--yes]` (exit
    /// status as for `glue`).
    Crawler {
        #[command(subcommand)]
        command: crate::cli::day2::CrawlerCommand,
    },
    /// ECR: `dsadmin ecr scan REPOSITORY IMAGE [--yes]`, IMAGE a tag or a
    /// sha256: digest (exit status as for `glue`).
    Ecr {
        #[command(subcommand)]
        command: crate::cli::day2::EcrCommand,
    },
    /// SageMaker endpoints: `dsadmin endpoint shift NAME VARIANT=WEIGHT…
    /// [--yes] [--no-wait]` shifts traffic between variants and waits until
    /// InService (exit status as for `glue`; 2 also for invalid weights).
    Endpoint {
        #[command(subcommand)]
        command: crate::cli::endpoint::EndpointCommand,
    },
    /// CodeArtifact packages: `dsadmin package approve|unlist|archive …
    /// PACKAGE VERSION…` and `dsadmin package origin … PACKAGE --publish
    /// allow|block --upstream allow|block` (exit status as for `glue`; 1
    /// also when any version failed).
    Package {
        #[command(subcommand)]
        command: crate::cli::package::PackageCommand,
    },
    /// CloudWatch Logs of a Glue run, a training job or an endpoint:
    /// `dsadmin logs job JOB [--run ID] | training-job NAME | endpoint NAME
    /// [--since AGE] [--follow]` (exit status 1 when there are no logs).
    Logs {
        #[command(subcommand)]
        command: crate::cli::logs::LogsCommand,
    },
    /// Model Registry approvals: `dsadmin model-package approve|reject
    /// GROUP VERSION --description TEXT [--yes]` (exit status as for
    /// `glue`; 2 also for a blank description or an unknown version).
    ModelPackage {
        #[command(subcommand)]
        command: crate::cli::model_package::ModelPackageCommand,
    },
    /// Onboard Studio users from a CSV file (columns user, team, domain,
    /// optional sso_user): every row validated first, existing users
    /// skipped, one result line per row (exit status 1 if any row failed
    /// or was invalid, 2 on a usage error, 3 when read-only).
    Onboard(crate::cli::users::OnboardArgs),
    /// Offboard a Studio user: delete their apps, owned spaces and profile
    /// (and with it their home directory), after typing the user name or
    /// --yes (exit status 1 with what remains on a partial failure).
    Offboard(crate::cli::users::OffboardArgs),
    /// Print a presigned Studio URL for a user (a credential: stdout only;
    /// the attempt is journaled, the URL never; IAM-auth domains only; exit
    /// status 3 when read-only).
    Presign(crate::cli::users::PresignArgs),
    /// Estimated costs and idle candidates (`:costs` in the UI): running
    /// Studio apps, endpoints and training jobs with $/hour and month to
    /// date from the dated price table, and totals per team (exit status 1
    /// when the cloud cannot be reached or a list could not be read: the
    /// report is then printed with what was read and says what is missing).
    Costs(crate::cli::costs::CostsArgs),
    /// A resource's or a user's CloudTrail history, newest first: when,
    /// event, who (IAM user, role and session, or for Studio the user
    /// profile), source IP and error code, e.g. `dsadmin trail --resource
    /// claims-ingest-daily --since 7d` (last 90 days by default; exit status 1 when
    /// CloudTrail refused or failed, 2 on a usage error).
    Trail(crate::cli::trail::TrailArgs),
    /// Every account in scope (the base profile, `[[accounts]]`, the SSO
    /// profiles of ~/.aws/config, the `[organization]`'s members) and
    /// whether each answers: `dsadmin accounts [--accounts all|ID,ID]
    /// [-o json]` (exit status 4 when some did not answer, naming them on
    /// stderr; 1 when the base profile cannot be reached).
    Accounts(crate::cli::accounts::AccountsArgs),
    /// Print a least-privilege IAM policy (JSON) for the people who run
    /// dsadmin: `support` holds every read it makes and no change and no
    /// credential; `admin` adds every change, and iam:PassRole for the
    /// execution roles `[teams.*]` name. Generated from the calls this
    /// build makes, e.g. `dsadmin iam-policy support > support.json`.
    IamPolicy(crate::cli::iam_policy::IamPolicyArgs),
    /// Studio apps: `dsadmin app delete --domain D (--user U | --space S)
    /// --type T --name N [--yes]` stops and deletes one app.
    App {
        #[command(subcommand)]
        command: crate::cli::users::AppCommand,
    },
}

/// Writes `shell`'s completion script for dsadmin to `out`.
pub fn print_completions(shell: Shell, out: &mut impl Write) -> io::Result<()> {
    // clap_complete panics if its writer fails (e.g. a closed pipe), so
    // render into memory and report write errors instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dsadmin", &mut script);
    out.write_all(&script)?;
    out.flush()
}

#[cfg(test)]
// Unwrapping is how a test says "this must succeed".
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_flags() {
        let cli = Cli::try_parse_from([
            "dsadmin",
            "--demo",
            "--profile",
            "ds-admin",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            "http://localhost:5000",
            "--read-only",
            "--config",
            "/tmp/c.toml",
            "--log-file",
            "/tmp/dsadmin.log",
            "--log-level",
            "debug",
        ])
        .unwrap();
        assert!(cli.global.demo && cli.global.read_only);
        assert_eq!(cli.global.profile.as_deref(), Some("ds-admin"));
        assert_eq!(cli.global.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            cli.global.endpoint_url.as_deref(),
            Some("http://localhost:5000")
        );
        assert_eq!(cli.global.config, Some(PathBuf::from("/tmp/c.toml")));
        assert_eq!(cli.log_file, Some(PathBuf::from("/tmp/dsadmin.log")));
        assert_eq!(cli.log_level, Some(LogLevel::Debug));
        assert!(!cli.print_default_config && !cli.check_config);
        assert!(cli.command.is_none());
    }

    #[test]
    fn rejects_bad_log_level() {
        assert!(Cli::try_parse_from(["dsadmin", "--log-level", "loud"]).is_err());
    }

    #[test]
    fn hidden_check_config_flag() {
        let cli = Cli::try_parse_from(["dsadmin", "--check-config"]).unwrap();
        assert!(cli.check_config);
        let help = Cli::command().render_long_help().to_string();
        assert!(!help.contains("--check-config"));
        assert!(help.contains("--print-default-config"));
    }

    #[test]
    fn completions_subcommand() {
        let cli = Cli::try_parse_from(["dsadmin", "completions", "zsh"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(CliCommand::Completions { shell: Shell::Zsh })
        ));
        let mut out = Vec::new();
        print_completions(Shell::Bash, &mut out).unwrap();
        let script = String::from_utf8(out).unwrap();
        assert!(script.contains("dsadmin"));
        assert!(script.contains("--endpoint-url"));
    }
}
