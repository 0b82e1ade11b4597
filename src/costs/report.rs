//! The cost model: pure functions from what the estate runs, a price table
//! and a clock to estimated $/hour, month-to-date and idle candidates.
//!
//! No I/O and no clock of its own: `now` is an argument, so every figure is
//! reproducible in a test.
//!
//! How each figure is estimated:
//! - **Studio apps** (InService): the instance's $/hour; month-to-date
//!   is that rate times the hours from max(created, start of the month) to
//!   now. An app dsadmin saw running this month and that has stopped since
//!   keeps its spend up to its stop (see `seen.rs`), so month to date never
//!   falls when an app is stopped. An app is an idle candidate when it has
//!   run longer than the configured limit and, where DescribeApp gives its
//!   `LastUserActivityTimestamp`, nobody used it for that long either, as
//!   AWS documents the field. We noted that health checks may also move it:
//!   then an unused app can read busy, never the reverse (an old time
//!   proves idleness), and `d` names the signal so an admin can judge.
//!   Without it, running time alone decides, and says so.
//! - **Endpoints**, one line per production variant with instances: $/hour
//!   × current instance count; month-to-date assumes that size since
//!   max(created, start of month). Idle when CloudWatch reports no
//!   `Invocations` over the configured days (and the endpoint is older than
//!   that); unknown, with the reason, when the metric could not be read.
//! - **Training jobs**: `BillableTimeInSeconds` × instance count × $/hour, as
//!   AWS bills distributed training. Managed-spot savings are
//!   (`TrainingTimeInSeconds` − `BillableTimeInSeconds`) × instance count ×
//!   the on-demand $/hour — the same ratio AWS reports as the savings
//!   percentage, 1 − billable ÷ training. A job counts towards the month it
//!   ended in (a running one: its time since the start of the month).
//!
//! A missing price is shown as unknown and counted, never as zero.

use crate::costs::billed::Billed;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::costs::prices::{PriceKind, PriceTable};
use crate::costs::seen::{SeenApp, SpendBasis, Stopped};
use crate::model::requests::AppRef;
use crate::model::{App, Endpoint, Space, TrainingJob, UserProfile};

/// The team of untagged lines (kept here by its old path).
pub use crate::model::NO_TEAM;

/// When a resource counts as idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IdleLimits {
    /// Apps running longer than this many hours.
    pub app_hours: u32,
    /// Endpoints without invocations over this many days.
    pub endpoint_days: u32,
}

/// What CloudWatch said about one variant's traffic.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Traffic {
    /// `Invocations`, summed over the idle window.
    Invocations { count: f64 },
    /// Could not be read (no permission, no metrics client …): why.
    Unknown { reason: String },
}

/// Everything the model needs, as listed from the cloud.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostInputs {
    pub region: String,
    pub apps: Vec<App>,
    pub users: Vec<UserProfile>,
    pub spaces: Vec<Space>,
    pub endpoints: Vec<Endpoint>,
    pub training_jobs: Vec<TrainingJob>,
    /// Per (endpoint, variant).
    pub traffic: HashMap<(String, String), Traffic>,
    /// Lists that could not be read, with the error: the report says it is
    /// incomplete rather than showing a smaller bill.
    pub gaps: Vec<String>,
    /// Apps seen running this month that have stopped since.
    pub stopped_apps: Vec<SeenApp>,
    /// What month to date rests on besides what runs now.
    pub spend: SpendBasis,
    /// Domain names by id, for views that name a domain.
    pub domain_names: HashMap<String, String>,
    /// Running apps whose last user activity could not be read (by ARN):
    /// why. Their idleness falls back to running time.
    pub activity_unknown: HashMap<String, String>,
    /// What Cost Explorer billed this month, or why it did not say.
    pub billed: Billed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    App,
    Endpoint,
    Training,
}

impl CostKind {
    pub fn label(self) -> &'static str {
        match self {
            CostKind::App => "app",
            CostKind::Endpoint => "endpoint",
            CostKind::Training => "training",
        }
    }
}

