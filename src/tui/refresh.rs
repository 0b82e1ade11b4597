//! Which panes an op's success reloads: the lists an [`Op`] says it changes
//! ([`Op::changes`]), matched against what each pane loads.

use crate::model::PackageRef;
use crate::ops::op::{Changed, Op};
use crate::tui::load::LoadRequest;

/// Whether the pane that loads `req` shows rows `op` changes.
pub fn shows_change(op: &Op, req: &LoadRequest) -> bool {
    op.changes().iter().any(|changed| shows(changed, req))
}

fn shows(changed: &Changed, req: &LoadRequest) -> bool {
    match (changed, req) {
        (Changed::Jobs, LoadRequest::Jobs)
        | (Changed::Crawlers, LoadRequest::Crawlers)
        | (Changed::Users, LoadRequest::Users)
        | (Changed::Costs, LoadRequest::Costs { .. } | LoadRequest::Team { .. }) => true,
        (Changed::JobRuns { job }, LoadRequest::JobRuns { job: shown }) => job == shown,
        (Changed::Images { repository }, LoadRequest::Images { repository: shown }) => {
            repository == shown
        }
        (
            Changed::ProfileItems { domain_id, user },
            LoadRequest::ProfileItems {
                domain_id: shown_domain,
                user: shown_user,
            },
        ) => domain_id == shown_domain && user == shown_user,
        (Changed::Package(address), LoadRequest::Packages { domain, repository }) => {
            *domain == address.domain && *repository == address.repository
        }
        (
            Changed::Package(address),
            LoadRequest::PackageVersions {
                domain,
                repository,
                package,
            },
        ) => {
            *domain == address.domain
                && *repository == address.repository
                && PackageRef::from(package.as_ref()) == address.package
        }
        (Changed::ScriptDiff { job }, LoadRequest::ScriptDiff { job: shown, .. }) => job == shown,
        // A group's counts change with its versions' approvals.
        (Changed::ModelPackages { .. }, LoadRequest::ModelGroups) => true,
        (Changed::ModelPackages { group }, LoadRequest::ModelPackages { group: shown }) => {
            group == shown
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::requests::{AppOwner, AppRef};
    use crate::model::{OriginRestrictions, OriginRule};
    use crate::ops::packages::PackageAddress;

    #[test]
    fn a_deleted_app_reloads_its_user_and_the_users_tab() {
        let delete = Op::DeleteApp {
            app: AppRef {
                domain_id: "d-abc123".into(),
                owner: AppOwner::Space("alice-lab".into()),
                app_type: "JupyterLab".into(),
                app_name: "default".into(),
            },
            listed_for: Some("alice".into()),
        };
        assert!(shows_change(
            &delete,
            &LoadRequest::ProfileItems {
                domain_id: "d-abc123".into(),
                user: "alice".into()
            }
        ));
        assert!(shows_change(&delete, &LoadRequest::Users));
        assert!(!shows_change(
            &delete,
            &LoadRequest::ProfileItems {
                domain_id: "d-abc123".into(),
                user: "bob".into()
            }
        ));
        assert!(!shows_change(&delete, &LoadRequest::Jobs));
    }

    #[test]
    fn an_origin_change_reloads_its_repository_only() {
        let origin = Op::SetOrigin {
            address: PackageAddress {
                domain: "corp".into(),
                repository: "approved-pypi".into(),
                package: PackageRef::new("pypi", None, "requests"),
            },
            restrictions: OriginRestrictions {
                publish: OriginRule::Allow,
                upstream: OriginRule::Allow,
            },
        };
        assert!(shows_change(
            &origin,
            &LoadRequest::Packages {
                domain: "corp".into(),
                repository: "approved-pypi".into()
            }
        ));
        assert!(!shows_change(
            &origin,
            &LoadRequest::Packages {
                domain: "corp".into(),
                repository: "pypi-upstream".into()
            }
        ));
    }

    #[test]
    fn a_bulk_stop_reloads_costs_and_users() {
        let op = Op::StopApps {
            apps: vec![AppRef {
                domain_id: "d-abc123".into(),
                owner: AppOwner::User("bob".into()),
                app_type: "JupyterLab".into(),
                app_name: "kg-1".into(),
            }],
        };
        let costs = LoadRequest::Costs {
            settings: Box::new(crate::settings::costs::CostSettings::builtin()),
            clock: None,
            seen: crate::costs::seen::SeenApps::in_memory(),
        };
        assert!(shows_change(&op, &costs) && shows_change(&op, &LoadRequest::Users));
    }
}
