//! A resource's CloudTrail history: one LookupEvents per key of the query
//! (a user profile has two: its resource name and its user name), each
//! event handed on once, `max` events in all.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use crate::cloud::{Cloud, CloudError, CloudResult, PageSink};
use crate::model::trail::{TrailEvent, TrailQuery};

/// Looks `query` up, page by page into `sink`. The keys run one after the
/// other (they share the account's 2 requests a second); a key that fails
/// after another answered keeps the rows delivered and returns its error.
pub async fn lookup(
    cloud: &Cloud,
    query: &TrailQuery,
    sink: &dyn PageSink<TrailEvent>,
) -> CloudResult<()> {
    let Some(trail) = &cloud.trail else {
        return Err(CloudError::Other {
            code: "NoCloudTrail".to_owned(),
            message: "CloudTrail is not available here".to_owned(),
        });
    };
    let seen: Mutex<HashSet<String>> = Mutex::default();
    let delivered = || seen.lock().unwrap_or_else(PoisonError::into_inner).len();
    let once = |rows: Vec<TrailEvent>| {
        let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
        let mut fresh = Vec::new();
        for event in rows {
            if seen.len() >= query.max {
                break;
            }
            if event.is_within(&query.within) && seen.insert(event.id.clone()) {
                fresh.push(event);
            }
        }
        drop(seen);
        sink.page(fresh);
    };
    for key in &query.keys {
        // What the keys before this one left of the budget (an event both
        // found counts once).
        let left = query.max.saturating_sub(delivered());
        if left == 0 {
            break;
        }
        trail
            .lookup_events(key, query.since, query.until, left, &once)
            .await?;
    }
    Ok(())
}
