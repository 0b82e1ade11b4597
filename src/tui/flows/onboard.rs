//! The onboarding wizard in the TUI (`o` on Users, `:onboard`): a modal
//! around the pure `ops::onboard::Wizard`. Keys become `WizardEvent`s; the
//! effects the wizard returns (create, poll) run as flow jobs whose results
//! come back as events for the same wizard. Nothing is sent before the
//! Review step's Enter, so Esc before it creates nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::collect_all;
use crate::ops::onboard::{Step, Wizard, WizardEffect, WizardEvent};
use crate::ops::onboard_run;
use crate::ops::poll::Polling;
use crate::ops::CallError;
use crate::ops::CreateUserProfileRequest;
use crate::policy::Effect;
use crate::settings::Theme;
use crate::tui::flows::{FlowEvent, FlowId};
use crate::tui::load::LoadRequest;
use crate::tui::modal::{Modal, Reply};
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
}

impl OnboardModal {
    /// A key: to the wizard as an event, or Esc closing a wizard that
    /// never started.
    pub fn key(&mut self, key: KeyEvent) -> Reply {
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
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                WizardEvent::Char(c)
            }
            _ => return Reply::Keep,
        };
        let effects = wizard.handle(event);
        Reply::Wizard(self.flow, effects)
    }

    /// The wizard, once it has its domains.
    pub fn wizard(&self) -> Option<&Wizard> {
        match &self.state {
            OnboardState::Ready(w) => Some(w),
            _ => None,
        }
    }

    pub fn hint(&self) -> &'static str {
        match self.wizard().map(Wizard::step) {
            Some(Step::Creating | Step::Polling { .. }) => {
                "creating the user profile: the wizard follows it until InService"
            }
            _ => "Esc cancels: nothing is created before Review's Enter",
        }
    }
}

/// Why the wizard cannot open for this estate's configuration.
const NO_TEAMS: &str = "No onboarding teams: add a [teams.NAME] section (execution_role, security_groups, tags …) to the config file; see config/default.toml";

impl OnboardModal {
    /// Draws this flow's window over the tabs.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
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
        self.push_modal(Modal::Onboard(Box::new(OnboardModal { flow, state })));
        if !loading {
            return;
        }
        let cloud = self.session.cloud.clone();
        self.spawn_flow_job(flow, move |tx| async move {
            let sm = &cloud.sagemaker;
            let listed = async {
                let domains = collect_all!(sm, list_domains)?;
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
    fn onboarding_teams(
        &self,
    ) -> std::collections::BTreeMap<String, crate::ops::teams::TeamSettings> {
        if !self.session.settings.teams.is_empty() || !self.session.cloud.context.demo {
            return self.session.settings.teams.clone();
        }
        crate::settings::demo::example_teams().unwrap_or_else(|e| {
            tracing::error!("demo teams: {e}");
            Default::default()
        })
    }

    /// The wizard's domains arrived: start it (on the domain of the
    /// selected user row, if any).
    pub(in crate::tui) fn wizard_data(
        &mut self,
        index: usize,
        data: Result<(Vec<crate::model::Domain>, Vec<crate::model::UserProfile>), String>,
    ) {
        let teams = self.onboarding_teams();
        let selected_domain = match self.active_pane().and_then(|p| p.subject()) {
            Some(Subject::User(u)) => Some(u.domain_id),
            _ => None,
        };
        let Some(Modal::Onboard(m)) = self.screen.modals.get_mut(index) else {
            return;
        };
        m.state = match data {
            Ok((domains, _)) if domains.is_empty() => OnboardState::Unavailable(
                "No SageMaker domains in this account and region".to_owned(),
            ),
            Ok((domains, profiles)) => {
                let mut w = Wizard::new(domains, profiles, &teams);
                if let Some(d) = selected_domain {
                    w = w.with_domain(&d);
                }
                OnboardState::Ready(Box::new(w))
            }
            Err(e) => OnboardState::Unavailable(e),
        };
    }

    /// An event for the wizard at `index` (a create or poll result).
    pub(in crate::tui) fn wizard_event(&mut self, index: usize, event: WizardEvent) {
        let Some(Modal::Onboard(m)) = self.screen.modals.get_mut(index) else {
            return;
        };
        let OnboardState::Ready(w) = &mut m.state else {
            return;
        };
        let flow = m.flow;
        let effects = w.handle(event);
        let done = matches!(w.step(), Step::Done { .. });
        if done {
            // The new user is InService: the Users list shows it.
            self.reload_where(|r| *r == LoadRequest::Users);
        }
        self.wizard_effects(flow, effects);
    }

    /// Carries out what the wizard asked for.
    pub(in crate::tui) fn wizard_effects(&mut self, flow: FlowId, effects: Vec<WizardEffect>) {
        for effect in effects {
            match effect {
                WizardEffect::Close => {
                    let created = self.close_flow(flow).is_some_and(|m| match m {
                        Modal::Onboard(o) => o.wizard().is_some_and(Wizard::create_sent),
                        _ => false,
                    });
                    if created {
                        self.reload_where(|r| *r == LoadRequest::Users);
                    }
                }
                WizardEffect::OfferPresignedUrl {
                    domain_id,
                    user_profile_name,
                } => {
                    self.close_flow(flow);
                    self.reload_where(|r| *r == LoadRequest::Users);
                    self.open_presign(domain_id, user_profile_name);
                }
                WizardEffect::CreateUserProfile(ref req) => {
                    self.screen.notice = Some(Notice::info(creating_line(req)));
                    self.run_wizard_effect(flow, effect);
                }
                WizardEffect::PollUserProfile { .. } => self.run_wizard_effect(flow, effect),
            }
        }
    }

    fn run_wizard_effect(&mut self, flow: FlowId, effect: WizardEffect) {
        let ops = self.session.ops.clone();
        let cloud = self.session.cloud.clone();
        // The demo estate advances per status check, not with time.
        let polling = if cloud.context.demo {
            Polling::immediate()
        } else {
            Polling::default()
        };
        self.spawn_flow_job(flow, move |tx| async move {
            let event = match ops.context(cloud) {
                Ok(ctx) => onboard_run::perform(&ctx, &effect, &polling).await,
                Err(e) => Some(WizardEvent::CallFailed {
                    error: CallError::new(None, e.to_string()),
                }),
            };
            if let Some(event) = event {
                tx.send(FlowEvent::Wizard(event));
            }
        });
    }

    /// Removes the modal of `flow`; its late events are dropped from now on.
    pub(in crate::tui) fn close_flow(&mut self, flow: FlowId) -> Option<Modal> {
        let i = self
            .screen
            .modals
            .iter()
            .position(|m| m.flow() == Some(flow))?;
        self.screen.dirty = true;
        Some(self.screen.modals.remove(i))
    }
}

fn creating_line(req: &CreateUserProfileRequest) -> String {
    format!(
        "creating user profile {} in {} …",
        req.user_profile_name, req.domain_id
    )
}
