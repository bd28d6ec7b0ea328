//! `domei whatif`: forecasts before and after edits, a coalition or a linkage.

use super::forecast::{parse_models, Format, ModelArgs};
use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_engines::Options;
use domei_scenario::Requirements;
use domei_strategy::{coalition, edit, linkage, Edit};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario (as for `forecast`) [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// An edit: ACTOR.ISSUE.position=V, ACTOR.ISSUE.salience+=D, ACTOR.capability=V,
    /// ISSUE.status_quo=V (also -=). Repeatable; applied in order.
    #[arg(long = "set", value_name = "EDIT")]
    pub sets: Vec<String>,
    /// Coalition members (comma-separated actor ids) who pool capability behind a joint position.
    #[arg(long, value_delimiter = ',', value_name = "ACTORS")]
    pub coalition: Vec<String>,
    /// Issues the coalition negotiates (comma-separated).
    #[arg(long = "on", value_delimiter = ',', value_name = "ISSUES")]
    pub on: Vec<String>,
    /// Issues negotiated as one package (comma-separated); matters to joint models.
    #[arg(long, value_delimiter = ',', value_name = "ISSUES")]
    pub link: Vec<String>,
    #[command(flatten)]
    pub models: ModelArgs,
    #[arg(long, default_value_t = 10, value_parser = crate::limits::rounds)]
    pub rounds: u32,
    /// The exchange model's reading and switches.
    #[command(flatten)]
    pub exchange: super::exchange_args::ExchangeArgs,
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn usage(e: domei_strategy::StrategyError) -> CliError {
    CliError::Usage(e.to_string())
}

pub fn run(a: Args) -> CliResult {
    let models = parse_models(&a.models)?;
    if a.sets.is_empty() && a.coalition.is_empty() && a.link.is_empty() {
        return Err(CliError::Usage(
            "nothing to compare: give --set, --coalition with --on, or --link".into(),
        ));
    }
    if a.coalition.is_empty() != a.on.is_empty() {
        return Err(CliError::Usage("--coalition and --on go together".into()));
    }
    let before = input::load(a.input.as_deref(), Requirements::default())?.scenario;
    let edits: Vec<Edit> = a
        .sets
        .iter()
        .map(|e| e.parse::<Edit>())
        .collect::<Result<_, _>>()
        .map_err(usage)?;
    let mut after = edit::apply(&before, &edits).map_err(usage)?;
    if !a.coalition.is_empty() {
        after = coalition::apply(&after, &a.coalition, &a.on).map_err(usage)?;
    }
    if !a.link.is_empty() {
        after = linkage::apply(&after, &a.link).map_err(usage)?;
    }
    let opts = a.exchange.apply(Options {
        rounds: a.rounds,
        ..Options::default()
    });
    crate::limits::check_forecasts(&before, &models, &opts)?;
    crate::limits::check_forecasts(&after, &models, &opts)?;
    let (_, _, changes) = domei_strategy::compare(&before, &after, &models, &opts);
    // A what-if after which no model forecasts anything that it forecast
    // before: the edits broke the scenario; exit 0 would hide it.
    let all = || changes.iter().flat_map(|c| &c.changes);
    if all().any(|c| c.before.is_some()) && all().all(|c| c.after.is_none()) {
        return Err(CliError::Usage(
            "after the what-if no model can forecast any issue (every result would be n/a): check the edits' values".into(),
        ));
    }
    let mut what: Vec<String> = edits.iter().map(|e| e.to_string()).collect();
    if !a.coalition.is_empty() {
        what.push(format!(
            "coalition {} on {}",
            a.coalition.join("+"),
            a.on.join(", ")
        ));
    }
    if !a.link.is_empty() {
        what.push(format!("linkage of {}", a.link.join(" + ")));
    }
    // Why a coalition left a forecast where it was (forecasts that did
    // not move on the scale's decimals).
    let unmoved = if a.coalition.is_empty() {
        Vec::new()
    } else {
        coalition::explain(&before, &after, &a.coalition, &a.on, &changes)
    };
    let text = match a.format {
        Format::Json => {
            let mut v = domei_report::strategy::whatif_json(&before, &what, &changes);
            if !a.coalition.is_empty() {
                v["unmoved"] = unmoved
                    .iter()
                    .map(|u| {
                        serde_json::json!({"issue": u.issue, "model": u.model.as_str(), "reason": u.reason})
                    })
                    .collect();
            }
            crate::store::json(&v)?
        }
        Format::Table => {
            let lang = crate::lang::get();
            let mut t = domei_report::strategy::whatif_table(
                &input::shown(a.input.as_deref(), Requirements::default(), &before)?,
                &what,
                &changes,
                lang,
            );
            if !unmoved.is_empty() {
                t.push('\n');
            }
            for u in &unmoved {
                if let Some(issue) = before.issues.iter().find(|i| i.id == u.issue) {
                    t.push_str(&domei_report::strategy::unmoved_sentence(issue, u, lang));
                    t.push('\n');
                }
            }
            t
        }
        Format::Csv => domei_report::tables_csv::whatif_csv(&before, &what, &changes),
    };
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
