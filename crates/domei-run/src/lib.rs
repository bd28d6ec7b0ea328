//! Runs the engines over a validated scenario.
//!
//! The engines know nothing of scenarios: each model sees one issue as a
//! [`Problem`]. This crate projects a [`Scenario`] onto those problems
//! ([`problem`]), runs the chosen models on every issue ([`forecast`]) and
//! returns plain result data ([`ScenarioForecast`]) for the presenters and
//! the store. It does no I/O.
//!
//! **Joint models.** The multi-issue models (SMP, exchange:
//! [`ModelId::joint`]) run once per *group* of issues negotiated together;
//! the others run once per issue. An issue's group is its `group` (DEU III
//! issues of one dossier share the dossier id); the issues without a group
//! form one more group together, so a scenario without groups (a KTAB CSV)
//! is one joint negotiation. [`run_problems`] does this dispatch; Monte
//! Carlo, sensitivity and backtests go through it too.

#![warn(missing_docs)]

pub use domei_calib::{Headline, Intervals};

pub mod cost;
pub mod history;

pub use cost::{cost, RunCost};
pub use history::{history, History, HistoryError};

use domei_engines::{EngineError, Forecast, ModelId, Options, Player, Problem};
use domei_scenario::Scenario;
use serde::Serialize;
use std::borrow::Borrow;

/// Issue `i` of `s` as the engines see it: the actors with a stance on it,
/// with their point values.
pub fn problem(s: &Scenario, i: usize) -> Problem {
    let issue = &s.issues[i];
    let players = s
        .actors
        .iter()
        .enumerate()
        .filter_map(|(a, actor)| {
            let st = s.stance(a, i)?;
            Some(Player {
                id: actor.id.clone(),
                capability: actor.capability.value,
                position: st.position.value,
                salience: st.salience.value,
            })
        })
        .collect();
    Problem {
        players,
        min: issue.min,
        max: issue.max,
        status_quo: issue.status_quo.as_ref().map(|v| v.value),
    }
}

/// One model's result on one issue: a forecast, or why there is none.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ModelResult {
    /// The model's forecast.
    Ok(Forecast),
    /// The model could not run on the issue.
    Skipped {
        /// The model that was skipped.
        model: ModelId,
        /// Always `None`; kept so the JSON has the same `value` key as a forecast.
        value: Option<f64>,
        /// Why, in English.
        error: String,
    },
}

impl ModelResult {
    /// The model, forecast or skipped.
    pub fn model(&self) -> ModelId {
        match self {
            ModelResult::Ok(f) => f.model,
            ModelResult::Skipped { model, .. } => *model,
        }
    }

    /// The forecast value on the issue's scale; `None` when skipped.
    pub fn value(&self) -> Option<f64> {
        match self {
            ModelResult::Ok(f) => Some(f.value),
            ModelResult::Skipped { .. } => None,
        }
    }

    /// The forecast; `None` when skipped.
    pub fn forecast(&self) -> Option<&Forecast> {
        match self {
            ModelResult::Ok(f) => Some(f),
            ModelResult::Skipped { .. } => None,
        }
    }
}

/// All models' results on one issue.
#[derive(Debug, Clone, Serialize)]
pub struct IssueForecast {
    /// Index of the issue in the scenario.
    pub issue: usize,
    /// One result per model, in the order of [`ScenarioForecast::models`].
    pub results: Vec<ModelResult>,
    /// The headline forecast with its calibrated ranges (set by
    /// `domei_sim::headline::calibrate`; `None` until then or when no
    /// member of the headline ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<Headline>,
    /// Each model's calibrated ranges around its own forecast, parallel to
    /// `results` (empty until calibrated; `None` for a model that did not
    /// run or that the calibration does not cover).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intervals: Vec<Option<Intervals>>,
}

impl IssueForecast {
    /// Model `j`'s calibrated ranges, if any.
    pub fn intervals_of(&self, j: usize) -> Option<&Intervals> {
        self.intervals.get(j).and_then(Option::as_ref)
    }

