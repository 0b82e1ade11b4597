//! The unified diff of the deployed script against the Git blob.

use similar::TextDiff;

/// Lines of context around each change, as `git diff` shows.
const CONTEXT: usize = 3;

/// `deployed` (None: no object) → `git`, as a unified diff with the two
/// labels as file names; empty when they are equal. Bytes that are not text
/// (a NUL, as git decides) get one line saying they differ.
pub fn unified_diff(
    deployed: Option<&[u8]>,
    git: &[u8],
    deployed_label: &str,
    git_label: &str,
) -> String {
    let old = deployed.unwrap_or_default();
    if deployed == Some(git) {
        return String::new();
    }
    if old.contains(&0) || git.contains(&0) {
        return format!("Binary files {deployed_label} and {git_label} differ\n");
    }
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(git);
    TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(CONTEXT)
        .header(deployed_label, git_label)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_removed_and_added_lines_with_headers() {
        let deployed = b"import sys\nprint('old')\nsys.exit(0)\n";
        let git = b"import sys\nprint('new')\nsys.exit(0)\n";
        let d = unified_diff(Some(deployed), git, "s3://b/etl.py", "main:glue/etl.py");
        assert_eq!(
            d,
            "--- s3://b/etl.py\n+++ main:glue/etl.py\n@@ -1,3 +1,3 @@\n import sys\n-print('old')\n+print('new')\n sys.exit(0)\n"
        );
    }

    #[test]
    fn equal_is_empty_missing_is_all_added_binary_is_one_line() {
        assert_eq!(unified_diff(Some(b"x\n"), b"x\n", "a", "b"), "");
        let d = unified_diff(None, b"x\ny\n", "a", "b");
        assert!(d.contains("@@ -0,0 +1,2 @@\n+x\n+y\n"), "{d}");
        assert_eq!(
            unified_diff(Some(b"\0\x01"), b"x", "a", "b"),
            "Binary files a and b differ\n"
        );
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let d = unified_diff(Some(b"x\n"), b"x", "a", "b");
        assert!(d.contains("No newline at end of file"), "{d}");
    }
}
