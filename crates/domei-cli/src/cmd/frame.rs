//! `domei frame`: checks a draft statement against a framing lexicon for one
//! audience — flags, suggested reframings with their evidence, a score.

use super::parts::{self, Format};
use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_scenario::Requirements;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The draft: UTF-8 text or Markdown (.md: fenced code is skipped).
    pub file: PathBuf,
    /// The audience: an actor id of the lexicon (e.g. us-admin) or an alias
    /// (e.g. us-administration).
    #[arg(short, long)]
    pub audience: String,
    /// Framing lexicon (TOML) [default: the bundled scenarios/japan-us-2025/framing.toml].
    /// With a scenario.toml beside it, its audiences must be that scenario's actors.
    #[arg(short, long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Exit with status 1 when the score is below this (0–100).
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
    #[arg(short, long, value_parser = crate::output::table_or_json(), default_value = "table")]
    pub format: Format,
}

pub fn run(a: Args) -> CliResult {
    if let Some(m) = a.min_score {
        if !(0.0..=100.0).contains(&m) {
            return Err(CliError::Usage(format!(
                "--min-score must be between 0 and 100, got {m}"
            )));
        }
    }
    let lexicon = match &a.lexicon {
        None => {
            let s = input::load(None, Requirements::default())?.scenario;
            let path = PathBuf::from(parts::BUNDLED_DIR).join("framing.toml");
            domei_frame::read(&path, parts::BUNDLED_FRAMING, Some(&s))?
        }
        Some(p) => {
            let text = domei_scenario::read_text(p)?;
            let beside = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(
                    || PathBuf::from("scenario.toml"),
                    |d| d.join("scenario.toml"),
                );
            let scenario = if beside.is_file() {
                Some(input::load(Some(&beside), Requirements::default())?.scenario)
            } else {
                None
            };
            domei_frame::read(p, &text, scenario.as_ref())?
        }
    };
    let Some(aud) = lexicon.audience(&a.audience) else {
        return Err(CliError::Usage(crate::lang::ta(
            "cli-err-unknown-audience",
            &[
                ("audience", format!("{:?}", a.audience)),
                ("audiences", lexicon.audience_names().join(", ")),
            ],
        )));
    };
    let draft = domei_scenario::read_text(&a.file)?;
    let markdown = a
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let report = domei_frame::check(
        &a.file.display().to_string(),
        &draft,
        aud,
        &lexicon.path.display().to_string(),
        markdown,
    );
    let text = match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => parts::json(&report)?,
        Format::Table => domei_frame::present::table(&report, crate::lang::get()),
    };
    output::print(&text);
    match a.min_score {
        Some(m) if report.score < m => Err(CliError::Failed(format!(
            "score {:.1} is below --min-score {m}",
            report.score
        ))),
        _ => Ok(ExitCode::SUCCESS),
    }
}
