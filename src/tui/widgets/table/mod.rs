//! The one generic table: a loadable, sortable, filterable list of `TableRow`s.
//!
//! Each resource type describes its columns once (`TableRow`, in `views/`); this
//! module does everything else. Only the rows on screen are formatted, so a draw
//! costs the same for 40 rows as for 100,000.

mod draw;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::command::Command;
use crate::ops::op::Op;
use crate::rows;
use crate::tui::action::{Action, RowUpdate};
use crate::tui::filter::{self, FilterJob, FilterState};
use crate::tui::intent::Intent;
use crate::tui::load::{LoadEvent, LoadRequest, Payload, Settled};
use crate::tui::pane::{Detail, Opened, Pane, PaneId, Subject, Wanted, Work};
use crate::tui::problem::Problem;
use crate::tui::widgets::marks::Marks;
use crate::tui::widgets::DrawCtx;

pub use draw::tone_style;

/// What a row does in the TUI, beyond what it shows ([`Row`]): where
/// `Enter` drills, which admin op a key means, which payload holds it.
pub trait TableRow: rows::Row {
    /// The list `Enter` drills into, with its breadcrumb; `None` means `Enter` describes.
    fn drill(&self) -> Option<(LoadRequest, String)> {
        None
    }
    /// The list this row points into and the row there (`Enter` on a
    /// finding); asked before [`TableRow::drill`].
    fn find(&self) -> Option<(LoadRequest, String, Wanted)> {
        None
    }
    /// These rows as the last-known list keeps them on disk (the payload's
    /// records, which `LoadRequest::kept_payload` reads back); `None` for
    /// rows that are not kept.
    fn kept(_rows: &[Self]) -> Option<serde_json::Value> {
        None
    }
    /// The account `Enter` moves the session to (a row of `:accounts`),
    /// or why it cannot; asked before [`TableRow::find`].
    fn switch_to(&self) -> Option<Result<crate::model::account::Account, String>> {
        None
    }
    /// The admin op an action command (`start`, `stop` …) means for this
    /// row, or `None` where it does not apply (a finished run cannot be
    /// stopped). The hint bar shows a command only when this is `Some`.
    /// Never checks read-only: the app asks the policy gate.
    fn action(&self, _cmd: Command) -> Option<Op> {
        None
    }
    /// The op an action command means for several rows at once: the
    /// marked rows, or the selected one when none is marked. `list` is
    /// what the pane loads (a versions list knows its package). `None`
    /// where the command does not act on rows together: the selected
    /// row's [`TableRow::action`] is asked instead.
    fn rows_action(_cmd: Command, _rows: &[&Self], _list: Option<&LoadRequest>) -> Option<Op> {
        None
    }
    /// An action that needs input or a background step before it can be
    /// confirmed (the origin editor, a Git push plan).
    fn intent(&self, _cmd: Command) -> Option<Intent> {
        None
    }
    /// Takes this type's rows out of a payload (None: the payload is for another type).
    fn take(payload: Payload) -> Option<Vec<Self>>;
    /// What this row is, for the commands that act on one kind of row.
    fn subject(&self) -> Option<Subject> {
        None
    }
    /// Whose CloudWatch Logs `l` shows, and whether they are still being
    /// written (the pane then reads them again every few seconds).
    fn logs(&self) -> Option<(crate::model::log::LogSource, bool)> {
        None
    }
    /// Applies a follow-up result to this row if it is about it.
    fn apply(&mut self, _update: &RowUpdate) -> bool {
        false
    }
    /// Takes the follow-up fields a later fetch of this row learned
    /// (`model::Enriched::merge`); rows without follow-ups keep themselves.
    fn merge_filled(&mut self, _newer: Self) {}
    /// `inventory::stamp` of a row whose follow-up fields are all in, so a
    /// refresh that lists it unchanged does not fetch them again.
    fn settled_stamp(&self) -> Option<String> {
        None
    }
    /// Whether the row's follow-up fields change without its list fields
    /// changing (a Glue job's last run: GetJobs says nothing of runs), so a
    /// live refresh fetches them again for the rows in view.
    fn refilled_in_view() -> bool {
        false
    }
    /// Whether the newest rows come last and the selection stays on the
    /// last row while it is there (log lines, as `tail -f`).
    fn tails() -> bool {
        false
    }
    /// Whether the row is between two states (a scan running, an app
    /// stopping, an endpoint updating): while one is on screen the list is
    /// read again every few seconds, not only at the live refresh.
    fn in_transition(&self) -> bool {
        false
    }
}

