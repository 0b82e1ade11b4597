//! The application: tabs, panes, input modes, and the job runner.
//!
//! `App` is driven by three inputs — key events, `Action`s from background jobs
//! and a spinner tick — and never awaits network I/O itself: loads and large
//! filters run as tasks and come back as `Action`s. `run` wires it to a terminal;
//! tests drive it directly.

pub mod action;
pub mod app_ops;
pub mod clipboard;
mod command_line;
mod draw;
pub mod filter;
mod filter_line;
pub mod flows;
mod git_column;
pub mod intent;
mod jobs;
pub mod last_known;
pub mod layers;
pub mod load;
pub mod ops_runner;
pub mod pane;
pub mod problem;
pub mod refresh;
pub mod run;
mod stack;
pub mod views;
pub mod widgets;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::task::AbortHandle;

use crate::audit::AuditContext;
use crate::cloud::CloudError;
use crate::cloud::{Cloud, Connector};
use crate::command::Command;
use crate::command::TabKind;
use crate::costs::seen::SeenApps;
use crate::model::CallerIdentity;
use crate::policy::Policy;
use crate::settings::Settings;
use crate::tui::action::Action;
use crate::tui::app_ops::AppOps;
use crate::tui::layers::help::HelpLayer;
use crate::tui::layers::{Layer, LayerKind};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::pane::{Pane, PaneId};
use crate::tui::problem::Problem;
use crate::tui::views::errors::ErrorRecord;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// One tab: a stack of panes, the root first.
struct Tab {
    kind: TabKind,
    stack: Vec<Box<dyn Pane>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Normal,
    Filter,
    Command(String),
}

/// How a notice reads: news, or something that went wrong (in red).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// A one-off line in the footer: the outcome of the last thing done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: Level::Info,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: Level::Error,
        }
    }

    /// An outcome that may have failed: an error when `failed`.
    pub fn new(text: impl Into<String>, failed: bool) -> Self {
        if failed {
            Self::error(text)
        } else {
            Self::info(text)
        }
    }
}

/// Who and where: the settings, the cloud and its identity, the gate.
struct Session {
    settings: Settings,
    cloud: Cloud,
    /// `--read-only` was given (kept apart from the config's `read_only`
    /// so the refusal names the right cause).
    read_only_flag: bool,
    /// The gate, audit context and journal admin ops run with.
    ops: AppOps,
    /// Opens presigned URLs (`o` in the presign modal); injectable.
    browser: flows::presign::BrowserOpener,
    identity: Option<CallerIdentity>,
    identity_pending: bool,
    /// Why the caller identity could not be read: a credentials problem
    /// replaces the tabs with instructions.
    identity_error: Option<CloudError>,
    /// Builds a cloud for another profile or region (`:profile`, `:region`);
    /// `None` for the demo estate.
    connector: Option<Arc<dyn Connector>>,
    /// A `:profile`/`:region` switch in flight.
    switching: bool,
    /// Which session this is: counts the switches made. Answers, dialogs
    /// and ops belong to the session they were asked in.
    generation: u64,
    /// The latest switch asked for; an older one's answer is dropped.
    switch_ticket: u64,
    /// What the latest switch goes to when it is an account (`:accounts`),
    /// for the notice: the profile alone would name the base profile.
    switch_to_account: Option<String>,
    /// The apps `:costs` saw running, so month to date keeps the spend of
    /// those stopped since (shared by every costs load of the session).
    seen_apps: SeenApps,
    /// Where the tabs' last-known lists are kept; `None`: not kept
    /// (`--no-cache`, the demo estate, tests that do not ask for it).
    last_known: Option<crate::inventory::last_known::LastKnown>,
}

