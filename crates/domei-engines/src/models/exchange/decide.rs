//! The round core (`sides = round`): Decide's equal-gain model, rule for
//! rule (module docs, [`super`], "The decide reading"). Positions are on
//! Decide's 0–100 scale here, so that its thresholds apply unchanged.

use super::{new_start, Rng, Step, Trace};
use crate::models::joint::Joint;
use crate::{ExchangeCap, ExchangeTies};

/// Decide's smallest move (`|move| <= 1e-10` is no move) and smallest gain.
const DECIDE_EPS: f64 = 1e-10;
/// Decide compares positions with the scale's ends exactly in decimal
/// arithmetic; in binary floating point `x + (100 − x)` may exceed 100 by
/// one unit in the last place, which must not invalidate a move.
const EDGE: f64 = 1e-9;
/// Gains this close (relative) are equal. Decide ranks exact decimal
/// values; mathematically equal gains reached by different sums can differ
/// in the last binary digits here, and must still go in creation order.
const TIE: f64 = 1e-10;

/// One actor's part in an exchange: it shifts on its supply issue toward
/// the partner's position and gains on its demand issue.
#[derive(Debug, Clone)]
struct Side {
    actor: usize,
    supply: usize,
    demand: usize,
    /// Position it shifts from: the round's start position, or its voting
    /// position after an executed exchange with the same supply issue.
    x: f64,
    /// Its position on the supply issue at the start of the round.
    start: f64,
    /// Its own position on the demand issue (where the partner shifts to).
    x_demand: f64,
    s_supply: f64,
    c_supply: f64,
    s_demand: f64,
    /// Voting position after the exchange, and the signed move.
    y: f64,
    mv: f64,
    /// Decide's record of moves, used by its no-reversal test.
    moves: Vec<f64>,
}

/// A possible exchange: `i` supplies q and demands p; `j` supplies p and
/// demands q.
#[derive(Debug, Clone)]
struct Exchange {
    i: Side,
    j: Side,
    gain: f64,
    valid: bool,
    /// Voting positions of executed exchanges that share an actor and its
    /// demand issue with this one: (issue, actor, position).
    updates: Vec<(usize, usize, f64)>,
}

impl Exchange {
    fn side(&self, first: bool) -> &Side {
        if first {
            &self.i
        } else {
            &self.j
        }
    }

    fn update(&self, d: usize, a: usize) -> Option<f64> {
        self.updates
            .iter()
            .find(|u| u.0 == d && u.1 == a)
            .map(|u| u.2)
    }

    fn set_update(&mut self, d: usize, a: usize, v: f64) {
        match self.updates.iter_mut().find(|u| u.0 == d && u.1 == a) {
            Some(u) => u.2 = v,
            None => self.updates.push((d, a, v)),
        }
    }
}

/// Decide's move test: not too small or large, within the scale, and in the
/// same direction as every move recorded for this side.
fn move_valid(s: &Side, mv: f64) -> bool {
    if !mv.is_finite() || mv.abs() > 100.0 || mv.abs() <= DECIDE_EPS {
        return false;
    }
    let to = s.x + mv;
    if !(-EDGE..=100.0 + EDGE).contains(&to) {
        return false;
    }
    if s.moves.iter().sum::<f64>() > 100.0 {
        return false;
    }
    let lo = s.moves.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = s.moves.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo < 0.0 && hi < 0.0) || (lo > 0.0 && hi > 0.0)
}

struct Round<'a> {
    joint: &'a Joint,
    cap: ExchangeCap,
    /// Actors in creation order (first appearance in the input).
    order: &'a [usize],
    /// Positions at the start of the round, 0–100, `a * m + d`.
    pos: Vec<f64>,
    /// Voting positions so far in this round (for `cap = current`).
    cur: Vec<f64>,
    /// Σ c·s per issue.
    denom: Vec<f64>,
}

