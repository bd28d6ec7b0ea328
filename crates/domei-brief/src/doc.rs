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
    /// Plain text.
    Text(String),
    /// Emphasised text (bold).
    Strong(String),
    /// A citation marker, `[n]` or `[Jn]`.
    Cite(Cite),
}

/// Text with emphasis and citation markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich(pub Vec<Span>);

impl Rich {
    /// Plain text alone.
    pub fn text(s: impl Into<String>) -> Rich {
        Rich(vec![Span::Text(s.into())])
    }

    /// Appends plain text.
    pub fn push(&mut self, s: impl Into<String>) -> &mut Self {
        self.0.push(Span::Text(s.into()));
        self
    }

    /// Appends emphasised text.
    pub fn strong(&mut self, s: impl Into<String>) -> &mut Self {
        self.0.push(Span::Strong(s.into()));
        self
    }

    /// Appends citation markers, in order.
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
/// A table: a header row and rows of inline text.
pub struct Table {
    /// Column headings.
    pub head: Vec<String>,
    /// The rows, one [`Rich`] per cell, as many cells as headings.
    pub rows: Vec<Vec<Rich>>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    /// Relative column widths (used by the PDF; HTML sizes columns itself).
    pub widths: Vec<f32>,
}

/// An SVG chart with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The chart as a self-contained SVG document.
    pub svg: String,
    /// The caption below it.
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
/// One block of the briefing's body, laid out in order by the renderers.
pub enum Block {
    /// Level 1 (sections) or 2 (issues, subsections); `anchor` is an HTML id.
    Heading {
        /// 1, 2 or 3 (per issue: key drivers, inputs).
        level: u8,
        /// The heading's text.
        text: String,
        /// A unique HTML id, e.g. `issue-defense-spending`.
        anchor: String,
    },
    /// A paragraph.
    Para(Rich),
    /// A remark set apart (what is missing, caveats).
    Note(Rich),
    /// A bulleted list.
    Bullets(Vec<Rich>),
    /// A table.
    Table(Table),
    /// A chart with its caption.
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
    /// The quoted passage; `None` when the scenario gives the locator only.
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
    /// Where the document can be read; `None` when unknown.
    pub url: Option<String>,
}

/// A value that cites evidence: `[n]` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The footnote number: `[n]` in the text.
    pub n: usize,
    /// What the value is, e.g. "Position of the US administration on Japan's defense spending".
    pub what: String,
    /// The value with its unit (and range).
    pub value: String,
    /// The quoted passages behind the value (one or more).
    pub passages: Vec<Passage>,
    /// The analyst's reasoning, when given beside the evidence.
    pub judgement: Option<String>,
}

/// A value resting on analyst judgement only: `[Jn]` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The judgement number: `[Jn]` in the text.
    pub n: usize,
    /// What the value is, as in [`Citation::what`].
    pub what: String,
    /// The value with its unit (and range).
    pub value: String,
    /// The analyst's reasoning for it.
    pub reasoning: String,
}

/// The whole briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The language it is written in (the renderers' own headings and line
    /// breaking follow it).
    pub lang: domei_i18n::Lang,
    /// The scenario's name.
    pub title: String,
    /// Scenario id, source and what was run.
    pub subtitle: String,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Values citing evidence, numbered `[1]`, `[2]`, … in order of first appearance.
    pub citations: Vec<Citation>,
    /// The documents the citations quote, in order of first citation.
    pub references: Vec<Reference>,
    /// Values resting on judgement alone, numbered `[J1]`, `[J2]`, ….
    pub judgements: Vec<Judgement>,
    /// Values with neither evidence nor judgement (named).
    pub unsourced: Vec<String>,
    /// The sections flow on one after the other instead of each starting a
    /// page (the short briefing, two A4 pages for the bundled scenario);
    /// the lists of citations, references and judgements still start on a
    /// page of their own, after them.
    pub flowing: bool,
}
