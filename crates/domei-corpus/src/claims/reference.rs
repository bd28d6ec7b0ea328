//! The table of reference figures claims are checked against
//! (`corpus/reference-figures.toml`, embedded as the default).

use crate::error::{CorpusError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The default table shipped with domei.
pub const DEFAULT_TOML: &str = include_str!("../../../../corpus/reference-figures.toml");

/// A published figure to check implied figures against (one `[[figure]]`
/// of the reference table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFigure {
    /// Figure id, unique in the table.
    pub id: String,
    /// What the figure is, in words.
    pub name: String,
    /// As written, in `scale` units.
    pub value: f64,
    /// Scale word of `value` (`trillion`, `兆`, ...); none for base units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Base unit (`JPY`, `USD`, `percent`, ...).
    pub unit: String,
    /// The year the figure is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Lower-case phrases; a claim matches when its `of` (for percentages)
    /// or `about` contains one of them.
    #[serde(default)]
    pub quantity: Vec<String>,
    /// Where the figure is published (required).
    pub source: String,
    /// Address of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Anything a reader should know about the figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Relative tolerance for this figure; the table's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
}

impl ReferenceFigure {
    /// The value in base units.
    pub fn normalized(&self) -> f64 {
        self.value * scale_factor(self.scale.as_deref()).unwrap_or(1.0)
    }

    /// Does a phrase (a claim's `of` or `about`) name this quantity?
    pub fn matches(&self, phrase: &str) -> bool {
        let p = phrase.to_lowercase();
        self.quantity.iter().any(|q| {
            let q = q.to_lowercase();
            p == q
                || p.split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|w| w == q)
                || (q.contains(' ') && p.contains(&q))
        })
    }
}

/// The factor of a scale word (`trillion` is 1e12, `億` 1e8); 1 for none,
/// `None` for a word it does not know.
pub fn scale_factor(s: Option<&str>) -> Option<f64> {
    Some(match s {
        None | Some("") => 1.0,
        Some("thousand") | Some("千") => 1e3,
        Some("million") => 1e6,
        Some("billion") => 1e9,
        Some("trillion") | Some("兆") => 1e12,
        Some("億") => 1e8,
        Some("万") => 1e4,
        Some(_) => return None,
    })
}

/// A table of reference figures (`corpus/reference-figures.toml` or `--reference`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceTable {
    /// Default relative tolerance.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// The figures (`[[figure]]`).
    #[serde(default, rename = "figure")]
    pub figures: Vec<ReferenceFigure>,
}

fn default_tolerance() -> f64 {
    0.10
}

impl ReferenceTable {
    /// The table shipped with domei.
    pub fn builtin() -> ReferenceTable {
        // The embedded file is checked by a unit test; an empty table is the
        // safe fallback should it ever fail to parse.
        Self::parse(DEFAULT_TOML, Path::new("corpus/reference-figures.toml")).unwrap_or(
            ReferenceTable {
                tolerance: default_tolerance(),
                figures: Vec::new(),
            },
        )
    }

    /// Reads and checks the table at `path`.
    pub fn load(path: &Path) -> Result<ReferenceTable> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CorpusError::input(path, format!("cannot read reference figures: {e}")))?;
        Self::parse(&text, path)
    }

    /// Parses and checks `text`; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<ReferenceTable> {
        let t: ReferenceTable = toml::from_str(text).map_err(|e| {
            CorpusError::input(path, format!("invalid reference figures: {}", e.to_string().trim()))
                .with_help("each [[figure]] needs id, name, value, unit and source; see corpus/reference-figures.toml")
        })?;
        for f in &t.figures {
            if scale_factor(f.scale.as_deref()).is_none() {
                return Err(CorpusError::input(
                    path,
                    format!(
                        "figure `{}`: unknown scale `{}`",
                        f.id,
                        f.scale.as_deref().unwrap_or("")
                    ),
                ));
            }
            if !f.value.is_finite() || f.source.trim().is_empty() {
                return Err(CorpusError::input(
                    path,
                    format!("figure `{}`: needs a finite value and a source", f.id),
                ));
            }
        }
        Ok(t)
    }

    /// The tolerance for `f`: its own, else the table's default.
    pub fn tolerance_for(&self, f: &ReferenceFigure) -> f64 {
        f.tolerance.unwrap_or(self.tolerance)
    }

    /// The JPY-per-USD exchange rate, if the table has one.
    pub fn jpy_per_usd(&self) -> Option<&ReferenceFigure> {
        self.figures.iter().find(|f| f.unit == "JPY/USD")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let t =
            ReferenceTable::parse(DEFAULT_TOML, Path::new("x")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.figures.len(), 3);
        let gdp = &t.figures[0];
        assert!((gdp.normalized() - 609e12).abs() < 1e9);
        assert!(
            gdp.matches("GDP")
                && gdp.matches("Japan's GDP")
                && gdp.matches("gross domestic product")
        );
        assert!(!gdp.matches("defense spending"));
        assert!(t.jpy_per_usd().is_some());
    }

    #[test]
    fn bad_table_names_file() {
        let e = ReferenceTable::parse("[[figure]]\nid = 1", Path::new("refs.toml"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.starts_with("refs.toml: error: invalid reference figures"),
            "{e}"
        );
    }
}
