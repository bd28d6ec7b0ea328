#![no_main]
//! cargo-fuzz binary of the target `parts_events`; its body is
//! `domei_fuzz_targets::parts_events` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/parts_events/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::parts_events(data));
