//! Edits to a scenario: `ACTOR.ISSUE.position=V`, `ACTOR.ISSUE.salience+=D`,
//! `ACTOR.capability=V`, `ISSUE.status_quo=V`.
//!
//! An edit sets (`=`) or shifts (`+=`, `-=`) a value's point estimate and
//! its range with it, then checks the value's domain (the issue's scale,
//! salience in [0, 1], capability > 0). A stance that does not exist can be
//! created by setting both its position and salience in the same set of
//! edits.

use crate::StrategyError;
use domei_scenario::edit::Target as ValueId;
use domei_scenario::{Scenario, Stance, Value};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// Which value of a stance or an actor an edit changes.
pub enum Target {
    /// An actor's position on an issue (`actor.issue.position`).
    Position,
    /// An actor's salience for an issue (`actor.issue.salience`).
    Salience,
    /// An actor's capability (`actor.capability`).
    Capability,
    /// An issue's status quo (`issue.status_quo`).
    StatusQuo,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// How an edit's value is applied.
pub enum Op {
    /// Replace the value (`=`).
    Set,
    /// Add to the value (`+=`, or `-=` with a negative amount).
    Add,
}

/// One change to one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Actor id (empty for a status quo).
    pub actor: String,
    /// Issue id (empty for a capability).
    pub issue: String,
    /// Which value of the actor or issue is changed.
    pub target: Target,
    /// Set or add.
    pub op: Op,
    /// The new value, or the amount added, in the value's own units.
    pub value: f64,
}

impl Edit {
    /// The value this edit changes, by ids (domei-scenario's value path).
    pub fn value_id(&self) -> ValueId {
        let (actor, issue) = (self.actor.clone(), self.issue.clone());
        match self.target {
            Target::Capability => ValueId::Capability { actor },
            Target::StatusQuo => ValueId::StatusQuo { issue },
            Target::Position => ValueId::Position { actor, issue },
            Target::Salience => ValueId::Salience { actor, issue },
        }
    }
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.value_id().path();
        match self.op {
            Op::Set => write!(f, "{path}={}", self.value),
            Op::Add if self.value < 0.0 => write!(f, "{path}-={}", -self.value),
            Op::Add => write!(f, "{path}+={}", self.value),
        }
    }
}

impl FromStr for Edit {
    type Err = StrategyError;

    fn from_str(s: &str) -> Result<Self, StrategyError> {
        let bad = |why: &str| StrategyError::BadEdit {
            edit: s.to_string(),
            why: why.to_string(),
        };
        let (lhs, op, rhs) = if let Some((l, r)) = s.split_once("+=") {
            (
                l,
                Op::Add,
                r.trim()
                    .parse::<f64>()
                    .map_err(|_| bad("expected a number after +="))?,
            )
        } else if let Some((l, r)) = s.split_once("-=") {
            (
                l,
                Op::Add,
                -r.trim()
                    .parse::<f64>()
                    .map_err(|_| bad("expected a number after -="))?,
            )
        } else if let Some((l, r)) = s.split_once('=') {
            (
                l,
                Op::Set,
                r.trim()
                    .parse::<f64>()
                    .map_err(|_| bad("expected a number after ="))?,
            )
        } else {
            return Err(bad("write PATH=VALUE, PATH+=DELTA or PATH-=DELTA"));
        };
        if !rhs.is_finite() {
            return Err(bad("the number must be finite"));
        }
        // The one value path (domei-scenario's).
        let (actor, issue, target) = match ValueId::parse(lhs) {
            Ok(ValueId::Capability { actor }) => (actor, String::new(), Target::Capability),
            Ok(ValueId::StatusQuo { issue }) => (String::new(), issue, Target::StatusQuo),
            Ok(ValueId::Position { actor, issue }) => (actor, issue, Target::Position),
            Ok(ValueId::Salience { actor, issue }) => (actor, issue, Target::Salience),
            Err(_) => return Err(bad("the path is ACTOR.ISSUE.position, ACTOR.ISSUE.salience, ACTOR.capability or ISSUE.status_quo")),
        };
        Ok(Edit {
            actor,
            issue,
            target,
            op,
            value: rhs,
        })
    }
}

