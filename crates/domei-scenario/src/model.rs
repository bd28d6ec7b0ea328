//! The validated scenario: plain data, checked once by [`crate::validate()`].
//!
//! Every value an analyst enters is a [`Value`]: a point estimate, an optional
//! range where sources disagree, and the evidence it rests on. Engines read
//! only the numbers; presenters and the evidence checker read the rest.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A line and column in a source file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, PartialOrd, Ord)]
pub struct Loc {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

impl Loc {
    /// The location at `line`, `col` (both 1-based).
    pub const fn new(line: u32, col: u32) -> Self {
        Loc { line, col }
    }
}

/// Which file format a scenario was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// domei's own `scenario.toml`.
    Toml,
    /// `actor,capability,position,salience` CSV (one issue).
    SimpleCsv,
    /// KTAB's SMP CSV (several dimensions, 0–100 scales).
    KtabCsv,
    /// The DEU III table (one issue per row).
    Deu3,
    /// The Decide exchange model's `#A`/`#P`/`#M`/`#D` input file.
    Decide,
    /// KTAB's SMP scenario XML.
    KtabXml,
}

impl SourceFormat {
    /// The format's name, as `--format` and JSON write it (`simple-csv`).
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Toml => "toml",
            SourceFormat::SimpleCsv => "simple-csv",
            SourceFormat::KtabCsv => "ktab-csv",
            SourceFormat::Deu3 => "deu3",
            SourceFormat::Decide => "decide",
            SourceFormat::KtabXml => "ktab-xml",
        }
    }
}

/// Where a scenario came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Origin {
    /// The file read.
    pub path: PathBuf,
    /// Its format.
    pub format: SourceFormat,
}

/// How a passage supports the value it is cited for (`support = "..."` on an
/// evidence reference; docs/scenario-format.md, "Support and voice").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    /// The passage gives this actor's position, salience or capability, or
    /// the number, explicitly.
    States,
    /// The value follows from the passage with stated reasoning (the value's
    /// `judgement` gives it).
    Implies,
    /// Background only: on topic but neither gives nor implies the value.
    Context,
    /// Not rated: a reference written before the field existed (or marked
    /// `"unrated"` by `domei evidence migrate`).
    #[default]
    Unrated,
}

impl Support {
    /// Every value as written in a file.
    pub const ALL: [Support; 4] = [
        Support::States,
        Support::Implies,
        Support::Context,
        Support::Unrated,
    ];

    /// The value as written in a file (`states`).
    pub fn name(self) -> &'static str {
        match self {
            Support::States => "states",
            Support::Implies => "implies",
            Support::Context => "context",
            Support::Unrated => "unrated",
        }
    }

    /// The support written `s`; `None` for any other word.
    pub fn parse(s: &str) -> Option<Self> {
        Support::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// Whose view a cited passage reports (`voice = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The actor itself or its officials (a statement, an official quoted).
    Actor,
    /// An author's description of the actor's view or behaviour.
    Observer,
    /// What an author wants someone to do: never an actor's position.
    Recommendation,
    /// Not rated (see [`Support::Unrated`]).
    #[default]
    Unrated,
}

impl Voice {
    /// Every value as written in a file.
    pub const ALL: [Voice; 4] = [
        Voice::Actor,
        Voice::Observer,
        Voice::Recommendation,
        Voice::Unrated,
    ];

    /// The value as written in a file (`observer`).
    pub fn name(self) -> &'static str {
        match self {
            Voice::Actor => "actor",
            Voice::Observer => "observer",
            Voice::Recommendation => "recommendation",
            Voice::Unrated => "unrated",
        }
    }

    /// The voice written `s`; `None` for any other word.
    pub fn parse(s: &str) -> Option<Self> {
        Voice::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// How strongly a value is grounded, from strongest to weakest: the class
/// the audit reports, the workbench colours and Monte Carlo widens by
/// (docs/scenario-format.md, "Support and voice").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// A reference with `support = "states"` whose voice is the actor's or
    /// an observer's.
    CitedStates,
    /// Otherwise, a reference with `support = "implies"` (actor or observer).
    CitedImplies,
    /// Otherwise, a reference whose support or voice is not rated.
    CitedUnrated,
    /// Only analyst judgement, or evidence that is context or an author's
    /// recommendation (which count as judgement).
    Judgement,
    /// Neither evidence nor judgement.
    Uncited,
}

impl Strength {
    /// Every class, strongest first.
    pub const ALL: [Strength; 5] = [
        Strength::CitedStates,
        Strength::CitedImplies,
        Strength::CitedUnrated,
        Strength::Judgement,
        Strength::Uncited,
    ];

