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
    /// Lines the last draw made (long values wrap), for scrolling to the end.
    drawn: u16,
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
            drawn: 0,
        }
    }

    fn line_count(&self) -> u16 {
        let unwrapped = (self.fields.len() + 2 + self.tags.len().max(1)) as u16;
        self.drawn.max(unwrapped)
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
        // A long value wraps under itself, not under the labels.
        let room = usize::from(inner.width).saturating_sub(width + 2).max(8);
        let mut lines: Vec<Line> = Vec::new();
        for (k, v) in &self.fields {
            for (n, part) in hanging(&sanitize::lines(v), room).into_iter().enumerate() {
                let label = if n == 0 { *k } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{label:<width$}  "), key_style),
                    Span::styled(part, Style::new().fg(theme.text)),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("Tags", key_style));
        if self.tags.is_empty() {
            lines.push(Line::styled("  (none)", Style::new().fg(theme.muted)));
        }
        for t in &self.tags {
            // Values may be 256 characters: wrapped under themselves too,
            // so the count of lines (and so scrolling) stays right.
            let key = format!("  {} = ", sanitize::line(&t.key));
            let indent = key.chars().count();
            let room = usize::from(inner.width).saturating_sub(indent).max(8);
            for (n, part) in hanging(&sanitize::line(&t.value), room)
                .into_iter()
                .enumerate()
            {
                let lead = if n == 0 {
                    key.clone()
                } else {
                    " ".repeat(indent)
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, Style::new().fg(theme.muted)),
                    Span::styled(part, Style::new().fg(theme.text)),
                ]));
            }
        }
        self.drawn = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            area,
        );
    }
}

/// `text` in lines of at most `room` characters: its own lines, each cut
/// into pieces (at the last space of a piece where there is one).
fn hanging(text: &str, room: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut rest: Vec<char> = line.chars().collect();
        while rest.len() > room {
            let cut = rest[..room]
                .iter()
                .rposition(|c| *c == ' ')
                .filter(|&at| at > room / 2)
                .map_or(room, |at| at + 1);
            out.push(rest.drain(..cut).collect());
        }
        out.push(rest.into_iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::hanging;

    #[test]
    fn long_values_wrap_under_themselves() {
        assert_eq!(hanging("short", 10), ["short"]);
        assert_eq!(
            hanging("sha256:0123456789abcdef", 10),
            ["sha256:012", "3456789abc", "def"]
        );
        assert_eq!(
            hanging("update the endpoint weights", 12),
            ["update the ", "endpoint ", "weights"]
        );
        assert_eq!(hanging("one\ntwo", 10), ["one", "two"]);
    }
}
