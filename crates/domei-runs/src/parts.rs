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
    pub text: &'a str,
    pub draws: u64,
    pub seed: u64,
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
    pub path: &'a Path,
    pub text: &'a str,
    pub draws: u64,
    pub seed: u64,
    /// `all` (the median of every model's forecast) or a model name.
    pub model: &'a str,
    /// Whose positions the forecasts should move toward [default: the
    /// plan's `for`, else japan-gov].
    pub for_actor: Option<&'a str>,
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
