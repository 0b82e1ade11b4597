//! An account dsadmin knows, and whether it answers (`dsadmin accounts`,
//! `:accounts`).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::account::{Account, AccountAccess, AccountSource};
use crate::model::CallerIdentity;
use crate::rows::{Column, Row, SortKey, Tone};

const COLUMNS: &[Column] = &[
    Column::fixed("ACCOUNT", 12),
    Column::fill("NAME", 12),
    Column::fixed("SOURCE", 12),
    Column::fill("ENV", 10),
    // Why an account does not answer is what the picker is for: the
    // other columns give way first.
    Column::fill("STATUS", 56),
    Column::fill("REGIONS", 10),
    Column::fill("ACCESS", 16),
];

/// One account and whether it answered.
#[derive(Debug, Clone, Serialize)]
pub struct AccountRow {
    #[serde(flatten)]
    pub account: Account,
    /// The environment cue's label (`[[environments]]`), if one matches.
    pub environment: Option<String>,
    /// The environment makes the account read-only.
    pub read_only: bool,
    pub reachable: bool,
    /// Who dsadmin is there (the assumed role's session), when reachable.
    pub caller_arn: Option<String>,
    /// Why not, when not.
    pub error: Option<String>,
    /// The account the TUI's session is in now.
    #[serde(skip)]
    pub current: bool,
}

impl AccountRow {
    /// `account` with the answer reaching it gave, and the environment cue
    /// (label, read-only) that matches it.
    pub fn new(
        account: Account,
        answer: Result<&CallerIdentity, String>,
        cue: Option<(String, bool)>,
    ) -> Self {
        let (caller_arn, error) = match answer {
            Ok(who) => (Some(who.arn.clone()), None),
            Err(e) => (None, Some(e)),
        };
        Self {
            account,
            read_only: cue.as_ref().is_some_and(|c| c.1),
            environment: cue.map(|c| c.0),
            reachable: error.is_none(),
            caller_arn,
            error,
            current: false,
        }
    }

    /// Each surveyed account with whether it answered, its environment
    /// cue (`cue`: label and read-only) and `current` marked.
    pub fn of_survey(
        accounts: Vec<(Account, Result<CallerIdentity, String>)>,
        cue: impl Fn(&Account) -> Option<(String, bool)>,
        current: Option<&str>,
    ) -> Vec<Self> {
        accounts
            .into_iter()
            .map(|(account, answer)| {
                let cue = cue(&account);
                let mut row = Self::new(account, answer.as_ref().map_err(Clone::clone), cue);
                row.current = row.account.id.is_some() && row.account.id.as_deref() == current;
                row
            })
            .collect()
    }

    /// "PROD (read-only)", "read-only", "PROD" or "-".
    pub fn env(&self) -> String {
        match (&self.environment, self.read_only) {
            (Some(label), true) => format!("{label} (read-only)"),
            (Some(label), false) => label.clone(),
            (None, true) => "read-only".to_owned(),
            (None, false) => "-".to_owned(),
        }
    }

    fn regions(&self) -> Cow<'_, str> {
        if self.account.regions.is_empty() {
            Cow::Borrowed("(base region)")
        } else {
            Cow::Owned(self.account.regions.join(","))
        }
    }

    fn status(&self) -> Cow<'_, str> {
        match (&self.error, self.current) {
            (Some(e), _) => Cow::Borrowed(e),
            (None, true) => Cow::Borrowed("in use"),
            (None, false) => Cow::Borrowed("reachable"),
        }
    }
}

pub fn source(s: AccountSource) -> &'static str {
    match s {
        AccountSource::Base => "base profile",
        AccountSource::Config => "config",
        AccountSource::SsoProfile => "sso profile",
        AccountSource::Organization => "organization",
    }
}

fn access(a: &AccountAccess) -> String {
    match a {
        AccountAccess::Profile { profile } => format!("profile {profile}"),
        AccountAccess::Role { role_arn, .. } => format!("role {role_arn}"),
    }
}

impl Row for AccountRow {
    const NOUN: &'static str = "account";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(self.account.id.as_deref().unwrap_or("?")),
            1 => Cow::Borrowed(&self.account.name),
            2 => Cow::Borrowed(source(self.account.source)),
            3 => Cow::Owned(self.env()),
            4 => self.status(),
            5 => self.regions(),
            _ => Cow::Owned(access(&self.account.access)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            4 if self.error.is_some() => Tone::Bad,
            4 => Tone::Ok,
            3 if self.read_only => Tone::Warn,
            2 | 5 | 6 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::opt_text(self.account.id.as_deref()),
            1 => SortKey::Text(&self.account.name),
            2 => SortKey::Text(source(self.account.source)),
            3 => SortKey::Text(self.environment.as_deref().unwrap_or("")),
            4 => SortKey::opt_text(self.error.as_deref()),
            _ => SortKey::Text(&self.account.name),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1, 2, 3]
    }

    fn title(&self) -> String {
        match &self.account.id {
            Some(id) => format!("{id} ({})", self.account.name),
            None => self.account.name.clone(),
        }
    }

    fn mark_key(&self) -> String {
        self.account
            .id
            .clone()
            .unwrap_or_else(|| self.account.name.clone())
    }

    /// The account id (the name where it is unknown).
    fn copy_value(&self) -> String {
        self.mark_key()
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            (
                "Account",
                self.account.id.clone().unwrap_or_else(|| "?".to_owned()),
            ),
            ("Name", self.account.name.clone()),
            ("Source", source(self.account.source).to_owned()),
            ("Environment", self.env()),
            ("Access", access(&self.account.access)),
        ];
        if let AccountAccess::Role {
            external_id: Some(_),
            ..
        } = &self.account.access
        {
            // The external id is a shared secret of sorts: say it is set.
            fields.push(("External id", "set".to_owned()));
        }
        fields.push(("Regions", self.regions().into_owned()));
        fields.push(("Status", self.status().into_owned()));
        if let Some(arn) = &self.caller_arn {
            fields.push(("Caller", arn.clone()));
        }
        fields
    }
}
