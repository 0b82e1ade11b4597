//! The `?` help overlay, generated from the keymap so it cannot drift from it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::command::Command;
use crate::settings::{Keymap, Theme};
use crate::tui::widgets::popup;

/// Keys of the input modes, which are fixed (they edit text, not commands).
pub const INPUT_KEYS: &[(&str, &str)] = &[
    ("Esc", "filter: clear it and leave · command line: cancel"),
    ("Enter", "filter: keep it and leave · command line: run"),
    ("Tab", "command line: complete the command"),
    (
        "Up/Down",
        "command line: history · filter: move the selection",
    ),
    ("Ctrl-U", "filter / command line: clear the input"),
];

/// One line per command: its keys, description and the command itself, in
/// `Command::ALL` order.
pub fn lines(keymap: &Keymap) -> Vec<(String, &'static str, Command)> {
    keymap
        .entries()
        .into_iter()
        .filter(|(_, keys)| !keys.is_empty())
        .map(|(cmd, keys): (Command, Vec<_>)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            (keys.join(" "), cmd.description(), cmd)
        })
        .collect()
}

type Entry = (String, &'static str, Command);

/// Draws the overlay. Commands in `unavailable` (actions the policy gate
/// would refuse) are listed, dimmed and marked, so a read-only user learns
/// the key exists and why it does nothing. In one column if it fits, else
/// two; if neither fits, one column from line `scroll`, its descriptions
/// wrapped. Returns the largest useful `scroll` (0 when all of it shows).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    keymap: &Keymap,
    unavailable: &[Command],
    theme: &Theme,
    scroll: u16,
) -> u16 {
    let entries = lines(keymap);
    let key_w = entries
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .chain(INPUT_KEYS.iter().map(|(k, _)| k.len()))
        .max()
        .unwrap_or(8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(" Help — Esc closes ", key_style(theme)));

    let one_column = entries.len() + extra(key_w, theme).len() + 2;
    if one_column <= usize::from(area.height) {
        let mut text: Vec<Line> = entries
            .iter()
            .map(|e| entry_line(e, key_w, unavailable, theme))
            .collect();
        text.extend(extra(key_w, theme));
        let widest = text.iter().map(Line::width).max().unwrap_or(0) + 2;
        if widest <= usize::from(area.width) {
            let popup = popup::centred(area, 100, text.len() as u16 + 2);
            frame.render_widget(Clear, popup);
            frame.render_widget(Paragraph::new(text).block(block), popup);
            return 0;
        }
    }
    if draw_two_columns(frame, area, &entries, unavailable, theme, block.clone()) {
        return 0;
    }
    draw_scrolled(
        frame,
        area,
        &entries,
        key_w,
        unavailable,
        theme,
        block,
        scroll,
    )
}

/// Neither layout fits (80×24): one column the height of the screen, the
/// descriptions wrapped under themselves, scrolled to `scroll`.
#[allow(clippy::too_many_arguments)]
fn draw_scrolled(
    frame: &mut Frame,
    area: Rect,
    entries: &[Entry],
    key_w: usize,
    unavailable: &[Command],
    theme: &Theme,
    block: Block,
    scroll: u16,
) -> u16 {
    let popup = popup::centred(area, area.width, area.height);
    let inner = block.inner(popup);
    let room = usize::from(inner.width).saturating_sub(key_w + 3).max(10);
    let mut text: Vec<Line> = Vec::new();
    for e in entries {
        let first = entry_line(e, key_w, unavailable, theme);
        let desc: String = first
            .spans
            .get(1)
            .map(|s| s.content.to_string())
            .unwrap_or_default();
        let style = first.spans.get(1).map(|s| s.style).unwrap_or_default();
        let key = first.spans.first().cloned().unwrap_or_default();
        for (i, part) in wrap(&desc, room).into_iter().enumerate() {
            let lead = if i == 0 {
                key.clone()
            } else {
                Span::raw(" ".repeat(key_w + 3))
            };
            text.push(Line::from(vec![lead, Span::styled(part, style)]));
        }
    }
    text.extend(extra(key_w, theme));
    let shown = usize::from(inner.height);
    let max = text.len().saturating_sub(shown) as u16;
    let scroll = scroll.min(max);
    let more = if max == 0 {
        String::new()
    } else {
        format!(
            " lines {}–{} of {} · j/k scroll ",
            scroll + 1,
            (usize::from(scroll) + shown).min(text.len()),
            text.len()
        )
    };
    let block = block.title_bottom(Span::styled(more, key_style(theme)));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(text).block(block).scroll((scroll, 0)), popup);
    max
}

