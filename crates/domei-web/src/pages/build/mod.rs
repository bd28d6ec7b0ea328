//! Building a scenario from nothing: `/new` (create one, or import a
//! simple CSV, KTAB CSV, DEU III or TOML file) and `/scenarios/ID/build`
//! (its header, actors, issues and stances, each value with its judgement
//! or a cited passage). Every form posts one change
//! ([`service::Change`]); a change with problems comes back as the same
//! page (422) with the form as the user filled it and each problem beside
//! the input it concerns, with its fix.

use super::layout::page;
use super::{enc, field, num, Pairs};
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domei_i18n::{tr, tr_args};
use domei_scenario::{Issue, Scenario};
use maud::{html, Markup};
use serde::Deserialize;

mod form;

pub(super) use form::problem;
use form::{anchors_text, change_of, number, s, sourced, text, Kept, F};

/// Query string of the build page: `saved`, the version just saved (for the notice).
#[derive(Deserialize)]
pub struct SavedQ {
    saved: Option<i64>,
}

/// `/new`: create a scenario, or import one from a file.
pub async fn new_form() -> Markup {
    new_page(&Kept::default())
}

fn new_page(k: &Kept) -> Markup {
    let l = crate::lang::current();
    let c = F::new(k, "create", "", &["id", "name", "question"]);
    let u = F::new(k, "import", "", &["file"]);
    page(
        &tr(l, "web-build-new-title"),
        html! {
            p.crumbs { a href="/scenarios" { (tr(l, "web-scenarios-title")) } " › " (tr(l, "web-build-new-title")) }
            h1 { (tr(l, "web-build-new-title")) }
            section.build #create {
                h2 { (tr(l, "web-build-create")) }
                p.help { (tr(l, "web-build-create-help")) }
                form method="post" action="/new" data-testid="create-form" {
                    input type="hidden" name="op" value="create";
                    (c.top())
                    (text(&c, &tr(l, "web-id"), "id", "", true))
                    (text(&c, &tr(l, "web-build-name"), "name", "", true))
                    label.wide data-input="question" { (tr(l, "web-build-question")) " "
                        textarea name="question" rows="2" cols="70" { (c.val("question", "")) }
                    }
                    (c.errs("question"))
                    button type="submit" { (tr(l, "web-build-create-button")) }
                }
            }
            section.build #import {
                h2 { (tr(l, "web-build-import")) }
                p.help { (tr(l, "web-build-import-help")) }
                form method="post" action="/new/import" data-testid="import-form" {
                    input type="hidden" name="op" value="import";
                    (u.top())
                    label { (tr(l, "web-build-file")) " "
                        input type="file" accept=".csv,.tsv,.toml,.txt,.xml,text/csv,text/plain" data-fills="text" data-name="filename" aria-invalid=[u.invalid("file")];
                    }
                    label { (tr(l, "web-build-filename")) " "
                        input type="text" name="filename" value=(u.val("filename", "")) placeholder="scenario.csv" required;
                    }
                    (u.errs("file"))
                    label.wide { (tr(l, "web-build-file-text")) " "
                        textarea name="text" rows="8" cols="80" required { (u.val("text", "")) }
                    }
                    button type="submit" { (tr(l, "web-build-import-button")) }
                }
            }
        },
    )
}

