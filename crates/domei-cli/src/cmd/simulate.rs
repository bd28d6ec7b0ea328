//! `domei simulate`: Monte Carlo ranges for every issue and model, stored
//! as a run (domei-runs, domei-store) unless `--no-store`.

use super::forecast::{parse_models, Format, ModelArgs};
use super::uncertainty::{with_threads, DistArg, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_engines::Options;
use domei_runs::{Job, McParams, Outcome};
use domei_scenario::Scenario;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario (as for `forecast`) [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// Number of draws.
    #[arg(short = 'n', long, default_value_t = 1000, value_parser = crate::limits::draws)]
    pub draws: u64,
    /// Seed of the random draws (same seed, same result on any machine and thread count).
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Distribution on each value's interval.
    #[arg(long, value_enum, default_value_t = DistArg::Triangular)]
    pub dist: DistArg,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Histogram bars over each issue's scale.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=200))]
    pub bins: u64,
    /// Rounds of the iterative models.
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    /// Keep and print every draw's forecast (JSON only; memory grows with draws).
    #[arg(long)]
    pub keep_draws: bool,
    /// Calibration file for the headline forecast and the ranges
    /// [default: the bundled calibration, deu3-dev].
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<PathBuf>,
    /// Worker threads [default: all cores].
    #[arg(long, value_parser = crate::limits::threads_flag)]
    pub threads: Option<usize>,
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Do not store the run (by default the scenario version and the run
    /// are stored, without `--keep-draws`' draws; see `domei runs`).
    #[arg(long)]
    pub no_store: bool,
    #[command(flatten)]
    pub db: crate::store::DbArgs,
    #[command(flatten)]
    pub budget: crate::limits::BudgetArgs,
}

/// Prints the simulation, then stores it (unless `--no-store`).
pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    let req = domei_runs::requirements(&a.models);
    let mc = McParams {
        draws: a.draws,
        seed: a.seed,
        dist: a.dist.into(),
        perturbation: a.perturb.get()?,
        bins: a.bins as usize,
    };
    if !a.no_store {
        a.db.check_explicit()?; // a bad --database fails before any work (exit 2)
    }
    let cal = super::calibrate::load(a.calibration.as_deref())?;
    let started = time::OffsetDateTime::now_utc();
    let loaded = input::load(a.input.as_deref(), req)?;
    let s = &loaded.scenario;
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    let job = Job::simulate(models, opts, mc);
    let threads = crate::limits::threads(a.threads)?;
    crate::limits::check_job(&job, s, threads, a.keep_draws, &a.budget.budget()?)?;
    let bar = crate::progress::Progress::counted("simulate: draws", a.draws);
    let out = with_threads(a.threads, || {
        domei_runs::compute_calibrated(s, &job, &cal, a.keep_draws, &|d, t| bar.report(d, t))
    })?;
    drop(bar); // erased before the output is printed
               // Every draw failed for every model: there is nothing to report, and
               // saying so with exit 0 would hide it.
    if let Some(sim) = &out.sim {
        let all_failed = sim
            .issues
            .iter()
            .flat_map(|i| &i.models)
            .all(|m| m.summary.n == 0);
        if all_failed {
            return Err(CliError::Usage(format!(
                "every one of the {} draws failed for every model on every issue: the drawn inputs cannot be forecast (check the ranges and capabilities, e.g. with `domei forecast` and `domei check`)",
                a.draws
            )));
        }
    }
    // The table shows the scenario's texts in the run's language.
    let shown = match a.format {
        Format::Table => Some(input::shown(a.input.as_deref(), req, s)?),
        _ => None,
    };
    output::print(&render(s, shown.as_ref(), &job, &out, a.format)?);
    // After printing, so a store failure (exit 3) never loses the output.
    if !a.no_store {
        let run = crate::store::record(s, &job, &out, started)?;
        crate::store::store_run(&a.db, a.input.as_deref(), s, &run)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The simulation as a table (with `shown`'s texts when given) or as the
/// simulate JSON document.
fn render(
    s: &Scenario,
    shown: Option<&Scenario>,
    job: &Job,
    out: &Outcome,
    format: Format,
) -> Result<String, CliError> {
    // A simulation job always has its Monte Carlo result.
    let Some(sim) = out.sim.as_ref() else {
        return Err(CliError::Internal(
            "the simulation produced no Monte Carlo result".into(),
        ));
    };
    match format {
        // As a JSON value: its keys in alphabetical order, as always printed.
        Format::Json => crate::store::json(
            &domei_runs::results_json(s, job, out)
                .map_err(|e| CliError::Internal(e.to_string()))?,
        ),
        Format::Table => Ok(domei_report::sim::simulate_table(
            shown.unwrap_or(s),
            sim,
            &out.forecast,
            crate::lang::get(),
        )),
        Format::Csv => Ok(domei_report::tables_csv::simulate_csv(
            s,
            sim,
            &out.forecast,
        )),
    }
}
