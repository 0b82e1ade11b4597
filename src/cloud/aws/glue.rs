//! Glue: jobs, their latest run and tags, job runs, crawlers, databases.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_glue::types::{Crawler as SdkCrawler, Job, JobRun as SdkJobRun};
use aws_sdk_glue::Client;

use super::error::classify;
use super::sts::AccountId;
use super::{completed, count, gone_is_none, owned, string, time, AwsContext};
use crate::cloud::{CloudError, CloudResult, Completed, Glue, PageSink};
use crate::model::{Crawler, Detail, GlueDatabase, GlueJob, JobRun, Tag};

const JOBS_PAGE: i32 = 1000;
const RUNS_PAGE: i32 = 200;
const CRAWLERS_PAGE: i32 = 1000;
const DATABASES_PAGE: i32 = 100;

/// The Glue service on one SDK client. Glue's GetTags wants a job ARN, which
/// needs the account id: asked once from STS through the shared `AccountId`.
pub struct AwsGlue {
    client: Client,
    /// The same client sending changes once (see `send_once.rs`).
    changes: Client,
    account: Arc<AccountId>,
    ctx: AwsContext,
}

impl AwsGlue {
    pub fn new(client: Client, account: Arc<AccountId>, ctx: AwsContext) -> Self {
        Self {
            changes: super::change_client!(aws_sdk_glue, client),
            client,
            account,
            ctx,
        }
    }

    /// `arn:PARTITION:glue:REGION:ACCOUNT:job/NAME`: Glue's tag APIs want the
    /// ARN, which GetJob does not return, so it is built from the caller's
    /// account (STS, asked once) and the client's region.
    async fn job_arn(&self, job: &str) -> CloudResult<String> {
        let account = self.account.account().await?;
        Ok(format!(
            "arn:{}:glue:{}:{account}:job/{job}",
            self.account.partition(),
            self.account.region()
        ))
    }
}

fn glue_job(j: &Job) -> GlueJob {
    let command = j.command();
    GlueJob {
        name: string(j.name()),
        command: string(command.and_then(|c| c.name())),
        glue_version: owned(j.glue_version()),
        worker_type: j.worker_type().map(|w| w.as_str().to_string()),
        number_of_workers: count(j.number_of_workers()),
        // Glue reports MaxCapacity even for worker-based jobs (derived); keep
        // it only where it is the setting that sizes the job.
        max_capacity: if j.worker_type().is_some() {
            None
        } else {
            j.max_capacity()
        },
        script_location: string(command.and_then(|c| c.script_location())),
        role: string(j.role()),
        security_configuration: owned(j.security_configuration()),
        timeout_minutes: count(j.timeout()),
        description: owned(j.description()).filter(|d| !d.is_empty()),
        created: time(j.created_on()),
        last_modified: time(j.last_modified_on()),
        last_run: Detail::Pending,
        tags: Detail::Pending,
    }
}

fn job_run(r: &SdkJobRun) -> JobRun {
    let finished = r.completed_on().is_some();
    let secs = u64::try_from(r.execution_time()).unwrap_or(0);
    JobRun {
        id: string(r.id()),
        job_name: string(r.job_name()),
        state: string(r.job_run_state().map(|s| s.as_str())),
        started: time(r.started_on()),
        completed: time(r.completed_on()),
        // ExecutionTime is 0 while a run is still going: that is "unknown".
        execution_secs: (finished || secs > 0).then_some(secs),
        dpu_seconds: r.dpu_seconds(),
        worker_type: r.worker_type().map(|w| w.as_str().to_string()),
        number_of_workers: count(r.number_of_workers()),
        attempt: u32::try_from(r.attempt()).unwrap_or(0),
        trigger: owned(r.trigger_name()),
        error_message: owned(r.error_message()),
    }
}

