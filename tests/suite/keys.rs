//! Key-sequence tests: feed keys into the app over the demo estate and check
//! state and screen, as a person at the keyboard would.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use common::Harness;
use dsadmin::command::TabKind;

#[tokio::test]
async fn number_keys_tab_and_commands_switch_tabs() {
    let mut h = Harness::demo().await;
    // The default tab is Users.
    assert_eq!(h.app.active_tab(), TabKind::Users);
    h.keys("1").await;
    assert_eq!(h.app.active_tab(), TabKind::Domains);
    h.keys("7").await;
    assert_eq!(h.app.active_tab(), TabKind::Endpoints);
    h.keys("<tab>").await;
    assert_eq!(h.app.active_tab(), TabKind::Domains, "Tab wraps around");
    h.keys("<backtab>").await;
    assert_eq!(h.app.active_tab(), TabKind::Endpoints);
    h.keys(":jobs<enter>").await;
    assert_eq!(h.app.active_tab(), TabKind::Jobs);
    h.keys(":crawler<enter>").await;
    assert_eq!(h.app.active_tab(), TabKind::Crawlers, "singular alias");
    let screen = h.screen();
    assert!(screen.contains("Crawlers ["), "{screen}");
}

#[tokio::test]
async fn filter_narrows_highlights_and_each_tab_keeps_its_own() {
    let mut h = Harness::demo().await;
    let total = count_in_title(&h.screen(), "Users");
    assert!(total >= 40, "at least 40 user profiles, got {total}");
    h.keys("/pricing").await;
    assert_eq!(h.app.filter_query(), "pricing");
    let screen = h.screen();
    let (shown, of) = shown_of(&screen, "Users");
    assert!(shown > 0 && shown < of, "{screen}");
    assert!(
        screen.contains("/pricing"),
        "the query is on screen: {screen}"
    );
    // Leave filter mode, keep the filter; another tab has its own (empty) filter.
    h.keys("<enter>3").await;
    assert_eq!(h.app.filter_query(), "");
    h.keys("2").await;
    assert_eq!(h.app.filter_query(), "pricing");
    // Esc in normal mode clears the filter before going back.
    h.keys("<esc>").await;
    assert_eq!(h.app.filter_query(), "");
    assert_eq!(count_in_title(&h.screen(), "Users"), total);
    // Esc while typing clears it too.
    h.keys("/zzzzqqq").await;
    assert!(h.screen().contains("No user profiles match"));
    h.keys("<esc>").await;
    assert_eq!(h.app.filter_query(), "");
}

#[tokio::test]
async fn drill_down_and_back_with_breadcrumb() {
    let mut h = Harness::demo().await;
    h.keys("3").await;
    assert_eq!(h.app.crumbs(), vec!["Glue Jobs".to_string()]);
    h.keys("<enter>").await;
    let crumbs = h.app.crumbs();
    assert_eq!(crumbs.len(), 2);
    assert!(crumbs[1].ends_with("› runs"), "{crumbs:?}");
    let screen = h.screen();
    assert!(screen.contains("RUN ID"), "{screen}");
    // Enter on a run has nothing below it: it describes the run.
    h.keys("<enter>").await;
    assert_eq!(h.app.crumbs().len(), 3, "the run's id is the last crumb");
    assert!(h.app.crumbs()[2].starts_with("jr_"));
    assert!(h.screen().contains("Run id"));
    h.keys("<esc>").await;
    assert_eq!(h.app.crumbs().len(), 2);
    h.keys("<bs>").await;
    assert_eq!(h.app.crumbs(), vec!["Glue Jobs".to_string()]);
    // Back at the root does nothing.
    h.keys("<esc>").await;
    assert_eq!(h.app.crumbs(), vec!["Glue Jobs".to_string()]);
}

#[tokio::test]
async fn packages_drill_three_levels() {
    let mut h = Harness::demo().await;
    h.keys("6/approved<enter><enter>").await;
    let screen = h.screen();
    assert!(screen.contains("PUBLISH"), "{screen}");
    let packages = count_in_title(&screen, "packages");
    assert!(packages >= 60, "60+ approved packages, got {packages}");
    h.keys("/pandas<enter><enter>").await;
    let screen = h.screen();
    assert!(screen.contains("pandas › versions"), "{screen}");
    assert!(screen.contains("Published"), "{screen}");
    assert_eq!(h.app.crumbs().len(), 3);
}

