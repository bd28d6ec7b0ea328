//! Proper scores of interval and distribution forecasts.
//!
//! - Interval (Winkler) score of a central (1 − α) range [l, u] for outcome
//!   y: (u − l) + (2/α)(l − y)·\[y < l\] + (2/α)(y − u)·\[y > u\] (Gneiting &
//!   Raftery 2007, eq. 43). Lower is better; it rewards narrow ranges and
//!   penalises misses in proportion to how far they miss.
//! - CRPS of the predictive distribution implied by a conformal forecast:
//!   the point ± σ·s for every fitting score s (both signs, equally likely),
//!   clipped to the scale — CRPS(F, y) = E|Z − y| − ½E|Z − Z′| (eq. 21),
//!   computed exactly on the sorted sample. Lower is better; for a point
//!   forecast it is the absolute error.
//! - PIT: F(y), the share of that distribution below the outcome (ties
//!   counted half); uniform when the distribution is calibrated.

/// Winkler score of the range `(lo, hi)` at miss rate `alpha`.
pub fn interval_score(lo: f64, hi: f64, y: f64, alpha: f64) -> f64 {
    let mut s = hi - lo;
    if y < lo {
        s += 2.0 / alpha * (lo - y);
    }
    if y > hi {
        s += 2.0 / alpha * (y - hi);
    }
    s
}

/// The sample of the predictive distribution (sorted): `point ± sigma·s`
/// for every score `s`, clipped to [0, 100].
pub fn predictive_sample(point: f64, sigma: f64, scores: &[f64]) -> Vec<f64> {
    let mut z: Vec<f64> = scores
        .iter()
        .filter(|s| s.is_finite())
        .flat_map(|s| [point - sigma * s, point + sigma * s])
        .map(|v| v.clamp(0.0, 100.0))
        .collect();
    z.sort_by(f64::total_cmp);
    z
}

/// CRPS of the empirical distribution `sorted` (ascending) for outcome `y`.
pub fn crps_sorted(sorted: &[f64], y: f64) -> f64 {
    let m = sorted.len();
    if m == 0 {
        return f64::NAN;
    }
    let mf = m as f64;
    let e1 = sorted.iter().map(|z| (z - y).abs()).sum::<f64>() / mf;
    // E|Z - Z'| = 2/m² Σ_k (2k - m - 1) z_(k), k = 1..m.
    let e2 = sorted
        .iter()
        .enumerate()
        .map(|(k, z)| (2.0 * (k + 1) as f64 - mf - 1.0) * z)
        .sum::<f64>()
        * 2.0
        / (mf * mf);
    e1 - 0.5 * e2
}

/// PIT of `y` under the empirical distribution `sorted`.
pub fn pit_sorted(sorted: &[f64], y: f64) -> f64 {
    let m = sorted.len();
    if m == 0 {
        return f64::NAN;
    }
    let below = sorted.partition_point(|&z| z < y);
    let upto = sorted.partition_point(|&z| z <= y);
    (below as f64 + 0.5 * (upto - below) as f64) / m as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winkler() {
        assert_eq!(interval_score(10.0, 20.0, 15.0, 0.2), 10.0);
        assert_eq!(interval_score(10.0, 20.0, 5.0, 0.2), 10.0 + 10.0 * 5.0);
        assert_eq!(interval_score(10.0, 20.0, 21.0, 0.2), 20.0);
    }

    #[test]
    fn crps_of_a_point_is_the_absolute_error_and_matches_brute_force() {
        assert_eq!(crps_sorted(&[3.0], 5.0), 2.0);
        let z = predictive_sample(50.0, 2.0, &[0.5, 1.0, 3.0, 30.0]);
        assert_eq!(z.first(), Some(&0.0));
        assert_eq!(z.last(), Some(&100.0));
        let y = 47.0;
        let m = z.len() as f64;
        let e1: f64 = z.iter().map(|a| (a - y).abs()).sum::<f64>() / m;
        let e2: f64 = z
            .iter()
            .flat_map(|a| z.iter().map(move |b| (a - b).abs()))
            .sum::<f64>()
            / (m * m);
        assert!((crps_sorted(&z, y) - (e1 - 0.5 * e2)).abs() < 1e-9);
        assert_eq!(pit_sorted(&z, 50.0), 0.5);
        assert_eq!(pit_sorted(&z, -1.0), 0.0);
    }
}
