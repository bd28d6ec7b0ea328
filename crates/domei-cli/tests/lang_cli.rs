//! The interface language end to end (issue 15): `--lang`, `DOMEI_LANG`, the
//! locale; the Japanese forecast table and help; machine formats unchanged;
//! `check --strict` on a scenario that declares Japanese. The other
//! commands' tables and messages in Japanese are `lang_tables_cli.rs`'s.

mod common;
use common::*;

/// Runs `domei ARGS`, asserts that it succeeded and returns its output.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The bundled forecast in Japanese: Japanese issue names, units, headers,
/// yen amounts in 兆円/億円, and no English fallback marks (every text of the
/// bundled scenario is translated).
#[test]
fn forecast_table_in_japanese() {
    let out = ok(&["forecast", "--lang", "ja", "--no-store"]);
    for s in [
        "第2次トランプ政権下の日米関係（2025年）",
        "問い：",
        // headers
        "争点",
        "単位",
        "現状",
        "総合予測",
        "80%区間",
        "モデル間の幅",
        // issue names with the established terms
        "在日米軍駐留経費負担",
        "日米地位協定の改定",
        "台湾有事における日本の役割",
        "防衛費の対GDP比",
        // units
        "対GDP比（%）",
        "0–100（改定の度合い）",
        // a yen amount in Japanese conventions
        "億円",
        "兆円",
        // an anchor label
        "地位協定の変更なし",
    ] {
        assert!(out.contains(s), "{s} missing:\n{out}");
    }
    assert!(!out.contains("〔未訳〕"), "untranslated text:\n{out}");
    assert!(!out.contains("status quo"), "{out}");
}

