//! Presenters: forecast results as a table for people, and as JSON and CSV
//! for programs (their shapes are documented in docs/cli.md and do not
//! change silently).
//!
//! Presenters read a `Scenario` and its `ScenarioForecast`; they never
//! compute a forecast themselves.

pub mod forecast_csv;
pub mod forecast_table;
pub mod ledger;
pub mod sim;
pub mod strategy;

pub use forecast_csv::forecast_csv;
pub use forecast_table::forecast_table;
pub use ledger::{ledger_csv, ledger_table};

/// How values on a scale are printed (one rule, domei-scenario's).
pub use domei_scenario::{decimals, fmt_on_scale};

/// The models' disagreement sentence (one wording, domei-run's: the
/// results documents carry it too).
pub use domei_run::disagreement;
