//! Strategy runs: what-ifs (edits, a coalition, a linkage), an actor's best
//! responses and one-at-a-time sensitivity, computed by the same library
//! functions the CLI's `whatif`, `best-response` and `sensitivity` call
//! (domei-strategy, domei-sim) and stored like forecasts: a [`StrategyJob`]
//! (the analysis, models and options, stored as the run's parameters) and
//! its typed results document [`StrategyDoc`] (with a `version` field,
//! [`VERSION`]). A what-if's document carries the forecast of the changed
//! scenario ([`StrategyDoc::comparable`]), so a what-if run compares with
//! any forecast or simulation run.
//!
//! The decision chain and the engagement plan run the same way
//! ([`crate::parts`]): their part file's text is stored in the run's
//! parameters, so they recompute from it.
//!
//! Stored run kinds: `whatif`, `best_response`, `sensitivity`, `events`,
//! `plan` ([`KINDS`]). Pure: no I/O.

use crate::document::{Document, DocumentError, ForecastDoc, ScenarioInfo};
use crate::JobError;
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;
use domei_sim::{Perturbation, Tornado};
use domei_store::{NewRun, Results, RunInfo, RunStatus, StoreError};
use domei_strategy::coalition::UnmovedForecast;
use domei_strategy::{coalition, edit, linkage, Edit, IssueChange, Limits, Response};
use serde::{Deserialize, Serialize};

/// The version of the strategy documents this domei writes.
pub const VERSION: u32 = 1;

/// The stored run kinds of strategy runs.
pub const KINDS: [&str; 5] = ["whatif", "best_response", "sensitivity", "events", "plan"];

/// Whether a stored run of `kind` is a strategy run.
pub fn is_strategy(kind: &str) -> bool {
    KINDS.contains(&kind)
}

/// What to analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "analysis", rename_all = "snake_case")]
pub enum Analysis {
    /// `domei whatif`: edits (as `--set` writes them:
    /// `ACTOR.ISSUE.position=V`, `+=`, `-=`), then a coalition of actors
    /// on some issues, then a linkage of issues; any of the three.
    Whatif {
        /// Edits, as `--set` writes them.
        #[serde(default)]
        edits: Vec<String>,
        /// Actor ids of the coalition; empty for none.
        #[serde(default)]
        coalition: Vec<String>,
        /// Issue ids the coalition acts on.
        #[serde(default)]
        on: Vec<String>,
        /// Issue ids to link, or empty.
        #[serde(default)]
        link: Vec<String>,
    },
    /// `domei best-response ACTOR`: per issue and per-issue model, the
    /// stance that brings the forecast closest to the actor's position.
    BestResponse {
        /// Actor id of the actor whose best responses are sought.
        actor: String,
        /// Only these issues [default: every issue the actor takes part in].
        #[serde(default)]
        issues: Vec<String>,
        /// Search limits.
        #[serde(default)]
        limits: Limits,
    },
    /// `domei sensitivity`: which inputs move each forecast most.
    Sensitivity {
        /// How far each input is moved.
        #[serde(default)]
        perturbation: Perturbation,
    },
    /// `domei events`: the decision chain of `text` (an events.toml).
    Events {
        /// The events.toml text.
        text: String,
        /// Monte Carlo draws.
        draws: u64,
        /// Seed of the draws.
        seed: u64,
        /// How many of the most likely paths to report.
        paths: u64,
        /// Conditions, `NODE=OUTCOME`.
        #[serde(default)]
        given: Vec<String>,
        /// What-if edits before forecasting linked issues.
        #[serde(default)]
        edits: Vec<String>,
    },
    /// `domei plan`: the engagement plan of `text` (a plan.toml).
    Plan {
        /// The plan.toml text.
        text: String,
        /// Monte Carlo draws of the effects' ranges.
        draws: u64,
        /// Seed of the draws.
        seed: u64,
        /// `all` or a model name: the forecast the objective reads.
        model: String,
        /// Whose positions the forecasts should move toward (the plan's
        /// `for` when absent).
        #[serde(default, rename = "for")]
        for_actor: Option<String>,
        /// Count actions with status `done` in the combined effect too.
        #[serde(default)]
        include_done: bool,
    },
}

impl Analysis {
    /// The stored run kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Analysis::Whatif { .. } => KINDS[0],
            Analysis::BestResponse { .. } => KINDS[1],
            Analysis::Sensitivity { .. } => KINDS[2],
            Analysis::Events { .. } => KINDS[3],
            Analysis::Plan { .. } => KINDS[4],
        }
    }
}

/// A strategy run's stored parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyParams {
    /// The analysis (flattened: its `analysis` tag and fields).
    #[serde(flatten)]
    pub analysis: Analysis,
    /// Rounds of the iterative models (also in `options.rounds`).
    pub rounds: u32,
    /// The model options.
    pub options: Options,
}

