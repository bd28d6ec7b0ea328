//! KTAB's Spatial Model of Politics (SMP): actors bargain over a position in
//! a space of several issues at once, each round proposing to the actor they
//! expect to gain most from challenging, and adopting the bargain (or their
//! status quo) that a probabilistic Condorcet election among all actors
//! favours.
//!
//! Sources: the KAPSARC Toolkit for Behavioral Analysis (KTAB), by Ben P.
//! Wise and colleagues at KAPSARC, MIT-licensed C++ (public fork
//! lsyaseen/KTAB, which carries KAPSARC's history), and the KAPSARC
//! discussion papers its SMP tutorial cites, "An Introduction to the KAPSARC
//! Toolkit for Behavioral Analysis (KTAB)" and "Multidimensional Bargaining
//! using KTAB"; the tutorial (`web/tutorial/SMPTutorial.md`) documents the
//! options. This file follows the SMP as of KTAB's last public commit there
//! (3b5b063; `smpc` 0.1.1 — its reference logs of 2017-05-30, made by smpc
//! 0.1, are reproduced) with KTAB's default parameters: VictoryProbModel Linear,
//! VotingRule Proportional, PCEModel Conditional, StateTransitions
//! Deterministic, BigRRange Mid, BigRAdjust OneThird, ThirdPartyCommit
//! SemiCommit, InterVecBrgn S2P2, BargnModel InitOnlyInterp, ideals equal to
//! positions (identity accommodation). Nothing here is random: KTAB seeds a
//! PRNG (its logs print the seed) but with deterministic state transitions
//! and CSV input nothing draws from it, so its runs are reproducible and so
//! are ours; KTAB's other randomness (random scenarios, stochastic
//! transitions, randomised ideal adjustment) is not used.
//!
//! # Equations
//!
//! Actors i = 1..n with capability c_i, and on each dimension (issue) k a
//! position x_ik and salience s_ik. Positions are mapped to `[0, 1]` on each
//! issue's scale. Salience is a share of attention: Σ_k s_ik ≤ 1.
//!
//! **Distance and utility.** i's salience-weighted distance to a point y and
//! its utility, with risk attitude R ∈ `[-0.5, 1]` (negative: risk averse):
//!
//! ```text
//!   δ_i(y) = sqrt( Σ_k s_ik² (x_ik − y_k)² / Σ_k s_ik² )  ∈ [0, 1]
//!   u(δ, R) = (1 − δ)(1 + δ R)
//! ```
//!
//! **Probabilistic Condorcet election** (PCE) among options a, b, … with
//! voter weights w_v and utilities u_v(a): proportional votes, coalitions,
//! linear victory probabilities and single-step conditional probabilities:
//!
//! ```text
//!   C(a:b) = 1e-8 + Σ_v max(0, w_v (u_v(a) − u_v(b)))
//!   P(a > b) = C(a:b) / (C(a:b) + C(b:a)),   P(a > a) = 1/2
//!   P(a) = Π_b P(a > b) / Σ_a' Π_b P(a' > b)
//! ```
//!
//! **Risk attitudes.** Each round, a risk-neutral PCE over every actor's
//! position (w = c, u = 1 − δ) gives p_i, and
//! R_i = (3 p_i − (p_max + 2 p_min)) / (2 (p_max − p_min)): the actor whose
//! position is likeliest to win is risk acceptant (R = 1), the least likely
//! risk averse (R = −½). Actor h estimates i's attitude as (2 R_h + R_i)/3
//! and i's utility for j's position as U^h_ij = u(δ_i(x_j), (2 R_h + R_i)/3).
//!
//! **Challenges.** h's estimate of the effect on k of i challenging j, with
//! S_i = Σ_k s_ik and all utilities U^h:
//!
//! ```text
//!   principals:  a = S_i c_i (U_ii − U_ij),  b = S_j c_j (U_ji − U_jj)
//!                A = 1e-10 + a⁺ + b⁺,  B = 1e-10 + a⁻ + b⁻   (x⁺ = max(x,0), x⁻ = max(−x,0))
//!   third party m:  v = S_m c_m (U_mi − U_mj),
//!                π = (A + v⁺) / (A + v⁺ + B + v⁻),
//!                e = S_m c_m [ π (2U_mi + U_mm) + (1−π) 3U_mj − π 3U_mi − (1−π)(2U_mj + U_mm) ]
//!                A += e⁺, B += e⁻
//!   P_ij = A / (A + B)
//!   ΔEU_k = (1 − S_j) 2U_ki + S_j (P_ij 2U_ki + (1 − P_ij) 2U_kj) − (U_ki + U_kj)
//! ```
//!
//! **Bargaining.** Each actor i picks the j with the largest ΔEU (its own
//! estimate, k = h = i), if above 1e-5, and proposes that both adopt, on each
//! dimension k, (w_i x_ik + w_j x_jk)/(w_i + w_j) with w_i = (s_ik P_ij)²,
//! w_j = (s_jk (1 − P_ij))² (1e-6 added to the proposer's side of each
//! weighted mean, so they differ slightly), rounded to 1e-4 of the scale.
//! Each actor then runs a PCE (w = c) over the bargains it is part of and its
//! status quo, valuing each as the mean over all actors' positions of its own
//! utility once the bargain is applied; it adopts the most probable (the
//! first on a tie). All actors move at once; positions are also the ideals
//! the next round's utilities are measured from.
//!
//! **Stopping.** With D_t = Σ_i ‖x_i(t) − x_i(t−1)‖, stop after round t ≥ 2
//! when D_t / (D_1 + 1e-4) < `smp_stop_ratio` (0.02), or after
//! `smp_max_rounds` (100). (KTAB sums Euclidean moves; the ratio is 1/50.)
//!
//! **Forecast.** A PCE among the distinct final positions (within 1e-3),
//! each actor using its own estimates U^i_ij: the forecast on each issue is
//! the expected position, Σ_o P(o) x_o. Each round reports the capability ×
//! salience weighted median and mean of the positions of the actors with a
//! stance on the issue.
//!
//! # Choices (where KTAB is silent, or fails)
//!
//! 1. An actor absent from an issue has salience 0 on it (it does not care)
//!    and starts at the capability×salience weighted mean of the positions of
//!    the actors with a stance; bargains move it like anyone else.
//! 2. Capability is the actor's mean over the issues it has a stance on,
//!    scaled so the largest is 100 (KTAB's convention; the scale makes the
//!    fixed floors 1e-8 and 1e-10 independent of the units of capability).
//! 3. An actor whose saliences sum to more than 1 has them divided by their
//!    sum (KTAB rejects such input); one whose saliences are all 0 is
//!    indifferent (distance 0 to everything; KTAB divides by zero).
//! 4. When every risk-neutral probability is equal (to 1e-12), all R = 0
//!    (KTAB divides by zero). Capability 0 is allowed (no vote; KTAB
//!    rejects it), as are fewer than three actors.
//! 5. Actors are processed in the order of their ids, so the input order
//!    does not matter; KTAB's order (file order, with threads) only decides
//!    ties. Bargain probabilities within 1e-12 (relative) of each other,
//!    and expected gains within 1e-12 relative to the larger of them and 1
//!    (a gain is a difference of utilities of order one, so its rounding
//!    noise does not shrink with it), are ties and go to the first (lowest
//!    id, status quo before bargains, bargains by initiator): KTAB lets
//!    rounding noise decide them, which would make the result depend on the
//!    units of capability. Likewise, in every election a voter's utilities
//!    for two options within 1e-12 (relative) of each other count as equal: the
//!    coalition floor of 1e-8 would turn a difference of a few ulps into a
//!    probability off by about 1e-6, and so decide such a tie by rounding
//!    noise too. The distinct final positions of the election are
//!    represented by their first actor in id order (KTAB: in file order),
//!    which can move the reported probabilities by about 1e-3 when a group
//!    holds positions that differ by less than 1e-3.
//! 6. The bargain rounding to 1e-4 is kept (KTAB's: it avoids spurious
//!    precision) on each issue's normalised scale.
//!
//! With these choices the model reproduces KTAB's reference logs: see the
//! tests `ktab_soe_pol_comp` and `ktab_dummy_3dim`.

