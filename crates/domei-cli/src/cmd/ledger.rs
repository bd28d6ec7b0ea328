//! `domei ledger`: every stored forecast made before its issue's outcome,
//! scored (domei-runs gathers, domei-ledger scores, domei-report shows).

use crate::error::CliResult;
use crate::output;
use crate::store::{json, Db, DbArgs};
use std::process::ExitCode;

/// Table, JSON or CSV: the forecast's formats.
pub use super::forecast::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Only this scenario's forecasts and outcomes.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    #[arg(short, long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(a: Args) -> CliResult {
    let db = Db::open(&a.db)?;
    if let Some(id) = &a.scenario {
        // An unknown scenario is a typo (exit 2), not an empty ledger.
        db.run(db.store.latest_version(id))?;
    }
    let ledger = db.run(domei_runs::ledger(&db.store, a.scenario.as_deref()))?;
    db.close();
    output::print(&match a.format {
        Format::Table => domei_report::ledger_table(&ledger, crate::lang::get()),
        Format::Json => json(&ledger)?,
        Format::Csv => domei_report::ledger_csv(&ledger),
    });
    Ok(ExitCode::SUCCESS)
}
