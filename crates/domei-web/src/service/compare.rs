//! Two runs side by side: their point forecasts and what changed in the
//! scenario between their versions.

use crate::error::WebError;
use crate::state::AppState;
use domei_store::RunId;
use serde::Serialize;

/// One issue × model line of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub issue: String,
    /// The issue's name (in run B's scenario when both have it).
    pub issue_name: String,
    pub model: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// `b − a` when both exist.
    pub delta: Option<f64>,
}

/// Two runs side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: domei_store::RunInfo,
    pub b: domei_store::RunInfo,
    pub rows: Vec<CompareRow>,
    /// What changed in the scenario between the two runs' versions (same
    /// scenario only).
    pub scenario_changes: Vec<String>,
}

/// Compares the point forecasts of runs `a` and `b`.
pub async fn compare(st: &AppState, a: RunId, b: RunId) -> Result<Comparison, WebError> {
    let ra = st.store.get_run(a).await?;
    let rb = st.store.get_run(b).await?;
    let doc = |r: &domei_store::Run| -> Result<Option<domei_runs::Document>, WebError> {
        let Some(v) = &r.results else { return Ok(None) };
        let job = domei_runs::Job::from_run(&r.info)?;
        domei_runs::Document::read(job.kind, v)
            .map(Some)
            .map_err(|e| WebError::Internal(format!("run {}: {e}", r.info.id)))
    };
    let (da, db) = (doc(&ra)?, doc(&rb)?);
    let changes = match (&da, &db) {
        (Some(x), Some(y)) => domei_runs::compare(x, y),
        (Some(x), None) => domei_runs::compare(x, &x.without_issues()),
        (None, Some(y)) => domei_runs::compare(&y.without_issues(), y),
        (None, None) => Vec::new(),
    };
    let rows = changes
        .into_iter()
        .map(|c| CompareRow {
            issue: c.issue,
            issue_name: c.issue_name,
            model: c.model.as_str().to_string(),
            a: c.before,
            b: c.after,
            delta: c.change,
        })
        .collect();
    let (sa, sb) = (&ra.info.scenario, &rb.info.scenario);
    let scenario_changes = if sa.id == sb.id && sa.version != sb.version {
        let d = st
            .store
            .diff_scenario(&sa.id, sa.version, sb.version)
            .await?;
        d.changes
            .unwrap_or_default()
            .iter()
            .map(|c| c.to_string())
            .collect()
    } else {
        Vec::new()
    };
    Ok(Comparison {
        a: ra.info,
        b: rb.info,
        rows,
        scenario_changes,
    })
}
