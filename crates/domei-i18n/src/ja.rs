//! Japanese conventions for numbers and dates.
//!
//! Yen amounts are written with the myriad units 兆 (10^12) and 億 (10^8)
//! and grouped digits, as in Japanese budget documents: 8,000億円,
//! 2兆1,000億円. Dates are written 2026年12月2日.

/// The factor that turns a value in `unit` into yen, when the unit is a yen
/// amount: English (`billion yen per year`, `million yen`, `yen`) or
/// Japanese (`十億円`, `億円`, `兆円`, `百万円`, `円`). `None` otherwise.
pub fn yen_factor(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    if u.contains("yen") {
        return Some(if u.contains("trillion") {
            1e12
        } else if u.contains("billion") {
            1e9
        } else if u.contains("million") {
            1e6
        } else {
            1.0
        });
    }
    // Longest units first: 十億円 before 億円.
    for (suffix, f) in [
        ("十億円", 1e9),
        ("百万円", 1e6),
        ("兆円", 1e12),
        ("億円", 1e8),
        ("万円", 1e4),
        ("円", 1.0),
    ] {
        if unit.contains(suffix) {
            return Some(f);
        }
    }
    None
}

/// Groups the digits of a non-negative integer by thousands: 12,345.
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A yen amount in 兆円/億円: `800e9` → `8,000億円`, `2.1e12` →
/// `2兆1,000億円`, `5e7` → `5,000万円`. Amounts of 1億円 and more are
/// rounded to the nearest 億; smaller ones to the nearest 万.
pub fn yen(amount: f64) -> String {
    if !amount.is_finite() {
        return format!("{amount}円");
    }
    let sign = if amount < 0.0 { "−" } else { "" };
    let a = amount.abs();
    if a < 1e8 {
        let man = (a / 1e4).round() as u64;
        if man == 0 {
            return format!("{sign}{}円", group(a.round() as u64));
        }
        return format!("{sign}{}万円", group(man));
    }
    let oku_total = (a / 1e8).round() as u64;
    let cho = oku_total / 10_000;
    let oku = oku_total % 10_000;
    let mut out = String::from(sign);
    if cho > 0 {
        out.push_str(&group(cho));
        out.push('兆');
    }
    if oku > 0 || cho == 0 {
        out.push_str(&group(oku));
        out.push('億');
    }
    out.push('円');
    out
}

/// A value on a scale whose unit is `unit`, in yen conventions when the
/// unit is a yen amount (`None` otherwise).
pub fn yen_value(x: f64, unit: &str) -> Option<String> {
    yen_factor(unit).map(|f| yen(x * f))
}

/// A date `YYYY-MM-DD` (or the date part of an RFC 3339 time) as
/// 2026年12月2日; the input unchanged when it is not such a date.
pub fn date(iso: &str) -> String {
    let d = iso.get(..10).unwrap_or(iso);
    let parts: Vec<&str> = d.split('-').collect();
    if let [y, m, day] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), day.parse::<u32>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&day) {
                return format!("{y}年{m}月{day}日");
            }
        }
    }
    iso.to_string()
}

/// A date given as year, month, day: 2026年12月2日.
pub fn ymd(y: i32, m: u8, d: u8) -> String {
    format!("{y}年{m}月{d}日")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_in_cho_and_oku() {
        assert_eq!(yen(800e9), "8,000億円");
        assert_eq!(yen(2e12), "2兆円");
        assert_eq!(yen(2.1e12), "2兆1,000億円");
        assert_eq!(yen(1_234.5e9), "1兆2,345億円");
        assert_eq!(yen(5e7), "5,000万円");
        assert_eq!(yen(0.0), "0円");
        assert_eq!(yen(-3e8), "−3億円");
    }

    #[test]
    fn yen_units_recognised() {
        assert_eq!(yen_factor("billion yen per year"), Some(1e9));
        assert_eq!(yen_factor("十億円／年"), Some(1e9));
        assert_eq!(yen_factor("億円"), Some(1e8));
        assert_eq!(yen_factor("% of GDP"), None);
        assert_eq!(yen_factor("US$ billion"), None);
        assert_eq!(
            yen_value(800.0, "billion yen per year").as_deref(),
            Some("8,000億円")
        );
        assert_eq!(yen_value(2000.0, "十億円／年").as_deref(), Some("2兆円"));
    }

    #[test]
    fn dates() {
        assert_eq!(date("2026-12-02"), "2026年12月2日");
        assert_eq!(date("2025-05-31T10:00:00Z"), "2025年5月31日");
        assert_eq!(date("May 2025"), "May 2025");
        assert_eq!(date("2025-13-01"), "2025-13-01");
        assert_eq!(ymd(2026, 12, 2), "2026年12月2日");
    }
}
