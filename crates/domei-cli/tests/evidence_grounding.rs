//! End-to-end tests of issue 12's evidence commands with the real binary:
//! `evidence check` over the scenario and every part file, the support and
//! voice rules, `evidence audit`, `evidence migrate`, and the sensitivity
//! report's share of variance resting on judgement.

mod common;

use common::repo;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED4: &str = "004_b3e4016961f00b53";
const PARTS: [&str; 4] = ["scenario.toml", "events.toml", "plan.toml", "framing.toml"];

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A copy of the bundled scenario folder (its four TOML files) as `name`.
    fn bundled_copy(&self, name: &str) -> PathBuf {
        let d = self.path(name);
        std::fs::create_dir_all(&d).unwrap();
        for f in PARTS {
            std::fs::copy(repo().join("scenarios/japan-us-2025").join(f), d.join(f)).unwrap();
        }
        d
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `domei ARGS... --corpus DIR`.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_domei"))
            .current_dir(repo())
            .env_remove("DOMEI_CORPUS")
            .args(args)
            .arg("--corpus")
            .arg(self.path("corpus"))
            .output()
            .unwrap()
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out(o), err(o)))
}

/// Alters one letter inside the first quote of `file`; returns the line
/// (1-based) of the altered quote.
fn alter_first_quote(file: &Path) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let start = ["quote = \"", "quote = '"]
        .iter()
        .filter_map(|k| text.find(k).map(|i| i + k.len()))
        .min()
        .unwrap_or_else(|| panic!("no quote in {}", file.display()));
    // The first ASCII letter at least 5 characters into the quote.
    let (at, c) = text[start..]
        .char_indices()
        .skip(5)
        .map(|(i, c)| (start + i, c))
        .find(|(_, c)| c.is_ascii_alphabetic())
        .unwrap();
    let new = if c == 'x' { 'y' } else { 'x' };
    let mut altered = text.clone();
    altered.replace_range(at..at + 1, &new.to_string());
    std::fs::write(file, altered).unwrap();
    text[..at].matches('\n').count() + 1
}

