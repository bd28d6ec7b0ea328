//! Helpers of the briefing's end-to-end tests (brief_cli.rs and
//! brief_ja_cli.rs): running `domei brief`, and reading its PDF with
//! poppler (`pdftotext`, pages rendered with `pdftoppm`).

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `domei brief` without any evidence corpus (the seeds' built-in
/// records are used), so results do not depend on the machine.
pub fn brief(dir: &TempDir, args: &[&str]) -> Output {
    domei()
        .arg("brief")
        .args(args)
        .env("DOMEI_CORPUS", dir.path().join("no-corpus"))
        .output()
        .unwrap()
}

pub fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// Whether poppler's tools are here. Under CI their absence is a failure.
pub fn poppler() -> bool {
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
pub fn pdftotext(pdf: &Path) -> String {
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
pub fn render(pdf: &Path, dir: &Path, tag: &str) -> Vec<f64> {
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
pub fn dark_share(pgm: &[u8]) -> f64 {
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
