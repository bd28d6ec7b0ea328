//! Builds the [`Brief`] from the scenario and its results: what to say, in
//! which order, with which citation markers. Renderers do layout only.

use crate::cite::{plain_number, Citer};
use crate::doc::{Block, Brief, Rich, Table};
use crate::BriefInput;
use domei_i18n::{tr, tr_args, Lang};
use domei_report::fmt_on_scale;
use domei_run::ModelResult;
use domei_scenario::{Issue, ValuePath};

use crate::issue::issue_section;
use crate::sections::{best_responses, evidence_strength, evidence_strength_short};

pub(crate) fn heading(level: u8, text: impl Into<String>, anchor: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        anchor: anchor.into(),
    }
}

pub(crate) fn table(
    head: &[&str],
    rows: Vec<Vec<Rich>>,
    numeric: &[bool],
    widths: &[f32],
) -> Block {
    Block::Table(Table {
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
        numeric: numeric.to_vec(),
        widths: widths.to_vec(),
    })
}

/// The labelled point nearest `x`, in words.
pub fn nearest_anchor(issue: &Issue, x: f64) -> Option<String> {
    nearest_anchor_lang(issue, x, Lang::En)
}

/// [`nearest_anchor`] for readers of `lang` (Japanese quotes and yen
/// amounts in 兆円/億円).
pub fn nearest_anchor_lang(issue: &Issue, x: f64, lang: Lang) -> Option<String> {
    issue.nearest_anchor(x).map(|a| {
        let v = domei_report::fmt_value(issue, a.value, lang);
        match lang {
            Lang::En => format!("“{}” ({v})", a.label),
            Lang::Ja => format!("「{}」（{v}）", a.label),
        }
    })
}

/// `x` with its unit, in `lang`'s conventions.
pub(crate) fn with_unit_lang(x: f64, issue: &Issue, lang: Lang) -> String {
    if lang == Lang::Ja {
        if let Some(y) = domei_i18n::ja::yen_value(x, &issue.unit) {
            return y;
        }
    }
    with_unit(x, issue)
}

fn with_unit(x: f64, issue: &Issue) -> String {
    let v = fmt_on_scale(x, issue.min, issue.max);
    if issue.unit.is_empty() {
        v
    } else {
        format!("{v} {}", issue.unit)
    }
}

/// A change with its sign; "no change" when it rounds to zero.
fn signed_change(d: f64, issue: &Issue) -> String {
    let v = fmt_on_scale(d.abs(), issue.min, issue.max);
    if d.abs() < 1e-9 || v.chars().all(|c| c == '0' || c == '.') {
        return if d.abs() < 1e-9 {
            "no change".into()
        } else {
            format!("≈0 ({d:+.1e})")
        };
    }
    format!("{}{v}", if d > 0.0 { "+" } else { "−" })
}