fn crawler(c: &SdkCrawler) -> Crawler {
    let last = c.last_crawl();
    Crawler {
        name: string(c.name()),
        state: string(c.state().map(|s| s.as_str())),
        last_crawl_status: last
            .and_then(|l| l.status())
            .map(|s| s.as_str().to_string()),
        last_crawl_started: time(last.and_then(|l| l.start_time())),
        last_crawl_error: owned(last.and_then(|l| l.error_message())),
        schedule: owned(c.schedule().and_then(|s| s.schedule_expression()))
            .filter(|s| !s.is_empty()),
        database: owned(c.database_name()),
        role: string(c.role()),
        targets: c.targets().map(crawler_targets).unwrap_or_default(),
        created: time(c.creation_time()),
        last_updated: time(c.last_updated()),
    }
}

/// One string per target, prefixed by kind where the path alone is ambiguous
/// (`jdbc:CONNECTION:PATH`, `dynamodb:TABLE`, `catalog:DB.TABLE`).
fn crawler_targets(t: &aws_sdk_glue::types::CrawlerTargets) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(t.s3_targets().iter().map(|s| string(s.path())));
    out.extend(
        t.jdbc_targets()
            .iter()
            .map(|j| format!("jdbc:{}:{}", string(j.connection_name()), string(j.path()))),
    );
    out.extend(
        t.dynamo_db_targets()
            .iter()
            .map(|d| format!("dynamodb:{}", string(d.path()))),
    );
    for c in t.catalog_targets() {
        out.extend(
            c.tables()
                .iter()
                .map(|table| format!("catalog:{}.{table}", c.database_name())),
        );
    }
    for d in t.delta_targets() {
        out.extend(d.delta_tables().iter().cloned());
    }
    out
}

#[async_trait]
impl Glue for AwsGlue {
    async fn list_jobs(&self, sink: &dyn PageSink<GlueJob>) -> CloudResult<()> {
        let mut pages = self
            .client
            .get_jobs()
            .max_results(self.ctx.page(JOBS_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("glue:GetJobs"))?;
            sink.page(page.jobs().iter().map(glue_job).collect());
        }
        Ok(())
    }

    async fn last_job_run(&self, job_name: &str) -> CloudResult<Option<JobRun>> {
        // GetJobRuns answers newest first: one item is the last run.
        let out = self
            .client
            .get_job_runs()
            .job_name(job_name)
            .max_results(1)
            .send()
            .await
            .map_err(self.ctx.err("glue:GetJobRuns"));
        Ok(gone_is_none(out)?.and_then(|o| o.job_runs().first().map(job_run)))
    }

