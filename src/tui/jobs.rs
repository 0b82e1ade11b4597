//! Background work: starting a pane's load (one per pane, superseding the
//! last), handing pane work to threads, and applying every `Action` a job
//! sends back, dropping answers to superseded requests.

use crate::tui::action::Action;
use crate::tui::git_column;
use crate::tui::load::{LoadEvent, LoadRequest};
use crate::tui::pane::{PaneId, Work};
use crate::tui::problem::Problem;
use crate::tui::{App, Notice};

impl App {
    /// Starts (or restarts) a pane's load; an earlier load of the pane is cancelled.
    pub(in crate::tui) fn start_load(&mut self, pane: PaneId, req: LoadRequest) {
        self.launch_load(pane, req, false);
    }

    /// Lists a pane again in place (live refresh): marks stay, and rows
    /// listed unchanged keep their follow-up fields without fetching them.
    pub(in crate::tui) fn start_refresh(&mut self, pane: PaneId, req: LoadRequest) {
        self.launch_load(pane, req, true);
    }

    fn launch_load(&mut self, pane: PaneId, req: LoadRequest, refresh: bool) {
        let request = self.new_id();
        let mut settled = crate::tui::load::Settled::new();
        // Kept rows' follow-up fields are from disk: fetch them all again.
        let refresh = refresh && !self.screen.kept_shown.contains(&pane);
        if let Some(p) = self.pane_mut(pane) {
            if refresh {
                settled = p.settled();
                p.begin_refresh(request);
            } else {
                p.begin_load(request);
            }
        }
        for old in [
            self.jobs.loads.remove(&pane),
            self.jobs.git_checks.remove(&pane),
        ]
        .into_iter()
        .flatten()
        {
            old.1.abort();
        }
        let cloud = self.session.cloud.clone();
        let tx = self.jobs.tx.clone();
        // The Jobs list gets its Git column once every page is in.
        let git = (req == LoadRequest::Jobs).then(|| self.session.settings.git.clone());
        let with_git = git.is_some();
        let handle = tokio::spawn(async move {
            let seen = git_column::Seen::default();
            // Each page goes to the pane as it arrives, then the end of the load.
            let page_tx = tx.clone();
            let noted = seen.clone();
            let emit = move |event: LoadEvent| {
                if let LoadEvent::Page(payload) = &event {
                    noted.note(payload);
                }
                let _ = page_tx.send(Action::Loaded {
                    pane,
                    request,
                    event,
                });
            };
            let event = match req.run(&cloud, &settled, &emit).await {
                Ok(()) => LoadEvent::Done,
                Err(e) => LoadEvent::Failed(e),
            };
            let _ = tx.send(Action::Loaded {
                pane,
                request,
                event,
            });
            if let Some(git) = git {
                git_column::check(&cloud, &git, &seen, pane, request, &tx).await;
            }
        });
        if with_git {
            self.jobs
                .git_checks
                .insert(pane, (request, handle.abort_handle()));
        }
        self.jobs
            .loads
            .insert(pane, (request, handle.abort_handle()));
        self.screen.dirty = true;
    }