#[tokio::test]
async fn command_line_completes_and_remembers() {
    let mut h = Harness::demo().await;
    h.keys(":end<tab>").await;
    assert_eq!(h.app.command_input(), Some("endpoints"));
    h.keys("<enter>").await;
    assert_eq!(h.app.active_tab(), TabKind::Endpoints);
    h.keys(":cr<tab>").await;
    assert_eq!(h.app.command_input(), Some("crawlers"));
    h.keys("<esc>:c<tab>").await;
    assert_eq!(h.app.command_input(), Some("c"));
    assert!(
        h.screen().contains("Tab: costs  crawlers"),
        "{}",
        h.screen()
    );
    // Tab again takes each candidate in turn, round and round.
    h.keys("<tab>").await;
    assert_eq!(h.app.command_input(), Some("costs"));
    assert!(
        h.screen().contains("Tab: [costs]  crawlers"),
        "{}",
        h.screen()
    );
    h.keys("<tab>").await;
    assert_eq!(h.app.command_input(), Some("crawlers"));
    h.keys("<tab>").await;
    assert_eq!(h.app.command_input(), Some("costs"));
    h.keys("<esc>").await;
    // Ambiguous prefix: keeps the common part and lists the candidates.
    h.keys(":q<tab>").await;
    assert_eq!(h.app.command_input(), Some("q"));
    assert!(h.screen().contains("Tab: q  quit"), "{}", h.screen());
    h.keys("<esc>").await;
    h.keys(":re<tab>").await;
    assert_eq!(h.app.command_input(), Some("re"));
    assert!(
        h.screen().contains("Tab: refresh  region"),
        "{}",
        h.screen()
    );
    h.keys("f<tab>").await;
    assert_eq!(h.app.command_input(), Some("refresh"));
    h.keys("<esc>:<up>").await;
    assert_eq!(
        h.app.command_input(),
        Some("endpoints"),
        "history recalls the last command"
    );
    h.keys("<esc>:sort sta<tab>").await;
    assert_eq!(h.app.command_input(), Some("sort status"));
    h.keys("<enter>").await;
    assert!(h.screen().contains("STATUS▲"));
    h.keys(":nonsense<enter>").await;
    assert!(h
        .app
        .message()
        .unwrap()
        .contains("Unknown command ':nonsense'"));
}

#[tokio::test]
async fn sort_navigation_and_copy() {
    let mut h = Harness::demo().await;
    h.keys("1").await;
    assert!(h.screen().contains("NAME▲"));
    h.keys("S").await;
    assert!(h.screen().contains("NAME▼"));
    h.keys("s").await;
    assert!(h.screen().contains("ID▲"));
    h.keys("Gy").await;
    let copied = h.app.last_copied().unwrap().to_owned();
    assert!(copied.starts_with("arn:aws:sagemaker:"), "{copied}");
    assert!(h.app.take_clipboard()[0].starts_with("\x1b]52;c;"));
    h.keys("gjk").await;
    h.keys("y").await;
    assert_ne!(
        h.app.last_copied().unwrap(),
        copied,
        "top row differs from the last"
    );
}

#[tokio::test]
async fn help_opens_and_closes() {
    let mut h = Harness::demo().await;
    h.keys("?").await;
    assert!(h.app.help_open());
    assert!(h.screen().contains("Filter: fuzzy text, !text excludes"));
    // Keys other than Esc/?/q do nothing while help is open.
    h.keys("3").await;
    assert_eq!(h.app.active_tab(), TabKind::Users);
    h.keys("<esc>").await;
    assert!(!h.app.help_open());
}

#[tokio::test]
async fn quit_with_q_and_ctrl_c() {
    let mut h = Harness::demo().await;
    h.keys("q").await;
    assert!(h.app.should_quit());
    let mut h = Harness::demo().await;
    h.keys("/abc<c-c>").await;
    assert!(
        h.app.should_quit(),
        "Ctrl-C quits even while typing a filter"
    );
}

/// "Users [42]" → 42; "Users [5/42]" → 5.
fn count_in_title(screen: &str, title: &str) -> usize {
    shown_of(screen, title).0
}

fn shown_of(screen: &str, title: &str) -> (usize, usize) {
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("{title} [")))
        .unwrap_or_else(|| panic!("no '{title} [' in:\n{screen}"));
    let start = line.find(&format!("{title} [")).unwrap() + title.len() + 2;
    let inner: String = line[start..].chars().take_while(|&c| c != ']').collect();
    match inner.split_once('/') {
        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
        None => {
            let n = inner.parse().unwrap();
            (n, n)
        }
    }
}

