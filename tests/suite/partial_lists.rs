//! Lists at scale and in part (issue: 5,000 Glue jobs took 53 s because
//! every row waited for its follow-ups, and one refused follow-up blanked a
//! whole tab). Live over moto, a proxy in front answers one follow-up with
//! AccessDenied (or HTTP 500): every row is still listed, the refused
//! field is unknown with its reason, the cause is counted once.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use dsadmin::costs::seen::SeenApps;
use std::collections::BTreeSet;

use crate::common;

use dsadmin::cloud::{Cloud, CloudResult, Completed, PageSink};
use dsadmin::collect_all;
use dsadmin::inventory::{self, Gaps};
use dsadmin::model::{Crawler, Detail, GlueDatabase, GlueJob, JobRun};

use common::moto::{self, create_glue_job, MotoGuard, REGION};
use common::proxy::{Lose, RecordingProxy};

/// One attempt each: a refused call is not retried, so counts are exact.
async fn cloud_via(proxy: &RecordingProxy) -> Cloud {
    moto::connect_once(proxy.endpoint()).await
}

/// The binary against moto through `proxy`.
fn dsadmin_via(proxy: &RecordingProxy, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--endpoint-url", &proxy.endpoint(), "--region", REGION])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Two tagged jobs (one has run) and one untagged that never ran.
async fn three_jobs(m: &MotoGuard) {
    create_glue_job(m, "claims-etl").await;
    create_glue_job(m, "fraud-scores").await;
    m.glue()
        .await
        .create_job()
        .name("untagged")
        .role(moto::GLUE_ROLE)
        .command(
            aws_sdk_glue::types::JobCommand::builder()
                .name("pythonshell")
                .script_location("s3://ds-glue-scripts/untagged.py")
                .build(),
        )
        .send()
        .await
        .unwrap();
    m.glue()
        .await
        .start_job_run()
        .job_name("claims-etl")
        .send()
        .await
        .unwrap();
}

async fn jobs_with(proxy: &RecordingProxy) -> (Vec<GlueJob>, Gaps) {
    let cloud = cloud_via(proxy).await;
    let listed = collect_all!(cloud.glue, list_jobs).unwrap();
    let gaps = Gaps::default();
    let mut jobs = inventory::fill_all(&cloud, listed, &gaps).await;
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    (jobs, gaps)
}

fn names(jobs: &[GlueJob]) -> Vec<&str> {
    jobs.iter().map(|j| j.name.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_is_listed_whatever_follow_up_is_refused() {
    let m = moto::guard();
    three_jobs(&m).await;

    // Tags come in bulk: no per-job GetTags at all, one GetJobRuns per job.
    let proxy = RecordingProxy::start(m.port());
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs), ["claims-etl", "fraud-scores", "untagged"]);
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    assert_eq!(proxy.count("GetTags"), 0);
    assert_eq!(proxy.count("GetResources"), 1);
    assert_eq!(proxy.count("GetJobRuns"), 3);
    assert_eq!(
        jobs[2].tags,
        Detail::Known(Vec::new()),
        "untagged: absent from GetResources"
    );
    assert!(jobs[0].last_run.known().unwrap().is_some());
    assert_eq!(jobs[1].last_run, Detail::Known(None));

    // GetJobRuns refused: the runs are unknown, one cause for three rows.
    let proxy = RecordingProxy::losing(m.port(), &["GetJobRuns"], Lose::Refuse);
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    for j in &jobs {
        let why = j.last_run.why().unwrap_or_else(|| panic!("{j:?}"));
        assert_eq!(
            (why.action.as_str(), why.code.as_str()),
            ("glue:GetJobRuns", "AccessDenied")
        );
        assert!(j.tags.is_known(), "tags still read: {j:?}");
    }
    let list = gaps.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].rows, 3);

    // tag:GetResources refused: said once, and each job asks GetTags.
    let proxy = RecordingProxy::losing(m.port(), &["GetResources"], Lose::Refuse);
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    assert!(jobs.iter().all(|j| j.tags.is_known()), "{jobs:?}");
    assert_eq!(proxy.count("GetTags"), 3);
    let list = gaps.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(
        list[0].fell_back && list[0].action == "tag:GetResources",
        "{list:?}"
    );

    // Both tag paths refused: the tags are unknown, the runs are not.
    let proxy = RecordingProxy::losing(m.port(), &["GetResources", "GetTags"], Lose::Refuse);
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    for j in &jobs {
        assert_eq!(
            j.tags.why().map(|w| w.action.as_str()),
            Some("glue:GetTags"),
            "{j:?}"
        );
        assert!(j.last_run.is_known());
    }
    let rows: Vec<(String, usize)> = gaps
        .list()
        .iter()
        .map(|g| (g.action.clone(), g.rows))
        .collect();
    assert_eq!(
        rows,
        [
            ("glue:GetTags".to_owned(), 3),
            ("tag:GetResources".to_owned(), 0)
        ]
    );

    // GetTags needs the account (STS): without it and without the bulk
    // call, the tags say why: sts:GetCallerIdentity.
    let proxy = RecordingProxy::losing(
        m.port(),
        &["GetResources", "GetCallerIdentity"],
        Lose::Refuse,
    );
    let (jobs, _) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    for j in &jobs {
        assert_eq!(
            j.tags.why().map(|w| w.action.as_str()),
            Some("sts:GetCallerIdentity"),
            "{j:?}"
        );
    }

    // A 500 from GetJobRuns is the same: unknown, never a failed list.
    let proxy = RecordingProxy::losing(m.port(), &["GetJobRuns"], Lose::Fail);
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    assert!(jobs.iter().all(|j| j.last_run.why().is_some()));
    assert_eq!(gaps.list()[0].code, "InternalFailure");
}

