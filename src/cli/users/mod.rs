//! User lifecycle subcommands: `dsadmin onboard --file users.csv`,
//! `dsadmin offboard`, `dsadmin presign` and `dsadmin app delete`. This
//! module parses, confirms and prints; the operations (gate, validation,
//! journal, calls, waits) are the functions in `ops` the TUI calls too.
//! Confirmation and exit codes are those of [`crate::cli::day2`]: 0 done; 1 a
//! cloud failure (or a failed/invalid row, or a declined prompt); 2 usage
//! or config; 3 refused because dsadmin is read-only.
//!
//! Each command runs against an [`Io`] (not the process's stdio) so tests
//! drive the very code `main` runs, over the demo or a mocked SDK client.

mod args;
mod console;

use std::io::{self, IsTerminal};

pub use args::{AppCommand, OffboardArgs, OnboardArgs, PresignArgs, UserCommand};
pub use console::Io;

use crate::audit::{self, OpError};
use crate::cli::error::{op_exit_code, CliError, EXIT_REFUSED};
use crate::cli::get::Output;
use crate::cli::global::GlobalArgs;
use crate::cli::session::open_ops;
use crate::collect_all;
use crate::model::requests::{AppRef, PresignRequest};
use crate::ops::apps::{self, valid_domain_id};
use crate::ops::batch;
use crate::ops::context::OpsContext;
use crate::ops::offboard::{self, OffboardProgress};
use crate::ops::onboard_run::{self, OnboardProgress, RowOutcome, RowResult};
use crate::ops::poll::Polling;
use crate::ops::presign;
use crate::policy::{Effect, EffectClass};
use crate::settings::Settings;

/// How often to check status: the demo advances per check, so it needs no pause.
pub fn polling_for(ops: &OpsContext) -> Polling {
    if ops.cloud.context.demo {
        Polling::immediate()
    } else {
        Polling::default()
    }
}

/// Runs one lifecycle command to completion. [`run`] says every outcome
/// itself; only its status is left.
pub fn main(cli: &GlobalArgs, settings: &Settings, command: &UserCommand) -> Result<(), CliError> {
    // The file is read first: a typo in its path is a usage error that
    // needs no AWS at all.
    let text = match command {
        UserCommand::Onboard(args) => Some(
            std::fs::read_to_string(&args.file)
                .map_err(|e| CliError::usage(format!("{}: {e}", args.file.display())))?,
        ),
        _ => None,
    };
    let runtime = crate::cli::session::runtime()?;
    let ops = runtime.block_on(open_ops(cli, settings))?;
    let polling = polling_for(&ops);
    let mut stdout = io::stdout();
    let mut stderr = io::stderr();
    let interactive = io::stdin().is_terminal();
    let mut input = io::BufReader::new(io::stdin());
    let mut io = Io::new(&mut stdout, &mut stderr, &mut input, interactive);
    let code = runtime.block_on(run(
        &ops,
        settings,
        command,
        text.as_deref().unwrap_or_default(),
        &polling,
        &mut io,
    ));
    match code {
        0 => Ok(()),
        code => Err(CliError::Reported(code)),
    }
}

/// Runs `command` over `ops`; `text` is the onboarding file's content.
/// Returns the exit status.
pub async fn run(
    ops: &OpsContext,
    settings: &Settings,
    command: &UserCommand,
    text: &str,
    polling: &Polling,
    io: &mut Io<'_>,
) -> u8 {
    match command {
        UserCommand::Onboard(args) => onboard(ops, settings, args, text, polling, io).await,
        UserCommand::Offboard(args) => offboard_user(ops, args, polling, io).await,
        UserCommand::Presign(args) => presign_url(ops, settings, args, io).await,
        UserCommand::AppDelete {
            domain,
            owner,
            app_type,
            name,
            yes,
        } => {
            let app = AppRef {
                domain_id: domain.clone(),
                owner: owner.clone(),
                app_type: app_type.clone(),
                app_name: name.clone(),
            };
            app_delete(ops, app, *yes, polling, io).await
        }
    }
}

