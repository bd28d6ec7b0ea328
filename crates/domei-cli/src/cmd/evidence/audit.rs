//! `domei evidence audit [SCENARIO] [--format table|json]`: how strongly each
//! value is grounded. The scenario's values come from
//! `domei_scenario::audit` (the briefing and the workbench use the same
//! computation); the part files' references are counted by support and voice.

use super::sources::gather;
use super::AuditArgs;
use crate::cmd::corpus::{to_json, Format};
use crate::error::CliResult;
use crate::lang;
use crate::output;
use domei_i18n::{pad_end, pad_start, tr_args};
use domei_scenario::audit::{audit as audit_scenario, Audit, ClassCounts};
use domei_scenario::{Strength, Support, Voice};
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// A part file's references by support and voice.
#[derive(Serialize)]
struct PartAudit {
    file: String,
    references: usize,
    by_support: BTreeMap<Support, usize>,
    by_voice: BTreeMap<Voice, usize>,
    /// What each reference supports, with its support and voice.
    items: Vec<PartItem>,
}

#[derive(Serialize)]
struct PartItem {
    what: String,
    passage: String,
    support: Support,
    voice: Voice,
    short_quote: bool,
    line: u32,
    col: u32,
}

/// One-letter code of a class in the table's grid.
fn code(s: Strength) -> char {
    match s {
        Strength::CitedStates => 'S',
        Strength::CitedImplies => 'I',
        Strength::CitedUnrated => 'U',
        Strength::Judgement => 'J',
        Strength::Uncited => '-',
    }
}

pub fn audit(a: AuditArgs) -> CliResult {
    let src = gather(a.scenario.as_deref())?;
    for w in &src.warnings {
        output::eprint(&w.to_string_in(crate::lang::get()));
    }
    let s = &src.scenario;
    let au = audit_scenario(s);
    let parts: Vec<PartAudit> = src
        .files
        .iter()
        .skip(1)
        .map(|f| {
            let items: Vec<PartItem> = src
                .items
                .iter()
                .filter(|i| i.file == f.path)
                .flat_map(|i| {
                    i.refs.iter().map(|r| PartItem {
                        what: i.what.clone(),
                        passage: r.passage(),
                        support: r.support,
                        voice: r.voice,
                        short_quote: r
                            .quote
                            .as_deref()
                            .is_some_and(domei_scenario::is_short_quote),
                        line: r.loc.line,
                        col: r.loc.col,
                    })
                })
                .collect();
            let mut by_support: BTreeMap<Support, usize> =
                Support::ALL.iter().map(|c| (*c, 0)).collect();
            let mut by_voice: BTreeMap<Voice, usize> = Voice::ALL.iter().map(|c| (*c, 0)).collect();
            for it in &items {
                *by_support.entry(it.support).or_default() += 1;
                *by_voice.entry(it.voice).or_default() += 1;
            }
            PartAudit {
                file: f.path.display().to_string(),
                references: items.len(),
                by_support,
                by_voice,
                items,
            }
        })
        .collect();
    let file = src.scenario_file().display().to_string();
    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => output::print(&to_json(&serde_json::json!({
            "scenario": file,
            "audit": au,
            "parts": parts,
        }))?),
        Format::Table => output::print(&table(s, &file, &au, &parts)),
    }
    Ok(ExitCode::SUCCESS)
}

