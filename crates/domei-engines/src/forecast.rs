//! What every model returns: a [`Forecast`] with the value on the issue's
//! scale, the rounds of iterative models and a per-model [`Explanation`].
//!
//! These types are part of domei's documented JSON API: field names are
//! snake_case and stable. Per-player vectors (`positions`,
//! `risk_exponents`, …) are in the order of `Problem::players`.

use serde::{Deserialize, Serialize};

use crate::models::bdm::BdmOfferRule;
use crate::models::exchange::ExchangeRules;
use crate::ModelId;

/// A model's forecast for one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Which model produced it (`"compromise"`, `"median"`, `"bdm"`, `"nash"`,
    /// `"smp"`, `"exchange"`).
    pub model: ModelId,
    /// The forecast on the issue's scale.
    pub value: f64,
    /// One entry per round for iterative models (BDM and SMP: a round of
    /// bargaining; exchange: one executed exchange), round 1 first; empty
    /// for the others.
    pub rounds: Vec<Round>,
    /// What an analyst needs to understand the value.
    pub explanation: Explanation,
}

/// The state after one round of an iterative model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// 1 for the state after the first round of moves.
    pub round: u32,
    /// The model's median after the round's moves.
    pub median: f64,
    /// The capability×salience weighted mean after the round's moves.
    pub mean: f64,
    /// Every player's position after the round, in `Problem::players` order.
    pub positions: Vec<f64>,
    /// The players who moved in this round, in `Problem::players` order
    /// (BDM only: SMP's bargains and the exchanges are in their
    /// explanations).
    pub moves: Vec<Move>,
}

/// One player's change of position in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    /// The player who moved, by id.
    pub player: String,
    /// Its position before the round.
    pub from: f64,
    /// Its position after the round.
    pub to: f64,
    /// Why it moved.
    pub outcome: Outcome,
    /// The player whose offer it accepted.
    pub partner: String,
}

/// How a dyad resolves, seen from the player who may have to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Both expect to gain from a challenge; the one expecting less gives way
    /// and moves all the way to the other's position.
    Conflict,
    /// The challenger gains more than the target loses; the target moves part
    /// of the way.
    Compromise,
    /// The target loses at least as much as the challenger gains; the target
    /// moves all the way.
    Capitulation,
    /// Neither expects to gain from a challenge; nobody moves.
    Stalemate,
}

/// Per-model explanation, tagged by `"model"` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Explanation {
    /// [`ModelId::Compromise`]'s.
    Compromise(CompromiseExplanation),
    /// [`ModelId::Median`]'s.
    Median(MedianExplanation),
    /// [`ModelId::Bdm`]'s.
    Bdm(BdmExplanation),
    /// [`ModelId::Nash`]'s.
    Nash(NashExplanation),
    /// [`ModelId::Smp`]'s.
    Smp(SmpExplanation),
    /// [`ModelId::Exchange`]'s.
    Exchange(ExchangeExplanation),
}

/// The compromise model: each player's pull on the weighted mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompromiseExplanation {
    /// `Σ c·s`.
    pub total_weight: f64,
    /// In `Problem::players` order.
    pub players: Vec<WeightShare>,
}

/// One player's weight in the compromise model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightShare {
    /// The player, by id.
    pub player: String,
    /// Its position on the scale.
    pub position: f64,
    /// `c·s`.
    pub weight: f64,
    /// `c·s / Σ c·s`; the shares sum to 1.
    pub share: f64,
}

/// The weighted median: cumulative weights along the scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedianExplanation {
    /// `Σ c·s`.
    pub total_weight: f64,
    /// Distinct positions of players with weight > 0, ascending.
    pub steps: Vec<MedianStep>,
    /// The players at the pivotal position: where the cumulative share first
    /// reaches one half. On a tie, the players at both ends of the tie.
    pub pivotal_players: Vec<String>,
    /// True when the cumulative share is exactly one half at a position; the
    /// median is then the midpoint between it and the next position.
    pub tie: bool,
}

/// One distinct position on the way to the median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedianStep {
    /// The position on the scale.
    pub position: f64,
    /// Players at this position, by id.
    pub players: Vec<String>,
    /// Their combined share of the total weight.
    pub share: f64,
    /// Share of the total weight at or below this position.
    pub cumulative_share: f64,
}

