//! domei's forecasting engines: pure bargaining models over one issue.
//!
//! Every model is a pure function of its [`Problem`]s and [`Options`]; none
//! reads files or keeps state. [`run`] dispatches on a [`ModelId`] for one
//! issue; [`run_joint`] runs a model over several issues negotiated together
//! (the multi-issue models see them at once, the others one at a time):
//!
//! | model | file | forecast |
//! |---|---|---|
//! | `compromise` | [`models::compromise`] | capability×salience weighted mean (Achen 2006) |
//! | `median` | [`models::median`] | capability×salience weighted median (Black 1948) |
//! | `bdm` | [`models::bdm`] | Bueno de Mesquita's expected-utility model, Scholz et al. (2011) reading |
//! | `nash` | [`models::nash`] | asymmetric Nash bargaining solution (Nash 1950; Kalai 1977) |
//! | `smp` | [`models::smp`] | KTAB's Spatial Model of Politics (Wise et al., KAPSARC), multi-issue |
//! | `exchange` | [`models::exchange`] | Stokman & Van Oosten's (1994) exchange of voting positions, multi-issue |
//!
//! Each model's file states the equations it implements and the sources.

#![warn(missing_docs)]

pub mod cost;
pub mod forecast;
pub mod models;
pub mod problem;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use cost::{cost, Cost};
pub use forecast::{
    ActorPosition, BdmExplanation, BdmRound, CompromiseExplanation, ExchangeExplanation,
    ExchangeRoundState, ExchangeStep, Explanation, Forecast, Interval, MedianExplanation,
    MedianStep, Move, NashExplanation, NashPlayer, Offer, Outcome, Round, SmpBargain,
    SmpExplanation, SmpOption, SmpRound, WeightShare,
};
pub use models::bdm::BdmOfferRule;
pub use models::exchange::{
    ExchangeArith, ExchangeCap, ExchangeReading, ExchangeRules, ExchangeSides, ExchangeTies,
};
pub use problem::{Player, Problem};

use std::borrow::Borrow;

/// The models domei can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelId {
    /// The capability×salience weighted mean of the positions.
    Compromise,
    /// The capability×salience weighted median of the positions.
    Median,
    /// Bueno de Mesquita's expected-utility model (challenges round by round).
    Bdm,
    /// The asymmetric Nash bargaining solution; needs a status quo.
    Nash,
    /// KTAB's Spatial Model of Politics, run on an issue's group jointly.
    Smp,
    /// Stokman's exchange model, run on an issue's group jointly.
    Exchange,
}

impl ModelId {
    /// Every model, in the order reports list them.
    pub const ALL: [ModelId; 6] = [
        ModelId::Compromise,
        ModelId::Median,
        ModelId::Bdm,
        ModelId::Nash,
        ModelId::Smp,
        ModelId::Exchange,
    ];

    /// The model's name as used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelId::Compromise => "compromise",
            ModelId::Median => "median",
            ModelId::Bdm => "bdm",
            ModelId::Nash => "nash",
            ModelId::Smp => "smp",
            ModelId::Exchange => "exchange",
        }
    }

    /// True for the multi-issue models (SMP, exchange), which forecast the
    /// issues negotiated together in one run: use [`run_joint`] for them.
    /// [`run`] still accepts them and treats the one issue as the whole
    /// negotiation.
    pub fn joint(self) -> bool {
        matches!(self, ModelId::Smp | ModelId::Exchange)
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelId {
    type Err = EngineError;

    /// Accepts the names of [`ModelId::as_str`], ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelId::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| EngineError::UnknownModel {
                name: s.to_string(),
            })
    }
}

