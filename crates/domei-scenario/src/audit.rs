//! How strongly a scenario's values are grounded: the data behind
//! `domei evidence audit`, the briefing's evidence-strength table and the
//! workbench's counts (one computation, so they agree).

use crate::grounding::is_short_quote;
use crate::model::{Scenario, Strength, Support, ValuePath, Voice};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One reference of a value, as the audit shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RefAudit {
    /// The reference as written: `DOC#LOCATOR`.
    pub passage: String,
    /// The quoted text, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// How the passage supports the value.
    pub support: Support,
    /// Whose view the passage reports.
    pub voice: Voice,
    /// True when the quote is shorter than a meaningful clause
    /// ([`is_short_quote`]).
    pub short_quote: bool,
    /// True when the reference is marked `review = "needed"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_review: bool,
    /// Line of the reference in the scenario file.
    pub line: u32,
    /// Column of the reference.
    pub col: u32,
}

/// One value: what it is, its strength class, its references.
#[derive(Debug, Clone, Serialize)]
pub struct ValueAudit {
    /// e.g. `us-admin.tariff.position`.
    pub value: String,
    /// `capability`, `status_quo`, `position` or `salience`.
    pub kind: &'static str,
    /// The actor's id, for capabilities, positions and saliences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The issue's id, for status quos, positions and saliences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Its strength class.
    pub strength: Strength,
    /// True when the value records analyst judgement.
    pub judgement: bool,
    /// Its references, in file order.
    pub references: Vec<RefAudit>,
    /// Line of the value in the scenario file.
    pub line: u32,
    /// Column of the value.
    pub col: u32,
}

/// Values per strength class (every class present, 0 when none).
pub type ClassCounts = BTreeMap<Strength, usize>;

fn zero() -> ClassCounts {
    Strength::ALL.iter().map(|c| (*c, 0)).collect()
}

/// Values per strength class for one actor or one issue.
#[derive(Debug, Clone, Serialize)]
pub struct GroupCounts {
    /// The actor's or issue's id.
    pub id: String,
    /// Its values per class.
    pub counts: ClassCounts,
}

/// An actor whose every reference cites one document.
#[derive(Debug, Clone, Serialize)]
pub struct SingleSource {
    /// The actor's id.
    pub actor: String,
    /// The one document it cites.
    pub document: String,
    /// How many references cite it.
    pub references: usize,
}

/// The grounding of every value of a scenario, with counts by class, actor,
/// issue, support and voice, and the weak spots it flags.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Every value, in [`Scenario::values`] order.
    pub values: Vec<ValueAudit>,
    /// Values per class.
    pub by_class: ClassCounts,
    /// Values per class for each actor, in scenario order.
    pub by_actor: Vec<GroupCounts>,
    /// Values per class for each issue, in scenario order.
    pub by_issue: Vec<GroupCounts>,
    /// References per support.
    pub by_support: BTreeMap<Support, usize>,
    /// References per voice.
    pub by_voice: BTreeMap<Voice, usize>,
    /// Values whose only evidence is one reference with a short quote.
    pub one_short_quote: Vec<String>,
    /// Values whose evidence is only authors' recommendations.
    pub recommendation_only: Vec<String>,
    /// Actors whose evidence (capability and stances) comes wholly from one
    /// document.
    pub single_document_actors: Vec<SingleSource>,
}

fn kind(p: ValuePath) -> &'static str {
    match p {
        ValuePath::Capability { .. } => "capability",
        ValuePath::StatusQuo { .. } => "status_quo",
        ValuePath::Position { .. } => "position",
        ValuePath::Salience { .. } => "salience",
    }
}

