//! `domei outcome record|list`: resolved outcomes of scenario issues
//! (domei-store), scored against stored forecasts by `domei ledger`.

use crate::error::{CliError, CliResult};
use crate::output;
use crate::store::{json, when, Db, DbArgs, Format};
use clap::Subcommand;
use domei_report::forecast_table::render;
use domei_store::{Outcome, OutcomeFilter};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: OutcomeCommand,
}

#[derive(Subcommand)]
pub enum OutcomeCommand {
    /// Record what an issue settled at. Recording again for the same
    /// scenario and issue makes a new version: the latest counts, the
    /// history is kept.
    Record {
        /// The scenario's id (a stored scenario: `domei scenarios list`).
        scenario: String,
        /// The issue's id, in the scenario's latest stored version.
        issue: String,
        /// The outcome, on the issue's scale and in its units.
        #[arg(allow_negative_numbers = true)]
        value: f64,
        /// The date the outcome was resolved, YYYY-MM-DD. Forecasts made
        /// before this date are scored in the ledger.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Where the outcome is recorded (a document, a URL, a decision).
        #[arg(long, value_name = "TEXT")]
        source: String,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// List recorded outcomes (the latest version of each scenario and issue).
    List {
        /// Only this scenario's outcomes.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Every version, not only the latest.
        #[arg(long)]
        history: bool,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
}

pub fn run(a: Args) -> CliResult {
    match a.command {
        OutcomeCommand::Record {
            scenario,
            issue,
            value,
            date,
            source,
            format,
        } => {
            // Everything the user typed is checked before the store is
            // opened: a bad date is never replaced by today.
            let date = domei_ledger::parse_date(date.trim()).map_err(CliError::Usage)?;
            let source = source.trim();
            if source.is_empty() {
                return Err(CliError::Usage(
                    "--source is empty: say where the outcome is recorded".into(),
                ));
            }
            let db = Db::open(&a.db)?;
            let o = db
                .rt_block_on(domei_runs::record_outcome(
                    &db.store, &scenario, &issue, value, date, source,
                ))
                .map_err(|e| match e {
                    domei_runs::OutcomeError::Invalid(m) => CliError::Usage(m),
                    domei_runs::OutcomeError::Store(e) => crate::store::store_error(e),
                })?;
            db.close();
            output::print(&match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&o)?,
                Format::Table => format!(
                    "recorded the outcome of {} / {}: {} on {} (version {}; source: {})",
                    o.scenario, o.issue, o.value, o.date, o.version, o.source
                ),
            });
        }
        OutcomeCommand::List {
            scenario,
            history,
            format,
        } => {
            let db = Db::open(&a.db)?;
            let list = db.run(db.store.list_outcomes(&OutcomeFilter { scenario, history }))?;
            db.close();
            output::print(&match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&list)?,
                Format::Table => table(&list),
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn table(list: &[Outcome]) -> String {
    if list.is_empty() {
        return crate::lang::t("cli-outcomes-none");
    }
    let mut rows = vec![crate::lang::header(&[
        "report-scenario",
        "report-issue",
        "cli-version",
        "report-outcome",
        "cli-date",
        "cli-recorded-utc",
        "cli-source",
    ])];
    for o in list {
        rows.push(vec![
            o.scenario.clone(),
            o.issue.clone(),
            o.version.to_string(),
            o.value.to_string(),
            o.date.to_string(),
            when(o.recorded_at),
            o.source.clone(),
        ]);
    }
    render(&rows, "ll")
}
