//! The ledger page: record an outcome, the recorded outcomes, and every
//! stored forecast made before its issue's outcome, scored — with each
//! model's record so far.

use super::layout::page;
use super::scenarios::when;
use super::{enc, field, num, number_field, Pairs};
use crate::error::{PageResult, WebError};
use crate::service::{self, NewOutcomeIn};
use crate::state::Shared;
use axum::extract::{Query, State};
use axum::response::Redirect;
use axum::Form;
use domei_i18n::{tr, tr_args};
use maud::{html, Markup};
use serde::Deserialize;

/// Query string of the ledger page.
#[derive(Deserialize)]
pub struct LedgerQ {
    scenario: Option<String>,
    /// Set after a recording: the recorded outcome's version.
    recorded: Option<i64>,
}

fn held(x: Option<bool>) -> Markup {
    let l = crate::lang::current();
    match x {
        Some(true) => html! { span.ok { (tr(l, "report-yes")) } },
        Some(false) => html! { span.warning { (tr(l, "report-no")) } },
        None => html! { span.none title=(tr(l, "web-ledger-no-range")) { "–" } },
    }
}

/// `GET /ledger`: the forecast ledger, with the form to record an outcome.
pub async fn view(State(st): State<Shared>, Query(q): Query<LedgerQ>) -> PageResult<Markup> {
    let scenario = q.scenario.filter(|s| !s.trim().is_empty());
    let ledger = service::ledger(&st, scenario.as_deref()).await?;
    let outcomes = service::outcomes(&st, scenario.clone(), false).await?;
    let scenarios = st.store.list_scenarios().await?;
    let l = crate::lang::current();
    Ok(page(
        &tr(l, "web-ledger-title"),
        html! {
            h1 { (tr(l, "web-ledger-title")) @if let Some(s) = &scenario { " " (tr(l, "web-of")) " " code { (s) } } }
            p.help { (tr(l, "web-ledger-help")) }
            @if let Some(v) = q.recorded { p.notice role="status" data-testid="recorded" { (tr_args(l, "web-ledger-recorded", &[("version", v.to_string())])) } }
            form.outcome method="post" action="/ledger/outcomes" data-testid="outcome-form" {
                fieldset {
                    legend { (tr(l, "web-ledger-record-legend")) }
                    label { (tr(l, "web-scenario")) " "
                        select name="scenario" required {
                            @for s in &scenarios { option value=(s.id) selected[scenario.as_deref() == Some(s.id.as_str())] { (s.id) } }
                        }
                    }
                    label { (tr(l, "web-issue")) " " input type="text" name="issue" required size="18"; }
                    label { (tr(l, "web-ledger-outcome")) " " input type="number" name="value" step="any" required size="8"; }
                    label { (tr(l, "web-ledger-resolved-on")) " " input type="date" name="date" required; }
                    label { (tr(l, "web-ledger-source")) " " input type="text" name="source" required size="30" placeholder=(tr(l, "web-ledger-source-placeholder")); }
                    button type="submit" data-testid="record" { (tr(l, "web-ledger-record")) }
                }
            }
            h2 { (tr(l, "web-ledger-outcomes")) }
            @if outcomes.is_empty() { p { (tr(l, "web-ledger-no-outcomes")) } }
            @else {
                table.list data-testid="outcomes" {
                    thead { tr { th { (tr(l, "web-scenario")) } th { (tr(l, "web-issue")) } th.num { (tr(l, "web-ledger-outcome")) } th { (tr(l, "web-ledger-resolved")) } th { (tr(l, "web-ledger-version")) } th { (tr(l, "web-ledger-recorded-at")) } th { (tr(l, "web-ledger-source")) } } }
                    tbody { @for o in &outcomes {
                        tr { td { a href={ "/ledger?scenario=" (enc(&o.scenario)) } { (o.scenario) } } td { (o.issue) } td.num { (num(o.value)) } td { (o.date.to_string()) } td { (o.version) } td { (when(o.recorded_at)) } td { (o.source) } }
                    } }
                }
            }
            h2 { (tr(l, "web-ledger-each-model")) }
            @if ledger.summary.is_empty() { p { (tr(l, "web-ledger-nothing")) } }
            @else {
                table.list data-testid="ledger-summary" {
                    thead { tr { th { (tr(l, "web-model")) } th.num { (tr(l, "web-ledger-forecasts")) } th.num { (tr(l, "report-mae")) } th.num { (tr(l, "report-coverage80")) } th.num { (tr(l, "report-interval-score80")) } } }
                    tbody { @for m in &ledger.summary {
                        tr data-model=(m.model) { td { (m.model) } td.num { (m.n) } td.num { (num(m.mae)) }
                            td.num { (m.coverage80.map_or("–".into(), |c| format!("{:.0}%", c * 100.0))) }
                            td.num { (m.interval_score80.map_or("–".into(), num)) } }
                    } }
                }
                p.help { (tr(l, "web-ledger-units")) }
                h2 { (tr(l, "web-ledger-scored")) }
                table.list data-testid="ledger" {
                    thead { tr { th { (tr(l, "web-runs-run")) } th { (tr(l, "web-ledger-made")) } th { (tr(l, "web-scenario")) } th { (tr(l, "web-issue")) } th { (tr(l, "web-model")) } th.num { (tr(l, "web-ledger-forecast")) } th.num { (tr(l, "web-ledger-outcome")) } th.num { (tr(l, "web-ledger-abs-error")) } th { (tr(l, "web-ledger-in50")) } th { (tr(l, "web-ledger-in80")) } th { (tr(l, "web-ledger-in95")) } } }
                    tbody { @for f in &ledger.forecasts {
                        tr data-model=(f.model) {
                            td { a href={ "/runs/" (f.run) } { "#" (f.run) } } td { (when(f.made)) } td { (f.scenario) } td { (f.issue) }
                            td { @if f.model == domei_ledger::HEADLINE { strong { (f.model) } } @else { (f.model) } }
                            td.num { (num(f.value)) } td.num { (num(f.outcome)) } td.num { (num(f.abs_error)) }
                            td { (held(f.in50)) } td { (held(f.in80)) } td { (held(f.in95)) }
                        }
                    } }
                }
            }
        },
    ))
}

/// The form's post: records, then back to the ledger of that scenario.
pub async fn record(State(st): State<Shared>, Form(p): Form<Pairs>) -> PageResult<Redirect> {
    let text = |k: &str| field(&p, k).unwrap_or_default().to_string();
    let value = number_field(&p, "value")?
        .ok_or_else(|| WebError::BadRequest("value: give the outcome as a number".into()))?;
    let o = service::record_outcome(
        &st,
        &NewOutcomeIn {
            scenario: text("scenario"),
            issue: text("issue"),
            value,
            date: text("date"),
            source: text("source"),
        },
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/ledger?scenario={}&recorded={}",
        enc(&o.scenario),
        o.version
    )))
}
