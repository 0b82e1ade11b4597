//! The presigned-URL modal: the URL, how long it can still be used, and
//! the keys. The countdown is computed from the app's clock at each draw.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::settings::Theme;
use crate::tui::widgets::popup;

/// What the modal shows.
pub enum PresignView<'a> {
    Loading,
    Ready {
        url: &'a str,
        remaining: i64,
        /// `y` was pressed.
        copied: bool,
    },
    Failed(&'a str),
}

pub fn draw(frame: &mut Frame, area: Rect, user: &str, view: PresignView<'_>, theme: &Theme) {
    let muted = Style::new().fg(theme.muted);
    let lines = match view {
        PresignView::Loading => vec![Line::styled(
            "Asking SageMaker for a presigned URL …",
            muted,
        )],
        PresignView::Failed(e) => vec![
            Line::styled(e.to_owned(), Style::new().fg(theme.bad)),
            Line::raw(""),
            Line::styled("Esc closes", muted),
        ],
        PresignView::Ready {
            url,
            remaining,
            copied,
        } => {
            let (text, colour) = if remaining > 0 {
                (
                    format!("expires in {remaining}s"),
                    if remaining <= 10 {
                        theme.warn
                    } else {
                        theme.ok
                    },
                )
            } else {
                (
                    "expired: close and press p again for a new one".to_owned(),
                    theme.bad,
                )
            };
            vec![
                Line::raw("Anyone holding this URL is signed in as the user. Use it once."),
                Line::raw(""),
                Line::styled(url.to_owned(), Style::new().fg(theme.accent)),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("URL "),
                    Span::styled(text, Style::new().fg(colour)),
                ]),
                Line::raw(""),
                if copied {
                    Line::styled(
                        "✓ copied to the clipboard · o opens a browser · Esc closes and forgets it",
                        Style::new().fg(theme.ok),
                    )
                } else {
                    Line::styled(
                        "y copies · o opens a browser · Esc closes and forgets it",
                        muted,
                    )
                },
            ]
        }
    };
    popup::draw(
        frame,
        area,
        &format!("Presigned Studio URL — {user}"),
        lines,
        100,
        theme,
    );
}