/// Whether a line is an idle candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Idle {
    /// Idle, and why ("running 5 d, limit 24 h").
    Idle(String),
    Busy,
    /// Cannot tell, and why.
    Unknown(String),
    /// Idleness does not apply (a finished training job).
    NotApplicable,
}

impl Idle {
    pub fn is_idle(&self) -> bool {
        matches!(self, Idle::Idle(_))
    }
}

/// What a line's idleness was judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdleSignal {
    /// The app's `LastUserActivityTimestamp` (DescribeApp).
    LastUserActivity,
    /// How long the app has run: AWS gave no activity time.
    RunningTime,
    /// CloudWatch `Invocations` of an endpoint variant.
    Invocations,
}

impl IdleSignal {
    pub fn label(self) -> &'static str {
        match self {
            IdleSignal::LastUserActivity => "last user activity",
            IdleSignal::RunningTime => "running time (no activity time from AWS)",
            IdleSignal::Invocations => "invocations (CloudWatch)",
        }
    }
}

/// One row of the radar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub kind: CostKind,
    /// App type, "endpoint" or "training" (for the KIND column).
    pub detail: String,
    /// Space or `user/app`, `endpoint/variant`, or the training job name.
    pub name: String,
    /// The user profile that owns it, when there is one.
    pub owner: Option<String>,
    /// Apps only: the Studio domain it runs in.
    pub domain_id: Option<String>,
    pub team: Option<String>,
    pub instance_type: Option<String>,
    pub count: u32,
    pub started: Option<DateTime<Utc>>,
    /// Estimated on-demand $/hour while it runs; `None` when not running
    /// (a finished training job) or when the price is unknown.
    pub hourly: Option<f64>,
    /// Estimated cost this month; `None` when the price (or start) is unknown.
    pub month_to_date: Option<f64>,
    /// False when the price table has no price for the instance type.
    pub priced: bool,
    pub idle: Idle,
    /// What `idle` was judged by; `None` where idleness does not apply.
    pub idle_signal: Option<IdleSignal>,
    /// Apps only: stopped this month after dsadmin saw it running (its
    /// month to date is what it cost until then; nothing runs by the hour).
    pub stopped: Option<Stopped>,
    /// Training only.
    pub billable_secs: Option<u64>,
    pub training_secs: Option<u64>,
    /// Training only: what managed spot saved against on-demand.
    pub spot_savings: Option<f64>,
    /// Apps only: what DeleteApp needs to stop it.
    #[serde(skip)]
    pub app: Option<AppRef>,
}

/// Totals of one team (or of everything).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamTotal {
    pub team: String,
    pub hourly: f64,
    pub month_to_date: f64,
    pub spot_savings: f64,
    /// Lines whose price is unknown (not included in the sums).
    pub unpriced: u32,
    pub idle: u32,
    pub lines: u32,
    /// What Cost Explorer billed the team this month (SageMaker and Glue,
    /// to yesterday); `None` when not known (see the report's `billed`).
    pub billed: Option<f64>,
}

impl TeamTotal {
    fn new(team: &str) -> Self {
        Self {
            team: team.to_owned(),
            hourly: 0.0,
            month_to_date: 0.0,
            spot_savings: 0.0,
            unpriced: 0,
            idle: 0,
            lines: 0,
            billed: None,
        }
    }

    fn add(&mut self, line: &CostLine) {
        self.lines += 1;
        self.hourly += line.hourly.unwrap_or(0.0);
        self.month_to_date += line.month_to_date.unwrap_or(0.0);
        self.spot_savings += line.spot_savings.unwrap_or(0.0);
        if !line.priced {
            self.unpriced += 1;
        }
        if line.idle.is_idle() {
            self.idle += 1;
        }
    }
}

/// The whole radar at one instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    pub now: DateTime<Utc>,
    pub month_start: DateTime<Utc>,
    pub region: String,
    pub prices_as_of: NaiveDate,
    pub currency: String,
    pub prices_source: String,
    pub limits: IdleLimits,
    pub lines: Vec<CostLine>,
    /// By month-to-date, highest first.
    pub teams: Vec<TeamTotal>,
    pub total: TeamTotal,
    pub gaps: Vec<String>,
    /// Month to date is what runs now plus the apps dsadmin saw running
    /// this month and stopped since: how many, and since when it watched.
    pub month_to_date_basis: SpendBasis,
    /// Cost Explorer's month to date beside the estimate, or why not.
    pub billed: Billed,
}