/// Bueno de Mesquita's expected-utility model, round by round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BdmExplanation {
    /// Median of the initial positions (before round 1).
    pub initial_median: f64,
    /// Weighted mean of the initial positions.
    pub initial_mean: f64,
    /// Q, the probability that the status quo holds if nobody challenges.
    pub q: f64,
    /// Rule used to pick among several offers.
    pub offer_rule: BdmOfferRule,
    /// Details of each round; `rounds[k]` explains `Forecast::rounds[k]`.
    pub rounds: Vec<BdmRound>,
}

/// What happened in one BDM round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BdmRound {
    /// 1 for the first round.
    pub round: u32,
    /// The median μ at the start of the round.
    pub median_before: f64,
    /// Security level of each player at the start of the round: the sum of
    /// the others' expected utilities of challenging it (risk-neutral pass).
    pub security: Vec<f64>,
    /// Risk exponent r_i of each player in this round, in `[0.5, 2]`.
    pub risk_exponents: Vec<f64>,
    /// Every challenge that would make its target move (conflict, compromise,
    /// capitulation), grouped by target in `Problem::players` order (empty
    /// when `Options::explain` is false).
    pub offers: Vec<Offer>,
    /// Number of ordered pairs at distinct positions in which neither side
    /// expects to gain from a challenge (as the target estimates it).
    pub stalemates: u32,
}

/// A challenge by one player to another, as the target sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// The player making the demand (j).
    pub challenger: String,
    /// The player asked to move (i).
    pub target: String,
    /// How the dyad resolves, as the target sees it.
    pub outcome: Outcome,
    /// `E^i(U_ij)`: the target's expected utility of challenging the challenger.
    pub eu_target: f64,
    /// `E^i(U_ji)`: the challenger's expected utility of challenging the
    /// target, as the target estimates it.
    pub eu_challenger: f64,
    /// Where the target would move if it accepted.
    pub position: f64,
    /// Whether this is the offer the target accepted.
    pub accepted: bool,
}

/// The asymmetric Nash bargaining solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NashExplanation {
    /// The status quo that defines the disagreement point.
    pub status_quo: f64,
    /// κ: the utility, times salience, lost when bargaining breaks down.
    pub breakdown_cost: f64,
    /// Where every player gains over the disagreement point: an end set by
    /// a player's constraint is open, an end at the scale's limit closed.
    /// `None` when no such outcome exists (the solution is then the status
    /// quo).
    pub feasible: Option<Interval>,
    /// In `Problem::players` order.
    pub players: Vec<NashPlayer>,
}

/// A closed or open range on the issue's scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower end, on the scale.
    pub low: f64,
    /// Upper end, on the scale.
    pub high: f64,
}

/// One player in the Nash solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NashPlayer {
    /// The player, by id.
    pub player: String,
    /// Bargaining weight `w_i = c_i·s_i / Σ c·s`.
    pub weight: f64,
    /// `u_i(d)`, the utility of the disagreement point.
    pub disagreement_utility: f64,
    /// `u_i(x*)`, the utility of the solution.
    pub utility: f64,
    /// `u_i(x*) − u_i(d)`.
    pub gain: f64,
}

/// KTAB's Spatial Model of Politics, for one of the issues run jointly.
/// Issues are numbered by their place in the joint run (0-based); positions
/// are on this issue's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmpExplanation {
    /// This issue's place among the issues run jointly.
    pub dimension: usize,
    /// How many issues were run jointly (SMP's dimensions).
    pub dimensions: usize,
    /// Every actor of the joint run, by id, in the order of the per-actor
    /// vectors below (sorted by id).
    pub actors: Vec<String>,
    /// Rounds of bargaining run.
    pub rounds_run: u32,
    /// True when the run stopped because positions stopped changing, false
    /// when it hit `smp_max_rounds`.
    pub converged: bool,
    /// Movement of the last round over that of the first (KTAB's stopping
    /// statistic); null when no round ran.
    pub final_change_ratio: Option<f64>,
    /// The probabilistic Condorcet election over the final positions:
    /// distinct final positions (on every issue; `position` is this issue's
    /// coordinate) with their probability. The forecast is their expected
    /// value.
    pub outcome: Vec<SmpOption>,
    /// Round by round (empty when `Options::explain` is false);
    /// `rounds[k]` explains `Forecast::rounds[k]`.
    pub rounds: Vec<SmpRound>,
}

/// One possible outcome of SMP's probabilistic Condorcet election.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmpOption {
    /// Actors holding this position.
    pub players: Vec<String>,
    /// The position on this issue.
    pub position: f64,
    /// Its probability of winning the election; the options' sum to 1.
    pub probability: f64,
}

