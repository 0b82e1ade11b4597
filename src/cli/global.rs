//! The flags every subcommand (and the TUI) takes, wherever they appear on
//! the command line: where the estate is and whether changes are refused.
//! Subcommands get these, never the whole command line, so a subcommand's
//! file does not depend on the definitions of all the others.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Explore a built-in demo estate instead of AWS (no credentials needed;
    /// changes apply in memory only).
    #[arg(long, global = true)]
    pub demo: bool,

    /// AWS profile from ~/.aws/config to use.
    #[arg(long, global = true, value_name = "NAME", env = "AWS_PROFILE")]
    pub profile: Option<String>,

    /// AWS region, e.g. eu-west-1.
    #[arg(long, global = true, value_name = "NAME", env = "AWS_REGION")]
    pub region: Option<String>,

    /// Send every AWS call to this endpoint (LocalStack, moto …) instead of AWS.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Give up on one AWS call after this many seconds, its retries
    /// included; each attempt waits at most 30 s (or this, if shorter).
    #[arg(long, global = true, value_name = "SECONDS", env = "DSADMIN_TIMEOUT",
          default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// Refuse every change and every credential (presigned URLs), whatever
    /// the config file says.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// The TUI neither reads nor keeps the last-known lists of its tabs
    /// (`$XDG_CACHE_HOME/dsadmin/inventory`): every tab waits for AWS.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Act in this account (12 digits): one of `[[accounts]]`, the SSO
    /// profiles of ~/.aws/config or the `[organization]`'s members, with
    /// its own credentials (its profile, or its role assumed from the base
    /// profile). Changes, the journal and read-only go by that account.
    #[arg(long, global = true, value_name = "ID")]
    pub account: Option<String>,

    /// The role `--account` resolved to, assumed from the base profile
    /// (set by `cli::run` once the config is read; not a flag).
    #[arg(skip)]
    pub assume_role: Option<crate::model::account::AssumedRole>,

    /// Config file to use instead of ~/.config/dsadmin/config.toml; it must exist.
    #[arg(long, global = true, value_name = "PATH", env = "DSADMIN_CONFIG")]
    pub config: Option<PathBuf>,
}
