//! Which field of a scenario a location in its text names, so that an
//! editor can show a diagnostic beside the input it concerns instead of
//! `scenario.toml:LINE:COL`.
//!
//! Fields are named like value paths (`edit::Target`): `ACTOR.capability`,
//! `ISSUE.status_quo`, `ACTOR.ISSUE.position`, `ACTOR.ISSUE.salience`; and
//! for the parts around the values: `scenario` (the header), `ACTOR` or
//! `ISSUE` (an actor's or an issue's entry: its id, its name),
//! `ISSUE.scale`, `ISSUE.anchors`, `ISSUE.outcome` and `ACTOR.ISSUE` (a
//! stance's entry). An evidence reference belongs to the value citing it.

use crate::draft::{Draft, DraftValue};
use crate::model::Loc;

/// Every located part of `draft` with its field name, in text order.
fn parts(draft: &Draft) -> Vec<(Loc, String)> {
    let mut out = vec![(draft.header_loc, "scenario".to_string())];
    let value = |out: &mut Vec<(Loc, String)>, v: &DraftValue, name: String| {
        out.extend(v.evidence.iter().map(|r| (r.loc, name.clone())));
        out.push((v.loc, name));
    };
    for a in &draft.actors {
        out.push((a.loc, a.id.clone()));
        if let Some(v) = &a.capability {
            value(&mut out, v, format!("{}.capability", a.id));
        }
    }
    for i in &draft.issues {
        out.push((i.loc, i.id.clone()));
        out.push((i.scale_loc, format!("{}.scale", i.id)));
        out.extend(
            i.anchors
                .iter()
                .map(|a| (a.loc, format!("{}.anchors", i.id))),
        );
        if let Some(v) = &i.status_quo {
            value(&mut out, v, format!("{}.status_quo", i.id));
        }
        if let Some((_, loc)) = i.outcome {
            out.push((loc, format!("{}.outcome", i.id)));
        }
    }
    for s in &draft.stances {
        let stance = format!("{}.{}", s.actor, s.issue);
        out.push((s.loc, stance.clone()));
        out.push((s.actor_loc, stance.clone()));
        out.push((s.issue_loc, stance.clone()));
        for (v, what) in [(&s.position, "position"), (&s.salience, "salience")] {
            if let Some(v) = v {
                value(&mut out, v, format!("{stance}.{what}"));
            }
        }
    }
    // Stable: of two parts at one place, the later-pushed (more specific:
    // a value after its entry) wins below.
    out.sort_by_key(|(l, _)| *l);
    out
}

/// The field at `loc` in `draft`: the part written exactly there, else the
/// last part that starts before it (the one containing it); `scenario` for
/// the file as a whole (line 0) or anything before the first part.
pub fn field_at(draft: &Draft, loc: Loc) -> String {
    let parts = parts(draft);
    let at_or_before = parts.partition_point(|(l, _)| *l <= loc);
    match at_or_before.checked_sub(1).map(|i| &parts[i]) {
        Some((_, name)) if loc.line > 0 => name.clone(),
        _ => "scenario".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use std::path::Path;

    const TEXT: &str = r#"[scenario]
id = "t"
name = "T"

[[actors]]
id = "a"
capability = { value = -1, judgement = "j" }

[[actors]]
id = "a"
capability = 1

[[issues]]
id = "x"
scale = { min = 0, max = 10 }
anchors = [{ value = 11, label = "beyond" }]
status_quo = { value = 5, evidence = ["nohash"] }

[[stances]]
actor = "a"
issue = "x"
position = 12
salience = { value = 0.5, judgement = "j" }
"#;

    fn fields_of(text: &str) -> Vec<(String, String)> {
        let d = crate::format::toml::read(Path::new("s.toml"), text).unwrap();
        let err: Diagnostics = crate::validate(&d, crate::Requirements::default()).unwrap_err();
        err.iter()
            .map(|e| (field_at(&d, e.loc), e.message.clone()))
            .collect()
    }

    /// Each of the validator's diagnostics names the field it concerns.
    #[test]
    fn diagnostics_map_to_their_fields() {
        let f = fields_of(TEXT);
        let has = |field: &str, says: &str| {
            assert!(
                f.iter().any(|(k, m)| k == field && m.contains(says)),
                "{field}: {says} not in {f:?}"
            )
        };
        has("a.capability", "must be > 0");
        has("a", "duplicate actor id");
        has("x.anchors", "anchor 11");
        has("x.status_quo", "not of the form DOC#LOCATOR");
        has("a.x.position", "lies outside");
        assert_eq!(f.len(), 5, "{f:?}");
    }

    #[test]
    fn the_file_as_a_whole_is_the_scenario() {
        let d = crate::format::toml::read(Path::new("s.toml"), TEXT).unwrap();
        assert_eq!(field_at(&d, Loc::default()), "scenario");
        assert_eq!(field_at(&d, Loc::new(2, 1)), "scenario");
    }
}
