//! Fitting the headline and the intervals, and scoring them by nested,
//! dossier-grouped cross-validation.
//!
//! [`fit`] on a set of issues: the inner folds (issues dealt by dossier)
//! give every issue an out-of-fold forecast under each candidate
//! specification; the specification with the lowest out-of-fold mean
//! absolute error is chosen — or the simplest within one standard error of
//! it (`choose`) — and its weights fitted on all issues. Then the snapping
//! distance ([`snap`]) is fitted on the chosen stack's points; the headline
//! residuals are those of the snapped points out of fold (stack and
//! distance fitted on the other inner folds). The scale is fitted to the out-of-fold absolute errors, and
//! each issue's conformal score |r|/σ uses a scale fitted without its own
//! inner fold, so the quantiles are those of errors on unseen dossiers.
//! Each model gets the same treatment around its own forecast (nothing of
//! its point is fitted). The plain-conformal baseline (one quantile of
//! |outcome − compromise| added to every compromise forecast) is kept
//! alongside for comparison.
//!
//! [`cross_validate`] repeats [`fit`] on all but one outer fold and
//! forecasts that fold: no issue is scored by anything fitted on its own
//! dossier.

use crate::features::IssueInput;
use crate::snap;
use crate::stack::{self, Stack, SPECS};
use domei_engines::ModelId;
use rayon::prelude::*;

mod conformal;
use conformal::{conformal, sorted};
pub use conformal::{intervals, plain_conformal, range, Conformal, Eval, Pred, RELIABILITY_LEVELS};

/// One scored issue on 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The issue's features (forecasts, bands, status quo, dispersion).
    pub input: IssueInput,
    /// The recorded outcome on 0–100.
    pub outcome: f64,
    /// The dossier (issues of one group are always in the same fold).
    pub group: String,
}

/// The fewest issues with a recorded outcome a calibration is fitted on
/// (`domei calibrate --deu3` and `--ledger` alike).
///
/// - The 95% range needs a finite conformal quantile: the ⌈(n+1)·0.95⌉-th
///   smallest of n scores exists only for n ≥ 19.
/// - Those scores are out-of-fold residuals of fits on the other folds, and
///   the calibration's own figures come from a nested cross-validation whose
///   outer training sets leave a fold out: with 5 outer folds a table of 24
///   keeps every training set at ≥ 19 issues.
/// - The stack's specification is chosen on inner folds: with 30 issues each
///   of 5 inner folds holds 6, so the out-of-fold error of every candidate
///   rests on every issue once and the one-standard-error rule has a standard
///   error to work with (below that it falls back to compromise anyway).
///
/// 30 is the smallest round number above those bounds.
pub const MIN_ISSUES: usize = 30;

/// Everything fitted on a set of issues.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The chosen specification's name.
    pub spec: &'static str,
    /// Out-of-fold mean absolute error of each candidate (in
    /// [`SPECS`] order).
    pub spec_mae: Vec<f64>,
    /// The stack fitted with the chosen specification.
    pub stack: Stack,
    /// The snapping distance d on 0–100 ([`snap`]; 0: none).
    pub snap: f64,
    /// Ranges of the headline forecast.
    pub headline: Conformal,
    /// Per model (indexed as [`ModelId::ALL`]); `None` for a model that
    /// ran on no fitting issue.
    pub models: [Option<Conformal>; 6],
    /// Scores |outcome − compromise| of the plain-conformal baseline.
    pub plain: Vec<f64>,
}

/// The fold of each row: groups sorted, dealt into `k` folds in turn.
pub fn folds(rows: &[Row], k: usize) -> Vec<usize> {
    folds_seeded(rows, k, 0)
}

