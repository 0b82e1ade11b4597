//! Drawing the app: header, tabs, the active pane, the footer (input line,
//! notice or key hints) and the layers over them. Draws only from state;
//! never waits on anything.

use ratatui::layout::{Constraint, Layout};
use ratatui::Frame;

use crate::command::Command;
use crate::tui::layers::LayerDraw;
use crate::tui::widgets::bars::{self, Footer, HeaderInfo};
use crate::tui::widgets::DrawCtx;
use crate::tui::{App, Level, Mode, SPINNER};

impl App {
    /// Draws the whole screen.
    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let [head, tabs, crumb, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let busy = self.is_busy();
        let spinner = SPINNER[self.screen.spinner];
        let theme = self.session.settings.theme;
        let ctx = DrawCtx {
            theme: &theme,
            now: self.now(),
            spinner,
        };
        let context = &self.session.cloud.context;
        let account = self.session.identity.as_ref().map(|i| i.account.as_str());
        // A role's session is the account's, whatever the base profile's
        // entry says (read-only still counts both: see `Policy::from_rules`).
        let profile = if context.assumed_role.is_some() {
            ""
        } else {
            context.profile.as_str()
        };
        let environment = self
            .session
            .settings
            .environment_for(account, profile)
            .map(|e| (e.label.as_str(), e.color));
        bars::header(
            frame,
            head,
            &HeaderInfo {
                profile: &context.profile,
                role: context
                    .assumed_role
                    .as_ref()
                    .map(|r| r.role_arn.rsplit('/').next().unwrap_or(&r.role_arn)),
                region: &context.region,
                // `?` once sts:GetCallerIdentity failed (`:errors` says
                // why), `…` while it is asked.
                account: account.or(self
                    .session
                    .identity_error
                    .as_ref()
                    .map(|_| crate::rows::UNKNOWN)),
                environment,
                demo: context.demo,
                read_only: self.session.ops.policy.is_read_only(),
                spinner: busy.then_some(spinner),
                listed_at: self.listed_at(),
                kept: self
                    .active_pane()
                    .is_some_and(|p| self.screen.kept_shown.contains(&p.id()))
                    .then(|| self.now()),
            },
            &theme,
        );
        bars::tab_bar(frame, tabs, self.active_tab(), &theme);
        bars::breadcrumb(frame, crumb, &self.crumbs(), &theme);
        match self
            .session
            .identity_error
            .as_ref()
            .filter(|e| e.is_credentials())
        {
            Some(error) => bars::credentials_screen(frame, body, error, &context.profile, &theme),
            None => {
                if let Some(pane) = self.active_pane_mut() {
                    pane.draw(frame, body, &ctx);
                }
            }
        }
        let hints = self.hints();
        let footer = match &self.screen.mode {
            Mode::Filter => Footer::Input {
                prompt: '/',
                text: self.filter_query(),
                hint: "Enter keeps the filter · Esc clears it",
            },
            Mode::Command(input) => Footer::Input {
                prompt: ':',
                text: input,
                hint: self
                    .screen
                    .completion
                    .as_ref()
                    .map_or("Tab completes · Enter runs · Esc cancels", |c| {
                        c.shown.as_str()
                    }),
            },
            Mode::Normal if !self.screen.layers.is_empty() => {
                Footer::Note(self.screen.layers.last().map_or("", |l| l.hint()))
            }
            Mode::Normal => match &self.screen.notice {
                Some(notice) => Footer::Message {
                    text: &notice.text,
                    error: notice.level == Level::Error,
                },
                None => Footer::Hints(&hints),
            },
        };
        bars::footer(frame, foot, &footer, &theme);
        let unavailable = self.unavailable_commands();
        let layer_ctx = LayerDraw {
            keymap: &self.session.settings.keymap,
            unavailable: &unavailable,
            theme: &theme,
            now: ctx.now,
        };
        for layer in &self.screen.layers {
            layer.draw(frame, area, &layer_ctx);
        }
        // The page size is known now: the rows in view are filled first.
        self.prefer_visible();
    }

    /// Key hints for the footer, read from the keymap: the actions the
    /// selected row supports (and the gate allows) first, then navigation.
    pub(in crate::tui) fn hints(&self) -> Vec<(String, &'static str)> {
        let wanted: &[(Command, &str)] = &[
            (Command::Help, "help"),
            (Command::Filter, "filter"),
            (Command::CommandLine, "command"),
            (Command::Open, "open"),
            (Command::Describe, "describe"),
            (Command::Back, "back"),
            (Command::Copy, "copy"),
            (Command::SortNext, "sort"),
            (Command::Refresh, "refresh"),
            (Command::Quit, "quit"),
        ];
        let mut hints = self.action_hints();
        hints.extend(wanted.iter().filter_map(|(cmd, label)| {
            self.session
                .settings
                .keymap
                .first_key(*cmd)
                .map(|k| (k.to_string(), *label))
        }));
        hints
    }
}