/// A `--domain` value as an id: ids pass through, names are looked up. The
/// gate is asked first with `effect_for(key)`, so a read-only session is
/// refused before the lookup sends anything.
async fn domain_id(
    ops: &OpsContext,
    key: &str,
    effect_for: impl Fn(&str) -> Effect,
) -> Result<String, OpError> {
    audit::gate(&ops.journal, &ops.audit, &ops.policy, &effect_for(key))?;
    if valid_domain_id(key) {
        return Ok(key.to_owned());
    }
    let domains = collect_all!(ops.cloud.sagemaker, list_domains)?;
    match crate::ops::find_domain(&domains, key) {
        Some(d) => Ok(d.id.clone()),
        None => Err(OpError::Cloud(crate::cloud::CloudError::NotFound {
            what: format!(
                "domain '{key}' (domains: {})",
                domains
                    .iter()
                    .map(|d| format!("{} ({})", d.name, d.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })),
    }
}

async fn onboard(
    ops: &OpsContext,
    settings: &Settings,
    args: &OnboardArgs,
    text: &str,
    polling: &Polling,
    io: &mut Io<'_>,
) -> u8 {
    // Parsed once without AWS data, only to name the rows a read-only
    // session refuses, before anything is read from AWS.
    let raw = match batch::plan(text, &[], &[], &settings.teams) {
        Ok(rows) => rows,
        Err(e) => {
            io.warn(&format!("dsadmin: {}: {e}", args.file.display()));
            return 2;
        }
    };
    if !args.dry_run {
        if let Err(refused) = onboard_run::gate_rows(ops, &raw, &settings.teams) {
            return refused_rows(io, args.output, &refused);
        }
    }
    let sm = &ops.cloud.sagemaker;
    let listed = async {
        // Settings (SSO, VpcOnly, tag propagation) and tags decide what a
        // request may be; a domain without them is refused by validation.
        let domains = collect_all!(sm, list_domains)?;
        let domains = crate::inventory::fill_all(&ops.cloud, domains, &Default::default()).await;
        let profiles = collect_all!(sm, list_user_profiles)?;
        Ok::<_, crate::cloud::CloudError>((domains, profiles))
    }
    .await;
    let (domains, profiles) = match listed {
        Ok(v) => v,
        Err(e) => return io.failed(&OpError::Cloud(e)),
    };
    let plan = match batch::plan(text, &domains, &profiles, &settings.teams) {
        Ok(plan) => plan,
        Err(e) => {
            io.warn(&format!("dsadmin: {}: {e}", args.file.display()));
            return 2;
        }
    };
    let creates = batch::summary(&plan).create;
    if !args.dry_run && creates > 0 {
        let question = format!(
            "Create {creates} user profile(s) from {}?",
            args.file.display()
        );
        let answer = io.confirm(&question, args.confirm.yes);
        if let Some(code) = io.not_confirmed(answer, &question) {
            return code;
        }
    }
    let table = args.output == Output::Table;
    let results = {
        let io = &*io;
        onboard_run::run_batch(ops, &plan, args.dry_run, polling, &|row, p| {
            // JSON output stays one document: progress only beside a table.
            if table {
                io.warn(&progress_line(row, p));
            }
        })
        .await
    };
    print_rows(io, args.output, &results);
    summary(io, &results)
}

/// A read-only session refuses the whole file before anything is read
/// from AWS: the refused rows, and why.
fn refused_rows(io: &Io<'_>, output: Output, refused: &[RowResult]) -> u8 {
    print_rows(io, output, refused);
    let why = match refused.first().map(|r| &r.outcome) {
        Some(RowOutcome::Refused { reason }) => reason.as_str(),
        _ => "read-only",
    };
    io.warn(&format!(
        "dsadmin: {} row(s) refused, nothing was created: {why}",
        refused.len()
    ));
    EXIT_REFUSED
}

/// A row's progress while it is created, on stderr.
fn progress_line(row: &batch::PlannedRow, p: &OnboardProgress) -> String {
    match p {
        OnboardProgress::Created { .. } => format!(
            "line {}: {}: created, waiting for InService",
            row.line, row.user
        ),
        OnboardProgress::Status { poll, status } => {
            format!("line {}: {}: {status} (check {poll})", row.line, row.user)
        }
    }
}

/// The counts per outcome, and the exit status: 3 if a row was refused,
/// 1 if one failed, else 0.
fn summary(io: &Io<'_>, results: &[RowResult]) -> u8 {
    let count = |f: fn(&RowOutcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
    io.warn(&format!(
        "{} created, {} would be created, {} skipped, {} failed, {} invalid",
        count(|o| matches!(o, RowOutcome::Created { .. })),
        count(|o| matches!(o, RowOutcome::WouldCreate { .. })),
        count(|o| matches!(o, RowOutcome::Skipped { .. })),
        count(|o| matches!(o, RowOutcome::Failed { .. })),
        count(|o| matches!(o, RowOutcome::Invalid { .. })),
    ));
    if results
        .iter()
        .any(|r| matches!(r.outcome, RowOutcome::Refused { .. }))
    {
        EXIT_REFUSED
    } else if results.iter().any(|r| r.outcome.is_failure()) {
        1
    } else {
        0
    }
}

/// One line per row (`line N: user (team, domain): result`), or the JSON array.
fn print_rows(io: &Io<'_>, output: Output, rows: &[RowResult]) {
    if output == Output::Json {
        match serde_json::to_string_pretty(rows) {
            Ok(json) => io.say(&json),
            Err(e) => io.warn(&format!("dsadmin: cannot encode the results: {e}")),
        }
        return;
    }
    for r in rows {
        let result = match &r.outcome {
            RowOutcome::Created { user_profile_arn } => format!("created {user_profile_arn}"),
            RowOutcome::WouldCreate { request } => format!(
                "would create (role {})",
                request.user_settings.execution_role
            ),
            RowOutcome::Skipped { reason } => format!("skipped: {reason}"),
            RowOutcome::Failed { reason } => format!("failed: {reason}"),
            RowOutcome::Invalid { reason } => format!("invalid: {reason}"),
            RowOutcome::Refused { reason } => format!("refused: {reason}"),
        };
        io.say(&format!(
            "line {}: {} ({}, {}): {result}",
            r.line, r.user, r.team, r.domain
        ));
    }
}

async fn offboard_user(
    ops: &OpsContext,
    args: &OffboardArgs,
    polling: &Polling,
    io: &mut Io<'_>,
) -> u8 {
    let effect = |d: &str| Effect::DeleteUserProfile {
        domain_id: d.to_owned(),
        user: args.user.clone(),
    };
    let domain = match domain_id(ops, &args.domain, effect).await {
        Ok(d) => d,
        Err(e) => return io.failed(&e),
    };
    let plan = match offboard::plan(ops, &domain, &args.user).await {
        Ok(p) => p,
        Err(e) => return io.failed(&e),
    };
    io.say(&format!(
        "Offboarding {} from {}:",
        plan.user, plan.domain_id
    ));
    for line in plan.lines() {
        io.say(&format!("  {line}"));
    }
    let question = format!(
        "This deletes {} app(s), {} space(s) and the profile of {}.",
        plan.apps.len(),
        plan.spaces.len(),
        plan.user
    );
    let answer = io.confirm_typed(&question, &plan.user, args.yes);
    if let Some(code) = io.not_confirmed(answer, &question) {
        return code;
    }
    let report = {
        let io = &*io;
        offboard::execute(
            ops,
            &plan,
            &|p| match p {
                OffboardProgress::Deleting(step) => io.say(&format!("deleting {step}")),
                OffboardProgress::Waiting { step, status } => {
                    io.say(&format!("  {step}: {status}"))
                }
                OffboardProgress::Deleted(step) => io.say(&format!("deleted {step}")),
            },
            polling,
        )
        .await
    };
    match &report.failure {
        None => {
            io.say(&format!("offboarded {} from {}", plan.user, plan.domain_id));
            0
        }
        Some(f) => {
            io.warn(&format!("dsadmin: deleting {} failed: {}", f.step, f.error));
            io.warn("dsadmin: still there (delete in this order):");
            for step in &report.remaining {
                io.warn(&format!("  {step}"));
            }
            op_exit_code(&f.error)
        }
    }
}

async fn presign_url(
    ops: &OpsContext,
    settings: &Settings,
    args: &PresignArgs,
    io: &mut Io<'_>,
) -> u8 {
    let expires = args.expires.unwrap_or(settings.presign.expires_in_seconds);
    let session = args.session.or(settings.presign.session_expiration_seconds);
    let request_for = |d: &str| PresignRequest {
        domain_id: d.to_owned(),
        user: args.user.clone(),
        space: args.space.clone(),
        expires_in_seconds: expires,
        session_expiration_seconds: session,
    };
    let domain = match domain_id(ops, &args.domain, |d| presign::effect(&request_for(d))).await {
        Ok(d) => d,
        Err(e) => return io.failed(&e),
    };
    match presign::presigned_url(ops, &request_for(&domain)).await {
        Ok(done) => {
            // Only the URL on stdout, so `$(dsadmin presign …)` is the URL.
            io.say(&done.value);
            io.warn(&format!(
                "dsadmin: the URL works for {expires} s and signs its holder in as {}: do not share it",
                args.user
            ));
            0
        }
        Err(e) => io.failed(&e),
    }
}

async fn app_delete(
    ops: &OpsContext,
    mut app: AppRef,
    yes: bool,
    polling: &Polling,
    io: &mut Io<'_>,
) -> u8 {
    let key = app.domain_id.clone();
    let domain = match domain_id(ops, &key, |d| {
        apps::delete_effect(&AppRef {
            domain_id: d.to_owned(),
            ..app.clone()
        })
    })
    .await
    {
        Ok(d) => d,
        Err(e) => return io.failed(&e),
    };
    app.domain_id = domain;
    if ops.policy.allows(EffectClass::Mutate) {
        let question = format!("Delete (and stop) {app}?");
        let answer = io.confirm(&question, yes);
        if let Some(code) = io.not_confirmed(answer, &question) {
            return code;
        }
    }
    if let Err(e) = apps::delete_app(ops, &app).await {
        return io.failed(&e);
    }
    io.say(&format!("deleting {app}"));
    let seen = |status: &str| io.say(&format!("  {status}"));
    match apps::wait_app_deleted(ops, &app, polling, &seen).await {
        Ok(()) => {
            io.say(&format!("deleted {app}"));
            0
        }
        Err(e) => io.failed(&e),
    }
}
