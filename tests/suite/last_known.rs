//! The last-known lists on disk: each tab's list is kept per account and
//! region when it finishes loading (0600, in 0700 directories), and the
//! next session shows it at once, marked LAST KNOWN with its age, where
//! its own list has not come (here: refused) until its own rows replace it.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;
use std::sync::Arc;

use crate::common::{self, Harness};
use crate::partial_lists::Counted;
use dsadmin::cloud::Cloud;
use dsadmin::inventory::last_known::LastKnown;
use dsadmin::settings::Settings;
use dsadmin::tui::App;

/// The demo estate as if it were AWS (the demo itself is never kept).
fn aws_like() -> Cloud {
    let mut cloud = common::demo_cloud();
    cloud.context.demo = false;
    cloud.context.profile = "platform".to_owned();
    cloud
}

/// `cloud` with glue:GetJobs refused.
fn get_jobs_refused(mut cloud: Cloud) -> Cloud {
    let mut refused = Counted::over(cloud.glue.clone(), false);
    refused.refuse_list = true;
    cloud.glue = Arc::new(refused);
    cloud
}

async fn session(cloud: Cloud, kept: Option<&Path>) -> Harness {
    let (app, rx) = App::new(Settings::builtin().unwrap(), cloud);
    let app = match kept {
        Some(dir) => app.with_last_known(LastKnown::at(dir)),
        None => app,
    };
    let mut h = Harness::from_app(app, rx).await;
    // The files are written off the event loop.
    for _ in 0..100 {
        if kept.is_none_or(|d| d.join("123456789012/eu-west-2/jobs.json").exists()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    h.settle().await;
    h
}

#[tokio::test]
async fn a_session_opens_with_the_last_known_lists_where_its_own_do_not_come() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("inventory");
    let _first = session(aws_like(), Some(&kept)).await;
    let place = kept.join("123456789012/eu-west-2");
    for kind in [
        "domains",
        "users",
        "jobs",
        "crawlers",
        "ecr-repositories",
        "artifact-repositories",
        "endpoints",
    ] {
        let file = place.join(format!("{kind}.json"));
        assert!(file.exists(), "{kind} kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{kind}");
        }
    }
    let jobs = std::fs::read_to_string(place.join("jobs.json")).unwrap();
    assert!(jobs.contains("claims-ingest-daily"), "{jobs}");
    assert!(
        !jobs.contains("SecretAccessKey") && !jobs.contains("X-Amz-Signature"),
        "no credentials, no presigned URLs"
    );

    // GetJobs refused next time: the Jobs tab shows the last-known jobs,
    // says so and how old, and why they are not fresh.
    let cloud = get_jobs_refused(aws_like());
    let mut h = session(cloud, Some(&kept)).await;
    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("claims-ingest-daily"), "{screen}");
    let header = screen.lines().next().unwrap();
    assert!(header.contains("LAST KNOWN just now"), "{header}");
    assert!(screen.contains("glue:GetJobs"), "the reason: {screen}");
    insta::assert_snapshot!("last_known_jobs_while_get_jobs_is_refused", screen);
    // The age moves with the clock: the event loop ticks while it shows.
    assert!(h.app.shows_clock());
    // Another tab listed its own rows: no mark there.
    h.keys("1").await;
    assert!(!h.app.shows_clock());
    let header = h.screen().lines().next().unwrap().to_owned();
    assert!(
        !header.contains("LAST KNOWN") && header.contains("as of"),
        "{header}"
    );
}

#[tokio::test]
async fn without_a_place_to_keep_them_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let _h = session(aws_like(), None).await;
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // The demo estate is never kept, even when asked.
    let kept = dir.path().join("inventory");
    let _demo = session(common::demo_cloud(), Some(&kept)).await;
    assert!(!kept.exists());
}

/// Answers GetCallerIdentity only from its second call on (a network that
/// came back).
struct Flaky(std::sync::atomic::AtomicUsize);

#[async_trait::async_trait]
impl dsadmin::cloud::Identity for Flaky {
    async fn caller_identity(&self) -> dsadmin::cloud::CloudResult<dsadmin::model::CallerIdentity> {
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            return Err(dsadmin::cloud::CloudError::Network {
                endpoint: "https://sts.eu-west-2.amazonaws.com".into(),
                message: "connection refused".into(),
            });
        }
        Ok(dsadmin::model::CallerIdentity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/platform".into(),
            user_id: "AIDAEXAMPLE".into(),
        })
    }
}

/// r asks for the identity again when it failed for the network: the
/// header's account and the kept lists (found by account) come back.
#[tokio::test]
async fn r_asks_for_a_failed_identity_again_and_the_kept_lists_follow() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("inventory");
    let _first = session(aws_like(), Some(&kept)).await;
    let mut cloud = get_jobs_refused(aws_like());
    cloud.identity = Arc::new(Flaky(Default::default()));
    let mut h = session(cloud, Some(&kept)).await;
    h.keys("3").await;
    let screen = h.screen();
    assert!(
        screen.lines().next().unwrap().contains("account ?"),
        "{screen}"
    );
    assert!(!screen.contains("claims-ingest-daily"), "{screen}");
    h.keys("r").await;
    let screen = h.screen();
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("account 123456789012") && header.contains("LAST KNOWN"),
        "{screen}"
    );
    assert!(screen.contains("claims-ingest-daily"), "{screen}");
    // Acting on a kept row is refused until the list is read again.
    h.keys("/claims-ingest-daily<enter>t").await;
    let message = h.app.message().unwrap_or_default().to_owned();
    assert!(message.contains("last-known rows"), "{message}");
    assert!(!h.app.confirming());
}
