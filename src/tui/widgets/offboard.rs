//! The offboarding modal: the plan with its typed-name confirmation, the
//! live progress of the deletions, and how it ended (what remains).

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::settings::Theme;
use crate::tui::widgets::popup;

/// Progress lines shown at most: the newest, so the end and what remains
/// always fit on the screen.
const LOG_LINES: usize = 12;

fn log_tail<'a>(log: &[String], theme: &Theme) -> Vec<Line<'a>> {
    let skip = log.len().saturating_sub(LOG_LINES);
    let mut lines = Vec::new();
    if skip > 0 {
        lines.push(Line::styled(
            format!("… {skip} earlier lines"),
            Style::new().fg(theme.muted),
        ));
    }
    lines.extend(log[skip..].iter().map(|l| Line::raw(l.clone())));
    lines
}

/// What the modal shows.
pub enum OffboardView<'a> {
    Planning,
    Confirm {
        lines: Vec<String>,
        user: &'a str,
        typed: &'a str,
        refused: bool,
    },
    Running,
    Finished {
        failure: Option<&'a str>,
        remaining: &'a [String],
    },
    Failed(&'a str),
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    user: &str,
    view: OffboardView<'_>,
    log: &[String],
    theme: &Theme,
) {
    let muted = Style::new().fg(theme.muted);
    let bad = Style::new().fg(theme.bad);
    let mut lines: Vec<Line> = Vec::new();
    match view {
        OffboardView::Planning => {
            lines.push(Line::styled("Finding the user's apps and spaces …", muted))
        }
        OffboardView::Confirm {
            lines: plan,
            user,
            typed,
            refused,
        } => {
            lines.push(Line::styled(
                "This deletes, in this order:",
                Style::new().add_modifier(Modifier::BOLD),
            ));
            for l in plan {
                let style = if l.starts_with("and:") {
                    bad
                } else {
                    Style::new()
                };
                lines.push(Line::styled(format!("  {l}"), style));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!("Type {user} to confirm:")));
            lines.push(Line::from(vec![
                Span::styled("> ", Style::new().fg(theme.accent)),
                Span::raw(typed.to_owned()),
                Span::styled("█", Style::new().fg(theme.accent)),
            ]));
            if refused {
                lines.push(Line::styled(
                    format!("✗ the name typed is not {user}: nothing was deleted"),
                    bad,
                ));
            }
        }
        OffboardView::Running => {
            lines.extend(log_tail(log, theme));
        }
        OffboardView::Finished { failure, remaining } => {
            lines.extend(log_tail(log, theme));
            lines.push(Line::raw(""));
            match failure {
                None => lines.push(Line::styled(
                    format!("{user} is offboarded."),
                    Style::new().fg(theme.ok),
                )),
                Some(f) => {
                    lines.push(Line::styled(format!("✗ {f}"), bad));
                    lines.push(Line::raw("Still there (delete these to finish):"));
                    lines.extend(remaining.iter().map(|r| Line::raw(format!("  {r}"))));
                }
            }
            lines.push(Line::styled("Esc closes", muted));
        }
        OffboardView::Failed(e) => {
            lines.push(Line::styled(e.to_owned(), bad));
            lines.push(Line::styled("Nothing was deleted · Esc closes", muted));
        }
    }
    popup::draw(frame, area, &format!("Offboard {user}"), lines, 110, theme);
}
