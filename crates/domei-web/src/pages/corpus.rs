//! The evidence pages: search the corpus, and read one passage in context.

use super::layout::page;
use super::passage_href;
use crate::error::PageResult;
use crate::service;
use crate::state::Shared;
use axum::extract::{Path, Query, State};
use domei_i18n::{tr, tr_args};
use maud::{html, Markup};
use serde::Deserialize;

/// Query string of the corpus search page: the query `q`.
#[derive(Deserialize)]
pub struct SearchQ {
    q: Option<String>,
}

/// `GET /corpus`: searches the evidence corpus.
pub async fn search(State(st): State<Shared>, Query(q): Query<SearchQ>) -> PageResult<Markup> {
    let query = q.q.unwrap_or_default();
    let hits = match query.trim() {
        "" => None,
        qs => Some(service::search(&st, qs, 20).await?),
    };
    let l = crate::lang::current();
    Ok(page(
        &tr(l, "web-nav-evidence"),
        html! {
            h1 { (tr(l, "web-corpus-title")) }
            form method="get" action="/corpus" {
                input type="search" name="q" value=(query) placeholder="host nation support, 防衛費, …" aria-label=(tr(l, "web-corpus-search-label"));
                button type="submit" { (tr(l, "web-corpus-search")) }
            }
            @if let Some(r) = hits {
                @if !r.expansions.is_empty() { p.help { (tr_args(l, "web-corpus-expansions", &[("terms", r.expansions.join(", "))])) } }
                @if r.hits.is_empty() { p { (tr(l, "web-corpus-no-match")) } }
                ol.hits data-testid="hits" {
                    @for h in &r.hits {
                        li {
                            a href=(passage_href(&h.passage)) { (h.passage) } " " small { (h.title.clone().unwrap_or_default()) }
                            p.snippet { (h.snippet) }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /passages/{citation}`: one cited passage with its neighbours.
pub async fn passage(State(st): State<Shared>, Path(c): Path<String>) -> PageResult<Markup> {
    let p = service::passage(&st, &c).await?;
    let l = crate::lang::current();
    Ok(page(
        &p.citation,
        html! {
            h1 { (p.citation) }
            p.ref data-testid="reference" { (p.reference) }
            @if let Some(b) = &p.before { p.context { (b) } }
            blockquote.passage data-testid="passage" { (p.text) }
            @if let Some(a) = &p.after { p.context { (a) } }
            p { a href={ "/corpus?q=" } { (tr(l, "web-corpus-search-label")) } " · " a href=(passage_href(&p.citation)) { (tr(l, "web-corpus-permalink")) } }
        },
    ))
}