/// Settings shared by the models; each model reads only its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// BDM: number of rounds to iterate (default 10, at most 1000).
    pub rounds: u32,
    /// BDM: Q, the probability that the status quo holds when nobody
    /// challenges, in `[0, 1]` (default 1.0, the value Scholz et al. chose for
    /// the car-emissions case).
    pub bdm_q: f64,
    /// BDM: how a player picks among several offers (default
    /// [`BdmOfferRule::Replication`]).
    pub bdm_offer_rule: BdmOfferRule,
    /// Nash: κ, the cost of a breakdown on the normalised scale, scaled by
    /// salience: `u_i(d) = u_i(sq) − κ·s_i` (default 0.5; must be >= 0).
    pub nash_breakdown_cost: f64,
    /// SMP: most rounds of bargaining (default 100, KTAB's limit; 1 to 1000).
    pub smp_max_rounds: u32,
    /// SMP: stop (from round 2 on) when the round's total movement is below
    /// this fraction of the first round's (default 0.02, KTAB's value).
    pub smp_stop_ratio: f64,
    /// Exchange: most exchanges executed (per round with `sides = round`;
    /// default 1000; at most 100000).
    pub exchange_max_exchanges: u32,
    /// Exchange: the named reading (default [`ExchangeReading::Decide`]);
    /// the four switches below, when set, override its rules one by one
    /// (see [`models::exchange`]).
    pub exchange_reading: ExchangeReading,
    /// Exchange: when sides and possible exchanges are decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_sides: Option<ExchangeSides>,
    /// Exchange: which mean a move may not carry past the partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_cap: Option<ExchangeCap>,
    /// Exchange: connected rounds (1 to 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_rounds: Option<u32>,
    /// Exchange: how exact ties in gain are broken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_ties: Option<ExchangeTies>,
    /// Exchange: the arithmetic of `sides = round`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_arith: Option<ExchangeArith>,
    /// Exchange: seed of `exchange_ties = random` (default 0).
    pub exchange_seed: u64,
    /// Build each model's full explanation (default true). When false the
    /// models skip the heavy parts (BDM's offers, SMP's bargains, the list of
    /// exchanges); values and rounds are bit-identical either way. Monte
    /// Carlo runs set it to false.
    pub explain: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rounds: 10,
            bdm_q: 1.0,
            bdm_offer_rule: BdmOfferRule::Replication,
            nash_breakdown_cost: 0.5,
            smp_max_rounds: 100,
            smp_stop_ratio: 0.02,
            exchange_max_exchanges: 1000,
            exchange_reading: ExchangeReading::Decide,
            exchange_sides: None,
            exchange_cap: None,
            exchange_rounds: None,
            exchange_ties: None,
            exchange_arith: None,
            exchange_seed: 0,
            explain: true,
        }
    }
}

/// Why a model could not produce a forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error(
        "unknown model `{name}` (expected one of: compromise, median, bdm, nash, smp, exchange)"
    )]
    /// A model name that is none of [`ModelId::ALL`].
    UnknownModel {
        /// The name given.
        name: String,
    },
    #[error("the scale must be finite with min < max (got min {min}, max {max})")]
    /// The scale is not finite or its ends are not in order.
    InvalidScale {
        /// [`Problem::min`].
        min: f64,
        /// [`Problem::max`].
        max: f64,
    },
    #[error("the problem has no players")]
    /// [`Problem::players`] is empty.
    NoPlayers,
    #[error("player `{id}`: invalid {what} {value}")]
    /// A player's capability, position or salience is out of range or not
    /// finite.
    InvalidPlayer {
        /// The player's id.
        id: String,
        /// Which input: `capability`, `position` or `salience`.
        what: &'static str,
        /// The value given.
        value: f64,
    },
    #[error("the status quo {value} is not on the scale")]
    /// The status quo is off the scale or not finite.
    InvalidStatusQuo {
        /// The status quo given.
        value: f64,
    },
    #[error(
        "every player has zero weight (capability × salience); at least one needs salience > 0"
    )]
    /// Σ capability × salience is zero: no player weighs on the issue.
    ZeroWeight,
    #[error("the total weight Σ capability × salience overflows; rescale the capabilities")]
    /// Σ capability × salience is not finite.
    WeightOverflow,
    #[error("the Nash model needs a status quo (the disagreement point)")]
    /// The Nash model ran on a problem without a status quo.
    MissingStatusQuo,
    #[error("player `{id}` appears more than once on one issue; joint models match players by id")]
    /// One id appears twice among an issue's players.
    DuplicatePlayer {
        /// The repeated id.
        id: String,
    },
    #[error("option `{name}` = {value} is out of range: {expected}")]
    /// An [`Options`] field is out of its range.
    InvalidOption {
        /// The option's name, as in [`Options`] (`smp_max_rounds`).
        name: &'static str,
        /// The value given.
        value: f64,
        /// The range accepted, for the message.
        expected: &'static str,
    },
}

