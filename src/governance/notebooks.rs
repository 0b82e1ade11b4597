//! Classic notebook instances: direct internet access, root access.

use super::collect::NOTEBOOK_RULES;
use super::{Emitter, Resource, ResourceKind, RuleId};
use crate::model::NotebookInstance;

pub(crate) fn check(notebook: &NotebookInstance, out: &mut Emitter<'_>) {
    let resource = || {
        Resource::new(
            ResourceKind::NotebookInstance,
            &notebook.name,
            Some(&notebook.arn),
        )
    };
    let Some(n) = out.described(&notebook.described, NOTEBOOK_RULES, &resource()) else {
        return;
    };
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
                notebook.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::testing::{ids, run, run_with_unchecked};
    use crate::governance::GovernanceConfig;
    use crate::model::{Detail, NotebookSettings, Why};

    fn notebook(internet: Option<&str>, root: Option<&str>) -> NotebookInstance {
        NotebookInstance {
            name: "nb".into(),
            arn: "arn:aws:sagemaker:eu-west-2:1:notebook-instance/nb".into(),
            status: "InService".into(),
            instance_type: None,
            described: Detail::Known(NotebookSettings {
                direct_internet_access: internet.map(str::to_owned),
                root_access: root.map(str::to_owned),
                ..NotebookSettings::default()
            }),
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

    #[test]
    fn an_unknown_description_leaves_the_notebook_unchecked() {
        let mut n = notebook(None, None);
        n.described = Detail::unknown(Why::new(
            "sagemaker:DescribeNotebookInstance",
            "AccessDenied",
            "no",
        ));
        let mut unchecked = Vec::new();
        let findings = run_with_unchecked(
            &GovernanceConfig::default(),
            |o| check(&n, o),
            &mut unchecked,
        );
        assert!(findings.is_empty(), "no default assumed: {findings:?}");
        assert_eq!(unchecked[0].resources, ["nb"]);
        assert_eq!(unchecked[0].rules, NOTEBOOK_RULES);
    }
}
