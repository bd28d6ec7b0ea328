//! Effects → an edited scenario, through `domei_strategy::edit`.
//!
//! Effects apply in order. A `shift` adds its amount to the value as it
//! stands after the effects before it (so two actions shifting the same
//! position add up); a `set` replaces it. The result is clamped to the
//! value's domain (the issue's scale for positions and status quos, 0–1 for
//! saliences, > 0 for capabilities), so a drawn shift at the end of its range
//! never makes a scenario invalid. Each effect becomes one
//! `ACTOR.ISSUE.position=V` edit applied by `domei_strategy::edit::apply`,
//! which moves the value's range with it.

use crate::{Change, Effect};
use domei_scenario::Scenario;
use domei_strategy::edit::{self, Edit, Op, Target};
use domei_strategy::StrategyError;
use std::collections::HashMap;

/// The value an effect changes, as it stands in `s`, and its domain.
pub fn current(s: &Scenario, e: &Effect) -> Option<(f64, f64, f64)> {
    match e.target {
        Target::Capability => Some((
            s.actors.get(e.actor?)?.capability.value,
            f64::MIN_POSITIVE,
            f64::INFINITY,
        )),
        Target::StatusQuo => {
            let is = s.issues.get(e.issue?)?;
            Some((
                is.status_quo.as_ref().map_or(is.min, |v| v.value),
                is.min,
                is.max,
            ))
        }
        Target::Position => {
            let is = s.issues.get(e.issue?)?;
            Some((s.stance(e.actor?, e.issue?)?.position.value, is.min, is.max))
        }
        Target::Salience => Some((s.stance(e.actor?, e.issue?)?.salience.value, 0.0, 1.0)),
    }
}

/// The issues whose forecasts `effects` can change, sorted: a capability
/// changes every issue; a value of an issue changes the issues negotiated
/// with it too (its group, forecast jointly by the multi-issue models).
pub fn affected<'a>(s: &Scenario, effects: impl IntoIterator<Item = &'a Effect>) -> Vec<usize> {
    let mut edited = Vec::new();
    for e in effects {
        match (e.target, e.issue) {
            (Target::Capability, _) => return (0..s.issues.len()).collect(),
            (_, Some(i)) => edited.push(i),
            _ => {}
        }
    }
    let mut out: Vec<usize> = domei_run::partition(s.issues.len(), &domei_run::groups(s))
        .into_iter()
        .filter(|g| g.iter().any(|i| edited.contains(i)))
        .flatten()
        .collect();
    out.sort_unstable();
    out
}

/// `s` with `effects` applied, each with the given amount.
pub fn apply(s: &Scenario, effects: &[(&Effect, f64)]) -> Result<Scenario, StrategyError> {
    let mut now: HashMap<&str, f64> = HashMap::new();
    let mut edits = Vec::with_capacity(effects.len());
    for &(e, amount) in effects {
        let Some((value, lo, hi)) = current(s, e) else {
            return Err(StrategyError::BadEdit {
                edit: e.path.clone(),
                why: "the value does not exist in the scenario".into(),
            });
        };
        let before = now.get(e.path.as_str()).copied().unwrap_or(value);
        let after = match e.change {
            Change::Shift => before + amount,
            Change::Set => amount,
        }
        .clamp(lo, hi);
        now.insert(&e.path, after);
        let actor = e.actor.map_or_else(String::new, |a| s.actors[a].id.clone());
        let issue = e.issue.map_or_else(String::new, |i| s.issues[i].id.clone());
        edits.push(Edit {
            actor,
            issue,
            target: e.target,
            op: Op::Set,
            value: after,
        });
    }
    edit::apply(s, &edits)
}