/// The binary: `get jobs` asks only GetJobs; `--wide` adds one follow-up
/// per job (tags in bulk) and says a refused one once on stderr, with each
/// JSON record's `unknown` map naming why.
#[test]
fn get_jobs_default_and_wide_over_moto() {
    let m = moto::guard();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(three_jobs(&m));

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &["get", "jobs", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let ops: Vec<String> = proxy.seen().iter().map(|s| s.operation()).collect();
    assert_eq!(ops, ["GetJobs"], "one request per page, nothing per job");
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    assert!(
        rows[0].get("tags").is_none() && rows[0].get("last_run").is_none(),
        "{rows}"
    );

    let proxy = RecordingProxy::losing(m.port(), &["GetJobRuns"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &["get", "jobs", "--wide", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let stderr = common::cli::stderr(&o);
    assert_eq!(stderr.lines().count(), 1, "once per cause:\n{stderr}");
    assert!(
        stderr.contains("glue:GetJobRuns AccessDenied on 3 rows"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for row in rows.as_array().unwrap() {
        assert!(row["last_run"].is_null(), "{row}");
        assert!(
            row["unknown"]["last_run"]
                .as_str()
                .unwrap()
                .contains("glue:GetJobRuns"),
            "{row}"
        );
        assert!(row["tags"].is_array(), "{row}");
    }
    let per_job = ["GetJobRuns", "GetTags"]
        .iter()
        .map(|op| proxy.count(op))
        .sum::<usize>();
    assert_eq!(per_job, 3, "at most one follow-up request per job");

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &["get", "jobs", "-o", "wide"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let table = common::cli::stdout(&o);
    assert!(
        table.lines().next().unwrap().contains("LAST RUN"),
        "{table}"
    );
    assert!(
        table.contains("SUCCEEDED") && table.contains("never"),
        "{table}"
    );
}

/// An IAM domain: `secure` is VpcOnly and tagged; otherwise it is
/// PublicInternetOnly with no tags at all, which moto 5.2.5 answers ListTags
/// on with HTTP 500, as the issue measured.
async fn domain(m: &MotoGuard, name: &str, secure: bool) {
    use aws_sdk_sagemaker::types as sm;
    let mut create = m
        .sagemaker()
        .await
        .create_domain()
        .domain_name(name)
        .auth_mode(sm::AuthMode::Iam)
        .default_user_settings(
            sm::UserSettings::builder()
                .execution_role(moto::SM_ROLE)
                .build(),
        )
        .subnet_ids("subnet-0a1")
        .vpc_id("vpc-0123");
    if secure {
        create = create
            .app_network_access_type(sm::AppNetworkAccessType::VpcOnly)
            .tags(sm::Tag::builder().key("TeamName").value("fraud").build());
    }
    create.send().await.unwrap();
}

async fn domains_with(proxy: &RecordingProxy) -> (Vec<dsadmin::model::Domain>, Gaps) {
    let cloud = cloud_via(proxy).await;
    let listed = collect_all!(cloud.sagemaker, list_domains).unwrap();
    let gaps = Gaps::default();
    let mut domains = inventory::fill_all(&cloud, listed, &gaps).await;
    domains.sort_by(|a, b| a.name.cmp(&b.name));
    (domains, gaps)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_domain_is_listed_whatever_follow_up_fails() {
    let m = moto::guard();
    domain(&m, "fraud-prod", true).await;
    domain(&m, "sandbox", false).await;

    // Bulk tags: no ListTags at all, so moto's 500 never comes up.
    let proxy = RecordingProxy::start(m.port());
    let (domains, gaps) = domains_with(&proxy).await;
    assert_eq!(domains.len(), 2);
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    assert_eq!(proxy.count("ListTags"), 0);
    assert_eq!(domains[1].tags, Detail::Known(Vec::new()));

    // GetResources refused: ListTags per domain, and moto's own 500 on
    // the untagged one leaves its tags unknown, nothing else.
    let proxy = RecordingProxy::losing(m.port(), &["GetResources"], Lose::Refuse);
    let (domains, gaps) = domains_with(&proxy).await;
    assert_eq!(domains.len(), 2, "{domains:#?}");
    assert!(domains[0].tags.is_known(), "{:?}", domains[0]);
    let why = domains[1].tags.why().expect("the 500 is a reason");
    assert_eq!(why.action, "sagemaker:ListTags");
    assert!(
        domains.iter().all(|d| d.settings.is_known()),
        "{domains:#?}"
    );
    let causes: Vec<(String, usize)> = gaps
        .list()
        .iter()
        .map(|g| (g.action.clone(), g.rows))
        .collect();
    assert_eq!(
        causes,
        [
            ("sagemaker:ListTags".to_owned(), 1),
            ("tag:GetResources".to_owned(), 0)
        ]
    );

    // DescribeDomain refused: both rows, their settings unknown.
    let proxy = RecordingProxy::losing(m.port(), &["DescribeDomain"], Lose::Refuse);
    let (domains, gaps) = domains_with(&proxy).await;
    assert_eq!(domains.len(), 2);
    for d in &domains {
        let why = d.settings.why().unwrap_or_else(|| panic!("{d:?}"));
        assert_eq!(
            (why.action.as_str(), why.code.as_str()),
            ("sagemaker:DescribeDomain", "AccessDenied")
        );
    }
    assert_eq!(gaps.list()[0].rows, 2);
}

/// `check` with ListTags failing (bulk refused, moto's 500 on the untagged
/// domain) still reports the PublicInternetOnly domain; with DescribeDomain
/// refused the domains are "not checked" by name, and the other sources'
/// rules still run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posture_keeps_every_domain_it_can_read() {
    use dsadmin::governance::{collect, GovernanceConfig};
    let m = moto::guard();
    domain(&m, "fraud-prod", true).await;
    domain(&m, "sandbox", false).await;
    create_glue_job(&m, "claims-etl").await;
    let config = GovernanceConfig::default();
    let git = dsadmin::gitsync::GitSettings::default();

    let proxy = RecordingProxy::losing(m.port(), &["GetResources"], Lose::Refuse);
    let report = collect::check(&cloud_via(&proxy).await, &config, &git).await;
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule.id() == "domain-not-vpc-only" && f.resource.name == "sandbox"),
        "{:#?}",
        report.findings
    );

    let proxy = RecordingProxy::losing(m.port(), &["DescribeDomain"], Lose::Refuse);
    let report = collect::check(&cloud_via(&proxy).await, &config, &git).await;
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule.id().starts_with("domain-")),
        "{:#?}",
        report.findings
    );
    let unchecked = report
        .not_checked
        .iter()
        .find(|n| n.source == "sagemaker:DescribeDomain")
        .unwrap_or_else(|| panic!("{:#?}", report.not_checked));
    assert_eq!(unchecked.resources, ["fraud-prod", "sandbox"]);
    assert!(
        unchecked.reason.starts_with("AccessDenied"),
        "{unchecked:?}"
    );
    assert!(
        !report
            .not_checked
            .iter()
            .any(|n| n.source.starts_with("glue:")),
        "Glue's rules ran: {:#?}",
        report.not_checked
    );
}

/// The Jobs tab without glue:GetJobRuns: every job listed, LAST RUN reads
/// `?`, `d` says why, `:errors` says it once with the number of rows.
#[tokio::test]
async fn the_jobs_tab_lists_every_job_without_their_runs() {
    let mut cloud = common::demo_cloud();
    cloud.glue = std::sync::Arc::new(Counted::over(cloud.glue.clone(), true));
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let mut h = common::Harness::with_cloud(cloud, settings).await;
    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("Glue Jobs [27]"), "{screen}");
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("glueetl")).collect();
    assert!(!rows.is_empty(), "{screen}");
    for row in &rows {
        assert!(row.contains(" ? "), "LAST RUN is unknown: {row}");
        assert!(!row.contains("SUCCEEDED"), "{row}");
    }
    h.keys("d").await;
    let detail = h.screen();
    assert!(
        detail.contains("unknown: glue:GetJobRuns AccessDenied"),
        "{detail}"
    );
    h.keys("<esc>").await;
    h.keys(":errors<enter>").await;
    let errors = h.screen();
    assert!(errors.contains("errors [1]"), "once per cause: {errors}");
    assert!(
        errors.contains("glue:GetJobRuns AccessDenied on 27 rows"),
        "{errors}"
    );
}

/// The demo's Glue, counting the list and the per-job follow-up; with
/// `refuse_runs`, GetJobRuns is refused as for a role without
/// glue:GetJobRuns; with `refuse_list`, GetJobs is.
pub(crate) struct Counted {
    inner: std::sync::Arc<dyn dsadmin::cloud::Glue>,
    refuse_runs: bool,
    pub(crate) refuse_list: bool,
    lists: std::sync::atomic::AtomicUsize,
    runs: std::sync::atomic::AtomicUsize,
}

impl Counted {
    pub(crate) fn over(inner: std::sync::Arc<dyn dsadmin::cloud::Glue>, refuse_runs: bool) -> Self {
        Self {
            inner,
            refuse_runs,
            refuse_list: false,
            lists: Default::default(),
            runs: Default::default(),
        }
    }
}

#[async_trait::async_trait]
impl dsadmin::cloud::Glue for Counted {
    async fn list_jobs(&self, sink: &dyn PageSink<GlueJob>) -> CloudResult<()> {
        self.lists.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.refuse_list {
            return Err(dsadmin::cloud::CloudError::AccessDenied {
                action: "glue:GetJobs".into(),
                message: "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: glue:GetJobs".into(),
            });
        }
        self.inner.list_jobs(sink).await
    }
    async fn last_job_run(&self, job: &str) -> CloudResult<Option<JobRun>> {
        self.runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.refuse_runs {
            return Err(dsadmin::cloud::CloudError::AccessDenied {
                action: "glue:GetJobRuns".into(),
                message: "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: glue:GetJobRuns".into(),
            });
        }
        self.inner.last_job_run(job).await
    }
    async fn job_tags(&self, job: &str) -> CloudResult<Vec<dsadmin::model::Tag>> {
        self.inner.job_tags(job).await
    }
    async fn list_job_runs(&self, job: &str, sink: &dyn PageSink<JobRun>) -> CloudResult<()> {
        self.inner.list_job_runs(job, sink).await
    }
    async fn list_crawlers(&self, sink: &dyn PageSink<Crawler>) -> CloudResult<()> {
        self.inner.list_crawlers(sink).await
    }
    async fn list_databases(&self, sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()> {
        self.inner.list_databases(sink).await
    }
    async fn start_job_run(&self, job: &str) -> CloudResult<Completed<String>> {
        self.inner.start_job_run(job).await
    }
    async fn stop_job_run(&self, job: &str, run: &str) -> CloudResult<Completed<()>> {
        self.inner.stop_job_run(job, run).await
    }
    async fn start_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        self.inner.start_crawler(name).await
    }
    async fn stop_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
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
        self.inner.tag_job(job, tags).await
    }
}

