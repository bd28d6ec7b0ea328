//! End-to-end tests of the evidence corpus commands: `domei corpus`,
//! `domei evidence check`, `domei claims`. Each test runs the real binary
//! with its own temporary `--corpus` folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED4: &str = "004_b3e4016961f00b53";

/// The repository root (`DOMEI_REPO` overrides, for running these tests
/// from outside the workspace).
fn repo() -> PathBuf {
    if let Some(r) = std::env::var_os("DOMEI_REPO") {
        return PathBuf::from(r);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// `domei CMD --corpus DIR REST...`
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_domei"))
            .current_dir(repo())
            .env_remove("DOMEI_CORPUS")
            .arg(args[0])
            .arg("--corpus")
            .arg(self.corpus())
            .args(&args[1..])
            .output()
            .unwrap()
    }

    /// `args` with `--corpus` at the end (after the subcommand).
    fn run_after(&self, args: &[&str]) -> Output {
        let corpus = self.corpus();
        let mut v: Vec<&str> = args.to_vec();
        let c = corpus.to_str().unwrap();
        v.push("--corpus");
        v.push(c);
        Command::new(env!("CARGO_BIN_EXE_domei"))
            .current_dir(repo())
            .env_remove("DOMEI_CORPUS")
            .args(&v)
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

fn hits(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["passage"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn seeds_on_first_use_and_host_nation_support() {
    let e = Env::new();
    let o = e.run_after(&["corpus", "list", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v = json(&o);
    let ids: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "000_8c2cdf9cea876b0f",
            "001_983274cfa627c9ed",
            "002_7af13c97b0079a92",
            "003_2b65af7bab35098d",
            SEED4
        ]
    );

    let o = e.run(&[
        "corpus",
        "search",
        "host nation support",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let top3: Vec<String> = hits(&json(&o)).into_iter().take(3).collect();
    assert!(top3.contains(&format!("{SEED4}#p61")), "{top3:?}");

    let o = e.run(&["corpus", "search", "host", "nation", "support"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains("[host] [nation] [support]"), "{}", out(&o));

    let o = e.run(&["corpus", "show", &format!("{SEED4}#p61")]);
    assert_eq!(code(&o), 0);
    let s = out(&o);
    assert!(
        s.contains("800 billion yen")
            && s.contains("p60")
            && s.contains("p62")
            && s.contains("Yanagisawa"),
        "{s}"
    );
}

#[test]
fn japanese_document_found_by_two_character_query() {
    let e = Env::new();
    let f = e.write("nichibei.md", "# 日米関係\n\n日米同盟は地域の平和と安定の礎である。\n\n防衛費の増額について、政府は慎重な姿勢を示した。\n");
    let o = e.run(&["corpus", "add", f.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let o = e.run(&["corpus", "search", "防衛", "--format", "json"]);
    assert_eq!(
        hits(&json(&o)).first().map(String::as_str),
        Some("nichibei#p3")
    );
    let o = e.run(&[
        "corpus", "search", "同盟", "--doc", "nichibei", "--format", "json",
    ]);
    assert_eq!(hits(&json(&o)), vec!["nichibei#p2".to_string()]);
}

/// A minimal PDF with Helvetica text, one paragraph per text block.
fn tiny_pdf(paragraphs: &[&str]) -> Vec<u8> {
    domei_corpus_pdf::simple(paragraphs)
}

mod domei_corpus_pdf {
    /// Hand-written PDF: one page, each paragraph a line, paragraphs separated
    /// by a double line gap (so the text layer has blank lines between them).
    pub fn simple(paragraphs: &[&str]) -> Vec<u8> {
        let mut content = String::from("BT\n/F1 11 Tf\n14 TL\n72 760 Td\n");
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                content.push_str("T*\n");
            }
            let esc = p
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({esc}) Tj T*\n"));
        }
        content.push_str("ET\n");
        build(&content)
    }

    pub fn no_text() -> Vec<u8> {
        build("0.5 g\n100 100 300 400 re f\n")
    }

    fn build(content: &str) -> Vec<u8> {
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes(),
        );
        for off in offsets {
            pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objs.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }
}

#[test]
fn pdf_and_html_made_here_are_ingested_and_found() {
    let e = Env::new();
    let pdf = e.write(
        "burden.pdf",
        tiny_pdf(&[
            "Alliance burden sharing was the first topic.",
            "The quokka clause covers logistics and fuel supply.",
        ]),
    );
    let html = e.write(
        "briefing.html",
        "<!doctype html><html><head><title>Briefing</title><style>.x{}</style><script>var zebrafish = 1;</script></head>\
         <body><h1>Briefing</h1><p>The capybara memorandum concerns <b>port access</b>.</p><ul><li>Second point.</li></ul></body></html>",
    );
    let o = e.run(&[
        "corpus",
        "add",
        pdf.to_str().unwrap(),
        html.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v = json(&o);
    let formats: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["pdf", "html"]);

    let o = e.run(&["corpus", "search", "quokka", "--format", "json"]);
    assert_eq!(hits(&json(&o)), vec!["burden#p2".to_string()]);
    let o = e.run(&[
        "corpus",
        "search",
        "\"capybara memorandum\"",
        "--format",
        "json",
    ]);
    assert_eq!(hits(&json(&o)), vec!["briefing#p2".to_string()]);
    // Scripts are not text.
    let o = e.run(&["corpus", "search", "zebrafish", "--format", "json"]);
    assert!(hits(&json(&o)).is_empty());
    // Re-adding is a no-op.
    let o = e.run(&["corpus", "add", pdf.to_str().unwrap()]);
    assert!(out(&o).contains("unchanged"), "{}", out(&o));
}

#[test]
fn pdf_without_text_layer_is_reported() {
    let e = Env::new();
    let scan = e.write("scan.pdf", domei_corpus_pdf::no_text());
    let o = e.run(&["corpus", "add", scan.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let m = err(&o);
    assert!(m.contains("scan.pdf") && m.contains("no text layer"), "{m}");
}

#[test]
fn malformed_files_exit_2_naming_the_file() {
    let e = Env::new();
    let bad_pdf = e.write(
        "broken.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage",
    );
    let bad_txt = e.write("latin1.txt", b"caf\xe9 cr\xe8me\n");
    let good = e.write("good.txt", "Fine text.\n");
    let o = e.run(&[
        "corpus",
        "add",
        bad_pdf.to_str().unwrap(),
        bad_txt.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    let m = err(&o);
    assert!(
        m.contains("broken.pdf") && m.contains("latin1.txt") && m.contains("nothing was added"),
        "{m}"
    );
    let o = e.run(&["corpus", "list", "--format", "json"]);
    assert_eq!(json(&o)["documents"].as_array().unwrap().len(), 5);
    // Unknown passages exit 2 too.
    let o = e.run(&["corpus", "show", &format!("{SEED4}#p999")]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("no passage p999"), "{}", err(&o));
    // A malformed reference-figure table.
    let refs = e.write("refs.toml", "[[figure]]\nid = 3\n");
    let o = e.run(&["claims", "check", "--reference", refs.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("refs.toml"), "{}", err(&o));
}

fn scenario(quote_4: &str, passage_4: &str) -> String {
    format!(
        r#"[scenario]
id = "evidence-test"
name = "Evidence test"

[[actors]]
id = "us"
name = "United States"
capability = {{ value = 100, judgement = "Largest actor." }}

[[actors]]
id = "japan"
name = "Japan"
capability = 60

[[issues]]
id = "defense"
name = "Defense spending"
unit = "% of GDP"
scale = {{ min = 1.0, max = 3.5 }}

[issues.status_quo]
value = 1.8
evidence = [{{ passage = "001_983274cfa627c9ed#p9", quote = "increasing the defense budget from 1% to 2% of GDP by 2027" }}]

[[stances]]
actor = "us"
issue = "defense"

[stances.position]
value = 3.0
evidence = [
  {{ passage = "{passage_4}", quote = "{quote_4}" }},
]

[stances.salience]
value = 0.7
judgement = "Raised by officials."

[[stances]]
actor = "japan"
issue = "defense"
position = 2.0
salience = 0.6
"#
    )
}

#[test]
fn evidence_check_passes_and_fails_with_locations() {
    let e = Env::new();
    let good = e.write(
        "good/scenario.toml",
        scenario(
            "increases its defense spending to 3% of GDP (requiring 18 trillion yen annually)",
            &format!("{SEED4}#p52"),
        ),
    );
    let o = e.run(&[
        "evidence",
        "check",
        good.parent().unwrap().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}\n{}", out(&o), err(&o));
    assert!(out(&o).contains("2 verified"), "{}", out(&o));
    // japan's values are uncited: --strict fails.
    let o = e.run(&["evidence", "check", "--strict", good.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(
        err(&o).contains("japan.capability has no evidence reference"),
        "{}",
        err(&o)
    );

    // One quote altered: exit 1, names file, line and the closest passage.
    let bad = e.write(
        "bad/scenario.toml",
        scenario(
            "increases its defense spending to 4% of GDP (requiring 18 trillion yen annually)",
            &format!("{SEED4}#p52"),
        ),
    );
    let o = e.run(&["evidence", "check", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let m = err(&o);
    let line = scenario("", "")
        .lines()
        .position(|l| l.contains("{ passage = \"\""))
        .unwrap()
        + 1;
    assert!(m.contains(&format!("bad/scenario.toml:{line}:")), "{m}");
    assert!(
        m.contains("quote not found in 004_b3e4016961f00b53#p52"),
        "{m}"
    );
    assert!(
        m.contains(&format!("closest passage: {SEED4}#p52 (similarity 0.99)")),
        "{m}"
    );

    // Right quote, wrong paragraph: the closest passage is the right one.
    let off = e.write(
        "off/scenario.toml",
        scenario(
            "already exceeds 800 billion yen annually",
            &format!("{SEED4}#p60"),
        ),
    );
    let o = e.run(&["evidence", "check", off.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(
        err(&o).contains(&format!("closest passage: {SEED4}#p61 (similarity 1.00)")),
        "{}",
        err(&o)
    );

    // Missing document and missing passage.
    let missing = e.write(
        "missing/scenario.toml",
        scenario(
            "already exceeds 800 billion yen annually",
            "999_0000000000000000#p1",
        ),
    );
    let o = e.run(&[
        "evidence",
        "check",
        missing.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    let r = v["references"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "unresolved")
        .unwrap()
        .clone();
    assert_eq!(r["line"].as_u64(), Some(line as u64));
    assert!(r["problem"].as_str().unwrap().contains("not in the corpus"));
    assert_eq!(r["closest"]["passage"], format!("{SEED4}#p61"));
    let o = e.run(&["evidence", "check", missing.to_str().unwrap()]);
    assert!(
        err(&o).contains("missing/scenario.toml:") && err(&o).contains("does not resolve"),
        "{}",
        err(&o)
    );

    let nopara = e.write(
        "nopara/scenario.toml",
        scenario("x", &format!("{SEED4}#p400")),
    );
    let o = e.run(&["evidence", "check", nopara.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(err(&o).contains("has no passage p400"), "{}", err(&o));

    // An unloadable scenario exits 2.
    let broken = e.write("broken/scenario.toml", "[scenario\n");
    let o = e.run(&["evidence", "check", broken.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
}

#[test]
fn bundled_scenario_evidence_verifies() {
    let e = Env::new();
    let o = e.run(&["evidence", "check", "scenarios/japan-us-2025"]);
    assert_eq!(code(&o), 0, "{}\n{}", out(&o), err(&o));
}

#[test]
fn claims_json_has_the_four_figures_and_check_reports_implied_gdp() {
    let e = Env::new();
    let o = e.run(&["claims", "--doc", SEED4, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let v = json(&o);
    let claims = v["claims"].as_array().unwrap();
    let find = |text: &str| {
        claims.iter().find(|c| c["text"] == text).map(|c| {
            (
                c["locator"].as_str().unwrap().to_string(),
                c["normalized"].as_f64().unwrap(),
            )
        })
    };
    assert_eq!(find("3% of GDP"), Some(("p7".into(), 3.0)));
    assert_eq!(find("18 trillion yen"), Some(("p52".into(), 18e12)));
    assert_eq!(find("800 billion yen"), Some(("p61".into(), 8e11)));
    assert_eq!(find("10 trillion yen"), Some(("p69".into(), 1e13)));
    let c18 = claims
        .iter()
        .find(|c| c["text"] == "18 trillion yen")
        .unwrap();
    assert_eq!(
        (
            c18["unit"].as_str(),
            c18["scale"].as_str(),
            c18["per"].as_str()
        ),
        (Some("JPY"), Some("trillion"), Some("year"))
    );

    let o = e.run(&["claims", "check"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let s = out(&o);
    assert!(
        s.contains(&format!("{SEED4}#p52")) && s.contains("imply GDP ≈ 600 trillion yen"),
        "{s}"
    );
    let o = e.run(&["claims", "check", "--format", "json"]);
    let v = json(&o);
    let imp = v["report"]["implied"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["passage"] == format!("{SEED4}#p52"))
        .unwrap()
        .clone();
    assert_eq!(imp["quantity"], "GDP");
    assert_eq!(imp["value"].as_f64(), Some(600e12));
    assert_eq!(imp["reference"]["id"], "japan-nominal-gdp");
}
