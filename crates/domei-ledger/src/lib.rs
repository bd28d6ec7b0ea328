//! The forecast ledger: every stored forecast made before an issue's
//! outcome was known, scored against that outcome.
//!
//! Pure: no I/O, no clock. [`read::forecasts_in_results`] takes the
//! forecasts out of a stored run's results document (the headline and
//! each model's point, with their predictive ranges when the document has
//! them); [`score`] matches them with resolved outcomes and scores them;
//! [`check`] holds the rules an outcome must satisfy before it is recorded.
//! Gathering runs and outcomes from the store is `domei_runs::ledger`'s
//! job; showing the result is domei-report's.
//!
//! Scores, per forecast: the absolute error `|value − outcome|` and, for
//! each of the 50%, 80% and 95% ranges the forecast has, whether it holds
//! the outcome (ends included). Per model (the headline is one more
//! "model"), over its scored forecasts: the mean absolute error; the
//! coverage of the 80% range (the share of forecasts whose 80% range held
//! the outcome) and the mean interval score of the 80% range (Winkler 1972;
//! Gneiting & Raftery 2007, eq. 43), both over the forecasts that have an
//! 80% range:
//!
//! ```text
//! IS_α(l, u; y) = (u − l) + (2/α)·(l − y)·[y < l] + (2/α)·(y − u)·[y > u],   α = 0.2
//! ```
//!
//! Lower is better: a range pays for its width and, when it misses, for
//! how far it misses, scaled by 2/α = 10. All figures are in the issues'
//! own units.

#![warn(missing_docs)]

pub mod check;
pub mod read;

pub use check::{check_outcome, parse_date};
pub use read::{forecasts_in_results, headline_of, headlines, Headline};

use serde::Serialize;
use time::{Date, OffsetDateTime};

/// The model name the ledger gives the headline forecast.
pub const HEADLINE: &str = "headline";

/// A predictive range `(low, high)` at 50%, 80% and 95%, each when known.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ranges {
    /// The 50% range, when the run gave one.
    pub p50: Option<(f64, f64)>,
    /// The 80% range, when the run gave one.
    pub p80: Option<(f64, f64)>,
    /// The 95% range, when the run gave one.
    pub p95: Option<(f64, f64)>,
}

impl Ranges {
    /// Whether no range is known.
    pub fn is_empty(&self) -> bool {
        self.p50.is_none() && self.p80.is_none() && self.p95.is_none()
    }
}

/// One stored forecast of one issue by one model (or the headline).
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The stored run's id.
    pub run: i64,
    /// Scenario id, as in the scenario file.
    pub scenario: String,
    /// Issue id within the scenario.
    pub issue: String,
    /// When the run was made.
    pub made: OffsetDateTime,
    /// A model's name, or [`HEADLINE`].
    pub model: String,
    /// The forecast value, on the issue's scale.
    pub value: f64,
    /// Its predictive ranges (empty for a model without them).
    pub ranges: Ranges,
}

/// A resolved outcome: what `issue` of `scenario` settled at, on `date`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Scenario id, as in the scenario file.
    pub scenario: String,
    /// Issue id within the scenario.
    pub issue: String,
    /// The value it settled at, on the issue's scale.
    pub value: f64,
    /// The day it settled.
    pub date: Date,
}

/// One scored forecast (`forecasts[]` of `domei ledger --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The stored run's id.
    pub run: i64,
    /// Scenario id, as in the scenario file.
    pub scenario: String,
    /// Issue id within the scenario.
    pub issue: String,
    /// When the run was made (RFC 3339 in JSON).
    #[serde(with = "time::serde::rfc3339")]
    pub made: OffsetDateTime,
    /// A model's name, or [`HEADLINE`].
    pub model: String,
    /// The forecast value, on the issue's scale.
    pub value: f64,
    /// The resolved outcome it is scored against.
    pub outcome: f64,
    /// `|value - outcome|`.
    pub abs_error: f64,
    /// Whether the 50% range held the outcome; null without one.
    pub in50: Option<bool>,
    /// Whether the 80% range held the outcome; null without one.
    pub in80: Option<bool>,
    /// Whether the 95% range held the outcome; null without one.
    pub in95: Option<bool>,
}

