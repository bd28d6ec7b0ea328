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
//! alone. With the compromise model pooling changes nothing when every
//! member takes part in the issue (a weighted mean of weighted means, with
//! the same total weight); with the median, BDM and bargaining models a bloc
//! can become pivotal. [`why_unmoved`] says why a forecast did not move.

use crate::StrategyError;
use domei_engines::ModelId;
use domei_scenario::{Actor, Loc, Scenario, Stance, Value};
use serde::{Deserialize, Serialize};

/// The id of the bloc actor [`apply`] adds for `members`.
pub fn bloc_id(members: &[String]) -> String {
    format!("coalition-{}", members.join("-"))
}

/// Why a coalition left a model's forecast on an issue where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unmoved {
    /// The compromise, with every member on the issue: the bloc's weight
    /// (capability × salience) is exactly the sum of its members' weights
    /// and its position their weighted mean, so the weighted mean of all
    /// actors is the same number. A coalition never moves it.
    WeightedMean,
    /// The bloc and every member stand on the same side of the forecast:
    /// pooling moved no weight across it. This is exactly why the weighted
    /// median stays; for the other models it is the situation in which
    /// their pooled weight pulled no further than their separate weights.
    OneSide,
    /// Members on both sides of the forecast, and still no change: their
    /// pooled weight was not decisive for this model on this issue.
    NotDecisive,
}

/// Why the coalition of `members` (as [`apply`] made `after` from
/// `before`) left `model`'s forecast on issue `issue` at `forecast`.
/// `None` when the issue or the bloc is not found.
pub fn why_unmoved(
    before: &Scenario,
    after: &Scenario,
    members: &[String],
    issue: &str,
    model: ModelId,
    forecast: f64,
) -> Option<Unmoved> {
    let i = before.issue_index(issue)?;
    let positions: Vec<Option<f64>> = members
        .iter()
        .map(|m| {
            let a = before.actor_index(m)?;
            before.stance(a, i).map(|st| st.position.value)
        })
        .collect();
    if model == ModelId::Compromise && positions.iter().all(Option::is_some) {
        return Some(Unmoved::WeightedMean);
    }
    let b = after.actor_index(&bloc_id(members))?;
    let bloc = after.stance(b, i)?.position.value;
    let side = |x: f64| (x - forecast).signum();
    let sides: Vec<f64> = positions
        .iter()
        .flatten()
        .copied()
        .chain([bloc])
        .filter(|x| (x - forecast).abs() > 1e-9)
        .map(side)
        .collect();
    Some(if sides.windows(2).all(|w| w[0] == w[1]) {
        Unmoved::OneSide
    } else {
        Unmoved::NotDecisive
    })
}

/// The scenario with `members` (actor ids, at least two) pooled into one
/// bloc actor on `issues` (issue ids, at least one); see the module
/// documentation for how the bloc's stance is formed.
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
    let bloc_id = bloc_id(members);
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

/// One forecast a coalition did not move, and why ([`explain`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnmovedForecast {
    /// Issue id, as in the scenario file.
    pub issue: String,
    /// The model that made the forecast.
    pub model: ModelId,
    /// The forecast, before and after (on the issue's scale).
    pub forecast: f64,
    /// The bloc's position on the issue, where it has one.
    pub bloc: Option<f64>,
    /// Why it did not move.
    pub reason: Unmoved,
}

/// Every forecast of the coalition's `issues` that the coalition of
/// `members` did not move — its change rounds to nothing on the scale's
/// decimals, as the what-if table shows it — with the reason
/// ([`why_unmoved`]). `after` is the scenario [`apply`] made from `before`
/// (with any further edits) and `changes` their comparison
/// ([`crate::compare`]). The CLI's what-if and the workbench's both ask this.
pub fn explain(
    before: &Scenario,
    after: &Scenario,
    members: &[String],
    issues: &[String],
    changes: &[crate::IssueChange],
) -> Vec<UnmovedForecast> {
    let bloc_at = after.actor_index(&bloc_id(members));
    let mut out = Vec::new();
    for ic in changes.iter().filter(|c| issues.contains(&c.issue)) {
        let Some(i) = before.issue_index(&ic.issue) else {
            continue;
        };
        let issue = &before.issues[i];
        let bloc = bloc_at.and_then(|b| after.stance(b, i).map(|st| st.position.value));
        for c in &ic.changes {
            let (Some(b), Some(d)) = (c.before, c.change) else {
                continue;
            };
            let shown = domei_scenario::display::fmt_on_scale(d, issue.min, issue.max);
            if !shown.chars().all(|ch| ch == '0' || ch == '.') {
                continue;
            }
            if let Some(reason) = why_unmoved(before, after, members, &ic.issue, c.model, b) {
                out.push(UnmovedForecast {
                    issue: ic.issue.clone(),
                    model: c.model,
                    forecast: b,
                    bloc,
                    reason,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_scenario::{from_toml_str, Requirements};

    const S: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "a"
capability = 3
[[actors]]
id = "b"
capability = 1
[[actors]]
id = "c"
capability = 2
[[issues]]
id = "x"
scale = { min = 0, max = 100 }
[[stances]]
actor = "a"
issue = "x"
position = 10
salience = 0.5
[[stances]]
actor = "b"
issue = "x"
position = 70
salience = 0.8
[[stances]]
actor = "c"
issue = "x"
position = 90
salience = 1
"#;

    #[test]
    fn a_coalition_never_moves_the_weighted_mean_and_says_why() {
        let s = from_toml_str(std::path::Path::new("t.toml"), S, Requirements::default()).unwrap();
        let members = vec!["b".to_string(), "c".to_string()];
        let after = apply(&s, &members, &["x".to_string()]).unwrap();
        let m = [ModelId::Compromise, ModelId::Median];
        let (fb, fa, _) = crate::compare(&s, &after, &m, &Default::default());
        let (b0, a0) = (
            fb.issues[0].results[0].value(),
            fa.issues[0].results[0].value(),
        );
        assert!((b0.unwrap() - a0.unwrap()).abs() < 1e-9, "{b0:?} {a0:?}");
        assert_eq!(
            why_unmoved(&s, &after, &members, "x", ModelId::Compromise, b0.unwrap()),
            Some(Unmoved::WeightedMean)
        );
        // The median (b at 70 holds it) with b and c both at or above it.
        let med = fb.issues[0].results[1].value().unwrap();
        assert_eq!(
            why_unmoved(&s, &after, &members, "x", ModelId::Median, med),
            Some(Unmoved::OneSide)
        );
        // a and c on both sides of 50.
        let ac = vec!["a".to_string(), "c".to_string()];
        let after = apply(&s, &ac, &["x".to_string()]).unwrap();
        assert_eq!(
            why_unmoved(&s, &after, &ac, "x", ModelId::Median, 50.0),
            Some(Unmoved::NotDecisive)
        );
    }
}
