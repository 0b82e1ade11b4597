//! The AWS calls in flight, so a face can say what it is waiting for
//! ("waiting for glue:GetJobs at http://10.0.0.5:4566/ for 6 s") when an
//! endpoint goes silent, instead of showing nothing until the timeout.
//!
//! An interceptor on every client registers each operation when it starts
//! and notes the endpoint of each attempt. The registration is a ticket
//! kept in the operation's own config bag: however the operation ends,
//! answered, failed or dropped by the operation timeout, the bag is
//! dropped and the ticket with it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// One call waiting for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// `service:Operation`, as IAM names it, once the operation's own
    /// configuration is in (client interceptors start before it).
    pub action: Option<String>,
    /// Scheme, host and port of the current attempt, once it has one.
    pub endpoint: Option<String>,
    pub since: Instant,
}

static CALLS: Mutex<BTreeMap<u64, Waiting>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(1);

fn calls() -> std::sync::MutexGuard<'static, BTreeMap<u64, Waiting>> {
    CALLS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The call that has waited longest, if any is in flight.
pub fn oldest() -> Option<Waiting> {
    calls().values().min_by_key(|w| w.since).cloned()
}

/// Removes its call from the registry when the operation's bag is dropped.
#[derive(Debug)]
struct Ticket(u64);

impl Drop for Ticket {
    fn drop(&mut self) {
        calls().remove(&self.0);
    }
}

#[derive(Debug, Clone)]
struct Held(Arc<Ticket>);

impl Storable for Held {
    type Storer = StoreReplace<Self>;
}

/// The interceptor every AWS client carries (see `connect`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Watch;

impl Intercept for Watch {
    fn name(&self) -> &'static str {
        "dsadmin: calls in flight"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        calls().insert(
            id,
            Waiting {
                action: None,
                endpoint: None,
                since: Instant::now(),
            },
        );
        cfg.interceptor_state()
            .store_put(Held(Arc::new(Ticket(id))));
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Held(ticket)) = cfg.load::<Held>() else {
            return Ok(());
        };
        let endpoint = origin(context.request().uri());
        let action = cfg
            .load::<Metadata>()
            .map(|m| format!("{}:{}", m.service().to_ascii_lowercase(), m.name()));
        if let Some(call) = calls().get_mut(&ticket.0) {
            call.endpoint = Some(endpoint);
            call.action = action;
        }
        Ok(())
    }
}

/// `https://glue.eu-west-2.amazonaws.com/path?x` → `https://glue.eu-west-2.amazonaws.com`.
fn origin(uri: &str) -> String {
    let after_scheme = uri.find("://").map_or(0, |i| i + 3);
    let end = uri[after_scheme..]
        .find(['/', '?'])
        .map_or(uri.len(), |i| after_scheme + i);
    uri[..end].to_owned()
}

/// What to tell someone watching about the call that has waited longest,
/// once it has waited `after` or more, with when that call started (which
/// tells one wait from the next); `None` while nothing waits that long.
pub fn waiting_line(after: Duration) -> Option<(Instant, String)> {
    let w = oldest()?;
    let waited = w.since.elapsed();
    (waited >= after).then(|| {
        let at = w.endpoint.map(|e| format!(" at {e}")).unwrap_or_default();
        let action = w.action.as_deref().unwrap_or("an AWS call");
        let line = format!("waiting for {action}{at} ({} s so far)", waited.as_secs());
        (w.since, line)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_scheme_host_and_port() {
        assert_eq!(
            origin("http://127.0.0.1:5000/?x-id=GetJobs"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            origin("https://glue.eu-west-2.amazonaws.com/"),
            "https://glue.eu-west-2.amazonaws.com"
        );
        assert_eq!(
            origin("https://s3.amazonaws.com"),
            "https://s3.amazonaws.com"
        );
    }

    #[test]
    fn a_ticket_removes_its_call_when_dropped() {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        calls().insert(
            id,
            Waiting {
                action: Some("glue:GetJobs".into()),
                endpoint: Some("http://127.0.0.1:1".into()),
                since: Instant::now() - Duration::from_secs(7),
            },
        );
        let held = Held(Arc::new(Ticket(id)));
        assert!(calls().contains_key(&id));
        let (_, line) = waiting_line(Duration::from_secs(5)).unwrap();
        assert!(
            line.contains("waiting for glue:GetJobs at http://127.0.0.1:1"),
            "{line}"
        );
        drop(held);
        assert!(!calls().contains_key(&id));
    }
}