    /// Runs a pane's CPU-bound work (big filters and sorts) off the event loop.
    pub(in crate::tui) fn spawn_work(&self, work: Option<Work>) {
        let Some(work) = work else { return };
        let tx = self.jobs.tx.clone();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(work());
        });
    }

    /// A background job finished.
    pub fn on_action(&mut self, action: Action) {
        match action {
            Action::Loaded {
                pane,
                request,
                ref event,
            } => {
                // The pane drops an older load's events; so does this.
                let current = self
                    .jobs
                    .loads
                    .get(&pane)
                    .is_some_and(|(r, _)| *r == request);
                if current && matches!(event, LoadEvent::Page(_) | LoadEvent::Done) {
                    // Its own rows replace the last-known ones.
                    self.screen.kept_shown.remove(&pane);
                }
                if current && matches!(event, LoadEvent::Done) {
                    let now = self.now();
                    self.screen.listed_at.insert(pane, now);
                }
                // Kept once the pane has taken the event (its rows, not
                // the last-known ones it may still show), and only for a
                // load that listed in full: its follow-ups reported before
                // its Done.
                let keep = current && matches!(event, LoadEvent::Done);
                if matches!(event, LoadEvent::Done | LoadEvent::Failed(_))
                    && self
                        .jobs
                        .loads
                        .get(&pane)
                        .is_some_and(|(r, _)| *r == request)
                {
                    self.jobs.loads.remove(&pane);
                }
                if let LoadEvent::Failed(e) = event {
                    tracing::warn!(pane, error = %e, "load failed");
                    let place = self.place_of(pane);
                    self.record_error(place, e);
                }
                match event {
                    LoadEvent::Filling(view) => {
                        self.jobs.filling.insert(pane, (request, view.clone()));
                        self.prefer_visible();
                        return;
                    }
                    LoadEvent::FillDone(gaps) => {
                        if self
                            .jobs
                            .filling
                            .get(&pane)
                            .is_some_and(|(r, _)| *r == request)
                        {
                            self.jobs.filling.remove(&pane);
                        }
                        let place = self.place_of(pane);
                        for gap in gaps {
                            self.record_gap(place.clone(), gap.clone());
                        }
                    }
                    _ => {}
                }
                self.deliver(pane, action);
                if keep {
                    self.keep_list(pane);
                }
            }
            Action::Filtered { pane, .. }
            | Action::Prepared { pane, .. }
            | Action::RowUpdate { pane, .. } => {
                self.deliver(pane, action);
            }
            Action::RowUpdatesDone { pane, request } => {
                if self
                    .jobs
                    .git_checks
                    .get(&pane)
                    .is_some_and(|(r, _)| *r == request)
                {
                    self.jobs.git_checks.remove(&pane);
                }
            }
            Action::Kept {
                pane,
                session,
                found,
            } => self.on_kept(pane, session, found),
            Action::Identity { session, .. } if session != self.session.generation => {
                // Asked for a session switched away from: its account
                // must not shape the new session's gate.
                tracing::debug!(session, "identity answer for an old session dropped");
            }
            Action::Identity { result, .. } => {
                self.session.identity_pending = false;
                match result {
                    Ok(id) => {
                        self.session.identity = Some(id);
                        self.show_last_known();
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "caller identity failed");
                        self.record_error(
                            "header (sts:GetCallerIdentity)".to_owned(),
                            &Problem::Cloud(e.clone()),
                        );
                        self.session.identity_error = Some(e);
                    }
                }
                // The account decides per-account read-only and goes in
                // every journal record.
                self.rebuild_ops();
            }
            Action::Connected { ticket, .. } if ticket != self.session.switch_ticket => {
                tracing::debug!(ticket, "answer to a superseded switch dropped");
            }
            Action::Connected { result, .. } => {
                self.session.switching = false;
                match result {
                    // New profile and region: a new gate (reload_all
                    // rebuilds it) before any op can run.
                    Ok(cloud) => self.enter_session(cloud),
                    Err(e) => {
                        self.record_error(
                            "app (:profile/:region)".to_owned(),
                            &Problem::Cloud(e.clone()),
                        );
                        self.screen.notice = Some(Notice::error(format!("could not switch: {e}")));
                    }
                }
            }
            Action::OpDone {
                request,
                session,
                op,
                result,
            } => self.on_op_done(request, session, op, result),
            Action::PushPlanned {
                request,
                job,
                result,
            } => self.on_push_planned(request, job, result),
            Action::Progress { flow, event } => self.on_progress(flow, event),
            Action::FlowJobDone { flow } => self.on_flow_job_done(flow),
        }
        self.screen.dirty = true;
    }

    /// Hands a background result to its pane and starts any follow-up work.
    pub(in crate::tui) fn deliver(&mut self, pane: PaneId, action: Action) {
        let work = self.pane_mut(pane).and_then(|p| p.on_action(action));
        self.spawn_work(work);
    }
}
