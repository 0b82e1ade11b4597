//! The terminal event loop: one `select!` over key events, job results, a
//! spinner tick (only while something loads) and SIGTERM. It draws only when
//! something changed, so an idle dsadmin uses no CPU.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::signal::unix::{signal, SignalKind};

use crate::cloud::open::{self, AccountSources, Target};
use crate::cloud::{Cloud, Connector};
use crate::inventory::last_known::LastKnown;
use crate::settings::Settings;
use crate::tui::App;

const TICK: Duration = Duration::from_millis(100);

/// The TUI's entry point: starts the runtime, opens the cloud `target`
/// names and runs until the user quits. Building the clients does no
/// network I/O; credentials are resolved by the first calls, whose
/// failures the TUI shows in place.
pub fn main(
    settings: Settings,
    target: Target,
    accounts: AccountSources,
    last_known: Option<LastKnown>,
    read_only_flag: bool,
) -> std::process::ExitCode {
    let runtime = match open::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dsadmin: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let cloud = match runtime.block_on(open::open(&target)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dsadmin: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let connector = open::connector(&target, accounts);
    match runtime.block_on(run(settings, cloud, connector, last_known, read_only_flag)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dsadmin: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs the TUI until the user quits. Restores the terminal on every exit path,
/// panics included (ratatui's `init` installs a hook that restores it).
pub async fn run(
    settings: Settings,
    cloud: Cloud,
    connector: Option<Arc<dyn Connector>>,
    last_known: Option<LastKnown>,
    read_only_flag: bool,
) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let result = event_loop(
        &mut terminal,
        settings,
        cloud,
        connector,
        last_known,
        read_only_flag,
    )
    .await;
    ratatui::try_restore().context("cannot restore the terminal")?;
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    settings: Settings,
    cloud: Cloud,
    connector: Option<Arc<dyn Connector>>,
    last_known: Option<LastKnown>,
    read_only_flag: bool,
) -> anyhow::Result<()> {
    // Live refresh of the list on screen; 0 = off, and then nothing wakes
    // the loop while idle.
    let refresh_every = settings.ui.refresh_seconds;
    let (app, mut rx) = App::new(settings, cloud);
    let mut app = app.with_read_only_flag(read_only_flag);
    if let Some(connector) = connector {
        app = app.with_connector(connector);
    }
    if let Some(kept) = last_known {
        app = app.with_last_known(kept);
    }
    app.start();
    let mut events = EventStream::new();
    // Raw mode turns Ctrl-C into a key, but a signal from outside (kill, a closed
    // terminal) must still end the loop so the terminal is restored.
    let mut sigterm = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut sigint = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let mut sighup = signal(SignalKind::hangup()).context("cannot watch SIGHUP")?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // A presigned URL's countdown redraws once a second, only while shown.
    let mut second = tokio::time::interval(Duration::from_secs(1));
    second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let period = Duration::from_secs(u64::from(refresh_every.max(1)));
    let mut refresh = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Never more often than the live refresh asks for.
    let settle_period = Duration::from_secs(
        crate::tui::SETTLE_SECS
            .min(u64::from(refresh_every.max(1)))
            .max(1),
    );
    let mut settle =
        tokio::time::interval_at(tokio::time::Instant::now() + settle_period, settle_period);
    settle.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    loop {
        if app.take_dirty() {
            terminal.draw(|f| app.draw(f))?;
            let clips = app.take_clipboard();
            if !clips.is_empty() {
                let mut out = std::io::stdout();
                for c in clips {
                    out.write_all(c.as_bytes())?;
                }
                out.flush()?;
            }
        }
        if app.should_quit() {
            return Ok(());
        }
        let busy = app.is_busy();
        let clock = app.shows_clock();
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => app.on_key(key),
                Some(Ok(Event::Resize(_, _))) => app.on_resize(),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e).context("cannot read the terminal"),
                None => return Ok(()),
            },
            Some(action) = rx.recv() => app.on_action(action),
            _ = tick.tick(), if busy => app.on_tick(),
            _ = second.tick(), if clock => app.on_clock_tick(),
            _ = refresh.tick(), if refresh_every > 0 => app.on_refresh_tick(),
            // Live refresh off means off: no quicker reads either.
            _ = settle.tick(), if refresh_every > 0 => app.on_settle_tick(),
            _ = sigterm.recv() => return Ok(()),
            _ = sigint.recv() => return Ok(()),
            _ = sighup.recv() => return Ok(()),
        }
    }
}
