//! Admin actions from the keyboard over the demo estate: key → confirmation
//! modal → background op → status line, refreshed pane and journal; the
//! cancel paths; and read-only, where the key is refused by the gate, the
//! refusal is journaled and the estate stays as it was.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use common::{demo_cloud, Harness};
use dsadmin::audit::{AuditRecord, Journal, Outcome, Phase};
use dsadmin::cloud::{Cloud, CloudError, CloudResult, Completed, Glue, PageSink};
use dsadmin::model::{Crawler, GlueDatabase, GlueJob, JobRun};
use dsadmin::settings::Settings;
use dsadmin::tui::App;

/// Settings from `extra` (TOML) with the journal in `dir`.
fn settings(dir: &Path, extra: &str) -> (Settings, PathBuf) {
    let journal = dir.join("audit.jsonl");
    let text = format!("{extra}\n[audit]\npath = \"{}\"\n", journal.display());
    let settings = Settings::from_str(&text, &dir.join("config.toml")).unwrap();
    (settings, journal)
}

async fn harness(dir: &Path, extra: &str) -> (Harness, PathBuf) {
    let (settings, journal) = settings(dir, extra);
    (Harness::with_cloud(demo_cloud(), settings).await, journal)
}

fn journal(path: &Path) -> Vec<AuditRecord> {
    Journal::read_all(path).unwrap()
}

/// The footer: the last line of the screen.
fn footer(screen: &str) -> &str {
    screen.trim_end().lines().last().unwrap_or("")
}

/// The table row that starts with `name`.
fn row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start_matches('│').starts_with(name))
        .unwrap_or_else(|| panic!("no row {name}:\n{screen}"))
}

fn count_rows(screen: &str, prefix: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.trim_start_matches('│').starts_with(prefix))
        .count()
}

#[tokio::test]
async fn start_a_job_run_confirm_yes_adds_a_run_and_journals_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    h.keys("3/claims-reopened<enter>").await;
    h.keys("<enter>").await;
    let runs_before = count_rows(&h.screen(), "jr_");
    h.keys("<esc>").await;

    h.keys("t").await;
    assert!(h.app.confirming());
    let screen = h.screen();
    assert!(
        screen.contains("Start a run of Glue job claims-reopened-audit?"),
        "{screen}"
    );
    assert!(
        screen.contains("glue:StartJobRun  JobName=claims-reopened-audit"),
        "{screen}"
    );
    assert!(!path.exists(), "nothing journaled before the answer");

    h.keys("y").await;
    assert!(!h.app.confirming());
    let message = h.app.message().unwrap().to_owned();
    assert!(
        message.starts_with("started run jr_") && message.ends_with("of claims-reopened-audit"),
        "{message}"
    );
    // The Jobs pane was refreshed: the job's last run is the new one.
    let screen = h.screen();
    assert!(
        row(&screen, "claims-reopened-audit").contains("RUNNING"),
        "{screen}"
    );
    // And the job's runs show it, newest first.
    h.keys("<enter>").await;
    let screen = h.screen();
    assert_eq!(count_rows(&screen, "jr_"), runs_before + 1, "{screen}");
    let run_id = message.split_whitespace().nth(2).unwrap();
    assert!(
        row(&screen, &run_id[..14]).contains("RUNNING"),
        "{run_id}: {screen}"
    );

    let records = journal(&path);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0].phase, Phase::Started);
    assert_eq!(records[0].action, "glue:StartJobRun");
    assert_eq!(records[0].parameters["job"], "claims-reopened-audit");
    assert_eq!(records[0].account.as_deref(), Some("123456789012"));
    assert!(records[0].caller_arn.is_some(), "the identity is recorded");
    assert_eq!(records[1].phase, Phase::Finished);
    assert!(matches!(
        records[1].outcome,
        Some(Outcome::Succeeded { .. })
    ));
}

