//! Reader for the DEU III table (Arregui & Perarnaud 2022, doi:10.34810/data53,
//! as published with blksv/predictioneers_game; see data/README.md).
//!
//! Tab-separated: a header; a second row holding each actor's capability in
//! its position column; then one controversial issue per row. Actors are the
//! column pairs `p<code>`/`s<code>` (Commission, Parliament, 28 states). Each
//! row becomes one issue on a 0–100 scale: id `isnr`, group `prnr`, status quo
//! `rp` and outcome `out` where recorded, `proc`/`counvte` kept as the
//! `procedure`/`voting_rule` meta data. An actor takes part in an issue where
//! its position cell is filled; an empty salience beside a recorded position
//! counts as 50 (of 100).

use super::table::{number, records, Record};
use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{Draft, DraftActor, DraftIssue, DraftStance, DraftValue};
use crate::model::{Loc, SourceFormat};
use std::path::Path;

/// Salience used where a position is recorded without one (0–100 scale).
pub const DEFAULT_SALIENCE: f64 = 50.0;

const REQUIRED: [&str; 6] = ["prnr", "isnr", "proc", "counvte", "rp", "out"];

/// An actor's id: its code, which is an id already unless it is not ASCII
/// (日本: then the importers' rule, [`super::table::derived_id`]).
fn actor_id(code: &str) -> String {
    if crate::is_valid_id(code) {
        code.to_string()
    } else {
        super::table::derived_id(code)
    }
}

fn actor_name(code: &str) -> &str {
    match code {
        "com" => "European Commission",
        "ep" => "European Parliament",
        "at" => "Austria",
        "be" => "Belgium",
        "bu" => "Bulgaria",
        "cr" => "Croatia",
        "cy" => "Cyprus",
        "cz" => "Czechia",
        "dk" => "Denmark",
        "ee" => "Estonia",
        "fi" => "Finland",
        "fr" => "France",
        "de" => "Germany",
        "el" => "Greece",
        "hu" => "Hungary",
        "ie" => "Ireland",
        "it" => "Italy",
        "lv" => "Latvia",
        "lt" => "Lithuania",
        "lu" => "Luxembourg",
        "mt" => "Malta",
        "nl" => "Netherlands",
        "pl" => "Poland",
        "pt" => "Portugal",
        "ro" => "Romania",
        "si" => "Slovenia",
        "sk" => "Slovakia",
        "es" => "Spain",
        "se" => "Sweden",
        "uk" => "United Kingdom",
        other => other,
    }
}

