//! The key reference (`?`): every key the keymap binds, with what it does.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::command::Command;
use crate::tui::layers::{Layer, LayerDraw, LayerKind, Reply};
use crate::tui::widgets::help;

/// The help overlay.
pub struct HelpLayer;

impl Layer for HelpLayer {
    fn kind(&self) -> LayerKind {
        LayerKind::Help
    }

    fn key(&mut self, _key: KeyEvent, cmd: Option<Command>) -> Reply {
        // The overlay takes every key; Back, Help and Quit close it.
        match cmd {
            Some(cmd) if self.closes_on(cmd) => Reply::Close,
            _ => Reply::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        help::draw(frame, area, ctx.keymap, ctx.unavailable, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        "Esc, ? or q closes the help"
    }

    fn closes_on(&self, cmd: Command) -> bool {
        matches!(cmd, Command::Back | Command::Help | Command::Quit)
    }
}
