//! The modal stack: layers drawn over the tabs. Key events go to the top
//! layer first and only to it; Esc closes it.
//!
//! # Adding a modal
//!
//! Add a variant to [`Modal`], handle its keys in [`Modal::key`] (return
//! [`Reply::Close`] to pop it, [`Reply::Run`] to pop it and hand an op to a
//! background job), draw it in [`Modal::draw`] and give it a footer hint.
//! Push it with `App::push_modal`. A modal that needs the keymap (like help)
//! gets the looked-up command as well as the raw key.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::ui_op::{Confirmation, UiOp};
use crate::command::Command;
use crate::ops::packages::PackageAddress;
use crate::settings::{Keymap, Theme};
use crate::widgets::confirm::{Answer, ConfirmDialog};
use crate::widgets::help;
use crate::widgets::origin::{self, OriginDialog};

/// One layer of the stack.
pub enum Modal {
    /// The key reference (`?`).
    Help,
    /// "Really do this?" before an op is handed to a job.
    Confirm(Box<ConfirmOp>),
    /// The origin editor (`b` on a package); Enter leads to a confirmation.
    Origin(Box<OriginEdit>),
}

/// The origin editor and the package it edits.
pub struct OriginEdit {
    pub dialog: OriginDialog,
    pub address: PackageAddress,
}

/// A confirmation dialog and the op a "yes" runs.
pub struct ConfirmOp {
    pub dialog: ConfirmDialog,
    pub op: UiOp,
}

/// What the top modal did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Stay open.
    Keep,
    /// Close, nothing else.
    Close,
    /// Close and run this op.
    Run(UiOp),
    /// Close and ask to confirm this op (an editor's result).
    Confirm(UiOp),
}

impl Modal {
    /// The confirmation modal for `op`: its question, and the action and
    /// request fields exactly as they will be sent.
    pub fn confirm(op: UiOp) -> Modal {
        let effect = op.effect();
        let fields = op
            .request()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let dialog = match op.confirmation() {
            Confirmation::YesNo => ConfirmDialog::new(op.question(), effect.action(), fields),
            Confirmation::TypedName(name) => {
                ConfirmDialog::typed_name(op.question(), effect.action(), fields, name)
            }
        }
        .with_details(op.details());
        Modal::Confirm(Box::new(ConfirmOp { dialog, op }))
    }

    /// A key for this layer; `cmd` is what the keymap binds it to.
    pub fn key(&mut self, key: KeyEvent, cmd: Option<Command>) -> Reply {
        match self {
            Modal::Help => match cmd {
                // The overlay takes every key; these close it.
                Some(Command::Back | Command::Help | Command::Quit) => Reply::Close,
                _ => Reply::Keep,
            },
            Modal::Confirm(c) => match c.dialog.key(key) {
                Answer::Pending => Reply::Keep,
                Answer::No => Reply::Close,
                Answer::Yes => Reply::Run(c.op.clone()),
            },
            Modal::Origin(o) => match o.dialog.key(key) {
                origin::Answer::Pending => Reply::Keep,
                origin::Answer::Cancel => Reply::Close,
                origin::Answer::Done(restrictions) => Reply::Confirm(UiOp::SetOrigin {
                    address: o.address.clone(),
                    restrictions,
                }),
            },
        }
    }

    /// The footer hint while this layer is on top.
    pub fn hint(&self) -> &'static str {
        match self {
            Modal::Help => "Esc, ? or q closes the help",
            Modal::Confirm(c) => c.dialog.hint(),
            Modal::Origin(o) => o.dialog.hint(),
        }
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        keymap: &Keymap,
        unavailable: &[Command],
        theme: &Theme,
    ) {
        match self {
            Modal::Help => help::draw(frame, area, keymap, unavailable, theme),
            Modal::Confirm(c) => c.dialog.draw(frame, area, theme),
            Modal::Origin(o) => o.dialog.draw(frame, area, theme),
        }
    }
}
