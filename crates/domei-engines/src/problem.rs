//! The input every model reads: one issue, its scale and the players on it.
//!
//! Problems arrive validated by `domei-scenario`, but the engines are public
//! functions and must never panic, so [`Problem::check`] repeats the few
//! checks the models rely on and turns a violation into an [`EngineError`].

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use crate::EngineError;

/// One issue as the models see it: a one-dimensional scale and the actors
/// with a stance on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The actors with a stance on the issue; ids are unique.
    pub players: Vec<Player>,
    /// Lower end of the scale.
    pub min: f64,
    /// Upper end of the scale.
    pub max: f64,
    /// The status quo (reversion point), if known. Only the Nash model needs it.
    pub status_quo: Option<f64>,
}

/// One actor's stance on the issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Player {
    /// The actor's id, as in the scenario.
    pub id: String,
    /// Capability (power, clout); > 0. Only ratios of capabilities matter.
    pub capability: f64,
    /// Position on the scale, in `[min, max]`.
    pub position: f64,
    /// Salience in `[0, 1]`: the share of attention the actor gives the issue.
    pub salience: f64,
}

impl Player {
    /// `c·s`, the weight every model gives the player.
    pub fn weight(&self) -> f64 {
        self.capability * self.salience
    }
}

impl Problem {
    /// Checks what the models assume: a finite scale with `min < max` (and a
    /// finite width), at
    /// least one player, finite values, capability >= 0, salience in `[0, 1]`,
    /// positions (and the status quo) on the scale, and a positive, finite
    /// total weight `Σ c·s`. Capability 0 is tolerated (the player then has no weight).
    pub fn check(&self) -> Result<(), EngineError> {
        if !(self.min < self.max && (self.max - self.min).is_finite()) {
            return Err(EngineError::InvalidScale {
                min: self.min,
                max: self.max,
            });
        }
        if self.players.is_empty() {
            return Err(EngineError::NoPlayers);
        }
        for p in &self.players {
            let bad = |what: &'static str, value: f64| EngineError::InvalidPlayer {
                id: p.id.clone(),
                what,
                value,
            };
            if !(p.capability.is_finite() && p.capability >= 0.0) {
                return Err(bad("capability", p.capability));
            }
            if !(p.salience.is_finite() && (0.0..=1.0).contains(&p.salience)) {
                return Err(bad("salience", p.salience));
            }
            if !(p.position.is_finite() && p.position >= self.min && p.position <= self.max) {
                return Err(bad("position", p.position));
            }
        }
        if let Some(sq) = self.status_quo {
            if !(sq.is_finite() && sq >= self.min && sq <= self.max) {
                return Err(EngineError::InvalidStatusQuo { value: sq });
            }
        }
        let total: f64 = self.players.iter().map(Player::weight).sum();
        if total.is_infinite() {
            return Err(EngineError::WeightOverflow);
        }
        if total.is_nan() || total <= 0.0 {
            return Err(EngineError::ZeroWeight);
        }
        Ok(())
    }

    /// Width of the scale, `max − min` (> 0 once [`Problem::check`] passed).
    pub fn width(&self) -> f64 {
        self.max - self.min
    }

    /// Indices of the players in a canonical order that does not depend on the
    /// order of `players`: by position, then id, then capability, then salience.
    /// Models that make discrete choices (the BDM tie-breaks) iterate in this
    /// order so that permuting the input permutes the output and nothing else.
    pub fn canonical_order(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.players.len()).collect();
        idx.sort_by(|&a, &b| canonical_cmp(&self.players[a], &self.players[b]));
        idx
    }
}

fn canonical_cmp(a: &Player, b: &Player) -> Ordering {
    a.position
        .total_cmp(&b.position)
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| a.capability.total_cmp(&b.capability))
        .then_with(|| a.salience.total_cmp(&b.salience))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A problem from `(id, capability, position, salience)` rows.
    pub(crate) fn problem(rows: &[(&str, f64, f64, f64)], min: f64, max: f64) -> Problem {
        Problem {
            players: rows
                .iter()
                .map(|&(id, capability, position, salience)| Player {
                    id: id.to_string(),
                    capability,
                    position,
                    salience,
                })
                .collect(),
            min,
            max,
            status_quo: None,
        }
    }

    #[test]
    fn check_accepts_a_valid_problem() {
        let p = problem(&[("a", 1.0, 0.0, 0.5), ("b", 2.0, 10.0, 0.0)], 0.0, 10.0);
        assert!(p.check().is_ok());
    }

    #[test]
    fn check_rejects_bad_inputs() {
        let base = problem(&[("a", 1.0, 5.0, 0.5)], 0.0, 10.0);
        let mut p = base.clone();
        p.max = p.min;
        assert!(matches!(p.check(), Err(EngineError::InvalidScale { .. })));
        let mut p = base.clone();
        p.players.clear();
        assert!(matches!(p.check(), Err(EngineError::NoPlayers)));
        let mut p = base.clone();
        p.players[0].position = 11.0;
        assert!(matches!(
            p.check(),
            Err(EngineError::InvalidPlayer {
                what: "position",
                ..
            })
        ));
        let mut p = base.clone();
        p.players[0].salience = 0.0;
        assert!(matches!(p.check(), Err(EngineError::ZeroWeight)));
        let mut p = base.clone();
        p.players[0].capability = f64::NAN;
        assert!(matches!(
            p.check(),
            Err(EngineError::InvalidPlayer {
                what: "capability",
                ..
            })
        ));
        let mut p = base;
        p.status_quo = Some(-1.0);
        assert!(matches!(
            p.check(),
            Err(EngineError::InvalidStatusQuo { .. })
        ));
    }

    #[test]
    fn canonical_order_ignores_input_order() {
        let p = problem(
            &[
                ("b", 1.0, 5.0, 0.5),
                ("a", 1.0, 5.0, 0.5),
                ("c", 1.0, 1.0, 0.5),
            ],
            0.0,
            10.0,
        );
        let ids: Vec<&str> = p
            .canonical_order()
            .iter()
            .map(|&i| p.players[i].id.as_str())
            .collect();
        assert_eq!(ids, ["c", "a", "b"]);
    }
}