/// DOMEI_LANG and the locale choose the language; --lang overrides both.
#[test]
fn language_from_environment_and_flag() {
    let with = |vars: &[(&str, &str)], args: &[&str]| {
        let mut c = domei();
        for (k, v) in vars {
            c.env(k, v);
        }
        let o = c.args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let args = ["forecast", "--no-store", "--model", "compromise"];
    assert!(with(&[("DOMEI_LANG", "ja")], &args).contains("総合予測"));
    assert!(with(&[("LANG", "ja_JP.UTF-8")], &args).contains("総合予測"));
    assert!(with(&[("LC_ALL", "ja_JP.UTF-8")], &args).contains("総合予測"));
    let en = with(&[("DOMEI_LANG", "en"), ("LANG", "ja_JP.UTF-8")], &args);
    assert!(en.contains("headline") && !en.contains("総合予測"), "{en}");
    let mut flag = args.to_vec();
    flag.extend(["--lang", "en"]);
    let en = with(&[("DOMEI_LANG", "ja")], &flag);
    assert!(en.contains("headline"), "{en}");
}

#[test]
fn help_in_japanese() {
    let out = ok(&["forecast", "--help", "--lang", "ja"]);
    for s in [
        "シナリオの全争点を複数の交渉モデルで予測する",
        "使い方:",
        "オプション",
        "出力形式",
    ] {
        assert!(out.contains(s), "{s} missing:\n{out}");
    }
    let top = ok(&["--lang", "ja", "--help"]);
    assert!(
        top.contains("引用つきブリーフィング") && top.contains("コマンド"),
        "{top}"
    );
    let en = ok(&["forecast", "--help"]);
    assert!(
        en.contains("Forecast every issue") && !en.contains("オプション"),
        "{en}"
    );
}

#[test]
fn bad_language_is_a_usage_error() {
    let o = run(&["forecast", "--lang", "fr", "--no-store"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("fr"), "{}", stderr(&o));
}

/// JSON and CSV do not depend on the language.
#[test]
fn machine_formats_are_language_neutral() {
    for f in ["json", "csv"] {
        let en = ok(&["forecast", "--no-store", "--format", f]);
        let ja = ok(&["forecast", "--no-store", "--format", f, "--lang", "ja"]);
        assert_eq!(en, ja, "--format {f} differs with --lang ja");
        assert!(!ja.contains("在日米軍"), "{f}");
    }
}

/// `check --strict` on a scenario that declares Japanese lists every text
/// without a Japanese form with file, line and column, and fails; the
/// bundled scenario has them all.
#[test]
fn check_strict_reports_untranslated_texts() {
    let dir = TempDir::new("lang");
    let src =
        std::fs::read_to_string(repo().join("scenarios/japan-us-2025/scenario.toml")).unwrap();
    // Drop one issue name's Japanese form and one judgement's.
    let name_ja = "name_ja = \"日米地位協定の改定\"\n";
    assert!(src.contains(name_ja));
    let mut text = src.replacen(name_ja, "", 1);
    let j = text.find("judgement_ja = ").unwrap();
    let end = j + text[j..].find('\n').unwrap() + 1;
    text.replace_range(j..end, "");
    let path = dir.0.join("scenario.toml");
    std::fs::write(&path, &text).unwrap();
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].lines().count() + 1;
    let name_line = line_of("name = \"Revision of the Status of Forces Agreement (SOFA)\"");

    let o = run(&["check", "--strict", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "scenario.toml:{name_line}:1: `name` has no Japanese form"
        )),
        "{err}"
    );
    assert!(err.contains("`judgement` has no Japanese form"), "{err}");
    assert!(
        stdout(&o).contains("translations: 286 of 288"),
        "{}",
        stdout(&o)
    );
    // Without --strict the scenario is fine, and Japanese output marks the
    // untranslated name.
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = ok(&[
        "forecast",
        "--no-store",
        "--lang",
        "ja",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.contains("〔未訳〕 Revision of the Status of Forces Agreement"),
        "{out}"
    );

    // A scenario that does not declare Japanese is not asked for it.
    let text = text.replacen("languages = [\"en\", \"ja\"]\n", "", 1);
    std::fs::write(&path, &text).unwrap();
    let o = run(&["check", "--strict", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = run(&["check", "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("386 of 386"), "{}", stdout(&o));
}

/// An unknown language in the file is a located error.
#[test]
fn unknown_scenario_language_is_located() {
    let dir = TempDir::new("lang");
    let src =
        std::fs::read_to_string(repo().join("scenarios/japan-us-2025/scenario.toml")).unwrap();
    let text = src.replacen(
        "languages = [\"en\", \"ja\"]",
        "languages = [\"en\", \"fr\"]",
        1,
    );
    let path = dir.0.join("scenario.toml");
    std::fs::write(&path, &text).unwrap();
    let line = text[..text.find("languages = ").unwrap()].lines().count() + 1;
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("scenario.toml:{line}:"))
            && stderr(&o).contains("unknown language \"fr\""),
        "{}",
        stderr(&o)
    );
}

/// A Japanese query finds the English passages of the seed papers through
/// the glossary (the seeds are in English): 関税, 在日米軍, 思いやり予算,
/// 防衛費 each return a passage whose text has the English term.
#[test]
fn japanese_query_finds_english_passages() {
    for (q, passage, english) in [
        ("関税", None, "tariff"),
        (
            "在日米軍",
            Some("004_b3e4016961f00b53#p61"),
            "forces in Japan",
        ),
        (
            "思いやり予算",
            Some("004_b3e4016961f00b53#p61"),
            "cost of stationing",
        ),
        ("防衛費", None, "defense spending"),
    ] {
        let out = ok(&["corpus", "search", q, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q}: no hits\n{out}");
        let top: Vec<&serde_json::Value> = hits.iter().take(5).collect();
        if let Some(p) = passage {
            assert!(
                top.iter().any(|h| h["passage"] == p),
                "{q}: {p} not in the top 5\n{out}"
            );
        }
        assert!(
            top.iter().any(|h| h["snippet"]
                .as_str()
                .unwrap_or("")
                .to_lowercase()
                .contains(&english.to_lowercase())),
            "{q}: no top passage says {english}\n{out}"
        );
        assert!(
            v["expansions"].as_array().is_some_and(|e| !e.is_empty()),
            "{q}: no expansion\n{out}"
        );
    }
}

/// `brief --run ID --lang ja`: the stored version's Japanese texts.
#[test]
fn japanese_briefing_of_a_stored_run() {
    let dir = TempDir::new("lang-run");
    let o = run(&["forecast", "--model", "compromise", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = ok(&["runs", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&id).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    let out = dir.0.join("run.html");
    ok(&[
        "brief",
        "--run",
        &id,
        "--lang",
        "ja",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    for s in [
        "lang=\"ja\"",
        "結論",
        "在日米軍駐留経費負担",
        "日米地位協定の改定",
    ] {
        assert!(html.contains(s), "{s} missing");
    }
    assert!(!html.contains("〔未訳〕"));
}

/// True for kana and kanji.
fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E))
}

/// The subcommands listed in the "Commands" (コマンド) section of a help text.
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            inside = line.starts_with("コマンド");
            continue;
        }
        if inside {
            if let Some(name) = line.split_whitespace().next() {
                if line.starts_with("  ") && name != "help" {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

/// Every command's and subcommand's `--help --lang ja`: the about line is
/// Japanese, the headings are, and so is the help of every argument and
/// option (an entry is the lines from one flag or argument to the next).
#[test]
fn every_help_is_japanese() {
    let mut queue: Vec<Vec<String>> = vec![vec![]];
    let mut seen = 0;
    let mut problems = Vec::new();
    while let Some(path) = queue.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.extend(["--help", "--lang", "ja"]);
        let help = ok(&args);
        seen += 1;
        let about = help.lines().next().unwrap_or_default();
        if !japanese(about) {
            problems.push(format!("{path:?}: about line `{about}`"));
        }
        if !help.contains("使い方:") {
            problems.push(format!("{path:?}: no 使い方:"));
        }
        let mut entry = String::new();
        let mut entries = Vec::new();
        let mut in_args = false;
        for line in help.lines() {
            if line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                if !entry.is_empty() {
                    entries.push(std::mem::take(&mut entry));
                }
                in_args = line.starts_with("オプション") || line.starts_with("引数");
                continue;
            }
            let t = line.trim_start();
            let indent = line.len() - t.len();
            let starts_entry = in_args
                && indent <= 6
                && (t.starts_with('-') || t.starts_with('<') || t.starts_with('['));
            if starts_entry && !entry.is_empty() {
                entries.push(std::mem::take(&mut entry));
            }
            if in_args {
                entry.push_str(line);
                entry.push('\n');
            }
        }
        if !entry.is_empty() {
            entries.push(entry);
        }
        for e in entries {
            // clap's English list of described values is hidden in Japanese.
            if !japanese(&e) || e.contains("Possible values") {
                problems.push(format!("{path:?}: {}", e.trim()));
            }
        }
        for sub in subcommands(&help) {
            let mut p = path.clone();
            p.push(sub);
            queue.push(p);
        }
    }
    assert!(seen > 30, "only {seen} help texts visited");
    assert!(
        problems.is_empty(),
        "not in Japanese:\n{}",
        problems.join("\n")
    );
}
