//! The `:` command line: editing, history, Tab completion and running commands.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::command::TabKind;
use crate::tui::Notice;
use crate::tui::{App, Mode};

/// Words the command line knows besides the tab names.
const COMMAND_WORDS: &[&str] = &[
    "accounts",
    "audit",
    "costs",
    "errors",
    "findings",
    "help",
    "idle",
    "lifecycle",
    "models",
    "onboard",
    "profile",
    "q",
    "quit",
    "refresh",
    "region",
    "roles",
    "sort",
    "team",
    "trail",
];

/// Regions offered by `:region` completion (any region name is accepted).
const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// An ambiguous completion in progress: Tab again takes the next candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Completion {
    /// What goes before the candidate (`sort `, `profile `, or nothing).
    prefix: String,
    candidates: Vec<String>,
    /// The candidate on the line; `None` while it holds their common start.
    index: Option<usize>,
    /// The line as the completion left it: typing anything else ends it.
    line: String,
    /// The footer's hint: every candidate, the one on the line in brackets.
    pub(super) shown: String,
}

impl Completion {
    fn new(line: String, candidates: Vec<String>) -> Self {
        let prefix = line
            .rfind(' ')
            .map_or_else(String::new, |i| line[..=i].to_owned());
        let mut c = Completion {
            prefix,
            candidates,
            index: None,
            line,
            shown: String::new(),
        };
        c.show();
        c
    }

    /// The next candidate on the line, wrapping round.
    fn advance(&mut self) {
        let next = self.index.map_or(0, |i| (i + 1) % self.candidates.len());
        self.index = Some(next);
        self.line = format!("{}{}", self.prefix, self.candidates[next]);
        self.show();
    }

    fn show(&mut self) {
        let words: Vec<String> = self
            .candidates
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if Some(i) == self.index {
                    format!("[{w}]")
                } else {
                    w.clone()
                }
            })
            .collect();
        self.shown = format!("Tab: {}", words.join("  "));
    }
}

impl App {
    pub(super) fn command_key(&mut self, key: KeyEvent, mut input: String) {
        if key.code != KeyCode::Tab {
            self.screen.completion = None;
        }
        match key.code {
            KeyCode::Esc => self.screen.mode = Mode::Normal,
            KeyCode::Enter => {
                self.screen.mode = Mode::Normal;
                let line = input.trim().to_owned();
                if !line.is_empty() {
                    self.screen.history.retain(|h| *h != line);
                    self.screen.history.push(line.clone());
                    self.execute(&line);
                }
            }
            KeyCode::Tab => {
                // Tab again on what the last Tab left: the next candidate.
                if let Some(c) = self.screen.completion.as_mut().filter(|c| c.line == input) {
                    c.advance();
                    self.screen.mode = Mode::Command(c.line.clone());
                    return;
                }
                let (completed, candidates) = self.complete(&input);
                self.screen.completion =
                    (candidates.len() > 1).then(|| Completion::new(completed.clone(), candidates));
                self.screen.mode = Mode::Command(completed);
            }
            KeyCode::Up | KeyCode::Down => {
                if self.screen.history.is_empty() {
                    return;
                }
                let last = self.screen.history.len() - 1;
                let pos = match (key.code, self.screen.history_pos) {
                    (KeyCode::Up, None) => Some(last),
                    (KeyCode::Up, Some(p)) => Some(p.saturating_sub(1)),
                    (_, Some(p)) if p < last => Some(p + 1),
                    _ => None,
                };
                self.screen.history_pos = pos;
                let text = pos
                    .and_then(|p| self.screen.history.get(p))
                    .cloned()
                    .unwrap_or_default();
                self.screen.mode = Mode::Command(text);
            }
            KeyCode::Backspace => {
                if input.pop().is_none() {
                    self.screen.mode = Mode::Normal;
                } else {
                    self.screen.mode = Mode::Command(input);
                }
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.screen.mode = Mode::Command(String::new());
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                input.push(c);
                self.screen.notice = None;
                self.screen.mode = Mode::Command(input);
            }
            _ => {}
        }
    }

    /// Every word the command line accepts at the start.
    fn command_words() -> Vec<String> {
        let mut words: Vec<String> = TabKind::ALL
            .iter()
            .map(|t| t.command().to_owned())
            .collect();
        words.extend(COMMAND_WORDS.iter().map(|w| (*w).to_owned()));
        words.sort();
        words
    }

