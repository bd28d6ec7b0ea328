//! Edits of one value of a scenario, made in its TOML text in place.
//!
//! The editor changes a capability, a status quo, a position or a salience
//! — its point value, its range, its analyst judgement and its evidence —
//! and nothing else: comments, key order and layout survive (toml_edit), so
//! the version diff of an edit shows only the lines it changed. The result
//! is not validated here; the store validates every text it saves.

use serde::Deserialize;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// Which value: `ACTOR.capability`, `ISSUE.status_quo`,
/// `ACTOR.ISSUE.position` or `ACTOR.ISSUE.salience` (as `domei whatif
/// --set` names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Capability { actor: String },
    StatusQuo { issue: String },
    Position { actor: String, issue: String },
    Salience { actor: String, issue: String },
}

impl Target {
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
    pub value: Option<f64>,
    pub low: Option<f64>,
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
}

impl ValueEdit {
    pub fn is_empty(&self) -> bool {
        self.value.is_none()
            && self.low.is_none()
            && self.high.is_none()
            && !self.clear_range
            && self.judgement.is_none()
            && self.remove_evidence.is_empty()
            && self.add_evidence.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("invalid value path {0:?}: write ACTOR.capability, ISSUE.status_quo, ACTOR.ISSUE.position or ACTOR.ISSUE.salience")]
    Path(String),
    #[error("the scenario text is not valid TOML: {0}")]
    Toml(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

/// Applies `edit` to the value `target` names in `text`; returns the new
/// text.
pub fn apply(text: &str, target: &Target, edit: &ValueEdit) -> Result<String, EditError> {
    for (name, x) in [
        ("value", edit.value),
        ("low", edit.low),
        ("high", edit.high),
    ] {
        if x.is_some_and(|x| !x.is_finite()) {
            return Err(EditError::Invalid(format!(
                "{name} must be a finite number"
            )));
        }
    }
    if edit.clear_range && (edit.low.is_some() || edit.high.is_some()) {
        return Err(EditError::Invalid(
            "give either a new range (low, high) or clear_range, not both".into(),
        ));
    }
    for e in &edit.add_evidence {
        if !e.passage.contains('#') || e.passage.trim() != e.passage {
            return Err(EditError::Invalid(format!(
                "evidence passage {:?} is not a citation like DOC#p12",
                e.passage
            )));
        }
    }
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Toml(e.message().to_string()))?;
    let (owner, key) = locate(&mut doc, target)?;
    let current = owner.get(key).cloned();
    let mut v = Fields::read(current.as_ref(), target)?;
    v.change(edit)?;
    let keep_form = current
        .as_ref()
        .is_some_and(|i| i.is_table() || i.is_inline_table());
    let inline_ok = v.evidence.is_empty() && v.judgement.is_none();
    let new = match current {
        Some(Item::Table(mut t)) => {
            v.write(&mut t);
            Item::Table(t)
        }
        Some(Item::Value(Value::InlineTable(mut t))) if inline_ok => {
            v.write(&mut t);
            if edit.clear_range {
                // A removed last key leaves `{ value = 2}`: lay it out anew.
                t.fmt();
            }
            Item::Value(Value::InlineTable(t))
        }
        _ if !keep_form && inline_ok && v.low.is_none() => toml_edit::value(v.value),
        _ => {
            let mut t = Table::new();
            v.write(&mut t);
            Item::Table(t)
        }
    };
    owner.insert(key, new);
    Ok(doc.to_string())
}

/// Adds actor `actor`'s stance on issue `issue` (both must exist, the
/// stance must not), as a new `[[stances]]` entry at the end of the file.
/// Both values carry `judgement` (required: every value in a scenario cites
/// evidence or records the analyst's reasoning; cite passages afterwards).
pub fn add_stance(
    text: &str,
    actor: &str,
    issue: &str,
    position: f64,
    salience: f64,
    judgement: &str,
) -> Result<String, EditError> {
    if !position.is_finite() || !salience.is_finite() {
        return Err(EditError::Invalid(
            "position and salience must be finite numbers".into(),
        ));
    }
    let judgement = judgement.trim();
    if judgement.is_empty() {
        return Err(EditError::Invalid(
            "say why (a judgement): every value rests on evidence or on the analyst's reasoning"
                .into(),
        ));
    }
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Toml(e.message().to_string()))?;
    let has = |doc: &DocumentMut, list: &str, keys: &[(&str, &str)]| {
        doc.get(list)
            .and_then(Item::as_array_of_tables)
            .is_some_and(|a| {
                a.iter().any(|t| {
                    keys.iter()
                        .all(|(k, v)| t.get(k).and_then(Item::as_str) == Some(*v))
                })
            })
    };
    if !has(&doc, "actors", &[("id", actor)]) {
        return Err(EditError::NotFound(format!(
            "no actor {actor:?} in the scenario"
        )));
    }
    if !has(&doc, "issues", &[("id", issue)]) {
        return Err(EditError::NotFound(format!(
            "no issue {issue:?} in the scenario"
        )));
    }
    if has(&doc, "stances", &[("actor", actor), ("issue", issue)]) {
        return Err(EditError::Invalid(format!(
            "{actor} already has a stance on {issue}: edit its position and salience instead"
        )));
    }
    let value = |x: f64| {
        let mut t = InlineTable::new();
        t.insert("value", x.into());
        t.insert("judgement", judgement.into());
        Item::Value(Value::InlineTable(t))
    };
    let mut t = Table::new();
    t.insert("actor", toml_edit::value(actor));
    t.insert("issue", toml_edit::value(issue));
    t.insert("position", value(position));
    t.insert("salience", value(salience));
    match doc.get_mut("stances") {
        Some(item) => item
            .as_array_of_tables_mut()
            .ok_or_else(|| EditError::Invalid("`stances` is not an array of tables".into()))?
            .push(t),
        None => {
            let mut a = toml_edit::ArrayOfTables::new();
            a.push(t);
            doc.insert("stances", Item::ArrayOfTables(a));
        }
    }
    Ok(doc.to_string())
}

