//! A weighted average of models, its weights fitted on data it is not
//! scored on.
//!
//! Weights are non-negative and sum to 1; they minimise the mean absolute
//! error on the fitting issues, found by exhaustive search over a grid on the
//! simplex (step 0.05 for up to five models, 0.1 beyond) — small enough to be
//! exact on this grid, and robust where a least-squares fit would chase
//! outliers. Ties go to the first weights in enumeration order, so fits are
//! deterministic.

use domei_calib::stack::grid;
use serde::Serialize;

/// An ensemble's weights, one per model in the models' order (non-negative, summing to 1).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Weights(pub Vec<f64>);

impl Weights {
    /// The weighted sum of `xs`, one forecast per model in the weights' order.
    pub fn apply(&self, xs: &[f64]) -> f64 {
        self.0.iter().zip(xs).map(|(w, x)| w * x).sum()
    }
}

/// Fits weights on `rows` (each: the models' forecasts) against `truth`.
/// Returns `None` when there are no rows or no models.
pub fn fit(rows: &[Vec<f64>], truth: &[f64]) -> Option<Weights> {
    let k = rows.first()?.len();
    if k == 0 || rows.len() != truth.len() {
        return None;
    }
    let steps = if k <= 5 { 20 } else { 10 };
    let mut best: Option<(f64, Vec<u32>)> = None;
    let mut w = Weights(Vec::with_capacity(k));
    for g in grid(k, steps) {
        w.0.clear();
        w.0.extend(g.iter().map(|&x| x as f64 / steps as f64));
        // As `sum()` (a fold from -0.0), stopped once the error cannot be
        // below the best's by 1e-12 any more: it only grows (every term is
        // >= 0, or NaN, which is never taken either), so the weights taken
        // are those of the full sums.
        let bar = best.as_ref().map_or(f64::INFINITY, |(e, _)| *e - 1e-12);
        let mut err = -0.0;
        for (r, t) in rows.iter().zip(truth) {
            err += (w.apply(r) - t).abs();
            if err >= bar {
                break;
            }
        }
        if best.is_none() || err < bar {
            best = Some((err, g));
        }
    }
    best.map(|(_, g)| Weights(g.iter().map(|&x| x as f64 / steps as f64).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_covers_the_simplex() {
        assert_eq!(grid(3, 20).len(), 231); // C(22, 2)
        assert!(grid(3, 20).iter().all(|g| g.iter().sum::<u32>() == 20));
        assert_eq!(grid(1, 20), vec![vec![20]]);
    }

    #[test]
    fn finds_the_model_that_is_right() {
        // Model 1 is exact, model 0 is off by 10.
        let truth = [10.0, 20.0, 30.0, 40.0];
        let rows: Vec<Vec<f64>> = truth.iter().map(|t| vec![t + 10.0, *t]).collect();
        assert_eq!(fit(&rows, &truth), Some(Weights(vec![0.0, 1.0])));
    }

    #[test]
    fn mixes_models_biased_in_opposite_directions() {
        let truth = [10.0, 20.0, 30.0];
        let rows: Vec<Vec<f64>> = truth.iter().map(|t| vec![t - 4.0, t + 4.0]).collect();
        assert_eq!(fit(&rows, &truth), Some(Weights(vec![0.5, 0.5])));
    }
}
