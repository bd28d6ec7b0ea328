//! The full analysis `domei events` prints: exact probabilities at the point
//! values, Monte Carlo intervals, the most likely paths and the swing of each
//! uncertain input.
//!
//! **Monte Carlo.** Draw `k` (0-based) uses two ChaCha8 streams:
//!
//! - the scenario's inputs are drawn exactly as `domei simulate --seed S`
//!   draws them on draw `k` (seed `S`, stream `k`, triangular on each value's
//!   range or default perturbation), and every linked issue is forecast on
//!   that draw by the link's model choice;
//! - the chain's own ranged probabilities (and mapping ends `p0`, `p1`) are
//!   drawn from a second stream (seed `S` xor a constant, stream `k`),
//!   triangular on `[low, high]` with the mode at `value`, in file order.
//!
//! Each draw is then enumerated exactly. Intervals are the 10th and 90th
//! percentiles of the draws (linear interpolation between order statistics).
//!
//! **Swing.** One input at a time, the others at their point values: each
//! ranged probability (or mapping end `p0`, `p1`) at its `low`, then at its
//! `high` (an outcome left out of `p` absorbs the change), and each linked
//! forecast at its Monte Carlo 10th, then 90th percentile. The swing of a
//! result outcome is its probability at the high setting minus at the low
//! setting; inputs are ranked by the largest absolute swing over the result
//! outcomes, and a node matters as much as its largest input. Nodes in the
//! condition (`--given`) are left out.

use crate::{Events, Inputs, Kind};
use domei_parts::forecast::{forecast_in, forecast_issue, options};
use domei_parts::{Interval, ModelChoice};
use domei_scenario::Scenario;
use domei_sim::sample::{unit, Sampler, Spread};
use domei_sim::{Dist, Perturbation};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use serde::{Deserialize, Serialize};

/// Mixed into the seed of the chain's own draws, so they are independent of
/// the scenario's.
const CHAIN_SALT: u64 = 0x6576_656e_7473_2d31; // "events-1"

/// How [`analyse()`] samples and what it reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McSettings {
    /// Monte Carlo draws.
    pub draws: u64,
    /// Seed of the draws (as `domei simulate --seed`).
    pub seed: u64,
    /// How many of the most likely paths to report.
    pub top_paths: usize,
    /// Condition the chain on these (node, outcome) pairs.
    #[serde(skip)]
    pub given: Vec<(usize, usize)>,
}

impl Default for McSettings {
    fn default() -> Self {
        McSettings {
            draws: 1000,
            seed: 1,
            top_paths: 5,
            given: Vec::new(),
        }
    }
}

/// One forecast the chain reads, at the point values and over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    /// Issue id, as in the scenario file.
    pub issue: String,
    /// Which forecast: one model, or the median of models.
    pub model: ModelChoice,
    /// The forecast at the scenario's point values.
    pub forecast: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// 10th–90th percentile interval over the draws; `None` when there are none.
    pub mc: Option<Interval>,
    /// Draws where no model could forecast the issue (the point forecast was used).
    pub failed_draws: u64,
}

/// One outcome of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeReport {
    /// Outcome name.
    pub outcome: String,
    /// Exact probability at the point values.
    pub p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Interval over the draws; `None` when there are none to summarise.
    pub mc: Option<Interval>,
}

/// One node's outcome probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeReport {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its kind.
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The actor deciding or causing it, when named.
    pub actor: Option<String>,
    /// Whether the node is one of the chain's results.
    pub result: bool,
    /// Each outcome's probability, in the node's order.
    pub outcomes: Vec<OutcomeReport>,
}

/// One step of a path: a node's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    /// Node id.
    pub node: String,
    /// Outcome name.
    pub outcome: String,
    /// Probability of this outcome given the path so far.
    pub p: f64,
    /// False when the outcome was certain given the path (p = 1).
    pub uncertain: bool,
}

/// One of the most likely paths through the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathReport {
    /// Probability of the path at the point values.
    pub p: f64,
    /// Its steps, parents before children.
    pub steps: Vec<StepReport>,
}

/// How one input moves one result outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwingChange {
    /// Result node id.
    pub node: String,
    /// Outcome name.
    pub outcome: String,
    /// The outcome's probability with the input at its low setting.
    pub low: f64,
    /// The outcome's probability with the input at its high setting.
    pub high: f64,
    /// `high − low`.
    pub swing: f64,
}