/// The table holding the value and the value's key in it.
fn locate<'d>(
    doc: &'d mut DocumentMut,
    target: &Target,
) -> Result<(&'d mut dyn TableLike, &'static str), EditError> {
    let (list, want, key): (&str, Vec<(&str, &str)>, &'static str) = match target {
        Target::Capability { actor } => ("actors", vec![("id", actor.as_str())], "capability"),
        Target::StatusQuo { issue } => ("issues", vec![("id", issue.as_str())], "status_quo"),
        Target::Position { actor, issue } => (
            "stances",
            vec![("actor", actor.as_str()), ("issue", issue.as_str())],
            "position",
        ),
        Target::Salience { actor, issue } => (
            "stances",
            vec![("actor", actor.as_str()), ("issue", issue.as_str())],
            "salience",
        ),
    };
    let missing = || {
        EditError::NotFound(match target {
            Target::Capability { actor } => format!("no actor {actor:?} in the scenario"),
            Target::StatusQuo { issue } => format!("no issue {issue:?} in the scenario"),
            Target::Position { actor, issue } | Target::Salience { actor, issue } => {
                format!("actor {actor:?} has no stance on issue {issue:?} in the scenario")
            }
        })
    };
    let tables = doc
        .get_mut(list)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(missing)?;
    let t = tables
        .iter_mut()
        .find(|t| {
            want.iter()
                .all(|(k, v)| t.get(k).and_then(Item::as_str) == Some(*v))
        })
        .ok_or_else(missing)?;
    Ok((t as &mut dyn TableLike, key))
}

/// A value's fields as plain data.
#[derive(Debug, Clone, Default)]
struct Fields {
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    evidence: Vec<Value>,
    judgement: Option<String>,
}