#[tokio::test]
async fn profile_and_region_switches_explain_themselves_in_the_demo() {
    let mut h = Harness::demo().await;
    h.keys(":profile prod<enter>").await;
    assert!(h
        .app
        .message()
        .unwrap()
        .contains("demo estate has one profile"));
    h.keys(":reg<tab>").await;
    assert_eq!(h.app.command_input(), Some("region"));
    h.keys(" eu-w<tab>").await;
    assert_eq!(h.app.command_input(), Some("region eu-west-"));
    h.keys("<esc>").await;
}

#[tokio::test]
async fn errors_command_lists_recent_errors() {
    let mut h = Harness::demo().await;
    h.keys(":errors<enter>").await;
    assert!(h.screen().contains("No errors"));
    h.keys("<esc>").await;
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let mut h = Harness::with_cloud(common::denied_glue_cloud(), settings).await;
    h.keys(":errors<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("errors [1]"), "{screen}");
    assert!(screen.contains("Glue Jobs"), "the place is named: {screen}");
    assert!(screen.contains("AccessDenied"), "{screen}");
    assert!(screen.contains("glue:GetJobs"), "{screen}");
    // The errors pane sits on the current tab; Esc goes back.
    assert_eq!(
        h.app.crumbs(),
        vec!["Users".to_string(), "errors".to_string()]
    );
    h.keys("<esc>").await;
    assert_eq!(h.app.crumbs(), vec!["Users".to_string()]);
}

#[tokio::test]
async fn audit_command_shows_the_journal_newest_first_and_filters_it() {
    use dsadmin::audit::{AuditContext, Journal, Outcome};
    use dsadmin::policy::Effect;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let journal = Journal::open(&path).unwrap();
    let ctx = AuditContext {
        caller_arn: Some("arn:aws:sts::123456789012:assumed-role/DSAdmin/alice".into()),
        profile: "ds-admin".into(),
        region: "eu-west-2".into(),
        account: Some("123456789012".into()),
    };
    let run = journal
        .started(
            &ctx,
            &Effect::StartJobRun {
                job: "claims-ingest-daily".into(),
            },
        )
        .unwrap();
    journal
        .finished(
            &run,
            Outcome::Succeeded {
                request_id: Some("req-1".into()),
            },
        )
        .unwrap();
    let crawl = journal
        .started(
            &ctx,
            &Effect::StartCrawler {
                name: "claims-raw-crawler".into(),
            },
        )
        .unwrap();
    journal
        .finished(
            &crawl,
            Outcome::Failed {
                code: "CrawlerRunningException".into(),
                message: "Crawler with name claims-raw-crawler has already started".into(),
            },
        )
        .unwrap();

    let mut settings = dsadmin::settings::Settings::builtin().unwrap();
    settings.audit.path = Some(path);
    let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
    h.keys(":aud<tab><enter>").await;
    let screen = h.screen();
    assert!(screen.contains("audit journal [4]"), "{screen}");
    assert!(screen.contains("glue:StartJobRun"), "{screen}");
    assert!(screen.contains("succeeded (request req-1)"), "{screen}");
    assert!(
        screen.contains("failed: CrawlerRunningException"),
        "{screen}"
    );
    h.keys("/crawler<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("audit journal [2/4]"), "{screen}");
    assert!(!screen.contains("glue:StartJobRun"), "{screen}");
    // Describe shows the full failure message.
    h.keys("g<enter>").await;
    assert!(h.screen().contains("has already started"));
}

#[tokio::test]
async fn help_at_80x24_scrolls_and_shows_every_key_whole() {
    let mut h = Harness::demo().await;
    h.terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    h.keys("?").await;
    let first = h.screen();
    assert!(first.contains("lines 1–22 of"), "{first}");
    let mut seen = first.clone();
    for _ in 0..6 {
        h.keys("<pgdn>").await;
        seen.push_str(&h.screen());
    }
    assert!(
        seen.contains(":onboard :findings :costs"),
        "the end is reached: {seen}"
    );
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    for (keys, description, _) in dsadmin::tui::widgets::help::lines(&settings.keymap) {
        assert!(
            seen.contains(description),
            "{keys}: {description:?} not shown whole"
        );
    }
    h.keys("g").await;
    assert!(
        h.screen().contains("lines 1–22 of"),
        "g goes back to the top"
    );
    h.keys("<esc>").await;
    assert!(!h.app.help_open());
}

/// `/!text` keeps the rows that do not match: the Jobs tab without its
/// claims jobs, and `Esc` brings them back.
#[tokio::test]
async fn an_inverse_filter_hides_what_matches() {
    let mut h = Harness::demo().await;
    h.keys("3").await;
    let all = h.screen();
    assert!(all.contains("claims-ingest-daily"), "{all}");
    h.keys("/!claims<enter>").await;
    let screen = h.screen();
    assert!(!screen.contains("claims-ingest-daily"), "{screen}");
    let rows = screen
        .lines()
        .filter(|l| l.contains("glueetl") || l.contains("pythonshell"))
        .count();
    assert!(rows > 0, "the other jobs stay: {screen}");
    h.keys("<esc>").await;
    assert!(h.screen().contains("claims-ingest-daily"));
}

/// `/key=value` filters on tags (k9s's label filter): `team=fraud` keeps
/// the users whose TeamName starts with fraud.
#[tokio::test]
async fn a_tag_filter_keeps_the_rows_with_that_tag() {
    let mut h = Harness::demo().await;
    h.keys("2").await;
    let all = h.screen();
    h.keys("/team=fraud<enter>").await;
    let screen = h.screen();
    assert_ne!(screen, all);
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("InService") || l.contains("Pending") || l.contains("Failed"))
        .collect();
    assert!(!rows.is_empty(), "{screen}");
    assert!(rows.iter().all(|l| l.contains("fraud")), "{screen}");
    h.keys("<esc>/team=no-such-team<enter>").await;
    let none = h.screen();
    assert!(
        !none.lines().any(|l| l.contains("InService")),
        "no user is on that team: {none}"
    );
}

/// The case: `/numpy` in approved-pypi matches numba and
/// onnxruntime too (through the pypi column); numpy, the exact name, comes
/// first and Enter opens it.
#[tokio::test]
async fn an_exact_name_match_comes_first() {
    let mut h = Harness::demo().await;
    h.keys("6<enter>/numpy<enter>").await;
    let screen = h.screen();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with('│') && l.contains(" pypi "))
        .collect();
    assert!(rows.len() > 1, "others match too: {screen}");
    assert!(rows[0].contains("numpy"), "{screen}");
    h.keys("<enter>").await;
    assert_eq!(h.app.crumbs().last().unwrap(), "numpy › versions");
}

