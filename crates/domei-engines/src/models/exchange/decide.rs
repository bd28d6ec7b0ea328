//! The round core (`sides = round`): Decide's equal-gain model, rule for
//! rule (module docs, [`super`], "The decide reading"). Positions are on
//! Decide's 0–100 scale here, so that its thresholds apply unchanged, and
//! the arithmetic is a parameter: Decide's 28-digit decimals
//! ([`Dec`](super::decimal::Dec), `arith = decimal`) or binary doubles (`arith = binary`).

use super::num::Num;
use super::small::Small;
use super::{Rng, Step, Trace};
use crate::models::joint::Joint;
use crate::{ExchangeCap, ExchangeTies};

mod means;

/// One actor's part in an exchange: it shifts on its supply issue toward
/// the partner's position and gains on its demand issue.
#[derive(Debug, Clone)]
struct Side<N> {
    actor: usize,
    supply: usize,
    demand: usize,
    /// Position it shifts from: the round's start position, or its voting
    /// position after an executed exchange with the same supply issue.
    x: N,
    /// Its position on the supply issue at the start of the round.
    start: N,
    /// Its own position on the demand issue (where the partner shifts to).
    x_demand: N,
    s_supply: N,
    c_supply: N,
    s_demand: N,
    /// Voting position after the exchange, and the signed move.
    y: N,
    mv: N,
    /// Decide's record of moves, used by its no-reversal test.
    moves: Small<N, 4>,
}

/// A possible exchange: `i` supplies q and demands p; `j` supplies p and
/// demands q.
#[derive(Debug, Clone)]
pub(super) struct Exchange<N> {
    i: Side<N>,
    j: Side<N>,
    gain: N,
    valid: bool,
    /// Voting positions of executed exchanges that share an actor and its
    /// demand issue with this one: (issue, actor, position).
    updates: Small<(usize, usize, N), 2>,
}

impl<N: Num> Exchange<N> {
    fn update(&self, d: usize, a: usize) -> Option<N> {
        self.updates
            .as_slice()
            .iter()
            .find(|u| u.0 == d && u.1 == a)
            .map(|u| u.2)
    }

    fn set_update(&mut self, d: usize, a: usize, v: N) {
        match self
            .updates
            .as_mut_slice()
            .iter_mut()
            .find(|u| u.0 == d && u.1 == a)
        {
            Some(u) => u.2 = v,
            None => self.updates.push((d, a, v)),
        }
    }
}

/// Decide's move test: not too small or large, within the scale, and in the
/// same direction as every move recorded for this side.
fn move_valid<N: Num>(s: &Side<N>, mv: N) -> bool {
    let (zero, hundred) = (N::int(0), N::int(100));
    if !mv.finite() || mv.abs() > hundred || mv.abs() <= N::tiny() {
        return false;
    }
    let to = s.x + mv;
    if to < zero - N::edge() || to > hundred + N::edge() {
        return false;
    }
    if s.moves.as_slice().iter().fold(zero, |t, &m| t + m) > hundred {
        return false;
    }
    let Some((&first, rest)) = s.moves.as_slice().split_first() else {
        return false;
    };
    let (lo, hi) = rest.iter().fold((first, first), |(lo, hi), &m| {
        (if m < lo { m } else { lo }, if m > hi { m } else { hi })
    });
    (lo < zero && hi < zero) || (lo > zero && hi > zero)
}

struct Round<'a, N> {
    cap: ExchangeCap,
    /// Actors in creation order (first appearance in the input).
    order: &'a [usize],
    /// Per issue, its actors in the input's order (sums run in this order).
    members: &'a [Vec<usize>],
    /// `index[a * m + d]`: a's place in `members[d]` (`usize::MAX` where
    /// it has no stance).
    index: Vec<usize>,
    m: usize,
    /// Salience and capability, `a * m + d` (zero where absent).
    sal: Vec<N>,
    cap_of: Vec<N>,
    /// Positions at the start of the round, 0–100, `a * m + d`.
    pos: Vec<N>,
    /// `pos · s · c`, as Decide's means compute it, for the round.
    prod: Vec<N>,
    /// Per issue, the partial sums of `prod` in the input's order.
    prefix: Vec<Vec<N>>,
    /// Per issue, `prod` of its members in the input's order.
    member_prod: Vec<Vec<N>>,
    /// Voting positions so far in this round (for `cap = current`).
    cur: Vec<N>,
    /// Σ s·c per issue.
    denom: Vec<N>,
}

