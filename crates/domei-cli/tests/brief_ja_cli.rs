//! `domei brief` end to end on the real binary, in Japanese: a PDF of a
//! scenario with Japanese names, and the Japanese briefing of the bundled
//! scenario (`--lang ja`), rendered with poppler (`pdftoppm` pages, and
//! `pdftotext` finding the Japanese headings and issue names). Poppler is
//! installed by `scripts/test`; without it these tests fail under CI and are
//! skipped (with a message) elsewhere. Set DOMEI_BRIEF_SHOTS=DIR to keep the
//! rendered pages there. The English briefing's tests are in brief_cli.rs.

mod brief_common;
mod common;
use brief_common::*;
use common::*;
use std::process::Command;
const JAPANESE: &str = r#"
[scenario]
id = "ja"
name = "日米交渉 2025"
question = "防衛費はどこまで増えるか？"

[[actors]]
id = "jp"
name = "日本政府"
capability = 55

[[actors]]
id = "us"
name = "米国政府（トランプ政権）"
capability = 100

[[issues]]
id = "defense"
name = "防衛費"
unit = "GDP比 %"
scale = { min = 1.0, max = 3.5 }
anchors = [{ value = 2.0, label = "2027年度までに2%" }]
status_quo = { value = 1.8, judgement = "2024年度の水準。" }

[[stances]]
actor = "jp"
issue = "defense"
position = { value = 2.0, judgement = "政府の計画どおり。" }
salience = 0.8

[[stances]]
actor = "us"
issue = "defense"
position = 3.0
salience = 0.7
"#;

#[test]
fn pdf_with_japanese_names_renders_them() {
    if !poppler() {
        return;
    }
    let dir = TempDir::new("brief-ja");
    let scenario = dir.write("ja/scenario.toml", JAPANESE);
    let out = dir.path().join("ja.pdf");
    ok(&brief(
        &dir,
        &[
            scenario.to_str().unwrap(),
            "--full",
            "-o",
            out.to_str().unwrap(),
            "--draws",
            "100",
            "--actor",
            "jp",
        ],
    ));
    let text = pdftotext(&out);
    for needle in [
        "日米交渉 2025",
        "日本政府",
        "米国政府（トランプ政権）",
        "防衛費",
        "2027年度までに2%",
        "政府の計画どおり。",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not in the PDF text:\n{text}"
        );
    }
    let dark = render(&out, dir.path(), "japanese");
    assert!(!dark.is_empty());
    for (k, d) in dark.iter().enumerate() {
        assert!(*d > 0.002, "page {} is blank ({d})", k + 1);
    }
}

/// `domei brief --lang ja -o b.pdf` (issue 15): a Japanese briefing. The
/// pages render (pdftoppm) with text on them; pdftotext finds the Japanese
/// headings, issue names (the bundled scenario's Japanese forms), a yen
/// amount in 兆円/億円 and the date as YYYY年M月D日; no text is marked
/// untranslated; and no wrapped line starts with a character Japanese
/// typography keeps off the start of a line (、。」）etc.).
#[test]
fn japanese_pdf_briefing() {
    if !poppler() {
        return;
    }
    let dir = TempDir::new("brief-ja");
    let pdf = dir.0.join("b.pdf");
    let o = run(&[
        "brief",
        "--full",
        "--lang",
        "ja",
        "-o",
        pdf.to_str().unwrap(),
        "--draws",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dark = render(&pdf, &dir.0, "ja");
    assert!(dark.len() > 5, "{} pages", dark.len());
    assert!(
        dark.iter().take(4).all(|&d| d > 0.005),
        "blank page: {dark:?}"
    );
    let text = pdftotext(&pdf);
    for s in [
        "結論",
        "概要",
        "予測の一覧",
        "アクター",
        "根拠の強さ",
        "出典",
        "分析者の判断",
        "総合予測（80%区間）",
        "在日米軍駐留経費負担",
        "日米地位協定の改定",
        "台湾有事における日本の役割",
        "防衛費の対GDP比",
        "億円",
        "兆",
        "ページ",
    ] {
        assert!(text.contains(s), "{s} missing from the PDF text");
    }
    assert!(
        !text.contains("〔未訳〕"),
        "untranslated text in the briefing"
    );
    assert!(!text.contains("Bottom line") && !text.contains("Citations"));
    // The date, in Japanese conventions.
    let has_date = text.split(' ').any(|w| {
        let w = w.trim_end_matches(|c: char| !c.is_numeric() && c != '日');
        w.ends_with('日')
            && w.contains('年')
            && w.contains('月')
            && w.chars().next().is_some_and(|c| c.is_ascii_digit())
    });
    assert!(has_date, "no YYYY年M月D日 date");
    // Evidence quotes stay in their source's language (the seeds are
    // English).
    assert!(text.contains("800 billion yen"), "a quote was translated");

    // Kinsoku: raw lines as laid out.
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let raw = String::from_utf8(o.stdout).unwrap();
    let mut bad = Vec::new();
    for line in raw.lines() {
        // -layout puts table columns side by side: check each cell.
        for cell in line.split("  ").map(str::trim).filter(|c| !c.is_empty()) {
            let first = cell.chars().next().unwrap();
            if "、。，．」』）】〕ぁぃぅぇぉっゃゅょァィゥェォッャュョ".contains(first)
            {
                bad.push(cell.to_string());
            }
        }
    }
    assert!(
        bad.is_empty(),
        "lines starting with a line-start-prohibited character: {bad:?}"
    );
}