/// Everything needed to make (or repeat) a strategy run on a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyJob {
    /// The models to run.
    pub models: Vec<ModelId>,
    /// The analysis and model options.
    pub params: StrategyParams,
}

impl StrategyJob {
    /// A job for `analysis` with `models` and `opts`.
    pub fn new(analysis: Analysis, models: Vec<ModelId>, opts: Options) -> StrategyJob {
        StrategyJob {
            models,
            params: StrategyParams {
                analysis,
                rounds: opts.rounds,
                options: opts,
            },
        }
    }

    /// The job a stored strategy run was made with.
    pub fn from_run(info: &RunInfo) -> Result<StrategyJob, JobError> {
        if !is_strategy(&info.kind) {
            return Err(JobError::Kind {
                run: info.id,
                kind: info.kind.clone(),
            });
        }
        let (models, mut params) = crate::stored::<StrategyParams>(info)?;
        params.options.rounds = params.rounds;
        Ok(StrategyJob { models, params })
    }

    fn options(&self) -> Options {
        Options {
            rounds: self.params.rounds,
            explain: false,
            ..self.params.options.clone()
        }
    }
}

/// What a strategy run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum StrategyResult {
    /// A what-if: the changed scenario's forecasts.
    Whatif {
        /// Each change applied, in words (`us.tariff.position=5`,
        /// `coalition a+b on x`, `linkage of x + y`).
        what: Vec<String>,
        /// Per issue, each model's forecast before and after.
        changes: Vec<IssueChange>,
        /// Where a coalition moved no forecast, why
        /// ([`domei_strategy::coalition::explain`]).
        unmoved: Vec<UnmovedForecast>,
        /// The forecast of the changed scenario (what a comparison reads).
        after: Box<ForecastDoc>,
    },
    /// Best responses of the actor.
    BestResponse {
        /// Per issue and model, the best stance found.
        responses: Vec<Response>,
        /// Models left out: they negotiate issues jointly (smp, exchange).
        left_out: Vec<ModelId>,
    },
    /// Sensitivity: the inputs that move each forecast most.
    Sensitivity {
        /// Per issue and model, the bars ranked by swing (issues by index
        /// in the scenario version).
        tornados: Vec<Tornado>,
    },
    /// A decision chain's analysis, as `domei events --format json` writes
    /// it, and the what-if edits in words.
    Events {
        /// The what-if edits, in words.
        what_if: Vec<String>,
        /// The chain's analysis.
        chain: Box<domei_events::Analysis>,
    },
    /// A plan's ranking, as `domei plan --format json` writes it.
    Plan {
        /// The actions ranked, and the plan's combined effect.
        ranking: Box<domei_plan::Ranking>,
    },
}

/// The results document of a strategy run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyDoc {
    /// The document's version ([`VERSION`]).
    pub version: u32,
    /// Version of domei that wrote the document.
    pub domei_version: String,
    /// The scenario analysed.
    pub scenario: ScenarioInfo,
    /// The models run.
    pub models: Vec<ModelId>,
    /// What was analysed (flattened).
    #[serde(flatten)]
    pub analysis: Analysis,
    /// What it found (flattened).
    #[serde(flatten)]
    pub result: StrategyResult,
}

impl StrategyDoc {
    /// Reads a stored strategy document.
    pub fn read(doc: &serde_json::Value) -> Result<StrategyDoc, DocumentError> {
        match doc.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v <= u64::from(VERSION) => {}
            Some(v) => {
                return Err(DocumentError(format!(
                "it is version {v}, made by a newer domei (this one reads strategy documents up to {VERSION})"
            )))
            }
            None => return Err(DocumentError("a strategy document without a version".into())),
        }
        StrategyDoc::deserialize(doc).map_err(|e| DocumentError(e.to_string()))
    }

    /// The forecast a comparison with other runs reads: a what-if's forecast
    /// of the changed scenario; none for best responses, sensitivity, decision
    /// chains and plans ([`StrategyDoc::not_comparable`] says why).
    pub fn comparable(&self) -> Option<Document> {
        match &self.result {
            StrategyResult::Whatif { after, .. } => Some(Document::Forecast((**after).clone())),
            _ => None,
        }
    }

    /// Why this run has no forecasts to compare (none for a what-if).
    pub fn not_comparable(&self) -> Option<&'static str> {
        match &self.result {
            StrategyResult::Whatif { .. } => None,
            StrategyResult::BestResponse { .. } => Some("best responses are the stances that bring each forecast closest to one actor, not a forecast of the scenario"),
            StrategyResult::Sensitivity { .. } => Some("a sensitivity analysis ranks the inputs that move each forecast, it makes no forecast of its own"),
            StrategyResult::Events { .. } => Some("a decision chain gives the probabilities of its outcomes, not forecasts of the scenario's issues; open both runs' pages to read them side by side"),
            StrategyResult::Plan { .. } => Some("an engagement plan ranks actions by how far they move the forecasts toward one actor, it makes no forecast of the scenario; open both runs' pages to read them side by side"),
        }
    }
}

