//! `domei brief` end to end on the real binary: the HTML briefing of the
//! bundled scenario (issues, forecasts, numbered citations with the seeds'
//! titles and quotes, inline SVG charts), the PDF briefing rendered with
//! poppler (`pdftoppm` pages that are not blank, `pdftotext` finding the
//! forecasts table and the citations), and a PDF of a scenario with
//! Japanese names. Poppler is installed by `scripts/test`; without it these
//! PDF tests fail under CI and are skipped (with a message) elsewhere.
//! Set DOMEI_BRIEF_SHOTS=DIR to keep the rendered pages there.

mod brief_common;
mod common;
use brief_common::*;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const REQUIRED_ISSUES: [&str; 8] = [
    "defense-spending",
    "host-nation-support",
    "us-tariff-japan",
    "japan-investment-pledge",
    "nippon-steel",
    "alaska-lng",
    "sofa-revision",
    "taiwan-contingency-role",
];

/// Fragments of the five seed papers' titles (corpus/seeds/README.md).
const SEED_TITLES: [&str; 5] = [
    "The Growing Importance of U.S.-Japan Cooperation on Non-Military Issues",
    "Japan-US Ties in the Trump 2.0 Era",
    "Viewed by a Former Practitioner of Diplomacy",
    "untitled commentary on the 7 February 2025 Ishiba–Trump summit",
    "How to Engage the Trump Administration",
];

/// Decimals that suit a scale (as domei-report prints forecasts).
fn fmt(x: f64, min: f64, max: f64) -> String {
    let r = max - min;
    let d = if r <= 10.0 {
        2
    } else if r <= 200.0 {
        1
    } else {
        0
    };
    format!("{x:.d$}")
}

#[test]
fn html_brief_of_the_bundled_scenario() {
    let dir = TempDir::new("brief-html");
    let out = dir.path().join("brief.html");
    let o = brief(
        &dir,
        &[
            "--full",
            "-o",
            out.to_str().unwrap(),
            "--draws",
            "200",
            "--actor",
            "japan-gov",
            "--whatif",
            "japan-gov.defense-spending.salience=1",
        ],
    );
    ok(&o);
    assert!(stdout(&o).contains("wrote"), "{}", stdout(&o));
    let h = std::fs::read_to_string(&out).unwrap();

    // Every required issue has its section.
    for id in REQUIRED_ISSUES {
        assert!(
            h.contains(&format!("id=\"issue-{id}\"")),
            "section for {id} missing"
        );
    }
    // Every model's forecast appears as `forecast` prints it.
    let fo = run(&["forecast", "--format", "json", "--no-store"]);
    ok(&fo);
    let v: Value = serde_json::from_str(&stdout(&fo)).unwrap();
    for issue in v["issues"].as_array().unwrap() {
        let (min, max) = (
            issue["scale"]["min"].as_f64().unwrap(),
            issue["scale"]["max"].as_f64().unwrap(),
        );
        for f in issue["forecasts"].as_array().unwrap() {
            if let Some(x) = f["value"].as_f64() {
                let cell = format!("<td class=\"num\">{}</td>", fmt(x, min, max));
                assert!(
                    h.contains(&cell),
                    "{} {}: {cell} missing",
                    issue["id"],
                    f["model"]
                );
            }
        }
    }
    assert!(h.contains("Forecasts at a glance") && h.contains("input-uncertainty band (p10–p90)"));
    // Numbered citations with the seeds' titles and quoted passages.
    let n = h.matches("<li id=\"cite-").count();
    assert!(n >= 100, "only {n} citations");
    for k in 1..=n {
        assert!(
            h.contains(&format!("href=\"#cite-{k}\"")),
            "citation {k} is never referenced"
        );
    }
    for t in SEED_TITLES {
        assert!(h.contains(t), "seed title {t:?} missing");
    }
    assert!(h.contains("<q>declared Japanese defense spending woefully insufficient and urged a rapid increase to three percent of GDP</q>"));
    // Locators link to their document's one entry in the references.
    assert!(h.contains(">003_2b65af7bab35098d#p4</a>"));
    assert!(h.contains("<li id=\"ref-003_2b65af7bab35098d\">"));
    assert!(
        h.contains("id=\"judgement-1\""),
        "analyst judgements listed"
    );
    // Charts inline, nothing external, nothing executable.
    assert!(
        h.matches("<svg ").count() >= 3 * REQUIRED_ISSUES.len(),
        "charts missing"
    );
    assert!(!h.contains("<script") && !h.contains("<link") && !h.contains(" src="));
    // Strategic options and the what-if.
    assert!(h.contains("Best responses of"));
    assert!(h.contains("What if japan-gov.defense-spending.salience=1"));
}

#[test]
fn html_brief_says_what_was_not_run() {
    let dir = TempDir::new("brief-bare");
    let out = dir.path().join("bare.html");
    ok(&brief(
        &dir,
        &[
            "-o",
            out.to_str().unwrap(),
            "--draws",
            "0",
            "--no-sensitivity",
            "--model",
            "compromise,median",
        ],
    ));
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(h.contains("Monte Carlo not run"));
    assert!(h.contains("Sensitivity not run"));
    assert!(h.contains("Strategic options not computed"));
    assert!(!h.contains("input-uncertainty band (p10–p90)"));
}

