#![no_main]
//! cargo-fuzz binary of the target `ingest_html`; its body is
//! `domei_fuzz_targets::ingest_html` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/ingest_html/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::ingest_html(data));
