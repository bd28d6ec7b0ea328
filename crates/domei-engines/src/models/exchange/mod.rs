//! Stokman's exchange model: actors trade voting positions across pairs of
//! issues whose saliences they weigh differently, each giving ground where it
//! cares less in return for ground where it cares more; the forecast on each
//! issue is the capability×salience weighted mean of the voting positions
//! after the exchanges.
//!
//! Source: Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting
//! positions: an object-oriented model of policy networks", in Bueno de
//! Mesquita & Stokman (eds.), *European Community Decision Making*, Yale
//! University Press, 105–127: expected outcomes as weighted means, the
//! conditions for an exchange, exchanges realised in order of gain. The rate
//! of exchange is the "equal gain" rule of Stokman's later exchange-model
//! software (Decide; see Dijkstra, Van Assen, Stokman & Draaijer (2018),
//! "Random variation of exchange rates in the equal utility exchange
//! model"), the version applied to EU legislation in Arregui, Stokman &
//! Thomson (2006), "Compromise and exchange models in EU decision making",
//! in Thomson, Stokman, Achen & König (eds.), *The European Union Decides*.
//!
//! # Equations
//!
//! Actor i on issue d: capability c_id, salience s_id, position x_id (its
//! interest, fixed) and voting position y_id (initially x_id); positions are
//! mapped to `[0, 1]` on each issue's scale. With w_id = c_id s_id and
//! W_d = Σ_i w_id:
//!
//! ```text
//!   expected outcome   O_d = Σ_i w_id y_id / W_d
//!   utility            U_i = − Σ_d s_id |x_id − O_d|
//! ```
//!
//! **An exchange** (i, j, p, q): j shifts its voting position on p toward
//! x_ip, i shifts on q toward x_jq. It is possible when both actors hold
//! positions on both issues and
//!
//! 1. they are on opposite sides of the expected outcome on both issues:
//!    (x_ip − O_p)(x_jp − O_p) < 0 and (x_iq − O_q)(x_jq − O_q) < 0, each
//!    more than 1e-9 of the scale from it (an exchange often puts an outcome
//!    exactly on an actor's position: rounding must not decide the side);
//! 2. i cares relatively more about p and j about q:
//!    s_ip s_jq > s_iq s_jp (this fixes who demands which issue);
//! 3. neither reverses an earlier shift of its voting position on the same
//!    issue.
//!
//! A shift of j by m on p moves the outcome by Δ_p = (w_jp / W_p) m toward
//! x_ip; likewise Δ_q. i gains s_ip Δ_p − s_iq Δ_q and j gains
//! s_jq Δ_q − s_jp Δ_p. **Equal gain** fixes the rate
//! Δ_q / Δ_p = (s_ip + s_jp) / (s_iq + s_jq), and the exchange is as large
//! as the first binding limit allows: neither actor shifts beyond the
//! other's position, and no outcome moves beyond the position of the actor
//! it is moved for:
//!
//! ```text
//!   Δ_p ≤ (w_jp / W_p) · |x_ip − y_jp|,   Δ_p ≤ |x_ip − O_p|
//!   Δ_q ≤ (w_iq / W_q) · |x_jq − y_iq|,   Δ_q ≤ |x_jq − O_q|
//!   gain G = Δ_p (s_ip s_jq − s_iq s_jp) / (s_iq + s_jq)   (each actor)
//! ```
//!
//! **Order.** All possible exchanges are ranked by G; the best is executed,
//! outcomes are recomputed and the ranking is redone, until no exchange
//! gains more than 1e-9 or `exchange_max_exchanges` (1000) have been
//! executed. Ties go to the lowest (actor, actor, issue, issue) in id order;
//! gains within a relative 1e-9 of each other are ties (exchanges that are
//! mirror images of each other have equal gains computed along different
//! paths, which rounding alone would otherwise rank — and differently when
//! every capability is multiplied by the same number).
//!
//! # Choices
//!
//! 1. One exchange at a time, with every possibility recomputed after it
//!    (Stokman & Van Oosten realise exchanges in order of gain and
//!    recalculate those affected; recomputing all of them is the simplest
//!    rule with that property).
//! 2. Equal gain, as above; utilities are linear in distance on each
//!    issue's normalised scale, so issues on different scales weigh only by
//!    salience.
//! 3. Condition 3 (no reversals, as in Stokman's Decide software) together
//!    with the minimum gain guarantees that the procedure ends.
//! 4. An actor absent from an issue takes no part in it: it is not in its
//!    outcome and cannot exchange on it.
//! 5. With one issue no exchange is possible and the forecast is the
//!    compromise model's (the weighted mean); the explanation shows
//!    `issues: 1` and no exchanges.
//! 6. Round t of the forecast is the state after the t-th exchange (over
//!    all issues); its median and mean are those of the voting positions.

