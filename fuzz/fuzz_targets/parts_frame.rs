#![no_main]
//! cargo-fuzz binary of the target `parts_frame`; its body is
//! `domei_fuzz_targets::parts_frame` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/parts_frame/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::parts_frame(data));
