//! `domei evidence check SCENARIO`: every evidence reference of a scenario
//! and of its part files resolves to a corpus passage and every quote
//! matches it; the support/voice rules of the validator on every file.

use super::sources::{gather, Item};
use super::CheckArgs;
use crate::cmd::corpus::{corpus_error, to_json, Format, Location};
use crate::error::{CliError, CliResult};
use crate::lang;
use crate::output;
use domei_corpus::{CheckStatus, CitationCheck};
use domei_i18n::{pad_end, pad_start, tr_args};
use domei_scenario::{Grounding, Scenario, Strength, ValuePath};
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// One reference and its check.
#[derive(Serialize)]
struct RefReport {
    /// e.g. `us-admin.defense-spending.salience`, or what a part's
    /// reference supports (`node japan-authorises, case 2`).
    value: String,
    file: String,
    line: u32,
    col: u32,
    quote: Option<String>,
    support: domei_scenario::Support,
    voice: domei_scenario::Voice,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    needs_review: bool,
    /// The quote is shorter than a meaningful clause.
    short_quote: bool,
    /// For a short quote: the passage's sentence that contains it.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested_quote: Option<String>,
    #[serde(flatten)]
    check: CitationCheck,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Counts {
    cited: usize,
    judgement: usize,
    uncited: usize,
}

#[derive(Serialize)]
struct Group {
    id: String,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize, Default, Clone)]
struct Summary {
    references: usize,
    verified: usize,
    resolved_without_quote: usize,
    quote_mismatch: usize,
    unresolved: usize,
    invalid: usize,
}

impl Summary {
    fn add(&mut self, st: &CheckStatus) {
        self.references += 1;
        match st {
            CheckStatus::Verified => self.verified += 1,
            CheckStatus::Resolved => self.resolved_without_quote += 1,
            CheckStatus::QuoteMismatch => self.quote_mismatch += 1,
            CheckStatus::Unresolved => self.unresolved += 1,
            CheckStatus::Invalid => self.invalid += 1,
        }
    }
}

/// One checked file and its references' summary.
#[derive(Serialize)]
struct FileSummary {
    file: String,
    #[serde(flatten)]
    summary: Summary,
}

fn value_owner(p: ValuePath) -> (Option<usize>, Option<usize>) {
    match p {
        ValuePath::Capability { actor } => (Some(actor), None),
        ValuePath::StatusQuo { issue } => (None, Some(issue)),
        ValuePath::Position { actor, issue } | ValuePath::Salience { actor, issue } => {
            (Some(actor), Some(issue))
        }
    }
}

