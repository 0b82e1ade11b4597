//! The onboarding wizard in the TUI (`o` on Users, `:onboard`): a modal
//! around the pure `ops::onboard::Wizard`. Keys become `WizardEvent`s; the
//! effects the wizard returns (create, poll) run as flow jobs whose results
//! come back as events for the same wizard. Nothing is sent before the
//! Review step's Enter, so Esc before it creates nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::collect_all;
use crate::command::Command;
use crate::model::{Domain, UserProfile};
use crate::ops::onboard::{Step, Wizard, WizardEffect, WizardEvent};
use crate::ops::onboard_run;
use crate::ops::poll::Polling;
use crate::ops::teams::TeamSettings;
use crate::ops::CallError;
use crate::ops::CreateUserProfileRequest;
use crate::policy::Effect;
use crate::tui::flows::{FlowEvent, FlowId};
use crate::tui::layers::{Ask, FlowJob, Handles, Layer, LayerDraw, Reply};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::widgets::wizard;
use crate::tui::App;
use crate::tui::Notice;
use ratatui::layout::Rect;
use ratatui::Frame;

/// The wizard modal's state.
pub enum OnboardState {
    /// Domains and existing profiles are being listed.
    Loading,
    /// The wizard cannot start (no teams, the listing failed); Esc closes.
    Unavailable(String),
    Ready(Box<Wizard>),
}

/// The onboarding modal.
pub struct OnboardModal {
    pub flow: FlowId,
    pub state: OnboardState,
    /// The teams the wizard offers.
    teams: BTreeMap<String, TeamSettings>,
    /// The domain of the user row `o` was pressed on: the wizard starts there.
    domain: Option<String>,
}

impl OnboardModal {
    /// A key: to the wizard as an event, or Esc closing a wizard that
    /// never started.
    fn take_key(&mut self, key: KeyEvent) -> Reply {
        let wizard = match &mut self.state {
            OnboardState::Loading | OnboardState::Unavailable(_) => {
                return if key.code == KeyCode::Esc {
                    Reply::Close
                } else {
                    Reply::Keep
                };
            }
            OnboardState::Ready(w) => w,
        };
        let list = matches!(wizard.step(), Step::Domain | Step::Team);
        let event = match key.code {
            KeyCode::Up => WizardEvent::Up,
            KeyCode::Down => WizardEvent::Down,
            // j/k move in lists; in the text steps they are letters.
            KeyCode::Char('k') if list => WizardEvent::Up,
            KeyCode::Char('j') if list => WizardEvent::Down,
            KeyCode::Enter => WizardEvent::Enter,
            KeyCode::Esc => WizardEvent::Esc,
            KeyCode::Backspace => WizardEvent::Backspace,
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                WizardEvent::ClearLine
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                WizardEvent::Char(c)
            }
            _ => return Reply::Keep,
        };
        let effects = wizard.handle(event);
        self.carry_out(effects)
    }

    /// The wizard, once it has its domains.
    pub fn wizard(&self) -> Option<&Wizard> {
        match &self.state {
            OnboardState::Ready(w) => Some(w),
            _ => None,
        }
    }
}

/// Why the wizard cannot open for this estate's configuration.
const NO_TEAMS: &str = "No onboarding teams: add a [teams.NAME] section (execution_role, security_groups, tags …) to the config file; see config/default.toml";

impl Layer for OnboardModal {
    fn flow(&self) -> Option<FlowId> {
        Some(self.flow)
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        self.take_key(key)
    }

    fn on_event(&mut self, event: FlowEvent, _now: DateTime<Utc>) -> Reply {
        match event {
            FlowEvent::WizardData(data) => {
                self.start(data);
                Reply::Keep
            }
            FlowEvent::Wizard(event) => {
                let OnboardState::Ready(w) = &mut self.state else {
                    return Reply::Keep;
                };
                let effects = w.handle(event);
                let mut reply = self.carry_out(effects);
                if self
                    .wizard()
                    .is_some_and(|w| matches!(w.step(), Step::Done { .. }))
                {
                    // The new user is InService: the Users list shows it.
                    reply = reply.and(Ask::Reload(users));
                }
                reply
            }
            _ => Reply::Keep,
        }
    }

    /// Draws this flow's window over the tabs.
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        let theme = ctx.theme;
        match (&self.state, self.wizard()) {
            (_, Some(w)) => wizard::draw(frame, area, w, theme),
            (OnboardState::Unavailable(e), None) => {
                wizard::draw_waiting(frame, area, e, true, theme)
            }
            _ => wizard::draw_waiting(
                frame,
                area,
                "Listing domains and user profiles …",
                false,
                theme,
            ),
        }
    }

    fn hint(&self) -> &'static str {
        match self.wizard().map(Wizard::step) {
            Some(Step::Creating | Step::Polling { .. }) => {
                "creating the user profile: the wizard follows it until InService"
            }
            // Created, or not: nothing is left to cancel.
            Some(Step::Done { .. }) => "the user profile is created: Esc closes",
            Some(Step::Failed { .. }) => "nothing more will be sent: Esc closes",
            _ => "Esc cancels: nothing is created before Review's Enter",
        }
    }

    /// The wizard closes itself (Esc) only where nothing was sent.
    fn closes_on(&self, cmd: Command) -> bool {
        cmd == Command::Back && !self.wizard().is_some_and(Wizard::create_sent)
    }
}

/// The Users list, reloaded once a profile may have been created.
fn users(r: &LoadRequest) -> bool {
    *r == LoadRequest::Users
}

