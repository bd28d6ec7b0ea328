//! Reads and validates `events.toml` against its scenario. Every rule of
//! docs/seeds-analyses.md ("events.toml", "Rules checked on load") lives
//! here; all problems are reported at once, each with file, line, column and
//! a hint.

mod graph;
mod rule;

use crate::{Case, Events, Kind, Link, Node, Slot, MAX_COMBINATIONS};
use domei_parts::{parse, suggest, RawRef, RawValue, Reader};
use domei_scenario::{Diagnostics, Loc, Scenario};
use graph::{build_table, topological_order};
use rule::read_rule;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    events: Option<Spanned<HeaderT>>,
    #[serde(default)]
    nodes: Vec<Spanned<NodeT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderT {
    id: Option<Spanned<String>>,
    name: Option<String>,
    description: Option<String>,
    scenario: Option<Spanned<String>>,
    result: Option<Spanned<OneOrMany>>,
}

/// A string or a list of strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

type ProbsT = Spanned<BTreeMap<String, Spanned<RawValue>>>;
type WhenT = BTreeMap<String, Spanned<OneOrMany>>;
/// A case as written: where, its `when`, its rule.
type RawCase<'a> = (Loc, &'a WhenT, RuleT<'a>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeT {
    id: Spanned<String>,
    name: Option<String>,
    description: Option<String>,
    kind: Option<Spanned<String>>,
    actor: Option<Spanned<String>>,
    outcomes: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    parents: Vec<Spanned<String>>,
    #[serde(default)]
    cases: Vec<Spanned<CaseT>>,
    // A node-level rule: shorthand for one case that always applies.
    p: Option<ProbsT>,
    then: Option<Spanned<String>>,
    from_issue: Option<Spanned<LinkT>>,
    judgement: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<RawRef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseT {
    #[serde(default)]
    when: WhenT,
    p: Option<ProbsT>,
    then: Option<Spanned<String>>,
    from_issue: Option<Spanned<LinkT>>,
    judgement: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<RawRef>>,
}

/// The rule fields of a case or of a node-level rule.
struct RuleT<'a> {
    p: Option<&'a ProbsT>,
    then: Option<&'a Spanned<String>>,
    from_issue: Option<&'a Spanned<LinkT>>,
    judgement: Option<&'a String>,
    evidence: &'a [Spanned<RawRef>],
}

impl NodeT {
    fn rule(&self) -> RuleT<'_> {
        RuleT {
            p: self.p.as_ref(),
            then: self.then.as_ref(),
            from_issue: self.from_issue.as_ref(),
            judgement: self.judgement.as_ref(),
            evidence: &self.evidence,
        }
    }
}

