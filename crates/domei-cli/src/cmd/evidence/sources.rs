//! Every evidence reference of a scenario and of its part files, gathered
//! once for `evidence check`, `evidence audit` and `evidence migrate`.
//!
//! The parts are the files that sit beside `scenario.toml` and cite the
//! corpus: [`PARTS`] lists them with their readers (a new part adds one line
//! there, and from then on every evidence command covers it). Any other
//! `.toml` file in the folder is reported as a warning, since its citations
//! would go unchecked.

use super::super::parts::{BUNDLED_DIR, BUNDLED_EVENTS, BUNDLED_FRAMING, BUNDLED_PLAN};
use crate::error::CliError;
use crate::input;
use domei_parts::Citation;
use domei_scenario::{Diagnostic, Diagnostics, EvidenceRef, Loc, Requirements, Scenario};
use std::path::{Path, PathBuf};

/// Reads a part file and returns its citations.
pub type ReadPart = fn(&Path, &str, &Scenario) -> Result<Vec<Citation>, Diagnostics>;

/// The scenario parts: file name, the bundled copy, the reader.
pub const PARTS: &[(&str, &str, ReadPart)] = &[
    ("events.toml", BUNDLED_EVENTS, |p, t, s| {
        Ok(domei_events::read(p, t, s)?.citations())
    }),
    ("plan.toml", BUNDLED_PLAN, |p, t, s| {
        Ok(domei_plan::read(p, t, s)?.citations())
    }),
    ("framing.toml", BUNDLED_FRAMING, |p, t, s| {
        Ok(domei_frame::read(p, t, Some(s))?.citations())
    }),
];

/// One sourced item: a scenario value, or one value or entry of a part, and
/// the references it cites.
pub struct Item {
    pub file: PathBuf,
    /// e.g. `us-admin.tariff.position`, `node japan-authorises, case 2, p0`.
    pub what: String,
    pub refs: Vec<EvidenceRef>,
    /// Where the item (or its first reference) is written.
    pub loc: Loc,
}

/// A file of the scenario and its text.
pub struct File {
    pub path: PathBuf,
    pub text: String,
}

pub struct Sources {
    pub scenario: Scenario,
    /// `scenario.toml` first, then the parts present, in [`PARTS`] order.
    pub files: Vec<File>,
    pub items: Vec<Item>,
    pub warnings: Vec<Diagnostic>,
}

impl Sources {
    pub fn scenario_file(&self) -> &Path {
        &self.files[0].path
    }
}

/// The scenario named by `input` (the bundled one when `None`) and every
/// part beside it.
pub fn gather(input: Option<&Path>) -> Result<Sources, CliError> {
    let (scenario_path, dir, on_disk) = match input {
        None => (
            PathBuf::from(input::BUNDLED_PATH),
            Some(PathBuf::from(BUNDLED_DIR)),
            false,
        ),
        Some(p) => {
            let p = if p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| PARTS.iter().any(|(f, _, _)| *f == n))
            {
                p.with_file_name("scenario.toml")
            } else {
                p.to_path_buf()
            };
            let file = domei_scenario::resolve_path(&p);
            let dir = (file.file_name().is_some_and(|n| n == "scenario.toml")).then(|| {
                file.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf()
            });
            (file, dir, true)
        }
    };
    let loaded = input::load(
        on_disk.then_some(scenario_path.as_path()),
        Requirements::default(),
    )?;
    let scenario = loaded.scenario;
    let scenario_text = if on_disk {
        domei_scenario::read_text(&scenario_path)?
    } else {
        input::BUNDLED_TOML.to_string()
    };
    let mut files = vec![File {
        path: scenario_path.clone(),
        text: scenario_text,
    }];
    let mut items = Vec::new();
    for (vp, v) in scenario.values() {
        items.push(Item {
            file: scenario_path.clone(),
            what: scenario.value_name(vp),
            refs: v.evidence.clone(),
            loc: v.loc,
        });
    }
    let mut warnings = Vec::new();
    let mut errors = Diagnostics::default();
    if let Some(dir) = dir {
        for (name, bundled, read) in PARTS {
            let path = dir.join(name);
            let text = if on_disk {
                if !path.is_file() {
                    continue;
                }
                match domei_scenario::read_text(&path) {
                    Ok(t) => t,
                    Err(d) => {
                        errors.0.extend(d.0);
                        continue;
                    }
                }
            } else {
                bundled.to_string()
            };
            match read(&path, &text, &scenario) {
                Ok(cites) => items.extend(group(cites)),
                Err(d) => errors.0.extend(d.0),
            }
            files.push(File { path, text });
        }
        if on_disk {
            warnings.extend(unknown_parts(&dir));
        }
    }
    errors.into_result()?;
    Ok(Sources {
        scenario,
        files,
        items,
        warnings,
    })
}

/// One item per sourced thing of a part (its citations share `what`).
fn group(cites: Vec<Citation>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for c in cites {
        match items
            .iter_mut()
            .find(|i| i.file == c.file && i.what == c.what)
        {
            Some(i) => i.refs.push(c.evidence),
            None => items.push(Item {
                loc: c.evidence.loc,
                file: c.file,
                what: c.what,
                refs: vec![c.evidence],
            }),
        }
    }
    items
}

/// `.toml` files beside the scenario that are not a known part.
fn unknown_parts(dir: &Path) -> Vec<Diagnostic> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n != "scenario.toml" && !PARTS.iter().any(|(f, _, _)| *f == n))
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            Diagnostic::new(
                &p,
                Loc::default(),
                "not a known scenario part: its evidence references are not checked",
            )
            .help(format!(
                "the parts are {}",
                PARTS
                    .iter()
                    .map(|(f, _, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .warning()
        })
        .collect()
}