    /// Highest minus lowest forecast across the models that produced one.
    pub fn spread(&self) -> Option<f64> {
        let vals: Vec<f64> = self.results.iter().filter_map(ModelResult::value).collect();
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (!vals.is_empty()).then_some(hi - lo)
    }

    /// The median of the models' point forecasts ([`median_of_models`]).
    pub fn median_of_models(&self) -> Option<f64> {
        median_of_models(self.results.iter().filter_map(ModelResult::value))
    }
}

/// The median of the models' point forecasts of one issue (the mean of the
/// two middle ones when their number is even); `None` when no model ran.
/// The one definition of "the median of models" every table, briefing and
/// scenario part prints.
pub fn median_of_models(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// When the models' forecasts on an issue differ by more than the width of
/// the headline's 80% range: by how much, that range, and the lowest and
/// highest model with their forecasts. The one rule behind the sentence
/// in every language ([`disagreement`] here, the presenters' translations).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disagreement {
    /// Highest minus lowest model forecast, in the issue's units.
    pub spread: f64,
    /// The headline's 80% range `(low, high)`.
    pub p80: (f64, f64),
    /// The model with the lowest forecast, and that forecast.
    pub lowest: (ModelId, f64),
    /// The model with the highest forecast, and that forecast.
    pub highest: (ModelId, f64),
}

impl IssueForecast {
    /// The models' disagreement, when it is wider than the headline's 80%
    /// range; `None` otherwise or without a headline.
    pub fn disagreement(&self) -> Option<Disagreement> {
        let h = self.headline.as_ref()?;
        let spread = self.spread()?;
        let (lo80, hi80) = h.intervals.p80;
        if spread <= hi80 - lo80 + 1e-9 {
            return None;
        }
        let vals: Vec<(ModelId, f64)> = self
            .results
            .iter()
            .filter_map(|r| Some((r.model(), r.value()?)))
            .collect();
        let lowest = *vals.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let highest = *vals.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        Some(Disagreement {
            spread,
            p80: (lo80, hi80),
            lowest,
            highest,
        })
    }
}

/// A sentence when the models' forecasts on an issue differ by more than
/// the width of the headline's 80% range, naming the lowest and highest
/// (docs/cli.md, "forecast JSON": `disagreement`); `None` otherwise or
/// without a headline. The results documents and the tables print it.
pub fn disagreement(issue: &domei_scenario::Issue, ifc: &IssueForecast) -> Option<String> {
    let d = ifc.disagreement()?;
    let f = |x: f64| domei_scenario::fmt_on_scale(x, issue.min, issue.max);
    let unit = if issue.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", issue.unit)
    };
    Some(format!(
        "The models disagree by {}{unit}, more than the headline's 80% range ({}–{}): {} forecasts {}, {} {}.",
        f(d.spread),
        f(d.p80.0),
        f(d.p80.1),
        d.lowest.0.as_str(),
        f(d.lowest.1),
        d.highest.0.as_str(),
        f(d.highest.1),
    ))
}

/// Every issue's forecasts, in scenario order.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioForecast {
    /// The models run, in the order asked for.
    pub models: Vec<ModelId>,
    /// The model options they ran with.
    pub options: Options,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueForecast>,
}

/// Every issue of `s` as a problem, in scenario order.
pub fn problems(s: &Scenario) -> Vec<Problem> {
    (0..s.issues.len()).map(|i| problem(s, i)).collect()
}

/// Every issue's group (see the crate docs), in scenario order.
pub fn groups(s: &Scenario) -> Vec<Option<String>> {
    s.issues.iter().map(|i| i.group.clone()).collect()
}

/// The groups of issues negotiated together: issues sharing a `Some` group,
/// and all the issues without one. Groups in order of their first issue,
/// issues in order within each. A missing entry of `groups` counts as
/// `None`.
pub fn partition(n: usize, groups: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut out: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for i in 0..n {
        let key = groups.get(i).and_then(|g| g.as_deref());
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => out.push((key, vec![i])),
        }
    }
    out.into_iter().map(|(_, members)| members).collect()
}

