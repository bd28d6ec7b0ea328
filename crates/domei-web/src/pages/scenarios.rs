//! Scenario pages: the list (and import), one scenario's actors × issues
//! grid with the run form, its version history and diffs.

use super::layout::page;
use super::{enc, field, num, Pairs};
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domei_engines::ModelId;
use domei_i18n::{tr, tr_args, Lang};
use domei_scenario::{Scenario, Strength, Value};
use domei_store::RunFilter;
use maud::{html, Markup};
use serde::Deserialize;

/// `GET /`: redirects to the scenarios list.
pub async fn home() -> Redirect {
    Redirect::to("/scenarios")
}

/// `GET /scenarios`: the stored scenarios.
pub async fn list(State(st): State<Shared>) -> PageResult<Markup> {
    let all = st.store.list_scenarios().await?;
    let l = crate::lang::current();
    Ok(page(
        &tr(l, "web-scenarios-title"),
        html! {
            h1 { (tr(l, "web-scenarios-title")) }
            p { a.button href="/new" data-testid="new-scenario" { (tr(l, "web-build-new-title")) } }
            table.list data-testid="scenarios" {
                thead { tr { th { (tr(l, "web-scenario")) } th { (tr(l, "web-id")) } th.num { (tr(l, "web-versions")) } th.num { (tr(l, "web-runs-col")) } th { (tr(l, "web-updated")) } } }
                tbody {
                    @for s in &all {
                        tr {
                            td { a href={ "/scenarios/" (enc(&s.id)) } { (s.name) } }
                            td { code { (s.id) } }
                            td.num { (s.latest_version) }
                            td.num { (s.runs) }
                            td { (when(s.updated_at)) }
                        }
                    }
                }
            }
            @if all.is_empty() { p { (tr(l, "web-scenarios-none")) } }
            details {
                summary { (tr(l, "web-scenarios-import")) }
                form method="post" action="/scenarios" {
                    p { (tr(l, "web-scenarios-import-help")) }
                    textarea name="toml" rows="12" cols="80" required {}
                    label { (tr(l, "web-value-message")) " " input type="text" name="message"; }
                    button type="submit" { (tr(l, "web-scenarios-save")) }
                }
            }
        },
    ))
}

/// `POST /scenarios`: stores the scenario text sent in the form (`toml`, `message`) and redirects to it.
pub async fn import(State(st): State<Shared>, Form(p): Form<Pairs>) -> PageResult<Redirect> {
    let toml = field(&p, "toml").unwrap_or_default();
    let saved = st.store.save_scenario(toml, field(&p, "message")).await?;
    Ok(Redirect::to(&format!(
        "/scenarios/{}",
        enc(&saved.scenario.id)
    )))
}

