//! The audit journal: an append-only JSON Lines file with a "started" and a
//! "finished" record for every Mutate or Credential attempt, refusals
//! included.
//!
//! Durability: each record is one `write_all` of the whole line under a
//! mutex, then `sync_data`, before the call returns, so no caller can report
//! success before its record is on disk and concurrent writers never tear a
//! line.
//!
//! Secrets: parameters, targets and error messages pass through [`redact`]
//! (by key name and by value pattern) before they are written, so presigned
//! URLs, tokens and passwords never reach the file.

use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::redact::{redact, redact_text};

mod error;
pub use error::{Failure, OpError};

pub use crate::cloud::Completed;
use crate::policy::{Effect, EffectClass, Policy};

/// Where the audit journal goes unless `[audit] path` says otherwise:
/// `$XDG_STATE_HOME/dsadmin/audit.jsonl` (`~/.local/state/dsadmin/audit.jsonl`)
/// on Linux, the platform's local data directory where there is no state
/// directory (macOS, Windows). `None` without a home directory. The settings
/// resolve it at load time; nothing else falls back to it.
pub fn default_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "dsadmin").map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .join("audit.jsonl")
    })
}

/// Who is acting where: recorded on every line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditContext {
    /// From STS GetCallerIdentity, once known.
    pub caller_arn: Option<String>,
    pub profile: String,
    pub region: String,
    pub account: Option<String>,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    Succeeded {
        request_id: Option<String>,
    },
    /// The answer was lost; a read-back found the change done.
    Confirmed {
        checked: String,
    },
    Failed {
        code: String,
        message: String,
    },
    /// The answer was lost and nothing proved either way: `message` says
    /// what was checked. Never recorded as failed, since it may have run.
    Unknown {
        code: String,
        message: String,
    },
    Refused {
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Started,
    Finished,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    /// Shared by the started and finished records of one attempt.
    pub attempt: String,
    pub phase: Phase,
    pub caller_arn: Option<String>,
    pub profile: String,
    pub region: String,
    pub account: Option<String>,
    pub action: String,
    /// "mutate" or "credential".
    pub class: String,
    pub target: String,
    /// The request (redacted); on "started" records only, `null` on
    /// "finished" ones so the parameters are written once.
    #[serde(default)]
    pub parameters: Value,
    /// On "finished" records only.
    #[serde(default)]
    pub outcome: Option<Outcome>,
}

/// Pairs a "finished" record with its "started" one. Carries what the
/// finished record repeats (context, action, target), so the journal keeps
/// no table of open attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptId {
    id: String,
    ctx: AuditContext,
    action: String,
    class: String,
    target: String,
}