/// One model's record so far (`summary[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// A model's name, or [`HEADLINE`].
    pub model: String,
    /// Scored forecasts.
    pub n: usize,
    /// Mean absolute error of its scored forecasts.
    pub mae: f64,
    /// Share of the forecasts with an 80% range whose range held the
    /// outcome; null when none had one.
    pub coverage80: Option<f64>,
    /// Mean interval score of the 80% ranges; null when none had one.
    pub interval_score80: Option<f64>,
}

/// The ledger: scored forecasts, then each model's summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    /// Every forecast with a resolved outcome, scored.
    pub forecasts: Vec<Scored>,
    /// Each model's record, one entry per model.
    pub summary: Vec<Summary>,
}

/// The interval score of the range `(lo, hi)` at miss rate `alpha` (0.2
/// for an 80% range) for the outcome `y`.
pub fn interval_score((lo, hi): (f64, f64), alpha: f64, y: f64) -> f64 {
    domei_calib::score::interval_score(lo, hi, y, alpha)
}

fn holds(range: Option<(f64, f64)>, y: f64) -> Option<bool> {
    range.map(|(lo, hi)| lo <= y && y <= hi)
}

/// Whether a forecast made at `made` counts for an outcome resolved on
/// `date`: it was made before that day began (UTC).
pub fn made_before(made: OffsetDateTime, date: Date) -> bool {
    made < date.midnight().assume_utc()
}

