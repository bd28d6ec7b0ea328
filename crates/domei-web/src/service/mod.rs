//! The workbench's operations, shared by the JSON API ([`crate::api`]) and
//! the pages ([`crate::pages`]): read and edit scenarios, start runs, view
//! a run (recomputed from its stored scenario version and parameters, and
//! checked against its stored results), compare two runs, search the
//! corpus, resolve a cited passage, and build a run's briefing.
//!
//! | module | operations |
//! |---|---|
//! | `scenarios` | read a version (parsed once per text), edit a value, add a stance, attach evidence |
//! | `runs` | start a run, view a stored run (recomputed, cached), its charts |
//! | `history` | why each actor moved: one issue's history in a run; the round logs with actor ids |
//! | [`compare`] | two runs side by side |
//! | `corpus` | search, resolve a passage, record the document list in the store |
//! | [`brief`] | a run's briefing |
//! | `build` | build a scenario: create, change its structure, import a file; problems by field |
//! | `field_error` | one problem beside its field, in the page's language |
//! | [`ledger`] | the forecast ledger; list and record outcomes |
//! | [`strategy`] | what-ifs, best responses and sensitivity: start one, read a stored one |
//! | [`chain`] | a decision chain's and a plan's tables |
//! | [`tables`] | the run pages' tables as data, for their CSV downloads |
//! | `exports` | a chart as SVG or PNG, a run's label (name and note) |

mod brief;
mod build;
pub mod chain;
mod compare;
mod corpus;
mod exports;
mod field_error;
mod history;
mod ledger;
mod runs;
mod scenarios;
pub mod strategy;
pub mod tables;

pub use brief::{brief, doc_records};
pub use build::{change, check_citations, check_text, import, Change, FieldError, SourcedIn};
pub use compare::{compare, CompareRow, Comparison};
pub use corpus::{passage, search, sync_corpus, PassageView};
pub use exports::{chart_bytes, chart_file, set_label, ChartFormat};
pub use history::{history, rounds, HistoryView, RoundLogWithActors};
pub use ledger::{ledger, outcomes, record_outcome, NewOutcomeIn};
pub use runs::{
    charts, charts_in, job_of, run_view, start_run, Chart, RunRequest, RunView, MAX_DRAWS,
};
pub use scenarios::{add_stance, attach, edit_value, scenario, who, NewStance, ScenarioView};
pub use strategy::{start_strategy, strategy_view, StrategyRequest, StrategyView};

use crate::error::WebError;

/// Runs `f` on the blocking pool (CPU-bound or blocking I/O).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(format!("a background task failed: {e}")))?
}
