//! What an outcome must satisfy before it is recorded: a date written
//! `YYYY-MM-DD`, an issue of the scenario, a value on the issue's scale.
//! Shared by `domei outcome record` and the workbench.

use domei_scenario::Scenario;
use time::{Date, Month};

/// Parses a calendar date written `YYYY-MM-DD` (nothing else: no time, no
/// other order), or says what is wrong with it.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let bad =
        |why: &str| format!("invalid date {text:?}: {why} (expected YYYY-MM-DD, e.g. 2025-07-22)");
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad("not three parts separated by '-'"));
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad("the year takes 4 digits, month and day 2 each"));
    }
    let num = |s: &str| -> Result<u32, String> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad("not a number"))
        } else {
            Err(bad("not digits"))
        }
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| bad("no such month"))?;
    // y has 4 digits, d 2: both fit.
    Date::from_calendar_date(y as i32, month, d as u8).map_err(|_| bad("no such day in that month"))
}

/// Checks that `issue` is an issue of `s` and `value` lies on its scale.
pub fn check_outcome(s: &Scenario, issue: &str, value: f64) -> Result<(), String> {
    let Some(i) = s.issues.iter().find(|i| i.id == issue) else {
        let ids: Vec<&str> = s.issues.iter().map(|i| i.id.as_str()).collect();
        return Err(format!(
            "scenario {:?} has no issue {issue:?} (its issues: {})",
            s.id,
            ids.join(", ")
        ));
    };
    if !value.is_finite() {
        return Err(format!("the outcome of {issue:?} must be a finite number"));
    }
    if value < i.min || value > i.max {
        return Err(format!(
            "the outcome {value} is off the scale of issue {issue:?} ({} to {}{})",
            i.min,
            i.max,
            if i.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", i.unit)
            }
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        let d = parse_date("2025-07-22").unwrap();
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2025, 7, 22));
        assert_eq!(parse_date("2024-02-29").unwrap().day(), 29);
        for bad in [
            "",
            "2025-7-22",
            "22-07-2025",
            "2025-13-01",
            "2025-02-30",
            "2023-02-29",
            "2025-07-22T00:00",
            "+025-07-22",
            "2025/07/22",
            "now",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn outcomes_must_name_an_issue_and_lie_on_its_scale() {
        let text = include_str!("../../../tests/fixtures/small-scenario.toml");
        let s = domei_scenario::from_toml_str(
            std::path::Path::new("s.toml"),
            text,
            domei_scenario::Requirements::default(),
        )
        .unwrap();
        let i = &s.issues[0];
        assert!(check_outcome(&s, &i.id, i.min).is_ok());
        assert!(check_outcome(&s, &i.id, i.max).is_ok());
        assert!(check_outcome(&s, &i.id, i.max + 0.5)
            .unwrap_err()
            .contains("off the scale"));
        assert!(check_outcome(&s, &i.id, f64::NAN)
            .unwrap_err()
            .contains("finite"));
        assert!(check_outcome(&s, "nope", 1.0)
            .unwrap_err()
            .contains("no issue \"nope\""));
    }
}
