//! Bilingual scenario files: a Japanese form beside each human-readable
//! text (docs/scenario-format.md, "Languages").
//!
//! A text key (`name`, `description`, `question`, `unit`, `label`,
//! `judgement`, and the parts' `title`, `note`, ...) may have a sibling
//! `<key>_ja` in the same table: `name = "Host-nation support"` and
//! `name_ja = "在日米軍駐留経費負担"`. Files are read through a *view* in
//! one language ([`view`]), a text-level rewrite that keeps every line and
//! column of the file where it was, so the readers (which know nothing of
//! languages) and their located diagnostics are unchanged:
//!
//! - English view: every `<key>_ja` entry is blanked out (turned into
//!   spaces or a comment of the same length in bytes, so every byte offset
//!   stays valid too); a `<key>_ja` without its English `<key>` is renamed
//!   to `<key>` and its text marked as untranslated (offsets after it move,
//!   lines do not: readers index the text they parsed).
//! - Japanese view: each `<key>` takes the text of its `<key>_ja`; a text
//!   without a Japanese form keeps its English text, marked as
//!   untranslated; the `<key>_ja` entries are then blanked out.
//!
//! Evidence quotes are never translated: `quote` keeps the source's words in
//! both views (a `quote_ja` beside it is a translation for readers, shown
//! marked as such and never used to verify the quote). Ids, passages and
//! every other key are untouched.
//!
//! [`untranslated`] lists the text keys without a Japanese form, with
//! their lines, for `domei check --strict` on a scenario that declares
//! `languages = ["en", "ja"]`.

use crate::diag::LineIndex;
use crate::model::Loc;
pub use domei_i18n::Lang;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The keys whose string values are human-readable texts with a Japanese
/// form: the scenario's and every part file's.
pub const TEXT_KEYS: &[&str] = &[
    // scenario.toml
    "name",
    "description",
    "question",
    "unit",
    "label",
    "judgement",
    // parts: plan actions' titles, framing's reasons
    "title",
    "why",
];

/// Keys that carry a source's own words (evidence quotes, the framing
/// lexicon's terms): never replaced in either view; a `<key>_ja` beside
/// one is a reader's translation: `quote_ja` is kept in both views (the
/// workbench shows it beside the quote, marked), `term_ja` is dropped.
pub const SOURCE_KEYS: &[&str] = &["quote", "term"];

/// The suffix of a Japanese form.
pub const JA_SUFFIX: &str = "_ja";

/// One text-key entry of a table.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    key_span: std::ops::Range<usize>,
    /// The string's value, or `None` when the value is not a string.
    text: Option<String>,
    value_span: std::ops::Range<usize>,
    /// The key is the first thing on its line (a standard table), not
    /// inside an inline table.
    line_start: bool,
}

/// A text without a Japanese form.
#[derive(Debug, Clone, PartialEq)]
pub struct Untranslated {
    /// The key of the text (`name`, `description`, ...).
    pub key: String,
    /// Where the text is written.
    pub loc: Loc,
    /// The English text.
    pub text: String,
}

/// How many texts a file has and how many have a Japanese form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Human-readable texts in the file.
    pub texts: usize,
    /// How many of them have a Japanese form.
    pub translated: usize,
    /// The texts without one, in file order.
    pub missing: Vec<Untranslated>,
}

fn tables<'a>(t: &'a DeTable<'a>, text: &str, out: &mut Vec<Vec<Entry>>) {
    let mut entries = Vec::new();
    for (k, v) in t.iter() {
        let key_span = k.span();
        let line_start = text[..key_span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
        entries.push(Entry {
            key: k.get_ref().to_string(),
            key_span,
            text: match v.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            },
            value_span: v.span(),
            line_start,
        });
        value(v, text, out);
    }
    entries.sort_by_key(|e| e.key_span.start);
    out.push(entries);
}

fn value<'a>(v: &'a Spanned<DeValue<'a>>, text: &str, out: &mut Vec<Vec<Entry>>) {
    match v.get_ref() {
        DeValue::Table(t) => tables(t, text, out),
        DeValue::Array(a) => {
            for x in a.iter() {
                value(x, text, out);
            }
        }
        _ => {}
    }
}

/// Every table of the document, each as its entries in file order; `None`
/// when the text is not valid TOML (the reader then reports it).
fn parse(text: &str) -> Option<Vec<Vec<Entry>>> {
    let doc = DeTable::parse(text).ok()?;
    let mut out = Vec::new();
    tables(doc.get_ref(), text, &mut out);
    Some(out)
}

