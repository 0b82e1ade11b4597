//! The endpoint weights editor: each variant's current weight and share,
//! the new weight being typed and the resulting share, the plan's
//! validation message inline; then the exact request, and the watch.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::Frame;

use crate::settings::Theme;
use crate::tui::widgets::popup;

/// One variant's row.
pub struct VariantLine<'a> {
    pub name: &'a str,
    pub current_weight: f64,
    pub current_percent: f64,
    pub typed: &'a str,
    /// The share after the shift, when the typed weights are valid.
    pub new_percent: Option<f64>,
}

/// What the modal shows.
pub enum WeightsView<'a> {
    Editing {
        variants: Vec<VariantLine<'a>>,
        selected: usize,
        problem: Option<String>,
    },
    Confirm(Vec<String>),
    Progress {
        log: &'a [String],
        end: Option<Option<&'a str>>,
    },
}

pub fn draw(frame: &mut Frame, area: Rect, endpoint: &str, view: WeightsView<'_>, theme: &Theme) {
    let muted = Style::new().fg(theme.muted);
    let mut lines = Vec::new();
    match view {
        WeightsView::Editing {
            variants,
            selected,
            problem,
        } => {
            lines.push(Line::styled(
                format!(
                    "{:<24} {:>10} {:>8}   {:<14} {:>8}",
                    "VARIANT", "WEIGHT", "NOW", "NEW WEIGHT", "AFTER"
                ),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            for (i, v) in variants.iter().enumerate() {
                let after = v
                    .new_percent
                    .map_or_else(|| "-".to_owned(), |p| format!("{p:.1}%"));
                let cursor = if i == selected { "█" } else { " " };
                let text = format!(
                    "{}{:<23} {:>10} {:>7.1}%   {:<14} {:>8}",
                    if i == selected { "▸" } else { " " },
                    v.name,
                    v.current_weight,
                    v.current_percent,
                    format!("{}{cursor}", v.typed),
                    after
                );
                let style = if i == selected {
                    Style::new().fg(theme.selection_fg).bg(theme.selection_bg)
                } else {
                    Style::new()
                };
                lines.push(Line::styled(text, style));
            }
            if let Some(p) = problem {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!("✗ {p}"), Style::new().fg(theme.bad)));
            }
        }
        WeightsView::Confirm(request) => {
            lines.push(Line::styled(
                "Send this update? Exactly what will be sent:",
                Style::new().add_modifier(Modifier::BOLD),
            ));
            lines.extend(request.into_iter().map(Line::raw));
        }
        WeightsView::Progress { log, end } => {
            lines.extend(log.iter().map(|l| Line::raw(l.clone())));
            match end {
                None => lines.push(Line::styled("watching until InService …", muted)),
                Some(None) => lines.push(Line::styled(
                    "InService with the new weights.",
                    Style::new().fg(theme.ok),
                )),
                Some(Some(e)) => {
                    lines.push(Line::styled(format!("✗ {e}"), Style::new().fg(theme.bad)))
                }
            }
        }
    }
    popup::draw(
        frame,
        area,
        &format!("Traffic shift — {endpoint}"),
        lines,
        90,
        theme,
    );
}