/// One uncertain input and how much it moves the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwingReport {
    /// e.g. `us-asks-japan, case 1, p(yes)` or `forecast on taiwan-contingency-role (all)`.
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The node of a probability input; `None` for a forecast.
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The issue id of a forecast input; `None` for a probability.
    pub issue: Option<String>,
    /// Largest absolute swing over the result outcomes.
    pub max_swing: f64,
    /// Its effect on each result outcome.
    pub changes: Vec<SwingChange>,
}

/// The full analysis of a chain ([`analyse()`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Chain id.
    pub id: String,
    /// Chain name.
    pub name: String,
    /// Scenario id.
    pub scenario: String,
    /// Monte Carlo draws.
    pub draws: u64,
    /// Seed of the draws.
    pub seed: u64,
    /// The condition, as `NODE=OUTCOME` (empty: none).
    pub given: Vec<String>,
    /// Probability of the condition at the point values (1 without one).
    pub p_given: f64,
    /// Draws where the condition had probability 0 (left out of the intervals).
    pub impossible_draws: u64,
    /// Every link's forecast.
    pub links: Vec<LinkReport>,
    /// Every node's outcome probabilities, in file order.
    pub nodes: Vec<NodeReport>,
    /// The most likely paths, most likely first.
    pub paths: Vec<PathReport>,
    /// The uncertain inputs, largest swing first.
    pub swing: Vec<SwingReport>,
}

/// Point forecasts of every link; the error names an issue no model could
/// forecast.
pub fn point_forecasts(ev: &Events, s: &Scenario) -> Result<Vec<f64>, String> {
    ev.links
        .iter()
        .map(|l| {
            forecast_issue(s, l.issue, l.model).ok_or_else(|| {
                format!(
                    "no model could forecast issue {:?} (is every salience 0?)",
                    l.issue_id
                )
            })
        })
        .collect()
}

/// Runs the whole analysis of `ev` on scenario `s`.
pub fn analyse(ev: &Events, s: &Scenario, mc: &McSettings) -> Result<Analysis, String> {
    let point_f = point_forecasts(ev, s)?;
    let point = ev.point_inputs(point_f.clone());
    let exact = ev.evaluate_given(&point, &mc.given, true);
    if exact.condition <= 0.0 {
        return Err("the condition (--given) has probability 0 at the point values".into());
    }
    let mut impossible = 0u64;

    // Monte Carlo.
    let sampler = Sampler::new(s, &Perturbation::default(), Dist::Triangular);
    let opts = options();
    let groups = domei_run::groups(s);
    let mut draws_f: Vec<Vec<f64>> = vec![Vec::with_capacity(mc.draws as usize); ev.links.len()];
    let mut failed = vec![0u64; ev.links.len()];
    let mut draws_m: Vec<Vec<Vec<f64>>> = ev
        .nodes
        .iter()
        .map(|n| vec![Vec::with_capacity(mc.draws as usize); n.outcomes.len()])
        .collect();
    for k in 0..mc.draws {
        let mut forecasts = point_f.clone();
        if !ev.links.is_empty() {
            let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
            rng.set_stream(k);
            let problems = sampler.draw(&mut rng);
            for (j, l) in ev.links.iter().enumerate() {
                match forecast_in(&problems, &groups, l.issue, l.model, &opts) {
                    Some(x) => forecasts[j] = x,
                    None => failed[j] += 1,
                }
                draws_f[j].push(forecasts[j]);
            }
        }
        let mut rng = ChaCha8Rng::seed_from_u64(mc.seed ^ CHAIN_SALT);
        rng.set_stream(k);
        let values = ev
            .values
            .iter()
            .map(|sl| spread(&sl.value).sample(Dist::Triangular, unit(&mut rng)))
            .collect();
        let e = ev.evaluate_given(&Inputs { values, forecasts }, &mc.given, false);
        if e.condition <= 0.0 {
            impossible += 1;
            continue;
        }
        for (n, m) in e.marginals.iter().enumerate() {
            for (o, &p) in m.iter().enumerate() {
                draws_m[n][o].push(p);
            }
        }
    }

    let links: Vec<LinkReport> = ev
        .links
        .iter()
        .enumerate()
        .map(|(j, l)| LinkReport {
            issue: l.issue_id.clone(),
            model: l.model,
            forecast: point_f[j],
            mc: Interval::of(&mut draws_f[j]),
            failed_draws: failed[j],
        })
        .collect();
    let nodes = ev
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| NodeReport {
            id: n.id.clone(),
            name: n.name.clone(),
            kind: n.kind,
            actor: n.actor.clone(),
            result: ev.results.contains(&i),
            outcomes: n
                .outcomes
                .iter()
                .enumerate()
                .map(|(o, name)| OutcomeReport {
                    outcome: name.clone(),
                    p: exact.marginals[i][o],
                    mc: Interval::of(&mut draws_m[i][o]),
                })
                .collect(),
        })
        .collect();

    let mut paths = exact.paths.clone();
    paths.sort_by(|a, b| b.p.total_cmp(&a.p));
    let paths = paths
        .iter()
        .take(mc.top_paths)
        .map(|p| PathReport {
            p: p.p,
            steps: ev
                .order
                .iter()
                .map(|&n| StepReport {
                    node: ev.nodes[n].id.clone(),
                    outcome: ev.nodes[n].outcomes[p.outcomes[n]].clone(),
                    p: p.step_p[n],
                    uncertain: p.step_p[n] < 1.0,
                })
                .collect(),
        })
        .collect();

    let swing = swings(ev, &point, &links, &mc.given);
    let given = mc
        .given
        .iter()
        .map(|&(n, o)| format!("{}={}", ev.nodes[n].id, ev.nodes[n].outcomes[o]))
        .collect();
    Ok(Analysis {
        id: ev.id.clone(),
        name: ev.name.clone(),
        scenario: s.id.clone(),
        draws: mc.draws,
        seed: mc.seed,
        given,
        p_given: exact.condition,
        impossible_draws: impossible,
        links,
        nodes,
        paths,
        swing,
    })
}

