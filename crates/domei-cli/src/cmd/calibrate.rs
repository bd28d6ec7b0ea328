//! `domei calibrate`: fit the headline forecast and its calibrated ranges
//! on a DEU III table and write the calibration file; and reading a
//! calibration file for `--calibration` (forecast, simulate).

use super::uncertainty::{with_threads, DistArg, PerturbArgs};
use crate::error::{CliError, CliResult};
use crate::output;
use domei_calib::Calibration;
use domei_engines::Options;
use domei_scenario::Requirements;
use domei_sim::calibrate::CalibrateOptions;
use domei_sim::McOptions;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// DEU III's attribution, written into every calibration fitted on it.
pub const DEU3_ATTRIBUTION: &str = "DEU III (Decision-making in the European Union): Arregui, J. & Perarnaud, C. (2022), doi:10.34810/data53";

#[derive(clap::Args)]
pub struct Args {
    /// DEU III table to fit on (issues with a recorded outcome).
    #[arg(long, value_name = "FILE")]
    pub deu3: PathBuf,
    /// Where to write the calibration (TOML).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The calibration's name [default: the output file's stem].
    #[arg(long)]
    pub name: Option<String>,
    /// The calibration's version (`NAME@VERSION` names it wherever used).
    #[arg(long = "cal-version", default_value_t = 1)]
    pub cal_version: u32,
    /// Monte Carlo draws per issue for the input-uncertainty bands. The
    /// default matches what a forecast of a DEU III-sized table can afford
    /// (see docs/cli.md), so the band is measured the same way where the
    /// calibration is fitted and where it is applied.
    #[arg(short = 'n', long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub draws: u64,
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = DistArg::Triangular)]
    pub dist: DistArg,
    #[command(flatten)]
    pub perturb: PerturbArgs,
    /// Outer folds of the nested cross-validation (by dossier).
    #[arg(long, default_value_t = 10)]
    pub folds: usize,
    /// Inner folds (choice of specification, out-of-fold residuals).
    #[arg(long, default_value_t = 5)]
    pub inner_folds: usize,
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub rounds: u32,
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run(a: Args) -> CliResult {
    if a.folds < 2 || a.inner_folds < 2 {
        return Err(CliError::Usage(
            "--folds and --inner-folds must be at least 2".into(),
        ));
    }
    let bytes = std::fs::read(&a.deu3)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", a.deu3.display())))?;
    let s = domei_scenario::load_with(&a.deu3, Requirements::default())?.scenario;
    let name = match &a.name {
        Some(n) => n.clone(),
        None => a
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "calibration".into()),
    };
    let co = CalibrateOptions {
        opts: Options {
            rounds: a.rounds,
            explain: false,
            ..Options::default()
        },
        mc: McOptions {
            draws: a.draws,
            seed: a.seed,
            dist: a.dist.into(),
            perturbation: a.perturb.get()?,
            bins: 20,
            keep_draws: false,
        },
        outer_folds: a.folds,
        inner_folds: a.inner_folds,
        name,
        version: a.cal_version,
        file: a
            .deu3
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        attribution: DEU3_ATTRIBUTION.into(),
    };
    let cal = with_threads(a.threads, || domei_sim::calibrate::calibrate(&s, &co))?
        .map_err(|e| CliError::Usage(format!("{}: {e}", a.deu3.display())))?;
    let text = cal
        .to_toml()
        .map_err(|e| CliError::Internal(format!("cannot encode the calibration: {e}")))?;
    output::write_atomic(&a.output, text.as_bytes())
        .map_err(|e| CliError::Internal(format!("cannot write {}: {e}", a.output.display())))?;
    let cv = &cal.cv;
    output::eprint(&format!(
        "wrote {} ({}): headline {} — cross-validated MAE {:.2} (compromise {:.2}), 80% coverage {:.3}, 80% interval score {:.2} (plain conformal {:.2})",
        a.output.display(),
        cal.id(),
        cal.headline.spec,
        cv.headline.mae,
        cv.models.get("compromise").map_or(f64::NAN, |m| m.mae),
        cv.headline.coverage80,
        cv.headline.interval_score80,
        cv.plain_conformal.interval_score80,
    ));
    Ok(ExitCode::SUCCESS)
}

/// The calibration of `--calibration FILE`, or the bundled one.
pub fn load(path: Option<&Path>) -> Result<Cow<'static, Calibration>, CliError> {
    let Some(p) = path else {
        return Ok(Cow::Borrowed(Calibration::bundled()));
    };
    let text = std::fs::read_to_string(p)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", p.display())))?;
    Calibration::from_toml(&text).map(Cow::Owned).map_err(|e| {
        CliError::Usage(format!(
            "{}: not a usable calibration file: {e}",
            p.display()
        ))
    })
}
