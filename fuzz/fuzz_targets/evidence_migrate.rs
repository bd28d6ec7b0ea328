#![no_main]
//! `domei evidence migrate` on arbitrary text: a parse error is fine, a panic
//! is not; a migrated text parses again and a second migration changes
//! nothing. The evidence rules run on whatever loads.
use domei_scenario::format::migrate::migrate;
use domei_scenario::{Grounding, Requirements};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok((out, m)) = migrate(text) {
        let (again, m2) = migrate(&out).expect("a migrated text parses");
        assert_eq!(again, out);
        assert_eq!(m2.references, 0, "{m:?}");
        if let Ok(s) = domei_scenario::from_toml_str(Path::new("f.toml"), &out, Requirements::default()) {
            let mut g = Grounding::new(true);
            g.scenario(&s);
            let _ = g.finish();
        }
    }
});