pub use crate::costs::month::month_start;

/// Hours from max(`start`, start of month) to `now`, never negative.
fn hours_this_month(start: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let from = start.max(month_start(now));
    ((now - from).num_seconds().max(0) as f64) / 3600.0
}

/// Builds the report. Lines come in a stable order: apps, endpoints,
/// training jobs, each by name.
pub fn report(
    inputs: &CostInputs,
    prices: &PriceTable,
    limits: IdleLimits,
    now: DateTime<Utc>,
) -> CostReport {
    let region = inputs.region.as_str();
    let price = |kind, itype: Option<&str>| itype.and_then(|t| prices.price(region, kind, t));
    let mut lines = app_lines(inputs, &price, limits, now);
    lines.extend(endpoint_lines(inputs, &price, limits, now));
    lines.extend(training_lines(inputs, &price, now));
    lines.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    let (mut teams, mut total) = totals(&lines);
    beside_billed(&mut teams, &mut total, &inputs.billed);
    let mut gaps = inputs.gaps.clone();
    if !prices.has_region(region) {
        gaps.push(format!(
            "the price table has no prices for {region}: add [costs.prices.{region}] to the config"
        ));
    }
    CostReport {
        now,
        month_start: month_start(now),
        region: inputs.region.clone(),
        prices_as_of: prices.as_of,
        currency: prices.currency.clone(),
        prices_source: prices.source.clone(),
        limits,
        lines,
        teams,
        total,
        gaps,
        month_to_date_basis: inputs.spend.clone(),
        billed: inputs.billed.clone(),
    }
}

/// Each team's billed spend beside its estimate; a team billed but with
/// nothing estimated (Glue only, or apps stopped before dsadmin looked)
/// gets a row of its own, after the estimated ones.
fn beside_billed(teams: &mut Vec<TeamTotal>, total: &mut TeamTotal, billed: &Billed) {
    let Billed::Known(b) = billed else {
        return;
    };
    for t in teams.iter_mut() {
        t.billed = Some(b.team(&t.team).unwrap_or(0.0));
    }
    for billed in &b.by_team {
        if !teams.iter().any(|t| t.team == billed.team) {
            let mut row = TeamTotal::new(&billed.team);
            row.billed = Some(billed.total);
            teams.push(row);
        }
    }
    total.billed = Some(b.total);
}

/// The hourly price of one instance of a type, where the table has it.
type Price<'a> = dyn Fn(PriceKind, Option<&str>) -> Option<f64> + 'a;

