//! Ranking a plan's actions by how far they move the forecasts toward one
//! actor's positions.
//!
//! **Objective.** For the actor `J` (`--for`, else the plan's `for`, else
//! `japan-gov`) the *gap* of a set of forecasts `F` is
//!
//! ```text
//! gap(F) = Σ_i  s_Ji · |F_i − x_Ji| / (max_i − min_i)
//! ```
//!
//! over the issues where `J` has a stance, with `J`'s salience `s_Ji` and
//! position `x_Ji` taken from the scenario *before* any action (an action that
//! moves `J`'s own position is a concession, measured against `J`'s original
//! goal). `F_i` is the forecast chosen by `--model` (default: the median of
//! every model's point forecast; `domei_parts::forecast`). An action's *gain*
//! is `gap(before) − gap(after)`: positive when it moves the forecasts toward
//! `J`. `gain_pct` is the gain as a percentage of `gap(before)`.
//!
//! **Combined effect.** The plan's actions with status `planned` or
//! `in-progress` (and `done` with `include_done`) applied together, in file
//! order, and forecast once: not the sum of the single gains, since effects
//! interact through the models. Each such action's *marginal contribution* is
//! the combined gain minus the combined gain without it.
//!
//! **Monte Carlo.** On draw `k` every effect's amount is drawn triangular on
//! its `[low, high]` with the mode at `value`, from a ChaCha8 stream seeded
//! by the seed and the action's id (FNV-1a), stream `k`. Keying by id makes
//! the draws *common random numbers*: an action's draws are the same whether
//! or not other actions are in the plan, so removing an action changes the
//! combined effect by exactly its marginal contribution draw by draw. The
//! scenario's own values stay at their point estimates (`domei simulate`
//! covers their uncertainty); intervals are the 10th and 90th percentiles.

use crate::apply::{affected, apply};
use crate::{Action, Effect, Plan, Status, DEFAULT_FOR};
use domei_parts::forecast::{forecast_issue, ModelChoice};
use domei_parts::Interval;
use domei_scenario::Scenario;
use domei_sim::sample::{unit, Spread};
use domei_sim::Dist;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use serde::{Deserialize, Serialize};

/// How [`rank()`] measures the actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Monte Carlo draws over the effects' ranges.
    pub draws: u64,
    /// Seed of the draws (with each action's id; see the module documentation).
    pub seed: u64,
    /// Which forecast `F_i` the objective uses (default: the median of models).
    pub model: ModelChoice,
    /// Actor whose positions the objective measures (overrides the plan's `for`).
    pub for_actor: Option<String>,
    /// Count `done` actions in the combined effect.
    pub include_done: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            draws: 200,
            seed: 1,
            model: ModelChoice::Median,
            for_actor: None,
            include_done: false,
        }
    }
}

/// One issue's forecast before and after an action (or the combined effect).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueMove {
    /// Issue id, as in the scenario file.
    pub issue: String,
    /// The forecast before any action, in the issue's units.
    pub before: f64,
    /// The forecast with the action's effects at their point values.
    pub after: f64,
    /// `J`'s position on the issue.
    pub goal: f64,
}

/// One action's ranked result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionReport {
    /// Its place, from 1 (largest gain) in order of gain, ties by id.
    pub rank: usize,
    /// Action id.
    pub id: String,
    /// Action title.
    pub title: String,
    /// The actor the action is aimed at.
    pub target: String,
    /// Ids of the issues it addresses.
    pub issues: Vec<String>,
    /// Who carries it out.
    pub owner: String,
    /// Due date, `YYYY-MM-DD`.
    pub due: String,
    /// Where it stands.
    pub status: Status,
    /// Counted in the combined effect.
    pub combined: bool,
    /// Gain at the effects' point values.
    pub gain: f64,
    /// `gain` as a percentage of the gap before any action.
    pub gain_pct: f64,
    /// The gain's 10th–90th percentile interval over the Monte Carlo draws.
    pub mc: Interval,
    /// Combined gain minus the combined gain without this action (point).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marginal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The marginal contribution's interval over the draws; `None` when the
    /// action is not counted (or no draws were made).
    pub marginal_mc: Option<Interval>,
    /// The forecasts the action moves.
    pub moves: Vec<IssueMove>,
}

