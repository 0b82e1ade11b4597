//! An IAM policy document, read for what it lets a role do: whether it
//! allows every action on every resource, and what it reaches in S3 (the
//! buckets and prefixes of its statements, and whether object access is
//! conditioned on an object tag such as `s3:ExistingObjectTag/Classification`).
//!
//! Only Allow statements grant; a Deny statement is kept (and shown) but
//! not subtracted: what a role reaches here is what its policies allow,
//! before any Deny, bucket policy or permissions boundary narrows it.

use serde_json::Value;

/// One statement, with `Action`/`Resource` lists whether the document
/// wrote a string or an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    /// `Effect = Allow` (else Deny).
    pub allow: bool,
    /// `Action`, or `NotAction` when `not_action`.
    pub actions: Vec<String>,
    pub not_action: bool,
    /// `Resource`, or `NotResource` when `not_resource`.
    pub resources: Vec<String>,
    pub not_resource: bool,
    /// The condition keys of `Condition` (`s3:ExistingObjectTag/Classification`
    /// …), under whatever operator.
    pub condition_keys: Vec<String>,
    /// The keys under an operator that requires the value to be present
    /// and equal (StringEquals, StringLike, StringEqualsIgnoreCase, without
    /// IfExists): only these restrict access to tagged objects.
    pub required_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
}

/// What one Allow statement grants in S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Access {
    /// `bucket`, `bucket/prefix*`, or `*` (every bucket).
    pub resource: String,
    /// The statement's actions that reach S3 (`s3:GetObject`, `s3:*`, `*`).
    pub actions: Vec<String>,
    /// The actions reach objects (get, put, delete), not only buckets: an
    /// object tag condition can only apply to these.
    pub objects: bool,
    /// The statement's condition keys.
    pub condition_keys: Vec<String>,
    /// Those under an operator that requires the value (see [`Statement`]).
    pub required_keys: Vec<String>,
}

impl S3Access {
    /// Whether access is conditioned on the object tag `tag`
    /// (`s3:ExistingObjectTag/TAG` or `s3:RequestObjectTag/TAG` under
    /// StringEquals or StringLike: an IfExists, Not or Null operator lets
    /// untagged objects through).
    pub fn conditioned_on(&self, tag: &str) -> bool {
        self.required_keys.iter().any(|k| {
            let k = k.to_ascii_lowercase();
            let tag = tag.to_ascii_lowercase();
            k == format!("s3:existingobjecttag/{tag}") || k == format!("s3:requestobjecttag/{tag}")
        })
    }
}

/// Object-level S3 actions an object tag condition can govern: a pattern
/// that matches one of them reaches objects. PutObjectTagging lets a role
/// retag an object past the condition; the versions read old content.
const OBJECT_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:PutObjectTagging",
    "s3:PutObjectAcl",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:RestoreObject",
];

/// Operators under which a tag key restricts access to tagged objects.
const REQUIRING: &[&str] = &["stringequals", "stringlike", "stringequalsignorecase"];

/// `*` and `?` wildcards, case-insensitive, as IAM matches action names.
fn action_matches(pattern: &str, action: &str) -> bool {
    crate::model::glob::iam_match(pattern, action)
}

