//! The `[git]` config: job → repository, file and branch, with a convention
//! for jobs not listed (`script_path = "glue/{job}.py"` in one repository).

use std::path::PathBuf;

use serde::Deserialize;

/// The branch read when neither the job nor `[git]` names one.
pub const DEFAULT_BRANCH: &str = "main";
/// Where a job's script lives by convention, relative to the repository root.
pub const DEFAULT_SCRIPT_PATH: &str = "glue/{job}.py";
/// Replaced by the job's name in `script_path`.
pub const JOB_PLACEHOLDER: &str = "{job}";

/// The `[git]` section after merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSettings {
    /// The repository every job maps to by convention; `None`: only the jobs
    /// in `jobs` are mapped.
    pub repository: Option<PathBuf>,
    pub branch: String,
    /// The convention, with `{job}` for the job's name.
    pub script_path: String,
    /// Explicit mappings (`[[git.jobs]]`), which win over the convention.
    pub jobs: Vec<JobMapping>,
}

impl Default for GitSettings {
    fn default() -> Self {
        Self {
            repository: None,
            branch: DEFAULT_BRANCH.to_owned(),
            script_path: DEFAULT_SCRIPT_PATH.to_owned(),
            jobs: Vec::new(),
        }
    }
}

/// One `[[git.jobs]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JobMapping {
    pub job: String,
    /// Defaults to `[git] repository`.
    #[serde(default)]
    pub repository: Option<PathBuf>,
    /// The script's path inside the repository.
    pub path: String,
    /// Defaults to `[git] branch`.
    #[serde(default)]
    pub branch: Option<String>,
}

/// Where a mapping came from: a missing file means "not in Git" for the
/// convention, but is an error for a mapping someone wrote down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MappingSource {
    /// A `[[git.jobs]]` entry.
    Job,
    /// `[git] repository` + `script_path`.
    Convention,
    /// `--repo`, `--path` or `--ref` on the command line.
    CommandLine,
}

/// A job's script in Git, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mapping {
    pub repository: PathBuf,
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    /// A branch (its head is read), tag or commit.
    pub git_ref: String,
    pub source: MappingSource,
}

/// Command-line replacements for a job's mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub repository: Option<PathBuf>,
    pub path: Option<String>,
    pub git_ref: Option<String>,
}

impl Overrides {
    fn any(&self) -> bool {
        self.repository.is_some() || self.path.is_some() || self.git_ref.is_some()
    }
}

/// A problem with the `[git]` section: `entry` is the index in `jobs` (None:
/// the section itself) and `field` the key, so settings can point at the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub entry: Option<usize>,
    pub field: &'static str,
    pub message: String,
}

impl GitSettings {
    /// The job's mapping: its `[[git.jobs]]` entry, else the convention when
    /// `[git] repository` is set, each field replaced by `overrides` when
    /// given. `None`: no repository is known for the job.
    pub fn mapping(&self, job: &str, overrides: &Overrides) -> Option<Mapping> {
        let entry = self.jobs.iter().find(|m| m.job == job);
        let repository = overrides
            .repository
            .clone()
            .or_else(|| entry.and_then(|e| e.repository.clone()))
            .or_else(|| self.repository.clone())?;
        let path = overrides
            .path
            .clone()
            .or_else(|| entry.map(|e| e.path.clone()))
            .unwrap_or_else(|| self.script_path.replace(JOB_PLACEHOLDER, job));
        let git_ref = overrides
            .git_ref
            .clone()
            .or_else(|| entry.and_then(|e| e.branch.clone()))
            .unwrap_or_else(|| self.branch.clone());
        let source = if overrides.any() {
            MappingSource::CommandLine
        } else if entry.is_some() {
            MappingSource::Job
        } else {
            MappingSource::Convention
        };
        Some(Mapping {
            repository: expand_home(repository),
            path,
            git_ref,
            source,
        })
    }

