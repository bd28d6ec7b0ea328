//! Stokman's exchange model: actors trade voting positions across pairs of
//! issues whose saliences they weigh differently, each giving ground where it
//! cares less in return for ground where it cares more; the forecast on each
//! issue is the capability×salience weighted mean of the voting positions
//! after the exchanges.
//!
//! Two named readings share the equations below and differ in five rules
//! (see "Readings and switches"): `decide` (the default) follows Decide,
//! the reference implementation of the equal-gain model (J. Draaijer,
//! github.com/foarsitter/decide-exchange-model, GPL-3.0; its code is not
//! used here, only its rules), rule for rule, down to its arithmetic;
//! `continuous` is domei's first reading, one exchange at a time against
//! the current outcomes. Decide computes in 28-digit decimals, rounded
//! after every operation, and settles some decisions on the residues of
//! that rounding (two mathematically equal gains, a mean standing exactly
//! on a partner's position); the decide reading computes in the same
//! arithmetic (`decimal.rs`) and so executes the same exchanges as Decide on
//! each of its examples, every one of every round (`data/decide/`,
//! `domei-run`'s test `decide_golden`).
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
//! **Order** (`continuous`). All possible exchanges are ranked by G; the
//! best is executed, outcomes are recomputed and the ranking is redone,
//! until no exchange gains more than 1e-9 or `exchange_max_exchanges`
//! (1000) have been executed. Ties go to the lowest (actor, actor, issue,
//! issue) in id order; gains within a relative 1e-9 (`GAIN_TIE`) of each
//! other are ties (mirror-image exchanges have equal gains computed along
//! different paths, which rounding alone would otherwise rank — differently
//! when every capability is multiplied by the same number).
//!
//! # Readings and switches
//!
//! Each rule where the readings differ is a separate option
//! ([`crate::Options`]); a reading is a preset of all five, and any one can
//! be overridden on its own (`exchange_sides`, `exchange_cap`,
//! `exchange_rounds`, `exchange_ties`, `exchange_arith`):
//!
//! | rule | `decide` | `continuous` |
//! |---|---|---|
//! | sides (`exchange_sides`) | `round`: sides of the start-of-round means, and the list of possible exchanges, fixed for the round | `exchange`: sides re-checked against the current outcomes before every exchange, every possibility recomputed |
//! | cap (`exchange_cap`) | `adjusted`: a move may carry the mean of its issue to the partner's position, the mean taken over the start positions plus the executed moves that share an actor and its demand issue with the exchange | `current`: the mean over all current voting positions |
//! | rounds (`exchange_rounds`) | 10 connected rounds | 1 |
//! | ties (`exchange_ties`) | `order`: Decide's, a stable sort of the list by gain before each choice | `order`: lowest ids |
//! | arithmetic (`exchange_arith`, `sides = round` only) | `binary` by default; `decimal` (28 significant digits, half to even, as Decide) for exact replication | `binary` |
//!
//! Like Decide, the decide reading settles exact boundaries (equal gains,
//! an actor or a mean exactly on a position) by the arithmetic and breaks
//! ties in the input's order of actors: permuting the input or rescaling
//! capabilities may flip such a case. The continuous reading is invariant
//! under both. In binary arithmetic the round core cannot settle those
//! cases as Decide does (the residues differ), so there exchanges whose
//! gains agree to a relative 1e-10 count as equal and go in creation order
//! (the list is not sorted); on Decide's examples that reading parts from
//! Decide at the first such case (sample_data round 5, copenhagen round 2,
//! cop21 round 1, exchange 47: two exchanges of Japan and India with gains
//! 0.254569190600522193211488251 and …250 in Decide's decimals, equal in
//! exact arithmetic).
//!
//! `exchange_ties = random` breaks exact ties with a generator seeded by
//! `exchange_seed` (Decide's default is random ties; its `ALLOW_RANDOM`
//! switch off gives creation order). `cap` applies to `sides = round`; with
//! `sides = exchange` every exchange is computed from the current
//! outcomes.
//!
//! **Between rounds** (either core, rounds > 1) an actor that shifted on an
//! issue takes as its new position
//!
//! ```text
//!   x' = (0.4 (1 − s) + 0.1) y + (1 − 0.4 (1 − s) − 0.1) x
//! ```
//!
//! (s its salience, x its position at the start of the round, y its final
//! voting position; the weights 0.4 and 0.1 are fixed in Decide's code),
//! and every voting position starts again from the position.
//!
//! # The decide reading (`sides = round`), after Decide's equal-gain model
//!
//! Positions are on 0–100 for each issue. At the start of a round the means
//! O_d are computed and every actor is *left* of O_d when x_d ≤ O_d. For
//! every pair of issues (p, q) in input order, the actors with a stance on
//! both fall into four groups (right of both, left on p only, left on q
//! only, left of both); the actors (in creation order: first appearance in
//! the input) of the first group are paired with the fourth, the second
//! with the third. Of a pair, the actor with the larger s_p / s_q demands p
//! (i) and the other demands q (j). Each exchange is then computed:
//!
//! 1. j moves all the way to x_ip: Δ_p = |x_ip − x_jp| w_jp / W_p,
//!    Δ_q = Δ_p (s_jp + s_ip) / (s_jq + s_iq), i's move Δ_q W_q / w_iq;
//!    if that is longer than |x_jq − x_iq|, i moves all the way instead and
//!    j's move follows from the same rate;
//! 2. the gain is |Δ_q s_iq − Δ_p s_ip| (equal for both);
//! 3. it is valid when both moves are longer than 1e-10, stay on the
//!    scale, are in the direction of every move recorded for that actor,
//!    issue and exchange, and the gain is at least 1e-10;
//! 4. if a move carries the (adjusted) mean of its issue past the partner's
//!    position, it shrinks to land the mean exactly there, and the other
//!    move shrinks at the equal-gain rate.
//!
//! Before each choice the list is sorted by gain, highest first, equal
//! gains keeping their order in the list (Decide sorts the same list again
//! and again, so that order is the one the previous sorts left), and the
//! first exchange executed; every
//! remaining exchange that shares an actor and supply issue with it starts
//! from the new voting position, every one that shares an actor and demand
//! issue records the executed supplier's position in its adjusted mean
//! (keeping, when one is recorded already, the one nearer the supplier's
//! start as Decide does), and those are computed again; invalid ones
//! leave the list. The round ends when the list is empty; the voting
//! positions are the last executed exchange's for each actor and issue, and
//! the round's forecast is their weighted mean. `exchange_max_exchanges`
//! limits the exchanges per round.
//!
//! Arithmetic (`exchange_arith = decimal`): every number is Decide's — an
//! input is the decimal it is written as (the shortest that reads back as
//! the double), positions are normalised as Decide does,
//! (x − min) · (100 / (max − min)), each product, quotient and sum is
//! rounded to 28 digits in Decide's order of operations (sums over an
//! issue's actors in the input's order), the thresholds 1e-10 and the
//! between-round weights 0.4 and 0.1 are the binary doubles Decide writes,
//! taken exactly. A division by zero (an actor with zero salience), where
//! Decide stops with an error, makes the exchange invalid. With
//! `exchange_arith = binary` two guards are added: a move may overshoot the
//! scale's ends by 1e-9, and a non-finite gain makes an exchange invalid.
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
//! 6. `continuous`: round t of the forecast is the state after the t-th
//!    exchange (over all issues); `decide`: after the t-th round. The
//!    median and mean are those of the voting positions; the explanation
//!    lists, for every model round, each actor's voting position.

