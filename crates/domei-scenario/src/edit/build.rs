//! Building a scenario from nothing, in its TOML text: a new file with its
//! header; the header's texts; actors and issues added, changed (id, name,
//! unit, scale, anchors) and removed. Values (capability, status quo,
//! position, salience) are written as bare numbers here and sourced with
//! [`super::apply`] (judgement, evidence), so every value is written by one
//! editor. Like every edit, the result is validated by whoever stores it.

use super::{document, entry, EditError};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// An actor's entry: its id and texts (the capability is a value).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorIn {
    /// Actor id, unique in the scenario.
    pub id: String,
    /// Display name (empty: none).
    #[serde(default)]
    pub name: String,
    /// Free-text description (empty: none).
    #[serde(default)]
    pub description: String,
}

/// An issue's entry: id, texts, scale and anchors (the status quo is a
/// value).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueIn {
    /// Issue id, unique in the scenario.
    pub id: String,
    /// Display name (empty: none).
    #[serde(default)]
    pub name: String,
    /// Unit of the scale, for display.
    #[serde(default)]
    pub unit: String,
    /// Lower end of the scale.
    pub min: f64,
    /// Upper end of the scale.
    pub max: f64,
    /// Labelled points on the scale.
    #[serde(default)]
    pub anchors: Vec<AnchorIn>,
    /// Free-text description (empty: none).
    #[serde(default)]
    pub description: String,
}

/// A labelled point of an issue's scale.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorIn {
    /// The point, on the issue's scale.
    pub value: f64,
    /// What it means ("25% tariff").
    pub label: String,
}

/// A scenario with nothing but its header.
pub fn new_scenario(id: &str, name: &str, question: &str) -> Result<String, EditError> {
    let mut doc = DocumentMut::new();
    let mut h = Table::new();
    h.insert("id", toml_edit::value(id.trim()));
    doc.insert("scenario", Item::Table(h));
    set_header(&doc.to_string(), name, question)
}

/// Sets the header's `name` and `question` (an empty text removes the key).
pub fn set_header(text: &str, name: &str, question: &str) -> Result<String, EditError> {
    let mut doc = document(text)?;
    let h = doc
        .get_mut("scenario")
        .and_then(Item::as_table_mut)
        .ok_or_else(|| EditError::Invalid("the text has no [scenario] table".into()))?;
    set_text(h, "name", name);
    set_text(h, "question", question);
    Ok(doc.to_string())
}

/// Sets a text key, or removes it when `v` is empty; an unchanged text keeps
/// its place and decoration.
fn set_text(t: &mut Table, key: &str, v: &str) {
    let v = v.trim();
    if v.is_empty() {
        t.remove(key);
    } else if t.get(key).and_then(Item::as_str) != Some(v) {
        t.insert(key, toml_edit::value(v));
    }
}

/// Appends `[[list]]` entry `t`.
fn push(doc: &mut DocumentMut, list: &str, t: Table) -> Result<(), EditError> {
    match doc.get_mut(list) {
        Some(item) => item
            .as_array_of_tables_mut()
            .ok_or_else(|| EditError::Invalid(format!("`{list}` is not an array of tables")))?
            .push(t),
        None => {
            let mut a = ArrayOfTables::new();
            a.push(t);
            doc.insert(list, Item::ArrayOfTables(a));
        }
    }
    Ok(())
}

fn finite(what: &str, x: f64) -> Result<(), EditError> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(EditError::Invalid(format!(
            "{what} must be a finite number"
        )))
    }
}

/// Adds an actor with capability `capability` (a bare number; source it
/// with [`super::apply`]). A repeated id is left for the validator to
/// report, at the new entry.
pub fn add_actor(text: &str, a: &ActorIn, capability: f64) -> Result<String, EditError> {
    finite("capability", capability)?;
    let mut doc = document(text)?;
    let mut t = Table::new();
    t.insert("id", toml_edit::value(a.id.trim()));
    set_text(&mut t, "name", &a.name);
    set_text(&mut t, "description", &a.description);
    t.insert("capability", toml_edit::value(capability));
    push(&mut doc, "actors", t)?;
    Ok(doc.to_string())
}

