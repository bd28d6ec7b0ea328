//! One-at-a-time sensitivity (tornado data).
//!
//! Each input — every actor's capability, and every stance's position and
//! salience — is set in turn to the low and then the high end of the interval
//! Monte Carlo would draw it from (its range, or its point ± the
//! perturbation; see [`crate::sample`]), all other inputs at their point
//! values, and the model re-run on the affected issues. Inputs are ranked per
//! issue by the swing |forecast(high) − forecast(low)|.
//!
//! Models run through [`domei_run::run_problems`], so a multi-issue model
//! (SMP, exchange) is re-run on the issue's whole group. An issue's bars are
//! the inputs of its own stances (other issues of the group stay at their
//! point values); a capability is an actor's everywhere, so it is varied on
//! every issue of the group at once.
//!
//! Each forecast also says how much of its variance rests on judgement
//! ([`shares`]): the inputs' intervals are those Monte Carlo draws from,
//! widened by evidence strength ([`crate::sample`]).

use crate::sample::{capability_spread, Perturbation, Spread};
use domei_engines::{ModelId, Options, Problem};
use domei_scenario::{Scenario, Strength};
use serde::{Deserialize, Serialize};

/// Which of an actor's inputs a bar varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The actor's capability.
    Capability,
    /// The actor's position on the issue.
    Position,
    /// The actor's salience of the issue.
    Salience,
}

/// One input varied from its low end to its high end, the others held at their point values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The actor's id, as in the scenario file.
    pub actor: String,
    /// Which of the actor's inputs.
    pub field: Field,
    /// The input's low and high ends.
    pub low: f64,
    /// The input's high end (see `low`).
    pub high: f64,
    /// The forecast with the input at its low and at its high end.
    pub forecast_low: f64,
    /// The forecast with the input at its high end (see `forecast_low`).
    pub forecast_high: f64,
    /// |forecast_high − forecast_low|.
    pub swing: f64,
    /// How strongly the input is grounded (what widened its interval).
    pub strength: Strength,
}

/// One-at-a-time sensitivity of one model's forecast on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tornado {
    /// Index of the issue in the scenario.
    pub issue: usize,
    /// The model.
    pub model: ModelId,
    /// The forecast with every input at its point value (null if the model cannot run).
    pub base: Option<f64>,
    /// Bars ranked by swing, largest first; inputs with no swing are omitted.
    pub bars: Vec<Bar>,
    /// Share of the forecast's variance that rests on judgement-only inputs
    /// (strength `judgement` or `uncited`), by the first-order decomposition
    /// below; `None` when no input moves the forecast.
    pub judgement_share: Option<f64>,
    /// The same share for inputs whose evidence is not yet rated
    /// (`cited-unrated`).
    pub unrated_share: Option<f64>,
}

/// The shares of variance on judgement-only and on unrated inputs.
///
/// One-at-a-time, first-order decomposition: an input drawn on its interval
/// moves the forecast by about its swing, so it contributes a variance
/// proportional to swing² (for a uniform draw and a linear response,
/// swing²/12); interactions are ignored. The share of a class is the sum of
/// its inputs' swing² over the sum over every input.
pub fn shares(bars: &[Bar]) -> (Option<f64>, Option<f64>) {
    let total: f64 = bars.iter().map(|b| b.swing * b.swing).sum();
    if total <= 0.0 {
        return (None, None);
    }
    let of = |pred: &dyn Fn(Strength) -> bool| {
        bars.iter()
            .filter(|b| pred(b.strength))
            .map(|b| b.swing * b.swing)
            .sum::<f64>()
            / total
    };
    (
        Some(of(&|s| {
            matches!(s, Strength::Judgement | Strength::Uncited)
        })),
        Some(of(&|s| s == Strength::CitedUnrated)),
    )
}

/// Model `m`'s forecast on issue `at` of `group`: issues negotiated
/// together for a multi-issue model, the issue alone for the others.
fn run(m: ModelId, group: &[Problem], at: usize, opts: &Options) -> Option<f64> {
    let one_group = vec![None; group.len()];
    domei_run::run_problems(&[m], group, &one_group, opts)
        .get(at)?
        .first()?
        .value()
}

