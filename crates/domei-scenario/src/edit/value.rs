//! One value's edit: point, range, judgement and evidence, changed in
//! place in its table (standard or inline) or bare number.

use super::{document, entry, EditError, Target, ValueEdit};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

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
    let mut doc = document(text)?;
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
    let t = entry(doc, list, &want).ok_or_else(missing)?;
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
        let before = (self.value, self.low, self.high);
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
        if let Some(bad) = e.confirm_evidence.iter().find(|i| **i >= n) {
            return Err(EditError::Invalid(format!(
                "no evidence entry {bad} to confirm (the value has {n})"
            )));
        }
        // A changed number puts the evidence it was attached for under
        // review (docs/scenario-format.md, `review = "needed"`); the entries
        // the analyst confirms in the same edit are cleared.
        let changed = (self.value, self.low, self.high) != before;
        for (i, ev) in self.evidence.iter_mut().enumerate() {
            if changed {
                set_review(ev, true);
            }
            if e.confirm_evidence.contains(&i) {
                set_review(ev, false);
            }
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

/// Marks (or clears) `review = "needed"` on one evidence entry; the short
/// form `"DOC#pN"` becomes a table to carry it.
fn set_review(ev: &mut Value, needed: bool) {
    if let Value::String(s) = ev {
        if !needed {
            return;
        }
        let mut t = InlineTable::new();
        t.insert("passage", s.value().as_str().into());
        *ev = Value::InlineTable(t);
    }
    if let Value::InlineTable(t) = ev {
        if needed {
            if !t.contains_key("review") {
                crate::format::migrate::push_key(t, "review", "needed".into());
            }
        } else if t.remove("review").is_some() {
            // The space before `}` belonged to the removed key.
            if let Some((_, last)) = t.iter_mut().last() {
                if last.decor().suffix().and_then(|s| s.as_str()) == Some("") {
                    last.decor_mut().set_suffix(" ");
                }
            }
        }
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