/// Background work in flight: the result channel, request ids, every
/// handle that can cancel a load.
struct Jobs {
    /// Admin ops whose jobs have not reported back.
    ops_in_flight: HashSet<u64>,
    /// Model package versions whose approval is being sent: a second `a`
    /// on the row while the first is in flight would read the same status
    /// and send again (UpdateModelPackage has no condition of its own).
    approvals_in_flight: HashSet<String>,
    /// The job whose Git → Glue push plan is being made (`P`): one at a
    /// time, so a second `P` cannot stack a second question.
    planning_push: Option<String>,
    /// Flow jobs running, per flow.
    flow_jobs: HashMap<flows::FlowId, usize>,
    tx: UnboundedSender<Action>,
    next_id: u64,
    /// The load in flight per pane: its request id and how to cancel it.
    loads: HashMap<PaneId, (u64, AbortHandle)>,
    /// Git column checks in flight per Jobs pane (they run on the load's
    /// task after its last page).
    git_checks: HashMap<PaneId, (u64, AbortHandle)>,
    /// Lists whose rows are being filled in, per pane and load: told which
    /// rows are on screen after every draw, so those are filled first.
    filling: HashMap<PaneId, (u64, crate::tui::load::FillView)>,
    /// Last-known lists being read from disk (each answers `Action::Kept`).
    kept_reads: usize,
}

/// What is on screen: the tabs, the input mode, the layers over them, the
/// notice in the footer, and the clock the screen is drawn at.
struct Screen {
    tabs: Vec<Tab>,
    active: usize,
    mode: Mode,
    /// Layers over the tabs (help, confirmations, flows); the last is on
    /// top and gets the keys.
    layers: Vec<Box<dyn Layer>>,
    /// Recent errors for `:errors`, oldest first.
    errors: Vec<ErrorRecord>,
    /// A one-off message in the footer; cleared by the next key.
    notice: Option<Notice>,
    history: Vec<String>,
    history_pos: Option<usize>,
    /// The candidates of an ambiguous Tab on the command line, shown in
    /// the footer; the next Tab takes the next one.
    completion: Option<command_line::Completion>,
    quit: bool,
    dirty: bool,
    spinner: usize,
    /// When each pane's list last finished loading, for the header.
    listed_at: HashMap<PaneId, DateTime<Utc>>,
    /// Panes showing their last-known rows from disk (the header says
    /// how old) until their own load's first page.
    kept_shown: HashSet<PaneId>,
    /// Clipboard writes the terminal still has to send (OSC 52).
    pending_clipboard: Vec<String>,
    last_copied: Option<String>,
    /// A fixed clock for tests and snapshots; `None` reads the system clock.
    fixed_now: Option<DateTime<Utc>>,
    /// Panes a finding opened in another tab, and the tab to come back to
    /// when Esc closes them.
    return_to: HashMap<PaneId, usize>,
}

/// The application: three concerns, each its own struct, so a flow
/// borrows the one it changes.
pub struct App {
    session: Session,
    jobs: Jobs,
    screen: Screen,
}

/// How often a list with a row between two states is read again.
pub const SETTLE_SECS: u64 = 5;

impl App {
    /// Builds the app; the receiver yields the background jobs' results.
    pub fn new(settings: Settings, cloud: Cloud) -> (App, UnboundedReceiver<Action>) {
        let (tx, rx) = unbounded_channel();
        let active = settings.general.default_tab.index();
        let profile = cloud.context.profile.clone();
        let ops = AppOps::new(
            Policy::for_session(&settings.read_only_rules(), false, None, &profile),
            AuditContext {
                caller_arn: None,
                profile,
                region: cloud.context.region.clone(),
                account: None,
            },
            settings.audit.path.clone(),
        );
        let seen_apps = SeenApps::for_estate(
            cloud.context.demo,
            settings.costs.seen_apps.clone(),
            settings.audit.path.clone(),
        );
        let app = App {
            session: Session {
                settings,
                cloud,
                read_only_flag: false,
                ops,
                identity: None,
                identity_pending: false,
                identity_error: None,
                connector: None,
                switching: false,
                generation: 0,
                switch_ticket: 0,
                switch_to_account: None,
                seen_apps,
                last_known: None,
                browser: flows::presign::system_browser(),
            },
            jobs: Jobs {
                tx,
                next_id: 1,
                ops_in_flight: HashSet::new(),
                approvals_in_flight: HashSet::new(),
                planning_push: None,
                flow_jobs: HashMap::new(),
                loads: HashMap::new(),
                git_checks: HashMap::new(),
                filling: HashMap::new(),
                kept_reads: 0,
            },
            screen: Screen {
                tabs: Vec::new(),
                active,
                mode: Mode::Normal,
                layers: Vec::new(),
                errors: Vec::new(),
                notice: None,
                history: Vec::new(),
                history_pos: None,
                completion: None,
                quit: false,
                dirty: true,
                spinner: 0,
                listed_at: HashMap::new(),
                kept_shown: HashSet::new(),
                pending_clipboard: Vec::new(),
                last_copied: None,
                fixed_now: None,
                return_to: HashMap::new(),
            },
        };
        (app, rx)
    }

