//! `domei check`: validation only.

use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_scenario::{Grounding, Requirements, ValuePath};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder, scenario.toml, CSV, KTAB CSV or DEU III .tsv
    /// [default: the bundled scenario]
    pub input: Option<PathBuf>,
    /// Also fail when a value has neither evidence nor analyst judgement,
    /// rests only on context, or has unrated or needs-review references.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(a: Args) -> CliResult {
    let loaded = input::load(a.input.as_deref(), Requirements::default())?;
    let s = &loaded.scenario;
    let stances = s.stances.iter().flatten().flatten().count();
    let (mut cited, mut judged, mut bare) = (0, 0, 0);
    let mut ranges = 0;
    for (_, v) in s.values() {
        if !v.evidence.is_empty() {
            cited += 1;
        } else if v.judgement.is_some() {
            judged += 1;
        } else {
            bare += 1;
        }
        ranges += usize::from(v.range.is_some());
    }
    let refs: usize = s.values().iter().map(|(_, v)| v.evidence.len()).sum();
    let caps = s
        .values()
        .iter()
        .filter(|(p, _)| matches!(p, ValuePath::Capability { .. }))
        .count();
    let source = s
        .origin
        .as_ref()
        .map(|o| o.path.display().to_string())
        .unwrap_or_default();
    output::print(&format!(
        "{source}: ok: {} actors, {} issues, {stances} stances\n\
         values: {} ({caps} capabilities), {ranges} with a range; {cited} cite evidence ({refs} references), \
         {judged} rest on analyst judgement only, {bare} have neither",
        s.actors.len(),
        s.issues.len(),
        cited + judged + bare,
    ));
    let mut g = Grounding::new(a.strict);
    g.scenario(s);
    let (errors, warnings) = g.finish();
    for w in &warnings {
        output::eprint(&w.to_string());
    }
    if !errors.is_empty() {
        output::eprint(&errors.to_string());
        return Err(CliError::Failed(format!(
            "--strict: {} evidence problem(s)",
            errors.len()
        )));
    }
    Ok(ExitCode::SUCCESS)
}