mod core;
mod election;
#[cfg(test)]
mod ktab;

use std::borrow::Borrow;

use self::core::{movement, Actors, Bargain, Scratch, State};
use super::joint::Joint;
use crate::forecast::{
    Explanation, Forecast, Round, SmpBargain, SmpExplanation, SmpOption, SmpRound,
};
use crate::{EngineError, ModelId, Options, Problem};

/// Longest run accepted.
const MAX_ROUNDS: u32 = 1_000;
/// Minimum rounds before the stopping rule applies (KTAB `minIter`).
const MIN_ROUNDS: u32 = 2;
/// Added to the first round's movement (KTAB `minSigDelta`).
const MIN_FIRST_MOVE: f64 = 1e-4;

/// Runs the SMP jointly on `problems` (one dimension each); one forecast per
/// problem.
pub fn run<P: Borrow<Problem>>(
    problems: &[P],
    opts: &Options,
) -> Result<Vec<Forecast>, EngineError> {
    check_options(opts)?;
    let joint = Joint::new(problems)?;
    if joint.issues == 0 {
        return Ok(Vec::new());
    }
    let (actors, start) = setup(&joint);
    let (n, d) = (actors.n, actors.d);

    let mut trajectory: Vec<Vec<f64>> = Vec::new();
    // Per round (only with `explain`): risk attitudes, change ratio, bargains.
    let mut details: Vec<(Vec<f64>, f64, Vec<Bargain>)> = Vec::new();
    let Bargaining {
        state,
        converged,
        last_ratio,
    } = bargain(&actors, start, opts, |state, ratio_t, bargains, next| {
        if opts.explain {
            details.push((state.risk.clone(), ratio_t, bargains));
        }
        trajectory.push(next.to_vec());
    });

    let outcome = state.outcome(&actors);
    let rounds_run = trajectory.len() as u32;
    let forecasts = (0..d)
        .map(|k| {
            let coord = |x: &[f64], i: usize| x[i * d + k];
            let rounds: Vec<Round> = trajectory
                .iter()
                .zip(1u32..)
                .map(|(x, t)| {
                    let u: Vec<f64> = (0..n).map(|i| coord(x, i)).collect();
                    let (mean, median) = joint.mean_and_median(k, &u);
                    let scaled: Vec<f64> = u.iter().map(|&v| joint.to_scale(k, v)).collect();
                    Round {
                        round: t,
                        median,
                        mean,
                        positions: joint.per_player(k, &scaled),
                        moves: Vec::new(),
                    }
                })
                .collect();
            let options: Vec<SmpOption> = outcome
                .iter()
                .map(|(rep, members, p)| SmpOption {
                    players: members.iter().map(|&i| joint.ids[i].clone()).collect(),
                    position: joint.to_scale(k, coord(&state.pos, *rep)),
                    probability: *p,
                })
                .collect();
            let expected = expected(&outcome, &state.pos, d, k);
            let explained_rounds = details
                .iter()
                .zip(1u32..)
                .map(|((risk, change_ratio, bargains), t)| SmpRound {
                    round: t,
                    risk_attitudes: risk.clone(),
                    change_ratio: *change_ratio,
                    bargains: bargains
                        .iter()
                        .map(|b| SmpBargain {
                            initiator: joint.ids[b.init].clone(),
                            receiver: joint.ids[b.rcvr].clone(),
                            probability: b.prob,
                            expected_gain: b.gain,
                            initiator_position: joint.to_scale(k, b.pos_init[k]),
                            receiver_position: joint.to_scale(k, b.pos_rcvr[k]),
                            adopted_by_initiator: b.adopted_by_init,
                            adopted_by_receiver: b.adopted_by_rcvr,
                        })
                        .collect(),
                })
                .collect();
            Forecast {
                model: ModelId::Smp,
                value: joint.to_scale(k, expected.clamp(0.0, 1.0)),
                rounds,
                explanation: Explanation::Smp(SmpExplanation {
                    dimension: k,
                    dimensions: d,
                    actors: joint.ids.clone(),
                    rounds_run,
                    converged,
                    final_change_ratio: last_ratio,
                    outcome: options,
                    rounds: explained_rounds,
                }),
            }
        })
        .collect();
    Ok(forecasts)
}