/// Whether an action pattern names an S3 action (`s3:…`, `*`).
fn is_s3(pattern: &str) -> bool {
    pattern == "*" || pattern.to_ascii_lowercase().starts_with("s3:")
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

impl Statement {
    fn parse(v: &Value) -> Result<Statement, String> {
        let o = v.as_object().ok_or("a statement is not an object")?;
        let allow = match o.get("Effect").and_then(Value::as_str) {
            Some(e) if e.eq_ignore_ascii_case("Allow") => true,
            Some(e) if e.eq_ignore_ascii_case("Deny") => false,
            other => return Err(format!("Effect is {other:?}, not Allow or Deny")),
        };
        let not_action = o.contains_key("NotAction");
        let not_resource = o.contains_key("NotResource");
        let conditions: Vec<(String, String)> = o
            .get("Condition")
            .and_then(Value::as_object)
            .map(|ops| {
                ops.iter()
                    .filter_map(|(op, keys)| Some((op, keys.as_object()?)))
                    .flat_map(|(op, keys)| {
                        keys.keys().map(|k| (op.to_ascii_lowercase(), k.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let condition_keys = conditions.iter().map(|(_, k)| k.clone()).collect();
        let required_keys = conditions
            .iter()
            .filter(|(op, _)| REQUIRING.contains(&op.as_str()))
            .map(|(_, k)| k.clone())
            .collect();
        Ok(Statement {
            sid: o.get("Sid").and_then(Value::as_str).map(str::to_owned),
            allow,
            actions: strings(o.get(if not_action { "NotAction" } else { "Action" })),
            not_action,
            resources: strings(o.get(if not_resource {
                "NotResource"
            } else {
                "Resource"
            })),
            not_resource,
            condition_keys,
            required_keys,
        })
    }

    /// Whether the statement allows `action` (on some resource).
    pub fn allows_action(&self, action: &str) -> bool {
        let listed = self.actions.iter().any(|p| action_matches(p, action));
        self.allow && (listed != self.not_action)
    }

    /// `Allow` of `*` on `*` with no condition: everything. A `NotAction`
    /// that leaves IAM's role and policy actions allowed on `*` counts too:
    /// whoever holds it can grant themselves the rest.
    pub fn allows_everything(&self) -> bool {
        let every_action = if self.not_action {
            ["iam:AttachRolePolicy", "iam:PutRolePolicy"]
                .iter()
                .all(|a| self.allows_action(a))
        } else {
            self.actions.iter().any(|a| a == "*" || a == "*:*")
        };
        self.allow
            && every_action
            && !self.not_resource
            && self.condition_keys.is_empty()
            && self.resources.iter().any(|r| r == "*")
    }

    /// Whether the statement reaches S3 at all.
    fn reaches_s3(&self) -> bool {
        if self.not_action {
            // All but these: S3 unless every S3 action is excluded.
            return self.allow
                && !self
                    .actions
                    .iter()
                    .any(|p| p == "*" || action_matches(p, "s3:*"));
        }
        self.allow && self.actions.iter().any(|p| is_s3(p))
    }

    /// The S3 resources of the statement: `bucket/prefix*` for an S3 ARN,
    /// `*` for everything (also a `NotResource`: all but some).
    fn s3_resources(&self) -> Vec<String> {
        if self.not_resource {
            return vec!["*".to_owned()];
        }
        self.resources
            .iter()
            .filter_map(|r| {
                if r == "*" {
                    return Some("*".to_owned());
                }
                let mut parts = r.splitn(6, ':');
                let (arn, _partition, service) = (parts.next(), parts.next(), parts.next());
                let rest = parts.nth(2);
                (arn == Some("arn") && service == Some("s3"))
                    .then(|| rest.unwrap_or_default().to_owned())
                    .filter(|r| !r.is_empty())
            })
            .collect()
    }
}

impl PolicyDocument {
    /// Parses a document; IAM answers URL-encoded JSON, which the cloud
    /// layer decodes first.
    pub fn parse(text: &str) -> Result<PolicyDocument, String> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("not a policy document: {e}"))?;
        let statements = match v.get("Statement") {
            Some(Value::Array(a)) => a.iter().map(Statement::parse).collect::<Result<_, _>>()?,
            Some(one @ Value::Object(_)) => vec![Statement::parse(one)?],
            _ => return Err("not a policy document: no Statement".to_owned()),
        };
        Ok(PolicyDocument { statements })
    }

    /// The first statement that allows everything.
    pub fn everything(&self) -> Option<&Statement> {
        self.statements.iter().find(|s| s.allows_everything())
    }

    /// What the Allow statements grant in S3, one entry per resource.
    pub fn s3_access(&self) -> Vec<S3Access> {
        let mut out = Vec::new();
        for s in &self.statements {
            if !s.reaches_s3() {
                continue;
            }
            let actions: Vec<String> = if s.not_action {
                vec![format!("all but {}", s.actions.join(", "))]
            } else {
                s.actions.iter().filter(|p| is_s3(p)).cloned().collect()
            };
            let object_actions = OBJECT_ACTIONS.iter().any(|a| s.allows_action(a));
            for resource in s.s3_resources() {
                // A bucket's own ARN (no `/`, no wildcard) holds no objects.
                let objects = object_actions && (resource.contains('/') || resource.contains('*'));
                out.push(S3Access {
                    resource,
                    actions: actions.clone(),
                    objects,
                    condition_keys: s.condition_keys.clone(),
                    required_keys: s.required_keys.clone(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SCOPED: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
         "Resource":"arn:aws:s3:::claims-data/curated/*",
         "Condition":{"StringEquals":{"s3:ExistingObjectTag/Classification":"Internal"}}},
        {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::claims-data"},
        {"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::phi/*"}]}"#;

    #[test]
    fn s3_reach_with_and_without_a_tag_condition() {
        let doc = PolicyDocument::parse(SCOPED).unwrap();
        assert!(doc.everything().is_none());
        let s3 = doc.s3_access();
        assert_eq!(s3.len(), 2, "{s3:?}");
        assert_eq!(s3[0].resource, "claims-data/curated/*");
        assert_eq!(s3[0].actions, ["s3:GetObject", "s3:PutObject"]);
        assert!(s3[0].objects && s3[0].conditioned_on("classification"));
        assert_eq!(s3[1].resource, "claims-data");
        assert!(!s3[1].objects, "ListBucket reaches the bucket only");
        assert!(!s3[1].conditioned_on("Classification"));
    }

    #[test]
    fn everything_is_star_on_star_without_condition() {
        let admin = PolicyDocument::parse(
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        )
        .unwrap();
        assert!(admin.everything().is_some());
        let s3 = admin.s3_access();
        assert_eq!(s3.len(), 1);
        assert_eq!((s3[0].resource.as_str(), s3[0].objects), ("*", true));
        let conditioned = PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
                "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        )
        .unwrap();
        assert!(conditioned.everything().is_none());
    }

    #[test]
    fn wildcards_and_not_action() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Allow","Action":"S3:Get*","Resource":"arn:aws:s3:::b/*"},
                {"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
        )
        .unwrap();
        let s3 = doc.s3_access();
        assert_eq!(s3[0].actions, ["S3:Get*"]);
        assert!(s3[0].objects);
        assert_eq!(s3[1].actions, ["all but iam:*"]);
        assert!(!doc.statements[1].allows_action("iam:PassRole"));
        assert!(doc.statements[1].allows_action("s3:GetObject"));
    }

    #[test]
    fn what_a_tag_condition_really_restricts() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":[
            {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*",
             "Condition":{"StringEqualsIfExists":{"s3:ExistingObjectTag/Classification":"Internal"}}},
            {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
             "Condition":{"StringLike":{"s3:ExistingObjectTag/Classification":"Int*"}}},
            {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::c/*",
             "Condition":{"StringNotEquals":{"s3:ExistingObjectTag/Classification":"PHI"}}}]}"#,
        )
        .unwrap();
        let s3 = doc.s3_access();
        // IfExists and Not let untagged objects through.
        assert!(!s3[0].conditioned_on("Classification"));
        assert!(s3[1].conditioned_on("Classification"));
        assert!(!s3[2].conditioned_on("Classification"));
        assert_eq!(
            s3[2].condition_keys,
            ["s3:ExistingObjectTag/Classification"]
        );
    }

    #[test]
    fn object_actions_resources_and_partitions() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":[
            {"Effect":"Allow","Action":"s3:GetObjectVersion","Resource":"arn:aws-cn:s3:::cn-data/raw/*"},
            {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::just-the-bucket"},
            {"Effect":"Allow","Action":"s3:PutObjectTagging","NotResource":"arn:aws:s3:::phi/*"},
            {"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#,
        )
        .unwrap();
        let s3 = doc.s3_access();
        assert_eq!(s3.len(), 4, "{s3:?}");
        assert_eq!(
            (s3[0].resource.as_str(), s3[0].objects),
            ("cn-data/raw/*", true)
        );
        // Object actions on a bucket's own ARN reach no object.
        assert_eq!(
            (s3[1].resource.as_str(), s3[1].objects),
            ("just-the-bucket", false)
        );
        // All but one prefix is everything else.
        assert_eq!((s3[2].resource.as_str(), s3[2].objects), ("*", true));
        assert!(!s3[3].objects, "listing buckets reads no object");
    }

    #[test]
    fn not_action_that_leaves_iam_open_is_everything() {
        let all_but_s3 = PolicyDocument::parse(
            r#"{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}"#,
        )
        .unwrap();
        assert!(all_but_s3.everything().is_some());
        assert!(
            all_but_s3.s3_access().is_empty(),
            "every S3 action is excluded"
        );
        let all_but_iam = PolicyDocument::parse(
            r#"{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}}"#,
        )
        .unwrap();
        assert!(all_but_iam.everything().is_none());
    }

    #[test]
    fn bad_documents_say_why() {
        assert!(PolicyDocument::parse("{")
            .unwrap_err()
            .contains("not a policy"));
        assert!(PolicyDocument::parse("{}")
            .unwrap_err()
            .contains("no Statement"));
        let e = PolicyDocument::parse(r#"{"Statement":[{"Effect":"Maybe"}]}"#).unwrap_err();
        assert!(e.contains("Maybe"), "{e}");
    }
}
