//! The run pages' downloads: a table as CSV (a run's forecasts, its round
//! history, a strategy run's table, a comparison), a chart as SVG or PNG,
//! and the stored run as JSON (an issue's history and its chart: see
//! `history.rs`). Each is served as an attachment named after
//! the run.

use super::compare::CompareQ;
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

/// A download: `body` as an attachment named `file`.
pub(super) fn file_response(file: &str, content_type: &str, body: impl IntoResponse) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A CSV download.
pub(super) fn csv_response(file: &str, body: String) -> Response {
    file_response(file, "text/csv; charset=utf-8", body)
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
    Ok(file_response(
        &format!("run-{id}-{file}"),
        format.content_type(),
        bytes,
    ))
}

/// `/runs/N/run.json`: the stored run with its results (as `GET /api/runs/N`).
pub async fn run_json(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult<Response> {
    let run = st.store.get_run(id).await?;
    let body = serde_json::to_string_pretty(&run)
        .map_err(|e| WebError::Internal(format!("run {id}: {e}")))?;
    Ok(file_response(
        &format!("run-{id}.json"),
        "application/json",
        body,
    ))
}