fn counts_line(c: &ClassCounts) -> String {
    Strength::ALL
        .iter()
        .map(|k| format!("{:>6}", c.get(k).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join("")
}

fn table(s: &domei_scenario::Scenario, file: &str, au: &Audit, parts: &[PartAudit]) -> String {
    let l = lang::get();
    let mut t = format!(
        "{}\n\n",
        tr_args(
            l,
            "cli-audit-title",
            &[
                ("file", file.to_string()),
                ("n", au.values.len().to_string())
            ]
        )
    );
    t.push_str(&format!("{}\n", lang::t("cli-audit-grid")));
    let w = s
        .actors
        .iter()
        .map(|a| a.id.chars().count())
        .max()
        .unwrap_or(5)
        .max(5)
        .max(domei_i18n::display_width(&lang::t("cli-ev-actor")));
    let iw: Vec<usize> = s
        .issues
        .iter()
        .map(|i| i.id.chars().count().max(3))
        .collect();
    t.push_str(&format!(
        "{} {}",
        pad_end(&lang::t("cli-ev-actor"), w),
        pad_start(&lang::t("cli-audit-cap"), 4)
    ));
    for (i, is) in s.issues.iter().enumerate() {
        t.push_str(&format!(" {:>w$}", is.id, w = iw[i]));
    }
    t.push('\n');
    let strength_of = |name: &str| {
        au.values
            .iter()
            .find(|v| v.value == name)
            .map(|v| code(v.strength))
    };
    for a in &s.actors {
        let cap = strength_of(&format!("{}.capability", a.id)).unwrap_or(' ');
        t.push_str(&format!("{:<w$} {:>4}", a.id, cap));
        for (i, is) in s.issues.iter().enumerate() {
            let cell = match (
                strength_of(&format!("{}.{}.position", a.id, is.id)),
                strength_of(&format!("{}.{}.salience", a.id, is.id)),
            ) {
                (Some(p), Some(sl)) => format!("{p}/{sl}"),
                _ => String::new(),
            };
            t.push_str(&format!(" {:>w$}", cell, w = iw[i]));
        }
        t.push('\n');
    }
    let sq: Vec<String> = s
        .issues
        .iter()
        .filter_map(|is| {
            strength_of(&format!("{}.status_quo", is.id)).map(|c| format!("{} {c}", is.id))
        })
        .collect();
    if !sq.is_empty() {
        t.push_str(&format!(
            "{}: {}\n",
            lang::t("report-status-quo"),
            sq.join(", ")
        ));
    }
    let head = Strength::ALL
        .iter()
        .map(|k| {
            pad_start(
                &lang::t(match k {
                    Strength::CitedStates => "cli-audit-states",
                    Strength::CitedImplies => "cli-audit-implies",
                    Strength::CitedUnrated => "cli-audit-unrated",
                    Strength::Judgement => "cli-audit-judgement",
                    Strength::Uncited => "cli-audit-uncited",
                }),
                6,
            )
        })
        .collect::<String>();
    let gw = au
        .by_actor
        .iter()
        .chain(&au.by_issue)
        .map(|g| g.id.chars().count())
        .max()
        .unwrap_or(0)
        .max(20);
    t.push_str(&format!(
        "\n{}{head}\n{}{}\n",
        pad_end(&lang::t("cli-audit-per-class"), gw),
        pad_end(&lang::t("cli-audit-all"), gw),
        counts_line(&au.by_class)
    ));
    for (title, groups) in [
        ("cli-audit-per-actor", &au.by_actor),
        ("cli-audit-per-issue", &au.by_issue),
    ] {
        t.push_str(&format!("\n{}{head}\n", pad_end(&lang::t(title), gw)));
        for g in groups.iter() {
            t.push_str(&format!("{:<gw$}{}\n", g.id, counts_line(&g.counts)));
        }
    }
    fn list<K>(m: &BTreeMap<K, usize>, name: fn(&K) -> &'static str) -> String {
        m.iter()
            .map(|(k, v)| format!("{v} {}", name(k)))
            .collect::<Vec<_>>()
            .join(", ")
    }
    t.push_str(&format!(
        "\n{}: {}\n{}: {}\n",
        lang::t("cli-audit-by-support"),
        list(&au.by_support, |k: &Support| k.name()),
        lang::t("cli-audit-by-voice"),
        list(&au.by_voice, |k: &Voice| k.name()),
    ));
    let names = |v: &[String]| {
        if v.is_empty() {
            lang::t("report-none")
        } else {
            v.join(", ")
        }
    };
    t.push_str(&format!(
        "\n{}: {}\n",
        lang::t("cli-audit-one-short-quote"),
        names(&au.one_short_quote)
    ));
    t.push_str(&format!(
        "{}: {}\n",
        lang::t("cli-audit-recommendation-only"),
        names(&au.recommendation_only)
    ));
    let single: Vec<String> = au
        .single_document_actors
        .iter()
        .map(|x| {
            tr_args(
                l,
                "cli-audit-single-document",
                &[
                    ("actor", x.actor.to_string()),
                    ("document", x.document.to_string()),
                    ("n", x.references.to_string()),
                ],
            )
        })
        .collect();
    t.push_str(&format!(
        "{}: {}\n",
        lang::t("cli-audit-one-document"),
        names(&single)
    ));
    for p in parts {
        t.push_str(&format!(
            "\n{}",
            tr_args(
                l,
                "cli-audit-part",
                &[
                    ("file", p.file.to_string()),
                    ("n", p.references.to_string()),
                    ("support", list(&p.by_support, |k: &Support| k.name())),
                    ("voice", list(&p.by_voice, |k: &Voice| k.name())),
                ]
            )
        ));
    }
    t.push('\n');
    t
}
