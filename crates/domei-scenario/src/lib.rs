//! domei's scenarios: the data model, the file formats and validation.
//!
//! Inputs flow one way: a reader in [`format`](mod@format) turns a file into a
//! [`draft::Draft`], [`validate::validate`] checks every rule once and
//! produces a [`Scenario`], and from then on nothing re-checks it. The
//! entry points are [`load`] and [`load_with`].

#![warn(missing_docs)]

pub mod audit;
pub mod diag;
pub mod diff;
pub mod display;
pub mod draft;
pub mod edit;
pub mod fields;
pub mod format;
pub mod grounding;
pub mod lang;
pub mod model;
pub mod validate;

pub use diag::{Arg, Diagnostic, Diagnostics, Msg};
pub use display::{decimals, fmt_on_scale};
pub use grounding::{is_short_quote, strict_check, Grounding};
pub use model::*;
pub use validate::{check_reference, check_value, is_valid_id, validate, Requirements};

use std::path::{Path, PathBuf};

/// Inputs larger than this are refused before parsing (a scenario is a
/// hand-edited file; the whole DEU III table is 57 KB): domei-limits'
/// `input_bytes`.
pub const MAX_INPUT_BYTES: u64 = domei_limits::INPUT_BYTES.max;

/// A validated scenario and the warnings its reader raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario, validated.
    pub scenario: Scenario,
    /// The reader's warnings (nothing that stopped the load), in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Resolves `path` to the file to read: a folder means its `scenario.toml`.
pub fn resolve_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("scenario.toml")
    } else {
        path.to_path_buf()
    }
}

/// Reads the file as UTF-8, refusing oversized files and naming the line and
/// column of the first invalid byte.
pub fn read_text(path: &Path) -> Result<String, Diagnostics> {
    let fail = |loc: Loc, msg: String, help: &str| {
        Diagnostics::single(Diagnostic::new(path, loc, msg).help(help))
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            Loc::default(),
            format!("cannot read: {e}"),
            "check the path",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            Loc::default(),
            "is a folder without scenario.toml".into(),
            "point at a scenario folder, or a .toml, .csv or .tsv file",
        ));
    }
    if !meta.is_file() {
        // A FIFO would block forever, a device (a link to /dev/zero) never
        // end: only regular files are read.
        return Err(fail(
            Loc::default(),
            "is not a regular file (a pipe, device or socket)".into(),
            "save the input to a file and point at that",
        ));
    }
    let too_big = |len: u64| {
        fail(
            Loc::new(1, 1),
            format!(
                "the file is {:.1} MiB, more than the {} MiB limit for scenario inputs (`input_bytes`)",
                len as f64 / 1048576.0,
                MAX_INPUT_BYTES / 1048576
            ),
            domei_limits::INPUT_BYTES.hint,
        )
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_big(meta.len()));
    }
    let cannot = |e: std::io::Error| {
        fail(
            Loc::default(),
            format!("cannot read: {e}"),
            "check the path and permissions",
        )
    };
    // Read at most one byte more than the limit, whatever the metadata
    // said (a file can grow while it is read).
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        std::fs::File::open(path)
            .map_err(cannot)?
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // `good` is valid UTF-8 by construction (valid_up_to).
        let good = std::str::from_utf8(good).unwrap_or("");
        let loc = diag::LineIndex::new(good).loc(good.len());
        fail(
            loc,
            format!(
                "the file is not valid UTF-8 (byte 0x{:02x})",
                e.as_bytes()[good.len()]
            ),
            "save the file as UTF-8",
        )
    })
}

/// Detects the format of `path` from its name and content, reads and
/// validates it.
pub fn load_with(path: &Path, req: Requirements) -> Result<Loaded, Diagnostics> {
    load_lang(path, req, domei_i18n::Lang::En)
}

/// [`load_with`], with a TOML scenario's texts in language `lang`
/// ([`lang::view`]: Japanese forms where written, the other language's text
/// marked where not). Values, ids and evidence are the same in every
/// language.
pub fn load_lang(
    path: &Path,
    req: Requirements,
    lang: domei_i18n::Lang,
) -> Result<Loaded, Diagnostics> {
    let file = resolve_path(path);
    let text = read_text(&file)?;
    let (draft, warnings) = read_draft(&file, &text, lang)?;
    let scenario = validate(&draft, req)?;
    Ok(Loaded { scenario, warnings })
}

/// The one format dispatch, by file name and content, of every input
/// (files on the command line, uploads to the workbench): `text` read as
/// if from `file` into a draft, with the reader's warnings. A TOML
/// scenario's texts are in `lang` ([`lang::view`]).
///
/// | name | content | reader |
/// |---|---|---|
/// | `.toml` | | `format::toml` |
/// | `.xml` | | `format::ktab_xml` (KTAB's scenario XML) |
/// | `.csv`, `.tsv`, `.txt` | first line starts with `#A`, `#P`, `#M`, `#D`, `#O` or `#/` (quoted or not) | `format::decide` |
/// | `.csv` | header `actor,capability,position,salience` | `format::csv::read_simple` |
/// | `.csv` | anything else | `format::csv::read_ktab` |
/// | `.tsv` | anything else | `format::deu3` |
pub fn read_draft(
    file: &Path,
    text: &str,
    lang: domei_i18n::Lang,
) -> Result<(draft::Draft, Vec<Diagnostic>), Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let draft = match ext.as_str() {
        "toml" => format::toml::read_lang(file, text, lang)?,
        "xml" => {
            let (d, w) = format::ktab_xml::read(file, text)?;
            warnings = w;
            d
        }
        "csv" | "tsv" | "txt" if format::decide::is_decide(text) => {
            format::decide::read(file, text)?
        }
        "tsv" => format::deu3::read(file, text)?,
        "csv" if format::csv::is_simple(text) => format::csv::read_simple(file, text)?,
        "csv" => {
            let (d, w) = format::csv::read_ktab(file, text)?;
            warnings = w;
            d
        }
        _ => {
            return Err(Diagnostics::single(
                Diagnostic::new(file, Loc::default(), format!("unknown scenario format {:?}", ext))
                    .help("use a scenario folder (scenario.toml), a .toml, a .csv (simple, KTAB or Decide), a .tsv (DEU III), a .txt (Decide) or an .xml (KTAB) file"),
            ))
        }
    };
    Ok((draft, warnings))
}

/// [`load_with`] with no model-specific requirements, dropping warnings.
pub fn load(path: &Path) -> Result<Scenario, Diagnostics> {
    load_with(path, Requirements::default()).map(|l| l.scenario)
}

/// Parses and validates TOML text as if read from `path` (for editors and
/// tests).
pub fn from_toml_str(path: &Path, text: &str, req: Requirements) -> Result<Scenario, Diagnostics> {
    validate(&format::toml::read(path, text)?, req)
}

/// [`from_toml_str`] with the texts in `lang` ([`lang::view`]).
pub fn from_toml_str_lang(
    path: &Path,
    text: &str,
    req: Requirements,
    lang: domei_i18n::Lang,
) -> Result<Scenario, Diagnostics> {
    validate(&format::toml::read_lang(path, text, lang)?, req)
}
