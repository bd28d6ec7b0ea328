//! The bodies of domei's fuzz targets, one function per target of `fuzz/`
//! (the cargo-fuzz binaries there are one line each: they call these), and
//! [`mutate`], a small seeded mutator that lets the test suite run every
//! target on stable Rust without libFuzzer (`tests/replay.rs`): each
//! target's corpus in `fuzz/corpus/<target>/` is replayed, then mutated
//! from a fixed seed for a fixed number of inputs.
//!
//! A target accepts any bytes. Errors are fine (they are the parsers'
//! answers to bad input); a panic is a defect. Like
//! `domei_corpus::fuzzing`, the targets assert invariants and so panic on
//! purpose when one is broken. Nothing in the product calls this crate.

#![warn(missing_docs)]

pub mod mutate;

use domei_scenario::{validate, Requirements};
use std::path::Path;
use std::sync::LazyLock;

/// A fuzz target's body: one arbitrary input, no panic.
pub type Body = fn(&[u8]);

/// Every target: its name (the binary in `fuzz/` and the corpus folder
/// `fuzz/corpus/<name>/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("ingest_text", ingest_text),
    ("ingest_markdown", ingest_markdown),
    ("ingest_html", ingest_html),
    ("ingest_pdf", ingest_pdf),
    ("quantities", quantities),
    ("scenario_toml", scenario_toml),
    ("scenario_csv", scenario_csv),
    ("scenario_ktab", scenario_ktab),
    ("scenario_deu3", scenario_deu3),
    ("scenario_decide", scenario_decide),
    ("scenario_ktab_xml", scenario_ktab_xml),
    ("value_edit", value_edit),
    ("parts_events", parts_events),
    ("parts_plan", parts_plan),
    ("parts_frame", parts_frame),
    ("evidence_migrate", evidence_migrate),
];

/// The body of the target `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

fn ingest(format: domei_corpus::ingest::Format, file: &str, data: &[u8]) {
    if let Ok(e) = domei_corpus::ingest::extract_as(format, Path::new(file), data) {
        domei_corpus::fuzzing::check_extracted(&e);
    }
}

/// Plain-text ingestion, passage splitting and the search tokenizer: errors
/// are fine, panics and bad spans are not.
pub fn ingest_text(data: &[u8]) {
    ingest(domei_corpus::ingest::Format::Text, "fuzz.txt", data);
}

/// Markdown ingestion.
pub fn ingest_markdown(data: &[u8]) {
    ingest(domei_corpus::ingest::Format::Markdown, "fuzz.md", data);
}

/// HTML ingestion (decoding, tokenizer, block rules).
pub fn ingest_html(data: &[u8]) {
    ingest(domei_corpus::ingest::Format::Html, "fuzz.html", data);
}

/// PDF ingestion. Panics inside the PDF libraries are caught and reported
/// as input errors by domei-corpus; this fails only on a panic that
/// escapes, or on bad passage spans.
pub fn ingest_pdf(data: &[u8]) {
    ingest(domei_corpus::ingest::Format::Pdf, "fuzz.pdf", data);
}

/// The numeric-claim extractor.
pub fn quantities(data: &[u8]) {
    domei_corpus::fuzzing::check_claims(&String::from_utf8_lossy(data));
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

const STATUS_QUO: Requirements = Requirements {
    status_quo: true,
    status_quo_for: None,
    draft: false,
};

/// The scenario.toml reader and the validator: located errors, never a
/// panic.
pub fn scenario_toml(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(draft) = domei_scenario::format::toml::read(Path::new("f.toml"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The simple CSV reader and the validator.
pub fn scenario_csv(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(draft) = domei_scenario::format::csv::read_simple(Path::new("f.csv"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The KTAB CSV reader and the validator.
pub fn scenario_ktab(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok((draft, _)) = domei_scenario::format::csv::read_ktab(Path::new("f.csv"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The DEU III table reader and the validator.
pub fn scenario_deu3(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(draft) = domei_scenario::format::deu3::read(Path::new("f.tsv"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The Decide input-file reader and the validator.
pub fn scenario_decide(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(draft) = domei_scenario::format::decide::read(Path::new("f.txt"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The KTAB scenario XML reader and the validator.
pub fn scenario_ktab_xml(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok((draft, _)) = domei_scenario::format::ktab_xml::read(Path::new("f.xml"), t) {
        let _ = validate(&draft, STATUS_QUO);
    }
}

/// The workbench's in-place TOML edit of one value. First line: the value
/// path; the rest: the scenario text. Never a panic, and an edit that
/// succeeds yields TOML that parses again.
pub fn value_edit(data: &[u8]) {
    // The one import to change when the TOML editing moves crates.
    use domei_scenario::edit::{apply, EvidenceIn, Target, ValueEdit};
    let Some(s) = text(data) else { return };
    let (path, scenario) = s.split_once('\n').unwrap_or((s, ""));
    let Ok(t) = Target::parse(path) else { return };
    // The edit's fields vary with the input's length, so that mutations
    // reach ranges, judgements and evidence removal too.
    let n = scenario.len();
    let edit = ValueEdit {
        value: Some(n as f64 / 7.0),
        low: (n % 3 == 0).then_some(0.0),
        high: (n % 3 == 0).then_some(n as f64),
        judgement: Some(path.chars().rev().collect()),
        add_evidence: vec![EvidenceIn {
            passage: "d#p1".into(),
            quote: Some(scenario.chars().take(20).collect()),
        }],
        remove_evidence: if n % 2 == 0 { vec![0] } else { vec![] },
        ..ValueEdit::default()
    };
    if let Ok(out) = apply(scenario, &t, &edit) {
        assert!(
            out.parse::<toml_edit::DocumentMut>().is_ok(),
            "an edit produced invalid TOML"
        );
    }
}

/// The bundled scenario, which the scenario parts are read against.
static BUNDLED: LazyLock<domei_scenario::Scenario> = LazyLock::new(|| {
    let text = include_str!("../../../scenarios/japan-us-2025/scenario.toml");
    // The bundled scenario is valid: its own tests and `domei check` say so.
    domei_scenario::from_toml_str(Path::new("scenario.toml"), text, Requirements::default())
        .expect("the bundled scenario is valid")
});

/// The events.toml reader against the bundled scenario.
pub fn parts_events(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let _ = domei_events::read(Path::new("events.toml"), t, &BUNDLED);
}

/// The plan.toml reader against the bundled scenario.
pub fn parts_plan(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let _ = domei_plan::read(Path::new("plan.toml"), t, &BUNDLED);
}

/// The framing.toml reader against the bundled scenario.
pub fn parts_frame(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let _ = domei_frame::read(Path::new("framing.toml"), t, Some(&BUNDLED));
}

/// `domei evidence migrate`: a parse error is fine, a panic is not; a
/// migrated text parses again and a second migration changes nothing; the
/// evidence rules run on whatever loads.
pub fn evidence_migrate(data: &[u8]) {
    use domei_scenario::format::migrate::migrate;
    let Some(t) = text(data) else { return };
    if let Ok((out, m)) = migrate(t) {
        let (again, m2) = migrate(&out).expect("a migrated text parses");
        assert_eq!(again, out, "a second migration changed the text");
        assert_eq!(m2.references, 0, "{m:?}");
        if let Ok(s) =
            domei_scenario::from_toml_str(Path::new("f.toml"), &out, Requirements::default())
        {
            let mut g = domei_scenario::Grounding::new(true);
            g.scenario(&s);
            let _ = g.finish();
        }
    }
}
