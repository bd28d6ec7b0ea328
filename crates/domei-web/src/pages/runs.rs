//! Run pages: start a run (and watch its progress), the run history with
//! the compare form, one run's results and charts, and the briefing
//! downloads. Two runs side by side are the comparison page's
//! ([`super::compare`]).

use super::layout::page;
use super::scenarios::when;
use super::{enc, field, fields, int_field, on_scale, scale_label, Pairs};
use crate::error::{PageResult, WebError};
use crate::queue::State as JobState;
use crate::service::{self, RunRequest};
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domei_i18n::{tr, tr_args};
use domei_runs::Reproduced;
use domei_store::{RunFilter, RunInfo};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

/// `POST /scenarios/{id}/runs`: queues a forecast or a simulation and redirects to its job.
pub async fn start(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Form(p): Form<Pairs>,
) -> PageResult<Redirect> {
    let kind = field(&p, "kind").unwrap_or("forecast").to_string();
    let sim = kind == "simulate";
    let r = RunRequest {
        scenario: id,
        version: int_field(&p, "version")?,
        kind: Some(kind),
        models: fields(&p, "models")
            .into_iter()
            .map(str::to_string)
            .collect(),
        rounds: int_field(&p, "rounds")?,
        draws: if sim { int_field(&p, "draws")? } else { None },
        seed: if sim { int_field(&p, "seed")? } else { None },
        exchange_reading: field(&p, "exchange_reading").map(str::to_string),
    };
    if r.models.is_empty() {
        return Err(WebError::BadRequest("choose at least one model".into()).into());
    }
    let (job, _) = service::start_run(&st, &r).await?;
    Ok(Redirect::to(&format!("/jobs/{job}")))
}

/// A job's progress (with the time spent and an estimate of the time
/// left) and its cancel button; redirects to its run once stored.
pub async fn job(State(st): State<Shared>, Path(id): Path<u64>) -> PageResult<Response> {
    let l = crate::lang::current();
    let j = st.queue.get(id).ok_or_else(|| {
        WebError::NotFound(format!(
            "job {id} (jobs are forgotten when the server stops; see the stored runs)"
        ))
    })?;
    if let (JobState::Done, Some(run)) = (j.state, j.run) {
        return Ok(Redirect::to(&format!("/runs/{run}")).into_response());
    }
    let pct = if j.total == 0 {
        0.0
    } else {
        100.0 * j.done as f64 / j.total as f64
    };
    let what = match j.kind {
        "simulate" => "web-job-simulation",
        "forecast" => "web-job-forecast",
        "whatif" => "web-job-whatif",
        "best_response" => "web-job-best-response",
        "events" => "web-job-events",
        "plan" => "web-job-plan",
        _ => "web-job-sensitivity",
    };
    Ok(page(
        &tr_args(l, "web-job-title", &[("kind", j.kind.to_string())]),
        html! {
            h1 { (tr(l, what)) " " code { (j.scenario.to_string()) } }
            @if j.state == JobState::Failed {
                p.error role="alert" { (tr(l, "web-job-failed")) " " (j.error.clone().unwrap_or_default()) }
            } @else if j.state == JobState::Cancelled {
                p.warning role="status" data-testid="cancelled" { (tr(l, "web-job-cancelled")) }
                p { a href={ "/scenarios/" (enc(&j.scenario.id)) "?version=" (j.scenario.version) } { (tr(l, "web-job-back")) } }
            } @else {
                // Without scripts, the page reloads itself; with them,
                // workbench.js polls /api/jobs/ID and follows to the run.
                noscript { meta http-equiv="refresh" content="2"; }
                div.progress data-job=(id) data-testid="progress"
                    data-t-progress=(tr_args(l, "web-job-progress", &[("done", "{done}".into()), ("total", "{total}".into()), ("pct", "{pct}".into())]))
                    data-t-state-queued=(tr(l, "web-job-state-queued")) data-t-state-running=(tr(l, "web-job-state-running"))
                    data-t-state-done=(tr(l, "web-job-state-done")) data-t-state-failed=(tr(l, "web-job-state-failed"))
                    data-t-state-cancelled=(tr(l, "web-job-state-cancelled"))
                    data-t-lost=(tr_args(l, "web-job-lost", &[("error", "{error}".into())]))
                    data-t-failed=(tr(l, "web-job-failed"))
                    data-t-elapsed=(tr_args(l, "web-job-elapsed", &[("elapsed", "{elapsed}".into())]))
                    data-t-eta=(tr_args(l, "web-job-eta", &[("elapsed", "{elapsed}".into()), ("left", "{left}".into())]))
                    data-t-secs=(tr_args(l, "web-job-secs", &[("s", "{s}".into())]))
                    data-t-min-secs=(tr_args(l, "web-job-min-secs", &[("m", "{m}".into()), ("s", "{s}".into())])) {
                    progress value=(j.done) max=(j.total.max(1)) {}
                    span.status role="status" { (tr_args(l, "web-job-progress", &[("done", j.done.to_string()), ("total", j.total.to_string()), ("pct", format!("{pct:.0}"))])) " · " span data-state=(format!("{:?}", j.state).to_lowercase()) { (id_label(l, "web-job-state", &format!("{:?}", j.state).to_lowercase())) } }
                    span.eta data-testid="eta" { (eta(&j, l)) }
                }
                form.cancel method="post" action={ "/jobs/" (id) "/cancel" } {
                    button.secondary type="submit" data-testid="cancel" { (tr(l, "web-job-cancel")) }
                }
                p.help { (tr_args(l, "web-job-help", &[("models", j.models.join(", "))])) }
            }
        },
    )
    .into_response())
}

