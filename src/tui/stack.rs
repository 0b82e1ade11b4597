//! Each tab's stack of panes: drilling into a row, the panes `:errors`,
//! `:audit`, `:findings`, `:costs` and `D` put on top of the current tab,
//! details, and going back (which also cancels the pane's load).

use crate::gitsync::Overrides;
use crate::tui::load::LoadRequest;
use crate::tui::pane::{Opened, Subject};
use crate::tui::widgets::detail::DetailPane;
use crate::tui::widgets::table::ListPane;
use crate::tui::{App, Notice};

impl App {
    /// Enter: drill into the selected row, or open its details.
    pub(in crate::tui) fn open(&mut self) {
        let Some(opened) = self.active_pane().and_then(|p| p.open()) else {
            return;
        };
        match opened {
            Opened::Drill(req, crumb) => self.push_pane(self.screen.active, req, crumb),
            Opened::Detail(d) => self.push_detail(d),
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
        };
        self.push_pane(self.screen.active, req, "findings".to_owned());
    }

    /// `:costs`: the cost and idle radar, on top of the current tab.
    pub(in crate::tui) fn show_costs(&mut self) {
        let req = LoadRequest::Costs {
            settings: Box::new(self.session.settings.costs.clone()),
            clock: self.screen.fixed_now,
        };
        self.push_pane(self.screen.active, req, "costs".to_owned());
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

    pub(in crate::tui) fn push_detail(&mut self, detail: DetailPane) {
        let id = self.new_id();
        if let Some(t) = self.screen.tabs.get_mut(self.screen.active) {
            t.stack.push(Box::new(detail.with_id(id)));
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
            }
        }
    }
}
