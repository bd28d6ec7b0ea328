//! `domei check`: validation only.

use crate::error::{CliError, CliResult};
use crate::{input, output};
use domei_i18n::{tr_args, Lang};
use domei_scenario::{Grounding, Requirements, ValuePath};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder, scenario.toml, CSV, KTAB CSV or XML, DEU III .tsv or Decide file
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
    let lang = crate::lang::get();
    let n = |x: usize| x.to_string();
    output::print(&format!(
        "{}\n{}",
        tr_args(
            lang,
            "cli-check-ok",
            &[
                ("source", source),
                ("actors", n(s.actors.len())),
                ("actors-n", plural(s.actors.len())),
                ("issues", n(s.issues.len())),
                ("issues-n", plural(s.issues.len())),
                ("stances", n(stances)),
                ("stances-n", plural(stances)),
            ],
        ),
        tr_args(
            lang,
            "cli-check-values",
            &[
                ("values", n(cited + judged + bare)),
                ("capabilities", n(caps)),
                ("ranges", n(ranges)),
                ("cited", n(cited)),
                ("refs", n(refs)),
                ("judged", n(judged)),
                ("bare", n(bare)),
            ],
        ),
    ));
    let untranslated = translations(a.input.as_deref(), a.strict, lang);
    let mut g = Grounding::new(a.strict);
    g.scenario(s);
    let (errors, warnings) = g.finish();
    for w in &warnings {
        output::eprint(&w.to_string_in(lang));
    }
    if !errors.is_empty() {
        output::eprint(&errors.to_string_in(lang));
    }
    for u in &untranslated {
        output::eprint(u);
    }
    let problems = errors.len() + untranslated.len();
    if problems > 0 {
        return Err(CliError::Failed(tr_args(
            lang,
            "cli-check-strict-failed",
            &[("count", n(problems))],
        )));
    }
    Ok(ExitCode::SUCCESS)
}

/// The files of a scenario: `scenario.toml` and the parts beside it that
/// exist, with their texts (the bundled copies without `input`); only for
/// a TOML scenario.
fn scenario_files(input: Option<&Path>) -> Vec<(PathBuf, String)> {
    use super::parts::{BUNDLED_DIR, BUNDLED_EVENTS, BUNDLED_FRAMING, BUNDLED_PLAN};
    let Some(p) = input else {
        let dir = Path::new(BUNDLED_DIR);
        return vec![
            (
                PathBuf::from(input::BUNDLED_PATH),
                input::BUNDLED_TOML.to_string(),
            ),
            (dir.join("events.toml"), BUNDLED_EVENTS.to_string()),
            (dir.join("plan.toml"), BUNDLED_PLAN.to_string()),
            (dir.join("framing.toml"), BUNDLED_FRAMING.to_string()),
        ];
    };
    let file = domei_scenario::resolve_path(p);
    if file.extension().is_none_or(|e| e != "toml") {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Ok(t) = domei_scenario::read_text(&file) {
        out.push((file.clone(), t));
    }
    if file.file_name().is_some_and(|n| n == "scenario.toml") {
        for part in ["events.toml", "plan.toml", "framing.toml"] {
            let f = file.with_file_name(part);
            if f.is_file() {
                if let Ok(t) = domei_scenario::read_text(&f) {
                    out.push((f, t));
                }
            }
        }
    }
    out
}

/// For a scenario that declares Japanese (`languages = ["en", "ja"]`):
/// prints how many of its texts have a Japanese form and, with `strict`,
/// returns one located message per text without one (docs/scenario-format.md,
/// "Languages").
fn translations(input: Option<&Path>, strict: bool, lang: Lang) -> Vec<String> {
    let files = scenario_files(input);
    let Some((_, main)) = files.first() else {
        return Vec::new();
    };
    if !domei_scenario::lang::declared(main).contains(&Lang::Ja) {
        return Vec::new();
    }
    let (mut texts, mut translated) = (0, 0);
    let mut out = Vec::new();
    for (path, text) in &files {
        let c = domei_scenario::lang::coverage(text);
        texts += c.texts;
        translated += c.translated;
        if strict {
            for u in c.missing {
                out.push(tr_args(
                    lang,
                    "cli-check-untranslated",
                    &[
                        ("file", path.display().to_string()),
                        ("line", u.loc.line.to_string()),
                        ("col", u.loc.col.to_string()),
                        ("key", u.key),
                    ],
                ));
            }
        }
    }
    output::print(&tr_args(
        lang,
        "cli-check-translation-summary",
        &[
            ("translated", translated.to_string()),
            ("total", texts.to_string()),
        ],
    ));
    out
}

/// The plural category of a count for the catalogue's selectors ("one"
/// for 1, "other" otherwise; Japanese does not use it).
fn plural(n: usize) -> String {
    if n == 1 { "one" } else { "other" }.to_string()
}
