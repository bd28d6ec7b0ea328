#![no_main]
//! cargo-fuzz binary of the target `value_edit`; its body is
//! `domei_fuzz_targets::value_edit` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/value_edit/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::value_edit(data));
