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

/// A sentence when the models' forecasts on an issue differ by more than
/// the width of the headline's 80% range, naming the lowest and highest
/// (docs/cli.md, "forecast JSON": `disagreement`); `None` otherwise or
/// without a headline.
pub fn disagreement(
    issue: &domei_scenario::Issue,
    ifc: &domei_run::IssueForecast,
) -> Option<String> {
    let h = ifc.headline.as_ref()?;
    let spread = ifc.spread()?;
    let (lo80, hi80) = h.intervals.p80;
    if spread <= hi80 - lo80 + 1e-9 {
        return None;
    }
    let vals: Vec<(domei_engines::ModelId, f64)> = ifc
        .results
        .iter()
        .filter_map(|r| Some((r.model(), r.value()?)))
        .collect();
    let lowest = vals.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let highest = vals.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let f = |x: f64| fmt_on_scale(x, issue.min, issue.max);
    let unit = if issue.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", issue.unit)
    };
    Some(format!(
        "The models disagree by {}{unit}, more than the headline's 80% range ({}–{}): {} forecasts {}, {} {}.",
        f(spread),
        f(lo80),
        f(hi80),
        lowest.0.as_str(),
        f(lowest.1),
        highest.0.as_str(),
        f(highest.1),
    ))
}
