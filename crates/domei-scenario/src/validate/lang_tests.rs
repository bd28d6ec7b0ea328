//! The validator's diagnostics in both interface languages: every
//! diagnostic message of the catalogues (`i18n/{en,ja}/diag.ftl`) is
//! produced by some broken scenario below, renders in English exactly as
//! `message`/`help` say and in Japanese with every argument it was given.

use super::*;
use crate::diag::{Arg, Msg};
use crate::grounding::Grounding;
use domei_i18n::Lang;
use std::collections::BTreeSet;
use std::path::Path;

/// One actor `a`, one issue `x` on 0..10 (with `issue_extra` lines), one
/// stance.
fn one(cap: &str, issue_extra: &str, position: &str, salience: &str) -> String {
    format!(
        "[scenario]\nid = \"t\"\n[[actors]]\nid = \"a\"\ncapability = {cap}\n[[issues]]\nid = \"x\"\nscale = {{ min = 0, max = 10 }}\n{issue_extra}\n[[stances]]\nactor = \"a\"\nissue = \"x\"\nposition = {position}\nsalience = {salience}\n"
    )
}

const SAL: &str = "{ value = 0.5, judgement = \"j\" }";

fn pos_ref(r: &str) -> String {
    format!("{{ value = 5, evidence = [{{ passage = {r} }}] }}")
}

const MANY: &str = r#"[scenario]
id = "t"
[[actors]]
id = "a"
capability = 1
[[actors]]
id = "a"
capability = 1
[[actors]]
id = "b!"
[[issues]]
id = "x"
scale = { min = 0, max = 1 }
[[issues]]
id = "x"
scale = { min = 0, max = 1 }
[[issues]]
id = "e"
scale = { min = 1, max = 0 }
[[issues]]
id = "ns"
[[issues]]
id = "lonely"
scale = { min = 0, max = 1 }
[[issues]]
id = "y!"
scale = { min = 0, max = 1 }
[[stances]]
actor = "aa"
issue = "xx"
position = 0.5
salience = 0.5
[[stances]]
actor = "zzzzzzz"
issue = "qqqqqqq"
position = 0.5
salience = 0.5
[[stances]]
actor = "a"
issue = "x"
[[stances]]
actor = "a"
issue = "x"
position = 0.5
salience = 0.5
"#;

fn validated(text: &str, req: Requirements) -> Vec<Diagnostic> {
    match crate::format::toml::read(Path::new("s.toml"), text) {
        Err(d) => d.0,
        Ok(d) => validate(&d, req).err().map(|d| d.0).unwrap_or_default(),
    }
}

/// Every diagnostic the broken scenarios below produce: the validator's,
/// the TOML reader's, and the evidence rules' (strict and not).
fn all_diagnostics() -> Vec<Diagnostic> {
    let req = Requirements::default();
    let texts = [
        "[scenario]\nid = \"\"\n".to_string(),
        "[scenario]\nid = \"t!\"\nlanguages = [\"fr\"]\n[[actors]]\nid = \"a\"\ncapability = 1\n[[issues]]\nid = \"x\"\nscale = { min = 0, max = 1 }\n".to_string(),
        MANY.to_string(),
        String::new(),
        "[scenario]\nid = \"t\"\nnmae = \"T\"\n".to_string(),
        "[scenario\n".to_string(),
        one("{ value = -1, judgement = \"j\" }", "", "5", SAL),
        one("1e101", "", "5", SAL),
        one("{ value = nan }", "", "5", SAL),
        one("1", "anchors = [{ value = 11, label = \"beyond\" }]\noutcome = 12", "5", SAL),
        one("1", "status_quo = 11", "{ low = 1 }", SAL),
        one("1", "", "{ low = 5, high = 1 }", SAL),
        one("1", "", "{ value = 9, low = 1, high = 5 }", SAL),
        one("1", "", "{ judgement = \"j\" }", SAL),
        one("1", "", "12", "{ value = 2, judgement = \"j\" }"),
        one("1", "", "5", "{ value = 0, judgement = \"j\" }"),
        one("1", "", &pos_ref("\"D#p1\", support = \"says\""), SAL),
        one("1", "", &pos_ref("\"D#p1\", voice = \"author\""), SAL),
        one("1", "", &pos_ref("\"D#p1\", review = \"yes\""), SAL),
        one("1", "", &pos_ref("\"nohash\""), SAL),
        one("1", "", &pos_ref("\"D#p1\", support = \"context\", voice = \"observer\""), SAL),
    ];
    let mut out: Vec<Diagnostic> = texts.iter().flat_map(|t| validated(t, req)).collect();
    let plain = one("1", "", "5", SAL);
    for model in [Some("nash"), None] {
        let req = Requirements {
            status_quo: true,
            status_quo_for: model,
            draft: false,
        };
        out.extend(validated(&plain, req));
    }
    // The evidence rules, on a valid scenario.
    let position = "{ value = 5, judgement = \"j\", evidence = [{ passage = \"D#p1\", quote = \"short\", support = \"states\", voice = \"observer\", review = \"needed\" }, { passage = \"D#p2\" }, { passage = \"D#p3\", voice = \"actor\" }, { passage = \"D#p4\", support = \"states\" }] }";
    let salience = "{ value = 0.5, evidence = [{ passage = \"D#p5\", support = \"context\", voice = \"observer\" }] }";
    let s = crate::from_toml_str(Path::new("s.toml"), &one("1", "", position, salience), req)
        .expect("a valid scenario");
    for strict in [true, false] {
        let mut g = Grounding::new(strict);
        g.scenario(&s);
        let (errors, warnings) = g.finish();
        out.extend(errors.0);
        out.extend(warnings);
    }
    out
}

