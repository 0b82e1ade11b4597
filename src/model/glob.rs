//! Wildcard patterns: role ARNs in the config, actions in IAM policies.

/// `*` matches any run of characters (including none); everything else
/// matches itself. Iterative, so no pattern can make it recurse deeply.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    wildcard(&p, &t, false)
}

/// IAM's action wildcards: `*` any run of characters, `?` any one,
/// case-insensitive (`s3:Get*` matches `S3:GetObject`).
pub fn iam_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    wildcard(&p, &t, true)
}

/// `*` (and, when `question`, `?` for one character) against `t`.
fn wildcard(p: &[char], t: &[char], question: bool) -> bool {
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was and how much of the text it has swallowed.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && (p[pi] == t[ti] || question && p[pi] == '?') {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_wildcards() {
        assert!(iam_match("S3:Get*", "s3:GetObject"));
        assert!(iam_match("s3:GetObj?ct", "s3:GetObject"));
        assert!(!iam_match("s3:GetObj?ct", "s3:GetObjct"));
        assert!(iam_match("*", "iam:PassRole"));
        assert!(!iam_match("s3:*", "iam:PassRole"));
        // The config's patterns take `?` as itself.
        assert!(!glob_match("a?c", "abc") && glob_match("a?c", "a?c"));
    }
}
