//! Drawing a [`ListPane`]: the block with its counts, the header with the
//! sort arrow, only the rows on screen (their texts size the columns), the
//! filter's matches highlighted, and the failure or empty state.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::rows::{Column, Tone, Width};
use crate::tui::filter;
use crate::tui::problem::Problem;
use crate::tui::widgets::DrawCtx;

use super::{filter_key, ListPane, LoadState, TableRow};
use crate::tui::pane::Pane;

impl<T: TableRow> ListPane<T> {
    pub(super) fn draw_table(&mut self, frame: &mut Frame, area: Rect, ctx: &DrawCtx) {
        let block = self.block(ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // Header row takes one line.
        self.page = inner.height.saturating_sub(1).max(1) as usize;
        self.clamp();

        if let (LoadState::Failed(err), true) = (&self.state, self.items.is_empty()) {
            frame.render_widget(self.failure(err, ctx), inner);
            return;
        }
        if self.view.is_empty() {
            frame.render_widget(self.empty(ctx), inner);
            return;
        }

        let columns = T::columns();
        // A gutter for the mark, only while something is marked (tables
        // look as before otherwise).
        let marking = !self.marks.is_empty();
        let end = (self.offset + self.page).min(self.view.len());
        // Format the rows on screen once: their texts size the columns and fill the cells.
        let visible: Vec<(&T, Vec<Cow<'_, str>>)> = self.view[self.offset..end]
            .iter()
            .map(|&i| {
                let item = &self.items[i as usize];
                (
                    item,
                    (0..columns.len())
                        .map(|c| sanitized(item.cell(c, ctx.now)))
                        .collect(),
                )
            })
            .collect();
        let gutter_width = if marking { 2 } else { 0 };
        let mut widths = column_widths(columns, &visible, inner.width.saturating_sub(gutter_width));
        // A value wider than its column is cut with `…`, never silently.
        let visible: Vec<(&T, Vec<Cow<'_, str>>)> = visible
            .into_iter()
            .map(|(item, texts)| {
                let cut = texts
                    .into_iter()
                    .zip(&widths)
                    .map(|(text, &w)| cut(text, usize::from(w)))
                    .collect();
                (item, cut)
            })
            .collect();
        let header = self.header(&widths, marking, ctx);
        if marking {
            widths.insert(0, 1);
        }
        let rows = visible
            .iter()
            .enumerate()
            .map(|(n, (item, texts))| self.row(n, *item, texts, marking, ctx));
        let widths = widths.into_iter().map(Constraint::Length);
        let table = Table::new(rows, widths).header(header).column_spacing(1);
        frame.render_widget(table, inner);
    }

    /// The list could not load and has no rows: why, and how to retry.
    fn failure(&self, err: &Problem, ctx: &DrawCtx) -> Paragraph<'static> {
        let theme = ctx.theme;
        let text = vec![
            Line::styled(
                format!("Could not load {}s", T::NOUN),
                Style::new().fg(theme.bad).add_modifier(Modifier::BOLD),
            ),
            Line::raw(""),
            Line::styled(err.to_string(), Style::new().fg(theme.bad)),
            Line::raw(""),
            Line::styled("r retries the load", Style::new().fg(theme.muted)),
        ];
        Paragraph::new(text).wrap(Wrap { trim: false })
    }

    /// Nothing to show: still loading, filtering, nothing matches, or none.
    fn empty(&self, ctx: &DrawCtx) -> Paragraph<'static> {
        let msg = match (&self.state, self.filter.is_active()) {
            (LoadState::Loading, _) => format!("loading {}s…", T::NOUN),
            (_, true) if self.filter.is_pending() => "filtering…".to_owned(),
            (_, true) => format!("No {}s match '{}'", T::NOUN, self.filter.query),
            _ => format!("No {}s", T::NOUN),
        };
        Paragraph::new(Line::styled(msg, Style::new().fg(ctx.theme.muted)))
    }

    /// Column titles, the sorted one with its direction; a title wider
    /// than its column is cut with `…` (the arrow stays).
    fn header(&self, widths: &[u16], marking: bool, ctx: &DrawCtx) -> Row<'static> {
        let gutter = marking.then(|| Cell::from(" "));
        let titles = T::columns().iter().enumerate().map(|(i, c)| {
            let arrow = match (i == self.sort_col, self.sort_desc) {
                (false, _) => "",
                (true, true) => "▼",
                (true, false) => "▲",
            };
            let room = widths.get(i).map_or(usize::MAX, |&w| usize::from(w));
            let title = cut(
                Cow::Borrowed(c.title),
                room.saturating_sub(arrow.len().min(1)),
            );
            Cell::from(format!("{title}{arrow}"))
        });
        Row::new(gutter.into_iter().chain(titles)).style(
            Style::new()
                .fg(ctx.theme.header_fg)
                .add_modifier(Modifier::BOLD),
        )
    }

