//! CloudTrail's event history: who did what to a resource, from
//! `cloudtrail:LookupEvents`. The AWS backend and the demo estate both hand
//! over the event's own JSON (`CloudTrailEvent`) and [`TrailEvent::parse`]
//! reads who, from where and with what error out of it, once, here.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;

/// What one LookupEvents call looks for: it takes exactly one attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum TrailKey {
    /// `ResourceName`: events whose resources list names it.
    Resource(String),
    /// `Username`: events made by this user name: an IAM user, or a role
    /// session's name. A Studio session's is `SageMaker`, so a user
    /// profile's own calls are found by its resources, not by this.
    User(String),
}

impl TrailKey {
    pub fn value(&self) -> &str {
        match self {
            TrailKey::Resource(v) | TrailKey::User(v) => v,
        }
    }
}

/// What a row asks CloudTrail for (`Row::trail_keys`, `Row::trail_within`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailTarget {
    pub keys: Vec<TrailKey>,
    /// Request parameters an event must not contradict (see
    /// [`TrailQuery::within`]).
    pub within: Vec<(String, String)>,
    /// What the breadcrumb calls the history: the resource looked up.
    pub label: String,
}

/// A resource's history to look up: one key, or two for a user profile
/// (by resource name and by user name), over a time window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailQuery {
    pub keys: Vec<TrailKey>,
    /// Names are not unique across parents (a user profile of the same
    /// name in two domains, a package in two repositories): an event whose
    /// `requestParameters` names another value for one of these keys is
    /// about the other resource and is left out; one that names none stays.
    pub within: Vec<(String, String)>,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Stop after this many events (newest first): a busy resource has
    /// thousands in 90 days, at 50 a page and 2 pages a second.
    pub max: usize,
}

/// LookupEvents keeps 90 days of management events: the default window.
pub const DEFAULT_DAYS: i64 = 90;
/// The most events one look-up reads unless told otherwise (10 pages).
pub const DEFAULT_MAX: usize = 500;

impl TrailQuery {
    /// The last 90 days up to `now`, for `keys`.
    pub fn last_90_days(keys: Vec<TrailKey>, now: DateTime<Utc>) -> Self {
        Self {
            keys,
            within: Vec::new(),
            since: now - Duration::days(DEFAULT_DAYS),
            until: now,
            max: DEFAULT_MAX,
        }
    }

    /// What is looked up, in words ("resource claims-etl", "user …").
    pub fn describe(&self) -> String {
        self.keys
            .iter()
            .map(|k| match k {
                TrailKey::Resource(v) => format!("resource {v}"),
                TrailKey::User(v) => format!("user {v}"),
            })
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// The role session name SageMaker Studio's calls carry.
pub const STUDIO_SESSION: &str = "SageMaker";

/// Who made a call, from the event's `userIdentity`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Who {
    /// `IAMUser`, `AssumedRole`, `Root`, `AWSService`, …
    pub kind: String,
    /// The IAM user, or the role a session assumed.
    pub name: String,
    /// The role session name (AssumedRole).
    pub session: Option<String>,
    /// `sessionContext.sourceIdentity`: for a Studio session on a domain
    /// that sets it, the user profile's name.
    pub source_identity: Option<String>,
    pub arn: Option<String>,
}

impl Who {
    /// One line: "user profile aisha-demir (role ds-fraud-exec)",
    /// "role ds-admin, session alice", "IAM user bob", "root".
    pub fn describe(&self) -> String {
        let session = self.session.as_deref().filter(|s| !s.is_empty());
        match (self.source_identity.as_deref(), self.kind.as_str()) {
            // Studio's sessions are named SageMaker; with a source identity
            // set (the domain's ExecutionRoleIdentityConfig) it is the user
            // profile. Another identity provider's (an email, say) is not.
            (Some(profile), _) if session == Some(STUDIO_SESSION) => {
                format!("user profile {profile} (role {})", self.name)
            }
            (Some(identity), _) => format!("{identity} (role {})", self.name),
            (None, "AssumedRole") => match session {
                Some(s) => format!("role {}, session {s}", self.name),
                None => format!("role {}", self.name),
            },
            (None, "IAMUser") => format!("IAM user {}", self.name),
            (None, "Root") => "root".to_owned(),
            (None, "AWSService") => format!("AWS service {}", self.name),
            (None, _) if self.name.is_empty() => self.kind.clone(),
            (None, kind) => format!("{kind} {}", self.name),
        }
    }
}

/// One CloudTrail event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrailEvent {
    pub id: String,
    pub time: Option<DateTime<Utc>>,
    /// The API call (`DeleteApp`).
    pub name: String,
    /// The service (`sagemaker.amazonaws.com`).
    pub source: String,
    pub who: Who,
    /// `who.describe()`, made once: the WHO cell and its sort key.
    #[serde(skip)]
    pub who_line: String,
    /// The top-level `Username` LookupEvents returns beside the JSON.
    pub username: Option<String>,
    pub source_ip: Option<String>,
    /// Set when the call failed (`AccessDenied`, …).
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub read_only: Option<bool>,
    /// The resources LookupEvents lists for the event (names or ARNs).
    pub resources: Vec<String>,
    /// The event's own JSON as CloudTrail recorded it (shown by `d`, after
    /// sanitising: it carries text from callers, such as user agents).
    #[serde(skip)]
    pub raw: String,
    /// The JSON's `requestParameters` (null when it has none), kept from
    /// the one parse so `is_within` reads no JSON again.
    #[serde(skip)]
    pub request: Value,
}

