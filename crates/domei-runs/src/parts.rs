//! The decision chain (`events.toml`) and the engagement plan (`plan.toml`)
//! of a scenario, run from their text: the orchestration `domei events`
//! and `domei plan` do (read the part against the scenario, parse the
//! options, analyse) in one place, so the CLI and the workbench call the
//! same functions. A run of either stores the part file's text in its
//! parameters ([`crate::strategy::Analysis::Events`],
//! [`crate::strategy::Analysis::Plan`]), so it can be recomputed from its
//! scenario version like any run. Pure: the part text comes in as a string.

use domei_events::McSettings;
use domei_parts::ModelChoice;
use domei_scenario::{Diagnostics, Scenario};
use domei_strategy::{edit, Edit};
use std::path::Path;

/// The bundled scenario's id: its decision chain and plan are bundled too.
pub const BUNDLED_SCENARIO: &str = "japan-us-2025";
/// The bundled scenario's decision chain.
pub const BUNDLED_EVENTS: &str = include_str!("../../../scenarios/japan-us-2025/events.toml");
/// The bundled scenario's engagement plan.
pub const BUNDLED_PLAN: &str = include_str!("../../../scenarios/japan-us-2025/plan.toml");
/// The file name a decision chain's diagnostics name (the file beside a
/// scenario, or the workbench's form).
pub const EVENTS_FILE: &str = "events.toml";
/// The file name an engagement plan's diagnostics name.
pub const PLAN_FILE: &str = "plan.toml";

/// Most Monte Carlo draws of a decision chain (`domei events -n`).
pub const MAX_EVENTS_DRAWS: u64 = 200_000;
/// Most of the most likely paths a chain reports (`domei events --paths`).
pub const MAX_PATHS: u64 = 1000;
/// Most Monte Carlo draws of a plan's effects (`domei plan -n`).
pub const MAX_PLAN_DRAWS: u64 = 100_000;

/// Why a part cannot be run; each names what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum PartError {
    /// The part file: located diagnostics (file, line, column, message).
    File(Diagnostics),
    /// A what-if edit (`--set`).
    Edit(String),
    /// A condition (`--given NODE=OUTCOME`).
    Given(String),
    /// The plan's model choice (`--model`).
    Model(String),
    /// The plan's actor (`--for`).
    For(String),
    /// An option out of its range (draws, paths).
    Range(String),
    /// The analysis itself (a linked issue no model can forecast, ...).
    Analysis(String),
}

impl std::fmt::Display for PartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartError::File(d) => write!(f, "{}", d.to_string().trim_end()),
            PartError::Edit(e) => write!(f, "what-if edit: {e}"),
            PartError::Given(e) => write!(f, "given {e}"),
            PartError::Model(e) => write!(f, "model: {e}"),
            PartError::For(e) => write!(f, "for: {e}"),
            PartError::Range(e) | PartError::Analysis(e) => write!(f, "{e}"),
        }
    }
}

/// What `domei events` is asked: the chain's text and the CLI's options.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsInput<'a> {
    /// Where the text came from (diagnostics name it).
    pub path: &'a Path,
    /// The events.toml text.
    pub text: &'a str,
    /// Monte Carlo draws (1 to [`MAX_EVENTS_DRAWS`]).
    pub draws: u64,
    /// Seed of the draws (same seed, same result).
    pub seed: u64,
    /// How many of the most likely paths to report (1 to [`MAX_PATHS`]).
    pub paths: u64,
    /// Conditions, `NODE=OUTCOME`.
    pub given: &'a [String],
    /// What-if edits of the scenario before forecasting linked issues.
    pub edits: &'a [String],
}

fn range(what: &str, x: u64, max: u64) -> Result<(), PartError> {
    if (1..=max).contains(&x) {
        Ok(())
    } else {
        Err(PartError::Range(format!(
            "{what} must be between 1 and {max} (got {x})"
        )))
    }
}

/// The decision chain of `s` as `domei events` analyses it: the edits
/// applied to the scenario, the chain read against the scenario as written,
/// conditioned on `given`, analysed (exact probabilities, Monte Carlo
/// intervals, paths, swing). Also returns the edits in words.
pub fn events(
    s: &Scenario,
    i: &EventsInput,
) -> Result<(domei_events::Analysis, Vec<String>), PartError> {
    let (ev, changed, mc, what_if) = prepare_events(s, i)?;
    let analysis = domei_events::analyse(&ev, &changed, &mc).map_err(PartError::Analysis)?;
    Ok((analysis, what_if))
}

/// Checks a decision chain and its options without analysing it.
pub fn check_events(s: &Scenario, i: &EventsInput) -> Result<(), PartError> {
    prepare_events(s, i).map(|_| ())
}

type Prepared = (domei_events::Events, Scenario, McSettings, Vec<String>);

fn prepare_events(s: &Scenario, i: &EventsInput) -> Result<Prepared, PartError> {
    range("draws", i.draws, MAX_EVENTS_DRAWS)?;
    range("paths", i.paths, MAX_PATHS)?;
    let edits: Vec<Edit> = i
        .edits
        .iter()
        .map(|e| e.parse::<Edit>())
        .collect::<Result<_, _>>()
        .map_err(|e| PartError::Edit(e.to_string()))?;
    let changed = edit::apply(s, &edits).map_err(|e| PartError::Edit(e.to_string()))?;
    // The chain is checked against the scenario as written, not the what-if.
    let ev = domei_events::read(i.path, i.text, s).map_err(PartError::File)?;
    let given = i
        .given
        .iter()
        .map(|g| ev.parse_given(g))
        .collect::<Result<Vec<_>, _>>()
        .map_err(PartError::Given)?;
    let mc = McSettings {
        draws: i.draws,
        seed: i.seed,
        top_paths: i.paths as usize,
        given,
    };
    let what_if = edits.iter().map(|e| e.to_string()).collect();
    Ok((ev, changed, mc, what_if))
}

