//! Backtests on recorded decisions (the DEU III table): how far each
//! model's forecast and the headline land from the outcome, and how well
//! their ranges hold.
//!
//! - Errors are on the issue's scale normalised to 0–100 (DEU III's own):
//!   mean absolute error, root mean squared error, median absolute error,
//!   over the issues with a recorded outcome on which the model runs.
//! - **Calibrated ranges** (`coverage50/80/95`, `width80`,
//!   `interval_score80`, `crps`, the PIT histogram and the reliability
//!   table) come from [`domei_calib`]: the headline and every model's
//!   50/80/95% ranges, fitted either on another file (`fit`) or by nested
//!   dossier-grouped cross-validation (`folds` outer folds scored,
//!   `inner_folds` inside each training set); no issue is scored by
//!   anything fitted on its dossier. The `plain_conformal` row is the
//!   baseline: one quantile of |outcome − compromise| added to every
//!   compromise forecast.
//! - The **input-uncertainty band** of a model on an issue is [p10, p90] of
//!   its forecasts over the Monte Carlo draws (inputs drawn as in
//!   [`crate::sample`]: point values perturbed, since DEU III records no
//!   ranges); `input_band_coverage80` is the share of outcomes inside it
//!   (it measures only input uncertainty, not model error, and is not an
//!   80% interval). Percentiles are exact (linear interpolation between
//!   order statistics of the kept draws).
//! - The `ensemble` averages the models that run on every scored issue with
//!   weights from [`crate::ensemble`] (fitted on `fit`, or cross-validated
//!   by dossier); kept for comparison, superseded by the headline.
//! - `status_quo` is the reference point as a forecast (the naive baseline).

use crate::ensemble::{self, Weights};
use crate::montecarlo::McOptions;
use domei_calib::cv::{self, Eval};
use domei_calib::features::to_unit;
use domei_calib::metrics::{self, Reliability};
use domei_calib::stack::Member;
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::prepare::{prepare_ticking, rows, units};
use crate::progress::Ticker;

/// How to backtest: the models, their options, Monte Carlo and the folds.
#[derive(Debug, Clone)]
pub struct BacktestOptions {
    /// The models to score, in report order.
    pub models: Vec<ModelId>,
    /// The models' options (rounds, BDM's `q`, …).
    pub opts: Options,
    /// Monte Carlo for the input-uncertainty bands; `None` leaves them out
    /// (the calibrated ranges then measure model error alone).
    pub mc: Option<McOptions>,
    /// Outer folds of the cross-validation when no fitting file is given.
    pub folds: usize,
    /// Inner folds (choice of specification, out-of-fold residuals).
    pub inner_folds: usize,
    /// The order in which dossiers are dealt into folds: 0 sorted, any
    /// other value a fixed pseudo-random order (`domei_calib::cv::folds_seeded`).
    pub fold_seed: u64,
}

/// Accuracy and calibration over a set of scored issues; errors on the 0–100 scale. `None` where no issue could be scored (or, for the ranges, the model has no calibration).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metrics {
    /// Issues scored (with a recorded outcome and a forecast).
    pub n: usize,
    /// Mean absolute error.
    pub mae: Option<f64>,
    /// Root mean squared error.
    pub rmse: Option<f64>,
    /// Median absolute error.
    pub median_ae: Option<f64>,
    /// Share of outcomes inside the calibrated 50/80/95% ranges.
    pub coverage50: Option<f64>,
    /// Share of outcomes inside the calibrated 80% range.
    pub coverage80: Option<f64>,
    /// Share of outcomes inside the calibrated 95% range.
    pub coverage95: Option<f64>,
    /// Mean width of the calibrated 80% range.
    pub width80: Option<f64>,
    /// Mean Winkler score of the 80% range (lower is better).
    pub interval_score80: Option<f64>,
    /// Mean CRPS of the calibrated predictive distribution.
    pub crps: Option<f64>,
    /// Share of outcomes inside the input-uncertainty band (p10–p90 over
    /// the Monte Carlo draws); null without Monte Carlo. Not an interval.
    pub input_band_coverage: Option<f64>,
    /// Mean width of the input-uncertainty band.
    pub input_band_width: Option<f64>,
}

/// One row of the backtest: a model, the headline, the ensemble or a baseline.
#[derive(Debug, Clone, Serialize)]
pub struct ModelReport {
    /// The row's name: a model id, `headline`, `ensemble`, `plain_conformal` or `status_quo`.
    pub model: String,
    /// Over every scored issue.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Counts of the PIT values in ten equal bins of [0, 1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pit_histogram: Option<Vec<u64>>,
    /// Observed coverage of the central ranges at nominal levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Vec<Reliability>>,
    /// Per decision procedure (the issues' `procedure` attribute).
    pub by_procedure: BTreeMap<String, Metrics>,
    /// Per voting rule (the issues' `voting_rule` attribute).
    pub by_voting_rule: BTreeMap<String, Metrics>,
}

