//! Bueno de Mesquita's expected-utility ("group decision") model, in the
//! reading of Scholz, Calbert & Smith (2011), iterated round by round.
//!
//! Sources: Bueno de Mesquita, B. (1994), "Political forecasting: an expected
//! utility method", in Bueno de Mesquita & Stokman (eds.), *European
//! Community Decision Making*, Yale University Press; Scholz, J. B.,
//! Calbert, G. J. & Smith, G. A. (2011), "Unravelling Bueno de Mesquita's
//! group decision model", *Journal of Theoretical Politics* 23(4):510–531.
//! The printed equations leave choices open; where they do, we follow the
//! choices of the independent replication jmckib/bdm-scholz-expected-utility-model
//! (GitHub), the one reading known to reproduce Scholz et al.'s published
//! sequence for the car-emissions case. Every choice is listed below.
//!
//! # Equations
//!
//! Players i = 1..n with capability c_i, salience s_i, position x_i; weight
//! w_i = c_i s_i. Distances are normalised by the width of the issue's scale,
//! L = max − min (for an imported CSV the scale is the range of positions,
//! as in Scholz et al.): δ_ij = |x_i − x_j| / L ∈ [0, 1].
//!
//! **Median μ.** The position that no other position beats in the pairwise
//! vote Σ_k w_k (|x_k − x_b| − |x_k − x_a|) / L, i.e. the minimiser of
//! Σ_k w_k |x_k − x|: the capability×salience weighted median of
//! [`super::median`]. On an exact tie we take the midpoint of the two tied
//! positions, which also beats or ties every position (jmckib keeps
//! whichever of the two it meets first). The **mean** is Σ w_i x_i / Σ w_i.
//!
//! **Probability of success** of i against j, from every player's vote:
//!
//! ```text
//!   v_k(i, j) = w_k (δ_kj^{r_k} − δ_ki^{r_k})          (k's vote for x_i over x_j)
//!   P^i_ij    = Σ_k max(0, v_k(i, j)) / D,
//!   D         = Σ_k Σ_a Σ_b |v_k(a, b)|                 (all ordered pairs of players)
//! ```
//!
//! **Basic utilities** of a challenger c against a target t, with the risk
//! exponent r of the player doing the estimate:
//!
//! ```text
//!   U^s  = 2 − 4 (0.5 − 0.5 δ_ct)^r                    success
//!   U^f  = 2 − 4 (0.5 + 0.5 δ_ct)^r                    failure
//!   U^b  = 2 − 4 (0.5 − 0.25 (|x_c − μ| + |x_c − x_t|)/L)^r   better (no challenge)
//!   U^w  = 2 − 4 (0.5 + 0.25 (|x_c − μ| + |x_c − x_t|)/L)^r   worse  (no challenge)
//!   U^sq = 2 − 4 (0.5)^r                               status quo
//! ```
//!
//! **Expected utility** of c challenging t (the responder's salience s_t is
//! the probability that t resists):
//!
//! ```text
//!   E(U_ct) = s_t (P_ct U^s + (1 − P_ct) U^f) + (1 − s_t) U^s
//!             − Q U^sq − (1 − Q) (T U^b + (1 − T) U^w)
//! ```
//!
//! with Q = `Options::bdm_q` (default 1.0, Scholz et al.'s choice for the
//! car case; then U^b, U^w and T drop out) and T = 1 iff
//! |x_c − μ| < |x_c − x_t| (without a challenge t drifts to the median, which
//! helps c exactly when the median is nearer c than t is — this reproduces
//! the four cases Scholz et al. draw), else T = 0.
//!
//! **Risk.** First pass with r_i = 1 for everyone: the security level of i
//! is Sec_i = Σ_{j≠i} E(U_ji) (what the others expect from challenging i).
//! Then
//!
//! ```text
//!   R_i = (2 Sec_i − max_k Sec_k − min_k Sec_k) / (max_k Sec_k − min_k Sec_k) ∈ [−1, 1]
//!   r_i = (1 − R_i/3) / (1 + R_i/3)  ∈ [0.5, 2]
//! ```
//!
//! (R_i = 0, r_i = 1 for all when every Sec_k is equal to 1e-12 relative.)
//! Second pass: the probabilities are recomputed with the players' r_k, and
//! player i evaluates every other player j at a different position (more
//! than 1e-9·L away, see choice 8), using its own r_i for both
//! a = E^i(U_ij) and b = E^i(U_ji).
//!
//! **Offers** to i from j (i is the one who may move):
//!
//! ```text
//!   b > a > 0                  conflict:      i moves to x_j
//!   a < 0 < b,  b > |a|        compromise:    i moves to x_i + (x_j − x_i) |a / b|
//!   a < 0 < b,  b ≤ |a|        capitulation:  i moves to x_j
//!   a ≤ 0 and b ≤ 0            stalemate:     no move (counted, not listed)
//!   otherwise (i has the upper hand)          no move for i
//! ```
//!
//! **Choice.** i takes a conflict offer if it has one, else a compromise,
//! else a capitulation; within conflicts and capitulations, the one needing
//! the smallest move. Within compromises the rule depends on
//! [`BdmOfferRule`]: `Replication` (default) takes the compromise with the
//! smallest EU-weighted position (|a| x_i + |b| x_j) / (|a| + |b|), which
//! jmckib's replication describes as the rule of Scholz et al.'s own code;
//! `LeastMove` takes the smallest move, as the paper's prose says. Remaining ties go to the challenger that
//! comes first in the canonical order (lowest position, then id), so the
//! result does not depend on the order of the input. All players move at
//! once; the next round starts from the new positions.
//!
//! # Choices where the printed equations are open
//!
//! 1. D sums |v| over *all* ordered pairs of players, not only over the
//!    pair (i, j) as the printed formula reads. With the per-pair
//!    denominator the car case collapses onto 7.0 within three rounds.
//! 2. Votes in P use each voter's own r_k in the second pass; the median
//!    vote is risk neutral (r = 1).
//! 3. Player i estimates both E(U_ij) and E(U_ji) with its own r_i.
//! 4. Security uses the risk-neutral first pass and sums the challengers'
//!    expected utilities (the paper's prose), as jmckib does.
//! 5. Compromise: i concedes the fraction |a/b| of the distance to x_j, as
//!    printed.
//! 6. Capitulation follows the paper's octant diagram (jmckib's code never
//!    reaches this branch); on the car case it changes nothing in rounds
//!    1–10.
//! 7. Offer choice as above (`BdmOfferRule`).
//! 8. Numerical guard (not in the sources): players less than 1e-9·L apart
//!    count as sharing a position and make no offers to each other, so that
//!    rounding noise cannot decide a move.
//! 9. Round t reports the state after t rounds of moves (rounds start at 1);
//!    the initial state is in the explanation. The forecast `value` is the
//!    median after the last round (the initial median when `rounds` = 0).
//!
//! With these choices the car-emissions case (Bueno de Mesquita 1994)
//! reproduces jmckib's figures and lies within ±0.1 of 15 of the 16
//! figures Scholz et al. print for rounds 1–8 (the round-2 median is the
//! exception); see the test `car_emissions_matches_published_sequence`.