/// Why a strategy run cannot be made (a user's input: an unknown actor, an
/// edit off its scale, ...).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StrategyError(pub String);

impl From<domei_strategy::StrategyError> for StrategyError {
    fn from(e: domei_strategy::StrategyError) -> Self {
        StrategyError(e.to_string())
    }
}

/// Checks what the analysis names against `s` (edits parse and apply,
/// actors and issues exist) without computing forecasts.
pub fn check(s: &Scenario, job: &StrategyJob) -> Result<(), StrategyError> {
    match &job.params.analysis {
        Analysis::Whatif { .. } => changed(s, &job.params.analysis).map(|_| ()),
        Analysis::BestResponse { actor, issues, .. } => {
            if s.actor_index(actor).is_none() {
                return Err(domei_strategy::StrategyError::UnknownActor(actor.clone()).into());
            }
            if let Some(i) = issues.iter().find(|i| s.issue_index(i).is_none()) {
                return Err(domei_strategy::StrategyError::UnknownIssue(i.clone()).into());
            }
            if job.models.iter().all(|m| m.joint()) {
                return Err(StrategyError(
                    "best responses search per-issue models (compromise, median, bdm, nash); smp and exchange negotiate issues jointly".into(),
                ));
            }
            Ok(())
        }
        Analysis::Sensitivity { perturbation } => {
            let ok = |x: f64| x.is_finite() && x >= 0.0;
            if !(ok(perturbation.position)
                && ok(perturbation.salience)
                && ok(perturbation.capability)
                && perturbation.capability < 1.0)
            {
                return Err(StrategyError(
                    "perturbations must be finite and >= 0, and the capability one below 1".into(),
                ));
            }
            Ok(())
        }
        Analysis::Events { .. } | Analysis::Plan { .. } => {
            // Reading and the options are checked by the analysis itself;
            // here only the cheap part: the file and the options.
            part(s, &job.params.analysis, true).map(|_| ())
        }
    }
}

/// A decision chain's or a plan's result; with `check_only`, the file is
/// read and the options checked but nothing is analysed.
fn part(
    s: &Scenario,
    a: &Analysis,
    check_only: bool,
) -> Result<Option<StrategyResult>, StrategyError> {
    use crate::parts::{self, EventsInput, PlanInput};
    let err = |e: parts::PartError| StrategyError(e.to_string());
    match a {
        Analysis::Events {
            text,
            draws,
            seed,
            paths,
            given,
            edits,
        } => {
            let input = EventsInput {
                path: std::path::Path::new(parts::EVENTS_FILE),
                text,
                draws: *draws,
                seed: *seed,
                paths: *paths,
                given,
                edits,
            };
            if check_only {
                parts::check_events(s, &input).map_err(err)?;
                return Ok(None);
            }
            let (chain, what_if) = parts::events(s, &input).map_err(err)?;
            Ok(Some(StrategyResult::Events {
                what_if,
                chain: Box::new(chain),
            }))
        }
        Analysis::Plan {
            text,
            draws,
            seed,
            model,
            for_actor,
            include_done,
        } => {
            let input = PlanInput {
                path: std::path::Path::new(parts::PLAN_FILE),
                text,
                draws: *draws,
                seed: *seed,
                model,
                for_actor: for_actor.as_deref(),
                include_done: *include_done,
            };
            if check_only {
                parts::check_plan(s, &input).map_err(err)?;
                return Ok(None);
            }
            let ranking = parts::plan(s, &input).map_err(err)?;
            Ok(Some(StrategyResult::Plan {
                ranking: Box::new(ranking),
            }))
        }
        _ => Err(StrategyError("not a decision chain or a plan".into())),
    }
}

