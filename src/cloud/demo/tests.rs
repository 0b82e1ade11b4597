//! Unit tests of the parent module (kept apart so the module reads as code).
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::TimeZone;

use super::*;
use crate::cloud::CloudError;
use crate::model::TEAM_TAG;
use crate::model::{Detail, Endpoint};

fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 14, 9, 30, 0).unwrap()
}

fn demo() -> DemoCloud {
    DemoCloud::new(anchor()).unwrap()
}

fn is_not_found<T: std::fmt::Debug>(r: CloudResult<T>, needle: &str) {
    match r {
        Err(CloudError::NotFound { what }) => {
            assert!(what.contains(needle), "'{what}' should mention '{needle}'")
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn same_anchor_same_estate() {
    let a = demo().snapshot();
    let b = demo().snapshot();
    assert_eq!(a, b);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn times_follow_the_anchor() {
    let later = anchor() + chrono::Duration::days(10);
    let a = demo().snapshot();
    let b = DemoCloud::new(later).unwrap().snapshot();
    assert_eq!(
        a.domains[0].created.unwrap() + chrono::Duration::days(10),
        b.domains[0].created.unwrap()
    );
    // Same names and ids: only the clock moved.
    assert_eq!(a.domains[0].id, b.domains[0].id);
    assert_eq!(a.user_profiles.len(), b.user_profiles.len());
}

#[test]
fn nothing_happens_after_the_anchor() {
    let e = demo().snapshot();
    let now = Some(anchor());
    for d in &e.domains {
        assert!(d.created <= now && d.last_modified <= now);
    }
    for p in &e.user_profiles {
        assert!(p.created <= now && p.last_modified <= now, "{}", p.name);
        assert!(p.created <= p.last_modified, "{}", p.name);
    }
    for a in &e.apps {
        assert!(a.created <= now && a.last_user_activity <= now, "{}", a.arn);
        if let Some(activity) = a.last_user_activity {
            assert!(a.created <= Some(activity), "{}", a.arn);
        }
        if let Some(user) = &a.user_profile {
            let owner = e
                .user_profiles
                .iter()
                .find(|p| &p.name == user && p.domain_id == a.domain_id)
                .unwrap();
            assert!(owner.created <= a.created, "{} predates its owner", a.arn);
        }
    }
    for j in &e.glue_jobs {
        let oldest = e.job_runs[&j.name].last().unwrap();
        assert!(
            j.created < oldest.started,
            "{} ran before it existed",
            j.name
        );
        assert!(j.created <= j.last_modified && j.last_modified <= now);
    }
    for runs in e.job_runs.values() {
        for r in runs {
            assert!(r.started <= now);
            assert!(r.completed <= now, "{} {}", r.job_name, r.state);
        }
    }
    for imgs in e.images.values() {
        for i in imgs {
            assert!(i.pushed <= now && i.last_pulled <= now);
        }
    }
    for p in &e.packages {
        for v in &p.versions {
            assert!(v.published <= now);
        }
    }
}

#[tokio::test]
async fn cloud_handle_is_the_demo() {
    let cloud = DemoCloud::cloud(anchor()).unwrap();
    assert_eq!(cloud.context.profile, "demo");
    assert_eq!(cloud.context.region, "eu-west-2");
    assert!(cloud.context.demo);
    let me = cloud.identity.caller_identity().await.unwrap();
    assert_eq!(me.account, "123456789012");
    assert_eq!(
        me.arn,
        "arn:aws:sts::123456789012:assumed-role/DSAdmin/demo-admin"
    );
}

#[tokio::test]
async fn domains_cover_secure_and_sandbox() {
    let d = demo();
    let listed = crate::collect_all!(d, list_domains).unwrap();
    assert!(listed.len() >= 2);
    assert!(
        listed.iter().all(|d| d.settings.is_pending()),
        "ListDomains alone"
    );
    let mut domains = Vec::new();
    for l in &listed {
        domains.push(d.describe_domain(&l.id).await.unwrap());
    }
    let settings: Vec<&crate::model::DomainSettings> =
        domains.iter().filter_map(|d| d.settings.known()).collect();
    assert_eq!(settings.len(), domains.len());
    let secure = settings
        .iter()
        .find(|d| d.network_mode == "VpcOnly" && d.kms_key_id.is_some())
        .expect("a VpcOnly domain with a KMS key");
    assert_eq!(secure.auth_mode, "IAM");
    assert!(secure.vpc_id.is_some() && !secure.subnet_ids.is_empty());
    assert_eq!(secure.tag_propagation.as_deref(), Some("ENABLED"));
    assert_eq!(
        secure.execution_role_identity.as_deref(),
        Some("USER_PROFILE_NAME")
    );
    assert!(settings
        .iter()
        .any(|d| d.network_mode == "PublicInternetOnly" && d.kms_key_id.is_none()));
    for d in &domains {
        assert!(d.id.starts_with("d-") && d.id.len() == 14, "{}", d.id);
        assert!(d.id[2..]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_eq!(
            d.arn,
            format!("arn:aws:sagemaker:eu-west-2:123456789012:domain/{}", d.id)
        );
    }
    let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test]
async fn user_profiles_are_many_tagged_and_mostly_healthy() {
    let d = demo();
    let profiles = crate::collect_all!(d, list_user_profiles).unwrap();
    assert!(profiles.len() >= 40, "{}", profiles.len());
    let teams: BTreeSet<&str> = profiles.iter().filter_map(|p| p.team()).collect();
    assert!(teams.len() >= 3, "{teams:?}");
    let domains: BTreeSet<&str> = profiles.iter().map(|p| p.domain_id.as_str()).collect();
    assert!(domains.len() >= 2);
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &profiles {
        *by_status.entry(p.status.as_str()).or_default() += 1;
    }
    assert!(
        by_status["InService"] * 10 >= profiles.len() * 8,
        "{by_status:?}"
    );
    for s in ["Pending", "Failed", "Update_Failed"] {
        assert!(by_status.contains_key(s), "no {s} profile: {by_status:?}");
    }
    let mut seen = BTreeSet::new();
    for p in &profiles {
        assert!(seen.insert((p.domain_id.clone(), p.name.to_lowercase())));
        assert!(p.name.len() <= 63);
        assert!(p
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
        assert!(p
            .arn
            .ends_with(&format!("user-profile/{}/{}", p.domain_id, p.name)));
        if p.team().is_some() {
            let env = crate::model::tag_value(p.tags.known_or_empty(), ENV_TAG).unwrap();
            assert!(env == "prod" || env == "dev");
        }
        let role = p.execution_role().unwrap();
        assert!(
            role.starts_with("arn:aws:iam::123456789012:role/"),
            "{role}"
        );
    }
    // Each team with profiles has its own execution role, except in the
    // sandbox, where roles.toml sets two teams on the domain's default.
    let mut roles_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in profiles.iter().filter(|p| p.domain_name != "ds-sandbox") {
        if let (Some(team), Some(role)) = (p.team(), p.execution_role()) {
            roles_of.entry(team).or_default().insert(role);
        }
    }
    assert!(roles_of.values().all(|r| r.len() == 1), "{roles_of:?}");
    let distinct: BTreeSet<_> = roles_of.values().flatten().collect();
    assert_eq!(distinct.len(), roles_of.len());
    let sandbox_default: BTreeSet<&str> = profiles
        .iter()
        .filter(|p| {
            p.execution_role()
                .is_some_and(|r| r.ends_with("/ds-sandbox-studio-default-execution"))
        })
        .filter_map(|p| p.team())
        .collect();
    assert_eq!(sandbox_default.len(), 2, "{sandbox_default:?}");
    // Some profiles carry no team tag: material for the Findings tab.
    assert!(profiles.iter().any(|p| p.team().is_none()));
    assert!(profiles
        .iter()
        .filter(|p| p.domain_name == "ds-sandbox")
        .all(|p| p.sso_user().is_some()));
}

#[tokio::test]
async fn apps_running_matches_in_service_apps() {
    let d = demo();
    let mut total_apps = 0;
    let mut types = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    for p in crate::collect_all!(d, list_user_profiles).unwrap() {
        let apps = crate::collect_all!(d, list_apps, &p.domain_id, Some(&p.name)).unwrap();
        let running = apps.iter().filter(|a| a.status == "InService").count() as u32;
        assert_eq!(p.apps_running, Detail::Known(running), "{}", p.name);
        for a in &apps {
            assert_eq!(a.user_profile.as_deref(), Some(p.name.as_str()));
            assert_eq!(a.domain_id, p.domain_id);
            types.insert(a.app_type.clone());
            statuses.insert(a.status.clone());
        }
        total_apps += apps.len();
    }
    assert!(total_apps >= 40, "{total_apps}");
    for t in ["JupyterLab", "CodeEditor", "KernelGateway"] {
        assert!(types.contains(t), "{types:?}");
    }
    for s in ["InService", "Deleted", "Pending", "Failed"] {
        assert!(statuses.contains(s), "{statuses:?}");
    }
    // Profile names are case-insensitive in SageMaker.
    let p = &crate::collect_all!(d, list_user_profiles).unwrap()[0];
    let upper = p.name.to_uppercase();
    assert!(crate::collect_all!(d, list_apps, &p.domain_id, Some(upper.as_str())).is_ok());
}

#[tokio::test]
async fn kernel_gateway_names_look_real() {
    let e = demo().snapshot();
    let kg: Vec<&App> = e
        .apps
        .iter()
        .filter(|a| a.app_type == "KernelGateway")
        .collect();
    assert!(!kg.is_empty());
    for a in kg {
        let itype = a.instance_type.as_deref().unwrap().replace('.', "-");
        assert!(a.name.contains(&itype), "{}", a.name);
    }
}

#[tokio::test]
async fn spaces_private_and_shared() {
    let d = demo();
    let mut private = 0;
    let mut shared = 0;
    let mut statuses = BTreeSet::new();
    for dom in crate::collect_all!(d, list_domains).unwrap() {
        for s in crate::collect_all!(d, list_spaces, &dom.id).unwrap() {
            assert_eq!(s.domain_id, dom.id);
            statuses.insert(s.status.clone());
            match s.sharing.as_str() {
                "Private" => private += 1,
                "Shared" => shared += 1,
                other => panic!("sharing {other}"),
            }
            assert!(s.arn.ends_with(&format!("space/{}/{}", dom.id, s.name)));
        }
    }
    assert!(private >= 20 && shared >= 3, "{private} {shared}");
    assert!(statuses.len() >= 3, "{statuses:?}");
}

#[tokio::test]
async fn endpoints_include_ab_split_and_failure() {
    let d = demo();
    let eps = crate::collect_all!(d, list_endpoints).unwrap();
    assert!(eps.len() >= 5);
    let ab = d.describe_endpoint("claims-fraud-scorer").await.unwrap();
    assert_eq!(ab.variants().len(), 2);
    let shares: Vec<f64> = ab
        .variants()
        .iter()
        .map(|v| ab.share_percent(v).round())
        .collect();
    assert_eq!(shares, vec![70.0, 30.0]);
    let kms = |e: &Endpoint| e.config().known().and_then(|c| c.kms_key_id.clone());
    let capture = |e: &Endpoint| e.described.known().is_some_and(|s| s.data_capture);
    assert!(kms(&ab).is_some() && capture(&ab));
    let failed = eps.iter().find(|e| e.status == "Failed").unwrap();
    assert!(failed.failure_reason().is_some());
    assert!(eps.iter().any(|e| e.status == "Updating"));
    assert!(eps.iter().any(|e| kms(e).is_none()));
    assert!(eps.iter().any(|e| !capture(e)));
    for e in &eps {
        assert!(e
            .config_name()
            .unwrap()
            .starts_with(&format!("{}-config-20", e.name)));
        assert!(e
            .arn
            .starts_with("arn:aws:sagemaker:eu-west-2:123456789012:endpoint/"));
        assert!(!e.variants().is_empty());
    }
}

#[tokio::test]
async fn glue_jobs_and_histories() {
    let d = demo();
    let jobs = crate::collect_all!(d, list_jobs).unwrap();
    assert!(jobs.len() >= 25, "{}", jobs.len());
    let commands: BTreeSet<&str> = jobs.iter().map(|j| j.command.as_str()).collect();
    assert_eq!(commands.len(), 4, "{commands:?}");
    let versions: BTreeSet<&str> = jobs
        .iter()
        .filter_map(|j| j.glue_version.as_deref())
        .collect();
    assert!(versions.len() >= 3);
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    let mut messages = Vec::new();
    for j in &jobs {
        assert_eq!(
            j.script_location,
            format!("s3://hbi-glue-scripts-eu-west-2/scripts/{}.py", j.name)
        );
        assert!(j.role.starts_with("arn:aws:iam::123456789012:role/"));
        let runs = crate::collect_all!(d, list_job_runs, &j.name).unwrap();
        assert!(
            (5..=30).contains(&runs.len()),
            "{} has {}",
            j.name,
            runs.len()
        );
        assert!(j.last_run.is_pending(), "GetJobs has no last run");
        let last = d.last_job_run(&j.name).await.unwrap();
        assert_eq!(last.as_ref(), runs.first(), "{}", j.name);
        for pair in runs.windows(2) {
            // Newest first and no overlap.
            assert!(pair[0].started > pair[1].started, "{}", j.name);
            assert!(pair[1].completed <= pair[0].started, "{}", j.name);
        }
        for r in &runs {
            assert!(r.id.starts_with("jr_") && r.id.len() == 67);
            *states.entry(r.state.clone()).or_default() += 1;
            if let Some(m) = &r.error_message {
                messages.push(m.clone());
            }
            if matches!(r.state.as_str(), "FAILED" | "TIMEOUT" | "ERROR") {
                assert!(r.error_message.is_some(), "{} {}", j.name, r.state);
            }
            match (r.execution_secs, r.dpu_seconds) {
                (Some(secs), Some(dpu)) => {
                    let per = match (j.worker_type.as_deref(), j.number_of_workers) {
                        (Some("G.025X"), Some(n)) => 0.25 * f64::from(n),
                        (Some("G.1X"), Some(n)) => f64::from(n),
                        (Some("G.2X" | "Z.2X"), Some(n)) => 2.0 * f64::from(n),
                        (Some("G.4X"), Some(n)) => 4.0 * f64::from(n),
                        _ => j.max_capacity.unwrap(),
                    };
                    assert!((dpu - per * secs as f64).abs() < 1e-6, "{}", j.name);
                }
                (None, None) => assert_eq!(r.state, "RUNNING"),
                other => panic!("inconsistent {other:?}"),
            }
        }
    }
    for s in [
        "SUCCEEDED",
        "FAILED",
        "TIMEOUT",
        "ERROR",
        "STOPPED",
        "RUNNING",
    ] {
        assert!(states.contains_key(s), "no {s} run: {states:?}");
    }
    assert!(states["SUCCEEDED"] > states["FAILED"] * 3, "{states:?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("Path does not exist: s3://")));
    assert!(messages.iter().any(|m| m.contains("OutOfMemoryError")));
    assert!(messages
        .iter()
        .any(|m| m == "Command failed with exit code 1"));
    assert!(
        messages.iter().all(|m| !m.contains('{')),
        "unfilled template"
    );
    assert!(jobs.iter().any(|j| j.security_configuration.is_none()));
}

#[tokio::test]
async fn crawlers_vary() {
    let d = demo();
    let crawlers = crate::collect_all!(d, list_crawlers).unwrap();
    assert!(crawlers.len() >= 8);
    let states: BTreeSet<&str> = crawlers.iter().map(|c| c.state.as_str()).collect();
    assert_eq!(states.len(), 3, "{states:?}");
    let last: BTreeSet<Option<&str>> = crawlers
        .iter()
        .map(|c| c.last_crawl_status.as_deref())
        .collect();
    for s in [Some("SUCCEEDED"), Some("FAILED"), Some("CANCELLED"), None] {
        assert!(last.contains(&s), "{last:?}");
    }
    assert!(crawlers.iter().any(|c| c.schedule.is_none()));
    assert!(crawlers
        .iter()
        .any(|c| c.targets.iter().any(|t| t.starts_with("jdbc:"))));
    assert!(crawlers
        .iter()
        .filter(|c| c.last_crawl_status.as_deref() == Some("FAILED"))
        .all(|c| c.last_crawl_error.is_some()));
}

#[tokio::test]
async fn ecr_repositories_and_images() {
    let d = demo();
    let sink = crate::cloud::Collector::default();
    Ecr::list_repositories(&d, &sink).await.unwrap();
    let repos = sink.into_vec();
    assert!(repos.len() >= 4);
    assert!(repos
        .iter()
        .any(|r| r.encryption == "KMS" && r.kms_key.is_some()));
    assert!(repos
        .iter()
        .any(|r| r.encryption == "AES256" && r.kms_key.is_none()));
    assert!(repos.iter().any(|r| r.tag_mutability == "IMMUTABLE"));
    assert!(repos.iter().any(|r| !r.scan_on_push));
    let mut scan = BTreeSet::new();
    let mut critical = false;
    for r in &repos {
        assert!(r.name.starts_with("sagemaker-custom/"));
        assert_eq!(
            r.uri,
            format!("123456789012.dkr.ecr.eu-west-2.amazonaws.com/{}", r.name)
        );
        let images = crate::collect_all!(d, list_images, &r.name).unwrap();
        assert!(r.image_count.is_pending(), "DescribeRepositories alone");
        assert_eq!(d.image_count(&r.name).await.unwrap(), images.len() as u32);
        assert!(images.len() >= 2);
        for pair in images.windows(2) {
            assert!(pair[0].pushed >= pair[1].pushed);
        }
        for i in &images {
            let hex = i.digest.strip_prefix("sha256:").unwrap();
            assert_eq!(hex.len(), 64);
            assert!(hex.chars().all(|c| c.is_ascii_hexdigit()));
            assert!((1_000_000_000..10_000_000_000).contains(&i.size_bytes));
            scan.insert(i.scan_status().map(str::to_owned));
            if let Some(f) = i.findings() {
                critical |= f.critical > 0 && f.high > 0;
            }
        }
    }
    for s in [
        Some("COMPLETE".to_string()),
        Some("IN_PROGRESS".to_string()),
        Some("FAILED".to_string()),
        None,
    ] {
        assert!(scan.contains(&s), "{scan:?}");
    }
    assert!(critical);
}

#[tokio::test]
async fn codeartifact_upstream_and_approved() {
    let d = demo();
    let sink = crate::cloud::Collector::default();
    CodeArtifact::list_repositories(&d, &sink).await.unwrap();
    let repos = sink.into_vec();
    assert!(
        repos.iter().all(|r| r.links.is_pending()),
        "ListRepositoriesInDomain alone"
    );
    let upstream = repos.iter().find(|r| r.name == "pypi-upstream").unwrap();
    let links = d.repository_links(upstream).await.unwrap();
    assert_eq!(links.external_connections, vec!["public:pypi"]);
    let approved = repos.iter().find(|r| r.name == "approved-pypi").unwrap();
    assert_eq!(
        d.repository_links(approved).await.unwrap().upstreams,
        vec!["pypi-upstream"]
    );
    assert_eq!(approved.domain, "ds-artifacts");
    let packages = crate::collect_all!(d, list_packages, "ds-artifacts", "approved-pypi").unwrap();
    assert!(packages.len() >= 60, "{}", packages.len());
    assert_eq!(approved.package_count, Some(packages.len() as u32));
    let cached = crate::collect_all!(d, list_packages, "ds-artifacts", "pypi-upstream").unwrap();
    assert!(!cached.is_empty() && cached.len() < packages.len());
    for name in [
        "numpy",
        "pandas",
        "scikit-learn",
        "xgboost",
        "boto3",
        "sagemaker",
        "polars",
    ] {
        assert!(packages.iter().any(|p| p.name == name), "{name}");
    }
    let restrictions: BTreeSet<(&str, &str)> = packages
        .iter()
        .map(|p| (p.publish.as_str(), p.upstream.as_str()))
        .collect();
    for r in [("BLOCK", "ALLOW"), ("ALLOW", "BLOCK"), ("ALLOW", "ALLOW")] {
        assert!(restrictions.contains(&r), "{restrictions:?}");
    }
    let mut statuses = BTreeSet::new();
    let mut origins = BTreeSet::new();
    for p in &packages {
        let versions =
            crate::collect_all!(d, list_package_versions, "ds-artifacts", "approved-pypi", p)
                .unwrap();
        assert!(versions.len() >= 2, "{}", p.name);
        assert_eq!(p.version_count, Some(versions.len() as u32));
        let newest_published = versions.iter().find(|v| v.status == "Published");
        assert_eq!(
            p.latest_version.as_deref(),
            newest_published.map(|v| v.version.as_str())
        );
        for v in versions {
            statuses.insert(v.status);
            origins.insert(v.origin);
        }
    }
    for s in ["Published", "Unlisted", "Archived", "Unfinished"] {
        assert!(statuses.contains(s), "{statuses:?}");
    }
    assert!(origins.contains("INTERNAL") && origins.contains("EXTERNAL"));
    // The upstream's copy of numpy is its own entry.
    let np = cached.iter().find(|p| p.name == "numpy").unwrap();
    let up_versions = crate::collect_all!(
        d,
        list_package_versions,
        "ds-artifacts",
        "pypi-upstream",
        np
    )
    .unwrap();
    assert!(!up_versions.is_empty());
}

#[tokio::test]
async fn unknown_names_are_not_found() {
    let d = demo();
    let dom = crate::collect_all!(d, list_domains).unwrap()[0].id.clone();
    is_not_found(
        crate::collect_all!(d, list_apps, "d-nosuchdomain", Some("tom")),
        "d-nosuchdomain",
    );
    is_not_found(
        crate::collect_all!(d, list_apps, &dom, Some("no-such-user")),
        "no-such-user",
    );
    is_not_found(
        crate::collect_all!(d, list_spaces, "d-nosuchdomain"),
        "d-nosuchdomain",
    );
    is_not_found(d.describe_endpoint("nope").await, "endpoint 'nope'");
    is_not_found(crate::collect_all!(d, list_job_runs, "x"), "Glue job 'x'");
    is_not_found(
        crate::collect_all!(d, list_images, "sagemaker-custom/nope"),
        "sagemaker-custom/nope",
    );
    is_not_found(
        crate::collect_all!(d, list_packages, "ds-artifacts", "nope"),
        "'nope'",
    );
    is_not_found(
        crate::collect_all!(d, list_packages, "other", "approved-pypi"),
        "'other'",
    );
    let mut pkg =
        crate::collect_all!(d, list_packages, "ds-artifacts", "approved-pypi").unwrap()[0].clone();
    pkg.name = "left-pad".into();
    is_not_found(
        crate::collect_all!(
            d,
            list_package_versions,
            "ds-artifacts",
            "approved-pypi",
            &pkg
        ),
        "left-pad",
    );
}

#[tokio::test]
async fn mutations_are_seen_by_reads() {
    let d = demo();
    let p = crate::collect_all!(d, list_user_profiles)
        .unwrap()
        .into_iter()
        .find(|p| p.apps_running.known().is_some_and(|n| *n > 0))
        .unwrap();
    d.update(|e| {
        for a in &mut e.apps {
            if a.domain_id == p.domain_id && a.user_profile.as_deref() == Some(&p.name) {
                a.status = "Deleted".into();
            }
        }
    });
    let after = crate::collect_all!(d, list_user_profiles).unwrap();
    let q = after
        .iter()
        .find(|q| q.domain_id == p.domain_id && q.name == p.name)
        .unwrap();
    assert_eq!(q.apps_running, Detail::Known(0));
    assert_eq!(d.snapshot().apps_running(&p.domain_id, &p.name), 0);
    let _ = TEAM_TAG;
}

fn is_validation<T: std::fmt::Debug>(r: CloudResult<T>, needle: &str) {
    match r {
        Err(CloudError::Validation { message }) => {
            assert!(
                message.contains(needle),
                "'{message}' should mention '{needle}'"
            )
        }
        other => panic!("expected Validation, got {other:?}"),
    }
}

#[tokio::test]
async fn start_and_stop_a_job_run() {
    let d = demo();
    let job = d.snapshot().glue_jobs[0].name.clone();
    let before = crate::collect_all!(d, list_job_runs, &job).unwrap();
    let done = d.start_job_run(&job).await.unwrap();
    assert_eq!(
        done.request_id, None,
        "the demo never claims an AWS request id"
    );
    let id = done.value;
    assert!(id.starts_with("jr_") && id.len() == 67, "{id}");
    assert!(id[3..].chars().all(|c| c.is_ascii_hexdigit()), "{id}");

    let runs = crate::collect_all!(d, list_job_runs, &job).unwrap();
    assert_eq!(runs.len(), before.len() + 1);
    assert_eq!(runs[0].id, id, "the new run sorts newest");
    assert_eq!(runs[0].state, "RUNNING");
    let last = d.last_job_run(&job).await.unwrap();
    assert_eq!(last.map(|r| r.id), Some(id.clone()), "the job's last run");

    let second = d.start_job_run(&job).await.unwrap().value;
    assert_ne!(second, id, "run ids are distinct");

    d.stop_job_run(&job, &id).await.unwrap();
    let runs = crate::collect_all!(d, list_job_runs, &job).unwrap();
    let stopped = runs.iter().find(|r| r.id == id).unwrap();
    assert_eq!(stopped.state, "STOPPED");
    assert!(stopped.completed.is_some() && stopped.execution_secs.is_some());
    is_validation(d.stop_job_run(&job, &id).await, "cannot be stopped");

    is_not_found(d.stop_job_run(&job, "jr_nope").await, "jr_nope");
    is_not_found(d.start_job_run("no-such-job").await, "no-such-job");
    is_not_found(d.stop_job_run("no-such-job", &id).await, "no-such-job");
}

#[tokio::test]
async fn start_and_stop_a_crawler() {
    let d = demo();
    let ready = d
        .snapshot()
        .crawlers
        .iter()
        .find(|c| c.state == "READY")
        .map(|c| c.name.clone())
        .expect("a READY crawler in the seed");
    let state = |d: &DemoCloud| {
        d.snapshot()
            .crawlers
            .iter()
            .find(|c| c.name == ready)
            .unwrap()
            .clone()
    };
    is_validation(d.stop_crawler(&ready).await, "is not running");
    assert_eq!(d.start_crawler(&ready).await.unwrap().request_id, None);
    assert_eq!(state(&d).state, "RUNNING");
    is_validation(d.start_crawler(&ready).await, "is already running");
    d.stop_crawler(&ready).await.unwrap();
    let c = state(&d);
    assert_eq!(c.state, "READY");
    assert_eq!(c.last_crawl_status.as_deref(), Some("CANCELLED"));
    is_not_found(d.start_crawler("no-such-crawler").await, "no-such-crawler");
    is_not_found(d.stop_crawler("no-such-crawler").await, "no-such-crawler");
}

#[tokio::test]
async fn start_an_image_scan_by_digest_or_tag() {
    let d = demo();
    let e = d.snapshot();
    let (repo, images) = e
        .images
        .iter()
        .find(|(_, imgs)| {
            imgs.iter()
                .filter(|i| i.scan_status() != Some("IN_PROGRESS"))
                .filter(|i| !i.tags.is_empty())
                .count()
                >= 2
        })
        .expect("a repository with two tagged images not being scanned");
    let mut idle = images
        .iter()
        .filter(|i| i.scan_status() != Some("IN_PROGRESS") && !i.tags.is_empty());
    let (a, b) = (idle.next().unwrap(), idle.next().unwrap());

    let done = d.start_image_scan(repo, &a.digest).await.unwrap();
    assert_eq!(done.value, "IN_PROGRESS");
    assert_eq!(done.request_id, None);
    d.start_image_scan(repo, &b.tags[0]).await.unwrap();
    let now = crate::collect_all!(d, list_images, repo).unwrap();
    for digest in [&a.digest, &b.digest] {
        let img = now.iter().find(|i| &i.digest == digest).unwrap();
        assert_eq!(img.scan_status(), Some("IN_PROGRESS"));
        assert_eq!(
            img.findings(),
            None,
            "a rescan has no findings of its own yet"
        );
        let before = images.iter().find(|i| &i.digest == digest).unwrap();
        assert_eq!(
            img.scan.known().and_then(|s| s.previous_findings.as_ref()),
            before.findings(),
            "the last completed scan's findings stay beside it"
        );
    }
    is_validation(
        d.start_image_scan(repo, &a.digest).await,
        "already in progress",
    );
    is_not_found(d.start_image_scan(repo, "no-such-tag").await, "no-such-tag");
    is_not_found(
        d.start_image_scan("no-such-repo", "latest").await,
        "no-such-repo",
    );
}

#[tokio::test]
async fn a_demo_scan_completes_after_a_few_seconds() {
    let d = demo();
    let e = d.snapshot();
    let (repo, image) = e
        .images
        .iter()
        .flat_map(|(r, imgs)| imgs.iter().map(move |i| (r, i)))
        .find(|(_, i)| i.findings().is_some_and(|f| f.high > 0))
        .expect("a scanned image with findings");
    d.start_image_scan(repo, &image.digest).await.unwrap();
    // As if SCAN_TAKES had passed.
    d.update(|e| {
        for started in e.scans_started.values_mut() {
            *started -= super::estate::SCAN_TAKES;
        }
    });
    let scan = d.image_scan(repo, &image.digest).await.unwrap();
    assert_eq!(scan.status(), Some("COMPLETE"));
    assert_eq!(
        scan.findings.as_ref(),
        image.findings(),
        "the image did not change"
    );
    assert_eq!(scan.previous_findings, None);
}
