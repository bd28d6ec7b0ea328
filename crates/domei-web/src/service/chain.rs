//! The tables of a decision-chain run (`events`) and an engagement-plan run
//! (`plan`), as data for their pages and CSV downloads: the chain's
//! outcome probabilities and most likely paths, the plan's ranked actions
//! (the tables `domei events` and `domei plan` print), every number at full
//! precision.

use super::tables::Table;

fn num(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// Every outcome of every node: its exact probability at the point values
/// and its Monte Carlo interval.
pub fn outcomes_table(a: &domei_events::Analysis) -> Table {
    let mut t = Table::new(
        "outcomes",
        &[
            "node", "name", "kind", "result", "outcome", "p", "p10", "p50", "p90",
        ],
    );
    for n in &a.nodes {
        for o in &n.outcomes {
            t.rows.push(vec![
                n.id.clone(),
                n.name.clone(),
                kind(n.kind).to_string(),
                n.result.to_string(),
                o.outcome.clone(),
                o.p.to_string(),
                num(o.mc.map(|m| m.p10)),
                num(o.mc.map(|m| m.p50)),
                num(o.mc.map(|m| m.p90)),
            ]);
        }
    }
    t
}

/// The chain's node kind as events.toml writes it.
pub fn kind(k: domei_events::Kind) -> &'static str {
    match k {
        domei_events::Kind::Event => "event",
        domei_events::Kind::Decision => "decision",
        domei_events::Kind::Outcome => "outcome",
    }
}

/// A path as `node=outcome` steps joined by arrows.
pub fn path_text(p: &domei_events::analyse::PathReport) -> String {
    p.steps
        .iter()
        .map(|s| format!("{}={}", s.node, s.outcome))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The most likely paths through the chain, most likely first.
pub fn paths_table(a: &domei_events::Analysis) -> Table {
    let mut t = Table::new("paths", &["rank", "p", "path"]);
    for (i, p) in a.paths.iter().enumerate() {
        t.rows
            .push(vec![(i + 1).to_string(), p.p.to_string(), path_text(p)]);
    }
    t
}

/// The plan's actions, ranked by their gain toward the actor's positions.
pub fn actions_table(r: &domei_plan::Ranking) -> Table {
    let mut t = Table::new(
        "actions",
        &[
            "rank", "action", "title", "target", "issues", "owner", "due", "status", "combined",
            "gain", "gain_pct", "p10", "p90", "marginal",
        ],
    );
    for a in &r.actions {
        t.rows.push(vec![
            a.rank.to_string(),
            a.id.clone(),
            a.title.clone(),
            a.target.clone(),
            a.issues.join(" "),
            a.owner.clone(),
            a.due.clone(),
            a.status.as_str().to_string(),
            a.combined.to_string(),
            a.gain.to_string(),
            a.gain_pct.to_string(),
            a.mc.p10.to_string(),
            a.mc.p90.to_string(),
            num(a.marginal),
        ]);
    }
    t
}
