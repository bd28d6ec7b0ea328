//! `domei best-response`: the stance that brings forecasts closest to an actor's ideal.

use super::forecast::{parse_models, Format};
use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_engines::Options;
use domei_scenario::Requirements;
use domei_strategy::Limits;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The actor whose best response is sought.
    pub actor: String,
    /// Scenario (as for `forecast`) [default: the bundled scenario]
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Only these issues (repeatable) [default: every issue the actor takes part in].
    #[arg(long = "issue", value_name = "I")]
    pub issues: Vec<String>,
    #[command(flatten)]
    pub models: super::model_args::BestResponseModels,
    /// Largest shift of the stated position from the ideal, as a share of the scale.
    #[arg(long, default_value_t = 0.25)]
    pub max_shift: f64,
    #[arg(long, default_value_t = 0.0)]
    pub min_salience: f64,
    #[arg(long, default_value_t = 1.0)]
    pub max_salience: f64,
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    let s = input::load(a.input.as_deref(), Requirements::default())?.scenario;
    let lim = Limits {
        max_shift: a.max_shift,
        min_salience: a.min_salience,
        max_salience: a.max_salience,
        ..Limits::default()
    };
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    crate::limits::check_forecasts(&s, &models, &opts)?;
    let r = domei_strategy::best_response(&s, &a.actor, &a.issues, &models, &opts, &lim)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let text = match a.format {
        Format::Json => crate::store::json(&domei_report::strategy::best_response_json(
            &s, &a.actor, &lim, &r,
        ))?,
        Format::Table => domei_report::strategy::best_response_table(
            &input::shown(a.input.as_deref(), Requirements::default(), &s)?,
            &a.actor,
            &lim,
            &r,
            crate::lang::get(),
        ),
        Format::Csv => domei_report::tables_csv::best_response_csv(&s, &a.actor, &lim, &r),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