/// Reads a DEU III table (two header rows, then one issue per row) into a
/// draft; the located errors when a row cannot be read.
pub fn read(path: &Path, text: &str) -> Result<Draft, Diagnostics> {
    // One issue per row after the two header rows (prescan.rs).
    super::prescan::rows(path, text, 2, domei_limits::ISSUES)?;
    let recs = records(path, text, b'\t')?;
    let mut diags = Diagnostics::default();
    let Some(header) = recs.first() else {
        return Err(Diagnostics::single(
            Diagnostic::new(path, Loc::new(1, 1), "the file is empty")
                .help("a DEU III table starts with its header row"),
        ));
    };
    let col = |name: &str| header.fields.iter().position(|f| f == name);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|n| col(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostics::single(
            Diagnostic::new(
                path,
                header.loc(0),
                format!("the header lacks the column(s) {}", missing.join(", ")),
            )
            .help("this does not look like a DEU III table; see data/README.md for its columns"),
        ));
    }
    // Every actor is a pair of columns p<code> and s<code>.
    let actors: Vec<(String, usize, usize)> = header
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let code = f.strip_prefix('p')?;
            let s = col(&format!("s{code}"))?;
            Some((code.to_string(), i, s))
        })
        .collect();
    if actors.is_empty() {
        return Err(Diagnostics::single(
            Diagnostic::new(
                path,
                header.loc(0),
                "no actor columns (pairs p<code>, s<code>) in the header",
            )
            .help("each actor needs a position column p<code> and a salience column s<code>"),
        ));
    }
    let Some(caps) = recs.get(1) else {
        return Err(Diagnostics::single(
            Diagnostic::new(
                path,
                Loc::new(header.line + 1, 1),
                "missing the capability row",
            )
            .help("row 2 holds each actor's capability in its position column"),
        ));
    };
    let width = header.fields.len();
    let check_width = |rec: &Record, diags: &mut Diagnostics| {
        if rec.fields.len() != width {
            diags.push(
                Diagnostic::new(
                    path,
                    Loc::new(rec.line, 1),
                    format!(
                        "expected {width} tab-separated columns, found {}",
                        rec.fields.len()
                    ),
                )
                .help(
                    "every row must have as many columns as the header; the file may be truncated",
                ),
            );
            false
        } else {
            true
        }
    };

    let mut draft = Draft::new(path.to_path_buf(), SourceFormat::Deu3);
    draft.salience_scale = 100.0;
    draft.id = Some("deu3".into());
    draft.name = Some("DEU III: EU legislative decisions".into());
    draft.description = Some(
        "Arregui & Perarnaud, Decision-making in the European Union (DEU III), doi:10.34810/data53"
            .into(),
    );
    if check_width(caps, &mut diags) {
        for (code, p, _) in &actors {
            let cap = number(path, caps, *p, &format!("capability of {code}"), &mut diags);
            draft.actors.push(DraftActor {
                id: actor_id(code),
                name: Some(actor_name(code).to_string()),
                description: None,
                capability: cap.map(|c| DraftValue::point(c, caps.loc(*p))),
                loc: caps.loc(*p),
            });
        }
    }
    let c = |n: &str| col(n).unwrap_or(0); // all REQUIRED columns exist (checked above)
    for rec in recs.iter().skip(2) {
        if !check_width(rec, &mut diags) {
            continue;
        }
        let id = rec.get(c("isnr")).to_string();
        let opt = |i: usize, what: &str, diags: &mut Diagnostics| {
            if rec.get(i).is_empty() {
                None
            } else {
                number(path, rec, i, what, diags).map(|x| (x, rec.loc(i)))
            }
        };
        let rp = opt(c("rp"), "reference point (rp)", &mut diags);
        let out = opt(c("out"), "outcome (out)", &mut diags);
        let mut meta = std::collections::BTreeMap::new();
        meta.insert("procedure".to_string(), rec.get(c("proc")).to_string());
        meta.insert("voting_rule".to_string(), rec.get(c("counvte")).to_string());
        if let Some(i) = col("type") {
            meta.insert("type".into(), rec.get(i).to_string());
        }
        if let Some(i) = col("council") {
            meta.insert("council".into(), rec.get(i).to_string());
        }
        let prname = col("prname")
            .map(|i| rec.get(i).to_string())
            .unwrap_or_default();
        draft.issues.push(DraftIssue {
            id: id.clone(),
            name: Some(if prname.is_empty() {
                id.clone()
            } else {
                format!("{prname} ({id})")
            }),
            description: None,
            unit: Some("0–100".into()),
            min: Some(0.0),
            max: Some(100.0),
            scale_loc: rec.loc(c("isnr")),
            anchors: Vec::new(),
            status_quo: rp.map(|(x, loc)| DraftValue::point(x, loc)),
            outcome: out,
            group: Some(rec.get(c("prnr")).to_string()),
            meta,
            loc: rec.loc(c("isnr")),
        });
        for (code, p, s) in &actors {
            if rec.get(*p).is_empty() {
                continue;
            }
            let pos = number(path, rec, *p, &format!("position of {code}"), &mut diags);
            let sal = if rec.get(*s).is_empty() {
                Some(DEFAULT_SALIENCE)
            } else {
                number(path, rec, *s, &format!("salience of {code}"), &mut diags)
            };
            draft.stances.push(DraftStance {
                actor: actor_id(code),
                actor_loc: rec.loc(*p),
                issue: id.clone(),
                issue_loc: rec.loc(c("isnr")),
                position: pos.map(|x| DraftValue::point(x, rec.loc(*p))),
                salience: sal.map(|x| DraftValue::point(x, rec.loc(*s))),
                loc: rec.loc(*p),
            });
        }
    }
    diags.into_result()?;
    Ok(draft)
}