/// How the ensemble's weights were fitted.
#[derive(Debug, Clone, Serialize)]
pub struct EnsembleInfo {
    /// Models averaged, in the order of `weights`.
    pub models: Vec<ModelId>,
    /// Weights used (with cross-validation: their mean over folds).
    pub weights: Vec<f64>,
    /// `"fit-file"` or `"cross-validation"`.
    pub method: &'static str,
    /// Number of folds with cross-validation (`None`: fitted on a file).
    pub folds: Option<usize>,
    /// Models left out because they cannot run on every scored issue.
    pub excluded: Vec<ModelId>,
}

/// How the headline and the ranges were fitted.
#[derive(Debug, Clone, Serialize)]
pub struct HeadlineInfo {
    /// `"nested-cross-validation"` or `"fit-file"`.
    pub method: &'static str,
    /// Outer folds (scored; `None`: fitted on a file).
    pub outer_folds: Option<usize>,
    /// Inner folds inside each training set.
    pub inner_folds: usize,
    /// The specification chosen (per outer fold with cross-validation).
    pub chosen: Vec<String>,
    /// The fitted members and weights (fit file only: with
    /// cross-validation each fold has its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<Member>>,
    /// The fitted weights, in the order of `members` (fit file only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
}

/// The result of a backtest: one report per row, and how the headline and the ensemble were fitted.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestReport {
    /// Issues in the tested scenario.
    pub issues: usize,
    /// Issues with a recorded outcome, the ones scored.
    pub scored: usize,
    /// Monte Carlo draws per issue (0 without Monte Carlo).
    pub draws: u64,
    /// One report per row, in this order: each model, `headline`, `plain_conformal`, `ensemble` (when fitted) and `status_quo`.
    pub models: Vec<ModelReport>,
    /// How the headline and its ranges were fitted.
    pub headline: Option<HeadlineInfo>,
    /// The weighted ensemble (`None` when no model runs on every scored issue).
    pub ensemble: Option<EnsembleInfo>,
}

