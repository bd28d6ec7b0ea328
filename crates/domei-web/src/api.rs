//! The JSON API under `/api/`: everything the pages do, for programs.
//! Documented by the OpenAPI document at `/api/openapi.json`
//! ([`crate::openapi`]); errors are `{"error": {"code", "message"}}` with
//! the status of [`crate::error::WebError`].

use crate::edit::{EvidenceIn, ValueEdit};
use crate::error::{ApiResult, WebError};
use crate::queue::{self, JobInfo, State as JobState};
use crate::service::{self, RunRequest};
use crate::state::Shared;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domei_store::RunFilter;
use serde::Deserialize;
use serde_json::{json, Value};

/// The JSON API's routes (`/api/…`), to merge into the server's router.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/scenarios", get(list_scenarios).post(save_scenario))
        .route("/api/scenarios/{id}", get(get_scenario))
        .route("/api/scenarios/{id}/versions", get(versions))
        .route("/api/scenarios/{id}/diff", get(diff))
        .route("/api/scenarios/{id}/values", post(edit_value))
        .route("/api/scenarios/{id}/evidence", post(attach))
        .route("/api/scenarios/{id}/stances", post(add_stance))
        .route("/api/scenarios/{id}/changes", post(change))
        .route("/api/import", post(import))
        .route("/api/runs", get(list_runs).post(start_run))
        .route("/api/runs/{id}", get(get_run))
        .route("/api/runs/{id}/rounds", get(rounds))
        .route("/api/runs/{id}/history", get(history))
        .route("/api/runs/{id}/charts", get(charts))
        .route("/api/runs/{id}/brief", get(brief))
        .route("/api/jobs/{id}", get(job))
        .route("/api/jobs/{id}/cancel", post(cancel_job))
        .route("/api/strategy", post(start_strategy))
        .route("/api/runs/{id}/label", get(get_label).put(put_label))
        .route("/api/compare", get(compare))
        .route("/api/ledger", get(ledger))
        .route("/api/outcomes", get(list_outcomes).post(record_outcome))
        .route("/api/corpus/documents", get(documents))
        .route("/api/corpus/search", get(search))
        .route("/api/corpus/passages/{citation}", get(passage))
}

async fn health(State(st): State<Shared>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "domei_version": env!("CARGO_PKG_VERSION"),
        "backend": match st.store.backend() { domei_store::Backend::Sqlite => "sqlite", domei_store::Backend::Postgres => "postgres" },
    }))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

async fn list_scenarios(State(st): State<Shared>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(st.store.list_scenarios().await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewScenario {
    toml: String,
    #[serde(default)]
    message: Option<String>,
}

async fn save_scenario(
    State(st): State<Shared>,
    Json(b): Json<NewScenario>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let saved = st
        .store
        .save_scenario(&b.toml, b.message.as_deref())
        .await?;
    let code = if saved.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(json!(saved))))
}

#[derive(Deserialize)]
struct VersionQ {
    version: Option<i64>,
}

async fn get_scenario(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<VersionQ>,
) -> ApiResult<Json<Value>> {
    let v = service::scenario(&st, &id, q.version).await?;
    Ok(Json(json!({
        "id": v.version.scenario_id,
        "version": v.version.info.version,
        "latest_version": v.latest,
        "sha256": v.version.info.sha256,
        "created_at": v.version.info.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "message": v.version.info.message,
        "toml": v.version.toml,
        "scenario": v.scenario,
    })))
}

async fn versions(State(st): State<Shared>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(st.store.scenario_history(&id).await?)))
}

#[derive(Deserialize)]
struct DiffQ {
    from: i64,
    to: i64,
}