pub fn check(loc: &Location, a: CheckArgs) -> CliResult {
    let src = gather(a.scenario.as_deref())?;
    let s: &Scenario = &src.scenario;
    let file = src.scenario_file().display().to_string();
    let corpus = loc.open()?;

    let mut refs = Vec::new();
    let mut summary = Summary::default();
    let mut files: Vec<FileSummary> = src
        .files
        .iter()
        .map(|f| FileSummary {
            file: f.path.display().to_string(),
            summary: Summary::default(),
        })
        .collect();
    let mut by_actor: BTreeMap<usize, Counts> = BTreeMap::new();
    let mut by_issue: BTreeMap<usize, Counts> = BTreeMap::new();
    let mut totals = Counts::default();
    let mut strength: BTreeMap<&'static str, usize> =
        Strength::ALL.iter().map(|c| (c.name(), 0)).collect();
    let mut uncited = Vec::new();
    let mut rules = Grounding::new(a.strict);
    for (path, v) in s.values() {
        let (actor, issue) = value_owner(path);
        let bump = |c: &mut Counts| {
            if !v.evidence.is_empty() {
                c.cited += 1;
            } else if v.judgement.is_some() {
                c.judgement += 1;
            } else {
                c.uncited += 1;
            }
        };
        bump(&mut totals);
        *strength.entry(v.strength().name()).or_default() += 1;
        if let Some(a) = actor {
            bump(by_actor.entry(a).or_default());
        }
        if let Some(i) = issue {
            bump(by_issue.entry(i).or_default());
        }
        if v.evidence.is_empty() && v.judgement.is_none() {
            uncited.push((s.value_name(path), v.loc));
        }
    }
    if a.strict {
        for d in domei_scenario::strict_check(s).0 {
            rules.errors.push(d);
        }
    }
    for Item {
        file: f,
        what,
        refs: item_refs,
        loc: at,
        ..
    } in &src.items
    {
        rules.refs(f, what, item_refs, *at);
        let fi = src.files.iter().position(|x| &x.path == f).unwrap_or(0);
        for r in item_refs {
            let check = corpus
                .check_reference(&r.doc, &r.locator, r.quote.as_deref())
                .map_err(corpus_error)?;
            summary.add(&check.status);
            files[fi].summary.add(&check.status);
            let short = r
                .quote
                .as_deref()
                .is_some_and(domei_scenario::is_short_quote);
            let suggested_quote = match (&r.quote, short) {
                (Some(q), true) => corpus
                    .enclosing_sentence(&r.doc, &r.locator, q)
                    .map_err(corpus_error)?
                    .filter(|sent| sent.trim() != q.trim()),
                _ => None,
            };
            refs.push(RefReport {
                value: what.clone(),
                file: f.display().to_string(),
                line: r.loc.line,
                col: r.loc.col,
                quote: r.quote.clone(),
                support: r.support,
                voice: r.voice,
                needs_review: r.needs_review,
                short_quote: short,
                suggested_quote,
                check,
            });
        }
    }
    let (rule_errors, mut warnings) = rules.finish();
    warnings.extend(src.warnings.iter().cloned());
    let failed_refs = summary.quote_mismatch + summary.unresolved + summary.invalid;
    let strict_fail = !rule_errors.is_empty();
    let actors: Vec<Group> = by_actor
        .iter()
        .map(|(i, c)| Group {
            id: s.actors[*i].id.clone(),
            counts: *c,
        })
        .collect();
    let issues: Vec<Group> = by_issue
        .iter()
        .map(|(i, c)| Group {
            id: s.issues[*i].id.clone(),
            counts: *c,
        })
        .collect();

    match a.format {
        Format::Csv => return Err(crate::output::no_csv()),
        Format::Json => {
            output::print(&to_json(&serde_json::json!({
                "scenario": file,
                "ok": failed_refs == 0 && !strict_fail,
                "strict": a.strict,
                "summary": summary,
                "files": files,
                "values": totals,
                "strength": strength,
                "by_actor": actors,
                "by_issue": issues,
                "uncited": uncited.iter().map(|(n, l)| serde_json::json!({"value": n, "line": l.line, "col": l.col})).collect::<Vec<_>>(),
                "errors": rule_errors.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "warnings": warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "references": refs,
            }))?);
        }
        Format::Table => {
            let mut err = String::new();
            for r in refs.iter().filter(|r| !r.check.ok()) {
                err.push_str(&describe_failure(r));
            }
            for d in rule_errors.iter() {
                err.push_str(&format!("{d}\n"));
            }
            for w in &warnings {
                err.push_str(&w.to_string_in(crate::lang::get()));
                err.push('\n');
                if let Some(r) = refs.iter().find(|r| {
                    r.short_quote
                        && w.loc.line == r.line
                        && w.loc.col == r.col
                        && w.file.display().to_string() == r.file
                }) {
                    if let Some(sugg) = &r.suggested_quote {
                        err.push_str(&format!("  suggested quote: \"{sugg}\"\n"));
                    }
                }
            }
            if !err.is_empty() {
                output::eprint(err.trim_end());
            }
            output::print(&table(
                &file, &files, &summary, totals, &strength, &actors, &issues,
            ));
        }
    }
    if failed_refs > 0 || strict_fail {
        let mut why = Vec::new();
        if summary.quote_mismatch > 0 {
            why.push(tr_args(
                lang::get(),
                "cli-ev-quotes-not-found",
                &[("n", summary.quote_mismatch.to_string())],
            ));
        }
        if summary.unresolved + summary.invalid > 0 {
            why.push(tr_args(
                lang::get(),
                "cli-ev-refs-unresolved",
                &[("n", (summary.unresolved + summary.invalid).to_string())],
            ));
        }
        if strict_fail {
            why.push(tr_args(
                lang::get(),
                "cli-check-strict-failed",
                &[("count", rule_errors.len().to_string())],
            ));
        }
        return Err(CliError::Failed(tr_args(
            lang::get(),
            "cli-ev-check-failed",
            &[("why", why.join(", "))],
        )));
    }
    Ok(ExitCode::SUCCESS)
}

