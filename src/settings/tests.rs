//! Unit tests of the parent module (kept apart so the module reads as code).
// Unwrapping is how a test says "this must succeed".
#![allow(clippy::unwrap_used)]

use super::locate::line_col;
use super::merge::RawConfig;
use super::*;
use crate::command::Command;
use crate::governance::{RuleId, Severity};
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
    let s = parse("[keymap]\nX = \"launch_missiles\"\nhyper-z = \"quit\"\nz = \"help\"\n").unwrap();
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
    assert!(
        !crate::policy::Policy::for_session(&builtin.read_only_rules(), false, None, "admin")
            .is_read_only()
    );
}

#[test]
fn accounts_and_the_organization_are_read_and_checked_where_written() {
    use crate::model::account::{AccountAccess, AccountSource, DEFAULT_ORG_ROLE};
    let s = parse(
        "[[accounts]]\nlabel = \"claims-prod\"\nrole_arn = \"arn:aws:iam::111111111111:role/dsadmin-support\"\nexternal_id = \"claims-2026\"\nregions = [\"eu-west-2\", \"eu-west-1\"]\n\n\
         [[accounts]]\nlabel = \"sandbox\"\nprofile = \"sandbox-sso\"\n\n[organization]\n",
    )
    .unwrap();
    assert_eq!(s.accounts.len(), 2);
    assert_eq!(s.accounts[0].id.as_deref(), Some("111111111111"));
    assert_eq!(s.accounts[0].source, AccountSource::Config);
    assert_eq!(
        s.accounts[0].access,
        AccountAccess::Role {
            role_arn: "arn:aws:iam::111111111111:role/dsadmin-support".into(),
            external_id: Some("claims-2026".into()),
        }
    );
    assert_eq!(s.accounts[0].regions, ["eu-west-2", "eu-west-1"]);
    assert_eq!(s.accounts[1].id, None);
    let org = s.organization.unwrap();
    assert_eq!(org.role_name, DEFAULT_ORG_ROLE);
    assert!(org.regions.is_empty());

    let msg = error("[[accounts]]\nlabel = \"a\"\nprofile = \"p\"\n\n[[accounts]]\nlabel = \"b\"\nrole_arn = \"arn:aws:iam::12:role/x\"\n");
    assert!(
        msg.starts_with("/home/x/.config/dsadmin/config.toml:7:1: 'arn:aws:iam::12:role/x' is not an IAM role ARN"),
        "{msg}"
    );
    assert!(msg.ends_with("(accounts.1.role_arn)"), "{msg}");
    let msg = error("[[accounts]]\nlabel = \"a\"\n");
    assert!(
        msg.contains("needs profile = \"NAME\" or role_arn"),
        "{msg}"
    );
    let msg = error("[[accounts]]\nlabel = \"a\"\nprofile = \"p\"\nrole_arn = \"arn:aws:iam::111111111111:role/x\"\n");
    assert!(
        msg.contains("either profile or role_arn, not both"),
        "{msg}"
    );
    let msg = error("[[accounts]]\nlabel = \"a\"\nprofile = \"p\"\nregions = [\"eu-west\"]\n");
    assert!(
        msg.contains("'eu-west' is not an AWS region name")
            && msg.ends_with("(accounts.0.regions)"),
        "{msg}"
    );
    let msg = error("[organization]\nrole_name = \"a/b\"\n");
    assert!(
        msg.starts_with("/home/x/.config/dsadmin/config.toml:2:1: 'a/b' is not an IAM role name"),
        "{msg}"
    );
    assert!(msg.ends_with("(organization.role_name)"), "{msg}");
    let msg = error("[organization]\nexternal_id = \"x\"\n");
    assert!(msg.contains("external id is 2 to 1224"), "{msg}");
}
