//! Posture findings over the demo estate: every rule has a violation in it
//! (given the settings some rules need), the table and SARIF output of
//! `dsadmin check` as golden files, the Findings pane and its detail, and
//! the binary's exit codes.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{anchor, demo_cloud, Harness};
use dsadmin::cli::check::{self, CheckArgs, Format};
use dsadmin::cloud::demo::glue_script;
use dsadmin::governance::{collect, Cause, RuleId, Severity};
use dsadmin::settings::Settings;

/// What the demo needs for the three rules that compare with settings.
const GOVERNANCE: &str = r#"
[governance]
allowed_execution_roles = ["arn:aws:iam::*:role/ds-team-*"]
closed_repositories = ["approved-*"]
require_object_tag = "Classification"
"#;

fn settings(extra: &str) -> Settings {
    Settings::from_str(
        &format!("{GOVERNANCE}{extra}"),
        Path::new("/tmp/dsadmin-test/config.toml"),
    )
    .unwrap()
}

/// A Git repository whose copy of one demo job's script differs from the
/// deployed one (drifted) and whose copy of another is identical.
async fn repo(dir: &Path) {
    let cloud = demo_cloud();
    let same = glue_script(&cloud.glue.get_job("claims-ingest-daily").await.unwrap());
    let deployed = glue_script(&cloud.glue.get_job("claims-notes-redaction").await.unwrap());
    let changed = format!("{deployed}\n# reviewed change\n");
    let repo = git2::Repository::init(dir).unwrap();
    std::fs::create_dir_all(dir.join("glue")).unwrap();
    std::fs::write(dir.join("glue/claims-ingest-daily.py"), same).unwrap();
    std::fs::write(dir.join("glue/claims-notes-redaction.py"), changed).unwrap();
    let mut index = repo.index().unwrap();
    for f in [
        "glue/claims-ingest-daily.py",
        "glue/claims-notes-redaction.py",
    ] {
        index.add_path(Path::new(f)).unwrap();
    }
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig =
        git2::Signature::new("T", "t@example.com", &git2::Time::new(1_790_000_000, 0)).unwrap();
    repo.commit(Some("refs/heads/main"), &sig, &sig, "scripts", &tree, &[])
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
}

#[tokio::test]
async fn the_demo_violates_every_rule_and_complies_with_each_somewhere() {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path()).await;
    let s = settings(&format!(
        "[git]\nrepository = {}\n",
        serde_json::to_string(&dir.path().display().to_string()).unwrap()
    ));
    let report = collect::check(&demo_cloud(), &s.governance_rules(), &s.git).await;
    assert!(report.not_checked.is_empty(), "{:?}", report.not_checked);
    let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
    let all: BTreeSet<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(fired, all, "rules without a violation in the demo");
    // Exactly the drifted job, not the one in sync nor the unmapped ones.
    let drift: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::GlueJobScriptDrift)
        .map(|f| f.resource.name.as_str())
        .collect();
    assert_eq!(drift, ["claims-notes-redaction"]);
    // Compliant resources exist too: each rule passes somewhere.
    let closed: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::RepositoryExternalConnection)
        .map(|f| f.resource.name.as_str())
        .collect();
    assert_eq!(closed, ["ds-artifacts/approved-pypi-sandbox"]);
    let vpc: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::DomainNotVpcOnly)
        .map(|f| f.resource.name.as_str())
        .collect();
    assert_eq!(vpc, ["ds-sandbox"]);
    // Worst first.
    let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
}

#[tokio::test]
async fn unconfigured_rules_are_reported_not_failed() {
    let s = Settings::builtin().unwrap();
    let report = collect::check(&demo_cloud(), &s.governance_rules(), &s.git).await;
    let notes: Vec<(&str, Cause)> = report
        .not_checked
        .iter()
        .map(|n| (n.source.as_str(), n.cause))
        .collect();
    assert_eq!(
        notes,
        [
            ("user-role-not-allowed", Cause::NotConfigured),
            (
                "artifact-repository-external-connection",
                Cause::NotConfigured
            ),
            (
                "execution-role-s3-without-tag-condition",
                Cause::NotConfigured
            ),
        ]
    );
    assert!(report.failures().next().is_none());
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == RuleId::UserRoleNotAllowed));
}

