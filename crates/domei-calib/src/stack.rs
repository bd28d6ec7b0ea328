//! The headline point: a weighted mean of members (models, the status quo,
//! the scale's midpoint).
//!
//! ŷ = Σₖ wₖ xₖ / Σₖ wₖ over the members k present on the issue (a model that
//! did not run, a status quo the issue lacks, are left out and the weights
//! renormalised); wₖ ≥ 0, Σ wₖ = 1. When no member with weight is present
//! the compromise forecast is used. Weights minimise the mean absolute error
//! on the fitting issues by exhaustive search on the simplex grid of step
//! 0.1 (ties to the first grid point in enumeration order, so fits are
//! deterministic): robust where least squares would chase the outliers of
//! a bimodal outcome distribution, and few enough parameters for ~250
//! issues.

use crate::features::IssueInput;
use domei_engines::ModelId;
use serde::{Deserialize, Serialize};

/// One term of the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Member {
    /// The compromise model's forecast.
    Compromise,
    /// The median model's forecast.
    Median,
    /// The BDM expected-utility model's forecast.
    Bdm,
    /// The Nash bargaining model's forecast.
    Nash,
    /// The SMP model's forecast.
    Smp,
    /// The exchange model's forecast.
    Exchange,
    /// The issue's status quo (absent when it has none).
    StatusQuo,
    /// The middle of the scale (50): shrinkage toward it.
    Midpoint,
}

impl Member {
    /// The model the member is; `None` for the status quo and the midpoint.
    pub fn model(self) -> Option<ModelId> {
        Some(match self {
            Member::Compromise => ModelId::Compromise,
            Member::Median => ModelId::Median,
            Member::Bdm => ModelId::Bdm,
            Member::Nash => ModelId::Nash,
            Member::Smp => ModelId::Smp,
            Member::Exchange => ModelId::Exchange,
            Member::StatusQuo | Member::Midpoint => return None,
        })
    }

    /// The member's name as files write it (`bdm`, `status_quo`, ...).
    pub fn as_str(self) -> &'static str {
        match self.model() {
            Some(m) => m.as_str(),
            None if self == Member::StatusQuo => "status_quo",
            None => "midpoint",
        }
    }

    /// The member's value on the issue, 0–100.
    pub fn value(self, x: &IssueInput) -> Option<f64> {
        match self {
            Member::StatusQuo => x.status_quo,
            Member::Midpoint => Some(50.0),
            m => m.model().and_then(|id| x.forecast(id)),
        }
    }

    /// The member's input-uncertainty band width on the issue (0 for the
    /// status quo and the midpoint).
    pub fn band(self, x: &IssueInput) -> Option<f64> {
        match self.model() {
            Some(id) => x.band(id),
            None => Some(0.0),
        }
    }
}

/// A candidate specification: which members the stack may weigh.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// The specification's name, as calibration files write it.
    pub name: &'static str,
    /// The members it may weigh.
    pub members: &'static [Member],
}

const MODELS5: &[Member] = &[
    Member::Compromise,
    Member::Median,
    Member::Bdm,
    Member::Smp,
    Member::Exchange,
];

/// The candidates cross-validation chooses among, simplest first (ties go
/// to the simpler).
pub const SPECS: [Spec; 5] = [
    Spec {
        name: "compromise",
        members: &[Member::Compromise],
    },
    Spec {
        name: "models",
        members: MODELS5,
    },
    Spec {
        name: "models+status_quo",
        members: &[
            Member::Compromise,
            Member::Median,
            Member::Bdm,
            Member::Smp,
            Member::Exchange,
            Member::StatusQuo,
        ],
    },
    Spec {
        name: "models+status_quo+midpoint",
        members: &[
            Member::Compromise,
            Member::Median,
            Member::Bdm,
            Member::Smp,
            Member::Exchange,
            Member::StatusQuo,
            Member::Midpoint,
        ],
    },
    Spec {
        name: "all_models+status_quo",
        members: &[
            Member::Compromise,
            Member::Median,
            Member::Bdm,
            Member::Nash,
            Member::Smp,
            Member::Exchange,
            Member::StatusQuo,
        ],
    },
];

/// A fitted stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stack {
    /// The members, in the order of `weights`.
    pub members: Vec<Member>,
    /// Their weights (≥ 0, summing to 1).
    pub weights: Vec<f64>,
}

impl Stack {
    /// The headline point on 0–100; `None` when neither a weighted member
    /// nor the compromise forecast is present.
    pub fn apply(&self, x: &IssueInput) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for (m, &w) in self.members.iter().zip(&self.weights) {
            if w > 0.0 {
                if let Some(v) = m.value(x) {
                    num += w * v;
                    den += w;
                }
            }
        }
        if den > 1e-12 {
            Some((num / den).clamp(0.0, 100.0))
        } else {
            x.forecast(ModelId::Compromise)
        }
    }

    /// The width of the stack's input-uncertainty band: the weighted mean
    /// of the members' band widths (renormalised as the point is).
    pub fn band(&self, x: &IssueInput) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for (m, &w) in self.members.iter().zip(&self.weights) {
            if w > 0.0 && m.value(x).is_some() {
                num += w * m.band(x)?;
                den += w;
            }
        }
        if den > 1e-12 {
            Some(num / den)
        } else {
            x.band(ModelId::Compromise)
        }
    }

    /// The models the stack needs (members with weight that are models).
    pub fn models(&self) -> Vec<ModelId> {
        self.members
            .iter()
            .zip(&self.weights)
            .filter(|(_, &w)| w > 0.0)
            .filter_map(|(m, _)| m.model())
            .collect()
    }
}

