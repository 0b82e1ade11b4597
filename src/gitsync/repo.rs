//! Reading a local Git repository with libgit2 (the `git2` crate): a file's
//! blob at a ref, the commit it belongs to, and whether the worktree has
//! uncommitted changes. Blocking: async callers use a blocking thread.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository, StatusOptions};

use super::mapping::Mapping;

/// A script as Git has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitBlob {
    pub bytes: Vec<u8>,
    /// The full SHA of the commit the ref points at.
    pub commit: String,
}

/// Why a script could not be read from Git; each names the repository.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    #[error("no Git repository at {}: {message}", repository.display())]
    NoRepository {
        repository: PathBuf,
        message: String,
    },
    #[error("no branch, tag or commit {git_ref:?} in {}", repository.display())]
    RefNotFound {
        repository: PathBuf,
        git_ref: String,
    },
    #[error("{path} does not exist at {git_ref} ({}) in {}", short(commit), repository.display())]
    FileMissing {
        repository: PathBuf,
        path: String,
        git_ref: String,
        commit: String,
    },
    #[error("{path} at {git_ref} in {} is not a file", repository.display())]
    NotAFile {
        repository: PathBuf,
        path: String,
        git_ref: String,
    },
    /// A symlink or a submodule where the script should be: pushing its
    /// blob would deploy the link's target path as the script.
    #[error(
        "{path} at {git_ref} in {} is {what} (mode {mode:o}), not a regular file: only files (mode 100644 or 100755) are pushed",
        repository.display()
    )]
    NotRegular {
        repository: PathBuf,
        path: String,
        git_ref: String,
        what: &'static str,
        mode: i32,
    },
    #[error("git error in {}: {message}", repository.display())]
    Git {
        repository: PathBuf,
        message: String,
    },
}

/// The first 12 hex digits of a SHA, as people quote them.
pub fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

fn open(repository: &Path) -> Result<Repository, GitError> {
    // No discovery upwards: the configured path is the repository, so a typo
    // cannot silently pick up an enclosing one (a home directory in Git).
    Repository::open(repository).map_err(|e| GitError::NoRepository {
        repository: repository.to_path_buf(),
        message: e.message().to_owned(),
    })
}

/// The blob of `mapping.path` at `mapping.git_ref` (a branch's head, a tag
/// or a commit) and that commit's SHA.
pub fn read_blob(mapping: &Mapping) -> Result<GitBlob, GitError> {
    let repository = &mapping.repository;
    let repo = open(repository)?;
    let git = |e: git2::Error| GitError::Git {
        repository: repository.clone(),
        message: e.message().to_owned(),
    };
    let commit = repo
        .revparse_single(&mapping.git_ref)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| match e.code() {
            git2::ErrorCode::NotFound
            | git2::ErrorCode::InvalidSpec
            | git2::ErrorCode::Ambiguous => GitError::RefNotFound {
                repository: repository.clone(),
                git_ref: mapping.git_ref.clone(),
            },
            _ => git(e),
        })?;
    let sha = commit.id().to_string();
    let tree = commit.tree().map_err(git)?;
    let entry = tree
        .get_path(Path::new(&mapping.path))
        .map_err(|e| match e.code() {
            git2::ErrorCode::NotFound => GitError::FileMissing {
                repository: repository.clone(),
                path: mapping.path.clone(),
                git_ref: mapping.git_ref.clone(),
                commit: sha.clone(),
            },
            _ => git(e),
        })?;
    let not_a_file = || GitError::NotAFile {
        repository: repository.clone(),
        path: mapping.path.clone(),
        git_ref: mapping.git_ref.clone(),
    };
    if entry.kind() != Some(ObjectType::Blob) {
        return Err(not_a_file());
    }
    // A blob can still be a symlink (120000): its content is the target path.
    let mode = entry.filemode();
    if mode != 0o100644 && mode != 0o100755 {
        return Err(GitError::NotRegular {
            repository: repository.clone(),
            path: mapping.path.clone(),
            git_ref: mapping.git_ref.clone(),
            what: if mode == 0o120000 {
                "a symbolic link"
            } else {
                "not a plain file"
            },
            mode,
        });
    }
    let blob = repo.find_blob(entry.id()).map_err(git)?;
    Ok(GitBlob {
        bytes: blob.content().to_vec(),
        commit: sha,
    })
}

/// Tracked files with uncommitted changes (staged or not), as paths; empty
/// for a clean worktree or a bare repository. Untracked files do not count,
/// as with `git describe --dirty`: they cannot change what a commit holds.
pub fn dirty_paths(repository: &Path) -> Result<Vec<String>, GitError> {
    let repo = open(repository)?;
    if repo.is_bare() {
        return Ok(Vec::new());
    }
    let mut options = StatusOptions::new();
    options
        .include_untracked(false)
        .include_ignored(false)
        .exclude_submodules(true);
    let statuses = repo
        .statuses(Some(&mut options))
        .map_err(|e| GitError::Git {
            repository: repository.to_path_buf(),
            message: e.message().to_owned(),
        })?;
    Ok(statuses
        .iter()
        .filter(|s| !s.status().is_empty())
        .map(|s| s.path().unwrap_or("<non-UTF-8 path>").to_owned())
        .collect())
}

