//! The results document of a run: what `domei forecast --format json` and
//! `domei simulate --format json` print and what the store keeps as a
//! run's results (docs/cli.md, "forecast JSON", "simulate JSON" and
//! "Stored runs"). One Rust type per kind, serialised and read back by
//! serde: [`ForecastDoc`] and [`SimulationDoc`], together [`Document`].
//!
//! Version 2 documents carry `"version": 2`; a document without a version
//! field is version 1 (stored before the field existed): the same fields,
//! so the same types read it ([`Document::read`]).

use domei_engines::{Explanation, ModelId};
use domei_run::{Headline, Intervals, ModelResult, ScenarioForecast};
use domei_scenario::{Anchor, Scenario};
use domei_sim::{Dist, Perturbation, SimResult};
use serde::{Deserialize, Serialize};

/// The version of the results documents this domei writes.
pub const VERSION: u32 = 2;

fn version_1() -> u32 {
    1
}

/// The results document of a forecast run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastDoc {
    /// The document's version ([`VERSION`]; 1 when absent).
    #[serde(default = "version_1")]
    pub version: u32,
    /// Version of domei that wrote the document.
    pub domei_version: String,
    /// The scenario forecast.
    pub scenario: ScenarioInfo,
    /// The models run, in column order.
    pub models: Vec<ModelId>,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueDoc>,
}

/// The scenario a forecast document is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Scenario id, as in the scenario file.
    pub id: String,
    /// Scenario name.
    pub name: String,
    /// The scenario's question; may be empty.
    #[serde(default)]
    pub question: String,
    /// The file read; `None` when not from a file.
    pub source: Option<String>,
    /// The file's format (`toml`, `simple-csv`, `ktab-csv`, `deu3`, `decide`, `ktab-xml`).
    pub format: Option<String>,
}

/// An issue's scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// The scale's lowest value.
    pub min: f64,
    /// The scale's highest value.
    pub max: f64,
}

/// One issue of a forecast document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueDoc {
    /// Issue id, as in the scenario file.
    pub id: String,
    /// Issue name.
    pub name: String,
    /// The unit of the issue's values (e.g. `% of GDP`).
    pub unit: String,
    /// The issue's scale.
    pub scale: Scale,
    /// The status quo's point value; `None` without one.
    pub status_quo: Option<f64>,
    /// Labelled points on the scale, ascending.
    #[serde(default)]
    pub anchors: Vec<Anchor>,
    /// One entry per model, in the order of `models`.
    pub forecasts: Vec<ForecastEntry>,
    /// Highest minus lowest forecast across models; null when none ran.
    pub spread: Option<f64>,
    /// The headline forecast with its calibrated 50/80/95% ranges and the
    /// calibration's name; null when no member of the headline ran.
    #[serde(default)]
    pub headline: Option<Headline>,
    /// A sentence when the models disagree by more than the headline's 80%
    /// range; null otherwise.
    #[serde(default)]
    pub disagreement: Option<String>,
}

/// One round of an iterative model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoundJson {
    /// The round, from 1.
    pub round: u32,
    /// The model's median position after the round.
    pub median: f64,
    /// The capability×salience weighted mean position after the round.
    pub mean: f64,
}

