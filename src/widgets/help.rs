//! The `?` help overlay, generated from the keymap so it cannot drift from it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::command::Command;
use crate::settings::{Keymap, Theme};

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

/// Draws the overlay. Commands in `unavailable` (actions the policy gate
/// would refuse) are listed, dimmed and marked, so a read-only user learns
/// the key exists and why it does nothing.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    keymap: &Keymap,
    unavailable: &[Command],
    theme: &Theme,
) {
    let entries = lines(keymap);
    let height = (entries.len() + INPUT_KEYS.len() + 7) as u16;
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, popup, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(100.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(mid);

    let key_w = entries
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .chain(INPUT_KEYS.iter().map(|(k, _)| k.len()))
        .max()
        .unwrap_or(8);
    let key_style = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let text_style = Style::new().fg(theme.text);
    let mut text: Vec<Line> = entries
        .iter()
        .map(|(k, d, cmd)| {
            if unavailable.contains(cmd) {
                let muted = Style::new().fg(theme.muted);
                Line::from(vec![
                    Span::styled(format!(" {k:<key_w$}  "), muted),
                    Span::styled(format!("{d} (unavailable: read-only)"), muted),
                ])
            } else {
                Line::from(vec![
                    Span::styled(format!(" {k:<key_w$}  "), key_style),
                    Span::styled(*d, text_style),
                ])
            }
        })
        .collect();
    text.push(Line::raw(""));
    text.push(Line::styled(
        " While typing",
        Style::new()
            .fg(theme.header_fg)
            .add_modifier(Modifier::BOLD),
    ));
    for (k, d) in INPUT_KEYS {
        text.push(Line::from(vec![
            Span::styled(format!(" {k:<key_w$}  "), key_style),
            Span::styled(*d, text_style),
        ]));
    }
    text.push(Line::raw(""));
    text.push(Line::styled(
        " :domains :users :jobs :crawlers :images :packages :endpoints :sort COL",
        Style::new().fg(theme.muted),
    ));
    text.push(Line::styled(
        " :profile NAME :region NAME :errors :audit :costs :refresh :help :q",
        Style::new().fg(theme.muted),
    ));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.accent))
        .title(Span::styled(" Help — Esc closes ", key_style));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
