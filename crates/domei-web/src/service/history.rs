//! Why each actor moved, for a stored run: one issue's history under one of
//! the run's models with rounds (domei-run's history, on the run's
//! scenario version with its options), and the actor ids of the run's
//! round logs.

use super::blocking;
use super::runs::{run_view, RunView};
use crate::error::WebError;
use crate::state::AppState;
use domei_engines::ModelId;
use domei_run::history::has_rounds;
use domei_run::History;
use domei_store::{RoundLog, RunId};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// One issue's history in a run, with what the page offers to choose from.
pub struct HistoryView {
    /// The run, recomputed.
    pub run: Arc<RunView>,
    /// The issue's index in the run's scenario.
    pub issue: usize,
    /// The model whose rounds are shown.
    pub model: ModelId,
    /// The run's models with rounds, in the run's order.
    pub models: Vec<ModelId>,
    /// The issue's round-by-round history under that model.
    pub history: History,
}

/// The history of `issue` (an id; default the first issue) under `model`
/// (default the run's first model with rounds) in run `id`.
pub async fn history(
    st: &AppState,
    id: RunId,
    issue: Option<&str>,
    model: Option<&str>,
) -> Result<HistoryView, WebError> {
    let run = run_view(st, id).await?;
    let models: Vec<ModelId> = run
        .job
        .models
        .iter()
        .copied()
        .filter(|m| has_rounds(*m))
        .collect();
    let names = || {
        models
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let model = match model.map(str::trim).filter(|m| !m.is_empty()) {
        None => *models.first().ok_or_else(|| {
            WebError::BadRequest(format!(
                "run {id} ran no model with rounds (bdm, smp, exchange): there is no history to show"
            ))
        })?,
        Some(name) => {
            let m: ModelId = name
                .parse()
                .map_err(|e: domei_engines::EngineError| WebError::BadRequest(e.to_string()))?;
            if !models.contains(&m) {
                return Err(WebError::BadRequest(format!(
                    "run {id} has no history under {m}: its models with rounds are {}",
                    if models.is_empty() { "none".to_string() } else { names() }
                )));
            }
            m
        }
    };
    let s = &run.scenario;
    let issue = match issue.map(str::trim).filter(|i| !i.is_empty()) {
        None => 0,
        Some(name) => s.issues.iter().position(|i| i.id == name).ok_or_else(|| {
            WebError::NotFound(format!("run {id}'s scenario has no issue {name:?}"))
        })?,
    };
    let r = run.clone();
    let opts = run.job.params.options.clone();
    let history = blocking(move || {
        domei_run::history(&r.scenario, issue, model, &opts)
            .map_err(|e| WebError::BadRequest(e.to_string()))
    })
    .await?;
    Ok(HistoryView {
        run,
        issue,
        model,
        models,
        history,
    })
}

impl HistoryView {
    /// The actor `asked` (trimmed) when it has a position on the issue;
    /// `None` (everyone) otherwise.
    pub fn actor<'a>(&self, asked: Option<&'a str>) -> Option<&'a str> {
        asked
            .map(str::trim)
            .filter(|a| self.history.initial.iter().any(|x| x.id == *a))
    }

    /// The positions-over-rounds chart as SVG (domei-charts), of `actor`
    /// alone or of everyone; `None` when there are no rounds to draw.
    pub fn chart_svg(&self, actor: Option<&str>) -> Option<String> {
        domei_charts::build::history(&self.run.scenario, &self.history, actor)
            .map(|c| domei_charts::history_svg(&c))
    }
}

/// A round log with the ids of the actors its `positions` belong to.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLogWithActors {
    /// The round as stored.
    #[serde(flatten)]
    pub log: RoundLog,
    /// `positions[k]` is actor `actors[k]`'s position.
    pub actors: Vec<String>,
}

/// The run's stored round logs, each with its actors' ids (the actors with
/// a stance on the issue, in the scenario's order: the order the models
/// saw them).
pub async fn rounds(st: &AppState, id: RunId) -> Result<Vec<RoundLogWithActors>, WebError> {
    let run = run_view(st, id).await?; // 404 for an unknown run
    let logs = st.store.run_rounds(id).await?;
    let s = &run.scenario;
    let mut ids: HashMap<&str, Vec<String>> = HashMap::new();
    for (i, issue) in s.issues.iter().enumerate() {
        let players = domei_run::problem(s, i).players;
        ids.insert(
            issue.id.as_str(),
            players.into_iter().map(|p| p.id).collect(),
        );
    }
    Ok(logs
        .into_iter()
        .map(|log| RoundLogWithActors {
            actors: ids.get(log.issue_id.as_str()).cloned().unwrap_or_default(),
            log,
        })
        .collect())
}
