//! The confirmation dialog: the question, exactly what will be sent, and
//! the keys that answer it. Pure state plus a draw function; the app's
//! modal stack decides what a "yes" runs.
//!
//! Two modes: y/n, and typed-name for destructive actions, where the user
//! types the resource's name and Enter is refused until it matches (so a
//! stray Enter cannot delete anything).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::sanitize;
use crate::settings::Theme;
use crate::tui::widgets::popup;

/// What a key did to the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Still asking (a typed character, a refused Enter).
    Pending,
    Yes,
    No,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    YesNo,
    TypedName {
        expected: String,
        typed: String,
        /// Enter was pressed before the name matched.
        refused: bool,
    },
}

/// A confirmation dialog's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDialog {
    question: String,
    /// The AWS action, e.g. `glue:StartJobRun`.
    action: String,
    /// The request's fields as sent, e.g. `("JobName", "claims-ingest-daily")`.
    fields: Vec<(String, String)>,
    /// Lines between the question and the request: what the request
    /// alone does not say (a diff's size, versions left out, a warning).
    details: Vec<String>,
    mode: Mode,
}

impl ConfirmDialog {
    /// A y/n confirmation.
    /// The question and the values are shown as the sanitiser makes them
    /// (names from AWS can carry escapes); the request itself is not changed.
    pub fn new(question: String, action: &str, fields: Vec<(String, String)>) -> Self {
        Self {
            question: sanitize::lines(&question).into_owned(),
            action: action.to_owned(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k, sanitize::line(&v).into_owned()))
                .collect(),
            details: Vec::new(),
            mode: Mode::YesNo,
        }
    }

    /// Adds lines shown under the question.
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details
            .iter()
            .map(|d| sanitize::lines(d).into_owned())
            .collect();
        self
    }

    /// A confirmation that needs `name` typed before Enter proceeds.
    pub fn typed_name(
        question: String,
        action: &str,
        fields: Vec<(String, String)>,
        name: String,
    ) -> Self {
        Self {
            mode: Mode::TypedName {
                expected: name,
                typed: String::new(),
                refused: false,
            },
            ..Self::new(question, action, fields)
        }
    }

    /// What the user typed so far (typed-name mode).
    pub fn typed(&self) -> Option<&str> {
        match &self.mode {
            Mode::TypedName { typed, .. } => Some(typed),
            Mode::YesNo => None,
        }
    }

    /// One key.
    pub fn key(&mut self, key: KeyEvent) -> Answer {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match &mut self.mode {
            Mode::YesNo => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter if !ctrl => Answer::Yes,
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Answer::No,
                // Anything else is neither: keep asking rather than guess.
                _ => Answer::Pending,
            },
            Mode::TypedName {
                expected,
                typed,
                refused,
            } => match key.code {
                KeyCode::Esc => Answer::No,
                KeyCode::Enter if typed == expected => Answer::Yes,
                KeyCode::Enter => {
                    *refused = true;
                    Answer::Pending
                }
                KeyCode::Backspace => {
                    typed.pop();
                    *refused = false;
                    Answer::Pending
                }
                KeyCode::Char('u') if ctrl => {
                    typed.clear();
                    Answer::Pending
                }
                KeyCode::Char(c) if !ctrl => {
                    typed.push(c);
                    *refused = false;
                    Answer::Pending
                }
                _ => Answer::Pending,
            },
        }
    }

    /// The footer hint while the dialog is open.
    pub fn hint(&self) -> &'static str {
        match self.mode {
            Mode::YesNo => "y/Enter confirms · n/Esc cancels",
            Mode::TypedName { .. } => "type the name, then Enter · Esc cancels",
        }
    }

    /// Draws the dialog centred in `area`. Nothing is wrapped by the
    /// paragraph: the question is wrapped at words and the request goes one
    /// field per line when it does not fit on one, so the box is always
    /// exactly as tall as its text and no value is ever cut mid-way.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        // Inside the borders, with a column of margin on each side.
        let max_inner = usize::from(area.width.saturating_sub(4)).clamp(20, 120);
        let mut text = self.question_lines(max_inner, theme);
        text.push(Line::raw(""));
        text.extend(self.request_lines(max_inner, theme));
        text.push(Line::raw(""));
        text.extend(self.answer_lines(theme));
        let widest = text.iter().map(Line::width).max().unwrap_or(0);
        // Borders and a right margin; at least wide enough to read as a dialog.
        let width = u16::try_from(widest + 3).unwrap_or(u16::MAX).max(50);
        let height = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
        let popup = popup::centred(area, width, height);
        let border = match self.mode {
            Mode::YesNo => theme.warn,
            Mode::TypedName { .. } => theme.bad,
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(border))
            .title(Span::styled(
                " Confirm ",
                Style::new().fg(border).add_modifier(Modifier::BOLD),
            ));
        frame.render_widget(Clear, popup);
        frame.render_widget(Paragraph::new(text).block(block), popup);
    }

    /// The question, wrapped at words, then the details.
    fn question_lines(&self, max_inner: usize, theme: &Theme) -> Vec<Line<'static>> {
        let text_style = Style::new().fg(theme.text);
        let mut text: Vec<Line> = wrap_words(&self.question, max_inner - 1)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), text_style.add_modifier(Modifier::BOLD)))
            .collect();
        if !self.details.is_empty() {
            text.push(Line::raw(""));
            for detail in &self.details {
                text.extend(
                    wrap_words(detail, max_inner - 1)
                        .into_iter()
                        .map(|l| Line::styled(format!(" {l}"), text_style)),
                );
            }
        }
        text
    }

    /// The request as it will be sent: on one line when it fits, else one
    /// field per line.
    fn request_lines(&self, max_inner: usize, theme: &Theme) -> Vec<Line<'static>> {
        let key_style = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
        let text_style = Style::new().fg(theme.text);
        let muted = Style::new().fg(theme.muted);
        let mut text = vec![Line::styled(" This request will be sent:", muted)];
        let one_line: usize = 3
            + self.action.width()
            + self
                .fields
                .iter()
                .map(|(k, v)| 3 + k.width() + v.width())
                .sum::<usize>();
        if one_line <= max_inner {
            let mut request = vec![Span::styled(format!("   {}", self.action), key_style)];
            for (name, value) in &self.fields {
                request.push(Span::styled(label(name, "  "), muted));
                request.push(Span::styled(value.clone(), text_style));
            }
            text.push(Line::from(request));
        } else {
            text.push(Line::styled(format!("   {}", self.action), key_style));
            for (name, value) in &self.fields {
                // A value wider than the box goes on under itself, whole:
                // what is sent is never cut off the screen.
                let label = label(name, "     ");
                let room = max_inner.saturating_sub(label.width()).max(10);
                for (i, part) in wrap_value(value, room).into_iter().enumerate() {
                    let lead = if i == 0 {
                        label.clone()
                    } else {
                        " ".repeat(label.width())
                    };
                    text.push(Line::from(vec![
                        Span::styled(lead, muted),
                        Span::styled(part, text_style),
                    ]));
                }
            }
        }
        text
    }

    /// How to answer: y/n, or the name to type with what was typed so far.
    fn answer_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let key_style = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
        let text_style = Style::new().fg(theme.text);
        let muted = Style::new().fg(theme.muted);
        match &self.mode {
            Mode::YesNo => vec![Line::from(vec![
                Span::styled(" y", key_style),
                Span::styled("/", muted),
                Span::styled("Enter", key_style),
                Span::styled(" proceed    ", text_style),
                Span::styled("n", key_style),
                Span::styled("/", muted),
                Span::styled("Esc", key_style),
                Span::styled(" cancel", text_style),
            ])],
            Mode::TypedName {
                expected,
                typed,
                refused,
            } => {
                let mut text = vec![
                    Line::from(vec![
                        Span::styled(" Type ", text_style),
                        Span::styled(sanitize::line(expected).into_owned(), key_style),
                        Span::styled(" to confirm; Esc cancels.", text_style),
                    ]),
                    Line::from(vec![
                        Span::styled(" > ", key_style),
                        Span::styled(typed.clone(), text_style),
                        Span::styled("▏", key_style),
                    ]),
                ];
                if *refused {
                    text.push(Line::styled(
                        " The name does not match yet: nothing was sent.",
                        Style::new().fg(theme.bad),
                    ));
                }
                text
            }
        }
    }
}