/// `text` in lines of at most `room` characters, broken at spaces.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > room {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// Too tall for the screen: moving and viewing on the left, the row
/// actions (from `mark` on) and the typing keys on the right. Draws nothing
/// and says so when the two columns do not fit either.
fn draw_two_columns(
    frame: &mut Frame,
    area: Rect,
    entries: &[Entry],
    unavailable: &[Command],
    theme: &Theme,
    block: Block,
) -> bool {
    let split = entries
        .iter()
        .position(|(_, _, cmd)| *cmd == Command::Mark || Command::ACTIONS.contains(cmd))
        .unwrap_or(entries.len().div_ceil(2));
    // Each column pads its keys to its own widest (the typing keys go on
    // the right), so the descriptions get the room.
    let width_of = |part: &[Entry]| {
        part.iter()
            .map(|(k, _, _)| k.chars().count())
            .max()
            .unwrap_or(0)
    };
    let left_keys = width_of(&entries[..split]);
    let right_w =
        width_of(&entries[split..]).max(INPUT_KEYS.iter().map(|(k, _)| k.len()).max().unwrap_or(0));
    let left: Vec<Line> = entries[..split]
        .iter()
        .map(|e| entry_line(e, left_keys, unavailable, theme))
        .collect();
    let mut right: Vec<Line> = entries[split..]
        .iter()
        .map(|e| entry_line(e, right_w, unavailable, theme))
        .collect();
    right.extend(extra(right_w, theme));
    let left_w = left.iter().map(Line::width).max().unwrap_or(0) as u16 + 1;
    let right_w = right.iter().map(Line::width).max().unwrap_or(0) as u16;
    let rows = left.len().max(right.len()) as u16 + 2;
    if rows > area.height || left_w + right_w + 2 > area.width {
        return false;
    }
    let popup = popup::centred(area, area.width, rows);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [l, r] = Layout::horizontal([Constraint::Length(left_w), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right), r);
    true
}

fn key_style(theme: &Theme) -> Style {
    Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)
}

/// One command: its keys padded to `key_w`, then what it does (dimmed and
/// marked when the gate refuses it).
fn entry_line<'a>(
    (k, d, cmd): &Entry,
    key_w: usize,
    unavailable: &[Command],
    theme: &Theme,
) -> Line<'a> {
    if unavailable.contains(cmd) {
        let muted = Style::new().fg(theme.muted);
        Line::from(vec![
            Span::styled(format!(" {k:<key_w$}  "), muted),
            Span::styled(format!("{d} (unavailable: read-only)"), muted),
        ])
    } else {
        Line::from(vec![
            Span::styled(format!(" {k:<key_w$}  "), key_style(theme)),
            Span::styled(*d, Style::new().fg(theme.text)),
        ])
    }
}

/// The typing keys and the `:` commands, their keys padded to `w`.
fn extra<'a>(w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = vec![
        Line::raw(""),
        Line::styled(
            " While typing",
            Style::new()
                .fg(theme.header_fg)
                .add_modifier(Modifier::BOLD),
        ),
    ];
    for (k, d) in INPUT_KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:<w$}  "), key_style(theme)),
            Span::styled(*d, Style::new().fg(theme.text)),
        ]));
    }
    lines.push(Line::raw(""));
    for commands in [
        " :domains :users :jobs :crawlers :images :packages :endpoints :sort COL",
        " :profile NAME :region NAME :accounts :errors :audit :refresh :help :q",
        " :onboard :findings :costs :team [NAME] :trail :models :lifecycle :idle :roles",
    ] {
        lines.push(Line::styled(commands, Style::new().fg(theme.muted)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_descriptions_wrap_at_spaces_and_lose_no_word() {
        let text = "Start a job run, a crawler or an image scan (unavailable: read-only)";
        let lines = wrap(text, 30);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("short", 30), ["short"]);
    }
}