/// How the repository is named in S3 metadata and the journal: its `origin`
/// URL without any credentials in it, else its absolute path.
pub fn repository_label(repository: &Path) -> String {
    let origin = open(repository).ok().and_then(|repo| {
        repo.find_remote("origin")
            .ok()
            .and_then(|r| r.url().ok().map(strip_userinfo))
    });
    origin.unwrap_or_else(|| {
        std::fs::canonicalize(repository)
            .unwrap_or_else(|_| repository.to_path_buf())
            .display()
            .to_string()
    })
}

/// `https://user:token@host/x` → `https://host/x`: a token in a remote URL
/// must not travel into object metadata or the journal.
fn strip_userinfo(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            if path.is_empty() && !rest.contains('/') {
                format!("{scheme}://{host}")
            } else {
                format!("{scheme}://{host}/{path}")
            }
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::gitsync::mapping::MappingSource;

    /// A repository with one commit of `files` on `main`.
    fn repo_with(files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let mut index = repo.index().unwrap();
        for (path, _) in files {
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Test", "test@example.com").unwrap();
        let commit = repo
            .commit(Some("refs/heads/main"), &sig, &sig, "first", &tree, &[])
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();
        (dir, commit.to_string())
    }

    fn mapping(dir: &Path, path: &str, git_ref: &str) -> Mapping {
        Mapping {
            repository: dir.to_path_buf(),
            path: path.into(),
            git_ref: git_ref.into(),
            source: MappingSource::Job,
        }
    }

    #[test]
    fn reads_the_blob_at_the_branch_head() {
        let (dir, sha) = repo_with(&[("glue/etl.py", "print('v1')\n")]);
        let blob = read_blob(&mapping(dir.path(), "glue/etl.py", "main")).unwrap();
        assert_eq!(blob.bytes, b"print('v1')\n");
        assert_eq!(blob.commit, sha);
        // By commit SHA too.
        let by_sha = read_blob(&mapping(dir.path(), "glue/etl.py", &sha)).unwrap();
        assert_eq!(by_sha, blob);
        assert!(dirty_paths(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn errors_name_what_is_missing() {
        let (dir, _) = repo_with(&[("glue/etl.py", "x\n")]);
        assert!(matches!(
            read_blob(&mapping(dir.path(), "glue/other.py", "main")),
            Err(GitError::FileMissing { .. })
        ));
        assert!(matches!(
            read_blob(&mapping(dir.path(), "glue", "main")),
            Err(GitError::NotAFile { .. })
        ));
        let e = read_blob(&mapping(dir.path(), "glue/etl.py", "nope")).unwrap_err();
        assert!(matches!(e, GitError::RefNotFound { .. }), "{e:?}");
        assert!(e.to_string().contains("\"nope\""), "{e}");
        let empty = tempfile::tempdir().unwrap();
        let e = read_blob(&mapping(empty.path(), "a.py", "main")).unwrap_err();
        assert!(matches!(e, GitError::NoRepository { .. }), "{e:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_committed_symlink_is_never_read_as_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        std::fs::create_dir_all(dir.path().join("glue")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("glue/x.py")).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("glue/x.py")).unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Test", "test@example.com").unwrap();
        repo.commit(Some("refs/heads/main"), &sig, &sig, "link", &tree, &[])
            .unwrap();
        let e = read_blob(&mapping(dir.path(), "glue/x.py", "main")).unwrap_err();
        assert!(
            matches!(e, GitError::NotRegular { mode: 0o120000, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }

    #[test]
    fn modified_tracked_files_make_it_dirty_untracked_ones_do_not() {
        let (dir, _) = repo_with(&[("glue/etl.py", "x\n")]);
        std::fs::write(dir.path().join("notes.txt"), "untracked").unwrap();
        assert!(dirty_paths(dir.path()).unwrap().is_empty());
        std::fs::write(dir.path().join("glue/etl.py"), "y\n").unwrap();
        assert_eq!(dirty_paths(dir.path()).unwrap(), ["glue/etl.py"]);
    }

    #[test]
    fn labels_strip_credentials() {
        assert_eq!(
            strip_userinfo("https://bot:ghp_secret@github.example/org/etl.git"),
            "https://github.example/org/etl.git"
        );
        assert_eq!(
            strip_userinfo("git@host:org/etl.git"),
            "git@host:org/etl.git"
        );
        let (dir, _) = repo_with(&[("a.py", "x")]);
        assert!(repository_label(dir.path()).starts_with('/'));
        Repository::open(dir.path())
            .unwrap()
            .remote("origin", "https://u:p@git.example/etl.git")
            .unwrap();
        assert_eq!(repository_label(dir.path()), "https://git.example/etl.git");
    }
}
