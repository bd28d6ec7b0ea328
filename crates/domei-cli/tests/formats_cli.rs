//! Every command × every `--format` its `--help` offers, on the real binary.
//!
//! The commands and their formats are read from the help texts (not from a
//! list kept here), so a command or a format added later is covered by this
//! test at once: it fails until the command has an invocation below. Each
//! output must parse: JSON as JSON, CSV with a header row and the same
//! number of columns on every row, a table as non-empty text. A format that
//! is offered and refused fails the test.

mod common;
use common::{run, stderr, stdout, TempDir};
use std::collections::BTreeMap;

/// The subcommands listed under "Commands:" of a help text (`help` aside).
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.trim_end() == "Commands:" {
            inside = true;
            continue;
        }
        if inside {
            // Entries are indented by two spaces; the section ends at the
            // first line that is not an entry or its continuation.
            if !line.starts_with("  ") {
                break;
            }
            let name = line.split_whitespace().next().unwrap_or_default();
            // Continuation lines of a wrapped description are indented deeper.
            if line.starts_with("   ") || name == "help" {
                continue;
            }
            out.push(name.to_string());
        }
    }
    out
}

/// The values `--format` accepts according to the help text, or none.
fn formats(help: &str) -> Vec<String> {
    let lines: Vec<&str> = help.lines().collect();
    let Some(start) = lines.iter().position(|l| l.contains("--format <")) else {
        return Vec::new();
    };
    // The option's block: its line and the deeper-indented lines after it.
    let mut block = vec![lines[start]];
    for l in &lines[start + 1..] {
        if l.trim_start().starts_with('-') && l.starts_with("  -") {
            break;
        }
        if l.trim().is_empty() && block.len() > 1 && block.iter().any(|b| b.contains("possible")) {
            break;
        }
        block.push(l);
    }
    let text = block.join("\n");
    if let Some(i) = text.find("[possible values: ") {
        let rest = &text[i + "[possible values: ".len()..];
        let end = rest
            .find(']')
            .expect("closing bracket of the possible values");
        return rest[..end]
            .split(',')
            .map(|v| v.trim().to_string())
            .collect();
    }
    if text.contains("Possible values:") {
        // The long form: one "- value: description" line per value.
        return text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- "))
            .map(|v| v.split(':').next().unwrap_or(v).trim().to_string())
            .collect();
    }
    panic!("--format without its possible values in:\n{text}");
}

fn help(path: &[&str]) -> String {
    let mut args: Vec<&str> = path.to_vec();
    args.push("--help");
    let o = run(&args);
    assert!(o.status.success(), "{path:?} --help: {}", stderr(&o));
    stdout(&o)
}

/// Every leaf command (path of subcommand names) with the formats its
/// help offers.
fn commands() -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let mut todo: Vec<Vec<String>> = subcommands(&help(&[]))
        .into_iter()
        .map(|c| vec![c])
        .collect();
    while let Some(path) = todo.pop() {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let h = help(&p);
        let subs = subcommands(&h);
        if subs.is_empty() {
            out.push((path, formats(&h)));
        } else {
            for s in subs {
                let mut q = path.clone();
                q.push(s);
                todo.push(q);
            }
        }
    }
    out.sort();
    out
}

const SMALL: &str = "tests/fixtures/small-scenario.toml";

/// How each command that offers formats is run in this test: small inputs,
/// nothing that writes outside the sandbox.
fn invocations(dir: &TempDir) -> BTreeMap<&'static str, Vec<String>> {
    let draft = dir.write(
        "draft.md",
        "Japan will shoulder a fair share of the alliance's costs and buy American LNG.\n",
    );
    let extra = dir.write(
        "extra.md",
        "# A note\n\nTariffs on allies were discussed.\n",
    );
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    BTreeMap::from([
        ("forecast", v(&[SMALL, "--no-store"])),
        ("simulate", v(&[SMALL, "-n", "40", "--no-store"])),
        ("sensitivity", v(&[SMALL])),
        ("whatif", v(&[SMALL, "--set", "a.x.position=3"])),
        ("best-response", v(&["a", "--input", SMALL])),
        (
            "backtest",
            v(&[
                "--deu3",
                "data/deu3/dev.tsv",
                "--model",
                "compromise,median",
                "--draws",
                "0",
                "--folds",
                "3",
                "--inner-folds",
                "2",
            ]),
        ),
        ("ledger", v(&[])),
        // The store holds runs 1 and 2 of scenario `t` (stored first).
        ("runs show", v(&["1"])),
        ("runs diff", v(&["1", "2"])),
        ("scenarios history", v(&["t"])),
        ("scenarios diff", v(&["t", "1", "1"])),
        (
            "outcome record",
            v(&["t", "x", "4", "--date", "2025-06-01", "--source", "test"]),
        ),
        ("corpus add", v(&[extra.to_str().unwrap()])),
        ("runs list", v(&[])),
        ("scenarios list", v(&[])),
        ("outcome list", v(&[])),
        ("token list", v(&[])),
        ("corpus list", v(&[])),
        ("corpus search", v(&["host nation support", "--limit", "3"])),
        ("corpus show", v(&["004_b3e4016961f00b53#p61"])),
        ("claims list", v(&["--limit", "5"])),
        ("claims check", v(&[])),
        ("evidence check", v(&[])),
        ("evidence audit", v(&[])),
        // The seeds' analyses on the bundled scenario, with few draws
        // (their defaults take minutes in a debug build).
        ("history", v(&[SMALL, "--issue", "x"])),
        ("events", v(&["--draws", "20"])),
        ("plan", v(&["--draws", "3", "--model", "compromise"])),
        (
            "frame",
            v(&[draft.to_str().unwrap(), "--audience", "us-admin"]),
        ),
    ])
}

