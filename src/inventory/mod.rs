//! Lists at scale: rows from the list calls at once, their follow-up fields
//! filled in afterwards.
//!
//! A list call's page makes rows straight away; every field it does not
//! return is a [`Detail`](crate::model::Detail), filled in here by
//! [`fill`]: tags for a whole kind from tag:GetResources where the Tagging
//! API covers it (`tags.rs`), beside each row's own follow-ups
//! (`Enrich::fill`, which do not wait for it), under its service's
//! adaptive limit (`cloud::limit`), in the order a
//! [`Queue`] hands rows out (the TUI puts the rows in view first). A failed
//! follow-up marks its cells unknown and is counted once per cause in
//! [`Gaps`]; it never fails the list.

pub mod artifacts;
mod described;
pub mod domains;
pub mod ecr;
pub mod endpoints;
pub mod gaps;
pub mod images;
pub mod jobs;
pub mod last_known;
pub mod model_packages;
pub mod queue;
pub mod roles;
pub mod studio;
mod tags;
pub mod users;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use futures::future::join_all;
use futures::StreamExt;

use crate::cloud::{Cloud, CloudResult, PageSink};
use crate::model::{Detail, Enriched, Tag};

pub use gaps::{Gap, Gaps};
pub use queue::{Prefer, Queue};

/// A kind of row whose follow-up fields can be filled in.
#[async_trait]
pub trait Enrich: Enriched + Clone + Send + Sync + 'static {
    /// The service whose limit the row's follow-ups count against.
    const SERVICE: &'static str;
    /// What rows of one list share while filling (one ListApps per domain
    /// for every user in it).
    type Shared: Default + Send + Sync;
    /// The tag:GetResources resource type covering this kind, where the
    /// Tagging API returns it (checked per type: see `tags.rs`).
    const TAG_TYPE: Option<&'static str>;
    /// What identifies the row across pages, updates and refreshes.
    fn key(&self) -> String;
    /// The key of the row a GetResources ARN names: the ARN itself, for
    /// kinds keyed by ARN.
    fn key_of_arn(arn: &str) -> Option<String> {
        Some(arn.to_owned())
    }
    fn set_tags(&mut self, tags: Detail<Vec<Tag>>);
    /// The row's tags from its own per-item call, for a kind with a
    /// [`TAG_TYPE`](Enrich::TAG_TYPE) whose bulk call was refused after
    /// the row was filled (kinds without one read tags in `fill`).
    async fn own_tags(&self, _cloud: &Cloud) -> Detail<Vec<Tag>> {
        Detail::Pending
    }
    /// The row's own follow-up calls; its tags too when `tags` (no bulk
    /// answer to take them from).
    async fn fill(&mut self, cloud: &Cloud, shared: &Self::Shared, tags: bool);
    /// Whether a follow-up field is still to be fetched (rows a backend
    /// returned whole skip the queue).
    fn pending(&self) -> bool;
    /// What changes when the resource changes, from the list call's own
    /// fields (its status, its last-modified time): a refresh fills again
    /// only the rows whose [`stamp`] it has not seen filled.
    fn version(&self) -> String;
}

/// A row's identity and version: a refresh that finds the same stamp on a
/// row it already filled keeps that row's follow-up fields.
pub fn stamp<T: Enrich>(row: &T) -> String {
    format!("{}\u{1f}{}", row.key(), row.version())
}

/// A row's stamp once every follow-up field is in (see [`stamp`]); `None`
/// while something is still to be fetched.
pub fn settled_stamp<T: Enrich>(row: &T) -> Option<String> {
    (!row.pending()).then(|| stamp(row))
}

/// A follow-up call's answer as a field: known, or unknown with why.
pub fn detail<T>(result: CloudResult<T>, action: &str) -> Detail<T> {
    result.map_or_else(|e| Detail::unknown(e.why(action)), Detail::Known)
}

/// Most rows being filled at once per list: the service's limit decides
/// how many of them have a call in flight.
const WORKERS: usize = crate::cloud::limit::CAP;

/// tag:GetResources for a whole kind, asked beside the rows' own
/// follow-ups: a row filled before it answers is shown at once and gets
/// its tags when the answer comes.
enum Bulk<T> {
    /// Still asking; the rows filled meanwhile, waiting for their tags.
    Asking(Vec<T>),
    /// The tags by row key; `None` when refused (or no type): each row
    /// asks for its own.
    Answered(Option<Arc<HashMap<String, Vec<Tag>>>>),
}

