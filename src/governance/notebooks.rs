//! Classic notebook instances: direct internet access, root access.

use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::NotebookInstance;

pub(crate) fn check(n: &NotebookInstance, out: &mut Emitter<'_>) {
    let resource = || Resource::new(ResourceKind::NotebookInstance, &n.name, Some(&n.arn));
    // DirectInternetAccess defaults to Enabled when not given.
    if n.direct_internet_access.as_deref() != Some("Disabled") {
        out.emit(
            RuleId::NotebookDirectInternet,
            resource(),
            format!(
                "DirectInternetAccess = {}",
                n.direct_internet_access.as_deref().unwrap_or("Enabled (default)")
            ),
            "Recreate the instance in a private subnet with DirectInternetAccess=Disabled (it cannot be changed in place)",
        );
    }
    // RootAccess defaults to Enabled as well.
    if n.root_access.as_deref() != Some("Disabled") {
        out.emit(
            RuleId::NotebookRootAccess,
            resource(),
            format!(
                "RootAccess = {}",
                n.root_access.as_deref().unwrap_or("Enabled (default)")
            ),
            format!(
                "Stop the instance, then: aws sagemaker update-notebook-instance --notebook-instance-name {} --root-access Disabled",
                n.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run};
    use crate::governance::GovernanceConfig;

    fn notebook(internet: Option<&str>, root: Option<&str>) -> NotebookInstance {
        NotebookInstance {
            name: "nb".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:notebook-instance/nb".into(),
            status: "InService".into(),
            instance_type: None,
            direct_internet_access: internet.map(str::to_owned),
            root_access: root.map(str::to_owned),
            subnet_id: None,
            security_groups: Vec::new(),
            kms_key_id: None,
            role_arn: None,
            created: None,
            last_modified: None,
        }
    }

    fn check_one(n: &NotebookInstance) -> Vec<crate::governance::Finding> {
        run(&GovernanceConfig::default(), |out| check(n, out))
    }

    #[test]
    fn locked_down_notebook_is_fine() {
        assert!(check_one(&notebook(Some("Disabled"), Some("Disabled"))).is_empty());
    }

    #[test]
    fn internet_and_root_are_findings() {
        let f = check_one(&notebook(Some("Enabled"), Some("Disabled")));
        assert_eq!(ids(&f), ["notebook-direct-internet"]);
        assert_eq!(f[0].evidence, "DirectInternetAccess = Enabled");
        let f = check_one(&notebook(Some("Disabled"), Some("Enabled")));
        assert_eq!(ids(&f), ["notebook-root-access"]);
        // Unset means AWS's default, Enabled.
        let f = check_one(&notebook(None, None));
        assert_eq!(
            ids(&f),
            ["notebook-direct-internet", "notebook-root-access"]
        );
        assert_eq!(f[1].evidence, "RootAccess = Enabled (default)");
    }
}
