//! The cited briefing: a self-contained document for people who decide,
//! built from a scenario and its results.
//!
//! [`compose()`] turns a [`BriefInput`] (the scenario, its forecast, and
//! optionally Monte Carlo ranges, sensitivity, best responses and what-ifs,
//! plus bibliographic records of the cited documents) into a [`Brief`]: a
//! one-page bottom line (per issue the headline forecast and its 80% range,
//! the main driver with its citation, where the models disagree), the
//! question, what was run and what is missing, the forecasts and the
//! evidence strength; with [`BriefInput::full`], also per issue the
//! charts (domei-charts), key drivers and inputs, and strategic options.
//! Then the numbered citations (quoted passage and locator), the cited
//! documents' full references (each once) and analyst judgements. [`html()`] and [`pdf()`] lay the same `Brief` out as
//! one HTML file (inline CSS and SVG, no scripts) or an A4 PDF (krilla, with
//! the bundled IPAexGothic font, subset, so Japanese text renders anywhere).
//!
//! No I/O: inputs are plain data, outputs are a `String` or bytes.

#![warn(missing_docs)]

pub mod bottom_line;
pub mod cite;
pub mod compose;
pub mod doc;
pub mod docs;
pub mod html;
mod issue;
pub mod pdf;
pub mod png;
mod sections;

pub use compose::compose;
pub use doc::Brief;
pub use docs::{seed_docs, DocInfo};
pub use html::html;
pub use pdf::{pdf, PdfError};

use domei_run::ScenarioForecast;
use domei_scenario::Scenario;
use domei_sim::{SimResult, Tornado};
use domei_strategy::{IssueChange, Limits, Response};

/// One actor's best responses ([`domei_strategy::best_response()`]).
#[derive(Debug, Clone)]
pub struct BestResponses<'a> {
    /// The actor's id.
    pub actor: String,
    /// The bounds the search kept to (moves, steps, targets).
    pub limits: Limits,
    /// The responses found, best first.
    pub responses: &'a [Response],
}

/// A what-if and its effect ([`domei_strategy::compare`]).
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// What was changed, e.g. `japan-gov.defense-spending.salience=1`.
    pub label: String,
    /// Per issue, each model's forecast before and after the change.
    pub changes: Vec<IssueChange>,
}

/// Everything a briefing is made from.
#[derive(Debug, Clone)]
pub struct BriefInput<'a> {
    /// The scenario briefed (its texts in the language of [`BriefInput::lang`]).
    pub scenario: &'a Scenario,
    /// Its forecast, every model on every issue: the briefing's core.
    pub forecast: &'a ScenarioForecast,
    /// Monte Carlo ranges; `None` when not run (the briefing says so).
    pub sim: Option<&'a SimResult>,
    /// Sensitivity (tornado data); `None` when not run.
    pub sensitivity: Option<&'a [Tornado]>,
    /// One actor's best responses; `None` when not computed.
    pub best_response: Option<BestResponses<'a>>,
    /// What-ifs and their effects, in the order they were asked; empty: none.
    pub whatifs: &'a [WhatIf],
    /// Bibliographic records of cited documents (from the evidence corpus);
    /// the seed papers' records are used for ids not found here.
    pub docs: &'a [DocInfo],
    /// How and when the briefing was produced (e.g. "domei 0.1.0"); the
    /// caller supplies it, so output stays deterministic.
    pub generated: Option<String>,
    /// More entries for "what this briefing does not contain".
    pub notes: Vec<String>,
    /// Key drivers listed per issue and model.
    pub drivers_top: usize,
    /// `(issue id, headline)` of the issues whose results carry a
    /// calibrated headline forecast (`domei_ledger::headlines` of the
    /// results document); the "Bottom line" page shows them.
    pub headlines: Vec<(String, domei_ledger::Headline)>,
    /// The briefing's language: headings, sentences and number conventions
    /// from the catalogue (domei-i18n). The scenario's own texts are as
    /// `scenario` has them: load it in the same language
    /// (`domei_scenario::load_lang`). Evidence quotes stay in their
    /// source's language.
    pub lang: domei_i18n::Lang,
    /// Why the actors moved: issue histories under a model with rounds
    /// (`domei_runs::briefing::histories`); each issue's detail shows its
    /// largest moves. Empty: no such section.
    pub histories: &'a [domei_run::History],
    /// The full briefing: after the summary, the actors, one section per
    /// issue (charts, key drivers, inputs), the strategic options, and the
    /// evidence of every value. Otherwise the short briefing: the bottom
    /// line, the summary and the evidence strength, citing only the values
    /// it shows.
    pub full: bool,
}

impl<'a> BriefInput<'a> {
    /// A briefing of the forecast alone; set the other fields as available.
    pub fn new(scenario: &'a Scenario, forecast: &'a ScenarioForecast) -> BriefInput<'a> {
        BriefInput {
            scenario,
            forecast,
            sim: None,
            sensitivity: None,
            best_response: None,
            whatifs: &[],
            docs: &[],
            generated: None,
            notes: Vec::new(),
            drivers_top: 5,
            headlines: Vec::new(),
            lang: domei_i18n::Lang::En,
            histories: &[],
            full: true,
        }
    }
}
