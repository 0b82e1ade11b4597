//! The `:costs` view: a line about the price table, the cost lines as a
//! filterable, sortable table, and the totals per team as bars.
//!
//! The load hands over raw inputs; the report is computed here against the
//! clock (fixed in tests), and again each minute while the view is drawn,
//! since month-to-date figures grow by the hour.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::command::Command;
use crate::costs::prices::BUILTIN_LABEL;
use crate::costs::{report, CostInputs, CostReport};
use crate::ops::op::Op;
use crate::rows::costs::{dollars, hourly, CostRow};
use crate::rows::Tone;
use crate::settings::costs::CostSettings;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::load::{LoadEvent, LoadRequest, Payload};
use crate::tui::pane::{Opened, Pane, PaneId, Subject, Work};
use crate::tui::problem::Problem;
use crate::tui::widgets::hbars::{self, Bar};
use crate::tui::widgets::table::{tone_style, ListPane};
use crate::tui::widgets::DrawCtx;

/// How stale month-to-date may get on screen before it is computed again.
const RECOMPUTE_SECS: i64 = 60;

/// Team lines shown under the table at most (the rest: scroll the table).
const MAX_TEAM_LINES: usize = 8;

pub struct CostsPane {
    id: PaneId,
    crumb: String,
    request: LoadRequest,
    settings: CostSettings,
    /// A fixed clock (tests, snapshots); `None` reads the system clock.
    clock: Option<DateTime<Utc>>,
    latest_request: u64,
    loading: bool,
    error: Option<Problem>,
    inputs: Option<Arc<CostInputs>>,
    report: Option<CostReport>,
    list: ListPane<CostRow>,
}

impl CostsPane {
    pub fn new(
        id: PaneId,
        crumb: String,
        request: LoadRequest,
        settings: CostSettings,
        clock: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            id,
            list: ListPane::new(id, crumb.clone(), None),
            crumb,
            request,
            settings,
            clock,
            latest_request: 0,
            loading: true,
            error: None,
            inputs: None,
            report: None,
        }
    }

    pub fn report(&self) -> Option<&CostReport> {
        self.report.as_ref()
    }

    /// The rows in the order on screen (tests).
    pub fn rows(&self) -> impl Iterator<Item = &CostRow> {
        self.list.visible_items()
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.unwrap_or_else(Utc::now)
    }

    /// Computes the report for `now` and puts its lines in the table.
    fn recompute(&mut self, now: DateTime<Utc>) {
        let Some(inputs) = self.inputs.clone() else {
            return;
        };
        let report = report(&inputs, &self.settings.prices, self.settings.limits, now);
        let rows = report.lines.iter().cloned().map(CostRow).collect();
        // Cost lists are small; should one ever be prepared in the
        // background, finish it here rather than lose it.
        if let Some(work) = self.list.set_items(rows) {
            let done = work();
            let _ = self.list.on_action(done);
        }
        self.report = Some(report);
    }

    fn info_line(&self, ctx: &DrawCtx) -> Line<'static> {
        let theme = ctx.theme;
        let prices = &self.settings.prices;
        let muted = Style::new().fg(theme.muted);
        let source = if prices.source == BUILTIN_LABEL {
            "built-in"
        } else {
            prices.source.as_str()
        };
        let overridden = match prices.overridden {
            0 => String::new(),
            n => format!(", {n} overridden"),
        };
        let mut spans = vec![
            Span::styled(
                format!("Estimates from the price table of {}", prices.as_of),
                Style::new().fg(theme.warn).add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!(" ({source}, on-demand {}{overridden})", prices.currency),
                muted,
            ),
        ];
        if let Some(r) = &self.report {
            spans.push(Span::styled(
                format!(
                    " · {} · MTD from {} · idle: apps unused > {} h (last activity, else uptime), endpoints with 0 calls in {} d",
                    r.region,
                    r.month_start.format("%-d %b"),
                    r.limits.app_hours,
                    r.limits.endpoint_days
                ),
                muted,
            ));
        }
        Line::from(spans)
    }

    /// What month to date counts (what runs now, and the apps seen running
    /// that stopped since), so nobody reads a falling figure as savings.
    fn basis_line(&self, width: u16, ctx: &DrawCtx) -> Line<'static> {
        let text = match &self.report {
            Some(r) => r.month_to_date_basis.describe(r.month_start),
            None => String::new(),
        };
        let shown = crate::tui::widgets::bars::fit(&text, usize::from(width));
        Line::styled(shown, Style::new().fg(ctx.theme.muted))
    }

    /// What Cost Explorer billed this month beside the estimate, or why
    /// it is not there.
    fn billed_line(&self, width: u16, ctx: &DrawCtx) -> Line<'static> {
        let Some(r) = &self.report else {
            return Line::raw("");
        };
        let text = crate::rows::costs::billed_line(&r.billed);
        // The reason is AWS's error text.
        let text = crate::sanitize::line(&text);
        let shown = crate::tui::widgets::bars::fit(&text, usize::from(width));
        let colour = match r.billed {
            crate::costs::billed::Billed::Known(_) => ctx.theme.text,
            _ => ctx.theme.muted,
        };
        Line::styled(shown, Style::new().fg(colour))
    }

    fn draw_teams(&self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        let theme = ctx.theme;
        let Some(r) = &self.report else { return };
        // Inside the corners: a title wider than the box ends in `…`.
        let room = usize::from(area.width.saturating_sub(2));
        let head = " Teams: month to date (estimate) ";
        let mut title = vec![Span::styled(
            crate::tui::widgets::bars::fit(head, room),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        )];
        let billed = r
            .total
            .billed
            .map(|b| format!(" · {} billed", dollars(b)))
            .unwrap_or_default();
        let totals = format!(
            "total {} · {}/h now{billed} ",
            dollars(r.total.month_to_date),
            hourly(r.total.hourly)
        );
        title.push(Span::styled(
            crate::tui::widgets::bars::fit(&totals, room.saturating_sub(head.len())),
            Style::new().fg(theme.text),
        ));
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(theme.border))
            .title(Line::from(title));
        if let Some(gap) = r.gaps.first() {
            block = block.title_bottom(Line::from(Span::styled(
                format!(" incomplete: {gap} "),
                Style::new().fg(theme.bad),
            )));
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let bars: Vec<Bar> = r
            .teams
            .iter()
            .take(MAX_TEAM_LINES)
            .map(|t| {
                let mut text = format!(
                    "{:>10}  {:>8}/h  {:>3} idle",
                    dollars(t.month_to_date),
                    hourly(t.hourly),
                    t.idle
                );
                if r.total.unpriced > 0 {
                    text.push_str(&format!("  {:>3} unpriced", t.unpriced));
                }
                if let Some(b) = t.billed {
                    text.push_str(&format!("  {:>10} billed", dollars(b)));
                }
                Bar {
                    label: &t.team,
                    value: t.month_to_date,
                    text,
                    style: Style::new().fg(theme.accent),
                }
            })
            .collect();
        hbars::draw(frame, inner, &bars, tone_style(Tone::Plain, theme));
    }
}

