//! Readers for the two CSV formats: the simple one-issue
//! `actor,capability,position,salience` table (Bueno de Mesquita's test
//! cases) and KTAB's SMP scenario CSV (several dimensions on 0–100).

use super::table::{derived_id, number, records, slug, Record};
use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{Draft, DraftActor, DraftIssue, DraftStance, DraftValue};
use crate::model::{Loc, SourceFormat};
use std::path::Path;

/// The simple CSV's header row, in order.
pub const SIMPLE_HEADER: [&str; 4] = ["actor", "capability", "position", "salience"];

/// True when the first non-blank row is the simple CSV header.
pub fn is_simple(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let cols: Vec<String> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    cols.len() >= 4 && cols[..4] == SIMPLE_HEADER
}

fn stem(path: &Path) -> String {
    let s = slug(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    if s.is_empty() {
        "scenario".to_string()
    } else {
        s
    }
}

fn too_short(path: &Path, rec: &Record, want: usize, what: &str) -> Diagnostic {
    Diagnostic::new(
        path,
        Loc::new(rec.line, rec.cols.last().copied().unwrap_or(1)),
        format!(
            "expected {want} columns ({what}), found {}",
            rec.len_trimmed()
        ),
    )
    .help("every row needs a value in each column; check for a missing comma")
}

/// Reads the simple `actor,capability,position,salience` CSV: one issue
/// whose scale runs from the lowest to the highest position (widened by one
/// unit each side when all positions are equal).
pub fn read_simple(path: &Path, text: &str) -> Result<Draft, Diagnostics> {
    // One actor per row after the header (sizes first: prescan.rs).
    super::prescan::rows(path, text, 1, domei_limits::ACTORS)?;
    let recs = records(path, text, b',')?;
    let mut diags = Diagnostics::default();
    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::SimpleCsv);
    let id = stem(path);
    draft.id = Some(id.clone());
    draft.name = Some(id.clone());
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for rec in recs.iter().skip(1) {
        if rec.len_trimmed() < 4 {
            diags.push(too_short(
                path,
                rec,
                4,
                "actor, capability, position, salience",
            ));
            continue;
        }
        if rec.len_trimmed() > 4 {
            diags.push(
                Diagnostic::new(
                    path,
                    rec.loc(4),
                    format!("expected 4 columns, found {}", rec.len_trimmed()),
                )
                .help("remove the extra columns, or quote a name that contains a comma"),
            );
            continue;
        }
        let name = rec.get(0).to_string();
        let cap = number(path, rec, 1, "capability", &mut diags);
        let pos = number(path, rec, 2, "position", &mut diags);
        let sal = number(path, rec, 3, "salience", &mut diags);
        let aid = derived_id(&name);
        draft.actors.push(DraftActor {
            id: if aid.is_empty() {
                name.clone()
            } else {
                aid.clone()
            },
            name: Some(name),
            description: None,
            capability: cap.map(|c| DraftValue::point(c, rec.loc(1))),
            loc: rec.loc(0),
        });
        if let Some(p) = pos.filter(|p| p.is_finite()) {
            lo = lo.min(p);
            hi = hi.max(p);
        }
        draft.stances.push(DraftStance {
            actor: if aid.is_empty() {
                rec.get(0).to_string()
            } else {
                aid
            },
            actor_loc: rec.loc(0),
            issue: id.clone(),
            issue_loc: rec.loc(2),
            position: pos.map(|p| DraftValue::point(p, rec.loc(2))),
            salience: sal.map(|s| DraftValue::point(s, rec.loc(3))),
            loc: rec.loc(0),
        });
    }
    if recs.len() <= 1 {
        diags.push(
            Diagnostic::new(
                path,
                Loc::new(recs.first().map_or(1, |r| r.line), 1),
                "no actor rows after the header",
            )
            .help("add one row per actor: name, capability, position, salience"),
        );
    }
    diags.into_result()?;
    if lo == hi {
        lo -= 1.0;
        hi += 1.0;
    }
    draft.issues.push(DraftIssue {
        id,
        unit: Some("position".into()),
        min: lo.is_finite().then_some(lo),
        max: hi.is_finite().then_some(hi),
        loc: Loc::new(1, 1),
        scale_loc: Loc::new(1, 1),
        ..Default::default()
    });
    Ok(draft)
}