impl OnboardModal {
    /// The wizard's domains arrived: start it (on the domain of the
    /// selected user row, if any).
    fn start(&mut self, data: Result<(Vec<Domain>, Vec<UserProfile>), String>) {
        self.state = match data {
            Ok((domains, _)) if domains.is_empty() => OnboardState::Unavailable(
                "No SageMaker domains in this account and region".to_owned(),
            ),
            Ok((domains, profiles)) => {
                let mut w = Wizard::new(domains, profiles, &self.teams);
                if let Some(d) = &self.domain {
                    w = w.with_domain(d);
                }
                OnboardState::Ready(Box::new(w))
            }
            Err(e) => OnboardState::Unavailable(e),
        };
    }

    /// What the wizard asked for, as asks for the app.
    fn carry_out(&self, effects: Vec<WizardEffect>) -> Reply {
        let mut asks = Vec::new();
        for effect in effects {
            match effect {
                WizardEffect::Close => {
                    if self.wizard().is_some_and(Wizard::create_sent) {
                        asks.push(Ask::Reload(users));
                    }
                    asks.push(Ask::Close);
                }
                WizardEffect::OfferPresignedUrl {
                    domain_id,
                    user_profile_name,
                } => {
                    asks.push(Ask::Close);
                    asks.push(Ask::Reload(users));
                    asks.push(Ask::Presign {
                        domain_id,
                        user: user_profile_name,
                    });
                }
                WizardEffect::CreateUserProfile(ref req) => {
                    asks.push(Ask::Notice(Notice::info(creating_line(req))));
                    asks.push(Ask::Spawn(effect_job(effect)));
                }
                WizardEffect::PollUserProfile { .. } => asks.push(Ask::Spawn(effect_job(effect))),
            }
        }
        if asks.is_empty() {
            Reply::Keep
        } else {
            Reply::Asks(asks)
        }
    }
}

/// A create or poll as a flow job; its result comes back as an event.
fn effect_job(effect: WizardEffect) -> FlowJob {
    FlowJob::new(move |Handles { ops, cloud }, tx| async move {
        // The demo estate advances per status check, not with time.
        let polling = if cloud.context.demo {
            Polling::immediate()
        } else {
            Polling::default()
        };
        let event = match ops.context(cloud) {
            Ok(ctx) => onboard_run::perform(&ctx, &effect, &polling).await,
            Err(e) => Some(WizardEvent::CallFailed {
                error: CallError::new(None, e.to_string()),
            }),
        };
        if let Some(event) = event {
            tx.send(FlowEvent::Wizard(event));
        }
    })
}

impl App {
    /// `o`: the wizard from the Users tab (elsewhere `:onboard` opens it).
    pub(in crate::tui) fn onboard_key(&mut self) {
        if self.active_tab() == crate::command::TabKind::Users {
            self.open_onboard();
        } else {
            self.screen.notice = Some(Notice::error(
                "o onboards a user on the Users tab; :onboard opens the wizard anywhere".to_owned(),
            ));
        }
    }

    /// `o` on Users or `:onboard`. Refused before the wizard opens when the
    /// gate refuses creating profiles (the refusal is journaled in a job);
    /// otherwise the wizard opens and lists domains and profiles.
    pub(in crate::tui) fn open_onboard(&mut self) {
        let probe = Effect::CreateUserProfile {
            domain_id: "-".to_owned(),
            user: "-".to_owned(),
            team: None,
            execution_role_arn: None,
            sso_user: None,
            tags: Default::default(),
        };
        if self.session.ops.policy.check(&probe).is_err() {
            self.refuse_in_job(probe);
            return;
        }
        let flow = self.new_flow();
        let teams = self.onboarding_teams();
        let state = if teams.is_empty() {
            OnboardState::Unavailable(NO_TEAMS.to_owned())
        } else {
            OnboardState::Loading
        };
        let loading = matches!(state, OnboardState::Loading);
        let domain = match self.active_pane().and_then(|p| p.subject()) {
            Some(Subject::User(u)) => Some(u.domain_id),
            _ => None,
        };
        self.push_layer(Box::new(OnboardModal {
            flow,
            state,
            teams,
            domain,
        }));
        if !loading {
            return;
        }
        self.spawn_flow_job(flow, move |Handles { cloud, .. }, tx| async move {
            let sm = &cloud.sagemaker;
            let listed = async {
                // Settings (SSO, VpcOnly, tag propagation) and tags decide what a
                // request may be; a domain without them is refused by validation.
                let domains = collect_all!(sm, list_domains)?;
                let domains =
                    crate::inventory::fill_all(&cloud, domains, &Default::default()).await;
                let profiles = collect_all!(sm, list_user_profiles)?;
                Ok::<_, crate::cloud::CloudError>((domains, profiles))
            }
            .await
            .map_err(|e| format!("cannot list domains and user profiles: {e}"));
            tx.send(FlowEvent::WizardData(listed));
        });
    }

    /// The teams the wizard offers: the config's, or in the demo estate
    /// (when the config has none) the demo's example teams.
    fn onboarding_teams(&self) -> BTreeMap<String, TeamSettings> {
        if !self.session.settings.teams.is_empty() || !self.session.cloud.context.demo {
            return self.session.settings.teams.clone();
        }
        crate::settings::demo::example_teams().unwrap_or_else(|e| {
            tracing::error!("demo teams: {e}");
            Default::default()
        })
    }
}

fn creating_line(req: &CreateUserProfileRequest) -> String {
    format!(
        "creating user profile {} in {} …",
        req.user_profile_name, req.domain_id
    )
}
