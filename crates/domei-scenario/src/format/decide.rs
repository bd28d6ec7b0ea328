//! Reader for the input files of the Decide exchange model (Jelmer
//! Draaijer's equal-gain model, foarsitter/decide-exchange-model; its
//! examples are converted in data/decide/, see data/README.md).
//!
//! One record per line, its first field saying what it is; fields are
//! separated by tabs, `;` or `,` (whichever follows the first line's key)
//! and may be quoted with `'` or `"` (whichever quotes the first key):
//!
//! - `#A id full-name [comment]` — an actor;
//! - `#P id [name] [description]` — an issue;
//! - `#M issue position [meaning]` — a point of an issue's scale: the
//!   scale runs from the lowest to the highest (0–100 without any), a
//!   meaning becomes an anchor;
//! - `#D actor issue position salience power [comment]` — a stance; the
//!   power is the actor's capability (domei gives an actor one capability,
//!   so it must be the same on every issue);
//! - `#O text` — the scenario's name; `#/ text` — a comment.
//!
//! Ids are the file's ids when they are valid ids, else made by the
//! importers' rule ([`super::table::derived_id`]); names are kept.
//! Saliences are on 0–1 when none is above 1, else on 0–100 (Decide
//! accepts both).

use super::prescan::too_many;
use super::table::{derived_id, number, records_quoted, slug, Record};
use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{Draft, DraftActor, DraftAnchor, DraftIssue, DraftStance, DraftValue};
use crate::model::{Loc, SourceFormat};
use std::collections::HashMap;
use std::path::Path;

const KEYS: [&str; 6] = ["#A", "#P", "#M", "#D", "#O", "#/"];

/// The key of `line` (`#A`, ...), with the quote around it if any and the
/// byte just after it.
fn key(line: &str) -> Option<(&str, Option<u8>, Option<u8>)> {
    let t = line.trim_start_matches([' ', '\u{feff}']);
    let b = t.as_bytes();
    let quote = match b.first() {
        Some(&q @ (b'\'' | b'"')) => Some(q),
        _ => None,
    };
    let k = &t[usize::from(quote.is_some())..];
    let key = KEYS.iter().find(|k2| k.starts_with(*k2))?;
    let mut after = usize::from(quote.is_some()) + 2;
    if let Some(q) = quote {
        if b.get(after) != Some(&q) {
            return None;
        }
        after += 1;
    }
    Some((key, quote, b.get(after).copied()))
}

/// True when the first non-blank line starts with one of Decide's keys
/// (`#A`, `'#A'`, ...) followed by a separator (or nothing).
pub fn is_decide(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .and_then(key)
        .is_some_and(|(_, _, next)| matches!(next, None | Some(b'\t' | b';' | b',' | b'\r')))
}

/// The id of a file's `id`: itself when valid, else the importers' rule.
fn id_of(raw: &str) -> String {
    if crate::is_valid_id(raw) {
        raw.to_string()
    } else {
        derived_id(raw)
    }
}

fn at(path: &Path, rec: &Record, field: usize, msg: String, help: &str) -> Diagnostic {
    Diagnostic::new(path, rec.loc(field), msg).help(help)
}

/// Refuses, by counting lines, a file with more actors, issues or stances
/// than the limits, before its records are read (prescan.rs).
fn sizes(path: &Path, text: &str) -> Result<(), Diagnostics> {
    use domei_limits::{ACTORS, ISSUES, STANCES};
    let mut n = [0u64; 3];
    for (i, line) in text.lines().enumerate() {
        let k = match key(line) {
            Some(("#A", ..)) => 0,
            Some(("#P", ..)) => 1,
            Some(("#D", ..)) => 2,
            _ => continue,
        };
        n[k] += 1;
        let limit = [ACTORS, ISSUES, STANCES][k];
        if n[k] > limit.max {
            let loc = Loc::new(u32::try_from(i + 1).unwrap_or(u32::MAX), 1);
            let here = " (this line is the first one past the limit)";
            return Err(Diagnostics::single(too_many(path, loc, limit, n[k], here)));
        }
    }
    Ok(())
}