/// The models the sensitivity is computed under when none are named (the
/// CLI's `sensitivity` and the workbench's), comma-separated as users
/// write them: compromise, the plain baseline, which runs once per swung
/// input in microseconds; the others are asked for by name.
pub const DEFAULT_MODELS: &str = "compromise";

/// Tornado data for every issue and model.
pub fn sensitivity(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    pert: &Perturbation,
) -> Vec<Tornado> {
    sensitivity_with_progress(s, models, opts, pert, &|_, _| {})
}

/// [`sensitivity()`], reporting `progress(done, total)` in players swung
/// (each player of each issue and model), at about every 1%
/// ([`crate::progress::Ticker`]).
pub fn sensitivity_with_progress(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    pert: &Perturbation,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<Tornado> {
    let mut out = Vec::new();
    let widen = crate::sample::widens(s);
    let all = domei_run::problems(s);
    let parts = domei_run::partition(all.len(), &domei_run::groups(s));
    let total: usize = all.iter().map(|p| p.players.len()).sum::<usize>() * models.len();
    let ticker = crate::progress::Ticker::new(total as u64, progress);
    for i in 0..s.issues.len() {
        let issue = &s.issues[i];
        // The issue's group, with the issue at `at`; per-issue models get the
        // issue alone.
        let members = parts
            .iter()
            .find(|g| g.contains(&i))
            .cloned()
            .unwrap_or_else(|| vec![i]);
        let at = members.iter().position(|&k| k == i).unwrap_or(0);
        let base_group: Vec<Problem> = members.iter().map(|&k| all[k].clone()).collect();
        let base_p = &all[i];
        for &m in models {
            let (group, at) = if m.joint() {
                (&base_group[..], at)
            } else {
                (std::slice::from_ref(base_p), 0)
            };
            let base = run(m, group, at, opts);
            let mut bars = Vec::new();
            for (k, player) in base_p.players.iter().enumerate() {
                ticker.add(1);
                let Some(a) = s.actor_index(&player.id) else {
                    continue;
                };
                let Some(st) = s.stance(a, i) else { continue };
                let cap = &s.actors[a].capability;
                let inputs = [
                    (
                        Field::Capability,
                        capability_spread(cap, pert.capability, widen),
                        cap.strength(),
                    ),
                    (
                        Field::Position,
                        Spread::for_value(
                            &st.position,
                            pert.position * issue.range(),
                            issue.min,
                            issue.max,
                            widen,
                        ),
                        st.position.strength(),
                    ),
                    (
                        Field::Salience,
                        Spread::for_value(&st.salience, pert.salience, 0.0, 1.0, widen),
                        st.salience.strength(),
                    ),
                ];
                for (field, sp, strength) in inputs {
                    if sp.hi <= sp.lo {
                        continue;
                    }
                    let at_value = |x: f64| {
                        let mut ps = group.to_vec();
                        match field {
                            // An actor's capability is the same on every issue.
                            Field::Capability => {
                                for pl in ps
                                    .iter_mut()
                                    .flat_map(|p| p.players.iter_mut())
                                    .filter(|pl| pl.id == player.id)
                                {
                                    pl.capability = x;
                                }
                            }
                            Field::Position => ps[at].players[k].position = x,
                            Field::Salience => ps[at].players[k].salience = x,
                        }
                        run(m, &ps, at, opts)
                    };
                    if let (Some(fl), Some(fh)) = (at_value(sp.lo), at_value(sp.hi)) {
                        let swing = (fh - fl).abs();
                        if swing > 1e-12 {
                            bars.push(Bar {
                                actor: player.id.clone(),
                                field,
                                low: sp.lo,
                                high: sp.hi,
                                forecast_low: fl,
                                forecast_high: fh,
                                swing,
                                strength,
                            });
                        }
                    }
                }
            }
            bars.sort_by(|a, b| {
                b.swing
                    .total_cmp(&a.swing)
                    .then_with(|| a.actor.cmp(&b.actor))
            });
            let (judgement_share, unrated_share) = shares(&bars);
            out.push(Tornado {
                issue: i,
                model: m,
                base,
                bars,
                judgement_share,
                unrated_share,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_models_are_model_names() {
        for n in DEFAULT_MODELS.split(',') {
            assert!(n.parse::<ModelId>().is_ok(), "{n}");
        }
    }
}