/// One round of SMP bargaining.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmpRound {
    /// 1 for the first round.
    pub round: u32,
    /// Risk attitude R_i of each actor at the start of the round, in
    /// `[-0.5, 1]`, in `actors` order.
    pub risk_attitudes: Vec<f64>,
    /// Movement this round over that of the first round.
    pub change_ratio: f64,
    /// Every bargain proposed this round, by initiator (in `actors` order).
    pub bargains: Vec<SmpBargain>,
}

/// A bargain proposed by an actor to the target it expects to gain most from
/// challenging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmpBargain {
    /// The actor proposing the bargain, by id.
    pub initiator: String,
    /// The actor it is proposed to, by id.
    pub receiver: String,
    /// The initiator's estimate that it would win a contest.
    pub probability: f64,
    /// The initiator's expected gain in utility from challenging.
    pub expected_gain: f64,
    /// Where the bargain puts the initiator on this issue.
    pub initiator_position: f64,
    /// Where the bargain puts the receiver on this issue.
    pub receiver_position: f64,
    /// Whether the initiator adopted it (each actor picks among the
    /// bargains it is part of by a probabilistic Condorcet election).
    pub adopted_by_initiator: bool,
    /// Whether the receiver adopted it, by the same election.
    pub adopted_by_receiver: bool,
}

/// Stokman's exchange model, for one of the issues run jointly. Issues are
/// numbered by their place in the joint run (0-based).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeExplanation {
    /// This issue's place among the issues run jointly.
    pub issue: usize,
    /// How many issues were run jointly.
    pub issues: usize,
    /// The rules the run followed (the reading with its switches).
    #[serde(default = "continuous_rules")]
    pub rules: ExchangeRules,
    /// The expected outcome before any exchange: the capability×salience
    /// weighted mean of the positions (the compromise model).
    pub initial_outcome: f64,
    /// Exchanges executed over all the issues.
    pub exchanges_executed: u32,
    /// True when the run stopped because no profitable exchange was left,
    /// false when it hit `exchange_max_exchanges`.
    pub converged: bool,
    /// The executed exchanges that involve this issue, in order (empty when
    /// `Options::explain` is false).
    pub exchanges: Vec<ExchangeStep>,
    /// Round by round: exchanges executed (over all issues), this issue's
    /// weighted mean and every actor's voting position after the round
    /// (empty when `Options::explain` is false).
    #[serde(default)]
    pub rounds: Vec<ExchangeRoundState>,
}

/// Stored explanations from before the readings were continuous ones.
fn continuous_rules() -> ExchangeRules {
    crate::ExchangeReading::Continuous.rules()
}

fn first_round() -> u32 {
    1
}

/// The state of one issue after one round of the exchange model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRoundState {
    /// 1 for the first round.
    pub round: u32,
    /// Exchanges executed in the round, over all the issues.
    pub exchanges: u32,
    /// The capability×salience weighted mean of the voting positions.
    pub mean: f64,
    /// Each actor's voting position after the round, in
    /// `Problem::players` order.
    pub positions: Vec<ActorPosition>,
}

/// An actor's position on one issue, on the issue's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorPosition {
    /// The actor, by id.
    pub actor: String,
    /// Its voting position.
    pub position: f64,
}

/// One exchange of voting positions: `actor_i` shifts on `issue_q` toward
/// `actor_j`, who shifts on `issue_p` toward `actor_i`. Positions are on
/// each issue's own scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeStep {
    /// 1 for the first exchange executed.
    pub step: u32,
    /// The model round it was executed in (1 for the first).
    #[serde(default = "first_round")]
    pub round: u32,
    /// The first actor of the exchange, by id.
    pub actor_i: String,
    /// Its partner, by id.
    pub actor_j: String,
    /// The issue `actor_i` gains on (relatively more salient to it).
    pub issue_p: usize,
    /// The issue `actor_j` gains on.
    pub issue_q: usize,
    /// `actor_i`'s voting position on `issue_q` before the exchange.
    pub i_from: f64,
    /// `actor_i`'s voting position on `issue_q` after it.
    pub i_to: f64,
    /// `actor_j`'s voting position on `issue_p` before the exchange.
    pub j_from: f64,
    /// `actor_j`'s voting position on `issue_p` after it.
    pub j_to: f64,
    /// How far the expected outcome of `issue_p` moved.
    pub outcome_shift_p: f64,
    /// How far the expected outcome of `issue_q` moved.
    pub outcome_shift_q: f64,
    /// The utility each of the two gains (equal by construction), in
    /// salience × fraction-of-scale units.
    pub gain: f64,
}
