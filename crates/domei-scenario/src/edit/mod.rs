//! Edits of a scenario, made in its TOML text in place: one value
//! ([`apply`]), a new stance ([`add_stance`], [`insert_stance`]), or the
//! scenario's structure (`build`: a new scenario, its header, actors and
//! issues added, changed and removed).
//!
//! The editor changes a capability, a status quo, a position or a salience
//! — its point value, its range, its analyst judgement and its evidence —
//! and nothing else: comments, key order and layout survive (toml_edit), so
//! the version diff of an edit shows only the lines it changed. The result
//! is not validated here; the store validates every text it saves.

mod build;
mod stance;
mod value;

pub use build::{
    add_actor, add_issue, edit_actor, edit_issue, insert_stance, new_scenario, remove_actor,
    remove_issue, set_header, ActorIn, AnchorIn, IssueIn,
};
pub use stance::add_stance;
pub use value::apply;

use serde::Deserialize;
use toml_edit::{DocumentMut, Item, Table};

/// Which value: `ACTOR.capability`, `ISSUE.status_quo`,
/// `ACTOR.ISSUE.position` or `ACTOR.ISSUE.salience` (as `domei whatif
/// --set` names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `ACTOR.capability`.
    Capability {
        /// The actor's id.
        actor: String,
    },
    /// `ISSUE.status_quo`.
    StatusQuo {
        /// The issue's id.
        issue: String,
    },
    /// `ACTOR.ISSUE.position`.
    Position {
        /// The actor's id.
        actor: String,
        /// The issue's id.
        issue: String,
    },
    /// `ACTOR.ISSUE.salience`.
    Salience {
        /// The actor's id.
        actor: String,
        /// The issue's id.
        issue: String,
    },
}

impl Target {
    /// Reads `ACTOR.capability`, `ISSUE.status_quo`, `ACTOR.ISSUE.position` or
    /// `ACTOR.ISSUE.salience`; [`EditError::Path`] for anything else.
    pub fn parse(path: &str) -> Result<Target, EditError> {
        let parts: Vec<&str> = path.trim().split('.').collect();
        let bad = || EditError::Path(path.to_string());
        if parts.iter().any(|p| p.is_empty()) {
            return Err(bad());
        }
        match parts.as_slice() {
            [a, "capability"] => Ok(Target::Capability {
                actor: a.to_string(),
            }),
            [i, "status_quo"] => Ok(Target::StatusQuo {
                issue: i.to_string(),
            }),
            [a, i, "position"] => Ok(Target::Position {
                actor: a.to_string(),
                issue: i.to_string(),
            }),
            [a, i, "salience"] => Ok(Target::Salience {
                actor: a.to_string(),
                issue: i.to_string(),
            }),
            _ => Err(bad()),
        }
    }

    /// The path back, e.g. `japan-gov.defense-spending.salience`.
    pub fn path(&self) -> String {
        match self {
            Target::Capability { actor } => format!("{actor}.capability"),
            Target::StatusQuo { issue } => format!("{issue}.status_quo"),
            Target::Position { actor, issue } => format!("{actor}.{issue}.position"),
            Target::Salience { actor, issue } => format!("{actor}.{issue}.salience"),
        }
    }

    /// The value this path names in `s` (by indices); `None` when `s` has
    /// no such actor, issue or stance.
    pub fn resolve(&self, s: &crate::Scenario) -> Option<crate::ValuePath> {
        use crate::ValuePath;
        let actor = |id: &str| s.actors.iter().position(|a| a.id == id);
        let issue = |id: &str| s.issues.iter().position(|i| i.id == id);
        let stance = |a: &str, i: &str| {
            let (a, i) = (actor(a)?, issue(i)?);
            s.stances[a][i].as_ref().map(|_| (a, i))
        };
        Some(match self {
            Target::Capability { actor: a } => ValuePath::Capability { actor: actor(a)? },
            Target::StatusQuo { issue: i } => {
                let i = issue(i)?;
                s.issues[i].status_quo.as_ref()?;
                ValuePath::StatusQuo { issue: i }
            }
            Target::Position { actor: a, issue: i } => {
                let (actor, issue) = stance(a, i)?;
                ValuePath::Position { actor, issue }
            }
            Target::Salience { actor: a, issue: i } => {
                let (actor, issue) = stance(a, i)?;
                ValuePath::Salience { actor, issue }
            }
        })
    }

