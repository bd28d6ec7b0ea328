//! Coalitions: members pool their capability behind a joint position.
//!
//! On each issue of the coalition, the members' stances are replaced by one
//! bloc actor (`coalition:A+B+C`) whose
//!
//! - capability is the sum of the members' capabilities (pooled weight);
//! - position is the members' capability × salience weighted mean position
//!   (the compromise they would agree among themselves);
//! - salience is the members' capability-weighted mean salience.
//!
//! The bloc takes part only in the coalition's issues; members keep their
//! stances elsewhere. This is how seed 004 proposes Japan answer bilateral
//! tariff deals: negotiate alongside the EU, ASEAN and others rather than
//! alone. With the compromise model pooling changes little (a weighted mean
//! of weighted means); with the median, BDM and bargaining models a bloc can
//! become pivotal.

use crate::StrategyError;
use domei_scenario::{Actor, Loc, Scenario, Stance, Value};

pub fn apply(
    s: &Scenario,
    members: &[String],
    issues: &[String],
) -> Result<Scenario, StrategyError> {
    if members.len() < 2 {
        return Err(StrategyError::Coalition(
            "a coalition needs at least two members".into(),
        ));
    }
    let ms: Vec<usize> = members
        .iter()
        .map(|m| {
            s.actor_index(m)
                .ok_or_else(|| StrategyError::UnknownActor(m.clone()))
        })
        .collect::<Result<_, _>>()?;
    let is: Vec<usize> = issues
        .iter()
        .map(|i| {
            s.issue_index(i)
                .ok_or_else(|| StrategyError::UnknownIssue(i.clone()))
        })
        .collect::<Result<_, _>>()?;
    if is.is_empty() {
        return Err(StrategyError::Coalition(
            "name the issues the coalition negotiates (--on)".into(),
        ));
    }
    let mut out = s.clone();
    let bloc_id = format!("coalition-{}", members.join("-"));
    let cap: f64 = ms.iter().map(|&a| s.actors[a].capability.value).sum();
    let mut row = vec![None; s.issues.len()];
    for &i in &is {
        let with: Vec<(usize, &Stance)> = ms
            .iter()
            .filter_map(|&a| s.stance(a, i).map(|st| (a, st)))
            .collect();
        if with.len() < 2 {
            return Err(StrategyError::Coalition(format!(
                "fewer than two members take a position on {}",
                s.issues[i].id
            )));
        }
        let w: Vec<f64> = with
            .iter()
            .map(|(a, st)| s.actors[*a].capability.value * st.salience.value)
            .collect();
        let wsum: f64 = w.iter().sum();
        let csum: f64 = with
            .iter()
            .map(|(a, _)| s.actors[*a].capability.value)
            .sum();
        let position = if wsum > 0.0 {
            with.iter()
                .zip(&w)
                .map(|((_, st), w)| w * st.position.value)
                .sum::<f64>()
                / wsum
        } else {
            with.iter().map(|(_, st)| st.position.value).sum::<f64>() / with.len() as f64
        };
        let salience = with
            .iter()
            .map(|(a, st)| s.actors[*a].capability.value * st.salience.value)
            .sum::<f64>()
            / csum;
        let note = |what: &str| format!("coalition of {}: {what}", members.join(", "));
        let mut pv = Value::point(position);
        pv.judgement = Some(note(
            "capability × salience weighted mean of members' positions",
        ));
        let mut sv = Value::point(salience.clamp(0.0, 1.0));
        sv.judgement = Some(note("capability-weighted mean of members' saliences"));
        row[i] = Some(Stance {
            position: pv,
            salience: sv,
            loc: Loc::default(),
        });
        for &a in &ms {
            out.stances[a][i] = None;
        }
    }
    let mut cv = Value::point(cap);
    cv.judgement = Some(format!("sum of the capabilities of {}", members.join(", ")));
    out.actors.push(Actor {
        id: bloc_id,
        name: format!("Coalition: {}", members.join(" + ")),
        description: String::new(),
        capability: cv,
        loc: Loc::default(),
    });
    out.stances.push(row);
    Ok(out)
}

/// Why a coalition left one model's forecast of one issue where it was.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Unmoved {
    pub issue: String,
    pub model: domei_engines::ModelId,
    /// The forecast, before and after.
    pub forecast: f64,
    /// One sentence saying why.
    pub because: String,
}

/// For each issue of the coalition and each model whose forecast the
/// coalition did not move (by less than a millionth of the scale), the
/// reason in one sentence: the compromise model by construction (the bloc
/// carries the members' summed capability × salience at their weighted
/// mean, so the weighted mean is the same); a model whose forecast lies on
/// one side of every member (their pooled weight stays on that side); else
/// the pooled weight was not enough to change the outcome. `before` is the
/// scenario the coalition of `members` on `issues` was applied to and
/// `changes` the comparison of it with the coalition's scenario
/// ([`crate::compare`]).
pub fn explain(
    before: &Scenario,
    members: &[String],
    issues: &[String],
    changes: &[crate::IssueChange],
) -> Vec<Unmoved> {
    let ms: Vec<usize> = members
        .iter()
        .filter_map(|m| before.actor_index(m))
        .collect();
    let mut out = Vec::new();
    for ic in changes.iter().filter(|c| issues.contains(&c.issue)) {
        let Some(i) = before.issue_index(&ic.issue) else {
            continue;
        };
        let issue = &before.issues[i];
        let positions: Vec<f64> = ms
            .iter()
            .filter_map(|&a| before.stance(a, i).map(|st| st.position.value))
            .collect();
        if positions.is_empty() {
            continue;
        }
        for c in &ic.changes {
            let (Some(b), Some(a)) = (c.before, c.after) else {
                continue;
            };
            if (a - b).abs() > 1e-6 * issue.range() {
                continue;
            }
            let fmt = |x: f64| domei_scenario::display::fmt_on_scale(x, issue.min, issue.max);
            let lo = positions.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let because = if c.model == domei_engines::ModelId::Compromise {
                "the compromise model is a weighted mean, and the bloc carries the members' combined capability × salience at their weighted mean position, so the mean cannot move".to_string()
            } else if b <= lo || b >= hi {
                format!(
                    "every member already stands on the same side of the forecast {} (members from {} to {}): pooling keeps their weight on that side",
                    fmt(b), fmt(lo), fmt(hi)
                )
            } else {
                format!(
                    "the members stand on both sides of the forecast {} (from {} to {}); their pooled position and weight do not change which side prevails",
                    fmt(b), fmt(lo), fmt(hi)
                )
            };
            out.push(Unmoved {
                issue: ic.issue.clone(),
                model: c.model,
                forecast: b,
                because,
            });
        }
    }
    out
}
