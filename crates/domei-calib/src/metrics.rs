//! Summaries of scored forecasts: error, coverage, width, interval score,
//! CRPS, the PIT histogram and the reliability table.

use crate::cv::{Eval, RELIABILITY_LEVELS};
use crate::score::interval_score;
use crate::Level;
use serde::{Deserialize, Serialize};

/// Scores of a set of forecasts (on 0–100 for DEU III).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Number of forecasts scored.
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Median absolute error.
    pub median_ae: f64,
    /// Share of outcomes inside the 50% range.
    pub coverage50: f64,
    /// Share of outcomes inside the 80% range.
    pub coverage80: f64,
    /// Share of outcomes inside the 95% range.
    pub coverage95: f64,
    /// Mean width of the 80% range.
    pub width80: f64,
    /// Mean Winkler score of the 80% range.
    pub interval_score80: f64,
    /// Mean continuous ranked probability score.
    pub crps: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * 0.5;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// The scores of `evals`; `None` when there are none.
pub fn scores(evals: &[&Eval]) -> Option<Scores> {
    let n = evals.len();
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let ae: Vec<f64> = evals
        .iter()
        .map(|e| (e.pred.value - e.outcome).abs())
        .collect();
    let cov = |l: Level| {
        evals
            .iter()
            .filter(|e| e.pred.intervals.contains(l, e.outcome))
            .count() as f64
            / nf
    };
    let mean = |f: &dyn Fn(&Eval) -> f64| evals.iter().map(|e| f(e)).sum::<f64>() / nf;
    Some(Scores {
        n,
        mae: ae.iter().sum::<f64>() / nf,
        rmse: (ae.iter().map(|e| e * e).sum::<f64>() / nf).sqrt(),
        median_ae: median(ae),
        coverage50: cov(Level::P50),
        coverage80: cov(Level::P80),
        coverage95: cov(Level::P95),
        width80: mean(&|e| e.pred.intervals.p80.1 - e.pred.intervals.p80.0),
        interval_score80: mean(&|e| {
            let (lo, hi) = e.pred.intervals.p80;
            interval_score(lo, hi, e.outcome, 0.2)
        }),
        crps: mean(&|e| e.crps),
    })
}

/// Counts of the PIT values in `bins` equal bins of [0, 1].
pub fn pit_histogram(evals: &[&Eval], bins: usize) -> Vec<u64> {
    let mut h = vec![0u64; bins.max(1)];
    let b = h.len();
    for e in evals {
        if e.pit.is_finite() {
            h[((e.pit * b as f64) as usize).min(b - 1)] += 1;
        }
    }
    h
}

/// One row of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    /// Nominal coverage of the central range.
    pub level: f64,
    /// Share of outcomes inside it.
    pub coverage: f64,
}

/// Observed coverage at each of [`RELIABILITY_LEVELS`].
pub fn reliability(evals: &[&Eval]) -> Vec<Reliability> {
    RELIABILITY_LEVELS
        .iter()
        .enumerate()
        .map(|(k, &level)| Reliability {
            level,
            coverage: if evals.is_empty() {
                f64::NAN
            } else {
                evals.iter().filter(|e| e.covered[k]).count() as f64 / evals.len() as f64
            },
        })
        .collect()
}
