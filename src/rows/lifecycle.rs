//! Studio lifecycle configurations (`:lifecycle`, `dsadmin get
//! lifecycle-configs`): where each is attached, how many running apps
//! started with it, and what the lifecycle rules find in its script; and
//! one script's lines, decoded for reading.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cloud::CloudResult;
use crate::format;
use crate::inventory::studio::{Place, Studio};
use crate::model::lifecycle_config::{script_problems, ScriptProblem};
use crate::model::{Detail, LifecycleConfig, Why};
use crate::rows::{detail_cell, detail_tone, Column, Row, SortKey, Tone};

/// One configuration with what the snapshot says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleRow {
    #[serde(flatten)]
    pub config: LifecycleConfig,
    /// Where it is attached: `domain NAME`, `profile DOMAIN/NAME`,
    /// `space DOMAIN/NAME`.
    pub attached: Vec<String>,
    /// Why `attached` may be incomplete (settings that could not be read).
    pub attached_unknown: Option<Why>,
    /// Running apps started with it.
    pub running_apps: usize,
    /// What the lifecycle rules find: `CRLF`, `no shebang`, `unattached`.
    pub problems: Vec<&'static str>,
}

/// The `unattached` problem's label.
pub const UNATTACHED: &str = "unattached";

impl LifecycleRow {
    /// Every configuration of the snapshot, or why they could not be listed.
    pub fn of_studio(studio: &Studio) -> CloudResult<Vec<LifecycleRow>> {
        let configs = studio.configs.as_ref().map_err(Clone::clone)?;
        Ok(configs
            .iter()
            .map(|c| {
                let at = studio.attachments(&c.arn);
                let mut problems: Vec<&'static str> = c
                    .script
                    .known()
                    .map(|s| script_problems(s))
                    .unwrap_or_default()
                    .into_iter()
                    .map(ScriptProblem::label)
                    .collect();
                if at.places.is_empty() && at.unknown.is_none() {
                    problems.push(UNATTACHED);
                }
                LifecycleRow {
                    config: c.clone(),
                    attached: at.places.iter().map(Place::to_string).collect(),
                    attached_unknown: at.unknown,
                    running_apps: studio.running_with(&c.arn),
                    problems,
                }
            })
            .collect())
    }

    fn attached_cell(&self) -> String {
        // Each place reads `KIND NAME`: count them by their kind.
        let count = |kind: &str| self.attached.iter().filter(|a| a.starts_with(kind)).count();
        let text = match self.attached.as_slice() {
            [] => "none".to_owned(),
            [one] => one.clone(),
            _ => ["domain", "profile", "space"]
                .iter()
                .filter_map(|kind| {
                    let n = count(kind);
                    (n > 0).then(|| format!("{n} {kind}{}", if n == 1 { "" } else { "s" }))
                })
                .collect::<Vec<_>>()
                .join(" · "),
        };
        match (&self.attached_unknown, self.attached.is_empty()) {
            (Some(_), true) => "?".to_owned(),
            (Some(_), false) => format!("{text} +?"),
            (None, _) => text,
        }
    }

    fn checks_cell(&self) -> Cow<'_, str> {
        if self.config.script.why().is_some() {
            return Cow::Borrowed("?");
        }
        if self.problems.is_empty() {
            Cow::Borrowed("ok")
        } else {
            Cow::Owned(self.problems.join(" · "))
        }
    }
}

const COLUMNS: &[Column] = &[
    Column::fill("NAME", 20),
    Column::fixed("APP TYPE", 13),
    Column::fill("ATTACHED", 18),
    Column::fixed("APPS", 4),
    Column::fill("CHECKS", 10),
    Column::fixed("MODIFIED", 9),
];

