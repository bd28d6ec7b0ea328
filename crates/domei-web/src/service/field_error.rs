//! One problem with a change, beside the field it concerns (the
//! builder's, the value editor's and the API's 422 `fields`): English for
//! the JSON API, and in the page's language on a page when it is one of
//! the validator's diagnostics (a catalogue message).

use domei_i18n::Lang;
use domei_scenario::{Diagnostic, Diagnostics, Msg};
use serde::Serialize;

/// One problem with a change, beside the field it concerns: a value path
/// (`ACTOR.ISSUE.position`), an entry (`ACTOR`, `ISSUE`, `ISSUE.scale`,
/// `ISSUE.anchors`, `ACTOR.ISSUE`), `scenario` (the header) or `file` (an
/// upload).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// The field the problem concerns (see above).
    pub field: String,
    /// What is wrong (English: the JSON API never depends on the
    /// language; a page shows [`FieldError::message_in`] its language).
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// `message` as a catalogue message, for a page in another language
    /// (the validator's diagnostics; `None`: `message` in every language).
    #[serde(skip)]
    pub msg: Option<Msg>,
    /// `help` as a catalogue message.
    #[serde(skip)]
    pub help_msg: Option<Msg>,
    /// For a quote not found in its passage: the passage that comes closest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<domei_corpus::Closest>,
    /// Which part of a value the problem is in: `evidence` for a cited
    /// passage or its quote (absent: the value itself, or the entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

impl FieldError {
    /// A problem with `field`, without help.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
            help: None,
            msg: None,
            help_msg: None,
            closest: None,
            part: None,
        }
    }

    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> FieldError {
        self.help = Some(help.into());
        self
    }

    /// A problem with `field` that diagnostic `d` states (its words in
    /// every language).
    pub fn of_diagnostic(field: impl Into<String>, d: &Diagnostic) -> FieldError {
        FieldError {
            help: d.help.clone(),
            msg: d.msg.clone(),
            help_msg: d.help_msg.clone(),
            ..FieldError::new(field, d.message.clone())
        }
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        match &self.msg {
            Some(m) if lang != Lang::En => m.render(lang),
            _ => self.message.clone(),
        }
    }

    /// How to fix it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        match &self.help_msg {
            Some(m) if lang != Lang::En => Some(m.render(lang)),
            _ => self.help.clone(),
        }
    }
}

/// The errors among diagnostics `d`, each beside the field of `draft` its
/// location falls in (domei-scenario's `fields`); `scenario` without a
/// draft (the text did not parse).
pub(super) fn on_fields(
    draft: Option<&domei_scenario::draft::Draft>,
    d: &Diagnostics,
) -> Vec<FieldError> {
    d.iter()
        .filter(|d| !d.warning)
        .map(|d| {
            let field = draft.map_or_else(
                || "scenario".to_string(),
                |dr| domei_scenario::fields::field_at(dr, d.loc),
            );
            FieldError::of_diagnostic(field, d)
        })
        .collect()
}
