//! The briefing as a document: a flat list of blocks (headings, paragraphs,
//! tables, charts) plus the numbered citations and the analyst judgements.
//! [`crate::compose()`] builds it once; the HTML and PDF renderers only lay it
//! out, so both say exactly the same thing.

/// A reference from the text to the citations list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cite {
    /// `[n]`: a value that cites evidence (numbered from 1).
    Note(usize),
    /// `[Jn]`: a value resting on analyst judgement only.
    Judgement(usize),
}

impl Cite {
    /// The marker printed in the text: `[3]`, `[J2]`.
    pub fn label(self) -> String {
        match self {
            Cite::Note(n) => format!("[{n}]"),
            Cite::Judgement(n) => format!("[J{n}]"),
        }
    }

    /// The HTML anchor of its entry.
    pub fn anchor(self) -> String {
        match self {
            Cite::Note(n) => format!("cite-{n}"),
            Cite::Judgement(n) => format!("judgement-{n}"),
        }
    }
}

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Strong(String),
    Cite(Cite),
}

/// Text with emphasis and citation markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich(pub Vec<Span>);

impl Rich {
    pub fn text(s: impl Into<String>) -> Rich {
        Rich(vec![Span::Text(s.into())])
    }

    pub fn push(&mut self, s: impl Into<String>) -> &mut Self {
        self.0.push(Span::Text(s.into()));
        self
    }

    pub fn strong(&mut self, s: impl Into<String>) -> &mut Self {
        self.0.push(Span::Strong(s.into()));
        self
    }

    pub fn cite(&mut self, cites: &[Cite]) -> &mut Self {
        self.0.extend(cites.iter().map(|c| Span::Cite(*c)));
        self
    }

    /// The text as printed, markers included.
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Span::Text(t) | Span::Strong(t) => t.clone(),
                Span::Cite(c) => c.label(),
            })
            .collect()
    }
}

impl From<&str> for Rich {
    fn from(s: &str) -> Rich {
        Rich::text(s)
    }
}

impl From<String> for Rich {
    fn from(s: String) -> Rich {
        Rich::text(s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Rich>>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    /// Relative column widths (used by the PDF; HTML sizes columns itself).
    pub widths: Vec<f32>,
}

/// An SVG chart with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub svg: String,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 (sections) or 2 (issues, subsections); `anchor` is an HTML id.
    Heading {
        level: u8,
        text: String,
        anchor: String,
    },
    Para(Rich),
    /// A remark set apart (what is missing, caveats).
    Note(Rich),
    Bullets(Vec<Rich>),
    Table(Table),
    Chart(Chart),
    /// The next block starts a new page (PDF, print); the HTML renders
    /// what comes before the first page break ahead of the contents.
    PageBreak,
}

/// One quoted passage behind a value. Its document's full reference is
/// listed once, in [`Brief::references`], under the document id that
/// starts the locator.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// `doc#locator`, e.g. `004_b3e4016961f00b53#p59`.
    pub locator: String,
    pub quote: Option<String>,
    /// The document's id (its entry in [`Brief::references`]).
    pub doc: String,
}

/// A cited document, listed once however many passages cite it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The document id, as in the passages' locators.
    pub doc: String,
    /// The full reference (authors, title, publisher, date).
    pub text: String,
    pub url: Option<String>,
}

/// A value that cites evidence: `[n]` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub n: usize,
    /// What the value is, e.g. "Position of the US administration on Japan's defense spending".
    pub what: String,
    /// The value with its unit (and range).
    pub value: String,
    pub passages: Vec<Passage>,
    /// The analyst's reasoning, when given beside the evidence.
    pub judgement: Option<String>,
}

/// A value resting on analyst judgement only: `[Jn]` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub n: usize,
    pub what: String,
    pub value: String,
    pub reasoning: String,
}

/// The whole briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The language it is written in (the renderers' own headings and line
    /// breaking follow it).
    pub lang: domei_i18n::Lang,
    pub title: String,
    /// Scenario id, source and what was run.
    pub subtitle: String,
    pub blocks: Vec<Block>,
    pub citations: Vec<Citation>,
    /// The documents the citations quote, in order of first citation.
    pub references: Vec<Reference>,
    pub judgements: Vec<Judgement>,
    /// Values with neither evidence nor judgement (named).
    pub unsourced: Vec<String>,
}