    /// `capability`, `status quo`, `position` or `salience`.
    pub fn field(&self) -> &'static str {
        match self {
            Target::Capability { .. } => "capability",
            Target::StatusQuo { .. } => "status quo",
            Target::Position { .. } => "position",
            Target::Salience { .. } => "salience",
        }
    }
}

/// A passage cited as evidence.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct EvidenceIn {
    /// `DOC#pN`.
    pub passage: String,
    /// Verbatim text of the passage.
    #[serde(default)]
    pub quote: Option<String>,
}

/// What to change in one value. Absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueEdit {
    /// New point value.
    pub value: Option<f64>,
    /// New lower end of the range.
    pub low: Option<f64>,
    /// New upper end of the range.
    pub high: Option<f64>,
    /// Remove the range (`low`, `high`).
    #[serde(default)]
    pub clear_range: bool,
    /// New judgement text; an empty text removes it.
    pub judgement: Option<String>,
    /// Indices (0-based, in file order) of evidence entries to remove.
    #[serde(default)]
    pub remove_evidence: Vec<usize>,
    /// Evidence entries to append.
    #[serde(default)]
    pub add_evidence: Vec<EvidenceIn>,
    /// Indices (0-based, in file order) of evidence entries the analyst has
    /// re-read and confirms: their `review = "needed"` is removed.
    #[serde(default)]
    pub confirm_evidence: Vec<usize>,
}

impl ValueEdit {
    /// True when the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        self.value.is_none()
            && self.low.is_none()
            && self.high.is_none()
            && !self.clear_range
            && self.confirm_evidence.is_empty()
            && self.judgement.is_none()
            && self.remove_evidence.is_empty()
            && self.add_evidence.is_empty()
    }
}

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The value path does not parse.
    #[error("invalid value path {0:?}: write ACTOR.capability, ISSUE.status_quo, ACTOR.ISSUE.position or ACTOR.ISSUE.salience")]
    Path(String),
    /// The scenario text is not TOML.
    #[error("the scenario text is not valid TOML: {0}")]
    Toml(String),
    /// The actor, issue, stance or evidence entry the edit names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The edit is not allowed (a range without both ends, a value that is not a number, ...).
    #[error("{0}")]
    Invalid(String),
}

/// The text as an editable document.
fn document(text: &str) -> Result<DocumentMut, EditError> {
    text.parse()
        .map_err(|e: toml_edit::TomlError| EditError::Toml(e.message().to_string()))
}

