//! One level of a tab: a table or a detail view, behind one trait. The
//! tab holds a stack of panes; the app talks to the top one.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::command::Command;
use crate::model::{Endpoint, GlueJob, Tag, UserProfile};
use crate::ops::op::Op;
use crate::tui::action::Action;
pub use crate::tui::action::PaneId;
use crate::tui::intent::Intent;
use crate::tui::load::{LoadRequest, Settled};
use crate::tui::problem::Problem;
use crate::tui::widgets::DrawCtx;

/// What a selected row is, for the commands that act on one kind of row:
/// rows say so themselves (`TableRow::subject`), so no command has to
/// guess a row's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// A user profile: presign (`p`), offboard (`x`), onboard into its domain.
    User(Box<UserProfile>),
    /// An endpoint: the weights editor (`w`).
    Endpoint(Box<Endpoint>),
    /// A Glue job: its script against Git (`D`).
    GlueJob(Box<GlueJob>),
}

/// Work a pane hands to a background thread; it returns the `Action` that reports
/// back to the event loop (a filter result, prepared rows).
pub type Work = Box<dyn FnOnce() -> Action + Send>;

/// What the user asked a pane to open.
/// Serialises a pane's rows for the last-known list (off the event loop).
pub type KeptRows = Box<dyn FnOnce() -> Option<serde_json::Value> + Send>;

pub enum Opened {
    Drill(LoadRequest, String),
    Detail(Detail),
    /// The list a row points into, and which of its rows to select
    /// (Enter on a finding: its resource in its tab's list).
    Find(LoadRequest, String, Wanted),
    /// Move the session to this account (Enter in `:accounts`), or why not.
    Account(Result<crate::model::account::Account, String>),
}

/// The row to select once a list has loaded: by ARN where the resource
/// has one, else by its title (`rows::Row::title`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub arn: Option<String>,
    pub title: String,
}

impl Wanted {
    pub fn is<T: crate::rows::Row>(&self, row: &T) -> bool {
        match (&self.arn, row.arn()) {
            (Some(want), Some(arn)) => want == arn,
            _ => row.title() == self.title,
        }
    }
}

/// What a detail view shows: every field of one resource, then its tags.
/// Panes hand this over; the app puts the view on the stack.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The resource's name, for the breadcrumb.
    pub name: String,
    pub title: String,
    pub fields: Vec<(&'static str, String)>,
    pub tags: Vec<Tag>,
}

/// One level of a tab: a table or a detail view. The tab holds a stack of these.
pub trait Pane: Send {
    fn id(&self) -> PaneId;
    /// Breadcrumb text for this level.
    fn crumb(&self) -> String;
    /// What to (re)load, if this pane loads anything.
    fn request(&self) -> Option<LoadRequest> {
        None
    }
    /// A load was started with this id; older answers are to be dropped.
    fn begin_load(&mut self, _request: u64) {}
    /// A live refresh was started with this id: like a load, but what the
    /// user chose (marks) stays.
    fn begin_refresh(&mut self, request: u64) {
        self.begin_load(request);
    }
    /// Stamps of the rows whose follow-up fields are in (see
    /// `load::Settled`): a refresh keeps those rows' fields.
    fn settled(&self) -> Settled {
        Settled::new()
    }
    /// A background job for this pane reported back (`Action::Loaded`, `Filtered`
    /// or `Prepared`). Returns follow-up background work, if any.
    fn on_action(&mut self, _action: Action) -> Option<Work> {
        None
    }
    /// The rows to keep as the last-known list, serialised off the event
    /// loop by the returned closure.
    fn kept_rows(&self) -> Option<KeptRows> {
        None
    }
    /// Shows a last-known list read from disk while the first page of the
    /// load in flight has not arrived: `None` when it is not shown (the
    /// pane has rows of its own), else the work that keys a big list.
    fn show_kept(&mut self, _payload: crate::tui::load::Payload) -> Option<Option<Work>> {
        None
    }
    /// Loading, or a typed filter whose rows have not arrived yet.
    fn is_busy(&self) -> bool {
        false
    }
    /// The error this pane's load ended with, if any.
    fn error(&self) -> Option<&Problem> {
        None
    }
    /// Movement and sorting. A re-sort of a big list is background work.
    fn navigate(&mut self, cmd: Command) -> Option<Work>;
    fn filter_query(&self) -> &str {
        ""
    }
    fn set_filter(&mut self, _query: String) -> Option<Work> {
        None
    }
    fn open(&self) -> Option<Opened> {
        None
    }
    /// Selects `wanted` when it arrives (a list opened by [`Opened::Find`]).
    fn select_when_listed(&mut self, _wanted: Wanted) {}
    fn describe(&self) -> Option<Detail> {
        None
    }
    fn copy_text(&self) -> Option<String> {
        None
    }
    /// What `T` looks up in CloudTrail for the selected row, with its
    /// name for the breadcrumb (`Row::trail_keys`); `None` where the row
    /// names nothing CloudTrail records.
    fn trail(&self) -> Option<crate::model::trail::TrailTarget> {
        None
    }
    /// Whose logs `l` shows for the selected row, and whether they are
    /// still being written (`TableRow::logs`).
    fn logs(&self) -> Option<(crate::model::log::LogSource, bool)> {
        None
    }
    /// What the selected row is, for the commands that act on one kind of
    /// row (`D` on a Glue job, `w` on an endpoint, `p` and `x` on a user).
    fn subject(&self) -> Option<Subject> {
        None
    }
    /// Whether a row on screen is between two states
    /// (`TableRow::in_transition`).
    fn in_transition(&self) -> bool {
        false
    }
    /// What identifies the rows on screen (`Row::mark_key`), for the list
    /// filling them in first.
    fn visible_keys(&self) -> Vec<String> {
        Vec::new()
    }
    /// Column titles, for `:sort` completion.
    fn column_titles(&self) -> Vec<&'static str> {
        Vec::new()
    }
    fn sort_by(&mut self, _col: usize) -> Option<Work> {
        None
    }
    /// The admin op `cmd` means here (for the selected row, or the list as
    /// a whole), if any.
    fn op_for(&self, _cmd: Command) -> Option<Op> {
        None
    }
    /// What an action command asks for here: an op to confirm, or an
    /// editor or plan that leads to one.
    fn intent_for(&self, cmd: Command) -> Option<Intent> {
        self.op_for(cmd).map(Intent::Op)
    }
    /// Marks or unmarks the selected row and moves to the next.
    fn toggle_mark(&mut self) {}
    /// How many rows are marked (filtered-out ones included).
    fn marked_count(&self) -> usize {
        0
    }
    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx);
}
