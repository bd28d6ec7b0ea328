//! `domei evidence migrate`: writing the `support` and `voice` keys into the
//! evidence references of a file written before they existed.
//!
//! A reference without them is read as `"unrated"` (docs/scenario-format.md,
//! "Support and voice"); the migration writes that default into the file
//! explicitly — `support = "unrated", voice = "unrated"` — so the gap is
//! visible where the analyst works, and `--strict` lists each one until it is
//! rated. It never guesses a rating. The short form `"DOC#LOC"` becomes a
//! table `{ passage = "DOC#LOC", support = "unrated", voice = "unrated" }`.
//! Comments, key order and layout are kept (toml_edit); every array named
//! `evidence`, at any depth, is migrated, so the same function serves
//! `scenario.toml` and every part file.

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

/// What a migration changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Migrated {
    /// References that gained at least one key.
    pub references: usize,
    /// `support` keys written.
    pub support: usize,
    /// `voice` keys written.
    pub voice: usize,
}

/// Migrates `text` (a TOML file); returns the new text and what changed.
/// The error is toml_edit's parse message.
pub fn migrate(text: &str) -> Result<(String, Migrated), String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut m = Migrated::default();
    table(doc.as_table_mut(), &mut m);
    if m == Migrated::default() {
        return Ok((text.to_string(), m));
    }
    Ok((doc.to_string(), m))
}

fn table(t: &mut Table, m: &mut Migrated) {
    for (k, item) in t.iter_mut() {
        let is_evidence = k.get() == "evidence";
        match item {
            Item::Table(t) => table(t, m),
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    if is_evidence {
                        let (s, v) = (ensure_t(t, "support"), ensure_t(t, "voice"));
                        count(m, s, v);
                    }
                    table(t, m);
                }
            }
            Item::Value(v) => value(v, is_evidence, m),
            Item::None => {}
        }
    }
}

fn value(v: &mut Value, is_evidence: bool, m: &mut Migrated) {
    match v {
        Value::Array(a) if is_evidence => {
            for e in a.iter_mut() {
                if let Value::String(s) = e {
                    let mut t = InlineTable::new();
                    t.insert("passage", Value::from(s.value().as_str()));
                    let d = e.decor().clone();
                    let mut nv = Value::InlineTable(t);
                    *nv.decor_mut() = d;
                    *e = nv;
                }
                if let Value::InlineTable(t) = e {
                    let (s, v) = (ensure_i(t, "support"), ensure_i(t, "voice"));
                    count(m, s, v);
                }
            }
        }
        Value::Array(a) => {
            for e in a.iter_mut() {
                value(e, false, m);
            }
        }
        Value::InlineTable(t) => {
            for (k, v) in t.iter_mut() {
                let ev = k.get() == "evidence";
                value(v, ev, m);
            }
        }
        _ => {}
    }
}

fn count(m: &mut Migrated, support: bool, voice: bool) {
    m.support += usize::from(support);
    m.voice += usize::from(voice);
    m.references += usize::from(support || voice);
}

fn ensure_i(t: &mut InlineTable, key: &str) -> bool {
    if t.contains_key(key) {
        return false;
    }
    push_key(t, key, Value::from("unrated"));
    true
}

/// Appends `key = v` to an inline table, moving the space before its `}`
/// after the new key (`{ a = 1 }` → `{ a = 1, b = 2 }`, not `{ a = 1 , b = 2}`).
pub fn push_key(t: &mut InlineTable, key: &str, v: Value) {
    // A table made in memory has default decor (None): nothing to move.
    let trailing = t.iter_mut().last().and_then(|(_, last)| {
        let s = last.decor().suffix()?.as_str().unwrap_or("").to_string();
        last.decor_mut().set_suffix("");
        Some(s)
    });
    t.insert(key, v);
    if let (Some(s), Some(new)) = (trailing, t.get_mut(key)) {
        new.decor_mut().set_suffix(s);
    }
}

fn ensure_t(t: &mut Table, key: &str) -> bool {
    if t.contains_key(key) {
        return false;
    }
    t.insert(key, toml_edit::value("unrated"));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_unrated_keys_keeping_comments_and_layout() {
        let text = "# a comment\n[s.position]\nvalue = 3 # why\nevidence = [\n  { passage = \"D#p1\", quote = \"q\" },\n  \"D#p2\",\n  { passage = \"D#p3\", support = \"states\", voice = \"actor\" },\n]\n";
        let (out, m) = migrate(text).unwrap();
        assert_eq!(
            m,
            Migrated {
                references: 2,
                support: 2,
                voice: 2
            }
        );
        assert!(
            out.starts_with("# a comment\n[s.position]\nvalue = 3 # why\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "{ passage = \"D#p1\", quote = \"q\", support = \"unrated\", voice = \"unrated\" }"
            ),
            "{out}"
        );
        assert!(
            out.contains("{ passage = \"D#p2\", support = \"unrated\", voice = \"unrated\" }"),
            "{out}"
        );
        assert!(
            out.contains("{ passage = \"D#p3\", support = \"states\", voice = \"actor\" }"),
            "{out}"
        );
        // Idempotent.
        let (again, m2) = migrate(&out).unwrap();
        assert_eq!((again.as_str(), m2), (out.as_str(), Migrated::default()));
    }

    #[test]
    fn nested_and_part_layouts_are_migrated() {
        let text = "[[nodes]]\nid = \"n\"\n[[nodes.cases]]\np = [0.5, 0.5]\nevidence = [{ passage = \"D#p1\" }]\n[x]\ny = { value = 1, evidence = [\"D#p4\"] }\n";
        let (out, m) = migrate(text).unwrap();
        assert_eq!(m.references, 2, "{out}");
        assert!(out.contains("p = [0.5, 0.5]\n"), "{out}");
        assert!(migrate("x = [").is_err());
    }
}
