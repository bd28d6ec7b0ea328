//! The scenario validator's located diagnostics in the interface language
//! (issue 15): `--lang ja`, `DOMEI_LANG=ja` and the locale give
//! `FILE:LINE:COL: エラー: …` with a `ヒント:` line; English is unchanged.

mod common;
use common::*;

/// One actor with a typo in a stance and a position off its issue's scale.
const BROKEN: &str = r#"[scenario]
id = "t"
name = "T"

[[actors]]
id = "japan"
capability = { value = 1, judgement = "j" }

[[issues]]
id = "hns"
scale = { min = 0, max = 10 }

[[stances]]
actor = "japn"
issue = "hns"
position = { value = 5, judgement = "j" }
salience = { value = 0.5, judgement = "j" }

[[stances]]
actor = "japan"
issue = "hns"
position = { value = 12, judgement = "j" }
salience = { value = 0.5, judgement = "j" }
"#;

/// The 1-based line and column where `needle` starts in `text`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let i = text.find(needle).unwrap();
    let line = text[..i].lines().count() + usize::from(text[..i].ends_with('\n'));
    let col = i - text[..i].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line.max(1), col)
}

fn broken() -> (TempDir, String) {
    let dir = TempDir::new("langdiag");
    let path = dir.write("scenario.toml", BROKEN);
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn check_prints_located_diagnostics_in_japanese() {
    let (_dir, path) = broken();
    let (al, ac) = at(BROKEN, "\"japn\"");
    let (pl, pc) = at(BROKEN, "{ value = 12");
    let o = run(&["check", "--lang", "ja", &path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "scenario.toml:{al}:{ac}: エラー: 不明なアクター \"japn\"\n  ヒント: \"japan\" の誤りではありませんか。既知のアクター: japan"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "scenario.toml:{pl}:{pc}: エラー: japan.hns.position（立場）: 12 が争点 \"hns\" の尺度 0..10 の外にあります\n  ヒント: 0..10 の範囲内の数を使ってください"
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("エラー 2 件"), "{err}");
    assert!(!err.contains("error:") && !err.contains("help:"), "{err}");

    // DOMEI_LANG chooses it too, for every command that loads a scenario.
    let o = domei()
        .env("DOMEI_LANG", "ja")
        .args(["forecast", "--no-store", &path])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("エラー: 不明なアクター \"japn\""),
        "{}",
        stderr(&o)
    );

    // English: the same places, the English words.
    let o = run(&["check", "--lang", "en", &path]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "scenario.toml:{al}:{ac}: error: unknown actor \"japn\"\n  help: did you mean \"japan\"? Known actors: japan"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "scenario.toml:{pl}:{pc}: error: japan.hns.position: 12 lies outside issue \"hns\"'s scale 0..10\n  help: use a number within 0..10"
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("2 errors"), "{err}");
}

/// The evidence rules of `check --strict` and a TOML parse error: the
/// rule's words in Japanese; the toml crate's own message as it wrote it,
/// under a Japanese help.
#[test]
fn strict_rules_and_parse_errors_in_japanese() {
    let dir = TempDir::new("langdiag");
    let text = BROKEN
        .replace("\"japn\"", "\"japan\"")
        .replace("{ value = 12, judgement = \"j\" }", "4")
        .replace("[[stances]]\nactor = \"japan\"\nissue = \"hns\"\nposition = 4", "[[stances]]\nactor = \"japan\"\nissue = \"hns2\"\nposition = 4")
        .replace("scale = { min = 0, max = 10 }", "scale = { min = 0, max = 10 }\n\n[[issues]]\nid = \"hns2\"\nscale = { min = 0, max = 10 }");
    let path = dir.write("scenario.toml", &text);
    let o = run(&["check", "--strict", "--lang", "ja", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    let (l, c) = at(&text, "4\nsalience");
    assert!(
        err.contains(&format!(
            "scenario.toml:{l}:{c}: エラー: japan.hns2.position に証拠の参照がありません\n  ヒント: `evidence = [{{ passage = \"DOC#pN\", quote = \"...\" }}]` を追加するか"
        )),
        "{err}"
    );

    let bad = dir.write("bad.toml", "[scenario]\nid = \"t\"\nnmae = \"T\"\n");
    let o = run(&["check", "--lang", "ja", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml:3:1: エラー: unknown field `nmae`"),
        "{err}"
    );
    assert!(
        err.contains(
            "ヒント: 綴りを確認してください。使えるキーはすべて docs/scenario-format.md にあります"
        ),
        "{err}"
    );
}