    /// Row `n` on screen: its cells in their tones, the filter's matches
    /// highlighted, marked or selected.
    fn row<'a>(
        &self,
        n: usize,
        item: &T,
        texts: &[Cow<'_, str>],
        marking: bool,
        ctx: &DrawCtx,
    ) -> Row<'a> {
        let theme = ctx.theme;
        let query = self.filter.matched().map(|_| self.filter.query.as_str());
        let highlights = query.map(|q| key_highlights(item, q)).unwrap_or_default();
        let marked_style = Style::new().fg(theme.match_fg).add_modifier(Modifier::BOLD);
        let is_marked = marking && self.marks.contains(&item.mark_key());
        let cells = texts.iter().enumerate().map(|(c, text)| {
            let style = if is_marked {
                marked_style
            } else {
                tone_style(item.tone(c), theme)
            };
            let marks = highlights
                .iter()
                .find(|(col, _)| *col == c)
                .map(|(_, p)| p.as_slice());
            Cell::from(highlighted(text, marks, style, theme))
        });
        let gutter = marking.then(|| {
            Cell::from(Span::styled(
                if is_marked { "*" } else { " " },
                marked_style,
            ))
        });
        let row = Row::new(gutter.into_iter().chain(cells).collect::<Vec<_>>());
        if self.offset + n == self.selected {
            row.style(
                Style::new()
                    .fg(theme.selection_fg)
                    .bg(theme.selection_bg)
                    .add_modifier(Modifier::BOLD),
            )
        } else {
            row
        }
    }

    fn block(&self, ctx: &DrawCtx) -> Block<'static> {
        let theme = ctx.theme;
        let total = self.items.len();
        let count = if self.filter.is_active() {
            format!("{}/{}", self.view.len(), total)
        } else {
            format!("{total}")
        };
        let mut title = vec![
            Span::styled(
                format!(" {} ", self.crumb),
                Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("[{count}] "), Style::new().fg(theme.text)),
        ];
        let marked = self.marked_count();
        if marked > 0 {
            title.push(Span::styled(
                format!("{marked} marked "),
                Style::new().fg(theme.match_fg).add_modifier(Modifier::BOLD),
            ));
        }
        if self.state == LoadState::Loading {
            title.push(Span::styled(
                format!("{} loading… ", ctx.spinner),
                Style::new().fg(theme.warn),
            ));
        }
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(theme.border))
            .title(Line::from(title));
        if let (LoadState::Failed(err), false) = (&self.state, self.items.is_empty()) {
            // Rows from before the failure stay; say why the list may be incomplete.
            block = block.title_bottom(Line::from(Span::styled(
                format!(" incomplete: {err} "),
                Style::new().fg(theme.bad),
            )));
        }
        if self.filter.is_active() {
            let pending = if self.filter.is_pending() { " …" } else { "" };
            block = block.title_bottom(Line::from(Span::styled(
                format!(" /{}{pending} ", self.filter.query),
                Style::new().fg(theme.match_fg),
            )));
        }
        block
    }
}

/// Widest a column grows to fit its content, so one long value cannot take the screen.
const MAX_COLUMN: u16 = 64;

/// Column widths for the rows on screen: each column as wide as its title and
/// widest visible value (at most `MAX_COLUMN`), never wider, so no column
/// holds blank width while another's value is cut; when that does not fit,
/// the widest columns give way first (down to their declared floor); when
/// room is left over, the columns whose values are still cut get it.
fn column_widths<T>(
    columns: &[Column],
    rows: &[(&T, Vec<Cow<'_, str>>)],
    available: u16,
) -> Vec<u16> {
    let floor = |c: &Column| match c.width {
        Width::Fixed(w) | Width::Fill(w) => w,
    };
    let content: Vec<usize> = (0..columns.len())
        .map(|i| {
            rows.iter()
                .map(|(_, cells)| unicode_width::UnicodeWidthStr::width(cells[i].as_ref()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut widths: Vec<u16> = columns
        .iter()
        .zip(&content)
        .map(|(c, &content)| {
            // +1 leaves room for the sort arrow after the title.
            content
                .max(c.title.chars().count() + 1)
                .min(MAX_COLUMN as usize) as u16
        })
        .collect();
    let spacing = columns.len().saturating_sub(1) as u16;
    let total = |w: &[u16]| w.iter().sum::<u16>() + spacing;
    let mut free = available.saturating_sub(total(&widths));
    // Free width goes to the cut columns, most cut first.
    while free > 0 {
        let Some(i) = (0..widths.len())
            .filter(|&i| content[i] > usize::from(widths[i]))
            .max_by_key(|&i| content[i] - usize::from(widths[i]))
        else {
            break;
        };
        let give = (content[i] - usize::from(widths[i])).min(usize::from(free)) as u16;
        widths[i] += give;
        free -= give;
    }
    while total(&widths) > available {
        // Shrink the widest column that is still above its floor.
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] > floor(&columns[i]))
            .max_by_key(|&i| widths[i])
        else {
            break;
        };
        widths[i] -= 1;
    }
    // Every column at its floor and still too wide (a narrow terminal):
    // shrink below the floors here, so each cut is ours and ends in `…`
    // rather than being clipped by the table widget. The first column (the
    // name) goes last: the others down to a few characters first.
    const KEEP: u16 = 6;
    while total(&widths) > available {
        let widest = |min: u16, skip_name: bool| {
            (0..widths.len())
                .filter(|&i| widths[i] > min && !(skip_name && i == 0))
                .max_by_key(|&i| widths[i])
        };
        let Some(i) = widest(KEEP, true).or_else(|| widest(1, false)) else {
            break;
        };
        widths[i] -= 1;
    }
    widths
}

/// Where the filter query matched inside each key column (char positions per column).
fn key_highlights<T: TableRow>(item: &T, query: &str) -> Vec<(usize, Vec<usize>)> {
    let key = filter_key(item);
    let Some(positions) = filter::match_positions(&key, query) else {
        return Vec::new();
    };
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let mut out = Vec::new();
    let mut start = 0usize;
    for &c in T::key_columns() {
        let len = item.cell(c, now).chars().count();
        let hits: Vec<usize> = positions
            .iter()
            .filter(|&&p| p >= start && p < start + len)
            .map(|&p| p - start)
            .collect();
        if !hits.is_empty() {
            out.push((c, hits));
        }
        start += len + 2;
    }
    out
}

fn highlighted<'a>(
    text: &str,
    marks: Option<&[usize]>,
    base: Style,
    theme: &crate::settings::theme::Theme,
) -> Line<'a> {
    let Some(marks) = marks else {
        return Line::styled(text.to_owned(), base);
    };
    let hit = base
        .fg(theme.match_fg)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let spans: Vec<Span> = text
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            let style = if marks.contains(&i) { hit } else { base };
            Span::styled(ch.to_string(), style)
        })
        .collect();
    Line::from(spans)
}

