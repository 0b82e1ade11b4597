//! Synthetic user profiles in bulk, for benchmarks and scale tests (100,000 rows).
//!
//! The names, domains and teams come from the same seed files as the demo estate so
//! the rows look like real ones (ARNs, role ARNs and tags of realistic length).

use chrono::{DateTime, Duration, Utc};

use super::estate::{domain_id, ENV_TAG};
use super::rng::Rng;
use super::seed::{self, EstateSeed, People};
use crate::model::{Detail, ProfileSettings, Tag, UserProfile, TEAM_TAG};

struct DomainInfo {
    id: String,
    name: String,
    environment: String,
    sso: bool,
}

/// `n` distinct user profiles, deterministic for a given `anchor`.
///
/// Names are `first-last` for the first |first| × |last| profiles, then
/// `first-last-2`, `first-last-3`, …: unique for any `n`, like the suffixes real
/// estates use for namesakes.
pub fn synthetic_user_profiles(n: usize, anchor: DateTime<Utc>) -> Vec<UserProfile> {
    // The seed files are covered by tests; should one ever fail to parse, fall back
    // to plain names rather than fail a benchmark over demo data.
    let people = seed::parse::<People>("people.toml", seed::PEOPLE_TOML)
        .ok()
        .filter(|p| !p.first_names.is_empty() && !p.last_names.is_empty())
        .unwrap_or_else(|| People {
            first_names: vec!["user".into()],
            last_names: vec!["profile".into()],
        });
    let estate = seed::parse::<EstateSeed>("estate.toml", seed::ESTATE_TOML).ok();
    let (account, region) = estate
        .as_ref()
        .map(|e| (e.account.clone(), e.region.clone()))
        .unwrap_or_else(|| ("123456789012".into(), "eu-west-2".into()));
    let mut domains: Vec<DomainInfo> = estate
        .as_ref()
        .map(|e| {
            e.domains
                .iter()
                .map(|d| DomainInfo {
                    id: domain_id(&d.name),
                    name: d.name.clone(),
                    environment: d.environment.clone(),
                    sso: d.auth_mode == "SSO",
                })
                .collect()
        })
        .unwrap_or_default();
    if domains.is_empty() {
        domains.push(DomainInfo {
            id: domain_id("ds-prod-secure"),
            name: "ds-prod-secure".into(),
            environment: "prod".into(),
            sso: false,
        });
    }
    let mut teams: Vec<(String, String)> = estate
        .as_ref()
        .map(|e| {
            e.teams
                .iter()
                .map(|t| (t.name.clone(), t.role.clone()))
                .collect()
        })
        .unwrap_or_default();
    if teams.is_empty() {
        teams.push((
            "data-science".into(),
            format!("arn:aws:iam::{account}:role/ds-team-data-science-execution"),
        ));
    }

    let firsts = &people.first_names;
    let lasts = &people.last_names;
    let combos = firsts.len() * lasts.len();
    let statuses = [
        "InService",
        "Pending",
        "Failed",
        "Updating",
        "Update_Failed",
        "Delete_Failed",
    ];
    let status_weights = [950, 10, 10, 10, 10, 10];
    let mut rng = Rng::new(0x5eed_0fd5_ad00_0001);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % combos;
        let generation = i / combos;
        let a = k % firsts.len();
        // (b + 7a) mod |last| is a bijection in b for each a, so every pair is hit
        // exactly once per generation while neighbouring rows get unrelated surnames.
        let b = (k / firsts.len() + 7 * a) % lasts.len();
        let (first, last) = (&firsts[a], &lasts[b]);
        let name = if generation == 0 {
            format!("{first}-{last}")
        } else {
            format!("{first}-{last}-{}", generation + 1)
        };
        let domain = &domains[rng.index(domains.len())];
        let (team, role) = &teams[rng.index(teams.len())];
        let status = statuses[rng.weighted(&status_weights)];
        let created = anchor - Duration::seconds(rng.range(3600, 86_400 * 900) as i64);
        let modified = created
            + Duration::seconds(rng.range(0, (anchor - created).num_seconds() as u64) as i64);
        out.push(UserProfile {
            arn: format!(
                "arn:aws:sagemaker:{region}:{account}:user-profile/{}/{name}",
                domain.id
            ),
            domain_id: domain.id.clone(),
            domain_name: domain.name.clone(),
            status: status.to_string(),
            profile: Detail::Known(ProfileSettings {
                execution_role: Some(role.clone()),
                sso_user: domain
                    .sso
                    .then(|| format!("{first}.{last}@harbourside-insurance.co.uk")),
                failure_reason: None,
                idle_shutdown: Vec::new(),
                lifecycle_configs: Vec::new(),
            }),
            apps_running: Detail::Known(if status == "InService" {
                rng.weighted(&[50, 30, 15, 5]) as u32
            } else {
                0
            }),
            created: Some(created),
            last_modified: Some(modified),
            tags: Detail::Known(vec![
                Tag::new(TEAM_TAG, team.as_str()),
                Tag::new(ENV_TAG, domain.environment.as_str()),
            ]),
            name,
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use chrono::TimeZone;

    use super::*;

    fn anchor() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 14, 9, 30, 0).unwrap()
    }

    #[test]
    fn hundred_thousand_unique_names() {
        let profiles = synthetic_user_profiles(100_000, anchor());
        assert_eq!(profiles.len(), 100_000);
        let names: HashSet<(&str, &str)> = profiles
            .iter()
            .map(|p| (p.name.as_str(), p.domain_id.as_str()))
            .collect();
        assert_eq!(names.len(), 100_000);
        let bare: HashSet<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(bare.len(), 100_000, "names are unique even across domains");
    }

    #[test]
    fn names_are_valid_profile_names() {
        for p in synthetic_user_profiles(5_000, anchor()) {
            assert!(p.name.len() <= 63, "{}", p.name);
            assert!(p
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'));
            assert!(!p.name.starts_with('-') && !p.name.ends_with('-'));
            assert!(p.team().is_some());
            assert!(p.created <= Some(anchor()));
            assert!(p.last_modified <= Some(anchor()));
            assert!(p.created <= p.last_modified);
        }
    }

    #[test]
    fn deterministic_and_varied() {
        let a = synthetic_user_profiles(2_000, anchor());
        let b = synthetic_user_profiles(2_000, anchor());
        assert_eq!(a, b);
        let domains: HashSet<&str> = a.iter().map(|p| p.domain_name.as_str()).collect();
        let teams: HashSet<&str> = a.iter().filter_map(|p| p.team()).collect();
        let statuses: HashSet<&str> = a.iter().map(|p| p.status.as_str()).collect();
        assert!(domains.len() >= 2);
        assert!(teams.len() >= 3);
        assert!(statuses.len() >= 3);
    }

    #[test]
    fn seed_name_lists_have_no_duplicates() {
        // Uniqueness of synthetic names relies on it.
        let people: People =
            seed::parse("people.toml", seed::PEOPLE_TOML).unwrap_or_else(|e| panic!("{e}"));
        let f: HashSet<&String> = people.first_names.iter().collect();
        let l: HashSet<&String> = people.last_names.iter().collect();
        assert_eq!(f.len(), people.first_names.len());
        assert_eq!(l.len(), people.last_names.len());
        // No hyphens or capitals inside a part, so "first-last[-n]" splits one way.
        for n in people.first_names.iter().chain(&people.last_names) {
            assert!(n.chars().all(|c| c.is_ascii_lowercase()), "{n}");
        }
    }
}