impl Round<'_> {
    fn m(&self) -> usize {
        self.joint.issues
    }

    fn cs(&self, a: usize, d: usize) -> Option<(f64, f64)> {
        self.joint
            .stance(a, d)
            .map(|st| (st.capability, st.salience))
    }

    /// The weighted mean of `pos`.
    fn mean(&self, pos: &[f64], d: usize) -> f64 {
        let m = self.m();
        let mut num = 0.0;
        for &a in self.order {
            if let Some((c, s)) = self.cs(a, d) {
                num += pos[a * m + d] * s * c;
            }
        }
        num / self.denom[d]
    }

    /// Position of actor `a` on `d` in the mean an exchange is checked
    /// against: the start positions with the exchange's updates (Decide's
    /// adjusted mean), or the current voting positions.
    fn base(&self, e: &Exchange, d: usize, a: usize) -> f64 {
        let k = a * self.m() + d;
        match self.cap {
            ExchangeCap::Adjusted => e.update(d, a).unwrap_or(self.pos[k]),
            ExchangeCap::Current => self.cur[k],
        }
    }

    /// The mean of `d` with `actor` at `at` (Decide's `adjusted_nbs`).
    fn adjusted(&self, e: &Exchange, d: usize, actor: usize, at: f64) -> f64 {
        let mut num = 0.0;
        for &a in self.order {
            if let Some((c, s)) = self.cs(a, d) {
                let x = if a == actor { at } else { self.base(e, d, a) };
                num += x * s * c;
            }
        }
        num / self.denom[d]
    }

    /// How far `actor`, standing at `at`, must move for the mean of `d` to
    /// reach `target` (Decide's `adjusted_nbs_by_position`: its updates
    /// override the actor's own position).
    fn move_to_mean(&self, e: &Exchange, d: usize, actor: usize, at: f64, target: f64) -> f64 {
        let mut num = 0.0;
        let mut own = 0.0;
        for &a in self.order {
            if let Some((c, s)) = self.cs(a, d) {
                let x = match self.cap {
                    ExchangeCap::Adjusted => e.update(d, a).unwrap_or(if a == actor {
                        at
                    } else {
                        self.pos[a * self.m() + d]
                    }),
                    ExchangeCap::Current => {
                        if a == actor {
                            at
                        } else {
                            self.cur[a * self.m() + d]
                        }
                    }
                };
                num += x * s * c;
                if a == actor {
                    own = s * c;
                }
            }
        }
        (target * self.denom[d] - num) / own
    }

    fn new_side(&self, a: usize, supply: usize, demand: usize) -> Side {
        let m = self.m();
        let (c_supply, s_supply) = self.cs(a, supply).unwrap_or((0.0, 0.0));
        let s_demand = self.cs(a, demand).map_or(0.0, |cs| cs.1);
        let x = self.pos[a * m + supply];
        Side {
            actor: a,
            supply,
            demand,
            x,
            start: x,
            x_demand: self.pos[a * m + demand],
            s_supply,
            c_supply,
            s_demand,
            y: x,
            mv: 0.0,
            moves: Vec::new(),
        }
    }

    /// Decide's exchange set-up: of actors `a` (listed first) and `b` on
    /// issues `p` < `q`, the one caring relatively more about `p` demands it.
    fn exchange(&self, a: usize, b: usize, p: usize, q: usize) -> Exchange {
        let sal = |x: usize, d: usize| self.cs(x, d).map_or(0.0, |cs| cs.1);
        // s_ap / s_aq < s_bp / s_bq, multiplied out (saliences are >= 0).
        let (i, j) = if sal(a, p) * sal(b, q) < sal(b, p) * sal(a, q) {
            (b, a)
        } else {
            (a, b)
        };
        let mut e = Exchange {
            i: self.new_side(i, q, p),
            j: self.new_side(j, p, q),
            gain: 0.0,
            valid: true,
            updates: Vec::new(),
        };
        self.calculate(&mut e);
        e
    }

    /// Decide's `calculate`: the equal-gain exchange from the current
    /// sides, then the check against the (adjusted) means.
    fn calculate(&self, e: &mut Exchange) {
        let (dp_j, dq_i) = (self.denom[e.j.supply], self.denom[e.i.supply]);
        // j moves all the way to i's position on p ...
        let mut dp = (e.i.x_demand - e.j.x).abs() * e.j.s_supply * e.j.c_supply / dp_j;
        let mut dq = (e.j.s_supply + e.i.s_demand) / (e.j.s_demand + e.i.s_supply) * dp;
        let mut mi = dq * dq_i / (e.i.c_supply * e.i.s_supply);
        let mut mj = (e.i.x_demand - e.j.x).abs();
        // ... unless that asks i to move beyond j's position on q.
        if mi.abs() > (e.j.x_demand - e.i.x).abs() {
            dq = (e.j.x_demand - e.i.x).abs() * e.i.s_supply * e.i.c_supply / dq_i;
            dp = (e.i.s_supply + e.j.s_demand) / (e.i.s_demand + e.j.s_supply) * dq;
            mi = (e.j.x_demand - e.i.x).abs();
            mj = dp * dp_j / (e.j.c_supply * e.j.s_supply);
        }
        if e.i.x > e.j.x_demand {
            mi = -mi;
        }
        if e.j.x > e.i.x_demand {
            mj = -mj;
        }
        e.i.mv = mi;
        e.j.mv = mj;
        e.i.moves.push(mi);
        e.j.moves.push(mj);
        e.i.y = e.i.x + mi;
        e.j.y = e.j.x + mj;
        let gain = (dq * e.i.s_supply - dp * e.i.s_demand).abs();
        e.gain = if gain.is_finite() { gain } else { 0.0 };
        e.valid = move_valid(&e.i, mi) && move_valid(&e.j, mj) && e.gain >= DECIDE_EPS;
        if !e.valid {
            return;
        }
        self.check_mean(e, true);
        self.check_mean(e, false);
        e.valid = move_valid(&e.i, e.i.mv) && move_valid(&e.j, e.j.mv);
    }

    /// Decide's `check_nbs` for side `first` (i) or j: if its move carries
    /// the mean of its supply issue past the partner's position, the move
    /// shrinks to land the mean exactly there and the partner's move
    /// shrinks at the equal-gain rate.
    fn check_mean(&self, e: &mut Exchange, first: bool) {
        let (a, b) = (e.side(first), e.side(!first));
        let d = a.supply;
        let before = self.adjusted(e, d, a.actor, a.x);
        let after = self.adjusted(e, d, a.actor, a.y);
        let x = b.x_demand;
        if (x - before >= 0.0 && x - after >= 0.0) || (x - before <= 0.0 && x - after <= 0.0) {
            return;
        }
        let delta = self.move_to_mean(e, d, a.actor, a.x, x).abs();
        let shift_a = delta * a.s_supply * a.c_supply / self.denom[d];
        let shift_b = (a.s_supply + b.s_demand) / (a.s_demand + b.s_supply) * shift_a;
        let mut mb = (shift_b * self.denom[b.supply] / (b.c_supply * b.s_supply)).abs();
        let mut ma = delta;
        if b.x > a.x_demand {
            mb = -mb;
        }
        if a.x > b.x_demand {
            ma = -ma;
        }
        let gain = (shift_b * b.s_supply - shift_a * b.s_demand).abs();
        let (sa, sb) = if first {
            (&mut e.i, &mut e.j)
        } else {
            (&mut e.j, &mut e.i)
        };
        for (s, mv) in [(&mut *sa, ma), (&mut *sb, mb)] {
            s.moves.pop();
            s.moves.push(mv);
            s.mv = mv;
            s.y = s.x + mv;
        }
        e.gain = if gain.is_finite() { gain } else { 0.0 };
    }

    /// Decide's `recalculate` of exchange `e` after `done` was executed.
    fn recalculate(&self, e: &mut Exchange, done: &Exchange) {
        // Its own supply positions: a side that shifts on the same issue as
        // a side of `done` now starts from that side's voting position.
        let mut recalc = false;
        for first in [true, false] {
            let s = if first { &mut e.i } else { &mut e.j };
            let hit = [&done.i, &done.j]
                .into_iter()
                .find(|d| d.actor == s.actor && d.supply == s.supply);
            if let Some(d) = hit {
                s.x = d.y;
                if let Some(&last) = d.moves.last() {
                    s.moves.push(last);
                }
                recalc = true;
            }
        }
        if recalc {
            e.i.moves.pop();
            e.j.moves.pop();
        }
        // The means it is checked against: the voting positions of `done`'s
        // suppliers on issues an actor of `e` also demands.
        for (demander, supplier) in [(&done.j, &done.i), (&done.i, &done.j)] {
            let shares = [&e.i, &e.j]
                .into_iter()
                .any(|s| s.actor == demander.actor && s.demand == demander.demand);
            if !shares {
                continue;
            }
            let d = demander.demand;
            let v = match e.update(d, supplier.actor) {
                // Decide's `update_updates`, as written.
                Some(u) if supplier.start <= u => u.min(supplier.y),
                Some(u) => u.max(supplier.y),
                None => supplier.y,
            };
            e.set_update(d, supplier.actor, v);
            if !recalc {
                e.i.moves.pop();
                e.j.moves.pop();
                recalc = true;
            }
        }
        if recalc {
            self.calculate(e);
        }
    }
}