use std::borrow::Borrow;

use super::joint::Joint;
use crate::forecast::{ExchangeExplanation, ExchangeStep, Explanation, Forecast, Round};
use crate::{EngineError, ModelId, Options, Problem};

/// Largest accepted `exchange_max_exchanges`.
const MAX_EXCHANGES: u32 = 100_000;
/// Smallest gain (salience × fraction of the scale) worth an exchange.
const MIN_GAIN: f64 = 1e-9;
/// Gains closer than this (relative) are equal: the tie rule decides, not
/// rounding.
const GAIN_TIE: f64 = 1e-9;
/// A position this close to the expected outcome (fraction of the scale) is
/// on neither side of it. Exchanges often move an outcome exactly onto an
/// actor's position; rounding must not then decide which side it is on.
const ON_OUTCOME: f64 = 1e-9;

/// True when `a` and `b` lie on opposite sides of `o`, both clearly off it.
fn opposite(a: f64, b: f64, o: f64) -> bool {
    (a - o).abs() > ON_OUTCOME && (b - o).abs() > ON_OUTCOME && (a - o) * (b - o) < 0.0
}

/// An exchange found possible, in normalised units.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// i demands p (j shifts on p), j demands q (i shifts on q).
    i: usize,
    j: usize,
    p: usize,
    q: usize,
    /// Outcome shifts, signed (toward x_ip on p, toward x_jq on q).
    shift_p: f64,
    shift_q: f64,
    /// New voting positions of j on p and of i on q.
    new_j: f64,
    new_i: f64,
    gain: f64,
}

/// The state of a run: voting positions, outcomes, shift directions.
struct Market<'a> {
    joint: &'a Joint,
    /// `y[a * issues + d]`, normalised (meaningful where a has a stance).
    y: Vec<f64>,
    /// Σ_a w_ad per issue.
    total: Vec<f64>,
    /// Outcome per issue.
    outcome: Vec<f64>,
    /// Direction of a's shifts on d so far: 0 none, ±1.
    dir: Vec<i8>,
}

