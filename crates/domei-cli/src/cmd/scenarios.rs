//! `domei scenarios list|history|show|diff|save`: stored scenario versions
//! (domei-store).

use crate::error::{CliError, CliResult};
use crate::store::{json, scenario_text, when, Db, DbArgs, Format};
use crate::{input, output};
use clap::Subcommand;
use domei_report::forecast_table::render;
use domei_scenario::Requirements;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: ScenariosCommand,
}

#[derive(Subcommand)]
pub enum ScenariosCommand {
    /// List stored scenarios with their latest version.
    List {
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// List a scenario's versions, oldest first.
    History {
        /// The scenario's `[scenario] id`.
        id: String,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// Print a stored version's TOML (the latest without --version).
    Show {
        id: String,
        #[arg(short = 'v', long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..))]
        version: Option<i64>,
    },
    /// What changed between two versions: values (actor.issue.field old →
    /// new), then the line diff of the TOML.
    Diff {
        id: String,
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        from: i64,
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        to: i64,
        #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
        format: Format,
    },
    /// Validate a scenario and store it as a new version (unless it equals
    /// the latest one).
    Save {
        /// Scenario folder, scenario.toml, CSV, KTAB CSV or XML, DEU III .tsv or Decide file
        /// (other formats are stored as their canonical TOML).
        path: PathBuf,
        /// A note kept with the version.
        #[arg(short, long, value_name = "MSG")]
        message: Option<String>,
    },
}

pub fn run(a: Args) -> CliResult {
    // Validate the file before touching the database.
    let loaded = match &a.command {
        ScenariosCommand::Save { path, .. } => {
            Some(input::load(Some(path), Requirements::default())?)
        }
        _ => None,
    };
    let db = Db::open(&a.db)?;
    let text = match a.command {
        ScenariosCommand::List { format } => {
            let list = db.run(db.store.list_scenarios())?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&list)?,
                Format::Table if list.is_empty() => crate::lang::t("cli-scenarios-none"),
                Format::Table => {
                    let mut rows = vec![crate::lang::header(&[
                        "report-scenario",
                        "cli-name",
                        "cli-versions",
                        "cli-runs",
                        "cli-updated-utc",
                    ])];
                    for s in &list {
                        rows.push(vec![
                            s.id.clone(),
                            s.name.clone(),
                            s.versions.to_string(),
                            s.runs.to_string(),
                            when(s.updated_at),
                        ]);
                    }
                    render(&rows, "ll")
                }
            }
        }
        ScenariosCommand::History { id, format } => {
            let h = db.run(db.store.scenario_history(&id))?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&h)?,
                Format::Table => {
                    let mut rows = vec![crate::lang::header(&[
                        "cli-version",
                        "cli-saved-utc",
                        "cli-sha256",
                        "cli-message",
                    ])];
                    for v in &h {
                        rows.push(vec![
                            v.version.to_string(),
                            when(v.created_at),
                            v.sha256.chars().take(12).collect(),
                            v.message.clone().unwrap_or_default(),
                        ]);
                    }
                    render(&rows, "rlll")
                }
            }
        }
        ScenariosCommand::Show { id, version } => {
            db.run(db.store.scenario_version(&id, version))?.toml
        }
        ScenariosCommand::Diff {
            id,
            from,
            to,
            format,
        } => {
            let d = db.run(db.store.diff_scenario(&id, from, to))?;
            match format {
                Format::Csv => return Err(crate::output::no_csv()),
                Format::Json => json(&d)?,
                Format::Table => {
                    let t = crate::lang::t;
                    let mut out = format!("{id}: v{from} → v{to}\n");
                    match (&d.changes, &d.semantic_error) {
                        (Some(c), _) if c.is_empty() => {
                            out.push_str(&format!("{}\n", t("cli-no-value-changed")))
                        }
                        (Some(c), _) => c.iter().for_each(|c| out.push_str(&format!("  {c}\n"))),
                        (None, e) => out.push_str(&format!(
                            "{}\n",
                            domei_i18n::tr_args(
                                crate::lang::get(),
                                "cli-run-cannot-compare",
                                &[("error", e.as_deref().unwrap_or("?").to_string())]
                            )
                        )),
                    }
                    if d.unified.is_empty() {
                        out.push_str(&format!("{}\n", t("cli-texts-identical")));
                    } else {
                        out.push('\n');
                        out.push_str(&d.unified);
                    }
                    out
                }
            }
        }
        ScenariosCommand::Save { path, message } => {
            let Some(loaded) = loaded else {
                return Err(CliError::Internal("scenario not loaded".into()));
            };
            let text = scenario_text(Some(&path), &loaded.scenario)?;
            let saved = db.run(db.store.save_scenario(&text, message.as_deref()))?;
            let key = if saved.created {
                "cli-scenario-saved"
            } else {
                "cli-scenario-unchanged"
            };
            domei_i18n::tr_args(
                crate::lang::get(),
                key,
                &[("scenario", saved.scenario.to_string())],
            )
        }
    };
    db.close();
    output::print(&text);
    Ok(ExitCode::SUCCESS)
}
