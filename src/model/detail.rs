//! Fields no list call returns.
//!
//! A list call (GetJobs, ListDomains …) gives each row its own fields at
//! once. Others (the last run, tags, what only a Describe says, the running
//! apps) take a follow-up call per row or per kind, and such a call can be
//! refused or throttled without the rest of the list being wrong. Those
//! fields are a [`Detail`]: not asked yet, known, or unknown with the reason,
//! so no face ever shows a made-up value (an empty tag list for tags nobody
//! could read) and a failed follow-up never takes the list down with it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A follow-up field of a row.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Detail<T> {
    /// Not fetched (yet): `dsadmin get` without `--wide`, or a row the TUI
    /// has not reached.
    #[default]
    Pending,
    Known(T),
    /// The follow-up call failed: the cell shows `?` and `d` shows this.
    /// Boxed: a field is mostly known, and 100,000 rows of three fields
    /// each should not carry room for three reasons.
    Unknown(Box<Why>),
}

/// Why a follow-up field is unknown: the call, AWS's error code and message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Why {
    /// `service:Operation`, as IAM names it (`glue:GetJobRuns`).
    pub action: String,
    /// The error code (`AccessDenied`, `Throttling`, `InternalFailure` …).
    pub code: String,
    pub message: String,
}

impl Why {
    pub fn new(
        action: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            action: action.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// `glue:GetTags AccessDenied: …`: one line for a detail view or stderr.
    pub fn text(&self) -> String {
        format!("{} {}: {}", self.action, self.code, self.message)
    }
}

impl<T> Detail<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Detail::Known(v) => Some(v),
            _ => None,
        }
    }

    /// A field unknown for `why`.
    pub fn unknown(why: Why) -> Self {
        Detail::Unknown(Box::new(why))
    }

    pub fn why(&self) -> Option<&Why> {
        match self {
            Detail::Unknown(w) => Some(w),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, Detail::Pending)
    }

    pub fn is_known(&self) -> bool {
        matches!(self, Detail::Known(_))
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Detail<U> {
        match self {
            Detail::Pending => Detail::Pending,
            Detail::Known(v) => Detail::Known(f(v)),
            Detail::Unknown(w) => Detail::Unknown(w),
        }
    }

    /// The value borrowed, the state kept.
    pub fn as_ref(&self) -> Detail<&T> {
        match self {
            Detail::Pending => Detail::Pending,
            Detail::Known(v) => Detail::Known(v),
            Detail::Unknown(w) => Detail::Unknown(w.clone()),
        }
    }

    /// Takes what a later fetch learned; a `Pending` one learned nothing and
    /// keeps what is there (a refresh of the list must not blank the cell).
    pub fn update(&mut self, newer: Detail<T>) {
        if !newer.is_pending() {
            *self = newer;
        }
    }
}

impl<T> Detail<Detail<T>> {
    /// A known field of a known record is the field; otherwise the outer
    /// reason (or pending) stands.
    pub fn flatten(self) -> Detail<T> {
        match self {
            Detail::Known(inner) => inner,
            Detail::Pending => Detail::Pending,
            Detail::Unknown(why) => Detail::Unknown(why),
        }
    }
}

impl<T> Detail<Vec<T>> {
    /// The items when known; none while pending or unknown (for display
    /// and lookups that treat "not known" as "no such item").
    pub fn known_or_empty(&self) -> &[T] {
        self.known().map_or(&[], Vec::as_slice)
    }
}

/// A group of follow-up fields one call fills (what a Describe says), by
/// their JSON names: unknown together when that call fails.
pub trait Fields {
    const FIELDS: &'static [&'static str];
}

impl<T: Fields> Detail<T> {
    /// Each of the group's fields with why, when the group is unknown (a
    /// record's [`Enriched::unknown`]).
    pub fn unknown_fields(&self) -> Vec<(&'static str, &Why)> {
        self.why()
            .map(|why| T::FIELDS.iter().map(|f| (*f, why)).collect())
            .unwrap_or_default()
    }
}

/// `row` becomes `newer` (the list call's fields), keeping what its
/// `field` knew where `newer`'s is pending (an [`Enriched::merge`] of a
/// record with one follow-up group).
pub fn merge_keeping<R, D>(row: &mut R, mut newer: R, field: impl Fn(&mut R) -> &mut Detail<D>) {
    let fresh = std::mem::take(field(&mut newer));
    let mut old = std::mem::replace(row, newer);
    *field(row) = std::mem::take(field(&mut old));
    field(row).update(fresh);
}

/// A record with follow-up fields.
pub trait Enriched {
    /// The follow-up fields that could not be read, by their JSON name
    /// (`tags`, `last_run`), with why.
    fn unknown(&self) -> Vec<(&'static str, &Why)>;
    /// Takes what a later fetch of the same resource learned (see
    /// [`Detail::update`]): its list fields, and each follow-up it has.
    fn merge(&mut self, newer: Self);
    /// Back to the list call's fields alone (`dsadmin get` without
    /// `--wide`, whatever a backend happened to return).
    fn list_fields_only(&mut self);
}

/// `Known(value)` is the value, anything else `null` (with the reason beside
/// it in the record's `unknown` map: see `docs/json.md`).
impl<T: Serialize> Serialize for Detail<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Detail::Known(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

/// The reverse of `Serialize`, for records read back from JSON: `null` is
/// `Pending` (the reason, if any, lives outside the field).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Detail<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Detail::Pending, Detail::Known))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_update_keeps_what_is_known() {
        let mut d = Detail::Known(3);
        d.update(Detail::Pending);
        assert_eq!(d, Detail::Known(3));
        let why = Why::new("glue:GetTags", "AccessDenied", "no");
        d.update(Detail::unknown(why.clone()));
        assert_eq!(d.why(), Some(&why));
    }

    #[test]
    fn json_is_the_value_or_null() {
        let known: Detail<Vec<u32>> = Detail::Known(vec![1]);
        assert_eq!(serde_json::to_string(&known).unwrap(), "[1]");
        let unknown: Detail<Vec<u32>> = Detail::unknown(Why::new("a:B", "C", "d"));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "null");
        let back: Detail<Vec<u32>> = serde_json::from_str("[2]").unwrap();
        assert_eq!(back, Detail::Known(vec![2]));
    }
}
