//! The last-known inventory on disk: each tab's list as it last finished
//! loading, per account and region, so the TUI opens with rows at once
//! (marked with their age) while it lists again.
//!
//! `$XDG_CACHE_HOME/dsadmin/inventory/ACCOUNT/REGION/KIND.json`, files 0600
//! in directories 0700 (`private_file`). What is kept is the rows as the
//! list calls and follow-ups gave them (names, ARNs, states, tags): never
//! credentials or presigned URLs, which no row holds. `--no-cache` turns it
//! off; the demo estate never writes it. A file that cannot be read or
//! parsed is ignored (the list loads as if there were none).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Bumped when a kept file's shape changes: an older one is ignored.
const VERSION: u32 = 1;

/// Where the last-known lists are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastKnown {
    dir: PathBuf,
}

/// A kept list: when it was listed, and its rows as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub listed_at: DateTime<Utc>,
    pub rows: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct File<T> {
    version: u32,
    listed_at: DateTime<Utc>,
    rows: T,
}

/// A path part that is safe as a directory name: account ids are 12
/// digits, regions and kinds lowercase letters, digits and dashes.
fn safe(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 64
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl LastKnown {
    /// Kept under `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The platform's cache directory (`$XDG_CACHE_HOME/dsadmin/inventory`,
    /// `~/.cache/dsadmin/inventory`); `None` without a home directory.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "dsadmin").map(|d| d.cache_dir().join("inventory"))
    }

    /// The file of `kind` in `account` and `region`; `None` for a part that
    /// is not a plain name (never a path out of the directory).
    fn path(&self, account: &str, region: &str, kind: &str) -> Option<PathBuf> {
        (safe(account) && safe(region) && safe(kind)).then(|| {
            self.dir
                .join(account)
                .join(region)
                .join(format!("{kind}.json"))
        })
    }

    /// Keeps `rows` (already JSON) as `kind`'s last-known list.
    pub fn save(
        &self,
        account: &str,
        region: &str,
        kind: &str,
        listed_at: DateTime<Utc>,
        rows: &serde_json::Value,
    ) -> std::io::Result<()> {
        let path = self.path(account, region, kind).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("not a place to keep a list: {account}/{region}/{kind}"),
            )
        })?;
        let bytes = serde_json::to_vec(&File {
            version: VERSION,
            listed_at,
            rows,
        })?;
        crate::private_file::replace(&path, &bytes)
    }

    /// `kind`'s last-known list in `account` and `region`, if one was kept
    /// and reads back.
    pub fn load(&self, account: &str, region: &str, kind: &str) -> Option<Kept> {
        let path = self.path(account, region, kind)?;
        let bytes = read_private(&path)?;
        let file: File<serde_json::Value> = serde_json::from_slice(&bytes).ok()?;
        (file.version == VERSION).then_some(Kept {
            listed_at: file.listed_at,
            rows: file.rows,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The largest kept list read back (100,000 user profiles are ~60 MB).
const MAX_BYTES: u64 = 512 << 20;

/// The file's bytes when it is a regular file (not a symlink) of a sane
/// size that only its owner, this user, may change: rows written by
/// someone else must not be shown as this account's.
fn read_private(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: getuid has no preconditions and cannot fail.
        let me = unsafe { libc::getuid() };
        if meta.uid() != me || meta.permissions().mode() & 0o022 != 0 {
            return None;
        }
    }
    std::fs::read(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_list_reads_back_private_and_only_from_plain_names() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let kept = LastKnown::at(dir.path());
        let at = DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"));
        let rows = serde_json::json!([{"name": "claims-ingest"}]);
        kept.save("111111111111", "eu-west-2", "jobs", at, &rows)
            .unwrap_or_else(|e| panic!("{e}"));
        let back = kept.load("111111111111", "eu-west-2", "jobs");
        assert_eq!(
            back,
            Some(Kept {
                listed_at: at,
                rows: rows.clone()
            })
        );
        assert_eq!(kept.load("111111111111", "eu-west-1", "jobs"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = dir.path().join("111111111111/eu-west-2/jobs.json");
            let mode = std::fs::metadata(&file)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o600);
            let parent = std::fs::metadata(dir.path().join("111111111111/eu-west-2"))
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(parent, 0o700);
        }
        // Never a path out of the directory.
        assert!(kept.save("..", "eu-west-2", "jobs", at, &rows).is_err());
        assert!(kept
            .save("111111111111", "eu-west-2/../../x", "jobs", at, &rows)
            .is_err());
        assert_eq!(kept.load("111111111111", "..", "jobs"), None);
        // A file of another version, or not JSON, is no list.
        std::fs::write(
            dir.path().join("111111111111/eu-west-2/jobs.json"),
            b"{\"version\":0}",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept.load("111111111111", "eu-west-2", "jobs"), None);
    }
}