#[test]
fn an_altered_quote_in_any_of_the_four_bundled_files_fails_the_check() {
    let e = Env::new();
    // The unaltered copy passes, and every file's references are counted.
    let good = e.bundled_copy("good");
    let o = e.run(&[
        "evidence",
        "check",
        good.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}\n{}", out(&o), err(&o));
    let v = json(&o);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4, "{files:?}");
    for (f, name) in files.iter().zip(PARTS) {
        assert!(f["file"].as_str().unwrap().ends_with(name), "{f}");
        assert!(f["references"].as_u64().unwrap() > 0, "{f}");
        assert_eq!(f["verified"], f["references"], "{f}");
    }
    let total: u64 = files
        .iter()
        .map(|f| f["references"].as_u64().unwrap())
        .sum();
    assert_eq!(v["summary"]["references"].as_u64(), Some(total));

    for name in PARTS {
        let dir = e.bundled_copy(&format!("bad-{name}"));
        let file = dir.join(name);
        let line = alter_first_quote(&file);
        let o = e.run(&["evidence", "check", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 1, "{name}: {}\n{}", out(&o), err(&o));
        let m = err(&o);
        let want = format!("{}:{line}:", file.display());
        assert!(
            m.lines()
                .any(|l| l.starts_with(&want) && l.contains("error: quote not found")),
            "{name}: expected {want}… in\n{m}"
        );
        assert!(m.contains("1 quote(s) not found"), "{m}");
    }
}

fn one_stance(position: &str) -> String {
    format!(
        r#"[scenario]
id = "t"
name = "T"

[[actors]]
id = "us"
capability = {{ value = 100, judgement = "Largest actor." }}

[[issues]]
id = "defense"
unit = "% of GDP"
scale = {{ min = 1.0, max = 3.5 }}

[[stances]]
actor = "us"
issue = "defense"
salience = {{ value = 0.7, judgement = "Raised by officials." }}
position = {position}
"#
    )
}

#[test]
fn support_and_voice_rules_with_locations() {
    let e = Env::new();
    // A rated, verified, long quote: clean under --strict.
    let full = "increases its defense spending to 3% of GDP (requiring 18 trillion yen annually)";
    let p = e.write(
        "ok/scenario.toml",
        &one_stance(&format!("{{ value = 3.0, evidence = [{{ passage = \"{SEED4}#p52\", quote = \"{full}\", support = \"states\", voice = \"observer\" }}] }}")),
    );
    let o = e.run(&["evidence", "check", "--strict", p.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}\n{}", out(&o), err(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_domei"))
        .args(["check", "--strict", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", err(&o));

    // An unknown support value: exit 2 at the key.
    let p = e.write(
        "bad/scenario.toml",
        &one_stance(&format!(
            "{{ value = 3.0, evidence = [{{ passage = \"{SEED4}#p52\", support = \"says\" }}] }}"
        )),
    );
    let o = e.run(&["evidence", "check", p.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(
        err(&o).contains(&format!("{}:18:", p.display()))
            && err(&o).contains("support \"says\" is not one of states, implies, context, unrated"),
        "{}",
        err(&o)
    );

    // A recommendation-only position without judgement: exit 2.
    let p = e.write(
        "rec/scenario.toml",
        &one_stance(&format!("{{ value = 3.0, evidence = [{{ passage = \"{SEED4}#p52\", quote = \"{full}\", support = \"states\", voice = \"recommendation\" }}] }}")),
    );
    let o = e.run(&["evidence", "check", p.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(
        err(&o).contains(&format!("{}:18:12: error: us.defense.position: its evidence is only context or an author's recommendation", p.display())),
        "{}",
        err(&o)
    );

    // Context only (with judgement): loads; a warning, --strict fails.
    let p = e.write(
        "ctx/scenario.toml",
        &one_stance(&format!("{{ value = 3.0, judgement = \"my reading\", evidence = [{{ passage = \"{SEED4}#p52\", quote = \"{full}\", support = \"context\", voice = \"observer\" }}] }}")),
    );
    let o = e.run(&["evidence", "check", p.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("warning: us.defense.position: its only support is `context`"),
        "{}",
        err(&o)
    );
    let o = e.run(&["evidence", "check", "--strict", p.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(
        err(&o).contains(&format!(
            "{}:18:12: error: us.defense.position: its only support is `context`",
            p.display()
        )),
        "{}",
        err(&o)
    );

    // A short quote: a warning with the sentence that contains it.
    let p = e.write(
        "short/scenario.toml",
        &one_stance(&format!("{{ value = 3.0, evidence = [{{ passage = \"{SEED4}#p52\", quote = \"to 3% of GDP\", support = \"states\", voice = \"observer\" }}] }}")),
    );
    let o = e.run(&["evidence", "check", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let r = &json(&o)["references"][0];
    assert_eq!(r["short_quote"], true, "{r}");
    let sugg = r["suggested_quote"].as_str().unwrap();
    assert!(sugg.contains(full) && sugg.len() > full.len(), "{sugg}");
    let o = e.run(&["evidence", "check", p.to_str().unwrap()]);
    assert!(
        err(&o).contains("warning: us.defense.position: the quote \"to 3% of GDP\" is shorter than a meaningful clause")
            && err(&o).contains("suggested quote: \""),
        "{}",
        err(&o)
    );

    // Unrated: a warning; --strict names each reference.
    let p = e.write(
        "old/scenario.toml",
        &one_stance(&format!(
            "{{ value = 3.0, evidence = [{{ passage = \"{SEED4}#p52\", quote = \"{full}\" }}] }}"
        )),
    );
    let o = e.run(&["evidence", "check", p.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("1 evidence reference(s) have no support and/or voice"),
        "{}",
        err(&o)
    );
    let o = e.run(&["evidence", "check", "--strict", p.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(
        err(&o).contains(&format!("{}:18:39: error: us.defense.position: {SEED4}#p52 has no support and voice (read as unrated)", p.display())),
        "{}",
        err(&o)
    );
}

#[test]
fn part_files_follow_the_same_rules() {
    let e = Env::new();
    let dir = e.bundled_copy("s");
    let plan = dir.join("plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    // The bundled files are rated (issue 12's re-audit): change the first
    // rating to an unknown class.
    let at = text.find("support = \"").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let end = at + "support = \"".len() + text[at + "support = \"".len()..].find('"').unwrap() + 1;
    let mut bad = text.clone();
    bad.replace_range(at..end, "support = \"strong\"");
    std::fs::write(&plan, bad).unwrap();
    let o = e.run(&["evidence", "check", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(
        err(&o).contains(&format!("{}:{line}:", plan.display()))
            && err(&o).contains("support \"strong\" is not one of"),
        "{}",
        err(&o)
    );
    // An unknown .toml beside the scenario is reported, not silently skipped.
    let dir = e.bundled_copy("t");
    std::fs::write(dir.join("notes.toml"), "x = 1\n").unwrap();
    let o = e.run(&["evidence", "check", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("notes.toml: warning: not a known scenario part"),
        "{}",
        err(&o)
    );
}

#[test]
fn migrate_writes_explicit_unrated_keys_in_place_keeping_comments() {
    let e = Env::new();
    let dir = e.bundled_copy("m");
    let before: Vec<String> = PARTS
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    // A folder without --in-place is a usage error; nothing is written.
    let o = e.run(&["evidence", "migrate", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    // One file to stdout leaves the file alone.
    let o = e.run(&[
        "evidence",
        "migrate",
        dir.join("events.toml").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("events.toml")).unwrap(),
        before[1]
    );
    let printed = out(&o);
    let n_refs = |t: &str| t.matches("passage = ").count();
    let n_unrated = |t: &str| t.matches("support = \"unrated\"").count();
    let n_rated = |t: &str| t.matches("support = \"").count() - n_unrated(t);
    assert_eq!(
        n_unrated(&printed),
        n_refs(&before[1]) - n_rated(&before[1]),
        "{printed}"
    );

    let o = e.run(&["evidence", "migrate", "--in-place", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    for (f, old) in PARTS.iter().zip(&before) {
        let new = std::fs::read_to_string(dir.join(f)).unwrap();
        // Every reference now says its support and voice explicitly …
        assert_eq!(n_refs(&new) - n_rated(&new), n_unrated(&new), "{f}");
        assert_eq!(new.matches("support = ").count(), n_refs(&new), "{f}");
        assert_eq!(new.matches("voice = ").count(), n_refs(&new), "{f}");
        // … and every comment line survives.
        for l in old.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(new.contains(l), "{f}: lost {l:?}");
        }
    }
    // Idempotent, still valid, still verified; --strict lists what to rate.
    let o = e.run(&["evidence", "migrate", "--in-place", dir.to_str().unwrap()]);
    assert!(
        err(&o).contains("scenario.toml: 0 reference(s)"),
        "{}",
        err(&o)
    );
    let o = e.run(&["evidence", "check", dir.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let o = e.run(&[
        "evidence",
        "audit",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&o);
    let unrated = v["audit"]["by_support"]["unrated"].as_u64().unwrap();
    if unrated > 0 {
        let o = e.run(&["evidence", "check", "--strict", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 1, "{}", err(&o));
        assert!(err(&o).contains("(read as unrated)"), "{}", err(&o));
    }
}

#[test]
fn audit_lists_every_value_with_its_class_and_counts() {
    let e = Env::new();
    let o = e.run(&["evidence", "audit", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v = json(&o);
    let a = &v["audit"];
    let values = a["values"].as_array().unwrap();
    let classes = [
        "cited-states",
        "cited-implies",
        "cited-unrated",
        "judgement",
        "uncited",
    ];
    for x in values {
        assert!(classes.contains(&x["strength"].as_str().unwrap()), "{x}");
        for r in x["references"].as_array().unwrap() {
            assert!(r["support"].is_string() && r["voice"].is_string(), "{r}");
        }
    }
    let sum: u64 = classes
        .iter()
        .map(|c| a["by_class"][c].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, values.len());
    // Per actor: the capability and the stances of each actor.
    let per_actor: u64 = a["by_actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            classes
                .iter()
                .map(|c| g["counts"][c].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum();
    let status_quos = values.iter().filter(|x| x["kind"] == "status_quo").count();
    assert_eq!(per_actor as usize, values.len() - status_quos);
    assert_eq!(v["parts"].as_array().unwrap().len(), 3);

    let o = e.run(&["evidence", "audit"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let t = out(&o);
    assert!(
        t.contains("S cited-states, I cited-implies, U cited-unrated, J judgement, - uncited"),
        "{t}"
    );
    assert!(t.contains("resting on one short quote:"), "{t}");
    assert!(
        t.contains("actors whose evidence is from one document:"),
        "{t}"
    );
}

#[test]
fn sensitivity_states_the_share_of_variance_on_judgement() {
    let o = common::run(&["sensitivity", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v = json(&o);
    let mut seen = 0;
    for i in v["issues"].as_array().unwrap() {
        if let Some(j) = i["judgement_share"].as_f64() {
            assert!((0.0..=1.0).contains(&j), "{i}");
            let u = i["unrated_share"].as_f64().unwrap();
            assert!(j + u <= 1.0 + 1e-9, "{i}");
            seen += 1;
        }
        for b in i["bars"].as_array().unwrap() {
            assert!(b["strength"].is_string(), "{b}");
        }
    }
    assert!(seen > 0);
    let o = common::run(&["sensitivity"]);
    assert!(
        out(&o).contains("% of this forecast's variance rests on judgement"),
        "{}",
        out(&o)
    );
}