/// Runs `models` on `problems`: per-issue models on each problem, joint
/// models once per group ([`partition`] of `groups`). Returns, per problem,
/// one result per model in the order of `models`. A joint model that fails
/// on a group marks every issue of the group skipped with the reason.
pub fn run_problems(
    models: &[ModelId],
    problems: &[Problem],
    groups: &[Option<String>],
    opts: &Options,
) -> Vec<Vec<ModelResult>> {
    let skipped = |m: ModelId, e: &EngineError| ModelResult::Skipped {
        model: m,
        value: None,
        error: describe(e),
    };
    let mut out: Vec<Vec<ModelResult>> = (0..problems.len())
        .map(|_| Vec::with_capacity(models.len()))
        .collect();
    let parts = if models.iter().any(|m| m.joint()) {
        partition(problems.len(), groups)
    } else {
        Vec::new()
    };
    for &m in models {
        if m.joint() {
            for members in &parts {
                let group: Vec<&Problem> = members.iter().map(|&i| &problems[i]).collect();
                match domei_engines::run_joint(m, &group, opts) {
                    Ok(fs) => {
                        for (&i, f) in members.iter().zip(fs) {
                            out[i].push(ModelResult::Ok(f));
                        }
                    }
                    Err(e) => {
                        for &i in members {
                            out[i].push(skipped(m, &e));
                        }
                    }
                }
            }
        } else {
            for (i, p) in problems.iter().enumerate() {
                out[i].push(
                    domei_engines::run(m, p, opts).map_or_else(|e| skipped(m, &e), ModelResult::Ok),
                );
            }
        }
    }
    out
}

/// The values alone of [`run_problems`], bit-identical, for Monte Carlo
/// draws: the iterative models build no rounds or explanations
/// ([`domei_engines::value`]). `parts` is [`partition`] of the problems'
/// groups (computed once by the caller). Fills `out`, problem-major: the
/// value of model `m` on problem `i` at `i * models.len() + m`, NaN where
/// [`run_problems`] gives [`ModelResult::Skipped`].
pub fn run_problem_values<P: Borrow<Problem>>(
    models: &[ModelId],
    problems: &[P],
    parts: &[Vec<usize>],
    opts: &Options,
    out: &mut [f64],
) {
    let k = models.len();
    debug_assert_eq!(out.len(), problems.len() * k);
    let mut group: Vec<&Problem> = Vec::new();
    for (m, &model) in models.iter().enumerate() {
        if model.joint() {
            for members in parts {
                group.clear();
                group.extend(members.iter().map(|&i| problems[i].borrow()));
                match domei_engines::values_joint(model, &group, opts) {
                    Ok(vs) => {
                        for (&i, v) in members.iter().zip(vs) {
                            out[i * k + m] = v;
                        }
                    }
                    Err(_) => {
                        for &i in members {
                            out[i * k + m] = f64::NAN;
                        }
                    }
                }
            }
        } else {
            for (i, p) in problems.iter().enumerate() {
                out[i * k + m] = domei_engines::value(model, p.borrow(), opts).unwrap_or(f64::NAN);
            }
        }
    }
}

/// Runs `models` on every issue of `s` ([`run_problems`]). A model that
/// cannot run on an issue (e.g. Nash where the issue has no status quo)
/// gives a [`ModelResult::Skipped`] naming the reason; the others still run.
pub fn forecast(s: &Scenario, models: &[ModelId], opts: &Options) -> ScenarioForecast {
    let results = run_problems(models, &problems(s), &groups(s), opts);
    let issues = results
        .into_iter()
        .enumerate()
        .map(|(i, results)| IssueForecast {
            issue: i,
            results,
            headline: None,
            intervals: Vec::new(),
        })
        .collect();
    ScenarioForecast {
        models: models.to_vec(),
        options: opts.clone(),
        issues,
    }
}

fn describe(e: &EngineError) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_scenario::{from_toml_str, Requirements};
    use std::path::Path;

    const S: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "a"
