//! Decision chains (event trees) beside a scenario: `events.toml`.
//!
//! A chain is a set of nodes — events and decisions — each with a few
//! outcomes and a conditional probability table given its parents' outcomes.
//! A node's probability may come from a forecast issue of the scenario
//! through a documented mapping (`from_issue`). Format and semantics:
//! docs/seeds-analyses.md, "events.toml".
//!
//! - [`read()`] parses and validates the file against its scenario into
//!   [`Events`] (located diagnostics, all at once);
//! - [`Events::evaluate`] enumerates every path of the tree exactly for one
//!   set of inputs ([`Inputs`]), giving each node's outcome probabilities and
//!   the paths;
//! - [`analyse()`] adds the Monte Carlo intervals and the swing of each
//!   uncertain input; [`present`] prints the result.

#![warn(missing_docs)]

pub mod analyse;
pub mod present;
pub mod read;

pub use analyse::{analyse, Analysis, McSettings};
pub use read::read;

use domei_parts::{Citation, ModelChoice};
use domei_scenario::{Loc, Value};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Most joint combinations (product of every node's outcome count) a chain
/// may have: every path is enumerated exactly.
pub const MAX_COMBINATIONS: u64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// What a node stands for (`kind` in events.toml): documentation only, the
/// evaluation treats every kind alike.
pub enum Kind {
    /// Something that happens (the default).
    Event,
    /// A choice made by an actor.
    Decision,
    /// An end result of the chain.
    Outcome,
}

/// How a forecast on an issue's scale becomes a probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mapping {
    /// `p0` at `x0`, `p1` at `x1`, straight line between, flat beyond.
    Linear,
    /// The logistic curve through `(x0, p0)` and `(x1, p1)`: log-odds linear
    /// in the forecast.
    Logistic,
}

impl Mapping {
    /// The probability at forecast `x` (see docs/seeds-analyses.md).
    pub fn apply(self, x: f64, x0: f64, x1: f64, p0: f64, p1: f64) -> f64 {
        let t = (x - x0) / (x1 - x0);
        let p = match self {
            Mapping::Linear => p0 + (p1 - p0) * t.clamp(0.0, 1.0),
            Mapping::Logistic => {
                let logit = |p: f64| {
                    let p = p.clamp(1e-9, 1.0 - 1e-9);
                    (p / (1.0 - p)).ln()
                };
                let z = logit(p0) + (logit(p1) - logit(p0)) * t;
                1.0 / (1.0 + (-z).exp())
            }
        };
        p.clamp(0.0, 1.0)
    }
}

/// A forecast the chain reads: one issue by one model choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Index of the issue in the scenario.
    pub issue: usize,
    /// Issue id, as in the scenario file.
    pub issue_id: String,
    /// Which forecast: one model, or the median of models.
    pub model: ModelChoice,
}

/// What decides a node's outcome for one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// This outcome for certain.
    Then(usize),
    /// Given outcomes' probabilities (slots into [`Events::values`]); `rest`
    /// is the one outcome left out, which takes `1 − Σ`.
    Table {
        /// `(outcome, slot)` pairs: each given outcome's probability is slot `slot`.
        given: Vec<(usize, usize)>,
        /// The outcome that takes `1 − Σ` of the others; `None` when all are given.
        rest: Option<usize>,
    },
    /// `outcome`'s probability mapped from a forecast (a binary node; the
    /// other outcome takes the complement). `p0`, `p1` are slots.
    Linked {
        /// The outcome whose probability is mapped.
        outcome: usize,
        /// Index into [`Events::links`].
        link: usize,
        /// The mapping's shape.
        map: Mapping,
        /// Forecast at which the probability is `p0` (issue's units).
        x0: f64,
        /// Forecast at which the probability is `p1` (issue's units).
        x1: f64,
        /// Slot of the probability at `x0`.
        p0: usize,
        /// Slot of the probability at `x1`.
        p1: usize,
    },
}

/// One row of a node's conditional table.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Per parent: the outcomes it matches (`None`: any).
    pub when: Vec<Option<Vec<usize>>>,
    /// What decides the outcome in this case.
    pub rule: Rule,
    /// The analyst's judgement, when the case rests on one.
    pub judgement: Option<String>,
    /// Evidence for the case's probabilities.
    pub evidence: Vec<domei_scenario::EvidenceRef>,
    /// Where the case is in the events file.
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
/// One node of the chain: an event or decision and its outcomes.
pub struct Node {
    /// Node id, unique in the chain.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is (may be empty).
    pub description: String,
    /// Its kind (documentation only).
    pub kind: Kind,
    /// The actor deciding or causing it, an actor id of the scenario.
    pub actor: Option<String>,
    /// Outcome names, in file order (default `yes`, `no`).
    pub outcomes: Vec<String>,
    /// Indices of its parent nodes, in file order.
    pub parents: Vec<usize>,
    /// Its conditional table's rows, in file order.
    pub cases: Vec<Case>,
    /// The case applying to each combination of the parents' outcomes
    /// (mixed radix, first parent most significant).
    pub table: Vec<usize>,
    /// Where the node is in the events file.
    pub loc: Loc,
}