    /// Freezes the clock (tests, snapshots).
    pub fn with_clock(mut self, now: DateTime<Utc>) -> Self {
        self.screen.fixed_now = Some(now);
        self
    }

    /// Moves the frozen clock (tests: a countdown advancing).
    pub fn set_clock(&mut self, now: DateTime<Utc>) {
        self.screen.fixed_now = Some(now);
        self.screen.dirty = true;
    }

    /// `--read-only` was given: every change and credential is refused,
    /// and the message names the flag.
    pub fn with_read_only_flag(mut self, flag: bool) -> Self {
        self.session.read_only_flag = flag;
        self.rebuild_ops();
        self
    }

    /// Keeps the tabs' lists in `kept` and opens with them.
    pub fn with_last_known(mut self, kept: crate::inventory::last_known::LastKnown) -> Self {
        self.session.last_known = Some(kept);
        self
    }

    /// Lets `:profile` and `:region` build a new cloud.
    pub fn with_connector(mut self, connector: Arc<dyn Connector>) -> Self {
        self.session.connector = Some(connector);
        self
    }

    /// Creates every tab and starts loading them all, plus the caller identity.
    /// Must run inside a tokio runtime.
    pub fn start(&mut self) {
        // Warnings were printed before the TUI took the screen; keep them visible here.
        if let Some(first) = self.session.settings.warnings.first() {
            let more = self.session.settings.warnings.len() - 1;
            let more = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            self.screen.notice = Some(Notice::error(format!("config warning: {first}{more}")));
        }
        self.load_everything();
    }

    /// Fresh tabs, each loading its root list, and the caller identity.
    fn load_everything(&mut self) {
        self.screen.tabs = TabKind::ALL
            .iter()
            .map(|&kind| Tab {
                kind,
                stack: Vec::new(),
            })
            .collect();
        for i in 0..self.screen.tabs.len() {
            let kind = self.screen.tabs[i].kind;
            let req = root_request(kind);
            self.push_pane(i, req, kind.title().to_owned());
        }
        self.load_identity();
    }

    fn load_identity(&mut self) {
        self.session.identity_pending = true;
        self.session.identity_error = None;
        let cloud = self.session.cloud.clone();
        let tx = self.jobs.tx.clone();
        let session = self.session.generation;
        tokio::spawn(async move {
            let result = cloud.identity.caller_identity().await;
            let _ = tx.send(Action::Identity { session, result });
        });
    }

    /// Moves to `cloud` (a new profile or region): a new session. Every
    /// dialog and flow opened in the old one closes (a confirmation for a
    /// row of profile A must never run on profile B), its answers still in
    /// flight are dropped, and everything loads again under a new gate.
    fn enter_session(&mut self, cloud: crate::cloud::Cloud) {
        let closed = self
            .screen
            .layers
            .iter()
            .filter(|l| l.kind() != LayerKind::Help)
            .count();
        self.screen.layers.retain(|l| l.kind() == LayerKind::Help);
        let was = format!(
            "{} in {}",
            self.session.cloud.context.profile, self.session.cloud.context.region
        );
        let now = match self.session.switch_to_account.take() {
            Some(account) => format!("account {account} in {}", cloud.context.region),
            None => format!(
                "profile {} in {}",
                cloud.context.profile, cloud.context.region
            ),
        };
        self.screen.notice = Some(Notice::info(if closed == 0 {
            format!("now on {now}")
        } else {
            format!(
                "now on {now}; closed {closed} dialog(s) opened on {was}, nothing in them was run"
            )
        }));
        self.session.generation += 1;
        self.session.cloud = cloud;
        self.session.identity_error = None;
        self.reload_all();
    }

    /// The session a dialog or op belongs to (see [`Self::enter_session`]).
    pub(in crate::tui) fn session_id(&self) -> u64 {
        self.session.generation
    }

