//! Shared helpers for the delimited formats (CSV, TSV): reading records with
//! their line numbers and the character column of each field, and parsing
//! numbers with located errors.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Loc;
use std::path::Path;

/// One record: its 1-based line, its fields (trimmed) and each field's
/// 1-based character column.
pub struct Record {
    /// 1-based line of the record.
    pub line: u32,
    /// The fields, trimmed.
    pub fields: Vec<String>,
    /// 1-based character column of each field.
    pub cols: Vec<u32>,
}

impl Record {
    /// Line and column of field `field` (column 1 when it is missing).
    pub fn loc(&self, field: usize) -> Loc {
        Loc::new(self.line, self.cols.get(field).copied().unwrap_or(1))
    }

    /// Field `field`'s text, empty when the record has fewer fields.
    pub fn get(&self, field: usize) -> &str {
        self.fields.get(field).map_or("", String::as_str)
    }

    /// Fields with trailing empty ones (trailing commas) removed.
    pub fn len_trimmed(&self) -> usize {
        self.fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1)
    }
}

/// Reads every non-blank record of `text`, split on `delim`, honouring
/// double-quoted fields (which may contain the delimiter and `""`).
pub fn records(path: &Path, text: &str, delim: u8) -> Result<Vec<Record>, Diagnostics> {
    records_quoted(path, text, delim, b'"')
}

/// [`records`] with fields quoted by `quote` (Decide's files quote with
/// `'`).
pub fn records_quoted(
    path: &Path,
    text: &str,
    delim: u8,
    quote: u8,
) -> Result<Vec<Record>, Diagnostics> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .quote(quote)
        .from_reader(text.as_bytes());
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as u32);
            Diagnostics::single(
                Diagnostic::new(
                    path,
                    Loc::new(line, 1),
                    format!("cannot read this row: {e}"),
                )
                .help(format!(
                    "check quoting: a field that starts with {q} must end with {q}",
                    q = quote as char
                )),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line() as u32);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let raw = lines
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("");
        let cols = columns_quoted(raw, delim as char, quote as char);
        out.push(Record {
            line,
            fields: rec.iter().map(|f| f.trim().to_string()).collect(),
            cols,
        });
    }
    Ok(out)
}

/// The 1-based character column where each field of `line` starts (after
/// leading spaces), for error messages.
pub fn field_columns(line: &str, delim: char) -> Vec<u32> {
    columns_quoted(line, delim, '"')
}

/// [`field_columns`] with fields quoted by `quote`.
pub fn columns_quoted(line: &str, delim: char, quote: char) -> Vec<u32> {
    let mut cols = Vec::new();
    let mut in_quotes = false;
    let mut start = true;
    for (i, c) in line.chars().enumerate() {
        if start && c != ' ' && c != '\t' || start && c == delim {
            cols.push(i as u32 + 1);
            start = false;
        }
        if c == quote {
            in_quotes = !in_quotes;
        } else if c == delim && !in_quotes {
            if start {
                cols.push(i as u32 + 1);
            }
            start = true;
        }
    }
    if start {
        cols.push(line.chars().count() as u32 + 1);
    }
    cols
}

/// Parses a number in `rec`'s field `i`, or records a located diagnostic.
pub fn number(
    path: &Path,
    rec: &Record,
    i: usize,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<f64> {
    let s = rec.get(i);
    match s.parse::<f64>() {
        Ok(x) => Some(x),
        Err(_) => {
            let shown = if s.is_empty() {
                "an empty field".to_string()
            } else {
                format!("{s:?}")
            };
            diags.push(
                Diagnostic::new(
                    path,
                    rec.loc(i),
                    format!("{what}: expected a number, found {shown}"),
                )
                .help("write a decimal number such as 0.5 or 40"),
            );
            None
        }
    }
}

/// The id an importer gives an actor named `name` (docs/scenario-format.md,
/// "Ids of imported actors"): its [`slug`]; when the name has no ASCII
/// letter or digit (日本), its characters' code points, `u65e5-u672c`
/// (whitespace and punctuation dropped), so every name gets a valid id
/// that depends on the name alone. The name itself is kept as the actor's
/// name.
pub fn derived_id(name: &str) -> String {
    let s = slug(name);
    if !s.is_empty() {
        return s;
    }
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| format!("u{:04x}", u32::from(c)))
        .collect::<Vec<_>>()
        .join("-")
}

/// Lower-case id made from a display name: runs of other characters become '-'.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_names_without_ascii_letters_are_their_code_points() {
        assert_eq!(derived_id("Japan (gov.)"), "japan-gov");
        assert_eq!(derived_id("日本"), "u65e5-u672c");
        assert_eq!(derived_id("日本 Japan"), "japan");
        assert_eq!(derived_id("「中国」"), "u4e2d-u56fd");
        assert_eq!(derived_id("  "), "");
        assert!(crate::is_valid_id(&derived_id("한국")));
    }

    #[test]
    fn columns_follow_quotes_and_spaces() {
        assert_eq!(field_columns("a,b,c", ','), vec![1, 3, 5]);
        assert_eq!(field_columns("x, \"a,b\",  7,", ','), vec![1, 4, 12, 14]);
        assert_eq!(field_columns(",,", ','), vec![1, 2, 3]);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Liu He - Deputy Director of DRC"),
            "liu-he-deputy-director-of-drc"
        );
        assert_eq!(slug("SActor-00"), "sactor-00");
        assert_eq!(slug("  UK "), "uk");
    }
}
