//! Strategy on the page: the forms for a what-if (edits, a coalition, a
//! linkage), an actor's best responses and a sensitivity analysis, and
//! the page of a stored strategy run (its tables, a coalition's
//! explanation where it moved nothing, the sensitivity tornados, and their
//! downloads). The numbers come from domei-runs' `strategy` module, the
//! functions behind `domei whatif`, `domei best-response` and `domei
//! sensitivity`.

use super::layout::page;
use super::scenarios::when;
use super::{enc, field, fields, int_field, number_field, on_scale, Pairs};
use crate::error::{PageResult, WebError};
use crate::service::{self, StrategyRequest, StrategyView};
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::Form;
use domei_engines::ModelId;
use domei_i18n::{tr, tr_args};
use domei_runs::strategy::{Analysis, StrategyResult};
use domei_scenario::{Issue, Scenario};
use maud::{html, Markup};
use serde::Deserialize;

/// Query string of the strategy page: which scenario version.
#[derive(Deserialize)]
pub struct VersionQ {
    version: Option<i64>,
}

/// `/scenarios/ID/strategy`: the five forms.
pub async fn form(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<VersionQ>,
) -> PageResult<Markup> {
    Ok(form_page(&st, &id, q.version, None).await?)
}

/// The strategy page; a decision-chain or plan form sent back with its
/// problems (`kept`) keeps its fields.
async fn form_page(
    st: &crate::state::AppState,
    id: &str,
    version: Option<i64>,
    kept: Option<&super::chain::Kept>,
) -> Result<Markup, WebError> {
    let l = crate::lang::current();
    let v = service::scenario(st, id, version).await?;
    let events = service::strategy::last_part(st, id, "events").await?;
    let plan = service::strategy::last_part(st, id, "plan").await?;
    let s = &v.scenario;
    let ver = v.version.info.version;
    let (limits, pert) = service::strategy::defaults();
    let action = format!("/scenarios/{}/strategy", enc(id));
    let models = |name: &str, checked: &[ModelId]| {
        html! {
            span.models {
                @for m in ModelId::ALL {
                    label { input type="checkbox" name=(name) value=(m.as_str()) checked[checked.contains(&m)]; " " (m.as_str()) }
                }
            }
        }
    };
    let per_issue = [
        ModelId::Compromise,
        ModelId::Median,
        ModelId::Bdm,
        ModelId::Nash,
    ];
    Ok(page(
        &tr(l, "web-st-title"),
        html! {
            h1 { (tr(l, "web-st-title")) ": " (s.name) }
            p.meta { a href={ "/scenarios/" (enc(id)) "?version=" (ver) } { code { (s.id) } " v" (ver) } " · " (tr(l, "web-st-intro")) }
            form.strategy method="post" action=(action) data-testid="whatif-form" {
                input type="hidden" name="version" value=(ver);
                input type="hidden" name="analysis" value="whatif";
                fieldset {
                    legend { (tr(l, "web-st-whatif")) }
                    label.wide { (tr(l, "web-st-edits")) br;
                        textarea name="edits" rows="3" cols="60" data-testid="edits" placeholder="us-admin.us-tariff-japan.salience=0.5" {}
                    }
                    p.help { (tr(l, "web-st-edits-help")) }
                    details {
                        summary { (tr(l, "web-st-coalition")) }
                        p.help { (tr(l, "web-st-coalition-help")) }
                        div.checks { @for a in &s.actors { label { input type="checkbox" name="coalition" value=(a.id); " " (a.name) } } }
                        p { (tr(l, "web-st-on")) }
                        div.checks { @for i in &s.issues { label { input type="checkbox" name="on" value=(i.id); " " (i.name) } } }
                    }
                    details {
                        summary { (tr(l, "web-st-link")) }
                        p.help { (tr(l, "web-st-link-help")) }
                        div.checks { @for i in &s.issues { label { input type="checkbox" name="link" value=(i.id); " " (i.name) } } }
                    }
                    p { (tr(l, "web-runs-models")) ": " (models("models", &ModelId::ALL)) }
                    button type="submit" data-testid="run-whatif" { (tr(l, "web-st-run-whatif")) }
                }
            }
            form.strategy method="post" action=(action) data-testid="best-response-form" {
                input type="hidden" name="version" value=(ver);
                input type="hidden" name="analysis" value="best_response";
                fieldset {
                    legend { (tr(l, "web-st-best")) }
                    p.help { (tr(l, "web-st-best-help")) }
                    label { (tr(l, "web-actor")) " "
                        select name="actor" data-testid="br-actor" { @for a in &s.actors { option value=(a.id) { (a.name) } } }
                    }
                    label { (tr(l, "web-st-max-shift")) " " input type="number" name="max_shift" value=(limits.max_shift) min="0" max="1" step="0.05"; }
                    label { (tr(l, "web-st-salience-range")) " "
                        input type="number" name="min_salience" value=(limits.min_salience) min="0" max="1" step="0.05";
                        " – "
                        input type="number" name="max_salience" value=(limits.max_salience) min="0" max="1" step="0.05";
                    }
                    p { (tr(l, "web-runs-models")) ": " (models("models", &per_issue)) }
                    p.help { (tr(l, "web-st-best-joint")) }
                    button type="submit" data-testid="run-best-response" { (tr(l, "web-st-run-best")) }
                }
            }
            form.strategy method="post" action=(action) data-testid="sensitivity-form" {
                input type="hidden" name="version" value=(ver);
                input type="hidden" name="analysis" value="sensitivity";
                fieldset {
                    legend { (tr(l, "web-st-sensitivity")) }
                    p.help { (tr(l, "web-st-sensitivity-help")) }
                    label { (tr(l, "web-st-pert-position")) " " input type="number" name="position" value=(pert.position) min="0" max="1" step="0.01"; }
                    label { (tr(l, "web-st-pert-salience")) " " input type="number" name="salience" value=(pert.salience) min="0" max="1" step="0.01"; }
                    label { (tr(l, "web-st-pert-capability")) " " input type="number" name="capability" value=(pert.capability) min="0" max="0.99" step="0.01"; }
                    p { (tr(l, "web-runs-models")) ": " (models("models", &[ModelId::Compromise])) }
                    button type="submit" data-testid="run-sensitivity" { (tr(l, "web-st-run-sensitivity")) }
                }
            }
            (super::chain::forms(s, ver, events.as_deref(), plan.as_deref(), kept))
        },
    ))
}

