//! The calibration file: what [`crate::cv::fit`] fitted, as versioned,
//! human-readable TOML, with the data it was fitted on and the
//! cross-validated figures it achieved; and its application to an issue.
//!
//! The file shipped at `calibration/deu3-dev.toml` (made by `domei
//! calibrate --deu3 data/deu3/dev.tsv -o calibration/deu3-dev.toml
//! --cal-version 3`) is compiled in: [`Calibration::bundled`].

use crate::cv::{self, Fitted};
use crate::features::{from_unit, model_index, IssueInput};
use crate::metrics::Scores;
use crate::scale::Scale;
use crate::stack::{Member, Stack};
use crate::{Calibrated, Headline, Intervals};
use domei_engines::ModelId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The version of the file format this domei writes. Format 2 added
/// `headline.snap`; format 1 files (without it: no snapping) are still
/// read.
pub const FORMAT: u32 = 2;

/// The oldest file format this domei reads.
pub const OLDEST_FORMAT: u32 = 1;

/// A calibration (see the module docs). Field order is the file's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// File format version ([`FORMAT`]).
    pub format: u32,
    /// Name of the calibration, e.g. `deu3-dev`.
    pub name: String,
    /// Version of this calibration; `name@version` names it wherever used.
    pub version: u32,
    /// The method, in words.
    pub method: String,
    /// What it was fitted on.
    pub data: Data,
    /// The Monte Carlo settings of the input-uncertainty bands.
    pub monte_carlo: MonteCarlo,
    /// The headline forecast's stack, scale and quantiles.
    pub headline: HeadlineCal,
    /// Per model name.
    pub models: BTreeMap<String, ModelCal>,
    /// The nested cross-validation's figures.
    pub cv: Cv,
}

/// What the calibration was fitted on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// The file's name (without its folder, so the calibration is the same
    /// wherever the file is); `ledger` for a calibration fitted on the
    /// store's resolved forecasts.
    pub file: String,
    /// SHA-256 of the file's bytes, hex; for the ledger, of the lines
    /// `scenario@version/issue<TAB>outcome<TAB>date` of the issues fitted on.
    pub sha256: String,
    /// Issues with a recorded outcome, and their dossiers.
    pub issues: usize,
    /// See `issues`.
    pub dossiers: usize,
    /// Where the data come from, to cite with the calibration.
    pub attribution: String,
    /// Only for a calibration fitted on a team's own resolved forecasts
    /// (`domei calibrate --ledger`): where they came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerSource>,
}

/// The provenance of a calibration fitted on the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSource {
    /// The store's backend (`sqlite` or `postgresql`), never its address.
    pub store: String,
    /// The latest outcome date among the issues fitted on, `YYYY-MM-DD`.
    pub through: String,
    /// What a cross-validation fold keeps together: `scenario` (every
    /// resolved issue of a scenario in one fold, as DEU III's dossiers) when
    /// there are at least as many scenarios as folds, otherwise `issue`.
    pub grouping: String,
    /// Each resolved issue fitted on: `scenario@version/issue` (the
    /// scenario version of the latest forecast made before the outcome) and
    /// its outcome's date.
    pub issues: Vec<String>,
}

/// The Monte Carlo that measured each forecast's input-uncertainty band;
/// the same settings are used when the calibration is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarlo {
    /// Draws per forecast.
    pub draws: u64,
    /// Random seed.
    pub seed: u64,
    /// `triangular` or `uniform`.
    pub distribution: String,
    /// Perturbation of positions, as a fraction of the scale.
    pub perturb_position: f64,
    /// Perturbation of saliences, as a fraction.
    pub perturb_salience: f64,
    /// Perturbation of capabilities, as a fraction.
    pub perturb_capability: f64,
    /// Rounds of the iterative models.
    pub rounds: u32,
}

/// Conformal quantiles of |error|/σ at 50, 80 and 95%.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantiles {
    /// Quantile of the scores at 50%.
    pub q50: f64,
    /// Quantile of the scores at 80%.
    pub q80: f64,
    /// Quantile of the scores at 95%.
    pub q95: f64,
}