impl AttemptId {
    pub fn as_str(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit journal {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("audit journal: cannot encode record: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The journal file, open for appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating it, mode 0600, and its directories) the journal at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Journal, AuditError> {
        let path = path.as_ref().to_path_buf();
        let io_err = |source| AuditError::Io {
            path: path.clone(),
            source,
        };
        // 0600, never through a symlink: records name accounts and roles.
        let mut file = crate::private_file::open_append(&path).map_err(io_err)?;
        // A crash mid-write leaves a torn last line; terminate it so the next
        // record starts on a line of its own instead of being glued to it.
        let len = file.metadata().map_err(io_err)?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(io_err)?;
            file.read_exact(&mut last).map_err(io_err)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(io_err)?;
                file.sync_data().map_err(io_err)?;
            }
        } else {
            // A new file: make its directory entry durable too.
            #[cfg(unix)]
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                if let Ok(dir) = File::open(parent) {
                    // Best effort: some filesystems refuse fsync on directories.
                    let _ = dir.sync_all();
                }
            }
        }
        Ok(Journal {
            path,
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the "started" record of an attempt.
    pub fn started(&self, ctx: &AuditContext, effect: &Effect) -> Result<AttemptId, AuditError> {
        let id = AttemptId {
            id: new_attempt_id(),
            ctx: ctx.clone(),
            action: effect.action().to_owned(),
            class: class_name(effect.class()).to_owned(),
            target: redact_text(&effect.target()),
        };
        let record = self.record(&id, Phase::Started, effect.parameters(), None);
        self.append(&record)?;
        Ok(id)
    }

    /// Writes the "finished" record of an attempt.
    pub fn finished(&self, id: &AttemptId, outcome: Outcome) -> Result<(), AuditError> {
        let outcome = match outcome {
            Outcome::Failed { code, message } => Outcome::Failed {
                code,
                message: redact_text(&message),
            },
            Outcome::Unknown { code, message } => Outcome::Unknown {
                code,
                message: redact_text(&message),
            },
            Outcome::Confirmed { checked } => Outcome::Confirmed {
                checked: redact_text(&checked),
            },
            Outcome::Refused { reason } => Outcome::Refused {
                reason: redact_text(&reason),
            },
            ok @ Outcome::Succeeded { .. } => ok,
        };
        let record = self.record(id, Phase::Finished, Value::Null, Some(outcome));
        self.append(&record)
    }

    fn record(
        &self,
        id: &AttemptId,
        phase: Phase,
        parameters: Value,
        outcome: Option<Outcome>,
    ) -> AuditRecord {
        AuditRecord {
            time: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            attempt: id.id.clone(),
            phase,
            caller_arn: id.ctx.caller_arn.clone(),
            profile: id.ctx.profile.clone(),
            region: id.ctx.region.clone(),
            account: id.ctx.account.clone(),
            action: id.action.clone(),
            class: id.class.clone(),
            target: id.target.clone(),
            parameters,
            outcome,
        }
    }

    /// One whole line in one `write_all` under the lock, then fsync.
    fn append(&self, record: &AuditRecord) -> Result<(), AuditError> {
        let mut value = serde_json::to_value(record)?;
        // Belt and braces: the parameters are redacted already, but a secret
        // must not reach the file through any other field either.
        redact(&mut value);
        let mut line = serde_json::to_vec(&value)?;
        line.push(b'\n');
        // A poisoned lock only means another writer panicked; the file is
        // still a valid append target (its line was one write or none).
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let io_err = |source| AuditError::Io {
            path: self.path.clone(),
            source,
        };
        file.write_all(&line).map_err(io_err)?;
        file.flush().map_err(io_err)?;
        file.sync_data().map_err(io_err)?;
        Ok(())
    }

    /// Every record in the journal at `path`, oldest first. A missing file
    /// is an empty journal; a line that does not parse (a torn last line
    /// after a crash) is skipped rather than failing the whole view.
    pub fn read_all(path: impl AsRef<Path>) -> Result<Vec<AuditRecord>, AuditError> {
        Self::read_lines_with(path, "")
    }

    /// The records whose line holds `needle` (an action name, say), oldest
    /// first: the other lines are not decoded, so a reader that wants one
    /// kind of record does not pay for the whole journal.
    pub fn read_lines_with(
        path: impl AsRef<Path>,
        needle: &str,
    ) -> Result<Vec<AuditRecord>, AuditError> {
        let path = path.as_ref();
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(AuditError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let mut records = Vec::new();
        for (number, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) || finder.find(line).is_none() {
                continue;
            }
            match serde_json::from_slice::<AuditRecord>(line) {
                Ok(record) => records.push(record),
                Err(err) => tracing::warn!(
                    "{}:{}: skipping unreadable audit record: {err}",
                    path.display(),
                    number + 1
                ),
            }
        }
        Ok(records)
    }
}

/// The one path every Mutate or Credential operation goes through:
/// policy gate → "started" → the call → "finished".
///
/// A refusal is journaled too (a started and a finished `Refused` record):
/// an attempt to change a read-only estate is exactly what an auditor wants
/// to see, and "every attempt has a started and a finished record" then holds
/// without exceptions. If the journal cannot be written, the refusal is still
/// returned: refusing is the safe outcome either way.
///
/// Read effects are not journaled: the journal records changes and
/// credentials, and reads pass straight to `f`.
pub async fn journaled<T, E, F, Fut>(
    journal: &Journal,
    ctx: &AuditContext,
    policy: &Policy,
    effect: &Effect,
    f: F,
) -> Result<T, OpError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Completed<T>, E>>,
    E: Into<OpError>,
{
    gate(journal, ctx, policy, effect)?;
    if effect.class() == EffectClass::Read {
        return f().await.map(|done| done.value).map_err(Into::into);
    }
    // No record, no call: an unjournaled change is worse than none.
    let id = journal.started(ctx, effect).map_err(OpError::NotRecorded)?;
    match f().await {
        Ok(done) => {
            let outcome = match done.read_back {
                Some(checked) => Outcome::Confirmed { checked },
                None => Outcome::Succeeded {
                    request_id: done.request_id,
                },
            };
            journal
                .finished(&id, outcome)
                .map_err(|source| OpError::SucceededUnrecorded {
                    action: effect.action(),
                    target: effect.target(),
                    source,
                })?;
            Ok(done.value)
        }
        Err(err) => {
            let err: OpError = err.into();
            let (code, message) = (err.code().to_owned(), err.to_string());
            let outcome = if err.outcome_unknown() {
                Outcome::Unknown { code, message }
            } else {
                Outcome::Failed { code, message }
            };
            if let Err(audit) = journal.finished(&id, outcome) {
                // The failure is what the user must act on; the journal
                // failure goes to the log.
                tracing::error!("cannot journal the failure of {}: {audit}", effect.action());
            }
            Err(err)
        }
    }
}

/// The policy gate alone, journaling a refusal exactly as [`journaled`]
/// does. For operations that must read before they change (an offboarding
/// plan, a batch's existing users, a domain's auth mode): asking the gate
/// first means a read-only session is refused before any request is sent.
pub fn gate(
    journal: &Journal,
    ctx: &AuditContext,
    policy: &Policy,
    effect: &Effect,
) -> Result<(), OpError> {
    let Err(refused) = policy.check(effect) else {
        return Ok(());
    };
    match journal.started(ctx, effect) {
        Ok(id) => {
            let outcome = Outcome::Refused {
                reason: refused.to_string(),
            };
            if let Err(err) = journal.finished(&id, outcome) {
                tracing::error!("cannot journal a refusal: {err}");
            }
        }
        Err(err) => tracing::error!("cannot journal a refusal: {err}"),
    }
    Err(OpError::Refused(refused))
}

fn class_name(class: EffectClass) -> &'static str {
    match class {
        EffectClass::Read => "read",
        EffectClass::Mutate => "mutate",
        EffectClass::Credential => "credential",
    }
}

/// Unique across threads (counter) and processes (pid) and restarts (time).
fn new_attempt_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    format!("{nanos:x}-{:x}-{n:x}", std::process::id())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn attempt_ids_are_unique() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_attempt_id()).collect();
        assert_eq!(ids.len(), 1000);
    }
}