/// At 80x24, 100x30 and 160x45, read-only on the demo: the READ-ONLY badge
/// and the DEMO cue are whole, the hint bar ends on whole hints (or `…`),
/// every table value that does not fit ends in `…`, and help shows every
/// key with its whole description (paging where it must). Screens kept.
#[tokio::test]
async fn three_sizes_keep_the_badge_the_hints_the_cuts_and_the_help() {
    let settings_text = "[general]\nread_only = true\n";
    for (width, height) in [(80u16, 24u16), (100, 30), (160, 45)] {
        let dir = tempfile::tempdir().unwrap();
        let settings =
            dsadmin::settings::Settings::from_str(settings_text, &dir.path().join("config.toml"))
                .unwrap();
        let mut h = Harness::with_cloud(common::demo_cloud(), settings).await;
        h.terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        h.keys("6").await;
        let screen = h.screen();
        let header = screen.lines().next().unwrap();
        assert!(header.contains("READ-ONLY"), "{width}: {header}");
        assert!(header.contains("DEMO"), "{width}: {header}");
        let footer = screen.lines().last().unwrap().trim_end();
        let last_hint = footer.rsplit("  ").next().unwrap_or_default();
        assert!(
            footer.ends_with('…') || (last_hint.starts_with('<') && last_hint.contains("> ")),
            "{width}: a hint cut in half: {footer}"
        );
        insta::assert_snapshot!(format!("read_only_packages_{width}x{height}"), screen);

        h.keys("?").await;
        let mut seen = h.screen();
        for _ in 0..6 {
            h.keys("<pgdn>").await;
            seen.push_str(&h.screen());
        }
        let keymap = dsadmin::settings::Settings::builtin().unwrap().keymap;
        for (keys, description, _) in dsadmin::tui::widgets::help::lines(&keymap) {
            assert!(
                seen.contains(description),
                "{width}x{height}: {keys}: {description:?} not shown whole"
            );
        }
    }
}
