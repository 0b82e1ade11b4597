//! A centred popup box: the frame every flow window draws in, and where
//! the other dialogs (help, confirmation, origin editor) are placed.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::settings::Theme;

/// Draws `lines` in a bordered box titled `title`, `width` columns wide
/// (at most the screen) and as tall as the text (at most the screen).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'_>>,
    width: u16,
    theme: &Theme,
) {
    let width = width.min(area.width);
    // Long lines wrap: count the rows they take inside the borders.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows_of = |lines: &[Line<'_>]| -> usize {
        lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum()
    };
    let room = usize::from(area.height.saturating_sub(2));
    let lines = if rows_of(&lines) > room {
        shortened(lines, room, &rows_of, theme)
    } else {
        lines
    };
    let rows = rows_of(&lines);
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(
            format!(" {title} "),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

/// Lines kept at the end of a popup too tall for the screen: the errors
/// and the keys (what Enter does) matter most.
const TAIL: usize = 3;

/// `lines` in `room` rows: the first ones and the last [`TAIL`], with a
/// line saying how many in between are not shown, never a silent cut.
fn shortened<'a>(
    mut lines: Vec<Line<'a>>,
    room: usize,
    rows_of: &dyn Fn(&[Line<'_>]) -> usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    if lines.len() <= TAIL {
        // Nothing to leave out but the keys themselves: the box clips.
        return lines;
    }
    let tail = lines.split_off(lines.len().saturating_sub(TAIL));
    let budget = room.saturating_sub(rows_of(&tail) + 1);
    let mut used = 0;
    let mut kept = 0;
    for line in &lines {
        let rows = rows_of(std::slice::from_ref(line));
        if used + rows > budget {
            break;
        }
        used += rows;
        kept += 1;
    }
    let hidden = lines.len() - kept;
    lines.truncate(kept);
    lines.push(Line::styled(
        format!("… {hidden} more lines: a taller terminal shows them"),
        Style::new().fg(theme.warn),
    ));
    lines.extend(tail);
    lines
}

/// An editor's box (the origin and approval editors): `text`, then the
/// keys that end it, centred in `area`, `width` wide and as tall as its text.
pub fn editor(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    mut text: Vec<Line<'_>>,
    width: u16,
    theme: &Theme,
) {
    let key = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let text_style = Style::new().fg(theme.text);
    text.push(Line::from(vec![
        Span::styled(" Enter", key),
        Span::styled(" review the request    ", text_style),
        Span::styled("Esc", key),
        Span::styled(" cancel", text_style),
    ]));
    let height = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let popup = centred(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(format!(" {title} "), key));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(text).block(block), popup);
}

/// A `width` × `height` rectangle in the middle of `area`, clipped to it.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, popup, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(mid);
    popup
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_popup_taller_than_the_screen_says_what_it_leaves_out() {
        let theme = crate::settings::Settings::builtin().unwrap().theme;
        let mut lines: Vec<Line<'static>> =
            (0..30).map(|i| Line::raw(format!("line {i}"))).collect();
        lines.push(Line::raw(""));
        lines.push(Line::raw("Enter creates this user profile"));
        let backend = ratatui::backend::TestBackend::new(60, 12);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|f| draw(f, f.area(), "Review", lines.clone(), 60, &theme))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        let text: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert!(text.contains("line 0"), "{text}");
        assert!(
            text.contains("more lines: a taller terminal shows them"),
            "{text}"
        );
        assert!(text.contains("Enter creates this user profile"), "{text}");
        assert!(!text.contains("line 28"), "{text}");
    }
}