/// A 64-bit mix of `seed` and `group` (FNV-1a, then SplitMix64's
/// finaliser): the order in which a fold seed deals the groups.
fn group_key(seed: u64, group: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in group.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// As [`folds`] with the groups dealt in an order set by `seed`: 0 is the
/// sorted order ([`folds`]); any other seed a fixed pseudo-random order, so
/// that the cross-validation can be repeated on other splits (`backtest
/// --fold-seed`) to see how much its figures owe to one split.
pub fn folds_seeded(rows: &[Row], k: usize, seed: u64) -> Vec<usize> {
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    if seed != 0 {
        groups.sort_by_key(|g| (group_key(seed, g), *g));
    }
    rows.iter()
        .map(|r| groups.iter().position(|g| *g == r.group).unwrap_or(0) % k.max(1))
        .collect()
}

/// The specification chosen by the one-standard-error rule: the simplest
/// (first in [`SPECS`]) whose out-of-fold mean absolute error is within one
/// standard error of the lowest (the standard error of the lowest's mean).
/// With ~250 issues the candidates' errors differ by less than their noise;
/// the rule keeps a more complex stack only when it clearly helps.
fn choose(mae: &[f64], errors: &[Vec<f64>]) -> usize {
    let mut best = 0;
    for (s, &e) in mae.iter().enumerate() {
        if e < mae[best] - 1e-9 {
            best = s;
        }
    }
    let e = &errors[best];
    let n = e.len() as f64;
    let se = if e.len() > 1 {
        let var = e.iter().map(|x| (x - mae[best]).powi(2)).sum::<f64>() / (n - 1.0);
        (var / n).sqrt()
    } else {
        0.0
    };
    mae.iter()
        .position(|&m| m <= mae[best] + se + 1e-9)
        .unwrap_or(best)
}

/// Fits everything on `rows` with `inner` dossier-grouped folds.
pub fn fit(rows: &[Row], inner: usize) -> Fitted {
    fit_seeded(rows, inner, 0)
}

/// As [`fit`] with the inner folds dealt by `seed` ([`folds_seeded`]).
pub fn fit_seeded(rows: &[Row], inner: usize, seed: u64) -> Fitted {
    let k = inner.max(2);
    let fold = folds_seeded(rows, k, seed);
    // Every candidate fitted on all rows and on each inner training set.
    let all: Vec<(&IssueInput, f64)> = rows.iter().map(|r| (&r.input, r.outcome)).collect();
    let fits: Vec<stack::Fits> = SPECS
        .iter()
        .map(|spec| stack::fit_folds(spec, &all, &fold, k))
        .collect();
    // Out-of-fold point and band of every candidate.
    let oof: Vec<Vec<(f64, f64)>> = fits
        .iter()
        .map(|fits| {
            rows.iter()
                .zip(&fold)
                .map(|(r, &f)| {
                    let st = &fits.without[f];
                    (
                        st.apply(&r.input).unwrap_or(f64::NAN),
                        st.band(&r.input).unwrap_or(0.0),
                    )
                })
                .collect()
        })
        .collect();
    let errors: Vec<Vec<f64>> = oof
        .iter()
        .map(|o| {
            o.iter()
                .zip(rows)
                .map(|((p, _), r)| {
                    let e = (p - r.outcome).abs();
                    if e.is_finite() {
                        e
                    } else {
                        100.0
                    }
                })
                .collect()
        })
        .collect();
    let n = rows.len().max(1) as f64;
    let spec_mae: Vec<f64> = errors.iter().map(|e| e.iter().sum::<f64>() / n).collect();
    let best = choose(&spec_mae, &errors);
    let st = fits[best].all.clone();
    let d = snap_distance(&st, &all);
    // The chosen stack's out-of-fold points snapped with a distance fitted
    // on the other inner folds (with the stack fitted there).
    let mut snapped = oof[best].clone();
    for f in 0..k {
        let train: Vec<(&IssueInput, f64)> = all
            .iter()
            .zip(&fold)
            .filter(|(_, &g)| g != f)
            .map(|(x, _)| *x)
            .collect();
        let sf = &fits[best].without[f];
        let df = snap_distance(sf, &train);
        for (i, r) in rows.iter().enumerate() {
            if fold[i] == f {
                snapped[i].0 = sf
                    .apply(&r.input)
                    .map_or(f64::NAN, |p| snap::apply(p, &r.input, df));
            }
        }
    }
    let resid: Vec<(&IssueInput, f64, f64)> = rows
        .iter()
        .zip(&snapped)
        .map(|(r, (p, b))| (&r.input, (r.outcome - p).abs(), *b))
        .filter(|(_, e, _)| e.is_finite())
        .collect();
    let keep: Vec<usize> = rows
        .iter()
        .zip(&snapped)
        .zip(&fold)
        .filter(|((r, (p, _)), _)| (r.outcome - p).is_finite())
        .map(|(_, &g)| g)
        .collect();
    let headline = conformal(&resid, &keep, k);
    let models = ModelId::ALL.map(|m| {
        let (resid, keep): (Vec<(&IssueInput, f64, f64)>, Vec<usize>) = rows
            .iter()
            .zip(&fold)
            .filter_map(|(r, &g)| {
                let v = r.input.forecast(m)?;
                Some((
                    (
                        &r.input,
                        (r.outcome - v).abs(),
                        r.input.band(m).unwrap_or(0.0),
                    ),
                    g,
                ))
            })
            .unzip();
        (!resid.is_empty()).then(|| conformal(&resid, &keep, k))
    });
    let plain = sorted(
        rows.iter()
            .filter_map(|r| Some((r.outcome - r.input.forecast(ModelId::Compromise)?).abs()))
            .collect(),
    );
    Fitted {
        spec: SPECS[best].name,
        spec_mae,
        stack: st,
        snap: d,
        headline,
        models,
        plain,
    }
}

/// The snapping distance fitted on the points of stack `st` on `rows`.
fn snap_distance(st: &Stack, rows: &[(&IssueInput, f64)]) -> f64 {
    let points: Vec<(f64, &IssueInput, f64)> = rows
        .iter()
        .filter_map(|(x, y)| Some((st.apply(x)?, *x, *y)))
        .collect();
    snap::fit(&points)
}

/// One issue forecast by a [`Fitted`]: the headline, each model, and the
/// plain-conformal baseline (around compromise).
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The headline's forecast; `None` when it cannot be made.
    pub headline: Option<Eval>,
    /// Each model's, indexed as [`ModelId::ALL`]; `None` where it did not
    /// run or has no ranges.
    pub models: [Option<Eval>; 6],
    /// The plain-conformal baseline's; `None` without a compromise forecast.
    pub plain: Option<Eval>,
}

