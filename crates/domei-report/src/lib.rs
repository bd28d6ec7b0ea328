//! Presenters: forecast results as a table for people, and as JSON and CSV
//! for programs (their shapes are documented in docs/cli.md and do not
//! change silently).
//!
//! Presenters read a [`Scenario`] and its [`ScenarioForecast`]; they never
//! compute a forecast themselves.

pub mod forecast_csv;
pub mod forecast_json;
pub mod forecast_table;
pub mod ledger;
pub mod sim;
pub mod strategy;

pub use forecast_csv::forecast_csv;
pub use forecast_json::{forecast_json, ForecastJson};
pub use forecast_table::forecast_table;
pub use ledger::{ledger_csv, ledger_table};

/// Decimal places that suit a scale: finer for narrow scales.
pub fn decimals(min: f64, max: f64) -> usize {
    let range = max - min;
    if range <= 10.0 {
        2
    } else if range <= 200.0 {
        1
    } else {
        0
    }
}

/// `x` with the decimals that suit the scale.
pub fn fmt_on_scale(x: f64, min: f64, max: f64) -> String {
    format!("{:.*}", decimals(min, max), x)
}
