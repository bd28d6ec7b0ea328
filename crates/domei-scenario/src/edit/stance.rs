//! A new stance: an actor's position and salience on an issue, appended
//! as a `[[stances]]` entry.

use super::{document, entry, EditError};
use toml_edit::{InlineTable, Item, Table, Value};

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
