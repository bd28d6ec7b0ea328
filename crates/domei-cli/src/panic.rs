//! The last line of defence: a panic anywhere in a command becomes
//! "internal error in domei CMD (please report it)" on stderr with exit
//! status 3, and its detail (message, location, backtrace) is appended to
//! a log file whose path the message gives, instead of a Rust panic
//! message on the terminal.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Where panics' details are written: `DOMEI_ERROR_LOG`, else
/// `domei-internal-errors.log` in the temporary folder.
pub fn log_path() -> PathBuf {
    std::env::var_os("DOMEI_ERROR_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("domei-internal-errors.log"))
}

/// Runs `f`; a panic in it is logged and reported as an internal error of
/// `command`.
pub fn guard<T>(command: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    let log = log_path();
    let hook_log = log.clone();
    let cmd = command.to_string();
    std::panic::set_hook(Box::new(move |info| {
        let bt = std::backtrace::Backtrace::force_capture();
        let when = time::OffsetDateTime::now_utc();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&hook_log)
        {
            let _ = writeln!(
                f,
                "--- {when} domei {} `domei {cmd}` ---\n{info}\n{bt}",
                env!("CARGO_PKG_VERSION")
            );
        }
    }));
    catch_unwind(AssertUnwindSafe(|| {
        // For the tests only (docs/cli.md, "For tests only").
        if std::env::var_os("DOMEI_TEST_PANIC").is_some() {
            panic!("DOMEI_TEST_PANIC is set: a deliberate panic for the tests");
        }
        f()
    }))
    .map_err(|_| {
        format!(
            "internal error in `domei {command}` (please report it, with the detail logged in {})",
            log.display()
        )
    })
}