    /// The class's name in reports and JSON (`cited-states`).
    pub fn name(self) -> &'static str {
        match self {
            Strength::CitedStates => "cited-states",
            Strength::CitedImplies => "cited-implies",
            Strength::CitedUnrated => "cited-unrated",
            Strength::Judgement => "judgement",
            Strength::Uncited => "uncited",
        }
    }

    /// The class of a value with these references and judgement.
    pub fn of(evidence: &[EvidenceRef], judgement: bool) -> Strength {
        if evidence
            .iter()
            .any(|r| r.grounds() && r.support == Support::States)
        {
            Strength::CitedStates
        } else if evidence.iter().any(EvidenceRef::grounds) {
            Strength::CitedImplies
        } else if evidence.iter().any(EvidenceRef::is_unrated) {
            Strength::CitedUnrated
        } else if judgement || !evidence.is_empty() {
            Strength::Judgement
        } else {
            Strength::Uncited
        }
    }
}

/// A reference to a passage of the evidence corpus: `doc#locator`, e.g.
/// `004_b3e4016961f00b53#p12`, with an optional verbatim quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRef {
    /// Document id in the corpus.
    pub doc: String,
    /// Passage locator inside the document (`p12`, `p12.2`).
    pub locator: String,
    /// Text quoted from the passage, to be verified against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A reader's Japanese translation of the quote (`quote_ja`): shown
    /// beside it, marked as a translation, never used to verify anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_ja: Option<String>,
    /// How the passage supports the value (`unrated` when not written).
    pub support: Support,
    /// Whose view the passage reports (`unrated` when not written).
    pub voice: Voice,
    /// `review = "needed"`: the value changed since this reference was
    /// attached (the workbench writes it); the analyst must confirm, replace
    /// or remove it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_review: bool,
    /// Where the reference is written in the scenario file.
    #[serde(skip)]
    pub loc: Loc,
}

impl EvidenceRef {
    /// A reference with unrated support and voice.
    pub fn new(doc: &str, locator: &str, quote: Option<&str>) -> Self {
        EvidenceRef {
            doc: doc.to_string(),
            locator: locator.to_string(),
            quote: quote.map(str::to_string),
            quote_ja: None,
            support: Support::Unrated,
            voice: Voice::Unrated,
            needs_review: false,
            loc: Loc::default(),
        }
    }

    /// `doc#locator`.
    pub fn passage(&self) -> String {
        format!("{}#{}", self.doc, self.locator)
    }

    /// True when the passage gives or implies the value in the actor's or an
    /// observer's voice (not context, not a recommendation, not unrated).
    pub fn grounds(&self) -> bool {
        matches!(self.support, Support::States | Support::Implies)
            && matches!(self.voice, Voice::Actor | Voice::Observer)
    }

    /// True when the support or the voice is not rated (and the reference is
    /// not already known to be context or a recommendation).
    pub fn is_unrated(&self) -> bool {
        (self.support == Support::Unrated || self.voice == Voice::Unrated)
            && self.support != Support::Context
            && self.voice != Voice::Recommendation
    }

    /// True when the reference can only count as judgement: context, or an
    /// author's recommendation.
    pub fn counts_as_judgement(&self) -> bool {
        self.support == Support::Context || self.voice == Voice::Recommendation
    }
}

/// A number with its uncertainty and provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// Point estimate used by deterministic runs (the midpoint when only a
    /// range was given).
    pub value: f64,
    /// `(low, high)` where sources disagree; `low <= value <= high`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
    /// References to the passages the value rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
    /// Analyst judgement: the reasoning behind a value the sources only imply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<String>,
    /// Where the value is written in the source file.
    #[serde(skip)]
    pub loc: Loc,
}

impl Value {
    /// A bare point value with no provenance.
    pub fn point(value: f64) -> Self {
        Value {
            value,
            range: None,
            evidence: Vec::new(),
            judgement: None,
            loc: Loc::default(),
        }
    }

    /// Lowest plausible value (the point when there is no range).
    pub fn low(&self) -> f64 {
        self.range.map_or(self.value, |r| r.0)
    }

    /// Highest plausible value (the point when there is no range).
    pub fn high(&self) -> f64 {
        self.range.map_or(self.value, |r| r.1)
    }

    /// True when the value cites evidence or records analyst judgement.
    pub fn is_sourced(&self) -> bool {
        !self.evidence.is_empty() || self.judgement.is_some()
    }

    /// How strongly the value is grounded.
    pub fn strength(&self) -> Strength {
        Strength::of(&self.evidence, self.judgement.is_some())
    }
}

/// One party to the negotiation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Actor id, unique in the scenario, used by stances and edits.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who the actor is, free text (empty when not written).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Capability (influence, power); > 0. Only ratios matter.
    pub capability: Value,
    /// Where the actor is written in the source file.
    #[serde(skip)]
    pub loc: Loc,
}

/// A labelled point on an issue's scale.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Anchor {
    /// The point, on the issue's scale.
    pub value: f64,
    /// What the point means ("25% tariff").
    pub label: String,
}

