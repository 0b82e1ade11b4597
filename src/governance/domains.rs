//! Studio domains: network mode, KMS key, per-user identity, idle shutdown.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::idle::IDLE_APP_TYPES;
use crate::model::Domain;

/// Every domain rule reads DescribeDomain's settings: without them each
/// is "not checked" for this domain, with why.
const SETTINGS_RULES: [RuleId; 4] = [
    RuleId::DomainNotVpcOnly,
    RuleId::DomainNoKmsKey,
    RuleId::DomainNoSourceIdentity,
    RuleId::DomainIdleShutdown,
];

pub(crate) fn check(domain: &Domain, out: &mut Emitter<'_>) {
    let resource = || {
        Resource::new(
            ResourceKind::SagemakerDomain,
            &domain.name,
            Some(&domain.arn),
        )
    };
    let Some(d) = out.described(&domain.settings, &SETTINGS_RULES, &resource()) else {
        return;
    };
    if d.network_mode != "VpcOnly" {
        out.emit(
            RuleId::DomainNotVpcOnly,
            resource(),
            format!("AppNetworkAccessType = {}", d.network_mode),
            "Recreate the domain with AppNetworkAccessType=VpcOnly (it cannot be changed while apps run) and VPC endpoints for SageMaker, S3 and STS",
        );
    }
    if d.kms_key_id.is_none() {
        out.emit(
            RuleId::DomainNoKmsKey,
            resource(),
            "KmsKeyId not set: EFS and volumes use an AWS-owned key",
            "Create the domain with KmsKeyId set to a customer-managed key (the key cannot be added later)",
        );
    }
    if d.execution_role_identity.as_deref() != Some("USER_PROFILE_NAME") {
        out.emit(
            RuleId::DomainNoSourceIdentity,
            resource(),
            format!(
                "DomainSettings.ExecutionRoleIdentityConfig = {}",
                d.execution_role_identity.as_deref().unwrap_or("not set")
            ),
            "aws sagemaker update-domain --domain-id ID --domain-settings-for-update ExecutionRoleIdentityConfig=USER_PROFILE_NAME",
        );
    }
    let limit = out.config().idle_limit_minutes;
    let problems: Vec<String> = IDLE_APP_TYPES
        .iter()
        .filter_map(|app| {
            let setting = d.idle_shutdown.iter().find(|s| s.app_type == *app);
            match setting {
                None => Some(format!("{app}: not configured")),
                Some(s) if !s.enabled => Some(format!("{app}: disabled")),
                Some(s) => match s.timeout_minutes {
                    None => Some(format!("{app}: enabled without a timeout")),
                    Some(m) if m > limit => Some(format!("{app}: {m} min > limit {limit} min")),
                    Some(_) => None,
                },
            }
        })
        .collect();
    if !problems.is_empty() {
        out.emit(
            RuleId::DomainIdleShutdown,
            resource(),
            format!("idle shutdown {}", problems.join("; ")),
            format!(
                "Set DefaultUserSettings.<App>AppSettings.AppLifecycleManagement.IdleSettings: LifecycleManagement=ENABLED, IdleTimeoutInMinutes<={limit}"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;
    use crate::model::Detail;

    use crate::governance::testing::{domain_with, idle};

    fn compliant() -> Domain {
        crate::governance::testing::domain()
    }

    fn check_one(d: &Domain) -> Vec<crate::governance::Finding> {
        let config = GovernanceConfig::default();
        run(&config, |out| check(d, out))
    }

    #[test]
    fn a_compliant_domain_has_no_findings() {
        assert!(check_one(&compliant()).is_empty());
    }

    #[test]
    fn public_internet_is_a_finding() {
        let d = domain_with(|s| s.network_mode = "PublicInternetOnly".into());
        let f = check_one(&d);
        assert_eq!(ids(&f), ["domain-not-vpc-only"]);
        assert_eq!(f[0].evidence, "AppNetworkAccessType = PublicInternetOnly");
        assert_eq!(f[0].resource.arn.as_deref(), Some(d.arn.as_str()));
    }

    #[test]
    fn no_kms_key_is_a_finding() {
        let d = domain_with(|s| s.kms_key_id = None);
        assert_eq!(ids(&check_one(&d)), ["domain-no-kms-key"]);
    }

    #[test]
    fn source_identity_disabled_or_unset_is_a_finding() {
        for value in [Some("DISABLED"), None] {
            let d = domain_with(|s| s.execution_role_identity = value.map(str::to_owned));
            let f = check_one(&d);
            assert_eq!(ids(&f), ["domain-no-source-identity"]);
            assert!(f[0].evidence.contains(value.unwrap_or("not set")));
        }
    }

    #[test]
    fn unknown_settings_leave_the_domain_not_checked() {
        let why = crate::model::Why::new("sagemaker:DescribeDomain", "AccessDenied", "no");
        let d = Domain {
            settings: Detail::unknown(why),
            ..compliant()
        };
        let config = GovernanceConfig::default();
        let mut unchecked = Vec::new();
        let f = crate::governance::testing::run_with_unchecked(
            &config,
            |out| check(&d, out),
            &mut unchecked,
        );
        assert!(f.is_empty());
        assert_eq!(unchecked.len(), 1, "one cause: {unchecked:?}");
        assert_eq!(unchecked[0].source, "sagemaker:DescribeDomain");
        assert_eq!(unchecked[0].rules.len(), 4);
        assert_eq!(unchecked[0].resources, ["ds-prod"]);
    }

    #[test]
    fn idle_shutdown_missing_disabled_or_too_long() {
        let d = domain_with(|s| s.idle_shutdown = vec![idle("JupyterLab", true, Some(1440))]);
        let f = check_one(&d);
        assert_eq!(ids(&f), ["domain-idle-shutdown"]);
        assert_eq!(
            f[0].evidence,
            "idle shutdown JupyterLab: 1440 min > limit 240 min; CodeEditor: not configured"
        );
        let d = domain_with(|s| {
            s.idle_shutdown = vec![
                idle("JupyterLab", false, Some(60)),
                idle("CodeEditor", true, Some(240)),
            ]
        });
        assert_eq!(
            check_one(&d)[0].evidence,
            "idle shutdown JupyterLab: disabled"
        );
        // At the limit is fine; the limit comes from the config.
        let config = GovernanceConfig {
            idle_limit_minutes: 100,
            ..GovernanceConfig::default()
        };
        let f = run(&config, |out| check(&compliant(), out));
        assert_eq!(ids(&f), ["domain-idle-shutdown"]);
    }
}
