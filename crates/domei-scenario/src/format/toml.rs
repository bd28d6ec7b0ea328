//! Reader for domei's own `scenario.toml` (see docs/scenario-format.md).
//!
//! serde + toml do the parsing; `Spanned` wrappers keep each item's byte
//! range so validation can point at the line and column it came from.

use crate::diag::{msg, Diagnostic, Diagnostics, LineIndex};
use crate::draft::{Draft, DraftActor, DraftAnchor, DraftIssue, DraftRef, DraftStance, DraftValue};
use crate::model::{Loc, SourceFormat};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    scenario: Option<Spanned<HeaderT>>,
    #[serde(default)]
    actors: Vec<Spanned<ActorT>>,
    #[serde(default)]
    issues: Vec<Spanned<IssueT>>,
    #[serde(default)]
    stances: Vec<Spanned<StanceT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderT {
    id: Option<String>,
    /// The languages the scenario's texts are written in (lang.rs).
    languages: Option<Vec<Spanned<String>>>,
    name: Option<String>,
    question: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorT {
    id: Spanned<String>,
    name: Option<String>,
    description: Option<String>,
    capability: Option<Spanned<RawValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleT {
    min: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorT {
    value: f64,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueT {
    id: Spanned<String>,
    name: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    scale: Option<Spanned<ScaleT>>,
    #[serde(default)]
    anchors: Vec<Spanned<AnchorT>>,
    status_quo: Option<Spanned<RawValue>>,
    outcome: Option<Spanned<f64>>,
    group: Option<String>,
    #[serde(default)]
    meta: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StanceT {
    actor: Spanned<String>,
    issue: Spanned<String>,
    position: Option<Spanned<RawValue>>,
    salience: Option<Spanned<RawValue>>,
}

/// A sourced value as written: a bare number or a table with `value`,
/// `low`, `high`, `evidence`, `judgement`. Shared with the scenario parts
/// (events, plan, framing), which write values the same way.
#[derive(Debug, Clone, Default)]
pub struct RawValue {
    /// The point value (`value`, or the bare number).
    pub value: Option<f64>,
    /// `low`: lower end of the range.
    pub low: Option<f64>,
    /// `high`: upper end of the range.
    pub high: Option<f64>,
    /// The evidence references, each with its span.
    pub evidence: Vec<Spanned<RawRef>>,
    /// `judgement`: the analyst's reasoning.
    pub judgement: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValueTable {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    #[serde(default)]
    evidence: Vec<Spanned<RawRef>>,
    judgement: Option<String>,
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a number or a table with `value`, `low`, `high`, `evidence`, `judgement`",
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue {
                    value: Some(v),
                    low: None,
                    high: None,
                    evidence: Vec::new(),
                    judgement: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                self.visit_f64(v as f64)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                let t = RawValueTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawValue {
                    value: t.value,
                    low: t.low,
                    high: t.high,
                    evidence: t.evidence,
                    judgement: t.judgement,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// An evidence reference as written: `"DOC#LOC"` or
/// `{ passage = "DOC#LOC", quote = "...", support = "...", voice = "...",
/// review = "needed" }`.
#[derive(Debug, Clone)]
pub struct RawRef {
    /// `DOC#LOCATOR` as written.
    pub passage: String,
    /// `quote`: the verbatim text.
    pub quote: Option<String>,
    /// A reader's translation of the quote (shown beside it, marked as a
    /// translation; never verified against anything).
    pub quote_ja: Option<String>,
    /// `support = "..."` as written, with its span.
    pub support: Option<Spanned<String>>,
    /// `voice = "..."` as written, with its span.
    pub voice: Option<Spanned<String>>,
    /// `review = "..."` as written (`needed`), with its span.
    pub review: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefTable {
    passage: String,
    quote: Option<String>,
    quote_ja: Option<String>,
    support: Option<Spanned<String>>,
    voice: Option<Spanned<String>>,
    review: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"DOC#LOCATOR\" or { passage = \"DOC#LOCATOR\", quote = \"...\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRef, E> {
                Ok(RawRef {
                    passage: v.to_string(),
                    quote: None,
                    quote_ja: None,
                    support: None,
                    voice: None,
                    review: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRef, A::Error> {
                let t = RawRefTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRef {
                    passage: t.passage,
                    quote: t.quote,
                    quote_ja: t.quote_ja,
                    support: t.support,
                    voice: t.voice,
                    review: t.review,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawRef, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// A reference as written, with the locations of the reference and of its
/// fields (`idx` indexes the text the spans point into).
pub fn draft_ref(idx: &LineIndex, r: &Spanned<RawRef>) -> DraftRef {
    let at = |s: &Spanned<String>| (s.get_ref().clone(), idx.loc(s.span().start));
    let loc = idx.loc(r.span().start);
    let r = r.get_ref();
    DraftRef {
        passage: r.passage.clone(),
        quote: r.quote.clone(),
        quote_ja: r.quote_ja.clone(),
        support: r.support.as_ref().map(at),
        voice: r.voice.as_ref().map(at),
        review: r.review.as_ref().map(at),
        loc,
    }
}

/// A sourced value as written, located (shared with the scenario parts).
pub fn draft_value(idx: &LineIndex, v: &Spanned<RawValue>) -> DraftValue {
    let loc = idx.loc(v.span().start);
    let r = v.get_ref();
    DraftValue {
        value: r.value,
        low: r.low,
        high: r.high,
        evidence: r.evidence.iter().map(|e| draft_ref(idx, e)).collect(),
        judgement: r.judgement.clone(),
        loc,
    }
}

/// Parses `text` (the contents of `path`) into a draft, its texts in
/// English.
pub fn read(path: &Path, text: &str) -> Result<Draft, Diagnostics> {
    read_lang(path, text, domei_i18n::Lang::En)
}

/// Parses `text` into a draft, its texts in `lang` (crate::lang::view keeps
/// every line and column where it was, so diagnostics point into `text`).
pub fn read_lang(path: &Path, text: &str, lang: domei_i18n::Lang) -> Result<Draft, Diagnostics> {
    // Sizes first, by a linear scan: parsing holds every table at once.
    super::prescan::toml(path, text)?;
    let viewed = crate::lang::view(text, lang);
    let text = viewed.as_str();
    let idx = LineIndex::new(text);
    let at = |span: std::ops::Range<usize>| idx.loc(span.start);
    let file: FileT = toml::from_str(text).map_err(|e| {
        let loc = e.span().map_or(Loc::new(1, 1), |s| idx.loc(s.start));
        let msg = e.message().trim().to_string();
        // The message is the toml crate's own (English in every language);
        // the help is ours.
        let help = if msg.contains("unknown field") {
            msg!("diag-toml-unknown-field-help")
        } else {
            msg!("diag-toml-invalid-help")
        };
        Diagnostics::single(Diagnostic::new(path, loc, msg).help_msg(help))
    })?;

    let value = |v: Spanned<RawValue>| -> DraftValue { draft_value(&idx, &v) };

    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::Toml);
    match file.scenario {
        Some(h) => {
            draft.header_loc = at(h.span());
            let h = h.into_inner();
            draft.id = h.id;
            draft.languages = h
                .languages
                .unwrap_or_default()
                .into_iter()
                .map(|l| {
                    let loc = at(l.span());
                    (l.into_inner(), loc)
                })
                .collect();
            draft.name = h.name;
            draft.question = h.question;
            draft.description = h.description;
        }
        None => {
            return Err(Diagnostics::single(
                Diagnostic::from_msg(path, Loc::new(1, 1), msg!("diag-no-scenario-table"))
                    .help_msg(msg!("diag-no-scenario-table-help")),
            ))
        }
    }
    for a in file.actors {
        let loc = at(a.span());
        let a = a.into_inner();
        draft.actors.push(DraftActor {
            loc: at(a.id.span()).max(loc),
            id: a.id.into_inner(),
            name: a.name,
            description: a.description,
            capability: a.capability.map(value),
        });
    }
    for i in file.issues {
        let i = i.into_inner();
        let loc = at(i.id.span());
        let (min, max, scale_loc) = match i.scale {
            Some(s) => {
                let l = at(s.span());
                let s = s.into_inner();
                (Some(s.min), Some(s.max), l)
            }
            None => (None, None, loc),
        };
        draft.issues.push(DraftIssue {
            id: i.id.into_inner(),
            name: i.name,
            description: i.description,
            unit: i.unit,
            min,
            max,
            scale_loc,
            anchors: i
                .anchors
                .into_iter()
                .map(|a| {
                    let loc = at(a.span());
                    let a = a.into_inner();
                    DraftAnchor {
                        value: a.value,
                        label: a.label,
                        loc,
                    }
                })
                .collect(),
            status_quo: i.status_quo.map(value),
            outcome: i.outcome.map(|o| (*o.get_ref(), at(o.span()))),
            group: i.group,
            meta: i.meta,
            loc,
        });
    }
    for s in file.stances {
        let s = s.into_inner();
        let actor_loc = at(s.actor.span());
        let issue_loc = at(s.issue.span());
        draft.stances.push(DraftStance {
            actor: s.actor.into_inner(),
            actor_loc,
            issue: s.issue.into_inner(),
            issue_loc,
            position: s.position.map(value),
            salience: s.salience.map(value),
            loc: actor_loc.min(issue_loc),
        });
    }
    Ok(draft)
}
