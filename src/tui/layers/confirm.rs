//! "Really do this?" before an op is handed to a job, and the two editors
//! whose Enter leads to one: the origin editor (`b` on a package) and the
//! approval editor (`a` / `R` on a model package version).

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::command::Command;
use crate::ops::model_approval::ApprovalChange;
use crate::ops::op::{Confirmation, Op};
use crate::ops::packages::PackageAddress;
use crate::tui::layers::{Layer, LayerDraw, LayerKind, Reply};
use crate::tui::widgets::approval::{self, ApprovalDialog};
use crate::tui::widgets::confirm::{Answer, ConfirmDialog};
use crate::tui::widgets::origin::{self, OriginDialog};

/// A confirmation dialog and the op a "yes" runs.
pub struct ConfirmLayer {
    dialog: ConfirmDialog,
    op: Op,
}

impl ConfirmLayer {
    /// The question for `op`, with the action and request fields exactly
    /// as they will be sent.
    pub fn new(op: Op) -> Self {
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
        Self { dialog, op }
    }
}

impl Layer for ConfirmLayer {
    fn kind(&self) -> LayerKind {
        LayerKind::Confirm
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        match self.dialog.key(key) {
            Answer::Pending => Reply::Keep,
            Answer::No => Reply::Close,
            Answer::Yes => Reply::Run(self.op.clone()),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        self.dialog.draw(frame, area, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        self.dialog.hint()
    }
}

/// The origin editor and the package it edits.
pub struct OriginLayer {
    dialog: OriginDialog,
    address: PackageAddress,
}

impl OriginLayer {
    pub fn new(dialog: OriginDialog, address: PackageAddress) -> Self {
        Self { dialog, address }
    }
}

impl Layer for OriginLayer {
    fn kind(&self) -> LayerKind {
        LayerKind::Origin
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        match self.dialog.key(key) {
            origin::Answer::Pending => Reply::Keep,
            origin::Answer::Cancel => Reply::Close,
            origin::Answer::Done(restrictions) => Reply::Confirm(Op::SetOrigin {
                address: self.address.clone(),
                restrictions,
            }),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        self.dialog.draw(frame, area, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        self.dialog.hint()
    }
}

/// The approval editor and the change it completes.
pub struct ApprovalLayer {
    dialog: ApprovalDialog,
    change: ApprovalChange,
}

impl ApprovalLayer {
    /// `change` is everything but the description, which is typed here.
    pub fn new(change: ApprovalChange) -> Self {
        Self {
            dialog: ApprovalDialog::new(
                format!("{}/{}", change.group, change.version),
                change.expected.clone().unwrap_or_default(),
                change.verdict,
            ),
            change,
        }
    }
}

impl Layer for ApprovalLayer {
    fn kind(&self) -> LayerKind {
        LayerKind::Approval
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        match self.dialog.key(key) {
            approval::Answer::Pending => Reply::Keep,
            approval::Answer::Cancel => Reply::Close,
            approval::Answer::Done(description) => {
                Reply::Confirm(Op::SetModelApproval(Box::new(ApprovalChange {
                    description,
                    ..self.change.clone()
                })))
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        self.dialog.draw(frame, area, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        self.dialog.hint()
    }
}
