//! User-bindable commands: what a key (or a `:` command) asks for.
//!
//! Distinct from `action::Action`, the internal messages: a keymap file names
//! these by their snake_case serde name, and the help overlay shows each one's
//! description, so help cannot drift from what the keys do. `TabKind`, the
//! seven top-level tabs, is part of the same vocabulary (`tab_jobs`, `:jobs`).

use serde::{Deserialize, Serialize};

use crate::policy::EffectClass;

/// The seven top-level tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TabKind {
    Domains,
    Users,
    Jobs,
    Crawlers,
    Images,
    Packages,
    Endpoints,
}

impl TabKind {
    pub const ALL: [TabKind; 7] = [
        TabKind::Domains,
        TabKind::Users,
        TabKind::Jobs,
        TabKind::Crawlers,
        TabKind::Images,
        TabKind::Packages,
        TabKind::Endpoints,
    ];

    /// Title shown in the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            TabKind::Domains => "Domains",
            TabKind::Users => "Users",
            TabKind::Jobs => "Glue Jobs",
            TabKind::Crawlers => "Crawlers",
            TabKind::Images => "Images",
            TabKind::Packages => "Packages",
            TabKind::Endpoints => "Endpoints",
        }
    }

    /// The `:` command that opens the tab.
    pub fn command(self) -> &'static str {
        match self {
            TabKind::Domains => "domains",
            TabKind::Users => "users",
            TabKind::Jobs => "jobs",
            TabKind::Crawlers => "crawlers",
            TabKind::Images => "images",
            TabKind::Packages => "packages",
            TabKind::Endpoints => "endpoints",
        }
    }

    pub fn index(self) -> usize {
        TabKind::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    pub fn from_command(word: &str) -> Option<TabKind> {
        TabKind::ALL.into_iter().find(|t| t.command() == word)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTab,
    PrevTab,
    TabDomains,
    TabUsers,
    TabJobs,
    TabCrawlers,
    TabImages,
    TabPackages,
    TabEndpoints,
    Open,
    Describe,
    Diff,
    /// CloudTrail's history of the selected row's resource.
    Trail,
    /// CloudWatch Logs of the selected Glue job or run, or endpoint.
    Logs,
    Back,
    Copy,
    Filter,
    CommandLine,
    SortNext,
    SortReverse,
    Refresh,
    /// Admin action: start what the selected row names (a job run, a
    /// crawler, an image scan). Which operation is the pane's to say.
    Start,
    /// Admin action: stop the selected run or crawler.
    Stop,
    /// Admin action: delete what the selected row names (a Studio app:
    /// DeleteApp stops it; a user: offboarding).
    Delete,
    /// Toggle the mark on the selected row (actions then apply to every
    /// marked row) and move down.
    Mark,
    /// Admin action: approve the marked (or selected) package versions,
    /// or the selected model package version.
    Approve,
    /// Admin action: reject the selected model package version.
    Reject,
    /// Admin action: unlist the marked (or selected) package versions.
    Unlist,
    /// Admin action: archive the marked (or selected) package versions.
    Archive,
    /// Admin action: allow or block a package's publish and upstream origins.
    Origin,
    /// Admin action: push the selected Glue job's script from Git.
    Push,
    /// The selected endpoint's traffic weights editor.
    Weights,
    /// The onboarding wizard (a flow, not a row op).
    Onboard,
    /// A presigned Studio URL for the selected user (a credential).
    Presign,
    Help,
    Quit,
}

impl Command {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: &'static [Command] = &[
        Command::Up,
        Command::Down,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::NextTab,
        Command::PrevTab,
        Command::TabDomains,
        Command::TabUsers,
        Command::TabJobs,
        Command::TabCrawlers,
        Command::TabImages,
        Command::TabPackages,
        Command::TabEndpoints,
        Command::Open,
        Command::Describe,
        Command::Diff,
        Command::Trail,
        Command::Logs,
        Command::Back,
        Command::Copy,
        Command::Filter,
        Command::CommandLine,
        Command::SortNext,
        Command::SortReverse,
        Command::Refresh,
        Command::Mark,
        Command::Start,
        Command::Stop,
        Command::Delete,
        Command::Approve,
        Command::Reject,
        Command::Unlist,
        Command::Archive,
        Command::Origin,
        Command::Push,
        Command::Weights,
        Command::Onboard,
        Command::Presign,
        Command::Help,
        Command::Quit,
    ];

    /// The admin-action commands: each asks the active pane which operation
    /// it means for the selected row (`Pane::op_for`), and goes through the
    /// gate and a confirmation. A new action command is added here too.
    pub const ACTIONS: &'static [Command] = &[
        Command::Start,
        Command::Stop,
        Command::Delete,
        Command::Approve,
        Command::Reject,
        Command::Unlist,
        Command::Archive,
        Command::Origin,
        Command::Push,
    ];

    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Command::Up => "Move the selection up",
            Command::Down => "Move the selection down",
            Command::PageUp => "Move up one page",
            Command::PageDown => "Move down one page",
            Command::Top => "Jump to the first row",
            Command::Bottom => "Jump to the last row",
            Command::NextTab => "Next tab",
            Command::PrevTab => "Previous tab",
            Command::TabDomains => "Domains tab",
            Command::TabUsers => "Users tab",
            Command::TabJobs => "Glue jobs tab",
            Command::TabCrawlers => "Crawlers tab",
            Command::TabImages => "Images (ECR) tab",
            Command::TabPackages => "Packages (CodeArtifact) tab",
            Command::TabEndpoints => "Endpoints tab",
            Command::Open => "Drill into the selected row (or describe it)",
            Command::Describe => "Describe the selected row: every field and its tags",
            Command::Diff => "Git diff of the selected Glue job's script (deployed vs Git)",
            Command::Trail => "CloudTrail history of the row: who did what (:trail)",
            Command::Logs => "CloudWatch Logs of the Glue run or job, or the endpoint",
            Command::Back => "Go back one level / close the overlay",
            Command::Copy => "Copy the ARN (or name) to the clipboard (OSC 52)",
            Command::Filter => "Filter: fuzzy text, !text excludes, key=value tag",
            Command::CommandLine => "Open the command line",
            Command::SortNext => "Sort by the next column",
            Command::SortReverse => "Reverse the sort order",
            Command::Refresh => "Reload the current view",
            Command::Start => "Start a job run, a crawler or an image scan",
            Command::Stop => "Stop the selected job run or crawler",
            Command::Delete => "Stop (delete) the app, or offboard the user",
            Command::Mark => "Mark or unmark the row (actions take marked rows)",
            Command::Approve => "Approve package versions (Published) or a model version",
            Command::Reject => "Reject a model package version (with why)",
            Command::Unlist => "Unlist package versions (Unlisted)",
            Command::Archive => "Archive package versions (Archived)",
            Command::Origin => "Allow or block a package's origins",
            Command::Push => "Push a Glue job's script from Git to S3",
            Command::Weights => "Shift an endpoint's traffic between its variants",
            Command::Onboard => "Onboard a user (the wizard; :onboard anywhere)",
            Command::Presign => "Presigned Studio URL for the selected user",
            Command::Help => "Show this help",
            Command::Quit => "Quit",
        }
    }

    /// The word the footer hint shows for an action command.
    pub fn hint(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Stop => "stop",
            Command::Delete => "delete",
            Command::Approve => "approve",
            Command::Reject => "reject",
            Command::Unlist => "unlist",
            Command::Archive => "archive",
            Command::Origin => "origin",
            Command::Push => "push",
            Command::Diff => "diff",
            Command::Weights => "weights",
            Command::Onboard => "onboard",
            Command::Presign => "presign",
            _ => "",
        }
    }

    /// What the ops behind a command do, for the help overlay: an action
    /// command whose class the gate refuses is marked unavailable. Every
    /// op an action command can mean must be of this class (or weaker).
    pub fn effect_class(self) -> EffectClass {
        match self {
            Command::Start
            | Command::Stop
            | Command::Delete
            | Command::Approve
            | Command::Reject
            | Command::Unlist
            | Command::Archive
            | Command::Origin
            | Command::Push
            | Command::Weights
            | Command::Onboard => EffectClass::Mutate,
            Command::Presign => EffectClass::Credential,
            _ => EffectClass::Read,
        }
    }

    /// The snake_case name used in keymap files.
    pub fn name(self) -> String {
        // serde_json renders a unit variant as a quoted string.
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Parses a keymap command name.
    pub fn from_name(name: &str) -> Option<Command> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }

    /// The tab a `tab_*` command switches to.
    pub fn tab(self) -> Option<TabKind> {
        Some(match self {
            Command::TabDomains => TabKind::Domains,
            Command::TabUsers => TabKind::Users,
            Command::TabJobs => TabKind::Jobs,
            Command::TabCrawlers => TabKind::Crawlers,
            Command::TabImages => TabKind::Images,
            Command::TabPackages => TabKind::Packages,
            Command::TabEndpoints => TabKind::Endpoints,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &c in Command::ALL {
            assert_eq!(Command::from_name(&c.name()), Some(c), "{c:?}");
            assert!(!c.description().is_empty());
        }
        assert_eq!(Command::PageDown.name(), "page_down");
        assert_eq!(Command::from_name("no_such_command"), None);
    }
}
