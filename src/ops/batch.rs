//! Batch onboarding: `users.csv` → a plan with one line per row, all rows
//! validated before anything runs. Pure: the CLI reads the file, prints or
//! executes the plan.
//!
//! The file: a header naming the columns `user`, `team`, `domain` and
//! optionally `sso_user`, in any order; blank lines and lines starting with
//! `#` are ignored; fields may be quoted (`"a,b"`, `""` for a quote) but
//! not span lines. A user that already exists is skipped, not an error, so
//! running the same file twice is harmless.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::model::{Domain, UserProfile};

use super::teams::TeamSettings;
use super::validate;
use super::{find_domain, CreateUserProfileRequest};

/// One data row and what will be done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedRow {
    /// 1-based line in the file.
    pub line: usize,
    pub user: String,
    pub team: String,
    /// As written in the file (a domain name or id).
    pub domain: String,
    /// Flattened so JSON output reads `"action": "create", "request": {…}`.
    #[serde(flatten)]
    pub action: RowAction,
}

// Unboxed: one per CSV row, and plans are small.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RowAction {
    Create { request: CreateUserProfileRequest },
    Skip { reason: String },
    Invalid { reason: String },
}

impl RowAction {
    pub fn is_invalid(&self) -> bool {
        matches!(self, RowAction::Invalid { .. })
    }
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub create: usize,
    pub skip: usize,
    pub invalid: usize,
}

pub fn summary(plan: &[PlannedRow]) -> Summary {
    let mut s = Summary::default();
    for row in plan {
        match row.action {
            RowAction::Create { .. } => s.create += 1,
            RowAction::Skip { .. } => s.skip += 1,
            RowAction::Invalid { .. } => s.invalid += 1,
        }
    }
    s
}

/// A file that cannot be planned at all (no header, a missing column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchError {
    /// 1-based line, when the problem is on one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for BatchError {}

/// Splits one CSV line into fields. Unquoted fields are trimmed (spreadsheets
/// pad them); quoted ones are kept as written.
pub fn split_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("unterminated quoted field".to_owned()),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => return Err(format!("{c:?} after a closing quote")),
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field.trim().to_owned());
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some('"') => return Err("a quote inside an unquoted field".to_owned()),
                    Some(c) => field.push(c),
                }
            }
            fields.push(field.trim().to_owned());
        }
    }
}

/// Column positions from the header.
struct Columns {
    user: usize,
    team: usize,
    domain: usize,
    sso_user: Option<usize>,
    count: usize,
}

fn columns(line: usize, header: &str) -> Result<Columns, BatchError> {
    let err = |message: String| BatchError {
        line: Some(line),
        message,
    };
    let names = split_line(header).map_err(|e| err(format!("header: {e}")))?;
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let key = name.trim().to_ascii_lowercase();
        if !matches!(key.as_str(), "user" | "team" | "domain" | "sso_user") {
            // An unknown column is refused: a misspelt sso_user silently
            // ignored would onboard SSO users without their identity.
            return Err(err(format!(
                "header: unknown column '{name}' (columns: user, team, domain, sso_user)"
            )));
        }
        if at.insert(key, i).is_some() {
            return Err(err(format!("header: column '{name}' appears twice")));
        }
    }
    let need = |c: &str| {
        at.get(c).copied().ok_or_else(|| {
            err(format!(
                "header: missing column '{c}' (required: user, team, domain; optional: sso_user)"
            ))
        })
    };
    Ok(Columns {
        user: need("user")?,
        team: need("team")?,
        domain: need("domain")?,
        sso_user: at.get("sso_user").copied(),
        count: names.len(),
    })
}