/// What `domei plan` is asked: the plan's text and the CLI's options.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput<'a> {
    /// Where the text came from (diagnostics name it).
    pub path: &'a Path,
    /// The plan.toml text.
    pub text: &'a str,
    /// Monte Carlo draws of the effects' ranges (1 to [`MAX_PLAN_DRAWS`]).
    pub draws: u64,
    /// Seed of the draws (same seed, same result).
    pub seed: u64,
    /// `all` (the median of every model's forecast) or a model name.
    pub model: &'a str,
    /// Whose positions the forecasts should move toward [default: the
    /// plan's `for`, else japan-gov].
    pub for_actor: Option<&'a str>,
    /// Count actions with status `done` in the combined effect too.
    pub include_done: bool,
}

/// The engagement plan of `s` ranked as `domei plan` ranks it.
pub fn plan(s: &Scenario, i: &PlanInput) -> Result<domei_plan::Ranking, PartError> {
    let (plan, st) = prepare_plan(s, i)?;
    domei_plan::rank(&plan, s, &st).map_err(PartError::Analysis)
}

/// Checks a plan and its options without ranking its actions.
pub fn check_plan(s: &Scenario, i: &PlanInput) -> Result<(), PartError> {
    prepare_plan(s, i).map(|_| ())
}

fn prepare_plan(
    s: &Scenario,
    i: &PlanInput,
) -> Result<(domei_plan::Plan, domei_plan::Settings), PartError> {
    range("draws", i.draws, MAX_PLAN_DRAWS)?;
    let model: ModelChoice = i.model.parse().map_err(PartError::Model)?;
    if let Some(f) = i.for_actor {
        if s.actor_index(f).is_none() {
            let ids: Vec<&str> = s.actors.iter().map(|a| a.id.as_str()).collect();
            return Err(PartError::For(format!(
                "unknown actor {f:?} (actors: {})",
                ids.join(", ")
            )));
        }
    }
    let plan = domei_plan::read(i.path, i.text, s).map_err(PartError::File)?;
    let st = domei_plan::Settings {
        draws: i.draws,
        seed: i.seed,
        model,
        for_actor: i.for_actor.map(str::to_string),
        include_done: i.include_done,
    };
    Ok((plan, st))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::{self, Analysis, StrategyJob};

    fn bundled() -> Scenario {
        domei_scenario::from_toml_str(
            Path::new("scenario.toml"),
            include_str!("../../../scenarios/japan-us-2025/scenario.toml"),
            domei_scenario::Requirements::default(),
        )
        .expect("the bundled scenario is valid")
    }

    /// A decision-chain and a plan run keep their file's text in their
    /// parameters, read back as the same job and recompute the same
    /// results; a file that cannot be read is refused with its line.
    #[test]
    fn chain_and_plan_runs_store_their_text_and_reproduce() {
        let s = bundled();
        let analyses = [
            Analysis::Events {
                text: BUNDLED_EVENTS.into(),
                draws: 8,
                seed: 2,
                paths: 3,
                given: vec![],
                edits: vec![],
            },
            Analysis::Plan {
                text: BUNDLED_PLAN.into(),
                draws: 4,
                seed: 2,
                model: "compromise".into(),
                for_actor: None,
                include_done: false,
            },
        ];
        for a in analyses {
            let job = StrategyJob::new(
                a.clone(),
                domei_engines::ModelId::ALL.to_vec(),
                domei_engines::Options::default(),
            );
            let doc = strategy::compute(&s, &job).unwrap();
            assert!(doc.comparable().is_none() && doc.not_comparable().is_some());
            let rec = strategy::record(&job, &doc, time::OffsetDateTime::UNIX_EPOCH).unwrap();
            assert_eq!(rec.kind, a.kind());
            let text = match &a {
                Analysis::Events { text, .. } | Analysis::Plan { text, .. } => text,
                _ => unreachable!("only chains and plans here"),
            };
            assert_eq!(rec.parameters["text"], text.as_str());
            let info = domei_store::RunInfo {
                id: 1,
                scenario: domei_store::ScenarioRef {
                    id: s.id.clone(),
                    version: 1,
                },
                kind: rec.kind.clone(),
                models: rec.models.clone(),
                parameters: rec.parameters.clone(),
                seed: None,
                domei_version: rec.domei_version.clone(),
                started_at: rec.started_at,
                finished_at: rec.finished_at,
                status: rec.status,
            };
            assert_eq!(StrategyJob::from_run(&info).unwrap(), job);
            let stored = rec.results.as_ref().unwrap().decode().unwrap();
            let (_, again, rep) = strategy::recompute(&s, &info, Some(&stored)).unwrap();
            assert_eq!(rep, crate::Reproduced::Same);
            assert_eq!(again, doc);
        }
        let broken = "[events]\nid = \"x\"\nname = nope\n";
        let e = events(
            &s,
            &EventsInput {
                path: Path::new(EVENTS_FILE),
                text: broken,
                draws: 5,
                seed: 1,
                paths: 3,
                given: &[],
                edits: &[],
            },
        )
        .unwrap_err();
        let PartError::File(d) = &e else {
            panic!("a file error: {e}");
        };
        assert_eq!(d.0[0].loc.line, 3, "{e}");
        assert!(e.to_string().contains("events.toml:3"), "{e}");
    }
}
