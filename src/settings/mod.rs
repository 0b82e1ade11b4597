//! Settings: the embedded defaults (`config/default.toml`) with the user's
//! config file merged over them key by key.
//!
//! A file dsadmin cannot make sense of (bad TOML, a wrong type, a bad colour,
//! an unknown tab) is an error naming the file, line and column: starting
//! with half a config would be worse than not starting. Anything merely
//! unrecognised (an unknown key, an unknown command, a key spec we cannot
//! parse) is a warning, so a config written for a newer dsadmin still works.

pub mod costs;
pub mod demo;
pub mod keymap;
mod locate;
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::DeTable;
use toml::Spanned;

use crate::command::Command;
use crate::command::TabKind;
use crate::gitsync::{GitSettings, JobMapping};
use crate::governance::{GovernanceConfig, RuleId, RuleSetting, Severity};
use crate::ops::teams::TeamSettings;
use locate::{find_key, key_at, line_col, path_segments, Doc};

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
    /// Git → Glue: where each job's script lives in Git (`[git]`).
    pub git: GitSettings,
    /// Posture rules: enable, severity, thresholds (`[governance]`).
    pub governance: GovernanceConfig,
    /// The cost radar: idle limits and prices (`[costs]`).
    pub costs: costs::CostSettings,
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
            git: GitSettings::default(),
            governance: GovernanceConfig::default(),
            costs: costs::CostSettings::builtin(),
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
        self.environments
            .iter()
            .find(|e| Some(e.matches.as_str()) == account || e.matches == profile)
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

    /// Merges one config text over `self`.
    fn merge(&mut self, text: &str, path: &Path) -> Result<(), SettingsError> {
        let doc = Doc { text, path };
        // Parsed twice: once into a span-carrying tree to locate keys for
        // messages, once through serde. Config files are tiny.
        let tree = DeTable::parse(text).map_err(|e| doc.invalid(&e, None))?;
        let tree = tree.get_ref();
        let de = toml::de::Deserializer::parse(text).map_err(|e| doc.invalid(&e, None))?;

        let mut ignored: Vec<Vec<String>> = Vec::new();
        let raw: RawConfig = serde_ignored::deserialize(de, |p| ignored.push(path_segments(&p)))
            .map_err(|e| {
                let key = e.span().and_then(|span| key_at(tree, &span));
                doc.invalid(&e, key)
            })?;

        // serde visits keys sorted by name; report them in file order.
        let mut ignored: Vec<(Option<usize>, Vec<String>)> = ignored
            .into_iter()
            .map(|segments| (find_key(tree, &segments).map(|r| r.start), segments))
            .collect();
        ignored.sort();
        for (start, segments) in ignored {
            let at = doc.at(start);
            self.warnings.push(format!(
                "{at}: unknown key \"{}\" (ignored)",
                segments.join(".")
            ));
        }

        raw.general.apply(&mut self.general);
        raw.theme.apply(&mut self.theme);
        if let Some(envs) = raw.environments {
            // A file's list replaces the one below it: cues are a whole, not a merge.
            self.environments = envs
                .into_iter()
                .map(|e| Environment {
                    matches: e.matches,
                    label: e.label,
                    color: e.color.0,
                    read_only: e.read_only,
                })
                .collect();
        }
        if let Some(path) = raw.audit.path {
            // Relative to the working directory, as a command-line path
            // would be; "~" is not expanded (TOML has no shell).
            self.audit.path = Some(path);
        }
        self.merge_presign(&doc, tree, raw.presign)?;
        self.merge_teams(&doc, tree, raw.teams)?;
        self.merge_git(&doc, tree, raw.git)?;
        self.merge_governance(&doc, tree, raw.governance)?;
        self.merge_costs(&doc, tree, raw.costs)?;
        self.merge_keymap(&doc, tree, raw.keymap);
        Ok(())
    }

    /// Merges `[git]` key by key (a file's `[[git.jobs]]` list replaces the
    /// one below it, as `[[environments]]` does) and checks the result, so a
    /// mapping that could never be read is an error at its line.
    fn merge_git(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        raw: RawGit,
    ) -> Result<(), SettingsError> {
        let mut git = self.git.clone();
        if let Some(r) = raw.repository {
            git.repository = Some(r);
        }
        if let Some(b) = raw.branch {
            git.branch = b;
        }
        if let Some(p) = raw.script_path {
            git.script_path = p;
        }
        if let Some(jobs) = raw.jobs {
            git.jobs = jobs;
        }
        if let Err(e) = git.validate() {
            let mut segments = vec!["git".to_owned()];
            if let Some(i) = e.entry {
                segments.extend(["jobs".to_owned(), i.to_string()]);
            }
            let entry_start = find_key(tree, &segments).map(|r| r.start);
            segments.push(e.field.to_owned());
            let start = find_key(tree, &segments).map(|r| r.start).or(entry_start);
            return Err(SettingsError::Invalid {
                path: doc.path.to_path_buf(),
                location: start.map(|offset| line_col(doc.text, offset)),
                message: e.message,
                key: Some(segments.join(".")),
            });
        }
        self.git = git;
        Ok(())
    }

    /// Merges `[governance]` key by key (a list given replaces the one
    /// below it; `[governance.rules.ID]` entries merge per rule). An unknown
    /// rule id, a bad severity or a threshold SageMaker would refuse stops
    /// loading at its line: a check that silently skips a rule is worse.
    fn merge_governance(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        raw: RawGovernance,
    ) -> Result<(), SettingsError> {
        let invalid = |segments: &[String], message: String| {
            let mut path = vec!["governance".to_owned()];
            path.extend(segments.iter().cloned());
            // The deepest key the file has, so a list entry points at itself.
            let start = (1..=path.len())
                .rev()
                .find_map(|n| find_key(tree, &path[..n]))
                .map(|r| r.start);
            SettingsError::Invalid {
                path: doc.path.to_path_buf(),
                location: start.map(|offset| line_col(doc.text, offset)),
                message,
                key: Some(path.join(".")),
            }
        };
        let mut g = self.governance.clone();
        if let Some(v) = raw.idle_limit_minutes {
            g.idle_limit_minutes = v;
        }
        if let Some(v) = raw.required_tags {
            g.required_tags = v;
        }
        if let Some(v) = raw.allowed_execution_roles {
            g.allowed_execution_roles = v;
        }
        if let Some(v) = raw.closed_repositories {
            g.closed_repositories = v;
        }
        for (id, rule) in raw.rules {
            let Some(rule_id) = RuleId::from_id(&id) else {
                return Err(invalid(
                    &["rules".to_owned(), id.clone()],
                    format!(
                        "unknown rule \"{id}\"; rules: {}",
                        RuleId::ALL
                            .iter()
                            .map(|r| r.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            };
            let current = g.setting(rule_id);
            g.rules.insert(
                rule_id,
                RuleSetting {
                    enabled: rule.enabled.unwrap_or(current.enabled),
                    severity: rule.severity.unwrap_or(current.severity),
                },
            );
        }
        if let Err(e) = g.validate() {
            return Err(invalid(&e.field, e.message));
        }
        self.governance = g;
        Ok(())
    }

    fn merge_keymap(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        entries: BTreeMap<String, Spanned<String>>,
    ) {
        // File order, so help lists keys in the order the file gives them.
        // (serde_ignored cannot pass spanned map keys through, so the key
        // positions come from the span tree.)
        let mut entries: Vec<(usize, String, Spanned<String>)> = entries
            .into_iter()
            .map(|(spec, command)| {
                let segments = ["keymap".to_owned(), spec.clone()];
                let start = find_key(tree, &segments).map_or(command.span().start, |r| r.start);
                (start, spec, command)
            })
            .collect();
        entries.sort_by_key(|(start, _, _)| *start);

        let mut seen: HashMap<KeyBinding, String> = HashMap::new();
        for (start, spec, command) in entries {
            let at = doc.at(Some(start));
            let key = match spec.parse::<KeyBinding>() {
                Ok(key) => key,
                Err(err) => {
                    self.warnings
                        .push(format!("{at}: keymap: cannot parse key {err} (ignored)"));
                    continue;
                }
            };
            if let Some(earlier) = seen.insert(key, spec.clone()) {
                self.warnings.push(format!(
                    "{at}: keymap: \"{spec}\" is the same key as \"{earlier}\"; the later one wins"
                ));
            }
            let name = command.get_ref().trim();
            if name == UNBIND {
                self.keymap.unbind(key);
                continue;
            }
            match Command::from_name(name) {
                Some(cmd) => self.keymap.bind(key, cmd),
                None => self.warnings.push(format!(
                    "{at}: keymap: unknown command \"{name}\" for key \"{spec}\" (ignored; \
                     `dsadmin --print-default-config` lists the commands)"
                )),
            }
        }
    }
}

impl Settings {
    /// Adds a file's `[teams.NAME]` sections: a team defined again replaces
    /// the earlier definition whole (half of one team's tags mixed with
    /// another's would be a surprise). A team that breaks an AWS rule is a
    /// config error at its line: better than a failed create call later.
    /// The limits are AWS's: a value outside them would fail every presign,
    /// so it stops loading with the file and line instead.
    fn merge_presign(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        raw: RawPresign,
    ) -> Result<(), SettingsError> {
        use crate::ops::presign::{EXPIRES_RANGE, SESSION_RANGE};
        let check = |key: &str, value: u32, range: std::ops::RangeInclusive<u32>, what: &str| {
            if range.contains(&value) {
                return Ok(());
            }
            let segments = ["presign".to_owned(), key.to_owned()];
            let start = find_key(tree, &segments).map(|r| r.start);
            Err(SettingsError::Invalid {
                path: doc.path.to_path_buf(),
                location: start.map(|offset| line_col(doc.text, offset)),
                message: format!(
                    "{value} is out of range: {what} must be {}-{} seconds",
                    range.start(),
                    range.end()
                ),
                key: Some(segments.join(".")),
            })
        };
        if let Some(v) = raw.expires_in_seconds {
            check(
                "expires_in_seconds",
                v,
                EXPIRES_RANGE,
                "a presigned URL's expiry",
            )?;
            self.presign.expires_in_seconds = v;
        }
        if let Some(v) = raw.session_expiration_seconds {
            check(
                "session_expiration_seconds",
                v,
                SESSION_RANGE,
                "a Studio session's length",
            )?;
            self.presign.session_expiration_seconds = Some(v);
        }
        Ok(())
    }

    fn merge_teams(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        teams: BTreeMap<String, TeamSettings>,
    ) -> Result<(), SettingsError> {
        for (name, team) in teams {
            if let Err(e) = team.validate(&name) {
                let mut segments = vec!["teams".to_owned(), name.clone()];
                let team_start = find_key(tree, &segments).map(|r| r.start);
                if let Some(field) = e.field.config_key() {
                    segments.push(field.to_owned());
                }
                let start = find_key(tree, &segments).map(|r| r.start).or(team_start);
                return Err(SettingsError::Invalid {
                    path: doc.path.to_path_buf(),
                    location: start.map(|offset| line_col(doc.text, offset)),
                    message: e.message,
                    key: Some(segments.join(".")),
                });
            }
            self.teams.insert(name, team);
        }
        Ok(())
    }
}

/// One config file as written: every key optional, so a user file only
/// overrides what it mentions. Unknown keys are reported by serde_ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawConfig {
    general: RawGeneral,
    theme: RawTheme,
    environments: Option<Vec<RawEnvironment>>,
    teams: BTreeMap<String, TeamSettings>,
    audit: RawAudit,
    presign: RawPresign,
    git: RawGit,
    governance: RawGovernance,
    costs: costs::RawCosts,
    /// Spanned values locate the entry when a key's position is unknown.
    keymap: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct RawEnvironment {
    #[serde(rename = "match")]
    matches: String,
    label: String,
    color: ThemeColor,
    #[serde(default)]
    read_only: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawPresign {
    expires_in_seconds: Option<u32>,
    session_expiration_seconds: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawGit {
    repository: Option<PathBuf>,
    branch: Option<String>,
    script_path: Option<String>,
    jobs: Option<Vec<JobMapping>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawGovernance {
    idle_limit_minutes: Option<u32>,
    required_tags: Option<Vec<String>>,
    allowed_execution_roles: Option<Vec<String>>,
    closed_repositories: Option<Vec<String>>,
    rules: BTreeMap<String, RawRule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRule {
    enabled: Option<bool>,
    severity: Option<Severity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawAudit {
    path: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawGeneral {
    read_only: Option<bool>,
    default_tab: Option<TabKind>,
    log_level: Option<LogLevel>,
}

impl RawGeneral {
    fn apply(self, general: &mut General) {
        if let Some(v) = self.read_only {
            general.read_only = v;
        }
        if let Some(v) = self.default_tab {
            general.default_tab = v;
        }
        if let Some(v) = self.log_level {
            general.log_level = v;
        }
    }
}

/// Declares the raw theme section and its merge in one place so a new colour
/// cannot be added to one and forgotten in the other.
macro_rules! raw_theme {
    ($($field:ident),* $(,)?) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct RawTheme {
            $($field: Option<ThemeColor>,)*
        }

        impl RawTheme {
            fn apply(self, theme: &mut Theme) {
                $(if let Some(c) = self.$field {
                    theme.$field = c.0;
                })*
            }

            #[cfg(test)]
            fn all_set(&self) -> bool {
                true $(&& self.$field.is_some())*
            }
        }
    };
}

raw_theme!(
    accent,
    text,
    muted,
    ok,
    warn,
    bad,
    selection_fg,
    selection_bg,
    header_fg,
    header_bg,
    match_fg,
    border,
);

#[cfg(test)]
mod tests;
