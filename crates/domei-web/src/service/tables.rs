//! The tables of the run pages as data, for their CSV downloads: each
//! table is built here from the same results the page shows (a run's
//! forecasts, a comparison, a strategy run's changes, best responses or
//! sensitivity bars, the round history), every number at full precision in
//! the CSV and on its issue's scale on the page. The CSV has a header row,
//! one line per table row, and is RFC 4180 (the `csv` crate, as `domei
//! forecast --format csv`).

use super::{Comparison, RunView};
use domei_runs::strategy::{StrategyDoc, StrategyResult};
use domei_scenario::Scenario;
use domei_store::RoundLog;

/// A table: its name (the CSV's file name), column names and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The CSV's file name, without `.csv`.
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, cells as text.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(name: &'static str, columns: &[&str]) -> Table {
        Table {
            name,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV.
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail (errors come only from I/O).
        let _ = w.write_record(&self.columns);
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn num(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// The names of the tables a run's page offers for download.
pub fn names(kind: &str) -> &'static [&'static str] {
    match kind {
        "whatif" => &["changes"],
        "best_response" => &["responses"],
        "sensitivity" => &["sensitivity"],
        "events" => &["outcomes", "paths"],
        "plan" => &["actions"],
        _ => &["forecasts", "rounds"],
    }
}

/// A forecast or simulation run's forecast table: per issue the headline
/// with its 80% range and each model's point forecast (simulations: with
/// the 10th and 90th percentile of the draws).
pub fn forecasts(v: &RunView) -> Table {
    let s = &v.scenario;
    let models = &v.outcome.forecast.models;
    let sim = v.outcome.sim.as_ref();
    let mut cols: Vec<String> = [
        "issue",
        "name",
        "unit",
        "min",
        "max",
        "headline",
        "headline_lo80",
        "headline_hi80",
    ]
    .map(String::from)
    .to_vec();
    for m in models {
        cols.push(m.as_str().to_string());
        if sim.is_some() {
            cols.push(format!("{m}_p10"));
            cols.push(format!("{m}_p90"));
        }
    }
    let mut t = Table {
        name: "forecasts",
        columns: cols,
        rows: Vec::new(),
    };
    for f in &v.outcome.forecast.issues {
        let issue = &s.issues[f.issue];
        let h = v
            .headlines
            .iter()
            .find(|(id, _)| *id == issue.id)
            .map(|(_, h)| h);
        let p80 = h.and_then(|h| h.ranges.p80);
        let mut row = vec![
            issue.id.clone(),
            issue.name.clone(),
            issue.unit.clone(),
            issue.min.to_string(),
            issue.max.to_string(),
            num(h.map(|h| h.value)),
            num(p80.map(|r| r.0)),
            num(p80.map(|r| r.1)),
        ];
        let sims = sim.and_then(|r| r.issues.iter().find(|x| x.issue == f.issue));
        for (j, r) in f.results.iter().enumerate() {
            row.push(num(r.value()));
            if sim.is_some() {
                let sm = sims.and_then(|x| x.models.get(j));
                row.push(num(sm.and_then(|m| m.summary.p10)));
                row.push(num(sm.and_then(|m| m.summary.p90)));
            }
        }
        t.rows.push(row);
    }
    t
}

/// The round history of a run's iterative models: per issue, model and
/// round, the median and mean position and every actor's position (in the
/// order the model saw them, `;`-separated).
pub fn rounds(logs: &[RoundLog]) -> Table {
    let mut t = Table::new(
        "rounds",
        &["issue", "model", "round", "median", "mean", "positions"],
    );
    for r in logs {
        t.rows.push(vec![
            r.issue_id.clone(),
            r.model.clone(),
            r.round.to_string(),
            r.median.to_string(),
            r.mean.to_string(),
            r.positions
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        ]);
    }
    t
}

/// A comparison's rows (only those that changed when `changed_only`).
pub fn comparison(c: &Comparison, changed_only: bool) -> Table {
    let mut t = Table::new(
        "comparison",
        &["issue", "name", "unit", "model", "a", "b", "b_minus_a"],
    );
    for r in c.rows.iter().filter(|r| !changed_only || r.changed) {
        t.rows.push(vec![
            r.issue.clone(),
            r.issue_name.clone(),
            r.unit.clone(),
            r.model.clone(),
            num(r.a),
            num(r.b),
            num(r.delta),
        ]);
    }
    t
}

/// A strategy run's table `name` (one of [`names`]): a what-if's changes,
/// best responses, the sensitivity bars, a decision chain's outcomes or
/// most likely paths, or a plan's actions.
pub fn strategy(s: &Scenario, doc: &StrategyDoc, name: &str) -> Table {
    let unit = |id: &str| {
        s.issues
            .iter()
            .find(|i| i.id == id)
            .map_or(String::new(), |i| i.unit.clone())
    };
    match &doc.result {
        StrategyResult::Whatif { changes, .. } => {
            let mut t = Table::new(
                "changes",
                &["issue", "unit", "model", "before", "after", "change"],
            );
            for ic in changes {
                for c in &ic.changes {
                    t.rows.push(vec![
                        ic.issue.clone(),
                        unit(&ic.issue),
                        c.model.as_str().to_string(),
                        num(c.before),
                        num(c.after),
                        num(c.change),
                    ]);
                }
            }
            t
        }
        StrategyResult::BestResponse { responses, .. } => {
            let mut t = Table::new(
                "responses",
                &[
                    "issue",
                    "unit",
                    "model",
                    "ideal",
                    "current_salience",
                    "baseline",
                    "best_position",
                    "best_salience",
                    "best_forecast",
                    "gain",
                    "gain_share",
                ],
            );
            for r in responses {
                t.rows.push(vec![
                    r.issue.clone(),
                    unit(&r.issue),
                    r.model.as_str().to_string(),
                    r.ideal.to_string(),
                    r.current_salience.to_string(),
                    r.baseline.to_string(),
                    r.best_position.to_string(),
                    r.best_salience.to_string(),
                    r.best_forecast.to_string(),
                    r.gain.to_string(),
                    r.gain_share.to_string(),
                ]);
            }
            t
        }
        StrategyResult::Sensitivity { tornados } => {
            let mut t = Table::new(
                "sensitivity",
                &[
                    "issue",
                    "unit",
                    "model",
                    "base",
                    "actor",
                    "input",
                    "low",
                    "high",
                    "forecast_low",
                    "forecast_high",
                    "swing",
                    "strength",
                ],
            );
            for tor in tornados {
                let Some(issue) = s.issues.get(tor.issue) else {
                    continue;
                };
                for b in &tor.bars {
                    t.rows.push(vec![
                        issue.id.clone(),
                        issue.unit.clone(),
                        tor.model.as_str().to_string(),
                        num(tor.base),
                        b.actor.clone(),
                        serde_json::to_value(b.field)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        b.low.to_string(),
                        b.high.to_string(),
                        b.forecast_low.to_string(),
                        b.forecast_high.to_string(),
                        b.swing.to_string(),
                        serde_json::to_value(b.strength)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                    ]);
                }
            }
            t
        }
        StrategyResult::Events { chain, .. } if name == "paths" => super::chain::paths_table(chain),
        StrategyResult::Events { chain, .. } => super::chain::outcomes_table(chain),
        StrategyResult::Plan { ranking } => super::chain::actions_table(ranking),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields with commas, quotes and line breaks are quoted; the header
    /// comes first.
    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut t = Table::new("x", &["issue", "name"]);
        t.rows
            .push(vec!["a".into(), "Tariffs, \"reciprocal\"\n(2025)".into()]);
        assert_eq!(
            t.csv(),
            "issue,name\na,\"Tariffs, \"\"reciprocal\"\"\n(2025)\"\n"
        );
    }
}