/// Reads a Decide input file (see the module docs) into a draft.
pub fn read(path: &Path, text: &str) -> Result<Draft, Diagnostics> {
    sizes(path, text)?;
    let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
    let Some((first_i, first_line)) = first else {
        return Err(Diagnostics::single(
            Diagnostic::new(path, Loc::new(1, 1), "the file is empty")
                .help("a Decide file has #A lines (actors), #P and #M lines (issues) and #D lines (stances)"),
        ));
    };
    let first_loc = Loc::new(u32::try_from(first_i + 1).unwrap_or(u32::MAX), 1);
    let Some((_, quote, sep)) = key(first_line) else {
        return Err(Diagnostics::single(
            Diagnostic::new(
                path,
                first_loc,
                "the first line does not start with a Decide key (#A, #P, #M, #D, #O or #/)",
            )
            .help("is this a Decide input file? Each line starts with #A, #P, #M, #D, #O or #/"),
        ));
    };
    let delim = match sep {
        Some(d @ (b'\t' | b';' | b',')) => d,
        _ => {
            return Err(Diagnostics::single(
                Diagnostic::new(path, first_loc, "cannot tell the field separator: the first key is not followed by a tab, ';' or ','")
                    .help("separate the fields with tabs (as Decide writes them), ';' or ','"),
            ))
        }
    };
    let recs = records_quoted(path, text, delim, quote.unwrap_or(b'"'))?;

    let mut diags = Diagnostics::default();
    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::Decide);
    let stem = slug(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    draft.id = Some(if stem.is_empty() {
        "decide".into()
    } else {
        stem
    });
    draft.header_loc = first_loc;
    // Each issue's #M points: (lowest, highest, where the first was).
    let mut scale: HashMap<String, (f64, f64, Loc)> = HashMap::new();
    // Each actor's power and where it was first given.
    let mut power: HashMap<String, (f64, Loc)> = HashMap::new();
    let mut stances: Vec<(DraftStance, Option<f64>, Loc)> = Vec::new();
    let want = |rec: &Record, n: usize, what: &str, diags: &mut Diagnostics| -> bool {
        if rec.len_trimmed() < n {
            diags.push(at(
                path,
                rec,
                rec.fields.len().saturating_sub(1),
                format!(
                    "a {} line needs {what}; found {} field(s)",
                    rec.get(0),
                    rec.len_trimmed().saturating_sub(1)
                ),
                "check for a missing separator (a tab, ';' or ',')",
            ));
            false
        } else {
            true
        }
    };
    for rec in &recs {
        match rec.get(0) {
            "#/" => {}
            "#O" => {
                let t = rec.fields[1..].join(" ").trim().to_string();
                if !t.is_empty() && draft.name.is_none() {
                    draft.name = Some(t);
                }
            }
            "#A" => {
                if !want(rec, 2, "an id", &mut diags) {
                    continue;
                }
                let raw = rec.get(1);
                let full = rec.get(2);
                draft.actors.push(DraftActor {
                    id: id_of(raw),
                    name: Some(if full.is_empty() { raw } else { full }.to_string()),
                    description: Some(rec.fields[3.min(rec.fields.len())..].join(" "))
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty()),
                    capability: None,
                    loc: rec.loc(1),
                });
            }
            "#P" => {
                if !want(rec, 2, "an id", &mut diags) {
                    continue;
                }
                let raw = rec.get(1);
                let name = if rec.get(2).is_empty() {
                    raw
                } else {
                    rec.get(2)
                };
                let description = rec.fields[3.min(rec.fields.len())..]
                    .join(" ")
                    .trim()
                    .to_string();
                draft.issues.push(DraftIssue {
                    id: id_of(raw),
                    name: Some(name.to_string()),
                    description: Some(description).filter(|d| !d.is_empty() && d != name),
                    loc: rec.loc(1),
                    scale_loc: rec.loc(1),
                    ..Default::default()
                });
            }
            "#M" => {
                if !want(rec, 3, "an issue and a position", &mut diags) {
                    continue;
                }
                let Some(x) = number(path, rec, 2, "position", &mut diags) else {
                    continue;
                };
                let issue = id_of(rec.get(1));
                let e = scale.entry(issue.clone()).or_insert((x, x, rec.loc(2)));
                e.0 = e.0.min(x);
                e.1 = e.1.max(x);
                let meaning = rec.fields[3.min(rec.fields.len())..]
                    .join(" ")
                    .trim()
                    .to_string();
                if !meaning.is_empty() {
                    match draft.issues.iter_mut().find(|i| i.id == issue) {
                        Some(i) => i.anchors.push(DraftAnchor {
                            value: x,
                            label: meaning,
                            loc: rec.loc(3),
                        }),
                        None => diags.push(at(
                            path,
                            rec,
                            1,
                            format!("#M names issue {:?}, which no #P line before it declares", rec.get(1)),
                            "declare the issue with a #P line before its #M lines",
                        )),
                    }
                }
            }
            "#D" => {
                if !want(
                    rec,
                    6,
                    "an actor, an issue, a position, a salience and a power",
                    &mut diags,
                ) {
                    continue;
                }
                let actor = id_of(rec.get(1));
                let pos = number(path, rec, 3, "position", &mut diags);
                let sal = number(path, rec, 4, "salience", &mut diags);
                let pow = number(path, rec, 5, "power", &mut diags);
                if let Some(p) = pow {
                    match power.get(&actor) {
                        Some(&(q, loc)) if q != p => diags.push(at(
                            path,
                            rec,
                            5,
                            format!(
                                "actor {:?} has power {p} here but {q} on line {}; domei gives an actor one capability on every issue",
                                rec.get(1),
                                loc.line
                            ),
                            "give the actor the same power on every #D line (Decide's examples do)",
                        )),
                        Some(_) => {}
                        None => {
                            power.insert(actor.clone(), (p, rec.loc(5)));
                        }
                    }
                }
                stances.push((
                    DraftStance {
                        actor,
                        actor_loc: rec.loc(1),
                        issue: id_of(rec.get(2)),
                        issue_loc: rec.loc(2),
                        position: pos.map(|p| DraftValue::point(p, rec.loc(3))),
                        salience: None,
                        loc: rec.loc(1),
                    },
                    sal,
                    rec.loc(4),
                ));
            }
            other => diags.push(at(
                path,
                rec,
                0,
                format!("{other:?} is not a Decide line key"),
                "each line starts with #A (actor), #P (issue), #M (scale point), #D (stance), #O (title) or #/ (comment)",
            )),
        }
    }
    // Saliences on 0–1 unless one is above 1 (then 0–100).
    if stances.iter().any(|(_, s, _)| s.is_some_and(|s| s > 1.0)) {
        draft.salience_scale = 100.0;
    }
    for (mut st, sal, loc) in stances {
        st.salience = sal.map(|s| DraftValue::point(s, loc));
        draft.stances.push(st);
    }
    for a in &mut draft.actors {
        if let Some(&(p, loc)) = power.get(&a.id) {
            a.capability = Some(DraftValue::point(p, loc));
        } else {
            diags.push(
                Diagnostic::new(
                    path,
                    a.loc,
                    format!("actor {:?} has no #D line, so no power", a.id),
                )
                .help("add the actor's #D lines (its power is given there), or remove its #A line"),
            );
        }
    }
    for i in &mut draft.issues {
        let (lo, hi) = match scale.get(&i.id) {
            Some(&(lo, hi, loc)) => {
                i.scale_loc = loc;
                (lo, hi)
            }
            None => (0.0, 100.0),
        };
        i.min = Some(lo);
        i.max = Some(hi);
    }
    if draft.name.is_none() {
        draft.name = draft.id.clone();
    }
    diags.into_result()?;
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_quotes_and_separators_are_recognised() {
        assert!(is_decide("'#A'\t'USA'\t'USA'\t''\n"));
        assert!(is_decide("\n#A;USA;USA\n"));
        assert!(is_decide("#/\tcomment\n"));
        assert!(!is_decide("actor,capability,position,salience\n"));
        assert!(!is_decide("#Actor,x\n"));
        assert!(!is_decide("prnr\tisnr\n"));
    }

    #[test]
    fn reads_actors_issues_scales_and_stances() {
        let t = "#O\tTest\n#A\tUSA\tUnited States\n#A\t日本\t日本\tgov\n#P\tt\tTariff\tUS tariff\n#M\tt\t0\tnone\n#M\tt\t25\tfull\n#P\tq\n#D\tUSA\tt\t25\t0.9\t0.6\n#D\t日本\tt\t10\t0.5\t0.4\n#D\t日本\tq\t60\t0.3\t0.4\n";
        let d = read(Path::new("x.txt"), t).unwrap();
        assert_eq!(d.name.as_deref(), Some("Test"));
        assert_eq!(d.actors[1].id, "u65e5-u672c");
        assert_eq!(d.actors[1].name.as_deref(), Some("日本"));
        assert_eq!(d.actors[1].description.as_deref(), Some("gov"));
        assert_eq!(
            d.actors[0].capability.as_ref().map(|c| c.value),
            Some(Some(0.6))
        );
        assert_eq!((d.issues[0].min, d.issues[0].max), (Some(0.0), Some(25.0)));
        assert_eq!(d.issues[0].anchors.len(), 2);
        assert_eq!((d.issues[1].min, d.issues[1].max), (Some(0.0), Some(100.0)));
        assert_eq!(d.stances.len(), 3);
        assert_eq!(d.stances[1].actor, "u65e5-u672c");
        assert_eq!(d.salience_scale, 1.0);
        assert!(crate::validate(&d, Default::default()).is_ok());
    }
}
