//! Reading one config file over the settings so far: the TOML parsed with
//! spans (so every error names its line and column), each section merged
//! key by key, unknown keys kept as warnings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;

use crate::command::{Command, TabKind};
use crate::gitsync::JobMapping;
use crate::governance::{RuleId, RuleSetting, Severity};
use crate::ops::teams::TeamSettings;

use super::locate::{find_key, key_at, line_col, path_segments, Doc};
use super::{
    costs, Environment, General, KeyBinding, LogLevel, Settings, SettingsError, Theme, ThemeColor,
    UNBIND,
};

impl Settings {
    /// Merges one config text over `self`.
    pub(super) fn merge(&mut self, text: &str, path: &Path) -> Result<(), SettingsError> {
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
        if let Some(v) = raw.ui.refresh_seconds {
            let range = super::UiSettings::REFRESH_RANGE;
            if !range.contains(&v) {
                return Err(invalid_at(
                    &doc,
                    tree,
                    &["ui", "refresh_seconds"],
                    format!(
                        "{v} is out of range: seconds between refreshes must be {}-{} (0 turns live refresh off)",
                        range.start(),
                        range.end()
                    ),
                ));
            }
            self.ui.refresh_seconds = v;
        }
        self.merge_teams(&doc, tree, raw.teams)?;
        self.merge_git(&doc, tree, raw.git)?;
        self.merge_governance(&doc, tree, raw.governance)?;
        self.merge_costs(&doc, tree, raw.costs)?;
        self.merge_accounts(&doc, tree, raw.accounts, raw.organization)?;
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
        if let Some(v) = raw.require_object_tag {
            g.require_object_tag = Some(v);
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
            Err(invalid_at(
                doc,
                tree,
                &["presign", key],
                format!(
                    "{value} is out of range: {what} must be {}-{} seconds",
                    range.start(),
                    range.end()
                ),
            ))
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

    /// `[[accounts]]` (a file's list replaces the one below it) and
    /// `[organization]`, each entry checked where it is written.
    fn merge_accounts(
        &mut self,
        doc: &Doc<'_>,
        tree: &DeTable<'_>,
        accounts: Option<Vec<super::accounts::RawAccount>>,
        organization: Option<super::accounts::RawOrganization>,
    ) -> Result<(), SettingsError> {
        let at = |segments: Vec<String>, bad: super::accounts::Bad| {
            let entry = find_key(tree, &segments).map(|r| r.start);
            let mut field = segments.clone();
            field.push(bad.field.to_owned());
            let start = find_key(tree, &field).map(|r| r.start).or(entry);
            SettingsError::Invalid {
                path: doc.path.to_path_buf(),
                location: start.map(|offset| line_col(doc.text, offset)),
                message: bad.message,
                key: Some(field.join(".")),
            }
        };
        if let Some(accounts) = accounts {
            let mut checked = Vec::with_capacity(accounts.len());
            for (i, raw) in accounts.into_iter().enumerate() {
                let account = raw
                    .into_account()
                    .map_err(|bad| at(vec!["accounts".to_owned(), i.to_string()], bad))?;
                checked.push(account);
            }
            self.accounts = checked;
        }
        if let Some(raw) = organization {
            let organization = raw
                .into_organization()
                .map_err(|bad| at(vec!["organization".to_owned()], bad))?;
            self.organization = Some(organization);
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

/// A bad value at the key `segments` names: the file, its line and column
/// where the key is found, and the dotted key.
fn invalid_at(
    doc: &Doc<'_>,
    tree: &DeTable<'_>,
    segments: &[&str],
    message: String,
) -> SettingsError {
    let segments: Vec<String> = segments.iter().map(|s| (*s).to_owned()).collect();
    let start = find_key(tree, &segments).map(|r| r.start);
    SettingsError::Invalid {
        path: doc.path.to_path_buf(),
        location: start.map(|offset| line_col(doc.text, offset)),
        message,
        key: Some(segments.join(".")),
    }
}

/// One config file as written: every key optional, so a user file only
/// overrides what it mentions. Unknown keys are reported by serde_ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawConfig {
    pub(super) general: RawGeneral,
    pub(super) theme: RawTheme,
    environments: Option<Vec<RawEnvironment>>,
    teams: BTreeMap<String, TeamSettings>,
    audit: RawAudit,
    presign: RawPresign,
    ui: RawUi,
    git: RawGit,
    governance: RawGovernance,
    costs: costs::RawCosts,
    accounts: Option<Vec<super::accounts::RawAccount>>,
    organization: Option<super::accounts::RawOrganization>,
    /// Spanned values locate the entry when a key's position is unknown.
    pub(super) keymap: BTreeMap<String, Spanned<String>>,
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
struct RawUi {
    refresh_seconds: Option<u32>,
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
    require_object_tag: Option<String>,
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
pub(super) struct RawGeneral {
    pub(super) read_only: Option<bool>,
    pub(super) default_tab: Option<TabKind>,
    pub(super) log_level: Option<LogLevel>,
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
        pub(super) struct RawTheme {
            $($field: Option<ThemeColor>,)*
        }

        impl RawTheme {
            fn apply(self, theme: &mut Theme) {
                $(if let Some(c) = self.$field {
                    theme.$field = c.0;
                })*
            }

            #[cfg(test)]
            pub(super) fn all_set(&self) -> bool {
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