/// Reads KTAB's SMP CSV. Row 1: name, description, number of actors, number
/// of dimensions. Row 2: `Actor,Description,Power|Influence`, then a position
/// and a salience header per dimension. Then one row per actor. Positions and
/// saliences are 0–100. An actor whose saliences sum to more than 100 has them
/// rescaled to sum to 100 (KTAB's own dummyData_3Dim.csv needs this), with a
/// warning.
pub fn read_ktab(path: &Path, text: &str) -> Result<(Draft, Vec<Diagnostic>), Diagnostics> {
    // One actor per row after the two header rows (prescan.rs).
    super::prescan::rows(path, text, 2, domei_limits::ACTORS)?;
    let recs = records(path, text, b',')?;
    let mut diags = Diagnostics::default();
    let mut warnings = Vec::new();
    let Some(first) = recs.first() else {
        return Err(Diagnostics::single(
            Diagnostic::new(path, Loc::new(1, 1), "the file is empty").help(
                "a KTAB CSV starts with: name, description, number of actors, number of dimensions",
            ),
        ));
    };
    if first.len_trimmed() < 4 {
        return Err(Diagnostics::single(too_short(
            path,
            first,
            4,
            "scenario name, description, number of actors, number of dimensions",
        )));
    }
    let n_actors = count(path, first, 2, "number of actors", &mut diags);
    let n_dims = count(path, first, 3, "number of dimensions", &mut diags);
    let Some(header) = recs.get(1) else {
        diags.push(
            Diagnostic::new(path, Loc::new(first.line + 1, 1), "missing the header row")
                .help("row 2 must be: Actor,Description,Power, then a position and a salience column per dimension"),
        );
        return Err(diags);
    };
    let (Some(n_actors), Some(n_dims)) = (n_actors, n_dims) else {
        return Err(diags);
    };
    let power = header.get(2).to_ascii_lowercase();
    if !header.get(0).eq_ignore_ascii_case("actor") || !(power == "power" || power == "influence") {
        diags.push(
            Diagnostic::new(path, header.loc(0), format!("row 2 should start with Actor,Description,Power; found {},{},{}", header.get(0), header.get(1), header.get(2)))
                .help("this does not look like a KTAB CSV; the simple format's header is actor,capability,position,salience"),
        );
        return Err(diags);
    }
    let want = 3 + 2 * n_dims;
    if header.len_trimmed() != want {
        diags.push(
            Diagnostic::new(path, header.loc(0), format!("row 1 says {n_dims} dimensions, so row 2 needs {want} columns; it has {}", header.len_trimmed()))
                .help("give a position and a salience column per dimension, or correct the count in row 1"),
        );
        return Err(diags);
    }

    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::KtabCsv);
    draft.salience_scale = 100.0;
    let name = first.get(0).to_string();
    let sid = slug(&name);
    draft.id = Some(if sid.is_empty() { stem(path) } else { sid });
    draft.name = Some(name);
    draft.description = Some(first.get(1).to_string()).filter(|d| !d.is_empty());
    for d in 0..n_dims {
        let label = header.get(3 + 2 * d);
        let mut id = slug(
            label
                .trim_end_matches(' ')
                .trim_end_matches("Position")
                .trim_end_matches("position"),
        );
        if id.is_empty() || draft.issues.iter().any(|i| i.id == id) {
            id = format!("dim{}", d + 1);
        }
        draft.issues.push(DraftIssue {
            id,
            name: Some(label.to_string()),
            unit: Some("0–100".into()),
            min: Some(0.0),
            max: Some(100.0),
            loc: header.loc(3 + 2 * d),
            scale_loc: header.loc(3 + 2 * d),
            ..Default::default()
        });
    }
    let rows: Vec<&Record> = recs.iter().skip(2).collect();
    if rows.len() != n_actors {
        let line = rows.last().map_or(header.line, |r| r.line);
        diags.push(
            Diagnostic::new(
                path,
                Loc::new(line, 1),
                format!(
                    "row 1 says {n_actors} actors but {} actor rows follow",
                    rows.len()
                ),
            )
            .help(
                "correct the count in row 1, or add the missing rows (the file may be truncated)",
            ),
        );
    }
    for rec in rows {
        if rec.len_trimmed() != want {
            diags.push(too_short(
                path,
                rec,
                want,
                "actor, description, power, then position and salience per dimension",
            ));
            continue;
        }
        let name = rec.get(0).to_string();
        let aid = {
            let s = derived_id(&name);
            if s.is_empty() {
                name.clone()
            } else {
                s
            }
        };
        let power = number(path, rec, 2, "power", &mut diags);
        draft.actors.push(DraftActor {
            id: aid.clone(),
            name: Some(if rec.get(1).is_empty() {
                name.clone()
            } else {
                format!("{} ({})", rec.get(1), name)
            }),
            description: None,
            capability: power.map(|p| DraftValue::point(p, rec.loc(2))),
            loc: rec.loc(0),
        });
        let mut sal: Vec<Option<f64>> = (0..n_dims)
            .map(|d| number(path, rec, 4 + 2 * d, "salience", &mut diags))
            .collect();
        if let Some(w) = rescale_saliences(path, rec.loc(4), &name, &mut sal) {
            warnings.push(w);
        }
        for (d, sal_d) in sal.iter().enumerate().take(n_dims) {
            let pos = number(path, rec, 3 + 2 * d, "position", &mut diags);
            draft.stances.push(DraftStance {
                actor: aid.clone(),
                actor_loc: rec.loc(0),
                issue: draft.issues[d].id.clone(),
                issue_loc: rec.loc(3 + 2 * d),
                position: pos.map(|p| DraftValue::point(p, rec.loc(3 + 2 * d))),
                salience: sal_d.map(|s| DraftValue::point(s, rec.loc(4 + 2 * d))),
                loc: rec.loc(0),
            });
        }
    }
    diags.into_result()?;
    Ok((draft, warnings))
}

