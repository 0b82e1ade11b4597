//! The origin editor (`b` on a package): publish and upstream, each ALLOW or
//! BLOCK, starting from what the package has now. Pure state plus a draw
//! function; Enter hands the choice to a confirmation that shows the exact
//! PutPackageOriginConfiguration request.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::model::{OriginRestrictions, OriginRule};
use crate::settings::Theme;
use crate::tui::widgets::confirm::wrap_words;
use crate::tui::widgets::popup;

/// What a key did to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Pending,
    /// Go on to the confirmation with these restrictions.
    Done(OriginRestrictions),
    Cancel,
}

/// The editor's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginDialog {
    /// `pypi package requests in corp/approved-pypi`.
    package: String,
    current: OriginRestrictions,
    chosen: OriginRestrictions,
    /// 0: publish, 1: upstream.
    focus: usize,
    /// Enter was pressed with nothing changed.
    unchanged: bool,
}

impl OriginDialog {
    pub fn new(package: String, current: OriginRestrictions) -> Self {
        Self {
            package,
            current,
            chosen: current,
            focus: 0,
            unchanged: false,
        }
    }

    pub fn chosen(&self) -> OriginRestrictions {
        self.chosen
    }

    pub fn key(&mut self, key: KeyEvent) -> Answer {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return Answer::Pending;
        }
        self.unchanged = false;
        match key.code {
            KeyCode::Esc => return Answer::Cancel,
            KeyCode::Enter if self.chosen == self.current => self.unchanged = true,
            KeyCode::Enter => return Answer::Done(self.chosen),
            KeyCode::Char('p' | 'P') => toggle(&mut self.chosen.publish),
            KeyCode::Char('u' | 'U') => toggle(&mut self.chosen.upstream),
            KeyCode::Up | KeyCode::Down | KeyCode::Tab | KeyCode::BackTab => {
                self.focus = 1 - self.focus;
            }
            KeyCode::Char('k') => self.focus = 0,
            KeyCode::Char('j') => self.focus = 1,
            KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                if self.focus == 0 {
                    toggle(&mut self.chosen.publish);
                } else {
                    toggle(&mut self.chosen.upstream);
                }
            }
            _ => {}
        }
        Answer::Pending
    }

    pub fn hint(&self) -> &'static str {
        "p/u or space toggle · ↑/↓ move · Enter reviews · Esc cancels"
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let key = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
        let text_style = Style::new().fg(theme.text);
        let muted = Style::new().fg(theme.muted);
        let rule = |r: OriginRule| match r {
            OriginRule::Allow => Style::new().fg(theme.ok).add_modifier(Modifier::BOLD),
            OriginRule::Block => Style::new().fg(theme.warn).add_modifier(Modifier::BOLD),
        };
        let row = |n: usize, label: &str, k: &str, now: OriginRule, was: OriginRule| {
            let pointer = if self.focus == n { " ▶ " } else { "   " };
            let changed = if now == was {
                String::new()
            } else {
                format!("  (was {})", was.as_str())
            };
            Line::from(vec![
                Span::styled(pointer, key),
                Span::styled(k.to_owned(), key),
                Span::styled(format!("  {label:<9}"), text_style),
                Span::styled(format!("{:<5}", now.as_str()), rule(now)),
                Span::styled(changed, muted),
            ])
        };
        let mut text = vec![
            Line::styled(
                format!(" Origins of {}", self.package),
                text_style.add_modifier(Modifier::BOLD),
            ),
            Line::raw(""),
            row(0, "publish", "p", self.chosen.publish, self.current.publish),
            Line::styled(
                "        versions published directly to this repository",
                muted,
            ),
            row(
                1,
                "upstream",
                "u",
                self.chosen.upstream,
                self.current.upstream,
            ),
            Line::styled(
                "        versions from upstream repositories (and public PyPI behind them)",
                muted,
            ),
            Line::raw(""),
        ];
        let width = 76u16.min(area.width);
        if self.chosen.is_open() {
            let warning = format!("⚠ {}", OriginRestrictions::OPEN_WARNING);
            for line in wrap_words(&warning, usize::from(width.saturating_sub(4)).max(20)) {
                text.push(Line::styled(format!(" {line}"), Style::new().fg(theme.bad)));
            }
            text.push(Line::raw(""));
        }
        if self.unchanged {
            text.push(Line::styled(
                " Nothing changed yet: toggle with p or u (Esc cancels).",
                Style::new().fg(theme.warn),
            ));
            text.push(Line::raw(""));
        }
        popup::editor(frame, area, "Package origin", text, width, theme);
    }
}

fn toggle(rule: &mut OriginRule) {
    *rule = match rule {
        OriginRule::Allow => OriginRule::Block,
        OriginRule::Block => OriginRule::Allow,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn blocked() -> OriginRestrictions {
        OriginRestrictions {
            publish: OriginRule::Block,
            upstream: OriginRule::Allow,
        }
    }

    #[test]
    fn toggles_and_answers() {
        let mut d = OriginDialog::new("requests".into(), blocked());
        // Nothing changed: Enter stays and says so.
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Pending);
        assert!(d.unchanged);
        assert_eq!(d.key(key(KeyCode::Char('u'))), Answer::Pending);
        assert_eq!(d.chosen().upstream, OriginRule::Block);
        // Space toggles the focused row: publish first, then upstream.
        d.key(key(KeyCode::Char(' ')));
        assert_eq!(d.chosen().publish, OriginRule::Allow);
        d.key(key(KeyCode::Down));
        d.key(key(KeyCode::Char(' ')));
        assert_eq!(d.chosen().upstream, OriginRule::Allow);
        assert!(d.chosen().is_open());
        assert_eq!(
            d.key(key(KeyCode::Enter)),
            Answer::Done(OriginRestrictions {
                publish: OriginRule::Allow,
                upstream: OriginRule::Allow
            })
        );
        assert_eq!(d.key(key(KeyCode::Esc)), Answer::Cancel);
    }
}