/// The items of a multi-line or comma-separated field.
fn items(p: &Pairs, key: &str) -> Vec<String> {
    fields(p, key)
        .into_iter()
        .flat_map(|v| v.split(['\n', ',']))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// Starts the analysis a form asks for and opens its progress page.
pub async fn start(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Form(p): Form<Pairs>,
) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let analysis = match field(&p, "analysis").unwrap_or("") {
        kind @ ("events" | "plan") => {
            let a = super::chain::analysis(&p, kind)?;
            let v = service::scenario(&st, &id, int_field(&p, "version")?).await?;
            if let Err(e) = super::chain::check(&v.scenario, &a) {
                // Problems beside the form, the form kept.
                let kept = super::chain::Kept {
                    kind: kind.to_string(),
                    pairs: p.clone(),
                    problems: super::chain::problems(&e),
                };
                let page = form_page(&st, &id, int_field(&p, "version")?, Some(&kept)).await?;
                return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
            a
        }
        "whatif" => Analysis::Whatif {
            edits: items(&p, "edits"),
            coalition: items(&p, "coalition"),
            on: items(&p, "on"),
            link: items(&p, "link"),
        },
        "best_response" => {
            let d = domei_strategy::Limits::default();
            Analysis::BestResponse {
                actor: field(&p, "actor").unwrap_or("").to_string(),
                issues: items(&p, "issues"),
                limits: domei_strategy::Limits {
                    max_shift: number_field(&p, "max_shift")?.unwrap_or(d.max_shift),
                    min_salience: number_field(&p, "min_salience")?.unwrap_or(d.min_salience),
                    max_salience: number_field(&p, "max_salience")?.unwrap_or(d.max_salience),
                    ..d
                },
            }
        }
        "sensitivity" => {
            let d = domei_sim::Perturbation::default();
            Analysis::Sensitivity {
                perturbation: domei_sim::Perturbation {
                    position: number_field(&p, "position")?.unwrap_or(d.position),
                    salience: number_field(&p, "salience")?.unwrap_or(d.salience),
                    capability: number_field(&p, "capability")?.unwrap_or(d.capability),
                },
            }
        }
        other => {
            return Err(WebError::BadRequest(format!(
                "unknown analysis {other:?}: whatif, best_response, sensitivity, events or plan"
            ))
            .into())
        }
    };
    let r = StrategyRequest {
        scenario: id,
        version: int_field(&p, "version")?,
        analysis,
        models: fields(&p, "models")
            .into_iter()
            .map(str::to_string)
            .collect(),
        rounds: int_field(&p, "rounds")?,
        exchange_reading: None,
    };
    let chain = matches!(r.analysis, Analysis::Events { .. } | Analysis::Plan { .. });
    if r.models.is_empty() && !chain {
        return Err(WebError::BadRequest("choose at least one model".into()).into());
    }
    let (job, _) = service::start_strategy(&st, &r).await?;
    Ok(Redirect::to(&format!("/jobs/{job}")).into_response())
}

fn issue<'a>(s: &'a Scenario, id: &str) -> Option<&'a Issue> {
    s.issues.iter().find(|i| i.id == id)
}