#[tokio::test]
async fn n_and_esc_cancel_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    h.keys("3/claims-reopened<enter><enter>").await;
    let before = h.screen();
    for cancel in ["n", "<esc>"] {
        // On the runs list `t` starts another run of the job.
        h.keys("t").await;
        let screen = h.screen();
        assert!(h.app.confirming(), "{screen}");
        assert!(
            footer(&screen).contains("y/Enter confirms · n/Esc cancels"),
            "{screen}"
        );
        h.keys(cancel).await;
        assert!(!h.app.confirming());
        // Esc closed the modal only: still on the runs list.
        assert_eq!(h.app.crumbs().len(), 2);
    }
    h.keys("r").await;
    assert_eq!(h.screen(), before, "nothing changed");
    assert!(!path.exists(), "nothing journaled");
}

#[tokio::test]
async fn keys_outside_the_modal_do_not_leak_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    h.keys("3/claims-reopened<enter>t").await;
    // Tab switches, quit, movement: all swallowed by the modal.
    h.keys("4qj").await;
    assert!(h.app.confirming());
    assert!(!h.app.should_quit());
    assert_eq!(h.app.active_tab(), dsadmin::command::TabKind::Jobs);
    h.keys("<esc>").await;
    assert!(!path.exists());
}

#[tokio::test]
async fn start_and_stop_a_crawler() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    h.keys("4/cat-exposure<enter>").await;
    let screen = h.screen();
    assert!(
        row(&screen, "cat-exposure-crawler").contains("READY"),
        "{screen}"
    );
    // A READY crawler can be started, not stopped.
    assert!(footer(&screen).contains("<t> start"), "{screen}");
    assert!(!footer(&screen).contains("stop"), "{screen}");

    h.keys("t").await;
    assert!(h
        .screen()
        .contains("glue:StartCrawler  Name=cat-exposure-crawler"));
    h.keys("y").await;
    assert_eq!(
        h.app.message(),
        Some("started crawler cat-exposure-crawler")
    );
    let screen = h.screen();
    assert!(
        row(&screen, "cat-exposure-crawler").contains("RUNNING"),
        "{screen}"
    );

    h.keys("<c-k>").await;
    assert!(h.screen().contains("Stop crawler cat-exposure-crawler?"));
    h.keys("<enter>").await;
    assert_eq!(
        h.app.message(),
        Some("stopping crawler cat-exposure-crawler")
    );
    let screen = h.screen();
    assert!(
        row(&screen, "cat-exposure-crawler").contains("READY"),
        "{screen}"
    );

    let records = journal(&path);
    let actions: Vec<(&str, Phase)> = records
        .iter()
        .map(|r| (r.action.as_str(), r.phase))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("glue:StartCrawler", Phase::Started),
            ("glue:StartCrawler", Phase::Finished),
            ("glue:StopCrawler", Phase::Started),
            ("glue:StopCrawler", Phase::Finished),
        ]
    );
}

#[tokio::test]
async fn stop_a_running_job_run() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    // claims-ingest-daily's newest run is RUNNING.
    h.keys("3/claims-ingest-daily<enter><enter>").await;
    let screen = h.screen();
    assert!(footer(&screen).contains("<ctrl-k> stop"), "{screen}");
    h.keys("<c-k>").await;
    let screen = h.screen();
    // Too long for one line: the action, then one field per line.
    assert!(screen.contains("│   glue:BatchStopJobRun "), "{screen}");
    assert!(
        screen.contains("│     JobName=claims-ingest-daily "),
        "{screen}"
    );
    assert!(screen.contains("│     JobRunIds=[jr_"), "{screen}");
    h.keys("y").await;
    let message = h.app.message().unwrap().to_owned();
    assert!(message.starts_with("stopping run jr_"), "{message}");
    let screen = h.screen();
    let run_id = message.split_whitespace().nth(2).unwrap();
    assert!(row(&screen, &run_id[..14]).contains("STOPPED"), "{screen}");
    // A stopped run cannot be stopped again: no hint (once a key has
    // cleared the message), and the key says why.
    h.keys("k").await;
    let screen = h.screen();
    assert!(!footer(&screen).contains("stop"), "{screen}");
    h.keys("<c-k>").await;
    assert!(!h.app.confirming());
    assert_eq!(
        h.app.message(),
        Some("Nothing to stop here: select a row it applies to")
    );
    assert_eq!(journal(&path).len(), 2);
}