/// `12 s elapsed · about 30 s left` (the same words workbench.js writes).
fn eta(j: &crate::queue::JobInfo, l: domei_i18n::Lang) -> String {
    let secs = |x: f64| {
        if x < 60.0 {
            tr_args(l, "web-job-secs", &[("s", format!("{x:.0}"))])
        } else {
            tr_args(
                l,
                "web-job-min-secs",
                &[
                    ("m", (x / 60.0).floor().to_string()),
                    ("s", format!("{:02}", (x % 60.0).floor())),
                ],
            )
        }
    };
    match (j.elapsed_seconds, j.remaining_seconds) {
        (Some(e), Some(r)) => tr_args(l, "web-job-eta", &[("elapsed", secs(e)), ("left", secs(r))]),
        (Some(e), None) => tr_args(l, "web-job-elapsed", &[("elapsed", secs(e))]),
        _ => String::new(),
    }
}

/// Cancels job `id` and shows it again.
pub async fn cancel(State(st): State<Shared>, Path(id): Path<u64>) -> PageResult<Redirect> {
    st.queue
        .cancel(id)
        .await
        .ok_or_else(|| WebError::NotFound(format!("job {id}")))?;
    Ok(Redirect::to(&format!("/jobs/{id}")))
}

/// The headline of issue `id`, if the results carry one.
pub fn headline<'a>(
    hs: &'a [(String, domei_ledger::Headline)],
    id: &str,
) -> Option<&'a domei_ledger::Headline> {
    hs.iter().find(|(i, _)| i == id).map(|(_, h)| h)
}

/// `2.61` with `2.20–3.00` below it (the 80% range; the 50% and 95% ranges
/// in the title), or a dash.
pub fn headline_cell(h: Option<&domei_ledger::Headline>, issue: &domei_scenario::Issue) -> Markup {
    let l = crate::lang::current();
    let Some(h) = h else {
        return html! { span.none title=(tr(l, "web-no-headline-title")) { "–" } };
    };
    let range = |r: Option<(f64, f64)>| {
        r.map_or("–".to_string(), |(lo, hi)| {
            format!("{}–{}", on_scale(lo, issue), on_scale(hi, issue))
        })
    };
    let title = format!(
        "50%: {} · 80%: {} · 95%: {}{}",
        range(h.ranges.p50),
        range(h.ranges.p80),
        range(h.ranges.p95),
        h.calibration.as_ref().map_or(String::new(), |c| format!(
            " · {}",
            tr_args(l, "web-calibration", &[("calibration", c.clone())])
        ))
    );
    html! {
        strong.headline-value title=(title) { (on_scale(h.value, issue)) }
        @if h.ranges.p80.is_some() { br; small.range data-testid="headline-range80" { (range(h.ranges.p80)) } }
    }
}