#[tokio::test]
async fn a_failing_source_is_not_checked_and_the_rest_still_counts() {
    // The Glue side of this cloud answers AccessDenied.
    let cloud = common::denied_glue_cloud();
    let s = settings("");
    let report = collect::check(&cloud, &s.governance_rules(), &s.git).await;
    let failed: Vec<&str> = report.failures().map(|n| n.source.as_str()).collect();
    assert_eq!(failed, ["glue:GetJobs"]);
    let note = report.failures().next().unwrap();
    assert!(note.reason.contains("access denied"), "{}", note.reason);
    assert_eq!(
        note.rules,
        [
            RuleId::GlueJobNoSecurityConfiguration,
            RuleId::GlueJobScriptDrift,
            RuleId::GlueJobLastRunFailed,
            // The roles the jobs run as are missing too.
            RuleId::ExecutionRoleAdminAccess,
            RuleId::ExecutionRoleSharedAcrossTeams,
            RuleId::ExecutionRoleS3WithoutTagCondition,
        ]
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == RuleId::DomainNotVpcOnly));
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule.id().starts_with("glue-")));
    assert_eq!(check::exit_code(&report, Severity::Critical), 1);
}

#[tokio::test]
async fn disabled_rules_and_severity_overrides_apply() {
    let s = settings(
        "[governance.rules.ecr-image-critical-findings]\nenabled = false\n\
         [governance.rules.endpoint-single-instance]\nseverity = \"critical\"\n",
    );
    let report = collect::check(&demo_cloud(), &s.governance_rules(), &s.git).await;
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == RuleId::ImageCriticalFindings));
    let single: Vec<Severity> = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::EndpointSingleInstance)
        .map(|f| f.severity)
        .collect();
    assert!(!single.is_empty());
    assert!(single.iter().all(|s| *s == Severity::Critical));
}

async fn output(format: Format) -> (String, u8) {
    let s = settings("");
    let args = CheckArgs {
        format,
        fail_on: Severity::High,
        accounts: None,
    };
    let mut out = Vec::new();
    let (_, code) = check::run(
        &demo_cloud(),
        &s.governance_rules(),
        &s.git,
        &args,
        &mut out,
        anchor(),
    )
    .await
    .unwrap();
    (String::from_utf8(out).unwrap(), code)
}

#[tokio::test]
async fn golden_table() {
    let (text, code) = output(Format::Table).await;
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_table", text);
}

