//! The diff pane (`D` on a Glue job): what the comparison found, then the
//! unified diff of the deployed script against Git, scrollable.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::command::Command;
use crate::rows::jobs::git_tone;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::load::{DiffView, LoadEvent, LoadRequest, Payload};
use crate::tui::pane::{Pane, PaneId, Work};
use crate::tui::problem::Problem;
use crate::tui::widgets::table::tone_style;
use crate::tui::widgets::DrawCtx;

enum State {
    Loading,
    Loaded,
    Failed(Problem),
}

pub struct DiffPane {
    id: PaneId,
    crumb: String,
    request: LoadRequest,
    latest: u64,
    state: State,
    view: Option<DiffView>,
    scroll: u16,
    /// Lines that fit at the last draw, for page moves.
    page: u16,
    /// Lines in the last draw, to stop scrolling past the end.
    lines: u16,
}

impl DiffPane {
    pub fn new(id: PaneId, crumb: String, request: LoadRequest) -> Self {
        Self {
            id,
            crumb,
            request,
            latest: 0,
            state: State::Loading,
            view: None,
            scroll: 0,
            page: 10,
            lines: 0,
        }
    }

    /// The loaded comparison (tests).
    pub fn view(&self) -> Option<&DiffView> {
        self.view.as_ref()
    }

    fn lines(&self, ctx: &DrawCtx) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let key = Style::new()
            .fg(theme.header_fg)
            .add_modifier(Modifier::BOLD);
        let text = Style::new().fg(theme.text);
        let muted = Style::new().fg(theme.muted);
        let view = match (&self.state, &self.view) {
            (State::Failed(e), _) => {
                return vec![
                    Line::styled(
                        "Could not compare the script with Git",
                        Style::new().fg(theme.bad).add_modifier(Modifier::BOLD),
                    ),
                    Line::raw(""),
                    Line::styled(e.to_string(), Style::new().fg(theme.bad)),
                    Line::raw(""),
                    Line::styled("r tries again", muted),
                ]
            }
            (_, None) => {
                return vec![Line::styled(
                    format!("{} reading the script from S3 and Git…", ctx.spinner),
                    muted,
                )]
            }
            (_, Some(view)) => view,
        };
        let width = view
            .facts
            .iter()
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0)
            .max(5);
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("{:<width$}  ", "State"), key),
            Span::styled(
                view.state.describe(),
                tone_style(git_tone(&view.state), theme),
            ),
        ])];
        for (k, v) in &view.facts {
            lines.push(Line::from(vec![
                Span::styled(format!("{k:<width$}  "), key),
                Span::styled(crate::sanitize::line(v).into_owned(), text),
            ]));
        }
        lines.push(Line::raw(""));
        if view.diff.is_empty() {
            lines.push(Line::styled(
                "No differences: the deployed script is the file in Git.",
                Style::new().fg(theme.ok),
            ));
        }
        for l in view.diff.lines() {
            let style = if l.starts_with("+++") || l.starts_with("---") {
                key
            } else if l.starts_with("@@") {
                Style::new().fg(theme.accent)
            } else if l.starts_with('+') {
                Style::new().fg(theme.ok)
            } else if l.starts_with('-') {
                Style::new().fg(theme.bad)
            } else if l.starts_with('\\') {
                muted
            } else {
                text
            };
            // The deployed script is S3 data: its escapes are shown, never sent.
            lines.push(Line::styled(crate::sanitize::line(l).into_owned(), style));
        }
        lines
    }
}

impl Pane for DiffPane {
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
        self.latest = request;
        self.state = State::Loading;
    }

    fn on_action(&mut self, action: Action) -> Option<Work> {
        if let Action::Loaded { request, event, .. } = action {
            if request != self.latest {
                return None;
            }
            match event {
                LoadEvent::Page(Payload::Diff(view)) => self.view = Some(*view),
                // Costs and diffs have no follow-up fields.
                LoadEvent::Page(_)
                | LoadEvent::Filling(_)
                | LoadEvent::Filled(_)
                | LoadEvent::FillDone(_) => {}
                LoadEvent::Done => self.state = State::Loaded,
                LoadEvent::Failed(e) => self.state = State::Failed(e),
            }
        }
        None
    }

    fn is_busy(&self) -> bool {
        matches!(self.state, State::Loading)
    }

    fn error(&self) -> Option<&Problem> {
        match &self.state {
            State::Failed(e) => Some(e),
            _ => None,
        }
    }

    fn navigate(&mut self, cmd: Command) -> Option<Work> {
        let max = self.lines.saturating_sub(self.page);
        self.scroll = match cmd {
            Command::Up => self.scroll.saturating_sub(1),
            Command::Down => self.scroll.saturating_add(1),
            Command::PageUp => self.scroll.saturating_sub(self.page),
            Command::PageDown => self.scroll.saturating_add(self.page),
            Command::Top => 0,
            Command::Bottom => max,
            _ => self.scroll,
        }
        .min(max);
        None
    }

    /// `P` in the diff pushes the job it shows: the same plan-then-confirm
    /// as `P` on the job's row.
    fn intent_for(&self, cmd: Command) -> Option<Intent> {
        let LoadRequest::ScriptDiff { job, .. } = &self.request else {
            return None;
        };
        (cmd == Command::Push).then(|| Intent::PlanPush { job: job.clone() })
    }

    fn copy_text(&self) -> Option<String> {
        self.view
            .as_ref()
            .map(|v| v.diff.clone())
            .filter(|d| !d.is_empty())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        let theme = ctx.theme;
        let title = match &self.view {
            Some(v) => format!(" {}: deployed vs Git ", v.job),
            None => format!(" {} ", self.crumb),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(theme.border))
            .title(Span::styled(
                title,
                Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            ));
        let inner = block.inner(area);
        self.page = inner.height.max(1);
        let lines = self.lines(ctx);
        self.lines = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        self.scroll = self.scroll.min(self.lines.saturating_sub(self.page));
        frame.render_widget(
            Paragraph::new(lines).block(block).scroll((self.scroll, 0)),
            area,
        );
    }
}
