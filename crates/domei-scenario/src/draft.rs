//! The unvalidated scenario every format reader produces.
//!
//! A draft keeps what the file said, with the location of each item, and
//! nothing more; [`crate::validate()`] turns it into a [`crate::Scenario`] or
//! a list of located diagnostics. Readers never check rules themselves, so
//! every rule lives in one place.

use crate::model::{Loc, SourceFormat};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct DraftRef {
    /// As written: `DOC#LOCATOR`.
    pub passage: String,
    pub quote: Option<String>,
    /// `quote_ja = "..."`: a reader's translation of the quote.
    pub quote_ja: Option<String>,
    /// `support = "..."` as written, with where.
    pub support: Option<(String, Loc)>,
    /// `voice = "..."` as written, with where.
    pub voice: Option<(String, Loc)>,
    /// `review = "..."` as written, with where.
    pub review: Option<(String, Loc)>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct DraftValue {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub evidence: Vec<DraftRef>,
    pub judgement: Option<String>,
    pub loc: Loc,
}

impl DraftValue {
    pub fn point(value: f64, loc: Loc) -> Self {
        DraftValue {
            value: Some(value),
            loc,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DraftActor {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub capability: Option<DraftValue>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct DraftAnchor {
    pub value: f64,
    pub label: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct DraftIssue {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub unit: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Where the scale is written (the issue's own location if absent).
    pub scale_loc: Loc,
    pub anchors: Vec<DraftAnchor>,
    pub status_quo: Option<DraftValue>,
    pub outcome: Option<(f64, Loc)>,
    pub group: Option<String>,
    pub meta: BTreeMap<String, String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct DraftStance {
    pub actor: String,
    pub actor_loc: Loc,
    pub issue: String,
    pub issue_loc: Loc,
    pub position: Option<DraftValue>,
    pub salience: Option<DraftValue>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Draft {
    pub path: PathBuf,
    pub format: SourceFormat,
    pub id: Option<String>,
    pub name: Option<String>,
    pub question: Option<String>,
    pub description: Option<String>,
    /// `languages = [...]` as written, with where (lang.rs).
    pub languages: Vec<(String, Loc)>,
    /// Where the header is (for "empty scenario" and header errors).
    pub header_loc: Loc,
    pub actors: Vec<DraftActor>,
    pub issues: Vec<DraftIssue>,
    pub stances: Vec<DraftStance>,
    /// Salience as written is on `[0, salience_scale]` (1 or 100); validation
    /// checks against it and divides by it.
    pub salience_scale: f64,
}

impl Draft {
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