/// Live refresh lists the tab on screen again and keeps what the user had:
/// the selected row, the marks, the filter; rows listed unchanged and out
/// of view keep their last runs without a GetJobRuns each (the rows in
/// view ask again: a new run changes nothing GetJobs says); the header
/// says when.
#[tokio::test]
async fn live_refresh_lists_again_and_keeps_the_view() {
    use std::sync::atomic::Ordering::SeqCst;
    let demo = std::sync::Arc::new(dsadmin::cloud::demo::DemoCloud::new(common::anchor()).unwrap());
    let mut cloud = dsadmin::cloud::Cloud::from_backend(
        dsadmin::cloud::CloudContext {
            profile: "demo".into(),
            region: "eu-west-2".into(),
            demo: true,
            assumed_role: None,
        },
        demo.clone(),
    );
    let counted = std::sync::Arc::new(Counted::over(cloud.glue.clone(), false));
    cloud.glue = counted.clone();
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let mut h = common::Harness::with_cloud(cloud, settings).await;
    h.keys("3").await;
    assert_eq!(counted.lists.load(SeqCst), 1);
    assert_eq!(counted.runs.load(SeqCst), 27, "one GetJobRuns per job");
    h.keys("/claims<enter>").await;
    h.keys("j ").await;
    let before = h.screen();
    assert!(before.contains("1 marked"), "{before}");
    assert!(
        before.contains("as of 12:00:00 UTC"),
        "the header says when: {before}"
    );

    // The rows in view (the filter's), whose last runs are asked again.
    let in_view = before
        .lines()
        .filter(|l| l.starts_with('│') && l.contains("claims") && !l.contains("NAME"))
        .count();
    assert!((1..27).contains(&in_view), "{before}");

    h.app.on_refresh_tick();
    h.settle().await;
    let after = h.screen();
    assert_eq!(counted.lists.load(SeqCst), 2, "listed again");
    assert_eq!(
        counted.runs.load(SeqCst),
        27 + in_view,
        "nothing changed: GetJobRuns for the rows in view only"
    );
    assert_eq!(after, before, "same rows, selection, mark and filter");

    // A job out of view changed since: its follow-up is asked for again.
    demo.update(|e| {
        let job = e
            .glue_jobs
            .iter_mut()
            .find(|j| !j.name.contains("claims"))
            .unwrap();
        job.last_modified = Some(common::anchor());
    });
    h.app.on_refresh_tick();
    h.settle().await;
    assert_eq!(counted.runs.load(SeqCst), 27 + 2 * in_view + 1);
    assert!(h.screen().contains("1 marked"));

    // A new run of a job in view shows at the next refresh.
    let (row_before, _) = claims_ingest(&h.screen());
    demo.update(|e| {
        e.start_job_run("claims-ingest-daily", common::anchor())
            .unwrap();
    });
    h.app.on_refresh_tick();
    h.settle().await;
    let (row_after, screen) = claims_ingest(&h.screen());
    assert_ne!(row_after, row_before, "{screen}");
    assert!(
        row_after.contains("RUNNING") || row_after.contains("STARTING"),
        "{row_after}"
    );
}

