//! The dependency rules of ARCHITECTURE.md, checked on `cargo metadata`.
//!
//! Each rule names a crate (or a set of crates) and the domei crates it may
//! not depend on, directly or through another domei crate. Only normal
//! dependencies count: tests may use anything. [`violations`] reads the
//! JSON of `cargo metadata --format-version 1 --no-deps` (every domei crate
//! is a workspace member, so the workspace's own packages are the whole
//! graph of domei crates) and lists every broken rule; the test in
//! `tests/tidy.rs` runs it on this workspace and on a metadata document
//! with a forbidden dependency added.

#![warn(missing_docs)]

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One rule: `krate` must not depend on any crate `forbidden` accepts.
pub struct Rule {
    /// The crates the rule is about.
    pub krates: &'static [&'static str],
    /// What the rule says, as ARCHITECTURE.md says it.
    pub says: &'static str,
    /// Whether a domei crate is forbidden as a dependency.
    pub forbidden: fn(&str) -> bool,
}

/// The presenters: results into text, tables, charts and briefings.
pub const PRESENTERS: &[&str] = &["domei-report", "domei-charts", "domei-brief"];

/// The rules ARCHITECTURE.md marks as invariants.
pub const RULES: &[Rule] = &[
    Rule {
        krates: &["domei-engines"],
        says: "the engines depend on no other domei crate",
        forbidden: |d| d.starts_with("domei-"),
    },
    Rule {
        krates: &["domei-store"],
        says: "the store depends on domei-scenario only (and what it needs: the leaves domei-limits and domei-i18n)",
        forbidden: |d| {
            d.starts_with("domei-")
                && !matches!(d, "domei-scenario" | "domei-limits" | "domei-i18n")
        },
    },
    Rule {
        krates: PRESENTERS,
        says: "presenters do not depend on the store",
        forbidden: |d| d == "domei-store" || d == "domei-runs",
    },
    Rule {
        krates: &["domei-runs"],
        says: "the run layer does not depend on the presenters",
        forbidden: |d| PRESENTERS.contains(&d),
    },
    Rule {
        krates: &["domei-scenario", "domei-run", "domei-sim", "domei-strategy", "domei-calib"],
        says: "the model layers depend on neither the store, the run layer, the presenters nor the front ends",
        forbidden: |d| {
            matches!(d, "domei-store" | "domei-runs" | "domei-web" | "domei-cli")
                || PRESENTERS.contains(&d)
        },
    },
];

/// The normal dependencies on domei crates of every workspace package of
/// `metadata` (`cargo metadata --format-version 1 --no-deps`).
pub fn graph(metadata: &Value) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("the metadata has no packages array")?;
    let mut out = BTreeMap::new();
    for p in packages {
        let name = p["name"].as_str().ok_or("a package without a name")?;
        let deps = p["dependencies"]
            .as_array()
            .ok_or_else(|| format!("package {name} has no dependencies array"))?
            .iter()
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .filter(|d| d.starts_with("domei-"))
            .map(str::to_string)
            .collect();
        out.insert(name.to_string(), deps);
    }
    Ok(out)
}

/// Every domei crate `krate` depends on, directly or not.
fn reach(g: &BTreeMap<String, BTreeSet<String>>, krate: &str) -> BTreeMap<String, String> {
    // crate → the path that reaches it, for the message.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut todo = vec![(krate.to_string(), krate.to_string())];
    while let Some((k, path)) = todo.pop() {
        for d in g.get(&k).into_iter().flatten() {
            if !seen.contains_key(d) {
                let p = format!("{path} → {d}");
                seen.insert(d.clone(), p.clone());
                todo.push((d.clone(), p));
            }
        }
    }
    seen
}

/// Every broken rule of [`RULES`] in `metadata`, one sentence each.
pub fn violations(metadata: &Value) -> Result<Vec<String>, String> {
    let g = graph(metadata)?;
    let mut out = Vec::new();
    for rule in RULES {
        for k in rule.krates {
            if !g.contains_key(*k) {
                out.push(format!(
                    "{k}: not in the workspace (the rule \"{}\" names it)",
                    rule.says
                ));
                continue;
            }
            for (dep, path) in reach(&g, k) {
                if (rule.forbidden)(&dep) {
                    out.push(format!("{k} depends on {dep} ({path}): {}", rule.says));
                }
            }
        }
    }
    Ok(out)
}