/// Turns the input into the briefing document.
pub fn compose(inp: &BriefInput) -> Brief {
    let s = inp.scenario;
    let f = inp.forecast;
    let l = inp.lang;
    let mut c = Citer::new(s, inp.docs);
    c.lang = l;
    // The short briefing's bottom line has no page break: the summary
    // flows on after it, so that the whole fits two pages.
    let mut b: Vec<Block> = crate::bottom_line::bottom_line(inp, &mut c);

    // Summary: the question, what was run and what is missing, the table.
    b.push(heading(1, tr(l, "brief-summary"), "summary"));
    let mut q = Rich::default();
    q.strong(tr(l, "brief-question"));
    q.push(if s.question.trim().is_empty() {
        tr(l, "brief-no-question")
    } else {
        s.question.trim().to_string()
    });
    b.push(Block::Para(q));
    if !s.description.trim().is_empty() {
        b.push(Block::Para(Rich::text(s.description.trim())));
    }
    let models: Vec<&str> = f.models.iter().map(|m| m.as_str()).collect();
    let mut how = tr_args(
        l,
        "brief-how",
        &[
            ("models", models.join(", ")),
            ("rounds", f.options.rounds.to_string()),
        ],
    );
    if let Some(r) = inp.sim {
        let o = &r.options;
        how.push_str(&tr_args(
            l,
            "brief-how-mc",
            &[
                ("draws", o.draws.to_string()),
                ("seed", o.seed.to_string()),
                ("dist", format!("{:?}", o.dist).to_lowercase()),
                ("position", plain_number(o.perturbation.position * 100.0)),
                ("salience", plain_number(o.perturbation.salience)),
                (
                    "capability",
                    plain_number(o.perturbation.capability * 100.0),
                ),
            ],
        ));
    }
    b.push(Block::Para(Rich::text(how)));

    let mut missing: Vec<Rich> = Vec::new();
    if inp.sim.is_none() {
        missing.push(tr(l, "brief-missing-mc").into());
    }
    if inp.sensitivity.is_none() {
        missing.push(tr(l, "brief-missing-sensitivity").into());
    }
    if inp.best_response.is_none() && inp.whatifs.is_empty() {
        missing.push(tr(l, "brief-missing-options").into());
    }
    for ifc in &f.issues {
        for r in &ifc.results {
            if let ModelResult::Skipped { model, error, .. } = r {
                missing.push(
                    format!(
                        "{} was not forecast by {model}: {error}.",
                        s.issues[ifc.issue].name
                    )
                    .into(),
                );
            }
        }
    }
    missing.extend(inp.notes.iter().map(|n| Rich::text(n.clone())));

    // The forecasts at a glance (every model): in the full briefing; the
    // short one has the headline forecasts of the bottom line.
    // (Its status quos are cited only where the table is shown.)
    if inp.full {
        let (h_issue, h_sq, h_near) = (
            tr(l, "brief-issue"),
            tr(l, "brief-status-quo"),
            tr(l, "brief-nearest-median"),
        );
        let mut head = vec![h_issue.as_str(), h_sq.as_str()];
        head.extend(models.iter().copied());
        head.push(h_near.as_str());
        let mut rows = Vec::new();
        for ifc in &f.issues {
            let issue = &s.issues[ifc.issue];
            let mut row = vec![Rich::text(tr_args(
                l,
                "brief-issue-with-unit",
                &[("issue", issue.name.clone()), ("unit", issue.unit.clone())],
            ))];
            let mut sq = Rich::default();
            match &issue.status_quo {
                Some(v) => {
                    sq.push(domei_report::fmt_value(issue, v.value, l));
                    sq.cite(&c.cite(ValuePath::StatusQuo { issue: ifc.issue }));
                }
                None => {
                    sq.push("–");
                }
            }
            row.push(sq);
            for r in &ifc.results {
                row.push(Rich::text(r.value().map_or(tr(l, "brief-na"), |v| {
                    domei_report::fmt_value(issue, v, l)
                })));
            }
            let m = ifc.median_of_models();
            row.push(Rich::text(
                m.and_then(|m| nearest_anchor_lang(issue, m, l))
                    .unwrap_or_else(|| "–".into()),
            ));
            rows.push(row);
        }
        let mut numeric = vec![false, true];
        numeric.extend(models.iter().map(|_| true));
        numeric.push(false);
        let mut widths = vec![3.0, 1.2];
        widths.extend(models.iter().map(|_| 1.45));
        widths.push(2.6);
        b.push(heading(2, tr(l, "brief-glance"), "glance"));
        b.push(table(&head, rows, &numeric, &widths));
    }

    if inp.full {
        actors_and_issues(inp, &mut c, &mut b);
    } else {
        // The short briefing: the evidence strength in brief, then the
        // lists.
        b.extend(evidence_strength_short(s, l));
        b.push(Block::Note(tr(l, "brief-short-note").into()));
    }
    let asked = inp.best_response.is_some() || !inp.whatifs.is_empty();
    if inp.full || asked {
        options(inp, &mut b);
    }
    // The full briefing lists the evidence of every value; the short one
    // that of the values it shows.
    if inp.full {
        c.cite_rest();
    }
    finish(inp, c, b, missing)
}

