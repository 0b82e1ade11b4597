//! The `:costs` view over the demo estate with a frozen clock: the screen,
//! its idle candidates, and filtering and sorting like any other table.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use common::Harness;

#[tokio::test]
async fn costs_view_over_the_demo() {
    let mut h = Harness::demo().await;
    h.keys(":costs<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("Estimates from the price table of 2026-11-01"),
        "{screen}"
    );
    assert!(
        screen.contains("Teams: month to date (estimate)"),
        "{screen}"
    );
    insta::assert_snapshot!("costs_view", screen);
}

#[tokio::test]
async fn the_idle_endpoint_filters_like_any_table() {
    let mut h = Harness::demo().await;
    h.keys(":costs<enter>/embeddings<enter>").await;
    let screen = h.screen();
    // The experiment nobody calls any more is the idle endpoint.
    assert!(
        screen.contains("fraud-graph-embeddings-dev/AllTraffic"),
        "{screen}"
    );
    let row = screen
        .lines()
        .find(|l| l.contains("fraud-graph-embeddings-dev"))
        .unwrap();
    assert!(
        row.trim_end_matches('│').trim_end().ends_with("idle"),
        "{row}"
    );
    // Sorting by a column name, as in every table.
    h.keys("<esc>:sort team<enter>").await;
    assert_eq!(h.app.message(), None);
}
