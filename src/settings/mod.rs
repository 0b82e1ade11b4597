//! Settings: the embedded defaults (`config/default.toml`) with the user's
//! config file merged over them key by key.
//!
//! A file dsadmin cannot make sense of (bad TOML, a wrong type, a bad colour,
//! an unknown tab) is an error naming the file, line and column: starting
//! with half a config would be worse than not starting. Anything merely
//! unrecognised (an unknown key, an unknown command, a key spec we cannot
//! parse) is a warning, so a config written for a newer dsadmin still works.

mod accounts;
pub mod costs;
pub mod demo;
pub mod keymap;
mod locate;
mod merge;
pub mod theme;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::command::TabKind;
use crate::gitsync::GitSettings;
use crate::governance::GovernanceConfig;
use crate::ops::teams::TeamSettings;

pub use keymap::{KeyBinding, KeySpecError, Keymap};
pub use theme::{Theme, ThemeColor};

/// The built-in configuration, also the reference printed by
/// `dsadmin --print-default-config`.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");

/// What messages call the embedded defaults in place of a file name.
const BUILTIN_LABEL: &str = "<built-in defaults>";

/// The keymap value that frees a key instead of binding it.
const UNBIND: &str = "none";

/// Verbosity of the log file.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    /// The name used in config files, on the command line and by
    /// `tracing_subscriber::EnvFilter`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[general]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct General {
    pub read_only: bool,
    pub default_tab: TabKind,
    pub log_level: LogLevel,
}

impl Default for General {
    /// The same values as `config/default.toml` (a test keeps them in step).
    fn default() -> Self {
        Self {
            read_only: false,
            default_tab: TabKind::Users,
            log_level: LogLevel::Info,
        }
    }
}

/// The `[ui]` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiSettings {
    /// Seconds between live refreshes of the visible list (its list calls
    /// only); 0 turns live refresh off.
    pub refresh_seconds: u32,
}

impl UiSettings {
    /// At most an hour between refreshes: longer is "off" by another name.
    pub const REFRESH_RANGE: std::ops::RangeInclusive<u32> = 0..=3600;
}

impl Default for UiSettings {
    /// The same value as `config/default.toml`.
    fn default() -> Self {
        Self {
            refresh_seconds: 30,
        }
    }
}

/// An environment cue: a label and colour for an account or profile, shown in
/// the header so nobody mistakes production for a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// A 12-digit account id or a profile name.
    pub matches: String,
    pub label: String,
    pub color: ratatui::style::Color,
    /// Refuse every change and credential while this profile or account is
    /// in use (`read_only = true` on the entry), e.g. production for
    /// everyone who shares this config.
    pub read_only: bool,
}

/// The first of `environments` that matches `account` or `profile` (none
/// for a role's session, which goes by its account).
pub fn environment_in<'a>(
    environments: &'a [Environment],
    account: Option<&str>,
    profile: Option<&str>,
) -> Option<&'a Environment> {
    environments
        .iter()
        .find(|e| Some(e.matches.as_str()) == account || Some(e.matches.as_str()) == profile)
}

/// The `[audit]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSettings {
    /// The journal file; `None` in the file means the default,
    /// [`crate::audit::default_path`], resolved at load time.
    pub path: Option<PathBuf>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            path: crate::audit::default_path(),
        }
    }
}

/// The `[presign]` section: defaults for presigned Studio URLs, which
/// `dsadmin presign --expires/--session` and the `p` key override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresignSettings {
    /// ExpiresInSeconds, 5–300.
    pub expires_in_seconds: u32,
    /// SessionExpirationDurationInSeconds, 1800–43200; `None` = AWS's
    /// default (43200, 12 hours).
    pub session_expiration_seconds: Option<u32>,
}

impl Default for PresignSettings {
    fn default() -> Self {
        Self {
            expires_in_seconds: crate::ops::presign::DEFAULT_EXPIRES,
            session_expiration_seconds: None,
        }
    }
}

/// Everything configurable, after merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub general: General,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Environment cues, first match wins (`[[environments]]`).
    pub environments: Vec<Environment>,
    /// Onboarding teams (`[teams.NAME]`), validated at load.
    pub teams: BTreeMap<String, TeamSettings>,
    pub audit: AuditSettings,
    pub presign: PresignSettings,
    /// Live refresh (`[ui]`).
    pub ui: UiSettings,
    /// Git → Glue: where each job's script lives in Git (`[git]`).
    pub git: GitSettings,
    /// Posture rules: enable, severity, thresholds (`[governance]`).
    pub governance: GovernanceConfig,
    /// The cost radar: idle limits and prices (`[costs]`).
    pub costs: costs::CostSettings,
    /// More accounts beyond the base profile (`[[accounts]]`).
    pub accounts: Vec<crate::model::account::Account>,
    /// Every member account of an AWS Organization (`[organization]`).
    pub organization: Option<crate::model::account::Organization>,
    /// Problems that did not stop loading, each naming the file and key;
    /// `main` prints them to stderr before starting the UI.
    pub warnings: Vec<String>,
    /// The user file merged over the defaults, if there was one.
    pub source: Option<PathBuf>,
}