use std::borrow::Borrow;

use super::joint::Joint;
use crate::forecast::{
    ActorPosition, ExchangeExplanation, ExchangeRoundState, ExchangeStep, Explanation, Forecast,
    Round,
};
use crate::{EngineError, ModelId, Options, Problem};

mod continuous;
mod decide;
mod decimal;
mod num;
mod rules;
mod small;

pub use self::rules::{
    ExchangeArith, ExchangeCap, ExchangeReading, ExchangeRules, ExchangeSides, ExchangeTies,
};

/// Largest accepted `exchange_max_exchanges`.
const MAX_EXCHANGES: u32 = 100_000;
/// Largest accepted `exchange_rounds`.
const MAX_ROUNDS: u32 = 1_000;
/// Smallest gain (salience × fraction of the scale) worth an exchange.
const MIN_GAIN: f64 = 1e-9;
/// Gains closer than this (relative) are equal: the tie rule decides, not
/// rounding.
const GAIN_TIE: f64 = 1e-9;
/// A position this close to the expected outcome (fraction of the scale) is
/// on neither side of it. Exchanges often move an outcome exactly onto an
/// actor's position; rounding must not then decide which side it is on.
const ON_OUTCOME: f64 = 1e-9;

/// Between rounds: the new position of an actor with salience `s` that
/// shifted from `x` to the voting position `y` (Decide's weights).
fn new_start(s: f64, x: f64, y: f64) -> f64 {
    const SALIENCE_WEIGHT: f64 = 0.4;
    const FIXED_WEIGHT: f64 = 0.1;
    (1.0 - s) * SALIENCE_WEIGHT * y
        + FIXED_WEIGHT * y
        + (1.0 - (1.0 - s) * SALIENCE_WEIGHT - FIXED_WEIGHT) * x
}

