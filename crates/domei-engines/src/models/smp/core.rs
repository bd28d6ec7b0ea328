//! One SMP state and one round of bargaining: the equations of the module
//! docs, written so that the floating-point operations happen in KTAB's
//! order (a faithful port of the arithmetic, not of the code), which is what
//! lets the results match KTAB's logs to the printed digits.

/// Strength each side of a contest starts with (KTAB `probEduChlg`).
const CONTEST_FLOOR: f64 = 1e-10;
/// Smallest expected gain worth a challenge (KTAB `bestChallenge`).
const MIN_GAIN: f64 = 1e-5;
/// Weight added to the initiator's side of an interpolated bargain (KTAB
/// `interpBrgnSnPm`), which also breaks the 0/0 when neither side cares.
const BARGAIN_FLOOR: f64 = 1e-6;
/// Positions closer than this (Euclidean, normalised units) are one option
/// in the final election (KTAB `posTol`).
pub(super) const SAME_POSITION: f64 = 1e-3;
/// Two bargain probabilities this close (relative), or two expected gains
/// this close (relative to the larger of them and 1), are a tie, which goes
/// to the first (see choice 5 of the module docs).
pub(super) const TIE: f64 = 1e-12;
/// Added to the bound on a challenge's gain (utilities are at most about 2,
/// so rounding errors are near 1e-15).
const GAIN_BOUND_MARGIN: f64 = 1e-9;

use super::election::{condorcet, condorcet_into, risk_attitudes_into};

/// The fixed attributes of the actors of a joint run.
#[derive(Debug, Clone)]
pub(super) struct Actors {
    pub n: usize,
    pub d: usize,
    /// Capabilities, scaled so that the largest is 100.
    pub cap: Vec<f64>,
    /// `sal[i * d + k]`: salience of actor i on dimension k; each actor's
    /// saliences sum to at most 1.
    pub sal: Vec<f64>,
    /// Σ_k s_ik, summed in dimension order.
    pub sal_sum: Vec<f64>,
    /// Σ_k s_ik².
    pub sal_sq: Vec<f64>,
    /// S_i c_i, the actor's weight in contests.
    pub weight: Vec<f64>,
}

impl Actors {
    pub fn new(cap: Vec<f64>, sal: Vec<f64>, d: usize) -> Actors {
        let n = cap.len();
        let sal_sum: Vec<f64> = (0..n)
            .map(|i| sal[i * d..(i + 1) * d].iter().fold(0.0, |s, x| s + x))
            .collect();
        let sal_sq = (0..n)
            .map(|i| sal[i * d..(i + 1) * d].iter().fold(0.0, |s, x| s + x * x))
            .collect();
        let weight = (0..n).map(|i| sal_sum[i] * cap[i]).collect();
        Actors {
            n,
            d,
            cap,
            sal,
            sal_sum,
            sal_sq,
            weight,
        }
    }

    /// KTAB's `bvDiff`: i's salience-weighted distance from its ideal `a` to
    /// position `b`, in `[0, 1]`.
    pub(super) fn distance(&self, i: usize, a: &[f64], b: &[f64]) -> f64 {
        let d = self.d;
        if self.sal_sq[i] <= 0.0 {
            // An actor that cares about no dimension is indifferent.
            return 0.0;
        }
        let mut ds_sq = 0.0;
        for k in 0..d {
            let ds = (a[k] - b[k]) * self.sal[i * d + k];
            ds_sq += ds * ds;
        }
        (ds_sq / self.sal_sq[i]).sqrt()
    }
}

/// `u = (1 − δ)(1 + δ R)`: utility of a position at distance δ for an actor
/// of risk attitude R (KTAB `bsUtil`).
#[inline]
pub(super) fn utility(delta: f64, r: f64) -> f64 {
    if delta <= 1.0 {
        (1.0 - delta) * (1.0 + delta * r)
    } else {
        (1.0 - delta) * (1.0 + r)
    }
}

/// A bargain: `init` proposes that it and `rcvr` adopt these positions.
#[derive(Debug, Clone)]
pub(super) struct Bargain {
    pub init: usize,
    pub rcvr: usize,
    /// The initiator's estimate that it would win a contest.
    pub prob: f64,
    /// The initiator's expected gain from challenging.
    pub gain: f64,
    pub pos_init: Vec<f64>,
    pub pos_rcvr: Vec<f64>,
    pub adopted_by_init: bool,
    pub adopted_by_rcvr: bool,
}

