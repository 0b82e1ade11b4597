//! Big lists (above the inline limit) are keyed, sorted and filtered off the
//! event loop; results for superseded requests are dropped.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use dsadmin::cloud::demo::synthetic_user_profiles;
use dsadmin::command::Command;
use dsadmin::model::UserProfile;
use dsadmin::tui::action::Action;
use dsadmin::tui::load::LoadRequest;
use dsadmin::tui::pane::{Pane, Work};
use dsadmin::tui::widgets::table::ListPane;

fn deliver(pane: &mut ListPane<UserProfile>, work: Work) {
    // As the event loop does: run the work, hand the result back, repeat.
    let mut next = Some(work);
    while let Some(work) = next {
        next = pane.on_action(work());
    }
}

fn names(pane: &ListPane<UserProfile>) -> Vec<String> {
    pane.visible_items().map(|u| u.name.clone()).collect()
}

#[test]
fn big_load_is_prepared_in_the_background() {
    let rows = synthetic_user_profiles(30_000, common::anchor());
    let mut pane = ListPane::<UserProfile>::new(1, "Users".into(), Some(LoadRequest::Users));
    let work = pane
        .set_items(rows.clone())
        .expect("30k rows are prepared off the loop");
    assert!(pane.is_busy());
    assert_eq!(
        pane.shown(),
        0,
        "nothing installed until the work reports back"
    );
    deliver(&mut pane, work);
    assert!(!pane.is_busy());
    assert_eq!(pane.shown(), 30_000);
    let shown = names(&pane);
    let mut sorted = shown.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(shown, sorted, "sorted by name, case-insensitively");
}

#[test]
fn a_sort_during_preparation_supersedes_it_and_keeps_the_new_rows() {
    let rows = synthetic_user_profiles(30_000, common::anchor());
    let mut pane = ListPane::<UserProfile>::new(1, "Users".into(), Some(LoadRequest::Users));
    let stale = pane.set_items(rows).unwrap();
    // Sort by domain (column 1) while the load is still being prepared.
    let fresh = pane.sort_by(1).unwrap();
    deliver(&mut pane, stale);
    assert_eq!(pane.shown(), 0, "the superseded preparation was dropped");
    deliver(&mut pane, fresh);
    assert_eq!(
        pane.shown(),
        30_000,
        "the sort used the rows that had arrived"
    );
    let domains: Vec<String> = pane
        .visible_items()
        .map(|u| u.domain_name.clone())
        .collect();
    let mut sorted = domains.clone();
    sorted.sort();
    assert_eq!(domains, sorted);
    // Reversing a prepared list is immediate.
    assert!(pane.navigate(Command::SortReverse).is_none());
    assert_eq!(
        pane.visible_items().next().unwrap().domain_name,
        *sorted.last().unwrap()
    );
}

#[test]
fn big_filter_runs_in_the_background_and_stale_results_are_dropped() {
    let rows = synthetic_user_profiles(30_000, common::anchor());
    let mut pane = ListPane::<UserProfile>::new(1, "Users".into(), Some(LoadRequest::Users));
    let w = pane.set_items(rows).unwrap();
    deliver(&mut pane, w);
    let first = pane
        .set_filter("a".into())
        .expect("30k keys filter off the loop");
    assert_eq!(pane.filter_query(), "a", "the query shows at once");
    let second = pane.set_filter("ab".into()).unwrap();
    deliver(&mut pane, first);
    assert_eq!(pane.shown(), 30_000, "the stale result for 'a' was dropped");
    deliver(&mut pane, second);
    assert!(pane.shown() < 30_000);
    assert!(pane.visible_items().all(|u| {
        let key = format!(
            "{}  {}  {}  {}",
            u.name,
            u.domain_name,
            u.team().unwrap_or("-"),
            u.status
        )
        .to_lowercase();
        let mut chars = key.chars();
        "ab".chars().all(|q| chars.any(|c| c == q))
    }));
}

#[test]
fn pages_stream_in_and_a_failure_keeps_what_arrived() {
    use dsadmin::cloud::CloudError;
    use dsadmin::tui::load::{LoadEvent, Payload};
    let rows = synthetic_user_profiles(5, common::anchor());
    let mut pane = ListPane::<UserProfile>::new(7, "Users".into(), Some(LoadRequest::Users));
    let event = |e| Action::Loaded {
        pane: 7,
        request: 1,
        event: e,
    };
    pane.begin_load(1);
    assert!(pane.is_busy());
    assert!(pane
        .on_action(event(LoadEvent::Page(Payload::Users(rows[..2].to_vec()))))
        .is_none());
    assert_eq!(pane.shown(), 2, "the first page shows at once");
    assert!(pane.is_busy(), "still loading");
    pane.on_action(event(LoadEvent::Page(Payload::Users(rows[2..].to_vec()))));
    assert_eq!(pane.shown(), 5, "later pages add to it");
    // An answer to an older request is ignored.
    pane.on_action(Action::Loaded {
        pane: 7,
        request: 0,
        event: LoadEvent::Page(Payload::Users(rows.clone())),
    });
    assert_eq!(pane.shown(), 5);
    pane.on_action(event(LoadEvent::Failed(
        CloudError::Throttled {
            message: "Rate exceeded".into(),
        }
        .into(),
    )));
    assert!(!pane.is_busy());
    assert_eq!(pane.shown(), 5, "rows that arrived stay");
    assert!(pane.error().is_some());

    // On screen: the rows, and a note that the list is incomplete.
    let theme = dsadmin::settings::Settings::builtin().unwrap().theme;
    let ctx = dsadmin::tui::widgets::DrawCtx {
        theme: &theme,
        now: common::anchor(),
        spinner: ' ',
    };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 12)).unwrap();
    terminal.draw(|f| pane.draw(f, f.area(), &ctx)).unwrap();
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        text.contains("incomplete: throttled by AWS: Rate exceeded"),
        "{text}"
    );
    assert!(text.contains(&rows[0].name));

    // A refresh that finds nothing empties the list.
    pane.begin_load(2);
    pane.on_action(Action::Loaded {
        pane: 7,
        request: 2,
        event: LoadEvent::Done,
    });
    assert_eq!(pane.shown(), 0);
}