impl Quantiles {
    fn of(c: &cv::Conformal) -> Quantiles {
        let [q50, q80, q95] = c.quantiles();
        Quantiles { q50, q80, q95 }
    }

    fn array(&self) -> [f64; 3] {
        [self.q50, self.q80, self.q95]
    }
}

/// The headline forecast's calibration: a stack of members, its snapping,
/// its error scale and conformal quantiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadlineCal {
    /// The chosen specification (see `domei_calib::stack::SPECS`).
    pub spec: String,
    /// The stack's members ([`Member`]).
    pub members: Vec<Member>,
    /// Their weights, in the order of `members`; they sum to 1.
    pub weights: Vec<f64>,
    /// The snapping distance on 0–100 (`domei_calib::snap`; 0: none, as in
    /// format 1 files, which do not have it).
    #[serde(default)]
    pub snap: f64,
    /// The error scale σ's coefficients.
    pub scale: Scale,
    /// The conformal quantiles of |error|/σ.
    pub quantiles: Quantiles,
}

/// One model's calibration: ranges around its own forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelCal {
    /// The error scale σ's coefficients.
    pub scale: Scale,
    /// The conformal quantiles of |error|/σ.
    pub quantiles: Quantiles,
}

/// The nested cross-validation's figures (on 0–100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cv {
    /// Folds of the outer loop (scores the whole procedure).
    pub outer_folds: usize,
    /// Folds of the inner loop (chooses the specification).
    pub inner_folds: usize,
    /// The specification chosen in each outer fold.
    pub chosen: Vec<String>,
    /// Out-of-fold scores of the headline forecast.
    pub headline: Scores,
    /// One quantile of |outcome − compromise| around every compromise
    /// forecast: the baseline the headline's ranges must beat.
    pub plain_conformal: Scores,
    /// Out-of-fold scores of each model's own ranges, per model name.
    pub models: BTreeMap<String, Scores>,
}

/// A calibration file that cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationError(pub String);

impl fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CalibrationError {}

const BUNDLED: &str = include_str!("../../../calibration/deu3-dev.toml");

const HEADER: &str = "\
# domei calibration: the headline forecast and calibrated 50/80/95% ranges.
# Written by `domei calibrate`; see docs/cli.md (\"domei calibrate\") for every
# field. Applied to any scenario on its scale normalised to 0-100.
";