/// The claims-ingest-daily row of a Jobs screen, and the screen.
fn claims_ingest(screen: &str) -> (String, String) {
    let row = screen
        .lines()
        .find(|l| l.contains("claims-ingest-daily"))
        .unwrap_or_else(|| panic!("{screen}"))
        .to_owned();
    (row, screen.to_owned())
}

/// ECR repositories without ecr:ListImages, then without
/// ListTagsForResource: both listed, only that field unknown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_repository_is_listed_whatever_follow_up_is_refused() {
    let m = moto::guard();
    for name in ["sagemaker-images", "scratch"] {
        m.ecr()
            .await
            .create_repository()
            .repository_name(name)
            .send()
            .await
            .unwrap();
    }
    for (refused, action) in [
        ("ListImages", "ecr:ListImages"),
        ("ListTagsForResource", "ecr:ListTagsForResource"),
    ] {
        let proxy = RecordingProxy::losing(m.port(), &[refused], Lose::Refuse);
        let cloud = cloud_via(&proxy).await;
        let listed = collect_all!(cloud.ecr, list_repositories).unwrap();
        let gaps = Gaps::default();
        let repos = inventory::fill_all(&cloud, listed, &gaps).await;
        assert_eq!(repos.len(), 2, "{refused}: {repos:#?}");
        for r in &repos {
            let unknown: Vec<&str> = dsadmin::model::Enriched::unknown(r)
                .iter()
                .map(|(_, w)| w.action.as_str())
                .collect();
            assert_eq!(unknown, [action], "{r:#?}");
        }
        assert_eq!(gaps.list()[0].rows, 2);
    }
}

