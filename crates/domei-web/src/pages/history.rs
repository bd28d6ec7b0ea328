//! Why each actor moved, in a stored run: choose an issue, a model with
//! rounds and (optionally) one actor; see the positions round by round as
//! a chart (domei-charts) and every move with its cause as a table, with
//! the chart as SVG or PNG and the history as CSV (`domei history --format
//! csv`'s) to download. The history is domei-run's (through
//! `service::history`); this page only shows it.

use super::layout::page;
use super::{enc, on_scale};
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domei_i18n::{tr, tr_args};
use domei_run::history::ScaleOf;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

/// Query string of a run's history page: which issue and model.
#[derive(Deserialize)]
pub struct HistoryQ {
    issue: Option<String>,
    model: Option<String>,
    actor: Option<String>,
}

/// `GET /runs/{id}/history`: one issue's round-by-round history in a run.
pub async fn view(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQ>,
) -> PageResult<Markup> {
    let l = crate::lang::current();
    let v = service::history(&st, id, q.issue.as_deref(), q.model.as_deref()).await?;
    let s = &v.run.scenario;
    let issue = &s.issues[v.issue];
    let h = &v.history;
    // An actor not on this issue shows everyone.
    let actor = v.actor(q.actor.as_deref());
    let chart = v.chart_svg(actor);
    let scale = ScaleOf::of(issue);
    let moves: Vec<(u32, &domei_run::history::HistoryMove)> = h
        .rounds
        .iter()
        .flat_map(|r| r.moves.iter().map(move |m| (r.round, m)))
        .filter(|(_, m)| actor.is_none_or(|a| a == m.actor))
        .collect();
    let query = format!("issue={}&model={}", enc(&issue.id), v.model.as_str());
    let json_href = format!("/api/runs/{id}/history?{query}");
    let actor_q = actor
        .map(|a| format!("&actor={}", enc(a)))
        .unwrap_or_default();
    Ok(page(
        &tr(l, "web-history-title"),
        html! {
            h1 { (tr(l, "web-history-title")) }
            p.meta {
                a href={ "/runs/" (id) } { (tr_args(l, "web-history-run", &[("run", id.to_string())])) }
                " · " (issue.name) " · " (v.model.as_str())
                @if let Some(a) = actor { " · " strong data-testid="history-actor" { (a) } }
            }
            p.help { (tr(l, "web-history-help")) }
            form.history method="get" action={ "/runs/" (id) "/history" } data-testid="history-form" {
                label { (tr(l, "web-issue")) " "
                    select name="issue" {
                        @for i in &s.issues { option value=(i.id) selected[i.id == issue.id] { (i.name) } }
                    }
                }
                " "
                label { (tr(l, "web-history-model")) " "
                    select name="model" {
                        @for m in &v.models { option value=(m.as_str()) selected[*m == v.model] { (m.as_str()) } }
                    }
                }
                " "
                label { (tr(l, "web-history-actor")) " "
                    select name="actor" data-testid="history-actor-select" {
                        option value="" selected[actor.is_none()] { (tr(l, "web-history-all-actors")) }
                        @for a in &h.initial { option value=(a.id) selected[actor == Some(a.id.as_str())] { (a.id) } }
                    }
                }
                " "
                button type="submit" data-testid="history-show" { (tr(l, "web-history-show")) }
                " "
                a href=(json_href) data-testid="history-json" { "JSON" }
            }
            @if let Some(svg) = &chart {
                figure.chart data-kind="history" data-testid="history-chart" {
                    (PreEscaped(svg))
                    figcaption.downloads {
                        a href={ "/runs/" (id) "/history.svg?" (query) (actor_q) } download data-testid="history-svg" { (tr(l, "web-download-svg")) }
                        " · "
                        a href={ "/runs/" (id) "/history.png?" (query) (actor_q) } download data-testid="history-png" { (tr(l, "web-download-png")) }
                    }
                }
            }
            p.actions {
                a.button href={ "/runs/" (id) "/history.csv?" (query) } download data-testid="history-csv" { (tr(l, "web-history-csv")) }
            }
            h2 { (tr(l, "web-history-moves")) }
            @if h.rounds.is_empty() { p { (tr(l, "web-history-no-rounds")) } }
            @else if moves.is_empty() { p data-testid="history-no-moves" { (tr(l, "web-history-no-moves")) } }
            @else {
                div.grid-wrap {
                    table.list data-testid="history-moves" {
                        thead { tr {
                            th.num { (tr(l, "web-history-round")) }
                            th { (tr(l, "web-history-actor")) }
                            th.num { (tr(l, "web-history-from")) }
                            th.num { (tr(l, "web-history-to")) }
                            th { (tr(l, "web-history-why")) }
                        } }
                        tbody {
                            @for (round, m) in &moves {
                                tr data-actor=(m.actor) {
                                    td.num { (round) }
                                    th scope="row" { a href={ "/runs/" (id) "/history?issue=" (enc(&issue.id)) "&model=" (v.model.as_str()) "&actor=" (enc(&m.actor)) } { (m.actor) } }
                                    td.num { (on_scale(m.from, issue)) }
                                    td.num { (on_scale(m.to, issue)) }
                                    td { (m.because_in(l, scale)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /runs/{id}/history.csv?issue=&model=`: the issue's history as
/// `domei history --format csv` writes it (every actor, round 0 the
/// starting positions).
pub async fn csv(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQ>,
) -> PageResult<Response> {
    let v = service::history(&st, id, q.issue.as_deref(), q.model.as_deref()).await?;
    let file = format!(
        "run-{id}-history-{}-{}.csv",
        v.run.scenario.issues[v.issue].id,
        v.model.as_str()
    );
    Ok(super::downloads::csv_response(
        &file,
        domei_report::history_csv(&v.history),
    ))
}

/// `GET /runs/{id}/history.svg|png?issue=&model=[&actor=]`: the page's
/// chart as a file.
async fn chart(
    st: &Shared,
    id: i64,
    q: HistoryQ,
    format: service::ChartFormat,
) -> PageResult<Response> {
    let v = service::history(st, id, q.issue.as_deref(), q.model.as_deref()).await?;
    let actor = v.actor(q.actor.as_deref());
    let svg = v.chart_svg(actor).ok_or_else(|| {
        WebError::NotFound(format!("run {id} has no rounds to draw for this issue"))
    })?;
    let file = format!(
        "run-{id}-history-{}-{}{}.{}",
        v.run.scenario.issues[v.issue].id,
        v.model.as_str(),
        actor.map(|a| format!("-{a}")).unwrap_or_default(),
        format.ext()
    );
    let bytes = service::chart_bytes(svg, format).await?;
    Ok(super::downloads::file_response(
        &file,
        format.content_type(),
        bytes,
    ))
}

/// `GET /runs/{id}/history.svg`: the positions chart as SVG.
pub async fn svg(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQ>,
) -> PageResult<Response> {
    chart(&st, id, q, service::ChartFormat::Svg).await
}

/// `GET /runs/{id}/history.png`: the positions chart as PNG.
pub async fn png(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQ>,
) -> PageResult<Response> {
    chart(&st, id, q, service::ChartFormat::Png).await
}