/// One model's forecast of one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastEntry {
    /// The model.
    pub model: ModelId,
    /// The forecast on the issue's scale; null when the model could not run.
    pub value: Option<f64>,
    /// The model's calibrated 50/80/95% ranges around its forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<Intervals>,
    /// Why the model could not run on this issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Round by round, for iterative models only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Vec<RoundJson>>,
    /// The model's own account (only with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl ForecastDoc {
    /// The document of `f`, a forecast of `s`; `explain` adds each model's
    /// explanation.
    pub fn new(s: &Scenario, f: &ScenarioForecast, explain: bool) -> ForecastDoc {
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
                            intervals: ifc.intervals_of(j).copied(),
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
                            explanation: explain.then(|| fc.explanation.clone()),
                        },
                        ModelResult::Skipped { model, error, .. } => ForecastEntry {
                            model: *model,
                            value: None,
                            intervals: None,
                            error: Some(error.clone()),
                            rounds: None,
                            explanation: None,
                        },
                    })
                    .collect();
                IssueDoc {
                    id: issue.id.clone(),
                    name: issue.name.clone(),
                    unit: issue.unit.clone(),
                    scale: Scale {
                        min: issue.min,
                        max: issue.max,
                    },
                    status_quo: issue.status_quo.as_ref().map(|v| v.value),
                    anchors: issue.anchors.clone(),
                    forecasts,
                    spread: ifc.spread(),
                    headline: ifc.headline.clone(),
                    disagreement: domei_run::disagreement(issue, ifc),
                }
            })
            .collect();
        ForecastDoc {
            version: VERSION,
            domei_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: ScenarioInfo {
                id: s.id.clone(),
                name: s.name.clone(),
                question: s.question.clone(),
                source: s.origin.as_ref().map(|o| o.path.display().to_string()),
                format: s.origin.as_ref().map(|o| o.format.name().to_string()),
            },
            models: f.models.clone(),
            issues,
        }
    }
}

/// The results document of a simulation run: every model's distribution
/// over the draws beside its point forecast. Fields in alphabetical order
/// (the order this document has always been printed in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationDoc {
    /// How the inputs were drawn.
    pub distribution: Dist,
    /// Version of domei that wrote the document.
    pub domei_version: String,
    /// Number of Monte Carlo draws.
    pub draws: u64,
    /// One entry per issue, in scenario order.
    pub issues: Vec<SimIssueDoc>,
    /// The models run, in column order.
    pub models: Vec<ModelId>,
    /// How far each input could move.
    pub perturbation: Perturbation,
    /// The scenario simulated.
    pub scenario: SimScenarioInfo,
    /// Seed of the draws.
    pub seed: u64,
    /// The document's version ([`VERSION`]; 1 when absent).
    #[serde(default = "version_1")]
    pub version: u32,
}

/// The scenario a simulation document is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimScenarioInfo {
    /// The file's format, as in [`ScenarioInfo::format`].
    pub format: Option<String>,
    /// Scenario id, as in the scenario file.
    pub id: String,
    /// Scenario name.
    pub name: String,
    /// The file read; `None` when not from a file.
    pub source: Option<String>,
}

/// An issue's scale, as a simulation document prints it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimScale {
    /// The scale's highest value.
    pub max: f64,
    /// The scale's lowest value.
    pub min: f64,
}

/// One issue of a simulation document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimIssueDoc {
    /// As [`IssueDoc::disagreement`].
    #[serde(default)]
    pub disagreement: Option<String>,
    /// One distribution per model, in the order of `models`.
    pub forecasts: Vec<SimEntry>,
    /// As [`IssueDoc::headline`].
    #[serde(default)]
    pub headline: Option<Headline>,
    /// Issue id, as in the scenario file.
    pub id: String,
    /// Issue name.
    pub name: String,
    /// The issue's scale.
    pub scale: SimScale,
    /// The status quo's point value; `None` without one.
    pub status_quo: Option<f64>,
    /// The unit of the issue's values.
    pub unit: String,
}

/// One histogram bar: draws with `lo <= x < hi` (the last bar includes `hi`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BinDoc {
    /// Draws in the bar.
    pub count: u64,
    /// The bar's upper end.
    pub hi: f64,
    /// The bar's lower end.
    pub lo: f64,
}