fn spread(v: &domei_scenario::Value) -> Spread {
    Spread {
        lo: v.low(),
        mode: v.value,
        hi: v.high(),
    }
}

/// One-at-a-time swings of every uncertain input (see the module docs).
fn swings(
    ev: &Events,
    point: &Inputs,
    links: &[LinkReport],
    given: &[(usize, usize)],
) -> Vec<SwingReport> {
    let result_changes = |lo: &Inputs, hi: &Inputs| -> (f64, Vec<SwingChange>) {
        let (a, b) = (
            ev.evaluate_given(lo, given, false).marginals,
            ev.evaluate_given(hi, given, false).marginals,
        );
        let mut max = 0.0f64;
        let mut changes = Vec::new();
        for &n in &ev.results {
            for (o, name) in ev.nodes[n].outcomes.iter().enumerate() {
                let d = b[n][o] - a[n][o];
                max = max.max(d.abs());
                changes.push(SwingChange {
                    node: ev.nodes[n].id.clone(),
                    outcome: name.clone(),
                    low: a[n][o],
                    high: b[n][o],
                    swing: d,
                });
            }
        }
        (max, changes)
    };
    let mut out = Vec::new();
    for (k, slot) in ev.values.iter().enumerate() {
        if slot.value.range.is_none() || given.iter().any(|g| g.0 == slot.node) {
            continue;
        }
        let (mut lo, mut hi) = (point.clone(), point.clone());
        lo.values[k] = slot.value.low();
        hi.values[k] = slot.value.high();
        let (max_swing, changes) = result_changes(&lo, &hi);
        out.push(SwingReport {
            input: ev.slot_label(k),
            node: Some(ev.nodes[slot.node].id.clone()),
            issue: None,
            max_swing,
            changes,
        });
    }
    for (j, l) in links.iter().enumerate() {
        let Some(iv) = l.mc else { continue };
        let (mut lo, mut hi) = (point.clone(), point.clone());
        lo.forecasts[j] = iv.p10;
        hi.forecasts[j] = iv.p90;
        let (max_swing, changes) = result_changes(&lo, &hi);
        out.push(SwingReport {
            input: format!("forecast on {} ({})", l.issue, l.model),
            node: None,
            issue: Some(l.issue.clone()),
            max_swing,
            changes,
        });
    }
    out.sort_by(|a, b| {
        b.max_swing
            .total_cmp(&a.max_swing)
            .then_with(|| a.input.cmp(&b.input))
    });
    out
}