pub fn tone_style(tone: Tone, theme: &crate::settings::theme::Theme) -> Style {
    match tone {
        Tone::Plain => Style::new().fg(theme.text),
        Tone::Ok => Style::new().fg(theme.ok),
        Tone::Warn => Style::new().fg(theme.warn),
        Tone::Bad => Style::new().fg(theme.bad),
        Tone::Muted => Style::new().fg(theme.muted),
    }
}

/// `text` in `width` columns: cut with `…` when wider (display width, so a
/// wide character never spills past its column unmarked).
fn cut(text: Cow<'_, str>, width: usize) -> Cow<'_, str> {
    if unicode_width::UnicodeWidthStr::width(text.as_ref()) <= width {
        return text;
    }
    Cow::Owned(crate::tui::widgets::bars::fit(&text, width))
}

/// A cell from AWS data, safe for the terminal (`crate::sanitize`); a clean
/// cell is not copied.
fn sanitized(cell: Cow<'_, str>) -> Cow<'_, str> {
    match crate::sanitize::line(&cell) {
        Cow::Borrowed(_) => cell,
        Cow::Owned(safe) => Cow::Owned(safe),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_value_ends_in_an_ellipsis() {
        assert_eq!(cut(Cow::Borrowed("pip index"), 9), "pip index");
        assert_eq!(cut(Cow::Borrowed("pip index"), 8), "pip ind…");
        assert_eq!(cut(Cow::Borrowed("pip"), 1), "…");
        assert_eq!(cut(Cow::Borrowed("pip"), 0), "");
        assert_eq!(
            cut(Cow::Borrowed("漢字漢字"), 5),
            "漢字…",
            "by display width"
        );
    }

    #[test]
    fn free_width_goes_to_the_columns_that_are_cut() {
        let columns = [Column::fixed("NAME", 10), Column::fill("MESSAGE", 10)];
        let long = "x".repeat(100);
        let rows: Vec<(&(), Vec<Cow<'_, str>>)> =
            vec![(&(), vec![Cow::Borrowed("short"), Cow::Owned(long)])];
        // NAME takes what "short" needs (its floor of 10 is only how far it
        // may be squeezed), 1 space, and the message takes the other 94.
        assert_eq!(column_widths(&columns, &rows, 100), vec![5, 94]);
        // Wider than the message needs: it stops at its length.
        assert_eq!(column_widths(&columns, &rows, 200), vec![5, 100]);
    }

    #[test]
    fn below_the_floors_the_widths_still_fit_so_cuts_show_an_ellipsis() {
        let columns = [Column::fixed("NETWORK", 18), Column::fixed("KMS KEY", 12)];
        let rows: Vec<(&(), Vec<Cow<'_, str>>)> = vec![(
            &(),
            vec![
                Cow::Borrowed("PublicInternetOnly"),
                Cow::Borrowed("none (AWS owned)"),
            ],
        )];
        let widths = column_widths(&columns, &rows, 20);
        assert_eq!(widths.iter().sum::<u16>() + 1, 20, "{widths:?}");
        assert!(cut(Cow::Borrowed("PublicInternetOnly"), usize::from(widths[0])).ends_with('…'));
    }
}
