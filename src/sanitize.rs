//! The one sanitiser for text from AWS, Git, files or the config on its way
//! to a terminal or the log.
//!
//! A resource description, a tag value, an S3 script or a server's error
//! message can carry escape sequences: OSC 52 writes the admin's clipboard,
//! CSI clears the screen, OSC 0 retitles the window, and bidi overrides make
//! a name read as another. Written raw, they run in the admin's terminal.
//! Here every C0 control (but the newline and tab a multi-line text keeps),
//! DEL, every C1 control and every bidi control is shown visibly instead:
//! `^[` for ESC, `^?` for DEL, `\u{9b}` for C1, `\u{202e}` for bidi. Text
//! with none of them is returned as it is, without a copy.
//!
//! JSON output is not passed through here: serde_json escapes controls
//! itself, and scripts need the exact values.

use std::borrow::Cow;
use std::fmt::Write;

/// Where the text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A table cell, a status line, a name: newlines and tabs are shown too.
    Line,
    /// A message, a diff, a script, a log record: newlines and tabs stay.
    Lines,
}

/// `text` made safe to write to a terminal (see the module notes).
pub fn terminal(text: &str, shape: Shape) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c, shape)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c, shape) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A cell or a one-line value: [`terminal`] with [`Shape::Line`].
pub fn line(text: &str) -> Cow<'_, str> {
    terminal(text, Shape::Line)
}

/// A multi-line text: [`terminal`] with [`Shape::Lines`].
pub fn lines(text: &str) -> Cow<'_, str> {
    terminal(text, Shape::Lines)
}

fn needs_escape(c: char, shape: Shape) -> bool {
    match c {
        '\n' | '\t' => shape == Shape::Line,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        _ => is_bidi_control(c),
    }
}

/// The characters that reorder text on screen (Unicode's bidi controls).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn escape(c: char, out: &mut String) {
    match c {
        // Caret notation, as terminals and `cat -v` show C0 and DEL.
        '\u{0}'..='\u{1f}' => {
            out.push('^');
            out.push(char::from(c as u8 + 0x40));
        }
        '\u{7f}' => out.push_str("^?"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let osc52 = "name\u{1b}]52;c;ZXZpbA==\u{7}";
        assert_eq!(line(osc52), "name^[]52;c;ZXZpbA==^G");
        assert_eq!(line("clear\u{1b}[2J"), "clear^[[2J");
        assert_eq!(line("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(line("del\u{7f}"), "del^?");
        assert_eq!(line("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(line("a\nb\tc"), "a^Jb^Ic");
        assert_eq!(lines("a\nb\tc\u{1b}"), "a\nb\tc^[");
    }

    #[test]
    fn clean_text_is_not_copied() {
        for text in ["plain", "ünïcödé ✓ 日本", ""] {
            assert!(matches!(line(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn no_control_survives_any_input() {
        // Every code point below U+0100 and the bidi ranges, in one string.
        let all: String = (0u32..0x100)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
            .collect();
        for shape in [Shape::Line, Shape::Lines] {
            let safe = terminal(&all, shape);
            assert!(
                !safe.chars().any(|c| needs_escape(c, shape)),
                "{shape:?}: {safe:?}"
            );
            assert!(!safe.contains('\u{1b}'));
        }
    }
}
