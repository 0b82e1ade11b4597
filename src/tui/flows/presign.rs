//! A presigned Studio URL (`p` on a user, or offered when onboarding
//! finishes): a modal that asks for the URL in a flow job, then shows it
//! with a live expiry countdown. `y` copies it (OSC 52), `o` opens a
//! browser, Esc closes and forgets it. The URL is a credential: it is never
//! logged, and the op keeps it out of the journal.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::command::Command;
use crate::model::requests::PresignRequest;
use crate::ops::presign;
use crate::tui::app_ops::RunError;
use crate::tui::flows::{error_line, FlowEvent, FlowId};
use crate::tui::layers::{Ask, Handles, Layer, LayerDraw, Reply};
use crate::tui::pane::Subject;
use crate::tui::widgets::presign::{self as presign_widget, PresignView};
use crate::tui::App;
use crate::tui::Notice;
use ratatui::layout::Rect;
use ratatui::Frame;

/// Opens a URL in a browser; injectable so tests never start one.
pub type BrowserOpener = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// Where the presign modal is.
pub enum PresignState {
    Loading,
    Ready {
        url: String,
        /// When the URL arrived, by the app's clock: the countdown starts here.
        issued_at: DateTime<Utc>,
    },
    Failed(String),
}

/// The presign modal.
pub struct PresignModal {
    pub flow: FlowId,
    pub domain_id: String,
    pub user: String,
    pub expires_in_seconds: u32,
    pub state: PresignState,
    /// `y` was pressed: the window says so (the footer is behind it).
    pub copied: bool,
}

impl PresignModal {
    /// Whole seconds the URL can still be used at `now` (0 once expired).
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<i64> {
        match &self.state {
            PresignState::Ready { issued_at, .. } => {
                let left = i64::from(self.expires_in_seconds) - (now - *issued_at).num_seconds();
                Some(left.max(0))
            }
            _ => None,
        }
    }
}

impl Layer for PresignModal {
    fn flow(&self) -> Option<FlowId> {
        Some(self.flow)
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        match (key.code, &self.state) {
            (KeyCode::Esc | KeyCode::Char('q'), _) => Reply::Close,
            (KeyCode::Char('y'), PresignState::Ready { url, .. }) => {
                self.copied = true;
                Reply::ask(Ask::CopySecret(url.clone()))
            }
            (KeyCode::Char('o'), PresignState::Ready { url, .. }) => {
                Reply::ask(Ask::Browse(url.clone()))
            }
            _ => Reply::Keep,
        }
    }

    /// The URL (or why not) arrived: the countdown starts now.
    fn on_event(&mut self, event: FlowEvent, now: DateTime<Utc>) -> Reply {
        if let FlowEvent::Presigned(result) = event {
            self.state = match result {
                Ok(url) => PresignState::Ready {
                    url,
                    issued_at: now,
                },
                Err(e) => PresignState::Failed(e),
            };
        }
        Reply::Keep
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        let view = match &self.state {
            PresignState::Loading => PresignView::Loading,
            PresignState::Failed(e) => PresignView::Failed(e),
            PresignState::Ready { url, .. } => PresignView::Ready {
                url,
                remaining: self.remaining(ctx.now).unwrap_or(0),
                copied: self.copied,
            },
        };
        presign_widget::draw(frame, area, &self.user, view, ctx.theme);
    }

    fn hint(&self) -> &'static str {
        match self.state {
            PresignState::Ready { .. } => {
                "y copies the URL · o opens a browser · Esc closes and forgets it"
            }
            _ => "Esc closes",
        }
    }

    fn ticking(&self) -> bool {
        matches!(self.state, PresignState::Ready { .. })
    }
}

/// The default browser opener: `$BROWSER`, else xdg-open (open on macOS),
/// started detached so dsadmin never waits for it.
pub fn system_browser() -> BrowserOpener {
    Arc::new(|url: &str| {
        let program = std::env::var("BROWSER")
            .ok()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| {
                if cfg!(target_os = "macos") {
                    "open".to_owned()
                } else {
                    "xdg-open".to_owned()
                }
            });
        std::process::Command::new(&program)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|_child| ())
            .map_err(|e| format!("cannot start {program}: {e}"))
    })
}