/// Two endpoints: `claims-scorer` tagged (blue 3 : green 1, three
/// instances), `churn` untagged on one instance.
async fn two_endpoints(m: &MotoGuard) {
    moto::create_weighted_endpoint(m, "claims-scorer", &[("blue", 3.0, 2), ("green", 1.0, 1)])
        .await;
    moto::create_weighted_endpoint(m, "churn", &[("AllTraffic", 1.0, 1)]).await;
    let sm = m.sagemaker().await;
    let arn = sm
        .describe_endpoint()
        .endpoint_name("claims-scorer")
        .send()
        .await
        .unwrap()
        .endpoint_arn()
        .unwrap()
        .to_owned();
    sm.add_tags()
        .resource_arn(arn)
        .tags(
            aws_sdk_sagemaker::types::Tag::builder()
                .key("TeamName")
                .value("fraud")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

async fn endpoints_with(proxy: &RecordingProxy) -> (Vec<dsadmin::model::Endpoint>, Gaps) {
    let cloud = cloud_via(proxy).await;
    let listed = collect_all!(cloud.sagemaker, list_endpoints).unwrap();
    let gaps = Gaps::default();
    let mut endpoints = inventory::fill_all(&cloud, listed, &gaps).await;
    endpoints.sort_by(|a, b| a.name.cmp(&b.name));
    (endpoints, gaps)
}

/// Endpoints without sagemaker:DescribeEndpoint, DescribeEndpointConfig,
/// tag:GetResources or ListTags: both listed each time, only what the
/// refused call says unknown, each cause once with its rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_is_listed_whatever_follow_up_is_refused() {
    let m = moto::guard();
    two_endpoints(&m).await;

    // Nothing refused: tags in bulk (moto returns tagged endpoints from
    // GetResources), no ListTags at all.
    let proxy = RecordingProxy::start(m.port());
    let (endpoints, gaps) = endpoints_with(&proxy).await;
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    assert_eq!(proxy.count("ListTags"), 0);
    assert_eq!(proxy.count("GetResources"), 1);
    let claims = &endpoints[1];
    assert_eq!(claims.tags.known_or_empty().len(), 1, "{claims:?}");
    assert_eq!(endpoints[0].tags, Detail::Known(Vec::new()));
    assert_eq!(claims.variants()[0].instance_type(), Some("ml.m5.large"));

    // DescribeEndpointConfig refused: weights and counts known, models,
    // instance types and the KMS key unknown.
    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpointConfig"], Lose::Refuse);
    let (endpoints, gaps) = endpoints_with(&proxy).await;
    assert_eq!(endpoints.len(), 2);
    let claims = &endpoints[1];
    assert_eq!(claims.instance_count(), 3);
    assert_eq!(claims.share_percent(&claims.variants()[0]), 75.0);
    assert_eq!(
        claims.config().why().unwrap().action,
        "sagemaker:DescribeEndpointConfig"
    );
    assert!(claims
        .variants()
        .iter()
        .all(|v| v.configured.why().is_some()));
    let causes: Vec<(String, usize)> = gaps
        .list()
        .iter()
        .map(|g| (g.action.clone(), g.rows))
        .collect();
    assert_eq!(causes, [("sagemaker:DescribeEndpointConfig".to_owned(), 2)]);

    // DescribeEndpoint refused: both rows, from ListEndpoints alone.
    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpoint"], Lose::Refuse);
    let (endpoints, gaps) = endpoints_with(&proxy).await;
    assert_eq!(endpoints.len(), 2);
    for e in &endpoints {
        assert_eq!(e.status, "InService");
        let why = e.described.why().unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(
            (why.action.as_str(), why.code.as_str()),
            ("sagemaker:DescribeEndpoint", "AccessDenied")
        );
        assert!(e.tags.is_known());
    }
    assert_eq!(gaps.list()[0].rows, 2);

    // GetResources and ListTags refused: said once each, tags unknown.
    let proxy = RecordingProxy::losing(m.port(), &["GetResources", "ListTags"], Lose::Refuse);
    let (endpoints, gaps) = endpoints_with(&proxy).await;
    assert_eq!(endpoints.len(), 2);
    assert!(endpoints.iter().all(|e| e.described.is_known()));
    assert!(endpoints.iter().all(|e| e
        .tags
        .why()
        .is_some_and(|w| w.action == "sagemaker:ListTags")));
    let causes: Vec<(String, usize, bool)> = gaps
        .list()
        .iter()
        .map(|g| (g.action.clone(), g.rows, g.fell_back))
        .collect();
    assert_eq!(
        causes,
        [
            ("sagemaker:ListTags".to_owned(), 2, false),
            ("tag:GetResources".to_owned(), 0, true)
        ]
    );
}

/// Posture without DescribeEndpointConfig: the KMS and instance-count
/// rules name both endpoints "not checked", the data-capture rule (which
/// DescribeEndpoint answers) still reports them; costs say which
/// endpoints they could not price.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posture_checks_what_describe_endpoint_says_without_the_config() {
    use dsadmin::governance::{collect, GovernanceConfig};
    let m = moto::guard();
    two_endpoints(&m).await;
    let config = GovernanceConfig::default();
    let git = dsadmin::gitsync::GitSettings::default();

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpointConfig"], Lose::Refuse);
    let report = collect::check(&cloud_via(&proxy).await, &config, &git).await;
    let ids: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule.id().starts_with("endpoint-"))
        .map(|f| (f.rule.id(), f.resource.name.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("endpoint-no-data-capture", "churn"),
            ("endpoint-no-data-capture", "claims-scorer")
        ],
        "{:#?}",
        report.findings
    );
    let unchecked = report
        .not_checked
        .iter()
        .find(|n| n.source == "sagemaker:DescribeEndpointConfig")
        .unwrap_or_else(|| panic!("{:#?}", report.not_checked));
    assert_eq!(unchecked.resources, ["churn", "claims-scorer"]);
    let rules: Vec<&str> = unchecked.rules.iter().map(|r| r.id()).collect();
    // The registry rule needs the variants' models, which the config
    // names; so do the role rules (what the endpoint runs as).
    assert_eq!(
        rules,
        [
            "endpoint-no-kms-key",
            "endpoint-single-instance",
            "endpoint-model-package-not-approved",
            "execution-role-admin-access",
            "execution-role-shared-across-teams",
            "execution-role-s3-without-tag-condition"
        ]
    );

    // With the config, the single-instance endpoint is reported.
    let proxy = RecordingProxy::start(m.port());
    let report = collect::check(&cloud_via(&proxy).await, &config, &git).await;
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule.id() == "endpoint-single-instance" && f.resource.name == "churn"),
        "{:#?}",
        report.findings
    );

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpoint"], Lose::Refuse);
    let cloud = cloud_via(&proxy).await;
    let inputs =
        dsadmin::costs::gather::gather(&cloud, 7, chrono::Utc::now(), &SeenApps::in_memory()).await;
    assert_eq!(inputs.endpoints.len(), 2);
    assert!(
        inputs
            .gaps
            .iter()
            .any(|g| g.contains("sagemaker:DescribeEndpoint AccessDenied on 2 rows")),
        "{:?}",
        inputs.gaps
    );
}