    /// Drops every tab's panes and loads everything again (new credentials,
    /// profile or region).
    fn reload_all(&mut self) {
        for (_, (_, handle)) in self.jobs.loads.drain().chain(self.jobs.git_checks.drain()) {
            handle.abort();
        }
        self.session.identity = None;
        self.rebuild_ops();
        self.load_everything();
    }

    /// Switches profile and/or region: builds the new cloud in the background.
    fn switch(&mut self, profile: Option<String>, region: Option<String>) {
        let Some(connector) = self.session.connector.clone() else {
            self.screen.notice = Some(Notice::error(
                "The demo estate has one profile and region; run dsadmin without --demo to use AWS"
                    .to_owned(),
            ));
            return;
        };
        let profile = profile.or_else(|| Some(self.session.cloud.context.profile.clone()));
        let region = region.or_else(|| Some(self.session.cloud.context.region.clone()));
        self.session.switch_to_account = None;
        self.session.switching = true;
        self.session.switch_ticket += 1;
        let ticket = self.session.switch_ticket;
        self.screen.notice = Some(Notice::info(format!(
            "switching to profile {} in {}…",
            profile.as_deref().unwrap_or("default"),
            region.as_deref().unwrap_or("?")
        )));
        let tx = self.jobs.tx.clone();
        let current = self.session.cloud.context.clone();
        tokio::spawn(async move {
            let result = connector.reconnect(&current, profile, region).await;
            let _ = tx.send(Action::Connected { ticket, result });
        });
    }

    /// Moves the session to `account` (Enter in `:accounts`): builds its
    /// cloud in the background, as a `:profile` switch does, in the
    /// account's first region (else the one in use).
    fn switch_account(&mut self, account: crate::model::account::Account) {
        let Some(connector) = self.session.connector.clone() else {
            return;
        };
        let region = account
            .regions
            .first()
            .cloned()
            .unwrap_or_else(|| self.session.cloud.context.region.clone());
        let label = format!(
            "{} ({})",
            account.id.as_deref().unwrap_or("?"),
            account.name
        );
        self.session.switching = true;
        self.session.switch_ticket += 1;
        let ticket = self.session.switch_ticket;
        self.screen.notice = Some(Notice::info(format!(
            "switching to account {label} in {region}…"
        )));
        self.session.switch_to_account = Some(label);
        let tx = self.jobs.tx.clone();
        tokio::spawn(async move {
            let result = connector.connect_account(&account, Some(region)).await;
            let _ = tx.send(Action::Connected { ticket, result });
        });
    }

    /// Remembers an error for `:errors` (the newest 200).
    fn record_error(&mut self, place: String, error: &Problem) {
        if self.screen.errors.len() >= 200 {
            self.screen.errors.remove(0);
        }
        self.screen.errors.push(ErrorRecord {
            at: self.now(),
            place,
            code: error.code().to_owned(),
            message: error.to_string(),
        });
    }

    /// Follow-ups of one cause that failed for a list's rows: one record
    /// per place and cause, replaced (with its new count) when the list
    /// loads again.
    fn record_gap(&mut self, place: String, gap: crate::inventory::Gap) {
        let same = |e: &ErrorRecord| {
            e.place == place && e.code == gap.code && e.message.starts_with(&gap.action)
        };
        self.screen.errors.retain(|e| !same(e));
        if self.screen.errors.len() >= 200 {
            self.screen.errors.remove(0);
        }
        self.screen.errors.push(ErrorRecord {
            at: self.now(),
            place,
            message: gap.text(),
            code: gap.code,
        });
    }

    /// Tells the list being filled under the current tab which rows are on
    /// screen, so they are filled first.
    fn prefer_visible(&self) {
        let Some(pane) = self
            .screen
            .tabs
            .get(self.screen.active)
            .and_then(|t| t.stack.last())
        else {
            return;
        };
        if let Some((_, view)) = self.jobs.filling.get(&pane.id()) {
            view.0.prefer(pane.visible_keys());
        }
    }