/// The forecast values of [`run`] alone, bit-identical, without the rounds
/// and explanations (Monte Carlo draws).
pub fn values<P: Borrow<Problem>>(problems: &[P], opts: &Options) -> Result<Vec<f64>, EngineError> {
    check_options(opts)?;
    let joint = Joint::new(problems)?;
    if joint.issues == 0 {
        return Ok(Vec::new());
    }
    let (actors, start) = setup(&joint);
    let state = bargain_to_end(&actors, start, opts);
    let outcome = state.outcome(&actors);
    Ok((0..actors.d)
        .map(|k| {
            let x = expected(&outcome, &state.pos, actors.d, k);
            joint.to_scale(k, x.clamp(0.0, 1.0))
        })
        .collect())
}

fn check_options(opts: &Options) -> Result<(), EngineError> {
    if !(1..=MAX_ROUNDS).contains(&opts.smp_max_rounds) {
        return Err(EngineError::InvalidOption {
            name: "smp_max_rounds",
            value: f64::from(opts.smp_max_rounds),
            expected: "1 to 1000",
        });
    }
    let ratio = opts.smp_stop_ratio;
    if !(ratio.is_finite() && ratio >= 0.0) {
        return Err(EngineError::InvalidOption {
            name: "smp_stop_ratio",
            value: ratio,
            expected: "a finite number >= 0",
        });
    }
    Ok(())
}

