//! The approval editor (`a` / `R` on a model package version): the reason
//! to record, typed on one line. Pure state plus a draw function; Enter
//! hands the text to a confirmation that shows the exact UpdateModelPackage
//! request.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::cloud::CloudError;
use crate::ops::model_approval::{self, Verdict, MAX_DESCRIPTION};
use crate::sanitize;
use crate::settings::Theme;
use crate::tui::widgets::confirm::wrap_words;
use crate::tui::widgets::popup;

/// What a key did to the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Pending,
    /// Go on to the confirmation with this description.
    Done(String),
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalDialog {
    /// `claims-fraud-xgb/15`.
    version: String,
    /// The approval it has now.
    current: String,
    verdict: Verdict,
    typed: String,
    /// Why Enter did not go on (a blank or too long description).
    refused: Option<String>,
}

impl ApprovalDialog {
    pub fn new(version: String, current: String, verdict: Verdict) -> Self {
        Self {
            version,
            current,
            verdict,
            typed: String::new(),
            refused: None,
        }
    }

    pub fn typed(&self) -> &str {
        &self.typed
    }

    pub fn key(&mut self, key: KeyEvent) -> Answer {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Answer::Cancel,
            KeyCode::Enter => match model_approval::description(self.typed.trim()) {
                Ok(()) => return Answer::Done(self.typed.trim().to_owned()),
                Err(CloudError::Validation { message }) => self.refused = Some(message),
                Err(e) => self.refused = Some(e.to_string()),
            },
            KeyCode::Backspace => {
                self.typed.pop();
                self.refused = None;
            }
            KeyCode::Char('u') if ctrl => self.typed.clear(),
            // Typed text is one line of printable characters: a pasted
            // escape sequence or newline never reaches the request.
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if self.typed.chars().count() < MAX_DESCRIPTION {
                    self.typed.push(c);
                }
                self.refused = None;
            }
            _ => {}
        }
        Answer::Pending
    }

    pub fn hint(&self) -> &'static str {
        "type why · Enter reviews the request · Esc cancels"
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let key = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
        let text_style = Style::new().fg(theme.text);
        let muted = Style::new().fg(theme.muted);
        let width = 76u16.min(area.width);
        let inner = usize::from(width.saturating_sub(4)).max(10);
        let verb = match self.verdict {
            Verdict::Approve => "Approve",
            Verdict::Reject => "Reject",
        };
        // The end of the text when it is wider than the box, as a shell shows it.
        let shown = sanitize::line(&self.typed).into_owned();
        let mut tail = shown.as_str();
        while tail.width() + 3 > inner {
            let mut chars = tail.chars();
            chars.next();
            tail = chars.as_str();
        }
        let mut text = vec![
            Line::styled(
                format!(" {verb} model package {}", sanitize::line(&self.version)),
                text_style.add_modifier(Modifier::BOLD),
            ),
            Line::styled(format!(" now {}", sanitize::line(&self.current)), muted),
            Line::raw(""),
            Line::styled(
                " Why (ApprovalDescription, kept on the version):",
                text_style,
            ),
            Line::from(vec![
                Span::styled(" > ", key),
                Span::styled(tail.to_owned(), text_style),
                Span::styled("▏", key),
            ]),
            Line::raw(""),
        ];
        if let Some(why) = &self.refused {
            for line in wrap_words(&sanitize::line(why), inner) {
                text.push(Line::styled(
                    format!(" {line}"),
                    Style::new().fg(theme.warn),
                ));
            }
            text.push(Line::raw(""));
        }
        popup::editor(frame, area, verb, text, width, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(d: &mut ApprovalDialog, text: &str) {
        for c in text.chars() {
            d.key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn enter_needs_a_reason_and_hands_it_on_trimmed() {
        let mut d = ApprovalDialog::new(
            "g/3".into(),
            "PendingManualApproval".into(),
            Verdict::Approve,
        );
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Pending);
        assert!(d.refused.is_some());
        typed(&mut d, "  MRB-7 ok ");
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Done("MRB-7 ok".into()));
        d.key(key(KeyCode::Backspace));
        assert_eq!(d.typed(), "  MRB-7 ok");
        assert_eq!(d.key(key(KeyCode::Esc)), Answer::Cancel);
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut d = ApprovalDialog::new("g/3".into(), "Approved".into(), Verdict::Reject);
        typed(&mut d, "a\u{1b}[2Jb\nc");
        assert_eq!(d.typed(), "a[2Jbc");
    }
}