/// Every weight vector on the simplex grid with `steps` steps per unit
/// (also the grid of `domei_sim::ensemble`).
pub fn grid(k: usize, steps: u32) -> Vec<Vec<u32>> {
    fn rec(k: usize, left: u32, cur: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if k == 1 {
            cur.push(left);
            out.push(cur.clone());
            cur.pop();
            return;
        }
        for w in (0..=left).rev() {
            cur.push(w);
            rec(k - 1, left - w, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    if k > 0 {
        rec(k, steps, &mut Vec::new(), &mut out);
    }
    out
}

const STEPS: u32 = 10;

/// Fits the weights of `spec` on `rows` (inputs and outcomes on 0–100).
pub fn fit(spec: &Spec, rows: &[(&IssueInput, f64)]) -> Stack {
    fit_folds(spec, rows, &[], 0).all
}

/// Stacks of one specification fitted on a set of rows and on each of its
/// training sets ([`fit_folds`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Fits {
    /// Fitted on every row.
    pub all: Stack,
    /// `without[f]`: fitted on the rows outside fold f.
    pub without: Vec<Stack>,
}

/// [`fit`] on `rows` and, for each fold f in `0..k`, on the rows whose
/// `fold` is not f — each the same, bit for bit, as [`fit`] on those rows,
/// but every row's error under every grid point is computed once and added
/// to the sums of the training sets it belongs to. `fold` gives each row's
/// fold (below `k`); it may be empty when `k` is 0.
///
/// Every grid point's error is summed row by row, and on each row its
/// point Σ w·x / Σ w adds the members in order: the same operations as one
/// grid point at a time, but with eight grid points side by side, so that
/// their sums stay in registers. A member without weight adds
/// 0·x = ±0 to its sum, which leaves it unchanged (it is never −0), so the
/// sums are those of the members with weight alone, bit for bit. Each
/// training set's sums take its rows in order, as a fit on that set alone
/// would.
pub fn fit_folds(spec: &Spec, rows: &[(&IssueInput, f64)], fold: &[usize], k: usize) -> Fits {
    debug_assert!(k == 0 || (fold.len() == rows.len() && fold.iter().all(|&f| f < k)));
    let members = spec.members.len();
    let points = grid(members, STEPS);
    let n = points.len();
    // Grid points in blocks of LANES, computed side by side (in registers);
    // `weights[(b * members + i) * LANES + l]` is member i's weight in grid
    // point b·LANES + l (0 past the end of the grid).
    const LANES: usize = 8;
    let blocks = n.div_ceil(LANES);
    let mut weights = vec![0.0; blocks * members * LANES];
    for (g, point) in points.iter().enumerate() {
        let (b, l) = (g / LANES, g % LANES);
        for (i, &w) in point.iter().enumerate() {
            weights[(b * members + i) * LANES + l] = f64::from(w);
        }
    }
    // Per row: its members present (index, value), the fallback, the
    // outcome and its fold (none when `k` is 0).
    type Present = Vec<(usize, f64)>;
    let data: Vec<(Present, f64, f64, usize)> = rows
        .iter()
        .enumerate()
        .map(|(r, (x, y))| {
            let present = spec
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.value(x).unwrap_or(f64::NAN)))
                .filter(|(_, v)| v.is_finite())
                .collect();
            let fallback = x.forecast(ModelId::Compromise).unwrap_or(f64::NAN);
            (present, fallback, *y, fold.get(r).copied().unwrap_or(0))
        })
        .collect();
    // err[s * blocks * LANES + g]: grid point g's error on set s (the
    // training set without fold s; s = k: every row); `sums` likewise for
    // the block at hand.
    let mut err = vec![0.0; (k + 1) * blocks * LANES];
    let mut sums = vec![[0.0f64; LANES]; k + 1];
    for b in 0..blocks {
        let w = &weights[b * members * LANES..(b + 1) * members * LANES];
        sums.iter_mut().for_each(|s| *s = [0.0; LANES]);
        for (present, fallback, y, row_fold) in &data {
            let (mut num, mut den) = ([0.0f64; LANES], [0.0f64; LANES]);
            for &(i, v) in present {
                let wi = &w[i * LANES..(i + 1) * LANES];
                for l in 0..LANES {
                    num[l] += wi[l] * v;
                    den[l] += wi[l];
                }
            }
            let mut e = [0.0f64; LANES];
            for l in 0..LANES {
                let p = if den[l] > 0.0 {
                    num[l] / den[l]
                } else {
                    *fallback
                };
                let a = (p - y).abs();
                e[l] = if a.is_finite() { a } else { 100.0 };
            }
            // The row is in every training set but its own fold's, and in
            // the set of every row (the last).
            for (s, sum) in sums.iter_mut().enumerate() {
                if s == k || s != *row_fold {
                    for l in 0..LANES {
                        sum[l] += e[l];
                    }
                }
            }
        }
        for (s, sum) in sums.iter().enumerate() {
            let at = s * blocks * LANES + b * LANES;
            err[at..at + LANES].copy_from_slice(sum);
        }
    }
    let pick = |s: usize| -> Stack {
        let err = &err[s * blocks * LANES..s * blocks * LANES + n];
        // The first grid point (in enumeration order) that no later one
        // beats by more than 1e-9.
        let mut best: Option<(f64, usize)> = None;
        for (g, &e) in err.iter().enumerate() {
            if best.is_none_or(|(b, _)| e < b - 1e-9) {
                best = Some((e, g));
            }
        }
        let g = best.map(|(_, g)| points[g].clone()).unwrap_or_else(|| {
            let mut g = vec![0; members];
            g[0] = STEPS;
            g
        });
        Stack {
            members: spec.members.to_vec(),
            weights: g.iter().map(|&w| w as f64 / STEPS as f64).collect(),
        }
    };
    Fits {
        all: pick(k),
        without: (0..k).map(pick).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(c: f64, m: f64, sq: Option<f64>) -> IssueInput {
        let mut f = [None; 6];
        f[0] = Some(c);
        f[1] = Some(m);
        IssueInput {
            forecasts: f,
            bands: [Some(4.0), Some(8.0), None, None, None, None],
            status_quo: sq,
            dispersion: 10.0,
            alternatives: Vec::new(),
        }
    }

    fn arbitrary_row() -> impl Strategy<Value = (IssueInput, f64, usize)> {
        let value = proptest::option::weighted(0.8, 0.0..100.0f64);
        (
            proptest::array::uniform6(value.clone()),
            value,
            0.0..100.0f64,
            0..6usize,
        )
            .prop_map(|(forecasts, status_quo, y, fold)| {
                let x = IssueInput {
                    forecasts,
                    bands: [None; 6],
                    status_quo,
                    dispersion: 0.0,
                    alternatives: Vec::new(),
                };
                (x, y, fold)
            })
    }

    proptest! {
        #![proptest_config(domei_testkit::seeded(12, 21))]

        /// Each stack of [`fit_folds`] is [`fit`] on its own rows.
        #[test]
        fn the_folds_fits_are_fits_on_their_rows(
            data in proptest::collection::vec(arbitrary_row(), 1..24),
            k in 1..7usize,
        ) {
            let rows: Vec<(&IssueInput, f64)> = data.iter().map(|(x, y, _)| (x, *y)).collect();
            let fold: Vec<usize> = data.iter().map(|(_, _, f)| f % k).collect();
            for spec in &SPECS {
                let fits = fit_folds(spec, &rows, &fold, k);
                prop_assert_eq!(&fits.all, &fit(spec, &rows));
                prop_assert_eq!(fits.without.len(), k);
                for (f, st) in fits.without.iter().enumerate() {
                    let train: Vec<(&IssueInput, f64)> = rows
                        .iter()
                        .zip(&fold)
                        .filter(|(_, &g)| g != f)
                        .map(|(r, _)| *r)
                        .collect();
                    prop_assert_eq!(st, &fit(spec, &train), "spec {} fold {}", spec.name, f);
                }
            }
        }
    }

    #[test]
    fn grid_covers_the_simplex() {
        assert_eq!(grid(3, 10).len(), 66);
        assert!(grid(4, 10).iter().all(|g| g.iter().sum::<u32>() == 10));
    }

    #[test]
    fn finds_the_member_that_is_right_and_renormalises() {
        let xs: Vec<IssueInput> = (0..10)
            .map(|k| input(k as f64 * 10.0, 0.0, Some(k as f64 * 10.0 + 5.0)))
            .collect();
        let rows: Vec<(&IssueInput, f64)> = xs
            .iter()
            .map(|x| (x, x.status_quo.unwrap_or(0.0)))
            .collect();
        let spec = Spec {
            name: "t",
            members: &[Member::Compromise, Member::Median, Member::StatusQuo],
        };
        let s = fit(&spec, &rows);
        assert_eq!(s.weights, vec![0.0, 0.0, 1.0]);
        // Without a status quo the weight falls back to the compromise.
        assert_eq!(s.apply(&input(30.0, 0.0, None)), Some(30.0));
        let half = Stack {
            members: vec![Member::Compromise, Member::Median],
            weights: vec![0.5, 0.5],
        };
        assert_eq!(half.apply(&input(40.0, 60.0, None)), Some(50.0));
        assert_eq!(half.band(&input(40.0, 60.0, None)), Some(6.0));
        assert_eq!(half.models(), vec![ModelId::Compromise, ModelId::Median]);
    }
}