fn number(v: &Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

impl Fields {
    fn read(item: Option<&Item>, target: &Target) -> Result<Fields, EditError> {
        let Some(item) = item else {
            // Only a status quo may be absent; an edit adds it.
            return match target {
                Target::StatusQuo { .. } => Ok(Fields::default()),
                _ => Err(EditError::NotFound(format!(
                    "the {} of {} is missing from the text",
                    target.field(),
                    target.path()
                ))),
            };
        };
        if let Some(x) = item.as_value().and_then(number) {
            return Ok(Fields {
                value: x,
                ..Fields::default()
            });
        }
        let t = item.as_table_like().ok_or_else(|| {
            EditError::Invalid(format!("{} is neither a number nor a table", target.path()))
        })?;
        let num = |k: &str| t.get(k).and_then(Item::as_value).and_then(number);
        let low = num("low");
        let high = num("high");
        let value = num("value")
            .or_else(|| Some((low? + high?) / 2.0))
            .unwrap_or_default();
        let evidence = t
            .get("evidence")
            .and_then(Item::as_array)
            .map(|a| a.iter().cloned().collect())
            .unwrap_or_default();
        let judgement = t
            .get("judgement")
            .and_then(Item::as_str)
            .map(str::to_string);
        Ok(Fields {
            value,
            low,
            high,
            evidence,
            judgement,
        })
    }

    fn change(&mut self, e: &ValueEdit) -> Result<(), EditError> {
        if let Some(v) = e.value {
            self.value = v;
        }
        if e.clear_range {
            self.low = None;
            self.high = None;
        }
        if e.low.is_some() || e.high.is_some() {
            self.low = e.low.or(self.low);
            self.high = e.high.or(self.high);
            if self.low.is_none() || self.high.is_none() {
                return Err(EditError::Invalid("a range needs both low and high".into()));
            }
        }
        if let Some(j) = &e.judgement {
            let j = j.trim();
            self.judgement = (!j.is_empty()).then(|| j.to_string());
        }
        let n = self.evidence.len();
        if let Some(bad) = e.remove_evidence.iter().find(|i| **i >= n) {
            return Err(EditError::Invalid(format!(
                "no evidence entry {bad} to remove (the value has {n})"
            )));
        }
        let mut i = 0;
        self.evidence.retain(|_| {
            i += 1;
            !e.remove_evidence.contains(&(i - 1))
        });
        for ev in &e.add_evidence {
            let mut t = InlineTable::new();
            t.insert("passage", ev.passage.as_str().into());
            if let Some(q) = ev.quote.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                t.insert("quote", q.into());
            }
            self.evidence.push(Value::InlineTable(t));
        }
        Ok(())
    }

    /// Writes the fields into a table (standard or inline), keeping keys it
    /// already has in place.
    fn write(&self, t: &mut dyn TableLike) {
        set(t, "value", Some(self.value.into()));
        set(t, "low", self.low.map(Value::from));
        set(t, "high", self.high.map(Value::from));
        let ev = (!self.evidence.is_empty()).then(|| {
            let mut a = Array::new();
            for v in &self.evidence {
                let mut v = v.clone();
                v.decor_mut().set_prefix("\n  ");
                v.decor_mut().set_suffix("");
                a.push_formatted(v);
            }
            a.set_trailing_comma(true);
            a.set_trailing("\n");
            Value::Array(a)
        });
        set(t, "evidence", ev);
        set(t, "judgement", self.judgement.as_deref().map(Value::from));
    }
}

/// True when `new` would not change `old` (numbers compared by value, so
/// an unchanged `3` is not rewritten as `3.0`).
fn same(old: &Value, new: &Value) -> bool {
    match (number(old), number(new)) {
        (Some(a), Some(b)) => a == b,
        _ => match (old.as_str(), new.as_str()) {
            (Some(a), Some(b)) => a == b,
            _ => old.to_string().trim() == new.to_string().trim(),
        },
    }
}

/// Sets (or, for `None`, removes) `key`, keeping its position and
/// decoration when it exists.
fn set(t: &mut dyn TableLike, key: &str, v: Option<Value>) {
    match v {
        None => {
            t.remove(key);
        }
        Some(mut v) => match t.get_mut(key) {
            Some(Item::Value(old)) if same(old, &v) => {}
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *v.decor_mut() = decor;
                *old = v;
            }
            _ => {
                t.insert(key, Item::Value(v));
            }
        },
    }
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