/// One sourced value of the chain (a probability, or a mapping's `p0`/`p1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The value with its range and sources.
    pub value: Value,
    /// Index of the node it belongs to.
    pub node: usize,
    /// Index of the case in the node (0-based).
    pub case: usize,
    /// e.g. `p(yes)`, `from_issue p0`.
    pub what: String,
}

impl Events {
    /// A slot's name for people: `node japan-authorises, case 2, from_issue p0`
    /// (the case only when the node has several).
    pub fn slot_label(&self, k: usize) -> String {
        let sl = &self.values[k];
        let n = &self.nodes[sl.node];
        if n.cases.len() > 1 {
            format!("{}, case {}, {}", n.id, sl.case + 1, sl.what)
        } else {
            format!("{}, {}", n.id, sl.what)
        }
    }
}

/// A validated decision chain. Every invariant of docs/seeds-analyses.md
/// holds: the parents form no cycle, every table is complete and
/// consistent, point probabilities sum to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The events file it was read from.
    pub path: PathBuf,
    /// Chain id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the chain models (may be empty).
    pub description: String,
    /// Its nodes, in file order.
    pub nodes: Vec<Node>,
    /// Parents before children; file order among equals.
    pub order: Vec<usize>,
    /// Nodes whose outcomes are the chain's results.
    pub results: Vec<usize>,
    /// Every sourced probability, in file order (the slots rules point to).
    pub values: Vec<Slot>,
    /// The forecasts the chain reads (rules point to them by index).
    pub links: Vec<Link>,
}

/// Called at the end of every path: outcomes, step probabilities, path probability.
type Visit<'a> = dyn FnMut(&[usize], &[f64], f64) + 'a;

/// Numbers for one evaluation: every slot's value and every link's forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// Per slot of [`Events::values`]: the probability used.
    pub values: Vec<f64>,
    /// Per link of [`Events::links`]: the forecast used, in the issue's units.
    pub forecasts: Vec<f64>,
}

/// One full path through the tree and its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Outcome of every node (by node index).
    pub outcomes: Vec<usize>,
    /// Conditional probability of each node's outcome on this path.
    pub step_p: Vec<f64>,
    /// Probability of the whole path (product of `step_p`).
    pub p: f64,
}

/// Exact result of one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// `marginals[node][outcome]`.
    pub marginals: Vec<Vec<f64>>,
    /// Every path with probability > 0 (only when asked for).
    pub paths: Vec<Path>,
    /// Probability of the condition (1 without one).
    pub condition: f64,
}

impl Events {
    /// Index of the node with id `id`; `None` when there is none.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The inputs at every value's point estimate, with these forecasts.
    pub fn point_inputs(&self, forecasts: Vec<f64>) -> Inputs {
        Inputs {
            values: self.values.iter().map(|s| s.value.value).collect(),
            forecasts,
        }
    }

    /// Outcome probabilities of `node` under case `case`.
    pub fn case_probs(&self, node: usize, case: usize, inp: &Inputs) -> Vec<f64> {
        let n = &self.nodes[node];
        let mut out = vec![0.0; n.outcomes.len()];
        match &n.cases[case].rule {
            Rule::Then(o) => out[*o] = 1.0,
            Rule::Table { given, rest } => {
                let pick = |vals: &dyn Fn(usize) -> f64, out: &mut Vec<f64>| {
                    for &(o, slot) in given {
                        out[o] = vals(slot).max(0.0);
                    }
                };
                pick(&|s| inp.values[s], &mut out);
                let mut sum: f64 = out.iter().sum();
                if rest.is_none() && sum <= 0.0 {
                    // Every drawn probability is 0: fall back on the point
                    // values, which sum to 1 (checked on load).
                    pick(&|s| self.values[s].value.value, &mut out);
                    sum = out.iter().sum();
                }
                match rest {
                    Some(r) if sum <= 1.0 => out[*r] = 1.0 - sum,
                    _ if sum > 0.0 => out.iter_mut().for_each(|p| *p /= sum),
                    _ => {}
                }
            }
            Rule::Linked {
                outcome,
                link,
                map,
                x0,
                x1,
                p0,
                p1,
            } => {
                let p = map.apply(
                    inp.forecasts[*link],
                    *x0,
                    *x1,
                    inp.values[*p0],
                    inp.values[*p1],
                );
                out[*outcome] = p;
                out[1 - *outcome] = 1.0 - p;
            }
        }
        out
    }