/// The entry of the array of tables `list` (`actors`, `issues`,
/// `stances`) whose string keys have the given values.
fn entry<'d>(doc: &'d mut DocumentMut, list: &str, keys: &[(&str, &str)]) -> Option<&'d mut Table> {
    doc.get_mut(list)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| {
            keys.iter()
                .all(|(k, v)| t.get(k).and_then(Item::as_str) == Some(*v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# a comment that must survive
[scenario]
id = "t"
name = "T"

[[actors]]
id = "a"
name = "A"
capability = 2 # inline comment

[[actors]]
id = "b"
name = "B"

[actors.capability]
value = 1
evidence = [
  { passage = "d#p1", quote = "one" },
]
judgement = "why"

[[issues]]
id = "x"
name = "X"
scale = { min = 0, max = 10 }

[[stances]]
actor = "a"
issue = "x"
position = { value = 2, low = 1, high = 3 }
salience = 0.5

[[stances]]
actor = "b"
issue = "x"
position = 8
salience = 1
"#;

    fn edit(path: &str, e: ValueEdit) -> String {
        apply(TEXT, &Target::parse(path).unwrap(), &e).unwrap()
    }

    fn changed_lines(a: &str, b: &str) -> Vec<String> {
        let old: Vec<&str> = a.lines().collect();
        b.lines()
            .filter(|l| !old.contains(l))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_bare_number_changes_in_place_and_nothing_else_moves() {
        let out = edit(
            "a.x.salience",
            ValueEdit {
                value: Some(0.9),
                ..Default::default()
            },
        );
        assert_eq!(changed_lines(TEXT, &out), vec!["salience = 0.9"]);
        assert!(out.contains("# a comment that must survive"));
        assert!(out.contains("capability = 2 # inline comment"));
    }

    #[test]
    fn an_inline_table_keeps_its_form() {
        let out = edit(
            "a.x.position",
            ValueEdit {
                value: Some(2.5),
                low: Some(1.5),
                ..Default::default()
            },
        );
        assert_eq!(
            changed_lines(TEXT, &out),
            vec!["position = { value = 2.5, low = 1.5, high = 3 }"]
        );
    }

    #[test]
    fn evidence_and_judgement_turn_a_number_into_a_table() {
        let out = edit(
            "b.x.salience",
            ValueEdit {
                judgement: Some("it cares".into()),
                add_evidence: vec![EvidenceIn {
                    passage: "004_b#p61".into(),
                    quote: Some("exceeds \"800\" billion yen".into()),
                }],
                ..Default::default()
            },
        );
        let doc: toml::Value = toml::from_str(&out).unwrap();
        let st = &doc["stances"][1]["salience"];
        assert_eq!(st["value"].as_float(), Some(1.0));
        assert_eq!(st["judgement"].as_str(), Some("it cares"));
        assert_eq!(st["evidence"][0]["passage"].as_str(), Some("004_b#p61"));
        assert_eq!(
            st["evidence"][0]["quote"].as_str(),
            Some("exceeds \"800\" billion yen")
        );
        assert!(out.contains("[stances.salience]"), "{out}");
    }

    #[test]
    fn evidence_is_removed_by_index_and_a_table_keeps_its_layout() {
        let out = edit(
            "b.capability",
            ValueEdit {
                value: Some(3.0),
                remove_evidence: vec![0],
                add_evidence: vec![EvidenceIn {
                    passage: "d#p2".into(),
                    quote: None,
                }],
                ..Default::default()
            },
        );
        assert!(out.contains("[actors.capability]\nvalue = 3.0\nevidence = [\n  { passage = \"d#p2\" },\n]\njudgement = \"why\""), "{out}");
    }

    #[test]
    fn a_status_quo_can_be_added_and_a_range_cleared() {
        let out = edit(
            "x.status_quo",
            ValueEdit {
                value: Some(4.0),
                ..Default::default()
            },
        );
        let doc: toml::Value = toml::from_str(&out).unwrap();
        assert_eq!(doc["issues"][0]["status_quo"].as_float(), Some(4.0));
        let out = edit(
            "a.x.position",
            ValueEdit {
                clear_range: true,
                ..Default::default()
            },
        );
        assert!(out.contains("position = { value = 2 }"), "{out}");
    }

    #[test]
    fn a_changed_number_puts_its_evidence_under_review_until_confirmed() {
        // Only the judgement changes: the citation stays as it was.
        let out = edit(
            "b.capability",
            ValueEdit {
                judgement: Some("new reason".into()),
                ..Default::default()
            },
        );
        assert!(!out.contains("review"), "{out}");
        // The number changes: the citation is marked, and the scenario
        // reader sees the mark.
        let out = edit(
            "b.capability",
            ValueEdit {
                value: Some(3.0),
                ..Default::default()
            },
        );
        assert!(
            out.contains("{ passage = \"d#p1\", quote = \"one\", review = \"needed\" }"),
            "{out}"
        );
        let doc: toml::Value = toml::from_str(&out).unwrap();
        assert_eq!(
            doc["actors"][1]["capability"]["evidence"][0]["review"].as_str(),
            Some("needed")
        );
        // Confirming clears it; nothing else moves.
        let confirmed = apply(
            &out,
            &Target::parse("b.capability").unwrap(),
            &ValueEdit {
                confirm_evidence: vec![0],
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!confirmed.contains("review"), "{confirmed}");
        assert_eq!(changed_lines(&out, &confirmed).len(), 1, "{confirmed}");
        // A bad index is refused.
        let e = apply(
            &out,
            &Target::parse("b.capability").unwrap(),
            &ValueEdit {
                confirm_evidence: vec![3],
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no evidence entry 3 to confirm"), "{e}");
    }

    #[test]
    fn bad_edits_are_refused_with_reasons() {
        let t = |p: &str| Target::parse(p);
        assert!(matches!(t("a.x"), Err(EditError::Path(_))));
        assert!(matches!(t("a..salience"), Err(EditError::Path(_))));
        let go = |p: &str, e: ValueEdit| apply(TEXT, &t(p).unwrap(), &e).unwrap_err().to_string();
        assert!(go("zz.capability", ValueEdit::default()).contains("no actor \"zz\""));
        assert!(go("a.y.salience", ValueEdit::default()).contains("no stance on issue \"y\""));
        assert!(go(
            "a.x.salience",
            ValueEdit {
                value: Some(f64::NAN),
                ..Default::default()
            }
        )
        .contains("finite"));
        assert!(go(
            "b.x.salience",
            ValueEdit {
                low: Some(0.1),
                ..Default::default()
            }
        )
        .contains("both low and high"));
        assert!(go(
            "b.capability",
            ValueEdit {
                remove_evidence: vec![5],
                ..Default::default()
            }
        )
        .contains("no evidence entry 5"));
        assert!(go(
            "b.capability",
            ValueEdit {
                add_evidence: vec![EvidenceIn {
                    passage: "nohash".into(),
                    quote: None
                }],
                ..Default::default()
            }
        )
        .contains("not a citation"));
        assert!(
            apply("[[", &t("a.capability").unwrap(), &ValueEdit::default())
                .unwrap_err()
                .to_string()
                .contains("not valid TOML")
        );
    }

    #[test]
    fn a_stance_is_added_once_for_known_ids_with_its_reason() {
        // Actor b has a stance on x; give actor a a second issue first.
        let text = TEXT.replace(
            "[[stances]]",
            "[[issues]]\nid = \"y\"\nname = \"Y\"\nscale = { min = 0, max = 1 }\n\n[[stances]]",
        );
        let out = add_stance(&text, "a", "y", 0.4, 0.6, "stated in the minutes").unwrap();
        let doc: toml::Value = toml::from_str(&out).unwrap();
        let last = doc["stances"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["actor"].as_str(), Some("a"));
        assert_eq!(last["issue"].as_str(), Some("y"));
        assert_eq!(last["position"]["value"].as_float(), Some(0.4));
        assert_eq!(
            last["salience"]["judgement"].as_str(),
            Some("stated in the minutes")
        );
        assert!(
            out.starts_with(&text[..text.find("[[stances]]").unwrap()]),
            "earlier text moved"
        );
        let e = |r: Result<String, EditError>| r.unwrap_err().to_string();
        assert!(e(add_stance(&out, "a", "y", 0.4, 0.6, "again")).contains("already has a stance"));
        assert!(e(add_stance(&text, "zz", "y", 0.4, 0.6, "j")).contains("no actor"));
        assert!(e(add_stance(&text, "a", "zz", 0.4, 0.6, "j")).contains("no issue"));
        assert!(e(add_stance(&text, "a", "y", 0.4, 0.6, "  ")).contains("say why"));
        assert!(e(add_stance(&text, "a", "y", f64::NAN, 0.6, "j")).contains("finite"));
    }

    #[test]
    fn paths_round_trip() {
        for p in [
            "a.capability",
            "x.status_quo",
            "a.x.position",
            "a.x.salience",
        ] {
            assert_eq!(Target::parse(p).unwrap().path(), p);
        }
    }
}
