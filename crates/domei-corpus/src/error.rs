//! The crate's error type.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong in the corpus. The CLI maps
/// [`CorpusError::is_input`] errors to exit status 2 and the rest to 3.
#[derive(Debug)]
pub enum CorpusError {
    /// A file cannot be ingested: unreadable, malformed, no text layer, ...
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
        /// What to do about it, when there is advice.
        help: Option<String>,
    },
    /// A document, version or passage does not exist.
    NotFound(String),
    /// A locator, query or option is not well-formed.
    Invalid(String),
    /// The SQLite store, the search index or the file system failed.
    Storage(String),
}

impl CorpusError {
    /// An [`CorpusError::Input`] for the file `path`, without help.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        CorpusError::Input {
            path: path.into(),
            message: message.into(),
            help: None,
        }
    }

    /// The error with `help` added (an `Input` only; others are returned
    /// unchanged).
    pub fn with_help(self, help: impl Into<String>) -> Self {
        match self {
            CorpusError::Input { path, message, .. } => CorpusError::Input {
                path,
                message,
                help: Some(help.into()),
            },
            other => other,
        }
    }

    /// True when the user's input is at fault (exit status 2).
    pub fn is_input(&self) -> bool {
        !matches!(self, CorpusError::Storage(_))
    }
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Input {
                path,
                message,
                help,
            } => {
                write!(f, "{}: error: {message}", path.display())?;
                if let Some(h) = help {
                    write!(f, "\n  help: {h}")?;
                }
                Ok(())
            }
            CorpusError::NotFound(m) | CorpusError::Invalid(m) => write!(f, "error: {m}"),
            CorpusError::Storage(m) => write!(f, "error: corpus storage: {m}"),
        }
    }
}

impl std::error::Error for CorpusError {}

impl From<rusqlite::Error> for CorpusError {
    fn from(e: rusqlite::Error) -> Self {
        CorpusError::Storage(format!("sqlite: {e}"))
    }
}

impl From<tantivy::TantivyError> for CorpusError {
    fn from(e: tantivy::TantivyError) -> Self {
        CorpusError::Storage(format!("search index: {e}"))
    }
}

impl From<std::io::Error> for CorpusError {
    fn from(e: std::io::Error) -> Self {
        CorpusError::Storage(format!("i/o: {e}"))
    }
}

/// The corpus's result type.
pub type Result<T, E = CorpusError> = std::result::Result<T, E>;
