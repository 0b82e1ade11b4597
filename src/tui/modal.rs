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

use crate::command::Command;
use crate::ops::onboard::WizardEffect;
use crate::ops::op::{Confirmation, Op};
use crate::ops::packages::PackageAddress;
use crate::ops::traffic::ShiftPlan;
use crate::settings::{Keymap, Theme};
use crate::tui::flows::offboard::{OffboardModal, OffboardState};
use crate::tui::flows::onboard::OnboardModal;
use crate::tui::flows::presign::{PresignKey, PresignModal};
use crate::tui::flows::weights::{WeightsModal, WeightsState};
use crate::tui::flows::FlowId;
use crate::tui::widgets::confirm::{Answer, ConfirmDialog};
use crate::tui::widgets::help;
use crate::tui::widgets::origin::{self, OriginDialog};
use chrono::{DateTime, Utc};

/// One layer of the stack.
pub enum Modal {
    /// The key reference (`?`).
    Help,
    /// "Really do this?" before an op is handed to a job.
    Confirm(Box<ConfirmOp>),
    /// The origin editor (`b` on a package); Enter leads to a confirmation.
    Origin(Box<OriginEdit>),
    /// The onboarding wizard (a flow: its jobs report to it).
    Onboard(Box<OnboardModal>),
    /// A presigned Studio URL with its countdown (a flow).
    Presign(Box<PresignModal>),
    /// Offboarding a user: plan, typed name, live progress (a flow).
    Offboard(Box<OffboardModal>),
    /// The endpoint weights editor and its watch (a flow).
    Weights(Box<WeightsModal>),
}

/// The origin editor and the package it edits.
pub struct OriginEdit {
    pub dialog: OriginDialog,
    pub address: PackageAddress,
}

/// A confirmation dialog and the op a "yes" runs.
pub struct ConfirmOp {
    pub dialog: ConfirmDialog,
    pub op: Op,
}

/// What the top modal did with a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Stay open.
    Keep,
    /// Close, nothing else.
    Close,
    /// Close and run this op.
    Run(Op),
    /// Close and ask to confirm this op (an editor's result).
    Confirm(Op),
    /// Stay open; the app carries out these wizard effects for the flow.
    Wizard(FlowId, Vec<WizardEffect>),
    /// Stay open; the app copies the URL or opens a browser.
    Presign(PresignKey),
    /// The typed name matched: run this flow's offboarding.
    Offboard(FlowId),
    /// Confirmed: send this traffic shift for the flow and watch it.
    Shift(FlowId, Box<ShiftPlan>),
}

impl Modal {
    /// The confirmation modal for `op`: its question, and the action and
    /// request fields exactly as they will be sent.
    pub fn confirm(op: Op) -> Modal {
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
                origin::Answer::Done(restrictions) => Reply::Confirm(Op::SetOrigin {
                    address: o.address.clone(),
                    restrictions,
                }),
            },
            Modal::Onboard(m) => m.key(key),
            Modal::Presign(m) => m.key(key),
            Modal::Offboard(m) => m.key(key),
            Modal::Weights(m) => m.key(key),
        }
    }

    /// The footer hint while this layer is on top.
    pub fn hint(&self) -> &'static str {
        match self {
            Modal::Help => "Esc, ? or q closes the help",
            Modal::Confirm(c) => c.dialog.hint(),
            Modal::Origin(o) => o.dialog.hint(),
            Modal::Onboard(m) => m.hint(),
            Modal::Presign(m) => m.hint(),
            Modal::Offboard(m) => m.hint(),
            Modal::Weights(m) => m.hint(),
        }
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        keymap: &Keymap,
        unavailable: &[Command],
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        match self {
            Modal::Help => help::draw(frame, area, keymap, unavailable, theme),
            Modal::Confirm(c) => c.dialog.draw(frame, area, theme),
            Modal::Origin(o) => o.dialog.draw(frame, area, theme),
            Modal::Onboard(m) => m.draw(frame, area, theme),
            Modal::Presign(m) => m.draw(frame, area, theme, now),
            Modal::Offboard(m) => m.draw(frame, area, theme),
            Modal::Weights(m) => m.draw(frame, area, theme),
        }
    }

    /// Whether `cmd` from outside the keyboard (tests, the command line)
    /// closes this layer: Back closes any layer (cancelling a confirmation)
    /// except a flow that is sending, Help and Quit close the help.
    pub fn closes_on(&self, cmd: Command) -> bool {
        match self {
            Modal::Help => matches!(cmd, Command::Back | Command::Help | Command::Quit),
            Modal::Confirm(_) | Modal::Origin(_) | Modal::Presign(_) => cmd == Command::Back,
            Modal::Weights(m) => cmd == Command::Back && !matches!(m.state, WeightsState::Running),
            Modal::Offboard(m) => {
                cmd == Command::Back && !matches!(m.state, OffboardState::Running)
            }
            // The wizard closes itself (Esc) only where nothing was sent.
            Modal::Onboard(m) => {
                cmd == Command::Back && !m.wizard().is_some_and(|w| w.create_sent())
            }
        }
    }

    /// The flow this modal belongs to, if it is one.
    pub fn flow(&self) -> Option<FlowId> {
        match self {
            Modal::Onboard(m) => Some(m.flow),
            Modal::Presign(m) => Some(m.flow),
            Modal::Offboard(m) => Some(m.flow),
            Modal::Weights(m) => Some(m.flow),
            Modal::Help | Modal::Confirm(_) | Modal::Origin(_) => None,
        }
    }
}