/// Runs one model on one issue. A multi-issue model ([`ModelId::joint`])
/// treats the issue as the whole negotiation (for exchange that means no
/// exchange is possible: see [`models::exchange`]).
pub fn run(model: ModelId, p: &Problem, opts: &Options) -> Result<Forecast, EngineError> {
    match model {
        ModelId::Compromise => models::compromise::run(p),
        ModelId::Median => models::median::run(p),
        ModelId::Bdm => models::bdm::run(p, opts),
        ModelId::Nash => models::nash::run(p, opts),
        ModelId::Smp | ModelId::Exchange => {
            // One problem in, one forecast out: the fallback is never taken.
            let mut out = run_joint(model, std::slice::from_ref(p), opts)?;
            out.pop().ok_or(EngineError::NoPlayers)
        }
    }
}

/// Runs one model on several issues negotiated together and returns one
/// forecast per problem, in order. Players are matched across problems by
/// [`Player::id`]; an actor may be absent from some issues (each model says
/// how it treats that). The multi-issue models (SMP, exchange) forecast the
/// issues jointly; the others run [`run`] on each problem and fail if any
/// issue fails.
pub fn run_joint<P: Borrow<Problem>>(
    model: ModelId,
    problems: &[P],
    opts: &Options,
) -> Result<Vec<Forecast>, EngineError> {
    match model {
        ModelId::Smp => models::smp::run(problems, opts),
        ModelId::Exchange => models::exchange::run(problems, opts),
        _ => problems
            .iter()
            .map(|p| run(model, p.borrow(), opts))
            .collect(),
    }
}

/// The forecast value of one model on one issue: bit-identical to
/// `run(model, p, opts)?.value`, but the iterative models (BDM, SMP, exchange) build
/// no rounds or explanations. The Monte Carlo draws use it.
pub fn value(model: ModelId, p: &Problem, opts: &Options) -> Result<f64, EngineError> {
    match model {
        ModelId::Bdm => models::bdm::value(p, opts),
        ModelId::Smp | ModelId::Exchange => {
            // One problem in, one value out: the fallback is never taken.
            let mut out = values_joint(model, std::slice::from_ref(p), opts)?;
            out.pop().ok_or(EngineError::NoPlayers)
        }
        _ => run(model, p, opts).map(|f| f.value),
    }
}

/// The forecast values of one model on issues negotiated together, in order:
/// bit-identical to the values of [`run_joint`], without the rounds and
/// explanations of the iterative models.
pub fn values_joint<P: Borrow<Problem>>(
    model: ModelId,
    problems: &[P],
    opts: &Options,
) -> Result<Vec<f64>, EngineError> {
    match model {
        ModelId::Smp => models::smp::values(problems, opts),
        ModelId::Exchange => models::exchange::values(problems, opts),
        _ => problems
            .iter()
            .map(|p| value(model, p.borrow(), opts))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_ids_round_trip() {
        for m in ModelId::ALL {
            assert_eq!(m.as_str().parse::<ModelId>(), Ok(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
        assert_eq!("BDM".parse::<ModelId>(), Ok(ModelId::Bdm));
        assert!(matches!(
            "ktab".parse::<ModelId>(),
            Err(EngineError::UnknownModel { .. })
        ));
    }

    #[test]
    fn extreme_finite_inputs_give_errors_or_finite_forecasts() {
        let player = |id: &str, capability: f64, position: f64, salience: f64| Player {
            id: id.to_string(),
            capability,
            position,
            salience,
        };
        let huge = Problem {
            players: vec![
                player("a", 1e300, -1e307, 1.0),
                player("b", 1e-300, 1e307, 0.5),
                player("c", 5e299, 0.0, 1e-300),
            ],
            min: -1e307,
            max: 1e307,
            status_quo: Some(1e307),
        };
        for m in ModelId::ALL {
            let f = run(m, &huge, &Options::default()).unwrap();
            assert!(
                f.value.is_finite() && (-1e307..=1e307).contains(&f.value),
                "{m}: {}",
                f.value
            );
        }
        let mut overflow = huge.clone();
        overflow.players[1].capability = f64::MAX;
        overflow.players[0].capability = f64::MAX;
        assert_eq!(
            run(ModelId::Median, &overflow, &Options::default()),
            Err(EngineError::WeightOverflow)
        );
        let mut wide = huge;
        wide.min = -f64::MAX;
        wide.max = f64::MAX;
        assert!(matches!(
            run(ModelId::Bdm, &wide, &Options::default()),
            Err(EngineError::InvalidScale { .. })
        ));
    }

    #[test]
    fn options_default_and_partial_json() {
        let o: Options = serde_json::from_str(r#"{"rounds": 3}"#).unwrap();
        assert_eq!(o.rounds, 3);
        assert_eq!(o.nash_breakdown_cost, 0.5);
        assert_eq!(Options::default().rounds, 10);
    }
}