#[tokio::test]
async fn scan_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "").await;
    // sagemaker-custom/claims-nlp, newest image first: "latest", not scanned.
    h.keys("5<enter>").await;
    let screen = h.screen();
    assert!(row(&screen, "latest").contains("not scanned"), "{screen}");
    h.keys("t").await;
    let screen = h.screen();
    for line in [
        "│   ecr:StartImageScan ",
        "│     repositoryName=sagemaker-custom/claims-nlp ",
        "│     imageId.imageDigest=sha256:b3bc0de3b2d8",
    ] {
        assert!(screen.contains(line), "{line}: {screen}");
    }
    h.keys("y").await;
    let message = h.app.message().unwrap();
    assert!(
        message.starts_with("started scan of sagemaker-custom/claims-nlp@sha256:b3bc0de3b2d8"),
        "{message}"
    );
    let screen = h.screen();
    assert!(row(&screen, "latest").contains("IN_PROGRESS"), "{screen}");
    // A scan in progress cannot be started again.
    h.keys("k").await;
    let screen = h.screen();
    assert!(!footer(&screen).contains("start"), "{screen}");
    assert_eq!(journal(&path).len(), 2);

    // A rescan keeps the last findings beside it, marked, and `d` says so.
    h.keys("/0.9.1<enter>ty").await;
    let screen = h.screen();
    let rescanned = row(&screen, "0.9.1");
    assert!(rescanned.contains("IN_PROGRESS"), "{screen}");
    assert!(rescanned.contains("3 high"), "{rescanned}");
    assert!(rescanned.contains("(last scan)"), "{rescanned}");
    h.keys("d").await;
    let detail = h.screen();
    assert!(
        detail.contains("the last completed scan (a new scan is in progress)"),
        "{detail}"
    );

    // A scan in view is read again every few seconds, so its end shows
    // without waiting for the live refresh (the demo's scans take 5 s).
    h.keys("<esc>").await;
    tokio::time::sleep(dsadmin::cloud::demo::SCAN_TAKES).await;
    h.app.on_settle_tick();
    h.settle().await;
    let screen = h.screen();
    assert!(row(&screen, "0.9.1").contains("COMPLETE"), "{screen}");
    // Nothing in transition on screen: the tick reads nothing.
    h.app.on_settle_tick();
    assert!(!h.app.is_busy(), "no load for a settled list");
}

#[tokio::test]
async fn read_only_refuses_the_key_journals_the_refusal_and_hides_hints() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = harness(dir.path(), "[general]\nread_only = true").await;
    h.keys("4/cat-exposure<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(!footer(&screen).contains("start"), "hint hidden: {screen}");

    h.keys("t").await;
    assert!(
        !h.app.confirming(),
        "no question when the answer cannot matter"
    );
    let message = h.app.message().unwrap();
    assert_eq!(
        message,
        format!(
            "refused glue:StartCrawler on crawler cat-exposure-crawler: dsadmin is read-only because of read_only = true in {}",
            dir.path().join("config.toml").display()
        )
    );
    h.keys("r").await;
    let screen = h.screen();
    assert!(
        row(&screen, "cat-exposure-crawler").contains("READY"),
        "estate unchanged: {screen}"
    );
    let records = journal(&path);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0].phase, Phase::Started);
    assert!(matches!(
        &records[1].outcome,
        Some(Outcome::Refused { reason }) if reason.contains("read-only")
    ));

    // The help overlay lists the action keys as unavailable.
    h.keys("?").await;
    let screen = h.screen();
    assert!(
        screen.contains("Stop the selected job run or crawler (unavailable: read-only)"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_read_only_flag_is_named_in_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path(), "");
    let (app, rx) = App::new(settings, demo_cloud());
    let mut h = Harness::from_app(app.with_read_only_flag(true), rx).await;
    h.keys("3/claims-reopened<enter>").await;
    assert!(!footer(&h.screen()).contains("<t>"));
    h.keys("t").await;
    assert_eq!(
        h.app.message(),
        Some(
            "refused glue:StartJobRun on Glue job claims-reopened-audit: dsadmin is read-only because of the --read-only flag"
        )
    );
    assert_eq!(journal(&path).len(), 2);
}

