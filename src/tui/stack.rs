//! Each tab's stack of panes: drilling into a row, the panes `:errors`,
//! `:audit`, `:findings`, `:costs`, `:team` and `D` put on top of the
//! current tab, a finding's resource opened in its own tab, details, and
//! going back (which also cancels the pane's load).

use crate::audit::AuditRecord;
use crate::command::TabKind;
use crate::gitsync::Overrides;
use crate::model::log::LogEvent;
use crate::model::trail::TrailEvent;
use crate::model::{
    ArtifactRepository, Crawler, Domain, EcrRepository, Endpoint, Image, JobRun, ModelPackageGroup,
    ModelPackageVersion, Package, PackageVersion, ProfileItem, UserProfile,
};
use crate::rows::account::AccountRow;
use crate::rows::endpoints::VariantRow;
use crate::rows::findings::FindingRow;
use crate::rows::idle::IdleRow;
use crate::rows::jobs::JobRow;
use crate::rows::lifecycle::{LifecycleRow, ScriptLine};
use crate::rows::roles::{RoleLine, RoleRow};
use crate::rows::team::TeamRow;
use crate::tui::load::LoadRequest;
use crate::tui::pane::{Detail, Opened, Pane, PaneId, Subject};
use crate::tui::views::costs_pane::CostsPane;
use crate::tui::widgets::detail::DetailPane;
use crate::tui::widgets::diff::DiffPane;
use crate::tui::widgets::table::ListPane;
use crate::tui::{App, Notice};

impl App {
    /// Puts the pane for `req` on top of tab `tab` and starts its load.
    pub(in crate::tui) fn push_pane(&mut self, tab: usize, req: LoadRequest, crumb: String) {
        let id = self.new_id();
        let pane = pane_for(&req, id, crumb);
        if let Some(t) = self.screen.tabs.get_mut(tab) {
            t.stack.push(pane);
        }
        self.start_load(id, req);
    }

    /// Enter: drill into the selected row, or open its details.
    pub(in crate::tui) fn open(&mut self) {
        let Some(opened) = self.active_pane().and_then(|p| p.open()) else {
            return;
        };
        match opened {
            Opened::Drill(req, crumb) => self.push_pane(self.screen.active, req, crumb),
            Opened::Detail(d) => self.push_detail(d),
            Opened::Account(Ok(account)) => self.switch_account(account),
            Opened::Account(Err(why)) => self.screen.notice = Some(Notice::error(why)),
            Opened::Find(req, crumb, wanted) => {
                // In the resource's own tab, on top of its stack; Esc there
                // comes back to the tab where Enter was.
                let from = self.screen.active;
                let tab = req.tab().map_or(from, TabKind::index);
                self.push_pane(tab, req, crumb);
                if tab != from {
                    if let Some(pane) = self.screen.tabs.get(tab).and_then(|t| t.stack.last()) {
                        self.screen.return_to.insert(pane.id(), from);
                    }
                    self.screen.active = tab;
                }
                if let Some(pane) = self.active_pane_mut() {
                    pane.select_when_listed(wanted);
                }
            }
        }
    }

    /// `:errors`: the recent errors as a table on top of the current tab.
    pub(in crate::tui) fn show_errors(&mut self) {
        let id = self.new_id();
        let pane = ListPane::with_rows(id, "errors".to_owned(), self.screen.errors.clone());
        if let Some(t) = self.screen.tabs.get_mut(self.screen.active) {
            t.stack.push(Box::new(pane));
        }
    }

    /// `:audit`: the journal of changes attempted, loaded from its file.
    pub(in crate::tui) fn show_audit(&mut self) {
        let Some(path) = self.session.settings.audit.path.clone() else {
            self.screen.notice = Some(Notice::error(
                "no audit journal path: set [audit] path in the config file".to_owned(),
            ));
            return;
        };
        self.push_pane(
            self.screen.active,
            LoadRequest::Audit { path },
            "audit journal".to_owned(),
        );
    }

    /// `:findings`: the posture rules over the whole estate, loaded in the
    /// background into a pane on top of the current tab.
    pub(in crate::tui) fn show_findings(&mut self) {
        let req = LoadRequest::Findings {
            config: Box::new(self.session.settings.governance_rules()),
            git: Box::new(self.session.settings.git.clone()),
            clock: self.screen.fixed_now,
        };
        self.push_pane(self.screen.active, req, "findings".to_owned());
    }

    /// `:lifecycle`: Studio lifecycle configurations, where each is
    /// attached and what the rules find; Enter shows a script.
    pub(in crate::tui) fn show_lifecycle(&mut self) {
        self.push_pane(
            self.screen.active,
            LoadRequest::LifecycleConfigs,
            "lifecycle configurations".to_owned(),
        );
    }

    /// `:roles`: every execution role, what runs as it, its policies and
    /// S3 reach; Enter shows one role line by line.
    pub(in crate::tui) fn show_roles(&mut self) {
        let req = LoadRequest::Roles {
            require_tag: self.session.settings.governance_rules().require_object_tag,
        };
        self.push_pane(self.screen.active, req, "execution roles".to_owned());
    }

