//! Where scenarios come from: a path given on the command line, or the
//! bundled Japan–US 2025 scenario compiled into the binary.

use crate::error::CliError;
use crate::output;
use domei_scenario::{Loaded, Requirements};
use std::path::{Path, PathBuf};

/// The bundled scenario's path inside the repository (for messages).
pub const BUNDLED_PATH: &str = "scenarios/japan-us-2025/scenario.toml";
/// The bundled scenario, compiled in so `domei forecast` works anywhere.
pub const BUNDLED_TOML: &str = include_str!("../../../scenarios/japan-us-2025/scenario.toml");

/// Loads `input`, or the bundled scenario when `None`; prints warnings to
/// stderr.
pub fn load(input: Option<&Path>, req: Requirements) -> Result<Loaded, CliError> {
    load_lang(input, req, domei_i18n::Lang::En)
}

/// [`load`] with the scenario's texts in `lang` (its Japanese forms, or the
/// English marked as untranslated): for what people read, never for JSON,
/// CSV or the store.
pub fn load_lang(
    input: Option<&Path>,
    req: Requirements,
    lang: domei_i18n::Lang,
) -> Result<Loaded, CliError> {
    let loaded = read(input, req, lang)?;
    for w in &loaded.warnings {
        output::eprint(&w.clone().warning().to_string_in(crate::lang::get()));
    }
    Ok(loaded)
}

/// The scenario `s` (read from `input`) as the people reading this run's
/// tables see it: `s` itself in English; otherwise the same file's view in
/// the language (same values, ids and order, so results computed on `s`
/// apply to it). Its warnings were printed when `s` was loaded.
pub fn shown(
    input: Option<&Path>,
    req: Requirements,
    s: &domei_scenario::Scenario,
) -> Result<domei_scenario::Scenario, CliError> {
    match crate::lang::get() {
        domei_i18n::Lang::En => Ok(s.clone()),
        l => Ok(read(input, req, l)?.scenario),
    }
}

fn read(
    input: Option<&Path>,
    req: Requirements,
    lang: domei_i18n::Lang,
) -> Result<Loaded, CliError> {
    Ok(match input {
        Some(p) => domei_scenario::load_lang(p, req, lang)?,
        None => Loaded {
            scenario: domei_scenario::from_toml_str_lang(
                &PathBuf::from(BUNDLED_PATH),
                BUNDLED_TOML,
                req,
                lang,
            )?,
            warnings: Vec::new(),
        },
    })
}
