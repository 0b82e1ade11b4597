//! The filter line (`/`): each key re-filters the active pane as typed;
//! Enter keeps the filter, Esc clears it, ↑/↓ move in the filtered rows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::command::Command;
use crate::tui::{App, Mode};

impl App {
    pub(in crate::tui) fn set_filter(&mut self, query: String) {
        let Some(pane) = self.active_pane_mut() else {
            return;
        };
        let work = pane.set_filter(query);
        self.spawn_work(work);
    }

    /// A key while the filter line (`/`) is open.
    pub(in crate::tui) fn filter_key(&mut self, key: KeyEvent) {
        let mut query = self.filter_query().to_owned();
        match key.code {
            KeyCode::Esc => {
                self.screen.mode = Mode::Normal;
                self.set_filter(String::new());
            }
            KeyCode::Enter => self.screen.mode = Mode::Normal,
            KeyCode::Up => self.run_command(Command::Up),
            KeyCode::Down => self.run_command(Command::Down),
            KeyCode::Backspace => {
                query.pop();
                self.set_filter(query);
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.set_filter(String::new());
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                query.push(c);
                self.set_filter(query);
            }
            _ => {}
        }
    }
}
