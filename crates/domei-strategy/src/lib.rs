//! What-ifs over scenarios: edits (`--set`), coalitions, issue linkage, and
//! each actor's best response. Every what-if is a pure function from a
//! validated scenario to another validated scenario (or to a search result);
//! [`compare`] forecasts both and reports the change.

pub mod best_response;
pub mod coalition;
pub mod edit;
pub mod linkage;

pub use best_response::{best_response, Limits, Response};
pub use edit::Edit;

use domei_engines::{ModelId, Options};
use domei_run::ScenarioForecast;
use domei_scenario::Scenario;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    #[error("cannot read edit {edit:?}: {why}")]
    BadEdit { edit: String, why: String },
    #[error("unknown actor {0:?}")]
    UnknownActor(String),
    #[error("unknown issue {0:?}")]
    UnknownIssue(String),
    #[error("actor {actor:?} has no stance on {issue:?}; set both its position and salience with `=` to add one")]
    NoStance { actor: String, issue: String },
    #[error("{what} would be {value}, outside {lo}..{hi}")]
    OutOfRange {
        what: String,
        value: f64,
        lo: f64,
        hi: f64,
    },
    #[error("coalition: {0}")]
    Coalition(String),
    #[error("linkage: {0}")]
    Linkage(String),
    #[error("best response: {0}")]
    Limits(String),
}

/// One model's forecast on one issue before and after a what-if.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub model: ModelId,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueChange {
    pub issue: String,
    pub changes: Vec<Change>,
}

/// Forecasts `before` and `after` (same issues, in the same order) and pairs
/// the results.
pub fn compare(
    before: &Scenario,
    after: &Scenario,
    models: &[ModelId],
    opts: &Options,
) -> (ScenarioForecast, ScenarioForecast, Vec<IssueChange>) {
    let fb = domei_run::forecast(before, models, opts);
    let fa = domei_run::forecast(after, models, opts);
    let changes = fb
        .issues
        .iter()
        .zip(&fa.issues)
        .map(|(b, a)| IssueChange {
            issue: before.issues[b.issue].id.clone(),
            changes: b
                .results
                .iter()
                .zip(&a.results)
                .map(|(rb, ra)| Change {
                    model: rb.model(),
                    before: rb.value(),
                    after: ra.value(),
                    change: rb.value().zip(ra.value()).map(|(x, y)| y - x),
                })
                .collect(),
        })
        .collect();
    (fb, fa, changes)
}
