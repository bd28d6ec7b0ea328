//! Adding a stance: an actor's position and salience on an issue it had
//! none on (the grid's empty cells link here).

use super::layout::page;
use super::{enc, field, int_field, number_field, scale_label, Pairs};
use crate::error::{PageResult, WebError};
use crate::service::{self, NewStance};
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

/// Query string of the stance form: the `actor` and the `issue`.
#[derive(Deserialize)]
pub struct StanceQ {
    actor: String,
    issue: String,
}

/// `GET /scenarios/{id}/stance`: the form for a new stance.
pub async fn form(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<StanceQ>,
) -> PageResult<Markup> {
    let v = service::scenario(&st, &id, None).await?;
    let s = &v.scenario;
    let a = s
        .actor_index(&q.actor)
        .ok_or_else(|| WebError::NotFound(format!("no actor {:?} in {id}", q.actor)))?;
    let i = s
        .issue_index(&q.issue)
        .ok_or_else(|| WebError::NotFound(format!("no issue {:?} in {id}", q.issue)))?;
    let (actor, issue) = (&s.actors[a], &s.issues[i]);
    let l = crate::lang::current();
    let tr = |k: &str| domei_i18n::tr(l, k);
    Ok(page(
        &tr("web-stance-title"),
        html! {
            p.crumbs { a href={ "/scenarios/" (enc(&id)) } { (s.name) } " › " (tr("web-stance-title")) }
            h1 { (actor.name) " · " (issue.name) }
            @if s.stance(a, i).is_some() {
                p.warning { (tr("web-stance-exists")) " "
                    a href={ "/scenarios/" (enc(&id)) "/value?path=" (enc(&format!("{}.{}.position", actor.id, issue.id))) } { (tr("web-stance-edit-it")) } }
            } @else {
                p.help { (domei_i18n::tr_args(l, "web-stance-help", &[("scale", scale_label(issue))])) }
                form method="post" action={ "/scenarios/" (enc(&id)) "/stance" } data-testid="stance-form" {
                    input type="hidden" name="actor" value=(actor.id);
                    input type="hidden" name="issue" value=(issue.id);
                    input type="hidden" name="base_version" value=(v.version.info.version);
                    label { (tr("web-value-field-position")) " " input type="number" step="any" min=(issue.min) max=(issue.max) name="position" required; }
                    label { (tr("web-value-field-salience")) " " input type="number" step="any" min="0" max="1" name="salience" required; }
                    label.wide { (tr("web-stance-judgement")) " " textarea name="judgement" rows="3" cols="70" required {} }
                    label.wide { (tr("web-value-message")) " " input type="text" name="message" size="60" placeholder=(tr("web-value-message-placeholder")); }
                    button type="submit" { (tr("web-stance-add")) }
                }
            }
        },
    ))
}

/// `POST /scenarios/{id}/stance`: saves a new stance as a new version.
pub async fn save(
    State(st): State<Shared>,
    Path(id): Path<String>,
    Form(p): Form<Pairs>,
) -> PageResult<Redirect> {
    let need = |k: &str| {
        number_field(&p, k)?.ok_or_else(|| WebError::BadRequest(format!("{k} is required")))
    };
    let n = NewStance {
        actor: field(&p, "actor").unwrap_or_default().to_string(),
        issue: field(&p, "issue").unwrap_or_default().to_string(),
        position: need("position")?,
        salience: need("salience")?,
        judgement: field(&p, "judgement")
            .unwrap_or_default()
            .replace("\r\n", "\n"),
        base_version: int_field(&p, "base_version")?,
        message: field(&p, "message").map(str::to_string),
    };
    let saved = service::add_stance(&st, &id, n).await?;
    Ok(Redirect::to(&format!(
        "/scenarios/{}?saved={}",
        enc(&id),
        saved.scenario.version
    )))
}
