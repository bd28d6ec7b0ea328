//! Runs: start one, view a stored one (its point forecast recomputed from
//! its scenario version and parameters and checked against its stored
//! results; a simulation's distributions read from the stored document,
//! never drawn again; cached), and its charts.

use super::blocking;
use super::scenarios::{parse, scenario};
use crate::error::WebError;
use crate::state::AppState;
use domei_engines::{ExchangeReading, ModelId, Options};
use domei_runs::{Job, Kind, McParams, Outcome, Reproduced};
use domei_scenario::Scenario;
use domei_sim::{Perturbation, Tornado};
use domei_store::{Run, RunId, ScenarioRef};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Most Monte Carlo draws a run from the workbench may ask for
/// (domei-limits `workbench_draws`).
pub const MAX_DRAWS: u64 = domei_limits::WORKBENCH_DRAWS.max;

/// A run to start, as the API and the run form give it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// The stored scenario's id.
    pub scenario: String,
    /// The scenario version [default: the latest].
    #[serde(default)]
    pub version: Option<i64>,
    /// `forecast` (default) or `simulate`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Model names or `all` [default: all].
    #[serde(default)]
    pub models: Vec<String>,
    /// Rounds of the iterative models [default: the models' own].
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Simulations: draws [default 1000, at most 100000] and seed [default 1].
    #[serde(default)]
    pub draws: Option<u64>,
    /// See `draws`.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The exchange model's reading: `decide` (default) or `continuous`.
    #[serde(default)]
    pub exchange_reading: Option<String>,
}

/// The job a request asks for.
pub fn job_of(r: &RunRequest) -> Result<Job, WebError> {
    let kind = match r.kind.as_deref().map(str::trim).unwrap_or("forecast") {
        "" | "forecast" => Kind::Forecast,
        "simulate" => Kind::Simulate,
        k => {
            return Err(WebError::BadRequest(format!(
                "unknown run kind {k:?}: forecast or simulate"
            )))
        }
    };
    let mut models = domei_runs::parse_models(&r.models).map_err(WebError::BadRequest)?;
    if models.is_empty() {
        models.extend(ModelId::ALL);
    }
    // Defaults are the library's (the CLI's flags default to the same).
    let rounds = r.rounds.unwrap_or(Options::default().rounds);
    domei_limits::ROUNDS.check(u64::from(rounds))?;
    let exchange_reading = match r.exchange_reading.as_deref().map(str::trim) {
        None | Some("") => ExchangeReading::default(),
        Some(name) => name.parse().map_err(WebError::BadRequest)?,
    };
    let opts = Options {
        rounds,
        exchange_reading,
        ..Options::default()
    };
    match kind {
        Kind::Forecast => {
            if r.draws.is_some() || r.seed.is_some() {
                return Err(WebError::BadRequest(
                    "draws and seed apply to simulate runs only".into(),
                ));
            }
            Ok(Job::forecast(models, opts, false))
        }
        Kind::Simulate => {
            let draws = r.draws.unwrap_or(McParams::default().draws);
            domei_limits::WORKBENCH_DRAWS.check(draws)?;
            let mc = McParams {
                draws,
                seed: r.seed.unwrap_or(McParams::default().seed),
                ..McParams::default()
            };
            Ok(Job::simulate(models, opts, mc))
        }
    }
}