#[test]
fn bad_usage_writes_nothing() {
    let dir = TempDir::new("brief-bad");
    let out = dir.path().join("brief.docx");
    let o = brief(&dir, &["-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(".html or FILE.pdf"));
    let out = dir.path().join("brief.html");
    let o = brief(
        &dir,
        &[
            "-o",
            out.to_str().unwrap(),
            "--actor",
            "nobody",
            "--draws",
            "0",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "temporary files left behind"
    );
}

// --- PDF, checked with poppler ---------------------------------------------

#[test]
fn pdf_brief_of_the_bundled_scenario_renders() {
    if !poppler() {
        return;
    }
    let dir = TempDir::new("brief-pdf");
    let out = dir.path().join("brief.pdf");
    ok(&brief(
        &dir,
        &["--full", "-o", out.to_str().unwrap(), "--draws", "200"],
    ));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let dark = render(&out, dir.path(), "bundled");
    assert!(dark.len() >= 10, "only {} pages", dark.len());
    for (k, d) in dark.iter().enumerate() {
        assert!(*d > 0.002, "page {} is blank ({d})", k + 1);
    }
    let text = pdftotext(&out);
    for needle in [
        "Forecasts at a glance",
        "Nearest labelled",
        "Citations",
        "Analyst judgements",
        "Key drivers",
        "page 1 of",
    ] {
        assert!(text.contains(needle), "{needle:?} not in the PDF text");
    }
    assert!(
        text.contains("Japan's defense spending"),
        "issue names in the table"
    );
    assert!(
        text.contains("woefully insufficient and urged a rapid increase"),
        "quotes in the citations"
    );
    // The forecasts table: a row with the status quo and its citation marker.
    assert!(text.contains("2.00["), "forecasts table");
    assert!(
        text.contains("003_2b65af7bab35098d#p4"),
        "locators in the citations"
    );
    assert!(
        text.contains("How to Engage the Trump Administration"),
        "seed titles in the citations"
    );
    assert!(text.contains("[1]") && text.contains("[J1]"));
}

/// The default (short) briefing of the bundled scenario: two A4 pages
/// (bottom line with every issue's headline and main driver, where the
/// models disagree, the summary and the evidence strength), then the
/// evidence of the values those pages cite on pages of their own, none of
/// them mostly blank; no per-issue sections; every cited document's
/// reference once.
#[test]
fn the_default_briefing_is_short() {
    if !poppler() {
        return;
    }
    let dir = TempDir::new("brief-short");
    let out = dir.path().join("short.pdf");
    ok(&brief(
        &dir,
        &["-o", out.to_str().unwrap(), "--draws", "200"],
    ));
    let dark = render(&out, dir.path(), "short");
    // The two pages, then the lists (12 citations, their references and
    // one judgement take four more).
    assert!(dark.len() <= 8, "{} pages", dark.len());
    let page = |k: usize| {
        let o = Command::new("pdftotext")
            .args(["-f", &k.to_string(), "-l", &k.to_string(), "-layout"])
            .arg(&out)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (one, two, three) = (page(1), page(2), page(3));
    let body = format!("{one}{two}");
    for needle in [
        "Bottom line",
        "Headline forecast (80% range)",
        "Main driver",
        "Where the models disagree beyond the 80% range",
        "Summary",
        "Evidence strength",
        "All values",
        "--full",
    ] {
        assert!(body.contains(needle), "{needle} not on the first two pages");
    }
    // Every issue's headline on the first page.
    let bundled =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/japan-us-2025/scenario.toml");
    let s = domei_scenario::load(&bundled).unwrap();
    assert_eq!(s.issues.len(), 13);
    for i in &s.issues {
        let first = i
            .name
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(one.contains(&first), "{} not on page 1", i.name);
    }
    assert!(
        three.trim_start().starts_with("Citations"),
        "page 3 does not open the lists:\n{three}"
    );
    assert!(!format!("{one}{two}").contains("Citations"));
    // No page but the last is mostly blank (a page with a third of a table
    // and a note measures about 0.004; a page with two lines of text
    // about 0.001).
    for (k, d) in dark.iter().enumerate().take(dark.len() - 1) {
        assert!(*d > 0.003, "page {} is mostly blank ({d})", k + 1);
    }
    let text = pdftotext(&out);
    for needle in [
        "Bottom line",
        "Evidence strength",
        "Citations",
        "References",
        "--full",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
    assert!(
        !text.contains("Forecasts at a glance"),
        "per-model table in the short briefing"
    );
    // The seed papers' references once each, not once per passage.
    let ties = text.matches("Japan-US Ties in the Trump 2.0 Era").count();
    assert!(ties <= 1, "a reference printed {ties} times");
    let full = dir.path().join("full.pdf");
    ok(&brief(
        &dir,
        &["--full", "-o", full.to_str().unwrap(), "--draws", "0"],
    ));
    let long = pdftotext(&full);
    assert!(long.matches("Japan-US Ties in the Trump 2.0 Era").count() <= 1);
    assert!(
        long.len() > 3 * text.len(),
        "the full briefing is not much longer"
    );
}