/// KTAB's saliences are shares of an actor's attention: when `sal` (on
/// 0–100) sums to more than 100 it is rescaled to sum to 100, with the
/// warning returned (KTAB's own dummyData_3Dim needs this). Shared by the
/// KTAB CSV and XML readers.
pub fn rescale_saliences(
    path: &Path,
    loc: Loc,
    name: &str,
    sal: &mut [Option<f64>],
) -> Option<Diagnostic> {
    let sum: f64 = sal
        .iter()
        .flatten()
        .filter(|s| s.is_finite() && **s >= 0.0)
        .sum();
    if sum <= 100.0 + 1e-9 {
        return None;
    }
    for s in sal.iter_mut().flatten() {
        if *s >= 0.0 {
            *s *= 100.0 / sum;
        }
    }
    Some(
        Diagnostic::new(
            path,
            loc,
            format!(
                "actor {name:?}: saliences sum to {sum:.2}, more than 100; rescaled to sum to 100"
            ),
        )
        .help("KTAB saliences are shares of an actor's attention across dimensions"),
    )
}

fn count(
    path: &Path,
    rec: &Record,
    i: usize,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    match rec.get(i).parse::<usize>() {
        Ok(n) if n > 0 && n <= 10_000 => Some(n),
        _ => {
            diags.push(
                Diagnostic::new(path, rec.loc(i), format!("{what}: expected a whole number from 1 to 10000, found {:?}", rec.get(i)))
                    .help("row 1 of a KTAB CSV is: name, description, number of actors, number of dimensions"),
            );
            None
        }
    }
}
