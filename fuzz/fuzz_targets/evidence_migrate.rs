#![no_main]
//! cargo-fuzz binary of the target `evidence_migrate`; its body is
//! `domei_fuzz_targets::evidence_migrate` (crates/domei-fuzz-targets), which the test
//! suite also runs on stable over fuzz/corpus/evidence_migrate/ and seeded mutations.
libfuzzer_sys::fuzz_target!(|data: &[u8]| domei_fuzz_targets::evidence_migrate(data));