impl Row for LifecycleRow {
    const NOUN: &'static str = "lifecycle configuration";

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn cell(&self, col: usize, now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Borrowed(&self.config.name),
            1 => Cow::Borrowed(&self.config.app_type),
            2 => Cow::Owned(self.attached_cell()),
            3 => Cow::Owned(self.running_apps.to_string()),
            4 => detail_cell(&self.config.script, |_| self.checks_cell()),
            _ => Cow::Owned(format::relative(self.config.last_modified, now)),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            2 if self.attached.is_empty() => Tone::Warn,
            3 if self.running_apps == 0 => Tone::Muted,
            4 => detail_tone(&self.config.script, |_| match self.problems.as_slice() {
                [] => Tone::Ok,
                [UNATTACHED] => Tone::Warn,
                _ => Tone::Bad,
            }),
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(&self.config.name),
            1 => SortKey::Text(&self.config.app_type),
            2 => SortKey::Num(self.attached.len() as f64),
            3 => SortKey::Num(self.running_apps as f64),
            4 => SortKey::Num(self.problems.len() as f64),
            _ => SortKey::time(self.config.last_modified),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[0, 1]
    }

    fn title(&self) -> String {
        self.config.name.clone()
    }

    fn arn(&self) -> Option<&str> {
        Some(&self.config.arn)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let c = &self.config;
        let mut attached = if self.attached.is_empty() {
            "nowhere".to_owned()
        } else {
            self.attached.join(", ")
        };
        if let Some(why) = &self.attached_unknown {
            attached.push_str(&format!(" (may be more: {})", why.text()));
        }
        let script = match &c.script {
            Detail::Known(s) => format!("{} lines (Enter shows them)", s.lines().count()),
            Detail::Pending => "loading…".to_owned(),
            Detail::Unknown(why) => format!("unknown ({})", why.text()),
        };
        vec![
            ("Name", c.name.clone()),
            ("ARN", c.arn.clone()),
            ("App type", c.app_type.clone()),
            ("Attached", attached),
            ("Running apps", self.running_apps.to_string()),
            ("Checks", self.checks_cell().into_owned()),
            ("Script", script),
            ("Created", format::timestamp(c.created)),
            ("Modified", format::timestamp(c.last_modified)),
        ]
    }
}

/// One line of a script, as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScriptLine {
    /// 1-based.
    pub number: usize,
    pub text: String,
    /// Whether it ends in `\r\n`.
    pub crlf: bool,
}

impl ScriptLine {
    /// The lines of `script`, numbered.
    pub fn of(script: &str) -> Vec<ScriptLine> {
        script
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| {
                let crlf = line.ends_with("\r\n");
                let text = line.trim_end_matches('\n').trim_end_matches('\r');
                ScriptLine {
                    number: i + 1,
                    text: text.to_owned(),
                    crlf,
                }
            })
            .collect()
    }
}

const LINE_COLUMNS: &[Column] = &[
    Column::fixed("LINE", 4),
    Column::fill("TEXT", 40),
    Column::fixed("END", 4),
];

impl Row for ScriptLine {
    const NOUN: &'static str = "script line";

    fn columns() -> &'static [Column] {
        LINE_COLUMNS
    }

    fn cell(&self, col: usize, _now: DateTime<Utc>) -> Cow<'_, str> {
        match col {
            0 => Cow::Owned(self.number.to_string()),
            1 => Cow::Borrowed(&self.text),
            _ => Cow::Borrowed(if self.crlf { "CRLF" } else { "LF" }),
        }
    }

    fn tone(&self, col: usize) -> Tone {
        match col {
            0 => Tone::Muted,
            2 if self.crlf => Tone::Bad,
            2 => Tone::Muted,
            _ => Tone::Plain,
        }
    }

    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            1 => SortKey::Text(&self.text),
            2 => SortKey::Num(f64::from(u8::from(self.crlf))),
            _ => SortKey::Num(self.number as f64),
        }
    }

    fn key_columns() -> &'static [usize] {
        &[1]
    }

    fn default_sort() -> (usize, bool) {
        (0, false)
    }

    fn title(&self) -> String {
        format!("line {}", self.number)
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Line", self.number.to_string()),
            ("Text", self.text.clone()),
            (
                "Ends in",
                (if self.crlf { "CRLF (\\r\\n)" } else { "LF" }).to_owned(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_endings() {
        let lines = ScriptLine::of("#!/bin/bash\r\necho hi\nlast");
        assert_eq!(lines.len(), 3);
        assert!(lines[0].crlf && !lines[1].crlf && !lines[2].crlf);
        assert_eq!(lines[0].text, "#!/bin/bash");
        assert_eq!(lines[2].number, 3);
    }
}
