//! Why each actor moved, in a stored run: choose an issue, a model with
//! rounds and (optionally) one actor; see the positions round by round as
//! a chart (domei-charts) and every move with its cause as a table. The
//! history is domei-run's (through `service::history`); this page only
//! shows it.

use super::layout::page;
use super::{enc, on_scale};
use crate::error::PageResult;
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
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
    let actor = q
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| h.initial.iter().any(|x| x.id == *a));
    let chart = domei_charts::build::history(s, h, actor).map(|c| domei_charts::history_svg(&c));
    let scale = ScaleOf::of(issue);
    let moves: Vec<(u32, &domei_run::history::HistoryMove)> = h
        .rounds
        .iter()
        .flat_map(|r| r.moves.iter().map(move |m| (r.round, m)))
        .filter(|(_, m)| actor.is_none_or(|a| a == m.actor))
        .collect();
    let json_href = format!(
        "/api/runs/{id}/history?issue={}&model={}",
        enc(&issue.id),
        v.model.as_str()
    );
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
                figure.chart data-kind="history" data-testid="history-chart" { (PreEscaped(svg)) }
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