/// Rows with their filter keys and sort order, built off the event loop.
struct Prepared<T> {
    items: Arc<Vec<T>>,
    keys: Arc<Vec<String>>,
    order: Vec<u32>,
    /// Where each row is, for merging filled rows (kinds with follow-ups).
    index: RowIndex,
}

/// `mark_key` → position in the rows, by the key's hash: 12 bytes a row
/// instead of a copy of every ARN. A lookup checks the row's own key, so a
/// hash collision is a miss, never a wrong row.
#[derive(Default)]
struct RowIndex(HashMap<u64, u32>);

impl RowIndex {
    fn of<T: TableRow>(items: &[T]) -> Self {
        if T::follow_up_columns().is_empty() {
            return Self::default();
        }
        Self(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (key_hash(&item.mark_key()), i as u32))
                .collect(),
        )
    }

    fn find<T: TableRow>(&self, items: &[T], key: &str) -> Option<usize> {
        let i = *self.0.get(&key_hash(key))? as usize;
        (items.get(i)?.mark_key() == key).then_some(i)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl<T: TableRow> Prepared<T> {
    fn build(items: Arc<Vec<T>>, keys: Option<Arc<Vec<String>>>, col: usize, desc: bool) -> Self {
        let keys = keys.unwrap_or_else(|| Arc::new(items.iter().map(filter_key).collect()));
        let mut order: Vec<u32> = (0..items.len() as u32).collect();
        let cmp = |a: &u32, b: &u32| {
            let (x, y) = (&items[*a as usize], &items[*b as usize]);
            x.sort_key(col).compare(&y.sort_key(col))
        };
        // Stable, so equal keys keep the backend's order; parallel for big lists.
        if order.len() > filter::INLINE_LIMIT {
            use rayon::slice::ParallelSliceMut;
            order.par_sort_by(cmp);
        } else {
            order.sort_by(cmp);
        }
        if desc {
            order.reverse();
        }
        let index = RowIndex::of(&items);
        Self {
            items,
            keys,
            order,
            index,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Loaded,
    Failed(Problem),
}

pub struct ListPane<T: TableRow> {
    id: PaneId,
    crumb: String,
    /// What this pane loads; `None` for a list the app fills itself (`:errors`).
    request: Option<LoadRequest>,
    state: LoadState,
    latest_request: u64,
    items: Arc<Vec<T>>,
    /// Filter key of each item (identifying columns joined), built once per load.
    keys: Arc<Vec<String>>,
    /// Item indices in sort order.
    order: Vec<u32>,
    /// Rows that arrived and are being prepared in the background.
    pending_items: Option<Arc<Vec<T>>>,
    /// Id of the newest preparation; older results are dropped.
    ticket: u64,
    /// The next page starts a new list (a load or refresh began).
    replace_on_page: bool,
    /// Each row's tags as a `key=value` filter reads them, made when such a
    /// filter is first typed and dropped when the rows change.
    tag_keys: Option<Arc<Vec<String>>>,
    /// The row to select once it is listed (`Opened::Find`).
    wanted: Option<Wanted>,
    preparing: bool,
    /// Item indices on screen: `order` narrowed by the filter.
    view: Vec<u32>,
    sort_col: usize,
    sort_desc: bool,
    filter: FilterState,
    /// Position in `view` of the selected row.
    selected: usize,
    /// Position in `view` of the first row on screen.
    offset: usize,
    /// Rows that fit on screen at the last draw, for page moves.
    page: usize,
    /// Follow-up results of the current load, applied again to rows that
    /// were still being prepared when they arrived.
    updates: Vec<RowUpdate>,
    /// Rows whose follow-up fields arrived while rows were being prepared
    /// in the background, by `mark_key`: merged into the prepared rows when
    /// they are installed (only then: rows are never copied per update).
    filled: HashMap<String, T>,
    /// The filter keys and order are made again once filling ends (keys
    /// are not rebuilt per filled row).
    refilter: bool,
    /// Where each of `items` is, by `mark_key`.
    index: RowIndex,
    /// Marked rows by [`TableRow::mark_key`]: kept across filters and
    /// sorts, dropped when the list loads again (what was marked may have
    /// changed — an op's refresh shows the new state unmarked).
    marks: Marks,
}

impl<T: TableRow> ListPane<T> {
    /// A pane over rows the app already has (nothing to load or refresh).
    pub fn with_rows(id: PaneId, crumb: String, rows: Vec<T>) -> Self {
        let mut pane = Self::new(id, crumb, None);
        // Small lists by nature: prepared inline, no background work.
        let _ = pane.set_items(rows);
        pane
    }

    pub fn new(id: PaneId, crumb: String, request: Option<LoadRequest>) -> Self {
        let (sort_col, sort_desc) = T::default_sort();
        Self {
            id,
            crumb,
            request,
            state: LoadState::Loading,
            latest_request: 0,
            items: Arc::new(Vec::new()),
            keys: Arc::new(Vec::new()),
            order: Vec::new(),
            pending_items: None,
            ticket: 0,
            replace_on_page: false,
            tag_keys: None,
            wanted: None,
            preparing: false,
            view: Vec::new(),
            sort_col,
            sort_desc,
            filter: FilterState::default(),
            selected: 0,
            offset: 0,
            page: 20,
            updates: Vec::new(),
            filled: HashMap::new(),
            refilter: false,
            index: RowIndex::default(),
            marks: Marks::default(),
        }
    }

    /// A follow-up result for the rows (e.g. a Glue job's Git state).
    fn on_row_update(&mut self, request: u64, update: RowUpdate) {
        if request != self.latest_request {
            return;
        }
        for item in Arc::make_mut(&mut self.items).iter_mut() {
            item.apply(&update);
        }
        self.updates.push(update);
    }

    /// Rows whose follow-up fields arrived: merged into the rows shown, or
    /// kept for the rows being prepared.
    fn on_filled(&mut self, rows: Vec<T>) {
        for row in rows {
            let key = row.mark_key();
            let at = (!self.preparing)
                .then(|| self.index.find(&self.items, &key))
                .flatten();
            let slot = at.and_then(|i| Arc::get_mut(&mut self.items).and_then(|v| v.get_mut(i)));
            match slot {
                Some(item) => item.merge_filled(row),
                None => match self.filled.get_mut(&key) {
                    Some(old) => old.merge_filled(row),
                    None => {
                        self.filled.insert(key, row);
                    }
                },
            }
        }
    }

    /// Every row is filled in: the filter keys, the order and the filter
    /// are made again, since cells they read have changed.
    fn on_fill_done(&mut self) -> Option<Work> {
        let reads_filled = T::follow_up_columns()
            .iter()
            .any(|c| *c == self.sort_col || T::key_columns().contains(c));
        if !reads_filled {
            return None;
        }
        self.refilter = true;
        match self.pending_items.clone() {
            Some(items) => self.prepare(items, None),
            None => self.prepare(self.items.clone(), None),
        }
    }

    /// Rows of a new page keep what the rows they replace had learned (a
    /// refresh does not blank filled cells while they are fetched again).
    fn carry_over(&self, rows: &mut [T]) {
        if T::follow_up_columns().is_empty() || self.index.is_empty() {
            return;
        }
        for row in rows {
            let known = self
                .index
                .find(&self.items, &row.mark_key())
                .and_then(|i| self.items.get(i));
            if let Some(known) = known {
                let mut kept = known.clone();
                kept.merge_filled(std::mem::replace(row, known.clone()));
                *row = kept;
            }
        }
    }

    /// A page arrived or the load ended. The first page of a load replaces the
    /// old rows; later pages add to them.
    fn on_load_event(&mut self, request: u64, event: LoadEvent) -> Option<Work> {
        if request != self.latest_request {
            return None;
        }
        match event {
            LoadEvent::Filled(payload) => {
                if let Some(rows) = T::take(payload) {
                    self.on_filled(rows);
                }
                None
            }
            LoadEvent::FillDone(_) => self.on_fill_done(),
            LoadEvent::Filling(_) => None,
            LoadEvent::Page(payload) => {
                let Some(mut rows) = T::take(payload) else {
                    self.state = LoadState::Failed(Problem::Internal(format!(
                        "a load for {}s returned the wrong kind of rows",
                        T::NOUN
                    )));
                    return None;
                };
                self.carry_over(&mut rows);
                let items = if std::mem::take(&mut self.replace_on_page) {
                    Arc::new(rows)
                } else {
                    let mut items = self
                        .pending_items
                        .take()
                        .unwrap_or_else(|| self.items.clone());
                    Arc::make_mut(&mut items).extend(rows);
                    items
                };
                self.pending_items = Some(items.clone());
                self.prepare(items, None)
            }
            LoadEvent::Done => {
                self.state = LoadState::Loaded;
                if !self.preparing {
                    // Every page is in: a row asked for and not listed
                    // will not come, and must not pull the cursor later.
                    self.wanted = None;
                }
                if std::mem::take(&mut self.replace_on_page) {
                    // No page at all: the list is empty now.
                    self.pending_items = Some(Arc::new(Vec::new()));
                    return self.prepare(Arc::new(Vec::new()), None);
                }
                None
            }
            LoadEvent::Failed(e) => {
                self.replace_on_page = false;
                self.state = LoadState::Failed(e);
                None
            }
        }
    }

    /// Replaces the rows (a load finished). Big lists are keyed and sorted on a
    /// background thread: the returned work reports back with `Action::Prepared`.
    pub fn set_items(&mut self, items: Vec<T>) -> Option<Work> {
        self.state = LoadState::Loaded;
        let items = Arc::new(items);
        self.pending_items = Some(items.clone());
        self.prepare(items, None)
    }

    /// Builds keys (unless given) and the sort order for `items`, inline for small
    /// lists and as background work for big ones.
    fn prepare(&mut self, items: Arc<Vec<T>>, keys: Option<Arc<Vec<String>>>) -> Option<Work> {
        self.ticket += 1;
        let (ticket, col, desc, pane) = (self.ticket, self.sort_col, self.sort_desc, self.id);
        if items.len() <= filter::INLINE_LIMIT {
            let prepared = Prepared::build(items, keys, col, desc);
            return self.apply_prepared(ticket, prepared);
        }
        self.preparing = true;
        Some(Box::new(move || Action::Prepared {
            pane,
            ticket,
            data: Box::new(Prepared::build(items, keys, col, desc)),
        }))
    }

    /// Sorts again by the current column; the newest rows win (those still being
    /// prepared, if a load just arrived).
    fn resort(&mut self) -> Option<Work> {
        match self.pending_items.clone() {
            Some(items) => self.prepare(items, None),
            None => self.prepare(self.items.clone(), Some(self.keys.clone())),
        }
    }

    /// Installs prepared rows and order; returns a filter to re-run on new rows.
    fn apply_prepared(&mut self, ticket: u64, p: Prepared<T>) -> Option<Work> {
        if ticket != self.ticket {
            return None;
        }
        self.preparing = false;
        let reload = !Arc::ptr_eq(&p.items, &self.items);
        // Keep the selection on the same resource: by name across a reload,
        // by position in the list across a re-sort.
        // The row read stays selected across a reload, found by what
        // identifies it (two log lines may read alike).
        let keep_key = reload
            .then(|| self.selected_item().map(|t| t.mark_key()))
            .flatten();
        let keep_index = self.view.get(self.selected).copied();
        // A tailed list (log lines) stays on its newest row while it was
        // there, as `tail -f` does; moved up, the row read is kept.
        // (Filtered, the view is in match order: nothing to tail.)
        let at_end = self.filter.query.is_empty()
            && (self.view.is_empty() || self.selected + 1 >= self.view.len());
        self.items = p.items;
        self.pending_items = None;
        if !self.filled.is_empty() {
            let mut filled = std::mem::take(&mut self.filled);
            for item in Arc::make_mut(&mut self.items).iter_mut() {
                if let Some(row) = filled.remove(&item.mark_key()) {
                    item.merge_filled(row);
                }
            }
        }
        self.index = p.index;
        if reload && !self.updates.is_empty() {
            let items = Arc::make_mut(&mut self.items);
            for update in &self.updates {
                for item in items.iter_mut() {
                    item.apply(update);
                }
            }
        }
        self.keys = p.keys;
        self.tag_keys = None;
        self.order = p.order;
        let work = if reload || std::mem::take(&mut self.refilter) {
            let keys = self.filter_keys(&self.filter.query.clone());
            let job = self.filter.rerun(&keys);
            self.run_inline_if_small(job)
        } else {
            None
        };
        self.rebuild_view();
        let pos = match keep_key {
            Some(key) => self
                .view
                .iter()
                .position(|&i| self.items[i as usize].mark_key() == key),
            None if !reload => keep_index.and_then(|k| self.view.iter().position(|&i| i == k)),
            None => None,
        };
        // A row asked for comes first, whichever page it arrives on.
        let found = self.wanted.as_ref().and_then(|w| {
            self.view
                .iter()
                .position(|&i| w.is(&self.items[i as usize]))
        });
        if found.is_some() {
            self.wanted = None;
        }
        if let Some(pos) = found.or(pos) {
            self.selected = pos;
        }
        if T::tails() && at_end {
            self.selected = self.view.len().saturating_sub(1);
        }
        self.clamp();
        work
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Where a new filter puts the selection: the first match, or, for a
    /// tailed list shown whole again, its newest row.
    fn select_home(&mut self) {
        self.offset = 0;
        self.selected = if T::tails() && self.filter.query.is_empty() {
            self.view.len().saturating_sub(1)
        } else {
            0
        };
        self.clamp();
    }

    /// What `query` matches against: the filter keys, or for a `key=value`
    /// query each row's tags.
    fn filter_keys(&mut self, query: &str) -> Arc<Vec<String>> {
        if filter::tag_query(query).is_none() {
            return self.keys.clone();
        }
        let items = &self.items;
        self.tag_keys
            .get_or_insert_with(|| {
                Arc::new(items.iter().map(|r| filter::tag_text(r.tags())).collect())
            })
            .clone()
    }

    /// Item indices of the rows on screen.
    fn visible_rows(&self) -> &[u32] {
        let end = (self.offset + self.page.max(1)).min(self.view.len());
        self.view.get(self.offset..end).unwrap_or_default()
    }

    /// The rows on screen, in order.
    pub fn visible_items(&self) -> impl Iterator<Item = &T> {
        self.view.iter().map(|&i| &self.items[i as usize])
    }

    pub fn shown(&self) -> usize {
        self.view.len()
    }

    /// The marked rows in sort order, hidden ones included (a filter
    /// narrows what is shown, not what was chosen).
    pub fn marked_items(&self) -> impl Iterator<Item = &T> {
        self.order
            .iter()
            .map(|&i| &self.items[i as usize])
            .filter(|item| !self.marks.is_empty() && self.marks.contains(&item.mark_key()))
    }

    /// What an action acts on: the marked rows, else the selected one.
    fn targets(&self) -> Vec<&T> {
        if self.marks.is_empty() {
            return self.selected_item().into_iter().collect();
        }
        self.marked_items().collect()
    }

    pub fn selected_item(&self) -> Option<&T> {
        self.view
            .get(self.selected)
            .and_then(|&i| self.items.get(i as usize))
    }

    fn rebuild_view(&mut self) {
        self.view = match self.filter.matches() {
            None => self.order.clone(),
            Some(matches) => {
                // The best-ranked matches first, each rank in table order.
                const MISS: u8 = u8::MAX;
                let mut rank_of = vec![MISS; self.items.len()];
                for (&i, &r) in matches.rows.iter().zip(&matches.ranks) {
                    if let Some(slot) = rank_of.get_mut(i as usize) {
                        *slot = r;
                    }
                }
                let mut by_rank: [Vec<u32>; crate::tui::filter::RANKS] = Default::default();
                for &i in &self.order {
                    if let Some(bucket) = by_rank.get_mut(usize::from(rank_of[i as usize])) {
                        bucket.push(i);
                    }
                }
                by_rank.concat()
            }
        };
        self.clamp();
    }

    fn clamp(&mut self) {
        if self.view.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.view.len() - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        let page = self.page.max(1);
        if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// Small filters run here and now; big ones go to a background thread.
    fn run_inline_if_small(&mut self, job: Option<FilterJob>) -> Option<Work> {
        let job = job?;
        if job.size() <= filter::INLINE_LIMIT {
            let matched = job.run();
            self.filter.apply(job.generation, job.query, matched);
            return None;
        }
        let pane = self.id;
        Some(Box::new(move || {
            let matched = job.run();
            Action::Filtered {
                pane,
                generation: job.generation,
                query: job.query,
                matched,
            }
        }))
    }

    fn detail(&self, item: &T) -> Detail {
        Detail {
            name: item.title(),
            title: format!("{} {}", T::NOUN, item.title()),
            fields: item.fields(),
            tags: item.tags().to_vec(),
        }
    }
}

/// The filter key: identifying columns joined by two spaces.
fn filter_key<T: TableRow>(item: &T) -> String {
    // `now` does not matter: key columns are time-independent by contract.
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let mut key = String::new();
    for (n, &c) in T::key_columns().iter().enumerate() {
        if n > 0 {
            key.push_str(filter::KEY_SEPARATOR);
        }
        key.push_str(&item.cell(c, now));
    }
    key
}

impl<T: TableRow> Pane for ListPane<T> {
    fn kept_rows(&self) -> Option<crate::tui::pane::KeptRows> {
        // The rows of the last pages may still be keyed off the loop.
        let items = self
            .pending_items
            .clone()
            .unwrap_or_else(|| self.items.clone());
        Some(Box::new(move || T::kept(&items)))
    }

    fn show_kept(&mut self, payload: Payload) -> Option<Option<Work>> {
        // Only while the pane has no rows of its own: before the first page
        // of its load (whose rows then replace these, their follow-up
        // fields carried over until their own answer), or after its load
        // failed. A list that loaded empty is empty.
        let waiting = self.replace_on_page || matches!(self.state, LoadState::Failed(_));
        if !waiting || !self.items.is_empty() || self.pending_items.is_some() {
            return None;
        }
        // An empty kept list says nothing the pane does not.
        let rows = T::take(payload).filter(|rows| !rows.is_empty())?;
        let items = Arc::new(rows);
        self.pending_items = Some(items.clone());
        Some(self.prepare(items, None))
    }

    fn id(&self) -> PaneId {
        self.id
    }

    fn crumb(&self) -> String {
        self.crumb.clone()
    }

    fn request(&self) -> Option<LoadRequest> {
        self.request.clone()
    }

    fn begin_refresh(&mut self, request: u64) {
        // What was marked stays marked: nobody asked for the list again.
        let marks = std::mem::take(&mut self.marks);
        self.begin_load(request);
        self.marks = marks;
    }

    fn settled(&self) -> Settled {
        // One flag per row, not a search of the rows in view per row.
        let mut in_view = vec![false; self.items.len()];
        if T::refilled_in_view() {
            for &i in self.visible_rows() {
                if let Some(flag) = in_view.get_mut(i as usize) {
                    *flag = true;
                }
            }
        }
        self.items
            .iter()
            .zip(in_view)
            .filter(|(_, in_view)| !in_view)
            .filter_map(|(row, _)| row.settled_stamp())
            .collect()
    }

    fn begin_load(&mut self, request: u64) {
        self.latest_request = request;
        self.updates.clear();
        self.filled.clear();
        self.refilter = false;
        self.marks.clear();
        // The old rows stay on screen until the first page of the new load.
        self.replace_on_page = true;
        self.state = LoadState::Loading;
    }

    fn on_action(&mut self, action: Action) -> Option<Work> {
        match action {
            Action::Loaded { request, event, .. } => self.on_load_event(request, event),
            Action::Filtered {
                generation,
                query,
                matched,
                ..
            } => {
                if self.filter.apply(generation, query, matched) {
                    self.rebuild_view();
                    self.select_home();
                }
                None
            }
            Action::Prepared { ticket, data, .. } => match data.downcast::<Prepared<T>>() {
                Ok(prepared) => self.apply_prepared(ticket, *prepared),
                Err(_) => None,
            },
            Action::RowUpdate {
                request, update, ..
            } => {
                self.on_row_update(request, update);
                None
            }
            Action::RowUpdatesDone { .. }
            | Action::Kept { .. }
            | Action::Identity { .. }
            | Action::Connected { .. }
            | Action::PushPlanned { .. }
            | Action::OpDone { .. }
            | Action::Progress { .. }
            | Action::FlowJobDone { .. } => None,
        }
    }

    fn is_busy(&self) -> bool {
        self.state == LoadState::Loading || self.preparing || self.filter.is_pending()
    }

    fn error(&self) -> Option<&Problem> {
        match &self.state {
            LoadState::Failed(e) => Some(e),
            _ => None,
        }
    }

    fn navigate(&mut self, cmd: Command) -> Option<Work> {
        let last = self.view.len().saturating_sub(1);
        match cmd {
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::PageUp => self.selected = self.selected.saturating_sub(self.page),
            Command::PageDown => self.selected = (self.selected + self.page).min(last),
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = last,
            Command::SortNext => {
                let next = (self.sort_col + 1) % T::columns().len();
                return self.sort_by(next);
            }
            Command::SortReverse => {
                self.sort_desc = !self.sort_desc;
                if self.preparing {
                    // An order is on its way for the old direction: make a new one.
                    return self.resort();
                }
                self.order.reverse();
                self.rebuild_view();
            }
            _ => {}
        }
        self.clamp();
        None
    }

    fn filter_query(&self) -> &str {
        &self.filter.query
    }

    fn set_filter(&mut self, query: String) -> Option<Work> {
        let keys = self.filter_keys(&query);
        let job = self.filter.set_query(query, &keys);
        let job = self.run_inline_if_small(job);
        if !self.filter.is_pending() {
            self.rebuild_view();
            self.select_home();
        }
        job
    }

    fn open(&self) -> Option<Opened> {
        let item = self.selected_item()?;
        if let Some(account) = item.switch_to() {
            return Some(Opened::Account(account));
        }
        if let Some((req, crumb, wanted)) = item.find() {
            return Some(Opened::Find(req, crumb, wanted));
        }
        Some(match item.drill() {
            Some((req, crumb)) => Opened::Drill(req, crumb),
            None => Opened::Detail(self.detail(item)),
        })
    }

    fn select_when_listed(&mut self, wanted: Wanted) {
        self.wanted = Some(wanted);
    }

    fn describe(&self) -> Option<Detail> {
        self.selected_item().map(|item| self.detail(item))
    }

    fn copy_text(&self) -> Option<String> {
        Some(self.selected_item()?.copy_value())
    }

    fn subject(&self) -> Option<Subject> {
        self.selected_item().and_then(TableRow::subject)
    }

    fn logs(&self) -> Option<(crate::model::log::LogSource, bool)> {
        self.selected_item()?.logs()
    }

    fn trail(&self) -> Option<crate::model::trail::TrailTarget> {
        let item = self.selected_item()?;
        let keys = item.trail_keys();
        // Named after what is looked up: a run's history is its job's, an
        // image's its repository's.
        let label = crate::format::arn_tail(keys.first()?.value()).to_owned();
        Some(crate::model::trail::TrailTarget {
            keys,
            within: item.trail_within(),
            label,
        })
    }

    fn column_titles(&self) -> Vec<&'static str> {
        T::columns().iter().map(|c| c.title).collect()
    }

    fn in_transition(&self) -> bool {
        self.visible_rows()
            .iter()
            .filter_map(|&i| self.items.get(i as usize))
            .any(TableRow::in_transition)
    }

    fn visible_keys(&self) -> Vec<String> {
        self.visible_rows()
            .iter()
            .filter_map(|&i| self.items.get(i as usize))
            .map(rows::Row::mark_key)
            .collect()
    }

    fn sort_by(&mut self, col: usize) -> Option<Work> {
        if col >= T::columns().len() {
            return None;
        }
        self.sort_col = col;
        self.sort_desc = false;
        self.resort()
    }

    fn op_for(&self, cmd: Command) -> Option<Op> {
        let targets = self.targets();
        T::rows_action(cmd, &targets, self.request.as_ref())
            .or_else(|| self.selected_item().and_then(|row| row.action(cmd)))
            .or_else(|| self.request.as_ref().and_then(|r| r.pane_action(cmd)))
    }

    fn intent_for(&self, cmd: Command) -> Option<Intent> {
        self.op_for(cmd)
            .map(Intent::Op)
            .or_else(|| self.selected_item().and_then(|row| row.intent(cmd)))
    }

    fn toggle_mark(&mut self) {
        let Some(key) = self.selected_item().map(rows::Row::mark_key) else {
            return;
        };
        self.marks.toggle(key);
        self.selected = (self.selected + 1).min(self.view.len().saturating_sub(1));
        self.clamp();
    }

    fn marked_count(&self) -> usize {
        self.marked_items().count()
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        self.draw_table(frame, area, ctx);
    }
}
