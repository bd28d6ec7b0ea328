//! The unvalidated scenario every format reader produces.
//!
//! A draft keeps what the file said, with the location of each item, and
//! nothing more; [`crate::validate()`] turns it into a [`crate::Scenario`] or
//! a list of located diagnostics. Readers never check rules themselves, so
//! every rule lives in one place.

use crate::model::{Loc, SourceFormat};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// An evidence reference as written (`{ passage = "DOC#LOCATOR", quote = ... }`),
/// not yet parsed or checked.
#[derive(Debug, Clone, Default)]
pub struct DraftRef {
    /// As written: `DOC#LOCATOR`.
    pub passage: String,
    /// `quote = "..."`: the verbatim text, when written.
    pub quote: Option<String>,
    /// `quote_ja = "..."`: a reader's translation of the quote.
    pub quote_ja: Option<String>,
    /// `support = "..."` as written, with where.
    pub support: Option<(String, Loc)>,
    /// `voice = "..."` as written, with where.
    pub voice: Option<(String, Loc)>,
    /// `review = "..."` as written, with where.
    pub review: Option<(String, Loc)>,
    /// Where the reference is written.
    pub loc: Loc,
}

/// A value as written: a bare number or a table with range and evidence;
/// `None` fields were not written.
#[derive(Debug, Clone, Default)]
pub struct DraftValue {
    /// The point value.
    pub value: Option<f64>,
    /// `low`: lower end of the range.
    pub low: Option<f64>,
    /// `high`: upper end of the range.
    pub high: Option<f64>,
    /// The evidence references, in file order.
    pub evidence: Vec<DraftRef>,
    /// `judgement = "..."`: the analyst's reasoning.
    pub judgement: Option<String>,
    /// Where the value is written.
    pub loc: Loc,
}

impl DraftValue {
    /// A bare number at `loc`, with no range or provenance.
    pub fn point(value: f64, loc: Loc) -> Self {
        DraftValue {
            value: Some(value),
            loc,
            ..Default::default()
        }
    }
}

/// An actor as written.
#[derive(Debug, Clone, Default)]
pub struct DraftActor {
    /// Its id as written (checked by validation).
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// Capability.
    pub capability: Option<DraftValue>,
    /// Where the actor is written.
    pub loc: Loc,
}

/// A labelled point of an issue's scale as written.
#[derive(Debug, Clone, Default)]
pub struct DraftAnchor {
    /// The point, on the issue's scale.
    pub value: f64,
    /// Its label.
    pub label: String,
    /// Where it is written.
    pub loc: Loc,
}

/// An issue as written.
#[derive(Debug, Clone, Default)]
pub struct DraftIssue {
    /// Its id as written (checked by validation).
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// Unit of the scale.
    pub unit: Option<String>,
    /// Lower end of the scale.
    pub min: Option<f64>,
    /// Upper end of the scale.
    pub max: Option<f64>,
    /// Where the scale is written (the issue's own location if absent).
    pub scale_loc: Loc,
    /// Labelled points of the scale.
    pub anchors: Vec<DraftAnchor>,
    /// The status quo.
    pub status_quo: Option<DraftValue>,
    /// The recorded outcome (DEU III `out`), with where.
    pub outcome: Option<(f64, Loc)>,
    /// The group of issues negotiated together.
    pub group: Option<String>,
    /// Free-form attributes from the source.
    pub meta: BTreeMap<String, String>,
    /// Where the issue is written.
    pub loc: Loc,
}

/// One actor's stance on one issue as written.
#[derive(Debug, Clone, Default)]
pub struct DraftStance {
    /// The actor's id, as written.
    pub actor: String,
    /// Where the actor's id is written.
    pub actor_loc: Loc,
    /// The issue's id, as written.
    pub issue: String,
    /// Where the issue's id is written.
    pub issue_loc: Loc,
    /// Position on the issue's scale.
    pub position: Option<DraftValue>,
    /// Salience, on `[0, salience_scale]`.
    pub salience: Option<DraftValue>,
    /// Where the stance is written.
    pub loc: Loc,
}

/// A whole scenario as a reader found it: what the file said, with locations,
/// for [`crate::validate()`].
#[derive(Debug, Clone)]
pub struct Draft {
    /// The file read.
    pub path: PathBuf,
    /// Its format.
    pub format: SourceFormat,
    /// Scenario id.
    pub id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// The question the scenario answers.
    pub question: Option<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// `languages = [...]` as written, with where (lang.rs).
    pub languages: Vec<(String, Loc)>,
    /// Where the header is (for "empty scenario" and header errors).
    pub header_loc: Loc,
    /// The actors, in file order.
    pub actors: Vec<DraftActor>,
    /// The issues, in file order.
    pub issues: Vec<DraftIssue>,
    /// The stances, in file order.
    pub stances: Vec<DraftStance>,
    /// Salience as written is on `[0, salience_scale]` (1 or 100); validation
    /// checks against it and divides by it.
    pub salience_scale: f64,
}

impl Draft {
    /// An empty draft of the file at `path` in `format` (salience on `[0, 1]`).
    pub fn new(path: PathBuf, format: SourceFormat) -> Self {
        Draft {
            path,
            format,
            id: None,
            name: None,
            question: None,
            description: None,
            languages: Vec::new(),
            header_loc: Loc::new(1, 1),
            actors: Vec::new(),
            issues: Vec::new(),
            stances: Vec::new(),
            salience_scale: 1.0,
        }
    }
}