use serde::{Deserialize, Serialize};

use crate::forecast::{
    BdmExplanation, BdmRound, Explanation, Forecast, Move, Offer, Outcome, Round,
};
use crate::{EngineError, ModelId, Options, Problem};

mod model;

use self::model::Model;

/// How a player picks among the compromise offers it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BdmOfferRule {
    /// The compromise with the smallest EU-weighted position — the rule that
    /// reproduces Scholz et al.'s published sequence.
    #[default]
    Replication,
    /// The compromise needing the smallest move (the paper's prose).
    LeastMove,
}

/// Longest run accepted: the explanation keeps every round, so a typo such
/// as 1000000 must not exhaust memory.
const MAX_ROUNDS: u32 = 1_000;
/// Security levels closer than this (relative) are treated as equal.
const SECURITY_TOLERANCE: f64 = 1e-12;
/// Players closer than this fraction of the scale count as sharing a
/// position: they make no offers to each other. Without it, players that a
/// run of compromises has brought within rounding distance keep "bargaining"
/// over expected utilities that are pure rounding noise.
const SAME_POSITION: f64 = 1e-9;

/// Runs the BDM model for `opts.rounds` rounds. With `opts.explain` false
/// the rounds' offer lists are left empty; nothing else changes.
pub fn run(p: &Problem, opts: &Options) -> Result<Forecast, EngineError> {
    run_with(p, opts, true)
}

