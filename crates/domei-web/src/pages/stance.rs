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
    Ok(page(
        "Add a stance",
        html! {
            p.crumbs { a href={ "/scenarios/" (enc(&id)) } { (s.name) } " › add a stance" }
            h1 { (actor.name) " · " (issue.name) }
            @if s.stance(a, i).is_some() {
                p.warning { "This actor already has a stance on this issue: "
                    a href={ "/scenarios/" (enc(&id)) "/value?path=" (enc(&format!("{}.{}.position", actor.id, issue.id))) } { "edit it" } "." }
            } @else {
                p.help { "Scale: " (scale_label(issue)) ". Salience is between 0 and 1. Say why: the reason is kept with both values as analyst judgement; cite passages on each value's page afterwards." }
                form method="post" action={ "/scenarios/" (enc(&id)) "/stance" } data-testid="stance-form" {
                    input type="hidden" name="actor" value=(actor.id);
                    input type="hidden" name="issue" value=(issue.id);
                    input type="hidden" name="base_version" value=(v.version.info.version);
                    label { "Position " input type="number" step="any" min=(issue.min) max=(issue.max) name="position" required; }
                    label { "Salience " input type="number" step="any" min="0" max="1" name="salience" required; }
                    label.wide { "Judgement (why these values) " textarea name="judgement" rows="3" cols="70" required {} }
                    label.wide { "Message " input type="text" name="message" size="60" placeholder="what and why (optional)"; }
                    button type="submit" { "Add the stance" }
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