/// Index of the exchange to execute: the highest gain, first in list order
/// among equal gains (within [`TIE`]); with `rng`, a tie between the first two is decided by
/// a coin and the loser goes to the end of the list (Decide's random rule).
fn pick(list: &mut Vec<Exchange>, rng: Option<&mut Rng>) -> usize {
    let first_max = |skip: Option<usize>, list: &[Exchange]| {
        let mut best: Option<usize> = None;
        for (k, e) in list.iter().enumerate() {
            if Some(k) == skip {
                continue;
            }
            if best.is_none_or(|b| e.gain > list[b].gain * (1.0 + TIE)) {
                best = Some(k);
            }
        }
        best
    };
    let top = first_max(None, list).unwrap_or(0);
    let Some(rng) = rng else { return top };
    let Some(next) = first_max(Some(top), list) else {
        return top;
    };
    if list[next].gain < list[top].gain * (1.0 - TIE) || rng.below(2) == 0 {
        return top;
    }
    // The coin chose the second: the first goes to the end.
    let loser = list.remove(top);
    list.push(loser);
    if next > top {
        next - 1
    } else {
        next
    }
}

/// Runs Decide's rounds.
pub(super) fn run(
    joint: &Joint,
    cap: ExchangeCap,
    rounds: u32,
    ties: ExchangeTies,
    seed: u64,
    max_exchanges: u32,
    explain: bool,
) -> Trace {
    let (n, m) = (joint.actors(), joint.issues);
    // Creation order: actors in order of first appearance in the input.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for of in &joint.actor_of {
        for &a in of {
            if !seen[a] {
                seen[a] = true;
                order.push(a);
            }
        }
    }
    let mut pos = vec![0.0; n * m];
    let mut denom = vec![0.0; m];
    for &a in &order {
        for (d, total) in denom.iter_mut().enumerate() {
            if let Some(st) = joint.stance(a, d) {
                pos[a * m + d] = st.position * 100.0;
                *total += st.salience * st.capability;
            }
        }
    }
    let mut rng = (ties == ExchangeTies::Random).then(|| Rng::new(seed));
    let mut state = Round {
        joint,
        cap,
        order: &order,
        cur: pos.clone(),
        pos,
        denom,
    };
    let unit = |v: &[f64]| v.iter().map(|x| x / 100.0).collect::<Vec<f64>>();
    let initial: Vec<f64> = (0..m).map(|d| state.mean(&state.pos, d) / 100.0).collect();
    let mut trace = Trace::new(initial.clone());
    let mut value = initial;
    for round in 1..=rounds {
        // Sides of the start-of-round means, fixed for the round.
        let means: Vec<f64> = (0..m).map(|d| state.mean(&state.pos, d)).collect();
        let left = |a: usize, d: usize| state.pos[a * m + d] <= means[d];
        let mut list: Vec<Exchange> = Vec::new();
        for p in 0..m {
            for q in p + 1..m {
                // Groups: 0 right of both means, 3 left of both, 1 left on
                // p only, 2 left on q only; 0 trades with 3, 1 with 2.
                let mut groups: [Vec<usize>; 4] = Default::default();
                for &a in &order {
                    if joint.stance(a, p).is_some() && joint.stance(a, q).is_some() {
                        let g = usize::from(left(a, p)) | (usize::from(left(a, q)) << 1);
                        groups[g].push(a);
                    }
                }
                for (g, h) in [(0, 3), (1, 2)] {
                    for &a in &groups[g] {
                        for &b in &groups[h] {
                            list.push(state.exchange(a, b, p, q));
                        }
                    }
                }
            }
        }
        state.cur = state.pos.clone();
        let mut realized: Vec<Exchange> = Vec::new();
        while !list.is_empty() {
            if realized.len() as u32 == max_exchanges {
                trace.converged = false;
                break;
            }
            let k = pick(&mut list, rng.as_mut());
            let done = list.remove(k);
            if !done.valid {
                continue;
            }
            let mut kept = Vec::with_capacity(list.len());
            for mut e in list.drain(..) {
                if e.valid {
                    state.recalculate(&mut e, &done);
                    if e.valid {
                        kept.push(e);
                    }
                }
            }
            list = kept;
            for s in [&done.i, &done.j] {
                state.cur[s.actor * m + s.supply] = s.y;
            }
            if explain {
                let (i, j) = (&done.i, &done.j);
                let share = |s: &Side| s.s_supply * s.c_supply / state.denom[s.supply];
                trace.steps.push(Step {
                    round,
                    i: i.actor,
                    j: j.actor,
                    p: i.demand,
                    q: i.supply,
                    i_from: i.x / 100.0,
                    i_to: i.y / 100.0,
                    j_from: j.x / 100.0,
                    j_to: j.y / 100.0,
                    shift_p: j.mv * share(j) / 100.0,
                    shift_q: i.mv * share(i) / 100.0,
                    gain: done.gain / 100.0,
                });
            }
            realized.push(done);
        }
        // Voting positions: the last executed exchange of each actor and
        // supply issue.
        let mut vote = state.pos.clone();
        for e in &realized {
            for s in [&e.i, &e.j] {
                vote[s.actor * m + s.supply] = s.y;
            }
        }
        value = (0..m).map(|d| state.mean(&vote, d) / 100.0).collect();
        let executed = realized.len() as u32;
        trace.executed += executed;
        trace.snapshots.push(unit(&vote));
        trace.end_round(executed, &unit(&vote), explain);
        // Between rounds: positions move toward the voting positions.
        for e in &realized {
            for s in [&e.i, &e.j] {
                state.pos[s.actor * m + s.supply] = new_start(s.s_supply, s.start, s.y);
            }
        }
    }
    trace.value = value;
    trace
}
