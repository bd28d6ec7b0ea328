//! The comparison page: two runs side by side (`GET /compare`), each
//! point forecast of run A beside run B's and the change, on the issue's
//! scale; the scenario changes between their versions above. The
//! comparison itself is `domei_runs::compare`, through the service.

use super::layout::page;
use super::runs::id_label;
use crate::error::{PageResult, WebError};
use crate::service;
use crate::state::Shared;
use axum::extract::{Query, State};
use domei_i18n::{tr, tr_args};
use maud::{html, Markup};
use serde::Deserialize;

/// Query string of the comparison page: the two runs.
#[derive(Deserialize)]
pub struct CompareQ {
    a: Option<i64>,
    b: Option<i64>,
    /// Only the rows whose forecast changed.
    #[serde(default)]
    changed: Option<String>,
}

impl CompareQ {
    pub(super) fn changed_only(&self) -> bool {
        matches!(self.changed.as_deref(), Some("1" | "true" | "on"))
    }

    pub(super) fn runs(&self) -> Result<(i64, i64), WebError> {
        match (self.a, self.b) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(WebError::BadRequest("choose two runs, A and B".into())),
        }
    }
}

/// A number on a scale `(min, max)`: the decimals of that scale, one
/// format for the whole column (domei-scenario's rule for every table).
fn on_range(x: f64, scale: (f64, f64)) -> String {
    domei_scenario::fmt_on_scale(x, scale.0, scale.1)
}

/// A signed change on a scale; "0" when it rounds to nothing there.
fn signed(d: f64, scale: (f64, f64)) -> String {
    let t = on_range(d, scale);
    if t.trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".into()
    } else if d > 0.0 {
        format!("+{t}")
    } else {
        t
    }
}

/// `GET /compare`: two runs side by side.
pub async fn compare(State(st): State<Shared>, Query(q): Query<CompareQ>) -> PageResult<Markup> {
    let l = crate::lang::current();
    let (a, b) = q.runs()?;
    let only = q.changed_only();
    let c = service::compare(&st, a, b).await?;
    // In Japanese, the issues' names from run B's scenario version in
    // Japanese (same ids); the English names otherwise.
    let names: std::collections::HashMap<String, String> = match l {
        domei_i18n::Lang::En => Default::default(),
        _ => st
            .store
            .scenario_version(&c.b.scenario.id, Some(c.b.scenario.version))
            .await
            .ok()
            .and_then(|ver| {
                domei_scenario::from_toml_str_lang(
                    std::path::Path::new(&c.b.scenario.id),
                    &ver.toml,
                    domei_scenario::Requirements::default(),
                    l,
                )
                .ok()
            })
            .map(|s| s.issues.into_iter().map(|i| (i.id, i.name)).collect())
            .unwrap_or_default(),
    };
    let labels = st.store.run_labels(&[a, b]).await?;
    let name = |id: i64| {
        labels
            .iter()
            .find(|x| x.run == id)
            .and_then(|x| x.name.clone())
            .map(|n| format!(" “{n}”"))
            .unwrap_or_default()
    };
    let shown: Vec<&service::CompareRow> = c.rows.iter().filter(|r| !only || r.changed).collect();
    let n_changed = c.rows.iter().filter(|r| r.changed).count();
    Ok(page(
        &tr_args(
            l,
            "web-compare-title",
            &[("a", a.to_string()), ("b", b.to_string())],
        ),
        html! {
            h1 { (tr(l, "web-compare-run")) " " a href={ "/runs/" (a) } { "#" (a) } (name(a)) " " (tr(l, "web-vs")) " " a href={ "/runs/" (b) } { "#" (b) } (name(b)) }
            p.meta { "A: " (c.a.scenario.to_string()) ", " (id_label(l, "web-run-kind", &c.a.kind)) " · B: " (c.b.scenario.to_string()) ", " (id_label(l, "web-run-kind", &c.b.kind)) }
            @if !c.scenario_changes.is_empty() {
                h2 { (tr(l, "web-compare-changes")) }
                ul data-testid="scenario-changes" { @for ch in &c.scenario_changes { li { (ch) } } }
            }
            h2 { (tr(l, "web-compare-points")) }
            p.actions {
                (tr_args(l, "web-compare-changed-count", &[("changed", n_changed.to_string()), ("total", c.rows.len().to_string())]))
                " · "
                @if only {
                    a href={ "/compare?a=" (a) "&b=" (b) } data-testid="show-all" { (tr(l, "web-compare-show-all")) }
                } @else {
                    a href={ "/compare?a=" (a) "&b=" (b) "&changed=1" } data-testid="changed-only" { (tr(l, "web-compare-changed-only")) }
                }
                " · "
                a href={ "/compare.csv?a=" (a) "&b=" (b) @if only { "&changed=1" } } download data-testid="csv-comparison" { (tr(l, "web-download-csv")) }
            }
            table.list data-testid="comparison" {
                thead { tr { th { (tr(l, "web-issue")) } th { (tr(l, "web-model")) } th.num { "A (#" (a) ")" } th.num { "B (#" (b) ")" } th.num { "B − A" } th { (tr(l, "web-st-unit")) } } }
                tbody {
                    @for r in &shown {
                        tr data-issue=(r.issue) class=[r.changed.then_some("changed")] {
                            td title=(r.issue) { (names.get(&r.issue).unwrap_or(&r.issue_name)) } td { (r.model) }
                            td.num { (r.a.map(|x| on_range(x, r.scale)).unwrap_or_else(|| "–".into())) }
                            td.num { (r.b.map(|x| on_range(x, r.scale)).unwrap_or_else(|| "–".into())) }
                            td.num { (r.delta.map(|d| signed(d, r.scale)).unwrap_or_default()) }
                            td.unit { (r.unit) }
                        }
                    }
                }
            }
            @if shown.is_empty() { p.help { (tr(l, "web-compare-nothing-changed")) } }
        },
    ))
}