/// The fields LookupEvents returns beside the event's JSON.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub source: String,
    pub time: Option<DateTime<Utc>>,
    pub username: Option<String>,
    pub read_only: Option<bool>,
    pub resources: Vec<String>,
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut at = v;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

impl TrailEvent {
    /// The event from LookupEvents' fields and its `CloudTrailEvent` JSON.
    /// JSON that does not parse keeps the listed fields (who is then the
    /// listed user name).
    pub fn parse(listed: Listed, raw: &str) -> Self {
        let json: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        let identity = json.get("userIdentity").unwrap_or(&Value::Null);
        let kind = text(identity, &["type"]).unwrap_or_default();
        let arn = text(identity, &["arn"]);
        // arn:aws:sts::123456789012:assumed-role/ROLE/SESSION
        let (role, session) = match arn.as_deref().and_then(|a| a.split_once(":assumed-role/")) {
            Some((_, rest)) => match rest.split_once('/') {
                Some((role, session)) => (Some(role.to_owned()), Some(session.to_owned())),
                None => (Some(rest.to_owned()), None),
            },
            None => (None, None),
        };
        let name = role
            .or_else(|| text(identity, &["sessionContext", "sessionIssuer", "userName"]))
            .or_else(|| text(identity, &["userName"]))
            .or_else(|| text(identity, &["invokedBy"]))
            .or_else(|| listed.username.clone())
            .unwrap_or_default();
        let who = Who {
            kind,
            name,
            session,
            source_identity: text(identity, &["sessionContext", "sourceIdentity"]),
            arn,
        };
        let time = listed.time.or_else(|| {
            text(&json, &["eventTime"])
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc))
        });
        TrailEvent {
            who_line: who.describe(),
            id: listed.id,
            time,
            name: if listed.name.is_empty() {
                text(&json, &["eventName"]).unwrap_or_default()
            } else {
                listed.name
            },
            source: if listed.source.is_empty() {
                text(&json, &["eventSource"]).unwrap_or_default()
            } else {
                listed.source
            },
            who,
            username: listed.username,
            source_ip: text(&json, &["sourceIPAddress"]),
            error_code: text(&json, &["errorCode"]),
            error_message: text(&json, &["errorMessage"]),
            read_only: listed.read_only,
            resources: listed.resources,
            request: json
                .get("requestParameters")
                .cloned()
                .unwrap_or(Value::Null),
            raw: raw.to_owned(),
        }
    }

    /// Whether the event's request parameters leave it about the resource
    /// `within` narrows to (see [`TrailQuery::within`]).
    pub fn is_within(&self, within: &[(String, String)]) -> bool {
        within.iter().all(|(key, want)| {
            self.request
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(|v| v == want)
        })
    }

    /// The event's JSON, indented for reading (as recorded when it does
    /// not parse). Not yet sanitised.
    pub fn pretty_json(&self) -> String {
        serde_json::from_str::<Value>(&self.raw)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| self.raw.clone())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const STUDIO: &str = r#"{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole",
        "principalId":"AROAEXAMPLE:SageMaker","arn":"arn:aws:sts::123456789012:assumed-role/ds-fraud-exec/SageMaker",
        "accountId":"123456789012","sessionContext":{"sessionIssuer":{"type":"Role","userName":"ds-fraud-exec"},
        "sourceIdentity":"aisha-demir"}},"eventTime":"2026-11-30T09:15:00Z","eventSource":"sagemaker.amazonaws.com",
        "eventName":"DeleteApp","sourceIPAddress":"10.0.3.17","errorCode":"AccessDenied","errorMessage":"not allowed"}"#;

    #[test]
    fn a_studio_session_is_its_user_profile_and_failures_keep_their_code() {
        let e = TrailEvent::parse(
            Listed {
                id: "e1".into(),
                ..Listed::default()
            },
            STUDIO,
        );
        assert_eq!(e.name, "DeleteApp");
        assert_eq!(e.source, "sagemaker.amazonaws.com");
        assert_eq!(
            e.who.describe(),
            "user profile aisha-demir (role ds-fraud-exec)"
        );
        assert_eq!(e.who.session.as_deref(), Some("SageMaker"));
        assert_eq!(e.source_ip.as_deref(), Some("10.0.3.17"));
        assert_eq!(e.error_code.as_deref(), Some("AccessDenied"));
        assert_eq!(e.time.unwrap().to_rfc3339(), "2026-11-30T09:15:00+00:00");
        assert!(e.pretty_json().contains("\n  \"userIdentity\""));
    }

    #[test]
    fn users_roles_and_broken_json() {
        let user = TrailEvent::parse(
            Listed::default(),
            r#"{"userIdentity":{"type":"IAMUser","userName":"bob","arn":"arn:aws:iam::1:user/bob"}}"#,
        );
        assert_eq!(user.who.describe(), "IAM user bob");
        let role = TrailEvent::parse(
            Listed::default(),
            r#"{"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/ds-admin/alice"}}"#,
        );
        assert_eq!(role.who.describe(), "role ds-admin, session alice");
        // A source identity set by another identity provider is no user profile.
        let idp = TrailEvent::parse(
            Listed::default(),
            r#"{"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/ds-admin/alice",
                "sessionContext":{"sourceIdentity":"alice@example.com"}}}"#,
        );
        assert_eq!(idp.who.describe(), "alice@example.com (role ds-admin)");
        let broken = TrailEvent::parse(
            Listed {
                name: "StartJobRun".into(),
                username: Some("scheduler".into()),
                ..Listed::default()
            },
            "{not json",
        );
        assert_eq!(broken.name, "StartJobRun");
        assert_eq!(broken.who.name, "scheduler");
        assert_eq!(broken.pretty_json(), "{not json");
    }
}