#[tokio::test]
async fn golden_sarif() {
    let (text, code) = output(Format::Sarif).await;
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    // Every result points at its rule by id and index.
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(!r["locations"][0]["logicalLocations"][0]["name"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    insta::assert_snapshot!("check_sarif", text);
}

#[tokio::test]
async fn json_counts_match_the_findings() {
    let (text, _) = output(Format::Json).await;
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let count = |sev: &str| findings.iter().filter(|f| f["severity"] == sev).count();
    for sev in ["critical", "high", "medium", "low"] {
        assert_eq!(
            doc["counts"][sev].as_u64().unwrap() as usize,
            count(sev),
            "{sev}"
        );
    }
    assert_eq!(doc["fail_on"], "high");
    assert_eq!(
        doc["failing"].as_u64().unwrap() as usize,
        count("critical") + count("high")
    );
    let first = &findings[0];
    for key in ["rule", "severity", "resource", "evidence", "fix"] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
    assert_eq!(doc["not_checked"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_findings_pane_over_the_demo() {
    let mut h = Harness::with_cloud(demo_cloud(), settings("")).await;
    h.keys(":findings<enter>").await;
    insta::assert_snapshot!("findings_pane", h.screen());
    // d: the fix and the evidence of the selected (worst) finding.
    h.keys("d").await;
    let detail = h.screen();
    assert!(detail.contains("Fix"), "{detail}");
    assert!(detail.contains("ecr-image-critical-findings"), "{detail}");
    insta::assert_snapshot!("findings_detail", detail);
    // Filter and sort work as on every table.
    h.keys("<esc>/notebook<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("notebook-direct-internet"), "{screen}");
    assert!(!screen.contains("ecr-image-critical-findings"), "{screen}");
    h.keys("<esc>:sort rule<enter>").await;
    let screen = h.screen();
    // The first row under the header is now the alphabetically first rule.
    let first_row = screen
        .lines()
        .skip_while(|l| !l.contains("SEVERITY"))
        .nth(1)
        .unwrap();
    assert!(first_row.contains("app-idle-past-limit"), "{screen}");
}

/// Enter on a finding opens its resource's list with that row selected
/// (on the same tab's stack: Esc comes back to the findings).
#[tokio::test]
async fn enter_on_a_finding_goes_to_its_resource() {
    let mut h = Harness::with_cloud(demo_cloud(), settings("")).await;
    // The field of the listed row's details that names it.
    for (rule, list_column, tab) in [
        ("domain-not-vpc-only", "NETWORK", "Domains"),
        ("user-missing-tags", "EXECUTION ROLE", "Users"),
        ("ecr-image-critical-findings", "DIGEST", "Images"),
        ("glue-job-no-security-configuration", "WORKERS", "Glue Jobs"),
        ("endpoint-no-kms-key", "VARIANTS", "Endpoints"),
    ] {
        h.keys(&format!(":findings<enter>/{rule}<enter>d")).await;
        let finding = h.screen();
        let resource = field(&finding, "Resource").unwrap_or_else(|| panic!("{rule}:\n{finding}"));
        // Users are listed by name; a finding says domain/user.
        let name = match rule {
            "user-missing-tags" => resource.rsplit('/').next().unwrap().to_owned(),
            _ => resource.clone(),
        };
        h.keys("<esc><enter>").await;
        let listed = h.screen();
        assert!(listed.contains(list_column), "{rule}: {listed}");
        // In the resource's own tab: its breadcrumb starts there.
        let crumb = listed.lines().nth(2).unwrap_or_default();
        assert!(crumb.starts_with(&format!(" {tab}")), "{rule}: {crumb}");
        h.keys("d").await;
        let detail = h.screen();
        assert!(
            detail.contains(&name),
            "{rule}: the selected row is {name}\n{detail}"
        );
        let first_field = detail
            .lines()
            .find(|l| l.contains(&name))
            .unwrap_or_else(|| panic!("{rule}: {detail}"));
        assert!(
            !first_field.contains("Resource"),
            "{rule}: the resource's own details, not the finding's: {detail}"
        );
        h.keys("<esc><esc>").await;
        let back = h.screen();
        assert!(back.contains(rule), "{rule}: back to the findings\n{back}");
        h.keys("<esc><esc>").await;
    }
}

/// The value of detail field `label` on a screen (`│Label   value  │`).
fn field(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let rest = l.trim_start_matches('│').trim_start().strip_prefix(label)?;
        Some(rest.trim().trim_end_matches('│').trim().to_owned())
    })
}

#[tokio::test]
async fn findings_completes_on_the_command_line() {
    let mut h = Harness::demo().await;
    h.keys(":fin<tab>").await;
    assert_eq!(h.app.command_input(), Some("findings"));
}

#[tokio::test]
async fn a_source_that_fails_is_a_row_in_the_pane() {
    let mut h = Harness::with_cloud(common::denied_glue_cloud(), settings("")).await;
    h.keys(":findings<enter>G").await;
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("glue:GetJobs"))
        .unwrap_or_else(|| panic!("no not-checked row in\n{screen}"));
    assert!(row.contains("unchecked"), "{row}");
    assert!(row.contains("access denied"), "{row}");
}

#[test]
fn the_binary_over_the_demo() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dsadmin"))
            .args(args)
            .env_remove("DSADMIN_CONFIG")
            .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
            .output()
            .unwrap()
    };
    let out = run(&["--demo", "check", "--format", "json", "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["failing"].as_u64().unwrap() > 0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("finding(s) at or above low"), "{err}");
    let out = run(&["--demo", "check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "dsadmin");
    // A usage error is 2.
    assert_eq!(
        run(&["--demo", "check", "--format", "xml"]).status.code(),
        Some(2)
    );
}
