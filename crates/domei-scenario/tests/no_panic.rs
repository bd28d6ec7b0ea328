//! Fuzz-style property tests: no reader or the validator panics on any
//! input, and every error it returns is located in the file it was given.
//! (The cargo-fuzz targets in fuzz/ drive the same entry points with
//! coverage guidance; these run in the normal test suite.)

use domei_scenario::draft::Draft;
use domei_scenario::format::{csv, decide, deu3, ktab_xml, toml};
use domei_scenario::{validate, Diagnostics, Requirements};
use domei_testkit::seeded;
use proptest::prelude::*;
use std::path::Path;

fn check(r: Result<Draft, Diagnostics>) {
    match r {
        Ok(d) => {
            let _ = validate(
                &d,
                Requirements {
                    status_quo: true,
                    status_quo_for: None,
                    draft: false,
                },
            );
        }
        Err(e) => assert!(e.iter().all(|d| d.file == Path::new("f"))),
    }
}

fn all_readers(text: &str) {
    let p = Path::new("f");
    check(toml::read(p, text));
    check(csv::read_simple(p, text));
    check(csv::read_ktab(p, text).map(|(d, _)| d));
    check(deu3::read(p, text));
    check(decide::read(p, text));
    check(ktab_xml::read(p, text).map(|(d, _)| d));
}

const SEED_TOML: &str = "[scenario]\nid = \"t\"\n[[actors]]\nid = \"a\"\ncapability = 1\n[[issues]]\nid = \"x\"\nscale = { min = 0, max = 1 }\nstatus_quo = 0.5\n[[stances]]\nactor = \"a\"\nissue = \"x\"\nposition = { value = 0.5, low = 0, high = 1, evidence = [\"d#p1\"] }\nsalience = 0.5\n";
const SEED_KTAB: &str = "N,D,2,1,\nActor,Description,Power,P,S,\nA,a,1,50,50,\nB,b,2,40,30,\n";

/// The fixed seed of the property tests (`domei_testkit::seeded`).
const SEED: u64 = 0x5eed_d0e1;

proptest! {
    #![proptest_config(seeded(512, SEED))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        all_readers(&text);
    }

    #[test]
    fn table_like_text(text in "([a-z0-9 .,\"\\t-]{0,12}[\\n,\\t]){0,60}") {
        all_readers(&text);
    }

    /// Mutations of valid files: delete, duplicate or replace a byte range.
    #[test]
    fn mutated_valid_files(which in 0..2usize, at in 0usize..400, len in 0usize..20, ins in "[\\PC\\n]{0,8}") {
        let base = if which == 0 { SEED_TOML } else { SEED_KTAB };
        let mut s: String = base.to_string();
        let start = at.min(s.len());
        let end = (start + len).min(s.len());
        if s.is_char_boundary(start) && s.is_char_boundary(end) {
            s.replace_range(start..end, &ins);
        }
        all_readers(&s);
    }
}
