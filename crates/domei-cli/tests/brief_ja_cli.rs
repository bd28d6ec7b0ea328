//! `domei brief` end to end on the real binary, in Japanese: a PDF of a
//! scenario with Japanese names, and the Japanese briefing of the bundled
//! scenario (`--lang ja`), rendered with poppler (`pdftoppm` pages, and
//! `pdftotext` finding the Japanese headings and issue names). Poppler is
//! installed by `scripts/test`; without it these tests fail under CI and are
//! skipped (with a message) elsewhere. Set DOMEI_BRIEF_SHOTS=DIR to keep the
//! rendered pages there. The English briefing's tests are in brief_cli.rs.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn brief(dir: &TempDir, args: &[&str]) -> Output {
    domei()
        .arg("brief")
        .args(args)
        .env("DOMEI_CORPUS", dir.path().join("no-corpus"))
        .output()
        .unwrap()
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

fn poppler() -> bool {
    let have = ["pdftoppm", "pdftotext"]
        .iter()
        .all(|t| Command::new(t).arg("-v").output().is_ok());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftoppm/pdftotext (poppler-utils) missing under CI: scripts/test installs them"
        );
        eprintln!("skipping the PDF rendering checks: install poppler-utils (pdftoppm, pdftotext)");
    }
    have
}

/// The PDF's text in reading order, runs of white space (line breaks
/// included) collapsed to one space, so wrapped phrases are found.
fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders every page to a grey-scale PGM and returns the share of dark
/// pixels on each; keeps PNGs in DOMEI_BRIEF_SHOTS when set.
fn render(pdf: &Path, dir: &Path, tag: &str) -> Vec<f64> {
    let prefix = dir.join(format!("{tag}-page"));
    let o = Command::new("pdftoppm")
        .args(["-r", "40", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(o.status.success(), "pdftoppm: {}", stderr(&o));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{tag}-page"))
        })
        .collect();
    pages.sort();
    if let Some(shots) = std::env::var_os("DOMEI_BRIEF_SHOTS") {
        std::fs::create_dir_all(&shots).unwrap();
        let o = Command::new("pdftoppm")
            .args(["-r", "80", "-png"])
            .arg(pdf)
            .arg(Path::new(&shots).join(tag))
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    pages
        .iter()
        .map(|p| dark_share(&std::fs::read(p).unwrap()))
        .collect()
}

/// Share of pixels darker than mid-grey in a binary PGM (P5, 8 bits).
fn dark_share(pgm: &[u8]) -> f64 {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[i + 1..i + 1 + w * h];
    pixels.iter().filter(|&&p| p < 128).count() as f64 / (w * h) as f64
}

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
