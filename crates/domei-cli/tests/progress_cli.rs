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

/// A calibration writes its one line on standard error, and no progress
/// when standard error is piped.
#[test]
fn piped_calibrate_writes_its_line_and_no_progress() {
    let dir = common::TempDir::new("progress-calibrate");
    let out = dir.path().join("cal.toml");
    let o = run(&[
        "calibrate",
        "--deu3",
        "data/deu3/dev.tsv",
        "-o",
        out.to_str().unwrap(),
        "-n",
        "2",
        "--folds",
        "3",
        "--inner-folds",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("wrote ") && err.lines().count() == 1,
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}') && !err.contains("model runs"));
}

/// Runs `args` on a terminal (a pseudo-terminal made by util-linux
/// `script`); everything it wrote, or `None` without `script`.
fn on_a_terminal(args: &str) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_domei");
    let o = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(repo())
        .env("TERM", "xterm")
        .env_remove("DOMEI_LANG")
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// On a terminal, simulate draws its bar on standard error and the result
/// is printed after it.
#[test]
fn a_terminal_gets_a_bar() {
    let Some(all) = on_a_terminal(&format!(
        "simulate {SMALL} -n 2000 --no-store --format json"
    )) else {
        return;
    };
    assert!(all.contains("simulate: draws"), "no bar drawn:\n{all}");
    assert!(all.contains("\"draws\": 2000"), "no result:\n{all}");
}

/// A backtest's bar counts its model runs (groups of issues × draws, with
/// the point forecasts) with an estimate of the time left, not a spinner.
#[test]
fn a_backtest_on_a_terminal_gets_a_counted_bar() {
    let Some(all) = on_a_terminal(
        "backtest --deu3 data/deu3/dev.tsv --model compromise --draws 20 --folds 3 --inner-folds 2 --format json",
    ) else {
        return;
    };
    assert!(all.contains("backtest: model runs"), "no bar drawn:\n{all}");
    // The bar's template: done/total (percent), elapsed, estimate.
    let re_total = all
        .split("backtest: model runs")
        .nth(1)
        .and_then(|rest| rest.split(" left").next())
        .unwrap_or_default()
        .to_string();
    assert!(
        re_total.contains('/') && re_total.contains("about"),
        "{re_total}"
    );
    assert!(all.contains("\"models\""), "no result:\n{all}");
}