/// A number on issue `id`'s scale (as every table prints it), or a dash.
fn on(s: &Scenario, id: &str, x: Option<f64>) -> Markup {
    match (x, issue(s, id)) {
        (Some(x), Some(i)) => html! { (on_scale(x, i)) },
        (Some(x), None) => html! { (super::num(x)) },
        (None, _) => html! { span.none { "–" } },
    }
}

/// A signed change on the issue's scale; "0" when it rounds to nothing
/// there (never "-0").
fn delta(s: &Scenario, id: &str, d: Option<f64>) -> Markup {
    let Some(d) = d else {
        return html! { span.none { "–" } };
    };
    let text = issue(s, id).map_or_else(|| super::num(d), |i| on_scale(d, i));
    let zero = text
        .trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c == '0' || c == '.');
    html! {
        @if zero { "0" } @else if d > 0.0 { "+" (text) } @else { (text) }
    }
}

/// The page of a stored strategy run.
pub fn view(v: &StrategyView, label: Option<&domei_store::RunLabel>) -> Markup {
    let l = crate::lang::current();
    let s = &v.scenario;
    let id = v.info.id;
    let title = match &v.doc.analysis {
        Analysis::Whatif { .. } => tr(l, "web-st-whatif"),
        Analysis::BestResponse { actor, .. } => {
            tr_args(l, "web-st-best-of", &[("actor", actor.clone())])
        }
        Analysis::Sensitivity { .. } => tr(l, "web-st-sensitivity"),
        Analysis::Events { .. } => tr(l, "web-chain-events"),
        Analysis::Plan { .. } => tr(l, "web-chain-plan"),
    };
    let table_names = service::tables::names(&v.info.kind);
    let charts = service::strategy::charts(v);
    page(
        &tr_args(l, "web-run-title", &[("id", id.to_string())]),
        html! {
            h1 { (tr_args(l, "web-st-h1", &[("id", id.to_string()), ("title", title.clone()), ("name", s.name.clone())])) }
            (super::runs::run_meta(&v.info, &v.reproduced))
            (super::runs::label_form(id, label))
            p.actions {
                @for table_name in table_names {
                    a.button href={ "/runs/" (id) "/tables/" (table_name) ".csv" } download data-testid={ "csv-" (table_name) } { (tr(l, "web-st-download-csv")) @if table_names.len() > 1 { " · " (table_name) } }
                    " "
                }
                a.button href={ "/runs/" (id) "/run.json" } download data-testid="run-json" { (tr(l, "web-st-download-json")) }
                " "
                a href={ "/scenarios/" (enc(&v.info.scenario.id)) "/strategy?version=" (v.info.scenario.version) } { (tr(l, "web-st-another")) }
                " "
                a href={ "/runs?scenario=" (enc(&v.info.scenario.id)) } { (tr(l, "web-compare-other")) }
            }
            p.meta { (tr(l, "web-runs-models")) ": " (v.job.models.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")) }
            @match &v.doc.result {
                StrategyResult::Whatif { what, changes, unmoved, .. } => {
                    h2 { (tr(l, "web-st-changes")) }
                    ul data-testid="whatif-what" { @for w in what { li { code { (w) } } } }
                    div.grid-wrap {
                        table.list data-testid="whatif-changes" {
                            thead { tr { th { (tr(l, "web-issue")) } th { (tr(l, "web-st-unit")) } th { (tr(l, "web-st-model")) } th.num { (tr(l, "web-st-before")) } th.num { (tr(l, "web-st-after")) } th.num { (tr(l, "web-st-change")) } } }
                            tbody {
                                @for ic in changes {
                                    @for c in &ic.changes {
                                        tr data-issue=(ic.issue) data-model=(c.model.as_str()) class=[c.change.filter(|d| d.abs() > 1e-9).map(|_| "changed")] {
                                            td { (issue(s, &ic.issue).map_or(ic.issue.as_str(), |i| i.name.as_str())) }
                                            td { (issue(s, &ic.issue).map_or("", |i| i.unit.as_str())) }
                                            td { (c.model.as_str()) }
                                            td.num { (on(s, &ic.issue, c.before)) }
                                            td.num { (on(s, &ic.issue, c.after)) }
                                            td.num { (delta(s, &ic.issue, c.change)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !unmoved.is_empty() {
                        h3 { (tr(l, "web-st-unmoved")) }
                        ul data-testid="coalition-unmoved" {
                            @for u in unmoved {
                                @if let Some(i) = issue(s, &u.issue) {
                                    li data-reason=(serde_json::to_value(u.reason).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) { (domei_report::strategy::unmoved_sentence(i, u, l)) }
                                }
                            }
                        }
                    }
                }
                StrategyResult::BestResponse { responses, left_out } => {
                    h2 { (tr(l, "web-st-best")) }
                    @if !left_out.is_empty() { p.help { (tr(l, "web-st-best-joint")) } }
                    div.grid-wrap {
                        table.list data-testid="best-responses" {
                            thead { tr {
                                th { (tr(l, "web-issue")) } th { (tr(l, "web-st-unit")) } th { (tr(l, "web-st-model")) }
                                th.num { (tr(l, "web-st-ideal")) } th.num { (tr(l, "web-st-baseline")) }
                                th.num { (tr(l, "web-st-best-position")) } th.num { (tr(l, "web-st-best-salience")) }
                                th.num { (tr(l, "web-st-best-forecast")) } th.num { (tr(l, "web-st-gain")) }
                            } }
                            tbody {
                                @for r in responses {
                                    tr data-issue=(r.issue) data-model=(r.model.as_str()) class=[(r.gain > 1e-9).then_some("changed")] {
                                        td { (issue(s, &r.issue).map_or(r.issue.as_str(), |i| i.name.as_str())) }
                                        td { (issue(s, &r.issue).map_or("", |i| i.unit.as_str())) }
                                        td { (r.model.as_str()) }
                                        td.num { (on(s, &r.issue, Some(r.ideal))) }
                                        td.num { (on(s, &r.issue, Some(r.baseline))) }
                                        td.num { (on(s, &r.issue, Some(r.best_position))) }
                                        td.num { (format!("{:.2}", r.best_salience)) " " small { "(" (format!("{:.2}", r.current_salience)) ")" } }
                                        td.num { (on(s, &r.issue, Some(r.best_forecast))) }
                                        td.num { (on(s, &r.issue, Some(r.gain))) " " small { "(" (format!("{:.1}", 100.0 * r.gain_share)) "%)" } }
                                    }
                                }
                            }
                        }
                    }
                    p.help { (tr(l, "web-st-best-note")) }
                }
                StrategyResult::Events { what_if, chain } => { (super::chain::events_view(what_if, chain)) }
                StrategyResult::Plan { ranking } => { (super::chain::plan_view(ranking)) }
                StrategyResult::Sensitivity { tornados } => {
                    h2 { (tr(l, "web-st-sensitivity")) }
                    div.grid-wrap {
                        table.list data-testid="sensitivity" {
                            thead { tr { th { (tr(l, "web-issue")) } th { (tr(l, "web-st-model")) } th.num { (tr(l, "web-st-base")) } th { (tr(l, "web-st-top-input")) } th.num { (tr(l, "web-st-swing")) } th.num { (tr(l, "web-st-judgement-share")) } } }
                            tbody {
                                @for t in tornados {
                                    @if let Some(i) = s.issues.get(t.issue) {
                                        tr data-issue=(i.id) {
                                            td { (i.name) } td { (t.model.as_str()) }
                                            td.num { (on(s, &i.id, t.base)) }
                                            td { @if let Some(b) = t.bars.first() { (b.actor) " · " (serde_json::to_value(b.field).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) } }
                                            td.num { (on(s, &i.id, t.bars.first().map(|b| b.swing))) }
                                            td.num { (t.judgement_share.map(|x| format!("{:.0}%", 100.0 * x)).unwrap_or_else(|| "–".into())) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    div.charts {
                        @for c in &charts {
                            (super::runs::chart_figure(id, c))
                        }
                    }
                }
            }
            p.meta { (tr(l, "web-runs-started")) " " (when(v.info.started_at)) " UTC" }
        },
    )
}
