//! `dsadmin endpoint shift NAME VARIANT=WEIGHT… [--yes] [--no-wait]`: shows
//! the current and resulting traffic split, confirms, sends the weights and
//! watches the endpoint until it is InService. Parsing, confirming and
//! printing only; the operation is [`crate::ops::traffic`], which the TUI
//! calls too.
//!
//! Exit status as for the other changing subcommands (see `act.rs`): 0
//! done; 1 the call or the update failed; 2 usage or invalid weights
//! (nothing sent); 3 refused because dsadmin is read-only.

use std::time::Duration;

use clap::Subcommand;

use crate::cli::day2::{confirm_or_exit, open, Confirm};
use crate::cli::error::CliError;
use crate::cli::global::GlobalArgs;
use crate::cli::output;
use crate::model::{Endpoint, VariantWeight};
use crate::ops::traffic::{self, ShiftPlan, WatchOptions};
use crate::settings::Settings;

/// `dsadmin endpoint …`
#[derive(Debug, Clone, Subcommand)]
pub enum EndpointCommand {
    /// Shift traffic between production variants
    /// (UpdateEndpointWeightsAndCapacities), then wait until InService.
    /// Variants not named keep their weight; instance counts are kept.
    Shift {
        /// The endpoint's name.
        name: String,
        /// New weights, e.g. `blue=0.9 green=0.1`. A variant's share of
        /// traffic is its weight divided by the sum of all weights.
        #[arg(required = true, value_name = "VARIANT=WEIGHT", value_parser = traffic::parse_weight)]
        weights: Vec<VariantWeight>,
        /// Return once the update is accepted instead of waiting for InService.
        #[arg(long)]
        no_wait: bool,
        /// Seconds between status reads while waiting (1 to 3600: zero
        /// would ask SageMaker without a pause until it throttles).
        #[arg(long, value_name = "SECONDS", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        poll_interval: u64,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// Runs `dsadmin endpoint …` to completion.
pub fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    command: &EndpointCommand,
) -> Result<(), CliError> {
    let EndpointCommand::Shift {
        name,
        weights,
        no_wait,
        poll_interval,
        confirm,
    } = command;
    let (runtime, ops) = open(cli, settings)?;
    // A read, allowed in read-only mode too: support staff see the split.
    let endpoint = runtime.block_on(traffic::describe(&ops, name))?;
    let plan = traffic::plan_shift(&endpoint, weights)
        .map_err(|e| CliError::usage(format!("{e}; nothing was sent")))?;
    output::print(&plan_table(&endpoint, &plan))?;
    let question = format!("Shift the traffic of endpoint {name} as shown?");
    confirm_or_exit(&ops, &question, confirm.yes)?;
    let done = runtime.block_on(traffic::apply_shift(&ops, &plan))?;
    output::say(&match done.request_id {
        Some(id) => format!("update of endpoint {name} accepted (request id {id})"),
        None => format!("update of endpoint {name} accepted"),
    })?;
    if *no_wait {
        return Ok(());
    }
    let opts = WatchOptions {
        interval: Duration::from_secs(*poll_interval),
        ..WatchOptions::default()
    };
    // Progress is for a person watching: a closed stdout only loses it,
    // the watch's end still decides the exit status.
    let mut progress = |e: &Endpoint| {
        let _ = output::say(&format!("endpoint {}: {}", e.name, e.status));
    };
    let e = runtime.block_on(traffic::watch_until_in_service(
        &ops,
        name,
        opts,
        &mut progress,
    ))?;
    output::say(&format!("endpoint {name} is InService: {}", split(&e)))?;
    Ok(())
}

/// The confirmation table: each variant's weight and share, now and after.
pub fn plan_table(endpoint: &Endpoint, plan: &ShiftPlan) -> String {
    let width = plan
        .before
        .iter()
        .map(|s| s.variant.chars().count())
        .chain(["VARIANT".len()])
        .max()
        .unwrap_or(7);
    let mut out = format!("endpoint {} ({})\n", endpoint.name, endpoint.status);
    out.push_str(&format!(
        "  {:<width$}  {:>8}  {:>7}    {:>8}  {:>7}\n",
        "VARIANT", "WEIGHT", "NOW", "WEIGHT", "AFTER"
    ));
    for (b, a) in plan.before.iter().zip(&plan.after) {
        out.push_str(&format!(
            "  {:<width$}  {:>8}  {:>6.1}% →  {:>8}  {:>6.1}%\n",
            b.variant,
            weight(b.weight),
            b.percent,
            weight(a.weight),
            a.percent
        ));
    }
    out
}

/// Weights as people type them: `0.9`, `1`, not `0.8999999761581421`.
fn weight(w: f64) -> String {
    let rounded = format!("{:.4}", w);
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// `blue 90.0%, green 10.0%` from the endpoint's current weights.
fn split(e: &Endpoint) -> String {
    let weights: Vec<f64> = e.variants().iter().map(|v| v.current_weight).collect();
    e.variants()
        .iter()
        .zip(traffic::percentages(&weights))
        .map(|(v, p)| format!("{} {p:.1}%", v.name))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::args::{Cli, CliCommand};
    use clap::Parser;

    #[test]
    fn parses_shift_with_weights_and_flags() {
        let cli = Cli::try_parse_from([
            "dsadmin",
            "endpoint",
            "shift",
            "churn",
            "blue=0.9",
            "green=0.1",
            "--no-wait",
            "-y",
        ])
        .unwrap();
        let Some(CliCommand::Endpoint {
            command:
                EndpointCommand::Shift {
                    name,
                    weights,
                    no_wait,
                    poll_interval,
                    confirm,
                },
        }) = cli.command
        else {
            panic!("not a shift");
        };
        assert_eq!(name, "churn");
        assert_eq!(
            weights,
            [
                VariantWeight::new("blue", 0.9),
                VariantWeight::new("green", 0.1)
            ]
        );
        assert!(no_wait && confirm.yes);
        assert_eq!(poll_interval, 10);
        assert!(Cli::try_parse_from(["dsadmin", "endpoint", "shift", "churn"]).is_err());
        assert!(Cli::try_parse_from(["dsadmin", "endpoint", "shift", "churn", "blue"]).is_err());
        let zero = [
            "dsadmin",
            "endpoint",
            "shift",
            "churn",
            "blue=1",
            "--poll-interval",
            "0",
        ];
        let err = Cli::try_parse_from(zero).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--poll-interval"), "{err}");
    }

    #[test]
    fn weights_print_as_typed() {
        assert_eq!(weight(f64::from(0.9f32)), "0.9");
        assert_eq!(weight(1.0), "1");
        assert_eq!(weight(0.0), "0");
    }
}
