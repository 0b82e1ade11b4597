//! The seven top-level tabs.

use serde::{Deserialize, Serialize};

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