/// One scored forecast on 0–100: its value, its calibrated evaluation
/// (when it has ranges) and its input-uncertainty band.
#[derive(Clone)]
struct Scored {
    value: f64,
    eval: Option<Eval>,
    band: Option<(f64, f64)>,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn metrics(rows: &[(Scored, f64)]) -> Metrics {
    let n = rows.len();
    let mut m = Metrics {
        n,
        mae: None,
        rmse: None,
        median_ae: None,
        coverage50: None,
        coverage80: None,
        coverage95: None,
        width80: None,
        interval_score80: None,
        crps: None,
        input_band_coverage: None,
        input_band_width: None,
    };
    if n == 0 {
        return m;
    }
    let mut ae: Vec<f64> = rows.iter().map(|(p, t)| (p.value - t).abs()).collect();
    m.mae = Some(ae.iter().sum::<f64>() / n as f64);
    m.rmse = Some((ae.iter().map(|e| e * e).sum::<f64>() / n as f64).sqrt());
    ae.sort_by(f64::total_cmp);
    m.median_ae = Some(quantile(&ae, 0.5));
    let evals: Vec<&Eval> = rows.iter().filter_map(|(p, _)| p.eval.as_ref()).collect();
    if evals.len() == n {
        if let Some(sc) = metrics::scores(&evals) {
            m.coverage50 = Some(sc.coverage50);
            m.coverage80 = Some(sc.coverage80);
            m.coverage95 = Some(sc.coverage95);
            m.width80 = Some(sc.width80);
            m.interval_score80 = Some(sc.interval_score80);
            m.crps = Some(sc.crps);
        }
    }
    let with: Vec<(f64, f64, f64)> = rows
        .iter()
        .filter_map(|(p, t)| p.band.map(|(lo, hi)| (lo, hi, *t)))
        .collect();
    if with.len() == n {
        let inside = with
            .iter()
            .filter(|(lo, hi, t)| *t >= *lo - 1e-9 && *t <= *hi + 1e-9)
            .count();
        m.input_band_coverage = Some(inside as f64 / n as f64);
        m.input_band_width = Some(with.iter().map(|(lo, hi, _)| hi - lo).sum::<f64>() / n as f64);
    }
    m
}

fn report(name: &str, s: &Scenario, truth: &[f64], rows: &[(usize, Scored)]) -> ModelReport {
    let all: Vec<(Scored, f64)> = rows.iter().map(|(i, p)| (p.clone(), truth[*i])).collect();
    let by = |key: &str| {
        let mut groups: BTreeMap<String, Vec<(Scored, f64)>> = BTreeMap::new();
        for (i, p) in rows {
            let k = s.issues[*i]
                .meta
                .get(key)
                .cloned()
                .unwrap_or_else(|| "(none)".into());
            groups.entry(k).or_default().push((p.clone(), truth[*i]));
        }
        groups.into_iter().map(|(k, v)| (k, metrics(&v))).collect()
    };
    let evals: Vec<&Eval> = rows.iter().filter_map(|(_, p)| p.eval.as_ref()).collect();
    let calibrated = !evals.is_empty() && evals.len() == rows.len();
    ModelReport {
        model: name.to_string(),
        metrics: metrics(&all),
        pit_histogram: calibrated.then(|| metrics::pit_histogram(&evals, 10)),
        reliability: calibrated.then(|| metrics::reliability(&evals)),
        by_procedure: by("procedure"),
        by_voting_rule: by("voting_rule"),
    }
}

/// Runs the backtest of `test`; `fit`, when given, is where the headline,
/// the ranges and the ensemble are fitted (otherwise: cross-validation).
pub fn backtest(test: &Scenario, fit: Option<&Scenario>, bt: &BacktestOptions) -> BacktestReport {
    backtest_ticking(test, fit, bt, &Ticker::silent())
}

/// The units of work [`backtest_ticking`] adds to its ticker: the models'
/// runs on `test` and on `fit` ([`crate::prepare::units`]), which take
/// nearly all of a backtest's time.
pub fn backtest_units(test: &Scenario, fit: Option<&Scenario>, bt: &BacktestOptions) -> u64 {
    let mc = bt.mc.as_ref();
    units(test, mc) + fit.map_or(0, |f| units(f, mc))
}

/// [`backtest`], adding [`backtest_units`] to `ticker` as the work is done.
pub fn backtest_ticking(
    test: &Scenario,
    fit: Option<&Scenario>,
    bt: &BacktestOptions,
    ticker: &Ticker,
) -> BacktestReport {
    let models = &bt.models;
    let prep = prepare_ticking(test, models, &bt.opts, bt.mc.as_ref(), ticker);
    let pts = &prep.points;
    let (scored, rows) = rows(test, &prep);
    // Outcomes on 0–100 by issue (NaN where none).
    let mut truth = vec![f64::NAN; test.issues.len()];
    for (&i, r) in scored.iter().zip(&rows) {
        truth[i] = r.outcome;
    }
    let unit = |i: usize, v: f64| to_unit(v, test.issues[i].min, test.issues[i].max);

    // The headline and the calibrated ranges.
    let fit_prep = fit.map(|f| prepare_ticking(f, models, &bt.opts, bt.mc.as_ref(), ticker));
    let (forecasts, headline): (Vec<cv::Forecast>, HeadlineInfo) = match (fit, &fit_prep) {
        (Some(f), Some(fp)) => {
            let (_, fit_rows) = self::rows(f, fp);
            let fitted = cv::fit_seeded(&fit_rows, bt.inner_folds, bt.fold_seed);
            (
                rows.iter().map(|r| fitted.forecast(r)).collect(),
                HeadlineInfo {
                    method: "fit-file",
                    outer_folds: None,
                    inner_folds: bt.inner_folds.max(2),
                    chosen: vec![fitted.spec.to_string()],
                    members: Some(fitted.stack.members.clone()),
                    weights: Some(fitted.stack.weights.clone()),
                },
            )
        }
        _ => {
            let c = cv::cross_validate_seeded(&rows, bt.folds, bt.inner_folds, bt.fold_seed);
            (
                c.forecasts,
                HeadlineInfo {
                    method: "nested-cross-validation",
                    outer_folds: Some(c.outer),
                    inner_folds: c.inner,
                    chosen: c.chosen.iter().map(|x| x.to_string()).collect(),
                    members: None,
                    weights: None,
                },
            )
        }
    };

    let mut reports = Vec::new();
    for (j, m) in models.iter().enumerate() {
        let k = domei_calib::features::model_index(*m);
        let rows: Vec<(usize, Scored)> = scored
            .iter()
            .zip(&forecasts)
            .filter_map(|(&i, f)| {
                pts[i][j].map(|v| {
                    (
                        i,
                        Scored {
                            value: unit(i, v),
                            eval: f.models[k].clone(),
                            band: prep.bands.get(i).and_then(|b| b[j]),
                        },
                    )
                })
            })
            .collect();
        reports.push(report(m.as_str(), test, &truth, &rows));
    }
    let pick = |g: &dyn Fn(&cv::Forecast) -> Option<Eval>| -> Vec<(usize, Scored)> {
        scored
            .iter()
            .zip(&forecasts)
            .filter_map(|(&i, f)| {
                let e = g(f)?;
                Some((
                    i,
                    Scored {
                        value: e.pred.value,
                        eval: Some(e),
                        band: None,
                    },
                ))
            })
            .collect()
    };
    reports.push(report(
        "headline",
        test,
        &truth,
        &pick(&|f| f.headline.clone()),
    ));
    reports.push(report(
        "plain_conformal",
        test,
        &truth,
        &pick(&|f| f.plain.clone()),
    ));

    // Ensemble over the models that run on every scored issue.
    let (members, excluded): (Vec<usize>, Vec<usize>) =
        (0..models.len()).partition(|&j| scored.iter().all(|&i| pts[i][j].is_some()));
    let mut ensemble = None;
    if members.len() >= 2 {
        let row = |p: &[Vec<Option<f64>>], i: usize| -> Vec<f64> {
            members
                .iter()
                .map(|&j| p[i][j].unwrap_or(f64::NAN))
                .collect()
        };
        let fit_rows =
            |s: &Scenario, p: &[Vec<Option<f64>>], idx: &[usize]| -> (Vec<Vec<f64>>, Vec<f64>) {
                let idx: Vec<usize> = idx
                    .iter()
                    .copied()
                    .filter(|&i| {
                        s.issues[i].outcome.is_some() && members.iter().all(|&j| p[i][j].is_some())
                    })
                    .collect();
                (
                    idx.iter().map(|&i| row(p, i)).collect(),
                    idx.iter()
                        .map(|&i| s.issues[i].outcome.unwrap_or(0.0))
                        .collect(),
                )
            };
        // Weights used for each scored issue.
        let mut used: Vec<(usize, Weights)> = Vec::new();
        let (method, folds) = match (fit, &fit_prep) {
            (Some(f), Some(fp)) => {
                let all: Vec<usize> = (0..f.issues.len()).collect();
                let (x, y) = fit_rows(f, &fp.points, &all);
                if let Some(w) = ensemble::fit(&x, &y) {
                    used = scored.iter().map(|&i| (i, w.clone())).collect();
                }
                ("fit-file", None)
            }
            _ => {
                let k = bt.folds.max(2);
                let fold = cv::folds_seeded(&rows, k, bt.fold_seed);
                for f in 0..k {
                    let train: Vec<usize> = scored
                        .iter()
                        .zip(&fold)
                        .filter(|(_, &g)| g != f)
                        .map(|(&i, _)| i)
                        .collect();
                    let (x, y) = fit_rows(test, pts, &train);
                    if let Some(w) = ensemble::fit(&x, &y) {
                        used.extend(
                            scored
                                .iter()
                                .zip(&fold)
                                .filter(|(_, &g)| g == f)
                                .map(|(&i, _)| (i, w.clone())),
                        );
                    }
                }
                used.sort_by_key(|(i, _)| *i);
                ("cross-validation", Some(k))
            }
        };
        if !used.is_empty() {
            let rows: Vec<(usize, Scored)> = used
                .iter()
                .map(|(i, w)| {
                    let value = unit(*i, w.apply(&row(pts, *i)));
                    (
                        *i,
                        Scored {
                            value,
                            eval: None,
                            band: None,
                        },
                    )
                })
                .collect();
            reports.push(report("ensemble", test, &truth, &rows));
            let k = members.len();
            let mean: Vec<f64> = (0..k)
                .map(|c| used.iter().map(|(_, w)| w.0[c]).sum::<f64>() / used.len() as f64)
                .collect();
            ensemble = Some(EnsembleInfo {
                models: members.iter().map(|&j| models[j]).collect(),
                weights: mean,
                method,
                folds,
                excluded: excluded.iter().map(|&j| models[j]).collect(),
            });
        }
    }

    // The reference point as a naive forecast.
    let sq: Vec<(usize, Scored)> = scored
        .iter()
        .filter_map(|&i| {
            test.issues[i].status_quo.as_ref().map(|v| {
                (
                    i,
                    Scored {
                        value: unit(i, v.value),
                        eval: None,
                        band: None,
                    },
                )
            })
        })
        .collect();
    reports.push(report("status_quo", test, &truth, &sq));

    BacktestReport {
        issues: test.issues.len(),
        scored: scored.len(),
        draws: bt.mc.as_ref().map_or(0, |m| m.draws),
        models: reports,
        headline: Some(headline),
        ensemble,
    }
}
