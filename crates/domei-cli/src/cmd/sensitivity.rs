//! `domei sensitivity`: which inputs move each forecast most (tornado data).

use super::forecast::{parse_models, Format};
use super::uncertainty::PerturbArgs;
use crate::error::CliResult;
use crate::{input, output};
use domei_engines::Options;
use domei_scenario::Requirements;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario (as for `forecast`) [default: the bundled scenario]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub models: super::model_args::SensitivityModels,
    /// Only this issue.
    #[arg(long)]
    pub issue: Option<String>,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Bars shown per issue in the table.
    #[arg(long, default_value_t = 8)]
    pub top: usize,
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
    let loaded = input::load(a.input.as_deref(), Requirements::default())?;
    let s = &loaded.scenario;
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    let pert = a.perturb.get()?;
    crate::limits::check_forecasts(s, &models, &opts)?;
    let bar = crate::progress::Progress::counted("sensitivity: players swung", 0);
    let mut t =
        domei_sim::sensitivity_with_progress(s, &models, &opts, &pert, &|d, n| bar.report(d, n));
    drop(bar); // erased before the output is printed
    if let Some(id) = &a.issue {
        let i = super::history::issue_index(s, id)?;
        t.retain(|t| t.issue == i);
    }
    let text = match a.format {
        Format::Json => crate::store::json(&domei_report::sim::sensitivity_json(s, &t, &pert))?,
        Format::Table => domei_report::sim::sensitivity_table(
            &input::shown(a.input.as_deref(), Requirements::default(), s)?,
            &t,
            a.top,
            crate::lang::get(),
        ),
        Format::Csv => domei_report::tables_csv::sensitivity_csv(s, &t),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