/// Changes actor `id`'s entry to `a`: its texts, and its id (the stances
/// naming it follow).
pub fn edit_actor(text: &str, id: &str, a: &ActorIn) -> Result<String, EditError> {
    let mut doc = document(text)?;
    let t = entry(&mut doc, "actors", &[("id", id)])
        .ok_or_else(|| EditError::NotFound(format!("no actor {id:?} in the scenario")))?;
    let new_id = a.id.trim();
    set_text(t, "id", new_id);
    set_text(t, "name", &a.name);
    set_text(t, "description", &a.description);
    if new_id != id {
        rename_in_stances(&mut doc, "actor", id, new_id);
    }
    Ok(doc.to_string())
}

/// Removes actor `id` and its stances.
pub fn remove_actor(text: &str, id: &str) -> Result<String, EditError> {
    remove(text, "actors", "actor", id)
}

/// Adds an issue (without a status quo: add it with [`super::apply`]).
pub fn add_issue(text: &str, i: &IssueIn) -> Result<String, EditError> {
    let mut doc = document(text)?;
    let mut t = Table::new();
    t.insert("id", toml_edit::value(i.id.trim()));
    write_issue(&mut t, i)?;
    push(&mut doc, "issues", t)?;
    Ok(doc.to_string())
}

/// Changes issue `id`'s entry to `i`: texts, scale, anchors, and its id (the
/// stances naming it follow). Its status quo stays.
pub fn edit_issue(text: &str, id: &str, i: &IssueIn) -> Result<String, EditError> {
    let mut doc = document(text)?;
    let t = entry(&mut doc, "issues", &[("id", id)])
        .ok_or_else(|| EditError::NotFound(format!("no issue {id:?} in the scenario")))?;
    let new_id = i.id.trim();
    set_text(t, "id", new_id);
    write_issue(t, i)?;
    if new_id != id {
        rename_in_stances(&mut doc, "issue", id, new_id);
    }
    Ok(doc.to_string())
}

/// Removes issue `id` and the stances on it.
pub fn remove_issue(text: &str, id: &str) -> Result<String, EditError> {
    remove(text, "issues", "issue", id)
}

/// Adds actor `actor`'s stance on issue `issue` with bare numbers (source
/// them with [`super::apply`]); both must exist, the stance must not.
pub fn insert_stance(
    text: &str,
    actor: &str,
    issue: &str,
    position: f64,
    salience: f64,
) -> Result<String, EditError> {
    finite("position", position)?;
    finite("salience", salience)?;
    let mut doc = document(text)?;
    let mut has = |list: &str, keys: &[(&str, &str)]| entry(&mut doc, list, keys).is_some();
    if !has("actors", &[("id", actor)]) {
        return Err(EditError::NotFound(format!(
            "no actor {actor:?} in the scenario"
        )));
    }
    if !has("issues", &[("id", issue)]) {
        return Err(EditError::NotFound(format!(
            "no issue {issue:?} in the scenario"
        )));
    }
    if has("stances", &[("actor", actor), ("issue", issue)]) {
        return Err(EditError::Invalid(format!(
            "{actor} already has a stance on {issue}: edit its position and salience instead"
        )));
    }
    let mut t = Table::new();
    t.insert("actor", toml_edit::value(actor));
    t.insert("issue", toml_edit::value(issue));
    t.insert("position", toml_edit::value(position));
    t.insert("salience", toml_edit::value(salience));
    push(&mut doc, "stances", t)?;
    Ok(doc.to_string())
}

fn write_issue(t: &mut Table, i: &IssueIn) -> Result<(), EditError> {
    finite("the scale's min", i.min)?;
    finite("the scale's max", i.max)?;
    set_text(t, "name", &i.name);
    set_text(t, "unit", &i.unit);
    set_text(t, "description", &i.description);
    let mut scale = InlineTable::new();
    scale.insert("min", i.min.into());
    scale.insert("max", i.max.into());
    let old = t.get("scale").and_then(Item::as_inline_table);
    let same = |k: &str, x: f64| {
        old.and_then(|o| o.get(k))
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|n| n as f64)))
            == Some(x)
    };
    if !(same("min", i.min) && same("max", i.max)) {
        t.insert("scale", toml_edit::value(scale));
    }
    if i.anchors.is_empty() {
        t.remove("anchors");
    } else {
        let mut a = Array::new();
        for an in &i.anchors {
            finite("an anchor", an.value)?;
            let mut x = InlineTable::new();
            x.insert("value", an.value.into());
            x.insert("label", an.label.trim().into());
            let mut v = Value::InlineTable(x);
            v.decor_mut().set_prefix("\n  ");
            a.push_formatted(v);
        }
        a.set_trailing_comma(true);
        a.set_trailing("\n");
        t.insert("anchors", toml_edit::value(a));
    }
    Ok(())
}