/// Under a forecast table: what the headline is, and where the models
/// disagree beyond its range.
pub fn headline_notes(
    hs: &[(String, domei_ledger::Headline)],
    s: &domei_scenario::Scenario,
) -> Markup {
    let mut names: Vec<&str> = hs
        .iter()
        .filter_map(|(_, h)| h.calibration.as_deref())
        .collect();
    names.dedup();
    let l = crate::lang::current();
    html! {
        @if hs.is_empty() {
            p.help { (tr(l, "web-no-headline")) }
        } @else {
            p.help { (tr_args(l, "web-headline-help", &[("calibration", names.join(", "))])) }
            @let split: Vec<(&str, &str)> = hs.iter().filter_map(|(id, h)| Some((id.as_str(), h.disagreement.as_deref()?))).collect();
            @if !split.is_empty() {
                ul.disagreement data-testid="disagreement" {
                    @for (id, d) in split {
                        li { strong { (s.issues.iter().find(|i| i.id == id).map_or(id, |i| i.name.as_str())) } ": " (d) }
                    }
                }
            }
        }
    }
}

/// `0.4 ms`, `35 ms`, `2.31 s`.
fn took(secs: f64) -> String {
    if secs < 0.01 {
        format!("{:.1} ms", secs * 1e3)
    } else if secs < 1.0 {
        format!("{:.0} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

/// The table of runs (with compare radio buttons when `compare`).
pub fn run_table(runs: &[RunInfo], compare: bool) -> Markup {
    named_run_table(runs, &[], compare)
}

/// [`run_table`] with the runs' names and notes (`labels`, any order).
pub fn named_run_table(
    runs: &[RunInfo],
    labels: &[domei_store::RunLabel],
    compare: bool,
) -> Markup {
    let name = |id: i64| labels.iter().find(|l| l.run == id);
    let l = crate::lang::current();
    html! {
        table.list data-testid="runs" {
            thead { tr {
                @if compare { th { "A" } th { "B" } }
                th { (tr(l, "web-runs-run")) } th { (tr(l, "web-scenario")) } th { (tr(l, "web-runs-kind")) } th { (tr(l, "web-runs-models")) } th { (tr(l, "web-runs-started")) } th { (tr(l, "web-runs-took")) } th { (tr(l, "web-runs-status")) }
            } }
            tbody {
                @for (n, r) in runs.iter().enumerate() {
                    tr {
                        @if compare {
                            td { input type="radio" name="a" value=(r.id) checked[n == 1] aria-label=(tr_args(l, "web-compare-as", &[("run", r.id.to_string()), ("side", "A".into())])); }
                            td { input type="radio" name="b" value=(r.id) checked[n == 0] aria-label=(tr_args(l, "web-compare-as", &[("run", r.id.to_string()), ("side", "B".into())])); }
                        }
                        td { a href={ "/runs/" (r.id) } { "#" (r.id) }
                            @if let Some(lb) = name(r.id) {
                                @if let Some(n) = &lb.name { " " strong.run-name data-testid="run-name" { (n) } }
                                @if lb.note.is_some() { " " span.note-mark title=(lb.note.clone().unwrap_or_default()) { "✎" } }
                            }
                        }
                        td { a href={ "/scenarios/" (enc(&r.scenario.id)) "?version=" (r.scenario.version) } { (r.scenario.to_string()) } }
                        td data-kind=(r.kind) { (id_label(l, "web-run-kind", &r.kind)) }
                        td { (r.models.join(", ")) }
                        td { (when(r.started_at)) }
                        td { (r.finished_at.map(|f| took((f - r.started_at).as_seconds_f64())).unwrap_or_default()) }
                        td data-status=(r.status.as_str()) { (id_label(l, "web-run-status", r.status.as_str())) }
                    }
                }
            }
        }
    }
}

/// Query string of the runs list: `scenario`, to list only that scenario's runs.
#[derive(Deserialize)]
pub struct RunsQ {
    scenario: Option<String>,
}

/// `GET /runs`: the stored runs, newest first.
pub async fn list(State(st): State<Shared>, Query(q): Query<RunsQ>) -> PageResult<Markup> {
    let runs = st
        .store
        .list_runs(&RunFilter {
            scenario: q.scenario.clone(),
            kind: None,
            limit: Some(200),
        })
        .await?;
    let l = crate::lang::current();
    let ids: Vec<i64> = runs.iter().map(|r| r.id).collect();
    let labels = st.store.run_labels(&ids).await?;
    Ok(page(
        &tr(l, "web-runs-title"),
        html! {
            h1 { (tr(l, "web-runs-title")) @if let Some(s) = &q.scenario { " " (tr(l, "web-of")) " " code { (s) } } }
            @if runs.is_empty() { p { (tr(l, "web-runs-none")) } }
            @else {
                form method="get" action="/compare" data-testid="compare-form" {
                    (named_run_table(&runs, &labels, true))
                    button type="submit" data-testid="compare" { (tr(l, "web-compare-ab")) }
                }
            }
        },
    ))
}

fn reproduced(rep: &Reproduced) -> Markup {
    let l = crate::lang::current();
    match rep {
        Reproduced::Same => {
            html! { span.ok data-testid="reproduced" { (tr(l, "web-reproduced-same")) } }
        }
        Reproduced::NotStored => html! { span.warning { (tr(l, "web-reproduced-none")) } },
        Reproduced::Differs { stored_by } => {
            html! { span.warning data-testid="reproduced" { (tr_args(l, "web-reproduced-differs", &[("version", stored_by.to_string())])) } }
        }
    }
}

/// A run's meta line: its scenario version, when, domei's version, seed
/// and draws, and whether recomputing it gave its stored results.
pub fn run_meta(info: &RunInfo, rep: &Reproduced) -> Markup {
    let l = crate::lang::current();
    html! {
        p.meta {
            a href={ "/scenarios/" (enc(&info.scenario.id)) "?version=" (info.scenario.version) } { (info.scenario.to_string()) }
            " · " (tr_args(l, "web-run-started", &[("when", when(info.started_at))])) " · domei " (info.domei_version)
            @if let Some(seed) = info.seed { " · " (tr(l, "web-run-seed")) " " (seed) }
            @if let Some(d) = info.parameters.get("monte_carlo").and_then(|m| m.get("draws")).and_then(|d| d.as_u64()) { " · " (tr_args(l, "web-run-draws-n", &[("draws", d.to_string())])) }
            " · " (reproduced(rep))
        }
    }
}

/// The run's name and note, and the form that sets them.
pub fn label_form(id: i64, label: Option<&domei_store::RunLabel>) -> Markup {
    let l = crate::lang::current();
    let name = label.and_then(|x| x.name.clone()).unwrap_or_default();
    let note = label.and_then(|x| x.note.clone()).unwrap_or_default();
    html! {
        @if !name.is_empty() { p.run-label { strong data-testid="run-label-name" { (name) } } }
        @if !note.is_empty() { p.run-note data-testid="run-note" { (note) } }
        details.label open[label.is_none()] {
            summary { (tr(l, "web-label-title")) }
            form.label method="post" action={ "/runs/" (id) "/label" } data-testid="label-form" {
                label { (tr(l, "web-label-name")) " " input type="text" name="name" value=(name) maxlength="200" size="40" data-testid="label-name"; }
                label.wide { (tr(l, "web-label-note")) br; textarea name="note" rows="2" cols="70" maxlength="10000" data-testid="label-note" { (note) } }
                button type="submit" data-testid="label-save" { (tr(l, "web-label-save")) }
            }
        }
    }
}

/// A chart with its SVG and PNG downloads.
pub fn chart_figure(run: i64, c: &service::Chart) -> Markup {
    let l = crate::lang::current();
    html! {
        figure.chart data-kind=(c.kind) data-chart=(c.id) {
            (PreEscaped(&c.svg))
            figcaption.downloads {
                a href={ "/runs/" (run) "/charts/" (enc(&c.id)) ".svg" } download data-testid="chart-svg" { (tr(l, "web-download-svg")) }
                " · "
                a href={ "/runs/" (run) "/charts/" (enc(&c.id)) ".png" } download data-testid="chart-png" { (tr(l, "web-download-png")) }
            }
        }
    }
}

/// `GET /runs/{id}`: one run, recomputed, with its tables and charts.
pub async fn view(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult<Markup> {
    let l = crate::lang::current();
    let label = st.store.run_label(id).await?;
    // Strategy runs (what-ifs, best responses, sensitivity) have their own page.
    if st.runs.get(id).is_none() {
        let kind = st.store.get_run(id).await?.info.kind;
        if domei_runs::strategy::is_strategy(&kind) {
            let sv = service::strategy_view(&st, id).await?;
            return Ok(super::strategy::view(&sv, label.as_ref()));
        }
    }
    let v = service::run_view(&st, id).await?;
    let info = &v.run.info;
    // In Japanese, the scenario's texts in Japanese (the same version's
    // language view: same values and ids) and the charts drawn in it.
    let shown = match l {
        domei_i18n::Lang::En => None,
        _ => st
            .store
            .scenario_version(&info.scenario.id, Some(info.scenario.version))
            .await
            .ok()
            .and_then(|ver| {
                domei_scenario::from_toml_str_lang(
                    std::path::Path::new(&info.scenario.id),
                    &ver.toml,
                    domei_scenario::Requirements::default(),
                    l,
                )
                .ok()
            }),
    };
    let s = shown.as_ref().unwrap_or(&v.scenario);
    let drawn;
    let charts = match &shown {
        Some(view) => {
            drawn = service::charts_in(&v, view, l);
            &drawn[..]
        }
        None => service::charts(&v),
    };
    let models = &v.outcome.forecast.models;
    Ok(page(
        &tr_args(l, "web-run-title", &[("id", id.to_string())]),
        html! {
            h1 { (tr_args(l, if info.kind == "simulate" { "web-run-h1-simulation" } else { "web-run-h1-forecast" }, &[("id", id.to_string()), ("name", s.name.clone())])) }
            (run_meta(info, &v.reproduced))
            (label_form(id, label.as_ref()))
            p.actions {
                a.button href={ "/runs/" (id) "/brief.html" } download data-testid="brief-html" { (tr(l, "web-brief-html")) }
                " "
                a.button href={ "/runs/" (id) "/brief.pdf" } download data-testid="brief-pdf" { (tr(l, "web-brief-pdf")) }
                " "
                a href={ "/runs?scenario=" (enc(&info.scenario.id)) } { (tr(l, "web-compare-other")) }
                " "
                a href={ "/scenarios/" (enc(&info.scenario.id)) "/strategy?version=" (info.scenario.version) } data-testid="strategy-link" { (tr(l, "web-st-open")) }
            }
            p.actions.downloads {
                (tr(l, "web-downloads")) ": "
                a href={ "/runs/" (id) "/tables/forecasts.csv" } download data-testid="csv-forecasts" { (tr(l, "web-download-forecasts-csv")) }
                " · "
                a href={ "/runs/" (id) "/tables/rounds.csv" } download data-testid="csv-rounds" { (tr(l, "web-download-rounds-csv")) }
                " · "
                a href={ "/runs/" (id) "/run.json" } download data-testid="run-json" { (tr(l, "web-st-download-json")) }
            }
            h2 { (tr(l, "web-forecasts")) }
            div.grid-wrap {
                table.list.forecasts data-testid="forecasts" {
                    thead { tr { th { (tr(l, "web-issue")) } th { (tr(l, "web-scale")) } th.num.headline { (tr(l, "web-headline-80")) } @for m in models { th.num title=(m.as_str()) { (domei_report::forecast_table::model_name(*m, l)) } } } }
                    tbody {
                        @for f in &v.outcome.forecast.issues {
                            @let issue = &s.issues[f.issue];
                            tr data-issue=(issue.id) {
                                th scope="row" { a href={ "#issue-" (issue.id) } { (issue.name) } }
                                td { (scale_label(issue)) }
                                td.num.headline data-testid="headline" { (headline_cell(headline(&v.headlines, &issue.id), issue)) }
                                @for (j, r) in f.results.iter().enumerate() {
                                    td.num data-model=(r.model().as_str()) {
                                        @match r.value() { Some(x) => (on_scale(x, issue)), None => span.none title=(tr(l, "web-not-forecast")) { "–" } }
                                        @if let Some(sm) = v.outcome.sim.as_ref().and_then(|sim| sim.issues.iter().find(|x| x.issue == f.issue)).and_then(|x| x.models.get(j)) {
                                            @if let (Some(a), Some(b)) = (sm.summary.p10, sm.summary.p90) { br; small { (on_scale(a, issue)) "–" (on_scale(b, issue)) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (headline_notes(&v.headlines, s))
            @if v.outcome.sim.is_some() { p.help { (tr(l, "web-sim-band-help")) } }
            h2 { (tr(l, "web-charts")) }
            p.help { (tr_args(l, if v.outcome.sim.is_some() { "web-charts-help-sim" } else { "web-charts-help" }, &[("model", models.first().map_or(String::new(), |m| domei_report::forecast_table::model_name(*m, l)))])) }
            @for (n, f) in v.outcome.forecast.issues.iter().enumerate() {
                @let issue = &s.issues[f.issue];
                details.issue id={ "issue-" (issue.id) } open[n == 0] {
                    summary { h3 { (issue.name) } }
                    @if models.iter().any(|m| domei_run::history::has_rounds(*m)) {
                        p { a href={ "/runs/" (id) "/history?issue=" (enc(&issue.id)) } data-testid="history-link" { (tr(l, "web-history-link")) } }
                    }
                    div.charts {
                        @for c in charts.iter().filter(|c| c.issue == issue.id) {
                            (chart_figure(id, c))
                        }
                    }
                }
            }
        },
    ))
}

/// Names a run and notes on it (the form on its page).
pub async fn label(
    State(st): State<Shared>,
    Path(id): Path<i64>,
    Form(p): Form<Pairs>,
) -> PageResult<Redirect> {
    service::set_label(&st, id, field(&p, "name"), field(&p, "note")).await?;
    Ok(Redirect::to(&format!("/runs/{id}")))
}

/// `GET /runs/{id}/brief.html`: the run's briefing as HTML.
pub async fn brief_html(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult<Response> {
    let b = service::brief(&st, id, false).await?;
    Ok(crate::api::brief_response(id, false, b))
}

/// `GET /runs/{id}/brief.pdf`: the run's briefing as PDF.
pub async fn brief_pdf(State(st): State<Shared>, Path(id): Path<i64>) -> PageResult<Response> {
    let b = service::brief(&st, id, true).await?;
    Ok(crate::api::brief_response(id, true, b))
}

/// The label of an id (a run's kind or status, a job's state) in `l`: the
/// message `{prefix}-{id}`, or the id itself when the catalogue has none
/// (a kind a newer domei stored).
pub(super) fn id_label(l: domei_i18n::Lang, prefix: &str, id: &str) -> String {
    let key = format!("{prefix}-{id}");
    if domei_i18n::has(l, &key) {
        tr(l, &key)
    } else {
        id.to_string()
    }
}