/// A small seeded generator (SplitMix64) for random ties: the engine takes
/// no dependency and stays a pure function of its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One executed exchange, in normalised units (positions and shifts as
/// fractions of the scale; gain in salience × fraction).
#[derive(Debug, Clone, Copy)]
struct Step {
    round: u32,
    i: usize,
    j: usize,
    p: usize,
    q: usize,
    i_from: f64,
    i_to: f64,
    j_from: f64,
    j_to: f64,
    shift_p: f64,
    shift_q: f64,
    gain: f64,
}

/// What a core hands back: normalised states, per issue `a * issues + d`.
struct Trace {
    initial: Vec<f64>,
    value: Vec<f64>,
    /// The voting positions of each entry of `Forecast::rounds`.
    snapshots: Vec<Vec<f64>>,
    /// Per model round: exchanges executed and voting positions after it
    /// (positions only when explaining).
    rounds: Vec<(u32, Option<Vec<f64>>)>,
    steps: Vec<Step>,
    executed: u32,
    converged: bool,
}

impl Trace {
    fn new(initial: Vec<f64>) -> Trace {
        Trace {
            value: initial.clone(),
            initial,
            snapshots: Vec::new(),
            rounds: Vec::new(),
            steps: Vec::new(),
            executed: 0,
            converged: true,
        }
    }

    fn end_round(&mut self, executed: u32, y: &[f64], explain: bool) {
        self.rounds.push((executed, explain.then(|| y.to_vec())));
    }
}

/// Runs the exchange model jointly on `problems`; one forecast per problem.
pub fn run<P: Borrow<Problem>>(
    problems: &[P],
    opts: &Options,
) -> Result<Vec<Forecast>, EngineError> {
    let (joint, rules, trace) = trace(problems, opts, true)?;
    Ok(forecasts(&joint, rules, &trace))
}

/// The forecast values of [`run`] alone, bit-identical (each is
/// `to_scale` of the core's final outcome), without assembling the rounds
/// and explanations (Monte Carlo draws).
pub fn values<P: Borrow<Problem>>(problems: &[P], opts: &Options) -> Result<Vec<f64>, EngineError> {
    let lean = Options {
        explain: false,
        ..opts.clone()
    };
    let (joint, _, trace) = trace(problems, &lean, false)?;
    Ok((0..joint.issues)
        .map(|d| joint.to_scale(d, trace.value[d]))
        .collect())
}

/// Checks the options and runs the core the rules name. `record` false:
/// only the trace's `value` is meaningful (no rounds or snapshots).
fn trace<P: Borrow<Problem>>(
    problems: &[P],
    opts: &Options,
    record: bool,
) -> Result<(Joint, ExchangeRules, Trace), EngineError> {
    if opts.exchange_max_exchanges > MAX_EXCHANGES {
        return Err(EngineError::InvalidOption {
            name: "exchange_max_exchanges",
            value: f64::from(opts.exchange_max_exchanges),
            expected: "at most 100000",
        });
    }
    let rules = opts.exchange_rules();
    if !(1..=MAX_ROUNDS).contains(&rules.rounds) {
        return Err(EngineError::InvalidOption {
            name: "exchange_rounds",
            value: f64::from(rules.rounds),
            expected: "1 to 1000",
        });
    }
    let joint = Joint::new(problems)?;
    let (max, explain, seed) = (
        opts.exchange_max_exchanges,
        opts.explain,
        opts.exchange_seed,
    );
    let trace = match rules.sides {
        ExchangeSides::Exchange => {
            continuous::run(&joint, rules.rounds, rules.ties, seed, max, explain, record)
        }
        ExchangeSides::Round => {
            // The raw positions and scales, for Decide's own normalisation.
            let (n, m) = (joint.actors(), joint.issues);
            let mut positions = vec![0.0; n * m];
            let mut bounds = Vec::with_capacity(m);
            for (d, p) in problems.iter().enumerate() {
                let p = p.borrow();
                for (pl, &a) in p.players.iter().zip(&joint.actor_of[d]) {
                    positions[a * m + d] = pl.position;
                }
                bounds.push((p.min, p.max));
            }
            let raw = decide::Raw {
                positions: &positions,
                bounds: &bounds,
            };
            let (cap, rounds, ties) = (rules.cap, rules.rounds, rules.ties);
            match rules.arith {
                ExchangeArith::Decimal => decide::run::<decimal::Dec>(
                    &joint, &raw, cap, rounds, ties, seed, max, explain, record,
                ),
                ExchangeArith::Binary => {
                    decide::run::<f64>(&joint, &raw, cap, rounds, ties, seed, max, explain, record)
                }
            }
        }
    };
    Ok((joint, rules, trace))
}