    /// Enumerates every path of the tree exactly. `keep_paths` collects the
    /// paths with probability > 0.
    pub fn evaluate(&self, inp: &Inputs, keep_paths: bool) -> Evaluation {
        self.evaluate_given(inp, &[], keep_paths)
    }

    /// `NODE=OUTCOME` as indices.
    pub fn parse_given(&self, text: &str) -> Result<(usize, usize), String> {
        let (node, outcome) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?}: write NODE=OUTCOME"))?;
        let n = self.node_index(node.trim()).ok_or_else(|| {
            let ids: Vec<&str> = self.nodes.iter().map(|n| n.id.as_str()).collect();
            format!(
                "{text:?}: unknown node {:?} (nodes: {})",
                node.trim(),
                ids.join(", ")
            )
        })?;
        let o = self.nodes[n]
            .outcomes
            .iter()
            .position(|o| o == outcome.trim())
            .ok_or_else(|| {
                format!(
                    "{text:?}: node {} has no outcome {:?} (outcomes: {})",
                    self.nodes[n].id,
                    outcome.trim(),
                    self.nodes[n].outcomes.join(", ")
                )
            })?;
        Ok((n, o))
    }

    /// [`Events::evaluate`] conditioned on `given` (node, outcome) pairs:
    /// only paths with those outcomes count, and probabilities are divided by
    /// the probability of the condition. Everything is 0 when the condition
    /// is impossible.
    pub fn evaluate_given(
        &self,
        inp: &Inputs,
        given: &[(usize, usize)],
        keep_paths: bool,
    ) -> Evaluation {
        let probs: Vec<Vec<Vec<f64>>> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (0..n.cases.len())
                    .map(|c| self.case_probs(i, c, inp))
                    .collect()
            })
            .collect();
        let mut marginals: Vec<Vec<f64>> = self
            .nodes
            .iter()
            .map(|n| vec![0.0; n.outcomes.len()])
            .collect();
        let mut paths = Vec::new();
        let mut assign = vec![0usize; self.nodes.len()];
        let mut step = vec![1.0; self.nodes.len()];
        let mut total = 0.0;
        self.walk(&probs, 0, &mut assign, &mut step, 1.0, &mut |a, s, p| {
            if given.iter().any(|&(n, o)| a[n] != o) {
                return;
            }
            total += p;
            for (node, &o) in a.iter().enumerate() {
                marginals[node][o] += p;
            }
            if keep_paths {
                paths.push(Path {
                    outcomes: a.to_vec(),
                    step_p: s.to_vec(),
                    p,
                });
            }
        });
        if !given.is_empty() {
            let z = if total > 0.0 { 1.0 / total } else { 0.0 };
            marginals.iter_mut().flatten().for_each(|p| *p *= z);
            paths.iter_mut().for_each(|p| p.p *= z);
        }
        Evaluation {
            marginals,
            paths,
            condition: total,
        }
    }

    /// The case of `node` that applies under the assignment `assign`.
    pub fn case_for(&self, node: usize, assign: &[usize]) -> usize {
        let n = &self.nodes[node];
        let combo = n.parents.iter().fold(0usize, |acc, &p| {
            acc * self.nodes[p].outcomes.len() + assign[p]
        });
        n.table[combo]
    }

    fn walk(
        &self,
        probs: &[Vec<Vec<f64>>],
        k: usize,
        assign: &mut Vec<usize>,
        step: &mut Vec<f64>,
        p: f64,
        visit: &mut Visit,
    ) {
        let Some(&node) = self.order.get(k) else {
            visit(assign, step, p);
            return;
        };
        let dist = &probs[node][self.case_for(node, assign)];
        for (o, &q) in dist.iter().enumerate() {
            if q > 0.0 {
                assign[node] = o;
                step[node] = q;
                self.walk(probs, k + 1, assign, step, p * q, visit);
            }
        }
    }

    /// Every evidence reference of the chain with its file and location.
    pub fn citations(&self) -> Vec<Citation> {
        let mut out = Vec::new();
        for (ci, n) in self.nodes.iter().enumerate() {
            for (k, c) in n.cases.iter().enumerate() {
                out.extend(Citation::all(
                    &self.path,
                    &format!("node {}, case {}", self.nodes[ci].id, k + 1),
                    &c.evidence,
                ));
            }
        }
        for s in &self.values {
            out.extend(Citation::of_value(
                &self.path,
                &format!(
                    "node {}, case {}, {}",
                    self.nodes[s.node].id,
                    s.case + 1,
                    s.what
                ),
                &s.value,
            ));
        }
        out.sort_by_key(|c| c.evidence.loc);
        out
    }
}

/// Every evidence reference of `events` with its file and location (for
/// `domei evidence check`).
pub fn citations(events: &Events) -> Vec<Citation> {
    events.citations()
}

#[cfg(test)]
mod tests;
