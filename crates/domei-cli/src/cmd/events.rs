//! `domei events`: the decision chain (events.toml) beside a scenario —
//! outcome probabilities with Monte Carlo intervals, the most likely paths,
//! and which input matters most.

use super::parts::{self, Format};
use crate::error::CliResult;
use crate::output;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder (reads the events.toml beside its scenario.toml), or an
    /// events file in a scenario folder [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// Monte Carlo draws.
    #[arg(short = 'n', long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=domei_runs::parts::MAX_EVENTS_DRAWS))]
    pub draws: u64,
    /// Seed of the random draws (same seed, same result).
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// How many of the most likely paths to show.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=domei_runs::parts::MAX_PATHS))]
    pub paths: u64,
    /// Condition the chain on a node's outcome, e.g. taiwan-crisis=yes (repeatable).
    #[arg(long, value_name = "NODE=OUTCOME")]
    pub given: Vec<String>,
    /// A what-if edit of the scenario before forecasting linked issues:
    /// ACTOR.ISSUE.position=V, ACTOR.ISSUE.salience+=D, ACTOR.capability=V,
    /// ISSUE.status_quo=V (also -=). Repeatable; applied in order.
    #[arg(long = "set", value_name = "EDIT")]
    pub sets: Vec<String>,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

#[derive(Serialize)]
struct Doc<'a> {
    what_if: Vec<String>,
    #[serde(flatten)]
    analysis: &'a domei_events::Analysis,
}

pub fn run(a: Args) -> CliResult {
    let loaded = parts::load(a.input.as_deref(), "events.toml", parts::BUNDLED_EVENTS)?;
    // A Japanese table names the chain, its nodes and outcomes from their
    // Japanese forms (`name_ja`…; same ids and numbers), read from the
    // file's Japanese view once the file as written has been checked.
    let ja_text = parts::japanese_view(a.format, &loaded, |text| {
        domei_events::read(&loaded.part_path, text, &loaded.scenario).is_ok()
    });
    let (analysis, what_if) = domei_runs::parts::events(
        &loaded.scenario,
        &domei_runs::parts::EventsInput {
            path: &loaded.part_path,
            text: ja_text.as_deref().unwrap_or(&loaded.part_text),
            draws: a.draws,
            seed: a.seed,
            paths: a.paths,
            given: &a.given,
            edits: &a.sets,
        },
    )
    .map_err(parts::cli_error)?;
    let text = match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => parts::json(&Doc {
            what_if,
            analysis: &analysis,
        })?,
        Format::Table => domei_events::present::table(&analysis, &what_if, crate::lang::get()),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
