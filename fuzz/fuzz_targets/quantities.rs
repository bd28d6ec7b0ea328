#![no_main]
//! cargo-fuzz binary of the target `quantities`; its body is
//! `domei_fuzz_targets::quantities` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/quantities/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::quantities(data));
