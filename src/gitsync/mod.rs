//! Git → Glue: which file in which repository a Glue job's script comes from
//! (`mapping`), that file's blob at a branch head (`repo`), how the deployed
//! S3 object compares with it (`state`), the unified diff (`diff`) and the
//! sync state of every job at once (`status`, which reads the deployed
//! objects through the `Cloud` traits).
//!
//! Pure apart from reading local repositories and, in `status`, the cloud:
//! no terminal, no SDK types. Reading a repository blocks (libgit2), so async callers run it
//! on a blocking thread. The S3 side and the push itself live in
//! `ops::glue_push`, which goes through the policy gate and the journal.

pub mod demo;
pub mod diff;
pub mod mapping;
pub mod repo;
pub mod state;
pub mod status;

pub use diff::unified_diff;
pub use mapping::{GitSettings, JobMapping, Mapping, MappingSource, Overrides};
pub use repo::{dirty_paths, read_blob, repository_label, GitBlob, GitError};
pub use state::SyncState;