/// A line per running Studio app, with its owner's team and whether it is
/// idle; then a line per app seen running this month and stopped since.
fn app_lines(
    inputs: &CostInputs,
    price: &Price,
    limits: IdleLimits,
    now: DateTime<Utc>,
) -> Vec<CostLine> {
    let teams_by_user: HashMap<(&str, &str), Option<&str>> = inputs
        .users
        .iter()
        .map(|u| ((u.domain_id.as_str(), u.name.as_str()), u.team()))
        .collect();
    let space_owner: HashMap<(&str, &str), &str> = inputs
        .spaces
        .iter()
        .filter_map(|s| Some(((s.domain_id.as_str(), s.name.as_str()), s.owner.as_deref()?)))
        .collect();
    let line = |app: &App| {
        let owner = app.user_profile.as_deref().or_else(|| {
            app.space_name
                .as_deref()
                .and_then(|s| space_owner.get(&(app.domain_id.as_str(), s)).copied())
        });
        let team = owner
            .and_then(|o| teams_by_user.get(&(app.domain_id.as_str(), o)).copied())
            .flatten();
        let rate = price(PriceKind::Studio, app.instance_type.as_deref());
        let name = match (&app.space_name, &app.user_profile) {
            (Some(space), _) => space.clone(),
            (None, Some(user)) => format!("{user}/{}", app.name),
            (None, None) => app.name.clone(),
        };
        CostLine {
            kind: CostKind::App,
            detail: app.app_type.clone(),
            name,
            owner: owner.map(str::to_owned),
            domain_id: Some(app.domain_id.clone()),
            team: team.map(str::to_owned),
            instance_type: app.instance_type.clone(),
            count: 1,
            started: app.created,
            hourly: rate,
            month_to_date: rate
                .zip(app.created)
                .map(|(r, c)| r * hours_this_month(c, now)),
            priced: rate.is_some(),
            idle: Idle::NotApplicable,
            idle_signal: None,
            stopped: None,
            billable_secs: None,
            training_secs: None,
            spot_savings: None,
            app: AppRef::of(app),
        }
    };

    let mut lines = Vec::new();
    for app in inputs.apps.iter().filter(|a| a.status == "InService") {
        let mut l = line(app);
        // A free system instance (a classic JupyterServer) costs nothing
        // left running: not worth anyone's attention.
        if l.hourly != Some(0.0) {
            let why_unknown = inputs.activity_unknown.get(&app.arn).map(String::as_str);
            let (idle, signal) = app_idle(app, why_unknown, limits, now);
            l.idle = idle;
            l.idle_signal = signal;
        }
        lines.push(l);
    }
    for seen in &inputs.stopped_apps {
        let Some(stop) = &seen.stopped else { continue };
        let mut l = line(&seen.app);
        let rate = l.hourly;
        l.month_to_date = rate
            .zip(seen.app.created)
            .map(|(r, c)| r * hours_this_month(c, stop.at.min(now)));
        // Nothing runs by the hour any more, and nothing is left to stop.
        l.hourly = None;
        l.app = None;
        l.stopped = Some(stop.clone());
        lines.push(l);
    }
    lines
}

/// Whether a running app is idle, and by which signal.
fn app_idle(
    app: &App,
    why_no_activity: Option<&str>,
    limits: IdleLimits,
    now: DateTime<Utc>,
) -> (Idle, Option<IdleSignal>) {
    let Some(created) = app.created else {
        return (Idle::Unknown("no creation time".to_owned()), None);
    };
    let limit = chrono::Duration::hours(i64::from(limits.app_hours));
    let span = |d: chrono::Duration| crate::format::duration_short(d.num_seconds().max(0) as u64);
    let running = now - created;
    match app.last_user_activity {
        Some(active) => {
            let quiet = now - active.max(created);
            let idle = if running > limit && quiet > limit {
                Idle::Idle(format!(
                    "no user activity for {}, limit {} h",
                    span(quiet),
                    limits.app_hours
                ))
            } else {
                Idle::Busy
            };
            (idle, Some(IdleSignal::LastUserActivity))
        }
        None => {
            let idle = if running > limit {
                let why = why_no_activity.unwrap_or("AWS gave none");
                Idle::Idle(format!(
                    "running {}, limit {} h (no last user activity: {why})",
                    span(running),
                    limits.app_hours
                ))
            } else {
                Idle::Busy
            };
            (idle, Some(IdleSignal::RunningTime))
        }
    }
}

/// A line per endpoint variant with instances, idle when it had no
/// invocations in the window.
fn endpoint_lines(
    inputs: &CostInputs,
    price: &Price,
    limits: IdleLimits,
    now: DateTime<Utc>,
) -> Vec<CostLine> {
    let mut lines = Vec::new();
    for endpoint in &inputs.endpoints {
        let team = crate::model::tag_value(endpoint.tags.known_or_empty(), crate::model::TEAM_TAG);
        for v in endpoint
            .variants()
            .iter()
            .filter(|v| v.current_instance_count > 0)
        {
            let count = v.current_instance_count;
            let rate = price(PriceKind::Endpoint, v.instance_type()).map(|p| p * f64::from(count));
            let window = chrono::Duration::days(i64::from(limits.endpoint_days));
            let traffic = inputs.traffic.get(&(endpoint.name.clone(), v.name.clone()));
            let idle = match traffic {
                _ if endpoint.status != "InService" => Idle::Busy,
                Some(Traffic::Invocations { count }) if *count > 0.0 => Idle::Busy,
                Some(Traffic::Invocations { .. }) => match endpoint.created {
                    Some(c) if now - c < window => Idle::Busy,
                    _ => Idle::Idle(format!("no invocations in {} d", limits.endpoint_days)),
                },
                Some(Traffic::Unknown { reason }) => Idle::Unknown(reason.clone()),
                None => Idle::Unknown("invocations not read".to_owned()),
            };
            lines.push(CostLine {
                kind: CostKind::Endpoint,
                detail: "endpoint".to_owned(),
                name: format!("{}/{}", endpoint.name, v.name),
                owner: None,
                domain_id: None,
                team: team.map(str::to_owned),
                instance_type: v.instance_type().map(str::to_owned),
                count,
                started: endpoint.created,
                hourly: rate,
                month_to_date: rate
                    .zip(endpoint.created)
                    .map(|(r, c)| r * hours_this_month(c, now)),
                priced: rate.is_some(),
                idle,
                idle_signal: Some(IdleSignal::Invocations),
                stopped: None,
                billable_secs: None,
                training_secs: None,
                spot_savings: None,
                app: None,
            });
        }
    }
    lines
}