impl<'a> Market<'a> {
    fn new(joint: &'a Joint) -> Market<'a> {
        let (n, m) = (joint.actors(), joint.issues);
        let mut y = vec![0.0; n * m];
        let mut total = vec![0.0; m];
        for a in 0..n {
            for d in 0..m {
                if let Some(st) = joint.stance(a, d) {
                    y[a * m + d] = st.position;
                    total[d] += st.capability * st.salience;
                }
            }
        }
        let mut market = Market {
            joint,
            y,
            total,
            outcome: vec![0.0; m],
            dir: vec![0; n * m],
        };
        for d in 0..m {
            market.outcome[d] = market.mean(d);
        }
        market
    }

    /// Σ_a (w_ad / W_d) y_ad, clamped to the hull of the voting positions.
    fn mean(&self, d: usize) -> f64 {
        let m = self.joint.issues;
        let (mut sum, mut lo, mut hi) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
        for a in 0..self.joint.actors() {
            if let Some(st) = self.joint.stance(a, d) {
                let w = st.capability * st.salience;
                if w > 0.0 {
                    let ya = self.y[a * m + d];
                    sum += w / self.total[d] * ya;
                    lo = lo.min(ya);
                    hi = hi.max(ya);
                }
            }
        }
        sum.clamp(lo, hi)
    }

    /// The exchange (i demands p, j demands q), if possible.
    fn candidate(&self, i: usize, j: usize, p: usize, q: usize) -> Option<Candidate> {
        let jt = self.joint;
        let m = jt.issues;
        let (ip, iq) = (jt.stance(i, p)?, jt.stance(i, q)?);
        let (jp, jq) = (jt.stance(j, p)?, jt.stance(j, q)?);
        let (op, oq) = (self.outcome[p], self.outcome[q]);
        // 1. Opposite sides of both outcomes.
        if !(opposite(ip.position, jp.position, op) && opposite(iq.position, jq.position, oq)) {
            return None;
        }
        // 2. i relatively more interested in p, j in q.
        let cross = ip.salience * jq.salience - iq.salience * jp.salience;
        if cross <= 0.0 {
            return None;
        }
        let sigma_p = (ip.position - op).signum();
        let sigma_q = (jq.position - oq).signum();
        // 3. No reversals.
        let (dir_jp, dir_iq) = (self.dir[j * m + p], self.dir[i * m + q]);
        if (dir_jp != 0 && f64::from(dir_jp) != sigma_p)
            || (dir_iq != 0 && f64::from(dir_iq) != sigma_q)
        {
            return None;
        }
        let share_jp = jp.capability * jp.salience / self.total[p];
        let share_iq = iq.capability * iq.salience / self.total[q];
        let room_j = (sigma_p * (ip.position - self.y[j * m + p])).max(0.0);
        let room_i = (sigma_q * (jq.position - self.y[i * m + q])).max(0.0);
        let dp_max = (share_jp * room_j).min((ip.position - op).abs());
        let dq_max = (share_iq * room_i).min((jq.position - oq).abs());
        if !(share_jp > 0.0 && share_iq > 0.0 && dp_max > 0.0 && dq_max > 0.0) {
            return None;
        }
        let rate = (ip.salience + jp.salience) / (iq.salience + jq.salience);
        let dp = dp_max.min(dq_max / rate);
        let dq = (rate * dp).min(dq_max);
        let gain = dp * cross / (iq.salience + jq.salience);
        if gain.is_nan() || gain <= MIN_GAIN {
            return None;
        }
        // A shift that uses (to rounding) all the room lands exactly on the
        // partner's position.
        let land = |y: f64, sigma: f64, shift: f64, room: f64, target: f64| {
            if shift >= room * (1.0 - 1e-12) {
                target
            } else {
                (y + sigma * shift).clamp(0.0, 1.0)
            }
        };
        Some(Candidate {
            i,
            j,
            p,
            q,
            shift_p: sigma_p * dp,
            shift_q: sigma_q * dq,
            new_j: land(
                self.y[j * m + p],
                sigma_p,
                dp / share_jp,
                room_j,
                ip.position,
            ),
            new_i: land(
                self.y[i * m + q],
                sigma_q,
                dq / share_iq,
                room_i,
                jq.position,
            ),
            gain,
        })
    }

    /// The best possible exchange now, ties to the lowest indices.
    fn best(&self) -> Option<Candidate> {
        let (n, m) = (self.joint.actors(), self.joint.issues);
        let mut best: Option<Candidate> = None;
        for a in 0..n {
            for b in a + 1..n {
                for p in 0..m {
                    for q in p + 1..m {
                        // Condition 2 decides which of the two orientations
                        // (a demands p, or a demands q) can hold.
                        let c = self
                            .candidate(a, b, p, q)
                            .or_else(|| self.candidate(b, a, p, q));
                        if let Some(c) = c {
                            // Strictly better beyond rounding, else the
                            // earlier (lower) candidate keeps its place.
                            if !matches!(&best, Some(x) if c.gain <= x.gain * (1.0 + GAIN_TIE)) {
                                best = Some(c);
                            }
                        }
                    }
                }
            }
        }
        best
    }

    fn execute(&mut self, c: &Candidate) {
        let m = self.joint.issues;
        let (jp, iq) = (c.j * m + c.p, c.i * m + c.q);
        self.dir[jp] = if c.new_j > self.y[jp] { 1 } else { -1 };
        self.dir[iq] = if c.new_i > self.y[iq] { 1 } else { -1 };
        self.y[jp] = c.new_j;
        self.y[iq] = c.new_i;
        self.outcome[c.p] = self.mean(c.p);
        self.outcome[c.q] = self.mean(c.q);
    }

    /// Voting positions on issue d, one per actor.
    fn column(&self, d: usize) -> Vec<f64> {
        let m = self.joint.issues;
        (0..self.joint.actors())
            .map(|a| self.y[a * m + d])
            .collect()
    }
}

/// Runs the exchange model jointly on `problems`; one forecast per problem.
pub fn run<P: Borrow<Problem>>(
    problems: &[P],
    opts: &Options,
) -> Result<Vec<Forecast>, EngineError> {
    if opts.exchange_max_exchanges > MAX_EXCHANGES {
        return Err(EngineError::InvalidOption {
            name: "exchange_max_exchanges",
            value: f64::from(opts.exchange_max_exchanges),
            expected: "at most 100000",
        });
    }
    let joint = Joint::new(problems)?;
    let m = joint.issues;
    let mut market = Market::new(&joint);
    let initial: Vec<f64> = market.outcome.clone();
    // Per issue, the voting positions after each exchange.
    let mut trajectory: Vec<Vec<Vec<f64>>> = vec![Vec::new(); m];
    // Executed exchanges with i's and j's voting positions before them.
    let mut steps: Vec<(Candidate, f64, f64)> = Vec::new();
    let mut executed = 0u32;
    let mut converged = true;
    while let Some(c) = market.best() {
        if executed == opts.exchange_max_exchanges {
            converged = false;
            break;
        }
        // Voting positions before the exchange, for the explanation.
        let before = (market.y[c.i * m + c.q], market.y[c.j * m + c.p]);
        market.execute(&c);
        executed += 1;
        for (d, t) in trajectory.iter_mut().enumerate() {
            t.push(market.column(d));
        }
        if opts.explain {
            steps.push((c, before.0, before.1));
        }
    }

    let forecasts = (0..m)
        .map(|d| {
            let rounds = trajectory[d]
                .iter()
                .zip(1u32..)
                .map(|(y, t)| {
                    let (mean, median) = joint.mean_and_median(d, y);
                    let scaled: Vec<f64> = y.iter().map(|&v| joint.to_scale(d, v)).collect();
                    Round {
                        round: t,
                        median,
                        mean,
                        positions: joint.per_player(d, &scaled),
                        moves: Vec::new(),
                    }
                })
                .collect();
            let exchanges = steps
                .iter()
                .zip(1u32..)
                .filter(|((c, _, _), _)| c.p == d || c.q == d)
                .map(|((c, i_from, j_from), step)| {
                    // The positions after exchange `step` are in the trajectory.
                    let after = |k: usize, a: usize| trajectory[k][step as usize - 1][a];
                    ExchangeStep {
                        step,
                        actor_i: joint.ids[c.i].clone(),
                        actor_j: joint.ids[c.j].clone(),
                        issue_p: c.p,
                        issue_q: c.q,
                        i_from: joint.to_scale(c.q, *i_from),
                        i_to: joint.to_scale(c.q, after(c.q, c.i)),
                        j_from: joint.to_scale(c.p, *j_from),
                        j_to: joint.to_scale(c.p, after(c.p, c.j)),
                        outcome_shift_p: c.shift_p * joint.scales[c.p].1,
                        outcome_shift_q: c.shift_q * joint.scales[c.q].1,
                        gain: c.gain,
                    }
                })
                .collect();
            Forecast {
                model: ModelId::Exchange,
                value: joint.to_scale(d, market.outcome[d]),
                rounds,
                explanation: Explanation::Exchange(ExchangeExplanation {
                    issue: d,
                    issues: m,
                    initial_outcome: joint.to_scale(d, initial[d]),
                    exchanges_executed: executed,
                    converged,
                    exchanges,
                }),
            }
        })
        .collect();
    Ok(forecasts)
}

#[cfg(test)]
mod tests;