    async fn job_tags(&self, job_name: &str) -> CloudResult<Vec<Tag>> {
        let arn = self.job_arn(job_name).await?;
        let out = self
            .client
            .get_tags()
            .resource_arn(arn)
            .send()
            .await
            .map_err(self.ctx.err("glue:GetTags"));
        let mut tags: Vec<Tag> = gone_is_none(out)?
            .and_then(|o| o.tags().cloned())
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| Tag::new(k, v))
            .collect();
        // A HashMap has no order; rows should not reshuffle on every refresh.
        tags.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(tags)
    }

    async fn list_job_runs(&self, job_name: &str, sink: &dyn PageSink<JobRun>) -> CloudResult<()> {
        let mut pages = self
            .client
            .get_job_runs()
            .job_name(job_name)
            .max_results(self.ctx.page(RUNS_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("glue:GetJobRuns"))?;
            let mut runs: Vec<JobRun> = page.job_runs().iter().map(job_run).collect();
            // Glue already answers newest first; keep it so within a page even
            // if an emulator does not.
            runs.sort_by_key(|r| std::cmp::Reverse(r.started));
            sink.page(runs);
        }
        Ok(())
    }

    async fn list_crawlers(&self, sink: &dyn PageSink<Crawler>) -> CloudResult<()> {
        let mut pages = self
            .client
            .get_crawlers()
            .max_results(self.ctx.page(CRAWLERS_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("glue:GetCrawlers"))?;
            sink.page(page.crawlers().iter().map(crawler).collect());
        }
        Ok(())
    }

    async fn list_databases(&self, sink: &dyn PageSink<GlueDatabase>) -> CloudResult<()> {
        let mut pages = self
            .client
            .get_databases()
            .max_results(self.ctx.page(DATABASES_PAGE))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(self.ctx.err("glue:GetDatabases"))?;
            sink.page(
                page.database_list()
                    .iter()
                    .map(|d| GlueDatabase {
                        name: d.name().to_string(),
                        description: owned(d.description()).filter(|s| !s.is_empty()),
                        location_uri: owned(d.location_uri()).filter(|s| !s.is_empty()),
                        created: time(d.create_time()),
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    async fn start_job_run(&self, job_name: &str) -> CloudResult<Completed<String>> {
        let out = self
            .changes
            .start_job_run()
            .job_name(job_name)
            .send()
            .await
            .map_err(self.ctx.err_once("glue:StartJobRun"))?;
        let id = out.job_run_id().ok_or_else(|| CloudError::Other {
            code: "NoJobRunId".into(),
            message: format!("glue:StartJobRun for '{job_name}' answered without a JobRunId"),
        })?;
        Ok(completed(id.to_string(), &out))
    }

    async fn stop_job_run(&self, job_name: &str, run_id: &str) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .batch_stop_job_run()
            .job_name(job_name)
            .job_run_ids(run_id)
            .send()
            .await
            .map_err(self.ctx.err_once("glue:BatchStopJobRun"))?;
        // A refused run comes back in a 200 as an Errors entry, not as an
        // error response: without this check a failed stop would look done.
        if let Some(e) = out
            .errors()
            .iter()
            .find(|e| e.job_run_id().is_none_or(|id| id == run_id))
        {
            let detail = e.error_detail();
            let code = detail.and_then(|d| d.error_code());
            let message = detail.and_then(|d| d.error_message()).map_or_else(
                || format!("run {run_id} of Glue job '{job_name}' was not stopped"),
                |m| format!("run {run_id} of Glue job '{job_name}': {m}"),
            );
            return Err(match code {
                // Not stoppable in its state (finished, already stopping).
                Some("InvalidInputException") | None => CloudError::Validation { message },
                Some(code) => classify(
                    Some(code),
                    Some(&message),
                    None,
                    "glue:BatchStopJobRun",
                    &self.ctx,
                ),
            });
        }
        Ok(completed((), &out))
    }

    async fn start_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .start_crawler()
            .name(name)
            .send()
            .await
            .map_err(|e| {
                if e.as_service_error()
                    .is_some_and(|s| s.is_crawler_running_exception())
                {
                    CloudError::Validation {
                        message: format!("crawler {name} is already running"),
                    }
                } else {
                    self.ctx.err_once("glue:StartCrawler")(e)
                }
            })?;
        Ok(completed((), &out))
    }

    async fn get_job(&self, job_name: &str) -> CloudResult<GlueJob> {
        let out = self
            .client
            .get_job()
            .job_name(job_name)
            .send()
            .await
            .map_err(self.ctx.err("glue:GetJob"))?;
        out.job().map(glue_job).ok_or_else(|| CloudError::NotFound {
            what: format!("Glue job {job_name}"),
        })
    }

    async fn tag_job(
        &self,
        job_name: &str,
        tags: &BTreeMap<String, String>,
    ) -> CloudResult<Completed<()>> {
        let arn = self.job_arn(job_name).await?;
        let tags: HashMap<String, String> = tags.clone().into_iter().collect();
        let out = self
            .changes
            .tag_resource()
            .resource_arn(arn)
            .set_tags_to_add(Some(tags))
            .send()
            .await
            .map_err(self.ctx.err_once("glue:TagResource"))?;
        Ok(completed((), &out))
    }

    async fn stop_crawler(&self, name: &str) -> CloudResult<Completed<()>> {
        let out = self
            .changes
            .stop_crawler()
            .name(name)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(s) if s.is_crawler_not_running_exception() => CloudError::Validation {
                    message: format!("crawler {name} is not running"),
                },
                Some(s) if s.is_crawler_stopping_exception() => CloudError::Validation {
                    message: format!("crawler {name} is already stopping"),
                },
                _ => self.ctx.err_once("glue:StopCrawler")(e),
            })?;
        Ok(completed((), &out))
    }
}