    /// `:idle`: idle shutdown for each domain, profile and space, and why
    /// running apps past their limit still run.
    pub(in crate::tui) fn show_idle(&mut self) {
        let req = LoadRequest::Idle {
            fallback_minutes: self.session.settings.governance_rules().idle_limit_minutes,
            clock: self.screen.fixed_now,
        };
        self.push_pane(self.screen.active, req, "idle shutdown".to_owned());
    }

    /// `:costs`: the cost and idle radar, on top of the current tab.
    pub(in crate::tui) fn show_costs(&mut self) {
        let req = LoadRequest::Costs {
            settings: Box::new(self.session.settings.costs.clone()),
            clock: self.screen.fixed_now,
            seen: self.session.seen_apps.clone(),
        };
        self.push_pane(self.screen.active, req, "costs".to_owned());
    }

    /// `T` and `:trail`: the selected row's CloudTrail history over the
    /// last 90 days, on top of the current tab; `:trail NAME`: the history
    /// of the resource named NAME.
    pub(in crate::tui) fn show_trail(&mut self, name: Option<&str>) {
        use crate::model::trail::{TrailKey, TrailQuery, TrailTarget};
        let target = match name {
            Some(name) => Some(TrailTarget {
                keys: vec![TrailKey::Resource(name.to_owned())],
                within: Vec::new(),
                label: name.to_owned(),
            }),
            None => self.active_pane().and_then(|p| p.trail()),
        };
        let Some(target) = target else {
            self.screen.notice = Some(Notice::info(
                "No CloudTrail history here: select a resource row (a job, user, endpoint …), or :trail NAME",
            ));
            return;
        };
        let now = self.screen.fixed_now.unwrap_or_else(chrono::Utc::now);
        let mut query = TrailQuery::last_90_days(target.keys, now);
        query.within = target.within;
        let req = LoadRequest::Trail { query };
        self.push_pane(self.screen.active, req, format!("{} › trail", target.label));
    }

    /// `:accounts [TEXT]`: the accounts dsadmin knows and whether each
    /// answers, filtered by TEXT (an id, a name); Enter moves the session
    /// to one.
    pub(in crate::tui) fn show_accounts(&mut self, filter: &str) {
        let Some(connector) = self.session.connector.clone() else {
            self.screen.notice = Some(Notice::error(
                "The demo estate is one account; run dsadmin without --demo to see [[accounts]], SSO profiles and [organization]",
            ));
            return;
        };
        let req = LoadRequest::Accounts {
            connector: crate::tui::load::SharedConnector(connector),
            environments: self.session.settings.environments.clone(),
            current: self.session.identity.as_ref().map(|i| i.account.clone()),
        };
        self.push_pane(self.screen.active, req, "accounts".to_owned());
        if !filter.is_empty() {
            let work = self
                .active_pane_mut()
                .and_then(|p| p.set_filter(filter.to_owned()));
            self.spawn_work(work);
        }
    }

    /// `l`: the selected Glue job's (latest) run, run or endpoint's
    /// CloudWatch Logs, oldest first with the newest selected, on top of
    /// the current tab.
    pub(in crate::tui) fn show_logs(&mut self) {
        let Some((source, follow)) = self.active_pane().and_then(|p| p.logs()) else {
            self.screen.notice = Some(Notice::info(
                "l shows CloudWatch Logs: select a Glue job or run, or an endpoint",
            ));
            return;
        };
        let crumb = format!(
            "{} › logs{}",
            source.label(),
            if follow { " (following)" } else { "" }
        );
        let req = LoadRequest::Logs {
            source,
            follow,
            clock: self.screen.fixed_now,
        };
        self.push_pane(self.screen.active, req, crumb);
    }

    /// `:models`: the Model Registry's groups, on top of the current tab;
    /// Enter lists a group's versions, where `a` / `R` decide one.
    pub(in crate::tui) fn show_models(&mut self) {
        self.push_pane(
            self.screen.active,
            LoadRequest::ModelGroups,
            "model groups".to_owned(),
        );
    }

    /// `:team [NAME]`: a team's members (every profile, by team, without a
    /// name) with their running apps, spaces and cost.
    pub(in crate::tui) fn show_team(&mut self, team: Option<String>) {
        let crumb = match &team {
            Some(t) => format!("team {t}"),
            None => "teams".to_owned(),
        };
        let req = LoadRequest::Team {
            team,
            settings: Box::new(self.session.settings.costs.clone()),
            clock: self.screen.fixed_now,
            seen: self.session.seen_apps.clone(),
        };
        self.push_pane(self.screen.active, req, crumb);
    }