/// A config file dsadmin refuses to start with.
#[derive(Debug)]
pub enum SettingsError {
    /// `--config` named a file that does not exist.
    NotFound { path: PathBuf },
    /// The file exists but could not be read (permissions, not UTF-8 …).
    Read { path: PathBuf, source: io::Error },
    /// The file was read but is not a valid config.
    Invalid {
        path: PathBuf,
        /// 1-based line and column (in characters) of the problem, when
        /// the parser could say where it is.
        location: Option<(usize, usize)>,
        message: String,
        /// The dotted key the problem is in ("general.read_only").
        key: Option<String>,
    },
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::NotFound { path } => {
                write!(f, "{}: config file not found", path.display())
            }
            SettingsError::Read { path, source } => {
                write!(f, "{}: cannot read config file: {source}", path.display())
            }
            SettingsError::Invalid {
                path,
                location,
                message,
                key,
            } => {
                write!(f, "{}", path.display())?;
                if let Some((line, column)) = location {
                    write!(f, ":{line}:{column}")?;
                }
                write!(f, ": {message}")?;
                if let Some(key) = key {
                    write!(f, " ({key})")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SettingsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SettingsError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl SettingsError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SettingsError::NotFound { path }
            | SettingsError::Read { path, .. }
            | SettingsError::Invalid { path, .. } => path,
        }
    }
}

/// Where dsadmin looks for the user's file when `--config` is not given:
/// `$XDG_CONFIG_HOME/dsadmin/config.toml` (`~/.config/dsadmin/config.toml`)
/// on Linux, the platform's config directory elsewhere. `None` when there is
/// no home directory to put it in.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dsadmin").map(|d| d.config_dir().join("config.toml"))
}

impl Default for Settings {
    /// The embedded defaults only.
    fn default() -> Self {
        Self::builtin().unwrap_or_else(|err| {
            // Unreachable while the unit tests pass (they parse the embedded
            // file); degrade to hard-coded values rather than panic.
            let mut settings = Settings::hard_coded();
            settings.warnings.push(err.to_string());
            settings
        })
    }
}

impl Settings {
    /// The embedded defaults, parsed.
    pub fn builtin() -> Result<Settings, SettingsError> {
        let mut settings = Settings::hard_coded();
        settings.merge(DEFAULT_CONFIG, Path::new(BUILTIN_LABEL))?;
        Ok(settings)
    }

    /// What the embedded file is merged over: every section's own default,
    /// no key bindings.
    fn hard_coded() -> Settings {
        Settings {
            general: General::default(),
            theme: Theme::default(),
            keymap: Keymap::empty(),
            environments: Vec::new(),
            teams: BTreeMap::new(),
            audit: AuditSettings::default(),
            presign: PresignSettings::default(),
            ui: UiSettings::default(),
            git: GitSettings::default(),
            governance: GovernanceConfig::default(),
            costs: costs::CostSettings::builtin(),
            accounts: Vec::new(),
            organization: None,
            warnings: Vec::new(),
            source: None,
        }
    }

    /// Loads the defaults and the user's file over them: `explicit` (the
    /// `--config` path, which must exist) or else [`default_config_path`]
    /// (which may be absent).
    pub fn load(explicit: Option<&Path>) -> Result<Settings, SettingsError> {
        let (path, required) = match explicit {
            Some(path) => (path.to_path_buf(), true),
            None => match default_config_path() {
                Some(path) => (path, false),
                None => return Self::builtin(),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_str(&text, &path),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if required {
                    Err(SettingsError::NotFound { path })
                } else {
                    Self::builtin()
                }
            }
            Err(source) => Err(SettingsError::Read { path, source }),
        }
    }

    /// The defaults with `text` merged over them, as if read from `path`
    /// (used in messages and recorded as [`Settings::source`]).
    pub fn from_str(text: &str, path: &Path) -> Result<Settings, SettingsError> {
        let mut settings = Self::builtin()?;
        settings.merge(text, path)?;
        settings.source = Some(path.to_path_buf());
        Ok(settings)
    }

    /// The environment cue for an account (once known) or a profile name.
    pub fn environment_for(&self, account: Option<&str>, profile: &str) -> Option<&Environment> {
        environment_in(&self.environments, account, Some(profile))
    }

    /// The posture rules' settings, with the onboarding teams' execution
    /// roles allowed alongside `[governance] allowed_execution_roles`.
    pub fn governance_rules(&self) -> GovernanceConfig {
        let mut config = self.governance.clone();
        config.team_roles = self
            .teams
            .values()
            .map(|t| t.execution_role.clone())
            .collect();
        config
    }

    /// What the read-only gate reads from the config: `[general]
    /// read_only`, the file it came from, and the read-only environments.
    pub fn read_only_rules(&self) -> crate::policy::ReadOnlyRules {
        crate::policy::ReadOnlyRules {
            config_read_only: self.general.read_only,
            source: self.source.clone(),
            environments: self
                .environments
                .iter()
                .filter(|e| e.read_only)
                .map(|e| crate::policy::ReadOnlyEnvironment {
                    matches: e.matches.clone(),
                    label: e.label.clone(),
                })
                .collect(),
        }
    }

    /// What `--check-config` reports as loaded: the file, or the defaults.
    pub fn source_label(&self) -> String {
        match &self.source {
            Some(path) => path.display().to_string(),
            None => "built-in defaults".to_owned(),
        }
    }

    /// Applies the command-line flags that override the file: `--read-only`
    /// can only switch read-only on (a support user's file cannot be undone
    /// by a flag, nor a flag by the file), `--log-level` replaces the level.
    pub fn apply_flags(&mut self, read_only: bool, log_level: Option<LogLevel>) {
        if read_only {
            self.general.read_only = true;
        }
        if let Some(level) = log_level {
            self.general.log_level = level;
        }
    }
}

#[cfg(test)]
mod tests;