impl Fitted {
    /// Forecasts `r` and scores the forecasts against its outcome.
    pub fn forecast(&self, r: &Row) -> Forecast {
        let x = &r.input;
        let y = r.outcome;
        let headline = self.stack.apply(x).map(|p| {
            let p = snap::apply(p, x, self.snap);
            let band = self.stack.band(x).unwrap_or(0.0);
            self.headline.evaluate(self.headline.predict(p, x, band), y)
        });
        let models = ModelId::ALL.map(|m| {
            let c = self.models[crate::features::model_index(m)].as_ref()?;
            let v = x.forecast(m)?;
            Some(c.evaluate(c.predict(v, x, x.band(m).unwrap_or(0.0)), y))
        });
        let plain = x.forecast(ModelId::Compromise).map(|v| {
            let c = plain_conformal(&self.plain);
            let q = c.quantiles();
            let pred = Pred {
                value: v,
                sigma: 1.0,
                intervals: intervals(v, 1.0, q),
            };
            c.evaluate(pred, y)
        });
        Forecast {
            headline,
            models,
            plain,
        }
    }
}

/// The outcome of a nested cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// Number of outer folds.
    pub outer: usize,
    /// Number of inner folds.
    pub inner: usize,
    /// Per row (in input order), its out-of-fold forecasts.
    pub forecasts: Vec<Forecast>,
    /// The specification chosen in each outer fold.
    pub chosen: Vec<&'static str>,
}

/// Nested cross-validation: `outer` folds scored, `inner` folds inside each
/// training set (see the module docs). Folds run in parallel; the result
/// does not depend on the thread count.
pub fn cross_validate(rows: &[Row], outer: usize, inner: usize) -> CrossValidation {
    cross_validate_seeded(rows, outer, inner, 0)
}

