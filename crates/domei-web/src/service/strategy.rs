//! Strategy runs from the workbench: what-ifs (edits, coalitions,
//! linkage), best responses and sensitivity, computed by domei-runs'
//! `strategy` module — the library functions the CLI's `whatif`,
//! `best-response` and `sensitivity` call — queued like any run and stored
//! as runs of kind `whatif`, `best_response` or `sensitivity`; and a stored
//! strategy run read back for its page.

use super::blocking;
use super::scenarios::{parse, scenario};
use crate::error::WebError;
use crate::queue::{JobInfo, Work};
use crate::state::AppState;
use domei_engines::{ExchangeReading, ModelId, Options};
use domei_runs::strategy::{Analysis, StrategyDoc, StrategyJob};
use domei_runs::Reproduced;
use domei_scenario::Scenario;
use domei_sim::Perturbation;
use domei_store::{RunId, RunInfo, ScenarioRef};
use domei_strategy::Limits;
use serde::{Deserialize, Serialize};

/// A strategy run to start, as the API and the strategy page give it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StrategyRequest {
    /// The stored scenario's id.
    pub scenario: String,
    /// The scenario version [default: the latest].
    #[serde(default)]
    pub version: Option<i64>,
    /// What to analyse: `{"analysis": "whatif", "edits": [..], "coalition":
    /// [..], "on": [..], "link": [..]}`, `{"analysis": "best_response",
    /// "actor": A, "issues"?: [..], "limits"?: {..}}` or `{"analysis":
    /// "sensitivity", "perturbation"?: {..}}`.
    #[serde(flatten)]
    pub analysis: Analysis,
    /// Model names or `all` [default: all for what-ifs; compromise for
    /// sensitivity; compromise, median, bdm, nash for best responses — the
    /// CLI's defaults].
    #[serde(default)]
    pub models: Vec<String>,
    /// Rounds of the iterative models [default: the models' own].
    #[serde(default)]
    pub rounds: Option<u32>,
    /// The exchange model's reading: `decide` (default) or `continuous`.
    #[serde(default)]
    pub exchange_reading: Option<String>,
}

/// An analysis' default models, from the names its owner lists (model
/// names, which the owners' unit tests parse).
fn default_models(names: &str) -> Vec<ModelId> {
    names.split(',').filter_map(|n| n.parse().ok()).collect()
}

/// The job a request asks for.
pub fn strategy_job(r: &StrategyRequest) -> Result<StrategyJob, WebError> {
    let mut models = domei_runs::parse_models(&r.models).map_err(WebError::BadRequest)?;
    if models.is_empty() {
        models = match r.analysis {
            Analysis::Whatif { .. } => ModelId::ALL.to_vec(),
            Analysis::Sensitivity { .. } => default_models(domei_sim::sensitivity::DEFAULT_MODELS),
            Analysis::BestResponse { .. } => {
                default_models(domei_strategy::best_response::DEFAULT_MODELS)
            }
            // The chain's links and the plan's objective forecast with the
            // median of every model (or the plan's one model).
            Analysis::Plan { ref model, .. } => match model.parse::<domei_parts::ModelChoice>() {
                Ok(domei_parts::ModelChoice::One(m)) => vec![m],
                _ => ModelId::ALL.to_vec(),
            },
            Analysis::Events { .. } => ModelId::ALL.to_vec(),
        };
    }
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
    Ok(StrategyJob::new(r.analysis.clone(), models, opts))
}

