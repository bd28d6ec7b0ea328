//! The arithmetic of one BDM run ([`super`]'s equations): distances,
//! probabilities of success and expected utilities, in buffers allocated
//! once per run.

use crate::models::median::weighted_median;

/// Scratch space for one run: everything is allocated once. Players at the
/// same position share their distances, utilities and probabilities, and
/// voters with the same position and risk exponent vote as one, so the
/// O(n³) probability step runs over distinct positions and voter groups
/// only. The logarithms that turn each power b^r into one `exp` are
/// computed once per round.
pub(super) struct Model {
    n: usize,
    /// L = max − min.
    pub(super) width: f64,
    q: f64,
    /// Distinct positions, ascending (`m` of them), and for each player the
    /// index of its position and for each position the number of players.
    m: usize,
    pos: Vec<f64>,
    pub(super) pos_of: Vec<usize>,
    count: Vec<f64>,
    /// `delta[u·m + v]` = δ between distinct positions u and v; and ln δ,
    /// ln(0.5 − 0.5 δ), ln(0.5 + 0.5 δ).
    delta: Vec<f64>,
    ln_delta: Vec<f64>,
    ln_success: Vec<f64>,
    ln_failure: Vec<f64>,
    /// Voter groups: (position index, r, summed weight), then the weights
    /// alone.
    groups: Vec<(usize, f64, f64)>,
    group_w: Vec<f64>,
    /// `y[u·g + h]` = δ(u, group h)^{r_h}, for g groups.
    y: Vec<f64>,
    /// `pull[u]` = Σ_h W_h y[u·g + h].
    pull: Vec<f64>,
    /// `num[u·m + v]` = Σ_k max(0, v_k(u, v)) between distinct positions.
    num: Vec<f64>,
    /// D = Σ_k Σ_a Σ_b |v_k(a, b)| over all ordered pairs of players.
    denominator: f64,
    /// U^s and U^f against each distinct position, for the player whose
    /// estimates are being computed (see `estimates_for`).
    us: Vec<f64>,
    uf: Vec<f64>,
    usq: f64,
    /// Sorting buffers.
    order: Vec<usize>,
    points: Vec<(f64, f64)>,
}

/// b^r given b and ln b: exact for the risk-neutral r = 1, one `exp`
/// otherwise. Bases here lie in [0, 1] and r in [0.5, 2] (ln 0 = −∞ gives 0).
#[inline]
fn power(base: f64, ln_base: f64, r: f64) -> f64 {
    if r == 1.0 {
        base
    } else {
        (r * ln_base).exp()
    }
}