/// Upper estimate of the bytes one candidate exchange of the round-based
/// (Decide) core takes in its list, in `arith`: the boxed exchange, the
/// allocator's header and the list's pointer to it (measured: 1,000 actors
/// on five issues, 2.5 million candidates, held 1.28 GB — about 510 bytes
/// each with the rest of the run — when it was stopped after 14 minutes).
pub(crate) fn candidate_bytes(arith: ExchangeArith) -> u64 {
    let exchange = match arith {
        ExchangeArith::Binary => std::mem::size_of::<decide::Exchange<f64>>(),
        ExchangeArith::Decimal => std::mem::size_of::<decide::Exchange<decimal::Dec>>(),
    } as u64;
    // Header and rounding of the allocation, the list's pointer, and the
    // slack of the list's growth (up to twice its length).
    exchange + 32 + 2 * 8
}

/// One forecast per issue from a core's trace.
fn forecasts(joint: &Joint, rules: ExchangeRules, t: &Trace) -> Vec<Forecast> {
    let m = joint.issues;
    let column =
        |y: &[f64], d: usize| -> Vec<f64> { (0..joint.actors()).map(|a| y[a * m + d]).collect() };
    (0..m)
        .map(|d| {
            // With no exchange at all there is nothing to show round by
            // round: the forecast is the compromise.
            let rounds = if t.executed == 0 {
                Vec::new()
            } else {
                t.snapshots
                    .iter()
                    .zip(1u32..)
                    .map(|(y, r)| {
                        let y = column(y, d);
                        let (mean, median) = joint.mean_and_median(d, &y);
                        let scaled: Vec<f64> = y.iter().map(|&v| joint.to_scale(d, v)).collect();
                        Round {
                            round: r,
                            median,
                            mean,
                            positions: joint.per_player(d, &scaled),
                            moves: Vec::new(),
                        }
                    })
                    .collect()
            };
            let exchanges = t
                .steps
                .iter()
                .zip(1u32..)
                .filter(|(c, _)| c.p == d || c.q == d)
                .map(|(c, step)| ExchangeStep {
                    step,
                    round: c.round,
                    actor_i: joint.ids[c.i].clone(),
                    actor_j: joint.ids[c.j].clone(),
                    issue_p: c.p,
                    issue_q: c.q,
                    i_from: joint.to_scale(c.q, c.i_from),
                    i_to: joint.to_scale(c.q, c.i_to),
                    j_from: joint.to_scale(c.p, c.j_from),
                    j_to: joint.to_scale(c.p, c.j_to),
                    outcome_shift_p: c.shift_p * joint.scales[c.p].1,
                    outcome_shift_q: c.shift_q * joint.scales[c.q].1,
                    gain: c.gain,
                })
                .collect();
            let round_states = t
                .rounds
                .iter()
                .zip(1u32..)
                .filter_map(|((executed, y), r)| {
                    let y = column(y.as_deref()?, d);
                    let (mean, _) = joint.mean_and_median(d, &y);
                    Some(ExchangeRoundState {
                        round: r,
                        exchanges: *executed,
                        mean,
                        positions: joint.actor_of[d]
                            .iter()
                            .map(|&a| ActorPosition {
                                actor: joint.ids[a].clone(),
                                position: joint.to_scale(d, y[a]),
                            })
                            .collect(),
                    })
                })
                .collect();
            Forecast {
                model: ModelId::Exchange,
                value: joint.to_scale(d, t.value[d]),
                rounds,
                explanation: Explanation::Exchange(ExchangeExplanation {
                    issue: d,
                    issues: m,
                    rules,
                    initial_outcome: joint.to_scale(d, t.initial[d]),
                    exchanges_executed: t.executed,
                    converged: t.converged,
                    exchanges,
                    rounds: round_states,
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
