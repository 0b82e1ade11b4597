//! S3 objects as the Glue script push sees them: bytes, ETag and metadata.

use std::collections::BTreeMap;
use std::fmt;

/// `s3://bucket/key`, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct S3Location {
    pub bucket: String,
    pub key: String,
}

impl S3Location {
    /// Parses a Glue ScriptLocation. `s3a://` and `s3n://` are accepted as
    /// Glue accepts them; the bucket and key must both be there.
    pub fn parse(uri: &str) -> Result<S3Location, String> {
        let rest = ["s3://", "s3a://", "s3n://"]
            .iter()
            .find_map(|p| uri.strip_prefix(p))
            .ok_or_else(|| format!("{uri:?} is not an s3:// location"))?;
        match rest.split_once('/') {
            Some((bucket, key)) if !bucket.is_empty() && !key.is_empty() => Ok(S3Location {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
            }),
            _ => Err(format!("{uri:?} needs a bucket and a key: s3://BUCKET/KEY")),
        }
    }
}

impl fmt::Display for S3Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

/// An object's identity without its bytes (HeadObject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectHead {
    /// As S3 sends it, quotes included; compared, never parsed.
    pub etag: Option<String>,
    /// User metadata (`x-amz-meta-*`), keys without the prefix.
    pub metadata: BTreeMap<String, String>,
}

/// An object with its bytes (GetObject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Object {
    pub bytes: Vec<u8>,
    pub head: ObjectHead,
}

/// The condition a PutObject carries so a concurrent change is not lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutCondition {
    /// Only if the object still has this ETag (`If-Match`).
    IfMatch(String),
    /// Only if there is no object yet (`If-None-Match: *`).
    IfAbsent,
    /// No condition: only when S3 gave no ETag to match against.
    Any,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_script_locations() {
        let l = S3Location::parse("s3://aws-glue-scripts/jobs/etl.py").unwrap();
        assert_eq!(
            (l.bucket.as_str(), l.key.as_str()),
            ("aws-glue-scripts", "jobs/etl.py")
        );
        assert_eq!(l.to_string(), "s3://aws-glue-scripts/jobs/etl.py");
        assert!(S3Location::parse("s3a://b/k.py").is_ok());
        for bad in [
            "",
            "https://b/k",
            "s3://",
            "s3://bucket",
            "s3://bucket/",
            "s3:///k",
        ] {
            assert!(S3Location::parse(bad).is_err(), "{bad}");
        }
    }
}
