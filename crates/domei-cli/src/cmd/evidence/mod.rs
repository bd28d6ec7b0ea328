//! `domei evidence`: the scenario's citations against the corpus.
//!
//! - `check`: every reference of the scenario and of every part file
//!   resolves and every quote matches its passage; the support/voice rules.
//! - `audit`: how strongly each value is grounded (support class, voice),
//!   with counts and the weak spots.
//! - `migrate`: writes the support/voice keys an old file lacks, explicitly
//!   as `"unrated"`.

mod audit;
mod check;
mod migrate;
pub mod sources;

use super::corpus::{Format, Location};
use crate::error::CliResult;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub location: Location,
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand)]
pub enum Sub {
    /// Check that every evidence reference of the scenario and of its part
    /// files (events, plan, framing) resolves and every quote matches its
    /// passage (up to whitespace, quote marks and dashes).
    Check(CheckArgs),
    /// Report how strongly each value is grounded: support class and voice
    /// per actor × issue, counts, short quotes, recommendation-only values,
    /// single-document actors.
    Audit(AuditArgs),
    /// Write `support`/`voice` into every evidence reference that lacks them,
    /// as "unrated" (an explicit default for the analyst to replace, never a
    /// guess).
    Migrate(migrate::MigrateArgs),
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Scenario folder or scenario.toml [default: the bundled scenario].
    pub scenario: Option<PathBuf>,
    /// Also fail when a value has neither evidence nor analyst judgement,
    /// rests only on context, or has unrated or needs-review references.
    #[arg(long)]
    pub strict: bool,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Scenario folder or scenario.toml [default: the bundled scenario].
    pub scenario: Option<PathBuf>,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    match a.command {
        Sub::Check(c) => check::check(&a.location, c),
        Sub::Audit(c) => audit::audit(c),
        Sub::Migrate(m) => migrate::migrate(m),
    }
}