/// The binary: `get endpoints` asks ListEndpoints only; `--wide` with
/// DescribeEndpointConfig refused keeps the weights and names the unknown
/// fields with why, once on stderr.
#[test]
fn get_endpoints_default_and_wide_over_moto() {
    let m = moto::guard();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(two_endpoints(&m));

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &["get", "endpoints", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let ops: Vec<String> = proxy.seen().iter().map(|s| s.operation()).collect();
    assert_eq!(ops, ["ListEndpoints"], "one request per page");
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert!(rows[0].get("variants").is_none(), "{rows}");

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpointConfig"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &["get", "endpoints", "--wide", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let stderr = common::cli::stderr(&o);
    assert_eq!(stderr.lines().count(), 1, "once per cause:\n{stderr}");
    assert!(
        stderr.contains("sagemaker:DescribeEndpointConfig AccessDenied on 2 rows"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let claims = &rows[1];
    assert_eq!(claims["name"], "claims-scorer");
    assert_eq!(claims["variants"][0]["current_weight"], 3.0, "{claims}");
    assert!(
        claims["variants"][0].get("instance_type").is_none(),
        "{claims}"
    );
    assert!(claims["kms_key_id"].is_null(), "{claims}");
    for field in [
        "kms_key_id",
        "variants.model_name",
        "variants.instance_type",
    ] {
        assert!(
            claims["unknown"][field]
                .as_str()
                .is_some_and(|w| w.contains("sagemaker:DescribeEndpointConfig")),
            "{field}: {claims}"
        );
    }
    assert!(claims.get("variants.model_name").is_none(), "{claims}");

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpointConfig"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &["get", "endpoints", "--wide"]);
    let table = common::cli::stdout(&o);
    assert!(table.contains("?×3"), "{table}");
    assert!(table.contains("blue 75%"), "{table}");
}

/// The Endpoints tab over moto: without DescribeEndpointConfig both rows
/// show their traffic split with the instance type `?` and `d` says why;
/// without DescribeEndpoint `w` says the variants are unknown instead of
/// opening an empty editor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoints_tab_lists_every_endpoint_without_their_config() {
    let m = moto::guard();
    two_endpoints(&m).await;
    let settings = dsadmin::settings::Settings::builtin().unwrap();

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpointConfig"], Lose::Refuse);
    let mut h = common::Harness::with_cloud(cloud_via(&proxy).await, settings.clone()).await;
    h.keys("7").await;
    let screen = h.screen();
    assert!(screen.contains("Endpoints [2]"), "{screen}");
    let claims = screen
        .lines()
        .find(|l| l.contains("claims-scorer"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(claims.contains("blue 75%"), "{claims}");
    assert!(claims.contains("?×3"), "{claims}");
    h.keys("/claims<enter>d").await;
    let detail = h.screen();
    assert!(
        detail.contains("unknown: sagemaker:DescribeEndpointConfig AccessDenied"),
        "{detail}"
    );

    let proxy = RecordingProxy::losing(m.port(), &["DescribeEndpoint"], Lose::Refuse);
    let mut h = common::Harness::with_cloud(cloud_via(&proxy).await, settings).await;
    h.keys("7").await;
    let screen = h.screen();
    assert!(screen.contains("Endpoints [2]"), "{screen}");
    assert!(screen.contains("InService"), "{screen}");
    h.keys("w").await;
    let screen = h.screen();
    assert!(
        screen.contains("variants of endpoint churn are unknown"),
        "{screen}"
    );
    h.keys(":errors<enter>").await;
    let errors = h.screen();
    assert!(
        errors.contains("sagemaker:DescribeEndpoint AccessDenied on 2 rows"),
        "{errors}"
    );
}

/// `sagemaker-images` with two images: `sklearn-1.5` scanned (moto's
/// default result, one HIGH finding), `r-4.4` never scanned.
async fn two_images(m: &MotoGuard) {
    let ecr = m.ecr().await;
    ecr.create_repository()
        .repository_name("sagemaker-images")
        .send()
        .await
        .unwrap();
    moto::put_image(m, "sagemaker-images", "sklearn-1.5", 1, 512_000_000).await;
    moto::put_image(m, "sagemaker-images", "r-4.4", 2, 300_000_000).await;
    ecr.start_image_scan()
        .repository_name("sagemaker-images")
        .image_id(
            aws_sdk_ecr::types::ImageIdentifier::builder()
                .image_tag("sklearn-1.5")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// Without ecr:DescribeImageScanFindings every image is listed with its
/// scan unknown (said once for both rows), posture says the image rules
/// were not checked for them instead of calling them never scanned, and
/// the repository rule still runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_image_is_listed_without_its_scan() {
    use dsadmin::governance::{collect, GovernanceConfig};
    let m = moto::guard();
    two_images(&m).await;
    let proxy = RecordingProxy::losing(m.port(), &["DescribeImageScanFindings"], Lose::Refuse);
    let cloud = cloud_via(&proxy).await;

    let listed = collect_all!(cloud.ecr, list_images, "sagemaker-images").unwrap();
    let gaps = Gaps::default();
    let images = inventory::fill_all(&cloud, listed, &gaps).await;
    assert_eq!(images.len(), 2, "{images:#?}");
    for i in &images {
        let why = i.scan.why().unwrap_or_else(|| panic!("{i:#?}"));
        assert_eq!(why.action, "ecr:DescribeImageScanFindings");
        assert_eq!(why.code, "AccessDenied");
    }
    let list = gaps.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].rows, 2);

    let report = collect::check(
        &cloud,
        &GovernanceConfig::default(),
        &dsadmin::gitsync::GitSettings::default(),
    )
    .await;
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule.id().starts_with("ecr-image-")),
        "no image is called unscanned for a scan nobody could read: {:#?}",
        report.findings
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule.id() == "ecr-repository-no-scan-on-push"),
        "{:#?}",
        report.findings
    );
    let unchecked = report
        .not_checked
        .iter()
        .find(|n| n.source == "ecr:DescribeImageScanFindings")
        .unwrap_or_else(|| panic!("{:#?}", report.not_checked));
    let mut resources = unchecked.resources.clone();
    resources.sort();
    assert_eq!(
        resources,
        ["sagemaker-images:r-4.4", "sagemaker-images:sklearn-1.5"]
    );
    assert_eq!(unchecked.rules.len(), 3, "{unchecked:?}");

    // Unrefused, the same images are judged: one HIGH, one never scanned.
    let report = collect::check(
        &moto::connect_once(m.endpoint()).await,
        &GovernanceConfig::default(),
        &dsadmin::gitsync::GitSettings::default(),
    )
    .await;
    let mut ids: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule.id().starts_with("ecr-image-"))
        .map(|f| (f.rule.id(), f.resource.name.as_str()))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            ("ecr-image-high-findings", "sagemaker-images:sklearn-1.5"),
            ("ecr-image-not-scanned", "sagemaker-images:r-4.4"),
        ]
    );
}

