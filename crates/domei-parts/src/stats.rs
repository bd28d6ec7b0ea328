//! Summaries of Monte Carlo draws.

use serde::Serialize;

/// Mean, spread and percentiles of a set of draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Interval {
    /// Mean of the draws.
    pub mean: f64,
    /// Standard deviation of the draws.
    pub sd: f64,
    /// Standard error of the mean (`sd / √n`).
    pub se: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median (50th percentile).
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Interval {
    /// Summary of `xs` (sorted in place); `None` when empty. Percentiles
    /// interpolate linearly between order statistics.
    pub fn of(xs: &mut [f64]) -> Option<Interval> {
        if xs.is_empty() {
            return None;
        }
        xs.sort_by(f64::total_cmp);
        let n = xs.len() as f64;
        let q = |p: f64| {
            let h = p * (xs.len() - 1) as f64;
            let (i, f) = (h.floor() as usize, h - h.floor());
            let j = (i + 1).min(xs.len() - 1);
            xs[i] + f * (xs[j] - xs[i])
        };
        let mean = xs.iter().sum::<f64>() / n;
        let var = if xs.len() > 1 {
            xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        let sd = var.sqrt();
        Some(Interval {
            mean,
            sd,
            se: sd / n.sqrt(),
            p10: q(0.1),
            p50: q(0.5),
            p90: q(0.9),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_grid() {
        let mut xs: Vec<f64> = (0..=100).rev().map(f64::from).collect();
        let iv = Interval::of(&mut xs).unwrap();
        assert_eq!((iv.p10, iv.p50, iv.p90, iv.mean), (10.0, 50.0, 90.0, 50.0));
        assert!(Interval::of(&mut []).is_none());
        let one = Interval::of(&mut [3.0]).unwrap();
        assert_eq!((one.sd, one.se, one.p90), (0.0, 0.0, 3.0));
    }
}
