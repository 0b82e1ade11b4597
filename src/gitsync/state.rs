//! The sync state of one job: how its deployed script compares with Git.

use super::repo::GitError;

/// What the Jobs tab's Git column shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// The deployed object's bytes equal the blob at the ref.
    InSync,
    /// They differ, or nothing is deployed at the ScriptLocation.
    Drifted,
    /// No mapping, or the convention's file is not in the repository.
    NotMapped { reason: String },
    /// The repository has uncommitted changes (`drifted`: and the deployed
    /// script also differs from the commit).
    Dirty { drifted: bool },
    /// Git or S3 could not be read; the message says which and why.
    Error { message: String },
}

impl SyncState {
    /// The deployed bytes (`None`: no object) against the blob.
    pub fn compare(deployed: Option<&[u8]>, blob: &[u8], dirty: bool) -> SyncState {
        let drifted = deployed != Some(blob);
        match (dirty, drifted) {
            (true, drifted) => SyncState::Dirty { drifted },
            (false, true) => SyncState::Drifted,
            (false, false) => SyncState::InSync,
        }
    }

    /// A Git read failure: a convention mapping whose file is not there just
    /// means the job is not in Git; anything else is an error to show.
    pub fn from_git_error(err: &GitError, convention: bool) -> SyncState {
        match err {
            GitError::FileMissing { path, .. } if convention => SyncState::NotMapped {
                reason: format!("no {path} in the repository"),
            },
            other => SyncState::Error {
                message: other.to_string(),
            },
        }
    }

    /// The word in the table cell.
    pub fn label(&self) -> &'static str {
        match self {
            SyncState::InSync => "in-sync",
            SyncState::Drifted => "drifted",
            SyncState::NotMapped { .. } => "not-mapped",
            SyncState::Dirty { .. } => "dirty",
            SyncState::Error { .. } => "error",
        }
    }

    /// One line for the detail view and the CLI.
    pub fn describe(&self) -> String {
        match self {
            SyncState::InSync => "in-sync: the deployed script is the blob in Git".to_owned(),
            SyncState::Drifted => "drifted: the deployed script differs from Git".to_owned(),
            SyncState::NotMapped { reason } => format!("not-mapped: {reason}"),
            SyncState::Dirty { drifted: true } => {
                "dirty: uncommitted changes in the repository; the deployed script also differs from the commit".to_owned()
            }
            SyncState::Dirty { drifted: false } => {
                "dirty: uncommitted changes in the repository; the deployed script is the commit's".to_owned()
            }
            SyncState::Error { message } => format!("error: {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn states_from_bytes_and_dirtiness() {
        assert_eq!(
            SyncState::compare(Some(b"a"), b"a", false),
            SyncState::InSync
        );
        assert_eq!(
            SyncState::compare(Some(b"a"), b"b", false),
            SyncState::Drifted
        );
        // Nothing deployed yet differs from any blob, even an empty one.
        assert_eq!(SyncState::compare(None, b"", false), SyncState::Drifted);
        assert_eq!(
            SyncState::compare(Some(b"a"), b"a", true),
            SyncState::Dirty { drifted: false }
        );
        assert_eq!(
            SyncState::compare(Some(b"a"), b"b", true),
            SyncState::Dirty { drifted: true }
        );
        assert_eq!(SyncState::Drifted.label(), "drifted");
    }

    #[test]
    fn a_missing_file_is_not_mapped_only_by_convention() {
        let err = GitError::FileMissing {
            repository: PathBuf::from("/r"),
            path: "glue/x.py".into(),
            git_ref: "main".into(),
            commit: "0123456789abcdef".into(),
        };
        assert!(matches!(
            SyncState::from_git_error(&err, true),
            SyncState::NotMapped { reason } if reason.contains("glue/x.py")
        ));
        match SyncState::from_git_error(&err, false) {
            SyncState::Error { message } => {
                assert!(
                    message.contains("glue/x.py does not exist at main (0123456789ab)"),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