/// The counted actions applied together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CombinedReport {
    /// Ids of the actions counted, in file order.
    pub actions: Vec<String>,
    /// Gain at the effects' point values.
    pub gain: f64,
    /// `gain` as a percentage of the gap before any action.
    pub gain_pct: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The gain's interval over the draws; `None` when there is nothing to
    /// summarise (no draws, or no action counted).
    pub mc: Option<Interval>,
    /// Sum of the single gains of the same actions (point).
    pub sum_of_gains: f64,
    /// `gain − sum_of_gains`: what the actions do together beyond their sum.
    pub interaction: f64,
    /// The forecasts the actions together move.
    pub moves: Vec<IssueMove>,
}

/// A plan's actions ranked by their gain for one actor ([`rank()`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// Plan id.
    pub plan: String,
    /// Plan name.
    pub name: String,
    /// Scenario id.
    pub scenario: String,
    #[serde(rename = "for")]
    /// The actor `J` whose positions the objective measures.
    pub for_actor: String,
    /// The forecast the objective uses.
    pub model: ModelChoice,
    /// Monte Carlo draws.
    pub draws: u64,
    /// Seed of the draws.
    pub seed: u64,
    /// Whether `done` actions count in the combined effect.
    pub include_done: bool,
    /// `gap` of the forecasts before any action.
    pub gap_before: f64,
    /// Every action not dropped, best first.
    pub actions: Vec<ActionReport>,
    /// Dropped actions: listed, not evaluated.
    pub dropped: Vec<String>,
    /// The combined effect of the counted actions.
    pub combined: CombinedReport,
}

/// `J`'s goal on one issue.
struct Goal {
    issue: usize,
    position: f64,
    weight: f64,
}

struct Objective<'a> {
    base: &'a Scenario,
    model: ModelChoice,
    goals: Vec<Goal>,
    /// Forecast of every issue before any action (NaN where not needed).
    before: Vec<f64>,
}

impl Objective<'_> {
    fn term(&self, g: &Goal, f: f64) -> f64 {
        g.weight * (f - g.position).abs()
    }

    /// Gain of `after` over the baseline, recomputing only `touched` issues;
    /// also the forecasts of the touched goal issues.
    fn gain(
        &self,
        after: &Scenario,
        touched: &[usize],
    ) -> Result<(f64, Vec<(usize, f64)>), String> {
        let mut gain = 0.0;
        let mut moved = Vec::new();
        for g in self.goals.iter().filter(|g| touched.contains(&g.issue)) {
            let f = forecast_issue(after, g.issue, self.model).ok_or_else(|| {
                format!(
                    "no model could forecast issue {:?} after the effects",
                    after.issues[g.issue].id
                )
            })?;
            gain += self.term(g, self.before[g.issue]) - self.term(g, f);
            moved.push((g.issue, f));
        }
        Ok((gain, moved))
    }

    fn gap_before(&self) -> f64 {
        self.goals
            .iter()
            .map(|g| self.term(g, self.before[g.issue]))
            .sum()
    }

    fn moves(&self, moved: &[(usize, f64)]) -> Vec<IssueMove> {
        moved
            .iter()
            .map(|&(i, f)| IssueMove {
                issue: self.base.issues[i].id.clone(),
                before: self.before[i],
                after: f,
                goal: self
                    .goals
                    .iter()
                    .find(|g| g.issue == i)
                    .map_or(f64::NAN, |g| g.position),
            })
            .collect()
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Each effect of `a` with its amount on draw `k`.
fn drawn(a: &Action, seed: u64, k: u64) -> Vec<(&Effect, f64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ fnv1a(&a.id));
    rng.set_stream(k);
    a.effects
        .iter()
        .map(|e| {
            let v = &e.amount;
            (
                e,
                Spread {
                    lo: v.low(),
                    mode: v.value,
                    hi: v.high(),
                }
                .sample(Dist::Triangular, unit(&mut rng)),
            )
        })
        .collect()
}

