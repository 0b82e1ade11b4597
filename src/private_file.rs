//! Files only their owner may read: the log and the audit journal hold
//! account ids, role ARNs and error text. Created 0600 in directories
//! created 0700; a symlink, a FIFO or a device at the path is refused
//! rather than followed, so nobody can point dsadmin's appends at a file
//! of their choosing.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` for appending (and reading), creating it and its missing
/// parent directories privately. An existing file is narrowed to 0600.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dirs(parent)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW: a symlink at the path fails the open instead of
        // being followed (checked by the kernel, so no race with a check).
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| explain_link(path, e))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    #[cfg(unix)]
    {
        // `mode` only applies on creation: tighten a file someone made wider.
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

/// Replaces the file at `path` with `bytes`, privately and whole: written
/// to a new 0600 file beside it, synced, then renamed over it, so a crash
/// leaves the old contents or the new, never half of each. A symlink at
/// `path` is replaced, not followed.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        create_private_dirs(parent)?;
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    // Unique per call, so two writers (two handles, two processes) never
    // share, or remove, each other's new file.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp_name = name.to_os_string();
    tmp_name.push(format!(".{}.{call}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(&tmp)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_data()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        // Ours: created by the open above.
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// `mkdir -p` with 0700 for every directory it creates (existing ones are
/// left as they are: they may be shared on purpose, like ~/.local/state).
fn create_private_dirs(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The kernel's ELOOP for O_NOFOLLOW on a symlink, in words.
fn explain_link(path: &Path, e: io::Error) -> io::Error {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a symbolic link: refusing to follow it (point the setting at the real file)",
                path.display()
            ),
        )
    } else {
        e
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn creates_private_files_in_private_dirs_and_refuses_links() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new/dir/file.log");
        let mut f = open_append(&path).unwrap();
        writeln!(f, "x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&tmp.path().join("new/dir")), 0o700);
        assert_eq!(mode(&tmp.path().join("new")), 0o700);

        // A file made world-readable is narrowed on the next open.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_append(&path).unwrap();
        assert_eq!(mode(&path), 0o600);

        // A symlink is refused, and its target untouched.
        let target = tmp.path().join("target");
        std::fs::write(&target, "keep").unwrap();
        let link = tmp.path().join("link.log");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = open_append(&link).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");

        // A FIFO opens (read and write: no wait for a reader) but is not a
        // regular file; a directory does not open for appending at all.
        let fifo = tmp.path().join("fifo.log");
        let c_path = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let err = open_append(&fifo).unwrap_err();
        assert!(err.to_string().contains("is not a regular file"), "{err}");
        assert!(open_append(tmp.path()).is_err());
    }
}
