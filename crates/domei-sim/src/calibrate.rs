//! Fitting a calibration file on a table of recorded decisions: the nested
//! cross-validation's figures (what the calibration achieves on dossiers it
//! was not fitted on) and the fit on every issue (what ships).

use crate::backtest::{prepare, rows};
use crate::montecarlo::McOptions;
use crate::sample::Dist;
use domei_calib::calibration::{Cv, Data, MonteCarlo};
use domei_calib::cv::{self, Eval};
use domei_calib::features::model_index;
use domei_calib::metrics::{self, Scores};
use domei_calib::Calibration;
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;

/// How to calibrate.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    pub opts: Options,
    pub mc: McOptions,
    pub outer_folds: usize,
    pub inner_folds: usize,
    pub name: String,
    pub version: u32,
    /// The data file's name and SHA-256 (the caller reads the file).
    pub file: String,
    pub sha256: String,
    pub attribution: String,
}

/// Why a table cannot be calibrated on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    #[error("{0} issues with a recorded outcome: too few to calibrate on (at least 20 needed)")]
    TooFew(usize),
}

fn summary(evals: Vec<&Eval>) -> Option<Scores> {
    metrics::scores(&evals)
}

/// Fits the calibration of every model on `s`'s issues with an outcome.
pub fn calibrate(s: &Scenario, co: &CalibrateOptions) -> Result<Calibration, CalibrateError> {
    let models = ModelId::ALL;
    let prep = prepare(s, &models, &co.opts, Some(&co.mc));
    let (_, rows) = rows(s, &prep);
    if rows.len() < 20 {
        return Err(CalibrateError::TooFew(rows.len()));
    }
    let c = cv::cross_validate(&rows, co.outer_folds, co.inner_folds);
    let empty = Scores {
        n: 0,
        mae: f64::NAN,
        rmse: f64::NAN,
        median_ae: f64::NAN,
        coverage50: f64::NAN,
        coverage80: f64::NAN,
        coverage95: f64::NAN,
        width80: f64::NAN,
        interval_score80: f64::NAN,
        crps: f64::NAN,
    };
    let headline = summary(
        c.forecasts
            .iter()
            .filter_map(|f| f.headline.as_ref())
            .collect(),
    )
    .unwrap_or_else(|| empty.clone());
    let plain = summary(
        c.forecasts
            .iter()
            .filter_map(|f| f.plain.as_ref())
            .collect(),
    )
    .unwrap_or_else(|| empty.clone());
    let per_model = models
        .iter()
        .filter_map(|&m| {
            let k = model_index(m);
            let sc = summary(
                c.forecasts
                    .iter()
                    .filter_map(|f| f.models[k].as_ref())
                    .collect(),
            )?;
            Some((m.as_str().to_string(), sc))
        })
        .collect();
    let fitted = cv::fit(&rows, co.inner_folds);
    let mut dossiers: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    dossiers.sort_unstable();
    dossiers.dedup();
    Ok(Calibration::from_fit(
        &fitted,
        co.name.clone(),
        co.version,
        Data {
            file: co.file.clone(),
            sha256: co.sha256.clone(),
            issues: rows.len(),
            dossiers: dossiers.len(),
            attribution: co.attribution.clone(),
        },
        MonteCarlo {
            draws: co.mc.draws,
            seed: co.mc.seed,
            distribution: match co.mc.dist {
                Dist::Uniform => "uniform".into(),
                Dist::Triangular => "triangular".into(),
            },
            perturb_position: co.mc.perturbation.position,
            perturb_salience: co.mc.perturbation.salience,
            perturb_capability: co.mc.perturbation.capability,
            rounds: co.opts.rounds,
        },
        Cv {
            outer_folds: c.outer,
            inner_folds: c.inner,
            chosen: c.chosen.iter().map(|x| x.to_string()).collect(),
            headline,
            plain_conformal: plain,
            models: per_model,
        },
    ))
}
