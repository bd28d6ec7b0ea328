//! `domei history`: one issue round by round under an iterative model —
//! every actor's position and why each one moved (domei-run's history).

use super::forecast::Format;
use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_engines::{ModelId, Options};
use domei_run::history::MODELS_WITH_ROUNDS;
use domei_run::History;
use domei_scenario::Scenario;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder, scenario.toml, CSV, KTAB CSV or DEU III .tsv
    /// [default: the bundled Japan–US 2025 scenario]
    pub input: Option<PathBuf>,
    /// The issue (its id).
    #[arg(long, value_name = "ID")]
    pub issue: String,
    /// The model: bdm, smp or exchange (the models with rounds).
    #[arg(short, long, value_name = "M", default_value = "bdm")]
    pub model: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Rounds of BDM.
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    #[command(flatten)]
    pub budget: crate::limits::BudgetArgs,
}

/// The model named by `--model`, if it has rounds.
pub fn model_with_rounds(name: &str) -> Result<ModelId, CliError> {
    let with_rounds = || {
        MODELS_WITH_ROUNDS
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let m: ModelId = name.parse().map_err(|_| {
        CliError::Usage(crate::lang::ta(
            "cli-err-unknown-model-rounds",
            &[("name", name.to_string()), ("models", with_rounds())],
        ))
    })?;
    if !domei_run::history::has_rounds(m) {
        return Err(CliError::Usage(crate::lang::ta(
            "cli-err-no-rounds",
            &[("model", m.to_string()), ("models", with_rounds())],
        )));
    }
    Ok(m)
}

/// The index of the issue `id` of `s`, or a usage error listing the ids.
pub fn issue_index(s: &Scenario, id: &str) -> Result<usize, CliError> {
    s.issues.iter().position(|i| i.id == id).ok_or_else(|| {
        let ids: Vec<&str> = s.issues.iter().map(|i| i.id.as_str()).collect();
        CliError::Usage(crate::lang::ta(
            "cli-err-no-issue",
            &[
                ("scenario", s.id.clone()),
                ("issue", id.to_string()),
                ("issues", ids.join(", ")),
            ],
        ))
    })
}

/// The history of `issue` of `s`, as a usage error when the model cannot
/// run there.
pub fn compute(
    s: &Scenario,
    issue: usize,
    model: ModelId,
    opts: &Options,
) -> Result<History, CliError> {
    domei_run::history(s, issue, model, opts).map_err(|e| CliError::Usage(e.to_string()))
}

pub fn run(a: Args) -> CliResult {
    let model = model_with_rounds(&a.model)?;
    let req = domei_runs::requirements(&[model.as_str()]);
    let loaded = input::load(a.input.as_deref(), req)?;
    let s = &loaded.scenario;
    let issue = issue_index(s, &a.issue)?;
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    let job = domei_runs::Job::forecast(vec![model], opts.clone(), true);
    crate::limits::check_job(&job, s, 1, false, &a.budget.budget()?)?;
    let h = compute(s, issue, model, &opts)?;
    let text = match a.format {
        Format::Table => {
            let lang = crate::lang::get();
            let view = match lang {
                domei_i18n::Lang::En => loaded.scenario.clone(),
                l => input::load_lang(a.input.as_deref(), req, l)?.scenario,
            };
            domei_report::history_table(&view.issues[issue], &h, lang)
        }
        Format::Json => crate::store::json(&h)?,
        Format::Csv => domei_report::history_csv(&h),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
