//! Conformal ranges: a [`Conformal`] maker (an error scale and the sorted
//! out-of-fold scores |error|/σ it was fitted with) turns a point forecast
//! into a [`Pred`] with its 50, 80 and 95% ranges and scores it against an
//! outcome ([`Eval`]); [`super::fit`] fits one for the headline and one per
//! model, with each fold's scale fitted on the others.

use crate::features::IssueInput;
use crate::scale::{self, conformal_quantile_sorted, Scale};
use crate::score;
use crate::{Intervals, Level};

/// Nominal levels of the reliability table.
pub const RELIABILITY_LEVELS: [f64; 10] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/// A conformal range maker: a scale and the sorted scores it was fitted
/// with.
#[derive(Debug, Clone, PartialEq)]
pub struct Conformal {
    /// The error scale σ.
    pub scale: Scale,
    /// The scores |error|/σ of the fitting issues, ascending.
    pub scores: Vec<f64>,
}

/// A forecast with its ranges on 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct Pred {
    /// The point forecast.
    pub value: f64,
    /// Its error scale σ.
    pub sigma: f64,
    /// Its 50, 80 and 95% ranges.
    pub intervals: Intervals,
}

/// How a forecast fared against its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Eval {
    /// The forecast.
    pub pred: Pred,
    /// The outcome, on 0–100.
    pub outcome: f64,
    /// Continuous ranked probability score (lower is better).
    pub crps: f64,
    /// Probability integral transform: the predictive distribution's CDF at the outcome.
    pub pit: f64,
    /// Whether the outcome is inside the range of each of
    /// [`RELIABILITY_LEVELS`].
    pub covered: Vec<bool>,
}

/// `point ± q·sigma` clipped to the scale.
pub fn range(point: f64, sigma: f64, q: f64) -> (f64, f64) {
    let h = q * sigma;
    ((point - h).clamp(0.0, 100.0), (point + h).clamp(0.0, 100.0))
}

/// The three ranges from the quantiles `q` (50, 80, 95).
pub fn intervals(point: f64, sigma: f64, q: [f64; 3]) -> Intervals {
    Intervals {
        p50: range(point, sigma, q[0]),
        p80: range(point, sigma, q[1]),
        p95: range(point, sigma, q[2]),
    }
}

impl Conformal {
    /// The conformal quantiles at 50, 80 and 95%.
    pub fn quantiles(&self) -> [f64; 3] {
        Level::ALL.map(|l| conformal_quantile_sorted(&self.scores, l.prob()))
    }

    /// The forecast `point` with ranges, for an issue with features `x` and
    /// input-uncertainty band `band`.
    pub fn predict(&self, point: f64, x: &IssueInput, band: f64) -> Pred {
        let sigma = self.scale.sigma(x, band);
        Pred {
            value: point,
            sigma,
            intervals: intervals(point, sigma, self.quantiles()),
        }
    }

    /// Scores `pred` against the outcome `y`.
    pub fn evaluate(&self, pred: Pred, y: f64) -> Eval {
        let z = score::predictive_sample(pred.value, pred.sigma, &self.scores);
        let covered = RELIABILITY_LEVELS
            .iter()
            .map(|&l| {
                let (lo, hi) = range(
                    pred.value,
                    pred.sigma,
                    conformal_quantile_sorted(&self.scores, l),
                );
                lo <= y && y <= hi
            })
            .collect();
        Eval {
            crps: score::crps_sorted(&z, y),
            pit: score::pit_sorted(&z, y),
            covered,
            pred,
            outcome: y,
        }
    }
}

pub(super) fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v
}

/// Conformal scores of `resid` (input, |residual|, band) with the scale of
/// each fold fitted on the others; the returned scale is fitted on all.
pub(super) fn conformal(rows: &[(&IssueInput, f64, f64)], fold: &[usize], k: usize) -> Conformal {
    let all: Vec<(&IssueInput, f64)> = rows.iter().map(|(x, r, _)| (*x, *r)).collect();
    let mut scores = Vec::with_capacity(rows.len());
    for f in 0..k {
        let train: Vec<(&IssueInput, f64)> = all
            .iter()
            .zip(fold)
            .filter(|(_, &g)| g != f)
            .map(|(r, _)| *r)
            .collect();
        if train.is_empty() {
            continue;
        }
        let sc = scale::fit(&train);
        scores.extend(
            rows.iter()
                .zip(fold)
                .filter(|(_, &g)| g == f)
                .map(|((x, r, b), _)| r / sc.sigma(x, *b)),
        );
    }
    Conformal {
        scale: scale::fit(&all),
        scores: sorted(scores),
    }
}

/// The plain-conformal baseline's conformal maker: scale 1, the raw
/// absolute errors as scores.
pub fn plain_conformal(plain: &[f64]) -> Conformal {
    Conformal {
        scale: Scale {
            base: 1.0,
            disagreement: 0.0,
            dispersion: 0.0,
        },
        scores: plain.to_vec(),
    }
}
