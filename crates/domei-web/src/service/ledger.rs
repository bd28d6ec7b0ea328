//! The forecast ledger and the outcomes it scores against: read the ledger
//! (domei-runs gathers it from the store, domei-ledger scores it), list and
//! record outcomes (checked by domei-runs against the scenario's latest
//! version, as on the command line).

use crate::error::WebError;
use crate::state::AppState;
use domei_ledger::Ledger;
use domei_store::{Outcome, OutcomeFilter};
use serde::Deserialize;

/// An outcome to record, as the API and the ledger page's form give it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOutcomeIn {
    /// The stored scenario's id.
    pub scenario: String,
    /// The issue's id, as in the scenario file.
    pub issue: String,
    /// The outcome, on the issue's scale.
    pub value: f64,
    /// YYYY-MM-DD.
    pub date: String,
    /// Where the outcome is recorded (a document, a URL, a decision).
    pub source: String,
}

/// The ledger of `scenario` (404 if it is not stored), or of every
/// scenario with an outcome.
pub async fn ledger(st: &AppState, scenario: Option<&str>) -> Result<Ledger, WebError> {
    if let Some(id) = scenario {
        st.store.latest_version(id).await?;
    }
    Ok(domei_runs::ledger(&st.store, scenario).await?)
}

/// Recorded outcomes (the latest of each issue, or every version).
pub async fn outcomes(
    st: &AppState,
    scenario: Option<String>,
    history: bool,
) -> Result<Vec<Outcome>, WebError> {
    Ok(st
        .store
        .list_outcomes(&OutcomeFilter { scenario, history })
        .await?)
}

/// Records `o`: 400 for a malformed date, 422 for an issue not in the
/// scenario or a value off its scale, 404 for an unknown scenario.
pub async fn record_outcome(st: &AppState, o: &NewOutcomeIn) -> Result<Outcome, WebError> {
    let date = domei_ledger::parse_date(o.date.trim()).map_err(WebError::BadRequest)?;
    domei_runs::record_outcome(
        &st.store,
        o.scenario.trim(),
        o.issue.trim(),
        o.value,
        date,
        &o.source,
    )
    .await
    .map_err(|e| match e {
        domei_runs::OutcomeError::Invalid(m) => WebError::Invalid(m),
        domei_runs::OutcomeError::Store(e) => e.into(),
    })
}
