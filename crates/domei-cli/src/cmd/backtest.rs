//! `domei backtest`: each model's error and calibration on recorded decisions.

use super::forecast::{parse_models, Format};
use super::uncertainty::{with_threads, DistArg, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::output;
use domei_engines::Options;
use domei_scenario::Requirements;
use domei_sim::{BacktestOptions, McOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// DEU III table to score on (issues with a recorded outcome).
    #[arg(long, value_name = "FILE")]
    pub deu3: PathBuf,
    /// Models to score (see `forecast`); an ensemble of them is added.
    #[arg(
        short,
        long = "model",
        value_name = "M",
        value_delimiter = ',',
        default_value = "all"
    )]
    pub models: Vec<String>,
    /// Monte Carlo draws per issue for the 80% intervals (0: no intervals).
    #[arg(short = 'n', long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(0..=domei_limits::DRAWS.max))]
    pub draws: u64,
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = DistArg::Triangular)]
    pub dist: DistArg,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Fit the ensemble's weights on this table instead of cross-validating.
    #[arg(long, value_name = "FILE")]
    pub fit: Option<PathBuf>,
    /// Folds of the cross-validated ensemble (by dossier) when --fit is not given.
    #[arg(long, default_value_t = 10, value_parser = crate::limits::folds)]
    pub folds: usize,
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    #[arg(long, value_parser = crate::limits::threads_flag)]
    pub threads: Option<usize>,
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    let test = domei_scenario::load_with(&a.deu3, Requirements::default())?.scenario;
    let fit = a
        .fit
        .as_ref()
        .map(|p| domei_scenario::load_with(p, Requirements::default()))
        .transpose()?
        .map(|l| l.scenario);
    if test.issues.iter().all(|i| i.outcome.is_none()) {
        return Err(CliError::Usage(format!(
            "{} has no issue with a recorded outcome to score against",
            a.deu3.display()
        )));
    }
    if fit.is_none() {
        // Each fold holds out whole dossiers: more folds than dossiers
        // would only repeat the leave-one-dossier-out result, slower.
        let mut dossiers: Vec<&str> = test
            .issues
            .iter()
            .filter(|i| i.outcome.is_some())
            .map(|i| i.group.as_deref().unwrap_or(&i.id))
            .collect();
        dossiers.sort_unstable();
        dossiers.dedup();
        if a.folds > dossiers.len() {
            return Err(CliError::Usage(format!(
                "--folds {}: more folds than the {} dossiers with a recorded outcome in {} (`folds`: each fold holds out whole dossiers); use --folds {} or fewer",
                a.folds,
                dossiers.len(),
                a.deu3.display(),
                dossiers.len().max(2)
            )));
        }
    }
    let mc = (a.draws > 0).then(|| -> Result<McOptions, CliError> {
        Ok(McOptions {
            draws: a.draws,
            seed: a.seed,
            dist: a.dist.into(),
            perturbation: a.perturb.get()?,
            bins: 20,
            keep_draws: true,
        })
    });
    let bt = BacktestOptions {
        models,
        opts: Options {
            rounds: a.rounds,
            ..Options::default()
        },
        mc: mc.transpose()?,
        folds: a.folds,
    };
    crate::limits::check_forecasts(&test, &bt.models, &bt.opts)?;
    let r = with_threads(a.threads, || domei_sim::backtest(&test, fit.as_ref(), &bt))?;
    let source = a.deu3.display().to_string();
    let text = match a.format {
        Format::Json => {
            serde_json::to_string_pretty(&domei_report::sim::backtest_json(&source, &r))
                .map_err(|e| CliError::Internal(format!("cannot encode JSON: {e}")))?
        }
        Format::Table => domei_report::sim::backtest_table(&source, &r),
        Format::Csv => return Err(CliError::Usage("backtest prints table or json".into())),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