/// One model's distribution on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimEntry {
    /// Every draw's forecast (only `--keep-draws`; never stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<Vec<Option<f64>>>,
    /// Draws where the model could not run.
    pub failed: u64,
    /// The draws' histogram, ascending.
    pub histogram: Vec<BinDoc>,
    /// The model's calibrated ranges around its point forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervals: Option<Intervals>,
    /// Highest draw; `None` when no draw produced a forecast (as for the other statistics).
    pub max: Option<f64>,
    /// Mean over the draws.
    pub mean: Option<f64>,
    /// Lowest draw.
    pub min: Option<f64>,
    /// The model.
    pub model: ModelId,
    /// Draws that produced a forecast.
    pub n: u64,
    /// 10th percentile of the draws (with `p90`, the input-uncertainty band, not an 80% interval).
    pub p10: Option<f64>,
    /// Median of the draws.
    pub p50: Option<f64>,
    /// 90th percentile of the draws.
    pub p90: Option<f64>,
    /// The deterministic forecast on the point values.
    pub point: Option<f64>,
    /// Standard deviation of the draws.
    pub sd: Option<f64>,
}

impl SimulationDoc {
    /// The document of `r`, a simulation of `s`, with `point`, the point
    /// forecast, beside each distribution.
    pub fn new(s: &Scenario, r: &SimResult, point: &ScenarioForecast) -> SimulationDoc {
        let issues = r
            .issues
            .iter()
            .map(|is| {
                let issue = &s.issues[is.issue];
                let ifc = &point.issues[is.issue];
                let forecasts = is
                    .models
                    .iter()
                    .enumerate()
                    .map(|(j, m)| {
                        let sm = &m.summary;
                        SimEntry {
                            draws: m.draws.clone(),
                            failed: sm.failed,
                            histogram: sm
                                .histogram
                                .iter()
                                .map(|b| BinDoc {
                                    count: b.count,
                                    hi: b.hi,
                                    lo: b.lo,
                                })
                                .collect(),
                            intervals: ifc.intervals_of(j).copied(),
                            max: sm.max,
                            mean: sm.mean,
                            min: sm.min,
                            model: m.model,
                            n: sm.n,
                            p10: sm.p10,
                            p50: sm.p50,
                            p90: sm.p90,
                            point: ifc.results.get(j).and_then(|r| r.value()),
                            sd: sm.sd,
                        }
                    })
                    .collect();
                SimIssueDoc {
                    disagreement: domei_run::disagreement(issue, ifc),
                    forecasts,
                    headline: ifc.headline.clone(),
                    id: issue.id.clone(),
                    name: issue.name.clone(),
                    scale: SimScale {
                        max: issue.max,
                        min: issue.min,
                    },
                    status_quo: issue.status_quo.as_ref().map(|v| v.value),
                    unit: issue.unit.clone(),
                }
            })
            .collect();
        SimulationDoc {
            distribution: r.options.dist,
            domei_version: env!("CARGO_PKG_VERSION").to_string(),
            draws: r.options.draws,
            issues,
            models: r.models.clone(),
            perturbation: r.options.perturbation,
            scenario: SimScenarioInfo {
                format: s.origin.as_ref().map(|o| o.format.name().to_string()),
                id: s.id.clone(),
                name: s.name.clone(),
                source: s.origin.as_ref().map(|o| o.path.display().to_string()),
            },
            seed: r.options.seed,
            version: VERSION,
        }
    }

    /// The simulation as the charts and tables read it: each issue's
    /// distributions, from the document alone (`issue` indices are those of
    /// `s`, matched by issue id; issues `s` does not have are left out).
    pub fn sim_result(&self, s: &Scenario) -> Vec<domei_sim::montecarlo::IssueSim> {
        self.issues
            .iter()
            .filter_map(|i| {
                let issue = s.issues.iter().position(|x| x.id == i.id)?;
                let models = i
                    .forecasts
                    .iter()
                    .map(|e| domei_sim::montecarlo::ModelSim {
                        model: e.model,
                        summary: domei_sim::stats::Summary {
                            n: e.n,
                            failed: e.failed,
                            mean: e.mean,
                            sd: e.sd,
                            min: e.min,
                            max: e.max,
                            p10: e.p10,
                            p50: e.p50,
                            p90: e.p90,
                            histogram: e
                                .histogram
                                .iter()
                                .map(|b| domei_sim::stats::Bin {
                                    lo: b.lo,
                                    hi: b.hi,
                                    count: b.count,
                                })
                                .collect(),
                        },
                        draws: None,
                    })
                    .collect();
                Some(domei_sim::montecarlo::IssueSim { issue, models })
            })
            .collect()
    }
}

