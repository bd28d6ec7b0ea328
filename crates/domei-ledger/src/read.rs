//! The forecasts of a stored run's results document.
//!
//! The document is the `--format json` output of `domei forecast` (or
//! `domei simulate`) as it was when the run was made, so it is read with
//! care: runs made before headlines existed have model rows only; a model
//! that could not run has no value and is left out; a simulation gives its
//! point forecast as `point`; ranges are read from `intervals` only (a
//! simulation's p10–p90 input-uncertainty band is not a predictive range
//! and is never scored as one).

use crate::{Forecast, Ranges, HEADLINE};
use serde_json::Value;
use time::OffsetDateTime;

/// The headline and model forecasts in `doc`, issue by issue (the headline
/// first), for run `run` of `scenario` made at `made`.
pub fn forecasts_in_results(
    run: i64,
    scenario: &str,
    made: OffsetDateTime,
    doc: &Value,
) -> Vec<Forecast> {
    let mut out = Vec::new();
    for issue in doc["issues"].as_array().into_iter().flatten() {
        let Some(id) = issue["id"].as_str() else {
            continue;
        };
        let mut push = |model: &str, value: f64, ranges: Ranges| {
            out.push(Forecast {
                run,
                scenario: scenario.to_string(),
                issue: id.to_string(),
                made,
                model: model.to_string(),
                value,
                ranges,
            })
        };
        if let Some(v) = finite(&issue["headline"]["value"]) {
            push(HEADLINE, v, ranges(&issue["headline"]["intervals"]));
        }
        for f in issue["forecasts"].as_array().into_iter().flatten() {
            let Some(model) = f["model"].as_str() else {
                continue;
            };
            let value = f.get("value").or_else(|| f.get("point")).and_then(finite);
            if let Some(v) = value {
                push(model, v, ranges(&f["intervals"]));
            }
        }
    }
    out
}

/// An issue's headline forecast as a results document gives it
/// (`issues[].headline` and `issues[].disagreement`, docs/cli.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The headline forecast, on the issue's scale.
    pub value: f64,
    /// Its calibrated predictive ranges.
    pub ranges: Ranges,
    /// The calibration's name, e.g. `deu3-dev@1`.
    pub calibration: Option<String>,
    /// Where the models disagree by more than the 80% range, in words.
    pub disagreement: Option<String>,
}

/// The headline of one element of a results document's `issues[]`; `None`
/// for documents made before headlines existed (or without a calibration).
pub fn headline_of(issue: &Value) -> Option<Headline> {
    let h = &issue["headline"];
    Some(Headline {
        value: finite(&h["value"])?,
        ranges: ranges(&h["intervals"]),
        calibration: h["calibration"].as_str().map(str::to_string),
        disagreement: issue["disagreement"]
            .as_str()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
    })
}

/// `(issue id, headline)` of every issue of a results document that has
/// one, in the document's order.
pub fn headlines(doc: &Value) -> Vec<(String, Headline)> {
    doc["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| Some((i["id"].as_str()?.to_string(), headline_of(i)?)))
        .collect()
}

fn finite(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

/// `{"50": [lo, hi], "80": …, "95": …}`; a level that is missing or not an
/// ordered pair of numbers is `None`.
fn ranges(v: &Value) -> Ranges {
    let level = |k: &str| {
        let pair = v.get(k)?.as_array()?;
        match pair.as_slice() {
            [lo, hi] => {
                let (lo, hi) = (finite(lo)?, finite(hi)?);
                (lo <= hi).then_some((lo, hi))
            }
            _ => None,
        }
    };
    Ranges {
        p50: level("50"),
        p80: level("80"),
        p95: level("95"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn headline_models_ranges_and_old_documents() {
        let made = OffsetDateTime::UNIX_EPOCH;
        let doc = json!({"issues": [
            {"id": "x",
             "headline": {"value": 2.5, "intervals": {"50": [2, 3], "80": [1.5, 3.5], "95": [4, 1]}, "calibration": "c@1"},
             "forecasts": [
                {"model": "compromise", "value": 2.0, "intervals": {"80": [1, 3]}},
                {"model": "nash", "value": null, "error": "no status quo"},
                {"model": "bdm", "value": 3.0}
             ]},
            // An old run: no headline, model rows only.
            {"id": "y", "forecasts": [{"model": "median", "value": 7}]},
            // A simulation: `point`, and p10/p90 are not ranges.
            {"id": "z", "headline": null, "forecasts": [{"model": "smp", "point": 4.0, "p10": 1.0, "p90": 9.0}]}
        ]});
        let got = forecasts_in_results(3, "s", made, &doc);
        let rows: Vec<(&str, &str, f64, Ranges)> = got
            .iter()
            .map(|f| (f.issue.as_str(), f.model.as_str(), f.value, f.ranges))
            .collect();
        let none = Ranges::default();
        assert_eq!(
            rows,
            vec![
                (
                    "x",
                    HEADLINE,
                    2.5,
                    Ranges {
                        p50: Some((2.0, 3.0)),
                        p80: Some((1.5, 3.5)),
                        p95: None
                    }
                ),
                (
                    "x",
                    "compromise",
                    2.0,
                    Ranges {
                        p80: Some((1.0, 3.0)),
                        ..none
                    }
                ),
                ("x", "bdm", 3.0, none),
                ("y", "median", 7.0, none),
                ("z", "smp", 4.0, none),
            ]
        );
        assert!(got.iter().all(|f| f.run == 3 && f.scenario == "s"));
        assert!(forecasts_in_results(1, "s", made, &json!({"results": 1})).is_empty());
        let hs = headlines(&doc);
        assert_eq!(hs.len(), 1);
        assert_eq!(hs[0].0, "x");
        assert_eq!(hs[0].1.calibration.as_deref(), Some("c@1"));
        assert_eq!(hs[0].1.disagreement, None);
        let mut with = doc["issues"][0].clone();
        with["disagreement"] = json!("bdm forecasts 3.0, outside the 80% range");
        assert!(headline_of(&with)
            .unwrap()
            .disagreement
            .unwrap()
            .starts_with("bdm"));
    }
}
