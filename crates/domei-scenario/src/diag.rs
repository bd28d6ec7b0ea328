//! Located error messages for bad input.
//!
//! Every problem found in an input file becomes a [`Diagnostic`] naming the
//! file, line and column, what is wrong, and how to fix it. Loaders collect
//! all they can find before giving up, so a user fixes a file in one pass.

use crate::model::Loc;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in an input file: where, what is wrong, and how to fix it.
/// Displayed as `FILE:LINE:COL: error: MESSAGE` with an optional `help:` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in, as given.
    pub file: PathBuf,
    /// 1-based; line 0 means "the file as a whole" (e.g. it cannot be read).
    pub loc: Loc,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// A warning rather than an error (shown as `warning:`).
    pub warning: bool,
}

impl Diagnostic {
    /// An error at `loc` of `file` saying `message`, without help.
    pub fn new(file: &Path, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            loc,
            message: message.into(),
            help: None,
            warning: false,
        }
    }

    /// Marks the diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        let kind = if self.warning { "warning" } else { "error" };
        if self.loc.line == 0 {
            write!(f, "{file}: {kind}: {}", self.message)?;
        } else {
            write!(
                f,
                "{file}:{}:{}: {kind}: {}",
                self.loc.line, self.loc.col, self.message
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// One or more diagnostics; the error type of every loader.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Exactly one diagnostic.
    pub fn single(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    /// Adds a diagnostic at the end.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every diagnostic, in order (by position once
    /// [`Diagnostics::into_result`] sorted them).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// `Ok(())` when empty, otherwise the diagnostics sorted by position.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            self.0
                .sort_by(|a, b| (&a.file, a.loc).cmp(&(&b.file, b.loc)));
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} errors", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Maps byte offsets of a text to 1-based line and column (columns count
/// characters, not bytes).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// Line and column of byte `offset` (clamped to the end of the text).
    pub fn loc(&self, offset: usize) -> Loc {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Loc::new(line as u32, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_chars() {
        let idx = LineIndex::new("ab\nc日d\n\nx");
        assert_eq!(idx.loc(0), Loc::new(1, 1));
        assert_eq!(idx.loc(3), Loc::new(2, 1));
        assert_eq!(idx.loc(7), Loc::new(2, 3)); // after 'c' and '日' (3 bytes)
        assert_eq!(idx.loc(9), Loc::new(3, 1));
        assert_eq!(idx.loc(10), Loc::new(4, 1));
        assert_eq!(idx.loc(99), Loc::new(4, 2));
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::new(Path::new("s.toml"), Loc::new(3, 5), "bad").help("fix it");
        assert_eq!(d.to_string(), "s.toml:3:5: error: bad\n  help: fix it");
    }
}
