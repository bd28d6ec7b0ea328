//! `domei forecast`: every issue, several models, side by side.

use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_engines::{ModelId, Options};
use domei_runs::Job;
use std::path::PathBuf;
use std::process::ExitCode;

pub use super::model_args::ModelArgs;

/// The CLI's one output format type.
pub use crate::output::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder, scenario.toml, CSV, KTAB CSV or XML, DEU III .tsv or Decide file
    /// [default: the bundled Japan–US 2025 scenario]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Rounds of the iterative models (BDM).
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    /// Include each model's explanation (who moved, weights, gains) in JSON,
    /// and in the stored run; in a table, each issue's history under the
    /// models with rounds (as `domei history`).
    #[arg(long)]
    pub explain: bool,
    /// Calibration file for the headline forecast and the ranges
    /// [default: the bundled calibration, deu3-dev].
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<PathBuf>,
    // --- store (domei-store) ---
    /// Do not store the run (by default the scenario version and the run
    /// are stored; see `domei runs`).
    #[arg(long)]
    pub no_store: bool,
    #[command(flatten)]
    pub db: crate::store::DbArgs,
    #[command(flatten)]
    pub budget: crate::limits::BudgetArgs,
}

/// Parses `--model` values; `all` expands to every model
/// ([`domei_runs::parse_models`], shared with the workbench).
pub fn parse_models(names: &[String]) -> Result<Vec<ModelId>, CliError> {
    domei_runs::parse_models(names).map_err(CliError::Usage)
}

pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    // A model asked for by name must be able to run on every issue; with
    // `all`, issues it cannot handle are reported as not forecast.
    let req = domei_runs::requirements(&a.models);
    if !a.no_store {
        a.db.check_explicit()?; // store: a bad --database fails before any work (exit 2)
    }
    let cal = super::calibrate::load(a.calibration.as_deref())?;
    let started = time::OffsetDateTime::now_utc(); // store
    let loaded = input::load(a.input.as_deref(), req)?;
    let s = &loaded.scenario;
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    let job = Job::forecast(models, opts, a.explain);
    crate::limits::check_job(&job, s, 1, false, &a.budget.budget()?)?;
    let out = domei_runs::compute_calibrated(s, &job, &cal, false, &|_, _| {});
    let f = &out.forecast;
    let text = match a.format {
        Format::Table => {
            let lang = crate::lang::get();
            // The same scenario with its texts in the language: same values,
            // ids and order, so the forecast applies to it as computed.
            let view = match lang {
                domei_i18n::Lang::En => None,
                l => Some(input::load_lang(a.input.as_deref(), req, l)?.scenario),
            };
            let shown = view.as_ref().unwrap_or(s);
            let mut text = match lang {
                domei_i18n::Lang::En => domei_report::forecast_table(s, f),
                l => domei_report::forecast_table_lang(shown, f, l),
            };
            // --explain: why each actor moved, issue by issue, under every
            // model with rounds (`domei history`'s table).
            if a.explain {
                for ifc in &f.issues {
                    for fc in ifc.results.iter().filter_map(|r| r.forecast()) {
                        if !domei_run::history::has_rounds(fc.model) {
                            continue;
                        }
                        let h = domei_run::history::of_forecast(s, ifc.issue, fc)
                            .map_err(|e| CliError::Internal(e.to_string()))?;
                        text.push('\n');
                        text.push_str(&domei_report::history_table(
                            &shown.issues[ifc.issue],
                            &h,
                            lang,
                        ));
                    }
                }
            }
            text
        }
        Format::Json => crate::store::json(&domei_runs::document(s, &job, &out))?,
        Format::Csv => domei_report::forecast_csv(s, f),
    };
    output::print(&text);
    // store (domei-store): after printing, so a store failure (exit 3)
    // never loses the forecast.
    if !a.no_store {
        let run = crate::store::record(s, &job, &out, started)?;
        crate::store::store_run(&a.db, a.input.as_deref(), s, &run)?;
    }
    Ok(ExitCode::SUCCESS)
}