/// One state: positions (which are also the actors' ideals), distances,
/// risk attitudes. [`State::set`] moves it to new positions reusing its
/// buffers, so a run allocates them once.
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    /// `pos[i * d + k]`, normalised.
    pub pos: Vec<f64>,
    /// `delta[i * n + j]`: distance from i's ideal to j's position.
    delta: Vec<f64>,
    /// The transpose: `delta_t[j * n + i]` = `delta[i * n + j]`.
    delta_t: Vec<f64>,
    /// Risk attitude R_i in `[-0.5, 1]`.
    pub risk: Vec<f64>,
    /// `rhi[h * n + i]`: h's estimate of i's risk attitude.
    rhi: Vec<f64>,
    /// Scratch space of the risk-neutral election (utilities, pairwise
    /// and final probabilities).
    table: Vec<f64>,
    pv: Vec<f64>,
    p: Vec<f64>,
}

/// Scratch space of a round's proposals and resolution, allocated once per
/// run and reused from round to round (nothing in it carries over).
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// The proposer's estimates of every actor's utility for its own
    /// position (`row_i`), for the target's (`row_j`) and, per actor m, for
    /// m's own position (`diag`).
    row_i: Vec<f64>,
    row_j: Vec<f64>,
    diag: Vec<f64>,
    votes: Vec<f64>,
    own: Vec<f64>,
    status_quo: Vec<f64>,
    value: Vec<f64>,
    queue: Vec<usize>,
    table: Vec<f64>,
    pv: Vec<f64>,
    p: Vec<f64>,
}

impl State {
    pub fn new(a: &Actors, pos: Vec<f64>) -> State {
        let mut s = State {
            pos,
            ..State::default()
        };
        s.refresh(a);
        s
    }

    /// This state moved to positions `pos`: the same as
    /// `State::new(a, pos.to_vec())`, reusing the buffers.
    pub fn set(&mut self, a: &Actors, pos: &[f64]) {
        self.pos.clear();
        self.pos.extend_from_slice(pos);
        self.refresh(a);
    }

    /// Distances, risk attitudes and their estimates for `self.pos`.
    fn refresh(&mut self, a: &Actors) {
        let (n, d) = (a.n, a.d);
        let pos = &self.pos;
        self.delta.clear();
        self.delta.extend((0..n * n).map(|ij| {
            let (i, j) = (ij / n, ij % n);
            a.distance(i, &pos[i * d..(i + 1) * d], &pos[j * d..(j + 1) * d])
        }));
        // Risk-neutral election over every actor's position.
        self.delta_t.clear();
        self.delta_t.resize(n * n, 0.0);
        for i in 0..n {
            for j in 0..n {
                self.delta_t[j * n + i] = self.delta[i * n + j];
            }
        }
        // Risk neutral: voter k, option i: utility(δ_k(x_i), 0).
        self.table.clear();
        self.table
            .extend(self.delta.iter().map(|&d| utility(d, 0.0)));
        condorcet_into(n, &a.cap, &self.table, &mut self.pv, &mut self.p);
        risk_attitudes_into(&self.p, &mut self.risk);
        self.rhi.clear();
        for h in 0..n {
            for i in 0..n {
                self.rhi.push(((2.0 * self.risk[h]) + self.risk[i]) / 3.0);
            }
        }
    }

    /// h's estimate of i's utility for j's position.
    #[inline]
    fn util(&self, n: usize, h: usize, i: usize, j: usize) -> f64 {
        utility(self.delta[i * n + j], self.rhi[h * n + i])
    }

    /// Fills `row[m]` with the estimate of m's utility for t's position,
    /// under the risk attitudes `r` one actor ascribes to the others
    /// (KTAB's `aUtil[h]`, one row of its transpose, so that the loop over
    /// third parties reads memory in order).
    fn estimate_row(&self, n: usize, t: usize, r: &[f64], row: &mut [f64]) {
        let d = &self.delta_t[t * n..(t + 1) * n];
        for ((c, &d), &r) in row.iter_mut().zip(d).zip(r) {
            *c = utility(d, r);
        }
    }