/// As [`cross_validate`] with the outer and inner folds dealt by `seed`
/// ([`folds_seeded`]).
pub fn cross_validate_seeded(
    rows: &[Row],
    outer: usize,
    inner: usize,
    seed: u64,
) -> CrossValidation {
    let k = outer.max(2);
    let fold = folds_seeded(rows, k, seed);
    let per: Vec<(Fitted, Vec<usize>)> = (0..k)
        .into_par_iter()
        .map(|f| {
            let train: Vec<Row> = rows
                .iter()
                .zip(&fold)
                .filter(|(_, &g)| g != f)
                .map(|(r, _)| r.clone())
                .collect();
            let test: Vec<usize> = (0..rows.len()).filter(|&i| fold[i] == f).collect();
            (fit_seeded(&train, inner, seed), test)
        })
        .collect();
    let mut forecasts: Vec<Option<Forecast>> = vec![None; rows.len()];
    for (fitted, test) in &per {
        for &i in test {
            forecasts[i] = Some(fitted.forecast(&rows[i]));
        }
    }
    CrossValidation {
        outer: k,
        inner: inner.max(2),
        forecasts: forecasts
            .into_iter()
            .map(|f| {
                f.unwrap_or(Forecast {
                    headline: None,
                    models: [None, None, None, None, None, None],
                    plain: None,
                })
            })
            .collect(),
        chosen: per.iter().map(|(f, _)| f.spec).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(group: &str) -> Row {
        Row {
            input: IssueInput {
                forecasts: [Some(50.0), None, None, None, None, None],
                bands: [None; 6],
                status_quo: None,
                dispersion: 0.0,
                alternatives: Vec::new(),
            },
            outcome: 50.0,
            group: group.into(),
        }
    }

    #[test]
    fn the_headline_snaps_to_the_alternative_outcomes_fall_on_and_not_otherwise() {
        let issue = |g: usize, y: f64| Row {
            input: IssueInput {
                forecasts: [Some(45.0), None, None, None, None, None],
                bands: [None; 6],
                status_quo: None,
                dispersion: 10.0 + g as f64,
                alternatives: vec![0.0, 40.0, 100.0],
            },
            outcome: y,
            group: format!("g{g}"),
        };
        // Outcomes on an actor's position 5 points from the compromise.
        let rows: Vec<Row> = (0..40).map(|i| issue(i % 10, 40.0)).collect();
        let fitted = fit(&rows, 5);
        assert_eq!(fitted.spec, "compromise");
        assert_eq!(fitted.snap, 5.0);
        let h = fitted.forecast(&rows[0]).headline.unwrap();
        assert_eq!(h.pred.value, 40.0);
        // Outcomes at the compromise: no snapping.
        let rows: Vec<Row> = (0..40).map(|i| issue(i % 10, 45.0)).collect();
        let fitted = fit(&rows, 5);
        assert_eq!(fitted.snap, 0.0);
        assert_eq!(fitted.forecast(&rows[0]).headline.unwrap().pred.value, 45.0);
    }

    #[test]
    fn a_fold_seed_deals_whole_groups_evenly_in_another_order() {
        let rows: Vec<Row> = (0..40).map(|i| row(&format!("g{}", i % 13))).collect();
        assert_eq!(folds_seeded(&rows, 5, 0), folds(&rows, 5));
        // Sorted order: g0, g1, g10, g11, g12, g2, … dealt in turn.
        assert_eq!(folds(&rows, 5)[..3], [0, 1, 0]);
        let mut seen = Vec::new();
        for seed in [0, 1, 2, 3] {
            let f = folds_seeded(&rows, 5, seed);
            // A group never straddles two folds.
            for (r, &k) in rows.iter().zip(&f) {
                for (q, &j) in rows.iter().zip(&f) {
                    assert!(r.group != q.group || k == j);
                }
            }
            // 13 groups in 5 folds: 3, 3, 3, 2, 2.
            let mut per: Vec<usize> = (0..5)
                .map(|k| {
                    let mut g: Vec<&str> = rows
                        .iter()
                        .zip(&f)
                        .filter(|(_, &j)| j == k)
                        .map(|(r, _)| r.group.as_str())
                        .collect();
                    g.sort_unstable();
                    g.dedup();
                    g.len()
                })
                .collect();
            per.sort_unstable();
            assert_eq!(per, vec![2, 2, 3, 3, 3]);
            assert_eq!(f, folds_seeded(&rows, 5, seed), "deterministic");
            seen.push(f);
        }
        seen.dedup();
        assert!(seen.len() > 1, "seeds give other splits");
    }
}