/// A line per training job: running ones by the hour, finished ones by
/// their billable seconds (and what managed spot saved).
fn training_lines(inputs: &CostInputs, price: &Price, now: DateTime<Utc>) -> Vec<CostLine> {
    let mut lines = Vec::new();
    for job in &inputs.training_jobs {
        // Without DescribeTrainingJob there is no instance type or billed
        // time to price: gathering said which jobs, and why.
        let Some(s) = job.described.known() else {
            continue;
        };
        let count = s.instance_count.unwrap_or(1).max(1);
        let unit = price(PriceKind::Training, s.instance_type.as_deref());
        let running = job.status == "InProgress";
        let (hourly, mtd, savings) = if running {
            let rate = unit.map(|p| p * f64::from(count));
            let mtd = rate
                .zip(job.created)
                .map(|(r, c)| r * hours_this_month(c, now));
            (rate, mtd, None)
        } else {
            // Multiplied before dividing, so whole-cent results stay exact.
            let rate = unit.map(|p| p * f64::from(count));
            let cost = rate
                .zip(s.billable_secs)
                .map(|(r, b)| r * b as f64 / 3600.0);
            let in_month = job
                .ended
                .or(job.created)
                .is_some_and(|t| t >= month_start(now));
            let mtd = cost.map(|c| if in_month { c } else { 0.0 });
            let savings = match (s.managed_spot, rate, s.training_secs, s.billable_secs) {
                (true, Some(r), Some(t), Some(b)) => Some(r * t.saturating_sub(b) as f64 / 3600.0),
                _ => None,
            };
            (None, mtd, savings)
        };
        lines.push(CostLine {
            kind: CostKind::Training,
            detail: if s.managed_spot {
                "training (spot)"
            } else {
                "training"
            }
            .to_owned(),
            name: job.name.clone(),
            owner: None,
            domain_id: None,
            team: None,
            instance_type: s.instance_type.clone(),
            count,
            started: job.created,
            hourly,
            month_to_date: mtd,
            priced: unit.is_some(),
            idle: Idle::NotApplicable,
            idle_signal: None,
            stopped: None,
            billable_secs: s.billable_secs,
            training_secs: s.training_secs,
            spot_savings: savings,
            app: None,
        });
    }
    lines
}

/// Totals per team (the most expensive first) and for the estate: one
/// account's lines, or several accounts' together (`costs --accounts`).
pub fn totals(lines: &[CostLine]) -> (Vec<TeamTotal>, TeamTotal) {
    let mut teams: BTreeMap<&str, TeamTotal> = BTreeMap::new();
    let mut total = TeamTotal::new("total");
    for line in lines {
        let team = line.team.as_deref().unwrap_or(NO_TEAM);
        teams
            .entry(team)
            .or_insert_with(|| TeamTotal::new(team))
            .add(line);
        total.add(line);
    }
    let mut teams: Vec<TeamTotal> = teams.into_values().collect();
    teams.sort_by(|a, b| {
        b.month_to_date
            .total_cmp(&a.month_to_date)
            .then_with(|| a.team.cmp(&b.team))
    });
    (teams, total)
}