#[tokio::test]
async fn a_read_only_environment_for_the_account_applies_once_identity_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "[[environments]]\nmatch = \"123456789012\"\nlabel = \"PROD\"\ncolor = \"red\"\nread_only = true";
    let (mut h, path) = harness(dir.path(), extra).await;
    h.keys("3/claims-reopened<enter>t").await;
    let message = h.app.message().unwrap();
    assert!(
        message.contains("\"123456789012\" (PROD), read_only = true for this account"),
        "{message}"
    );
    assert!(h.app.policy().is_read_only());
    assert_eq!(journal(&path).len(), 2);
}

#[tokio::test]
async fn hints_show_actions_only_where_they_apply() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path(), "").await;
    h.keys("3").await;
    // The hint says what the key does to this row: a job's run.
    assert!(footer(&h.screen()).starts_with("<t> start run"));
    // An image is scanned.
    h.keys("5<enter>").await;
    assert!(footer(&h.screen()).contains("<t> scan"), "{}", h.screen());
    h.keys("<esc>").await;
    // Domains have no actions.
    h.keys("1").await;
    let screen = h.screen();
    assert!(!footer(&screen).contains("start"), "{screen}");
    h.keys("t").await;
    assert_eq!(
        h.app.message(),
        Some("Nothing to start here: select a row it applies to")
    );
}

/// The demo's Glue, counting the mutating calls that reach it; with
/// `deny_crawler_starts`, AWS refuses StartCrawler.
struct GlueSpy {
    inner: Arc<dyn Glue>,
    deny_crawler_starts: bool,
    mutations: Arc<AtomicUsize>,
}

impl GlueSpy {
    /// The demo cloud with this spy as its Glue, and the call counter.
    fn cloud(deny_crawler_starts: bool) -> (Cloud, Arc<AtomicUsize>) {
        let mut cloud = demo_cloud();
        let mutations = Arc::new(AtomicUsize::new(0));
        cloud.glue = Arc::new(GlueSpy {
            inner: cloud.glue.clone(),
            deny_crawler_starts,
            mutations: mutations.clone(),
        });
        (cloud, mutations)
    }

    fn count(&self) {
        self.mutations.fetch_add(1, SeqCst);
    }
}

#[async_trait::async_trait]
impl Glue for GlueSpy {
    async fn list_jobs(&self, sink: &dyn PageSink<GlueJob>) -> CloudResult<()> {
        self.inner.list_jobs(sink).await
    }
    async fn list_job_runs(&self, job: &str, sink: &dyn PageSink<JobRun>) -> CloudResult<()> {
        self.inner.list_job_runs(job, sink).await
    }
    async fn last_job_run(&self, job: &str) -> CloudResult<Option<JobRun>> {
        self.inner.last_job_run(job).await
    }
    async fn job_tags(&self, job: &str) -> CloudResult<Vec<dsadmin::model::Tag>> {
        self.inner.job_tags(job).await
    }
    async fn list_crawlers(&self, sink: &dyn PageSink<Crawler>) -> CloudResult<()> {
        self.inner.list_crawlers(sink).await
    }
    async fn list_databases(&self, sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()> {
        self.inner.list_databases(sink).await
    }
    async fn start_job_run(&self, job: &str) -> CloudResult<Completed<String>> {
        self.count();
        self.inner.start_job_run(job).await
    }
    async fn stop_job_run(&self, job: &str, run_id: &str) -> CloudResult<Completed<()>> {
        self.count();
        self.inner.stop_job_run(job, run_id).await
    }
    async fn start_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        self.count();
        if self.deny_crawler_starts {
            return Err(CloudError::AccessDenied {
                action: "glue:StartCrawler".into(),
                message: "User: arn:aws:sts::123456789012:assumed-role/Analyst/x is not authorized to perform: glue:StartCrawler".into(),
            });
        }
        self.inner.start_crawler(name).await
    }
    async fn stop_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        self.count();
        self.inner.stop_crawler(name).await
    }
    async fn get_job(&self, job: &str) -> CloudResult<GlueJob> {
        self.inner.get_job(job).await
    }
    async fn tag_job(
        &self,
        job: &str,
        tags: &std::collections::BTreeMap<String, String>,
    ) -> CloudResult<Completed<()>> {
        self.count();
        self.inner.tag_job(job, tags).await
    }
}

