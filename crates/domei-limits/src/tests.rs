use super::*;

#[test]
fn counts_refuse_values_outside_their_range() {
    assert_eq!(FOLDS.check(10), Ok(10));
    let e = FOLDS.check(0).unwrap_err();
    assert!(e.to_string().contains("at least 2"), "{e}");
    assert_eq!(e.limit(), "folds");
    assert!(!e.too_large());
    let e = ACTORS.check_usize(58_000).unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("58000") && m.contains("10000") && m.contains("`actors`"),
        "{m}"
    );
    assert!(e.too_large());
    for l in ALL {
        assert!(l.min <= l.max, "{}", l.name);
    }
}

#[test]
fn sizes_parse_with_binary_units() {
    assert_eq!(parse_bytes("512M"), Ok(512 << 20));
    assert_eq!(parse_bytes("8G"), Ok(8 << 30));
    assert_eq!(parse_bytes("8 GiB"), Ok(8 << 30));
    assert_eq!(parse_bytes("1.5gb"), Ok(3 << 29));
    assert_eq!(parse_bytes("1000"), Ok(1000));
    for bad in ["", "0", "-1", "8X", "G", "1e30", "nan"] {
        assert!(parse_bytes(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_budget_is_half_the_machine_and_names_how_to_raise_it() {
    let text = "MemTotal:       24000000 kB\nMemFree: 1 kB\n";
    let total = meminfo_total(text);
    assert_eq!(total, Some(24_000_000 * 1024));
    let b = Budget::machine(total);
    assert_eq!(b.bytes, 12_000_000 * 1024);
    let e = b.check(30_000_000_000, "bdm on issue x").unwrap_err();
    let m = e.to_string();
    assert!(m.contains("bdm on issue x") && m.contains("30.0 GB"), "{m}");
    assert!(
        m.contains("DOMEI_MEMORY_BUDGET") && m.contains("--memory-budget"),
        "{m}"
    );
    assert_eq!(e.limit(), "memory");
    assert!(b.check(1, "tiny").is_ok());
    assert_eq!(Budget::machine(None).bytes, 2 << 30);
}

#[test]
fn the_work_budget_names_the_largest_run_and_how_to_raise_it() {
    assert_eq!(parse_ops("1e13"), Ok(10_000_000_000_000));
    assert_eq!(parse_ops("none"), Ok(u64::MAX));
    for bad in ["", "0", "-5", "lots", "nan"] {
        assert!(parse_ops(bad).is_err(), "{bad}");
    }
    let b = Budget::machine(None);
    assert!(b.check_work(DEFAULT_WORK, "x", "y").is_ok());
    let e = b
        .check_work(5_400_000_000_000, "forecast of s", "smp on issue x")
        .unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("5.4e12") && m.contains("smp on issue x") && m.contains("--work-budget"),
        "{m}"
    );
    assert!(
        m.contains("DOMEI_WORK_BUDGET") && m.contains("5 minutes"),
        "{m}"
    );
    assert_eq!(e.limit(), "work");
    assert!(e.too_large());
}

#[test]
fn human_sizes() {
    assert_eq!(human(512), "512 B");
    assert_eq!(human(26_912_000_000), "26.9 GB");
    assert_eq!(human(150_000_000), "150 MB");
}
