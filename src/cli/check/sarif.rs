//! SARIF 2.1.0 for `dsadmin check --format sarif`: code-scanning tools
//! (GitHub, Azure DevOps, SonarQube …) read it and track findings by rule.
//!
//! Resources are not files, so each result names its resource as a logical
//! location (kind, name, ARN). Nothing time-dependent is written: the same
//! estate gives byte-identical output.

use serde_json::{json, Value};

use crate::governance::{Cause, GovernanceConfig, Report, RuleId, Severity};

/// SARIF's `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub code scanning's `security-severity` (CVSS-like, 0.0–10.0), which
/// it maps back to critical/high/medium/low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// The whole SARIF log for one check.
pub fn log(report: &Report, config: &GovernanceConfig) -> Value {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|r| {
            let setting = config.setting(*r);
            json!({
                "id": r.id(),
                "shortDescription": { "text": r.title() },
                "fullDescription": { "text": r.help() },
                "help": { "text": r.help() },
                "defaultConfiguration": {
                    "enabled": setting.enabled,
                    "level": level(setting.severity),
                },
                "properties": {
                    "severity": setting.severity.as_str(),
                    "security-severity": security_severity(setting.severity),
                    "resourceKind": r.kind().id(),
                    "tags": ["security", "sagemaker"],
                },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = RuleId::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
            let qualified = f
                .resource
                .arn
                .clone()
                .unwrap_or_else(|| format!("{}/{}", f.resource.kind.id(), f.resource.name));
            json!({
                "ruleId": f.rule.id(),
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {
                    "text": format!("{}: {}. Fix: {}", f.resource.name, f.evidence, f.fix),
                },
                "locations": [{
                    "logicalLocations": [{
                        "name": f.resource.name,
                        "fullyQualifiedName": qualified,
                        "kind": f.resource.kind.id(),
                    }],
                }],
                "partialFingerprints": {
                    // Stable across runs: the same rule on the same resource.
                    "dsadminFinding/v1": format!("{}|{}", f.rule.id(), qualified),
                },
                "properties": {
                    "severity": f.severity.as_str(),
                    "security-severity": security_severity(f.severity),
                    "evidence": f.evidence,
                    "fix": f.fix,
                },
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .not_checked
        .iter()
        .map(|n| {
            json!({
                "level": match n.cause {
                    Cause::Failed => "error",
                    Cause::NotConfigured => "note",
                },
                "message": {
                    "text": format!(
                        "not checked: {} ({}): {}",
                        n.source,
                        n.rules.iter().map(|r| r.id()).collect::<Vec<_>>().join(", "),
                        n.reason
                    ),
                },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dsadmin",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "invocations": [{
                "executionSuccessful": report.failures().next().is_none(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::{Finding, Resource, ResourceKind};

    #[test]
    fn levels_and_a_result() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        let report = Report {
            findings: vec![Finding {
                rule: RuleId::EndpointNoDataCapture,
                severity: Severity::Medium,
                resource: Resource::new(ResourceKind::Endpoint, "ep", Some("arn:ep")),
                evidence: "e".into(),
                fix: "f".into(),
            }],
            not_checked: Vec::new(),
        };
        let log = log(&report, &GovernanceConfig::default());
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(rules, RuleId::ALL.len());
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "endpoint-no-data-capture");
        let index = result["ruleIndex"].as_u64().unwrap_or(999) as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            "endpoint-no-data-capture"
        );
        assert_eq!(result["level"], "warning");
        assert_eq!(result["message"]["text"], "ep: e. Fix: f");
        let loc = &result["locations"][0]["logicalLocations"][0];
        assert_eq!(loc["fullyQualifiedName"], "arn:ep");
        assert_eq!(loc["kind"], "endpoint");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
}