/// Fills in every row `queue` hands out, sending each to `out` when done
/// (a row filled before its kind's bulk tags answered is sent again with
/// its tags). Returns when the queue is closed and empty and every row
/// has its tags.
pub async fn fill<T: Enrich>(cloud: &Cloud, queue: &Queue<T>, gaps: &Gaps, out: &dyn PageSink<T>) {
    let bulk = Mutex::new(match T::TAG_TYPE {
        Some(_) => Bulk::<T>::Asking(Vec::new()),
        None => Bulk::Answered(None),
    });
    let limit = cloud.limits.service(T::SERVICE);
    let shared = T::Shared::default();
    let bulk_tags = async {
        let Some(resource_type) = T::TAG_TYPE else {
            return;
        };
        // Asked after the list's last page, so that the list's pages and
        // the rows in view do not queue behind dozens of pages of tags (no
        // list column shows tags; `d` does, and they come soon after).
        queue.wait_closed().await;
        let answer = match tags::by_key::<T>(cloud, resource_type).await {
            Ok(map) => Some(Arc::new(map)),
            Err(why) => {
                // Said once; each row then asks for its own tags.
                gaps.note_fallback(&why);
                None
            }
        };
        let waiting = match std::mem::replace(&mut *lock(&bulk), Bulk::Answered(answer.clone())) {
            Bulk::Asking(rows) => rows,
            Bulk::Answered(_) => Vec::new(),
        };
        // Refused, the waiting rows ask for their own tags, as many at once
        // as the service's limit allows.
        futures::stream::iter(waiting)
            .for_each_concurrent(WORKERS, |mut row| {
                let (answer, limit) = (&answer, &limit);
                async move {
                    let tags = match answer {
                        Some(map) => {
                            Detail::Known(map.get(&row.key()).cloned().unwrap_or_default())
                        }
                        None => {
                            let slot = limit.acquire().await;
                            let tags = row.own_tags(cloud).await;
                            slot.done(tags.why().is_some_and(|w| w.code == "Throttling"));
                            tags
                        }
                    };
                    // Only the tags are new: the rest was counted when first sent.
                    if let Some(why) = tags.why() {
                        gaps.note_row(&[("tags", why)]);
                    }
                    row.set_tags(tags);
                    out.page(vec![row]);
                }
            })
            .await;
    };
    let worker = || async {
        while queue.wait_for_row().await {
            let slot = limit.acquire().await;
            let Some(mut row) = queue.pop() else {
                continue; // another worker took it while we waited for a slot
            };
            let answered = match &*lock(&bulk) {
                Bulk::Answered(answer) => Some(answer.clone()),
                Bulk::Asking(_) => None,
            };
            match &answered {
                Some(Some(map)) => {
                    row.set_tags(Detail::Known(
                        map.get(&row.key()).cloned().unwrap_or_default(),
                    ));
                    row.fill(cloud, &shared, false).await;
                }
                Some(None) => row.fill(cloud, &shared, true).await,
                None => {
                    row.fill(cloud, &shared, false).await;
                    // Waiting rows are queued here and sent below with no
                    // await between: the tagged copy always comes second.
                    late_tags(&bulk, &mut row, cloud).await;
                }
            }
            let unknown = row.unknown();
            let throttled = unknown.iter().any(|(_, w)| w.code == "Throttling");
            gaps.note_row(&unknown);
            slot.done(throttled);
            out.page(vec![row]);
        }
    };
    futures::join!(bulk_tags, join_all((0..WORKERS).map(|_| worker())));
}

/// A row filled while its kind's bulk tags were being asked: its tags if
/// they have come meanwhile, else it waits for them (in `bulk`) and is
/// sent now without.
async fn late_tags<T: Enrich>(bulk: &Mutex<Bulk<T>>, row: &mut T, cloud: &Cloud) {
    let answer = match &mut *lock(bulk) {
        Bulk::Asking(waiting) => {
            waiting.push(row.clone());
            return;
        }
        Bulk::Answered(answer) => answer.clone(),
    };
    let tags = match answer {
        Some(map) => Detail::Known(map.get(&row.key()).cloned().unwrap_or_default()),
        None => row.own_tags(cloud).await,
    };
    row.set_tags(tags);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Fills in a whole list at once (for `dsadmin get --wide`, `check` and
/// `costs`): the rows in their order, each filled.
pub async fn fill_all<T: Enrich>(cloud: &Cloud, rows: Vec<T>, gaps: &Gaps) -> Vec<T> {
    let order: Vec<String> = rows.iter().map(Enrich::key).collect();
    let queue = Queue::default();
    let (waiting, whole): (Vec<T>, Vec<T>) = rows.into_iter().partition(Enrich::pending);
    queue.push(waiting);
    queue.close();
    let filled = crate::cloud::Collector::default();
    fill(cloud, &queue, gaps, &filled).await;
    let mut by_key: HashMap<String, T> = filled
        .into_vec()
        .into_iter()
        .chain(whole)
        .map(|r| (r.key(), r))
        .collect();
    order.iter().filter_map(|k| by_key.remove(k)).collect()
}
