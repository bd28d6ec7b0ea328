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
    let pa = ra
        .results
        .as_ref()
        .map(domei_runs::point_values)
        .unwrap_or_default();
    let pb = rb
        .results
        .as_ref()
        .map(domei_runs::point_values)
        .unwrap_or_default();
    let num = |v: &Option<String>| v.as_deref().and_then(|x| x.parse::<f64>().ok());
    let mut names = std::collections::HashMap::new();
    for doc in [&ra.results, &rb.results].into_iter().flatten() {
        for i in doc["issues"].as_array().into_iter().flatten() {
            if let (Some(id), Some(name)) = (i["id"].as_str(), i["name"].as_str()) {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut rows: Vec<CompareRow> = pa
        .iter()
        .map(|(i, m, v)| {
            let other = pb
                .iter()
                .find(|(j, n, _)| j == i && n == m)
                .and_then(|x| num(&x.2));
            let a = num(v);
            CompareRow {
                issue: i.clone(),
                issue_name: name_of(i),
                model: m.clone(),
                a,
                b: other,
                delta: a.zip(other).map(|(x, y)| y - x),
            }
        })
        .collect();
    for (i, m, v) in &pb {
        if !pa.iter().any(|(j, n, _)| j == i && n == m) {
            rows.push(CompareRow {
                issue: i.clone(),
                issue_name: name_of(i),
                model: m.clone(),
                a: None,
                b: num(v),
                delta: None,
            });
        }
    }
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
