//! The header (who/where/mode), the tab bar, the breadcrumb and the footer.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::command::TabKind;
use crate::settings::Theme;

/// What the header shows.
pub struct HeaderInfo<'a> {
    pub profile: &'a str,
    /// The role assumed from the profile's credentials (`--account`,
    /// `:accounts`), by name.
    pub role: Option<&'a str>,
    pub region: &'a str,
    /// `None` while the caller identity loads (or if it failed).
    pub account: Option<&'a str>,
    /// The environment cue (label, colour) for this account or profile.
    pub environment: Option<(&'a str, ratatui::style::Color)>,
    pub demo: bool,
    pub read_only: bool,
    /// The spinner frame while anything loads.
    pub spinner: Option<char>,
    /// When the list on screen was read (UTC), so stale data says so.
    pub listed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The rows on screen are the last-known list from disk, read at
    /// `listed_at`; the header says how long ago, against `now`.
    pub kept: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn header(frame: &mut Frame, area: Rect, info: &HeaderInfo, theme: &Theme) {
    let base = Style::new().fg(theme.header_fg).bg(theme.header_bg);
    let label = Style::new().fg(theme.muted).bg(theme.header_bg);
    let badge = |text: &str, color| badge(text, color, theme);
    let mut spans = Vec::new();
    if let Some((label, color)) = info.environment {
        // First and loud: the environment is what a mistake would cost.
        spans.push(badge(label, color));
        spans.push(Span::styled(" ", base));
    }
    spans.extend([
        Span::styled(" dsadmin ", base.add_modifier(Modifier::BOLD)),
        Span::styled(" profile ", label),
        Span::styled(info.profile.to_owned(), base),
    ]);
    if let Some(role) = info.role {
        spans.push(Span::styled("  role ", label));
        spans.push(Span::styled(role.to_owned(), base));
    }
    spans.extend([
        Span::styled("  region ", label),
        Span::styled(info.region.to_owned(), base),
        Span::styled("  account ", label),
        Span::styled(info.account.unwrap_or("…").to_owned(), base),
        Span::styled("  ", base),
    ]);
    if info.demo {
        spans.push(badge("DEMO", theme.accent));
        spans.push(Span::styled(" ", base));
    }
    if info.read_only {
        spans.push(badge("READ-ONLY", theme.warn));
        spans.push(Span::styled(" ", base));
    }
    match (info.listed_at, info.kept) {
        (Some(at), Some(now)) => {
            spans.push(badge(
                &format!("LAST KNOWN {}", crate::format::relative(Some(at), now)),
                theme.warn,
            ));
            spans.push(Span::styled(" ", base));
        }
        (Some(at), None) => {
            spans.push(Span::styled(" as of ", label));
            spans.push(Span::styled(at.format("%H:%M:%S UTC").to_string(), base));
            spans.push(Span::styled(" ", base));
        }
        (None, _) => {}
    }
    if let Some(s) = info.spinner {
        spans.push(Span::styled(
            format!(" {s} loading"),
            Style::new().fg(theme.warn).bg(theme.header_bg),
        ));
    }
    let width = usize::from(area.width);
    if spans.iter().map(Span::width).sum::<usize>() > width {
        spans = narrow(info, width, theme);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}

/// The header when the whole line does not fit: the environment cue and the
/// READ-ONLY and DEMO badges first and whole (they are what a mistake would
/// cost), then who and where, cut with `…`.
fn narrow(info: &HeaderInfo, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let base = Style::new().fg(theme.header_fg).bg(theme.header_bg);
    let badge = |text: &str, color| badge(text, color, theme);
    let mut spans = Vec::new();
    if let Some((label, color)) = info.environment {
        spans.push(badge(label, color));
    }
    if info.read_only {
        spans.push(badge("READ-ONLY", theme.warn));
    }
    if info.demo {
        spans.push(badge("DEMO", theme.accent));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let rest = format!(
        " {}@{} {}",
        info.profile,
        info.region,
        info.account.unwrap_or("…")
    );
    spans.push(Span::styled(fit(&rest, width.saturating_sub(used)), base));
    spans
}

/// A header badge: the text bold on its colour.
fn badge(text: &str, color: ratatui::style::Color, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!(" {text} "),
        Style::new()
            .fg(theme.header_bg)
            .bg(color)
            .add_modifier(Modifier::BOLD),
    )
}

/// `text` cut to end in `…` within `room` columns, whatever its width:
/// for a value that more text follows.
fn cut_for_more(text: &str, room: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if room > 0 {
        out.push('…');
    }
    out
}

/// `text` in at most `room` columns, ending in `…` when cut.
pub(crate) fn fit(text: &str, room: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= room {
        return text.to_owned();
    }
    cut_for_more(text, room)
}

/// A line of styled spans in at most `room` columns: the span that does
/// not fit is cut with `…` (in its own style) and the rest left out.
pub(crate) fn fit_line(line: Line<'static>, room: usize) -> Line<'static> {
    if line.width() <= room {
        return line;
    }
    let mut left = room;
    let mut spans = Vec::new();
    for span in line.spans {
        let width = span.width();
        if width < left {
            left -= width;
            spans.push(span);
        } else {
            // More follows (the line is wider than the room), so this span
            // ends in `…` even where it would fit exactly.
            let cut = if width > left {
                fit(&span.content, left)
            } else {
                // Exactly `left` wide: room for the `…` all the same.
                cut_for_more(&span.content, left)
            };
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    Line::from(spans)
}

pub fn tab_bar(frame: &mut Frame, area: Rect, active: TabKind, theme: &Theme) {
    // The whole titles if they fit, else short ones, else numbers with the
    // active tab's short title: every tab stays reachable by its number,
    // nothing is cut mid-word.
    let width = usize::from(area.width);
    let label = [
        |t: TabKind, _: bool| t.title(),
        |t: TabKind, _: bool| short_title(t),
        |t: TabKind, active: bool| if active { short_title(t) } else { "" },
    ]
    .into_iter()
    .find(|label| bar_width(active, label) <= width)
    .unwrap_or(|t: TabKind, active: bool| if active { short_title(t) } else { "" });
    let mut spans = Vec::new();
    for (i, tab) in TabKind::ALL.iter().enumerate() {
        let title = label(*tab, *tab == active);
        let text = if title.is_empty() {
            format!(" {} ", i + 1)
        } else {
            format!(" {} {title} ", i + 1)
        };
        let style = if *tab == active {
            Style::new()
                .fg(theme.selection_fg)
                .bg(theme.selection_bg)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(theme.muted)
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The tab bar's width with `label` for each tab.
fn bar_width(active: TabKind, label: &dyn Fn(TabKind, bool) -> &'static str) -> usize {
    TabKind::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let title = label(*t, *t == active);
            let number = (i + 1).to_string().len();
            // " N title " and the space after it.
            number
                + 3
                + if title.is_empty() {
                    0
                } else {
                    title.chars().count() + 1
                }
        })
        .sum()
}

/// A tab's title for narrow terminals.
fn short_title(tab: TabKind) -> &'static str {
    match tab {
        TabKind::Domains => "Domains",
        TabKind::Users => "Users",
        TabKind::Jobs => "Jobs",
        TabKind::Crawlers => "Crawlers",
        TabKind::Images => "Images",
        TabKind::Packages => "Pkgs",
        TabKind::Endpoints => "Endpts",
    }
}

/// Where the tab's stack is. Too wide for the line, the first crumbs give
/// way to `…` so the one on screen stays whole (cut with `…` only when it
/// alone is wider than the line).
pub fn breadcrumb(frame: &mut Frame, area: Rect, crumbs: &[String], theme: &Theme) {
    let room = usize::from(area.width);
    let width = |from: usize| -> usize {
        let lead = if from > 0 { 4 } else { 0 }; // "… › "
        1 + lead
            + crumbs[from..]
                .iter()
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .sum::<usize>()
            + 3 * crumbs.len().saturating_sub(from + 1)
    };
    let mut from = 0;
    while from + 1 < crumbs.len() && width(from) > room {
        from += 1;
    }
    let mut spans = vec![Span::raw(" ")];
    if from > 0 {
        spans.push(Span::styled("… › ", Style::new().fg(theme.muted)));
    }
    for (i, c) in crumbs.iter().enumerate().skip(from) {
        if i > from {
            spans.push(Span::styled(" › ", Style::new().fg(theme.muted)));
        }
        let style = if i + 1 == crumbs.len() {
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(theme.text)
        };
        spans.push(Span::styled(c.clone(), style));
    }
    let line = fit_line(Line::from(spans), room);
    frame.render_widget(Paragraph::new(line), area);
}

/// The footer: an input line, a message, or key hints.
pub enum Footer<'a> {
    Input {
        prompt: char,
        text: &'a str,
        hint: &'a str,
    },
    Message {
        text: &'a str,
        error: bool,
    },
    Hints(&'a [(String, &'static str)]),
    /// What the keys do in the layer on top (a modal).
    Note(&'a str),
}

pub fn footer(frame: &mut Frame, area: Rect, footer: &Footer, theme: &Theme) {
    let width = usize::from(area.width);
    let line = match footer {
        Footer::Input { prompt, text, hint } => Line::from(vec![
            Span::styled(
                format!("{prompt}"),
                Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(text.to_string(), Style::new().fg(theme.text)),
            Span::styled("▏", Style::new().fg(theme.accent)),
            Span::styled(format!("  {hint}"), Style::new().fg(theme.muted)),
        ]),
        // A notice can carry a server's message: shown, never sent; cut
        // with `…` when longer than the line (errors are whole in :errors).
        Footer::Message { text, error } => Line::styled(
            fit(&crate::sanitize::line(text), width),
            Style::new().fg(if *error { theme.bad } else { theme.ok }),
        ),
        Footer::Note(text) => Line::styled(fit(text, width), Style::new().fg(theme.muted)),
        Footer::Hints(hints) => {
            // Whole hints only, the row's first; `…` says some are left out
            // (`?` lists every key).
            let mut spans = Vec::new();
            let mut used = 0;
            for (i, (key, what)) in hints.iter().enumerate() {
                let key = format!("<{key}>");
                let what = format!(" {what}  ");
                let full = key.chars().count() + what.chars().count();
                // The last hint needs only its text; any other its spacing
                // and room for the `…` that would follow it.
                let fits = if i + 1 == hints.len() {
                    used + full - 2 <= width
                } else {
                    used + full < width
                };
                if !fits {
                    spans.push(Span::styled("…", Style::new().fg(theme.muted)));
                    break;
                }
                used += full;
                spans.push(Span::styled(
                    key,
                    Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
                ));
                spans.push(Span::styled(what, Style::new().fg(theme.muted)));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Shown instead of the tabs when there are no usable credentials: what is
/// wrong, what to run, and the way to try dsadmin without AWS.
pub fn credentials_screen(
    frame: &mut Frame,
    area: Rect,
    error: &crate::cloud::CloudError,
    profile: &str,
    theme: &Theme,
) {
    use ratatui::widgets::{Block, Borders, Wrap};
    let title = match error {
        crate::cloud::CloudError::ExpiredCredentials { .. } => " AWS credentials expired ",
        _ => " No AWS credentials ",
    };
    let text = vec![
        Line::styled(
            format!("Profile: {profile}"),
            Style::new().fg(theme.text).add_modifier(Modifier::BOLD),
        ),
        Line::raw(""),
        Line::styled(error.to_string(), Style::new().fg(theme.bad)),
        Line::raw(""),
        Line::styled(
            "When that is done press r to retry, or :profile NAME to use another profile.",
            Style::new().fg(theme.text),
        ),
        Line::raw(""),
        Line::styled(
            "No AWS account at hand? Try the built-in estate:  dsadmin --demo",
            Style::new().fg(theme.accent),
        ),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.bad))
        .title(Span::styled(
            title,
            Style::new().fg(theme.bad).add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn drawn(width: u16, info: &HeaderInfo) -> String {
        let theme = crate::settings::Settings::builtin().unwrap().theme;
        let backend = ratatui::backend::TestBackend::new(width, 1);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|f| header(f, f.area(), info, &theme))
            .unwrap();
        let buf = terminal.backend().buffer();
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn the_environment_and_read_only_badges_survive_any_width() {
        let info = HeaderInfo {
            profile: "ds-prod-support-readonly",
            role: None,
            region: "eu-west-2",
            account: Some("123456789012"),
            environment: Some(("PROD", ratatui::style::Color::Red)),
            demo: false,
            read_only: true,
            spinner: Some('⠋'),
            listed_at: None,
            kept: None,
        };
        for width in 19..=160 {
            let line = drawn(width, &info);
            assert!(line.contains(" PROD "), "{width}: {line}");
            assert!(line.contains(" READ-ONLY "), "{width}: {line}");
        }
        let wide = drawn(160, &info);
        assert!(wide.contains("account 123456789012"), "{wide}");
        let narrow = drawn(60, &info);
        assert!(narrow.contains('…'), "a cut shows it: {narrow}");
        assert!(narrow.contains("ds-prod"), "{narrow}");
    }

    #[test]
    fn the_tab_bar_is_never_cut_mid_word() {
        let theme = crate::settings::Settings::builtin().unwrap().theme;
        for width in [160u16, 100, 80, 70, 50, 40] {
            let backend = ratatui::backend::TestBackend::new(width, 1);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal
                .draw(|f| tab_bar(f, f.area(), TabKind::Jobs, &theme))
                .unwrap();
            let buf = terminal.backend().buffer();
            let line: String = (0..width).map(|x| buf[(x, 0)].symbol()).collect();
            for n in 1..=7 {
                assert!(
                    line.contains(&format!(" {n} ")),
                    "{width}: tab {n} in {line:?}"
                );
            }
            assert!(
                line.contains("Jobs"),
                "{width}: the active tab is named: {line:?}"
            );
            // The last tab is whole: no "7 Endp".
            let end = line.trim_end();
            assert!(
                end.ends_with("7 Endpoints") || end.ends_with("7 Endpts") || end.ends_with(" 7"),
                "{width}: {line:?}"
            );
        }
    }

    #[test]
    fn the_footer_cuts_messages_with_an_ellipsis_and_hints_whole() {
        let theme = crate::settings::Settings::builtin().unwrap().theme;
        let line = |width: u16, f: &Footer| {
            let backend = ratatui::backend::TestBackend::new(width, 1);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal
                .draw(|fr| footer(fr, fr.area(), f, &theme))
                .unwrap();
            let buf = terminal.backend().buffer();
            (0..width).map(|x| buf[(x, 0)].symbol()).collect::<String>()
        };
        let long = "pushed main:glue/claims.py @ 0123456789ab to s3://bucket/scripts/claims.py and tagged claims GitCommit=0123456789abcdef";
        let shown = line(
            60,
            &Footer::Message {
                text: long,
                error: false,
            },
        );
        assert!(shown.trim_end().ends_with('…'), "{shown}");
        let hints: Vec<(String, &'static str)> =
            ["t", "P", "?", "/", ":", "enter", "d", "esc", "y"]
                .iter()
                .map(|k| ((*k).to_owned(), "something"))
                .collect();
        let shown = line(60, &Footer::Hints(&hints));
        let end = shown.trim_end();
        assert!(end.ends_with('…'), "{shown}");
        assert!(end.starts_with("<t> something"), "{shown}");
        // No hint cut in the middle: every `<` before the `…` has its `>`
        // and its word.
        assert!(
            !end.trim_end_matches('…').trim_end().ends_with('>'),
            "{shown}"
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcdef", 1), "…");
        let crumbs: Vec<String> = [
            "Images",
            "sagemaker-custom/claims-nlp",
            "images",
            "sagemaker-custom/claims-nlp:0.9.1",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
        let theme = crate::settings::Settings::builtin().unwrap().theme;
        let shown = |width: u16| {
            let backend = ratatui::backend::TestBackend::new(width, 1);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal
                .draw(|f| breadcrumb(f, f.area(), &crumbs, &theme))
                .unwrap();
            let buffer = terminal.backend().buffer().clone();
            buffer
                .content
                .iter()
                .map(|c| c.symbol())
                .collect::<String>()
        };
        assert!(shown(100).starts_with(" Images › sagemaker-custom/claims-nlp › images › "));
        let narrow = shown(60);
        assert!(narrow.starts_with(" … › "), "{narrow}");
        assert!(
            narrow.contains("sagemaker-custom/claims-nlp:0.9.1"),
            "{narrow}"
        );
        assert!(shown(20).trim_end().ends_with('…'));
        let two = Line::from(vec![Span::raw("abc"), Span::raw("defgh")]);
        let cut = fit_line(two.clone(), 6);
        assert_eq!(cut.to_string(), "abcde…");
        assert_eq!(fit_line(two.clone(), 8), two);
        assert_eq!(fit_line(two.clone(), 3).to_string(), "ab…");
        assert_eq!(fit_line(two, 4).to_string(), "abc…");
        // A wide last character still leaves room for the `…`.
        let wide = Line::from(vec![Span::raw("ab漢"), Span::raw("x")]);
        assert_eq!(fit_line(wide, 4).to_string(), "ab…");
        assert_eq!(fit("abcdef", 0), "");
    }
}