fn describe_failure(r: &RefReport) -> String {
    let c = &r.check;
    let mut s = format!("{}:{}:{}: error: ", r.file, r.line, r.col);
    match c.status {
        CheckStatus::QuoteMismatch => {
            s.push_str(&format!(
                "quote not found in {} (cited for {})\n",
                c.resolved.as_deref().unwrap_or(&c.reference),
                r.value
            ));
        }
        _ => s.push_str(&format!(
            "{} does not resolve: {} (cited for {})\n",
            c.reference,
            c.problem.as_deref().unwrap_or("unknown problem"),
            r.value
        )),
    }
    if let Some(q) = &r.quote {
        s.push_str(&format!("  quote: \"{q}\"\n"));
    }
    if let Some(cl) = &c.closest {
        s.push_str(&format!(
            "  closest passage: {} (similarity {:.2}): \"{}\"\n",
            cl.passage, cl.similarity, cl.excerpt
        ));
    }
    s
}

fn table(
    file: &str,
    files: &[FileSummary],
    s: &Summary,
    totals: Counts,
    strength: &BTreeMap<&'static str, usize>,
    actors: &[Group],
    issues: &[Group],
) -> String {
    let l = lang::get();
    let mut t = format!(
        "{}\n",
        tr_args(
            l,
            "cli-ev-summary",
            &[
                ("file", file.to_string()),
                ("parts", files.len().saturating_sub(1).to_string()),
                ("references", s.references.to_string()),
                ("verified", s.verified.to_string()),
                ("noquote", s.resolved_without_quote.to_string()),
                ("mismatch", s.quote_mismatch.to_string()),
                ("unresolved", (s.unresolved + s.invalid).to_string()),
            ]
        )
    );
    for f in files {
        let s = &f.summary;
        t.push_str(&format!(
            "  {}\n",
            tr_args(
                l,
                "cli-ev-file-summary",
                &[
                    ("file", f.file.to_string()),
                    ("references", s.references.to_string()),
                    ("verified", s.verified.to_string()),
                    ("mismatch", s.quote_mismatch.to_string()),
                    ("unresolved", (s.unresolved + s.invalid).to_string()),
                ]
            )
        ));
    }
    t.push_str(&format!(
        "{}\n",
        tr_args(
            l,
            "cli-ev-strength",
            &[(
                "counts",
                strength
                    .iter()
                    .map(|(k, v)| format!("{v} {k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )]
        )
    ));
    t.push_str(&format!(
        "{}\n\n",
        tr_args(
            l,
            "cli-ev-values",
            &[
                ("cited", totals.cited.to_string()),
                ("judgement", totals.judgement.to_string()),
                ("uncited", totals.uncited.to_string()),
            ]
        )
    ));
    let w = actors
        .iter()
        .chain(issues)
        .map(|g| g.id.chars().count())
        .max()
        .unwrap_or(0)
        .max(20);
    for (head, rows) in [("cli-ev-actor", actors), ("cli-ev-issue", issues)] {
        t.push_str(&format!(
            "{} {} {} {}\n",
            pad_end(&lang::t(head), w),
            pad_start(&lang::t("cli-ev-cited"), 6),
            pad_start(&lang::t("cli-ev-judgement"), 10),
            pad_start(&lang::t("cli-ev-uncited"), 8)
        ));
        for g in rows {
            t.push_str(&format!(
                "{} {:>6} {:>10} {:>8}\n",
                pad_end(&g.id, w),
                g.counts.cited,
                g.counts.judgement,
                g.counts.uncited
            ));
        }
        t.push('\n');
    }
    t
}