#[tokio::test]
async fn read_only_sends_nothing_for_any_action_key() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path(), "[general]\nread_only = true");
    let (cloud, mutations) = GlueSpy::cloud(false);
    let mut h = Harness::with_cloud(cloud, settings).await;
    // Start a job run, start another from its runs, stop its running run,
    // start a READY crawler: four refusals, no call.
    h.keys("3/claims-ingest-daily<enter>t<enter>t<c-k>").await;
    h.keys("4/cat-exposure<enter>t").await;
    assert_eq!(mutations.load(SeqCst), 0);
    let records = journal(&path);
    assert_eq!(records.len(), 8, "{records:?}");
    assert!(records
        .iter()
        .filter(|r| r.phase == Phase::Finished)
        .all(|r| matches!(r.outcome, Some(Outcome::Refused { .. }))));
}

#[tokio::test]
async fn a_failed_call_is_journaled_recorded_in_errors_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path(), "");
    let (cloud, mutations) = GlueSpy::cloud(true);
    let mut h = Harness::with_cloud(cloud, settings).await;
    h.keys("4/cat-exposure<enter>ty").await;
    let message = h.app.message().unwrap();
    assert!(
        message.starts_with("glue:StartCrawler failed: access denied"),
        "{message}"
    );
    assert_eq!(mutations.load(SeqCst), 1);
    let records = journal(&path);
    assert!(matches!(
        &records[1].outcome,
        Some(Outcome::Failed { code, .. }) if code == "AccessDenied"
    ));
    h.keys(":errors<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("glue:StartCrawler on crawler cat-exposure-crawler"),
        "{screen}"
    );
}

/// `:profile NAME` over the demo estate: the same estate under another
/// profile name, so a per-profile read-only entry can be switched into.
struct DemoProfiles;

#[async_trait::async_trait]
impl dsadmin::cloud::Connector for DemoProfiles {
    async fn connect(
        &self,
        profile: Option<String>,
        _region: Option<String>,
    ) -> CloudResult<Cloud> {
        let mut cloud = demo_cloud();
        if let Some(p) = profile {
            cloud.context.profile = p;
        }
        Ok(cloud)
    }
    fn profiles(&self) -> Vec<String> {
        vec!["demo".into(), "ds-prod".into()]
    }
}

#[tokio::test]
async fn switching_profile_rebuilds_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "[[environments]]\nmatch = \"ds-prod\"\nlabel = \"PROD\"\ncolor = \"red\"\nread_only = true";
    let (settings, path) = settings(dir.path(), extra);
    let (app, rx) = App::new(settings, demo_cloud());
    let app = app.with_connector(Arc::new(DemoProfiles));
    let mut h = Harness::from_app(app, rx).await;
    assert!(!h.app.policy().is_read_only());

    h.keys(":profile ds-prod<enter>").await;
    assert!(h.app.policy().is_read_only());
    h.keys("3/claims-reopened<enter>t").await;
    assert!(!h.app.confirming());
    let message = h.app.message().unwrap();
    assert!(message.contains("\"ds-prod\" (PROD)"), "{message}");
    let records = journal(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0].profile, "ds-prod",
        "the journal names the profile"
    );

    h.keys(":profile demo<enter>").await;
    assert!(!h.app.policy().is_read_only());
    h.keys("3/claims-reopened<enter>t").await;
    assert!(
        h.app.confirming(),
        "read-write again: the question is asked"
    );
    h.keys("<esc>").await;
}

#[tokio::test]
async fn an_open_audit_view_shows_the_new_records() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = harness(dir.path(), "").await;
    h.keys("1:audit<enter>").await;
    assert!(!h.screen().contains("glue:StartCrawler"));
    h.keys("4/cat-exposure<enter>ty1").await;
    let screen = h.screen();
    assert!(screen.contains("glue:StartCrawler"), "{screen}");
}

/// A connector that builds the demo cloud for the asked profile once the
/// test lets it (`open`), so keys can be typed while the switch is in flight.
struct GatedProfiles(Arc<tokio::sync::Notify>);

#[async_trait::async_trait]
impl dsadmin::cloud::Connector for GatedProfiles {
    async fn connect(
        &self,
        profile: Option<String>,
        _region: Option<String>,
    ) -> CloudResult<Cloud> {
        self.0.notified().await;
        let mut cloud = demo_cloud();
        cloud.context.profile = profile.unwrap_or_default();
        Ok(cloud)
    }
    fn profiles(&self) -> Vec<String> {
        vec!["demo".into(), "ds-dev".into()]
    }
}

