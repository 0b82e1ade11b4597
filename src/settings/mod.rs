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
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::command::Command;
use crate::command::TabKind;
use crate::gitsync::{GitSettings, JobMapping};
use crate::governance::{GovernanceConfig, RuleId, RuleSetting, Severity};
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

/// The file being merged, for messages.
struct Doc<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Doc<'_> {
    /// "path:line:column", or just "path" without an offset.
    fn at(&self, offset: Option<usize>) -> String {
        match offset {
            Some(offset) => {
                let (line, column) = line_col(self.text, offset);
                format!("{}:{line}:{column}", self.path.display())
            }
            None => self.path.display().to_string(),
        }
    }

    fn invalid(&self, err: &toml::de::Error, key: Option<String>) -> SettingsError {
        SettingsError::Invalid {
            path: self.path.to_path_buf(),
            location: err.span().map(|span| line_col(self.text, span.start)),
            message: err.message().trim_end().to_owned(),
            key,
        }
    }
}

/// 1-based line and column (counted in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// The serde_ignored path as plain key segments; the `Some`/newtype layers
/// it records are not keys a user wrote.
fn path_segments(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path as P;
    match path {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = path_segments(parent);
            v.push(index.to_string());
            v
        }
        P::Map { parent, key } => {
            let mut v = path_segments(parent);
            v.push(key.clone());
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            path_segments(parent)
        }
    }
}

/// The span of the key at `segments` (array elements by index).
fn find_key(table: &DeTable<'_>, segments: &[String]) -> Option<Range<usize>> {
    let (first, rest) = segments.split_first()?;
    let (key, value) = table.iter().find(|(k, _)| k.get_ref() == first)?;
    if rest.is_empty() {
        return Some(key.span());
    }
    let mut value = value.get_ref();
    let mut rest = rest;
    // Descend through arrays (of tables) by index.
    while let DeValue::Array(items) = value {
        let (index, tail) = rest.split_first()?;
        let item = items.get(index.parse::<usize>().ok()?)?;
        if tail.is_empty() {
            return Some(item.span());
        }
        value = item.get_ref();
        rest = tail;
    }
    match value {
        DeValue::Table(inner) => find_key(inner, rest),
        _ => None,
    }
}

/// The dotted key whose value (or key) is the innermost one containing the
/// error span, to say which setting an error is about.
fn key_at(table: &DeTable<'_>, span: &Range<usize>) -> Option<String> {
    let mut best: Option<(usize, Vec<String>)> = None;
    let mut prefix = Vec::new();
    walk_for_key(table, span.start, &mut prefix, &mut best);
    best.map(|(_, path)| path.join("."))
}

fn walk_for_key(
    table: &DeTable<'_>,
    pos: usize,
    prefix: &mut Vec<String>,
    best: &mut Option<(usize, Vec<String>)>,
) {
    for (key, value) in table.iter() {
        prefix.push(key.get_ref().to_string());
        visit_value(value, pos, prefix, best);
        let key_span = key.span();
        if key_span.contains(&pos) {
            consider(key_span.len(), prefix, best);
        }
        prefix.pop();
    }
}

