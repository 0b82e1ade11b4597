//! dsadmin as a library, so tests drive the app without a terminal.

pub mod act;
pub mod act_endpoints;
pub mod act_packages;
pub mod act_users;
pub mod action;
pub mod app;
pub mod audit;
pub mod backend;
pub mod cli;
pub mod clipboard;
pub mod cloud;
pub mod command;
pub mod costs;
pub mod costs_cli;
pub mod filter;
pub mod format;
pub mod get;
pub mod gitsync;
pub mod glue_cli;
pub mod logging;
pub mod model;
pub mod ops;
pub mod policy;
pub mod settings;
pub mod views;
pub mod widgets;
