//! Streaming statistics with flat memory: counts, moments, extremes and a
//! fine fixed-bin histogram over the scale, from which percentiles
//! are read to within (max − min) / [`FINE_BINS`] of the scale.
//!
//! Accumulators merge exactly (integer counts) or in a fixed order (sums), so
//! results do not depend on how draws were split across threads.

use serde::Serialize;

/// Resolution of the percentile histogram.
pub const FINE_BINS: usize = 2000;

/// Running statistics of one model's forecasts on one issue: moments, extremes, failures and a fine histogram for the percentiles; accumulators of several threads merge.
#[derive(Debug, Clone)]
pub struct Acc {
    lo: f64,
    hi: f64,
    n: u64,
    failed: u64,
    sum: f64,
    sumsq: f64,
    min: f64,
    max: f64,
    fine: Vec<u32>,
}

impl Acc {
    /// An empty accumulator for forecasts on the scale `[lo, hi]`.
    pub fn new(lo: f64, hi: f64) -> Acc {
        Acc {
            lo,
            hi,
            n: 0,
            failed: 0,
            sum: 0.0,
            sumsq: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            fine: vec![0; FINE_BINS],
        }
    }

    fn bin(&self, x: f64) -> usize {
        let t = (x - self.lo) / (self.hi - self.lo);
        ((t * FINE_BINS as f64) as isize).clamp(0, FINE_BINS as isize - 1) as usize
    }

    /// Adds one forecast; a non-finite value counts as a failure.
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            self.failed += 1;
            return;
        }
        self.n += 1;
        self.sum += x;
        self.sumsq += x * x;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        let b = self.bin(x);
        self.fine[b] += 1;
    }

    /// Counts a draw where the model could not run.
    pub fn fail(&mut self) {
        self.failed += 1;
    }

    /// Adds another accumulator's draws (same scale) to this one.
    pub fn merge(&mut self, o: &Acc) {
        self.n += o.n;
        self.failed += o.failed;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        for (a, b) in self.fine.iter_mut().zip(&o.fine) {
            *a += b;
        }
    }

    /// The `q` quantile (0..=1), interpolated within its fine bin and
    /// clamped to the observed extremes.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let target = q.clamp(0.0, 1.0) * self.n as f64;
        let width = (self.hi - self.lo) / FINE_BINS as f64;
        let mut cum = 0.0;
        for (i, &c) in self.fine.iter().enumerate() {
            let c = c as f64;
            if c > 0.0 && cum + c >= target {
                let frac = ((target - cum) / c).clamp(0.0, 1.0);
                let x = self.lo + (i as f64 + frac) * width;
                return Some(x.clamp(self.min, self.max));
            }
            cum += c;
        }
        Some(self.max)
    }

    /// The distribution so far, with a histogram of `bins` equal bars over the scale.
    pub fn summary(&self, bins: usize) -> Summary {
        let n = self.n;
        let mean = (n > 0).then(|| self.sum / n as f64);
        // A constant sample has sd 0 exactly; the moment formula would leave rounding noise.
        let sd = mean.map(|m| {
            if self.min == self.max {
                0.0
            } else {
                (self.sumsq / n as f64 - m * m).max(0.0).sqrt()
            }
        });
        let bins = bins.clamp(1, FINE_BINS);
        let mut histogram = Vec::with_capacity(bins);
        let width = (self.hi - self.lo) / bins as f64;
        for b in 0..bins {
            let (from, to) = (b * FINE_BINS / bins, (b + 1) * FINE_BINS / bins);
            histogram.push(Bin {
                lo: self.lo + b as f64 * width,
                hi: self.lo + (b + 1) as f64 * width,
                count: self.fine[from..to].iter().map(|&c| c as u64).sum(),
            });
        }
        Summary {
            n,
            failed: self.failed,
            mean,
            sd,
            min: (n > 0).then_some(self.min),
            max: (n > 0).then_some(self.max),
            p10: self.quantile(0.10),
            p50: self.quantile(0.50),
            p90: self.quantile(0.90),
            histogram,
        }
    }
}

/// One histogram bar: draws with `lo <= x < hi` (the last bar includes `hi`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge, on the scale.
    pub lo: f64,
    /// Upper edge, on the scale.
    pub hi: f64,
    /// Number of draws in the bar.
    pub count: u64,
}

/// The distribution of one model's forecast on one issue over the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Draws that produced a forecast.
    pub n: u64,
    /// Draws where the model could not run (e.g. every drawn salience 0).
    pub failed: u64,
    /// Mean of the forecasts (`None`: no draw produced one, as for every statistic below).
    pub mean: Option<f64>,
    /// Standard deviation (of the population of draws).
    pub sd: Option<f64>,
    /// Smallest forecast.
    pub min: Option<f64>,
    /// Largest forecast.
    pub max: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// The median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// Equal bars over the scale (as many as asked of [`Acc::summary`]).
    pub histogram: Vec<Bin>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_uniform_grid() {
        let mut a = Acc::new(0.0, 100.0);
        for k in 0..10_000 {
            a.push(k as f64 / 100.0);
        }
        let s = a.summary(10);
        assert!((s.p10.unwrap() - 10.0).abs() < 0.06, "{:?}", s.p10);
        assert!((s.p50.unwrap() - 50.0).abs() < 0.06);
        assert!((s.p90.unwrap() - 90.0).abs() < 0.06);
        assert_eq!(s.histogram.iter().map(|b| b.count).sum::<u64>(), 10_000);
        assert_eq!(s.histogram[0].count, 1000);
        assert!((s.mean.unwrap() - 49.995).abs() < 1e-9);
    }

    #[test]
    fn merge_equals_pushing_everything() {
        let xs: Vec<f64> = (0..1000).map(|k| ((k * 37) % 101) as f64).collect();
        let mut whole = Acc::new(0.0, 100.0);
        xs.iter().for_each(|&x| whole.push(x));
        let mut a = Acc::new(0.0, 100.0);
        let mut b = Acc::new(0.0, 100.0);
        xs[..400].iter().for_each(|&x| a.push(x));
        xs[400..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.summary(20), whole.summary(20));
    }

    #[test]
    fn a_constant_gives_that_constant() {
        let mut a = Acc::new(0.0, 10.0);
        (0..50).for_each(|_| a.push(7.0));
        let s = a.summary(5);
        assert_eq!((s.p10, s.p50, s.p90), (Some(7.0), Some(7.0), Some(7.0)));
        assert_eq!(s.sd, Some(0.0));
    }
}
