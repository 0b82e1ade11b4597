//! The command-line shapes of the lifecycle subcommands (clap derive) and
//! their conversion into one [`UserCommand`].

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use crate::cli::day2::Confirm;
use crate::cli::get::Output;
use crate::model::requests::AppOwner;

/// `dsadmin onboard --file users.csv [--dry-run] [--output table|json] [--yes]`
#[derive(Debug, Clone, Args)]
pub struct OnboardArgs {
    /// CSV with a header naming the columns user, team, domain and
    /// optionally sso_user (teams come from [teams.NAME] in the config).
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,
    /// Validate every row and show what would be created; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Result format: one line per row, or a JSON array (docs/json.md).
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    #[command(flatten)]
    pub confirm: Confirm,
}

/// `dsadmin offboard --domain D --user U [--yes]`
#[derive(Debug, Clone, Args)]
pub struct OffboardArgs {
    /// The domain: id (d-…) or name.
    #[arg(long, value_name = "NAME|ID")]
    pub domain: String,
    /// The user profile to delete with its apps and owned spaces.
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// Do not ask for the user name to be typed (required when not interactive).
    #[arg(short, long)]
    pub yes: bool,
}

/// `dsadmin presign --domain D --user U [--space S] [--expires S] [--session S]`
#[derive(Debug, Clone, Args)]
pub struct PresignArgs {
    /// The domain: id (d-…) or name. IAM-auth domains only.
    #[arg(long, value_name = "NAME|ID")]
    pub domain: String,
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// Open this space directly.
    #[arg(long, value_name = "NAME")]
    pub space: Option<String>,
    /// Seconds the URL can be used, 5-300 (default: [presign] in the config, else 60).
    #[arg(long, value_name = "SECONDS")]
    pub expires: Option<u32>,
    /// Seconds the Studio session lasts, 1800-43200 (default: [presign] in the config, else AWS's 43200).
    #[arg(long, value_name = "SECONDS")]
    pub session: Option<u32>,
}

/// `dsadmin app …`
#[derive(Debug, Clone, Subcommand)]
pub enum AppCommand {
    /// Delete (and so stop) one Studio app, e.g. an idle JupyterLab.
    #[command(group(ArgGroup::new("owner").required(true).args(["user", "space"])))]
    Delete {
        /// The domain: id (d-…) or name.
        #[arg(long, value_name = "NAME|ID")]
        domain: String,
        /// The user profile owning the app (classic private apps).
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// The space owning the app (JupyterLab, Code Editor).
        #[arg(long, value_name = "NAME")]
        space: Option<String>,
        /// The app type: JupyterLab, CodeEditor, JupyterServer, KernelGateway, …
        #[arg(long = "type", value_name = "TYPE")]
        app_type: String,
        /// The app name (often "default").
        #[arg(long, value_name = "NAME")]
        name: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// One lifecycle command as the command line asked for it.
#[derive(Debug, Clone)]
pub enum UserCommand {
    Onboard(OnboardArgs),
    Offboard(OffboardArgs),
    Presign(PresignArgs),
    AppDelete {
        domain: String,
        owner: AppOwner,
        app_type: String,
        name: String,
        yes: bool,
    },
}
