//! The onboarding wizard as a pure state machine: the app turns keys into
//! [`WizardEvent`]s, calls [`Wizard::handle`], and performs the
//! [`WizardEffect`]s it gets back (the create call, status polls, the
//! presigned-URL offer). Nothing here touches AWS or the terminal, so every
//! path — including "Esc never creates anything" — is tested directly.
//!
//! Domain → Team → UserName (→ SsoUser for SSO domains) → Review →
//! Creating → Polling → Done | Failed.

use std::collections::BTreeMap;

use crate::model::{Domain, UserProfile};

use super::teams::TeamSettings;
use super::validate::{self, Invalid};
use super::{CallError, CreateUserProfileRequest};

/// Status checks before the wizard stops waiting (the app spaces them; at
/// 5 s that is 10 minutes, far beyond a normal creation).
pub const MAX_POLLS: u32 = 120;
/// Longest text the name fields take; validation explains the real limits,
/// this only keeps a held-down key from growing the input without end.
const MAX_INPUT: usize = 256;

/// Where the wizard is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Domain,
    Team,
    UserName,
    SsoUser,
    /// Shows [`Wizard::request`], exactly what will be sent.
    Review,
    /// The create call is in flight.
    Creating,
    /// Created; waiting for InService. `status` is the last one seen.
    Polling {
        status: String,
    },
    /// InService. `offer_presigned_url` is false for SSO domains, where
    /// users sign in through IAM Identity Center instead.
    Done {
        offer_presigned_url: bool,
    },
    Failed {
        message: String,
    },
    /// Cancelled or finished: the app removes the wizard; events are ignored.
    Closed,
}

/// What happened: a key as an intent, or the result of an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WizardEvent {
    Up,
    Down,
    Char(char),
    Backspace,
    /// Ctrl-U: empties the text being typed (user name, SSO user).
    ClearLine,
    Enter,
    Esc,
    /// CreateUserProfile succeeded.
    Created {
        user_profile_arn: String,
    },
    /// DescribeUserProfile's Status (and FailureReason when Failed).
    StatusPolled {
        status: String,
        failure_reason: Option<String>,
    },
    CallFailed {
        error: CallError,
    },
}

/// What the app must do.
// Unboxed: a wizard yields a handful of these, and a Box would only add
// noise to every match and test.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WizardEffect {
    /// Through the policy gate and the journal, then the call; answer with
    /// `Created` or `CallFailed`.
    CreateUserProfile(CreateUserProfileRequest),
    /// DescribeUserProfile after a short delay; answer with `StatusPolled`
    /// or `CallFailed`.
    PollUserProfile {
        domain_id: String,
        user_profile_name: String,
    },
    /// Open the presigned-URL flow for the new user (IAM domains only).
    OfferPresignedUrl {
        domain_id: String,
        user_profile_name: String,
    },
    /// Remove the wizard.
    Close,
}

/// The wizard's whole state.
#[derive(Debug, Clone)]
pub struct Wizard {
    domains: Vec<Domain>,
    existing: Vec<UserProfile>,
    teams: Vec<(String, TeamSettings)>,
    step: Step,
    domain_index: usize,
    team_index: usize,
    user_name: String,
    sso_user: String,
    /// Problems shown on the current step; the input is kept so it can be fixed.
    errors: Vec<String>,
    request: Option<CreateUserProfileRequest>,
    user_profile_arn: Option<String>,
    polls: u32,
    create_sent: bool,
}

impl Wizard {
    /// A wizard over the known domains, the profiles that already exist
    /// (for collisions) and the configured teams.
    pub fn new(
        domains: Vec<Domain>,
        existing: Vec<UserProfile>,
        teams: &BTreeMap<String, TeamSettings>,
    ) -> Self {
        Self {
            domains,
            existing,
            teams: teams.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            step: Step::Domain,
            domain_index: 0,
            team_index: 0,
            user_name: String::new(),
            sso_user: String::new(),
            errors: Vec::new(),
            request: None,
            user_profile_arn: None,
            polls: 0,
            create_sent: false,
        }
    }

