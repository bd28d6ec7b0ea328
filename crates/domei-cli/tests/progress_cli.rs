//! Progress bars: drawn on a terminal, absent when standard error is piped.

mod common;
use common::{repo, run, stderr, stdout};

const SMALL: &str = "tests/fixtures/small-scenario.toml";

/// Piped standard error carries no progress: no carriage returns, no
/// terminal escapes, no bar text, and the output is what it always was.
#[test]
fn piped_stderr_has_no_progress_bytes() {
    for args in [
        &[
            "simulate",
            SMALL,
            "-n",
            "3000",
            "--no-store",
            "--format",
            "json",
        ][..],
        &["sensitivity", SMALL, "--format", "json"][..],
        &[
            "backtest",
            "--deu3",
            "data/deu3/dev.tsv",
            "--model",
            "compromise",
            "--draws",
            "0",
            "--folds",
            "3",
            "--inner-folds",
            "2",
            "--format",
            "json",
        ][..],
    ] {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err, "", "{args:?}: standard error is not empty");
        let out = stdout(&o);
        assert!(
            !out.contains('\r') && !out.contains('\u{1b}'),
            "{args:?}: control bytes in the output"
        );
        serde_json::from_str::<serde_json::Value>(&out).expect("JSON");
    }
}

/// On a terminal (a pseudo-terminal made by util-linux `script`), simulate
/// draws its bar on standard error and the result is printed after it.
#[test]
fn a_terminal_gets_a_bar() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_domei");
    let cmd = format!("{bin} simulate {SMALL} -n 2000 --no-store --format json");
    let o = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(repo())
        .env("TERM", "xterm")
        .env_remove("DOMEI_LANG")
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(all.contains("simulate: draws"), "no bar drawn:\n{all}");
    assert!(all.contains("\"draws\": 2000"), "no result:\n{all}");
}
