//! Internal messages: what background jobs send back to the event loop.
//!
//! Every result carries the id of the request it answers, so an answer to a
//! superseded request (a newer refresh, an older filter query) is dropped.

use crate::app::load::Payload;
use crate::cloud::CloudResult;
use crate::model::CallerIdentity;
use crate::widgets::table::PaneId;

#[derive(Debug)]
pub enum Action {
    /// A list finished loading for the pane `pane`.
    Loaded {
        pane: PaneId,
        request: u64,
        result: CloudResult<Payload>,
    },
    /// A background filter finished.
    Filtered {
        pane: PaneId,
        generation: u64,
        query: String,
        matched: Vec<u32>,
    },
    /// Who we are, for the header.
    Identity(CloudResult<CallerIdentity>),
}
