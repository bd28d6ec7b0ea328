//! The shared vocabulary of the scenario parts that sit beside a
//! `scenario.toml`: `events.toml` (decision chains, `domei-events`),
//! `plan.toml` (engagement plans, `domei-plan`) and `framing.toml` (framing
//! lexicons, `domei-frame`). Formats: docs/seeds-analyses.md.
//!
//! - [`read`]: TOML parsed with serde + `serde_spanned`, every problem a
//!   located [`Diagnostic`](domei_scenario::Diagnostic) (file, line, column, help), exactly as
//!   `domei-scenario` reads `scenario.toml`; sourced values
//!   (`{ value, low, high, evidence, judgement }`) and evidence references
//!   (`{ passage = "DOC#pN", quote = "..." }`) validated by the same rules
//!   and turned into `domei_scenario::Value` / `EvidenceRef`.
//! - [`Citation`]: one evidence reference with the file and the place it is
//!   written, so the evidence checker can verify the parts' quotes as it
//!   verifies a scenario's.
//! - [`forecast`]: the forecast of one issue by one model or by the median of
//!   every model's point forecast ([`ModelChoice`]), as the decision chain and
//!   the plan read it.

#![warn(missing_docs)]

pub mod forecast;
pub mod read;
pub mod stats;

pub use forecast::{forecast_issue, forecast_problem, ModelChoice};
pub use read::{parse, suggest, RawRef, RawValue, Reader};
pub use stats::Interval;

use domei_scenario::{EvidenceRef, Value};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One evidence reference of a scenario part: which file, what it supports,
/// and the reference itself (its `loc` is the line and column where it is
/// written).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// The part file the reference is written in, as it was read.
    pub file: PathBuf,
    /// What the reference supports, e.g. `node japan-authorises, case 2, p0`.
    pub what: String,
    /// The reference itself: `doc#locator`, quote, support and voice.
    pub evidence: EvidenceRef,
}

impl Citation {
    /// Every reference of `refs`, labelled `what`.
    pub fn all(file: &Path, what: &str, refs: &[EvidenceRef]) -> Vec<Citation> {
        refs.iter()
            .map(|r| Citation {
                file: file.to_path_buf(),
                what: what.to_string(),
                evidence: r.clone(),
            })
            .collect()
    }

    /// Every reference of a sourced value.
    pub fn of_value(file: &Path, what: &str, v: &Value) -> Vec<Citation> {
        Citation::all(file, what, &v.evidence)
    }
}
