//! `dsadmin get KIND --accounts all|ID,ID`: the same listing in every
//! account and region in scope (`cli::fan_out`), merged with ACCOUNT and
//! REGION in front (JSON: `account`, `region` in each record).

use std::io::{self, Write};

use chrono::Utc;

use super::{list_into, GetArgs, Listing, Output, Sink};
use crate::cli::error::CliError;
use crate::cli::fan_out::{each_place, placed_record, placed_table};
use crate::cli::get::write_table;
use crate::cli::global::GlobalArgs;
use crate::model::account::Scope;
use crate::settings::Settings;

pub(super) fn main(
    cli: &GlobalArgs,
    settings: &Settings,
    args: &GetArgs,
    scope: &Scope,
) -> Result<(), CliError> {
    crate::cli::fan_out::check_flags(cli)?;
    // Before any call: a flag the kind does not take is one usage error,
    // not one per account.
    super::check_flags(args)?;
    let runtime = crate::cli::session::runtime()?;
    let answers = runtime.block_on(async {
        let now = Utc::now();
        each_place(cli, settings, scope, |cloud| async move {
            let mut listing = Listing::default();
            list_into(
                args,
                &cloud,
                &settings.git,
                &mut Sink::Keep(&mut listing),
                now,
            )
            .await?;
            Ok(listing)
        })
        .await
    })?;
    let mut out = io::BufWriter::new(io::stdout());
    match args.output {
        Output::Json => {
            let records: Vec<serde_json::Value> = answers
                .answered
                .iter()
                .flat_map(|(place, listing)| {
                    listing
                        .records
                        .iter()
                        .map(|r| placed_record(place, r.clone()))
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &records).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Output::Table | Output::Wide => {
            let parts = answers
                .answered
                .iter()
                .filter_map(|(place, listing)| listing.table.as_ref().map(|t| (place, t)));
            write_table(&mut out, &placed_table(parts))?;
        }
    }
    out.flush()?;
    answers.finish()
}