fn point(a: &Action) -> Vec<(&Effect, f64)> {
    a.effects.iter().map(|e| (e, e.amount.value)).collect()
}

/// The gain of `actions` applied together (each with its amounts).
fn together(
    obj: &Objective,
    s: &Scenario,
    parts: &[Vec<(&Effect, f64)>],
) -> Result<(f64, Vec<(usize, f64)>), String> {
    let all: Vec<(&Effect, f64)> = parts.iter().flatten().copied().collect();
    let touched = affected(s, all.iter().map(|(e, _)| *e));
    let after = apply(s, &all).map_err(|e| e.to_string())?;
    obj.gain(&after, &touched)
}

/// Combined gain minus the gain without one action, from the combined
/// forecasts `comb` (touched issues) and the parts without the action. Only
/// the issues the action touches can differ, so only those are re-forecast.
fn marginal(
    obj: &Objective,
    s: &Scenario,
    comb: &[(usize, f64)],
    action: &[(&Effect, f64)],
    rest: &[Vec<(&Effect, f64)>],
) -> Result<f64, String> {
    let touched = affected(s, action.iter().map(|(e, _)| *e));
    let all: Vec<(&Effect, f64)> = rest.iter().flatten().copied().collect();
    let after = apply(s, &all).map_err(|e| e.to_string())?;
    let (_, without) = obj.gain(&after, &touched)?;
    let mut m = 0.0;
    for (i, f_rest) in without {
        let f_comb = comb
            .iter()
            .find(|x| x.0 == i)
            .map_or(obj.before[i], |x| x.1);
        if let Some(g) = obj.goals.iter().find(|g| g.issue == i) {
            m += obj.term(g, f_rest) - obj.term(g, f_comb);
        }
    }
    Ok(m)
}

fn pct(gain: f64, gap: f64) -> f64 {
    if gap > 0.0 {
        100.0 * gain / gap
    } else {
        0.0
    }
}

