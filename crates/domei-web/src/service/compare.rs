//! Two runs side by side: their point forecasts and what changed in the
//! scenario between their versions.

use crate::error::WebError;
use crate::state::AppState;
use domei_store::RunId;
use serde::Serialize;

/// One issue × model line of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// The issue's id.
    pub issue: String,
    /// The issue's name (in run B's scenario when both have it).
    pub issue_name: String,
    /// The model's id.
    pub model: String,
    /// Run A's forecast (`None`: not in run A).
    pub a: Option<f64>,
    /// Run B's forecast (`None`: not in run B).
    pub b: Option<f64>,
    /// `b − a` when both exist.
    pub delta: Option<f64>,
    /// The issue's unit (run B's scenario's, else A's).
    pub unit: String,
    /// The issue's scale `(min, max)`: how its numbers are printed.
    pub scale: (f64, f64),
    /// Whether the forecast changed: by more than a billionth of the scale,
    /// or present in one run only.
    pub changed: bool,
}

/// Two runs side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Run A, the reference.
    pub a: domei_store::RunInfo,
    /// Run B, compared with A.
    pub b: domei_store::RunInfo,
    /// One row per issue and model in either run.
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
        if domei_runs::strategy::is_strategy(&r.info.kind) {
            // A what-if compares through the forecast of its changed
            // scenario; best responses and sensitivity have none.
            let d = domei_runs::strategy::StrategyDoc::read(v)
                .map_err(|e| WebError::Internal(format!("run {}: {e}", r.info.id)))?;
            return d.comparable().map(Some).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "run {} is a {} run, which cannot be compared: {} (what-if, forecast and simulation runs compare)",
                    r.info.id,
                    r.info.kind,
                    d.not_comparable().unwrap_or("it has no forecasts")
                ))
            });
        }
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
    // Units from the runs' scenario versions (B's first).
    let mut units: Vec<(String, String)> = Vec::new();
    for r in [&rb, &ra] {
        let v = super::scenario(st, &r.info.scenario.id, Some(r.info.scenario.version)).await?;
        for i in &v.scenario.issues {
            if !units.iter().any(|(id, _)| *id == i.id) {
                units.push((i.id.clone(), i.unit.clone()));
            }
        }
    }
    let rows = changes
        .into_iter()
        .map(|c| {
            let changed = match (c.before, c.after) {
                (Some(x), Some(y)) => (y - x).abs() > 1e-9 * (c.scale.1 - c.scale.0).abs(),
                (None, None) => false,
                _ => true,
            };
            CompareRow {
                unit: units
                    .iter()
                    .find(|(id, _)| *id == c.issue)
                    .map_or(String::new(), |(_, u)| u.clone()),
                issue: c.issue,
                issue_name: c.issue_name,
                model: c.model.as_str().to_string(),
                a: c.before,
                b: c.after,
                delta: c.change,
                scale: c.scale,
                changed,
            }
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
