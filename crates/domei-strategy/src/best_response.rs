//! An actor's best response: the position it should state and the salience
//! it should give an issue, within limits, to bring a model's forecast
//! closest to its ideal point.
//!
//! The actor's ideal on an issue is its current position in the scenario
//! (what it wants). Candidate stances form a grid: positions from the ideal
//! out to ± `max_shift` × (scale max − min), clipped to the scale, in
//! `position_steps` steps; saliences from `min_salience` to `max_salience` in
//! `salience_steps` steps. For each issue and model the candidate whose
//! forecast lies closest to the ideal wins; ties go to the smallest change
//! from the current stance (position change as a share of the scale plus
//! salience change), so a best response never moves without a gain. The gain
//! is the reduction in |forecast − ideal|, in the issue's units and as a
//! share of the scale. Issues are independent here (per-issue models): the
//! actor's stance on one issue does not move another issue's forecast.

use crate::StrategyError;
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The bounds of the best-response search (see the module documentation).
pub struct Limits {
    /// Largest shift of the stated position from the ideal, as a share of the scale.
    pub max_shift: f64,
    /// Lowest salience tried (0–1).
    pub min_salience: f64,
    /// Highest salience tried (0–1, at least `min_salience`).
    pub max_salience: f64,
    /// Number of positions tried, evenly spaced across the shift range.
    pub position_steps: usize,
    /// Number of saliences tried, evenly spaced from `min_salience` to `max_salience`.
    pub salience_steps: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_shift: 0.25,
            min_salience: 0.0,
            max_salience: 1.0,
            position_steps: 21,
            salience_steps: 11,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One actor's best stance on one issue under one model.
pub struct Response {
    /// Issue id, as in the scenario file.
    pub issue: String,
    /// The model whose forecast was optimised.
    pub model: ModelId,
    /// The actor's ideal point: its position in the scenario, in the issue's units.
    pub ideal: f64,
    /// The actor's salience for the issue in the scenario (0–1).
    pub current_salience: f64,
    /// Forecast with the actor's stance as in the scenario.
    pub baseline: f64,
    /// The position to state, in the issue's units.
    pub best_position: f64,
    /// The salience to give the issue (0–1).
    pub best_salience: f64,
    /// The forecast with that stance, in the issue's units.
    pub best_forecast: f64,
    /// |baseline − ideal| − |best − ideal|, in the issue's units (>= 0).
    pub gain: f64,
    /// `gain` as a share of the issue's scale.
    pub gain_share: f64,
}

/// Models that negotiate several issues at once (the spatial model and the
/// exchange model) are outside this per-issue search.
fn is_joint(m: ModelId) -> bool {
    matches!(m.as_str(), "smp" | "exchange")
}

fn grid(lo: f64, hi: f64, steps: usize) -> Vec<f64> {
    if steps <= 1 || hi <= lo {
        return vec![lo];
    }
    (0..steps)
        .map(|k| lo + (hi - lo) * k as f64 / (steps - 1) as f64)
        .collect()
}

/// The models a best response is searched under when none are named (the
/// CLI's `best-response` and the workbench's), comma-separated as users
/// write them: every per-issue model; smp and exchange negotiate issues
/// jointly and are outside this search.
pub const DEFAULT_MODELS: &str = "compromise,median,bdm,nash";

/// The best responses of `actor` on `issues` (empty: every issue it has a
/// stance on) under each of `models`, searched within `lim`. Fails on an
/// unknown actor or issue, an issue the actor has no stance on, limits out of
/// range, or a model that negotiates issues jointly (smp, exchange).
pub fn best_response(
    s: &Scenario,
    actor: &str,
    issues: &[String],
    models: &[ModelId],
    opts: &Options,
    lim: &Limits,
) -> Result<Vec<Response>, StrategyError> {
    let a = s
        .actor_index(actor)
        .ok_or_else(|| StrategyError::UnknownActor(actor.to_string()))?;
    if !(lim.max_shift >= 0.0
        && lim.min_salience >= 0.0
        && lim.max_salience <= 1.0
        && lim.min_salience <= lim.max_salience)
    {
        return Err(StrategyError::Limits(
            "need max_shift >= 0 and 0 <= min_salience <= max_salience <= 1".into(),
        ));
    }
    let targets: Vec<usize> = if issues.is_empty() {
        (0..s.issues.len())
            .filter(|&i| s.stance(a, i).is_some())
            .collect()
    } else {
        issues
            .iter()
            .map(|id| {
                let i = s
                    .issue_index(id)
                    .ok_or_else(|| StrategyError::UnknownIssue(id.clone()))?;
                s.stance(a, i)
                    .map(|_| i)
                    .ok_or_else(|| StrategyError::NoStance {
                        actor: actor.to_string(),
                        issue: id.clone(),
                    })
            })
            .collect::<Result<_, _>>()?
    };
    let mut out = Vec::new();
    for i in targets {
        let issue = &s.issues[i];
        let base = domei_run::problem(s, i);
        let Some(k) = base.players.iter().position(|p| p.id == actor) else {
            continue;
        };
        let ideal = base.players[k].position;
        let cur_sal = base.players[k].salience;
        let r = issue.range();
        let positions = grid(
            (ideal - lim.max_shift * r).max(issue.min),
            (ideal + lim.max_shift * r).min(issue.max),
            lim.position_steps,
        );
        let saliences = grid(lim.min_salience, lim.max_salience, lim.salience_steps);
        for &m in models {
            if is_joint(m) {
                return Err(StrategyError::Limits(format!(
                    "best response searches per-issue models; {m} negotiates issues jointly"
                )));
            }
            let Ok(f0) = domei_engines::run(m, &base, opts) else {
                continue;
            };
            let mut best = (f0.value, ideal, cur_sal, (f0.value - ideal).abs(), 0.0);
            let mut p = base.clone();
            for &x in &positions {
                for &sal in &saliences {
                    p.players[k].position = x;
                    p.players[k].salience = sal;
                    let Ok(f) = domei_engines::run(m, &p, opts) else {
                        continue;
                    };
                    let dist = (f.value - ideal).abs();
                    let change = (x - ideal).abs() / r + (sal - cur_sal).abs();
                    if dist < best.3 - 1e-9 || (dist <= best.3 + 1e-9 && change < best.4 - 1e-12) {
                        best = (f.value, x, sal, dist, change);
                    }
                }
            }
            let gain = ((f0.value - ideal).abs() - best.3).max(0.0);
            out.push(Response {
                issue: issue.id.clone(),
                model: m,
                ideal,
                current_salience: cur_sal,
                baseline: f0.value,
                best_position: best.1,
                best_salience: best.2,
                best_forecast: best.0,
                gain,
                gain_share: gain / r,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_models_are_the_per_issue_models() {
        let models: Vec<ModelId> = DEFAULT_MODELS
            .split(',')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(models.len(), 4);
        assert!(models.iter().all(|m| !m.joint()), "{models:?}");
    }
}