/// A TOML string literal for `s` that occupies exactly `newlines` line
/// breaks (so the lines after it stay where they were): a basic string,
/// or a multi-line one whose line breaks are trimmed by line-ending
/// backslashes.
fn literal(s: &str, newlines: usize) -> String {
    let mut esc = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => esc.push_str("\\\""),
            '\\' => esc.push_str("\\\\"),
            '\n' => esc.push_str("\\n"),
            '\r' => esc.push_str("\\r"),
            '\t' => esc.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                esc.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => esc.push(c),
        }
    }
    if newlines == 0 {
        format!("\"{esc}\"")
    } else {
        format!("\"\"\"{esc}\\{}\"\"\"", "\n".repeat(newlines))
    }
}

/// Replaces `range` of `text` by blanks of the same length in bytes that
/// keep its line breaks (so every byte offset after it is unchanged); in a
/// standard table each of its lines becomes a comment.
fn blank(range: std::ops::Range<usize>, text: &str, comment: bool) -> String {
    let mut out = String::new();
    let mut at_line_start = true;
    for c in text[range].chars() {
        if c == '\n' {
            out.push('\n');
            at_line_start = true;
            continue;
        }
        let mut n = c.len_utf8();
        if at_line_start && comment {
            out.push('#');
            n -= 1;
        }
        out.push_str(&" ".repeat(n));
        at_line_start = false;
    }
    out
}

/// The byte range that removes `entries[j]` (a `_ja` entry) from its table:
/// the key and value in a standard table; with the comma before it (or
/// after it, when it is the first) inside an inline table.
fn removal(entries: &[Entry], j: usize) -> (std::ops::Range<usize>, bool) {
    let e = &entries[j];
    if e.line_start {
        (e.key_span.start..e.value_span.end, true)
    } else if j > 0 {
        (entries[j - 1].value_span.end..e.value_span.end, false)
    } else if let Some(next) = entries.get(1) {
        (e.key_span.start..next.key_span.start, false)
    } else {
        (e.key_span.start..e.value_span.end, false)
    }
}

