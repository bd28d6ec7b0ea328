//! How a value on an issue's scale is printed: the one rule every table,
//! chart, briefing and sentence follows, so they print the same figures.

/// Decimal places that suit a scale: finer for narrow scales.
pub fn decimals(min: f64, max: f64) -> usize {
    let range = max - min;
    if range <= 10.0 {
        2
    } else if range <= 200.0 {
        1
    } else {
        0
    }
}

/// `x` with the decimals that suit the scale. A value that rounds to zero
/// is printed without a sign ("0.0", never "-0.0").
pub fn fmt_on_scale(x: f64, min: f64, max: f64) -> String {
    let s = format!("{:.*}", decimals(min, max), x);
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_scales_print_finer() {
        assert_eq!(fmt_on_scale(1.234, 0.0, 10.0), "1.23");
        assert_eq!(fmt_on_scale(45.16, 0.0, 100.0), "45.2");
        assert_eq!(fmt_on_scale(1234.5, 0.0, 5000.0), "1234");
    }

    #[test]
    fn no_negative_zero() {
        assert_eq!(fmt_on_scale(-0.0, 0.0, 100.0), "0.0");
        assert_eq!(fmt_on_scale(-0.04, 0.0, 100.0), "0.0");
        assert_eq!(fmt_on_scale(-0.004, 0.0, 5000.0), "0");
        assert_eq!(fmt_on_scale(-0.05, 0.0, 10.0), "-0.05");
    }
}
