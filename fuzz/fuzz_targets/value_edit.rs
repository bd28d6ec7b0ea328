#![no_main]
//! The workbench's in-place TOML edit of one value, on arbitrary scenario
//! text and value paths: never a panic, and an edit that succeeds yields
//! TOML that parses again.
use domei_scenario::edit::{apply, EvidenceIn, Target, ValueEdit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    // First line: the value path; the rest: the scenario text.
    let (path, text) = s.split_once('\n').unwrap_or((s, ""));
    let Ok(t) = Target::parse(path) else { return };
    let n = text.len() as f64;
    let edit = ValueEdit {
        value: Some(n / 7.0),
        low: (n as usize % 3 == 0).then_some(0.0),
        high: (n as usize % 3 == 0).then_some(n),
        judgement: Some(path.chars().rev().collect()),
        add_evidence: vec![EvidenceIn { passage: "d#p1".into(), quote: Some(text.chars().take(20).collect()) }],
        remove_evidence: if n as usize % 2 == 0 { vec![0] } else { vec![] },
        ..ValueEdit::default()
    };
    if let Ok(out) = apply(text, &t, &edit) {
        assert!(out.parse::<toml_edit::DocumentMut>().is_ok(), "an edit produced invalid TOML");
    }
});
