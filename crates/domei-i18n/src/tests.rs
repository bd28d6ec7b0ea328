use super::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[test]
fn catalogues_parse() {
    for (file, en, ja) in CATALOGUES {
        for (lang, text) in [("en", en), ("ja", ja)] {
            if let Err(e) = message_ids(text) {
                panic!("i18n/{lang}/{file}: {e}");
            }
        }
    }
}

/// Every message of one language's catalogue file is in the other's, both
/// ways, and no file defines a message twice.
#[test]
fn every_message_in_both_languages() {
    let mut problems = Vec::new();
    for (file, en, ja) in CATALOGUES {
        let en_ids = message_ids(en).unwrap_or_default();
        let ja_ids = message_ids(ja).unwrap_or_default();
        for (lang, ids) in [("en", &en_ids), ("ja", &ja_ids)] {
            let mut seen = BTreeSet::new();
            for id in ids {
                if !seen.insert(id) {
                    problems.push(format!("i18n/{lang}/{file}: `{id}` defined twice"));
                }
            }
        }
        let en_set: BTreeSet<_> = en_ids.iter().collect();
        let ja_set: BTreeSet<_> = ja_ids.iter().collect();
        for id in en_set.difference(&ja_set) {
            problems.push(format!(
                "i18n/ja/{file}: missing `{id}` (in i18n/en/{file})"
            ));
        }
        for id in ja_set.difference(&en_set) {
            problems.push(format!(
                "i18n/en/{file}: missing `{id}` (in i18n/ja/{file})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The variables (`{ $name }`) a message uses, by message id.
fn variables(ftl: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    use fluent_syntax::ast;
    fn walk(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    walk(&v.value, out);
                }
            }
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    let res = fluent_syntax::parser::parse(ftl).unwrap_or_else(|(r, _)| r);
    let mut out = std::collections::BTreeMap::new();
    for e in &res.body {
        if let ast::Entry::Message(m) = e {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                walk(p, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

/// A diagnostic's message uses the same arguments in both languages (an
/// argument only one language shows would be lost, or shown as `{$x}`, in
/// the other).
#[test]
fn diagnostics_use_the_same_arguments_in_both_languages() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, en, ja) in CATALOGUES.iter().filter(|(f, _, _)| *f == "diag.ftl") {
        let (en, ja) = (variables(en), variables(ja));
        for (id, vars) in &en {
            checked += 1;
            if ja.get(id) != Some(vars) {
                problems.push(format!("{file}: `{id}`: en {vars:?}, ja {:?}", ja.get(id)));
            }
        }
    }
    assert!(checked > 50, "only {checked} messages checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The parity check above is not vacuous: a message only in one language is
/// reported.
#[test]
fn parity_check_detects_a_missing_message() {
    let en = message_ids("a = A\nb = B\n").unwrap();
    let ja = message_ids("a = エー\n").unwrap();
    let missing: Vec<_> = en.iter().filter(|k| !ja.contains(k)).collect();
    assert_eq!(missing, vec!["b"]);
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "target") {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The message ids named as string literals in calls `tr(LANG, "id")` and
/// `tr_args(LANG, "id", ...)` in `src`, and in domei-scenario's
/// `msg!("id", ...)` and `Msg::new("id")` (a diagnostic's message).
pub(crate) fn keys_used(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for pat in ["msg!(\"", "Msg::new(\""] {
        for (at, _) in src.match_indices(pat) {
            let lit = &src[at + pat.len()..];
            if let Some(end) = lit.find('"') {
                keys.push(lit[..end].to_string());
            }
        }
    }
    for pat in ["tr(", "tr_args("] {
        let mut from = 0;
        while let Some(i) = src[from..].find(pat) {
            let at = from + i;
            from = at + pat.len();
            // `tr(` must not be the end of a longer name (`attr(`).
            let prev = src[..at].chars().next_back();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &src[from..];
            let Some(comma) = rest.find(',') else {
                continue;
            };
            // The first argument is short and has no parentheses or quotes.
            if comma > 40 || rest[..comma].contains(['(', '"', ')']) {
                continue;
            }
            let after = rest[comma + 1..].trim_start();
            if let Some(lit) = after.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    keys.push(lit[..end].to_string());
                }
            }
        }
    }
    keys
}

#[test]
fn keys_used_finds_calls() {
    let src = r#"let a = tr(lang, "forecast-issue"); x.attr(y, "no"); tr_args(l, "b-c", &[]);"#;
    assert_eq!(keys_used(src), vec!["forecast-issue", "b-c"]);
    let src = r#"c.err(loc, msg!("diag-x", id = q(i)), Msg::new("diag-y"));"#;
    assert_eq!(keys_used(src), vec!["diag-x", "diag-y"]);
}

/// Every message code names exists in both catalogues.
#[test]
fn every_key_used_in_code_exists() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&crates, &mut files);
    let mut used = 0;
    let mut problems = Vec::new();
    for f in files {
        let Ok(src) = std::fs::read_to_string(&f) else {
            continue;
        };
        // This file's own examples are not uses.
        if !src.contains("tr(") || f.ends_with("domei-i18n/src/tests.rs") {
            continue;
        }
        for k in keys_used(&src) {
            used += 1;
            for l in Lang::ALL {
                if !has(l, &k) {
                    problems.push(format!("{}: `{k}` missing in i18n/{l}/", f.display()));
                }
            }
        }
    }
    assert!(
        used > 20,
        "only {used} message uses found: the scan is broken"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lang_from_vars() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_vars(env(&[])), Lang::En);
    assert_eq!(Lang::from_vars(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
    assert_eq!(
        Lang::from_vars(env(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_vars(env(&[("LANG", "en_US.UTF-8"), ("DOMEI_LANG", "ja")])),
        Lang::Ja
    );
    assert_eq!(
        Lang::from_vars(env(&[("LC_ALL", "ja_JP"), ("DOMEI_LANG", "en")])),
        Lang::En
    );
    assert_eq!(Lang::parse("JA-jp"), Some(Lang::Ja));
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn messages_with_arguments() {
    let s = tr_args(
        Lang::Ja,
        "cli-check-strict-failed",
        &[("count", "3".to_string())],
    );
    assert!(s.contains('3') && !s.contains('\u{2068}'), "{s}");
    assert_ne!(tr(Lang::En, "report-issue"), tr(Lang::Ja, "report-issue"));
}

#[test]
fn display_width_counts_wide_characters_twice() {
    assert_eq!(display_width("abc"), 3);
    assert_eq!(display_width("争点"), 4);
    assert_eq!(display_width("8,000億円"), 9);
    assert_eq!(display_width("（80%）"), 7);
}