/// Plans every row of `text`. Rows are judged independently except for
/// duplicates, which point at the first line with the same user and domain.
pub fn plan(
    text: &str,
    domains: &[Domain],
    existing: &[UserProfile],
    teams: &BTreeMap<String, TeamSettings>,
) -> Result<Vec<PlannedRow>, BatchError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((header_line, header)) = lines.next() else {
        return Err(BatchError {
            line: None,
            message: "no header: the first line must name the columns user,team,domain[,sso_user]"
                .to_owned(),
        });
    };
    let cols = columns(header_line, header)?;

    // (domain id, lowercased user) → first line, for in-file duplicates.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut rows = Vec::new();
    for (line, raw) in lines {
        let fields = match split_line(raw) {
            Ok(f) => f,
            Err(e) => {
                rows.push(PlannedRow {
                    line,
                    user: String::new(),
                    team: String::new(),
                    domain: String::new(),
                    action: RowAction::Invalid { reason: e },
                });
                continue;
            }
        };
        let get = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let mut row = PlannedRow {
            line,
            user: get(cols.user),
            team: get(cols.team),
            domain: get(cols.domain),
            action: RowAction::Skip {
                reason: String::new(),
            },
        };
        let sso = cols.sso_user.map(get).filter(|s| !s.is_empty());
        row.action = if fields.len() != cols.count {
            RowAction::Invalid {
                reason: format!(
                    "{} fields where the header has {}",
                    fields.len(),
                    cols.count
                ),
            }
        } else {
            judge(&row, sso.as_deref(), domains, existing, teams, &mut seen)
        };
        rows.push(row);
    }
    Ok(rows)
}

fn judge(
    row: &PlannedRow,
    sso: Option<&str>,
    domains: &[Domain],
    existing: &[UserProfile],
    teams: &BTreeMap<String, TeamSettings>,
    seen: &mut HashMap<(String, String), usize>,
) -> RowAction {
    let invalid = |reason: String| RowAction::Invalid { reason };
    let Some(domain) = find_domain(domains, &row.domain) else {
        let known: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
        return invalid(format!(
            "unknown domain '{}' (known: {})",
            row.domain,
            known.join(", ")
        ));
    };
    let Some(team) = teams.get(&row.team) else {
        let known: Vec<&str> = teams.keys().map(String::as_str).collect();
        return invalid(format!(
            "unknown team '{}' (configured: {})",
            row.team,
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        ));
    };
    if let Err(e) = validate::user_name(&row.user) {
        return invalid(e.message);
    }
    let key = (domain.id.clone(), row.user.to_ascii_lowercase());
    if let Some(first) = seen.get(&key) {
        return invalid(format!(
            "duplicate of line {first}: '{}' in domain {} (names are not case sensitive)",
            row.user, domain.name
        ));
    }
    seen.insert(key, row.line);
    if let Some(p) = existing
        .iter()
        .find(|p| p.domain_id == domain.id && p.name.eq_ignore_ascii_case(&row.user))
    {
        let team_note = match p.team() {
            Some(t) if t != row.team => format!(" (in team '{t}', not '{}')", row.team),
            _ => String::new(),
        };
        return RowAction::Skip {
            reason: format!(
                "exists as '{}' in domain {}{team_note}",
                p.name, domain.name
            ),
        };
    }
    let request = CreateUserProfileRequest::for_team(domain, &row.team, team, &row.user, sso);
    let problems = validate::request(&request, domain, existing);
    if problems.is_empty() {
        RowAction::Create { request }
    } else {
        let reasons: Vec<String> = problems.into_iter().map(|e| e.message).collect();
        invalid(reasons.join("; "))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(split_line("a, b ,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            split_line("\"a,b\",\"say \"\"hi\"\"\"").unwrap(),
            ["a,b", "say \"hi\""]
        );
        assert_eq!(split_line("a,,").unwrap(), ["a", "", ""]);
        assert_eq!(split_line("\"a\" ,b").unwrap(), ["a", "b"]);
        assert!(split_line("\"a").is_err());
        assert!(split_line("\"a\"x,b").is_err());
        assert!(split_line("a\"b").is_err());
    }

    #[test]
    fn header_problems() {
        let teams = BTreeMap::new();
        let e = plan("# only a comment\n\n", &[], &[], &teams).unwrap_err();
        assert!(e.message.contains("no header"), "{e}");
        let e = plan("\nuser,team\n", &[], &[], &teams).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("missing column 'domain'"), "{e}");
        let e = plan("user,team,domain,sso-user\n", &[], &[], &teams).unwrap_err();
        assert!(e.message.contains("unknown column 'sso-user'"), "{e}");
        let rows = plan("Domain,USER,team\n", &[], &[], &teams).unwrap();
        assert!(rows.is_empty());
    }
}