/// The file `text` in language `lang` (see the module documentation);
/// unchanged when it has no Japanese forms and `lang` is English, or when
/// it is not valid TOML (the reader reports that).
pub fn view(text: &str, lang: Lang) -> String {
    if lang == Lang::En && !text.contains(JA_SUFFIX) {
        return text.to_string();
    }
    let Some(tables) = parse(text) else {
        return text.to_string();
    };
    let mark = domei_i18n::tr(lang, "scenario-untranslated");
    // (range, replacement), non-overlapping.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for entries in &tables {
        let find = |k: &str| entries.iter().position(|e| e.key == k);
        for (j, e) in entries.iter().enumerate() {
            if let Some(base) = e.key.strip_suffix(JA_SUFFIX) {
                let Some(ja) = &e.text else { continue };
                let base_at = find(base);
                let source_key = SOURCE_KEYS.contains(&base);
                if base_at.is_none() && !source_key {
                    // Only a Japanese form: it becomes the text itself.
                    let pad = e.key.len() - base.len();
                    edits.push((e.key_span.clone(), format!("{base}{}", " ".repeat(pad))));
                    let shown = match lang {
                        Lang::Ja => ja.clone(),
                        Lang::En => {
                            format!("{} {ja}", domei_i18n::tr(lang, "scenario-untranslated"))
                        }
                    };
                    let nl = text[e.value_span.clone()].matches('\n').count();
                    edits.push((e.value_span.clone(), literal(&shown, nl)));
                    continue;
                }
                // A quote's translation stays in both views (the reader
                // carries it beside the quote, never in its place).
                if base == "quote" {
                    continue;
                }
                // A Japanese form beside its text (or a source term's
                // translation): removed from the view.
                let (r, comment) = removal(entries, j);
                edits.push((r.clone(), blank(r, text, comment)));
                if lang == Lang::Ja && !source_key {
                    if let Some(b) = base_at {
                        let b = &entries[b];
                        let nl = text[b.value_span.clone()].matches('\n').count();
                        edits.push((b.value_span.clone(), literal(ja, nl)));
                    }
                }
            } else if lang == Lang::Ja && TEXT_KEYS.contains(&e.key.as_str()) {
                let has_ja = find(&format!("{}{JA_SUFFIX}", e.key)).is_some();
                if let (false, Some(en)) = (has_ja, &e.text) {
                    if !en.trim().is_empty() {
                        let nl = text[e.value_span.clone()].matches('\n').count();
                        edits.push((e.value_span.clone(), literal(&format!("{mark} {en}"), nl)));
                    }
                }
            }
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut at = 0;
    for (r, s) in edits {
        if r.start < at {
            // Overlapping edits cannot arise from one table's entries; keep
            // the first if they ever do.
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&s);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The text keys of `text` without a Japanese form (non-empty English
/// texts only), in file order, and how many texts there are.
pub fn coverage(text: &str) -> Coverage {
    let Some(tables) = parse(text) else {
        return Coverage::default();
    };
    let idx = LineIndex::new(text);
    let mut c = Coverage::default();
    for entries in &tables {
        for e in entries {
            if !TEXT_KEYS.contains(&e.key.as_str()) {
                continue;
            }
            let Some(en) = &e.text else { continue };
            if en.trim().is_empty() {
                continue;
            }
            c.texts += 1;
            let ja = format!("{}{JA_SUFFIX}", e.key);
            if entries.iter().any(|x| x.key == ja) {
                c.translated += 1;
            } else {
                c.missing.push(Untranslated {
                    key: e.key.clone(),
                    loc: idx.loc(e.key_span.start),
                    text: en.clone(),
                });
            }
        }
    }
    c.missing.sort_by_key(|u| u.loc);
    c
}

/// The text keys without a Japanese form (see [`coverage`]).
pub fn untranslated(text: &str) -> Vec<Untranslated> {
    coverage(text).missing
}

/// The languages a scenario file declares: `languages = [...]` in its
/// `[scenario]` table (`["en"]` when absent or unreadable).
pub fn declared(text: &str) -> Vec<Lang> {
    let Ok(doc) = DeTable::parse(text) else {
        return vec![Lang::En];
    };
    let langs = doc
        .get_ref()
        .get("scenario")
        .and_then(|s| match s.get_ref() {
            DeValue::Table(t) => t.get("languages"),
            _ => None,
        })
        .and_then(|l| match l.get_ref() {
            DeValue::Array(a) => Some(
                a.iter()
                    .filter_map(|x| match x.get_ref() {
                        DeValue::String(s) => Lang::parse(s),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        });
    match langs {
        Some(l) if !l.is_empty() => l,
        _ => vec![Lang::En],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"[scenario]
id = "s"
name = "Host-nation support"
name_ja = "在日米軍駐留経費負担"
question = """
Where will they \
settle?"""
question_ja = "どこで決着するか"
description = "Only English"

[[issues]]
id = "hns"
unit = "billion yen per year"
unit_ja = "十億円／年"
anchors = [
  { value = 0, label = "none", label_ja = "負担なし" },
  { value = 1, label_ja = "日本語のみ", label = "both" },
  { value = 2, label = "only en" },
]
status_quo = { value = 1, judgement = "x", judgement_ja = "判断", evidence = [{ passage = "d#p1", quote = "q", quote_ja = "訳" }] }
"#;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn english_view_drops_japanese_and_keeps_lines() {
        let v = view(FILE, Lang::En);
        assert_eq!(v.lines().count(), FILE.lines().count());
        // Every Japanese form is gone but a quote's translation.
        assert!(!v.replace("quote_ja", "").contains("_ja"), "{v}");
        assert!(v.contains("quote_ja = \"訳\""), "{v}");
        let t = table(&v);
        assert_eq!(t["scenario"]["name"].as_str(), Some("Host-nation support"));
        let a = t["issues"][0]["anchors"].as_array().unwrap();
        assert_eq!(a[1]["label"].as_str(), Some("both"));
        assert_eq!(
            t["issues"][0]["status_quo"]["evidence"][0]["quote"].as_str(),
            Some("q")
        );
        assert_eq!(v.len(), FILE.len(), "byte offsets are kept");
        // Every line that had no Japanese form is byte-identical.
        for (a, b) in FILE.lines().zip(v.lines()) {
            if !a.contains("_ja") {
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn japanese_view_takes_japanese_forms_and_marks_the_rest() {
        let v = view(FILE, Lang::Ja);
        assert_eq!(v.lines().count(), FILE.lines().count());
        let t = table(&v);
        assert_eq!(t["scenario"]["name"].as_str(), Some("在日米軍駐留経費負担"));
        assert_eq!(t["scenario"]["question"].as_str(), Some("どこで決着するか"));
        let d = t["scenario"]["description"].as_str().unwrap();
        assert!(
            d.starts_with("〔未訳〕") && d.ends_with("Only English"),
            "{d}"
        );
        let i = &t["issues"][0];
        assert_eq!(i["unit"].as_str(), Some("十億円／年"));
        assert_eq!(i["anchors"][0]["label"].as_str(), Some("負担なし"));
        assert_eq!(i["anchors"][1]["label"].as_str(), Some("日本語のみ"));
        assert!(i["anchors"][2]["label"]
            .as_str()
            .unwrap()
            .contains("only en"));
        assert_eq!(i["status_quo"]["judgement"].as_str(), Some("判断"));
        // The quote stays in the source's language, its translation beside it.
        assert_eq!(i["status_quo"]["evidence"][0]["quote"].as_str(), Some("q"));
        assert_eq!(
            i["status_quo"]["evidence"][0]["quote_ja"].as_str(),
            Some("訳")
        );
        // Ids are never touched.
        assert_eq!(i["id"].as_str(), Some("hns"));
        // The line of the issue's id is where it was.
        let line = |s: &str, pat: &str| s.lines().position(|l| l.contains(pat));
        assert_eq!(line(FILE, "id = \"hns\""), line(&v, "id = \"hns\""));
    }

    #[test]
    fn japanese_only_text_is_used_in_both_views() {
        let f = "[scenario]\nid = \"s\"\nname = \"S\"\ndescription_ja = \"日本語の説明\"\n";
        let en = table(&view(f, Lang::En));
        let d = en["scenario"]["description"].as_str().unwrap();
        assert!(
            d.starts_with("[untranslated]") && d.contains("日本語の説明"),
            "{d}"
        );
        let ja = table(&view(f, Lang::Ja));
        assert_eq!(ja["scenario"]["description"].as_str(), Some("日本語の説明"));
    }

    #[test]
    fn coverage_lists_untranslated_texts_with_lines() {
        let c = coverage(FILE);
        let keys: Vec<_> = c
            .missing
            .iter()
            .map(|u| (u.key.as_str(), u.loc.line))
            .collect();
        assert_eq!(keys, vec![("description", 9), ("label", 18)]);
        assert_eq!(c.texts, 8);
        assert_eq!(c.translated, 6);
    }

    #[test]
    fn declared_languages() {
        assert_eq!(declared("[scenario]\nid = \"s\"\n"), vec![Lang::En]);
        assert_eq!(
            declared("[scenario]\nlanguages = [\"en\", \"ja\"]\n"),
            vec![Lang::En, Lang::Ja]
        );
    }

    #[test]
    fn invalid_toml_is_left_to_the_reader() {
        assert_eq!(
            view("[scenario\nname_ja = 1", Lang::Ja),
            "[scenario\nname_ja = 1"
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A string value as TOML writes it: basic, literal or multi-line.
        fn value() -> impl Strategy<Value = String> {
            let text = "[a-z 日本語「」、。\"\\\n]{0,12}";
            (text, 0..3u8).prop_map(|(t, kind)| match kind {
                0 => literal(&t, 0),
                1 => format!(
                    "\"\"\"\n{}\"\"\"",
                    t.replace('\\', "\\\\").replace('"', "\\\"")
                ),
                _ => literal(&t, 0),
            })
        }

        fn key() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![
                "name",
                "name_ja",
                "label",
                "label_ja",
                "quote",
                "quote_ja",
                "id",
                "judgement_ja",
            ])
        }

        /// A document of tables and inline tables with text keys and their
        /// Japanese forms in any combination.
        fn document() -> impl Strategy<Value = String> {
            let entry = (key(), value());
            let table = prop::collection::btree_map(key(), value(), 0..5);
            let inline = prop::collection::btree_map(
                key(),
                value().prop_filter("single line", |v| !v.contains('\n')),
                0..4,
            );
            prop::collection::vec((table, inline, entry), 1..4).prop_map(|ts| {
                let mut out = String::new();
                for (k, (t, inl, _)) in ts.into_iter().enumerate() {
                    out.push_str(&format!("[t{k}]\n"));
                    for (key, v) in t {
                        out.push_str(&format!("{key} = {v}\n"));
                    }
                    let fields: Vec<String> =
                        inl.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    out.push_str(&format!("x = {{ {} }}\n", fields.join(", ")));
                }
                out
            })
        }

        proptest! {
            #![proptest_config(domei_testkit::seeded(300, 15))]

            /// Any text: no panic.
            #[test]
            fn never_panics(t in "\\PC{0,200}") {
                let _ = view(&t, Lang::En);
                let _ = view(&t, Lang::Ja);
                let _ = coverage(&t);
            }

            /// A valid document stays valid in both views, with every line
            /// where it was, no `_ja` key left but `quote_ja`, and quotes
            /// and their translations untouched.
            #[test]
            fn views_keep_lines_and_validity(doc in document()) {
                prop_assume!(toml::from_str::<toml::Table>(&doc).is_ok());
                for lang in Lang::ALL {
                    let v = view(&doc, lang);
                    let t: toml::Table = toml::from_str(&v)
                        .map_err(|e| TestCaseError::fail(format!("{lang}: {e}\n{doc}\n---\n{v}")))?;
                    prop_assert_eq!(v.lines().count(), doc.lines().count());
                    let orig: toml::Table = toml::from_str(&doc).unwrap();
                    for (name, table) in &t {
                        let (Some(table), Some(o)) = (table.as_table(), orig[name].as_table()) else { continue };
                        prop_assert!(table.keys().all(|k| k == "quote_ja" || !k.ends_with("_ja")), "{:?}", table);
                        prop_assert_eq!(table.get("quote"), o.get("quote"));
                        prop_assert_eq!(table.get("quote_ja"), o.get("quote_ja"));
                        prop_assert_eq!(table.get("id"), o.get("id"));
                    }
                }
            }
        }
    }
}
