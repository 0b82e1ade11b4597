//! The cost and idle radar (`:costs`, `dsadmin costs`): a dated price table,
//! a pure cost model over `model` types, and the load that gathers its
//! inputs through the `Cloud` traits. Nothing here draws: the view lives in
//! `views::costs`.

pub mod billed;
pub mod gather;
pub mod month;
pub mod prices;
pub mod report;
pub mod seen;
pub mod team;

pub use prices::{PriceKind, PriceTable};
pub use report::{report, CostInputs, CostKind, CostLine, CostReport, Idle, IdleLimits, TeamTotal};