    /// (P[i beats j], expected change in utility for i) of i challenging j,
    /// from h's estimates with k = i: `ci_[m]` and `cj_[m]` are m's
    /// utilities for the positions of i and j, `diag[m]` for m's own (see
    /// [`State::estimate_row`]). `votes` is scratch space of n entries.
    ///
    /// `unit_diagonal`: every `diag[m]` (m's utility for its own position,
    /// δ = 0) is exactly 1, as it is whenever the risk attitudes are finite;
    /// the loop over third parties then reads less memory.
    #[allow(clippy::too_many_arguments)]
    fn challenge(
        a: &Actors,
        ci_: &[f64],
        cj_: &[f64],
        diag: &[f64],
        i: usize,
        j: usize,
        votes: &mut [f64],
        unit_diagonal: bool,
    ) -> (f64, f64) {
        let (uii, uij, uji, ujj) = (ci_[i], cj_[i], ci_[j], cj_[j]);
        let eu_sq = uii + uij;
        let eu_win = uii + uii;
        let eu_lose = uij + uij;
        let sj = a.sal_sum[j];
        let contrib_i = a.weight[i] * (uii - uij);
        let contrib_j = a.weight[j] * (uji - ujj);
        let (mut for_i, mut for_j) = (CONTEST_FLOOR, CONTEST_FLOOR);
        for c in [contrib_i, contrib_j] {
            if c > 0.0 {
                for_i += c;
            }
            if c < 0.0 {
                for_j -= c;
            }
        }
        let (base_i, base_j) = (for_i, for_j);
        // Each third party m's vote, from its view of the little contest of
        // i, j and itself; a semi-committed third party joins the winner of
        // (i+m : j) but not of (i : j+m). Computed for every m at once
        // (branch-free, so it vectorises), then added up in order.
        if unit_diagonal {
            let third = a.weight.iter().zip(ci_).zip(cj_);
            for (vote, ((&wm, &umi), &umj)) in votes.iter_mut().zip(third) {
                *vote = third_party(wm, umi, umj, 1.0, base_i, base_j);
            }
        } else {
            let third = a.weight.iter().zip(ci_).zip(cj_).zip(diag);
            for (vote, (((&wm, &umi), &umj), &umm)) in votes.iter_mut().zip(third) {
                *vote = third_party(wm, umi, umj, umm, base_i, base_j);
            }
        }
        // The principals do not vote as third parties: a vote of 0.0 adds
        // nothing (the sums are positive, so they stay bit-identical), and
        // the sums are branch-free.
        votes[i] = 0.0;
        votes[j] = 0.0;
        for &vm in votes.iter() {
            for_i += if vm > 0.0 { vm } else { 0.0 };
            for_j -= if vm < 0.0 { vm } else { 0.0 };
        }
        let p_ij = for_i / (for_i + for_j);
        let p_ji = for_j / (for_i + for_j);
        let eu_contest = p_ij * eu_win + p_ji * eu_lose;
        let eu_challenge = (1.0 - sj) * eu_win + sj * eu_contest;
        (p_ij, eu_challenge - eu_sq)
    }

    /// i's utility for position `p` (KTAB `posUtil`: own ideal, own R).
    fn pos_util(&self, a: &Actors, i: usize, p: &[f64]) -> f64 {
        let d = a.d;
        utility(
            a.distance(i, &self.pos[i * d..(i + 1) * d], p),
            self.risk[i],
        )
    }

    /// Every actor's bargain proposal: to the target it expects to gain most
    /// from challenging, if any gain is worth it. Fills `out` (its entries'
    /// buffers are reused).
    pub fn proposals(&self, a: &Actors, w: &mut Scratch, out: &mut Vec<Bargain>) {
        let (n, d) = (a.n, a.d);
        for v in [&mut w.row_i, &mut w.row_j, &mut w.diag, &mut w.votes] {
            v.clear();
            v.resize(n, 0.0);
        }
        let mut used = 0;
        for i in 0..n {
            let r = &self.rhi[i * n..(i + 1) * n];
            // i's estimates: every actor's utility for i's position and for
            // its own. A target's row is computed only when its challenge
            // is (below).
            self.estimate_row(n, i, r, &mut w.row_i);
            for (m, u) in w.diag.iter_mut().enumerate() {
                *u = utility(self.delta_t[m * n + m], r[m]);
            }
            let unit_diagonal = w.diag.iter().all(|&u| u == 1.0);
            let mut best: Option<(usize, f64)> = None;
            let mut best_gain = -1.0;
            for j in 0..n {
                if j == i {
                    continue;
                }
                // The gain cannot exceed |U_ii − U_ij| (i wins for sure, or
                // loses for sure); with a margin far above rounding, a
                // challenge whose bound cannot beat the best so far is not
                // computed. Skipping it changes nothing: it would not have
                // been chosen.
                let uij = utility(self.delta_t[j * n + i], r[i]);
                let bound = (w.row_i[i] - uij).abs() + GAIN_BOUND_MARGIN;
                if bound <= MIN_GAIN || !gain_beats(bound, best_gain) {
                    continue;
                }
                self.estimate_row(n, j, r, &mut w.row_j);
                let (p, gain) = Self::challenge(
                    a,
                    &w.row_i,
                    &w.row_j,
                    &w.diag,
                    i,
                    j,
                    &mut w.votes,
                    unit_diagonal,
                );
                if MIN_GAIN < gain && gain_beats(gain, best_gain) {
                    best = Some((j, p));
                    best_gain = gain;
                }
            }
            let Some((j, p)) = best else { continue };
            if used == out.len() {
                out.push(Bargain {
                    init: i,
                    rcvr: j,
                    prob: p,
                    gain: best_gain,
                    pos_init: Vec::with_capacity(d),
                    pos_rcvr: Vec::with_capacity(d),
                    adopted_by_init: false,
                    adopted_by_rcvr: false,
                });
            }
            let b = &mut out[used];
            b.init = i;
            b.rcvr = j;
            b.prob = p;
            b.gain = best_gain;
            b.adopted_by_init = false;
            b.adopted_by_rcvr = false;
            self.interpolate(a, i, j, p, 1.0 - p, &mut b.pos_init, &mut b.pos_rcvr);
            debug_assert!(b.pos_init.len() == d);
            used += 1;
        }
        out.truncate(used);
    }