/// Scores every forecast made before its issue's outcome. `outcomes` holds
/// one outcome per scenario and issue (the latest version); forecasts of
/// issues without one, or made on or after its date, are left out. Rows
/// keep the order of `forecasts`; the summary lists models in the order
/// they first appear.
pub fn score(forecasts: &[Forecast], outcomes: &[Resolved]) -> Ledger {
    let mut ledger = Ledger::default();
    for f in forecasts {
        let Some(o) = outcomes
            .iter()
            .find(|o| o.scenario == f.scenario && o.issue == f.issue)
        else {
            continue;
        };
        if !made_before(f.made, o.date) {
            continue;
        }
        ledger.forecasts.push(Scored {
            run: f.run,
            scenario: f.scenario.clone(),
            issue: f.issue.clone(),
            made: f.made,
            model: f.model.clone(),
            value: f.value,
            outcome: o.value,
            abs_error: (f.value - o.value).abs(),
            in50: holds(f.ranges.p50, o.value),
            in80: holds(f.ranges.p80, o.value),
            in95: holds(f.ranges.p95, o.value),
        });
    }
    let mut models: Vec<&str> = Vec::new();
    for s in &ledger.forecasts {
        if !models.contains(&s.model.as_str()) {
            models.push(&s.model);
        }
    }
    // The interval score needs the range itself, not only whether it held:
    // walk the forecasts again in the same order.
    let scored_80: Vec<(String, f64)> = forecasts
        .iter()
        .filter_map(|f| {
            let o = outcomes
                .iter()
                .find(|o| o.scenario == f.scenario && o.issue == f.issue)?;
            let r = f.ranges.p80?;
            made_before(f.made, o.date).then(|| (f.model.clone(), interval_score(r, 0.2, o.value)))
        })
        .collect();
    ledger.summary = models
        .iter()
        .map(|m| {
            let rows: Vec<&Scored> = ledger.forecasts.iter().filter(|s| s.model == *m).collect();
            let n = rows.len();
            let mae = rows.iter().map(|s| s.abs_error).sum::<f64>() / n as f64;
            let held: Vec<bool> = rows.iter().filter_map(|s| s.in80).collect();
            let coverage80 = (!held.is_empty())
                .then(|| held.iter().filter(|h| **h).count() as f64 / held.len() as f64);
            let is: Vec<f64> = scored_80
                .iter()
                .filter(|(model, _)| model == m)
                .map(|(_, x)| *x)
                .collect();
            let interval_score80 =
                (!is.is_empty()).then(|| is.iter().sum::<f64>() / is.len() as f64);
            Summary {
                model: m.to_string(),
                n,
                mae,
                coverage80,
                interval_score80,
            }
        })
        .collect();
    ledger
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    }

    fn fc(run: i64, issue: &str, model: &str, value: f64, p80: Option<(f64, f64)>) -> Forecast {
        Forecast {
            run,
            scenario: "s".into(),
            issue: issue.into(),
            made: date(2025, 5, 1).with_hms(10, 0, 0).unwrap().assume_utc(),
            model: model.into(),
            value,
            ranges: Ranges {
                p50: p80.map(|(lo, hi)| (lo + 1.0, hi - 1.0)),
                p80,
                p95: p80.map(|(lo, hi)| (lo - 2.0, hi + 2.0)),
            },
        }
    }

    #[test]
    fn interval_score_by_hand() {
        // Inside: the width only.
        assert_eq!(interval_score((2.0, 6.0), 0.2, 5.0), 4.0);
        // 1 below: width 4 + 10 × 1.
        assert_eq!(interval_score((2.0, 6.0), 0.2, 1.0), 14.0);
        // 0.5 above: 4 + 10 × 0.5.
        assert_eq!(interval_score((2.0, 6.0), 0.2, 6.5), 9.0);
        // Ends count as inside.
        assert_eq!(interval_score((2.0, 6.0), 0.2, 6.0), 4.0);
    }

    #[test]
    fn a_tiny_ledger_scored_by_hand() {
        // Two issues, outcome x = 5 (resolved 2025-06-01), y = 10
        // (resolved 2025-05-01, the day the runs were made: too late).
        let outcomes = [
            Resolved {
                scenario: "s".into(),
                issue: "x".into(),
                value: 5.0,
                date: date(2025, 6, 1),
            },
            Resolved {
                scenario: "s".into(),
                issue: "y".into(),
                value: 10.0,
                date: date(2025, 5, 1),
            },
        ];
        let forecasts = [
            fc(1, "x", HEADLINE, 4.0, Some((3.0, 7.0))), // err 1, in80, in50 (4,6), in95
            fc(1, "x", "bdm", 8.0, None),                // err 3, no ranges
            fc(1, "y", HEADLINE, 9.0, Some((8.0, 12.0))), // same day: left out
            fc(2, "x", HEADLINE, 7.0, Some((6.0, 8.0))), // err 2, misses 80 by 1 (IS 2 + 10), in95 (4,10)
            fc(2, "x", "bdm", 5.0, Some((4.0, 6.0))),    // err 0, in80 (IS 2), in50 (5,5)
            fc(2, "z", "bdm", 1.0, None),                // no outcome: left out
        ];
        let l = score(&forecasts, &outcomes);
        type Row<'a> = (i64, &'a str, f64, Option<bool>, Option<bool>, Option<bool>);
        let rows: Vec<Row> = l
            .forecasts
            .iter()
            .map(|s| (s.run, s.model.as_str(), s.abs_error, s.in50, s.in80, s.in95))
            .collect();
        assert_eq!(
            rows,
            vec![
                (1, HEADLINE, 1.0, Some(true), Some(true), Some(true)),
                (1, "bdm", 3.0, None, None, None),
                (2, HEADLINE, 2.0, Some(false), Some(false), Some(true)),
                (2, "bdm", 0.0, Some(true), Some(true), Some(true)),
            ]
        );
        assert!(l
            .forecasts
            .iter()
            .all(|s| s.outcome == 5.0 && s.issue == "x"));
        assert_eq!(
            l.summary,
            vec![
                Summary {
                    model: HEADLINE.into(),
                    n: 2,
                    mae: 1.5,
                    coverage80: Some(0.5),
                    // (4 + 12) / 2
                    interval_score80: Some(8.0),
                },
                Summary {
                    model: "bdm".into(),
                    n: 2,
                    mae: 1.5,
                    // Only run 2's bdm had a range, and it held.
                    coverage80: Some(1.0),
                    interval_score80: Some(2.0),
                },
            ]
        );
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(json["forecasts"][1]["in80"], serde_json::Value::Null);
        assert_eq!(json["forecasts"][0]["made"], "2025-05-01T10:00:00Z");
        let keys: Vec<&String> = json["forecasts"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 11);
    }

    #[test]
    fn nothing_resolved_scores_nothing() {
        let l = score(&[fc(1, "x", "bdm", 8.0, None)], &[]);
        assert_eq!(l, Ledger::default());
    }
}
