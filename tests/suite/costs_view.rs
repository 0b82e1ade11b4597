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

/// `:team NAME`: each member of the team with the apps they run, the spaces
/// they own and what it costs, from the same figures as `:costs` (the
/// team's $/hour there is its members' apps plus its endpoints); Enter
/// opens a member's apps and spaces, `d` lists each app's price.
#[tokio::test]
async fn a_team_view_lists_its_members_with_apps_spaces_and_cost() {
    let mut h = Harness::demo().await;
    // A team name matches whatever its case.
    h.keys(":team Fraud-Analytics<enter>").await;
    let screen = h.screen();
    insta::assert_snapshot!("team_view", screen);
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with("│fraud-analytics"))
        .collect();
    assert_eq!(rows.len(), 13, "{screen}");
    assert!(screen.contains("team Fraud-Analytics [13]"), "{screen}");
    // The most expensive member first, with what runs and what it costs.
    assert!(rows[0].contains("olga-mensah"), "{screen}");
    assert!(rows[0].contains("JupyterLab ml.g5.2xlarge"), "{screen}");
    assert!(rows[0].contains("$1.757"), "{screen}");
    // A member with nothing running is still a member.
    let idle_member = rows.iter().find(|r| r.contains("stefan-aziz")).unwrap();
    let cells: Vec<&str> = idle_member.split_whitespace().collect();
    // TEAM USER DOMAIN APPS RUNNING SPACES $/H MTD IDLE
    assert_eq!(
        cells[3..],
        ["0", "-", "-", "-", "$0.00", "-", "│"],
        "{idle_member}"
    );
    let hourly: f64 = rows
        .iter()
        .filter_map(|r| r.split_whitespace().find(|w| w.starts_with('$')))
        .filter_map(|w| w.trim_start_matches('$').parse::<f64>().ok())
        .sum();
    // fraud-analytics costs $5.555/h on :costs: $0.801 of it is its two
    // endpoint variants, the rest its members' apps.
    assert!((hourly - (5.555 - 0.801)).abs() < 0.002, "{hourly}");

    h.keys("d").await;
    let detail = h.screen();
    assert!(
        detail.contains("JupyterLab olga-mensah-jupyterlab on ml.g5.2xlarge: $1.757/h"),
        "{detail}"
    );
    h.keys("<esc><enter>").await;
    assert!(
        h.screen().contains("olga-mensah › apps & spaces"),
        "{}",
        h.screen()
    );
}

/// `:team` alone lists every profile by team, untagged ones last; a team
/// nobody is tagged with says which teams there are.
#[tokio::test]
async fn every_team_at_once_and_a_team_that_is_not_there() {
    let mut h = Harness::demo().await;
    h.keys(":team<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Users › teams"), "{screen}");
    let teams: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with('│') && !l.contains("TEAM"))
        .filter_map(|l| l.trim_start_matches('│').split_whitespace().next())
        .collect();
    let mut sorted = teams.clone();
    sorted.sort_by_key(|t| (*t == "(no", t.to_string()));
    assert_eq!(teams, sorted, "grouped by team: {screen}");
    h.keys("<esc>:team nosuch<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains(
            "no user profile is tagged TeamName=nosuch (teams here: actuarial-research, claims-ml"
        ),
        "{screen}"
    );
}