impl Pane for CostsPane {
    fn id(&self) -> PaneId {
        self.id
    }

    fn crumb(&self) -> String {
        self.crumb.clone()
    }

    fn request(&self) -> Option<LoadRequest> {
        Some(self.request.clone())
    }

    fn begin_load(&mut self, request: u64) {
        self.latest_request = request;
        self.loading = true;
        self.error = None;
        // Marks go with the rows they were made on, as in every table.
        self.list.begin_load(request);
    }

    fn on_action(&mut self, action: Action) -> Option<Work> {
        let Action::Loaded { request, event, .. } = action else {
            return None;
        };
        if request != self.latest_request {
            return None;
        }
        match event {
            LoadEvent::Page(Payload::Costs(inputs)) => {
                self.inputs = Some(Arc::new(*inputs));
                let now = self.now();
                self.recompute(now);
            }
            // Costs and diffs have no follow-up fields.
            LoadEvent::Page(_)
            | LoadEvent::Filling(_)
            | LoadEvent::Filled(_)
            | LoadEvent::FillDone(_) => {}
            LoadEvent::Done => self.loading = false,
            LoadEvent::Failed(e) => {
                self.loading = false;
                self.error = Some(e);
                // The rows of the last good load stay on screen.
                let now = self.now();
                self.recompute(now);
            }
        }
        None
    }

    fn is_busy(&self) -> bool {
        self.loading || (self.list.is_busy() && self.inputs.is_some())
    }

    fn error(&self) -> Option<&Problem> {
        self.error.as_ref()
    }

    fn navigate(&mut self, cmd: Command) -> Option<Work> {
        self.list.navigate(cmd)
    }

    fn filter_query(&self) -> &str {
        self.list.filter_query()
    }

    fn set_filter(&mut self, query: String) -> Option<Work> {
        self.list.set_filter(query)
    }

    fn open(&self) -> Option<Opened> {
        self.list.open()
    }

    fn describe(&self) -> Option<crate::tui::pane::Detail> {
        self.list.describe()
    }

    fn copy_text(&self) -> Option<String> {
        self.list.copy_text()
    }

    fn trail(&self) -> Option<crate::model::trail::TrailTarget> {
        self.list.trail()
    }

    fn subject(&self) -> Option<Subject> {
        self.list.subject()
    }

    fn column_titles(&self) -> Vec<&'static str> {
        self.list.column_titles()
    }

    fn sort_by(&mut self, col: usize) -> Option<Work> {
        self.list.sort_by(col)
    }

    fn op_for(&self, cmd: Command) -> Option<Op> {
        self.list.op_for(cmd)
    }

    fn intent_for(&self, cmd: Command) -> Option<Intent> {
        self.list.intent_for(cmd)
    }

    fn toggle_mark(&mut self) {
        self.list.toggle_mark();
    }

    fn marked_count(&self) -> usize {
        self.list.marked_count()
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        if self.clock.is_none() {
            let stale = self
                .report
                .as_ref()
                .is_some_and(|r| (ctx.now - r.now).num_seconds() >= RECOMPUTE_SECS);
            if stale {
                self.recompute(ctx.now);
            }
        }
        let teams = self
            .report
            .as_ref()
            .map_or(0, |r| r.teams.len().min(MAX_TEAM_LINES));
        let team_height = if teams > 0 { teams as u16 + 2 } else { 0 };
        let [info, table, bars] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(team_height),
        ])
        .areas(area);
        let info_line =
            crate::tui::widgets::bars::fit_line(self.info_line(ctx), usize::from(info.width));
        let lines = vec![
            info_line,
            self.basis_line(info.width, ctx),
            self.billed_line(info.width, ctx),
        ];
        frame.render_widget(Paragraph::new(lines), info);
        if let (Some(e), None) = (&self.error, &self.report) {
            let text = vec![
                Line::styled("Could not load the costs", Style::new().fg(ctx.theme.bad)),
                Line::styled(e.to_string(), Style::new().fg(ctx.theme.bad)),
                Line::styled("r retries the load", Style::new().fg(ctx.theme.muted)),
            ];
            frame.render_widget(Paragraph::new(text), table);
            return;
        }
        self.list.draw(frame, table, ctx);
        if teams > 0 {
            self.draw_teams(frame, bars, ctx);
        }
    }
}
