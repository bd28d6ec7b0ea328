//! Writing to stdout and stderr without panicking on a closed pipe
//! (`domei forecast | head` must not crash).

use std::io::Write;

/// The output formats of every command: a table for people, JSON and CSV
/// for programs (the one definition; `store` and `cmd::forecast` re-export
/// it). A command without CSV takes `--format` through [`table_or_json`],
/// so that its help lists and its parser accepts only those two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// The `--format` parser of the commands that print a table or JSON only.
pub fn table_or_json() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["table", "json"]).map(|v| match v.as_str() {
        "json" => Format::Json,
        _ => Format::Table,
    })
}

/// The error of `--format csv` for a command without CSV ([`table_or_json`]
/// refuses it before the command runs; this is the command's own guard).
pub fn no_csv() -> crate::error::CliError {
    crate::error::CliError::Usage("this command prints table or json".into())
}

/// Prints `text` (adding a final newline if missing) to stdout.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// Prints `text` and a newline to stderr.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder, then a rename, so a crash never leaves a half-written file.
pub fn write_atomic(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `n` and the noun in the singular or plural: "1 issue", "40 actors"
/// (English messages that are not in the catalogues).
pub fn count(n: usize, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn singular_and_plural() {
        assert_eq!(super::count(1, "issue", "issues"), "1 issue");
        assert_eq!(super::count(0, "issue", "issues"), "0 issues");
        assert_eq!(super::count(40, "actor", "actors"), "40 actors");
    }
}