/// The audit of every value of `s`.
pub fn audit(s: &Scenario) -> Audit {
    let mut a = Audit {
        values: Vec::new(),
        by_class: zero(),
        by_actor: s
            .actors
            .iter()
            .map(|x| GroupCounts {
                id: x.id.clone(),
                counts: zero(),
            })
            .collect(),
        by_issue: s
            .issues
            .iter()
            .map(|x| GroupCounts {
                id: x.id.clone(),
                counts: zero(),
            })
            .collect(),
        by_support: Support::ALL.iter().map(|c| (*c, 0)).collect(),
        by_voice: Voice::ALL.iter().map(|c| (*c, 0)).collect(),
        one_short_quote: Vec::new(),
        recommendation_only: Vec::new(),
        single_document_actors: Vec::new(),
    };
    let mut docs: Vec<(BTreeSet<String>, usize)> = vec![(BTreeSet::new(), 0); s.actors.len()];
    for (p, v) in s.values() {
        let name = s.value_name(p);
        let (actor, issue) = match p {
            ValuePath::Capability { actor } => (Some(actor), None),
            ValuePath::StatusQuo { issue } => (None, Some(issue)),
            ValuePath::Position { actor, issue } | ValuePath::Salience { actor, issue } => {
                (Some(actor), Some(issue))
            }
        };
        let strength = v.strength();
        *a.by_class.entry(strength).or_default() += 1;
        if let Some(i) = actor {
            *a.by_actor[i].counts.entry(strength).or_default() += 1;
            for r in &v.evidence {
                docs[i].0.insert(r.doc.clone());
                docs[i].1 += 1;
            }
        }
        if let Some(i) = issue {
            *a.by_issue[i].counts.entry(strength).or_default() += 1;
        }
        for r in &v.evidence {
            *a.by_support.entry(r.support).or_default() += 1;
            *a.by_voice.entry(r.voice).or_default() += 1;
        }
        if let [r] = v.evidence.as_slice() {
            if r.quote.as_deref().is_some_and(is_short_quote) {
                a.one_short_quote.push(name.clone());
            }
        }
        if !v.evidence.is_empty() && v.evidence.iter().all(|r| r.voice == Voice::Recommendation) {
            a.recommendation_only.push(name.clone());
        }
        a.values.push(ValueAudit {
            value: name,
            kind: kind(p),
            actor: actor.map(|i| s.actors[i].id.clone()),
            issue: issue.map(|i| s.issues[i].id.clone()),
            strength,
            judgement: v.judgement.is_some(),
            references: v
                .evidence
                .iter()
                .map(|r| RefAudit {
                    passage: r.passage(),
                    quote: r.quote.clone(),
                    support: r.support,
                    voice: r.voice,
                    short_quote: r.quote.as_deref().is_some_and(is_short_quote),
                    needs_review: r.needs_review,
                    line: r.loc.line,
                    col: r.loc.col,
                })
                .collect(),
            line: v.loc.line,
            col: v.loc.col,
        });
    }
    for (i, (set, n)) in docs.into_iter().enumerate() {
        if set.len() == 1 {
            a.single_document_actors.push(SingleSource {
                actor: s.actors[i].id.clone(),
                document: set.into_iter().next().unwrap_or_default(),
                references: n,
            });
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const TEXT: &str = r#"
[scenario]
id = "t"
[[actors]]
id = "a"
capability = { value = 1, evidence = [{ passage = "D#p1", quote = "is political courage", support = "states", voice = "observer" }] }
[[actors]]
id = "b"
capability = { value = 1, judgement = "j" }
[[issues]]
id = "x"
scale = { min = 0, max = 1 }
[[stances]]
actor = "a"
issue = "x"
position = { value = 0.5, judgement = "what the author urges", evidence = [{ passage = "D#p2", quote = "Japan must collaborate closely with its partners here", support = "implies", voice = "recommendation" }] }
salience = { value = 0.5, evidence = [{ passage = "D#p3", quote = "a long enough clause that is more than thirty chars" }] }
[[stances]]
actor = "b"
issue = "x"
position = 0.2
salience = 0.4
"#;

    #[test]
    fn classes_counts_and_weak_spots() {
        let s = crate::from_toml_str(Path::new("t.toml"), TEXT, Default::default()).unwrap();
        let a = audit(&s);
        let class = |n: &str| a.values.iter().find(|v| v.value == n).unwrap().strength;
        assert_eq!(class("a.capability"), Strength::CitedStates);
        assert_eq!(class("b.capability"), Strength::Judgement);
        assert_eq!(class("a.x.position"), Strength::Judgement);
        assert_eq!(class("a.x.salience"), Strength::CitedUnrated);
        assert_eq!(class("b.x.position"), Strength::Uncited);
        assert_eq!(a.by_class[&Strength::Uncited], 2);
        assert_eq!(a.by_actor[1].counts[&Strength::Judgement], 1);
        assert_eq!(a.one_short_quote, vec!["a.capability".to_string()]);
        assert_eq!(a.recommendation_only, vec!["a.x.position".to_string()]);
        assert_eq!(a.single_document_actors.len(), 1);
        assert_eq!(a.single_document_actors[0].actor, "a");
        assert_eq!(a.by_support[&Support::Unrated], 1);
        assert_eq!(a.by_voice[&Voice::Recommendation], 1);
    }
}