impl App {
    /// Opens the presign modal for `user` in `domain_id` and asks for the
    /// URL in a job. The op itself refuses (and journals) a read-only
    /// session and explains SSO domains.
    pub(in crate::tui) fn open_presign(&mut self, domain_id: String, user: String) {
        let req = PresignRequest {
            domain_id: domain_id.clone(),
            user: user.clone(),
            space: None,
            expires_in_seconds: self.session.settings.presign.expires_in_seconds,
            session_expiration_seconds: self.session.settings.presign.session_expiration_seconds,
        };
        if self
            .session
            .ops
            .policy
            .check(&presign::effect(&req))
            .is_err()
        {
            self.refuse_in_job(presign::effect(&req));
            return;
        }
        let flow = self.new_flow();
        self.push_layer(Box::new(PresignModal {
            flow,
            domain_id,
            user,
            expires_in_seconds: req.expires_in_seconds,
            state: PresignState::Loading,
            copied: false,
        }));
        self.spawn_flow_job(flow, move |Handles { ops, cloud }, tx| async move {
            let result = match ops.context(cloud) {
                Ok(ctx) => presign::presigned_url(&ctx, &req)
                    .await
                    .map(|done| done.value)
                    .map_err(|e| error_line(&RunError::Op(e))),
                Err(e) => Err(error_line(&e)),
            };
            tx.send(FlowEvent::Presigned(result));
        });
    }

    /// `p` on a user row.
    pub(in crate::tui) fn presign_selected(&mut self) {
        let Some(Subject::User(user)) = self.active_pane().and_then(|p| p.subject()) else {
            self.screen.notice = Some(Notice::error(
                "p makes a presigned Studio URL: select a user on the Users tab".to_owned(),
            ));
            return;
        };
        self.open_presign(user.domain_id, user.name);
    }

    /// Whether a countdown is on screen: the event loop then ticks once a
    /// second to redraw it.
    pub fn has_countdown(&self) -> bool {
        self.screen.layers.iter().any(|l| l.ticking())
    }

    /// Whether something on screen changes with the clock alone: a
    /// countdown, or the age of last-known rows ("LAST KNOWN 3m ago"),
    /// which would otherwise stand still until the next key or answer.
    pub fn shows_clock(&self) -> bool {
        self.has_countdown()
            || self
                .active_pane()
                .is_some_and(|p| self.screen.kept_shown.contains(&p.id()))
    }

    /// A second passed while a clock is shown: redraw it.
    pub fn on_clock_tick(&mut self) {
        self.screen.dirty = true;
    }

    /// Replaces the browser opener (tests).
    pub fn with_browser(mut self, browser: BrowserOpener) -> Self {
        self.session.browser = browser;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn countdown_runs_from_the_url_to_zero_and_keys_need_a_url() {
        let t0 = Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let mut m = PresignModal {
            flow: 1,
            domain_id: "d-1".into(),
            user: "u".into(),
            expires_in_seconds: 60,
            state: PresignState::Loading,
            copied: false,
        };
        assert_eq!(m.remaining(t0), None);
        assert_eq!(m.key(KeyEvent::from(KeyCode::Char('y')), None), Reply::Keep);
        m.state = PresignState::Ready {
            url: "https://x".into(),
            issued_at: t0,
        };
        assert_eq!(m.remaining(t0), Some(60));
        assert_eq!(m.remaining(t0 + chrono::Duration::seconds(59)), Some(1));
        assert_eq!(m.remaining(t0 + chrono::Duration::seconds(600)), Some(0));
        assert!(!m.copied);
        assert_eq!(
            m.key(KeyEvent::from(KeyCode::Char('y')), None),
            Reply::ask(Ask::CopySecret("https://x".into()))
        );
        assert!(m.copied, "the window says it copied");
        assert_eq!(m.key(KeyEvent::from(KeyCode::Esc), None), Reply::Close);
    }
}
