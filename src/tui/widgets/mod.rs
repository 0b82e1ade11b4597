//! Shared widgets: the data table, the detail and diff panes, the help overlay and the
//! header/footer bars. They draw state; they never call the cloud.

pub mod approval;
pub mod bars;
pub mod confirm;
pub mod detail;
pub mod diff;
pub mod hbars;
pub mod help;
pub mod marks;
pub mod offboard;
pub mod origin;
pub mod popup;
pub mod presign;
pub mod table;
pub mod weights;
pub mod wizard;

use chrono::{DateTime, Utc};

use crate::settings::theme::Theme;

/// What every widget needs to draw.
pub struct DrawCtx<'a> {
    pub theme: &'a Theme,
    /// The clock for relative times (fixed in tests).
    pub now: DateTime<Utc>,
    /// The spinner frame, when something loads.
    pub spinner: char,
}
