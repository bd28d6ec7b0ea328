//! The run pages' downloads: a table as CSV (a run's forecasts, its round
//! history, a strategy run's table, a comparison), a chart as SVG or PNG,
//! and the stored run as JSON. Each is served as an attachment named after
//! the run.

use super::compare::CompareQ;
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

/// A CSV download.
fn csv_response(file: &str, body: String) -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `/compare.csv?a=&b=[&changed=1]`: the comparison's rows.
pub async fn compare_csv(
    State(st): State<Shared>,
    Query(q): Query<CompareQ>,
) -> PageResult<Response> {
    let (a, b) = q.runs()?;
    let c = service::compare(&st, a, b).await?;
    let t = service::tables::comparison(&c, q.changed_only());
    Ok(csv_response(&format!("compare-{a}-{b}.csv"), t.csv()))
}

/// `/runs/N/tables/NAME.csv`: a table of run N's page.
pub async fn table_csv(
    State(st): State<Shared>,
    Path((id, file)): Path<(i64, String)>,
) -> PageResult<Response> {
    let name = file
        .strip_suffix(".csv")
        .ok_or_else(|| WebError::NotFound(format!("no table {file:?}: tables are NAME.csv")))?;
    let kind = st.store.get_run(id).await?.info.kind;
    if !service::tables::names(&kind).contains(&name) {
        return Err(WebError::NotFound(format!(
            "run {id} has no table {name:?} (it has: {})",
            service::tables::names(&kind).join(", ")
        ))
        .into());
    }
    let t = if domei_runs::strategy::is_strategy(&kind) {
        let v = service::strategy_view(&st, id).await?;
        service::tables::strategy(&v.scenario, &v.doc, name)
    } else if name == "rounds" {
        service::tables::rounds(&st.store.run_rounds(id).await?)
    } else {
        service::tables::forecasts(&*service::run_view(&st, id).await?)
    };
    Ok(csv_response(&format!("run-{id}-{name}.csv"), t.csv()))
}

/// `/runs/N/charts/ID.svg|png`: one chart as a file.
pub async fn chart_file(
    State(st): State<Shared>,
    Path((id, file)): Path<(i64, String)>,
) -> PageResult<Response> {
    let (chart, format) = file
        .rsplit_once('.')
        .and_then(|(c, ext)| Some((c, service::ChartFormat::parse(ext)?)))
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "no chart file {file:?}: charts are ID.svg or ID.png"
            ))
        })?;
    let bytes = service::chart_file(&st, id, chart, format).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                format.content_type().to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"run-{id}-{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `/runs/N/run.json`: the stored run with its results (as `GET /api/runs/N`).
pub async fn run_json(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult<Response> {
    let run = st.store.get_run(id).await?;
    let body = serde_json::to_string_pretty(&run)
        .map_err(|e| WebError::Internal(format!("run {id}: {e}")))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/json".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"run-{id}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}
