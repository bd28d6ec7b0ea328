//! Engagement plans beside a scenario: `plan.toml`.
//!
//! A plan is a list of actions — who does what, toward which actor, on which
//! issues, by when — each with its expected effect written as a what-if: one
//! or more shifts (or settings) of scenario values, with a range. Format:
//! docs/seeds-analyses.md ("plan.toml").
//!
//! - [`read()`] parses and validates the file against its scenario;
//! - [`apply`] turns effects into an edited scenario (through
//!   `domei_strategy::edit`);
//! - [`rank()`] measures how far each action, and the plan as a whole, moves
//!   the forecasts toward one actor's positions, with Monte Carlo over the
//!   effects' ranges; [`present`] prints it.

#![warn(missing_docs)]

pub mod apply;
pub mod present;
pub mod rank;
pub mod read;

pub use rank::{rank, Ranking, Settings};
pub use read::read;

use domei_parts::Citation;
use domei_scenario::{EvidenceRef, Loc, Value};
use domei_strategy::edit::Target;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The actor whose positions the objective measures when the plan names none.
pub const DEFAULT_FOR: &str = "japan-gov";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
/// Where an action stands (`status` in plan.toml).
pub enum Status {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Carried out: its effects are counted in the combined effect only with
    /// `include_done`.
    Done,
    /// Abandoned: listed, not evaluated.
    Dropped,
}

impl Status {
    /// The status as written in plan.toml (kebab-case).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
}

/// How an effect changes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Add the amount (`shift`).
    Shift,
    /// Set the value to the amount (`set`).
    Set,
}

/// One expected effect: a shift or setting of one scenario value.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// The path as written, e.g. `us-admin.us-tariff-japan.position`.
    pub path: String,
    /// Which value of the actor or issue it changes.
    pub target: Target,
    /// Actor index (capability, position, salience).
    pub actor: Option<usize>,
    /// Issue index (status quo, position, salience).
    pub issue: Option<usize>,
    /// Shift or set.
    pub change: Change,
    /// The amount, in the value's own units, with its range and sources.
    pub amount: Value,
    /// Where the effect is in the plan file.
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
/// One action of the plan, as read from plan.toml.
pub struct Action {
    /// Action id, unique in the plan.
    pub id: String,
    /// Short title.
    pub title: String,
    /// What is done (may be empty).
    pub description: String,
    /// The actor the action is aimed at.
    pub target: String,
    /// Ids of the issues it addresses.
    pub issues: Vec<String>,
    /// Its expected effects, applied in file order.
    pub effects: Vec<Effect>,
    /// Who carries it out.
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// Where it stands.
    pub status: Status,
    /// Evidence for the expected effects.
    pub evidence: Vec<EvidenceRef>,
    /// The analyst's judgement, when the effects rest on one.
    pub judgement: Option<String>,
    /// Where the action is in the plan file.
    pub loc: Loc,
}

/// A validated plan: every rule of docs/seeds-analyses.md holds for it and
/// the scenario it was read against.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The plan file it was read from.
    pub path: PathBuf,
    /// Plan id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the plan is for (may be empty).
    pub description: String,
    /// Whose positions the objective measures (`for`), if the plan says.
    pub for_actor: Option<String>,
    /// Its actions, in file order.
    pub actions: Vec<Action>,
}

impl Plan {
    /// Every evidence reference of the plan with its file and location.
    pub fn citations(&self) -> Vec<Citation> {
        let mut out = Vec::new();
        for a in &self.actions {
            out.extend(Citation::all(
                &self.path,
                &format!("action {}", a.id),
                &a.evidence,
            ));
            for e in &a.effects {
                out.extend(Citation::of_value(
                    &self.path,
                    &format!("action {}, effect {}", a.id, e.path),
                    &e.amount,
                ));
            }
        }
        out.sort_by_key(|c| c.evidence.loc);
        out
    }

    /// A copy without the action `id` (for what-ifs on the plan itself).
    pub fn without(&self, id: &str) -> Plan {
        Plan {
            actions: self
                .actions
                .iter()
                .filter(|a| a.id != id)
                .cloned()
                .collect(),
            ..self.clone()
        }
    }
}

/// Every evidence reference of `plan` with its file and location (for
/// `domei evidence check`).
pub fn citations(plan: &Plan) -> Vec<Citation> {
    plan.citations()
}

#[cfg(test)]
mod tests;
