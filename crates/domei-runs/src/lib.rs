//! Jobs: the runs that both the CLI (`forecast`, `simulate`, `brief --run`)
//! and the server (`domei serve`) make, store and read back.
//!
//! A [`Job`] is everything needed to repeat a run on a scenario: its kind
//! (a deterministic forecast, or a Monte Carlo simulation), the models, and
//! the [`Params`] (model options, rounds, and for simulations the draws,
//! seed, distribution, perturbation and histogram bins). [`compute`] runs a
//! job on a [`Scenario`] (pure: no I/O); [`record`] turns the outcome into
//! the store's [`NewRun`]; [`Job::from_run`] reads a stored run's job back,
//! so that any stored run can be computed again from its scenario version
//! ([`recompute`]) — the same numbers, since every step is deterministic
//! given the seed.
//!
//! The stored `parameters` JSON is [`Params`] (documented in docs/cli.md,
//! "Stored runs"); the stored `results` are the typed results document
//! ([`document`](mod@document): [`ForecastDoc`], [`SimulationDoc`]), the `--format json`
//! document of `domei forecast` or `domei simulate`. Runs are compared
//! through [`compare()`] (`domei runs diff`, the workbench's comparison) and
//! opened for viewing through [`open`] (a simulation's distributions are
//! read from its document, never drawn again).

#![warn(missing_docs)]

pub mod briefing;
pub mod compare;
pub mod document;
pub mod ledger;
pub mod parts;
pub mod strategy;
pub use compare::{compare, Change};
pub use document::{Document, DocumentError, ForecastDoc, SimulationDoc};
pub use ledger::{ledger, record_outcome, OutcomeError};

mod cost;
mod reopen;

pub use cost::Estimate;
pub use reopen::{open, point_values, recompute, Reproduced};

use domei_calib::Calibration;
use domei_engines::{ExchangeReading, ModelId, Options};
use domei_run::ScenarioForecast;
use domei_scenario::Scenario;
use domei_sim::{Dist, McOptions, Perturbation, SimResult};
use domei_store::{NewRun, Results, RoundLog, RunInfo, RunStatus, StoreError};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What kind of run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Every model once on the point values.
    Forecast,
    /// Every model on many draws of the inputs (Monte Carlo), plus the
    /// point forecast.
    Simulate,
}

impl Kind {
    /// The kind's name as stored (`forecast`, `simulate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Forecast => "forecast",
            Kind::Simulate => "simulate",
        }
    }

    /// The kind named `s`; `None` for any other name.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "forecast" => Some(Kind::Forecast),
            "simulate" => Some(Kind::Simulate),
            _ => None,
        }
    }
}

/// Model names as users write them (`--model`, the run form, the API):
/// `all` expands to every model, duplicates are dropped, order is kept.
pub fn parse_models<S: AsRef<str>>(names: &[S]) -> Result<Vec<ModelId>, String> {
    let mut out = Vec::new();
    for n in names {
        let n = n.as_ref().trim();
        if n.eq_ignore_ascii_case("all") {
            out.extend(ModelId::ALL);
        } else {
            out.push(n.parse::<ModelId>().map_err(|e| e.to_string())?);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|m| seen.insert(*m));
    Ok(out)
}

/// What the scenario must provide for the models named `names` (as users
/// write them): a model asked for by name must be able to run on every
/// issue — Nash needs every issue's status quo; with `all`, issues a model
/// cannot handle are reported as not forecast instead. The one statement of
/// this rule for the CLI (read into the validator) and the workbench
/// ([`check_requirements`]).
pub fn requirements<S: AsRef<str>>(names: &[S]) -> domei_scenario::Requirements {
    let nash = names.iter().any(|m| {
        m.as_ref()
            .trim()
            .eq_ignore_ascii_case(ModelId::Nash.as_str())
    });
    domei_scenario::Requirements {
        status_quo: nash,
        status_quo_for: nash.then_some("the nash model"),
        draft: false,
    }
}

/// Checks a validated scenario against [`requirements`]; the error names
/// the first issue that falls short.
pub fn check_requirements(s: &Scenario, req: &domei_scenario::Requirements) -> Result<(), String> {
    if req.status_quo {
        if let Some(i) = s.issues.iter().find(|i| i.status_quo.is_none()) {
            return Err(format!(
                "issue {} has no status quo, which {} needs",
                i.id,
                req.status_quo_for.unwrap_or("the model")
            ));
        }
    }
    Ok(())
}

/// Monte Carlo settings of a simulation run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct McParams {
    /// Number of Monte Carlo draws.
    pub draws: u64,
    /// Seed of the draws' random generator.
    pub seed: u64,
    /// How the inputs are drawn around their point values.
    pub dist: Dist,
    /// How far each input may move (position, salience, capability).
    pub perturbation: Perturbation,
    /// Number of histogram bars per model and issue.
    pub bins: usize,
}