/// The binary: `get images` asks DescribeImages only (moto's entries carry
/// no scan summary, so no scan fields); `--wide` with the findings refused
/// names both scan fields unknown, null, and says so once on stderr.
#[test]
fn get_images_default_and_wide_over_moto() {
    let m = moto::guard();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(two_images(&m));
    let args = ["get", "images", "--repository", "sagemaker-images"];

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &[&args[..], &["-o", "json"]].concat());
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let ops: Vec<String> = proxy.seen().iter().map(|s| s.operation()).collect();
    assert_eq!(ops, ["DescribeImages"], "one request per page");
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert!(rows[0].get("scan_status").is_none(), "{rows}");

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &[&args[..], &["--wide", "-o", "json"]].concat());
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sklearn = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tags"][0] == "sklearn-1.5")
        .unwrap_or_else(|| panic!("{rows}"));
    assert_eq!(sklearn["scan_status"], "COMPLETE", "{sklearn}");
    assert_eq!(sklearn["findings"]["high"], 1, "{sklearn}");
    assert_eq!(sklearn["unknown"], serde_json::json!({}), "{sklearn}");

    let proxy = RecordingProxy::losing(m.port(), &["DescribeImageScanFindings"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &[&args[..], &["--wide", "-o", "json"]].concat());
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let stderr = common::cli::stderr(&o);
    assert_eq!(stderr.lines().count(), 1, "once per cause:\n{stderr}");
    assert!(
        stderr.contains("ecr:DescribeImageScanFindings AccessDenied on 2 rows"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for row in rows.as_array().unwrap() {
        for field in ["scan_status", "findings"] {
            assert!(row[field].is_null(), "{field}: {row}");
            assert!(
                row["unknown"][field]
                    .as_str()
                    .is_some_and(|w| w.contains("ecr:DescribeImageScanFindings")),
                "{field}: {row}"
            );
        }
    }

    let proxy = RecordingProxy::losing(m.port(), &["DescribeImageScanFindings"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &[&args[..], &["--wide"]].concat());
    let table = common::cli::stdout(&o);
    assert!(table.contains("SCAN"), "{table}");
    let r44 = table
        .lines()
        .find(|l| l.contains("r-4.4"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(r44.contains('?'), "{r44}");
}

/// The Images drill-down without the findings: both images listed, SCAN
/// `?`, `d` says why, `:errors` once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_images_drill_down_lists_every_image_without_its_scan() {
    let m = moto::guard();
    two_images(&m).await;
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let proxy = RecordingProxy::losing(m.port(), &["DescribeImageScanFindings"], Lose::Refuse);
    let mut h = common::Harness::with_cloud(cloud_via(&proxy).await, settings).await;
    h.keys("5").await;
    h.keys("<enter>").await;
    let screen = h.screen();
    for tag in ["sklearn-1.5", "r-4.4"] {
        let line = screen
            .lines()
            .find(|l| l.contains(tag))
            .unwrap_or_else(|| panic!("{tag}:\n{screen}"));
        assert!(line.contains('?'), "{line}");
    }
    h.keys("d").await;
    let detail = h.screen();
    assert!(
        detail.contains("unknown: ecr:DescribeImageScanFindings AccessDenied"),
        "{detail}"
    );
    h.keys("<esc>:errors<enter>").await;
    let errors = h.screen();
    assert!(
        errors.contains("ecr:DescribeImageScanFindings AccessDenied on 2 rows"),
        "{errors}"
    );
}

/// A notebook instance, a training job and a model, none hardened.
async fn three_workloads(m: &MotoGuard) {
    moto::create_training_job(m, "fraud-xgb", false).await;
    moto::create_model(m, "scorer").await;
    m.sagemaker()
        .await
        .create_notebook_instance()
        .notebook_instance_name("nb-open")
        .instance_type(aws_sdk_sagemaker::types::InstanceType::MlT3Medium)
        .role_arn(moto::SM_ROLE)
        .send()
        .await
        .unwrap();
}

/// Posture with one Describe refused at a time: that kind's rules report
/// its resource "not checked" (no finding made up from a default), the
/// other kinds are still judged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posture_says_which_workloads_it_could_not_describe() {
    use dsadmin::governance::{collect, GovernanceConfig, RuleId};
    let m = moto::guard();
    three_workloads(&m).await;
    let config = GovernanceConfig::default();
    let git = dsadmin::gitsync::GitSettings::default();
    for (refused, name, prefix) in [
        ("DescribeNotebookInstance", "nb-open", "notebook-"),
        ("DescribeTrainingJob", "fraud-xgb", "training-job-"),
        ("DescribeModel", "scorer", "model-"),
    ] {
        let proxy = RecordingProxy::losing(m.port(), &[refused], Lose::Refuse);
        let report = collect::check(&cloud_via(&proxy).await, &config, &git).await;
        let judged: BTreeSet<&str> = report
            .findings
            .iter()
            .map(|f| f.rule.id())
            .filter(|id| {
                ["notebook-", "training-job-", "model-"]
                    .iter()
                    .any(|p| id.starts_with(p))
            })
            .collect();
        assert!(
            !judged.iter().any(|id| id.starts_with(prefix)),
            "{refused}: {judged:?}"
        );
        let others = ["notebook-", "training-job-", "model-"]
            .into_iter()
            .filter(|p| *p != prefix);
        for other in others {
            assert!(
                judged.iter().any(|id| id.starts_with(other)),
                "{refused}: {other} rules still run: {judged:?}"
            );
        }
        let action = format!("sagemaker:{refused}");
        let unchecked = report
            .not_checked
            .iter()
            .find(|n| n.source == action)
            .unwrap_or_else(|| panic!("{refused}: {:#?}", report.not_checked));
        assert_eq!(unchecked.resources, [name]);
        // Its own two rules, and the role rules: its role is unknown too.
        assert_eq!(unchecked.rules.len(), 5, "{unchecked:?}");
        assert!(
            unchecked.rules.contains(&RuleId::ExecutionRoleAdminAccess),
            "{unchecked:?}"
        );
    }
}

/// `get training-jobs` asks ListTrainingJobs only; `--wide` without
/// DescribeTrainingJob lists the job with its settings unknown (once on
/// stderr), and `costs` names the job it could not price.
#[test]
fn training_jobs_without_their_description() {
    let m = moto::guard();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(three_workloads(&m));

    let proxy = RecordingProxy::start(m.port());
    let o = dsadmin_via(&proxy, &["get", "training-jobs", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let ops: Vec<String> = proxy.seen().iter().map(|s| s.operation()).collect();
    assert_eq!(ops, ["ListTrainingJobs"], "one request per page");

    let proxy = RecordingProxy::losing(m.port(), &["DescribeTrainingJob"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &["get", "training-jobs", "--wide", "-o", "json"]);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let stderr = common::cli::stderr(&o);
    assert_eq!(stderr.lines().count(), 1, "once per cause:\n{stderr}");
    assert!(
        stderr.contains("sagemaker:DescribeTrainingJob AccessDenied on 1 row"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let job = &rows[0];
    assert_eq!(job["name"], "fraud-xgb");
    assert_eq!(job["status"], "Completed");
    for field in ["instance_type", "in_vpc", "billable_secs"] {
        assert!(job[field].is_null(), "{field}: {job}");
        assert!(
            job["unknown"][field]
                .as_str()
                .is_some_and(|w| w.contains("sagemaker:DescribeTrainingJob")),
            "{field}: {job}"
        );
    }
    let proxy = RecordingProxy::losing(m.port(), &["DescribeTrainingJob"], Lose::Refuse);
    let o = dsadmin_via(&proxy, &["get", "training-jobs", "--wide"]);
    let table = common::cli::stdout(&o);
    let line = table
        .lines()
        .find(|l| l.contains("fraud-xgb"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains('?'), "{line}");

    let proxy = RecordingProxy::losing(m.port(), &["DescribeTrainingJob"], Lose::Refuse);
    let report = rt.block_on(async {
        let settings = dsadmin::settings::Settings::builtin().unwrap();
        dsadmin::cli::costs::build(
            &cloud_via(&proxy).await,
            &settings.costs,
            chrono::Utc::now(),
            &SeenApps::in_memory(),
        )
        .await
    });
    assert!(
        report
            .gaps
            .iter()
            .any(|g| g
                .starts_with("training jobs: sagemaker:DescribeTrainingJob AccessDenied on 1 row")),
        "{:?}",
        report.gaps
    );
}

/// Without sts:GetCallerIdentity (a role that may not ask who it is) the
/// tabs and `get --wide` still list every row: the account is only needed
/// for per-item tag ARNs, and tags come in bulk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_do_not_need_the_caller_identity() {
    let m = moto::guard();
    domain(&m, "fraud-prod", true).await;
    domain(&m, "sandbox", false).await;
    three_jobs(&m).await;
    let settings = dsadmin::settings::Settings::builtin().unwrap();
    let proxy = RecordingProxy::losing(m.port(), &["GetCallerIdentity"], Lose::Refuse);

    let mut h = common::Harness::with_cloud(cloud_via(&proxy).await, settings).await;
    h.keys("1").await;
    let screen = h.screen();
    assert!(screen.contains("account ?"), "{screen}");
    assert!(screen.contains("Domains [2]"), "{screen}");
    assert!(screen.contains("PublicInternetOnly"), "{screen}");
    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("Glue Jobs [3]"), "{screen}");
    let claims = screen
        .lines()
        .find(|l| l.contains("claims-etl"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        claims.contains("SUCCEEDED") && !claims.contains('?'),
        "{claims}"
    );
    h.keys(":errors<enter>").await;
    let errors = h.screen();
    assert!(errors.contains("sts:GetCallerIdentity"), "{errors}");

    for kind in ["domains", "jobs"] {
        let o = dsadmin_via(&proxy, &["get", kind, "--wide", "-o", "json"]);
        assert!(o.status.success(), "{kind}: {}", common::cli::stderr(&o));
        let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let n = if kind == "domains" { 2 } else { 3 };
        assert_eq!(rows.as_array().unwrap().len(), n, "{kind}: {rows}");
        for row in rows.as_array().unwrap() {
            assert_eq!(row["unknown"], serde_json::json!({}), "{kind}: {row}");
        }
    }
}

/// Tags in bulk do not hold the rows back: with tag:GetResources slow to
/// answer, each job is sent with its last run first, then again with its
/// tags when the bulk answer comes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_bulk_tags_do_not_hold_rows_back() {
    let m = moto::guard();
    three_jobs(&m).await;
    let proxy = RecordingProxy::losing(
        m.port(),
        &["GetResources"],
        Lose::Hold(std::time::Duration::from_millis(1500)),
    );
    let cloud = cloud_via(&proxy).await;
    let listed = collect_all!(cloud.glue, list_jobs).unwrap();
    let queue = inventory::Queue::default();
    queue.push(listed);
    queue.close();
    let sent = dsadmin::cloud::Collector::default();
    let gaps = Gaps::default();
    inventory::fill(&cloud, &queue, &gaps, &sent).await;
    let sent = sent.into_vec();
    assert_eq!(sent.len(), 6, "each job twice: {sent:#?}");
    let (first, second) = sent.split_at(3);
    assert!(
        first
            .iter()
            .all(|j| j.last_run.is_known() && j.tags.is_pending()),
        "{first:#?}"
    );
    assert!(second.iter().all(|j| j.tags.is_known()), "{second:#?}");
    let tagged = second.iter().find(|j| j.name == "claims-etl").unwrap();
    assert!(!tagged.tags.known_or_empty().is_empty(), "{tagged:?}");
    assert!(gaps.list().is_empty(), "{:?}", gaps.list());
    assert_eq!(proxy.count("GetTags"), 0, "no per-job tags");
}

/// A bulk tag call refused only after the rows were filled: the waiting
/// rows ask for their own tags (GetTags per job), said once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_refusal_of_bulk_tags_falls_back_per_row() {
    let m = moto::guard();
    three_jobs(&m).await;
    let proxy = RecordingProxy::losing(
        m.port(),
        &["GetResources"],
        Lose::RefuseAfter(std::time::Duration::from_millis(1000)),
    );
    let (jobs, gaps) = jobs_with(&proxy).await;
    assert_eq!(names(&jobs).len(), 3);
    assert!(
        jobs.iter()
            .all(|j| j.tags.is_known() && j.last_run.is_known()),
        "{jobs:#?}"
    );
    assert_eq!(proxy.count("GetTags"), 3, "one per job, after the refusal");
    let list = gaps.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(list[0].fell_back, "{list:?}");
}