/// The forecast value alone: bit-identical to `run(p, opts)?.value`, without
/// building rounds or explanations (Monte Carlo draws). Each round is a
/// function of the positions alone, so once the positions repeat an earlier
/// round's (bit for bit) the rest of the run is a cycle whose last state is
/// known, and the run stops there.
pub fn value(p: &Problem, opts: &Options) -> Result<f64, EngineError> {
    run_with(p, opts, false).map(|f| f.value)
}

/// `record` false: only `value` of the result is meaningful (no rounds, an
/// empty explanation).
fn run_with(p: &Problem, opts: &Options, record: bool) -> Result<Forecast, EngineError> {
    p.check()?;
    let q = opts.bdm_q;
    if !(q.is_finite() && (0.0..=1.0).contains(&q)) {
        return Err(EngineError::InvalidOption {
            name: "bdm_q",
            value: q,
            expected: "a probability in [0, 1]",
        });
    }
    if opts.rounds > MAX_ROUNDS {
        return Err(EngineError::InvalidOption {
            name: "rounds",
            value: f64::from(opts.rounds),
            expected: "at most 1000",
        });
    }

    // Work in canonical order; `order[k]` is the input index of player k.
    let order = p.canonical_order();
    let n = order.len();
    let ids: Vec<&str> = order.iter().map(|&i| p.players[i].id.as_str()).collect();
    // Weights as shares of the total (only ratios matter; shares cannot
    // overflow in the sums below).
    let total: f64 = p.players.iter().map(|pl| pl.weight()).sum();
    let w: Vec<f64> = order
        .iter()
        .map(|&i| p.players[i].weight() / total)
        .collect();
    let s: Vec<f64> = order.iter().map(|&i| p.players[i].salience).collect();
    let mut x: Vec<f64> = order.iter().map(|&i| p.players[i].position).collect();
    let mut model = Model::new(n, p.width(), q);
    let mut canonical_of_input = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        canonical_of_input[i] = k;
    }
    let to_input_order =
        |v: &[f64]| -> Vec<f64> { canonical_of_input.iter().map(|&k| v[k]).collect() };

    let initial_median = model.median(&x, &w);
    let initial_mean = mean(&x, &w);
    let capacity = if record { opts.rounds as usize } else { 0 };
    let mut rounds = Vec::with_capacity(capacity);
    let mut details = Vec::with_capacity(capacity);
    let mut next = x.clone();
    // The median of the current positions `x` (the previous round's median
    // after its moves).
    let mut median = initial_median;
    // Value only: every state so far (`n` positions each, from the initial
    // one) and its median, to detect a cycle.
    let mut seen: Vec<f64> = Vec::new();
    let mut seen_medians: Vec<f64> = Vec::new();
    if !record {
        seen.extend_from_slice(&x);
        seen_medians.push(median);
    }
    for t in 1..=opts.rounds {
        let mu = median;
        model.set_positions(&x);
        let security = model.security(&x, &w, &s, mu);
        let r = risk_exponents(&security);
        model.probabilities(&w, Some(&r));

        // Targets in input order (their choices are independent of each
        // other); challengers in canonical order (it breaks ties).
        let mut offers: Vec<Offer> = Vec::new();
        let mut moves: Vec<Move> = Vec::new();
        let mut stalemates = 0u32;
        for &i in &canonical_of_input {
            model.estimates_for(model.pos_of[i], r[i]);
            // (challenger, offer index when explained, candidate)
            let mut best: Option<(usize, usize, Candidate)> = None;
            for j in 0..n {
                if (x[j] - x[i]).abs() <= SAME_POSITION * model.width {
                    continue;
                }
                let (a, b) = model.dyad(i, j, &x, &s, r[i], mu);
                let Some(cand) = classify(a, b, x[i], x[j], opts.bdm_offer_rule) else {
                    if a <= 0.0 && b <= 0.0 {
                        stalemates += 1;
                    }
                    continue;
                };
                let improves = match &best {
                    None => true,
                    Some((_, _, incumbent)) => cand.better_than(incumbent),
                };
                if improves {
                    best = Some((j, offers.len(), cand));
                }
                // The offer list is the heavy part of the explanation.
                if record && opts.explain {
                    offers.push(Offer {
                        challenger: ids[j].to_string(),
                        target: ids[i].to_string(),
                        outcome: cand.outcome,
                        eu_target: a,
                        eu_challenger: b,
                        position: cand.position,
                        accepted: false,
                    });
                }
            }
            next[i] = x[i];
            if let Some((j, k, cand)) = best {
                if let Some(offer) = offers.get_mut(k) {
                    offer.accepted = true;
                }
                next[i] = cand.position;
                if record {
                    moves.push(Move {
                        player: ids[i].to_string(),
                        from: x[i],
                        to: cand.position,
                        outcome: cand.outcome,
                        partner: ids[j].to_string(),
                    });
                }
            }
        }
        std::mem::swap(&mut x, &mut next);
        median = model.median(&x, &w);
        if !record {
            // Each round is a function of the positions alone: once the
            // state after round t equals the state after round k < t, the
            // states repeat with period t − k up to the last round, whose
            // median is then known.
            let same = |state: &[f64]| {
                state
                    .iter()
                    .zip(&x)
                    .all(|(a, b)| a.to_bits() == b.to_bits())
            };
            if let Some(k) = seen.chunks_exact(n).position(same) {
                let period = t as usize - k;
                median = seen_medians[k + (opts.rounds as usize - k) % period];
                break;
            }
            seen.extend_from_slice(&x);
            seen_medians.push(median);
            continue;
        }

        rounds.push(Round {
            round: t,
            median,
            mean: mean(&x, &w),
            positions: to_input_order(&x),
            moves,
        });
        details.push(BdmRound {
            round: t,
            median_before: mu,
            security: to_input_order(&security),
            risk_exponents: to_input_order(&r),
            offers,
            stalemates,
        });
    }

    Ok(Forecast {
        model: ModelId::Bdm,
        // After the last round (`initial_median` when no round ran).
        value: median,
        rounds,
        explanation: Explanation::Bdm(BdmExplanation {
            initial_median,
            initial_mean,
            q,
            offer_rule: opts.bdm_offer_rule,
            rounds: details,
        }),
    })
}

