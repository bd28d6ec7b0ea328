//! What [`crate::forecast`] of a scenario will cost, from its size alone:
//! the engines' estimates ([`domei_engines::cost()`]) for every run
//! [`crate::run_problems`] makes, on the same issues and groups.

use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;

/// The estimated cost of forecasting a scenario with some models.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunCost {
    /// Bytes held at the peak: every forecast kept so far plus the largest
    /// single run's working memory.
    pub memory: u64,
    /// Innermost operations, summed over every run.
    pub work: u64,
    /// The run with the largest working memory ("bdm on issue tariffs").
    pub largest: String,
    /// The run with the most work ("smp on issue tariffs").
    pub costliest: String,
    /// Most issues negotiated together by a multi-issue model (0 when none
    /// runs).
    pub dimensions: usize,
}

/// Bytes per cell of the scenario's actors × issues stance table and of
/// its problems (values, ranges, evidence references).
const PER_STANCE: u64 = 512;

/// The cost of `crate::forecast(s, models, opts)`.
pub fn cost(s: &Scenario, models: &[ModelId], opts: &Options) -> RunCost {
    let players: Vec<usize> = (0..s.issues.len())
        .map(|i| {
            (0..s.actors.len())
                .filter(|&a| s.stance(a, i).is_some())
                .count()
        })
        .collect();
    let cells = (s.actors.len() as u64).saturating_mul(s.issues.len() as u64);
    let mut out = RunCost {
        memory: cells.saturating_mul(PER_STANCE),
        ..RunCost::default()
    };
    let mut kept = 0u64;
    let mut working = 0u64;
    let mut most_work = 0u64;
    let mut add = |c: domei_engines::Cost, what: String, out: &mut RunCost| {
        kept = kept.saturating_add(c.kept);
        if c.work > most_work || out.costliest.is_empty() {
            most_work = c.work;
            out.costliest = what.clone();
        }
        if c.working > working {
            working = c.working;
            out.largest = what;
        }
        out.work = out.work.saturating_add(c.work);
    };
    let parts = if models.iter().any(|m| m.joint()) {
        crate::partition(s.issues.len(), &crate::groups(s))
    } else {
        Vec::new()
    };
    // Actors with a stance in each group.
    let mut group_of = vec![0; s.issues.len()];
    for (g, members) in parts.iter().enumerate() {
        for &i in members {
            group_of[i] = g;
        }
    }
    let mut on = vec![vec![false; s.actors.len()]; parts.len()];
    for (a, row) in s.stances.iter().enumerate() {
        for (i, st) in row.iter().enumerate() {
            if let (Some(_), Some(g)) = (st, group_of.get(i).and_then(|&g| on.get_mut(g))) {
                g[a] = true;
            }
        }
    }
    let group_players: Vec<usize> = on
        .iter()
        .map(|g| g.iter().filter(|&&b| b).count())
        .collect();
    for &m in models {
        if m.joint() {
            for (members, &n) in parts.iter().zip(&group_players) {
                out.dimensions = out.dimensions.max(members.len());
                let first = &s.issues[members[0]].id;
                let what = if members.len() == 1 {
                    format!("{m} on issue {first}")
                } else {
                    format!(
                        "{m} on the {} issues negotiated with {first}",
                        members.len()
                    )
                };
                add(
                    domei_engines::cost(m, n, members.len(), opts),
                    what,
                    &mut out,
                );
            }
        } else {
            for (i, &n) in players.iter().enumerate() {
                let what = format!("{m} on issue {}", s.issues[i].id);
                add(domei_engines::cost(m, n, 1, opts), what, &mut out);
            }
        }
    }
    out.memory = out.memory.saturating_add(kept).saturating_add(working);
    out
}