/// The end of the bargaining rounds.
struct Bargaining {
    /// The final state.
    state: State,
    converged: bool,
    /// The last round's change ratio (None when no round ran).
    last_ratio: Option<f64>,
}

/// Runs the rounds of bargaining from `start` until the stopping rule or
/// `smp_max_rounds`. After each round, `each(state, change ratio, bargains,
/// new positions)` sees the state the round started from.
fn bargain(
    actors: &Actors,
    start: Vec<f64>,
    opts: &Options,
    mut each: impl FnMut(&State, f64, Vec<Bargain>, &[f64]),
) -> Bargaining {
    let d = actors.d;
    let mut state = State::new(actors, start);
    let mut work = Scratch::default();
    let mut next = Vec::new();
    let mut first_move = 0.0;
    let mut last_ratio = None;
    let mut converged = false;
    for t in 1..=opts.smp_max_rounds {
        let mut bargains = Vec::new();
        state.proposals(actors, &mut work, &mut bargains);
        state.resolve(actors, &mut bargains, &mut work, &mut next);
        let moved = movement(d, &state.pos, &next);
        if t == 1 {
            first_move = moved + MIN_FIRST_MOVE;
        }
        let ratio_t = moved / first_move;
        last_ratio = Some(ratio_t);
        each(&state, ratio_t, bargains, &next);
        state.set(actors, &next);
        if t >= MIN_ROUNDS && ratio_t < opts.smp_stop_ratio {
            converged = true;
            break;
        }
    }
    Bargaining {
        state,
        converged,
        last_ratio,
    }
}

