//! Profile names from the AWS CLI's files, for `:profile` completion.
//!
//! Pure text parsing of the two INI files: `[default]` and `[profile NAME]` in
//! the config file, `[NAME]` in the credentials file. `[sso-session …]` and
//! `[services …]` sections are not profiles and are skipped.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Sorted, deduplicated profile names from `$AWS_CONFIG_FILE` (default
/// `~/.aws/config`) and `$AWS_SHARED_CREDENTIALS_FILE` (default
/// `~/.aws/credentials`). Missing or unreadable files contribute nothing.
pub fn profile_names() -> Vec<String> {
    profile_names_from(config_file_path(), credentials_file_path())
}

fn profile_names_from(config: Option<PathBuf>, credentials: Option<PathBuf>) -> Vec<String> {
    let mut names = BTreeSet::new();
    if let Some(text) = config.and_then(|p| std::fs::read_to_string(p).ok()) {
        names.extend(parse_config_profiles(&text));
    }
    if let Some(text) = credentials.and_then(|p| std::fs::read_to_string(p).ok()) {
        names.extend(parse_credentials_profiles(&text));
    }
    names.into_iter().collect()
}

pub(crate) fn config_file_path() -> Option<PathBuf> {
    env_path("AWS_CONFIG_FILE").or_else(|| home_path("config"))
}

pub(crate) fn credentials_file_path() -> Option<PathBuf> {
    env_path("AWS_SHARED_CREDENTIALS_FILE").or_else(|| home_path("credentials"))
}

fn env_path(var: &str) -> Option<PathBuf> {
    let value = std::env::var(var).ok().filter(|v| !v.is_empty())?;
    // The CLI expands a leading `~` in these variables; so do we.
    match value.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new().map(|b| b.home_dir().join(rest)),
        None => Some(PathBuf::from(value)),
    }
}

fn home_path(file: &str) -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().join(".aws").join(file))
}

/// Section headers of an INI text, trimmed, without brackets and comments.
fn sections(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        let inner = line.strip_prefix('[')?;
        let end = inner.find(']')?;
        Some(inner[..end].trim())
    })
}

/// Profiles of a config file: `[default]`, `[profile NAME]`.
pub fn parse_config_profiles(text: &str) -> Vec<String> {
    sections(text)
        .filter_map(|s| {
            if s == "default" {
                return Some(s.to_string());
            }
            let rest = s.strip_prefix("profile")?;
            // `[profile NAME]` needs whitespace after the keyword; `[profiles]` is no profile.
            if !rest.starts_with(char::is_whitespace) {
                return None;
            }
            let name = rest.trim();
            (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| name.to_string())
        })
        .collect()
}

/// Profiles of a credentials file: every `[NAME]`.
pub fn parse_credentials_profiles(text: &str) -> Vec<String> {
    sections(text)
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        .map(str::to_string)
        .collect()
}

/// The value of `key` in `profile`'s section of a config file text, as
/// the AWS CLI reads it (`[default]` or `[profile NAME]`, `key = value`).
pub(crate) fn profile_setting(text: &str, profile: &str, key: &str) -> Option<String> {
    let mut in_profile = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_profile = parse_config_profiles(line).first().map(String::as_str) == Some(profile);
            continue;
        }
        if !in_profile || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            if k.trim() == key {
                return Some(v.trim().to_owned());
            }
        }
    }
    None
}

/// Profiles whose config section sets `sso_session` or `sso_start_url`.
pub(crate) fn sso_profiles(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            current = parse_config_profiles(line).into_iter().next();
            continue;
        }
        let key = line.split('=').next().unwrap_or_default().trim();
        if key == "sso_session" || key == "sso_start_url" {
            if let Some(name) = current.take() {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_profile_setting_is_read_from_its_own_section() {
        let text = "[default]\nmax_attempts = 2\n[profile ops]\nregion = eu-west-2\n# max_attempts = 9\nmax_attempts = 5\nretry_mode=adaptive\n[sso-session x]\nmax_attempts = 7\n";
        assert_eq!(
            super::profile_setting(text, "default", "max_attempts").as_deref(),
            Some("2")
        );
        assert_eq!(
            super::profile_setting(text, "ops", "max_attempts").as_deref(),
            Some("5")
        );
        assert_eq!(
            super::profile_setting(text, "ops", "retry_mode").as_deref(),
            Some("adaptive")
        );
        assert_eq!(super::profile_setting(text, "other", "max_attempts"), None);
    }

    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-2

[profile prod-admin]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = DSAdmin
region = eu-west-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[services moto]
sagemaker =
  endpoint_url = http://127.0.0.1:5000

[profile   support ]  # trailing comment
role_arn = arn:aws:iam::123456789012:role/Support
source_profile = default

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start

[profiles]
[profile]
";

    #[test]
    fn config_profiles_skip_sessions_and_services() {
        assert_eq!(
            parse_config_profiles(CONFIG),
            vec!["default", "prod-admin", "support", "legacy-sso"]
        );
    }

    #[test]
    fn credentials_profiles() {
        let text = "[default]\naws_access_key_id = AKIA\n\n# [commented]\n[ci]\naws_access_key_id=x\n[ spaced name ]\n";
        assert_eq!(parse_credentials_profiles(text), vec!["default", "ci"]);
    }

    #[test]
    fn sso_profiles_found() {
        assert_eq!(sso_profiles(CONFIG), vec!["prod-admin", "legacy-sso"]);
    }

    #[test]
    fn names_from_both_files_sorted_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let config = dir.path().join("config");
        let creds = dir.path().join("credentials");
        std::fs::write(&config, CONFIG).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&creds, "[default]\n[ci]\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            profile_names_from(Some(config), Some(creds)),
            vec!["ci", "default", "legacy-sso", "prod-admin", "support"]
        );
        // Missing files are no error: just no names.
        assert!(profile_names_from(Some(dir.path().join("nope")), None).is_empty());
    }
}
