//! The one error type every command returns, and its exit status.

use domei_scenario::Diagnostics;
use std::fmt;
use std::process::ExitCode;

/// Exit statuses, documented in docs/cli.md.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran but its check failed (e.g. a citation did not verify).
    pub const FAILED: u8 = 1;
    /// Bad input or usage: nothing was written.
    pub const INPUT: u8 = 2;
    /// An internal or environment error (I/O on output, storage).
    pub const INTERNAL: u8 = 3;
}

#[derive(Debug)]
pub enum CliError {
    /// Invalid input files: one or more located diagnostics. Exit 2.
    Input(Diagnostics),
    /// Invalid usage (bad flag value, unknown model). Exit 2.
    Usage(String),
    /// The check the command performs failed. Exit 1. The message has
    /// already been explained on stdout/stderr when empty.
    Failed(String),
    /// Environment or internal error. Exit 3.
    Internal(String),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Input(_) | CliError::Usage(_) => exit::INPUT,
            CliError::Failed(_) => exit::FAILED,
            CliError::Internal(_) => exit::INTERNAL,
        })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Located diagnostics in this run's language (a reader's
            // own parse errors stay as the toml/csv crate wrote them).
            CliError::Input(d) => f.write_str(&d.to_string_in(crate::lang::get())),
            // "error:" in this run's language (the message after it is the
            // command's own).
            CliError::Usage(m) => write!(f, "{} {m}", crate::lang::t("cli-error")),
            CliError::Failed(m) => write!(f, "{m}"),
            CliError::Internal(m) => write!(f, "{} {m}", crate::lang::t("cli-error")),
        }
    }
}

impl From<Diagnostics> for CliError {
    fn from(d: Diagnostics) -> Self {
        CliError::Input(d)
    }
}

pub type CliResult = Result<ExitCode, CliError>;