    /// KTAB's S2P2 interpolation: on each dimension the weighted mean of the
    /// two positions, weights (salience × probability)², rounded to 1e-4;
    /// into `bi` and `bj`.
    #[allow(clippy::too_many_arguments)]
    fn interpolate(
        &self,
        a: &Actors,
        i: usize,
        j: usize,
        pi: f64,
        pj: f64,
        bi: &mut Vec<f64>,
        bj: &mut Vec<f64>,
    ) {
        let d = a.d;
        let round4 = |x: f64| (0.5 + x * 10000.0).floor() / 10000.0;
        bi.clear();
        bj.clear();
        for k in 0..d {
            let (ti, si) = (self.pos[i * d + k], a.sal[i * d + k]);
            let (tj, sj) = (self.pos[j * d + k], a.sal[j * d + k]);
            let wi = (si * si) * (pi * pi);
            let wj = (sj * sj) * (pj * pj);
            let den = wi + BARGAIN_FLOOR + wj;
            bi.push(round4(((wi + BARGAIN_FLOOR) * ti + wj * tj) / den));
            bj.push(round4((wi * ti + (BARGAIN_FLOOR + wj) * tj) / den));
        }
    }

    /// Each actor picks, by a probabilistic Condorcet election among all
    /// actors, one of the bargains it is part of or its status quo; writes
    /// the new positions into `next` and marks the adopted bargains.
    pub fn resolve(
        &self,
        a: &Actors,
        bargains: &mut [Bargain],
        w: &mut Scratch,
        next: &mut Vec<f64>,
    ) {
        let (n, d) = (a.n, a.d);
        let nf = n as f64;
        // own[y * n + x]: x's utility for y's position, from x's own view.
        // Every sum below runs over y in order for each x, as KTAB's; the
        // sums of different x are independent and proceed side by side.
        let own = &mut w.own;
        own.clear();
        for y in 0..n {
            for x in 0..n {
                own.push(self.util(n, x, x, y));
            }
        }
        w.status_quo.clear();
        w.status_quo.resize(n, 0.0);
        for own_y in own.chunks_exact(n) {
            for (s, &o) in w.status_quo.iter_mut().zip(own_y) {
                *s += o;
            }
        }
        for s in w.status_quo.iter_mut() {
            *s /= nf;
        }
        // value[b * n + x]: x's average utility over the state the bargain makes.
        w.value.clear();
        w.value.resize(bargains.len() * n, 0.0);
        for (b, out) in bargains.iter().zip(w.value.chunks_exact_mut(n)) {
            for (x, v) in out.iter_mut().enumerate() {
                *v = 0.0 + self.pos_util(a, x, &b.pos_init);
                *v += self.pos_util(a, x, &b.pos_rcvr);
            }
            for (y, own_y) in own.chunks_exact(n).enumerate() {
                // The principals' own positions are replaced by the
                // bargain's (counted above).
                if y == b.init || y == b.rcvr {
                    continue;
                }
                for (v, &o) in out.iter_mut().zip(own_y) {
                    *v += o;
                }
            }
            for v in out.iter_mut() {
                *v /= nf;
            }
        }
        next.clear();
        next.extend_from_slice(&self.pos);
        for k in 0..n {
            w.queue.clear();
            w.queue.extend(
                (0..bargains.len()).filter(|&b| bargains[b].init == k || bargains[b].rcvr == k),
            );
            if w.queue.is_empty() {
                continue;
            }
            // Option 0 is k's status quo, then its bargains; voter by voter.
            w.table.clear();
            for (x, &sq) in w.status_quo.iter().enumerate() {
                w.table.push(sq);
                w.table.extend(w.queue.iter().map(|&b| w.value[b * n + x]));
            }
            condorcet_into(w.queue.len() + 1, &a.cap, &w.table, &mut w.pv, &mut w.p);
            let mut chosen = 0;
            let mut top = -1.0;
            for (m, &pm) in w.p.iter().enumerate() {
                if beats(pm.abs(), top) {
                    top = pm.abs();
                    chosen = m;
                }
            }
            if chosen == 0 {
                continue;
            }
            let b = &mut bargains[w.queue[chosen - 1]];
            let to = if b.init == k {
                b.adopted_by_init = true;
                &b.pos_init
            } else {
                b.adopted_by_rcvr = true;
                &b.pos_rcvr
            };
            next[k * d..(k + 1) * d].copy_from_slice(to);
        }
    }