impl<N: Num> Round<'_, N> {
    fn new_side(&self, a: usize, supply: usize, demand: usize) -> Side<N> {
        let k = a * self.m + supply;
        let x = self.pos[k];
        Side {
            actor: a,
            supply,
            demand,
            x,
            start: x,
            x_demand: self.pos[a * self.m + demand],
            s_supply: self.sal[k],
            c_supply: self.cap_of[k],
            s_demand: self.sal[a * self.m + demand],
            y: x,
            mv: N::int(0),
            moves: Small::new(N::int(0)),
        }
    }

    /// Decide's exchange set-up: of actors `a` (listed first) and `b` on
    /// issues `p` < `q`, the one caring relatively more about `p` demands it
    /// (Decide compares the quotients s_p / s_q).
    fn exchange(&self, a: usize, b: usize, p: usize, q: usize) -> Exchange<N> {
        let ratio = |x: usize| self.sal[x * self.m + p] / self.sal[x * self.m + q];
        let (i, j) = if ratio(a) < ratio(b) { (b, a) } else { (a, b) };
        let mut e = Exchange {
            i: self.new_side(i, q, p),
            j: self.new_side(j, p, q),
            gain: N::int(0),
            valid: true,
            updates: Small::new((0, 0, N::int(0))),
        };
        self.calculate(&mut e);
        e
    }

    /// Decide's `calculate`: the equal-gain exchange from the current
    /// sides, then the check against the (adjusted) means.
    fn calculate(&self, e: &mut Exchange<N>) {
        let (den_p, den_q) = (self.denom[e.j.supply], self.denom[e.i.supply]);
        let rate_j = (e.j.s_supply + e.i.s_demand) / (e.j.s_demand + e.i.s_supply);
        // j moves all the way to i's position on p ...
        let mut mj = (e.i.x_demand - e.j.x).abs();
        let mut dp = mj * e.j.s_supply * e.j.c_supply / den_p;
        let mut dq = rate_j * dp;
        let mut mi = dq * den_q / (e.i.c_supply * e.i.s_supply);
        // ... unless that asks i to move beyond j's position on q.
        if mi.abs() > (e.j.x_demand - e.i.x).abs() {
            mi = (e.j.x_demand - e.i.x).abs();
            dq = mi * e.i.s_supply * e.i.c_supply / den_q;
            let rate_i = (e.i.s_supply + e.j.s_demand) / (e.i.s_demand + e.j.s_supply);
            dp = rate_i * dq;
            mj = dp * den_p / (e.j.c_supply * e.j.s_supply);
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
        e.gain = (dq * e.i.s_supply - dp * e.i.s_demand).abs();
        e.valid =
            e.gain.finite() && move_valid(&e.i, mi) && move_valid(&e.j, mj) && e.gain > N::tiny();
        if !e.valid {
            return;
        }
        self.check_mean(e, true);
        self.check_mean(e, false);
        e.valid = e.gain.finite() && move_valid(&e.i, e.i.mv) && move_valid(&e.j, e.j.mv);
    }

    /// Decide's `check_nbs` for side `first` (i) or j: if its move carries
    /// the mean of its supply issue past the partner's position, the move
    /// shrinks to land the mean exactly there and the partner's move
    /// shrinks at the equal-gain rate.
    fn check_mean(&self, e: &mut Exchange<N>, first: bool) {
        let (a, b) = if first { (&e.i, &e.j) } else { (&e.j, &e.i) };
        let d = a.supply;
        let zero = N::int(0);
        let before = self.adjusted(e, d, a.actor, a.x);
        let after = self.adjusted(e, d, a.actor, a.y);
        let x = b.x_demand;
        if (x - before >= zero && x - after >= zero) || (x - before <= zero && x - after <= zero) {
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
        e.gain = gain;
    }

    /// Decide's `recalculate` of exchange `e` after `done` was executed.
    fn recalculate(&self, e: &mut Exchange<N>, done: &Exchange<N>) {
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
                Some(u) if supplier.start <= u => {
                    if u < supplier.y {
                        u
                    } else {
                        supplier.y
                    }
                }
                Some(u) => {
                    if u > supplier.y {
                        u
                    } else {
                        supplier.y
                    }
                }
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

/// Gains this close (relative) are equal in binary arithmetic:
/// mathematically equal gains reached by different sums differ in the last
/// binary digits, and then go in list order.
const TIE: f64 = 1e-10;

/// Decide's choice of the next exchange: the list sorted by gain, highest
/// first, keeping the order of equal gains (a stable sort of the list as
/// the previous choice left it), and the first taken. In binary arithmetic
/// (not [`Num::EXACT`]) the list stays in creation order and the first
/// exchange whose gain is within [`TIE`] of the highest is taken: rounding
/// residues cannot be Decide's, so no sort is made on them. With `rng`,
/// when the second's gain is within 1e-20 of the first's a coin decides
/// between them and the one not taken goes to the end of the list (Decide's
/// random rule; Decide appends the second a second time instead of moving
/// it).
fn pick<N: Num>(list: &mut Vec<Box<Exchange<N>>>, rng: Option<&mut Rng>) -> Box<Exchange<N>> {
    let top = if N::EXACT {
        list.sort_by(|a, b| {
            b.gain
                .partial_cmp(&a.gain)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        list.remove(0)
    } else {
        let max = list
            .iter()
            .map(|e| e.gain.val())
            .fold(f64::NEG_INFINITY, f64::max);
        let k = list
            .iter()
            .position(|e| e.gain.val() >= max * (1.0 - TIE))
            .unwrap_or(0);
        list.remove(k)
    };
    let Some(rng) = rng else { return top };
    let Some(next) = list.first() else { return top };
    let close = (top.gain - next.gain).abs() < N::of(1e-20);
    if !close || rng.below(2) == 0 {
        return top;
    }
    let chosen = list.remove(0);
    list.push(top);
    chosen
}

/// The inputs of the round core: each actor's raw position on each issue
/// (`a * m + d`) and each issue's scale.
pub(super) struct Raw<'a> {
    pub positions: &'a [f64],
    pub bounds: &'a [(f64, f64)],
}

/// Runs Decide's rounds in the arithmetic `N`.
#[allow(clippy::too_many_arguments, clippy::needless_range_loop)]
pub(super) fn run<N: Num>(
    joint: &Joint,
    raw: &Raw,
    cap: ExchangeCap,
    rounds: u32,
    ties: ExchangeTies,
    seed: u64,
    max_exchanges: u32,
    explain: bool,
    record: bool,
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
    let zero = N::int(0);
    let (mut pos, mut sal, mut cap_of) = (vec![zero; n * m], vec![zero; n * m], vec![zero; n * m]);
    let mut denom = vec![zero; m];
    for d in 0..m {
        // Decide's normalisation: (x − min) · (100 / (max − min)).
        let (lo, hi) = raw.bounds[d];
        let step = N::int(100) / (N::of(hi) - N::of(lo));
        for &a in &joint.actor_of[d] {
            let k = a * m + d;
            if let Some(st) = joint.stance(a, d) {
                pos[k] = (N::of(raw.positions[k]) - N::of(lo)) * step;
                sal[k] = N::of(st.salience);
                cap_of[k] = N::of(st.capability);
                denom[d] = denom[d] + sal[k] * cap_of[k];
            }
        }
    }
    let mut index = vec![usize::MAX; n * m];
    for (d, members) in joint.actor_of.iter().enumerate() {
        for (k, &a) in members.iter().enumerate() {
            index[a * m + d] = k;
        }
    }
    let mut rng = (ties == ExchangeTies::Random).then(|| Rng::new(seed));
    let mut state = Round {
        cap,
        order: &order,
        members: &joint.actor_of,
        index,
        m,
        sal,
        cap_of,
        cur: pos.clone(),
        pos,
        prod: Vec::new(),
        prefix: Vec::new(),
        member_prod: Vec::new(),
        denom,
    };
    state.set_products();
    let unit = |v: &[N]| v.iter().map(|x| x.val() / 100.0).collect::<Vec<f64>>();
    let initial: Vec<f64> = (0..m).map(|d| state.mean(None, d).val() / 100.0).collect();
    let mut trace = Trace::new(initial.clone());
    let mut value = initial;
    // Buffers reused from round to round.
    let mut list: Vec<Box<Exchange<N>>> = Vec::new();
    let mut realized: Vec<Box<Exchange<N>>> = Vec::new();
    let mut groups: [Vec<usize>; 4] = Default::default();
    let mut vote: Vec<N> = Vec::new();
    for round in 1..=rounds {
        // Sides of the start-of-round means, fixed for the round.
        let means: Vec<N> = (0..m).map(|d| state.mean(None, d)).collect();
        let left = |a: usize, d: usize| state.pos[a * m + d] <= means[d];
        list.clear();
        for p in 0..m {
            for q in p + 1..m {
                // Groups: 0 right of both means, 3 left of both, 1 left on
                // p only, 2 left on q only; 0 trades with 3, 1 with 2.
                for g in &mut groups {
                    g.clear();
                }
                for &a in state.order {
                    if joint.stance(a, p).is_some() && joint.stance(a, q).is_some() {
                        let g = usize::from(left(a, p)) | (usize::from(left(a, q)) << 1);
                        groups[g].push(a);
                    }
                }
                for (g, h) in [(0, 3), (1, 2)] {
                    for &a in &groups[g] {
                        for &b in &groups[h] {
                            let e = state.exchange(a, b, p, q);
                            // Decide keeps an invalid exchange until it
                            // comes first, then drops it: the same as
                            // never listing it.
                            if e.valid {
                                list.push(Box::new(e));
                            }
                        }
                    }
                }
            }
        }
        state.cur.clone_from(&state.pos);
        realized.clear();
        while !list.is_empty() {
            if realized.len() as u32 == max_exchanges {
                trace.converged = false;
                break;
            }
            let done = pick(&mut list, rng.as_mut());
            list.retain_mut(|e| {
                state.recalculate(e, &done);
                e.valid
            });
            for s in [&done.i, &done.j] {
                state.cur[s.actor * m + s.supply] = s.y;
            }
            if explain {
                let (i, j) = (&done.i, &done.j);
                let share = |s: &Side<N>| (s.s_supply * s.c_supply / state.denom[s.supply]).val();
                trace.steps.push(Step {
                    round,
                    i: i.actor,
                    j: j.actor,
                    p: i.demand,
                    q: i.supply,
                    i_from: i.x.val() / 100.0,
                    i_to: i.y.val() / 100.0,
                    j_from: j.x.val() / 100.0,
                    j_to: j.y.val() / 100.0,
                    shift_p: j.mv.val() * share(j) / 100.0,
                    shift_q: i.mv.val() * share(i) / 100.0,
                    gain: done.gain.val() / 100.0,
                });
            }
            realized.push(done);
        }
        // Voting positions: the last executed exchange of each actor and
        // supply issue.
        vote.clone_from(&state.pos);
        for e in &realized {
            for s in [&e.i, &e.j] {
                vote[s.actor * m + s.supply] = s.y;
            }
        }
        value = (0..m)
            .map(|d| state.mean(Some(&vote), d).val() / 100.0)
            .collect();
        let executed = realized.len() as u32;
        trace.executed += executed;
        if record {
            trace.snapshots.push(unit(&vote));
            trace.end_round(executed, &unit(&vote), explain);
        } else if executed == 0 {
            // Nothing moved: every later round repeats this one (the
            // generator of random ties is not drawn from), and only the
            // value is asked for.
            break;
        }
        // Between rounds: positions move toward the voting positions.
        for e in &realized {
            for s in [&e.i, &e.j] {
                state.pos[s.actor * m + s.supply] = N::new_start(s.s_supply, s.start, s.y);
            }
        }
        state.set_products();
    }
    trace.value = value;
    trace
}