/// Ranks `plan`'s actions on scenario `s`.
pub fn rank(plan: &Plan, s: &Scenario, st: &Settings) -> Result<Ranking, String> {
    let for_id = st
        .for_actor
        .clone()
        .or_else(|| plan.for_actor.clone())
        .unwrap_or_else(|| DEFAULT_FOR.to_string());
    let j = s
        .actor_index(&for_id)
        .ok_or_else(|| format!("unknown actor {for_id:?} for the objective (--for)"))?;
    let goals: Vec<Goal> = (0..s.issues.len())
        .filter_map(|i| {
            let stance = s.stance(j, i)?;
            Some(Goal {
                issue: i,
                position: stance.position.value,
                weight: stance.salience.value / s.issues[i].range(),
            })
        })
        .filter(|g| g.weight > 0.0)
        .collect();
    if goals.is_empty() {
        return Err(format!(
            "{for_id} has no stance with salience > 0: nothing to move toward"
        ));
    }
    let mut before = vec![f64::NAN; s.issues.len()];
    for g in &goals {
        before[g.issue] = forecast_issue(s, g.issue, st.model)
            .ok_or_else(|| format!("no model could forecast issue {:?}", s.issues[g.issue].id))?;
    }
    let obj = Objective {
        base: s,
        model: st.model,
        goals,
        before,
    };
    let gap = obj.gap_before();

    let live: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.status != Status::Dropped)
        .collect();
    let counted = |a: &Action| {
        matches!(a.status, Status::Planned | Status::InProgress)
            || (st.include_done && a.status == Status::Done)
    };
    let inc: Vec<usize> = (0..live.len()).filter(|&k| counted(live[k])).collect();

    // Point values.
    let mut singles = Vec::with_capacity(live.len());
    for a in &live {
        singles.push(together(&obj, s, &[point(a)])?);
    }
    let inc_point: Vec<Vec<(&Effect, f64)>> = inc.iter().map(|&k| point(live[k])).collect();
    let (comb_gain, comb_moved) = together(&obj, s, &inc_point)?;
    let mut marginal_point = vec![None; live.len()];
    for (pos, &k) in inc.iter().enumerate() {
        let rest: Vec<_> = inc_point
            .iter()
            .enumerate()
            .filter(|&(q, _)| q != pos)
            .map(|(_, v)| v.clone())
            .collect();
        marginal_point[k] = Some(marginal(&obj, s, &comb_moved, &inc_point[pos], &rest)?);
    }

    // Monte Carlo with common random numbers.
    let n = st.draws as usize;
    let mut single_d = vec![Vec::with_capacity(n); live.len()];
    let mut marg_d = vec![Vec::with_capacity(n); live.len()];
    let mut comb_d = Vec::with_capacity(n);
    for k in 0..st.draws {
        let draws: Vec<Vec<(&Effect, f64)>> = live.iter().map(|a| drawn(a, st.seed, k)).collect();
        for (q, d) in draws.iter().enumerate() {
            single_d[q].push(together(&obj, s, std::slice::from_ref(d))?.0);
        }
        let inc_d: Vec<Vec<(&Effect, f64)>> = inc.iter().map(|&q| draws[q].clone()).collect();
        let (c, moved) = together(&obj, s, &inc_d)?;
        comb_d.push(c);
        for (pos, &q) in inc.iter().enumerate() {
            let rest: Vec<_> = inc_d
                .iter()
                .enumerate()
                .filter(|&(p, _)| p != pos)
                .map(|(_, v)| v.clone())
                .collect();
            marg_d[q].push(marginal(&obj, s, &moved, &inc_d[pos], &rest)?);
        }
    }

    let zero = Interval {
        mean: 0.0,
        sd: 0.0,
        se: 0.0,
        p10: 0.0,
        p50: 0.0,
        p90: 0.0,
    };
    let mut actions: Vec<ActionReport> = live
        .iter()
        .enumerate()
        .map(|(q, a)| ActionReport {
            rank: 0,
            id: a.id.clone(),
            title: a.title.clone(),
            target: a.target.clone(),
            issues: a.issues.clone(),
            owner: a.owner.clone(),
            due: a.due.clone(),
            status: a.status,
            combined: counted(a),
            gain: singles[q].0,
            gain_pct: pct(singles[q].0, gap),
            mc: Interval::of(&mut single_d[q]).unwrap_or(zero),
            marginal: marginal_point[q],
            marginal_mc: Interval::of(&mut marg_d[q]),
            moves: obj.moves(&singles[q].1),
        })
        .collect();
    actions.sort_by(|a, b| b.gain.total_cmp(&a.gain).then_with(|| a.id.cmp(&b.id)));
    for (r, a) in actions.iter_mut().enumerate() {
        a.rank = r + 1;
    }
    let sum_of_gains: f64 = inc.iter().map(|&q| singles[q].0).sum();
    Ok(Ranking {
        plan: plan.id.clone(),
        name: plan.name.clone(),
        scenario: s.id.clone(),
        for_actor: for_id,
        model: st.model,
        draws: st.draws,
        seed: st.seed,
        include_done: st.include_done,
        gap_before: gap,
        actions,
        dropped: plan
            .actions
            .iter()
            .filter(|a| a.status == Status::Dropped)
            .map(|a| a.id.clone())
            .collect(),
        combined: CombinedReport {
            actions: inc.iter().map(|&q| live[q].id.clone()).collect(),
            gain: comb_gain,
            gain_pct: pct(comb_gain, gap),
            mc: Interval::of(&mut comb_d),
            sum_of_gains,
            interaction: comb_gain - sum_of_gains,
            moves: obj.moves(&comb_moved),
        },
    })
}