/// Starts the run `r` asks for.
pub async fn start_run(
    st: &AppState,
    r: &RunRequest,
) -> Result<(u64, tokio::sync::watch::Receiver<crate::queue::JobInfo>), WebError> {
    let job = job_of(r)?;
    let view = scenario(st, &r.scenario, r.version).await?;
    // The store keeps scenarios still being built; a run needs the whole
    // rule set (actors, issues, stances, someone caring about each issue).
    let text = view.version.toml.clone();
    blocking(move || {
        domei_scenario::from_toml_str(
            std::path::Path::new("scenario.toml"),
            &text,
            domei_scenario::Requirements::default(),
        )
        .map(drop)
        .map_err(|d| {
            let why: Vec<String> = d
                .iter()
                .map(|d| match &d.help {
                    Some(h) => format!("{} ({h})", d.message),
                    None => d.message.clone(),
                })
                .collect();
            WebError::Invalid(format!("the scenario cannot run yet: {}", why.join("; ")))
        })
    })
    .await?;
    let at = ScenarioRef {
        id: view.version.scenario_id.clone(),
        version: view.version.info.version,
    };
    // Its cost, before it is queued: a simulation uses every core.
    let threads = match job.kind {
        Kind::Forecast => 1,
        Kind::Simulate => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    domei_runs::check_requirements(&view.scenario, &domei_runs::requirements(&r.models))
        .map_err(WebError::BadRequest)?;
    let estimate = job.check(&view.scenario, threads, false, &st.budget)?;
    st.queue.start(
        st.store.clone(),
        (*view.scenario).clone(),
        at,
        crate::queue::Work::Run(job),
        estimate,
    )
}

/// A stored run, recomputed for display.
pub struct RunView {
    /// The stored run.
    pub run: Run,
    /// Its scenario version, parsed.
    pub scenario: Scenario,
    /// The job that recomputed it.
    pub job: Job,
    /// The recomputed results.
    pub outcome: Outcome,
    /// Whether the recomputation matches the stored results.
    pub reproduced: Reproduced,
    /// Sensitivity of the first model run (the tornado charts).
    pub tornado: Vec<Tornado>,
    /// Every chart, rendered once (SVG; ~600 KB for the bundled scenario).
    pub charts: Vec<Chart>,
    /// `(issue id, headline)` of the issues whose recomputed results carry
    /// a headline forecast (domei-runs).
    pub headlines: Vec<(String, domei_ledger::Headline)>,
}

/// Run `id`, recomputed (cached; concurrent requests share one
/// recomputation).
pub async fn run_view(st: &AppState, id: RunId) -> Result<Arc<RunView>, WebError> {
    if let Some(v) = st.runs.get(id) {
        return Ok(v);
    }
    let cell = st.runs.loading(id);
    let got = cell
        .get_or_try_init(|| async {
            let v = Arc::new(load_run_view(st, id).await?);
            st.runs.put(id, v.clone());
            Ok::<_, WebError>(v)
        })
        .await
        .cloned();
    st.runs.loaded(id);
    got
}

async fn load_run_view(st: &AppState, id: RunId) -> Result<RunView, WebError> {
    let run = st.store.get_run(id).await?;
    let v = st
        .store
        .scenario_version(&run.info.scenario.id, Some(run.info.scenario.version))
        .await?;
    blocking(move || {
        let s = parse(&v.toml)?;
        let (job, outcome, reproduced) = domei_runs::open(&s, &run.info, run.results.as_ref())?;
        // The briefing's inputs, as `domei brief` computes them: the
        // sensitivity of the first model (the tornado charts).
        let first: Vec<ModelId> = job.models.iter().copied().take(1).collect();
        let extras = domei_runs::briefing::Extras {
            sensitivity: Some((first, Perturbation::default())),
            ..Default::default()
        };
        let tornado = domei_runs::briefing::inputs(&s, &outcome, &extras)
            .map_err(WebError::Internal)?
            .sensitivity
            .unwrap_or_default();
        let headlines = domei_runs::headlines(&s, &outcome);
        let mut view = RunView {
            run,
            scenario: s,
            job,
            outcome,
            reproduced,
            tornado,
            charts: Vec::new(),
            headlines,
        };
        view.charts = charts_in(&view, &view.scenario, domei_i18n::Lang::En);
        Ok(view)
    })
    .await
}

/// One SVG chart of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on the page, e.g. `positions-defense-spending`.
    pub id: String,
    /// `positions`, `rounds`, `distribution` or `tornado`.
    pub kind: &'static str,
    /// The issue's id.
    pub issue: String,
    /// The chart's SVG document.
    pub svg: String,
}

/// Every chart of a run, issue by issue (rendered when the run was loaded).
pub fn charts(v: &RunView) -> &[Chart] {
    &v.charts
}

/// Every chart of a run drawn again with its words in `lang` and the texts
/// of `s` (the run's scenario, or the same version's language view: same
/// values and ids). The English charts are drawn once, when the run loads.
pub fn charts_in(v: &RunView, s: &Scenario, lang: domei_i18n::Lang) -> Vec<Chart> {
    use domei_charts::build;
    let mut out = Vec::new();
    for f in &v.outcome.forecast.issues {
        let issue = s.issues[f.issue].id.clone();
        let pc = build::positions_in(s, f.issue, Some(f), lang);
        out.push(Chart {
            id: pc.id.clone(),
            kind: "positions",
            issue: issue.clone(),
            svg: domei_charts::positions_svg(&pc),
        });
        if let Some(rc) = build::rounds_in(s, f, lang) {
            out.push(Chart {
                id: rc.id.clone(),
                kind: "rounds",
                issue: issue.clone(),
                svg: domei_charts::rounds_svg(&rc),
            });
        }
        if let Some(sim) = v
            .outcome
            .sim
            .as_ref()
            .and_then(|r| r.issues.iter().find(|x| x.issue == f.issue))
        {
            let dc = build::distribution_in(s, sim, Some(f), lang);
            out.push(Chart {
                id: dc.id.clone(),
                kind: "distribution",
                issue: issue.clone(),
                svg: domei_charts::distribution_svg(&dc),
            });
        }
        if let Some(tc) = v
            .tornado
            .iter()
            .find(|t| t.issue == f.issue)
            .and_then(|t| build::tornado_in(s, t, 8, lang))
        {
            out.push(Chart {
                id: tc.id.clone(),
                kind: "tornado",
                issue,
                svg: domei_charts::tornado_svg(&tc),
            });
        }
    }
    out
}