    /// The final election over the distinct positions: for each group of
    /// actors sharing a position (within [`SAME_POSITION`]), its
    /// representative actor, members and probability.
    pub fn outcome(&self, a: &Actors) -> Vec<(usize, Vec<usize>, f64)> {
        let (n, d) = (a.n, a.d);
        let mut reps: Vec<usize> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let pi = &self.pos[i * d..(i + 1) * d];
            let found = reps.iter().position(|&r| {
                let pr = &self.pos[r * d..(r + 1) * d];
                pi.iter()
                    .zip(pr)
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum::<f64>()
                    .sqrt()
                    < SAME_POSITION
            });
            match found {
                Some(g) => members[g].push(i),
                None => {
                    reps.push(i);
                    members.push(vec![i]);
                }
            }
        }
        let p = condorcet(reps.len(), &a.cap, |x, m| self.util(n, x, x, reps[m]));
        reps.into_iter()
            .zip(members)
            .zip(p)
            .map(|((r, m), p)| (r, m, p))
            .collect()
    }
}

/// Third party m's vote in i's challenge of j (see [`State::challenge`]):
/// weight `wm`, utilities `umi`, `umj`, `umm` for the positions of i, j and
/// m, and the principals' strengths `base_i`, `base_j`.
#[inline(always)]
fn third_party(wm: f64, umi: f64, umj: f64, umm: f64, base_i: f64, base_j: f64) -> f64 {
    let v = wm * (umi - umj);
    let ci = base_i + v.max(0.0);
    let cj = base_j - v.min(0.0);
    let pi = ci / (ci + cj);
    let pj = 1.0 - pi;
    let with_i = pi * (umi + umi + umm) + pj * (umj + umj + umj);
    let with_j = pi * (umi + umi + umi) + pj * (umj + umj + umm);
    wm * (with_i - with_j)
}

/// True when `x` exceeds `best` by more than rounding noise ([`TIE`]).
#[inline]
fn beats(x: f64, best: f64) -> bool {
    x - best > TIE * x.abs().max(best.abs())
}

/// [`beats`] for expected gains. A gain is a difference of utilities of
/// order one (at most about 2), so its rounding noise is absolute, some
/// ulps of 1, however small the gain: two gains of 1.6e-4 that are equal in
/// exact arithmetic were seen 2.2e-16 apart, 1.4e-12 relative, after every
/// capability was multiplied by 1 + 2⁻⁵². The tolerance is therefore
/// relative to the larger gain and never below [`TIE`] absolute.
#[inline]
fn gain_beats(x: f64, best: f64) -> bool {
    x - best > TIE * x.abs().max(best.abs()).max(1.0)
}

/// KTAB's `stateDist`: Σ_i ‖x_i − y_i‖.
pub(super) fn movement(d: usize, x: &[f64], y: &[f64]) -> f64 {
    x.chunks(d)
        .zip(y.chunks(d))
        .map(|(a, b)| {
            a.iter()
                .zip(b)
                .fold(0.0, |s, (p, q)| s + (p - q) * (p - q))
                .sqrt()
        })
        .fold(0.0, |s, v| s + v)
}
