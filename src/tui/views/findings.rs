//! The Findings pane (`:findings`): posture findings worst first, and the
//! rules that could not be checked, with why.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::governance::{Resource, ResourceKind};
use crate::rows::findings::FindingRow;
use crate::tui::load::{LoadRequest, Payload};
use crate::tui::pane::Wanted;
use crate::tui::widgets::table::TableRow;

impl TableRow for FindingRow {
    /// A finding's resource in its tab's list, selected (Esc comes back).
    /// Kinds without a tab (notebook instances, training jobs, models)
    /// open the finding's details instead.
    fn find(&self) -> Option<(LoadRequest, String, Wanted)> {
        let FindingRow::Finding(f) = self else {
            return None;
        };
        let (req, title) = listed_in(&f.resource)?;
        let wanted = Wanted {
            arn: f.resource.arn.clone(),
            title,
        };
        Some((req, f.resource.name.clone(), wanted))
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Findings(v) => Some(v),
            _ => None,
        }
    }
}

/// The list that shows `resource`, and its row's title there.
fn listed_in(resource: &Resource) -> Option<(LoadRequest, String)> {
    let name = resource.name.clone();
    Some(match resource.kind {
        ResourceKind::SagemakerDomain => (LoadRequest::Domains, name),
        // `domain/user`: the Users list names the user alone.
        ResourceKind::UserProfile => {
            let user = name.rsplit_once('/').map_or(name.as_str(), |(_, u)| u);
            (LoadRequest::Users, user.to_owned())
        }
        ResourceKind::Endpoint => (LoadRequest::Endpoints, name),
        ResourceKind::EcrRepository => (LoadRequest::EcrRepositories, name),
        // `repository:tag`, or `repository@sha256:…` for an untagged image
        // (whose row is titled by its short digest).
        ResourceKind::EcrImage => match name.split_once('@') {
            Some((repository, digest)) => (
                LoadRequest::Images {
                    repository: repository.to_owned(),
                },
                digest.to_owned(),
            ),
            None => {
                let (repository, _) = name.split_once(':')?;
                (
                    LoadRequest::Images {
                        repository: repository.to_owned(),
                    },
                    name,
                )
            }
        },
        ResourceKind::GlueJob => (LoadRequest::Jobs, name),
        ResourceKind::CodeartifactRepository => (LoadRequest::ArtifactRepositories, name),
        // `domain/repository[/namespace]/package`: the row is titled by
        // the package's name alone.
        ResourceKind::CodeartifactPackage => {
            let mut parts = name.splitn(3, '/');
            let (domain, repository, package) = (parts.next()?, parts.next()?, parts.next()?);
            let package = package.rsplit_once('/').map_or(package, |(_, p)| p);
            (
                LoadRequest::Packages {
                    domain: domain.to_owned(),
                    repository: repository.to_owned(),
                },
                package.to_owned(),
            )
        }
        ResourceKind::LifecycleConfig => (LoadRequest::LifecycleConfigs, name),
        // An app's row in `:idle` needs the limits it is measured with:
        // the finding's details say what `:idle` would.
        ResourceKind::NotebookInstance
        | ResourceKind::TrainingJob
        | ResourceKind::SagemakerModel
        | ResourceKind::StudioApp
        // A role's S3 finding is measured against the configured object
        // tag, which this pane does not carry: the details say what
        // `:roles` would.
        | ResourceKind::ExecutionRole => return None,
    })
}
