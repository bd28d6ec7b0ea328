//! The headline forecast and its calibrated intervals.
//!
//! domei's models disagree, and their own Monte Carlo bands measure only how
//! a forecast moves when the inputs wiggle (the *input-uncertainty band*),
//! not how wrong the model is. This crate turns the models' forecasts on an
//! issue into one number to quote — the **headline** — with 50%, 80% and
//! 95% ranges that hold their level out of sample, and gives each model
//! ranges made the same way.
//!
//! Everything works on the issue's scale normalised to 0–100
//! ([`IssueInput`]), so a calibration fitted on one table (DEU III) applies
//! to any scenario.
//!
//! - **Point** ([`stack`]): a weighted mean of a few *members* (models, the
//!   status quo, the scale's midpoint) with weights ≥ 0 summing to 1,
//!   renormalised over the members present on an issue (Nash needs a status
//!   quo). Weights minimise the mean absolute error on the fitting issues
//!   (exhaustive search on a simplex grid, step 0.1). Which members — a
//!   handful of candidate specifications ([`stack::SPECS`]) — is chosen by
//!   dossier-grouped cross-validation. The point is then moved to the
//!   nearest alternative on the table (an actor's position or the status
//!   quo) when one lies within a fitted distance ([`snap`]).
//! - **Scale** ([`scale`]): the expected size of the error on an issue,
//!   σ = √(m² + b²) with m = a₀ + a₁·(models' disagreement) + a₂·(dispersion
//!   of positions), aₖ ≥ 0 fitted by least squares to out-of-fold absolute
//!   errors, and b the half-width of the input-uncertainty band: contested
//!   issues and uncertain inputs get wide ranges.
//! - **Intervals** (split/cross conformal): the level-L range is
//!   point ± q_L·σ, q_L the ⌈(n+1)L⌉-th smallest out-of-fold score |r|/σ;
//!   clipped to the scale. Ranges are nested and contain the point.
//! - **Cross-validation** ([`cv`]): nested and dossier-grouped: outer folds
//!   score, inner folds choose the specification and produce the residuals
//!   the scale and quantiles are fitted on; no issue is scored by anything
//!   fitted on its own dossier.
//! - **Calibration file** ([`calibration`]): the fitted parameters as TOML,
//!   named and versioned (`deu3-dev@3`); the file shipped in
//!   `calibration/deu3-dev.toml` is compiled in ([`Calibration::bundled`]).
//!
//! Pure: no I/O, no randomness.

#![warn(missing_docs)]

pub mod calibration;
pub mod cv;
pub mod features;
pub mod metrics;
pub mod scale;
pub mod score;
pub mod snap;
pub mod stack;

pub use calibration::{Calibration, CalibrationError};
pub use features::IssueInput;

use serde::{Deserialize, Serialize};

/// The levels of the ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The 50% range.
    P50,
    /// The 80% range.
    P80,
    /// The 95% range.
    P95,
}

impl Level {
    /// Every level, narrowest first.
    pub const ALL: [Level; 3] = [Level::P50, Level::P80, Level::P95];

    /// The nominal coverage, 0.5, 0.8 or 0.95.
    pub fn prob(self) -> f64 {
        match self {
            Level::P50 => 0.5,
            Level::P80 => 0.8,
            Level::P95 => 0.95,
        }
    }

    /// As in JSON and tables: "50", "80", "95".
    pub fn as_str(self) -> &'static str {
        match self {
            Level::P50 => "50",
            Level::P80 => "80",
            Level::P95 => "95",
        }
    }
}

/// 50%, 80% and 95% ranges, in the issue's own units; JSON
/// `{"50": [lo, hi], "80": [lo, hi], "95": [lo, hi]}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    /// The 50% range `(low, high)`.
    #[serde(rename = "50")]
    pub p50: (f64, f64),
    /// The 80% range `(low, high)`.
    #[serde(rename = "80")]
    pub p80: (f64, f64),
    /// The 95% range `(low, high)`.
    #[serde(rename = "95")]
    pub p95: (f64, f64),
}

impl Intervals {
    /// The range `(low, high)` of `level`.
    pub fn get(&self, level: Level) -> (f64, f64) {
        match level {
            Level::P50 => self.p50,
            Level::P80 => self.p80,
            Level::P95 => self.p95,
        }
    }

    /// Whether `x` lies in the range of `level` (ends included).
    pub fn contains(&self, level: Level, x: f64) -> bool {
        let (lo, hi) = self.get(level);
        lo <= x && x <= hi
    }

    /// The ranges mapped by `f` (monotone increasing), e.g. from 0–100 back
    /// to an issue's units.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Intervals {
        let m = |(lo, hi): (f64, f64)| (f(lo), f(hi));
        Intervals {
            p50: m(self.p50),
            p80: m(self.p80),
            p95: m(self.p95),
        }
    }
}

/// The headline forecast of one issue, in the issue's units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// The point forecast (the stack's weighted mean, snapped).
    pub value: f64,
    /// Its calibrated 50, 80 and 95% ranges.
    pub intervals: Intervals,
    /// The calibration used, as `name@version` (e.g. `deu3-dev@1`).
    pub calibration: String,
}

/// What a calibration adds to one issue's forecasts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibrated {
    /// The headline; `None` when no member of the headline could run.
    pub headline: Option<Headline>,
    /// Per model (in the order asked for), its ranges around its own
    /// forecast; `None` for a model that did not run or that the
    /// calibration does not cover.
    pub intervals: Vec<Option<Intervals>>,
}
