//! The integration tests, as one test binary: every binary links the AWS SDK,
//! so one crate with a module per area builds and links once instead of 36
//! times. `common` holds the harnesses (demo app, moto server, mocks, tmux).
//! The one test that changes the process environment is `tests/connect_env.rs`.

mod common;

mod accounts_live;
mod accounts_tui;
mod actions;
mod actions_more;
mod aws_mocks;
mod aws_mocks_changes;
mod aws_mocks_users;
mod big_lists;
mod changes_cli;
mod config_files;
mod costs_billed_mocks;
mod costs_cli;
mod costs_cloudwatch_mocks;
mod costs_config;
mod costs_model;
mod costs_stop;
mod costs_stop_mocks;
mod costs_view;
mod day2_cli;
mod demo_defaults;
mod flows;
mod fuzz;
mod get_cli;
mod gitsync_tui;
mod governance;
mod hostile;
mod iam_policy;
mod iam_proof;
mod keys;
mod last_known;
mod layers;
mod lifecycle_ops;
mod live_moto;
mod live_moto_endpoints;
mod live_moto_gitsync;
mod live_moto_governance;
mod live_moto_ops;
mod logs;
mod lost_answers;
mod model_registry;
mod onboarding;
mod partial_lists;
mod policy_audit;
mod push_tui;
mod read_only_proof;
mod readme;
mod roles;
mod screens;
mod studio;
mod tmux;
mod trail;
mod users_cli;
