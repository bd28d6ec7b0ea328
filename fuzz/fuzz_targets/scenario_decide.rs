#![no_main]
//! cargo-fuzz binary of the target `scenario_decide`; its body is
//! `domei_fuzz_targets::scenario_decide` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/scenario_decide/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::scenario_decide(data));
