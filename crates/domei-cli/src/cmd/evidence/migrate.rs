//! `domei evidence migrate`: writes `support = "unrated", voice = "unrated"`
//! into every evidence reference that lacks them (scenario.toml and its part
//! files), keeping comments and layout. See
//! `domei_scenario::format::migrate` for why "unrated" and not a guess.

use super::sources::{gather, PARTS};
use crate::error::{CliError, CliResult};
use crate::output;
use domei_scenario::format::migrate::migrate as migrate_text;
use domei_scenario::{Diagnostic, Diagnostics, Loc};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// A scenario folder or scenario.toml (the scenario and every part file),
    /// or one part file (events.toml, plan.toml, framing.toml).
    pub input: PathBuf,
    /// Rewrite the files in place (atomically: every file is migrated first,
    /// then each is replaced by a rename). Without it, the one file named is
    /// printed to stdout.
    #[arg(long)]
    pub in_place: bool,
}

pub fn migrate(a: MigrateArgs) -> CliResult {
    // Read and validate the scenario and its parts first: a file that does
    // not load is reported (exit 2) and nothing is written.
    let src = gather(Some(&a.input))?;
    let named_part = a
        .input
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| PARTS.iter().any(|(f, _, _)| f == n))
        .map(|n| a.input.with_file_name(n));
    let targets: Vec<&super::sources::File> = match &named_part {
        Some(p) => src.files.iter().filter(|f| &f.path == p).collect(),
        None if a.in_place => src.files.iter().collect(),
        None if a.input.is_dir() => {
            return Err(CliError::Usage(format!(
                "{} is a folder: add --in-place to migrate the scenario and its parts, or name one file to print it",
                a.input.display()
            )))
        }
        None => src.files.iter().take(1).collect(),
    };
    let mut out = Vec::new();
    for f in &targets {
        let (text, m) = migrate_text(&f.text).map_err(|e| {
            CliError::Input(Diagnostics::single(
                Diagnostic::new(&f.path, Loc::default(), format!("cannot migrate: {e}"))
                    .help("fix the TOML first (`domei check`)"),
            ))
        })?;
        out.push((f.path.clone(), text, m));
    }
    if a.in_place {
        for (path, text, m) in &out {
            if m.references > 0 {
                output::write_atomic(path, text.as_bytes()).map_err(|e| {
                    CliError::Internal(format!("cannot write {}: {e}", path.display()))
                })?;
            }
        }
    } else if let Some((_, text, _)) = out.first() {
        output::print(text);
    }
    for (path, _, m) in &out {
        output::eprint(&format!(
            "{}: {} reference(s) given explicit \"unrated\" keys ({} support, {} voice){}",
            path.display(),
            m.references,
            m.support,
            m.voice,
            if a.in_place || m.references == 0 {
                ""
            } else {
                " (printed, file unchanged)"
            }
        ));
    }
    let total: usize = out.iter().map(|(_, _, m)| m.references).sum();
    if total > 0 {
        output::eprint("next: rate each one (support = \"states\"|\"implies\"|\"context\", voice = \"actor\"|\"observer\"|\"recommendation\"); `domei evidence check --strict` lists those still unrated");
    }
    Ok(ExitCode::SUCCESS)
}
