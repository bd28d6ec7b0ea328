//! The exchange model's named readings and the switches they preset (the
//! table "Readings and switches" of [`super`]'s docs), and how
//! [`Options`] resolves them into the rules a run uses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Options;

/// A named reading of the exchange model: a preset of [`ExchangeRules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeReading {
    /// Decide's equal-gain model, rule for rule (the reference reading).
    #[default]
    Decide,
    /// domei's first reading: one exchange at a time against the current
    /// outcomes, one pass.
    Continuous,
}

/// When the sides of the means, and the possible exchanges, are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeSides {
    /// Once per round, with the list of exchanges (Decide).
    Round,
    /// Before every exchange, against the current outcomes.
    Exchange,
}

/// Which mean a move may carry no further than the partner's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeCap {
    /// The start-of-round mean plus the executed moves that share an actor
    /// and its demand issue with the exchange (Decide).
    Adjusted,
    /// The mean of all current voting positions.
    Current,
}

/// How exact ties in gain are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeTies {
    /// The core's own order: creation order (`sides = round`, Decide with
    /// `ALLOW_RANDOM` off), lowest ids (`sides = exchange`).
    Order,
    /// At random, from `exchange_seed` (Decide's default).
    Random,
}

/// The arithmetic of the round core (`sides = round`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeArith {
    /// 28 significant decimal digits, rounded half to even after every
    /// operation, as Decide computes (Python's `decimal`).
    Decimal,
    /// Binary double precision.
    Binary,
}

/// The rules in which the readings differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRules {
    /// When the sides of the means, and the possible exchanges, are decided.
    pub sides: ExchangeSides,
    /// Which mean a move may carry no further than the partner's position.
    pub cap: ExchangeCap,
    /// Connected rounds to run (presets: Decide 10, continuous 1).
    pub rounds: u32,
    /// How exact ties in gain are broken.
    pub ties: ExchangeTies,
    /// The arithmetic of the round core.
    ///
    /// Absent in runs stored before the switch existed: binary.
    #[serde(default = "binary")]
    pub arith: ExchangeArith,
}

fn binary() -> ExchangeArith {
    ExchangeArith::Binary
}

impl ExchangeReading {
    /// Every reading, the reference (Decide) first.
    pub const ALL: [ExchangeReading; 2] = [ExchangeReading::Decide, ExchangeReading::Continuous];

    /// The reading's name in options and JSON: `decide`, `continuous`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeReading::Decide => "decide",
            ExchangeReading::Continuous => "continuous",
        }
    }

    /// The reading's rules.
    pub fn rules(self) -> ExchangeRules {
        match self {
            ExchangeReading::Decide => ExchangeRules {
                sides: ExchangeSides::Round,
                cap: ExchangeCap::Adjusted,
                rounds: 10,
                ties: ExchangeTies::Order,
                // Binary by default: the same rules at a fifteenth of the
                // cost (Monte Carlo, backtests); `exchange_arith = decimal`
                // is Decide's arithmetic too, for exact replication.
                arith: ExchangeArith::Binary,
            },
            ExchangeReading::Continuous => ExchangeRules {
                sides: ExchangeSides::Exchange,
                cap: ExchangeCap::Current,
                rounds: 1,
                ties: ExchangeTies::Order,
                arith: ExchangeArith::Binary,
            },
        }
    }
}

impl fmt::Display for ExchangeReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExchangeReading {
    type Err = String;

    /// `decide` or `continuous`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExchangeReading::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown exchange reading `{s}` (expected decide or continuous)")
            })
    }
}

impl Options {
    /// The exchange model's rules: the reading's, with each switch that is
    /// set taking its place.
    pub fn exchange_rules(&self) -> ExchangeRules {
        let r = self.exchange_reading.rules();
        ExchangeRules {
            sides: self.exchange_sides.unwrap_or(r.sides),
            cap: self.exchange_cap.unwrap_or(r.cap),
            rounds: self.exchange_rounds.unwrap_or(r.rounds),
            ties: self.exchange_ties.unwrap_or(r.ties),
            arith: self.exchange_arith.unwrap_or(r.arith),
        }
    }
}
