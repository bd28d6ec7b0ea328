#![no_main]
//! The plan.toml reader on arbitrary text, against the bundled scenario:
//! a located error or a value, never a panic.
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static SCENARIO: LazyLock<domei_scenario::Scenario> = LazyLock::new(|| {
    let text = include_str!("../../scenarios/japan-us-2025/scenario.toml");
    domei_scenario::from_toml_str(Path::new("scenario.toml"), text, Default::default())
        .expect("the bundled scenario is valid")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = domei_plan::read(Path::new("plan.toml"), text, &SCENARIO);
});