/// Stances' `key` (`actor` or `issue`) from `old` to `new`.
fn rename_in_stances(doc: &mut DocumentMut, key: &str, old: &str, new: &str) {
    if let Some(a) = doc
        .get_mut("stances")
        .and_then(Item::as_array_of_tables_mut)
    {
        for t in a.iter_mut() {
            if t.get(key).and_then(Item::as_str) == Some(old) {
                t.insert(key, toml_edit::value(new));
            }
        }
    }
}

/// Removes the `[[list]]` entry whose id is `id`, and the stances whose
/// `key` names it.
fn remove(text: &str, list: &str, key: &str, id: &str) -> Result<String, EditError> {
    let mut doc = document(text)?;
    let entries = doc
        .get_mut(list)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| EditError::NotFound(format!("no {key} {id:?} in the scenario")))?;
    let before = entries.len();
    entries.retain(|t| t.get("id").and_then(Item::as_str) != Some(id));
    if entries.len() == before {
        return Err(EditError::NotFound(format!(
            "no {key} {id:?} in the scenario"
        )));
    }
    if entries.is_empty() {
        doc.remove(list);
    }
    if let Some(st) = doc
        .get_mut("stances")
        .and_then(Item::as_array_of_tables_mut)
    {
        st.retain(|t| t.get(key).and_then(Item::as_str) != Some(id));
        if st.is_empty() {
            doc.remove("stances");
        }
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{apply, EvidenceIn, Target, ValueEdit};
    use super::*;
    use crate::{from_toml_str, Requirements};
    use std::path::Path;

    const DRAFT: Requirements = Requirements {
        status_quo: false,
        status_quo_for: None,
        draft: true,
    };

    fn load(text: &str, req: Requirements) -> Result<crate::Scenario, String> {
        from_toml_str(Path::new("scenario.toml"), text, req).map_err(|e| e.to_string())
    }

    fn issue(id: &str) -> IssueIn {
        IssueIn {
            id: id.into(),
            name: format!("Issue {id}"),
            unit: "% of GDP".into(),
            min: 1.0,
            max: 3.5,
            anchors: vec![AnchorIn {
                value: 2.0,
                label: "2% by FY2027".into(),
            }],
            description: String::new(),
        }
    }

    fn actor(id: &str) -> ActorIn {
        ActorIn {
            id: id.into(),
            name: format!("Actor {id}"),
            description: String::new(),
        }
    }

    fn judged(text: &str, path: &str, why: &str) -> String {
        let e = ValueEdit {
            judgement: Some(why.into()),
            ..ValueEdit::default()
        };
        apply(text, &Target::parse(path).unwrap(), &e).unwrap()
    }

    /// From nothing to a runnable scenario, one stored-size step at a time:
    /// every step is a draft the validator accepts, the last one a complete
    /// scenario; the text stays readable TOML.
    #[test]
    fn a_scenario_is_built_from_nothing() {
        let t = new_scenario("s1", "Alliance costs", "Who pays?").unwrap();
        assert!(load(&t, DRAFT).is_ok());
        let e = load(&t, Requirements::default()).unwrap_err();
        assert!(e.contains("the scenario has no actors"), "{e}");
        let t = add_actor(&t, &actor("us"), 100.0).unwrap();
        let t = judged(&t, "us.capability", "the larger power");
        let t = add_actor(&t, &actor("jp"), 40.0).unwrap();
        let t = judged(&t, "jp.capability", "the smaller power");
        let t = add_issue(&t, &issue("def")).unwrap();
        let s = load(&t, DRAFT).unwrap();
        assert_eq!(s.issues[0].anchors[0].label, "2% by FY2027");
        let t = apply(
            &t,
            &Target::parse("def.status_quo").unwrap(),
            &ValueEdit {
                value: Some(1.8),
                add_evidence: vec![EvidenceIn {
                    passage: "001_x#p9".into(),
                    quote: Some("from 1% to 2% of GDP by 2027".into()),
                }],
                ..ValueEdit::default()
            },
        )
        .unwrap();
        let t = insert_stance(&t, "us", "def", 3.0, 0.7).unwrap();
        let t = judged(&t, "us.def.position", "asked for 3%");
        let t = judged(&t, "us.def.salience", "raised often");
        let s = load(&t, Requirements::default()).unwrap();
        assert_eq!(s.actors.len(), 2);
        assert_eq!(s.issues[0].status_quo.as_ref().unwrap().value, 1.8);
        assert_eq!(
            s.stance(0, 0).unwrap().position.judgement.as_deref(),
            Some("asked for 3%")
        );
        assert!(
            t.starts_with(
                "[scenario]\nid = \"s1\"\nname = \"Alliance costs\"\nquestion = \"Who pays?\"\n"
            ),
            "{t}"
        );
        assert!(
            t.contains("anchors = [\n  { value = 2.0, label = \"2% by FY2027\" },\n]"),
            "{t}"
        );
        // A stance cannot be added twice, nor for unknown ids.
        assert!(insert_stance(&t, "us", "def", 2.0, 0.5).is_err());
        assert!(matches!(
            insert_stance(&t, "zz", "def", 2.0, 0.5),
            Err(EditError::NotFound(_))
        ));
    }

    #[test]
    fn renaming_an_id_carries_its_stances_and_removing_drops_them() {
        let t = new_scenario("s1", "S", "").unwrap();
        let t = add_actor(&t, &actor("us"), 1.0).unwrap();
        let t = add_actor(&t, &actor("jp"), 1.0).unwrap();
        let t = add_issue(&t, &issue("def")).unwrap();
        let t = insert_stance(&t, "us", "def", 3.0, 0.7).unwrap();
        let t = insert_stance(&t, "jp", "def", 2.0, 0.9).unwrap();
        let t = edit_actor(
            &t,
            "us",
            &ActorIn {
                id: "us-admin".into(),
                name: "US administration".into(),
                description: String::new(),
            },
        )
        .unwrap();
        let mut i = issue("defense");
        i.max = 4.0;
        i.anchors.clear();
        let t = edit_issue(&t, "def", &i).unwrap();
        let s = load(&t, Requirements::default()).unwrap();
        assert_eq!(s.actors[0].id, "us-admin");
        assert_eq!(s.actors[0].name, "US administration");
        assert_eq!((s.issues[0].id.as_str(), s.issues[0].max), ("defense", 4.0));
        assert!(s.issues[0].anchors.is_empty());
        assert_eq!(s.stance(0, 0).unwrap().position.value, 3.0);
        let t = remove_actor(&t, "jp").unwrap();
        let s = load(&t, Requirements::default()).unwrap();
        assert_eq!((s.actors.len(), s.stances[0].len()), (1, 1));
        let t = remove_issue(&t, "defense").unwrap();
        assert!(!t.contains("[[stances]]"), "{t}");
        let s = load(&t, DRAFT).unwrap();
        assert!(s.issues.is_empty());
        assert!(matches!(
            remove_issue(&t, "defense"),
            Err(EditError::NotFound(_))
        ));
    }

    /// The validator, not the editor, judges what was written: a repeated
    /// id or an empty scale is reported at the new entry.
    #[test]
    fn the_validator_reports_what_the_editor_wrote() {
        let t = new_scenario("s1", "S", "").unwrap();
        let t = add_actor(&t, &actor("us"), 1.0).unwrap();
        let t = add_actor(&t, &actor("us"), 2.0).unwrap();
        let mut i = issue("def");
        i.min = 5.0;
        let t = add_issue(&t, &i).unwrap();
        let e = load(&t, DRAFT).unwrap_err();
        assert!(e.contains("duplicate actor id \"us\""), "{e}");
        assert!(e.contains("scale 5..3.5 is empty"), "{e}");
        assert!(add_actor(&t, &actor("x"), f64::NAN).is_err());
        assert!(set_header("[[actors]]", "n", "q").is_err());
    }
}
