//! Numbering of the scenario's values as they first appear in the briefing:
//! a value citing evidence gets the next footnote number `[n]`, a value
//! resting on analyst judgement alone the next `[Jn]`; a value with neither
//! is listed as unsourced.

use crate::doc::{Citation, Cite, Judgement, Passage, Reference};
use crate::docs::{lookup, seed_docs, DocInfo};
use domei_report::fmt_on_scale;
use domei_scenario::{Scenario, Value, ValuePath};
use std::collections::{BTreeMap, BTreeSet};

/// Hands out citation markers for the scenario's values (each value once)
/// and collects the citations, references and judgements they point to.
pub struct Citer<'a> {
    s: &'a Scenario,
    docs: &'a [DocInfo],
    seeds: Vec<DocInfo>,
    given: BTreeMap<ValuePath, Option<Cite>>,
    /// Values citing evidence, in the order of their `[n]` markers.
    pub citations: Vec<Citation>,
    /// Every document the citations quote, once, in order of first use.
    pub references: Vec<Reference>,
    /// Values resting on analyst judgement alone, in the order of their `[Jn]` markers.
    pub judgements: Vec<Judgement>,
    /// Descriptions of the values cited with neither evidence nor judgement.
    pub unsourced: Vec<String>,
    /// Documents cited without a bibliographic record.
    pub unknown_docs: BTreeSet<String>,
    /// The language of the descriptions ([`Citer::what`]).
    pub lang: domei_i18n::Lang,
}

/// A number in a compact form: integers without decimals, others with up
/// to three significant decimals.
pub fn plain_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl<'a> Citer<'a> {
    /// A citer for `s`, with `docs` as bibliographic records (the seed papers'
    /// records fill in for ids not found there); English descriptions.
    pub fn new(s: &'a Scenario, docs: &'a [DocInfo]) -> Citer<'a> {
        Citer {
            s,
            docs,
            seeds: seed_docs(),
            given: BTreeMap::new(),
            citations: Vec::new(),
            references: Vec::new(),
            judgements: Vec::new(),
            unsourced: Vec::new(),
            unknown_docs: BTreeSet::new(),
            lang: domei_i18n::Lang::En,
        }
    }

    fn value(&self, path: ValuePath) -> Option<&'a Value> {
        let s = self.s;
        match path {
            ValuePath::Capability { actor } => s.actors.get(actor).map(|a| &a.capability),
            ValuePath::StatusQuo { issue } => s.issues.get(issue)?.status_quo.as_ref(),
            ValuePath::Position { actor, issue } => s.stance(actor, issue).map(|st| &st.position),
            ValuePath::Salience { actor, issue } => s.stance(actor, issue).map(|st| &st.salience),
        }
    }

    /// What the value is, in words.
    pub fn what(&self, path: ValuePath) -> String {
        use domei_i18n::tr_args;
        let s = self.s;
        let l = self.lang;
        let actor = |a: usize| ("actor", s.actors[a].name.clone());
        let issue = |i: usize| ("issue", s.issues[i].name.clone());
        match path {
            ValuePath::Capability { actor: a } => tr_args(l, "brief-what-capability", &[actor(a)]),
            ValuePath::StatusQuo { issue: i } => tr_args(l, "brief-what-status-quo", &[issue(i)]),
            ValuePath::Position { actor: a, issue: i } => {
                tr_args(l, "brief-what-position", &[actor(a), issue(i)])
            }
            ValuePath::Salience { actor: a, issue: i } => {
                tr_args(l, "brief-what-salience", &[actor(a), issue(i)])
            }
        }
    }

    /// The value as printed: in the issue's units for positions and status
    /// quos, with the range where sources disagree.
    pub fn show(&self, path: ValuePath) -> String {
        let Some(v) = self.value(path) else {
            return "–".into();
        };
        let issue = match path {
            ValuePath::StatusQuo { issue } | ValuePath::Position { issue, .. } => {
                Some(&self.s.issues[issue])
            }
            _ => None,
        };
        let f = |x: f64| match issue {
            Some(i) => fmt_on_scale(x, i.min, i.max),
            None => match path {
                ValuePath::Salience { .. } => format!("{x:.2}"),
                _ => plain_number(x),
            },
        };
        let mut out = f(v.value);
        if let Some(i) = issue {
            if !i.unit.is_empty() {
                out.push(' ');
                out.push_str(&i.unit);
            }
        }
        if let Some((lo, hi)) = v.range {
            out.push_str(&format!(" (range {}–{})", f(lo), f(hi)));
        }
        out
    }

    /// The marker of `path`, numbering it on first use; empty when the value
    /// has neither evidence nor judgement (it is then listed as unsourced).
    pub fn cite(&mut self, path: ValuePath) -> Vec<Cite> {
        if let Some(c) = self.given.get(&path) {
            return c.iter().copied().collect();
        }
        let Some(v) = self.value(path) else {
            return Vec::new();
        };
        let c = if !v.evidence.is_empty() {
            let n = self.citations.len() + 1;
            let passages = v
                .evidence
                .iter()
                .map(|e| {
                    if !self.references.iter().any(|r| r.doc == e.doc) {
                        let info = lookup(self.docs, &self.seeds, &e.doc);
                        if info.is_none() {
                            self.unknown_docs.insert(e.doc.clone());
                        }
                        self.references.push(Reference {
                            doc: e.doc.clone(),
                            text: info.map_or_else(
                                || "no bibliographic record available".to_string(),
                                DocInfo::reference,
                            ),
                            url: info.and_then(|d| d.url.clone()),
                        });
                    }
                    Passage {
                        locator: e.passage(),
                        quote: e.quote.clone(),
                        doc: e.doc.clone(),
                    }
                })
                .collect();
            self.citations.push(Citation {
                n,
                what: self.what(path),
                value: self.show(path),
                passages,
                judgement: v.judgement.clone(),
            });
            Some(Cite::Note(n))
        } else if let Some(j) = &v.judgement {
            let n = self.judgements.len() + 1;
            self.judgements.push(Judgement {
                n,
                what: self.what(path),
                value: self.show(path),
                reasoning: j.clone(),
            });
            Some(Cite::Judgement(n))
        } else {
            self.unsourced.push(format!(
                "{} ({}): {}",
                self.what(path),
                self.s.value_name(path),
                self.show(path)
            ));
            None
        };
        self.given.insert(path, c);
        c.into_iter().collect()
    }

    /// Numbers every value not cited yet, in the scenario's order, so the
    /// lists are complete whatever the text showed.
    pub fn cite_rest(&mut self) {
        let paths: Vec<ValuePath> = self.s.values().into_iter().map(|(p, _)| p).collect();
        for p in paths {
            self.cite(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers() {
        assert_eq!(plain_number(100.0), "100");
        assert_eq!(plain_number(0.08), "0.08");
        assert_eq!(plain_number(2.5), "2.5");
        assert_eq!(plain_number(1.0 / 3.0), "0.333");
    }
}