/// The final state of [`bargain`], the same bit for bit, without its
/// rounds: each round is a function of the positions alone, so once the
/// positions after round t equal those after an earlier round k ≥ 1, the
/// states and change ratios repeat with period t − k. None of those ratios
/// stopped the run when it met them, so none ever will: the run goes on to
/// `smp_max_rounds`, whose state is known.
fn bargain_to_end(actors: &Actors, start: Vec<f64>, opts: &Options) -> State {
    let len = start.len();
    let mut seen: Vec<f64> = start.clone();
    let mut state = State::new(actors, start);
    // Buffers reused from round to round: one allocation per run.
    let mut work = Scratch::default();
    let mut bargains = Vec::new();
    let mut next = Vec::with_capacity(len);
    let mut first_move = 0.0;
    for t in 1..=opts.smp_max_rounds {
        state.proposals(actors, &mut work, &mut bargains);
        state.resolve(actors, &mut bargains, &mut work, &mut next);
        let moved = movement(actors.d, &state.pos, &next);
        if t == 1 {
            first_move = moved + MIN_FIRST_MOVE;
        }
        let ratio_t = moved / first_move;
        if t >= MIN_ROUNDS && ratio_t < opts.smp_stop_ratio {
            state.set(actors, &next);
            return state;
        }
        let same = |s: &[f64]| s.iter().zip(&next).all(|(a, b)| a.to_bits() == b.to_bits());
        if let Some(k) = seen
            .chunks_exact(len.max(1))
            .skip(1)
            .position(same)
            .map(|k| k + 1)
        {
            let period = t as usize - k;
            let end = k + (opts.smp_max_rounds as usize - k) % period;
            state.set(actors, &seen[end * len..(end + 1) * len]);
            return state;
        }
        seen.extend_from_slice(&next);
        state.set(actors, &next);
    }
    state
}

/// The expected final position on dimension `k`: Σ_o P(o) x_o.
fn expected(outcome: &[(usize, Vec<usize>, f64)], pos: &[f64], d: usize, k: usize) -> f64 {
    outcome
        .iter()
        .fold(0.0, |s, (rep, _, p)| s + p * pos[rep * d + k])
}

/// The actors' fixed attributes and starting positions (choices 1–3).
fn setup(joint: &Joint) -> (Actors, Vec<f64>) {
    let (n, d) = (joint.actors(), joint.issues);
    // Where an absent actor starts on each issue: the weighted mean.
    let centre: Vec<f64> = (0..d)
        .map(|k| {
            let (mut wx, mut w) = (0.0, 0.0);
            for a in 0..n {
                if let Some(st) = joint.stance(a, k) {
                    wx += st.capability * st.salience * st.position;
                    w += st.capability * st.salience;
                }
            }
            // `Problem::check` guaranteed w > 0.
            if w > 0.0 {
                (wx / w).clamp(0.0, 1.0)
            } else {
                0.5
            }
        })
        .collect();
    let mut cap = Vec::with_capacity(n);
    let mut sal = Vec::with_capacity(n * d);
    let mut pos = Vec::with_capacity(n * d);
    for a in 0..n {
        let (mut c, mut issues) = (0.0, 0.0);
        let start = sal.len();
        for (k, &mid) in centre.iter().enumerate() {
            match joint.stance(a, k) {
                Some(st) => {
                    c += st.capability;
                    issues += 1.0;
                    sal.push(st.salience);
                    pos.push(st.position);
                }
                None => {
                    sal.push(0.0);
                    pos.push(mid);
                }
            }
        }
        cap.push(if issues > 0.0 { c / issues } else { 0.0 });
        let total: f64 = sal[start..].iter().sum();
        if total > 1.0 {
            for s in &mut sal[start..] {
                *s /= total;
            }
        }
    }
    let top = cap.iter().copied().fold(0.0, f64::max);
    if top > 0.0 && top != 100.0 {
        let scale = 100.0 / top;
        for c in &mut cap {
            *c *= scale;
        }
    }
    (Actors::new(cap, sal, d), pos)
}

#[cfg(test)]
mod tests;