    /// `D`: the selected Glue job's deployed script against its file in Git,
    /// loaded in the background into a pane of its own.
    pub(in crate::tui) fn show_diff(&mut self) {
        let Some(Subject::GlueJob(job)) = self.subject() else {
            self.screen.notice = Some(Notice::error(
                "D shows a Glue job's script against Git: select a job on the Jobs tab".to_owned(),
            ));
            return;
        };
        let job = job.name;
        match self
            .session
            .settings
            .git
            .mapping(&job, &Overrides::default())
        {
            Some(mapping) => {
                let crumb = format!("{job} › diff");
                self.push_pane(
                    self.screen.active,
                    LoadRequest::ScriptDiff { job, mapping },
                    crumb,
                );
            }
            None => {
                self.screen.notice = Some(Notice::error(format!(
                        "Glue job {job} has no Git mapping: add [[git.jobs]] or [git] repository to the config"
                    )));
            }
        }
    }

    pub(in crate::tui) fn push_detail(&mut self, detail: Detail) {
        let id = self.new_id();
        if let Some(t) = self.screen.tabs.get_mut(self.screen.active) {
            t.stack.push(Box::new(DetailPane::new(id, detail)));
        }
    }

    pub(in crate::tui) fn back(&mut self) {
        if self
            .active_pane()
            .is_some_and(|p| !p.filter_query().is_empty())
        {
            self.set_filter(String::new());
            return;
        }
        let Some(tab) = self.screen.tabs.get_mut(self.screen.active) else {
            return;
        };
        if tab.stack.len() > 1 {
            if let Some(p) = tab.stack.pop() {
                if let Some((_, h)) = self.jobs.loads.remove(&p.id()) {
                    h.abort();
                }
                // A list a finding opened in another tab: back to that one.
                if let Some(from) = self.screen.return_to.remove(&p.id()) {
                    self.screen.active = from;
                }
            }
        }
    }
}

/// The pane that shows `request`'s rows.
fn pane_for(request: &LoadRequest, id: PaneId, crumb: String) -> Box<dyn Pane> {
    let req = Some(request.clone());
    match request {
        LoadRequest::Domains => Box::new(ListPane::<Domain>::new(id, crumb, req)),
        LoadRequest::Users => Box::new(ListPane::<UserProfile>::new(id, crumb, req)),
        LoadRequest::ProfileItems { .. } => Box::new(ListPane::<ProfileItem>::new(id, crumb, req)),
        LoadRequest::Jobs => Box::new(ListPane::<JobRow>::new(id, crumb, req)),
        LoadRequest::JobRuns { .. } => Box::new(ListPane::<JobRun>::new(id, crumb, req)),
        LoadRequest::Crawlers => Box::new(ListPane::<Crawler>::new(id, crumb, req)),
        LoadRequest::EcrRepositories => Box::new(ListPane::<EcrRepository>::new(id, crumb, req)),
        LoadRequest::Images { .. } => Box::new(ListPane::<Image>::new(id, crumb, req)),
        LoadRequest::ArtifactRepositories => {
            Box::new(ListPane::<ArtifactRepository>::new(id, crumb, req))
        }
        LoadRequest::Packages { .. } => Box::new(ListPane::<Package>::new(id, crumb, req)),
        LoadRequest::PackageVersions { .. } => {
            Box::new(ListPane::<PackageVersion>::new(id, crumb, req))
        }
        LoadRequest::Endpoints => Box::new(ListPane::<Endpoint>::new(id, crumb, req)),
        LoadRequest::Variants { .. } => Box::new(ListPane::<VariantRow>::new(id, crumb, req)),
        LoadRequest::ModelGroups => Box::new(ListPane::<ModelPackageGroup>::new(id, crumb, req)),
        LoadRequest::Logs { .. } => Box::new(ListPane::<LogEvent>::new(id, crumb, req)),
        LoadRequest::ModelPackages { .. } => {
            Box::new(ListPane::<ModelPackageVersion>::new(id, crumb, req))
        }
        LoadRequest::Audit { .. } => Box::new(ListPane::<AuditRecord>::new(id, crumb, req)),
        LoadRequest::ScriptDiff { .. } => Box::new(DiffPane::new(id, crumb, request.clone())),
        LoadRequest::Findings { .. } => Box::new(ListPane::<FindingRow>::new(id, crumb, req)),
        LoadRequest::LifecycleConfigs => Box::new(ListPane::<LifecycleRow>::new(id, crumb, req)),
        LoadRequest::LifecycleScript { .. } => {
            Box::new(ListPane::<ScriptLine>::new(id, crumb, req))
        }
        LoadRequest::Idle { .. } => Box::new(ListPane::<IdleRow>::new(id, crumb, req)),
        LoadRequest::Roles { .. } => Box::new(ListPane::<RoleRow>::new(id, crumb, req)),
        LoadRequest::RoleDetail { .. } => Box::new(ListPane::<RoleLine>::new(id, crumb, req)),
        LoadRequest::Team { .. } => Box::new(ListPane::<TeamRow>::new(id, crumb, req)),
        LoadRequest::Trail { .. } => Box::new(ListPane::<TrailEvent>::new(id, crumb, req)),
        LoadRequest::Accounts { .. } => Box::new(ListPane::<AccountRow>::new(id, crumb, req)),
        LoadRequest::Costs {
            settings, clock, ..
        } => Box::new(CostsPane::new(
            id,
            crumb,
            request.clone(),
            (**settings).clone(),
            *clock,
        )),
    }
}
