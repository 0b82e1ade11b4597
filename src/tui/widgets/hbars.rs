//! Horizontal bars with a label and a value text per line: the team totals
//! of the cost radar. Bars use eighth blocks so small differences show.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// One bar: what it is, how big, and the figures printed after the label.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    pub text: String,
    pub style: Style,
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// The bar for `value` out of `max`, `width` cells at most.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || value <= 0.0 || width == 0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    s
}

/// Draws one line per bar: label, text, then the bar scaled to the largest value.
pub fn draw(frame: &mut Frame, area: Rect, bars: &[Bar<'_>], label_style: Style) {
    // Labels are names from AWS (teams are tag values): made safe first.
    let labels: Vec<_> = bars
        .iter()
        .map(|b| crate::sanitize::line(b.label))
        .collect();
    let label_w = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let text_w = bars.iter().map(|b| b.text.width()).max().unwrap_or(0);
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let room = (area.width as usize).saturating_sub(label_w + text_w + 3);
    let lines: Vec<Line> = bars
        .iter()
        .zip(&labels)
        .map(|(b, label)| {
            Line::from(vec![
                Span::styled(format!("{label:<label_w$} "), label_style),
                Span::raw(format!("{:>text_w$}  ", b.text)),
                Span::styled(bar(b.value, max, room), b.style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_in_eighths() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 10.0, 4), "▍");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(3.0, 0.0, 4), "");
    }
}
