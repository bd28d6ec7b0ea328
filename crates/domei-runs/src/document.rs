//! The JSON form of `domei forecast` (docs/cli.md, "forecast JSON").

use domei_engines::{Explanation, ModelId};
use domei_run::{Headline, Intervals, ModelResult, ScenarioForecast};
use domei_scenario::{Anchor, Scenario};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ForecastJson<'a> {
    pub domei_version: &'static str,
    pub scenario: ScenarioJson<'a>,
    pub models: Vec<ModelId>,
    pub issues: Vec<IssueJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ScenarioJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub question: &'a str,
    pub source: Option<String>,
    pub format: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ScaleJson {
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct IssueJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub scale: ScaleJson,
    pub status_quo: Option<f64>,
    pub anchors: &'a [Anchor],
    pub forecasts: Vec<ForecastEntry<'a>>,
    /// Highest minus lowest forecast across models; null when none ran.
    pub spread: Option<f64>,
    /// The headline forecast with its calibrated 50/80/95% ranges and the
    /// calibration's name; null when no member of the headline ran.
    pub headline: Option<&'a Headline>,
    /// A sentence when the models disagree by more than the headline's 80%
    /// range; null otherwise.
    pub disagreement: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RoundJson {
    pub round: u32,
    pub median: f64,
    pub mean: f64,
}

#[derive(Debug, Serialize)]
pub struct ForecastEntry<'a> {
    pub model: ModelId,
    /// The forecast on the issue's scale; null when the model could not run.
    pub value: Option<f64>,
    /// The model's calibrated 50/80/95% ranges around its forecast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervals: Option<&'a Intervals>,
    /// Why the model could not run on this issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// Round by round, for iterative models only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Vec<RoundJson>>,
    /// The model's own account (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'a Explanation>,
}

/// Builds the JSON document; `explain` adds each model's explanation.
pub fn forecast_json<'a>(
    s: &'a Scenario,
    f: &'a ScenarioForecast,
    explain: bool,
) -> ForecastJson<'a> {
    let issues = f
        .issues
        .iter()
        .map(|ifc| {
            let issue = &s.issues[ifc.issue];
            let forecasts = ifc
                .results
                .iter()
                .enumerate()
                .map(|(j, r)| match r {
                    ModelResult::Ok(fc) => ForecastEntry {
                        model: fc.model,
                        value: Some(fc.value),
                        intervals: ifc.intervals_of(j),
                        error: None,
                        rounds: (!fc.rounds.is_empty()).then(|| {
                            fc.rounds
                                .iter()
                                .map(|r| RoundJson {
                                    round: r.round,
                                    median: r.median,
                                    mean: r.mean,
                                })
                                .collect()
                        }),
                        explanation: explain.then_some(&fc.explanation),
                    },
                    ModelResult::Skipped { model, error, .. } => ForecastEntry {
                        model: *model,
                        value: None,
                        intervals: None,
                        error: Some(error),
                        rounds: None,
                        explanation: None,
                    },
                })
                .collect();
            IssueJson {
                id: &issue.id,
                name: &issue.name,
                unit: &issue.unit,
                scale: ScaleJson {
                    min: issue.min,
                    max: issue.max,
                },
                status_quo: issue.status_quo.as_ref().map(|v| v.value),
                anchors: &issue.anchors,
                forecasts,
                spread: ifc.spread(),
                headline: ifc.headline.as_ref(),
                disagreement: crate::disagreement(issue, ifc),
            }
        })
        .collect();
    ForecastJson {
        domei_version: env!("CARGO_PKG_VERSION"),
        scenario: ScenarioJson {
            id: &s.id,
            name: &s.name,
            question: &s.question,
            source: s.origin.as_ref().map(|o| o.path.display().to_string()),
            format: s.origin.as_ref().map(|o| o.format.name()),
        },
        models: f.models.clone(),
        issues,
    }
}