fn apply_to(
    v: &mut Value,
    op: Op,
    x: f64,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<(), StrategyError> {
    let new = match op {
        Op::Set => x,
        Op::Add => v.value + x,
    };
    if !(new >= lo && new <= hi) {
        return Err(StrategyError::OutOfRange {
            what: what.to_string(),
            value: new,
            lo,
            hi,
        });
    }
    let shift = new - v.value;
    v.value = new;
    v.range = v
        .range
        .map(|(l, h)| ((l + shift).clamp(lo, new), (h + shift).clamp(new, hi)));
    v.judgement = Some(format!("what-if edit ({what} set to {new})"));
    Ok(())
}

/// Applies `edits` in order to a copy of `s`.
pub fn apply(s: &Scenario, edits: &[Edit]) -> Result<Scenario, StrategyError> {
    let mut s = s.clone();
    for e in edits {
        let actor = || {
            s.actor_index(&e.actor)
                .ok_or_else(|| StrategyError::UnknownActor(e.actor.clone()))
        };
        let issue = || {
            s.issue_index(&e.issue)
                .ok_or_else(|| StrategyError::UnknownIssue(e.issue.clone()))
        };
        // The value's path as written (ids may contain '-').
        let name = e.value_id().path();
        match e.target {
            Target::Capability => {
                let a = actor()?;
                let others: f64 = s
                    .actors
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != a)
                    .map(|(_, x)| x.capability.high())
                    .sum();
                // The total stays within the validator's limit
                // (domei-limits `capability_total`).
                let room = (domei_limits::MAX_CAPABILITY_TOTAL - others).max(f64::MIN_POSITIVE);
                apply_to(
                    &mut s.actors[a].capability,
                    e.op,
                    e.value,
                    f64::MIN_POSITIVE,
                    room,
                    &name,
                )?;
            }
            Target::StatusQuo => {
                let i = issue()?;
                let (lo, hi) = (s.issues[i].min, s.issues[i].max);
                let sq = s.issues[i]
                    .status_quo
                    .get_or_insert_with(|| Value::point(lo));
                apply_to(sq, e.op, e.value, lo, hi, &name)?;
            }
            Target::Position | Target::Salience => {
                let (a, i) = (actor()?, issue()?);
                let (lo, hi) = match e.target {
                    Target::Position => (s.issues[i].min, s.issues[i].max),
                    _ => (0.0, 1.0),
                };
                let slot = &mut s.stances[a][i];
                if slot.is_none() {
                    if e.op != Op::Set {
                        return Err(StrategyError::NoStance {
                            actor: e.actor.clone(),
                            issue: e.issue.clone(),
                        });
                    }
                    // A new stance starts at the issue's midpoint with salience 0;
                    // the other half should be set by a following edit.
                    let mid = (s.issues[i].min + s.issues[i].max) / 2.0;
                    *slot = Some(Stance {
                        position: Value::point(mid),
                        salience: Value::point(0.0),
                        loc: Default::default(),
                    });
                }
                if let Some(st) = slot.as_mut() {
                    let v = if e.target == Target::Position {
                        &mut st.position
                    } else {
                        &mut st.salience
                    };
                    apply_to(v, e.op, e.value, lo, hi, &name)?;
                }
            }
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_edits() {
        for text in [
            "us.tariff.salience=0.9",
            "us.tariff.position+=2.5",
            "us.tariff.position-=1",
            "jp.capability=3",
            "tariff.status_quo=10",
        ] {
            let e: Edit = text.parse().unwrap();
            assert_eq!(e.to_string(), text);
        }
        assert!("us.tariff.mood=1".parse::<Edit>().is_err());
        assert!("us.tariff.salience".parse::<Edit>().is_err());
        assert!("us.tariff.salience=high".parse::<Edit>().is_err());
        assert!("us.tariff.salience=nan".parse::<Edit>().is_err());
    }

    #[test]
    fn bounds_are_printed_short() {
        assert_eq!(crate::number(1e100), "1e100");
        assert_eq!(crate::number(f64::MIN_POSITIVE), "2.2250738585072014e-308");
        assert_eq!(crate::number(9.0), "9");
        assert_eq!(crate::number(-5.0), "-5");
        assert_eq!(crate::number(2.5), "2.5");
        let e = crate::StrategyError::OutOfRange {
            what: "japan-gov.capability".into(),
            value: -5.0,
            lo: f64::MIN_POSITIVE,
            hi: 1e100,
        };
        assert_eq!(
            e.to_string(),
            "japan-gov.capability would be -5, outside its domain: greater than 0 and at most 1e100"
        );
    }
}