/// The page again, with the form kept and its problems (422).
fn again(body: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

/// `POST /new`: creates a scenario from the form's header, then shows its build page.
pub async fn create(State(st): State<Shared>, Form(p): Form<Pairs>) -> PageResult<Response> {
    let id = s(&p, "id");
    let kept = |errors| Kept {
        op: "create".into(),
        key: String::new(),
        values: p.clone(),
        errors,
    };
    let c = match change_of(&p) {
        Ok(c) => c,
        Err(e) => return Ok(again(new_page(&kept(e)))),
    };
    match service::change(&st, &id, None, c, None).await {
        Ok(saved) => Ok(Redirect::to(&format!(
            "/scenarios/{}/build?saved={}",
            enc(&saved.scenario.id),
            saved.scenario.version
        ))
        .into_response()),
        Err(WebError::Fields(e)) => Ok(again(new_page(&kept(e)))),
        Err(e) => Err(e.into()),
    }
}

/// `POST /new/import`: imports an uploaded scenario file through the CLI's loaders.
pub async fn import(State(st): State<Shared>, Form(p): Form<Pairs>) -> PageResult<Response> {
    let text = field(&p, "text").unwrap_or_default().replace("\r\n", "\n");
    match service::import(&st, &s(&p, "filename"), text, None).await {
        Ok(saved) => Ok(Redirect::to(&format!(
            "/scenarios/{}/build?saved={}",
            enc(&saved.scenario.id),
            saved.scenario.version
        ))
        .into_response()),
        Err(WebError::Fields(errors)) => Ok(again(new_page(&Kept {
            op: "import".into(),
            key: String::new(),
            values: p,
            errors,
        }))),
        Err(e) => Err(e.into()),
    }
}

/// `/scenarios/ID/build`.
pub async fn view(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<SavedQ>,
) -> PageResult<Markup> {
    let v = service::scenario(&st, &id, None).await?;
    Ok(builder(
        &v.scenario,
        v.version.info.version,
        q.saved,
        &Kept::default(),
    ))
}

/// `POST /scenarios/{id}/build`: applies one change from the build page's forms; on problems, the page again with the form as typed.
pub async fn save(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Form(p): Form<Pairs>,
) -> PageResult<Response> {
    let base: Option<i64> = super::int_field(&p, "base_version")?;
    let kept = |errors| Kept {
        op: s(&p, "op"),
        key: s(&p, "key"),
        values: p.clone(),
        errors,
    };
    let result = match change_of(&p) {
        Ok(c) => service::change(&st, &id, base, c, None).await,
        Err(e) => Err(WebError::Fields(e)),
    };
    match result {
        Ok(saved) => {
            let at = match s(&p, "op").as_str() {
                "header" => "header",
                op if op.contains("actor") => "actors",
                _ => "issues",
            };
            Ok(Redirect::to(&format!(
                "/scenarios/{}/build?saved={}#{at}",
                enc(&id),
                saved.scenario.version
            ))
            .into_response())
        }
        Err(WebError::Fields(e)) => {
            let v = service::scenario(&st, &id, None).await?;
            Ok(again(builder(
                &v.scenario,
                v.version.info.version,
                None,
                &kept(e),
            )))
        }
        Err(e) => Err(e.into()),
    }
}

const ACTOR_INPUTS: &[&str] = &["id", "name", "capability"];
const ISSUE_INPUTS: &[&str] = &["id", "name", "unit", "min", "max", "anchors", "status_quo"];
const STANCE_INPUTS: &[&str] = &["actor", "position", "salience"];

/// The builder page of version `ver` of `s`, with `k`'s form kept.
fn builder(s: &Scenario, ver: i64, saved: Option<i64>, k: &Kept) -> Markup {
    let l = crate::lang::current();
    let id = &s.id;
    let action = format!("/scenarios/{}/build", enc(id));
    let hidden = |op: &str, key: &str| {
        html! {
            input type="hidden" name="op" value=(op);
            input type="hidden" name="key" value=(key);
            input type="hidden" name="base_version" value=(ver);
        }
    };
    let h = F::new(k, "header", "", &["name", "question"]);
    let add_actor = F::new(k, "add_actor", "", ACTOR_INPUTS);
    let add_issue = F::new(k, "add_issue", "", ISSUE_INPUTS);
    let value_link = |path: String, x: f64| {
        html! { a.value href={ "/scenarios/" (enc(id)) "/value?path=" (enc(&path)) } data-path=(path) { (num(x)) } }
    };
    page(
        &tr_args(l, "web-build-title", &[("name", s.name.clone())]),
        html! {
            p.crumbs { a href="/scenarios" { (tr(l, "web-scenarios-title")) } " › " a href={ "/scenarios/" (enc(id)) } { (s.name) } " › " (tr(l, "web-build-crumb")) }
            h1 data-testid="build-title" { (tr_args(l, "web-build-title", &[("name", s.name.clone())])) }
            p.meta { code { (id) } " · " (tr_args(l, "web-version-of", &[("version", ver.to_string()), ("latest", ver.to_string())]))
                " · " a href={ "/scenarios/" (enc(id)) } data-testid="to-grid" { (tr(l, "web-build-to-grid")) } }
            @if let Some(n) = saved { p.notice role="status" data-testid="saved" { (tr_args(l, "web-saved", &[("version", n.to_string())])) } }
            @if !k.errors.is_empty() { p.error role="alert" data-testid="not-saved" { (tr(l, "web-build-not-saved")) } }
            section.build #header {
                h2 { (tr(l, "web-build-header")) }
                form method="post" action=(action) data-testid="header-form" {
                    (hidden("header", ""))
                    (h.top())
                    (text(&h, &tr(l, "web-build-name"), "name", &s.name, true))
                    label.wide data-input="question" { (tr(l, "web-build-question")) " "
                        textarea name="question" rows="2" cols="70" { (h.val("question", &s.question)) }
                    }
                    button type="submit" { (tr(l, "web-build-save")) }
                }
            }
            section.build #actors {
                h2 { (tr(l, "web-build-actors")) " (" (s.actors.len()) ")" }
                @if s.actors.is_empty() { p.help { (tr(l, "web-build-no-actors")) } }
                table.list data-testid="actors" {
                    @if !s.actors.is_empty() {
                        thead { tr { th { (tr(l, "web-id")) " / " (tr(l, "web-build-name")) } th { (tr(l, "web-capability")) } th {} } }
                    }
                    tbody {
                        @for a in &s.actors {
                            @let f = F::new(k, "edit_actor", &a.id, ACTOR_INPUTS);
                            tr data-actor=(a.id) {
                                td {
                                    form.inline method="post" action=(action) data-testid="edit-actor" {
                                        (hidden("edit_actor", &a.id))
                                        (f.top())
                                        (text(&f, &tr(l, "web-id"), "id", &a.id, true))
                                        (text(&f, &tr(l, "web-build-name"), "name", &a.name, false))
                                        button type="submit" { (tr(l, "web-build-save")) }
                                    }
                                }
                                td { (value_link(format!("{}.capability", a.id), a.capability.value)) }
                                td {
                                    form.inline method="post" action=(action) data-testid="remove-actor" {
                                        (hidden("remove_actor", &a.id))
                                        button.danger type="submit" { (tr(l, "web-build-remove")) }
                                    }
                                }
                            }
                        }
                    }
                }
                h3 { (tr(l, "web-build-add-actor")) }
                form method="post" action=(action) data-testid="add-actor" {
                    (hidden("add_actor", ""))
                    (add_actor.top())
                    (text(&add_actor, &tr(l, "web-id"), "id", "", true))
                    (text(&add_actor, &tr(l, "web-build-name"), "name", "", false))
                    (sourced(&add_actor, &tr(l, "web-capability"), "capability", (Some(0.0), None), true))
                    button type="submit" { (tr(l, "web-build-add-actor")) }
                }
            }
            section.build #issues {
                h2 { (tr(l, "web-build-issues")) " (" (s.issues.len()) ")" }
                @if s.issues.is_empty() { p.help { (tr(l, "web-build-no-issues")) } }
                @for (ii, i) in s.issues.iter().enumerate() {
                    (issue_block(s, ii, i, &action, ver, k))
                }
                h3 { (tr(l, "web-build-add-issue")) }
                form method="post" action=(action) data-testid="add-issue" {
                    (hidden("add_issue", ""))
                    (add_issue.top())
                    (issue_inputs(&add_issue, None))
                    (sourced(&add_issue, &tr(l, "web-status-quo"), "status_quo", (None, None), false))
                    button type="submit" { (tr(l, "web-build-add-issue")) }
                }
            }
        },
    )
}