async fn diff(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<DiffQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.store.diff_scenario(&id, q.from, q.to).await?
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditBody {
    path: String,
    #[serde(default)]
    base_version: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    change: ValueEdit,
}

async fn edit_value(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Json(b): Json<EditBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let who = service::who(&st, &headers).await;
    let saved = service::edit_value(
        &st,
        &id,
        b.base_version,
        &b.path,
        b.change,
        b.message,
        Some(&who),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(json!(saved))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachBody {
    path: String,
    passage: String,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    base_version: Option<i64>,
}

async fn attach(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Json(b): Json<AttachBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let ev = EvidenceIn {
        passage: b.passage,
        quote: b.quote,
    };
    let saved = service::attach(&st, &id, b.base_version, &b.path, ev).await?;
    Ok((StatusCode::CREATED, Json(json!(saved))))
}

#[derive(Deserialize)]
struct WaitQ {
    wait: Option<bool>,
}

async fn start_run(
    State(st): State<Shared>,
    Query(w): Query<WaitQ>,
    Json(r): Json<RunRequest>,
) -> ApiResult<(StatusCode, Json<JobInfo>)> {
    let (_, rx) = service::start_run(&st, &r).await?;
    let wait = w.wait.unwrap_or(r.kind.as_deref() != Some("simulate"));
    let info = if wait {
        queue::finished(rx).await
    } else {
        rx.borrow().clone()
    };
    match info.state {
        JobState::Done => Ok((StatusCode::CREATED, Json(info))),
        JobState::Failed => {
            Err(WebError::Internal(info.error.unwrap_or_else(|| "the run failed".into())).into())
        }
        _ => Ok((StatusCode::ACCEPTED, Json(info))),
    }
}

async fn job(State(st): State<Shared>, Path(id): Path<u64>) -> ApiResult<Json<JobInfo>> {
    st.queue.get(id).map(Json).ok_or_else(|| {
        WebError::NotFound(format!(
            "job {id} (jobs are kept in memory until the server stops)"
        ))
        .into()
    })
}

/// Cancels a queued or running job; answers its state once it stopped
/// (`cancelled`, or `done`/`failed` if it had already finished).
async fn cancel_job(State(st): State<Shared>, Path(id): Path<u64>) -> ApiResult<Json<JobInfo>> {
    st.queue.cancel(id).await.map(Json).ok_or_else(|| {
        WebError::NotFound(format!(
            "job {id} (jobs are kept in memory until the server stops)"
        ))
        .into()
    })
}

/// Starts a what-if, best responses or sensitivity; waits for it unless
/// `wait=false` (201 when stored, 202 while it runs).
async fn start_strategy(
    State(st): State<Shared>,
    Query(w): Query<WaitQ>,
    Json(r): Json<service::StrategyRequest>,
) -> ApiResult<(StatusCode, Json<JobInfo>)> {
    let (_, rx) = service::start_strategy(&st, &r).await?;
    let info = if w.wait.unwrap_or(true) {
        queue::finished(rx).await
    } else {
        rx.borrow().clone()
    };
    match info.state {
        JobState::Done => Ok((StatusCode::CREATED, Json(info))),
        JobState::Failed => Err(WebError::Invalid(
            info.error.unwrap_or_else(|| "the analysis failed".into()),
        )
        .into()),
        _ => Ok((StatusCode::ACCEPTED, Json(info))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelBody {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

async fn get_label(State(st): State<Shared>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    st.store.get_run(id).await?; // 404 for an unknown run
    Ok(Json(json!(st.store.run_label(id).await?)))
}

/// Sets a run's name and note (empty or absent clears one); the label now
/// stored, or null when both are empty.
async fn put_label(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Json(b): Json<LabelBody>,
) -> ApiResult<Json<Value>> {
    let l = service::set_label(&st, id, b.name.as_deref(), b.note.as_deref()).await?;
    Ok(Json(json!(l)))
}

#[derive(Deserialize)]
struct RunsQ {
    scenario: Option<String>,
    kind: Option<String>,
    limit: Option<u32>,
}

async fn list_runs(State(st): State<Shared>, Query(q): Query<RunsQ>) -> ApiResult<Json<Value>> {
    let f = RunFilter {
        scenario: q.scenario,
        kind: q.kind,
        limit: Some(q.limit.unwrap_or(100).clamp(1, 1000)),
    };
    Ok(Json(json!(st.store.list_runs(&f).await?)))
}

async fn get_run(State(st): State<Shared>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(st.store.get_run(id).await?)))
}

async fn rounds(State(st): State<Shared>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(service::rounds(&st, id).await?)))
}

#[derive(Deserialize)]
struct HistoryQ {
    issue: Option<String>,
    model: Option<String>,
}

/// One issue's history (`domei history`'s JSON) in a run.
async fn history(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQ>,
) -> ApiResult<Json<Value>> {
    let v = service::history(&st, id, q.issue.as_deref(), q.model.as_deref()).await?;
    Ok(Json(json!(v.history)))
}

async fn charts(State(st): State<Shared>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    let v = service::run_view(&st, id).await?;
    let reproduced = match &v.reproduced {
        domei_runs::Reproduced::Same => json!(true),
        domei_runs::Reproduced::NotStored => json!(null),
        domei_runs::Reproduced::Differs { .. } => json!(false),
    };
    Ok(Json(
        json!({"run": id, "reproduced": reproduced, "charts": service::charts(&v)}),
    ))
}

#[derive(Deserialize)]
struct BriefQ {
    format: Option<String>,
}

async fn brief(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<BriefQ>,
) -> ApiResult<Response> {
    let pdf = match q.format.as_deref().unwrap_or("html") {
        "html" => false,
        "pdf" => true,
        f => return Err(WebError::BadRequest(format!("format {f:?}: html or pdf")).into()),
    };
    let bytes = service::brief(&st, id, pdf).await?;
    Ok(brief_response(id, pdf, bytes))
}

/// A briefing as a download.
pub fn brief_response(id: i64, pdf: bool, bytes: Vec<u8>) -> Response {
    let (ctype, ext) = if pdf {
        ("application/pdf", "pdf")
    } else {
        ("text/html; charset=utf-8", "html")
    };
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(ctype),
    );
    if let Ok(v) = header::HeaderValue::from_str(&format!(
        "attachment; filename=\"domei-run-{id}-brief.{ext}\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(crate::access::BRIEF_CSP),
    );
    r.into_response()
}

#[derive(Deserialize)]
struct CompareQ {
    a: i64,
    b: i64,
}

async fn compare(State(st): State<Shared>, Query(q): Query<CompareQ>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(service::compare(&st, q.a, q.b).await?)))
}

#[derive(Deserialize)]
struct SearchQ {
    q: String,
    limit: Option<usize>,
}

async fn search(State(st): State<Shared>, Query(q): Query<SearchQ>) -> ApiResult<Json<Value>> {
    if q.q.trim().is_empty() {
        return Err(WebError::BadRequest("an empty query: give q=WORDS".into()).into());
    }
    Ok(Json(json!(
        service::search(&st, &q.q, q.limit.unwrap_or(10)).await?
    )))
}

async fn passage(State(st): State<Shared>, Path(c): Path<String>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(service::passage(&st, &c).await?)))
}

