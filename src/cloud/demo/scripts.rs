//! The demo estate's S3: the Glue jobs' scripts as objects in memory, so a
//! Git mapping the user configures shows drift and a diff, and a push to the
//! demo changes them (in memory only).

use std::collections::BTreeMap;

use crate::cloud::{CloudError, CloudResult, PRECONDITION_FAILED};
use crate::model::{GlueJob, ObjectHead, PutCondition, S3Location, S3Object};

/// One object: its bytes, content-derived ETag and user metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    bytes: Vec<u8>,
    etag: String,
    metadata: BTreeMap<String, String>,
}

/// Every object of the demo estate, by bucket and key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectStore {
    objects: BTreeMap<(String, String), Object>,
}

/// A quoted hex digest of the bytes, as S3's ETag is (an MD5 there; FNV-1a
/// here, which is enough to tell contents apart in memory).
fn etag(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

impl ObjectStore {
    /// Each job's script at its ScriptLocation (jobs whose location does not
    /// parse get none).
    pub fn with_scripts(jobs: &[GlueJob]) -> ObjectStore {
        let mut store = ObjectStore::default();
        for job in jobs {
            if let Ok(loc) = S3Location::parse(&job.script_location) {
                store.insert(
                    &loc.bucket,
                    &loc.key,
                    glue_script(job).into_bytes(),
                    BTreeMap::new(),
                );
            }
        }
        store
    }

    fn insert(
        &mut self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: BTreeMap<String, String>,
    ) -> String {
        let tag = etag(&bytes);
        self.objects.insert(
            (bucket.to_owned(), key.to_owned()),
            Object {
                bytes,
                etag: tag.clone(),
                metadata,
            },
        );
        tag
    }

    fn bucket_exists(&self, bucket: &str) -> bool {
        self.objects.keys().any(|(b, _)| b == bucket)
    }

    fn no_bucket(bucket: &str, key: &str) -> CloudError {
        CloudError::NotFound {
            what: format!("bucket {bucket} (for s3://{bucket}/{key})"),
        }
    }

    pub fn get(&self, bucket: &str, key: &str) -> CloudResult<Option<S3Object>> {
        if !self.bucket_exists(bucket) {
            return Err(Self::no_bucket(bucket, key));
        }
        Ok(self
            .objects
            .get(&(bucket.to_owned(), key.to_owned()))
            .map(|o| S3Object {
                bytes: o.bytes.clone(),
                head: ObjectHead {
                    etag: Some(o.etag.clone()),
                    metadata: o.metadata.clone(),
                },
            }))
    }

    pub fn head(&self, bucket: &str, key: &str) -> CloudResult<Option<ObjectHead>> {
        Ok(self.get(bucket, key)?.map(|o| o.head))
    }

    /// Writes the object if `condition` holds, as S3's conditional writes do.
    pub fn put(
        &mut self,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
        metadata: &BTreeMap<String, String>,
        condition: &PutCondition,
    ) -> CloudResult<String> {
        if !self.bucket_exists(bucket) {
            return Err(Self::no_bucket(bucket, key));
        }
        let current = self
            .objects
            .get(&(bucket.to_owned(), key.to_owned()))
            .map(|o| o.etag.as_str());
        let holds = match condition {
            PutCondition::IfMatch(expected) => current == Some(expected.as_str()),
            PutCondition::IfAbsent => current.is_none(),
            PutCondition::Any => true,
        };
        if !holds {
            return Err(CloudError::Other {
                code: PRECONDITION_FAILED.to_owned(),
                message: format!(
                    "s3:PutObject: s3://{bucket}/{key} changed since it was read (S3 refused the conditional write)"
                ),
            });
        }
        Ok(self.insert(bucket, key, bytes, metadata.clone()))
    }
}

/// A plausible PySpark (or Python shell / Ray) script for a demo job, made
/// from its definition so it is stable across runs.
pub fn glue_script(job: &GlueJob) -> String {
    let description = job.description.as_deref().unwrap_or("Glue job");
    let body = match job.command.as_str() {
        "pythonshell" => "import boto3\n\n\ndef main():\n    s3 = boto3.client(\"s3\")\n    s3.list_objects_v2(Bucket=args[\"source_bucket\"], Prefix=args[\"prefix\"])\n\n\nmain()\n",
        "glueray" => "import ray\n\nray.init(\"auto\")\n\n\n@ray.remote\ndef component(edges):\n    return len(edges)\n\n\nprint(ray.get(component.remote([])))\n",
        _ => "from awsglue.context import GlueContext\nfrom awsglue.job import Job\nfrom pyspark.context import SparkContext\n\nsc = SparkContext()\nglue = GlueContext(sc)\njob = Job(glue)\njob.init(args[\"JOB_NAME\"], args)\n\nsource = glue.create_dynamic_frame.from_catalog(database=args[\"database\"], table_name=args[\"table\"])\nglue.write_dynamic_frame.from_options(frame=source, connection_type=\"s3\", connection_options={\"path\": args[\"target\"]}, format=\"parquet\")\njob.commit()\n",
    };
    format!(
        "\"\"\"{name}: {description}\"\"\"\n\nimport sys\n\nfrom awsglue.utils import getResolvedOptions\n\nargs = getResolvedOptions(sys.argv, [\"JOB_NAME\"])\n\n{body}",
        name = job.name
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn store() -> ObjectStore {
        let mut s = ObjectStore::default();
        s.insert("b", "etl.py", b"v1".to_vec(), BTreeMap::new());
        s
    }

    #[test]
    fn conditional_puts() {
        let mut s = store();
        let v1 = s.head("b", "etl.py").unwrap().unwrap().etag.unwrap();
        let meta: BTreeMap<String, String> = [("git-commit".to_owned(), "abc".to_owned())].into();
        let v2 = s
            .put(
                "b",
                "etl.py",
                b"v2".to_vec(),
                &meta,
                &PutCondition::IfMatch(v1.clone()),
            )
            .unwrap();
        assert_ne!(v1, v2);
        let got = s.get("b", "etl.py").unwrap().unwrap();
        assert_eq!(got.bytes, b"v2");
        assert_eq!(got.head.metadata, meta);
        // The old ETag no longer matches: a lost update is refused.
        let e = s
            .put(
                "b",
                "etl.py",
                b"v3".to_vec(),
                &meta,
                &PutCondition::IfMatch(v1),
            )
            .unwrap_err();
        assert_eq!(e.code(), PRECONDITION_FAILED);
        assert!(s
            .put("b", "etl.py", vec![], &meta, &PutCondition::IfAbsent)
            .is_err());
        assert!(s
            .put("b", "new.py", vec![], &meta, &PutCondition::IfAbsent)
            .is_ok());
        assert_eq!(s.get("b", "none.py").unwrap(), None);
        assert!(matches!(
            s.get("nobucket", "x"),
            Err(CloudError::NotFound { .. })
        ));
    }
}