impl Default for McParams {
    fn default() -> Self {
        let d = McOptions::default();
        McParams {
            draws: d.draws,
            seed: d.seed,
            dist: d.dist,
            perturbation: d.perturbation,
            bins: d.bins,
        }
    }
}

/// A run's parameters as stored (`runs.parameters`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Rounds of the iterative models (also in `options.rounds`).
    pub rounds: u32,
    /// The model options.
    pub options: Options,
    /// Whether the stored results carry the models' explanations.
    #[serde(default)]
    pub explain: bool,
    /// The seed of a simulation; null for a forecast.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Monte Carlo settings; absent for a forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<McParams>,
}

/// Everything needed to make (or repeat) a run on a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Forecast or simulation.
    pub kind: Kind,
    /// The models to run, in column order.
    pub models: Vec<ModelId>,
    /// Rounds, options and Monte Carlo settings.
    pub params: Params,
}

/// Why a stored run cannot be read back as a job.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JobError {
    /// The stored kind is neither `forecast` nor `simulate`.
    #[error("run {run}: unknown kind {kind:?} (this domei makes forecast and simulate runs)")]
    Kind {
        /// The stored run's id.
        run: i64,
        /// The kind stored.
        kind: String,
    },
    /// A stored model name this domei does not know.
    #[error("run {run}: unknown model {model:?}")]
    Model {
        /// The stored run's id.
        run: i64,
        /// The model name stored.
        model: String,
    },
    /// The stored parameters are not a [`Params`].
    #[error("run {run}: its parameters cannot be read: {reason}")]
    Params {
        /// The stored run's id.
        run: i64,
        /// The decoder's message.
        reason: String,
    },
    /// The run's results document or parameters could not be encoded.
    #[error("cannot encode the run: {0}")]
    Encode(String),
}

impl Job {
    /// A forecast of `models` with `opts`.
    pub fn forecast(models: Vec<ModelId>, opts: Options, explain: bool) -> Job {
        Job {
            kind: Kind::Forecast,
            models,
            params: Params {
                rounds: opts.rounds,
                options: opts,
                explain,
                seed: None,
                monte_carlo: None,
            },
        }
    }

    /// A Monte Carlo simulation of `models` with `opts` and `mc`.
    pub fn simulate(models: Vec<ModelId>, opts: Options, mc: McParams) -> Job {
        Job {
            kind: Kind::Simulate,
            models,
            params: Params {
                rounds: opts.rounds,
                options: opts,
                explain: false,
                seed: Some(mc.seed),
                monte_carlo: Some(mc),
            },
        }
    }

    /// The job a stored run was made with.
    pub fn from_run(info: &RunInfo) -> Result<Job, JobError> {
        let kind = Kind::parse(&info.kind).ok_or_else(|| JobError::Kind {
            run: info.id,
            kind: info.kind.clone(),
        })?;
        let (models, mut params) = stored::<Params>(info)?;
        params.options.rounds = params.rounds;
        // Runs stored before the exchange model had named readings were
        // made with the continuous one.
        if info.parameters["options"].get("exchange_reading").is_none() {
            params.options.exchange_reading = ExchangeReading::Continuous;
        }
        if kind == Kind::Simulate && params.monte_carlo.is_none() {
            return Err(JobError::Params {
                run: info.id,
                reason: "a simulation run without its monte_carlo settings".into(),
            });
        }
        Ok(Job {
            kind,
            models,
            params,
        })
    }

