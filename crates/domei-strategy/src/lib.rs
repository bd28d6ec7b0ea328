//! What-ifs over scenarios: edits (`--set`), coalitions, issue linkage, and
//! each actor's best response. Every what-if is a pure function from a
//! validated scenario to another validated scenario (or to a search result);
//! [`compare`] forecasts both and reports the change.

#![warn(missing_docs)]

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

/// Why a what-if could not be made; the message names the offending input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    /// An edit (`--set`) that cannot be read.
    #[error("cannot read edit {edit:?}: {why}")]
    BadEdit {
        /// The edit as given.
        edit: String,
        /// What is wrong with it.
        why: String,
    },
    /// An actor id not in the scenario.
    #[error("unknown actor {0:?}")]
    UnknownActor(String),
    /// An issue id not in the scenario.
    #[error("unknown issue {0:?}")]
    UnknownIssue(String),
    /// An edit of a position or salience the actor has no stance for.
    #[error("actor {actor:?} has no stance on {issue:?}; set both its position and salience with `=` to add one")]
    NoStance {
        /// Actor id.
        actor: String,
        /// Issue id.
        issue: String,
    },
    /// An edit that would take a value outside its domain.
    #[error("{what} would be {}, outside its domain: {}", number(*value), domain(*lo, *hi))]
    OutOfRange {
        /// The value, in words.
        what: String,
        /// What it would become.
        value: f64,
        /// Lowest allowed value.
        lo: f64,
        /// Highest allowed value.
        hi: f64,
    },
    /// A coalition that cannot be formed (too few members, no issues, ...).
    #[error("coalition: {0}")]
    Coalition(String),
    /// A linkage that cannot be made (fewer than two issues, ...).
    #[error("linkage: {0}")]
    Linkage(String),
    /// Best-response limits out of range, or a model the search cannot use.
    #[error("best response: {0}")]
    Limits(String),
}

/// A number in an error message: integers without decimals, others with
/// up to six decimals, very large or very small ones in exponent form (so
/// a bound like 1e100 or the smallest positive float is not printed in
/// hundreds of digits).
pub fn number(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        return format!("{x:e}");
    }
    if x.fract() == 0.0 {
        return format!("{x:.0}");
    }
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The allowed values `lo..=hi` in words; a lower bound that is the
/// smallest positive number means "greater than 0".
fn domain(lo: f64, hi: f64) -> String {
    if lo > 0.0 && lo <= f64::MIN_POSITIVE {
        format!("greater than 0 and at most {}", number(hi))
    } else {
        format!("from {} to {}", number(lo), number(hi))
    }
}

/// One model's forecast on one issue before and after a what-if.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The model.
    pub model: ModelId,
    /// Its forecast on the original scenario; `None` when it could not forecast.
    pub before: Option<f64>,
    /// Its forecast on the changed scenario; `None` when it could not forecast.
    pub after: Option<f64>,
    /// `after − before`, in the issue's units; `None` when either is missing.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The changes on one issue, one per model ([`compare`]).
pub struct IssueChange {
    /// Issue id, as in the scenario file.
    pub issue: String,
    /// Each model's change, in the order the models were given.
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
