//! `domei plan`: the engagement plan (plan.toml) beside a scenario — actions
//! ranked by how far they move the forecasts toward one actor's positions,
//! and the plan's combined effect.

use super::parts::{self, Format};
use crate::error::{CliError, CliResult};
use crate::output;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder (reads the plan.toml beside its scenario.toml), or a
    /// plan file in a scenario folder [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// Monte Carlo draws of the effects' ranges.
    #[arg(short = 'n', long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=domei_runs::parts::MAX_PLAN_DRAWS))]
    pub draws: u64,
    /// Seed of the random draws (same seed, same result).
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// The forecast the objective reads: `all` (median of every model's
    /// forecast) or one model (compromise, median, bdm, nash, smp, exchange).
    #[arg(short, long, default_value = "all")]
    pub model: String,
    /// Whose positions the forecasts should move toward [default: the plan's
    /// `for`, else japan-gov].
    #[arg(long = "for", value_name = "ACTOR")]
    pub for_actor: Option<String>,
    /// Count actions with status `done` in the combined effect too.
    #[arg(long)]
    pub include_done: bool,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    // The model is checked before any file is read.
    a.model
        .parse::<domei_parts::ModelChoice>()
        .map_err(CliError::Usage)?;
    let loaded = parts::load(a.input.as_deref(), "plan.toml", parts::BUNDLED_PLAN)?;
    if let Some(f) = &a.for_actor {
        if loaded.scenario.actor_index(f).is_none() {
            let ids: Vec<&str> = loaded
                .scenario
                .actors
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            return Err(CliError::Usage(crate::lang::ta(
                "cli-err-for-unknown-actor",
                &[("actor", format!("{f:?}")), ("actors", ids.join(", "))],
            )));
        }
    }
    // A Japanese table names the plan and its owners from their Japanese
    // forms (same ids and numbers), read once the file as written is checked.
    let ja_text = parts::japanese_view(a.format, &loaded, |text| {
        domei_plan::read(&loaded.part_path, text, &loaded.scenario).is_ok()
    });
    let ranking = domei_runs::parts::plan(
        &loaded.scenario,
        &domei_runs::parts::PlanInput {
            path: &loaded.part_path,
            text: ja_text.as_deref().unwrap_or(&loaded.part_text),
            draws: a.draws,
            seed: a.seed,
            model: &a.model,
            for_actor: a.for_actor.as_deref(),
            include_done: a.include_done,
        },
    )
    .map_err(parts::cli_error)?;
    let text = match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => parts::json(&ranking)?,
        Format::Table => domei_plan::present::table(&ranking, crate::lang::get()),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
