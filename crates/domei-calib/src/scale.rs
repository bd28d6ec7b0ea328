//! How large the error on an issue is expected to be, and the conformal
//! quantiles that turn it into ranges.
//!
//! σ = √(m² + b²), m = a₀ + a₁·D + a₂·P, where D is the models'
//! disagreement (highest minus lowest forecast), P the dispersion of the
//! positions (weighted standard deviation) and b half the width of the
//! forecast's input-uncertainty band, all on 0–100; σ ≥ 1. The aₖ ≥ 0 are
//! fitted by non-negative least squares of |residual| on (1, D, P) — every
//! subset of the three terms is solved and the best feasible fit kept.
//! The band enters as an independent error added in quadrature, so input
//! uncertainty always widens the range.
//!
//! Scores s = |r| / σ; the level-L quantile is the ⌈(n+1)L⌉-th smallest of
//! n scores (split conformal: coverage ≥ L for an exchangeable new issue),
//! infinite when that exceeds n (the range is then the whole scale).

use crate::features::IssueInput;
use serde::{Deserialize, Serialize};

/// The fitted coefficients of m (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// a₀: the error expected when the models agree and positions coincide.
    pub base: f64,
    /// a₁: the weight of the models' disagreement D.
    pub disagreement: f64,
    /// a₂: the weight of the positions' dispersion P.
    pub dispersion: f64,
}

/// Smallest σ on 0–100.
pub const MIN_SIGMA: f64 = 1.0;

impl Scale {
    /// m without its band term.
    pub fn model_error(&self, x: &IssueInput) -> f64 {
        self.base + self.disagreement * x.disagreement() + self.dispersion * x.dispersion
    }

    /// σ for an issue whose forecast has input-uncertainty band width
    /// `band` (0 when unknown).
    pub fn sigma(&self, x: &IssueInput, band: f64) -> f64 {
        let m = self.model_error(x);
        let b = band.max(0.0) / 2.0;
        (m * m + b * b).sqrt().max(MIN_SIGMA)
    }
}

fn terms(x: &IssueInput) -> [f64; 3] {
    [1.0, x.disagreement(), x.dispersion]
}

/// Solves the least squares of `y` on the columns `cols` of `xs`; `None`
/// when singular.
fn lstsq(xs: &[[f64; 3]], y: &[f64], cols: &[usize]) -> Option<Vec<f64>> {
    let k = cols.len();
    let mut a = vec![vec![0.0; k + 1]; k];
    for (row, &t) in xs.iter().zip(y) {
        for (i, &ci) in cols.iter().enumerate() {
            for (j, &cj) in cols.iter().enumerate() {
                a[i][j] += row[ci] * row[cj];
            }
            a[i][k] += row[ci] * t;
        }
    }
    // Gaussian elimination with partial pivoting.
    for c in 0..k {
        let p = (c..k).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-9 {
            return None;
        }
        a.swap(c, p);
        let pivot = a[c].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != c {
                let f = row[c] / pivot[c];
                for (x, p) in row.iter_mut().zip(&pivot).skip(c) {
                    *x -= f * p;
                }
            }
        }
    }
    Some((0..k).map(|i| a[i][k] / a[i][i]).collect())
}

/// Fits the scale to `rows` of (input, |residual|) on 0–100.
pub fn fit(rows: &[(&IssueInput, f64)]) -> Scale {
    let xs: Vec<[f64; 3]> = rows.iter().map(|(x, _)| terms(x)).collect();
    let y: Vec<f64> = rows.iter().map(|(_, r)| *r).collect();
    let mut best: Option<(f64, [f64; 3])> = None;
    for mask in 1u8..8 {
        let cols: Vec<usize> = (0..3).filter(|c| mask & (1 << c) != 0).collect();
        let Some(b) = lstsq(&xs, &y, &cols) else {
            continue;
        };
        if b.iter().any(|&v| v < 0.0 || !v.is_finite()) {
            continue;
        }
        let mut coef = [0.0; 3];
        for (&c, &v) in cols.iter().zip(&b) {
            coef[c] = v;
        }
        let sse: f64 = xs
            .iter()
            .zip(&y)
            .map(|(r, t)| (r[0] * coef[0] + r[1] * coef[1] + r[2] * coef[2] - t).powi(2))
            .sum();
        if best.as_ref().is_none_or(|(e, _)| sse < *e - 1e-9) {
            best = Some((sse, coef));
        }
    }
    let mean = if y.is_empty() {
        MIN_SIGMA
    } else {
        y.iter().sum::<f64>() / y.len() as f64
    };
    let coef = best.map_or([mean, 0.0, 0.0], |(_, c)| c);
    Scale {
        base: coef[0],
        disagreement: coef[1],
        dispersion: coef[2],
    }
}

/// The split-conformal quantile of level `level` of `scores` (any order):
/// the ⌈(n+1)·level⌉-th smallest, infinite when there are too few.
pub fn conformal_quantile(scores: &[f64], level: f64) -> f64 {
    let mut s: Vec<f64> = scores.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    conformal_quantile_sorted(&s, level)
}

/// As [`conformal_quantile`] on scores already sorted ascending.
pub fn conformal_quantile_sorted(sorted: &[f64], level: f64) -> f64 {
    let n = sorted.len();
    let k = ((n + 1) as f64 * level - 1e-9).ceil() as usize;
    if k == 0 {
        return 0.0;
    }
    sorted.get(k - 1).copied().unwrap_or(f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(d: f64, p: f64) -> IssueInput {
        let mut f = [None; 6];
        f[0] = Some(50.0);
        f[1] = Some(50.0 + d);
        IssueInput {
            forecasts: f,
            bands: [None; 6],
            status_quo: None,
            dispersion: p,
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn recovers_a_linear_scale_and_keeps_coefficients_non_negative() {
        let xs: Vec<IssueInput> = (0..20)
            .map(|k| input(k as f64, (k * 7 % 11) as f64))
            .collect();
        let rows: Vec<(&IssueInput, f64)> = xs
            .iter()
            .map(|x| (x, 2.0 + 0.5 * x.disagreement()))
            .collect();
        let s = fit(&rows);
        assert!((s.base - 2.0).abs() < 1e-6, "{s:?}");
        assert!((s.disagreement - 0.5).abs() < 1e-6);
        assert!(s.dispersion.abs() < 1e-6);
        // A negative slope is not allowed: the fit drops that term.
        let rows: Vec<(&IssueInput, f64)> =
            xs.iter().map(|x| (x, 30.0 - x.disagreement())).collect();
        let s = fit(&rows);
        assert!(s.disagreement >= 0.0 && s.dispersion >= 0.0 && s.base >= 0.0);
    }

    #[test]
    fn conformal_quantiles() {
        let s: Vec<f64> = (1..=9).map(f64::from).collect();
        assert_eq!(conformal_quantile(&s, 0.5), 5.0); // ceil(10 * 0.5) = 5
        assert_eq!(conformal_quantile(&s, 0.8), 8.0);
        assert_eq!(conformal_quantile(&s, 0.95), f64::INFINITY); // ceil(9.5) = 10 > 9
        assert_eq!(input(3.0, 1.0).disagreement(), 3.0);
        let sc = Scale {
            base: 3.0,
            disagreement: 0.0,
            dispersion: 0.0,
        };
        assert_eq!(sc.sigma(&input(0.0, 0.0), 8.0), 5.0);
    }
}
