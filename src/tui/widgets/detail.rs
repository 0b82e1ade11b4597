//! The detail (describe) view: every field of one resource, then its tags.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::command::Command;
use crate::model::Tag;
use crate::sanitize;
use crate::tui::pane::{Detail, Pane, PaneId, Work};
use crate::tui::widgets::DrawCtx;

pub struct DetailPane {
    id: PaneId,
    /// The resource's name, for the breadcrumb.
    name: String,
    title: String,
    fields: Vec<(&'static str, String)>,
    tags: Vec<Tag>,
    scroll: u16,
    /// Lines that fit at the last draw, for page moves.
    page: u16,
}

impl DetailPane {
    pub fn new(id: PaneId, detail: Detail) -> Self {
        let Detail {
            name,
            title,
            fields,
            tags,
        } = detail;
        Self {
            id,
            name,
            title,
            fields,
            tags,
            scroll: 0,
            page: 10,
        }
    }

    fn line_count(&self) -> u16 {
        (self.fields.len() + 2 + self.tags.len().max(1)) as u16
    }

    /// The value `y` copies: the ARN if there is one, else the name.
    fn copy_value(&self) -> Option<String> {
        let get = |k: &str| {
            self.fields
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
        };
        get("ARN").or_else(|| get("Name"))
    }
}

impl Pane for DetailPane {
    fn id(&self) -> PaneId {
        self.id
    }

    fn crumb(&self) -> String {
        self.name.clone()
    }

    fn navigate(&mut self, cmd: Command) -> Option<Work> {
        let max = self.line_count().saturating_sub(self.page);
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

    fn copy_text(&self) -> Option<String> {
        self.copy_value()
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        let theme = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(theme.border))
            .title(Span::styled(
                format!(" {} ", self.title),
                Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            ));
        let inner = block.inner(area);
        self.page = inner.height.max(1);
        let width = self
            .fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let key_style = Style::new()
            .fg(theme.header_fg)
            .add_modifier(Modifier::BOLD);
        let mut lines: Vec<Line> = self
            .fields
            .iter()
            .map(|(k, v)| {
                Line::from(vec![
                    Span::styled(format!("{k:<width$}  "), key_style),
                    Span::styled(sanitize::lines(v).into_owned(), Style::new().fg(theme.text)),
                ])
            })
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::styled("Tags", key_style));
        if self.tags.is_empty() {
            lines.push(Line::styled("  (none)", Style::new().fg(theme.muted)));
        }
        for t in &self.tags {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {} = ", sanitize::line(&t.key)),
                    Style::new().fg(theme.muted),
                ),
                Span::styled(
                    sanitize::line(&t.value).into_owned(),
                    Style::new().fg(theme.text),
                ),
            ]));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            area,
        );
    }
}
