//! The forecast ledger from the store: the latest outcome of every resolved
//! issue, and the forecasts of every completed stored run (forecast or
//! simulation) of those scenarios made before the outcome's date, scored
//! by [`domei_ledger::score`]. The CLI (`domei ledger`) and the workbench
//! (the ledger page, `GET /api/ledger`) both use it; it only reads.

use domei_ledger::{forecasts_in_results, made_before, score, Ledger, Resolved};
use domei_store::{OutcomeFilter, RunFilter, RunStatus, Store, StoreError};

/// The ledger of `scenario`, or of every scenario with an outcome.
pub async fn ledger(store: &Store, scenario: Option<&str>) -> Result<Ledger, StoreError> {
    let outcomes = store
        .list_outcomes(&OutcomeFilter {
            scenario: scenario.map(str::to_string),
            history: false,
        })
        .await?;
    let resolved: Vec<Resolved> = outcomes
        .iter()
        .map(|o| Resolved {
            scenario: o.scenario.clone(),
            issue: o.issue.clone(),
            value: o.value,
            date: o.date,
        })
        .collect();
    let mut scenarios: Vec<&str> = resolved.iter().map(|r| r.scenario.as_str()).collect();
    scenarios.dedup(); // listed by scenario: equal ids are adjacent
    let mut forecasts = Vec::new();
    for sc in scenarios {
        // A run later than every outcome of its scenario scores nothing:
        // do not read its results.
        let Some(last) = resolved
            .iter()
            .filter(|r| r.scenario == sc)
            .map(|r| r.date)
            .max()
        else {
            continue;
        };
        let runs = store
            .list_runs(&RunFilter {
                scenario: Some(sc.to_string()),
                kind: None,
                limit: None,
            })
            .await?;
        for info in runs.iter().rev() {
            let counts = info.status == RunStatus::Completed
                && crate::Kind::parse(&info.kind).is_some()
                && made_before(info.started_at, last);
            if !counts {
                continue;
            }
            let run = store.get_run(info.id).await?;
            if let Some(doc) = &run.results {
                forecasts.extend(forecasts_in_results(info.id, sc, info.started_at, doc));
            }
        }
    }
    forecasts.sort_by_key(|f| f.run); // stable: document order within a run
    Ok(score(&forecasts, &resolved))
}

/// Why an outcome was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum OutcomeError {
    /// The issue is not in the scenario's latest version, or the value is
    /// off its scale (the caller's mistake).
    #[error("{0}")]
    Invalid(String),
    /// The scenario is not stored ([`StoreError::NotFound`]) or the store
    /// failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Records an outcome of `scenario`'s `issue` after checking it against
/// the scenario's latest stored version
/// ([`domei_ledger::check_outcome`]). `source` must not be blank.
pub async fn record_outcome(
    store: &Store,
    scenario: &str,
    issue: &str,
    value: f64,
    date: time::Date,
    source: &str,
) -> Result<domei_store::Outcome, OutcomeError> {
    let source = source.trim();
    if source.is_empty() {
        return Err(OutcomeError::Invalid(
            "the source is empty: say where the outcome is recorded".into(),
        ));
    }
    let latest = store.scenario_version(scenario, None).await?;
    let s = domei_store::scenarios::parse_scenario(&latest.toml)?;
    domei_ledger::check_outcome(&s, issue, value).map_err(|m| {
        OutcomeError::Invalid(format!(
            "{m} (scenario {scenario:?} v{})",
            latest.info.version
        ))
    })?;
    Ok(store
        .record_outcome(&domei_store::NewOutcome {
            scenario_id: scenario.to_string(),
            issue_id: issue.to_string(),
            value,
            date,
            source: source.to_string(),
        })
        .await?)
}