fn ids(m: &Msg, out: &mut BTreeSet<&'static str>) {
    out.insert(m.id);
    for (_, a) in &m.args {
        if let Arg::Msg(inner) = a {
            ids(inner, out);
        }
    }
}

/// `m` in `lang` shows every argument it was given, and no placeholder.
fn renders_with_arguments(m: &Msg, lang: Lang) -> String {
    let text = m.render(lang);
    assert!(
        !text.contains("{$") && !text.contains(m.id),
        "{lang} {}: {text}",
        m.id
    );
    for (name, a) in &m.args {
        let shown = a.render(lang);
        assert!(
            text.contains(&shown),
            "{lang} {}: ${name} = {shown:?} not in {text:?}",
            m.id
        );
    }
    text
}

fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || domei_i18n::is_cjk(c))
}

/// Every message of diag.ftl is produced by some diagnostic and renders in
/// both languages with its arguments; the English is `message` and `help`.
#[test]
fn every_diagnostic_message_renders_in_both_languages() {
    let all = all_diagnostics();
    let mut seen = BTreeSet::new();
    for d in &all {
        let m = d.msg.as_ref();
        // The TOML crate's own parse errors are plain strings; their help is ours.
        if let Some(m) = m {
            ids(m, &mut seen);
            assert_eq!(renders_with_arguments(m, Lang::En), d.message);
            let ja = renders_with_arguments(m, Lang::Ja);
            assert!(has_japanese(&ja), "{}: {ja}", m.id);
            assert_eq!(d.message_in(Lang::Ja), ja);
        }
        let h = d
            .help_msg
            .as_ref()
            .unwrap_or_else(|| panic!("no help message: {d}"));
        ids(h, &mut seen);
        assert_eq!(Some(renders_with_arguments(h, Lang::En)), d.help);
        let ja = renders_with_arguments(h, Lang::Ja);
        assert!(has_japanese(&ja), "{}: {ja}", h.id);
    }
    // The words of the layout are not messages of a diagnostic.
    seen.extend(["diag-error", "diag-warning", "diag-help", "diag-count"]);
    let (_, en, _) = domei_i18n::CATALOGUES
        .iter()
        .find(|(f, _, _)| *f == "diag.ftl")
        .expect("diag.ftl is a catalogue");
    let catalogue: BTreeSet<String> = domei_i18n::message_ids(en).unwrap().into_iter().collect();
    let seen: BTreeSet<String> = seen.into_iter().map(str::to_string).collect();
    let unused: Vec<_> = catalogue.difference(&seen).collect();
    assert!(unused.is_empty(), "no broken scenario produces {unused:?}");
    let unknown: Vec<_> = seen.difference(&catalogue).collect();
    assert!(unknown.is_empty(), "not in diag.ftl: {unknown:?}");
}

/// The located layout in Japanese: file, line and column as in English, the
/// words error/help/count in Japanese; English unchanged.
#[test]
fn located_diagnostics_in_japanese() {
    let d = crate::from_toml_str(
        Path::new("s.toml"),
        &one("{ value = -1, judgement = \"j\" }", "", "12", SAL),
        Requirements::default(),
    )
    .unwrap_err();
    let en = d.to_string_in(Lang::En);
    assert_eq!(en, d.to_string());
    assert!(en.contains("s.toml:5:14: error: actor a: capability must be > 0, got -1\n  help: capabilities are relative weights; use a positive number"), "{en}");
    assert!(en.ends_with("\n2 errors"), "{en}");
    let ja = d.to_string_in(Lang::Ja);
    assert!(ja.contains("s.toml:5:14: エラー: アクター a の能力（capability）は 0 より大きくなければなりませんが、-1 です\n  ヒント: 能力は相対的な重みです。正の数を使ってください"), "{ja}");
    assert!(ja.contains("s.toml:13:12: エラー: a.x.position（立場）: 12 が争点 \"x\" の尺度 0..10 の外にあります"), "{ja}");
    assert!(ja.ends_with("\nエラー 2 件"), "{ja}");
    // A plain-string diagnostic is the same text in both languages.
    let p = Diagnostic::new(Path::new("f.csv"), Loc::new(2, 3), "bad row").help("fix it");
    assert_eq!(
        p.to_string_in(Lang::Ja),
        "f.csv:2:3: エラー: bad row\n  ヒント: fix it"
    );
    assert_eq!(
        p.to_string_in(Lang::Ja)
            .replace("エラー", "error")
            .replace("ヒント", "help"),
        p.to_string()
    );
    let w = p.warning();
    assert!(w.to_string_in(Lang::Ja).contains(": 警告: bad row"));
}