/// Σ_k w_k |a_k − b_k|, in four fixed lanes (deterministic and fast).
#[inline]
fn weighted_abs_diff(a: &[f64], b: &[f64], w: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, b4, w4) = (a.chunks_exact(4), b.chunks_exact(4), w.chunks_exact(4));
    let mut rest = 0.0;
    for ((&ak, &bk), &wk) in a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .zip(w4.remainder())
    {
        rest += wk * (ak - bk).abs();
    }
    for ((a, b), w) in a4.zip(b4).zip(w4) {
        for l in 0..4 {
            acc[l] += w[l] * (a[l] - b[l]).abs();
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest
}

impl Model {
    pub(super) fn new(n: usize, width: f64, q: f64) -> Self {
        Model {
            n,
            width,
            q,
            m: 0,
            pos: Vec::with_capacity(n),
            pos_of: vec![0; n],
            count: Vec::with_capacity(n),
            delta: vec![0.0; n * n],
            ln_delta: vec![0.0; n * n],
            ln_success: vec![0.0; n * n],
            ln_failure: vec![0.0; n * n],
            groups: Vec::with_capacity(n),
            group_w: Vec::with_capacity(n),
            y: vec![0.0; n * n],
            pull: vec![0.0; n],
            num: vec![0.0; n * n],
            denominator: 0.0,
            us: vec![0.0; n],
            uf: vec![0.0; n],
            usq: 0.0,
            order: Vec::with_capacity(n),
            points: Vec::with_capacity(n),
        }
    }

    pub(super) fn median(&mut self, x: &[f64], w: &[f64]) -> f64 {
        self.points.clear();
        self.points.extend(x.iter().copied().zip(w.iter().copied()));
        // `check()` guaranteed a positive total weight, so there is a median;
        // the fallback only keeps this total.
        weighted_median(&mut self.points).map_or(x[0], |pv| pv.value)
    }

    /// Distinct positions, distances and their logarithms for positions `x`.
    pub(super) fn set_positions(&mut self, x: &[f64]) {
        self.order.clear();
        self.order.extend(0..self.n);
        self.order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        self.pos.clear();
        self.count.clear();
        for &a in &self.order {
            if self.pos.last() != Some(&x[a]) {
                self.pos.push(x[a]);
                self.count.push(0.0);
            }
            let u = self.pos.len() - 1;
            self.pos_of[a] = u;
            self.count[u] += 1.0;
        }
        let m = self.pos.len();
        self.m = m;
        for u in 0..m {
            for v in u..m {
                let d = ((self.pos[u] - self.pos[v]).abs() / self.width).min(1.0);
                let entries = [
                    (&mut self.delta, d),
                    (&mut self.ln_delta, d.ln()),
                    (&mut self.ln_success, (0.5 - 0.5 * d).ln()),
                    (&mut self.ln_failure, (0.5 + 0.5 * d).ln()),
                ];
                for (table, value) in entries {
                    table[u * m + v] = value;
                    table[v * m + u] = value;
                }
            }
        }
    }

    /// Fills `num` and `denominator` for the positions of the last
    /// `set_positions`, with each voter's risk exponent `r` (`None`: all 1).
    pub(super) fn probabilities(&mut self, w: &[f64], r: Option<&[f64]>) {
        let m = self.m;
        // Voter groups: same position and same r vote identically.
        self.order.clear();
        self.order.extend((0..self.n).filter(|&k| w[k] > 0.0));
        let risk = |k: usize| r.map_or(1.0, |r| r[k]);
        let pos_of = &self.pos_of;
        self.order
            .sort_by(|&a, &b| pos_of[a].cmp(&pos_of[b]).then(risk(a).total_cmp(&risk(b))));
        self.groups.clear();
        for &k in &self.order {
            match self.groups.last_mut() {
                Some(g) if g.0 == pos_of[k] && g.1 == risk(k) => g.2 += w[k],
                _ => self.groups.push((pos_of[k], risk(k), w[k])),
            }
        }
        self.group_w.clear();
        self.group_w.extend(self.groups.iter().map(|g| g.2));
        let g = self.groups.len();

        for u in 0..m {
            for (h, &(v, r, _)) in self.groups.iter().enumerate() {
                let i = u * m + v;
                self.y[u * g + h] = power(self.delta[i], self.ln_delta[i], r);
            }
            let row = &self.y[u * g..(u + 1) * g];
            self.pull[u] = row.iter().zip(&self.group_w).map(|(y, w)| y * w).sum();
        }
        let mut total = 0.0;
        for u in 0..m {
            self.num[u * m + u] = 0.0;
            let yu = &self.y[u * g..(u + 1) * g];
            for v in u + 1..m {
                let yv = &self.y[v * g..(v + 1) * g];
                // Σ|v_k| and Σv_k give the positive and negative parts.
                let abs = weighted_abs_diff(yv, yu, &self.group_w);
                let net = self.pull[v] - self.pull[u];
                self.num[u * m + v] = (0.5 * (abs + net)).max(0.0);
                self.num[v * m + u] = (0.5 * (abs - net)).max(0.0);
                total += self.count[u] * self.count[v] * abs;
            }
        }
        self.denominator = 2.0 * total;
    }

    /// P_ct, the probability that challenger c prevails over target t.
    #[inline]
    pub(super) fn prob(&self, c: usize, t: usize) -> f64 {
        if self.denominator > 0.0 {
            self.num[self.pos_of[c] * self.m + self.pos_of[t]] / self.denominator
        } else {
            0.0
        }
    }

    /// Q U^sq + (1 − Q)(T U^b + (1 − T) U^w) for challenger at `xc` against
    /// target at `xt`, with risk exponent r and U^sq = `usq`.
    #[inline]
    pub(super) fn no_challenge(&self, xc: f64, xt: f64, mu: f64, r: f64, usq: f64) -> f64 {
        if self.q == 1.0 {
            return usq;
        }
        let spread = ((xc - mu).abs() + (xc - xt).abs()) / self.width;
        let t_better = (xc - mu).abs() < (xc - xt).abs();
        let base = if t_better {
            0.5 - 0.25 * spread
        } else {
            0.5 + 0.25 * spread
        };
        self.q * usq + (1.0 - self.q) * (2.0 - 4.0 * base.max(0.0).powf(r))
    }

    /// Prepares the basic utilities U^s, U^f (against every distinct
    /// position) and U^sq as a player at position index `u` with risk
    /// exponent `r` computes them.
    pub(super) fn estimates_for(&mut self, u: usize, r: f64) {
        let m = self.m;
        for v in 0..m {
            let k = u * m + v;
            let d = self.delta[k];
            self.us[v] = 2.0 - 4.0 * power(0.5 - 0.5 * d, self.ln_success[k], r);
            self.uf[v] = 2.0 - 4.0 * power(0.5 + 0.5 * d, self.ln_failure[k], r);
        }
        self.usq = 2.0 - 4.0 * 0.5f64.powf(r);
    }

    /// (E(U_ij), E(U_ji)) as player i estimates them with exponent `r`;
    /// `estimates_for(pos_of[i], r)` must have been called.
    #[inline]
    pub(super) fn dyad(
        &self,
        i: usize,
        j: usize,
        x: &[f64],
        s: &[f64],
        r: f64,
        mu: f64,
    ) -> (f64, f64) {
        let v = self.pos_of[j];
        let (us, uf, usq) = (self.us[v], self.uf[v], self.usq);
        let (p_ij, p_ji) = (self.prob(i, j), self.prob(j, i));
        let a = s[j] * (p_ij * us + (1.0 - p_ij) * uf) + (1.0 - s[j]) * us
            - self.no_challenge(x[i], x[j], mu, r, usq);
        let b = s[i] * (p_ji * us + (1.0 - p_ji) * uf) + (1.0 - s[i]) * us
            - self.no_challenge(x[j], x[i], mu, r, usq);
        (a, b)
    }

    /// Sec_i = Σ_{j≠i} E(U_ji) in the risk-neutral pass (all r = 1).
    pub(super) fn security(&mut self, x: &[f64], w: &[f64], s: &[f64], mu: f64) -> Vec<f64> {
        self.probabilities(w, None);
        let mut sec = vec![0.0; self.n];
        for i in 0..self.n {
            self.estimates_for(self.pos_of[i], 1.0);
            for j in i + 1..self.n {
                // With r = 1 the estimate does not depend on who makes it.
                let (eu_ij, eu_ji) = self.dyad(i, j, x, s, 1.0, mu);
                sec[j] += eu_ij;
                sec[i] += eu_ji;
            }
        }
        sec
    }
}
