#![no_main]
//! cargo-fuzz binary of the target `ingest_pdf`; its body is
//! `domei_fuzz_targets::ingest_pdf` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/ingest_pdf/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::ingest_pdf(data));