    /// Starts with `domain_id` selected (the domain of the row the user was on).
    pub fn with_domain(mut self, domain_id: &str) -> Self {
        if let Some(i) = self.domains.iter().position(|d| d.id == domain_id) {
            self.domain_index = i;
        }
        self
    }

    pub fn step(&self) -> &Step {
        &self.step
    }
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }
    pub fn team_names(&self) -> Vec<&str> {
        self.teams.iter().map(|(n, _)| n.as_str()).collect()
    }
    pub fn domain_index(&self) -> usize {
        self.domain_index
    }
    pub fn team_index(&self) -> usize {
        self.team_index
    }
    pub fn user_name(&self) -> &str {
        &self.user_name
    }
    pub fn sso_user(&self) -> &str {
        &self.sso_user
    }
    /// Problems to show on the current step.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }
    /// The exact request, from Review on.
    pub fn request(&self) -> Option<&CreateUserProfileRequest> {
        self.request.as_ref()
    }
    pub fn user_profile_arn(&self) -> Option<&str> {
        self.user_profile_arn.as_deref()
    }
    pub fn selected_domain(&self) -> Option<&Domain> {
        self.domains.get(self.domain_index)
    }
    pub fn selected_team(&self) -> Option<(&str, &TeamSettings)> {
        self.teams
            .get(self.team_index)
            .map(|(n, t)| (n.as_str(), t))
    }
    /// Whether the selected domain asks for an SSO user step.
    pub fn needs_sso_user(&self) -> bool {
        self.selected_domain().is_some_and(validate::is_sso)
    }
    /// True once a create call may have been sent: closing then no longer
    /// means "nothing happened".
    pub fn create_sent(&self) -> bool {
        self.create_sent
    }

    /// Feeds one event; returns what the app must do.
    pub fn handle(&mut self, event: WizardEvent) -> Vec<WizardEffect> {
        match (&self.step, event) {
            (Step::Closed, _) => Vec::new(),
            // Before anything is sent, Esc abandons the wizard and nothing is created.
            (
                Step::Domain | Step::Team | Step::UserName | Step::SsoUser | Step::Review,
                WizardEvent::Esc,
            ) => self.close(),
            (Step::Domain, ev) => self.on_domain(ev),
            (Step::Team, ev) => self.on_team(ev),
            (Step::UserName, ev) => self.on_user_name(ev),
            (Step::SsoUser, ev) => self.on_sso_user(ev),
            (Step::Review, ev) => self.on_review(ev),
            (Step::Creating, ev) => self.on_creating(ev),
            (Step::Polling { .. }, ev) => self.on_polling(ev),
            (
                Step::Done {
                    offer_presigned_url,
                },
                ev,
            ) => {
                let offer = *offer_presigned_url;
                self.on_done(ev, offer)
            }
            (Step::Failed { .. }, WizardEvent::Enter | WizardEvent::Esc) => self.close(),
            (Step::Failed { .. }, _) => Vec::new(),
        }
    }

    fn close(&mut self) -> Vec<WizardEffect> {
        self.step = Step::Closed;
        vec![WizardEffect::Close]
    }

    fn go(&mut self, step: Step) {
        self.errors.clear();
        self.step = step;
    }

    fn on_domain(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Up => self.domain_index = self.domain_index.saturating_sub(1),
            WizardEvent::Down => {
                self.domain_index =
                    (self.domain_index + 1).min(self.domains.len().saturating_sub(1));
            }
            WizardEvent::Enter => match self.selected_domain() {
                None => {
                    self.errors = vec!["no domains to onboard into".to_owned()];
                }
                Some(d) if !d.status.eq_ignore_ascii_case("InService") => {
                    self.errors = vec![format!(
                        "domain {} is {}: users can only be added to an InService domain",
                        d.name, d.status
                    )];
                }
                Some(_) => self.go(Step::Team),
            },
            _ => {}
        }
        Vec::new()
    }

    fn on_team(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Up => self.team_index = self.team_index.saturating_sub(1),
            WizardEvent::Down => {
                self.team_index = (self.team_index + 1).min(self.teams.len().saturating_sub(1));
            }
            WizardEvent::Backspace => self.go(Step::Domain),
            WizardEvent::Enter => {
                // The team's settings are checked against this domain here
                // (VpcOnly security groups, propagated tags), so a team that
                // cannot work in it is caught before a name is typed.
                let problems = match (self.selected_domain(), self.selected_team()) {
                    (Some(d), Some((name, team))) => {
                        let probe = CreateUserProfileRequest::for_team(d, name, team, "x", None);
                        let mut p: Vec<String> = Vec::new();
                        p.extend(team.validate(name).err().map(|e| e.message));
                        p.extend(
                            validate::security_groups(
                                &probe.user_settings.security_groups,
                                validate::network_mode(d),
                            )
                            .err()
                            .map(|e| format!("team '{name}': {e}")),
                        );
                        p.extend(
                            validate::tags(&probe.tags, Some(d))
                                .err()
                                .map(|e| format!("team '{name}': {e}")),
                        );
                        p
                    }
                    (_, None) => vec![
                        "no teams configured: add a [teams.NAME] section to the config".to_owned(),
                    ],
                    (None, _) => vec!["no domain selected".to_owned()],
                };
                if problems.is_empty() {
                    self.go(Step::UserName);
                } else {
                    self.errors = problems;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_user_name(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Char(c) => {
                edit_push(&mut self.user_name, c);
                self.errors.clear();
            }
            WizardEvent::Backspace => {
                if self.user_name.pop().is_none() {
                    self.go(Step::Team);
                } else {
                    self.errors.clear();
                }
            }
            WizardEvent::ClearLine => {
                self.user_name.clear();
                self.errors.clear();
            }
            WizardEvent::Enter => {
                let Some(domain) = self.selected_domain() else {
                    self.errors = vec!["no domain selected".to_owned()];
                    return Vec::new();
                };
                let name = self.user_name.as_str();
                let problems: Vec<String> = validate::user_name(name)
                    .and_then(|()| validate::name_collision(name, domain, &self.existing))
                    .err()
                    .map(|e| e.message)
                    .into_iter()
                    .collect();
                if !problems.is_empty() {
                    self.errors = problems;
                } else if self.needs_sso_user() {
                    self.go(Step::SsoUser);
                } else {
                    self.enter_review();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_sso_user(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Char(c) => {
                edit_push(&mut self.sso_user, c);
                self.errors.clear();
            }
            WizardEvent::Backspace => {
                if self.sso_user.pop().is_none() {
                    self.go(Step::UserName);
                } else {
                    self.errors.clear();
                }
            }
            WizardEvent::ClearLine => {
                self.sso_user.clear();
                self.errors.clear();
            }
            WizardEvent::Enter => {
                let problem = self
                    .selected_domain()
                    .map(|d| validate::sso_user(Some(&self.sso_user), d));
                match problem {
                    Some(Ok(())) => self.enter_review(),
                    Some(Err(e)) => self.errors = vec![e.message],
                    None => self.errors = vec!["no domain selected".to_owned()],
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Builds the exact request and runs every rule over it; Review is only
    /// reached with a request that passes, otherwise the problems stay on
    /// the current step with the input intact.
    fn enter_review(&mut self) {
        let (Some(domain), Some((team_name, team))) =
            (self.selected_domain(), self.selected_team())
        else {
            self.errors = vec!["choose a domain and a team first".to_owned()];
            return;
        };
        let sso = self.needs_sso_user().then_some(self.sso_user.as_str());
        let req = CreateUserProfileRequest::for_team(domain, team_name, team, &self.user_name, sso);
        let problems: Vec<Invalid> = validate::request(&req, domain, &self.existing);
        if problems.is_empty() {
            self.request = Some(req);
            self.go(Step::Review);
        } else {
            self.errors = problems.into_iter().map(|e| e.message).collect();
        }
    }

    fn on_review(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Enter => match self.request.clone() {
                Some(req) => {
                    self.go(Step::Creating);
                    self.create_sent = true;
                    vec![WizardEffect::CreateUserProfile(req)]
                }
                None => {
                    self.go(Step::UserName);
                    Vec::new()
                }
            },
            WizardEvent::Backspace => {
                self.request = None;
                let back = if self.needs_sso_user() {
                    Step::SsoUser
                } else {
                    Step::UserName
                };
                self.go(back);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The create call is in flight: keys do nothing (the result must be
    /// seen and journaled), only its answer moves on.
    fn on_creating(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Created { user_profile_arn } => {
                self.user_profile_arn = Some(user_profile_arn);
                self.polls = 0;
                self.go(Step::Polling {
                    status: "Pending".to_owned(),
                });
                self.poll()
            }
            WizardEvent::CallFailed { error } => {
                let message = self.create_failure(&error);
                self.go(Step::Failed { message });
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn create_failure(&self, error: &CallError) -> String {
        let user = self
            .request
            .as_ref()
            .map_or(self.user_name.as_str(), |r| r.user_profile_name.as_str());
        let domain = self.selected_domain().map_or("?", |d| d.name.as_str());
        if error.is("ResourceInUse") {
            format!("'{user}' already exists in domain {domain}")
        } else if error.is("ResourceLimitExceeded") {
            format!(
                "cannot create '{user}' in domain {domain}: an account limit is reached ({})",
                error.message
            )
        } else {
            match &error.code {
                Some(code) => format!("creating '{user}' failed: {code}: {}", error.message),
                None => format!("creating '{user}' failed: {}", error.message),
            }
        }
    }

    fn poll(&mut self) -> Vec<WizardEffect> {
        self.polls += 1;
        match &self.request {
            Some(r) => vec![WizardEffect::PollUserProfile {
                domain_id: r.domain_id.clone(),
                user_profile_name: r.user_profile_name.clone(),
            }],
            None => Vec::new(),
        }
    }

    fn on_polling(&mut self, ev: WizardEvent) -> Vec<WizardEffect> {
        let user = self
            .request
            .as_ref()
            .map(|r| r.user_profile_name.clone())
            .unwrap_or_default();
        match ev {
            WizardEvent::StatusPolled {
                status,
                failure_reason,
            } => match status.as_str() {
                "InService" => {
                    let offer = self.selected_domain().is_some_and(|d| !validate::is_sso(d));
                    self.go(Step::Done {
                        offer_presigned_url: offer,
                    });
                    Vec::new()
                }
                "Failed" | "Update_Failed" | "Delete_Failed" | "Deleting" => {
                    let reason = failure_reason.map_or(String::new(), |r| format!(": {r}"));
                    self.go(Step::Failed {
                        message: format!("profile '{user}' is {status}{reason}"),
                    });
                    Vec::new()
                }
                _ if self.polls >= MAX_POLLS => {
                    self.go(Step::Failed {
                        message: format!(
                            "profile '{user}' is still {status} after {MAX_POLLS} checks; \
                             it may yet become InService: see the Users tab"
                        ),
                    });
                    Vec::new()
                }
                _ => {
                    self.step = Step::Polling { status };
                    self.poll()
                }
            },
            WizardEvent::CallFailed { error }
                if error.is_throttling() && self.polls < MAX_POLLS =>
            {
                self.poll()
            }
            WizardEvent::CallFailed { error } => {
                self.go(Step::Failed {
                    message: format!(
                        "'{user}' was created, but checking its status failed: {}; \
                         see the Users tab",
                        error.message
                    ),
                });
                Vec::new()
            }
            // Leaving only stops watching: the profile is already being created.
            WizardEvent::Esc => self.close(),
            _ => Vec::new(),
        }
    }

    fn on_done(&mut self, ev: WizardEvent, offer: bool) -> Vec<WizardEffect> {
        match ev {
            WizardEvent::Enter | WizardEvent::Char('p') if offer => {
                let mut effects: Vec<WizardEffect> = self
                    .request
                    .as_ref()
                    .map(|r| WizardEffect::OfferPresignedUrl {
                        domain_id: r.domain_id.clone(),
                        user_profile_name: r.user_profile_name.clone(),
                    })
                    .into_iter()
                    .collect();
                effects.extend(self.close());
                effects
            }
            WizardEvent::Enter | WizardEvent::Esc => self.close(),
            _ => Vec::new(),
        }
    }
}

/// Appends a typed character, ignoring control characters (they are never
/// valid in a name and would garble the screen) and over-long input.
fn edit_push(buf: &mut String, c: char) {
    if !c.is_control() && buf.chars().count() < MAX_INPUT {
        buf.push(c);
    }
}