/// One question negotiated: a one-dimensional scale the actors take positions on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Issue id, unique in the scenario, used by stances and edits.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the scale measures, free text (empty when not written).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Unit of the scale, for display (`%`, `trillion yen`).
    pub unit: String,
    /// Lower end of the scale.
    pub min: f64,
    /// Upper end of the scale; `min < max`.
    pub max: f64,
    /// Labelled points of the scale, for reading forecasts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<Anchor>,
    /// The status quo (reversion point) on the scale; `None` when not known
    /// (the Nash model then cannot run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<Value>,
    /// The recorded outcome, for backtests (DEU III `out`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<f64>,
    /// Issues negotiated together (a DEU III dossier, a package deal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Free-form attributes from the source (procedure, voting rule, ...).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// Where the issue is written in the source file.
    #[serde(skip)]
    pub loc: Loc,
}

impl Issue {
    /// The labelled point of the scale nearest `x` (the first of equally
    /// near ones); `None` without anchors.
    pub fn nearest_anchor(&self, x: f64) -> Option<&Anchor> {
        self.anchors
            .iter()
            .min_by(|a, b| (a.value - x).abs().total_cmp(&(b.value - x).abs()))
    }

    /// Width of the scale, `max - min`.
    pub fn range(&self) -> f64 {
        self.max - self.min
    }
}

/// One actor's stance on one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stance {
    /// Position on the issue's scale, in its units.
    pub position: Value,
    /// Salience in [0, 1]: how much the actor cares about this issue.
    pub salience: Value,
    /// Where the stance is written in the source file.
    #[serde(skip)]
    pub loc: Loc,
}

/// A validated scenario. Construct it only through [`crate::validate()`] (or
/// the loaders, which call it); every invariant listed in ARCHITECTURE.md
/// holds for any value of this type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Scenario id: a short machine name, shown beside [`Scenario::name`] in
    /// reports.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The question the scenario answers (empty when not written).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// Free-text description (empty when not written).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The actors, in file order.
    pub actors: Vec<Actor>,
    /// The issues, in file order.
    pub issues: Vec<Issue>,
    /// `stances[a][i]`: actor `a`'s stance on issue `i`, if it has one.
    pub stances: Vec<Vec<Option<Stance>>>,
    /// The file it was read from; `None` for one built in memory.
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl Scenario {
    /// The index of the actor with id `id`.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// The index of the issue with id `id`.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// Actor `actor`'s stance on issue `issue` (indices); `None` when it has none.
    pub fn stance(&self, actor: usize, issue: usize) -> Option<&Stance> {
        self.stances.get(actor)?.get(issue)?.as_ref()
    }

    /// Every value in the scenario with a label saying what it is, in file order
    /// of kind: capabilities, status quos, then positions and saliences.
    pub fn values(&self) -> Vec<(ValuePath, &Value)> {
        let mut out = Vec::new();
        for (a, actor) in self.actors.iter().enumerate() {
            out.push((ValuePath::Capability { actor: a }, &actor.capability));
        }
        for (i, issue) in self.issues.iter().enumerate() {
            if let Some(sq) = &issue.status_quo {
                out.push((ValuePath::StatusQuo { issue: i }, sq));
            }
        }
        for (a, row) in self.stances.iter().enumerate() {
            for (i, st) in row.iter().enumerate() {
                if let Some(st) = st {
                    out.push((ValuePath::Position { actor: a, issue: i }, &st.position));
                    out.push((ValuePath::Salience { actor: a, issue: i }, &st.salience));
                }
            }
        }
        out
    }

    /// Human-readable name of a value, e.g. `us-admin.defense-spending.salience`
    /// (the path by ids, [`crate::edit::Target::path`]).
    pub fn value_name(&self, path: ValuePath) -> String {
        self.value_id(path).path()
    }

    /// The value `path` names, by ids: the one value path users write
    /// (`domei whatif --set`, the workbench's editor, the version diff).
    pub fn value_id(&self, path: ValuePath) -> crate::edit::Target {
        use crate::edit::Target;
        let actor = |a: usize| self.actors[a].id.clone();
        let issue = |i: usize| self.issues[i].id.clone();
        match path {
            ValuePath::Capability { actor: a } => Target::Capability { actor: actor(a) },
            ValuePath::StatusQuo { issue: i } => Target::StatusQuo { issue: issue(i) },
            ValuePath::Position { actor: a, issue: i } => Target::Position {
                actor: actor(a),
                issue: issue(i),
            },
            ValuePath::Salience { actor: a, issue: i } => Target::Salience {
                actor: actor(a),
                issue: issue(i),
            },
        }
    }
}

/// Names one value of a scenario by indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValuePath {
    /// An actor's capability.
    Capability {
        /// Index into [`Scenario::actors`].
        actor: usize,
    },
    /// An issue's status quo.
    StatusQuo {
        /// Index into [`Scenario::issues`].
        issue: usize,
    },
    /// An actor's position on an issue.
    Position {
        /// Index into [`Scenario::actors`].
        actor: usize,
        /// Index into [`Scenario::issues`].
        issue: usize,
    },
    /// An actor's salience for an issue.
    Salience {
        /// Index into [`Scenario::actors`].
        actor: usize,
        /// Index into [`Scenario::issues`].
        issue: usize,
    },
}