/// The changed scenario of a what-if and its description, as `domei
/// whatif` applies it: edits, then the coalition, then the linkage.
fn changed(s: &Scenario, a: &Analysis) -> Result<(Scenario, Vec<String>), StrategyError> {
    let Analysis::Whatif {
        edits,
        coalition: members,
        on,
        link,
    } = a
    else {
        return Err(StrategyError("not a what-if".into()));
    };
    if edits.is_empty() && members.is_empty() && link.is_empty() {
        return Err(StrategyError(
            "nothing to compare: give an edit, a coalition with its issues, or a linkage".into(),
        ));
    }
    if members.is_empty() != on.is_empty() {
        return Err(StrategyError(
            "a coalition needs its members and the issues it negotiates".into(),
        ));
    }
    let parsed: Vec<Edit> = edits
        .iter()
        .map(|e| e.parse::<Edit>())
        .collect::<Result<_, _>>()?;
    let mut after = edit::apply(s, &parsed)?;
    let mut what: Vec<String> = parsed.iter().map(|e| e.to_string()).collect();
    if !members.is_empty() {
        after = coalition::apply(&after, members, on)?;
        what.push(format!(
            "coalition {} on {}",
            members.join("+"),
            on.join(", ")
        ));
    }
    if !link.is_empty() {
        after = linkage::apply(&after, link)?;
        what.push(format!("linkage of {}", link.join(" + ")));
    }
    Ok((after, what))
}

/// Runs the analysis of `job` on `s`.
pub fn compute(s: &Scenario, job: &StrategyJob) -> Result<StrategyDoc, StrategyError> {
    check(s, job)?;
    let opts = job.options();
    let result = match &job.params.analysis {
        Analysis::Whatif {
            coalition: members,
            on,
            ..
        } => {
            let (after, what) = changed(s, &job.params.analysis)?;
            let (_, fa, changes) = domei_strategy::compare(s, &after, &job.models, &opts);
            let unmoved = if members.is_empty() {
                Vec::new()
            } else {
                coalition::explain(s, &after, members, on, &changes)
            };
            StrategyResult::Whatif {
                what,
                changes,
                unmoved,
                after: Box::new(ForecastDoc::new(&after, &fa, false)),
            }
        }
        Analysis::BestResponse {
            actor,
            issues,
            limits,
        } => {
            let (joint, per_issue): (Vec<ModelId>, Vec<ModelId>) =
                job.models.iter().partition(|m| m.joint());
            let responses =
                domei_strategy::best_response(s, actor, issues, &per_issue, &opts, limits)?;
            StrategyResult::BestResponse {
                responses,
                left_out: joint,
            }
        }
        Analysis::Sensitivity { perturbation } => StrategyResult::Sensitivity {
            tornados: domei_sim::sensitivity(s, &job.models, &opts, perturbation),
        },
        a @ (Analysis::Events { .. } | Analysis::Plan { .. }) => {
            part(s, a, false)?.ok_or_else(|| StrategyError("the analysis gave no result".into()))?
        }
    };
    Ok(StrategyDoc {
        version: VERSION,
        domei_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: ScenarioInfo {
            id: s.id.clone(),
            name: s.name.clone(),
            question: s.question.clone(),
            source: s.origin.as_ref().map(|o| o.path.display().to_string()),
            format: s.origin.as_ref().map(|o| o.format.name().to_string()),
        },
        models: job.models.clone(),
        analysis: job.params.analysis.clone(),
        result,
    })
}

/// The run record of a strategy run (no round logs).
pub fn record(
    job: &StrategyJob,
    doc: &StrategyDoc,
    started: time::OffsetDateTime,
) -> Result<NewRun, JobError> {
    let results = Results::encode(doc).map_err(|e: StoreError| JobError::Encode(e.to_string()))?;
    let parameters =
        serde_json::to_value(&job.params).map_err(|e| JobError::Encode(e.to_string()))?;
    Ok(NewRun {
        kind: job.params.analysis.kind().to_string(),
        models: job.models.iter().map(|m| m.as_str().to_string()).collect(),
        parameters,
        seed: None,
        domei_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at: started,
        finished_at: Some(time::OffsetDateTime::now_utc()),
        status: RunStatus::Completed,
        results: Some(results),
        rounds: Vec::new(),
    })
}

/// Computes a stored strategy run again from its scenario version and says
/// whether the results equal the stored ones.
pub fn recompute(
    s: &Scenario,
    info: &RunInfo,
    stored: Option<&serde_json::Value>,
) -> Result<(StrategyJob, StrategyDoc, crate::Reproduced), JobError> {
    let job = StrategyJob::from_run(info)?;
    let bad = |reason: String| JobError::Params {
        run: info.id,
        reason,
    };
    let now = compute(s, &job).map_err(|e| bad(e.0))?;
    let rep = match stored {
        None => crate::Reproduced::NotStored,
        Some(v) => {
            let then = StrategyDoc::read(v).map_err(|e| bad(e.to_string()))?;
            if then.result == now.result {
                crate::Reproduced::Same
            } else {
                crate::Reproduced::Differs {
                    stored_by: info.domei_version.clone(),
                }
            }
        }
    };
    Ok((job, now, rep))
}

#[cfg(test)]
mod tests;