/// `2025-06-01 12:00` (UTC).
pub fn when(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Query string of a scenario page: which `version` (default the latest), and `saved`, the version just saved (for the notice).
#[derive(Deserialize)]
pub struct VersionQ {
    version: Option<i64>,
    saved: Option<i64>,
}

/// `2.5` or `2.5 (2–3)`.
fn shown(v: &Value) -> String {
    match v.range {
        Some((l, h)) => format!("{} ({}–{})", num(v.value), num(l), num(h)),
        None => num(v.value),
    }
}

/// What a strength class looks like in the grid's legend (the CSS class is
/// `s-` and the class name: `s-cited-states`, ...).
pub fn strength_label(k: Strength) -> String {
    let l = crate::lang::current();
    tr(
        l,
        match k {
            Strength::CitedStates => "web-strength-states",
            Strength::CitedImplies => "web-strength-implies",
            Strength::CitedUnrated => "web-strength-unrated",
            Strength::Judgement => "web-strength-judgement",
            Strength::Uncited => "web-strength-uncited",
        },
    )
}

/// The legend of the grid's looks, generated from the classes themselves so
/// it always matches the cells.
pub fn strength_legend() -> Markup {
    let l = crate::lang::current();
    html! {
        p.legend data-testid="strength-legend" {
            (tr(l, "web-evidence-legend")) " "
            @for k in Strength::ALL {
                span class={ "value s-" (k.name()) } data-strength=(k.name()) { (strength_label(k)) }
                " "
            }
            span.value.review data-testid="review-sample" { (tr(l, "web-needs-review")) } " " (tr(l, "web-needs-review-why"))
        }
    }
}

/// A link to a value's page, drawn by how strongly it is grounded
/// ([`Strength`]), and flagged when its evidence needs review.
fn value_link(id: &str, version: i64, path: &str, v: &Value, label: &str) -> Markup {
    let k = v.strength();
    let review = v.evidence.iter().any(|e| e.needs_review);
    let class = format!(
        "value s-{}{}",
        k.name(),
        if review { " review" } else { "" }
    );
    html! {
        a class=(class) href={ "/scenarios/" (enc(id)) "/value?path=" (enc(path)) "&version=" (version) }
            data-path=(path) data-strength=(k.name()) data-review=[review.then_some("needed")]
            title={ (label) " of " (path) ": " (strength_label(k)) "; " (v.evidence.len()) " citation(s)" @if review { "; evidence needs review" } } {
            (shown(v))
        }
    }
}

/// `GET /scenarios/{id}`: one version of a scenario, with its run forms.
pub async fn view(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<VersionQ>,
) -> PageResult<Markup> {
    let v = service::scenario(&st, &id, q.version).await?;
    let runs = st
        .store
        .list_runs(&RunFilter {
            scenario: Some(id.clone()),
            kind: None,
            limit: Some(8),
        })
        .await?;
    let l = crate::lang::current();
    // The scenario's texts in the page's language (same values and ids).
    let shown = match l {
        Lang::En => None,
        _ => domei_scenario::from_toml_str_lang(
            std::path::Path::new(&id),
            &v.version.toml,
            domei_scenario::Requirements::default(),
            l,
        )
        .ok(),
    };
    let s = shown.as_ref().unwrap_or(&v.scenario);
    let ver = v.version.info.version;
    // The headline forecasts of the newest completed run, as stored.
    let newest = runs.iter().find(|r| {
        r.status == domei_store::RunStatus::Completed && domei_runs::Kind::parse(&r.kind).is_some()
    });
    let headlines = match newest {
        Some(r) => {
            let run = st.store.get_run(r.id).await?;
            Some((
                r.id,
                run.results
                    .as_ref()
                    .map(domei_ledger::headlines)
                    .unwrap_or_default(),
            ))
        }
        None => None,
    };
    Ok(page(
        &s.name,
        html! {
            h1 { (s.name) }
            p.meta {
                code { (s.id) } " · " (tr_args(l, "web-version-of", &[("version", ver.to_string()), ("latest", v.latest.to_string())]))
                @if let Some(m) = &v.version.info.message { " · “" (m) "”" }
                " · " a href={ "/scenarios/" (enc(&id)) "/history" } { (tr(l, "web-history")) }
                " · " a href={ "/runs?scenario=" (enc(&id)) } { (tr(l, "web-runs")) }
                " · " a href={ "/scenarios/" (enc(&id)) "/build" } data-testid="to-build" { (tr(l, "web-build-crumb")) }
                " · " a href={ "/scenarios/" (enc(&id)) "/strategy?version=" (ver) } data-testid="strategy-link" { (tr(l, "web-st-open")) }
            }
            @if let Some(saved) = q.saved { p.notice role="status" data-testid="saved" { (tr_args(l, "web-saved", &[("version", saved.to_string())])) } }
            @if ver != v.latest {
                p.warning { (tr(l, "web-older")) " " a href={ "/scenarios/" (enc(&id)) } { (tr_args(l, "web-go-latest", &[("latest", v.latest.to_string())])) } (tr(l, "web-edits-latest")) }
            }
            @if !s.question.is_empty() { p.question { (s.question) } }
            @match super::build::not_runnable(&v.version.toml) {
                Some(why) => (why),
                None => (run_form(&id, ver)),
            }
            h2 { (tr(l, "web-grid-title")) }
            p.help { (tr(l, "web-grid-help")) }
            (strength_legend())
            (grid(s, &id, ver, headlines.as_ref().map(|(r, h)| (*r, h.as_slice()))))
            @if !runs.is_empty() {
                h2 { (tr(l, "web-recent-runs")) }
                (super::runs::run_table(&runs, false))
            }
        },
    ))
}

fn run_form(id: &str, version: i64) -> Markup {
    let l = crate::lang::current();
    html! {
        form.run method="post" action={ "/scenarios/" (enc(id)) "/runs" } data-testid="run-form" {
            input type="hidden" name="version" value=(version);
            fieldset {
                legend { (tr(l, "web-run-legend")) }
                label { (tr(l, "web-run-kind")) " "
                    select name="kind" {
                        option value="forecast" selected { (tr(l, "web-run-forecast")) }
                        option value="simulate" { (tr(l, "web-run-simulate")) }
                    }
                }
                span.models {
                    @for m in ModelId::ALL {
                        label { input type="checkbox" name="models" value=(m.as_str()) checked; " " (m.as_str()) }
                    }
                }
                label { (tr(l, "web-run-exchange")) " "
                    select name="exchange_reading" {
                        option value="decide" selected { (tr(l, "web-exchange-decide")) }
                        option value="continuous" { (tr(l, "web-exchange-continuous")) }
                    }
                }
                span.sim {
                    (tr(l, "web-run-sim-only")) " "
                    label { (tr(l, "web-run-draws")) " " input type="number" name="draws" value="1000" min="1" max=(service::MAX_DRAWS) size="7"; }
                    label { (tr(l, "web-run-seed")) " " input type="number" name="seed" value="1" min="0" size="5"; }
                }
                button type="submit" data-testid="run" { (tr(l, "web-run-button")) }
            }
        }
    }
}

/// The actors × issues grid; `headlines`: the newest run's id and its
/// headline forecasts, shown in a row of their own.
fn grid(
    s: &Scenario,
    id: &str,
    ver: i64,
    headlines: Option<(i64, &[(String, domei_ledger::Headline)])>,
) -> Markup {
    let l = crate::lang::current();
    html! {
        div.grid-wrap {
            table.grid data-testid="grid" {
                thead {
                    tr {
                        th scope="col" { (tr(l, "web-actor")) }
                        th scope="col" { (tr(l, "web-capability")) }
                        @for i in &s.issues {
                            th scope="col" title=(i.description) { (i.name) br; small { (super::scale_label(i)) } }
                        }
                    }
                    tr.sq {
                        th scope="row" { (tr(l, "web-status-quo")) }
                        td {}
                        @for i in &s.issues {
                            td { @match &i.status_quo {
                                Some(sq) => (value_link(id, ver, &format!("{}.status_quo", i.id), sq, "status quo")),
                                None => a.value.missing href={ "/scenarios/" (enc(id)) "/value?path=" (enc(&format!("{}.status_quo", i.id))) } { (tr(l, "web-add")) },
                            } }
                        }
                    }
                    @if let Some((run, hs)) = headlines {
                        tr.headline data-testid="grid-headline" {
                            th scope="row" { (tr(l, "web-headline")) br; small { (tr(l, "web-run")) " " a href={ "/runs/" (run) } { "#" (run) } } }
                            td {}
                            @for i in &s.issues {
                                td.num { (super::runs::headline_cell(super::runs::headline(hs, &i.id), i)) }
                            }
                        }
                    }
                }
                tbody {
                    @for (a, actor) in s.actors.iter().enumerate() {
                        tr {
                            th scope="row" title=(actor.description) { (actor.name) br; small { code { (actor.id) } } }
                            td { (value_link(id, ver, &format!("{}.capability", actor.id), &actor.capability, "capability")) }
                            @for (i, issue) in s.issues.iter().enumerate() {
                                td {
                                    @if let Some(stance) = s.stance(a, i) {
                                        span.pos { (tr(l, "web-pos")) " " (value_link(id, ver, &format!("{}.{}.position", actor.id, issue.id), &stance.position, "position")) }
                                        br;
                                        span.sal { (tr(l, "web-sal")) " " (value_link(id, ver, &format!("{}.{}.salience", actor.id, issue.id), &stance.salience, "salience")) }
                                    } @else {
                                        a.none.add href={ "/scenarios/" (enc(id)) "/stance?actor=" (enc(&actor.id)) "&issue=" (enc(&issue.id)) }
                                            title={ "Add " (actor.name) "'s stance on " (issue.name) } { "–" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /scenarios/{id}/history`: the scenario's versions.
pub async fn history(State(st): State<Shared>, Path(id): Path<String>) -> PageResult<Markup> {
    let hist = st.store.scenario_history(&id).await?;
    if hist.is_empty() {
        return Err(WebError::NotFound(format!("scenario {id:?}")).into());
    }
    let l = crate::lang::current();
    Ok(page(
        &tr_args(l, "web-versions-title", &[("id", id.clone())]),
        html! {
            h1 { (tr(l, "web-versions-of")) " " code { (id) } }
            table.list data-testid="history" {
                thead { tr { th { (tr(l, "web-versions-version")) } th { (tr(l, "web-versions-saved")) } th { (tr(l, "web-value-message")) } th { (tr(l, "web-versions-changes")) } } }
                tbody {
                    @for v in hist.iter().rev() {
                        tr {
                            td { a href={ "/scenarios/" (enc(&id)) "?version=" (v.version) } { "v" (v.version) } }
                            td { (when(v.created_at)) }
                            td { (v.message.clone().unwrap_or_default()) }
                            td { @if v.version > 1 { a href={ "/scenarios/" (enc(&id)) "/diff?from=" (v.version - 1) "&to=" (v.version) } { (tr_args(l, "web-versions-diff-with", &[("version", (v.version - 1).to_string())])) } } }
                        }
                    }
                }
            }
        },
    ))
}

/// Query string of the diff page: the versions `from` and `to`.
#[derive(Deserialize)]
pub struct DiffQ {
    from: i64,
    to: i64,
}

/// `GET /scenarios/{id}/diff`: what changed between two versions.
pub async fn diff(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<DiffQ>,
) -> PageResult<Response> {
    let d = st.store.diff_scenario(&id, q.from, q.to).await?;
    let l = crate::lang::current();
    Ok(page(
        &format!("{id}: v{} → v{}", q.from, q.to),
        html! {
            h1 { code { (id) } ": v" (q.from) " → v" (q.to) }
            h2 { (tr(l, "web-diff-what-changed")) }
            @match &d.changes {
                Some(c) if c.is_empty() => p { (tr(l, "web-diff-no-change")) },
                Some(c) => ul data-testid="changes" { @for ch in c { li { (ch.to_string()) } } },
                None => p.warning { (tr(l, "web-diff-no-parse")) " " (d.semantic_error.clone().unwrap_or_default()) },
            }
            h2 { (tr(l, "web-diff-text")) }
            pre.diff data-testid="unified" {
                @for line in d.unified.lines() {
                    @let class = if line.starts_with("+++") || line.starts_with("---") { "file" }
                        else if line.starts_with('+') { "add" }
                        else if line.starts_with('-') { "del" }
                        else if line.starts_with("@@") { "hunk" }
                        else { "ctx" };
                    span class=(class) { (line) } "\n"
                }
            }
        },
    )
    .into_response())
}