/// Starts the strategy run `r` asks for, after checking what it names
/// against the scenario (422 with the library's message otherwise) and its
/// cost (as a forecast of the same models).
pub async fn start_strategy(
    st: &AppState,
    r: &StrategyRequest,
) -> Result<(u64, tokio::sync::watch::Receiver<JobInfo>), WebError> {
    let job = strategy_job(r)?;
    let view = scenario(st, &r.scenario, r.version).await?;
    let at = ScenarioRef {
        id: view.version.scenario_id.clone(),
        version: view.version.info.version,
    };
    domei_runs::strategy::check(&view.scenario, &job).map_err(|e| WebError::Invalid(e.0))?;
    let as_forecast =
        domei_runs::Job::forecast(job.models.clone(), job.params.options.clone(), false);
    let estimate = as_forecast.check(&view.scenario, 1, false, &st.budget)?;
    st.queue.start(
        st.store.clone(),
        (*view.scenario).clone(),
        at,
        Work::Strategy(job),
        estimate,
    )
}

/// A stored strategy run, recomputed from its scenario version and checked
/// against its stored results.
pub struct StrategyView {
    /// The stored run's record.
    pub info: RunInfo,
    /// Its scenario version, parsed.
    pub scenario: Scenario,
    /// The analysis, as recomputed.
    pub job: StrategyJob,
    /// The recomputed results document.
    pub doc: StrategyDoc,
    /// Whether the recomputation matches the stored results.
    pub reproduced: Reproduced,
}

/// Strategy run `id` for its page.
pub async fn strategy_view(st: &AppState, id: RunId) -> Result<StrategyView, WebError> {
    let run = st.store.get_run(id).await?;
    if !domei_runs::strategy::is_strategy(&run.info.kind) {
        return Err(WebError::NotFound(format!(
            "run {id} is a {} run, not a strategy run",
            run.info.kind
        )));
    }
    let v = st
        .store
        .scenario_version(&run.info.scenario.id, Some(run.info.scenario.version))
        .await?;
    blocking(move || {
        let s = parse(&v.toml)?;
        let (job, doc, reproduced) =
            domei_runs::strategy::recompute(&s, &run.info, run.results.as_ref())?;
        Ok(StrategyView {
            info: run.info,
            scenario: s,
            job,
            doc,
            reproduced,
        })
    })
    .await
}

/// The part file (`events.toml` or `plan.toml`, as `kind` is `events` or
/// `plan`) the strategy page's form starts from: the one of the newest run
/// of that kind on scenario `id`, else the bundled scenario's own, else
/// none.
pub async fn last_part(st: &AppState, id: &str, kind: &str) -> Result<Option<String>, WebError> {
    let runs = st
        .store
        .list_runs(&domei_store::RunFilter {
            scenario: Some(id.to_string()),
            kind: Some(kind.to_string()),
            limit: Some(1),
        })
        .await?;
    if let Some(info) = runs.first() {
        if let Ok(job) = StrategyJob::from_run(info) {
            if let Analysis::Events { text, .. } | Analysis::Plan { text, .. } = job.params.analysis
            {
                return Ok(Some(text));
            }
        }
    }
    use domei_runs::parts;
    Ok((id == parts::BUNDLED_SCENARIO).then(|| {
        if kind == "plan" {
            parts::BUNDLED_PLAN.to_string()
        } else {
            parts::BUNDLED_EVENTS.to_string()
        }
    }))
}

/// The default best-response limits and sensitivity perturbation (the
/// CLI's defaults), for the forms.
pub fn defaults() -> (Limits, Perturbation) {
    (Limits::default(), Perturbation::default())
}

/// The charts of a strategy run: a sensitivity run's tornados (the same
/// charts as a run page's), none for the others (their tables say it all).
pub fn charts(v: &StrategyView) -> Vec<super::Chart> {
    let domei_runs::strategy::StrategyResult::Sensitivity { tornados } = &v.doc.result else {
        return Vec::new();
    };
    tornados
        .iter()
        .filter_map(|t| {
            // The stored issue index is the scenario version's own.
            let issue = v.scenario.issues.get(t.issue)?.id.clone();
            let tc = domei_charts::build::tornado(&v.scenario, t, 8)?;
            Some(super::Chart {
                id: tc.id.clone(),
                kind: "tornado",
                issue,
                svg: domei_charts::tornado_svg(&tc),
            })
        })
        .collect()
}
