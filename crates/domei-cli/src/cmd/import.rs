//! `domei import`: any supported format to scenario.toml.

use crate::error::{CliError, CliResult};
use crate::output;
use domei_scenario::{format::write::to_toml, Requirements};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The file to convert (simple CSV, KTAB CSV or XML, DEU III .tsv, Decide .txt/.csv, or TOML).
    pub input: PathBuf,
    /// Where to write: a folder (gets scenario.toml) or a .toml file.
    /// Without it the TOML is printed.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: Args) -> CliResult {
    let loaded = domei_scenario::load_with(&a.input, Requirements::default())?;
    for w in &loaded.warnings {
        output::eprint(&w.clone().warning().to_string_in(crate::lang::get()));
    }
    let text = to_toml(&loaded.scenario);
    let Some(out) = a.output else {
        output::print(&text);
        return Ok(ExitCode::SUCCESS);
    };
    let is_toml = out.extension().is_some_and(|e| e == "toml");
    let file = if is_toml {
        out.clone()
    } else {
        out.join("scenario.toml")
    };
    if !is_toml {
        std::fs::create_dir_all(&out)
            .map_err(|e| CliError::Usage(format!("cannot create folder {}: {e}", out.display())))?;
    }
    if file.exists() && !a.force {
        return Err(CliError::Usage(crate::lang::ta(
            "cli-err-exists-force",
            &[("file", file.display().to_string())],
        )));
    }
    output::write_atomic(&file, text.as_bytes())
        .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", file.display())))?;
    output::print(&format!(
        "wrote {} ({}, {})",
        file.display(),
        output::count(loaded.scenario.actors.len(), "actor", "actors"),
        output::count(loaded.scenario.issues.len(), "issue", "issues")
    ));
    Ok(ExitCode::SUCCESS)
}