fn mean(x: &[f64], w: &[f64]) -> f64 {
    let total: f64 = w.iter().sum();
    x.iter().zip(w).map(|(x, w)| w / total * x).sum()
}

/// r_i = (1 − R_i/3)/(1 + R_i/3) from the security levels.
fn risk_exponents(security: &[f64]) -> Vec<f64> {
    let max = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = security.iter().copied().fold(f64::INFINITY, f64::min);
    let spread = max - min;
    let scale = max.abs().max(min.abs());
    security
        .iter()
        .map(|&sec| {
            let big_r = if spread > SECURITY_TOLERANCE * scale && spread.is_finite() {
                ((2.0 * sec - max - min) / spread).clamp(-1.0, 1.0)
            } else {
                0.0
            };
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect()
}

/// An offer a player could accept, with what it needs to be ranked.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    outcome: Outcome,
    position: f64,
    /// Primary key within the outcome type (smaller is better).
    key: f64,
}

impl Candidate {
    fn rank(&self) -> u8 {
        match self.outcome {
            Outcome::Conflict => 0,
            Outcome::Compromise => 1,
            Outcome::Capitulation => 2,
            Outcome::Stalemate => 3,
        }
    }

    /// Strictly better; on equal keys the earlier (canonical) challenger stays.
    fn better_than(&self, other: &Candidate) -> bool {
        (self.rank(), self.key) < (other.rank(), other.key)
    }
}

/// Classifies the dyad seen by i (at `xi`) facing j (at `xj`), with
/// a = E^i(U_ij) and b = E^i(U_ji). `None` when i does not move.
fn classify(a: f64, b: f64, xi: f64, xj: f64, rule: BdmOfferRule) -> Option<Candidate> {
    let full_move = (xj - xi).abs();
    if b > a && a > 0.0 {
        Some(Candidate {
            outcome: Outcome::Conflict,
            position: xj,
            key: full_move,
        })
    } else if a < 0.0 && b > 0.0 && b > -a {
        // Concede the fraction |a/b| < 1 of the way; clamp away rounding.
        let position = (xi + (xj - xi) * (a / b).abs()).clamp(xi.min(xj), xi.max(xj));
        let key = match rule {
            BdmOfferRule::Replication => (-a * xi + b * xj) / (b - a),
            BdmOfferRule::LeastMove => (position - xi).abs(),
        };
        Some(Candidate {
            outcome: Outcome::Compromise,
            position,
            key,
        })
    } else if a < 0.0 && b > 0.0 {
        Some(Candidate {
            outcome: Outcome::Capitulation,
            position: xj,
            key: full_move,
        })
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod tests;