impl CaseT {
    fn rule(&self) -> RuleT<'_> {
        RuleT {
            p: self.p.as_ref(),
            then: self.then.as_ref(),
            from_issue: self.from_issue.as_ref(),
            judgement: self.judgement.as_ref(),
            evidence: &self.evidence,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkT {
    issue: Spanned<String>,
    outcome: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    map: Option<Spanned<String>>,
    x0: f64,
    x1: f64,
    p0: Spanned<RawValue>,
    p1: Spanned<RawValue>,
}

const PROB: Option<(f64, f64, &str)> = Some((0.0, 1.0, "a probability"));

/// Parses and validates `text` (the contents of `path`) for scenario `s`.
pub fn read(path: &Path, text: &str, s: &Scenario) -> Result<Events, Diagnostics> {
    // Japanese forms (`name_ja`, ...) are read in the English view, which
    // keeps every line (domei_scenario::lang); locations index this text.
    let viewed = domei_scenario::lang::view(text, domei_scenario::lang::Lang::En);
    let text = viewed.as_str();
    let file: FileT = parse(path, text)?;
    let (mut r, hloc, h) = Reader::new(path, text).header("events", file.events)?;
    let id = r.header_id("events", hloc, h.id.as_ref());
    r.scenario_id("events.toml", h.scenario.as_ref(), &s.id);
    if file.nodes.is_empty() {
        r.err(hloc, "the chain has no nodes", "add [[nodes]] entries");
    }

    // Ids first, so parents can refer to later nodes.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, n) in file.nodes.iter().enumerate() {
        let nid = n.get_ref().id.get_ref();
        let loc = r.at(&n.get_ref().id);
        r.check_id("node", nid, loc);
        if index.insert(nid.clone(), i).is_some() {
            r.err(
                loc,
                format!("duplicate node id {nid:?}"),
                "give every node its own id",
            );
        }
    }
    let ids: Vec<String> = file
        .nodes
        .iter()
        .map(|n| n.get_ref().id.get_ref().clone())
        .collect();

    // Outcomes and parents.
    let mut outcomes: Vec<Vec<String>> = Vec::new();
    let mut parents: Vec<Vec<usize>> = Vec::new();
    for n in &file.nodes {
        let n = n.get_ref();
        let nid = n.id.get_ref();
        let mut outs = Vec::new();
        match &n.outcomes {
            None => outs = vec!["yes".to_string(), "no".to_string()],
            Some(list) => {
                for o in list {
                    if r.check_id("outcome", o.get_ref(), r.at(o)) && outs.contains(o.get_ref()) {
                        r.err(
                            r.at(o),
                            format!("node {nid}: outcome {:?} is listed twice", o.get_ref()),
                            "list each outcome once",
                        );
                    }
                    outs.push(o.get_ref().clone());
                }
                if outs.len() < 2 {
                    r.err(
                        r.at(&n.id),
                        format!("node {nid} has fewer than two outcomes"),
                        "list at least two outcomes, or leave `outcomes` out for [\"yes\", \"no\"]",
                    );
                }
            }
        }
        outcomes.push(outs);
        let mut ps = Vec::new();
        for p in &n.parents {
            match index.get(p.get_ref()) {
                Some(&pi) if ps.contains(&pi) => r.err(
                    r.at(p),
                    format!("node {nid}: parent {:?} is listed twice", p.get_ref()),
                    "list each parent once",
                ),
                Some(&pi) => ps.push(pi),
                None => {
                    let hint = suggest(p.get_ref(), ids.iter().map(String::as_str)).map_or(
                        "parents must be ids of [[nodes]] in this file".to_string(),
                        |c| format!("did you mean {c:?}?"),
                    );
                    r.err(
                        r.at(p),
                        format!("node {nid}: unknown parent {:?}", p.get_ref()),
                        hint,
                    );
                }
            }
        }
        parents.push(ps);
    }

    let order = topological_order(&mut r, &file.nodes, &parents);

    let mut values: Vec<Slot> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut nodes = Vec::new();
    for (i, nt) in file.nodes.iter().enumerate() {
        let loc = r.at(&nt.get_ref().id);
        let n = nt.get_ref();
        let nid = n.id.get_ref().clone();
        let kind = match n.kind.as_ref().map(|k| (k.get_ref().as_str(), r.at(k))) {
            None | Some(("event", _)) => Kind::Event,
            Some(("decision", _)) => Kind::Decision,
            Some(("outcome", _)) => Kind::Outcome,
            Some((other, at)) => {
                r.err(
                    at,
                    format!("node {nid}: unknown kind {other:?}"),
                    "use \"event\", \"decision\" or \"outcome\"",
                );
                Kind::Event
            }
        };
        if let Some(a) = &n.actor {
            if s.actor_index(a.get_ref()).is_none() {
                let hint = suggest(a.get_ref(), s.actors.iter().map(|a| a.id.as_str())).map_or(
                    format!("actors are the ids of the scenario's [[actors]] ({})", s.id),
                    |c| format!("did you mean {c:?}?"),
                );
                r.err(
                    r.at(a),
                    format!("node {nid}: unknown actor {:?}", a.get_ref()),
                    hint,
                );
            }
        }
        let has_shorthand = n.p.is_some() || n.then.is_some() || n.from_issue.is_some();
        let empty = BTreeMap::new();
        let mut raw_cases: Vec<RawCase> = Vec::new();
        if has_shorthand {
            if !n.cases.is_empty() {
                r.err(loc, format!("node {nid} has both a node-level rule and [[nodes.cases]]"), "move the node-level `p`, `then` or `from_issue` into a case, or drop the cases");
            }
            raw_cases.push((loc, &empty, n.rule()));
        } else {
            if n.judgement.is_some() || !n.evidence.is_empty() {
                r.err(loc, format!("node {nid}: `judgement`/`evidence` at node level need a node-level `p`, `then` or `from_issue`"), "put them on the case they support");
            }
            for c in &n.cases {
                raw_cases.push((r.at(c), &c.get_ref().when, c.get_ref().rule()));
            }
        }
        if raw_cases.is_empty() {
            r.err(loc, format!("node {nid} has no probabilities"), "give `p = { yes = ... }`, `then = \"...\"`, `from_issue = {...}` or [[nodes.cases]]");
        }
        let mut cases = Vec::new();
        let mut bad_case = false;
        for (k, (cloc, when, rule_t)) in raw_cases.into_iter().enumerate() {
            let label = if has_shorthand {
                format!("node {nid}")
            } else {
                format!("node {nid}, case {}", k + 1)
            };
            let mut when_v = vec![None; parents[i].len()];
            for (key, val) in when {
                let at = r.at(val);
                match parents[i].iter().position(|&p| ids[p] == *key) {
                    Some(pk) => {
                        let po = &outcomes[parents[i][pk]];
                        let mut set = Vec::new();
                        for o in val.get_ref().items() {
                            match po.iter().position(|x| x == o) {
                                Some(oi) => set.push(oi),
                                None => r.err(
                                    at,
                                    format!("{label}: {key} has no outcome {o:?}"),
                                    format!("{key}'s outcomes are {}", po.join(", ")),
                                ),
                            }
                        }
                        when_v[pk] = Some(set);
                    }
                    None if index.contains_key(key) => r.err(
                        at,
                        format!("{label}: {key:?} is not a parent of {nid}"),
                        format!("add {key:?} to {nid}'s `parents`"),
                    ),
                    None => r.err(
                        at,
                        format!("{label}: `when` names unknown node {key:?}"),
                        "`when` keys are ids of the node's parents",
                    ),
                }
            }
            let rule = read_rule(
                &mut r,
                s,
                &label,
                cloc,
                &rule_t,
                &outcomes[i],
                (i, k),
                &mut values,
                &mut links,
            );
            let evidence = r.refs(&label, rule_t.evidence);
            match rule {
                Some(rule) => {
                    let judgement = rule_t.judgement.filter(|j| !j.trim().is_empty()).cloned();
                    cases.push(Case {
                        when: when_v,
                        rule,
                        judgement,
                        evidence,
                        loc: cloc,
                    });
                }
                None => bad_case = true,
            }
        }
        // A case already reported as invalid would show up again as a gap
        // in the table: check the table only when every case was read.
        let table = if bad_case {
            Vec::new()
        } else {
            build_table(&mut r, &nid, loc, &parents[i], &outcomes, &ids, &cases)
        };
        nodes.push(Node {
            id: nid.clone(),
            name: n.name.clone().unwrap_or_else(|| nid.clone()),
            description: n.description.clone().unwrap_or_default(),
            kind,
            actor: n.actor.as_ref().map(|a| a.get_ref().clone()),
            outcomes: outcomes[i].clone(),
            parents: parents[i].clone(),
            cases,
            table,
            loc,
        });
    }

    let combos = outcomes
        .iter()
        .try_fold(1u64, |acc, o| acc.checked_mul(o.len() as u64))
        .unwrap_or(u64::MAX);
    if combos > MAX_COMBINATIONS {
        r.err(
            hloc,
            format!(
                "the chain has {combos} combinations of outcomes, more than {MAX_COMBINATIONS}"
            ),
            "split the chain or merge outcomes; every path is enumerated exactly",
        );
    }

    let results = match &h.result {
        Some(res) => {
            let at = r.at(res);
            let mut out = Vec::new();
            for name in res.get_ref().items() {
                match index.get(name) {
                    Some(&i) => out.push(i),
                    None => r.err(
                        at,
                        format!("result names unknown node {name:?}"),
                        "`result` lists node ids of this file",
                    ),
                }
            }
            out
        }
        None => (0..file.nodes.len())
            .filter(|&i| !parents.iter().any(|ps| ps.contains(&i)))
            .collect(),
    };
    r.finish()?;
    Ok(Events {
        path: path.to_path_buf(),
        id,
        name: h.name.unwrap_or_default(),
        description: h.description.unwrap_or_default(),
        nodes,
        order,
        results,
        values,
        links,
    })
}
