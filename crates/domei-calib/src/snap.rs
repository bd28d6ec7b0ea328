//! Snapping the headline point to an alternative on the table.
//!
//! ```text
//!     A = the distinct positions of the actors with salience > 0, and the
//!         status quo when the issue has one (all on 0–100)
//!     a* = the element of A nearest the stack's point p (the lower on a tie)
//!
//!     ŷ = a*   if |a* − p| ≤ d
//!         p    otherwise
//! ```
//!
//! with one parameter, the distance d ≥ 0 (0: no snapping), fitted by the
//! lowest mean absolute error over the grid [`GRID`] (ties to the smaller d,
//! so fits are deterministic and snapping is kept only where it helps).
//!
//! Why: the absolute error is minimised by a median of the predictive
//! distribution (Gneiting, T. (2011), "Making and evaluating point
//! forecasts", *Journal of the American Statistical Association* 106(494),
//! 746–762). Negotiated outcomes are not spread evenly between the
//! positions: on the DEU III development table (Arregui & Perarnaud 2022,
//! doi:10.34810/data53) 170 of the 247 recorded outcomes (69%) are exactly
//! one of the actors' positions or the reference point, and 141 issues have
//! only two or three such alternatives. When the outcome distribution has
//! mass on the alternatives, its median sits on one of them whenever that
//! alternative is likely enough, and a weighted mean between two
//! alternatives — the compromise model's forecast on a two-sided issue — is
//! an outcome that rarely happens. Snapping only within d keeps the mean
//! where no alternative is near.
//!
//! Nested dossier-grouped cross-validation of this rule on that table (d
//! fitted on the training folds only; `bench/headline_candidates.py
//! --nested`, docs/cli.md) gives the figures the calibration records.

use crate::features::IssueInput;

/// The distances d (on 0–100) a fit chooses among, smallest first.
pub const GRID: [f64; 16] = [
    0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 17.5, 20.0, 22.5, 25.0, 27.5, 30.0, 35.0, 40.0, 50.0,
];

/// `p` moved to the issue's nearest alternative when that is within `d`.
pub fn apply(p: f64, x: &IssueInput, d: f64) -> f64 {
    if d <= 0.0 {
        return p;
    }
    match x.nearest_alternative(p) {
        Some(a) if (a - p).abs() <= d => a,
        _ => p,
    }
}

/// The distance of [`GRID`] with the lowest mean absolute error on `rows`
/// (the stack's point, the issue, the outcome); the smallest on ties; 0
/// without rows.
pub fn fit(rows: &[(f64, &IssueInput, f64)]) -> f64 {
    let mut best = (f64::INFINITY, 0.0);
    for d in GRID {
        let err: f64 = rows
            .iter()
            .map(|(p, x, y)| {
                let e = (apply(*p, x, d) - y).abs();
                if e.is_finite() {
                    e
                } else {
                    100.0
                }
            })
            .sum();
        if err < best.0 - 1e-9 {
            best = (err, d);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(alternatives: &[f64]) -> IssueInput {
        IssueInput {
            forecasts: [Some(50.0), None, None, None, None, None],
            bands: [None; 6],
            status_quo: None,
            dispersion: 10.0,
            alternatives: alternatives.to_vec(),
        }
    }

    #[test]
    fn snaps_only_within_the_distance_and_to_the_lower_on_a_tie() {
        let x = issue(&[0.0, 40.0, 100.0]);
        assert_eq!(apply(33.0, &x, 10.0), 40.0);
        assert_eq!(apply(20.0, &x, 10.0), 20.0);
        assert_eq!(apply(20.0, &x, 20.0), 0.0, "tie: the lower");
        assert_eq!(apply(33.0, &x, 0.0), 33.0);
        assert_eq!(apply(33.0, &issue(&[]), 50.0), 33.0, "nothing to snap to");
    }

    #[test]
    fn fit_finds_the_distance_that_helps_and_keeps_zero_when_none_does() {
        // Outcomes on the alternative 8 points away: any d >= 8 is exact,
        // the smallest on the grid is 10.
        let xs: Vec<IssueInput> = (0..6).map(|_| issue(&[0.0, 100.0])).collect();
        let rows: Vec<(f64, &IssueInput, f64)> = xs.iter().map(|x| (8.0, x, 0.0)).collect();
        assert_eq!(fit(&rows), 10.0);
        // Outcomes at the point itself: snapping only hurts.
        let rows: Vec<(f64, &IssueInput, f64)> = xs.iter().map(|x| (8.0, x, 8.0)).collect();
        assert_eq!(fit(&rows), 0.0);
        assert_eq!(fit(&[]), 0.0);
    }
}