/// sts:GetCallerIdentity that answers (account `account`) only when let.
struct HeldIdentity(Arc<tokio::sync::Notify>, &'static str);

#[async_trait::async_trait]
impl dsadmin::cloud::Identity for HeldIdentity {
    async fn caller_identity(&self) -> CloudResult<dsadmin::model::CallerIdentity> {
        self.0.notified().await;
        Ok(dsadmin::model::CallerIdentity {
            account: self.1.into(),
            arn: format!("arn:aws:iam::{}:user/admin", self.1),
            user_id: "AIDA".into(),
        })
    }
}

/// Keys without waiting for the app to be idle (a switch is held open),
/// then whatever background answers are ready.
async fn press(h: &mut Harness, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => crossterm::event::KeyCode::Enter,
            c => crossterm::event::KeyCode::Char(c),
        };
        h.app.on_key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        ));
        drain(h).await;
    }
}

async fn drain(h: &mut Harness) {
    while let Ok(Some(a)) =
        tokio::time::timeout(std::time::Duration::from_millis(100), h.rx.recv()).await
    {
        h.app.on_action(a);
    }
}

#[tokio::test]
async fn a_dialog_opened_during_a_switch_closes_with_the_old_session() {
    let dir = tempfile::tempdir().unwrap();
    let (settings, path) = settings(dir.path(), "");
    let gate = Arc::new(tokio::sync::Notify::new());
    let (app, rx) = App::new(settings, demo_cloud());
    let app = app.with_connector(Arc::new(GatedProfiles(gate.clone())));
    let mut h = Harness::from_app(app, rx).await;

    press(&mut h, ":profile ds-dev\n").await;
    // Still on demo: a start-run asked for here is a question about demo.
    press(&mut h, "3/claims-reopened\nt").await;
    assert!(h.app.confirming(), "{:?}", h.app.message());
    gate.notify_one();
    drain(&mut h).await;
    h.settle().await;

    assert!(!h.app.confirming(), "the old session's dialog is closed");
    let message = h.app.message().unwrap();
    assert!(
        message.contains("now on profile ds-dev") && message.contains("closed 1 dialog"),
        "{message}"
    );
    // `y` now answers nothing: no change was made on either profile.
    h.keys("y").await;
    assert!(
        journal(&path).is_empty(),
        "nothing ran: {:?}",
        journal(&path)
    );
}

#[tokio::test]
async fn an_old_sessions_identity_does_not_decide_the_new_gate() {
    let dir = tempfile::tempdir().unwrap();
    // Account 111111111111 is production, read-only; the demo's is not.
    let extra = "[[environments]]\nmatch = \"111111111111\"\nlabel = \"PROD\"\ncolor = \"red\"\nread_only = true";
    let (settings, _) = settings(dir.path(), extra);
    let held = Arc::new(tokio::sync::Notify::new());
    let mut prod = demo_cloud();
    prod.context.profile = "ds-prod".into();
    prod.identity = Arc::new(HeldIdentity(held.clone(), "111111111111"));
    let (app, rx) = App::new(settings, prod);
    let gate = Arc::new(tokio::sync::Notify::new());
    let app = app.with_connector(Arc::new(GatedProfiles(gate.clone())));
    let mut h = Harness {
        app: app.with_clock(common::anchor()),
        rx,
        terminal: ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap(),
    };
    h.app.start();
    drain(&mut h).await;
    assert!(
        h.app.policy().is_read_only(),
        "account not known yet: read-only"
    );

    press(&mut h, ":profile ds-dev\n").await;
    gate.notify_one();
    drain(&mut h).await;
    h.settle().await;
    assert!(
        !h.app.policy().is_read_only(),
        "ds-dev is account 123456789012"
    );

    // The prod profile's lookup answers late: it belongs to a session
    // that is gone and must not make ds-dev read-only (or name prod's
    // account in ds-dev's journal records).
    held.notify_one();
    drain(&mut h).await;
    assert!(!h.app.policy().is_read_only());
    h.keys("3/claims-reopened<enter>t").await;
    assert!(
        h.app.confirming(),
        "ds-dev asks, as a writable session does"
    );
}