/// An issue's entry inputs: id, name, unit, scale, anchors.
fn issue_inputs(f: &F, i: Option<&Issue>) -> Markup {
    let l = crate::lang::current();
    let d = |x: Option<String>| x.unwrap_or_default();
    html! {
        (text(f, &tr(l, "web-id"), "id", &d(i.map(|i| i.id.clone())), true))
        (text(f, &tr(l, "web-build-name"), "name", &d(i.map(|i| i.name.clone())), false))
        (text(f, &tr(l, "web-build-unit"), "unit", &d(i.map(|i| i.unit.clone())), false))
        (number(f, &tr(l, "web-build-min"), "min", &d(i.map(|i| num(i.min))), (None, None), true))
        (number(f, &tr(l, "web-build-max"), "max", &d(i.map(|i| num(i.max))), (None, None), true))
        label.wide data-input="anchors" { (tr(l, "web-build-anchors")) " "
            textarea name="anchors" rows="3" cols="50" placeholder="2 = 2% by FY2027" aria-invalid=[f.invalid("anchors")] { (f.val("anchors", &d(i.map(anchors_text)))) }
        }
        (f.errs("anchors"))
    }
}

/// One issue: its entry (edit, remove), status quo, stances and the form
/// adding one (its inputs bounded by the issue's scale).
fn issue_block(s: &Scenario, ii: usize, i: &Issue, action: &str, ver: i64, k: &Kept) -> Markup {
    let l = crate::lang::current();
    let id = &s.id;
    let f = F::new(k, "edit_issue", &i.id, ISSUE_INPUTS);
    let st = F::new(k, "add_stance", &i.id, STANCE_INPUTS);
    let free: Vec<&domei_scenario::Actor> = s
        .actors
        .iter()
        .enumerate()
        .filter(|(a, _)| s.stance(*a, ii).is_none())
        .map(|(_, a)| a)
        .collect();
    let link = |path: String, x: f64| {
        html! { a.value href={ "/scenarios/" (enc(id)) "/value?path=" (enc(&path)) } data-path=(path) { (num(x)) } }
    };
    let hidden = |op: &str| {
        html! {
            input type="hidden" name="op" value=(op);
            input type="hidden" name="key" value=(i.id);
            input type="hidden" name="base_version" value=(ver);
        }
    };
    html! {
        article.issue data-issue=(i.id) {
            h3 { (i.name) " " small { code { (i.id) } " · " (super::scale_label(i)) } }
            details open[f.kept.is_some()] {
                summary { (tr(l, "web-build-edit-issue")) }
                form method="post" action=(action) data-testid="edit-issue" {
                    (hidden("edit_issue"))
                    (f.top())
                    (issue_inputs(&f, Some(i)))
                    button type="submit" { (tr(l, "web-build-save")) }
                }
                form.inline method="post" action=(action) data-testid="remove-issue" {
                    (hidden("remove_issue"))
                    button.danger type="submit" { (tr(l, "web-build-remove-issue")) }
                }
            }
            p { (tr(l, "web-status-quo")) ": "
                @match &i.status_quo {
                    Some(v) => (link(format!("{}.status_quo", i.id), v.value)),
                    None => a.value.missing href={ "/scenarios/" (enc(id)) "/value?path=" (enc(&format!("{}.status_quo", i.id))) } { (tr(l, "web-add")) },
                }
            }
            table.list data-testid="stances" {
                tbody {
                    @for (a, actor) in s.actors.iter().enumerate() {
                        @if let Some(x) = s.stance(a, ii) {
                            tr {
                                th { (actor.name) }
                                td { (tr(l, "web-pos")) " " (link(format!("{}.{}.position", actor.id, i.id), x.position.value)) }
                                td { (tr(l, "web-sal")) " " (link(format!("{}.{}.salience", actor.id, i.id), x.salience.value)) }
                            }
                        }
                    }
                }
            }
            @if !free.is_empty() {
                form.stance method="post" action=(action) data-testid="add-stance" data-issue=(i.id) {
                    (hidden("add_stance"))
                    h4 { (tr_args(l, "web-build-add-stance", &[("issue", i.name.clone())])) }
                    (st.top())
                    label data-input="actor" { (tr(l, "web-actor")) " "
                        select name="actor" {
                            @for a in &free {
                                option value=(a.id) selected[st.val("actor", "") == a.id] { (a.name) }
                            }
                        }
                    }
                    (st.errs("actor"))
                    (sourced(&st, &tr_args(l, "web-build-position", &[("scale", super::scale_label(i))]), "position", (Some(i.min), Some(i.max)), true))
                    (sourced(&st, &tr(l, "web-build-salience"), "salience", (Some(0.0), Some(1.0)), true))
                    button type="submit" { (tr(l, "web-build-add-stance-button")) }
                }
            }
        }
    }
}

/// For a scenario still being built, what it lacks before it can run (the
/// validator's whole rule set) with a link to the builder, in place of the
/// run form; `None` when it can run.
pub fn not_runnable(toml: &str) -> Option<Markup> {
    let l = crate::lang::current();
    let d = domei_scenario::from_toml_str(
        std::path::Path::new("scenario.toml"),
        toml,
        domei_scenario::Requirements::default(),
    )
    .err()?;
    let id = domei_store::scenarios::parse_scenario(toml).ok()?.id;
    Some(html! {
        div.warning data-testid="not-runnable" {
            p { (tr(l, "web-build-not-runnable")) }
            ul { @for e in d.iter() { li { (e.message_in(l)) @if let Some(h) = e.help_in(l) { " — " (h) } } } }
            p { a href={ "/scenarios/" (enc(&id)) "/build" } { (tr(l, "web-build-go-build")) } }
        }
    })
}