capability = 3
[[actors]]
id = "b"
capability = 1
[[issues]]
id = "x"
scale = { min = 0, max = 10 }
[[issues]]
id = "y"
scale = { min = 0, max = 1 }
status_quo = 0.5
[[stances]]
actor = "a"
issue = "x"
position = 2
salience = 1
[[stances]]
actor = "b"
issue = "x"
position = 10
salience = 1
[[stances]]
actor = "b"
issue = "y"
position = 1
salience = 0.5
"#;

    #[test]
    fn projects_only_actors_with_a_stance() {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let p = problem(&s, 1);
        assert_eq!(p.players.len(), 1);
        assert_eq!(p.players[0].id, "b");
        assert_eq!(p.status_quo, Some(0.5));
        assert_eq!(problem(&s, 0).players.len(), 2);
    }

    #[test]
    fn skips_nash_without_status_quo_but_runs_the_rest() {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let f = forecast(
            &s,
            &[ModelId::Compromise, ModelId::Nash],
            &Options::default(),
        );
        assert_eq!(f.issues[0].results[0].value(), Some(4.0)); // (3*2 + 1*10) / 4
        assert!(matches!(
            f.issues[0].results[1],
            ModelResult::Skipped { .. }
        ));
        assert!(f.issues[1].results[1].value().is_some());
        assert_eq!(f.issues[0].spread(), Some(0.0));
    }

    #[test]
    fn partition_groups_issues_and_pools_the_ungrouped() {
        let g = |x: &str| Some(x.to_string());
        let groups = [g("a"), None, g("b"), g("a"), None];
        assert_eq!(partition(5, &groups), [vec![0, 3], vec![1, 4], vec![2]]);
        // Missing entries count as no group.
        assert_eq!(partition(3, &[g("a")]), [vec![0], vec![1, 2]]);
        assert!(partition(0, &[]).is_empty());
    }

    fn joint_dims(r: &ModelResult) -> (usize, usize) {
        match &r.forecast().unwrap().explanation {
            domei_engines::Explanation::Smp(e) => (e.dimension, e.dimensions),
            domei_engines::Explanation::Exchange(e) => (e.issue, e.issues),
            other => panic!("not a joint model: {other:?}"),
        }
    }

    #[test]
    fn joint_models_run_once_per_group() {
        // Without groups the two issues are one negotiation.
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let f = forecast(
            &s,
            &[ModelId::Smp, ModelId::Compromise, ModelId::Exchange],
            &Options::default(),
        );
        assert_eq!(f.issues.len(), 2);
        for (i, is) in f.issues.iter().enumerate() {
            assert_eq!(
                is.results
                    .iter()
                    .map(ModelResult::model)
                    .collect::<Vec<_>>(),
                [ModelId::Smp, ModelId::Compromise, ModelId::Exchange]
            );
            assert_eq!(joint_dims(&is.results[0]), (i, 2));
            assert_eq!(joint_dims(&is.results[2]), (i, 2));
        }
        // With a group each, each issue is its own negotiation.
        let grouped = S
            .replace(
                "scale = { min = 0, max = 10 }",
                "scale = { min = 0, max = 10 }\ngroup = \"g1\"",
            )
            .replace("status_quo = 0.5", "status_quo = 0.5\ngroup = \"g2\"");
        let s = from_toml_str(Path::new("t.toml"), &grouped, Requirements::default()).unwrap();
        assert_eq!(groups(&s), [Some("g1".to_string()), Some("g2".to_string())]);
        let f = forecast(&s, &[ModelId::Smp], &Options::default());
        for is in &f.issues {
            assert_eq!(joint_dims(&is.results[0]), (0, 1));
        }
        // Exchange on a one-issue group is the compromise.
        let f = forecast(
            &s,
            &[ModelId::Exchange, ModelId::Compromise],
            &Options::default(),
        );
        assert_eq!(
            f.issues[0].results[0].value(),
            f.issues[0].results[1].value()
        );
    }

    #[test]
    fn a_failing_joint_model_skips_its_whole_group() {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let bad = Options {
            smp_max_rounds: 0,
            ..Options::default()
        };
        let r = run_problems(
            &[ModelId::Smp, ModelId::Median],
            &problems(&s),
            &groups(&s),
            &bad,
        );
        for is in &r {
            assert!(
                matches!(&is[0], ModelResult::Skipped { model: ModelId::Smp, error, .. } if error.contains("smp_max_rounds"))
            );
            assert!(is[1].value().is_some());
        }
    }
}