fn visit_value(
    value: &Spanned<DeValue<'_>>,
    pos: usize,
    prefix: &mut Vec<String>,
    best: &mut Option<(usize, Vec<String>)>,
) {
    let span = value.span();
    if span.contains(&pos) || (span.is_empty() && span.start == pos) {
        consider(span.len(), prefix, best);
    }
    match value.get_ref() {
        DeValue::Table(inner) => walk_for_key(inner, pos, prefix, best),
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                prefix.push(index.to_string());
                visit_value(item, pos, prefix, best);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Keeps the narrowest match; on a tie the later (deeper) one wins.
fn consider(width: usize, prefix: &[String], best: &mut Option<(usize, Vec<String>)>) {
    if best.as_ref().is_none_or(|(w, _)| width <= *w) {
        *best = Some((width, prefix.to_vec()));
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
// Unwrapping is how a test says "this must succeed".
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::style::Color;

    fn parse(text: &str) -> Result<Settings, SettingsError> {
        Settings::from_str(text, Path::new("/home/x/.config/dsadmin/config.toml"))
    }

    fn key(spec: &str) -> KeyBinding {
        spec.parse().unwrap()
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn builtin_defaults_parse_cleanly_and_match_the_code() {
        let s = Settings::builtin().unwrap();
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert_eq!(s.general, General::default());
        assert_eq!(s.theme, Theme::default());
        assert_eq!(s.source, None);
        assert_eq!(Settings::default(), s);
        assert_eq!(Keymap::default(), s.keymap);
        assert_eq!(s.source_label(), "built-in defaults");
    }

    #[test]
    fn default_file_sets_every_key() {
        // Every theme colour and general key is spelled out, so the file
        // really is the reference.
        let raw: RawConfig = toml::from_str(DEFAULT_CONFIG).unwrap();
        assert!(raw.theme.all_set());
        assert!(raw.general.read_only.is_some());
        assert!(raw.general.default_tab.is_some());
        assert!(raw.general.log_level.is_some());
    }

    #[test]
    fn every_command_is_bound_by_default() {
        let map = Settings::default().keymap;
        for (cmd, keys) in map.entries() {
            assert!(!keys.is_empty(), "{cmd:?} has no default key");
        }
    }

    #[test]
    fn every_default_binding_round_trips_through_display() {
        let raw: RawConfig = toml::from_str(DEFAULT_CONFIG).unwrap();
        assert!(raw.keymap.len() >= Command::ALL.len());
        for (spec, cmd) in &raw.keymap {
            let k = key(spec);
            assert_eq!(key(&k.to_string()), k, "{spec}");
            assert!(
                Command::from_name(cmd.get_ref()).is_some(),
                "{}",
                cmd.get_ref()
            );
        }
    }

    #[test]
    fn default_keymap_as_documented() {
        let map = Settings::default().keymap;
        let shown = |cmd| {
            map.bindings_for(cmd)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(Command::Down), ["j", "down"]);
        assert_eq!(shown(Command::Up), ["k", "up"]);
        assert_eq!(shown(Command::PageDown), ["pagedown", "ctrl-f"]);
        assert_eq!(shown(Command::PageUp), ["pageup", "ctrl-b"]);
        assert_eq!(shown(Command::Top), ["g", "home"]);
        assert_eq!(shown(Command::Bottom), ["G", "end"]);
        assert_eq!(shown(Command::NextTab), ["tab"]);
        assert_eq!(shown(Command::PrevTab), ["shift-tab"]);
        assert_eq!(shown(Command::TabDomains), ["1"]);
        assert_eq!(shown(Command::TabEndpoints), ["7"]);
        assert_eq!(shown(Command::Open), ["enter"]);
        assert_eq!(shown(Command::Back), ["esc", "backspace"]);
        assert_eq!(shown(Command::Filter), ["/"]);
        assert_eq!(shown(Command::CommandLine), [":"]);
        assert_eq!(shown(Command::SortReverse), ["S"]);
        assert_eq!(shown(Command::Help), ["?"]);
        assert_eq!(shown(Command::Quit), ["q", "ctrl-c"]);
        assert_eq!(
            map.lookup(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            map.lookup(&press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevTab)
        );
        assert_eq!(
            map.lookup(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        for (i, tab) in TabKind::ALL.iter().enumerate() {
            let digit = char::from_digit(i as u32 + 1, 10).unwrap();
            let cmd = map.lookup(&press(KeyCode::Char(digit), KeyModifiers::NONE));
            assert_eq!(cmd.and_then(Command::tab), Some(*tab));
        }
    }

    #[test]
    fn user_file_merges_over_defaults() {
        let s = parse(
            r##"
[general]
read_only = true

[theme]
accent = "#ff8000"

[keymap]
X = "quit"
q = "none"
j = "page_down"
"##,
        )
        .unwrap();
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert!(s.general.read_only);
        // Untouched keys keep their defaults.
        assert_eq!(s.general.default_tab, TabKind::Users);
        assert_eq!(s.general.log_level, LogLevel::Info);
        assert_eq!(s.theme.accent, Color::Rgb(255, 128, 0));
        assert_eq!(s.theme.ok, Theme::default().ok);
        let map = &s.keymap;
        assert_eq!(map.get(key("X")), Some(Command::Quit));
        assert_eq!(map.get(key("q")), None);
        assert_eq!(map.get(key("ctrl-c")), Some(Command::Quit));
        assert_eq!(map.get(key("j")), Some(Command::PageDown));
        assert_eq!(map.bindings_for(Command::Down), vec![key("down")]);
        assert_eq!(
            map.bindings_for(Command::Quit),
            vec![key("ctrl-c"), key("X")]
        );
        assert_eq!(
            s.source.as_deref(),
            Some(Path::new("/home/x/.config/dsadmin/config.toml"))
        );
    }

    #[test]
    fn empty_user_file_is_the_defaults() {
        let s = parse("").unwrap();
        assert_eq!(s.general, General::default());
        assert_eq!(s.keymap, Keymap::default());
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn unknown_keys_are_warnings_with_location() {
        let s = parse("[general]\nread_only = true\ncolour = 3\n\n[fancy]\nx = 1\n").unwrap();
        assert!(s.general.read_only);
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert_eq!(
            s.warnings[0],
            "/home/x/.config/dsadmin/config.toml:3:1: unknown key \"general.colour\" (ignored)"
        );
        assert_eq!(
            s.warnings[1],
            "/home/x/.config/dsadmin/config.toml:5:2: unknown key \"fancy\" (ignored)"
        );
    }

    #[test]
    fn unknown_commands_and_bad_key_specs_are_warnings() {
        let s =
            parse("[keymap]\nX = \"launch_missiles\"\nhyper-z = \"quit\"\nz = \"help\"\n").unwrap();
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert!(
            s.warnings[0].starts_with("/home/x/.config/dsadmin/config.toml:2:1: keymap: unknown command \"launch_missiles\" for key \"X\""),
            "{}",
            s.warnings[0]
        );
        assert!(
            s.warnings[1].starts_with(
                "/home/x/.config/dsadmin/config.toml:3:1: keymap: cannot parse key \"hyper-z\""
            ),
            "{}",
            s.warnings[1]
        );
        // The good entry still applies, the bad ones change nothing.
        assert_eq!(s.keymap.get(key("z")), Some(Command::Help));
        assert_eq!(s.keymap.get(key("X")), None);
    }

    #[test]
    fn same_key_twice_is_a_warning() {
        let s = parse("[keymap]\nG = \"top\"\nshift-g = \"help\"\n").unwrap();
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(s.warnings[0].contains("same key"), "{}", s.warnings[0]);
        assert_eq!(s.keymap.get(key("G")), Some(Command::Help));
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn wrong_type_names_file_line_column_and_key() {
        assert_eq!(
            error("[general]\n# comment\nread_only = \"yes\"\n"),
            "/home/x/.config/dsadmin/config.toml:3:13: invalid type: string \"yes\", \
             expected a boolean (general.read_only)"
        );
    }

    #[test]
    fn toml_syntax_error_has_line_and_column() {
        let msg = error("[general]\nread_only = true\n[theme\naccent = \"cyan\"\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:3:"),
            "{msg}"
        );
        let msg = error("[general]\nread_only = \n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:2:"),
            "{msg}"
        );
        let msg = error("a = 1\na = 2\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:2:"),
            "{msg}"
        );
        assert!(msg.contains("duplicate"), "{msg}");
    }

    #[test]
    fn bad_colour_is_an_error() {
        let msg = error("[theme]\n\nok = \"purple\"\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:3:6: invalid colour \"purple\""),
            "{msg}"
        );
        assert!(msg.ends_with("(theme.ok)"), "{msg}");
    }

    #[test]
    fn unknown_tab_is_an_error() {
        let msg = error("[general]\ndefault_tab = \"costs\"\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:2:15: unknown variant `costs`"),
            "{msg}"
        );
        assert!(msg.contains("`users`"), "{msg}");
        assert!(msg.ends_with("(general.default_tab)"), "{msg}");
    }

    #[test]
    fn wrong_type_for_section_and_keymap_value() {
        let msg = error("general = 3\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:1:11:"),
            "{msg}"
        );
        assert!(msg.ends_with("(general)"), "{msg}");
        let msg = error("[keymap]\nj = 5\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:2:5:"),
            "{msg}"
        );
        assert!(msg.ends_with("(keymap.j)"), "{msg}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let msg = error("[general]\n\"é\" = 1\nlog_level = \"loud\"\n");
        assert!(msg.contains(":3:13:"), "{msg}");
        assert_eq!(line_col("é = \"x\"", "é = ".len()), (1, 5));
    }

    #[test]
    fn load_explicit_missing_file_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        let err = Settings::load(Some(&path)).unwrap_err();
        assert!(matches!(err, SettingsError::NotFound { .. }));
        assert_eq!(err.path(), path);
        assert!(err.to_string().contains("nope.toml"), "{err}");
    }

    #[test]
    fn load_explicit_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "[general]\ndefault_tab = \"jobs\"\nlog_level = \"debug\"\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path)).unwrap();
        assert_eq!(s.general.default_tab, TabKind::Jobs);
        assert_eq!(s.general.log_level, LogLevel::Debug);
        assert_eq!(s.source.as_deref(), Some(path.as_path()));
        assert_eq!(s.source_label(), path.display().to_string());
    }

    #[test]
    fn default_path_ends_in_dsadmin_config_toml() {
        if let Some(path) = default_config_path() {
            assert!(path.ends_with("dsadmin/config.toml"), "{}", path.display());
        }
    }

    #[test]
    fn governance_defaults_match_the_code_and_merge() {
        assert_eq!(
            Settings::builtin().unwrap().governance,
            GovernanceConfig::default()
        );
        let s = parse(
            "[governance]\nidle_limit_minutes = 120\nclosed_repositories = [\"approved-pypi\"]\n\n\
             [governance.rules.endpoint-single-instance]\nenabled = false\n\n\
             [governance.rules.ecr-image-high-findings]\nseverity = \"critical\"\n\n\
             [teams.claims]\nexecution_role = \"arn:aws:iam::123456789012:role/claims\"\n",
        )
        .unwrap();
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let g = s.governance_rules();
        assert_eq!(g.idle_limit_minutes, 120);
        assert_eq!(g.required_tags, ["TeamName", "EnvironmentType"]);
        assert_eq!(g.closed_repositories, ["approved-pypi"]);
        assert!(!g.setting(RuleId::EndpointSingleInstance).enabled);
        assert_eq!(
            g.setting(RuleId::EndpointSingleInstance).severity,
            Severity::Low
        );
        let high = g.setting(RuleId::ImageHighFindings);
        assert!(high.enabled);
        assert_eq!(high.severity, Severity::Critical);
        assert_eq!(g.team_roles, ["arn:aws:iam::123456789012:role/claims"]);
        assert!(g.role_allowed("arn:aws:iam::123456789012:role/claims"));
    }

    #[test]
    fn governance_errors_name_file_line_and_key() {
        let msg = error("[governance]\n\n[governance.rules.no-such-rule]\nenabled = false\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:3:19: unknown rule \"no-such-rule\"; rules: domain-not-vpc-only,"),
            "{msg}"
        );
        assert!(msg.ends_with("(governance.rules.no-such-rule)"), "{msg}");
        let msg = error("[governance.rules.model-no-vpc]\nseverity = \"urgent\"\n");
        assert!(
            msg.starts_with("/home/x/.config/dsadmin/config.toml:2:12: unknown variant `urgent`"),
            "{msg}"
        );
        assert!(
            msg.ends_with("(governance.rules.model-no-vpc.severity)"),
            "{msg}"
        );
        let msg = error("[governance]\nidle_limit_minutes = 5\n");
        assert_eq!(
            msg,
            "/home/x/.config/dsadmin/config.toml:2:1: 5 is out of range: idle shutdown is 60-525600 minutes in SageMaker (governance.idle_limit_minutes)"
        );
        let msg = error("[governance]\nallowed_execution_roles = [\n  \"arn:aws:iam::1:role/a\",\n  \"admin\",\n]\n");
        assert!(
            msg.starts_with(
                "/home/x/.config/dsadmin/config.toml:4:3: \"admin\" is not an IAM role ARN"
            ),
            "{msg}"
        );
        assert!(
            msg.ends_with("(governance.allowed_execution_roles.1)"),
            "{msg}"
        );
    }

    #[test]
    fn cli_flags_override() {
        let mut s = parse("[general]\nlog_level = \"warn\"\n").unwrap();
        // What `--read-only --log-level trace` passes.
        s.apply_flags(true, Some(LogLevel::Trace));
        assert!(s.general.read_only);
        assert_eq!(s.general.log_level, LogLevel::Trace);
        // Without the flag, the file's read_only = true stays on.
        let mut s = parse("[general]\nread_only = true\n").unwrap();
        s.apply_flags(false, None);
        assert!(s.general.read_only);
        assert_eq!(s.general.log_level, LogLevel::Info);
    }

    #[test]
    fn a_session_without_its_account_is_read_only_if_an_account_rule_exists() {
        let settings = Settings::from_str(
            "[[environments]]\nmatch = \"111122223333\"\nlabel = \"PROD\"\ncolor = \"red\"\nread_only = true\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let unknown =
            crate::policy::Policy::for_session(&settings.read_only_rules(), false, None, "admin");
        assert!(matches!(
            unknown.reason(),
            Some(crate::policy::ReadOnlyReason::AccountUnknown { matched, .. }) if matched == "111122223333"
        ));
        assert!(crate::policy::Policy::for_session(
            &settings.read_only_rules(),
            false,
            Some("444455556666"),
            "admin"
        )
        .reason()
        .is_none());
        assert!(matches!(
            crate::policy::Policy::for_session(
                &settings.read_only_rules(),
                false,
                Some("111122223333"),
                "admin"
            )
            .reason(),
            Some(crate::policy::ReadOnlyReason::Profile { .. })
        ));
        // The flag still wins, and names itself.
        assert_eq!(
            crate::policy::Policy::for_session(&settings.read_only_rules(), true, None, "admin")
                .reason(),
            Some(&crate::policy::ReadOnlyReason::Flag)
        );
        // A profile-name rule needs no account.
        let builtin = Settings::builtin().unwrap();
        assert!(!crate::policy::Policy::for_session(
            &builtin.read_only_rules(),
            false,
            None,
            "admin"
        )
        .is_read_only());
    }
}