/// A run's results document of either kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Document {
    /// A forecast run's document.
    Forecast(ForecastDoc),
    /// A simulation run's document.
    Simulation(SimulationDoc),
}

/// Why a stored results document cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the results document cannot be read: {0}")]
pub struct DocumentError(pub String);

/// One point forecast of a results document: an issue, a model, its value
/// (a forecast's `value`, a simulation's `point`).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Issue id.
    pub issue: String,
    /// The model.
    pub model: ModelId,
    /// The point forecast; `None` when the model could not run.
    pub value: Option<f64>,
    /// The issue's scale `(min, max)`.
    pub scale: (f64, f64),
}

impl Document {
    /// Reads a stored results document of a run of `kind` (`forecast` or
    /// `simulate`): version 1 (no version field) or [`VERSION`].
    pub fn read(kind: crate::Kind, doc: &serde_json::Value) -> Result<Document, DocumentError> {
        let version = match doc.get("version") {
            None => 1,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| DocumentError(format!("its version is {v}, not a number")))?,
        };
        if version > u64::from(VERSION) {
            return Err(DocumentError(format!(
                "it is version {version}, made by a newer domei (this one reads versions 1 to {VERSION})"
            )));
        }
        let err = |e: serde_json::Error| DocumentError(e.to_string());
        Ok(match kind {
            crate::Kind::Forecast => {
                Document::Forecast(ForecastDoc::deserialize(doc).map_err(err)?)
            }
            crate::Kind::Simulate => {
                Document::Simulation(SimulationDoc::deserialize(doc).map_err(err)?)
            }
        })
    }

    /// The document's version.
    pub fn version(&self) -> u32 {
        match self {
            Document::Forecast(d) => d.version,
            Document::Simulation(d) => d.version,
        }
    }

    /// The models the run asked for.
    pub fn models(&self) -> &[ModelId] {
        match self {
            Document::Forecast(d) => &d.models,
            Document::Simulation(d) => &d.models,
        }
    }

    /// Every (issue, model) point forecast, in document order.
    pub fn points(&self) -> Vec<Point> {
        match self {
            Document::Forecast(d) => d
                .issues
                .iter()
                .flat_map(|i| {
                    i.forecasts.iter().map(|f| Point {
                        issue: i.id.clone(),
                        model: f.model,
                        value: f.value,
                        scale: (i.scale.min, i.scale.max),
                    })
                })
                .collect(),
            Document::Simulation(d) => d
                .issues
                .iter()
                .flat_map(|i| {
                    i.forecasts.iter().map(|f| Point {
                        issue: i.id.clone(),
                        model: f.model,
                        value: f.point,
                        scale: (i.scale.min, i.scale.max),
                    })
                })
                .collect(),
        }
    }

    /// `(issue id, issue name)` of every issue.
    pub fn issue_names(&self) -> Vec<(&str, &str)> {
        match self {
            Document::Forecast(d) => d
                .issues
                .iter()
                .map(|i| (i.id.as_str(), i.name.as_str()))
                .collect(),
            Document::Simulation(d) => d
                .issues
                .iter()
                .map(|i| (i.id.as_str(), i.name.as_str()))
                .collect(),
        }
    }

    /// The same document with no issues: the other side of a comparison
    /// with a run that stored no results.
    pub fn without_issues(&self) -> Document {
        let mut e = self.clone();
        match &mut e {
            Document::Forecast(f) => f.issues.clear(),
            Document::Simulation(s) => s.issues.clear(),
        }
        e
    }

    /// The simulation document, if this is one.
    pub fn simulation(&self) -> Option<&SimulationDoc> {
        match self {
            Document::Simulation(d) => Some(d),
            Document::Forecast(_) => None,
        }
    }
}