fn check_output(what: &str, format: &str, out: &str) {
    match format {
        "json" => {
            serde_json::from_str::<serde_json::Value>(out)
                .unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{out}"));
        }
        "csv" => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(false)
                .from_reader(out.as_bytes());
            let header = r
                .headers()
                .unwrap_or_else(|e| panic!("{what}: no CSV header ({e}):\n{out}"))
                .clone();
            assert!(
                header.len() >= 2 && header.iter().all(|h| !h.is_empty()),
                "{what}: header {header:?}"
            );
            // A header names columns: none of its cells is a number.
            assert!(
                header.iter().all(|h| h.parse::<f64>().is_err()),
                "{what}: header looks like data: {header:?}"
            );
            for rec in r.records() {
                let rec = rec.unwrap_or_else(|e| panic!("{what}: bad CSV row ({e}):\n{out}"));
                assert_eq!(rec.len(), header.len(), "{what}: {rec:?}");
            }
        }
        "table" => assert!(!out.trim().is_empty(), "{what}: empty table"),
        other => panic!("{what}: a format this test does not know: {other}"),
    }
}

#[test]
fn every_format_that_help_offers_works() {
    let dir = TempDir::new("formats");
    let known = invocations(&dir);
    // Two stored runs of the small scenario for the store commands.
    for _ in 0..2 {
        let o = run(&["forecast", SMALL]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let all = commands();
    assert!(all.len() >= 20, "too few commands found: {all:?}");
    let mut covered = 0;
    let mut missing = Vec::new();
    for (path, fmts) in &all {
        if fmts.is_empty() {
            continue;
        }
        let name = path.join(" ");
        let Some(args) = known.get(name.as_str()) else {
            missing.push(name);
            continue;
        };
        for f in fmts {
            let mut a: Vec<&str> = path.iter().map(String::as_str).collect();
            a.extend(args.iter().map(String::as_str));
            a.extend(["--format", f]);
            let o = run(&a);
            assert!(
                o.status.success(),
                "`domei {}` failed ({:?}): {}",
                a.join(" "),
                o.status,
                stderr(&o)
            );
            check_output(&format!("domei {}", a.join(" ")), f, &stdout(&o));
            covered += 1;
        }
    }
    assert!(
        missing.is_empty(),
        "commands whose --help offers --format but that this test cannot run yet (add an invocation): {missing:?}"
    );
    // forecast, simulate, sensitivity, whatif, best-response, backtest and
    // ledger offer three formats; the others two.
    assert!(covered >= 40, "only {covered} command × format pairs run");
}

#[test]
fn the_table_commands_offer_csv() {
    let offered: BTreeMap<String, Vec<String>> = commands()
        .into_iter()
        .map(|(p, f)| (p.join(" "), f))
        .collect();
    for c in [
        "forecast",
        "simulate",
        "sensitivity",
        "whatif",
        "best-response",
        "backtest",
        "ledger",
    ] {
        assert!(
            offered[c].iter().any(|f| f == "csv"),
            "{c}: {:?}",
            offered[c]
        );
    }
}

/// The longest run of engine names in `text` (words separated by commas,
/// spaces, "or" and "and"), in order: the help's list of models.
fn model_run<'a>(text: &'a str, engines: &[&str]) -> Vec<&'a str> {
    let words = text
        .split(|c: char| !(c.is_ascii_lowercase() || c == '-'))
        .filter(|w| !w.is_empty() && *w != "or" && *w != "and");
    let (mut best, mut run) = (Vec::new(), Vec::new());
    for w in words {
        if engines.contains(&w) {
            run.push(w);
        } else {
            if run.len() > best.len() {
                best = std::mem::take(&mut run);
            }
            run.clear();
        }
    }
    if run.len() > best.len() {
        best = run;
    }
    best
}

/// The model names a help text lists (`compromise, median, …`) are the
/// engines' names, all of them where the help lists the models.
#[test]
fn help_lists_the_engines_models() {
    let engines: Vec<&str> = domei_engines::ModelId::ALL
        .iter()
        .map(|m| m.as_str())
        .collect();
    let mut lists = 0;
    for (path, _) in commands() {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let h = help(&p);
        // The --model option's description, up to the next option.
        let Some(i) = h.find("--model <") else {
            continue;
        };
        let rest = &h[i..];
        let end = rest[1..].find("\n  -").map_or(rest.len(), |e| e + 1);
        let block = &rest[..end];
        // Defaults name models too: set them apart from the description.
        let (text, default) = match block.split_once("[default: ") {
            Some((t, d)) => (t, d.split(']').next().unwrap_or_default()),
            None => (block, ""),
        };
        let named = model_run(text, &engines);
        if text.contains("the models with rounds") {
            // `history`: the models with rounds, in the engines' order.
            let with_rounds: Vec<&str> = domei_engines::ModelId::ALL
                .iter()
                .filter(|m| domei_run::history::has_rounds(**m))
                .map(|m| m.as_str())
                .collect();
            assert_eq!(
                named, with_rounds,
                "{p:?}: the models --help lists:\n{block}"
            );
            lists += 1;
        } else if named.len() >= 3 {
            // A list of the models: all of them, in the engines' order.
            assert_eq!(named, engines, "{p:?}: the models --help lists:\n{block}");
            lists += 1;
        } else {
            // No list: it must point at one.
            assert!(
                text.contains("see `forecast`"),
                "{p:?}: --model does not say which models exist:\n{block}"
            );
        }
        for m in default.split(',').filter(|m| !m.is_empty()) {
            assert!(
                m == "all" || engines.contains(&m),
                "{p:?}: default model {m:?} is not an engine's"
            );
        }
    }
    assert!(lists >= 4, "the model list was found in {lists} help texts");
}
