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
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LedgerQ {
    scenario: Option<String>,
    /// Set after a recording: the recorded outcome's version.
    recorded: Option<i64>,
}

fn held(x: Option<bool>) -> Markup {
    match x {
        Some(true) => html! { span.ok { "yes" } },
        Some(false) => html! { span.warning { "no" } },
        None => html! { span.none title="no range in this forecast" { "–" } },
    }
}

pub async fn view(State(st): State<Shared>, Query(q): Query<LedgerQ>) -> PageResult<Markup> {
    let scenario = q.scenario.filter(|s| !s.trim().is_empty());
    let ledger = service::ledger(&st, scenario.as_deref()).await?;
    let outcomes = service::outcomes(&st, scenario.clone(), false).await?;
    let scenarios = st.store.list_scenarios().await?;
    Ok(page(
        "Forecast ledger",
        html! {
            h1 { "Forecast ledger" @if let Some(s) = &scenario { " of " code { (s) } } }
            p.help { "Every stored forecast made before its issue's outcome was resolved, scored against that outcome: the headline and each model, its absolute error, and whether its 50%, 80% and 95% ranges held the outcome. Record an outcome once it is known; recording again for the same issue makes a new version (the latest counts)." }
            @if let Some(v) = q.recorded { p.notice role="status" data-testid="recorded" { "Outcome recorded (version " (v) ")." } }
            form.outcome method="post" action="/ledger/outcomes" data-testid="outcome-form" {
                fieldset {
                    legend { "Record an outcome" }
                    label { "Scenario "
                        select name="scenario" required {
                            @for s in &scenarios { option value=(s.id) selected[scenario.as_deref() == Some(s.id.as_str())] { (s.id) } }
                        }
                    }
                    label { "Issue " input type="text" name="issue" required size="18"; }
                    label { "Outcome " input type="number" name="value" step="any" required size="8"; }
                    label { "Resolved on " input type="date" name="date" required; }
                    label { "Source " input type="text" name="source" required size="30" placeholder="where the outcome is recorded"; }
                    button type="submit" data-testid="record" { "Record" }
                }
            }
            h2 { "Outcomes" }
            @if outcomes.is_empty() { p { "No outcome recorded yet." } }
            @else {
                table.list data-testid="outcomes" {
                    thead { tr { th { "Scenario" } th { "Issue" } th.num { "Outcome" } th { "Resolved" } th { "Version" } th { "Recorded (UTC)" } th { "Source" } } }
                    tbody { @for o in &outcomes {
                        tr { td { a href={ "/ledger?scenario=" (enc(&o.scenario)) } { (o.scenario) } } td { (o.issue) } td.num { (num(o.value)) } td { (o.date.to_string()) } td { (o.version) } td { (when(o.recorded_at)) } td { (o.source) } }
                    } }
                }
            }
            h2 { "Each model so far" }
            @if ledger.summary.is_empty() { p { "Nothing scored yet: a forecast counts once its issue has an outcome and the forecast was made before the outcome's date." } }
            @else {
                table.list data-testid="ledger-summary" {
                    thead { tr { th { "Model" } th.num { "Forecasts" } th.num { "MAE" } th.num { "80% coverage" } th.num { "80% interval score" } } }
                    tbody { @for m in &ledger.summary {
                        tr data-model=(m.model) { td { (m.model) } td.num { (m.n) } td.num { (num(m.mae)) }
                            td.num { (m.coverage80.map_or("–".into(), |c| format!("{:.0}%", c * 100.0))) }
                            td.num { (m.interval_score80.map_or("–".into(), num)) } }
                    } }
                }
                p.help { "Errors and interval scores are in the issues' own units (the interval score adds the 80% range's width and ten times any miss; lower is better). Coverage and interval score count the forecasts that have an 80% range." }
                h2 { "Scored forecasts" }
                table.list data-testid="ledger" {
                    thead { tr { th { "Run" } th { "Made (UTC)" } th { "Scenario" } th { "Issue" } th { "Model" } th.num { "Forecast" } th.num { "Outcome" } th.num { "Abs. error" } th { "In 50%" } th { "In 80%" } th { "In 95%" } } }
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