async fn documents(State(st): State<Shared>) -> ApiResult<Json<Value>> {
    // Record what the corpus holds now, then answer from the store.
    service::sync_corpus(&st).await?;
    Ok(Json(json!(st.store.corpus_documents().await?)))
}

async fn add_stance(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Json(b): Json<service::NewStance>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let saved = service::add_stance(&st, &id, b).await?;
    Ok((StatusCode::CREATED, Json(json!(saved))))
}

#[derive(Deserialize)]
struct LedgerQ {
    scenario: Option<String>,
}

async fn ledger(State(st): State<Shared>, Query(q): Query<LedgerQ>) -> ApiResult<Json<Value>> {
    let scenario = q
        .scenario
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    Ok(Json(json!(service::ledger(&st, scenario).await?)))
}

#[derive(Deserialize)]
struct OutcomesQ {
    scenario: Option<String>,
    history: Option<bool>,
}

async fn list_outcomes(
    State(st): State<Shared>,
    Query(q): Query<OutcomesQ>,
) -> ApiResult<Json<Value>> {
    let scenario = q.scenario.filter(|s| !s.trim().is_empty());
    Ok(Json(json!(
        service::outcomes(&st, scenario, q.history.unwrap_or(false)).await?
    )))
}

async fn record_outcome(
    State(st): State<Shared>,
    Json(b): Json<service::NewOutcomeIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let o = service::record_outcome(&st, &b).await?;
    Ok((StatusCode::CREATED, Json(json!(o))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeBody {
    #[serde(default)]
    base_version: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    change: service::Change,
}

/// One change of a scenario's structure (`op`: create, header, add_actor,
/// edit_actor, remove_actor, add_issue, edit_issue, remove_issue,
/// add_stance); 201 with the new version; 422 with `fields`.
async fn change(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Json(b): Json<ChangeBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let saved = service::change(&st, &id, b.base_version, b.change, b.message).await?;
    Ok((StatusCode::CREATED, Json(json!(saved))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportBody {
    filename: String,
    text: String,
    #[serde(default)]
    message: Option<String>,
}

/// Imports a scenario file (simple CSV, KTAB CSV, DEU III, TOML, ...)
/// through the CLI's loader; 201 with the version; 422 with `fields`.
async fn import(
    State(st): State<Shared>,
    Json(b): Json<ImportBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let saved = service::import(&st, &b.filename, b.text, b.message).await?;
    let code = if saved.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(json!(saved))))
}
