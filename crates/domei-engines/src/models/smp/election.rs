//! The probabilistic Condorcet election SMP holds among options (KTAB's
//! `scalarPCE`: proportional voting, linear victory probabilities,
//! conditional probabilities), and the risk attitudes read from one.

use super::core::TIE;

/// Coalition strength every option starts with (KTAB `Model::coalitions`).
const COALITION_FLOOR: f64 = 1e-8;
/// Risk attitudes are all 0 when the election's probabilities are equal to
/// this relative tolerance (KTAB divides by zero there).
const EQUAL_PROBABILITIES: f64 = 1e-12;

/// The probabilistic Condorcet election (KTAB `scalarPCE` with proportional
/// voting, the linear victory model and conditional probabilities): the
/// probability that each of `m` options beats all the others, given voter
/// weights `w` and utilities `u(voter, option)`.
pub(super) fn condorcet(m: usize, w: &[f64], u: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let table: Vec<f64> = (0..w.len())
        .flat_map(|k| (0..m).map(move |o| (k, o)))
        .map(|(k, o)| u(k, o))
        .collect();
    let (mut pv, mut p) = (Vec::new(), Vec::new());
    condorcet_into(m, w, &table, &mut pv, &mut p);
    p
}

/// [`condorcet`] into `p`, from a table of utilities voter by voter:
/// `table[k * m + o]` is voter k's utility for option o. `pv` is scratch
/// space; both are reused from call to call (the arithmetic is the same,
/// bit for bit).
pub(super) fn condorcet_into(
    m: usize,
    w: &[f64],
    table: &[f64],
    pv: &mut Vec<f64>,
    p: &mut Vec<f64>,
) {
    pv.clear();
    p.clear();
    if m == 0 {
        return;
    }
    pv.resize(m * m, 0.5);
    // The coalitions of option i against every earlier option j, summed
    // over the voters in order for each pair as KTAB does, but with the
    // loop over j innermost: the sums of different pairs are independent,
    // so they proceed side by side (over a voter's utilities, contiguous
    // in the table) instead of waiting on each other's additions. `p`
    // holds them until the end (C(i:j), then C(j:i)).
    p.clear();
    p.resize(2 * m, 0.0);
    let (c_ij, c_ji) = p.split_at_mut(m);
    for i in 0..m {
        let (c_ij, c_ji) = (&mut c_ij[..i], &mut c_ji[..i]);
        c_ij.fill(COALITION_FLOOR);
        c_ji.fill(COALITION_FLOOR);
        for (&wk, row) in w.iter().zip(table.chunks_exact(m)) {
            let ui = row[i];
            for ((cij, cji), &uj) in c_ij.iter_mut().zip(c_ji.iter_mut()).zip(&row[..i]) {
                // Utilities equal to rounding are equal (choice 5): the
                // floor would otherwise amplify a difference of a few ulps
                // into a probability off by 1e-6, enough to decide a tie.
                let du = ui - uj;
                let du = if du.abs() <= TIE * ui.abs().max(uj.abs()) {
                    0.0
                } else {
                    du
                };
                let v = wk * du;
                // Branch-free; adding or subtracting 0.0 leaves the
                // (positive) sums bit-identical.
                *cij += if v > 0.0 { v } else { 0.0 };
                *cji -= if v < 0.0 { v } else { 0.0 };
            }
        }
        for (j, (&cij, &cji)) in c_ij.iter().zip(c_ji.iter()).enumerate() {
            pv[i * m + j] = cij / (cij + cji);
            pv[j * m + i] = cji / (cij + cji);
        }
    }
    p.clear();
    p.extend((0..m).map(|i| pv[i * m..(i + 1) * m].iter().fold(1.0, |acc, x| acc * x)));
    let total = p.iter().fold(0.0, |s, x| s + x);
    for x in p.iter_mut() {
        *x /= total;
    }
}

/// R_i = (3 p_i − (p_max + 2 p_min)) / (2 (p_max − p_min)) (KTAB
/// `bigRfromProb`, range Mid); all 0 when the probabilities are equal.
#[cfg(test)]
pub(super) fn risk_attitudes(p: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    risk_attitudes_into(p, &mut out);
    out
}

/// [`risk_attitudes`] into `out` (reused).
pub(super) fn risk_attitudes_into(p: &[f64], out: &mut Vec<f64>) {
    let (p_min, p_max) = p
        .iter()
        .fold((1.0f64, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let spread = p_max - p_min;
    out.clear();
    out.extend(p.iter().map(|&pi| {
        if spread > EQUAL_PROBABILITIES * p_max {
            (3.0 * pi - (p_max + 2.0 * p_min)) / (2.0 * spread)
        } else {
            0.0
        }
    }));
}
