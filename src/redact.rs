//! Redaction of secrets: what the journal and the log never hold.
//!
//! A presigned URL or a session token is a credential; the journal records
//! an operation's parameters and error messages, so both pass through here
//! first. Pure text functions with no dependency, below every layer.

use serde_json::Value;

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// Whether a key names something secret. Compared without `_`/`-` and case,
/// so `authorized_url`, `AuthorizedUrl` and `session-token` all match.
fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const WORDS: [&str; 11] = [
        "url",
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "credential",
        "cookie",
        "authorization",
        "privatekey",
        "accesskey",
    ];
    if WORDS.iter().any(|w| k.contains(w)) {
        return true;
    }
    // "session" alone (a session id or token) is secret; a session's
    // duration (session_expiration_seconds) is not.
    k.contains("session") && !(k.ends_with("seconds") || k.ends_with("duration"))
}

/// Whether one whitespace-separated word of a value looks like a secret: a
/// URL with a query string (presigned S3 and Studio URLs carry the
/// credential there) or a SigV4 query parameter.
fn is_secret_word(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if [
        "x-amz-signature",
        "x-amz-security-token",
        "x-amz-credential",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        return true;
    }
    let is_url = lower.contains("https://") || lower.contains("http://");
    is_url && (lower.contains('?') || lower.contains("token=") || lower.contains("amazonaws.com"))
}

/// `text` with every secret-looking word replaced by [`REDACTED`], keeping
/// the rest (an error message stays readable).
pub fn redact_text(text: &str) -> String {
    if !text.split_whitespace().any(is_secret_word) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        out.push_str(if is_secret_word(word) { REDACTED } else { word });
        rest = &rest[end..];
    }
    out
}

/// Redacts a JSON value in place: values under secret-sounding keys
/// entirely, and secret-looking words in every other string.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key) && !v.is_null() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        Value::String(s) => {
            let clean = redact_text(s);
            if clean != *s {
                *s = clean;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_keys() {
        for k in [
            "url",
            "AuthorizedUrl",
            "authorized_url",
            "session_token",
            "SessionToken",
            "aws_secret_access_key",
            "password",
            "X-Amz-Signature",
            "session",
            "session_id",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "user",
            "domain_id",
            "session_expiration_seconds",
            "SessionExpirationDurationInSeconds",
            "script_location",
            "commit",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn redacts_by_key_and_by_value() {
        let mut v = json!({
            "user": "alice",
            "authorized_url": "https://d-1.studio.eu-west-1.sagemaker.aws/auth?token=abc",
            "nested": [{"token": "t0k3n"}, {"note": "see https://bucket.s3.amazonaws.com/k?X-Amz-Signature=ff now"}],
            "script_location": "s3://scripts/etl.py",
            "session_expiration_seconds": 1800,
            "url": null,
        });
        redact(&mut v);
        assert_eq!(v["user"], "alice");
        assert_eq!(v["authorized_url"], REDACTED);
        assert_eq!(v["nested"][0]["token"], REDACTED);
        assert_eq!(v["nested"][1]["note"], "see [redacted] now");
        assert_eq!(v["script_location"], "s3://scripts/etl.py");
        assert_eq!(v["session_expiration_seconds"], 1800);
        assert_eq!(v["url"], Value::Null);
    }

    #[test]
    fn redact_text_keeps_plain_text_and_spacing() {
        assert_eq!(
            redact_text("ResourceInUse: user exists"),
            "ResourceInUse: user exists"
        );
        assert_eq!(
            redact_text("bad  https://x.amazonaws.com/a?X-Amz-Credential=1\tend"),
            "bad  [redacted]\tend"
        );
        assert_eq!(redact_text("X-Amz-Security-Token=abc"), REDACTED);
    }
}
