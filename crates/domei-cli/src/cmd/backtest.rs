//! `domei backtest`: each model's and the headline's error, calibrated
//! ranges and proper scores on recorded decisions.

use super::forecast::{parse_models, Format, ModelArgs};
use super::uncertainty::{with_threads, DistArg, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::output;
use domei_engines::{ExchangeReading, ModelId, Options};
use domei_scenario::Requirements;
use domei_sim::backtest::{backtest_ticking, backtest_units};
use domei_sim::progress::Ticker;
use domei_sim::{BacktestOptions, McOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// DEU III table to score on (issues with a recorded outcome).
    #[arg(long, value_name = "FILE")]
    pub deu3: PathBuf,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Monte Carlo draws per issue for the input-uncertainty bands (0: none;
    /// the calibrated ranges then measure model error alone). The default is
    /// `calibrate`'s, so the headline is scored with its band measured as it
    /// is when fitted and applied.
    #[arg(short = 'n', long, default_value_t = domei_sim::calibrate::DEFAULT_DRAWS, value_parser = clap::value_parser!(u64).range(0..=domei_limits::DRAWS.max))]
    pub draws: u64,
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = DistArg::Triangular)]
    pub dist: DistArg,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Fit the headline, the ranges and the ensemble on this table instead
    /// of cross-validating.
    #[arg(long, value_name = "FILE")]
    pub fit: Option<PathBuf>,
    /// Outer folds of the nested cross-validation (by dossier) when --fit
    /// is not given.
    #[arg(long, default_value_t = 10, value_parser = crate::limits::folds)]
    pub folds: usize,
    /// Inner folds (choice of the headline's specification, out-of-fold
    /// residuals for the ranges).
    #[arg(long, default_value_t = 5, value_parser = crate::limits::folds)]
    pub inner_folds: usize,
    /// The order in which dossiers are dealt into folds: 0 (the default)
    /// sorted by dossier id, any other value a fixed pseudo-random order
    /// (repeat the cross-validation on other splits).
    #[arg(long, default_value_t = 0)]
    pub fold_seed: u64,
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    #[arg(long, value_parser = crate::limits::threads_flag)]
    pub threads: Option<usize>,
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    if a.folds < 2 || a.inner_folds < 2 {
        return Err(CliError::Usage(
            "--folds and --inner-folds must be at least 2".into(),
        ));
    }
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
        opts: a.exchange.apply(Options {
            rounds: a.rounds,
            ..Options::default()
        }),
        mc: mc.transpose()?,
        folds: a.folds,
        inner_folds: a.inner_folds,
        fold_seed: a.fold_seed,
    };
    crate::limits::check_forecasts(&test, &bt.models, &bt.opts)?;
    // The exchange model is also scored under its other reading, reported
    // as `exchange-<reading>` after `exchange` (not in the ensemble): only
    // the exchange model runs again. The two backtests run side by side on
    // the same threads (each is deterministic, so the order of work does
    // not matter), so neither's serial parts leave a core idle.
    let alt = bt.models.contains(&ModelId::Exchange).then(|| {
        let other = match bt.opts.exchange_reading {
            ExchangeReading::Decide => ExchangeReading::Continuous,
            ExchangeReading::Continuous => ExchangeReading::Decide,
        };
        let alt = BacktestOptions {
            models: vec![ModelId::Exchange],
            opts: Options {
                exchange_reading: other,
                ..bt.opts.clone()
            },
            ..bt.clone()
        };
        (other, alt)
    });
    // One bar over both backtests' runs of the models (groups of issues ×
    // draws, nearly all the time; the cross-validation follows in moments).
    let total = backtest_units(&test, fit.as_ref(), &bt)
        + alt
            .as_ref()
            .map_or(0, |(_, alt)| backtest_units(&test, fit.as_ref(), alt));
    let bar = crate::progress::Progress::counted("backtest: model runs", total);
    let report = |d, t| bar.report_then(d, t, "backtest: cross-validation");
    let ticker = Ticker::new(total, &report);
    let (mut r, ra) = with_threads(a.threads, || {
        rayon::join(
            || backtest_ticking(&test, fit.as_ref(), &bt, &ticker),
            || {
                alt.as_ref().map(|(other, alt)| {
                    (*other, backtest_ticking(&test, fit.as_ref(), alt, &ticker))
                })
            },
        )
    })?;
    drop(bar); // erased before the output is printed
    if let (Some(k), Some((other, ra))) = (
        r.models
            .iter()
            .position(|m| m.model == ModelId::Exchange.as_str()),
        ra,
    ) {
        if let Some(mut m) = ra.models.into_iter().next() {
            m.model = format!("exchange-{other}");
            r.models.insert(k + 1, m);
        }
    }
    let source = a.deu3.display().to_string();
    let text = match a.format {
        Format::Json => crate::store::json(&domei_report::sim::backtest_json(&source, &r))?,
        Format::Table => domei_report::sim::backtest_table(&source, &r, crate::lang::get()),
        Format::Csv => domei_report::tables_csv::backtest_csv(&source, &r),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
