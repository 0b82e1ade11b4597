//! Git repositories for the demo estate, so `--demo` shows Git → Glue at
//! work without any setup: most jobs in sync, some drifted, some not in
//! Git, and one mapped to a repository with uncommitted changes. They live
//! in a temporary directory that is removed when the returned value drops.

use std::path::{Path, PathBuf};

use super::mapping::{GitSettings, JobMapping};
use super::repo::GitError;

/// A demo job's deployed script, which the repositories are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoScript {
    pub job: String,
    pub deployed: String,
}

/// What one job gets in Git.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    InSync,
    Drifted,
    /// Not in the repository: the convention does not map it.
    Missing,
    /// In a repository of its own with an uncommitted change.
    Dirty,
}

/// Spreads the roles over the jobs (sorted by name) deterministically: one
/// job in seven drifted, one in seven missing, the first of a third kind dirty.
fn role(index: usize, dirty_taken: bool) -> Role {
    match index % 7 {
        2 => Role::Drifted,
        5 => Role::Missing,
        3 if !dirty_taken => Role::Dirty,
        _ => Role::InSync,
    }
}

/// The change a drifted job's Git version carries over the deployed one.
const GIT_CHANGE: &str =
    "\n# Fail loudly on an empty input (merged in Git, not yet deployed).\nif not args:\n    raise SystemExit(\"no arguments\")\n";

/// The repositories and the `[git]` settings that map the demo jobs to them.
#[derive(Debug)]
pub struct DemoRepositories {
    root: PathBuf,
    pub settings: GitSettings,
}

impl Drop for DemoRepositories {
    fn drop(&mut self) {
        // Best effort: a leftover temp directory is harmless.
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Creates the repositories under `root` (which must not exist yet).
pub fn create(root: &Path, scripts: &[DemoScript]) -> Result<DemoRepositories, GitError> {
    let fail = |repository: &Path, e: &dyn std::fmt::Display| GitError::Git {
        repository: repository.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(root).map_err(|e| fail(root, &e))?;
    // Made first so that a failure below removes what was written.
    let mut repos = DemoRepositories {
        root: root.to_path_buf(),
        settings: GitSettings::default(),
    };
    let shared = root.join("glue-jobs");
    let mut sorted: Vec<&DemoScript> = scripts.iter().collect();
    sorted.sort_by(|a, b| a.job.cmp(&b.job));
    let mut files = Vec::new();
    let mut dirty = None;
    for (i, script) in sorted.iter().enumerate() {
        match role(i, dirty.is_some()) {
            Role::InSync => files.push((script.job.clone(), script.deployed.clone())),
            Role::Drifted => {
                files.push((
                    script.job.clone(),
                    format!("{}{GIT_CHANGE}", script.deployed),
                ));
            }
            Role::Missing => {}
            Role::Dirty => dirty = Some(*script),
        }
    }
    let paths: Vec<(String, String)> = files
        .into_iter()
        .map(|(job, text)| (format!("glue/{job}.py"), text))
        .collect();
    commit_files(&shared, &paths).map_err(|e| fail(&shared, &e))?;

    let mut settings = GitSettings {
        repository: Some(shared),
        ..GitSettings::default()
    };
    if let Some(script) = dirty {
        let own = root.join(format!("{}-hotfix", script.job));
        let path = "job.py".to_owned();
        commit_files(&own, &[(path.clone(), script.deployed.clone())])
            .map_err(|e| fail(&own, &e))?;
        // Edited after the commit: the worktree is dirty, the commit is
        // still what is deployed.
        std::fs::write(
            own.join(&path),
            format!("{}# TODO: retry on throttling\n", script.deployed),
        )
        .map_err(|e| fail(&own, &e))?;
        settings.jobs.push(JobMapping {
            job: script.job.clone(),
            repository: Some(own),
            path,
            branch: None,
        });
    }
    repos.settings = settings;
    Ok(repos)
}

/// A new repository at `dir` with `files` committed on `main`.
fn commit_files(dir: &Path, files: &[(String, String)]) -> Result<(), git2::Error> {
    let repo = git2::Repository::init(dir)?;
    let mut index = repo.index()?;
    for (path, text) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| git2::Error::from_str(&e.to_string()))?;
        }
        std::fs::write(&full, text).map_err(|e| git2::Error::from_str(&e.to_string()))?;
        index.add_path(Path::new(path))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let who = git2::Signature::now("dsadmin demo", "demo@example.com")?;
    repo.commit(
        Some("refs/heads/main"),
        &who,
        &who,
        "Glue scripts",
        &tree,
        &[],
    )?;
    repo.set_head("refs/heads/main")?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::gitsync::{dirty_paths, read_blob, Overrides};

    fn scripts(n: usize) -> Vec<DemoScript> {
        (0..n)
            .map(|i| DemoScript {
                job: format!("job-{i:02}"),
                deployed: format!("print({i})\n"),
            })
            .collect()
    }

    #[test]
    fn every_state_is_represented_and_the_directory_goes_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo-git");
        let all = scripts(14);
        let repos = create(&root, &all).unwrap();
        let git = &repos.settings;
        let blob = |job: &str| {
            git.mapping(job, &Overrides::default())
                .map(|m| read_blob(&m).map(|b| String::from_utf8(b.bytes).unwrap()))
        };
        // In sync, drifted, missing, dirty.
        assert_eq!(blob("job-00").unwrap().unwrap(), "print(0)\n");
        assert!(blob("job-02").unwrap().unwrap().contains("Fail loudly"));
        assert!(blob("job-05").unwrap().is_err());
        let dirty = git.mapping("job-03", &Overrides::default()).unwrap();
        assert_eq!(read_blob(&dirty).unwrap().bytes, b"print(3)\n");
        assert_eq!(dirty_paths(&dirty.repository).unwrap(), ["job.py"]);
        // Only one dirty job; the shared repository is clean.
        assert_eq!(git.jobs.len(), 1);
        assert!(dirty_paths(git.repository.as_ref().unwrap())
            .unwrap()
            .is_empty());
        drop(repos);
        assert!(!root.exists());
    }
}