/// Splits `text` into lines of at most `width` columns at spaces; a word
/// longer than `width` gets a line of its own (the popup is wide enough
/// for the values dsadmin sends).
pub(crate) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// `text` in lines of at most `width` columns: at spaces where it can,
/// through a word (an ARN) where it must.
fn wrap_value(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in wrap_words(text, width) {
        if line.width() <= width {
            lines.push(line);
            continue;
        }
        let mut part = String::new();
        for c in line.chars() {
            if part.width() + c.to_string().width() > width {
                lines.push(std::mem::take(&mut part));
            }
            part.push(c);
        }
        lines.push(part);
    }
    lines
}

/// `  Name=` before a field's value; a field without a name is a whole
/// request of its own (one per app of a bulk stop), shown as it is.
fn label(name: &str, indent: &str) -> String {
    if name.is_empty() {
        indent.to_owned()
    } else {
        format!("{indent}{name}=")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_value_wraps_under_itself_whole() {
        let arn = "arn:aws:sagemaker:eu-west-2:123456789012:model-package/claims-fraud-xgb/15";
        let parts = wrap_value(arn, 30);
        assert_eq!(parts.concat(), arn);
        assert!(parts.iter().all(|p| p.width() <= 30), "{parts:?}");
        assert_eq!(wrap_value("MRB-1 signed off", 10), ["MRB-1", "signed off"]);
    }

    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn fields() -> Vec<(String, String)> {
        vec![("UserProfileName".into(), "alice".into())]
    }

    #[test]
    fn yes_no_answers() {
        let mut d = ConfirmDialog::new("Go?".into(), "glue:StartJobRun", fields());
        assert_eq!(d.key(key(KeyCode::Char('x'))), Answer::Pending);
        assert_eq!(d.key(key(KeyCode::Char('y'))), Answer::Yes);
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Yes);
        assert_eq!(d.key(key(KeyCode::Char('n'))), Answer::No);
        assert_eq!(d.key(key(KeyCode::Esc)), Answer::No);
        assert_eq!(d.typed(), None);
    }

    #[test]
    fn typed_name_refuses_enter_until_it_matches() {
        let mut d = ConfirmDialog::typed_name(
            "Delete?".into(),
            "sagemaker:DeleteUserProfile",
            fields(),
            "alice".into(),
        );
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Pending);
        // y and n are letters of a name here, not answers.
        for c in "alicey".chars() {
            assert_eq!(d.key(key(KeyCode::Char(c))), Answer::Pending);
        }
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Pending);
        assert_eq!(d.key(key(KeyCode::Backspace)), Answer::Pending);
        assert_eq!(d.typed(), Some("alice"));
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Yes);
        assert_eq!(d.key(key(KeyCode::Esc)), Answer::No);
    }

    #[test]
    fn questions_wrap_at_words() {
        assert_eq!(
            wrap_words("Start a run of x?", 10),
            vec!["Start a", "run of x?"]
        );
        assert_eq!(wrap_words("short", 10), vec!["short"]);
        assert_eq!(
            wrap_words("a sha256:0123456789abcdef b", 8),
            vec!["a", "sha256:0123456789abcdef", "b"]
        );
    }

    #[test]
    fn typed_name_is_case_sensitive() {
        let mut d = ConfirmDialog::typed_name("Delete?".into(), "x:Y", fields(), "alice".into());
        for c in "ALICE".chars() {
            d.key(key(KeyCode::Char(c)));
        }
        assert_eq!(d.key(key(KeyCode::Enter)), Answer::Pending);
    }
}
