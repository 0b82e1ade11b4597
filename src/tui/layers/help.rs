//! The key reference (`?`): every key the keymap binds, with what it does.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::command::Command;
use crate::tui::layers::{Layer, LayerDraw, LayerKind, Reply};
use crate::tui::widgets::help;

/// The help overlay. When it does not fit the screen it scrolls: `scroll`
/// is the first line shown, kept within the lines by the last draw (`max`).
#[derive(Debug, Default)]
pub struct HelpLayer {
    scroll: u16,
    max: std::cell::Cell<u16>,
}

impl Layer for HelpLayer {
    fn kind(&self) -> LayerKind {
        LayerKind::Help
    }

    fn key(&mut self, _key: KeyEvent, cmd: Option<Command>) -> Reply {
        // The overlay takes every key; Back, Help and Quit close it.
        let max = self.max.get();
        let page = 10;
        self.scroll = match cmd {
            Some(cmd) if self.closes_on(cmd) => return Reply::Close,
            Some(Command::Up) => self.scroll.saturating_sub(1),
            Some(Command::Down) => self.scroll.saturating_add(1),
            Some(Command::PageUp) => self.scroll.saturating_sub(page),
            Some(Command::PageDown) => self.scroll.saturating_add(page),
            Some(Command::Top) => 0,
            Some(Command::Bottom) => max,
            _ => self.scroll,
        }
        .min(max);
        Reply::Keep
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        let max = help::draw(
            frame,
            area,
            ctx.keymap,
            ctx.unavailable,
            ctx.theme,
            self.scroll,
        );
        self.max.set(max);
    }

    fn hint(&self) -> &'static str {
        if self.max.get() > 0 {
            "j/k, PgUp/PgDn scroll · Esc, ? or q closes the help"
        } else {
            "Esc, ? or q closes the help"
        }
    }

    fn closes_on(&self, cmd: Command) -> bool {
        matches!(cmd, Command::Back | Command::Help | Command::Quit)
    }
}