    /// Every rule the section must follow; the first problem found.
    pub fn validate(&self) -> Result<(), Invalid> {
        let section = |field, message| Invalid {
            entry: None,
            field,
            message,
        };
        if let Some(r) = &self.repository {
            if r.as_os_str().is_empty() {
                return Err(section("repository", "git.repository is empty".into()));
            }
        }
        ref_name(&self.branch).map_err(|m| section("branch", format!("git.branch: {m}")))?;
        repo_path(&self.script_path)
            .map_err(|m| section("script_path", format!("git.script_path: {m}")))?;
        if !self.script_path.contains(JOB_PLACEHOLDER) {
            return Err(section(
                "script_path",
                format!(
                    "git.script_path {:?} must contain {JOB_PLACEHOLDER}, or every job would map to the same file",
                    self.script_path
                ),
            ));
        }
        if self
            .script_path
            .replace(JOB_PLACEHOLDER, "")
            .contains(['{', '}'])
        {
            return Err(section(
                "script_path",
                format!(
                    "git.script_path {:?}: {JOB_PLACEHOLDER} is the only placeholder",
                    self.script_path
                ),
            ));
        }
        for (i, m) in self.jobs.iter().enumerate() {
            let entry = |field, message: String| Invalid {
                entry: Some(i),
                field,
                message: format!("git.jobs entry for {:?}: {message}", m.job),
            };
            job_name(&m.job).map_err(|e| entry("job", e))?;
            if self.jobs[..i].iter().any(|other| other.job == m.job) {
                return Err(entry("job", "the job is mapped twice".into()));
            }
            repo_path(&m.path).map_err(|e| entry("path", e))?;
            if let Some(b) = &m.branch {
                ref_name(b).map_err(|e| entry("branch", e))?;
            }
            match (&m.repository, &self.repository) {
                (Some(r), _) if r.as_os_str().is_empty() => {
                    return Err(entry("repository", "repository is empty".into()))
                }
                (None, None) => {
                    return Err(entry(
                        "repository",
                        "no repository: set repository here or in [git]".into(),
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// `~/x` → `$HOME/x`: TOML has no shell, and repositories live under home.
fn expand_home(path: PathBuf) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path,
    }
}

/// Glue job names: 1–255 characters on one line.
pub fn job_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.chars().count() > 255 || name.chars().any(char::is_control) {
        return Err(format!(
            "job name {name:?} must be 1–255 characters on one line"
        ));
    }
    Ok(())
}

/// A file path inside a repository: relative, `/`-separated, no `.` or `..`.
pub fn repo_path(path: &str) -> Result<(), String> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.ends_with('/')
        || path.contains('\\')
        || path.chars().any(char::is_control)
        || path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..");
    if bad {
        return Err(format!(
            "path {path:?} must be a file path relative to the repository root, like glue/etl.py (/-separated, no . or ..)"
        ));
    }
    Ok(())
}

/// A branch, tag or commit as `git check-ref-format` would accept it (the
/// rules that matter for a name typed into a config file or a flag).
pub fn ref_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name.starts_with('-')
        || name.starts_with('/')
        || name.ends_with('/')
        || name.ends_with('.')
        || name.ends_with(".lock")
        || name.contains("..")
        || name.contains("//")
        || name.contains("@{")
        || name
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "~^:?*[\\".contains(c));
    if bad {
        return Err(format!(
            "{name:?} is not a valid branch, tag or commit name"
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn settings() -> GitSettings {
        GitSettings {
            repository: Some("/src/glue".into()),
            branch: "main".into(),
            script_path: "jobs/{job}/main.py".into(),
            jobs: vec![JobMapping {
                job: "claims".into(),
                repository: Some("/src/claims".into()),
                path: "etl/ingest.py".into(),
                branch: Some("release".into()),
            }],
        }
    }

    #[test]
    fn explicit_entry_then_convention_then_overrides() {
        let s = settings();
        let m = s.mapping("claims", &Overrides::default()).unwrap();
        assert_eq!(m.repository, PathBuf::from("/src/claims"));
        assert_eq!(m.path, "etl/ingest.py");
        assert_eq!(m.git_ref, "release");
        assert_eq!(m.source, MappingSource::Job);

        let m = s.mapping("fraud", &Overrides::default()).unwrap();
        assert_eq!(m.repository, PathBuf::from("/src/glue"));
        assert_eq!(m.path, "jobs/fraud/main.py");
        assert_eq!(m.git_ref, "main");
        assert_eq!(m.source, MappingSource::Convention);

        let o = Overrides {
            git_ref: Some("v2".into()),
            ..Default::default()
        };
        let m = s.mapping("claims", &o).unwrap();
        assert_eq!(
            (m.path.as_str(), m.git_ref.as_str()),
            ("etl/ingest.py", "v2")
        );
        assert_eq!(m.source, MappingSource::CommandLine);
    }

    #[test]
    fn without_a_repository_only_listed_jobs_are_mapped() {
        let mut s = settings();
        s.repository = None;
        assert!(s.mapping("fraud", &Overrides::default()).is_none());
        assert!(s.mapping("claims", &Overrides::default()).is_some());
        let o = Overrides {
            repository: Some("/tmp/r".into()),
            ..Default::default()
        };
        assert_eq!(s.mapping("fraud", &o).unwrap().path, "jobs/fraud/main.py");
        assert!(GitSettings::default()
            .mapping("x", &Overrides::default())
            .is_none());
    }

    #[test]
    fn validation_names_the_entry_and_field() {
        assert!(settings().validate().is_ok());
        assert!(GitSettings::default().validate().is_ok());
        let mut s = settings();
        s.script_path = "glue/etl.py".into();
        assert_eq!(s.validate().unwrap_err().field, "script_path");
        let mut s = settings();
        s.script_path = "glue/{job}/{name}.py".into();
        assert!(s
            .validate()
            .unwrap_err()
            .message
            .contains("only placeholder"));
        let mut s = settings();
        s.branch = "bad branch".into();
        assert_eq!(s.validate().unwrap_err().field, "branch");
        let mut s = settings();
        s.jobs.push(s.jobs[0].clone());
        let e = s.validate().unwrap_err();
        assert_eq!((e.entry, e.field), (Some(1), "job"));
        assert!(e.message.contains("twice"), "{}", e.message);
        let mut s = settings();
        s.jobs[0].path = "../etc/passwd".into();
        assert_eq!(s.validate().unwrap_err().field, "path");
        let mut s = settings();
        s.repository = None;
        s.jobs[0].repository = None;
        let e = s.validate().unwrap_err();
        assert_eq!((e.entry, e.field), (Some(0), "repository"));
    }

    #[test]
    fn paths_and_refs() {
        for ok in ["a.py", "glue/etl.py", "x/y/z.py"] {
            assert!(repo_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/abs.py",
            "a//b.py",
            "./a.py",
            "a/../b.py",
            "dir/",
            "a\\b.py",
        ] {
            assert!(repo_path(bad).is_err(), "{bad}");
        }
        for ok in ["main", "release/2026.11", "v1.2.3", "0123abcd", "HEAD"] {
            assert!(ref_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "-x", "a b", "a..b", "x.lock", "a:b", "a~1", "a^", "@{-1}",
        ] {
            assert!(ref_name(bad).is_err(), "{bad}");
        }
    }
}
