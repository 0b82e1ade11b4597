//! Shared helpers: an app over the demo estate with a frozen clock, and screens.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

pub mod cli;
pub mod fake_profiles;
pub mod journaled;
pub mod mocks;
pub mod moto;
pub mod proxy;
pub mod spy;
pub mod tmux;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::mpsc::UnboundedReceiver;

use dsadmin::cloud::demo::DemoCloud;
use dsadmin::cloud::{Cloud, CloudError, CloudResult, Completed, Glue, PageSink};
use dsadmin::model::{Crawler, GlueDatabase, GlueJob, JobRun};
use dsadmin::settings::Settings;
use dsadmin::tui::action::Action;
use dsadmin::tui::{settle, App};

/// The demo estate's anchor and the app's clock in every test: screens are byte-stable.
pub fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

pub fn demo_cloud() -> Cloud {
    DemoCloud::cloud(anchor()).unwrap()
}

pub struct Harness {
    pub app: App,
    pub rx: UnboundedReceiver<Action>,
    pub terminal: Terminal<TestBackend>,
}

impl Harness {
    /// An app over the demo estate, every tab loaded, at 160×45.
    pub async fn demo() -> Harness {
        Harness::with_cloud(demo_cloud(), Settings::builtin().unwrap()).await
    }

    pub async fn with_cloud(cloud: Cloud, settings: Settings) -> Harness {
        let (app, rx) = App::new(settings, cloud);
        let mut h = Harness {
            app: app.with_clock(anchor()),
            rx,
            terminal: Terminal::new(TestBackend::new(160, 45)).unwrap(),
        };
        h.app.start();
        h.settle().await;
        h
    }

    /// Wraps an app built by the test (flags, connectors), then starts it.
    pub async fn from_app(app: App, rx: UnboundedReceiver<Action>) -> Harness {
        let mut h = Harness {
            app: app.with_clock(anchor()),
            rx,
            terminal: Terminal::new(TestBackend::new(160, 45)).unwrap(),
        };
        h.app.start();
        h.settle().await;
        h
    }

    /// Waits for every background job to report back.
    pub async fn settle(&mut self) {
        settle(&mut self.app, &mut self.rx).await;
    }

    /// Types keys: plain characters, or names in angle brackets (`<enter>`, `<esc>`,
    /// `<tab>`, `<bs>`, `<up>`, `<down>`, `<c-c>`, any `<c-X>`), then lets jobs finish.
    pub async fn keys(&mut self, keys: &str) {
        let mut rest = keys;
        while !rest.is_empty() {
            let (event, len) = if rest.starts_with('<') && rest.contains('>') {
                let end = rest.find('>').unwrap();
                let name = &rest[1..end];
                let code = match name {
                    "enter" => KeyCode::Enter,
                    "esc" => KeyCode::Esc,
                    "tab" => KeyCode::Tab,
                    "backtab" => KeyCode::BackTab,
                    "bs" => KeyCode::Backspace,
                    "up" => KeyCode::Up,
                    "down" => KeyCode::Down,
                    "pgdn" => KeyCode::PageDown,
                    "pgup" => KeyCode::PageUp,
                    "home" => KeyCode::Home,
                    "end" => KeyCode::End,
                    ctrl if ctrl.starts_with("c-") && ctrl.len() == 3 => {
                        let c = ctrl.chars().nth(2).unwrap();
                        self.app
                            .on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
                        rest = &rest[end + 1..];
                        self.settle().await;
                        continue;
                    }
                    other => panic!("unknown key name <{other}>"),
                };
                (KeyEvent::new(code, KeyModifiers::NONE), end + 1)
            } else {
                let c = rest.chars().next().unwrap();
                let mods = if c.is_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    KeyModifiers::NONE
                };
                (KeyEvent::new(KeyCode::Char(c), mods), c.len_utf8())
            };
            self.app.on_key(event);
            rest = &rest[len..];
            self.settle().await;
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&mut self) -> String {
        self.terminal.draw(|f| self.app.draw(f)).unwrap();
        buffer_text(self.terminal.backend().buffer())
    }
}

