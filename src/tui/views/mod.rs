//! The TUI side of each resource's rows: where `Enter` drills, which admin
//! op a key means, which payload a list arrives in. What a row shows is in
//! `crate::rows`; `widgets::table` does the rest. `costs_pane` is the
//! `:costs` pane, `errors` the `:errors` list, `team` the `:team` list, `trail` a
//! row's CloudTrail history.

pub mod accounts;
pub mod artifacts;
pub mod audit;
pub mod costs;
pub mod costs_pane;
pub mod crawlers;
pub mod domains;
pub mod endpoints;
pub mod errors;
pub mod findings;
pub mod idle;
pub mod images;
pub mod jobs;
pub mod lifecycle;
pub mod logs;
pub mod models;
pub mod roles;
pub mod team;
pub mod trail;
pub mod users;
