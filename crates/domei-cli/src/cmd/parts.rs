//! Scenario parts beside a scenario (`events.toml`, `plan.toml`,
//! `framing.toml`): where `INPUT` says to find them, and the bundled copies
//! compiled into the binary so the commands work from any directory.

use crate::error::CliError;
use crate::input;
use domei_scenario::{Diagnostic, Diagnostics, Loc, Requirements, Scenario};
use std::path::{Path, PathBuf};

/// The bundled scenario's folder inside the repository (for messages).
pub const BUNDLED_DIR: &str = "scenarios/japan-us-2025";
pub const BUNDLED_EVENTS: &str = domei_runs::parts::BUNDLED_EVENTS;
pub const BUNDLED_PLAN: &str = domei_runs::parts::BUNDLED_PLAN;
pub const BUNDLED_FRAMING: &str = include_str!("../../../../scenarios/japan-us-2025/framing.toml");

/// A scenario and the text of one of its parts.
pub struct Loaded {
    pub scenario: Scenario,
    pub part_path: PathBuf,
    pub part_text: String,
}

/// Loads the scenario and its part `file` for `input`:
///
/// - no input: the bundled scenario and the bundled copy `bundled`;
/// - a folder: its `scenario.toml` and the `file` beside it;
/// - `scenario.toml` (or any file named like the scenario): the `file` beside it;
/// - any other `.toml` file: that file as the part, with the `scenario.toml`
///   of its folder.
pub fn load(input: Option<&Path>, file: &str, bundled: &str) -> Result<Loaded, CliError> {
    let Some(p) = input else {
        let scenario = input::load(None, Requirements::default())?.scenario;
        return Ok(Loaded {
            scenario,
            part_path: PathBuf::from(BUNDLED_DIR).join(file),
            part_text: bundled.to_string(),
        });
    };
    let (scenario_path, part_path) = if p.is_dir() {
        (p.join("scenario.toml"), p.join(file))
    } else if p.file_name().is_some_and(|n| n == "scenario.toml") {
        (p.to_path_buf(), p.with_file_name(file))
    } else {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (dir.join("scenario.toml"), p.to_path_buf())
    };
    if !scenario_path.is_file() {
        return Err(missing(
            &part_path,
            &format!("no scenario.toml beside {}", part_path.display()),
            "the file must sit in a scenario folder, beside its scenario.toml",
        ));
    }
    if !part_path.is_file() {
        return Err(missing(
            &part_path,
            &format!("no {file} in {}", part_path.parent().map_or_else(String::new, |d| d.display().to_string())),
            &format!("write one (docs/seeds-analyses.md describes it), or run without INPUT for the bundled example in {BUNDLED_DIR}"),
        ));
    }
    let scenario = input::load(Some(&scenario_path), Requirements::default())?.scenario;
    let part_text = domei_scenario::read_text(&part_path)?;
    Ok(Loaded {
        scenario,
        part_path,
        part_text,
    })
}

fn missing(path: &Path, msg: &str, help: &str) -> CliError {
    CliError::Input(Diagnostics::single(
        Diagnostic::new(path, Loc::default(), msg).help(help),
    ))
}

/// The CLI's one output format type (table or JSON here).
pub use crate::store::Format;

/// `value` as pretty JSON, with `domei_version` first.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    #[derive(serde::Serialize)]
    struct Doc<'a, T> {
        domei_version: &'static str,
        #[serde(flatten)]
        body: &'a T,
    }
    crate::store::json(&Doc {
        domei_version: env!("CARGO_PKG_VERSION"),
        body: value,
    })
}

/// The CLI's error for a decision chain or plan that cannot be run: the
/// file's located diagnostics (exit 2 with file, line and column), or a
/// usage error naming the option.
pub fn cli_error(e: domei_runs::parts::PartError) -> CliError {
    use domei_runs::parts::PartError;
    match e {
        PartError::File(d) => CliError::Input(d),
        PartError::Given(m) => CliError::Usage(format!("--given {m}")),
        PartError::For(m) => CliError::Usage(format!("--for: {m}")),
        PartError::Edit(m) | PartError::Model(m) | PartError::Range(m) | PartError::Analysis(m) => {
            CliError::Usage(m)
        }
    }
}

/// For a table in Japanese, the part's Japanese view (names from their
/// `*_ja` forms, same ids and numbers) when both the file as written and the
/// view read (`reads`); `None` otherwise, and the file as written is used,
/// so its diagnostics are the ones reported.
pub fn japanese_view(
    format: Format,
    loaded: &Loaded,
    reads: impl Fn(&str) -> bool,
) -> Option<String> {
    let lang = crate::lang::get();
    if format != Format::Table || lang != domei_i18n::Lang::Ja || !reads(&loaded.part_text) {
        return None;
    }
    let ja = domei_scenario::lang::view(&loaded.part_text, lang);
    reads(&ja).then_some(ja)
}