    /// The model options with explanations on or off as stored.
    fn options(&self) -> Options {
        Options {
            rounds: self.params.rounds,
            explain: self.params.explain,
            ..self.params.options.clone()
        }
    }

    /// The Monte Carlo options of a simulation.
    pub fn mc_options(&self) -> Option<McOptions> {
        self.params.monte_carlo.map(|m| McOptions {
            draws: m.draws,
            seed: m.seed,
            dist: m.dist,
            perturbation: m.perturbation,
            bins: m.bins,
            keep_draws: false,
        })
    }
}

/// A stored run's models and parameters as `P`, read back: the one reader
/// of both for runs ([`Job::from_run`]) and strategy runs
/// ([`strategy::StrategyJob::from_run`]).
fn stored<P: serde::de::DeserializeOwned>(info: &RunInfo) -> Result<(Vec<ModelId>, P), JobError> {
    let models = info
        .models
        .iter()
        .map(|m| {
            m.parse::<ModelId>().map_err(|_| JobError::Model {
                run: info.id,
                model: m.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let params = serde_json::from_value(info.parameters.clone()).map_err(|e| JobError::Params {
        run: info.id,
        reason: e.to_string(),
    })?;
    Ok((models, params))
}

/// What a job computed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The point forecast (always made: a simulation reports it beside its
    /// ranges).
    pub forecast: ScenarioForecast,
    /// The Monte Carlo result of a simulation; `None` for a forecast.
    pub sim: Option<SimResult>,
}

/// Runs `job` on `s`. `progress(done, total)` reports the draws of a
/// simulation as they complete (a forecast reports nothing). Runs on the
/// current rayon pool.
///
/// Every issue gets the headline forecast and calibrated ranges of the
/// bundled calibration ([`Calibration::bundled`]); see
/// [`compute_calibrated`] for another.
pub fn compute(s: &Scenario, job: &Job, progress: &(dyn Fn(u64, u64) + Sync)) -> Outcome {
    compute_calibrated(s, job, Calibration::bundled(), false, progress)
}

/// As [`compute`], but a simulation also keeps every draw's forecast
/// (`domei simulate --keep-draws`; memory grows with the draws). [`record`]
/// leaves them out: they are printed, never stored.
pub fn compute_keeping_draws(
    s: &Scenario,
    job: &Job,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Outcome {
    compute_calibrated(s, job, Calibration::bundled(), true, progress)
}

/// As [`compute`] with the calibration `cal` (and, for a simulation,
/// every draw's forecast kept when `keep_draws`).
pub fn compute_calibrated(
    s: &Scenario,
    job: &Job,
    cal: &Calibration,
    keep_draws: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Outcome {
    match computed(s, job, cal, keep_draws, progress, &|| false) {
        Some(out) => out,
        // `computed` returns None only when `stop` says so, and this one never does.
        None => unreachable!("a computation that is never stopped completes"),
    }
}

/// The one body of [`compute_calibrated`] and [`compute_until`].
fn computed(
    s: &Scenario,
    job: &Job,
    cal: &Calibration,
    keep_draws: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Outcome> {
    if stop() {
        return None;
    }
    let opts = job.options();
    let mut forecast = domei_run::forecast(s, &job.models, &opts);
    domei_sim::headline::calibrate(s, &mut forecast, cal, &opts);
    let sim = match job.mc_options() {
        None => None,
        Some(mc) => {
            let lean = Options {
                explain: false,
                ..opts.clone()
            };
            let mc = McOptions { keep_draws, ..mc };
            Some(domei_sim::simulate_until(
                s,
                &job.models,
                &lean,
                &mc,
                progress,
                stop,
            )?)
        }
    };
    Some(Outcome { forecast, sim })
}

/// As [`compute`], but a simulation stops early when `stop()` becomes true
/// (checked between blocks of draws; see [`domei_sim::simulate_until`]) and
/// then nothing is returned: a cancelled job. `stop` must stay true once
/// it has been true.
pub fn compute_until(
    s: &Scenario,
    job: &Job,
    progress: &(dyn Fn(u64, u64) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Outcome> {
    computed(s, job, Calibration::bundled(), false, progress, stop)
}

/// `sim` without every draw's forecast (borrowed when it kept none).
fn without_draws(sim: &SimResult) -> Cow<'_, SimResult> {
    let kept = sim
        .issues
        .iter()
        .any(|i| i.models.iter().any(|m| m.draws.is_some()));
    if !kept {
        return Cow::Borrowed(sim);
    }
    let mut lean = sim.clone();
    lean.options.keep_draws = false;
    for m in lean.issues.iter_mut().flat_map(|i| i.models.iter_mut()) {
        m.draws = None;
    }
    Cow::Owned(lean)
}

/// The results document of an outcome, as stored and as the CLI prints
/// with `--format json`.
pub fn document(s: &Scenario, job: &Job, out: &Outcome) -> Document {
    match &out.sim {
        Some(sim) => Document::Simulation(SimulationDoc::new(s, sim, &out.forecast)),
        None => Document::Forecast(ForecastDoc::new(s, &out.forecast, job.params.explain)),
    }
}

/// [`document()`] as JSON.
pub fn results_json(s: &Scenario, job: &Job, out: &Outcome) -> Result<serde_json::Value, JobError> {
    serde_json::to_value(document(s, job, out)).map_err(|e| JobError::Encode(e.to_string()))
}

/// `(issue id, headline)` of every issue of `out` that has a calibrated
/// headline forecast (`IssueForecast::headline`, filled by [`compute`]),
/// with its ranges, its calibration's name and the disagreement sentence of
/// the results documents ([`domei_run::disagreement`]), for pages and
/// briefings.
pub fn headlines(s: &Scenario, out: &Outcome) -> Vec<(String, domei_ledger::Headline)> {
    out.forecast
        .issues
        .iter()
        .filter_map(|ifc| {
            let h = ifc.headline.as_ref()?;
            let issue = &s.issues[ifc.issue];
            Some((
                issue.id.clone(),
                domei_ledger::Headline {
                    value: h.value,
                    ranges: domei_ledger::Ranges {
                        p50: Some(h.intervals.p50),
                        p80: Some(h.intervals.p80),
                        p95: Some(h.intervals.p95),
                    },
                    calibration: Some(h.calibration.clone()),
                    disagreement: domei_run::disagreement(issue, ifc),
                },
            ))
        })
        .collect()
}

/// The run record of `job`'s outcome on `s`: parameters, results (the
/// models' explanations only when the job asked for them: for the 252-issue
/// DEU III table they are 140 MB of JSON; never the draws of
/// [`compute_keeping_draws`]), and the round logs of the iterative models'
/// point forecast.
pub fn record(
    s: &Scenario,
    job: &Job,
    out: &Outcome,
    started: time::OffsetDateTime,
) -> Result<NewRun, JobError> {
    let doc = match &out.sim {
        Some(sim) => {
            Document::Simulation(SimulationDoc::new(s, &without_draws(sim), &out.forecast))
        }
        None => Document::Forecast(ForecastDoc::new(s, &out.forecast, job.params.explain)),
    };
    let results = Results::encode(&doc).map_err(|e: StoreError| JobError::Encode(e.to_string()))?;
    let parameters =
        serde_json::to_value(&job.params).map_err(|e| JobError::Encode(e.to_string()))?;
    Ok(NewRun {
        kind: job.kind.as_str().to_string(),
        models: job.models.iter().map(|m| m.as_str().to_string()).collect(),
        parameters,
        seed: job.params.seed,
        domei_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at: started,
        finished_at: Some(time::OffsetDateTime::now_utc()),
        status: RunStatus::Completed,
        results: Some(results),
        rounds: round_logs(s, &out.forecast),
    })
}

/// The per-round states of every iterative model's point forecast.
pub fn round_logs(s: &Scenario, f: &ScenarioForecast) -> Vec<RoundLog> {
    let mut rounds = Vec::new();
    for ifc in &f.issues {
        for r in &ifc.results {
            let Some(fc) = r.forecast() else { continue };
            rounds.extend(fc.rounds.iter().map(|x| RoundLog {
                issue_id: s.issues[ifc.issue].id.clone(),
                model: fc.model.as_str().to_string(),
                round: i64::from(x.round),
                median: x.median,
                mean: x.mean,
                positions: x.positions.clone(),
            }));
        }
    }
    rounds
}

#[cfg(test)]
mod tests;