    /// Where a pane is, for error records: "Glue Jobs › claims-ingest › runs".
    fn place_of(&self, pane: PaneId) -> String {
        self.screen
            .tabs
            .iter()
            .find_map(|t| {
                let pos = t.stack.iter().position(|p| p.id() == pane)?;
                let crumbs: Vec<String> = t.stack[..=pos].iter().map(|p| p.crumb()).collect();
                Some(crumbs.join(" › "))
            })
            .unwrap_or_else(|| "app".to_owned())
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.screen.fixed_now.unwrap_or_else(Utc::now)
    }

    pub fn should_quit(&self) -> bool {
        self.screen.quit
    }

    /// Whether the screen needs a redraw; reading it clears it.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.screen.dirty)
    }

    /// Whether anything is in flight (loads, background filters, identity).
    pub fn is_busy(&self) -> bool {
        self.session.identity_pending
            || self.session.switching
            || !self.jobs.git_checks.is_empty()
            || !self.jobs.ops_in_flight.is_empty()
            || !self.jobs.flow_jobs.is_empty()
            || self.jobs.kept_reads > 0
            || self
                .screen
                .tabs
                .iter()
                .flat_map(|t| t.stack.iter())
                .any(|p| p.is_busy())
    }

    /// OSC 52 sequences to write to the terminal after the next draw.
    pub fn take_clipboard(&mut self) -> Vec<String> {
        std::mem::take(&mut self.screen.pending_clipboard)
    }

    pub fn last_copied(&self) -> Option<&str> {
        self.screen.last_copied.as_deref()
    }

    pub fn active_tab(&self) -> TabKind {
        self.screen
            .tabs
            .get(self.screen.active)
            .map_or(TabKind::ALL[self.screen.active], |t| t.kind)
    }

    /// The breadcrumb of the active tab.
    pub fn crumbs(&self) -> Vec<String> {
        self.screen
            .tabs
            .get(self.screen.active)
            .map(|t| t.stack.iter().map(|p| p.crumb()).collect())
            .unwrap_or_default()
    }

    pub fn help_open(&self) -> bool {
        self.screen
            .layers
            .iter()
            .any(|l| l.kind() == LayerKind::Help)
    }

    /// Whether any layer (help, a dialog, a flow) is over the tabs.
    pub fn layer_open(&self) -> bool {
        !self.screen.layers.is_empty()
    }

    /// Whether a confirmation is on top.
    pub fn confirming(&self) -> bool {
        self.top_kind() == Some(LayerKind::Confirm)
    }

    /// Whether the origin editor is on top.
    pub fn editing_origin(&self) -> bool {
        self.top_kind() == Some(LayerKind::Origin)
    }

    /// Whether the approval editor is on top.
    pub fn editing_approval(&self) -> bool {
        self.top_kind() == Some(LayerKind::Approval)
    }

    fn top_kind(&self) -> Option<LayerKind> {
        self.screen.layers.last().map(|l| l.kind())
    }

    /// Puts a layer on top of the stack; it gets the keys until it closes.
    pub(in crate::tui) fn push_layer(&mut self, layer: Box<dyn Layer>) {
        self.screen.layers.push(layer);
        self.screen.dirty = true;
    }

    /// Closes every help overlay (a `:` tab switch leaves help).
    fn close_help(&mut self) {
        self.screen.layers.retain(|l| l.kind() != LayerKind::Help);
    }

    pub fn message(&self) -> Option<&str> {
        self.screen.notice.as_ref().map(|n| n.text.as_str())
    }

    /// The active pane's filter text.
    pub fn filter_query(&self) -> &str {
        self.active_pane().map_or("", |p| p.filter_query())
    }

    /// The text in the command line, if it is open.
    pub fn command_input(&self) -> Option<&str> {
        match &self.screen.mode {
            Mode::Command(s) => Some(s),
            _ => None,
        }
    }

    /// What the active pane's selected row is.
    /// What the selected row is. On an endpoint's variants that is the
    /// endpoint they were drilled from, so `w` works there too.
    fn subject(&self) -> Option<Subject> {
        if let Some(own) = self.active_pane().and_then(|p| p.subject()) {
            return Some(own);
        }
        let stack = &self.screen.tabs.get(self.screen.active)?.stack;
        let [.., parent, top] = stack.as_slice() else {
            return None;
        };
        let on_variants = matches!(top.request(), Some(LoadRequest::Variants { .. }));
        on_variants.then(|| parent.subject()).flatten()
    }

    fn active_pane(&self) -> Option<&dyn Pane> {
        self.screen
            .tabs
            .get(self.screen.active)
            .and_then(|t| t.stack.last())
            .map(|p| p.as_ref())
    }

    fn active_pane_mut(&mut self) -> Option<&mut Box<dyn Pane>> {
        self.screen
            .tabs
            .get_mut(self.screen.active)
            .and_then(|t| t.stack.last_mut())
    }

    fn pane_mut(&mut self, id: PaneId) -> Option<&mut Box<dyn Pane>> {
        self.screen
            .tabs
            .iter_mut()
            .flat_map(|t| t.stack.iter_mut())
            .find(|p| p.id() == id)
    }

    fn new_id(&mut self) -> PaneId {
        let id = self.jobs.next_id;
        self.jobs.next_id += 1;
        id
    }

    /// Advances the spinner; only called while something is busy.
    pub fn on_tick(&mut self) {
        self.screen.spinner = (self.screen.spinner + 1) % SPINNER.len();
        self.screen.dirty = true;
    }

    /// A terminal was resized: redraw.
    pub fn on_resize(&mut self) {
        self.screen.dirty = true;
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        self.screen.dirty = true;
        // Ctrl-C always quits, whatever the keymap or mode says.
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.screen.quit = true;
            return;
        }
        if let Some(top) = self.screen.layers.last_mut() {
            // The top layer takes the key, and only it.
            let cmd = self.session.settings.keymap.lookup(&key);
            let reply = top.key(key, cmd);
            let index = self.screen.layers.len() - 1;
            self.apply_reply(index, reply);
            return;
        }
        match self.screen.mode.clone() {
            Mode::Filter => self.filter_key(key),
            Mode::Command(input) => self.command_key(key, input),
            Mode::Normal => {
                self.screen.notice = None;
                if let Some(cmd) = self.session.settings.keymap.lookup(&key) {
                    self.run_command(cmd);
                }
            }
        }
    }

    pub fn run_command(&mut self, cmd: Command) {
        self.screen.dirty = true;
        if let Some(top) = self.screen.layers.last() {
            // A command from outside the keyboard (tests, the command line)
            // still goes to the top layer only: Back closes any layer
            // (cancelling a confirmation), Help and Quit close the help.
            if top.closes_on(cmd) {
                self.screen.layers.pop();
            }
            return;
        }
        if let Some(tab) = cmd.tab() {
            self.screen.active = tab.index();
            return;
        }
        // Every change and credential but onboarding (a new user, no row).
        let acts_on_rows =
            cmd.effect_class() != crate::policy::EffectClass::Read && cmd != Command::Onboard;
        if acts_on_rows
            && self
                .active_pane()
                .is_some_and(|p| self.screen.kept_shown.contains(&p.id()))
        {
            // Days-old rows must not be acted on: a run may have ended, a
            // name may have been reused.
            self.screen.notice = Some(Notice::error(
                "These are the last-known rows kept on disk, not AWS's: press r to list again, then act",
            ));
            return;
        }
        match cmd {
            Command::Quit => self.screen.quit = true,
            Command::Help => self.push_layer(Box::new(HelpLayer::default())),
            Command::Start
            | Command::Stop
            | Command::Approve
            | Command::Reject
            | Command::Unlist
            | Command::Archive
            | Command::Origin
            | Command::Push => self.request_op(cmd),
            Command::Mark => {
                if let Some(pane) = self.active_pane_mut() {
                    pane.toggle_mark();
                }
            }
            Command::Onboard => self.onboard_key(),
            Command::Presign => self.presign_selected(),
            // Offboards on a user row; elsewhere (an app) it is a row op.
            Command::Delete => self.delete_key(),
            Command::Weights => self.weights_selected(),
            Command::NextTab => self.screen.active = (self.screen.active + 1) % TabKind::ALL.len(),
            Command::PrevTab => {
                self.screen.active =
                    (self.screen.active + TabKind::ALL.len() - 1) % TabKind::ALL.len()
            }
            Command::Filter => {
                if self.active_pane().is_some_and(|p| p.request().is_some()) {
                    self.screen.mode = Mode::Filter;
                }
            }
            Command::CommandLine => {
                self.screen.mode = Mode::Command(String::new());
                self.screen.history_pos = None;
            }
            Command::Open => self.open(),
            Command::Describe => {
                if let Some(d) = self.active_pane().and_then(|p| p.describe()) {
                    self.push_detail(d);
                }
            }
            Command::Diff => self.show_diff(),
            Command::Trail => self.show_trail(None),
            Command::Logs => self.show_logs(),
            Command::Back => self.back(),
            Command::Copy => self.copy(),
            Command::Refresh => self.refresh(),
            Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
            | Command::SortNext
            | Command::SortReverse => {
                let work = self.active_pane_mut().and_then(|p| p.navigate(cmd));
                self.spawn_work(work);
            }
            // Handled above by `cmd.tab()`.
            Command::TabDomains
            | Command::TabUsers
            | Command::TabJobs
            | Command::TabCrawlers
            | Command::TabImages
            | Command::TabPackages
            | Command::TabEndpoints => {}
        }
    }

    fn copy(&mut self) {
        let Some(text) = self.active_pane().and_then(|p| p.copy_text()) else {
            return;
        };
        self.screen
            .pending_clipboard
            .push(crate::tui::clipboard::osc52(&text));
        self.screen.notice = Some(Notice::info(format!("Copied {text}")));
        self.screen.last_copied = Some(text);
    }

    /// Live refresh (`[ui] refresh_seconds`): lists the pane on screen
    /// again unless it is still loading or is not a list.
    pub fn on_refresh_tick(&mut self) {
        if self.session.switching {
            return;
        }
        let Some((id, req)) = self.active_request() else {
            return;
        };
        if !req.is_live() || self.jobs.loads.contains_key(&id) {
            return;
        }
        self.start_refresh(id, req);
    }

    /// Every [`SETTLE_SECS`]: the list on screen again when a row in view
    /// is between two states (a scan running, an app stopping), so it is
    /// seen to land without waiting for the live refresh.
    pub fn on_settle_tick(&mut self) {
        // A list whose last read failed waits for the live refresh (or r):
        // reading it every 5 s would only add to a throttled account.
        let follows = self.active_request().is_some_and(|(_, req)| req.follows());
        if self
            .active_pane()
            .is_some_and(|p| (follows || p.in_transition()) && p.error().is_none())
        {
            self.on_refresh_tick();
        }
    }

    /// When the list on screen was read, for the header.
    fn listed_at(&self) -> Option<DateTime<Utc>> {
        let pane = self.active_pane()?;
        self.screen.listed_at.get(&pane.id()).copied()
    }

    fn refresh(&mut self) {
        if self
            .session
            .identity_error
            .as_ref()
            .is_some_and(CloudError::is_credentials)
        {
            // After `aws sso login`, one key brings everything back.
            self.reload_all();
            return;
        }
        // An identity that failed for another cause (the network) is asked
        // again with the list: the account decides read-only and the
        // header.
        if self.session.identity.is_none() && !self.session.identity_pending {
            self.load_identity();
        }
        let Some((id, req)) = self.active_request() else {
            return;
        };
        self.start_load(id, req);
    }

    /// The pane on screen and what it loads, if it loads anything.
    fn active_request(&self) -> Option<(PaneId, LoadRequest)> {
        self.active_pane()
            .and_then(|p| p.request().map(|r| (p.id(), r)))
    }
}

/// The list at the root of each tab.
fn root_request(kind: TabKind) -> LoadRequest {
    match kind {
        TabKind::Domains => LoadRequest::Domains,
        TabKind::Users => LoadRequest::Users,
        TabKind::Jobs => LoadRequest::Jobs,
        TabKind::Crawlers => LoadRequest::Crawlers,
        TabKind::Images => LoadRequest::EcrRepositories,
        TabKind::Packages => LoadRequest::ArtifactRepositories,
        TabKind::Endpoints => LoadRequest::Endpoints,
    }
}

/// Waits until every in-flight job has reported back (tests, `dsadmin get`).
pub async fn settle(app: &mut App, rx: &mut UnboundedReceiver<Action>) {
    while app.is_busy() {
        match tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await {
            Ok(Some(action)) => app.on_action(action),
            Ok(None) | Err(_) => break,
        }
    }
}