/// The actors, the evidence strength and one section per issue.
fn actors_and_issues(inp: &BriefInput, c: &mut Citer, b: &mut Vec<Block>) {
    let (s, f, l) = (inp.scenario, inp.forecast, inp.lang);
    // Actors and their capabilities.
    b.push(heading(1, tr(l, "brief-actors"), "actors"));
    b.push(Block::Para(tr(l, "brief-capability-note").into()));
    let rows = s
        .actors
        .iter()
        .enumerate()
        .map(|(a, actor)| {
            let mut cap = Rich::text(c.show(ValuePath::Capability { actor: a }));
            cap.cite(&c.cite(ValuePath::Capability { actor: a }));
            vec![
                Rich::text(actor.name.clone()),
                Rich::text(actor.id.clone()),
                cap,
            ]
        })
        .collect();
    b.push(table(
        &[
            &tr(l, "brief-actor"),
            &tr(l, "brief-id"),
            &tr(l, "brief-capability"),
        ],
        rows,
        &[false, false, true],
        &[4.0, 2.2, 1.6],
    ));

    // How strongly the inputs are grounded.
    b.extend(evidence_strength(s, l));

    // One section per issue.
    b.push(heading(1, tr(l, "brief-issues"), "issues"));
    for ifc in &f.issues {
        issue_section(inp, c, ifc, b);
    }
}

/// Strategic options: best responses and what-ifs.
fn options(inp: &BriefInput, b: &mut Vec<Block>) {
    let (s, l) = (inp.scenario, inp.lang);
    // Strategic options.
    b.push(heading(1, tr(l, "brief-options"), "options"));
    if let Some(br) = &inp.best_response {
        best_responses(inp, br, b);
    }
    for (k, w) in inp.whatifs.iter().enumerate() {
        b.push(heading(
            2,
            format!("What if {}", w.label),
            format!("whatif-{}", k + 1),
        ));
        let mut rows = Vec::new();
        for ic in &w.changes {
            let Some(issue) = s.issues.iter().find(|i| i.id == ic.issue) else {
                continue;
            };
            let f = |x: Option<f64>| {
                x.map_or("n/a".to_string(), |x| fmt_on_scale(x, issue.min, issue.max))
            };
            for ch in &ic.changes {
                let change = ch
                    .change
                    .map_or("n/a".to_string(), |d| signed_change(d, issue));
                rows.push(vec![
                    Rich::text(issue.name.clone()),
                    Rich::text(ch.model.as_str()),
                    Rich::text(f(ch.before)),
                    Rich::text(f(ch.after)),
                    Rich::text(change),
                ]);
            }
        }
        b.push(table(
            &["Issue", "Model", "Before", "After", "Change"],
            rows,
            &[false, false, true, true, true],
            &[4.0, 1.4, 1.2, 1.2, 1.2],
        ));
    }
    if inp.best_response.is_none() && inp.whatifs.is_empty() {
        b.push(Block::Note(tr(l, "brief-options-not-computed").into()));
    }
}

/// The gaps after the "how it was made" paragraph, the title and the lists.
fn finish(inp: &BriefInput, c: Citer, mut b: Vec<Block>, mut missing: Vec<Rich>) -> Brief {
    let (s, l) = (inp.scenario, inp.lang);
    if !c.unknown_docs.is_empty() {
        let ids: Vec<String> = c.unknown_docs.iter().cloned().collect();
        missing.push(
            format!(
                "No bibliographic record for {}: their citations give the document id only.",
                ids.join(", ")
            )
            .into(),
        );
    }
    if !c.unsourced.is_empty() {
        missing.push(
            format!(
                "{} values cite neither evidence nor judgement (listed at the end).",
                c.unsourced.len()
            )
            .into(),
        );
    }
    if missing.is_empty() {
        missing.push(tr(l, "brief-missing-nothing").into());
    }
    // The gaps go right after the "how it was made" paragraph.
    let at = b
        .iter()
        .position(|x| {
            matches!(x, Block::Heading { anchor, .. } if anchor == "glance" || anchor == "evidence-strength")
        })
        .unwrap_or(b.len());
    b.insert(at, Block::Bullets(missing));
    b.insert(at, heading(2, tr(l, "brief-gaps"), "gaps"));

    let mut subtitle = tr_args(l, "brief-subtitle", &[("id", s.id.clone())]);
    if let Some(o) = &s.origin {
        subtitle.push_str(&format!(" · {}", o.path.display()));
    }
    if let Some(g) = &inp.generated {
        subtitle.push_str(&format!(" · {g}"));
    }
    Brief {
        lang: l,
        title: s.name.clone(),
        subtitle,
        blocks: b,
        citations: c.citations,
        references: c.references,
        judgements: c.judgements,
        unsourced: c.unsourced,
        flowing: !inp.full,
    }
}
