//! dsadmin as a library, so tests drive both faces without a terminal.
//!
//! Two faces, `cli` and `tui`, over one-way layers; docs/ARCHITECTURE.md
//! draws them and gives the reason for each rule.

pub mod cli;
pub mod tui;

pub mod audit;
pub mod cloud;
pub mod command;
pub mod costs;
pub mod format;
pub mod gitsync;
pub mod governance;
pub mod iam;
pub mod inventory;
pub mod logging;
pub mod model;
pub mod ops;
pub mod policy;
pub mod private_file;
pub mod redact;
pub mod rows;
pub mod sanitize;
pub mod settings;