/// A buffer as text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Glue answers AccessDenied; every other service still works.
pub struct DeniedGlue;

#[async_trait::async_trait]
impl Glue for DeniedGlue {
    async fn list_jobs(&self, _sink: &dyn PageSink<GlueJob>) -> CloudResult<()> {
        Err(CloudError::AccessDenied {
            action: "glue:GetJobs".into(),
            message: "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: glue:GetJobs".into(),
        })
    }
    async fn list_job_runs(&self, _job: &str, _sink: &dyn PageSink<JobRun>) -> CloudResult<()> {
        Ok(())
    }
    async fn last_job_run(&self, _job: &str) -> CloudResult<Option<JobRun>> {
        Err(denied("glue:GetJobRuns"))
    }
    async fn job_tags(&self, _job: &str) -> CloudResult<Vec<dsadmin::model::Tag>> {
        Err(denied("glue:GetTags"))
    }
    async fn list_crawlers(&self, _sink: &dyn PageSink<Crawler>) -> CloudResult<()> {
        Ok(())
    }
    async fn list_databases(&self, _sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()> {
        Ok(())
    }
    async fn start_job_run(&self, _job: &str) -> CloudResult<Completed<String>> {
        Err(denied("glue:StartJobRun"))
    }
    async fn stop_job_run(&self, _job: &str, _run_id: &str) -> CloudResult<Completed<()>> {
        Err(denied("glue:BatchStopJobRun"))
    }
    async fn start_crawler(&self, _name: &str) -> CloudResult<Completed<()>> {
        Err(denied("glue:StartCrawler"))
    }
    async fn stop_crawler(&self, _name: &str) -> CloudResult<Completed<()>> {
        Err(denied("glue:StopCrawler"))
    }
    async fn get_job(&self, _job: &str) -> CloudResult<GlueJob> {
        Err(denied("glue:GetJob"))
    }
    async fn tag_job(
        &self,
        _job: &str,
        _tags: &std::collections::BTreeMap<String, String>,
    ) -> CloudResult<Completed<()>> {
        Err(denied("glue:TagResource"))
    }
}

/// The AccessDenied IAM gives the Support role for a Glue `action`.
fn denied(action: &str) -> CloudError {
    CloudError::AccessDenied {
        action: action.into(),
        message: format!(
            "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: {action}"
        ),
    }
}

/// The demo estate, except that Glue refuses every list with AccessDenied.
pub fn denied_glue_cloud() -> Cloud {
    let mut cloud = demo_cloud();
    cloud.glue = std::sync::Arc::new(DeniedGlue);
    cloud
}

/// A VPC-only Studio domain `id` ("ds-secure", tagged prod) with auth mode
/// `auth`, as DescribeDomain would give it: for tests that need a domain
/// without listing one.
pub fn secure_domain(id: &str, auth: &str) -> dsadmin::model::Domain {
    dsadmin::model::Domain {
        id: id.into(),
        name: "ds-secure".into(),
        arn: format!("arn:aws:sagemaker:eu-west-2:123456789012:domain/{id}"),
        status: "InService".into(),
        url: None,
        created: None,
        last_modified: None,
        settings: dsadmin::model::Detail::Known(dsadmin::model::DomainSettings {
            auth_mode: auth.into(),
            network_mode: "VpcOnly".into(),
            kms_key_id: None,
            vpc_id: None,
            subnet_ids: Vec::new(),
            default_execution_role: None,
            tag_propagation: None,
            space_execution_role: None,
            execution_role_identity: None,
            idle_shutdown: Vec::new(),
            space_idle_shutdown: Vec::new(),
            lifecycle_configs: Vec::new(),
        }),
        tags: dsadmin::model::Detail::Known(vec![dsadmin::model::Tag::new(
            "EnvironmentType",
            "prod",
        )]),
    }
}