impl Calibration {
    /// The calibration compiled into domei (`calibration/deu3-dev.toml`).
    pub fn bundled() -> &'static Calibration {
        static C: OnceLock<Calibration> = OnceLock::new();
        C.get_or_init(|| {
            // The bundled file is checked by this crate's tests and by the
            // calibrate round-trip test; it cannot fail at run time.
            Calibration::from_toml(BUNDLED).expect("the bundled calibration is valid")
        })
    }

    /// `name@version`, e.g. `deu3-dev@1`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// Reads and checks a calibration file's text.
    pub fn from_toml(text: &str) -> Result<Calibration, CalibrationError> {
        let c: Calibration = toml::from_str(text).map_err(|e| CalibrationError(e.to_string()))?;
        c.check()?;
        Ok(c)
    }

    /// The file's text (header comment, then the fields).
    pub fn to_toml(&self) -> Result<String, CalibrationError> {
        let body = toml::to_string(self).map_err(|e| CalibrationError(e.to_string()))?;
        Ok(format!("{HEADER}\n{body}"))
    }

    fn check(&self) -> Result<(), CalibrationError> {
        let bad = |m: String| Err(CalibrationError(m));
        if !(OLDEST_FORMAT..=FORMAT).contains(&self.format) {
            return bad(format!(
                "format = {} is not supported (this domei reads formats {OLDEST_FORMAT} to {FORMAT})",
                self.format
            ));
        }
        let h = &self.headline;
        if !(h.snap.is_finite() && h.snap >= 0.0) {
            return bad("headline.snap must be finite and >= 0".into());
        }
        if h.members.is_empty() || h.members.len() != h.weights.len() {
            return bad(
                "headline: members and weights must be non-empty and of equal length".into(),
            );
        }
        if h.weights.iter().any(|w| !(w.is_finite() && *w >= 0.0))
            || (h.weights.iter().sum::<f64>() - 1.0).abs() > 1e-6
        {
            return bad("headline.weights must be >= 0 and sum to 1".into());
        }
        let scales = std::iter::once(("headline", &h.scale, &h.quantiles)).chain(
            self.models
                .iter()
                .map(|(k, m)| (k.as_str(), &m.scale, &m.quantiles)),
        );
        for (what, s, q) in scales {
            if [s.base, s.disagreement, s.dispersion]
                .iter()
                .any(|v| !(v.is_finite() && *v >= 0.0))
            {
                return bad(format!(
                    "{what}: scale coefficients must be finite and >= 0"
                ));
            }
            if !(q.q50 >= 0.0 && q.q50 <= q.q80 && q.q80 <= q.q95) {
                return bad(format!(
                    "{what}: quantiles must satisfy 0 <= q50 <= q80 <= q95"
                ));
            }
        }
        for k in self.models.keys() {
            if k.parse::<ModelId>().is_err() {
                return bad(format!("models.{k}: unknown model"));
            }
        }
        if self.monte_carlo.draws == 0 {
            return bad("monte_carlo.draws must be at least 1".into());
        }
        Ok(())
    }

    /// Builds the calibration of `fitted` with its description.
    pub fn from_fit(
        fitted: &Fitted,
        name: String,
        version: u32,
        data: Data,
        monte_carlo: MonteCarlo,
        cv: Cv,
    ) -> Calibration {
        let models = ModelId::ALL
            .iter()
            .filter_map(|&m| {
                let c = fitted.models[model_index(m)].as_ref()?;
                Some((
                    m.as_str().to_string(),
                    ModelCal {
                        scale: c.scale,
                        quantiles: Quantiles::of(c),
                    },
                ))
            })
            .collect();
        Calibration {
            format: FORMAT,
            name,
            version,
            method: METHOD.into(),
            data,
            monte_carlo,
            headline: HeadlineCal {
                spec: fitted.spec.to_string(),
                members: fitted.stack.members.clone(),
                weights: fitted.stack.weights.clone(),
                snap: fitted.snap,
                scale: fitted.headline.scale,
                quantiles: Quantiles::of(&fitted.headline),
            },
            models,
            cv,
        }
    }

    /// The headline's fitted stack.
    pub fn stack(&self) -> Stack {
        Stack {
            members: self.headline.members.clone(),
            weights: self.headline.weights.clone(),
        }
    }

    /// Every model the calibration uses: the headline's weighted models,
    /// then the rest it has ranges for.
    pub fn models(&self) -> Vec<ModelId> {
        let mut out = self.stack().models();
        for m in ModelId::ALL {
            if self.models.contains_key(m.as_str()) && !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// The headline of `x`: value and ranges on 0–100.
    pub fn headline_unit(&self, x: &IssueInput) -> Option<(f64, Intervals)> {
        let st = self.stack();
        let p = crate::snap::apply(st.apply(x)?, x, self.headline.snap);
        let sigma = self.headline.scale.sigma(x, st.band(x).unwrap_or(0.0));
        Some((p, cv::intervals(p, sigma, self.headline.quantiles.array())))
    }

    /// Model `m`'s ranges around its own forecast on 0–100.
    pub fn model_unit(&self, m: ModelId, x: &IssueInput) -> Option<Intervals> {
        let c = self.models.get(m.as_str())?;
        let v = x.forecast(m)?;
        let sigma = c.scale.sigma(x, x.band(m).unwrap_or(0.0));
        Some(cv::intervals(v, sigma, c.quantiles.array()))
    }

    /// The headline and each model's ranges for an issue of scale
    /// `[min, max]`, in its units. `values` are the forecasts of `models`
    /// (the ranges are built around them and always contain them).
    pub fn apply(
        &self,
        x: &IssueInput,
        min: f64,
        max: f64,
        models: &[ModelId],
        values: &[Option<f64>],
    ) -> Calibrated {
        let back = |iv: Intervals, v: f64| {
            let m = iv.map(|u| from_unit(u, min, max));
            let fix = |(lo, hi): (f64, f64)| (lo.min(v).max(min), hi.max(v).min(max));
            Intervals {
                p50: fix(m.p50),
                p80: fix(m.p80),
                p95: fix(m.p95),
            }
        };
        let headline = self.headline_unit(x).map(|(p, iv)| {
            let value = from_unit(p, min, max).clamp(min, max);
            Headline {
                value,
                intervals: back(iv, value),
                calibration: self.id(),
            }
        });
        let intervals = models
            .iter()
            .zip(values)
            .map(|(&m, v)| {
                let v = (*v)?;
                Some(back(self.model_unit(m, x)?, v))
            })
            .collect();
        Calibrated {
            headline,
            intervals,
        }
    }
}

/// The method, in words, as written into every calibration file.
pub const METHOD: &str = "headline = weighted mean of members (weights >= 0, sum 1, renormalised over the members present; minimum mean absolute error on a simplex grid of step 0.1), members chosen among candidate specifications by dossier-grouped inner cross-validation, then moved to the nearest alternative on the table (an actor's position or the status quo) when one lies within snap (fitted by minimum mean absolute error; 0: never); ranges = point +- q * sigma clipped to the scale, sigma = sqrt((base + disagreement * D + dispersion * P)^2 + (band / 2)^2) with D the models' spread, P the weighted standard deviation of positions and band the width of the input-uncertainty band (p10-p90 over the Monte Carlo draws), all on 0-100; q = split-conformal quantiles of out-of-fold |error| / sigma";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;

    #[test]
    fn the_bundled_calibration_is_valid_and_round_trips() {
        let c = Calibration::bundled();
        assert_eq!(c.format, FORMAT);
        let text = c.to_toml().unwrap();
        assert_eq!(&Calibration::from_toml(&text).unwrap(), c);
        assert!(c.id().contains('@'));
    }

    #[test]
    fn format_1_files_are_read_without_snapping() {
        let c = Calibration::bundled();
        let text = c.to_toml().unwrap();
        let old = text
            .replace("format = 2\n", "format = 1\n")
            .lines()
            .filter(|l| !l.starts_with("snap = "))
            .collect::<Vec<_>>()
            .join("\n");
        assert_ne!(old, text);
        let o = Calibration::from_toml(&old).unwrap();
        assert_eq!(o.format, 1);
        assert_eq!(o.headline.snap, 0.0);
        // Without snapping the headline is the stack's point.
        let x = IssueInput {
            forecasts: [
                Some(43.0),
                Some(45.0),
                Some(47.0),
                None,
                Some(44.0),
                Some(46.0),
            ],
            bands: [None; 6],
            status_quo: Some(40.0),
            dispersion: 20.0,
            alternatives: vec![0.0, 40.0, 100.0],
        };
        let stack_point = o.stack().apply(&x).unwrap();
        assert_eq!(o.headline_unit(&x).unwrap().0, stack_point);
        // With snapping, the point moves to the status quo 3 points away and
        // stays inside its ranges.
        let mut snapping = o.clone();
        snapping.format = FORMAT;
        snapping.headline.snap = 5.0;
        let (p, iv) = snapping.headline_unit(&x).unwrap();
        assert_eq!(p, 40.0);
        assert!(Level::ALL.iter().all(|&l| iv.contains(l, p)));
        snapping.headline.snap = 2.5;
        assert_eq!(snapping.headline_unit(&x).unwrap().0, stack_point);
        let e = Calibration::from_toml(&text.replace("format = 2\n", "format = 3\n")).unwrap_err();
        assert!(e.0.contains("formats 1 to 2"), "{e}");
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let c = Calibration::bundled();
        let mut bad = c.clone();
        bad.headline.weights[0] += 0.5;
        let e = Calibration::from_toml(&bad.to_toml().unwrap()).unwrap_err();
        assert!(e.0.contains("sum to 1"), "{e}");
        let mut bad = c.clone();
        bad.headline.snap = -1.0;
        let e = Calibration::from_toml(&bad.to_toml().unwrap()).unwrap_err();
        assert!(e.0.contains("headline.snap"), "{e}");
        let e = Calibration::from_toml("format = 1\nname = 3").unwrap_err();
        assert!(e.0.contains("line"), "{e}");
    }
}