    /// Tab completion: the completed input and, when ambiguous, the candidates.
    fn complete(&self, input: &str) -> (String, Vec<String>) {
        let (prefix, word, candidates) = match input.split_once(' ') {
            Some(("sort", arg)) => {
                let cols: Vec<String> = self
                    .active_pane()
                    .map(|p| p.column_titles())
                    .unwrap_or_default()
                    .iter()
                    .map(|t| t.to_lowercase())
                    .collect();
                ("sort ".to_owned(), arg.to_lowercase(), cols)
            }
            Some(("profile", arg)) => (
                "profile ".to_owned(),
                arg.to_owned(),
                self.session
                    .connector
                    .as_ref()
                    .map(|c| c.profiles())
                    .unwrap_or_default(),
            ),
            Some(("team", arg)) => (
                "team ".to_owned(),
                arg.to_owned(),
                self.session.settings.teams.keys().cloned().collect(),
            ),
            Some(("region", arg)) => (
                "region ".to_owned(),
                arg.to_owned(),
                REGIONS.iter().map(|r| (*r).to_owned()).collect(),
            ),
            Some(_) => return (input.to_owned(), Vec::new()),
            None => (String::new(), input.to_owned(), Self::command_words()),
        };
        let matches: Vec<String> = candidates
            .into_iter()
            .filter(|c| c.starts_with(word.as_str()))
            .collect();
        match matches.as_slice() {
            [] => (input.to_owned(), Vec::new()),
            [one] => (format!("{prefix}{one}"), matches.clone()),
            many => {
                let common = common_prefix(many);
                (format!("{prefix}{common}"), matches.clone())
            }
        }
    }

    /// Runs a `:` command line.
    pub fn execute(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        let Some(cmd) = words.next() else { return };
        let arg = words.collect::<Vec<_>>().join(" ");
        if let Some(tab) = tab_alias(cmd) {
            self.close_help();
            self.screen.active = tab.index();
            return;
        }
        match cmd {
            "q" | "q!" | "quit" | "exit" => self.screen.quit = true,
            "help" | "h" => {
                self.push_layer(Box::new(crate::tui::layers::help::HelpLayer::default()))
            }
            "refresh" | "r" => self.refresh(),
            "errors" | "err" => self.show_errors(),
            "audit" => self.show_audit(),
            "onboard" => self.open_onboard(),
            "findings" | "posture" => self.show_findings(),
            "costs" | "cost" => self.show_costs(),
            "team" | "teams" => self.show_team(Some(arg).filter(|a| !a.is_empty())),
            "models" | "model-groups" | "registry" => self.show_models(),
            "lifecycle" | "lifecycle-configs" | "lcc" => self.show_lifecycle(),
            "idle" | "idle-shutdown" => self.show_idle(),
            "roles" | "role" | "execution-roles" => self.show_roles(),
            "trail" => self.show_trail(Some(arg.trim()).filter(|a| !a.is_empty())),
            "accounts" | "account" => self.show_accounts(arg.trim()),
            "profile" if arg.is_empty() => {
                self.screen.notice = Some(Notice::info(format!(
                    "profile {}; :profile NAME switches (Tab completes from ~/.aws/config)",
                    self.session.cloud.context.profile
                )))
            }
            "profile" => self.switch(Some(arg), None),
            "region" if arg.is_empty() => {
                self.screen.notice = Some(Notice::info(format!(
                    "region {}; :region NAME switches",
                    self.session.cloud.context.region
                )))
            }
            "region" => self.switch(None, Some(arg)),
            "sort" => {
                let titles = self
                    .active_pane()
                    .map(|p| p.column_titles())
                    .unwrap_or_default();
                match titles.iter().position(|t| t.eq_ignore_ascii_case(&arg)) {
                    Some(col) => {
                        let work = self.active_pane_mut().and_then(|p| p.sort_by(col));
                        self.spawn_work(work);
                    }
                    None => {
                        self.screen.notice = Some(Notice::error(format!(
                            "No column '{arg}' here; columns: {}",
                            titles.join(", ").to_lowercase()
                        )))
                    }
                }
            }
            other => {
                self.screen.notice = Some(Notice::error(format!(
                    "Unknown command ':{other}' — Tab completes, :help lists commands"
                )))
            }
        }
    }
}

/// Tab names and their singular/short forms.
fn tab_alias(word: &str) -> Option<TabKind> {
    TabKind::from_command(word).or(match word {
        "domain" | "dom" => Some(TabKind::Domains),
        "user" | "profiles" => Some(TabKind::Users),
        "job" | "glue" => Some(TabKind::Jobs),
        "crawler" => Some(TabKind::Crawlers),
        "image" | "ecr" | "repos" => Some(TabKind::Images),
        "package" | "pkg" | "codeartifact" => Some(TabKind::Packages),
        "endpoint" | "ep" => Some(TabKind::Endpoints),
        _ => None,
    })
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut len = first.len();
    for w in &words[1..] {
        len = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    first[..len].to_owned()
}
